"""One table of keys per screen: its bindings, its footer, its palette entries and its F1 help.

A console's keys used to be written three times (BINDINGS, the palette's list, the help text) and the
three drifted apart. Here each screen's keys are written once, as a `KeyTable` of `Key`s (the model is
harlequin's actions registry and keymap), and everything a user sees of them is generated from it:

- `table.bindings()` is the screen's `BINDINGS` (and so its footer: `show`, `key_display`, `group`);
- the command palette (tui/palette.py) lists the keys of the screen the user is on, by `palette` title;
- F1 (tui/help.py) shows that screen's `title`, `intro` and a row per key, then the app's own keys.

Adopting it on a screen is one line in the class body::

    class TeamScreen(Screen[None]):
        BINDINGS = TEAM_KEYS.bindings()

`table_of(screen)` finds the table again from the screen's bindings (by their ids), so nothing else
needs registering. A key only to document (Textual's own ctrl+p, ctrl+s inside a form) has
`bind=False`; a key kept out of the palette has `palette=None`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from textual.binding import Binding, BindingType

from cyberdrill.i18n import N_, _

_SHOWN_AS = {"slash": "/", "plus": "+", "minus": "-", "escape": "esc", "question_mark": "?", "equals_sign": "="}


@dataclass(frozen=True)
class Key:
    """One key of a screen: what it runs, how the footer labels it, how F1 and the palette describe it."""

    keys: str  # Textual key names, comma-separated ("plus,equals_sign")
    action: str  # the action run on the screen ("speed(1)", "history('sent')", "app.help")
    label: str  # the footer's word ("Pause")
    id: str  # the binding's stable id ("drill.pause")
    help: str  # F1's line: what it does, for someone who has never seen the console (Markdown)
    palette: str | None = ""  # the palette's title; "" uses `label`, None leaves it out of the palette
    show: bool = True  # in the footer
    key_display: str | None = None
    group: Binding.Group | None = None
    priority: bool = False
    bind: bool = True  # False: documented in F1 only (a key Textual or a widget already handles)

    @property
    def shown_as(self) -> str:
        """The key as F1 writes it: '+', '/', 'F1', 'ctrl+l'."""
        if self.key_display:
            return self.key_display
        first = self.keys.split(",", 1)[0]
        if len(first) == 2 and first.startswith("f") and first[1].isdigit():
            return first.upper()
        return _SHOWN_AS.get(first, first)

    @property
    def shown_label(self) -> str:
        """The footer's word in the current language."""
        return _(self.label)

    @property
    def shown_help(self) -> str:
        """F1's line in the current language."""
        return _(self.help)

    @property
    def tooltip(self) -> str:
        """The footer's and the palette's one-line description, in the current language."""
        return self.shown_help.replace("**", "").replace("`", "")

    def binding(self) -> Binding:
        return Binding(
            self.keys, self.action, self.label, show=self.show, key_display=self.key_display,
            priority=self.priority, tooltip=self.tooltip, id=self.id,
            group=self.group,
        )


@dataclass(frozen=True)
class KeyTable:
    """The keys of one screen, with the help text that introduces them (see the module docstring)."""

    title: str  # F1's heading: "The instructor console"
    intro: str  # Markdown before the table of keys
    keys: tuple[Key, ...]
    outro: str = ""  # Markdown after it
    narrow_intro: str | None = None  # the intro below NARROW_HELP columns, where panels stack
    _by_id: dict[str, Key] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for key in self.keys:
            if key.id in _TABLES and _TABLES[key.id] is not self:
                raise ValueError(f"key id {key.id!r} is in two tables")
            _TABLES[key.id] = self
            self._by_id[key.id] = key
            _BY_TOOLTIP[key.help.replace("**", "").replace("`", "")] = key

    def bindings(self) -> list[BindingType]:
        """The screen's BINDINGS."""
        return [key.binding() for key in self.keys if key.bind]

    def key(self, key_id: str) -> Key:
        return self._by_id[key_id]

    def palette_keys(self) -> Iterator[tuple[str, Key]]:
        """(title, key) of each key the palette offers."""
        for key in self.keys:
            if key.palette is not None:
                yield _(key.palette or key.label), key

    def help_markdown(self, width: int = 120) -> str:
        """F1's text for this screen at a terminal `width` columns wide."""
        intro = self.narrow_intro if self.narrow_intro is not None and width < NARROW_HELP else self.intro
        rows = "\n".join(f"| `{key.shown_as}` | {key.shown_help} |" for key in self.keys)
        head = "| {key} | {does} |".format(key=_("key"), does=_("what it does"))
        parts = [f"# {_(self.title)}", _(intro).strip().format(reading=_(_TEAM_READING)),
                 head + "\n| --- | --- |\n" + rows]
        if self.outro:
            parts.append(_(self.outro).strip())
        return "\n\n".join(parts)


