"""Each team receives its injects in its language, as `cyberdrill run --events` records them: the test pack
(tests/fixtures/packs/polyglot) has ThaiCERT read Thai and the Russian centre Russian; `--lang TEAM=LANG`
changes that for one session; an old log (before languages were recorded) still reads as it did."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from drill_play import MINI

from cyberdrill.engine import replay
from cyberdrill.engine.events import InjectDelivered, from_json
from cyberdrill.engine.queries import message_text, team_language
from cyberdrill.pack.load import load_pack

POLYGLOT = MINI.parent / "polyglot"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
THAI = re.compile(r"[\u0e00-\u0e7f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyberdrill", *args], check=False, capture_output=True, text=True)


def _events(tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    out = _run("run", str(POLYGLOT), "--solution", "--json", "--events", str(tmp_path / "e.jsonl"), *extra)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]


def _read_by(events: list[dict[str, Any]], team: str) -> list[tuple[str, str, str]]:
    """(inject, tlp, subject + body) of each message `team` received, as its console shows it."""
    state = replay([from_json({k: v for k, v in e.items() if k != "seq"}) for e in events])
    read = [(m, message_text(state, m, team=team)) for m in state.messages if team in m.to]
    return [(m.inject or "", m.tlp, f"{text.subject}\n{text.body}") for m, text in read]


def test_each_team_reads_its_injects_in_its_language(tmp_path: Path) -> None:
    events = _events(tmp_path)
    assert events[0]["type"] == "session_started" and events[0]["v"] == 2
    assert events[0]["languages"] == {"th-cert": "th", "ru-cert": "ru"}
    thai = _read_by(events, "th-cert")
    russian = _read_by(events, "ru-cert")
    assert thai and russian
    assert all(THAI.search(text) for _, _, text in thai), thai
    # partner-thanks has no Russian text: it falls back to the pack's own English, and only it.
    assert [inject for inject, _, text in russian if not CYRILLIC.search(text)] == ["partner-thanks"]
    # One inject to both teams: each reads its own language, and {{ team.name }} is its own name, translated.
    briefing = next(e for e in events if e.get("inject") == "joint-briefing")
    assert briefing["to"] == ["th-cert", "ru-cert"] and set(briefing["texts"]) == {"ru", "th"}
    assert briefing["texts"]["th"]["body"].startswith("ไทยเซิร์ต ได้เปิดคดีร่วมแล้ว")
    assert briefing["texts"]["ru"]["body"].startswith("Национальный координационный центр, заведено")
    assert briefing["body"].startswith("ThaiCERT, a joint case is open")


def test_lang_option_gives_english_and_changes_no_label_or_score(tmp_path: Path) -> None:
    translated = _events(tmp_path)
    english = _events(tmp_path, "--lang", "th-cert=en", "--lang", "ru-cert=en")
    assert english[0]["languages"] == {}
    for team in ("th-cert", "ru-cert"):
        read = _read_by(english, team)
        assert not any(THAI.search(text) or CYRILLIC.search(text) for inject, _, text in read
                       if inject != "victim-call"), read  # the Thai victim's name is Thai in any language
        assert [(i, tlp) for i, tlp, _ in read] == [(i, tlp) for i, tlp, _ in _read_by(translated, team)]
    delivered = [e for e in translated if e["type"] == "inject_delivered"]
    assert [(e["tlp"], e["attachments"]) for e in delivered] == \
        [(e["tlp"], e["attachments"]) for e in english if e["type"] == "inject_delivered"]


def test_the_instructor_reads_any_teams_message_in_the_language_chosen(tmp_path: Path) -> None:
    state = replay([from_json({k: v for k, v in e.items() if k != "seq"}) for e in _events(tmp_path)])
    victim_call = next(m for m in state.messages if m.inject == "victim-call")
    assert THAI.search(message_text(state, victim_call, team="th-cert").subject)
    assert message_text(state, victim_call, language="en").subject.startswith("Customer ")
    assert message_text(state, victim_call, language="ru").language is None  # no Russian text: the pack's own
    pack = load_pack(POLYGLOT).pack
    assert team_language(pack, state, "th-cert") == "th"


def test_lang_option_refuses_an_unknown_team_or_a_language_the_pack_does_not_offer() -> None:
    out = _run("run", str(POLYGLOT), "--solution", "--lang", "th-cert=de")
    assert out.returncode == 2 and "the pack is not offered in 'de'; it offers en, ru, th" in out.stderr
    out = _run("run", str(POLYGLOT), "--solution", "--lang", "nobody=ru")
    assert out.returncode == 2 and "no team 'nobody' in the pack" in out.stderr
    out = _run("run", str(POLYGLOT), "--solution", "--lang", "th-cert")
    assert out.returncode == 2 and "write TEAM=LANG" in out.stderr


def test_an_old_log_reads_as_it_was_recorded() -> None:
    # tests/golden holds logs of version 1: no languages, no texts. They fold to the same messages, read in
    # the pack's own language by every team.
    lines = (GOLDEN / "mini-solution.events.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows[0]["type"] == "session_started" and rows[0]["v"] == 1 and "languages" not in rows[0]
    state = replay([from_json({k: v for k, v in r.items() if k != "seq"}) for r in rows])
    assert state.languages == {}
    old = [r for r in rows if r["type"] == "inject_delivered"]
    assert old and all(r["v"] == 1 for r in old)
    for row, message in zip(old, state.messages, strict=True):
        assert isinstance(message, InjectDelivered) and message.texts == {}
        for team in message.to:
            text = message_text(state, message, team=team)
            assert (text.subject, text.body) == (row["subject"], row["body"])


def test_a_log_with_languages_imports_and_a_tampered_translation_does_not(tmp_path: Path) -> None:
    # `import` replays the log through the engine: the recorded languages and texts are what it produces.
    from cyberdrill.import_check import ExportError, import_file
    from cyberdrill.store.base import MemoryLog

    _events(tmp_path, "--lang", "th-cert=en")
    lines = (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["languages"] == {"ru-cert": "ru"}
    imported = import_file(MemoryLog(), lines, "e.jsonl", [POLYGLOT.parent])
    assert imported.info.pack == "polyglot"
    tampered = [line.replace("Просим обеспечить", "Требуем обеспечить") for line in lines]
    with pytest.raises(ExportError, match=r"e\.jsonl:\d+: error"):
        import_file(MemoryLog(), tampered, "e.jsonl", [POLYGLOT.parent])
