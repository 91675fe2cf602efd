"""F1: what the console is for and which key does what, for someone who has never seen it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

TEAM_HELP = """\
# Your team console

You are a national CERT team in a drill. Messages arrive in the **Inbox** (left; `●` marks unread ones):
alerts, victims' calls, partners' requests and the answers to what you send. The **reader** (right) shows
the message you are on; move with `↑`/`↓` or click.

Each message shows who sent it, the **channel** it came by and its **TLP** label in FIRST's colours
(TLP:RED, TLP:AMBER+STRICT, TLP:AMBER, TLP:GREEN, TLP:CLEAR). Keep to the label when you pass
information on.

| key | what it does |
| --- | --- |
| `a` | **Act**: choose what to do (classify, preserve evidence, ask a partner, freeze funds …) and fill in its form |
| `r` | **Reply** to the message you are reading: recipient, channel and reference are filled in for you |
| `e` | **Evidence locker**: every attachment with its SHA-256; `g` registers one with its chain of custody |
| `s` / `t` | **Sent items** (and whether they were answered) / your team's **timeline** |
| `/` | search the attachment of the message you are reading |
| `ctrl+s` | send the form you are filling in; `esc` cancels it |
| `ctrl+p` | the command palette: every action by name (also: quit, theme, keys) |
| `F2` | switch console (when this terminal seats several) |
| `ctrl+l` | back to the launcher (the session stays saved; resume it from there) |
| `ctrl+t` | light or dark theme |
| `ctrl+q` | quit (everything you sent is already saved) |

A form only refuses what is **malformed** (a missing field, a bad account number or hash): the problem is
shown under the field and what you typed stays. Whether the action was *right* — the right partner, the
right channel, in time — is for the score at the end, not for the form.

The clock in the header is **exercise time** (`T+01:25`), with the local time in each country: partners
answer in their working hours unless you use a 24/7 channel.
"""

INSTRUCTOR_HELP = """\
# The instructor console

You steer the drill: the clock, the script of injects (the MSEL), and the marking.

| key | what it does |
| --- | --- |
| `space` | **Clock**: start it, then pause / resume it |
| `+` / `-` | faster / slower exercise time |
| `j` | jump the clock forward (everything due on the way is delivered in order) |
| `f` / `d` / `k` | fire now / delay / skip an inject (the highlighted one under *Coming up*, or choose) |
| `w` | write an ad-hoc message as any party (role-play the bank on the phone) |
| `m` | mark a free-text answer waiting in the *Marking queue* (points and comment) |
| `o` | override an objective's rating, with a justification |
| `x` | end the session and write the report |
| `d` / `k` / `o` | delay / skip an inject, override a rating (also in the palette, `ctrl+p`) |
| `F2` | switch to a team's console (hot-seat) |
| `ctrl+l` | back to the launcher: the session stays saved, its clock stops until a console hosts it again |

The **Progress** grid shows each team's steps per objective: `✔` on time, `◐` late or partial,
`✘` wrong or missed, `⚠` deadline within 30 minutes, `·` not yet. Teams never see this grid.
"""


class HelpScreen(ModalScreen[None]):
    """The help text: the console the user is on first."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("f1", "dismiss", "Close", show=False),
    ]

    def __init__(self, instructor: bool = False) -> None:
        super().__init__()
        self.instructor = instructor

    def compose(self) -> ComposeResult:
        parts = [INSTRUCTOR_HELP, TEAM_HELP] if self.instructor else [TEAM_HELP, INSTRUCTOR_HELP]
        with VerticalScroll():
            yield Markdown("\n\n".join(parts) + "\n\nPress `esc` to close.")

