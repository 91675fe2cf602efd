"""The report's words for codes: statuses, ratings, interventions, answers; each in the report's language.

The English texts are the msgids of the `cyberdrill-report` catalogue (report/i18n.py); the engine's own
English descriptions (scorecard.STATUSES, vocab.RATING_NAMES) are repeated here so that extraction finds them.
"""

from __future__ import annotations

from cyberdrill.report.i18n import tr, tr_noop

STATUS_LABELS: dict[str, str] = {
    "on_time": tr_noop("on time"),
    "late": tr_noop("late"),
    "partial": tr_noop("partial"),
    "wrong": tr_noop("wrong"),
    "out_of_order": tr_noop("out of order"),
    "missed": tr_noop("missed"),
    "pending": tr_noop("pending"),
    "void": tr_noop("void"),
}

STATUS_DESCRIPTIONS: dict[str, str] = {
    "on_time": tr_noop("done on time, every check passed"),
    "late": tr_noop("done after its deadline"),
    "partial": tr_noop("done, some checks failed"),
    "wrong": tr_noop("attempted, no check passed"),
    "out_of_order": tr_noop("done before the steps it requires"),
    "missed": tr_noop("not done by its deadline (or by the end)"),
    "pending": tr_noop("open, not yet done, deadline not passed"),
    "void": tr_noop("does not apply in this run (its branch did not happen)"),
}

RATING_LABELS: dict[str, str] = {
    "P": tr_noop("Performed without challenges"),
    "S": tr_noop("Performed with some challenges"),
    "M": tr_noop("Performed with major challenges"),
    "U": tr_noop("Unable to be performed"),
}

INTERVENTION_NAMES: dict[str, str] = {
    "skipped": tr_noop("inject skipped"),
    "fired": tr_noop("inject fired by hand"),
    "delayed": tr_noop("inject delayed"),
    "adhoc": tr_noop("ad-hoc message as a party"),
    "override": tr_noop("rating overridden"),
    "mark": tr_noop("mark given"),
    "paused": tr_noop("clock paused"),
    "resumed": tr_noop("clock resumed"),
    "jumped": tr_noop("clock jumped ahead"),
    "speed": tr_noop("clock speed changed"),
}

ANSWER_NAMES: dict[str, str] = {
    "accepted": tr_noop("accepted"),
    "returned": tr_noop("returned"),
    "none": tr_noop("no answer"),
}


def translated(labels: dict[str, str]) -> dict[str, str]:
    """`labels` in the report's language."""
    return {code: tr(text) for code, text in labels.items()}
