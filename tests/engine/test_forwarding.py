"""Parties read requests: rules by content and sender, forwarding after a delay, injects showing the request
that triggered them; `run --teams`; validator and CLI defects (tests/fixtures/packs/forwarding)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from drill_play import entries, play, start

from cyberdrill.engine.commands import TakeAction
from cyberdrill.pack.load import load_pack, read_pack
from cyberdrill.pack.loaded import LoadedPack

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "forwarding"
FLAGSHIP = Path(__file__).resolve().parents[2] / "exercises" / "ru-th-remittance-fraud"


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(PACK)


def _request(to: str, data: str, disclose: bool = False, team: str = "th-cert") -> dict[str, Any]:
    return {"at": "T+00:10", "team": team, "action": "preservation_request",
            "fields": {"to": to, "channel": "24-7-network", "data": data, "disclose_now": disclose}}


def _received(drill, team: str) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return [(m.t, m.inject, m.body) for m in drill.state.messages if team in m.to and m.inject]


def test_a_national_point_of_contact_forwards_the_request_after_a_delay(pack: LoadedPack) -> None:
    drill = play(pack, entries(_request("th-poc", "Access logs of 198.51.100.7")))
    got = _received(drill, "th-cert")
    assert [(t, i) for t, i, _ in got] == [(15 * 60, "th-poc-passed-on"), (50 * 60, "ru-poc-preserved")]
    assert drill.state.fact_changes["preserved"] == ((50 * 60, True),)  # the forwarded reply's effects


def test_the_forwarded_party_judges_the_request_and_names_what_is_missing(pack: LoadedPack) -> None:
    drill = play(pack, entries(_request("th-poc", "the panel's access logs")))
    got = {i: b for _, i, b in _received(drill, "th-cert")}
    assert set(got) == {"th-poc-passed-on", "ru-poc-needs-facts"}
    assert got["ru-poc-needs-facts"].strip() == "name the server's address."
    assert "preserved" not in drill.state.facts


def test_a_request_without_facts_is_not_passed_on(pack: LoadedPack) -> None:
    drill = play(pack, entries(_request("th-poc", "n/a")))
    got = {i: b for _, i, b in _received(drill, "th-cert")}
    assert got == {"th-poc-needs-facts": "data: 'n/a' carries no facts; say which data are to be preserved. "}


def test_a_rule_can_branch_on_what_the_request_asks(pack: LoadedPack) -> None:
    drill = play(pack, entries(_request("ru-poc", "Access logs of 198.51.100.7", disclose=True)))
    assert [i for _, i, _ in _received(drill, "th-cert")] == ["ru-poc-no-disclosure"]


def test_a_rule_can_branch_on_the_sending_team(pack: LoadedPack) -> None:
    drill = start(pack)
    events = drill.execute(TakeAction(at=600, team="ru-cert", action="preservation_request", fields={
        "to": "ru-poc", "channel": "24-7-network", "data": "Access logs of 198.51.100.7", "disclose_now": False}))
    assert [type(e).__name__ for e in events] == ["ActionTaken"]  # no rule is for ru-cert: nobody answers


def test_an_inject_triggered_by_a_request_shows_the_request(pack: LoadedPack) -> None:
    drill = play(pack, entries(_request("th-poc", "Access logs of 198.51.100.7 from 14 November")))
    body = next(b for _, i, b in _received(drill, "ru-cert") if i == "request-arrives")
    assert "Data to preserve: Access logs of 198.51.100.7 from 14 November" in body
    assert "Disclosure asked now: no" in body


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyberdrill", "run", *args], capture_output=True, text=True)


def test_run_teams_plays_only_those_teams() -> None:
    done = _run(str(PACK), "--solution", "--teams", "th-cert")
    assert done.returncode == 0, done.stderr
    assert "ThaiCERT (th-cert): 5/5" in done.stdout and "ru-cert" not in done.stdout
    assert "refused" not in done.stdout  # the other team's entries are left out, not refused
    wrong = _run(str(PACK), "--solution", "--teams", "th-cert,xx")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == ("cyberdrill run: --teams 'th-cert,xx': no team 'xx' in the pack; its teams "
                                    "are th-cert, ru-cert")


def test_run_into_a_closed_pipe_ends_without_a_traceback() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "cyberdrill", "run", str(FLAGSHIP), "--solution", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err


def _copy(tmp_path: Path, old: str, new: str) -> list[str]:
    folder = tmp_path / "pack"
    shutil.copytree(PACK, folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "pack.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(d) for d in read_pack(folder)[1]]


def test_validate_refuses_a_core_tag_written_out(tmp_path: Path) -> None:
    found = _copy(tmp_path, 'title: "Forwarding', 'title: !!str "Forwarding')
    assert any(":5:8: error: YAML tags are not allowed: pack files are data (found !!str)" in d for d in found)


def test_validate_warns_about_a_world_value_yaml_reads_as_false(tmp_path: Path) -> None:
    found = _copy(tmp_path, "  panel_ip: {value: 198.51.100.7}",
                  "  panel_ip: {value: 198.51.100.7}\n  code: {value: NO}")
    assert any("warning: YAML read NO as false; put it in quotes if you mean the text 'NO'" in d for d in found)


def test_a_step_problem_names_the_step_by_its_id(tmp_path: Path) -> None:
    found = _copy(tmp_path, "    points: 5\n    cite: exercise rule\n    lesson: Either",
                  "    points: 5\n    due: 1h\n    deadline: \"T+01:00\"\n    cite: exercise rule\n    lesson: Either")
    problem = next(d for d in found if "not both" in d)
    assert "step 'th.preserve': give due" in problem and "steps[0]" not in problem
