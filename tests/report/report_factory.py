"""A realistic synthetic pack and scorecard for report tests and the report benchmark.

Two national centres (and, for the benchmark, up to dozens of teams) work a cross-border remittance
fraud; every status a step can have appears, with reasons, citations, a mark and a rating override.
"""

from __future__ import annotations

from pathlib import Path

from cyberdrill.engine.scorecard import Mark, ObjectiveResult, Reason, Scorecard, StepResult, TeamScore
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import Pack

HOSTILE = '<script>alert(1)</script> and "><img src=x onerror=alert(1)> | [x](javascript:alert(1))\n# heading'

OBJECTIVES = [
    ("triage", "Classify and triage the fraud report within the golden hour", "Operational coordination", 90, 70, 50),
    ("cooperation", "Request preservation and assistance through the right channel", "International cooperation",
     90, 70, 50),
    ("sharing", "Share indicators with partners under the right TLP label", "Intelligence and information sharing",
     85, 65, 40),
]

# (suffix, title, objective, points, cite, lesson, recommendation)
STEPS = [
    ("classify", "Classify the incident with RSIT", "triage", 10, "ENISA RSIT fraud/phishing",
     "Classify with the RSIT taxonomy before anything else.", None),
    ("freeze", "Ask the bank to hold the mule account", "triage", 15, "TH decree: 72 h bank hold",
     "Ask for a hold within the golden hour.", "Write a standing procedure for bank holds with 24/7 contacts."),
    ("preserve", "Ask the 24/7 point of contact to preserve the hosting logs", "cooperation", 20,
     "Budapest Convention Art. 29(2)", "A preservation request names the custodian and announces the MLA.",
     "Keep an Art. 29 preservation template with every required field."),
    ("mla", "Send the MLA request through the central authority", "cooperation", 20, "Budapest Convention Art. 27",
     "The MLA request references the earlier preservation.", None),
    ("stix", "Share a STIX bundle of the indicators", "sharing", 10, "FIRST TLP 2.0",
     "Label every object with a TLP 2.0 marking.", "Train analysts on TLP 2.0 (TLP:CLEAR replaced TLP:WHITE)."),
    ("review", "Write the post-incident review", "sharing", 10, "NIST SP 800-61r3 ID.IM",
     "A review ties the timeline to the deadlines.", None),
    ("advisory", "Publish a public advisory", "sharing", 5, "CERT practice",
     "Advise the public once the operation is safe.", None),
]


def synthetic_pack(n_teams: int = 2, root: Path | None = None, templates: Path | None = None) -> LoadedPack:
    """A valid pack with `n_teams` teams and the seven steps above for each."""
    base_teams = [
        {"id": "ru-nccci", "name": "НКЦКИ (Russia)", "short": "RU", "country": "RU", "timezone": "Europe/Moscow",
         "locale": "ru_RU", "language": "ru"},
        {"id": "th-thaicert", "name": "ThaiCERT ไทยเซิร์ต", "short": "TH", "country": "TH",
         "timezone": "Asia/Bangkok", "locale": "th_TH", "language": "th"},
    ]
    teams = base_teams[:n_teams] + [
        {"id": f"team-{i:02d}", "name": f"Regional centre {i:02d}", "country": "TH", "timezone": "Asia/Bangkok"}
        for i in range(len(base_teams), n_teams)
    ]
    steps = []
    for team in teams:
        for suffix, title, objective, points, cite, lesson, recommendation in STEPS:
            steps.append({
                "id": f"{team['id']}.{suffix}", "team": team["id"], "title": title, "objective": objective,
                "action": "report", "points": points, "cite": cite, "lesson": lesson,
                "recommendation": recommendation, "due": "2h",
            })
    pack = Pack.model_validate({
        "id": "synthetic-remittance", "title": "Cross-border remittance fraud (synthetic)", "version": "1.2.0",
        "authors": ["Report tests"], "summary": "A victim in Bangkok wires money to a mule account in Russia.",
        "scenario": "On Monday morning a victim calls the hotline.\n\nThe money left through a remittance "
                    "operator; the phishing panel is hosted in Russia.",
        "legal_basis_note": "No Budapest Convention between RU and TH: use reciprocity and the 24/7 network.",
        "duration": "8h", "start": "2026-11-23T09:00:00+07:00",
        "objectives": [
            {"id": i, "text": t, "capability": c, "thresholds": {"P": p, "S": s, "M": m}}
            for i, t, c, p, s, m in OBJECTIVES
        ],
        "teams": teams,
        "channels": [{"id": "24-7-network", "name": "24/7 network", "always_on": True}],
        "actions": {"report": {"title": "Report", "fields": {"text": {"type": "longtext", "label": "Text"}}}},
        "steps": steps,
    })
    return LoadedPack(pack=pack, root=root or Path("."), attachment_sources={}, scripts={}, content_hash="0" * 64,
                      templates_dir=templates)


