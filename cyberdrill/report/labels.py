"""The report's words for codes: statuses, ratings, interventions, answers; each in the report's language.

The English texts are the msgids of the `cyberdrill-report` catalogue (report/i18n.py); the engine's own
English descriptions (scorecard.STATUSES, vocab.RATING_NAMES) are repeated here so that extraction finds them.
"""

from __future__ import annotations

from cyberdrill.i18n import N_
from cyberdrill.report.i18n import tr

STATUS_LABELS: dict[str, str] = {
    "on_time": N_("on time"),
    "late": N_("late"),
    "partial": N_("partial"),
    "wrong": N_("wrong"),
    "out_of_order": N_("out of order"),
    "missed": N_("missed"),
    "pending": N_("pending"),
    "void": N_("void"),
}

STATUS_DESCRIPTIONS: dict[str, str] = {
    "on_time": N_("done on time, every check passed"),
    "late": N_("done after its deadline"),
    "partial": N_("done, some checks failed"),
    "wrong": N_("attempted, no check passed"),
    "out_of_order": N_("done before the steps it requires"),
    "missed": N_("not done by its deadline (or by the end)"),
    "pending": N_("open, not yet done, deadline not passed"),
    "void": N_("does not apply in this run (its branch did not happen)"),
}

RATING_LABELS: dict[str, str] = {
    "P": N_("Performed without challenges"),
    "S": N_("Performed with some challenges"),
    "M": N_("Performed with major challenges"),
    "U": N_("Unable to be performed"),
}

INTERVENTION_NAMES: dict[str, str] = {
    "skipped": N_("inject skipped"),
    "fired": N_("inject fired by hand"),
    "delayed": N_("inject delayed"),
    "adhoc": N_("ad-hoc message as a party"),
    "override": N_("rating overridden"),
    "mark": N_("mark given"),
    "paused": N_("clock paused"),
    "resumed": N_("clock resumed"),
    "jumped": N_("clock jumped ahead"),
    "speed": N_("clock speed changed"),
}

ANSWER_NAMES: dict[str, str] = {
    "accepted": N_("accepted"),
    "returned": N_("returned"),
    "none": N_("no answer"),
}


def translated(labels: dict[str, str]) -> dict[str, str]:
    """`labels` in the report's language."""
    return {code: tr(text) for code, text in labels.items()}
