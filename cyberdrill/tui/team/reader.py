"""The reader: the selected message in Markdown, with its attachments as buttons. Sender, channel and
subject are data (never markup); the body is Markdown without links, control characters stripped."""

from __future__ import annotations

from markdown_it import MarkdownIt
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Label, Markdown, Static

from cyberdrill.engine.events import InjectDelivered
from cyberdrill.i18n import _, format_number
from cyberdrill.pack.model import Pack, format_clock
from cyberdrill.tui.inert import inert
from cyberdrill.tui.view import body_without_label, channel_name, party_name, without_label
from cyberdrill.tui.widgets.tlp import tlp_badge

# Far beyond what the engine lets a field hold (or a pack would write): text from an imported log or a
# runaway template is cut here, saying so, rather than stalling the console while it lays out megabytes.
SUBJECT_CHARS = 5_000
BODY_CHARS = 100_000


def clipped(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters and a line saying how much was left out."""
    if len(text) <= limit:
        return text
    more = _("[… {count} more characters not shown]").format(count=format_number(len(text) - limit))
    return f"{text[:limit]}\n\n{more}"


def body_parser() -> MarkdownIt:
    """Markdown for message bodies, without links: a body is text a pack author or another team wrote, and
    nothing in a drill opens a browser or a file (a URL in it is shown, not made clickable)."""
    parser = MarkdownIt("gfm-like", {"linkify": False})
    return parser.disable(["link", "image", "autolink", "linkify", "html_inline", "html_block"], ignoreInvalid=True)


class Reader(VerticalScroll):
    """Shows `message` (set by the console). Pressing an attachment posts `AttachmentChosen`."""

    class AttachmentChosen(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    message: reactive[InjectDelivered | None] = reactive(None, init=False)

    def __init__(self, pack: Pack, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pack = pack

    def compose(self) -> ComposeResult:
        yield Static(Text(_("No message selected. Use ↑/↓ in the inbox to read one."), style="dim"), id="reader-meta")
        yield Label("", id="reader-subject")
        yield Markdown("", id="reader-body", open_links=False, parser_factory=body_parser)
        yield Horizontal(id="reader-attachments")

    async def watch_message(self, message: InjectDelivered | None) -> None:
        meta = self.query_one("#reader-meta", Static)
        subject = self.query_one("#reader-subject", Label)
        row = self.query_one("#reader-attachments", Horizontal)
        await row.remove_children()
        if message is None:
            meta.update(Text(_("No message selected."), style="dim"))
            subject.update("")
            await self.query_one("#reader-body", Markdown).update("")
            return
        meta.update(
            Text.assemble(
                inert(party_name(self.pack, message.sender), "bold"),
                " · ",
                inert(channel_name(self.pack, message.channel)),
                " · ",
                tlp_badge(message.tlp),
                " · ",
                format_clock(message.t),
            )
        )
        subject.update(inert(clipped(without_label(message.subject, message.tlp), SUBJECT_CHARS), "bold"))
        body = inert(clipped(body_without_label(message.body, message.tlp), BODY_CHARS)).plain
        await self.query_one("#reader-body", Markdown).update(body)
        if message.attachments:
            buttons: list[Widget] = [Label("Attachments:", classes="dim")]
            buttons += [Button(inert(name), name=name, compact=True, classes="attachment")
                        for name in message.attachments]
            await row.mount_all(buttons)
        self.scroll_home(animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.name:
            event.stop()
            self.post_message(self.AttachmentChosen(event.button.name))
