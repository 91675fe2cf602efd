"""The key tables of the instructor's debrief screens: the debrief, the hot wash and the improvement plan.
Each screen's BINDINGS, footer, palette entries and F1 help come from its table (tui/keys.py)."""

from __future__ import annotations

from cyberdrill.tui.keys import Key, KeyTable

_BACK = "back to the instructor console"

DEBRIEF_KEYS = KeyTable(
    title="The debrief",
    intro="""\
One team at a time: on the left its **timeline**, what it received (`←`) and did (`→`) against the steps it
was expected to take (`▷` when a step opened, `⏱` its deadline), with each step's status; on the right the
highlighted step: its window, what became of it, **each deduction with its reason and citation**, the
lesson and the recommendation. Below: the deductions in short, the **branches** the scenario took (what
happened, what the teams averted) and the outcome measures. Move through time with `↑`/`↓`.""",
    keys=(
        Key("escape", "app.pop_screen", "Back", "debrief.back", _BACK, palette=None),
        Key("up,down", "noop", "Time", "debrief.time", "step through the timeline, earlier or later",
            palette=None, bind=False, key_display="↑/↓"),
        Key("t", "next_team", "Team", "debrief.team", "the next **team**", palette="Debrief: next team"),
        Key("f", "filter", "Filter", "debrief.filter",
            "**filter** by objective: each press shows the next objective's steps, then all again",
            palette="Debrief: filter by objective"),
        Key("i", "to_plan", "To plan", "debrief.plan_row",
            "turn the highlighted step's deduction into an **improvement-plan** row (its recommendation as "
            "the corrective action)", palette="Debrief: deduction to the plan"),
        Key("o", "observe", "Observe", "debrief.observe", "add an **observation** about this team",
            palette="Debrief: add an observation"),
        Key("h", "hot_wash", "Hot wash", "debrief.hotwash",
            "the **hot wash**: open it for the teams, see their answers arrive", palette="Hot wash"),
        Key("p", "plan", "Plan", "debrief.plan", "the **improvement plan**: owners, capability elements, dates",
            palette="Improvement plan"),
    ),
)

HOTWASH_KEYS = KeyTable(
    title="The hot wash",
    intro="""\
Once you open the hot wash, each team seat gets a short form: what went well, what to improve, its
commitments, a 1–5 self-rating per objective and a comment it may mark **anonymous** (shown here without
the team's name). Answers appear as they arrive; a team may send its form again, the latest counts.""",
    keys=(
        Key("escape", "app.pop_screen", "Back", "hotwash.back", "back to the debrief", palette=None),
        Key("h", "open_hot_wash", "Open", "hotwash.open", "**open** the hot wash for every team seat",
            palette="Hot wash: open it"),
        Key("o", "observe", "Observe", "hotwash.observe",
            "add an **observation**, about one team or the whole exercise", palette="Hot wash: add an observation"),
        Key("i", "to_plan", "To plan", "hotwash.plan_row",
            "turn the highlighted team's answer (what to improve, its commitments) into a **plan** row",
            palette="Hot wash: answer to the plan"),
    ),
)

PLAN_KEYS = KeyTable(
    title="The improvement plan",
    intro="""\
The improvement plan of the after-action report (HSEEP AAR/IP): per row the issue, the corrective action,
the **capability element** (planning, organisation, equipment, training, exercises), the **owner**
organisation and the start and completion dates (YYYY-MM-DD). Every change is recorded in the log.""",
    keys=(
        Key("escape", "app.pop_screen", "Back", "plan.back", "back to the debrief", palette=None),
        Key("a", "add", "Add", "plan.add", "**add** a row", palette="Plan: add a row"),
        Key("e,enter", "edit", "Edit", "plan.edit", "**edit** the highlighted row", palette="Plan: edit the row"),
        Key("delete,r", "remove", "Remove", "plan.remove", "**remove** the highlighted row (asks first)",
            palette="Plan: remove the row", key_display="del"),
    ),
)
