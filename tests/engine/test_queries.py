"""The consoles' questions answered by the engine: replies awaited and received, recorded attachment
digests, and the pack's evidence action (declared, or guessed for an older pack with a warning)."""

from __future__ import annotations

import shutil
from pathlib import Path

from drill_play import MINI, start

from cyberdrill.engine.commands import TakeAction, Tick
from cyberdrill.engine.queries import (
    EvidenceAction,
    awaiting_replies,
    evidence_action,
    recorded_digest,
    recorded_digests,
    registered_evidence,
    reply_statuses,
)
from cyberdrill.pack.load import load_pack, read_pack
from cyberdrill.pack.loaded import LoadedPack

MINUTE = 60
TH, RU = "th-cert", "ru-cert"


def _freeze(drill, at: int, to: str, account: str):  # type: ignore[no-untyped-def]
    fields = {"to": to, "channel": "swift-gpi", "account": account, "amount": "1000"}
    return drill.execute(TakeAction(at=at, team=TH, action="freeze_request", fields=fields))


def _notify(drill, at: int, team: str, to: str, reply_to: str | None = None):  # type: ignore[no-untyped-def]
    fields = {"to": to, "channel": "cert-to-cert", "tlp": "TLP:AMBER", "message": "Please preserve the logs."}
    return drill.execute(TakeAction(at=at, team=team, action="notify_partner", fields=fields, reply_to=reply_to))


def test_a_request_a_rule_answers_waits_until_the_reply_arrives(mini: LoadedPack) -> None:
    drill = start(mini)
    account = drill.state.world["mule"]["account"]
    _freeze(drill, 20 * MINUTE, "ru-bank", account)
    assert awaiting_replies(drill.state, TH) == ["A1"]
    drill.execute(Tick(at=2 * 24 * 60 * MINUTE))  # past the bank's working hours and delay
    [status] = reply_statuses(drill.state, TH).values()
    reply = next(m for m in drill.state.messages if m.message == status.reply)
    assert not status.awaiting and reply.sender == "ru-bank" and reply.in_reply_to == "A1"
    assert awaiting_replies(drill.state, TH) == []


def test_a_rejection_is_an_answer_too(mini: LoadedPack) -> None:
    drill = start(mini)
    _freeze(drill, 20 * MINUTE, "ru-bank", "00000000000000000000")
    drill.execute(Tick(at=2 * 24 * 60 * MINUTE))
    status = reply_statuses(drill.state, TH)["A1"]
    assert not status.awaiting
    assert next(m for m in drill.state.messages if m.message == status.reply).inject == "bank-refused"


def test_a_request_no_rule_answers_does_not_wait_forever(mini: LoadedPack) -> None:
    drill = start(mini)
    _freeze(drill, 20 * MINUTE, "th-bank", "00000000000000000000")  # no rule for th-bank
    assert reply_statuses(drill.state, TH)["A1"].awaiting is False
    assert reply_statuses(drill.state, TH)["A1"].reply is None
    assert awaiting_replies(drill.state, TH) == []


def test_a_team_message_is_not_its_own_answer(mini: LoadedPack) -> None:
    drill = start(mini)
    _notify(drill, 20 * MINUTE, TH, RU)
    # the delivery to the Russian centre carries in_reply_to=A1, yet nobody has answered yet
    assert any(m.in_reply_to == "A1" for m in drill.state.messages)
    assert awaiting_replies(drill.state, TH) == ["A1"]
    delivered = next(m for m in drill.state.messages if RU in m.to and m.cause == "team")
    _notify(drill, 30 * MINUTE, RU, TH, reply_to=delivered.message)
    status = reply_statuses(drill.state, TH)["A1"]
    answer = next(m for m in drill.state.messages if m.message == status.reply)
    assert not status.awaiting and answer.sender == RU and TH in answer.to
    assert awaiting_replies(drill.state, RU) == []  # an answer waits for nothing


