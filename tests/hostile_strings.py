"""A catalogue of hostile strings a trainee (or a pack author) might type: each must be shown as written,
or with its control characters stripped, and must never style, link, click, crash or reach the terminal raw.

Shared by the consoles' tests (Pilot), the engine boundary's and the CLI's.
"""

from __future__ import annotations

MARKUP = [
    r"see \[/] and \[bold red]styled",
    "status [/] update",
    "[bold red]not bold[/bold red]",
    "[link=file:///etc/passwd]Open the statement[/link]",
    "[@click=app.switch_mode('instructor')]Open the attached evidence[/]",
    "[@click=app.quit]Quit[/]",
    "trailing backslash \\",
    "[/]",
    "[",
    "]]][[[",
    "${jndi:ldap://x} {{ 7*7 }} {% raw %}",
]

CONTROL = [
    "title\x1b]0;pwned\x07 set",          # OSC 0: window title
    "clip\x1b]52;c;cHduZWQ=\x07board",    # OSC 52: clipboard write
    "\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "clear\x1b[2J\x1b[Hscreen",           # CSI: clear the screen
    "nul\x00byte",
    "bell\x07and\x08backspace",
    "cr\roverwrite",
    "c1\x9b31mred",
]

UNICODE = [
    "RTL \u202eevil.exe\u202c txt",       # bidi override
    "zero\u200bwidth\u200djoiner",
    "บัญชีม้า ๑๒๓ โอนเงินข้ามประเทศ",       # Thai with digits and combining marks
    "Конвенция ООН против транснациональной организованной преступности, ст. 18",
    "emoji 🧨💸 and wide 漢字",
]

HUGE = ["x" * 1_000_000]

ALL = MARKUP + CONTROL + UNICODE
"""Every hostile string but the 1 MB one (tests that type into widgets use these; HUGE is for boundaries)."""
