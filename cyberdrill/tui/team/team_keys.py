"""The key tables of the team console's own screens (the console itself is TEAM_KEYS in tui/keys.py):
the evidence locker, sent items and timeline, the attachment viewer. Each screen's BINDINGS, footer,
palette entries and F1 help come from its table (tui/keys.py explains the mechanism)."""

from __future__ import annotations

from cyberdrill.i18n import N_
from cyberdrill.tui.keys import Key, KeyTable

_BACK = N_("back to your team console")

EVIDENCE_KEYS = KeyTable(
    title=N_("The evidence locker"),
    intro=N_("""\
Every attachment your team has received, with its **SHA-256** as recorded when the session started: the
value to quote in a chain-of-custody record. *Registered* shows when your team registered it."""),
    keys=(
        Key("escape", "app.pop_screen", N_("Back"), "evidence.back", _BACK, palette=None),
        Key("g", "register", N_("Register"), "evidence.register",
            N_("**register** the highlighted attachment: the pack's evidence form opens with the file and its hash "
            "filled in (also `enter`)"), palette=N_("Register the highlighted attachment")),
        Key("v", "view", N_("View"), "evidence.view", N_("**view** the highlighted attachment"),
            palette=N_("View the attachment")),
    ),
)

HISTORY_KEYS = KeyTable(
    title=N_("Sent items and timeline"),
    intro=N_("""\
**Sent** lists what your team did, newest first, and the answer each message got: *awaiting* while an
answer is on its way (or the team you wrote to has not answered), `—` when none is coming. The
**timeline** is everything your team received and did, oldest first."""),
    keys=(
        Key("escape", "app.pop_screen", N_("Back"), "history.back", _BACK, palette=None),
        Key("s", "show_tab('sent')", N_("Sent"), "history.sent", N_("the **sent** items"), palette=N_("Sent items")),
        Key("t", "show_tab('timeline')", N_("Timeline"), "history.timeline", N_("the **timeline**"),
            palette=N_("Timeline")),
    ),
)

ATTACHMENT_KEYS = KeyTable(
    title=N_("The attachment viewer"),
    intro=N_("""\
An attachment as text, with line numbers. Type in the search box to jump to the first match; the header
shows the file's SHA-256 as recorded when the session started."""),
    keys=(
        Key("escape", "app.pop_screen", N_("Back"), "attachment.back", N_("back to where you opened it"), palette=None),
        Key("ctrl+f", "focus_search", N_("Search"), "attachment.search", N_("**search** the attachment"),
            palette=N_("Search the attachment")),
        Key("f3", "next", N_("Next match"), "attachment.next",
            N_("the **next** match (also `enter` in the search box)"),
            palette=N_("Next match")),
        Key("shift+f3", "previous", N_("Previous"), "attachment.previous", N_("the **previous** match"),
            palette=N_("Previous match")),
    ),
)
