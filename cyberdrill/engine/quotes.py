"""Values a team may quote into a form instead of retyping them: what its own messages and attachments
carry (accounts, IP addresses, domains, URLs, e-mail addresses, references, names, amounts, times).

Pure: the caller passes what the team has received (its delivered messages, the text of the attachments
it received) and nothing else, so a quote can never show another team's traffic or the expected steps.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cyberdrill.engine import events as ev


@dataclass(frozen=True)
class Quote:
    """One value the team has received, its kind and where it came from (a subject or an attachment)."""

    value: str
    kind: str
    source: str


# In order of precedence: a span taken by an earlier kind is not read again by a later one.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("URL", re.compile(r"\b(?:https?|hxxps?|ftp)://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")),
    ("e-mail", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("time", re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?")),
    ("IP address", re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b")),
    ("account", re.compile(r"(?<![\w-])(?:\d{3}-\d-\d{5}(?:-\d)?|\d{10,34})(?![\w-])")),
    ("reference", re.compile(r"(?<![\w/-])(?=[\w/-]*\d\d)[A-Z]{2,}[A-Z0-9]*(?:[-/][A-Z0-9]+)+(?![\w/-])")),
    ("domain", re.compile(r"(?<![\w@.-])(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"
                          r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]+)(?![\w-])")),
    ("amount", re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+\.\d{2}(?![\w.,])")),
    ("name", re.compile(r"\b(?:[A-Z][\w&'-]+ ){1,5}(?:LLC|Ltd|JSC|PJSC|Inc|GmbH|B\.V\.|Bank|Co\., Ltd\.)(?!\w)")),
)


# Last labels that make a word look like a domain in mail headers and file names, not a domain.
_NOT_TLDS = {"md", "txt", "csv", "eml", "from", "mailfrom", "to", "id", "by", "for", "helo", "pdf", "html"}


def _host(kind: str, value: str) -> str | None:
    """The domain inside a URL or an e-mail address."""
    if kind == "URL":
        return re.sub(r"^[a-z]+://", "", value).split("/", 1)[0].split(":", 1)[0].split("?", 1)[0] or None
    if kind == "e-mail":
        return value.rsplit("@", 1)[1]
    return None


def _valid(kind: str, value: str) -> bool:
    if kind == "IP address":
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            return False
    if kind == "domain":
        last = value.lower().rsplit(".", 1)[-1]
        return not value.replace(".", "").isdigit() and last not in _NOT_TLDS
    if kind == "reference":
        return not value.upper().startswith("TLP")
    return True


def values_in(text: str, source: str) -> list[Quote]:
    """The quotable values of one text, in the order they appear."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Quote]] = []
    for kind, pattern in _KINDS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = match.group(0).strip()
            if not _valid(kind, value):
                continue
            taken.append((start, end))
            found.append((start, Quote(value, kind, source)))
            host = _host(kind, value)
            if host and not host.replace(".", "").isdigit():
                found.append((start, Quote(host, "domain", source)))
    return [quote for _, quote in sorted(found, key=lambda item: item[0])]


def team_quotes(messages: Iterable[ev.InjectDelivered], attachments: dict[str, str],
                senders: dict[str, str] | None = None) -> list[Quote]:
    """What a team may quote: the values of `messages` (its own delivered messages, newest first) and of
    `attachments` (name -> text of an attachment it received), each value once, the most recent source
    first; `senders` (party id -> name) adds the names of those who wrote to it."""
    seen: dict[str, Quote] = {}
    for message in messages:
        where = f"“{message.subject}”"
        if senders and message.sender in senders:
            seen.setdefault(senders[message.sender], Quote(senders[message.sender], "name", where))
        for quote in values_in(f"{message.subject}\n{message.body}", where):
            seen.setdefault(quote.value, quote)
    for name, text in attachments.items():
        for quote in values_in(text, name):
            seen.setdefault(quote.value, quote)
    return list(seen.values())
