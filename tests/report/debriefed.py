"""The flagship's typical-mistakes session as a debrief would leave it, built through the engine: the script
played with the instructor intervening (an inject skipped, one delayed, an ad-hoc message as a bank), then the
end, a rating override, the hot wash with both teams (one comment anonymous), observations and plan rows."""

from __future__ import annotations

from dataclasses import dataclass

from cyberdrill.engine.commands import (
    AddObservation,
    AnswerHotWash,
    DelayInject,
    EndSession,
    OpenHotWash,
    OverrideRating,
    SetPlanItem,
    SkipInject,
    Tick,
    WriteInject,
)
from cyberdrill.engine.events import Event
from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.paths import FLAGSHIP_PACK, exercises_dir
from cyberdrill.script import play_script
from cyberdrill.service import Drill, DrillService
from cyberdrill.store.base import EventLog, MemoryLog

TH_WENT_WELL = "Triage and case opening inside the golden hour"
TH_TO_IMPROVE = "Our preservation request was returned: the police must sign it"
TH_COMMITMENT = "Agree a preservation template with CCIB before the next drill"
RU_WENT_WELL = "Дроп-счёт удержан до выплаты"
RU_TO_IMPROVE = "Сначала сохранение журналов, потом блокировка доменов"
RU_COMMITMENT = "Регламент взаимодействия с регистратором"
ANONYMOUS = "The injects came too fast in the second hour"
OBSERVATION = "Both teams cited the Budapest Convention as binding"
OWNER = "ThaiCERT legal desk with CCIB"
ADHOC_SUBJECT = "Call from the bank: the second account is still active"


@dataclass
class Debriefed:
    loaded: LoadedPack
    card: Scorecard
    events: list[Event]
    session: str
    drill: Drill


def debriefed_session(log: EventLog | None = None, seed: int = 1, *, plan: bool = True) -> Debriefed:
    """Play the flagship's typical mistakes with interventions and a whole debrief; `plan` adds plan rows."""
    loaded = load_pack(exercises_dir() / FLAGSHIP_PACK)
    log = log if log is not None else MemoryLog()
    drill = DrillService(log, loaded).start(seed=seed)
    entries = loaded.scripts["scripts/typical-mistakes"]
    early = [e for e in entries if e.at < 3600]
    play_script(drill, early, end=False)
    drill.execute(Tick(at=3600))
    drill.execute(SkipInject(at=3600, inject="ru.press-query", reason="skipped: the Russian team was overloaded"))
    drill.execute(DelayInject(at=3600, inject="th.press-query", by=600))
    drill.execute(WriteInject(at=3600, sender="th-bank-fraud", to=("th-thaicert",), channel="phone",
                              subject=ADHOC_SUBJECT, body="The fraud desk calls back about the second account."))
    play_script(drill, [e for e in entries if e.at >= 3600], end=False)
    end = max(loaded.pack.duration, drill.state.t)
    drill.execute(Tick(at=end))
    drill.execute(EndSession(at=end))
    drill.execute(OverrideRating(at=end, team="ru-nccci", objective="cooperation", rating="M",
                                 justification="The returned request was put right in the hot wash"))
    drill.execute(OpenHotWash(at=end))
    drill.execute(AnswerHotWash(at=end, team="th-thaicert", went_well=(TH_WENT_WELL,), to_improve=(TH_TO_IMPROVE,),
                                commitments=(TH_COMMITMENT,), ratings={"triage": 5, "cooperation": 2, "money": 2},
                                comment=ANONYMOUS, anonymous=True))
    drill.execute(AnswerHotWash(at=end, team="ru-nccci", went_well=(RU_WENT_WELL,), to_improve=(RU_TO_IMPROVE,),
                                commitments=(RU_COMMITMENT,), ratings={"triage": 4, "cooperation": 3}))
    drill.execute(AddObservation(at=end, text=OBSERVATION))
    if plan:
        drill.execute(SetPlanItem(at=end, team="th-thaicert", source="step:th.preserve-ru",
                                  issue="Preservation request sent in ThaiCERT's own name and returned",
                                  action="Preservation requests go out signed by CCIB, from a shared template",
                                  capability="Planning", owner=OWNER, start="2027-01-15", completion="2027-03-31"))
        drill.execute(SetPlanItem(at=end, team=None, source="observation", issue=OBSERVATION,
                                  action="A one-page legal-basis card for RU-TH cooperation (UNTOC, reciprocity)",
                                  capability="Training", owner="Exercise planning team", start="2027-01-10",
                                  completion="2027-02-28"))
    events = [e for _, e in log.read(drill.session_id)]
    return Debriefed(loaded, drill.scorecard(), events, drill.session_id, drill)
