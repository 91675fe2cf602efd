"""An engine message (a field's problem, a refusal) shown in the seat's language.

The engine writes its messages in English from templates marked with `N_` (cyberdrill/engine/marks.py),
e.g. `"{value} is not an IPv4 address"`. The catalogue of the current language holds those templates as
msgids; a message is matched against them, the translated template is formatted with the parameters it
carried, and each parameter that is itself a marked phrase ("a whole number") is translated too. A message
no template matches is shown as the engine wrote it.
"""

from __future__ import annotations

import re
from functools import cache

from cyberdrill.i18n import LOCALE_DIR, _, current_language

_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _templates(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, template) for every msgid of `lang`'s catalogue that has named placeholders."""
    from babel.messages.mofile import read_mo

    path = LOCALE_DIR / lang / "LC_MESSAGES" / "cyberdrill.mo"
    if not path.is_file():
        return ()
    with path.open("rb") as handle:
        catalogue = read_mo(handle)
    found = []
    for message in catalogue:
        template = message.id
        if not isinstance(template, str) or not _FIELD.search(template):
            continue
        parts = _FIELD.split(template)  # literal, name, literal, name, ...
        pattern = "".join(re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+?)" for n, part in enumerate(parts))
        try:
            found.append((re.compile(f"^{pattern}$", re.DOTALL), template))
        except re.error:  # the same placeholder twice: such a template is formatted, never matched
            continue
    # The longest literal text first: "{value} is not a TLP 2.0 label ({hint})" before "{value} …".
    return tuple(sorted(found, key=lambda item: -len(_FIELD.sub("", item[1]))))


def shown_problem(message: str) -> str:
    """`message` (as the engine wrote it) in the current language."""
    lang = current_language()
    if lang == "en" or not message:
        return message
    exact = _(message)
    if exact != message:
        return exact
    for pattern, template in _templates(lang):
        match = pattern.match(message)
        if match:
            params = {name: _(value) for name, value in match.groupdict().items()}
            return _(template).format(**params)
    return message