def _steps_for(team: str, variant: int, hostile: bool) -> list[StepResult]:
    h = HOSTILE if hostile else ""
    results = [
        StepResult(step=f"{team}.classify", title="Classify the incident with RSIT", objective="triage",
                   status="on_time", points=10, max_points=10, at=20 * 60, opened_at=0, due_at=2 * 3600,
                   attempts=1, cite="ENISA RSIT fraud/phishing", lesson="Classify with the RSIT taxonomy first."),
        StepResult(step=f"{team}.freeze", title="Ask the bank to hold the mule account", objective="triage",
                   status="late", points=7.5, max_points=15, at=3 * 3600, opened_at=30 * 60, due_at=90 * 60,
                   attempts=1, cite="TH decree: 72 h bank hold", lesson="Ask for a hold within the golden hour.",
                   recommendation="Write a standing procedure for bank holds with 24/7 contacts.",
                   reasons=[Reason("late", "Done 1h30m after the deadline" + h, -7.5, "TH decree: 72 h bank hold")]),
        StepResult(step=f"{team}.preserve", title="Ask the 24/7 point of contact to preserve the hosting logs",
                   objective="cooperation", status="partial", points=12, max_points=20, at=2 * 3600 + 600,
                   opened_at=3600, due_at=5 * 3600, attempts=2, cite="Budapest Convention Art. 29(2)",
                   lesson="A preservation request names the custodian and announces the MLA.",
                   recommendation="Keep an Art. 29 preservation template with every required field.",
                   reasons=[
                       Reason("field:custodian", "custodian: must name the hosting company", -5,
                              "Budapest Convention Art. 29(2)(d)"),
                       Reason("penalty:tlp-too-loose", "Sent as TLP:CLEAR; a preservation request is TLP:AMBER",
                              -3, "FIRST TLP 2.0"),
                   ]),
        StepResult(step=f"{team}.mla", title="Send the MLA request through the central authority",
                   objective="cooperation", status="missed", points=0, max_points=20, opened_at=2 * 3600,
                   due_at=6 * 3600, cite="Budapest Convention Art. 27",
                   lesson="The MLA request references the earlier preservation.",
                   reasons=[Reason("missed", "Not sent by its deadline T+06:00", -20, "Budapest Convention Art. 27")]),
        StepResult(step=f"{team}.stix", title="Share a STIX bundle of the indicators", objective="sharing",
                   status="wrong" if variant % 2 else "out_of_order", points=0 if variant % 2 else 5,
                   max_points=10, at=4 * 3600, opened_at=3 * 3600, due_at=None, attempts=1, cite="FIRST TLP 2.0",
                   lesson="Label every object with a TLP 2.0 marking.",
                   recommendation="Train analysts on TLP 2.0 (TLP:CLEAR replaced TLP:WHITE).",
                   reasons=[Reason("field:tlp", "tlp: TLP:WHITE is not a TLP 2.0 label", -5, "FIRST TLP 2.0")]
                   + ([Reason("requires", "Shared before the classification it requires", -5, "FIRST TLP 2.0")]
                      if not variant % 2 else [])),
        StepResult(step=f"{team}.review", title="Write the post-incident review", objective="sharing",
                   status="on_time", points=8, max_points=10, at=7 * 3600, opened_at=6 * 3600,
                   due_at=8 * 3600, attempts=1, cite="NIST SP 800-61r3 ID.IM",
                   lesson="A review ties the timeline to the deadlines.",
                   mark=Mark(points=3, max_points=5, comment="Timeline is thin; no link to deadlines." + h,
                             evaluator="E. Valuator")),
        StepResult(step=f"{team}.advisory", title="Publish a public advisory", objective="sharing", status="void",
                   points=0, max_points=0, cite="CERT practice", lesson="Advise the public once it is safe."),
    ]
    return results


def synthetic_card(loaded: LoadedPack, *, hostile: bool = False, ended: bool = True) -> Scorecard:
    """A scored session of every team of `loaded`: a mix of statuses, a mark, an override on team 1."""
    teams = []
    for i, team in enumerate(loaded.pack.teams):
        steps = _steps_for(team.id, i, hostile)
        objectives = []
        for obj in loaded.pack.objectives:
            mine = [s for s in steps if s.objective == obj.id and s.status != "void"]
            score = sum(s.points for s in mine)
            maximum = sum(s.max_points for s in mine)
            percent = round(100 * score / maximum, 1) if maximum else 0.0
            rating = "P" if percent >= obj.thresholds.P else "S" if percent >= obj.thresholds.S else (
                "M" if percent >= obj.thresholds.M else "U")
            objectives.append(ObjectiveResult(objective=obj.id, text=obj.text, capability=obj.capability,
                                              score=score, max_score=maximum, percent=percent, rating=rating,
                                              computed_rating=rating))
        if i == 0:
            objectives[1] = ObjectiveResult(**{
                **{f: getattr(objectives[1], f) for f in ObjectiveResult.__slots__},
                "rating": "M", "override": {"rating": "M", "by": "Chief controller",
                                            "justification": "The team recovered in the hot wash." + (
                                                HOSTILE if hostile else "")}})
        score = sum(o.score for o in objectives)
        maximum = sum(o.max_score for o in objectives)
        teams.append(TeamScore(team=team.id, name=team.name, score=score, max_score=maximum,
                               percent=round(100 * score / maximum, 1), steps=steps, objectives=objectives))
    return Scorecard(session="s-7f3a9c", pack=loaded.pack.id, pack_version=loaded.pack.version,
                     pack_title=loaded.pack.title, seed=42, at=8 * 3600, ended=ended, teams=teams)
