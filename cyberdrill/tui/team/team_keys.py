"""The key tables of the team console's own screens (the console itself is TEAM_KEYS in tui/keys.py):
the evidence locker, sent items and timeline, the attachment viewer. Each screen's BINDINGS, footer,
palette entries and F1 help come from its table (tui/keys.py explains the mechanism)."""

from __future__ import annotations

from cyberdrill.tui.keys import Key, KeyTable

_BACK = "back to your team console"

EVIDENCE_KEYS = KeyTable(
    title="The evidence locker",
    intro="""\
Every attachment your team has received, with its **SHA-256** as recorded when the session started: the
value to quote in a chain-of-custody record. *Registered* shows when your team registered it.""",
    keys=(
        Key("escape", "app.pop_screen", "Back", "evidence.back", _BACK, palette=None),
        Key("g", "register", "Register", "evidence.register",
            "**register** the highlighted attachment: the pack's evidence form opens with the file and its hash "
            "filled in (also `enter`)", palette="Register the highlighted attachment"),
        Key("v", "view", "View", "evidence.view", "**view** the highlighted attachment", palette="View the attachment"),
    ),
)

HISTORY_KEYS = KeyTable(
    title="Sent items and timeline",
    intro="""\
**Sent** lists what your team did, newest first, and the answer each message got: *awaiting* while an
answer is on its way (or the team you wrote to has not answered), `—` when none is coming. The
**timeline** is everything your team received and did, oldest first.""",
    keys=(
        Key("escape", "app.pop_screen", "Back", "history.back", _BACK, palette=None),
        Key("s", "show_tab('sent')", "Sent", "history.sent", "the **sent** items", palette="Sent items"),
        Key("t", "show_tab('timeline')", "Timeline", "history.timeline", "the **timeline**", palette="Timeline"),
    ),
)

ATTACHMENT_KEYS = KeyTable(
    title="The attachment viewer",
    intro="""\
An attachment as text, with line numbers. Type in the search box to jump to the first match; the header
shows the file's SHA-256 as recorded when the session started.""",
    keys=(
        Key("escape", "app.pop_screen", "Back", "attachment.back", "back to where you opened it", palette=None),
        Key("ctrl+f", "focus_search", "Search", "attachment.search", "**search** the attachment",
            palette="Search the attachment"),
        Key("f3", "next", "Next match", "attachment.next", "the **next** match (also `enter` in the search box)",
            palette="Next match"),
        Key("shift+f3", "previous", "Previous", "attachment.previous", "the **previous** match",
            palette="Previous match"),
    ),
)
