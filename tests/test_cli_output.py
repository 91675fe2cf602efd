"""What the CLI prints reaches a terminal without control characters, and its failures are one line:
ESC ] 0 (title), ESC ] 52 (clipboard), ESC ] 8 (hyperlink), ESC [ 2J and their kin typed into a subject
or a comment are stripped from `run`, `host`, `sessions`, `report` and `export` output; a closed pipe,
an unreachable database and a second writer on the same session end in one line, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_strings import CONTROL

from cyberdrill.engine.events import InjectDelivered, MarkGiven
from cyberdrill.pack.load import load_pack
from cyberdrill.script import load_script, play_script
from cyberdrill.service import DrillService
from cyberdrill.store import SessionInfo, open_log
from cyberdrill.store.database import dispose_all

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "packs" / "mini"
HOSTILE = " | ".join(CONTROL)
RAW = [b"\x1b", b"\x07", b"\x00", b"\x08", "\x9b".encode(), b"\r"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.pop("CYBERDRILL_DB", None)
    return env


def cyberdrill(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cyberdrill", *args], capture_output=True, env=_env(),
                          timeout=timeout, check=False)


def _clean(data: bytes) -> bool:
    return not any(raw in data for raw in RAW)


@pytest.fixture
def hostile_session(tmp_path: Path) -> tuple[str, str]:
    """A solved mini session whose log holds hostile text as an older cyberdrill let it in: a mark's
    comment and an ad-hoc message's subject (appended past today's engine boundary)."""
    url = f"sqlite:///{tmp_path / 'drill.db'}"
    log = open_log(url)
    drill = DrillService(log, load_pack(MINI)).start(seed=1)
    assert play_script(drill, load_script(MINI / "solution.yaml"), end=False) == []
    t = drill.state.t
    log.append(drill.session_id, drill.seq, [
        InjectDelivered(t=t, message="M99", inject=None, sender="th-bank", to=("th-cert",), channel="phone",
                        tlp="TLP:AMBER", subject=HOSTILE, body=HOSTILE, cause="adhoc"),
        MarkGiven(t=t, team="th-cert", step="th.sitrep", points=3.0, comment=HOSTILE, evaluator="ev\x1b[2J"),
    ])
    log.create_session(SessionInfo(id="hostile-row", pack="mini", pack_version="1\x1b]0;pwned\x07",
                                   pack_hash="", seed=1, teams=["th-cert\x1b[2J"]))
    dispose_all()
    return url, drill.session_id


def test_report_markdown_to_stdout_carries_no_control_characters(hostile_session: tuple[str, str]) -> None:
    url, session = hostile_session
    done = cyberdrill("report", session, "--format", "md", "--db", url)
    assert done.returncode == 0, done.stderr
    assert _clean(done.stdout) and "Traceback" not in done.stderr.decode()
    assert "0;pwned set" in done.stdout.decode()  # the text stays (markdown-escaped), its escapes go


def test_report_csv_to_stdout_keeps_its_crlf_row_ends_and_loses_the_controls(hostile_session: tuple[str, str]) -> None:
    url, session = hostile_session
    done = cyberdrill("report", session, "--format", "csv", "--db", url)
    assert done.returncode == 0, done.stderr
    assert b"\r\n" in done.stdout
    assert _clean(done.stdout.replace(b"\r\n", b"\n"))


def test_sessions_lists_hostile_fields_stripped(hostile_session: tuple[str, str]) -> None:
    url, _ = hostile_session
    done = cyberdrill("sessions", "--db", url)
    assert done.returncode == 0, done.stderr
    assert _clean(done.stdout + done.stderr)
    assert "hostile-row" in done.stdout.decode() and "th-cert[2J" in done.stdout.decode()


def test_export_to_a_pipe_is_the_bytes_of_the_log(hostile_session: tuple[str, str]) -> None:
    url, session = hostile_session
    done = cyberdrill("export", session, "--db", url)
    # JSON escapes C0 controls itself; the export is data and leaves as it is stored
    assert done.returncode == 0 and b"\\u001b]0;pwned" in done.stdout


def test_host_prints_a_hostile_subject_stripped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'drill.db'}"
    log = open_log(url)
    drill = DrillService(log, load_pack(MINI)).start(seed=1)
    host = subprocess.Popen([sys.executable, "-m", "cyberdrill", "host", drill.session_id, "--db", url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    try:
        assert host.stdout is not None
        while b"waiting for the instructor" not in (line := host.stdout.readline()):
            assert line, "the host stopped early"
        log.append(drill.session_id, drill.seq, [InjectDelivered(
            t=0, message="M9", inject=None, sender="th-bank", to=("th-cert",), channel="phone", tlp="TLP:AMBER",
            subject=HOSTILE, body="", cause="adhoc")])
        while b"title" not in (line := host.stdout.readline()):
            assert line, "the host stopped before printing the message"
        host.send_signal(signal.SIGINT)
        rest, err = host.communicate(timeout=60)
    finally:
        if host.poll() is None:
            host.kill()
    assert _clean(line + rest + err), line
    assert b"title]0;pwned set" in line


def test_run_prints_refused_hostile_fields_stripped(tmp_path: Path) -> None:
    script = tmp_path / "hostile.yaml"
    script.write_text(
        '- {at: "T+00:20", team: th-cert, action: classify, fields: {rsit: "\\e]0;pwned\\a", '
        'tlp: "TLP:AMBER\\e[2J", summary: "clip\\e]52;c;cHduZWQ=\\aboard"}}\n', encoding="utf-8")
    done = cyberdrill("run", str(MINI), "--script", str(script))
    assert done.returncode == 0, done.stderr
    assert b"refused" in done.stdout and _clean(done.stdout + done.stderr)
    json_done = cyberdrill("run", str(MINI), "--script", str(script), "--json")
    assert json_done.returncode == 0 and _clean(json_done.stdout)
    script.write_text('- {at: "T+00:30", team: "th-cert\\e]8;;http://x.invalid\\e\\\\", action: classify}\n',
                      encoding="utf-8")
    broken = cyberdrill("run", str(MINI), "--script", str(script))
    assert broken.returncode == 1 and b"does not fit" in broken.stderr and _clean(broken.stderr)


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'drill.db'}"
    for seed in range(1, 4):
        DrillService(open_log(url), load_pack(MINI)).start(seed=seed)
    dispose_all()
    session = open_log(url).sessions()[0].id
    for args in (["export", session], ["report", session, "--format", "md"], ["sessions"]):
        proc = subprocess.Popen([sys.executable, "-m", "cyberdrill", *args, "--db", url], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={**_env(), "PYTHONUNBUFFERED": "1"})
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()  # the reader leaves, as `| head -c 10` does
        err = proc.stderr.read()
        proc.wait(timeout=60)
        assert err == b"", (args, err.decode())
        assert proc.returncode in (0, 141), args


def test_an_unreachable_database_is_one_line_for_every_command(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"  # the discard port: nothing listens
    for args in (["sessions"], ["run", str(MINI), "--solution"], ["report", "x"], ["export", "x"], ["host", "x"]):
        done = cyberdrill(*args, "--db", url)
        err = done.stderr.decode()
        assert done.returncode == 1, (args, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (args, err)
        assert "127.0.0.1" in err, (args, err)


def test_two_concurrent_runs_on_one_session_both_land_or_say_why_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'drill.db'}"
    session = DrillService(open_log(url), load_pack(MINI)).start(seed=1).session_id
    dispose_all()
    script = MINI / "solution.yaml"
    runs = [subprocess.Popen([sys.executable, "-m", "cyberdrill", "run", str(MINI), "--db", url, "--session", session,
                              "--script", str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
            for _ in range(2)]
    for proc in runs:
        _, err = proc.communicate(timeout=300)
        text = err.decode()
        assert "Traceback" not in text, text
        assert proc.returncode == 0 or (proc.returncode == 1 and len(text.strip().splitlines()) == 1), text
