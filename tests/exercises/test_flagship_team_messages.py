"""ThaiCERT and NCCCI write to each other directly on the CERT-to-CERT channel; a team that does not play
is stood in for by the pack's rules, so the drill works with both teams and with either team alone."""

from __future__ import annotations

from flagship_play import play, received, step

from cyberdrill.engine.events import InjectDelivered
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.script import play_script
from cyberdrill.service import Drill, DrillService
from cyberdrill.store.base import MemoryLog

TH, RU = "th-thaicert", "ru-nccci"
STAND_IN_INJECTS = {"ru-nccci.acknowledged", "ru-nccci.unclear", "th-thaicert.answer-received",
                    "th-thaicert.information-received"}


def from_team(drill: Drill, sender: str, to: str) -> list[InjectDelivered]:
    """The messages `sender` (a team) wrote that reached `to`."""
    return [m for m in drill.state.messages if m.cause == "team" and m.sender == sender and to in m.to]


def alone(loaded: LoadedPack, team: str, script: str = "solution") -> Drill:
    """A session of `team` alone, playing its own entries of `script`."""
    drill = DrillService(MemoryLog(), loaded).start(seed=1, teams=[team])
    refusals = play_script(drill, [e for e in loaded.scripts[script] if e.team == team])
    assert not refusals, [str(r) for r in refusals]
    return drill


def test_thaicerts_notification_reaches_nccci_as_written_and_nccci_answers(flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["solution"])
    world = drill.state.world
    [notice] = from_team(drill, TH, RU)
    assert (notice.channel, notice.tlp, notice.attachments) == ("cert-to-cert", "TLP:AMBER", ("phishing-email",))
    assert notice.subject == "TLP:AMBER — Phishing and fake investment domains hosted in Russia"
    assert f"Both domains resolve to {world['panel_ip']}" in notice.body
    assert world["phish_domain"] in notice.body and world["invest_domain"] in notice.body
    assert "phishing-email" in drill.state.received[RU]  # NCCCI can register the evidence it was sent
    info, answer = from_team(drill, RU, TH)
    assert answer.tlp == "TLP:AMBER" and "Logs preserved at the hoster" in answer.body
    # NCCCI's spontaneous information (UNTOC Art. 18(4)) arrives first, with its conditions on use
    assert info.t < answer.t and info.tlp == "TLP:AMBER" and world["upstream_ip"] in info.body
    assert "no onward transfer" in info.body
    assert answer.t > notice.t
    # nobody stands in for a team that plays
    assert not STAND_IN_INJECTS & (set(received(drill, TH)) | set(received(drill, RU)))
    ack = step(drill, "ru.ack-thaicert")
    assert ack.status == "on_time" and drill.state.opened["ru.ack-thaicert"][0] == notice.t


def test_nccci_reads_the_label_and_names_thaicert_actually_sent(flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["scripts/typical-mistakes"])
    [notice] = from_team(drill, TH, RU)
    assert notice.tlp == "TLP:CLEAR"
    assert drill.state.world["victims"][0]["name"] in notice.body  # the careless message, as it was sent


def test_thaicert_alone_is_answered_by_ncccis_stand_in(flagship: LoadedPack) -> None:
    drill = alone(flagship, TH)
    th = received(drill, TH)
    assert "ru-nccci.acknowledged" in th and drill.state.world["phish_domain"] in th["ru-nccci.acknowledged"]
    ack = next(m for m in drill.state.messages if m.inject == "ru-nccci.acknowledged")
    assert ack.sender == RU and ack.cause == "reply"
    assert [t.percent for t in drill.scorecard().teams] == [100.0]


def test_thaicert_alone_without_the_phishing_domain_is_told_what_is_missing(flagship: LoadedPack) -> None:
    script = [e for e in flagship.scripts["solution"] if e.team == TH]
    notify = next(e for e in script if e.action == "notify")
    broken = notify.model_copy(update={"fields": {**notify.fields, "domains": ["{{ world.invest_domain }}"]}})
    drill = DrillService(MemoryLog(), flagship).start(seed=1, teams=[TH])
    assert not play_script(drill, [broken if e is notify else e for e in script])
    th = received(drill, TH)
    assert "ru-nccci.unclear" in th and "name the phishing domain" in th["ru-nccci.unclear"]


def test_nccci_alone_gets_no_notice_and_its_acknowledgement_step_is_void(flagship: LoadedPack) -> None:
    drill = alone(flagship, RU)
    assert not from_team(drill, TH, RU)
    assert "ru.ack-thaicert" not in drill.state.opened
    assert step(drill, "ru.ack-thaicert").status == "void"
    # its answer to ThaiCERT (sent anyway by the solution) is acknowledged by ThaiCERT's stand-in
    assert "th-thaicert.answer-received" in received(drill, RU)
    assert [t.percent for t in drill.scorecard().teams] == [100.0]


def test_both_teams_playing_but_thaicert_silent_voids_the_acknowledgement(flagship: LoadedPack) -> None:
    script = [e for e in flagship.scripts["solution"] if not (e.team == TH and e.action == "notify")]
    drill = play(flagship, script)
    assert not from_team(drill, TH, RU)
    assert step(drill, "ru.ack-thaicert").status == "void"
    assert "th-thaicert.answer-received" not in received(drill, RU)  # ThaiCERT plays: no stand-in


def test_nccci_alone_gets_its_spontaneous_information_acknowledged_by_thaicerts_stand_in(flagship: LoadedPack) -> None:
    drill = alone(flagship, RU)
    assert "th-thaicert.information-received" in received(drill, RU)
    result = step(drill, "ru.spontaneous-upstream")
    assert result.points == result.max_points