def test_actions_without_a_recipient_await_nothing(mini: LoadedPack) -> None:
    drill = start(mini)
    drill.execute(TakeAction(at=60, team=TH, action="classify", fields={"rsit": "fraud/phishing", "tlp": "TLP:AMBER"}))
    assert reply_statuses(drill.state, TH) == {}


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def test_digests_are_the_ones_recorded_when_the_session_started(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    drill = start(load_pack(root))
    recorded = recorded_digests(drill.state)
    assert set(recorded) == {"statement.csv"} and len(recorded["statement.csv"]) == 64
    (root / "attachments" / "statement.csv").write_text("edited after the session started\n", encoding="utf-8")
    edited = start(load_pack(root))  # a new session records the new file's digest ...
    assert recorded_digest(edited.state, "statement.csv") != recorded["statement.csv"]
    assert recorded_digest(drill.state, "statement.csv") == recorded["statement.csv"]  # ... the old one keeps its
    assert recorded_digest(drill.state, "no-such.txt") is None


EVIDENCE = """
  log_item:
    title: Register an evidence item
    {flag}
    fields:
      attachment: {{type: attachment, label: Item}}
      digest: {{type: sha256, label: SHA-256}}
      notes: {{type: text, label: Notes}}
"""


def _with_evidence(tmp_path: Path, flag: str = "registers_evidence: true") -> Path:
    root = _copy(tmp_path)
    actions = root / "actions.yaml"
    actions.write_text(actions.read_text(encoding="utf-8") + EVIDENCE.format(flag=flag), encoding="utf-8")
    return root


def test_the_declared_evidence_action_and_what_registers_an_attachment(tmp_path: Path) -> None:
    loaded = load_pack(_with_evidence(tmp_path))
    assert evidence_action(loaded.pack) == EvidenceAction("log_item", "digest", "attachment")
    drill = start(loaded)
    digest = recorded_digest(drill.state, "statement.csv")
    assert digest is not None
    drill.execute(TakeAction(at=5 * MINUTE, team=TH, action="log_item", fields={"digest": digest.upper()}))
    drill.execute(TakeAction(at=15 * MINUTE, team=TH, action="log_item", fields={"attachment": "statement.csv"}))
    assert registered_evidence(loaded.pack, drill.state, TH) == {"statement.csv": 5 * MINUTE}
    drill.execute(TakeAction(at=16 * MINUTE, team=RU, action="log_item", fields={"digest": "0" * 64}))
    assert registered_evidence(loaded.pack, drill.state, RU) == {}
    assert not read_pack(loaded.root)[1]  # declared: no warning


def test_an_older_pack_keeps_its_evidence_action_and_is_told_to_declare_it(tmp_path: Path) -> None:
    root = _with_evidence(tmp_path, flag="")
    loaded = load_pack(root)
    assert evidence_action(loaded.pack) == EvidenceAction("log_item", "digest", "attachment")
    [warning] = [d for d in read_pack(root)[1] if d.severity == "warning"]
    assert warning.file.endswith("actions.yaml") and "registers_evidence: true" in warning.message
    assert "log_item" in warning.message


def test_a_pack_without_a_hash_field_has_no_evidence_action(mini: LoadedPack) -> None:
    assert evidence_action(mini.pack) is None
    assert registered_evidence(mini.pack, start(mini).state, TH) == {}


def test_validate_refuses_a_declaration_without_a_digest_or_twice(tmp_path: Path) -> None:
    root = _with_evidence(tmp_path)
    actions = root / "actions.yaml"
    text = actions.read_text(encoding="utf-8").replace(
        "  situation_report:\n    title: Write a situation report\n",
        "  situation_report:\n    title: Write a situation report\n    registers_evidence: true\n")
    actions.write_text(text, encoding="utf-8")
    messages = [d.message for d in read_pack(root)[1] if d.severity == "error"]
    assert "action type 'situation_report' registers evidence but has no sha256 field for the digest" in messages
    assert any("only one action type registers evidence" in m for m in messages)
