"""A team seat's hot-wash form: what went well, what to improve, commitments (a line each), a 1–5 self-rating
per objective of this team, and a comment it may mark anonymous. Sent as this seat's team only (the engine
refuses an answer for another team); a refusal keeps the form open with what was typed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from cyberdrill.engine.debrief import HotWashAnswer
from cyberdrill.i18n import N_, _
from cyberdrill.pack.model import Pack
from cyberdrill.tui.inert import inert
from cyberdrill.tui.instructor.debrief_dialogs import SubmittingDialog

RATING_WORDS = {1: N_("1 — not at all"), 2: N_("2 — partly"), 3: N_("3 — mostly"), 4: N_("4 — well"),
                5: N_("5 — fully")}
LISTS = ("went_well", "to_improve", "commitments")


def lines_of(text: str) -> tuple[str, ...]:
    """The non-blank lines of a text area, trimmed."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class HotWashForm(SubmittingDialog):
    """Dismisses with the answer's fields once the engine has recorded them."""

    CSS_PATH = "../instructor/instructor.tcss"  # the dialogs' styles (paths are relative to this module)
    TITLE_TEXT = "Hot wash"
    OK_LABEL = "Send"
    DEFAULT_CSS = """
    HotWashForm .dialog { width: 96; }
    HotWashForm VerticalScroll { height: auto; max-height: 70vh; }
    HotWashForm .heading { color: $text-muted; margin-top: 1; }
    HotWashForm TextArea { height: 4; }
    HotWashForm .rating Label { width: 1fr; }
    HotWashForm .rating Select { width: 22; }
    """

    def __init__(self, pack: Pack, team_name: str, objectives: list[str], earlier: HotWashAnswer | None,
                 submit: Callable[[object], Awaitable[str | None]]) -> None:
        super().__init__(submit)
        self.pack = pack
        self.TITLE_TEXT = _("Hot wash · {team}").format(team=inert(team_name).plain)
        self.objectives = objectives
        self.earlier = earlier

    def body(self) -> ComposeResult:
        e = self.earlier
        names = {o.id: o.text for o in self.pack.objectives}
        with VerticalScroll():
            for field, label in zip(LISTS, (_("What went well (one point a line)"), _("What to improve"),
                                            _("Your commitments")), strict=True):
                yield Label(label, classes="heading")
                yield TextArea("\n".join(getattr(e, field)) if e else "", id=f"hw-{field}", soft_wrap=True)
            yield Label(_("How well did your team meet each objective? (1–5)"), classes="heading")
            for n, objective in enumerate(self.objectives):
                with Horizontal(classes="line rating"):
                    yield Label(inert(names.get(objective, objective)))
                    value = e.ratings.get(objective, Select.NULL) if e else Select.NULL
                    yield Select([(_(RATING_WORDS[r]), r) for r in RATING_WORDS], id=f"hw-rate-{n}", value=value,
                                 compact=True, prompt=_("not rated"))
            with Horizontal(classes="line"):
                yield Label(_("Comment (optional)"), classes="label")
                yield Input((e.comment or "") if e else "", id="hw-comment", compact=True)
            yield Checkbox(_("Show my comment without my team's name (anonymous)"), value=bool(e and e.anonymous),
                           id="hw-anonymous", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#hw-went_well").focus()

    def typed(self) -> tuple[object, ...]:
        texts = tuple(self.query_one(f"#hw-{field}", TextArea).text for field in LISTS)
        ratings = tuple(self.query_one(f"#hw-rate-{n}", Select).value for n in range(len(self.objectives)))
        return (*texts, *ratings, self.query_one("#hw-comment", Input).value,
                self.query_one("#hw-anonymous", Checkbox).value)

    def result(self) -> dict[str, object] | None:
        answer: dict[str, object] = {field: lines_of(self.query_one(f"#hw-{field}", TextArea).text)
                                     for field in LISTS}
        ratings: dict[str, int] = {}
        for n, objective in enumerate(self.objectives):
            value = self.query_one(f"#hw-rate-{n}", Select).value
            if isinstance(value, int):
                ratings[objective] = value
        comment = self.query_one("#hw-comment", Input).value.strip()
        answer.update(ratings=ratings, comment=comment or None,
                      anonymous=self.query_one("#hw-anonymous", Checkbox).value)
        return answer