NARROW_HELP = 100  # the consoles' own breakpoint: below it, panels stack

_TABLES: dict[str, KeyTable] = {}  # binding id -> the table it belongs to
_BY_TOOLTIP: dict[str, Key] = {}  # a binding's (English) tooltip -> its key, to show it translated


def shown_tooltip(tooltip: str) -> str:
    """A binding's tooltip in the current language (the footer gets the English one from Textual)."""
    key = _BY_TOOLTIP.get(tooltip)
    return key.tooltip if key is not None else _(tooltip)


def table_of(node: Any) -> KeyTable | None:
    """The key table a screen (or app) binds its keys from, found by its bindings' ids."""
    for klass in type(node).__mro__:
        for binding in vars(klass).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id in _TABLES:
                return _TABLES[binding.id]
    return None


# ------------------------------------------------------------------------------------------ the tables

APP_KEYS = KeyTable(
    title=N_("Everywhere"),
    intro=N_("These keys work on every screen."),
    keys=(
        Key("f1", "help", N_("Help"), "app.help", N_("this help: the keys of the screen you are on"),
            palette=N_("Help: keys of this screen")),
        Key("f2", "seats", N_("Seats"), "app.seats", N_("switch console (when this terminal seats several: hot-seat)"),
            palette=None),
        Key("f4", "language", N_("Language"), "app.language",
            N_("the next language for this console: English, Russian, Thai (each console remembers its own)"),
            palette=N_("Language: the next one (en, ru, th)"), show=False),
        Key("f5", "glossary", N_("Glossary"), "app.glossary",
            N_("the **glossary** of cooperation terms in English, Russian and Thai, with their sources"),
            palette=N_("Glossary of cooperation terms"), show=False),  # in F1 and the palette: the footer is full at 80
        Key("ctrl+p", "command_palette", N_("Palette"), "app.palette",
            N_("the command palette: every action of this screen by name (also: quit, theme, keys)"), palette=None,
            bind=False),
        Key("ctrl+l", "leave", N_("Launcher"), "app.launcher",
            N_("back to the launcher (the session stays saved; resume it from there)"),
            palette=N_("Back to the launcher"),
            show=False),
        Key("ctrl+t", "toggle_theme", N_("Theme"), "app.theme", N_("light or dark theme"), palette=None, show=False),
        # Quit is in F1 and the palette: the footer's room goes to the console's own keys.
        Key("ctrl+q", "quit", N_("Quit"), "app.quit", N_("quit (everything already sent is saved)"), palette=None,
            show=False, priority=True),
    ),
)

LAUNCHER_KEYS = KeyTable(
    title=N_("The launcher"),
    intro=N_("""\
Choose a **pack** (an exercise) and start a new session of it, or resume a stored **session**: its log
holds everything that happened, so it continues where it stopped. `tab` moves between the lists."""),
    keys=(
        Key("n", "new_session", N_("New session"), "launcher.new",
            N_("**new session** of the highlighted pack: seed, teams, hot-seat or hosted, passphrase")),
        Key("o", "resume", N_("Resume"), "launcher.resume",
            N_("**resume** the highlighted session (the instructor's seat asks for its passphrase)"),
            palette=N_("Resume the highlighted session")),
        Key("tab", "app.focus_next", N_("Next panel"), "launcher.next", N_("the next list"), palette=None, show=False),
    ),
)

_SPEED = Binding.Group(N_("Speed"), compact=True)

