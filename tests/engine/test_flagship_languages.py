"""The flagship in its teams' languages, as issue 16 measures it: `cyberdrill run exercises/ru-th-remittance-fraud
--solution --events FILE` delivers NCCCI's injects in Russian and ThaiCERT's in Thai (at least 90 % each);
with `--lang TEAM=en` for both, in English; the TLP labels are the same either way."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cyberdrill.engine import replay
from cyberdrill.engine.events import InjectDelivered, from_json
from cyberdrill.engine.queries import message_text
from cyberdrill.engine.state import State

FLAGSHIP = Path(__file__).resolve().parents[2] / "exercises" / "ru-th-remittance-fraud"
SCRIPT = {"ru-nccci": re.compile(r"[\u0400-\u04ff]"), "th-thaicert": re.compile(r"[\u0e00-\u0e7f]")}
TLP = re.compile(r"TLP:(?:RED|AMBER\+STRICT|AMBER|GREEN|CLEAR)")


def _session(tmp_path: Path, *extra: str) -> State:
    events = tmp_path / f"events{len(extra)}.jsonl"
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "run", str(FLAGSHIP), "--solution", "--events",
                          str(events), *extra], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    return replay([from_json({k: v for k, v in row.items() if k != "seq"}) for row in rows])


def _injects(state: State, team: str) -> list[InjectDelivered]:
    """The injects `team` received (messages written by the other team are no injects)."""
    return [m for m in state.messages if team in m.to and m.inject is not None]


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> tuple[State, State]:
    folder = tmp_path_factory.mktemp("flagship-languages")
    return _session(folder), _session(folder, "--lang", "th-thaicert=en", "--lang", "ru-nccci=en")


@pytest.mark.parametrize("team", sorted(SCRIPT))
def test_each_team_reads_its_injects_in_its_language(team: str, sessions: tuple[State, State]) -> None:
    translated, _ = sessions
    injects = _injects(translated, team)
    assert len(injects) >= 10
    native = [m for m in injects if SCRIPT[team].search(message_text(translated, m, team=team).body)]
    assert len(native) >= 0.9 * len(injects), [m.inject for m in injects if m not in native]


@pytest.mark.parametrize("team", sorted(SCRIPT))
def test_lang_en_gives_the_english_text_with_the_same_tlp_labels(team: str, sessions: tuple[State, State]) -> None:
    translated, english = sessions
    read = [message_text(english, m, team=team) for m in _injects(english, team)]
    assert all(text.language is None for text in read)  # the pack's own (English) text
    other = [text for text in read if SCRIPT[team].search(text.body)]  # names from the world may be written so
    assert len(other) <= 0.2 * len(read)
    # The same injects at the same times with the same labels, whichever language they are read in.
    labels = [(m.inject, m.t, m.tlp) for m in _injects(translated, team)]
    assert labels == [(m.inject, m.t, m.tlp) for m in _injects(english, team)]
    for m in _injects(translated, team):  # a label quoted in a text survives its translation
        text = message_text(translated, m, team=team)
        assert sorted(TLP.findall(f"{m.subject}\n{m.body}")) == sorted(TLP.findall(f"{text.subject}\n{text.body}")), \
            m.inject
