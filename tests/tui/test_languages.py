"""The consoles in Russian and Thai at 80×24 and 120×40: SVG snapshots of the launcher, a team console
(the flagship, hot-seat) and an action form, each line of the screen exactly the terminal's width as a
terminal counts cells (wcwidth, as tmux does: a Thai mark takes none), and no console string left in English.

The flagship session is read from a recorded log (tests/tui/flagship_session.py), so neither Faker nor the
clock changes the pictures. `pytest --snapshot-update tests/tui/test_languages.py` accepts a deliberate change.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flagship_session import FLAGSHIP, recorded_log
from textual.pilot import Pilot
from tui_helpers import FixedClock, screen_text, settle
from wcwidth import wcswidth

from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions

SIZES = [(80, 24), (120, 40)]
LANGS = ["ru", "th"]
LOCALE = Path(__file__).resolve().parents[2] / "cyberdrill" / "locale"
TEAM_ROW = {"th": 1, "ru": 2}  # the seat switcher lists the instructor, ThaiCERT, NCCCI: each team in its language
_MARKUP = re.compile(r"\{\w*\}|\*\*|[*`]")


def english_fragments(lang: str) -> tuple[set[str], set[str]]:
    """(phrases, words) of the console's English strings that `lang` translates differently: phrases of two
    words or more may not appear anywhere on screen; single words not in the screen's chrome (header,
    border titles, footer), where pack data never sits."""
    with (LOCALE / lang / "LC_MESSAGES" / "cyberdrill.po").open(encoding="utf-8") as handle:
        catalogue = read_po(handle, locale=lang)
    phrases: set[str] = set()
    words: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        translated = message.string[0] if isinstance(message.string, tuple) else message.string
        if translated == source:
            continue
        for fragment in _MARKUP.split(source):
            fragment = fragment.strip(" :;,.·()[]…↩⚠^\n")
            if re.fullmatch(r"[A-Za-z]{4,}", fragment):
                words.add(fragment)
            elif len(fragment.split()) >= 2 and re.search(r"[a-z]{3}", fragment):
                phrases.add(fragment)
    return phrases, words


def chrome(screen: str) -> str:
    """The header, the footer and every line holding a panel's border title."""
    lines = screen.split("\n")
    return "\n".join([lines[0], lines[-1], *(line for line in lines if line.lstrip()[:1] in "╭┌▔█")])


def untranslated(screen: str, lang: str) -> list[str]:
    phrases, words = english_fragments(lang)
    found = [p for p in phrases if p in screen]
    top = chrome(screen)
    found += [w for w in words if re.search(rf"(?<![A-Za-z]){w}(?![A-Za-z])", top)]
    return sorted(found)


def misaligned(screen: str, width: int) -> list[str]:
    """The lines whose display width (as a terminal counts it) is not the terminal's width."""
    return [f"{wcswidth(line)}: {line}" for line in screen.split("\n") if wcswidth(line) != width]


def flagship_app(lang: str, tmp_path: Path) -> CyberdrillApp:
    return CyberdrillApp(PlayOptions(pack=FLAGSHIP, log=recorded_log(), seed=7, clock=FixedClock(), bundled=False,
                                     reports_dir=tmp_path, lang=lang))


async def to_team(pilot: Pilot, lang: str) -> None:
    await settle(pilot)
    await pilot.press("o")  # resume the recorded session: the instructor's console first
    await settle(pilot)
    await pilot.press("f2", *["down"] * TEAM_ROW[lang], "enter")
    await settle(pilot)
    await pilot.press("enter")  # read the message under the cursor
    await settle(pilot)


async def to_form(pilot: Pilot, lang: str) -> None:
    await to_team(pilot, lang)
    await pilot.press("a", "down", "enter")  # the second action of the pack
    await settle(pilot)
    for field in pilot.app.screen.query("Input, TextArea"):  # a blinking cursor would make the picture flicker
        field.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


SCREENS: dict[str, Callable[[Pilot, str], Awaitable[None]]] = {
    "launcher": lambda pilot, lang: settle(pilot),
    "team": to_team,
    "form": to_form,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_console_in_language(snap_compare, screen: str, lang: str, size: tuple[int, int], tmp_path: Path) -> None:
    seen: list[str] = []

    async def run_before(pilot: Pilot) -> None:
        await SCREENS[screen](pilot, lang)
        seen.append(screen_text(pilot.app))

    assert snap_compare(flagship_app(lang, tmp_path), terminal_size=size, run_before=run_before)
    (shown,) = seen
    assert misaligned(shown, size[0]) == []
    assert len(shown.split("\n")) == size[1]
    assert untranslated(shown, lang) == []


def test_the_checks_see_english_and_a_crooked_border() -> None:
    assert untranslated("Inbox\nSessions to resume\nq", "ru") == ["Inbox", "Sessions to resume"]
    line = "│ กล่องข้อความเข้า │"  # 20 code points, 17 cells: the marks take none
    assert misaligned(line, 17) == []
    assert misaligned(line, len(line)) != []