INSTRUCTOR_KEYS = KeyTable(
    title=N_("The instructor console"),
    intro=N_("You steer the drill: the clock, the script of injects (the MSEL), and the marking."),
    keys=(
        Key("space", "clock", N_("Clock"), "drill.pause", N_("**clock**: start it, then pause / resume it"),
            palette=N_("Clock: start, pause or resume")),
        Key("plus,equals_sign", "speed(1)", N_("Faster"), "drill.faster", N_("faster exercise time"),
            palette=N_("Clock: faster"), key_display="+", group=_SPEED),
        Key("minus", "speed(-1)", N_("Slower"), "drill.slower", N_("slower exercise time"), palette=N_("Clock: slower"),
            key_display="-", group=_SPEED),
        Key("j", "jump", N_("Jump"), "drill.jump",
            N_("**jump** the clock forward (everything due on the way is delivered in order)"),
            palette=N_("Clock: jump forward")),
        Key("f", "fire", N_("Fire"), "drill.fire",
            N_("**fire** an inject now (the highlighted one under *Coming up*, or choose)"),
            palette=N_("Inject: fire now")),
        # Delay, skip and override are in F1 and the palette, so the footer fits at 80 columns.
        Key("d", "delay", N_("Delay"), "drill.delay", N_("**delay** an inject"),
            palette=N_("Inject: delay"), show=False),
        Key("k", "skip", N_("Skip"), "drill.skip", N_("**skip** an inject, with a reason"), palette=N_("Inject: skip"),
            show=False),
        Key("w", "write", N_("Write"), "drill.write",
            N_("**write** an ad-hoc message as any party (role-play the bank)"),
            palette=N_("Write as a party")),
        Key("m", "mark", N_("Mark"), "drill.mark",
            N_("**mark** the free-text answer highlighted in the *Marking queue* (points and comment)"),
            palette=N_("Mark a free-text answer")),
        Key("o", "override", N_("Override"), "drill.override",
            N_("**override** an objective's rating, with a justification"),
            palette=N_("Override a rating"), show=False),
        Key("x", "end", N_("End"), "drill.end", N_("**end** the session and write the report"),
            palette=N_("End the session and write the report")),
        Key("b", "debrief", N_("Debrief"), "drill.debrief",
            N_("the **debrief**: each team's timeline against the expected steps, deductions with reasons and "
               "citations; from there the hot wash and the improvement plan"), palette=N_("Debrief, hot wash and plan"),
            show=False),
    ),
    outro=N_("""\
The **Progress** grid shows each team's steps per objective: `✔` on time, `◐` late or partial,
`✘` wrong or missed, `⚠` deadline within 30 minutes, `·` not yet. Teams never see this grid.
Leaving with `ctrl+l` stops the clock until a console hosts the session again."""),
)

_TEAM_READING = N_("""\
Each message shows who sent it, the **channel** it came by and its **TLP** label in FIRST's colours
(TLP:RED, TLP:AMBER+STRICT, TLP:AMBER, TLP:GREEN, TLP:CLEAR). Keep to the label when you pass
information on.""")

TEAM_KEYS = KeyTable(
    title=N_("Your team console"),
    intro=N_("""\
You are a national CERT team in a drill. Messages arrive in the **Inbox** (left; `●` marks unread ones):
alerts, victims' calls, partners' requests and the answers to what you send. The **reader** (right) shows
the message you are on; move with `↑`/`↓` or click.

{reading}"""),
    narrow_intro=N_("""\
You are a national CERT team in a drill. Messages arrive in the **Inbox** (at the top; `●` marks unread
ones): alerts, victims' calls, partners' requests and the answers to what you send. The **reader** below it
shows the message you are on; move with `↑`/`↓` or click.

{reading}"""),
    keys=(
        Key("a", "act", N_("Act"), "team.act",
            N_("**act**: choose what to do (classify, preserve evidence, ask a partner, freeze funds …) and fill in "
            "its form"), palette=None),
        Key("r", "reply", N_("Reply"), "team.reply",
            N_("**reply** to the message you are reading: recipient, channel and reference are filled in for you"),
            palette=N_("Reply to this message")),
        Key("e", "evidence", N_("Evidence"), "team.evidence",
            N_("**evidence locker**: every attachment with its SHA-256; `g` registers one with its chain of custody"),
            palette=N_("Evidence locker")),
        Key("s", "history('sent')", N_("Sent"), "team.sent", N_("**sent items**, and whether they were answered"),
            palette=N_("Sent items")),
        Key("t", "history('timeline')", N_("Timeline"), "team.timeline", N_("your team's **timeline**"),
            palette=N_("Timeline")),
        Key("slash", "search", N_("Search"), "team.search", N_("search the attachment of the message you are reading"),
            palette=N_("Search the attachment")),
        # Shown once they apply: the hot wash when the instructor opens it, the debrief when the drill is over.
        Key("h", "hot_wash", N_("Hot wash"), "team.hotwash",
            N_("the **hot wash** form (once the instructor opens it): what went well, what to improve, your "
               "commitments, a 1–5 self-rating per objective"), palette=N_("Hot wash form")),
        Key("b", "debrief", N_("Debrief"), "team.debrief",
            N_("your team's **debrief** (after the drill): your timeline, deductions with reasons, your answers"),
            palette=N_("Your team's debrief")),
    ),
    outro=N_("""\
In a form, `ctrl+s` sends and `esc` cancels. A form only refuses what is **malformed** (a missing field, a
bad account number or hash): the problem is shown under the field and what you typed stays. Whether the
action was *right* — the right partner, the right channel, in time — is for the score at the end.

The clock in the header is **exercise time** (`T+01:25`), with the local time in each country: partners
answer in their working hours unless you use a 24/7 channel."""),
)
