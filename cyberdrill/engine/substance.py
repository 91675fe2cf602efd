"""What a free-text answer actually says: whether it carries facts at all, which world values it names,
which period it states, which legal instruments it cites (in English, Russian or Thai).

Pure functions over text; matchers.py uses them for the `names`, `covers` and `cites` operators, and the
judge uses `is_filler` so that content-free text counts as not given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

# ------------------------------------------------------------------------------------ normalising


def digits(text: str) -> str:
    """Every decimal digit (Thai ๑๒๓, Arabic-Indic ١٢٣ ...) as an ASCII digit."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() and
                   unicodedata.category(ch) == "Nd" else ch for ch in text)


def fold(text: str) -> str:
    """Case-folded, NFC, ASCII digits, ё as е."""
    return digits(unicodedata.normalize("NFC", text)).casefold().replace("ё", "е")


def compact(text: str) -> str:
    """Letters (with their combining marks, for Thai) and digits only: separators, spaces and punctuation
    dropped, so "40817-810 0000" and "408178100000" compare equal."""
    return "".join(ch for ch in fold(text) if ch.isalnum() or unicodedata.category(ch).startswith("M"))


# ---------------------------------------------------------------------------------------- filler

# Words and phrases that stand for an answer without being one (English, Russian, Thai).
FILLER_WORDS = frozenset(
    "x xx xxx n/a na n.a. none nil null nothing tbd tba tbc todo test testing asdf qwerty foo bar baz blah "
    "etc idem same ditto ok okay yes no unknown various misc attached above below "
    "нет н/д тест то-же никто ничего прочее ไม่มี ทดสอบ".split()
)
STOCK_PHRASES = frozenset(
    "see above|as above|see below|see attached|please see above|please see attached|as discussed|as agreed|"
    "as per our call|as per the above|to be provided|to be confirmed|to be determined|will follow|"
    "will be provided later|details to follow|information to follow|not applicable|not available|no comment|"
    "same as before|as usual|see the case file|see file|refer to the above|см выше|смотри выше|то же|"
    "будет предоставлено позже|по запросу|ตามที่แจ้ง|ดูไฟล์แนบ|จะแจ้งภายหลัง|ดูข้างบน|ตามข้างต้น".split("|")
)

_LOREM = ("lorem", "ipsum", "dolor", "amet", "consectetur", "adipiscing", "eiusmod", "tempor")
# A word keeps its combining marks: Thai vowel and tone marks are not letters to `\w`, and without them
# "บัญชีม้า" would fall apart into pieces too short to count and "ดูไฟล์แนบ" would not read as a stock phrase.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])*", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def is_filler(text: str, label: str | None = None) -> bool:
    """Whether `text` carries no facts: empty, a stock filler ("x", "n/a", "test", "see above",
    "as discussed"), the field's own `label`, lorem ipsum, one character repeated, or one short phrase
    repeated over and over."""
    folded = fold(text).strip()
    bare = folded.strip(" .,:;!?-–—\"'()[]")
    if not bare:
        return True
    if bare in FILLER_WORDS:
        return True
    squeezed = compact(text)
    if not squeezed or len(set(squeezed)) == 1:
        return True  # "....", "xxxx", "----", "aaaaaa"
    if label and squeezed == compact(label):
        return True
    words = _words(text)
    if sum(w in _LOREM for w in words) >= 2:
        return True
    if len(words) >= 4 and len(set(words)) * 3 <= len(words):
        return True  # "as discussed as discussed as discussed ..."
    meaningful = [w for w in words if w not in FILLER_WORDS and (len(w) >= 3 or any(c.isdigit() for c in w))]
    if not meaningful:
        return True
    # A stock phrase standing alone ("as discussed.", "see the case file")
    return " ".join(words) in STOCK_PHRASES


# ----------------------------------------------------------------------------------- world values

_IPV4 = re.compile(r"(?<![\d.])(\d{1,3})\s*(?:\.|\[\.\]|\(\.\)|\(dot\))\s*(\d{1,3})\s*(?:\.|\[\.\]|\(\.\)|\(dot\))\s*"
                   r"(\d{1,3})\s*(?:\.|\[\.\]|\(\.\)|\(dot\))\s*(\d{1,3})(?![\d])")
_NUMBER = re.compile(r"\d[\d\s,.'’\u00a0\u202f]*\d|\d")
_AMOUNT_TEXT = re.compile(r"^\s*-?\d{1,3}(?:[ ,'\u00a0\u202f]\d{3})*(?:\.\d{1,6})?\s*$|^\s*-?\d+(?:\.\d{1,6})?\s*$")


def _as_number(token: str) -> float | None:
    raw = re.sub(r"[\s'’\u00a0\u202f]", "", token)
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in raw:
        raw = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", raw) else raw.replace(",", ".")
    elif raw.count(".") > 1 or (re.fullmatch(r"\d{1,3}(\.\d{3})+", raw) and not re.fullmatch(r"\d\.\d{3}", raw)):
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


def _numbers(text: str) -> set[float]:
    found: set[float] = set()
    for match in _NUMBER.finditer(digits(text)):
        token = match.group(0)
        for part in [token, *re.split(r"[,.]?\s+", token)]:
            number = _as_number(part.strip(",.'’"))
            if number is not None:
                found.add(round(number, 4))
    return found


def _ips(text: str) -> set[str]:
    return {".".join(str(int(g)) for g in m.groups()) for m in _IPV4.finditer(digits(text))}


def names_value(text: str, value: Any) -> bool:
    """Whether `text` names the world value: a number by its amount ("380,000.00", "380 000", "380000"), an
    IPv4 address as an address (also defanged, "198.51.100[.]7"), anything else (accounts, references,
    names) with case, separators and spaces ignored, not as part of a longer number."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return round(float(value), 4) in _numbers(text)
    shown = str(value).strip()
    if not shown:
        return False
    if _IPV4.fullmatch(shown):
        return ".".join(str(int(g)) for g in _IPV4.fullmatch(shown).groups()) in _ips(text)  # type: ignore[union-attr]
    if _AMOUNT_TEXT.match(shown) and any(c in shown for c in ", .") and not shown.isdigit():
        number = _as_number(shown)
        if number is not None and round(number, 4) in _numbers(text):
            return True
    return locate(fold(text), fold(shown)) >= 0


def enough(hits: int, total: int, need: str | int | None) -> bool:
    """`need`: "all" (the default), "any", or a number k (k of n)."""
    if need is None or need == "all":
        return hits == total
    if need == "any":
        return hits >= 1
    return hits >= int(need)


# ----------------------------------------------------------------------------------------- periods

_ZONE = r"(?:\s*(Z|UTC|GMT|MSK|ICT|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?))?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ,]+(\d{1,2})[:.](\d{2})(?::(\d{2}))?" + _ZONE + ")?")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ ,]+(\d{1,2})[:.](\d{2})(?::(\d{2}))?" + _ZONE + ")?")
_GLOBAL_ZONE = re.compile(r"\b(UTC|GMT|MSK|ICT)\b|\(\s*(UTC|GMT)\s*\)", re.IGNORECASE)
_NAMED = {"z": 0, "utc": 0, "gmt": 0, "msk": 3 * 60, "ict": 7 * 60}


def _offset(zone: str | None) -> timezone | None:
    if not zone:
        return None
    z = zone.strip().casefold()
    if z in _NAMED:
        return timezone(timedelta(minutes=_NAMED[z]))
    m = re.fullmatch(r"(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", z)
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))


def _stated(text: str, default: timezone) -> list[tuple[datetime, datetime]]:
    """Each date or date-time in the text as the interval it names (a date: the whole day)."""
    text = digits(text)
    overall = _GLOBAL_ZONE.search(text)
    fallback = _offset((overall.group(1) or overall.group(2)) if overall else None) or default
    out: list[tuple[int, datetime, datetime]] = []
    for pattern, order in ((_ISO, (0, 1, 2)), (_DMY, (2, 1, 0))):
        for m in pattern.finditer(text):
            g = m.groups()
            year, month, day = (int(g[i]) for i in order)
            if year > 2400:
                year -= 543  # Buddhist Era (พ.ศ.)
            tz = _offset(g[6]) or fallback
            try:
                if g[3] is None:
                    begin = datetime(year, month, day, tzinfo=tz)
                    out.append((m.start(), begin, begin + timedelta(days=1) - timedelta(seconds=1)))
                else:
                    at = datetime(year, month, day, int(g[3]), int(g[4]), int(g[5] or 0), tzinfo=tz)
                    out.append((m.start(), at, at))
            except ValueError:
                continue
    return [(b, e) for _, b, e in sorted(out, key=lambda x: x[0])]


def as_instant(value: Any, start: datetime) -> datetime | None:
    """A world or matcher value as an instant: a datetime, an ISO text, or an exercise time "T+HH:MM"."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=start.tzinfo)
    text = str(value).strip()
    m = re.fullmatch(r"T\+(\d+):(\d{2})(?::(\d{2}))?", text)
    if m:
        return start + timedelta(hours=int(m.group(1)), minutes=int(m.group(2)), seconds=int(m.group(3) or 0))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=start.tzinfo)


def covers(text: str, begin: datetime, end: datetime, default: timezone) -> bool:
    """Whether the period the text states (from its earliest to its latest date or time) covers
    [begin, end], compared as instants whatever the UTC offsets written."""
    stated = _stated(text, default)
    if not stated:
        return False
    return min(b for b, _ in stated) <= begin and max(e for _, e in stated) >= end


# --------------------------------------------------------------------------------------- citations

_NEGATION = re.compile(
    r"(?:^|[^\w])(not|no|never|neither|nor|non|isn't|aren't|wasn't|cannot|can't|without|instead of|rather than|"
    r"не|нет|ни|без|вместо)(?:[^\w]|$)",
    re.IGNORECASE,
)
# Thai writes no spaces between words but one between phrases: a negation before the words counts when it
# stands in the same phrase or the one just before ("มิได้เป็นภาคีอนุสัญญาบูดาเปสต์", "ไม่ใช่ UNTOC"), not
# when a later phrase begins ("...มิได้เป็นภาคีอนุสัญญาบูดาเปสต์ จึงอาศัย UNTOC"). ตัวแทน (agent) is no แทน.
_THAI_NEGATION = re.compile(r"ไม่|มิใช่|มิได้|(?<!ตัว)แทน")
_CLAUSE = re.compile(r"[;\n]|(?<=[a-zа-яё]{3})\.\s+(?=[A-ZА-ЯЁ])|(?<=\d)\.\s+(?=[A-ZА-ЯЁ][a-zа-яё])|"
                     r",\s*(?=(?:but|and not|not|но|а не)\b)")
_ARTICLE = re.compile(r"(?:art(?:icle|s)?\.?|ст(?:атья|атьи|атье|атьей)?\.?|มาตรา|ม\.|s\.|ss\.|sec(?:tion)?\.?|§|"
                      r"п(?:ункт)?\.|ч(?:асть)?\.)\s*(\d+)|(?<![\d.-])(\d+)\s*\(\d+\)", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """The text cut where one statement ends and another begins (";", a new line, a full stop, ", but")."""
    return [fold(c) for c in _CLAUSE.split(unicodedata.normalize("NFC", text)) if c and c.strip()]


_NEGATED_AFTER = re.compile(
    r"^[\w\s.-]{0,30}?\b(?:(?:is|are|was|does|do|did|has|have)\s+not|(?:is|are|was|does|do|did|has|have)n't|"
    r"not applicable|does not apply|"
    r"не\s+(?:применя|действ|является|распростран|участв|подлеж|вступ)\w*)|^\s?[^\s;]{0,12}?(?:ไม่|มิใช่|มิได้)"
)


def affirmed(clause: str, at: int, end: int | None = None) -> bool:
    """Whether the words at `at` (to `end`) in `clause` are stated, not negated ("not the Budapest
    Convention", "Russia is not a party to Budapest", "Budapest не применяется")."""
    before = clause[max(0, at - 48):at]
    if _NEGATION.search(before) is not None:
        return False
    thai = list(_THAI_NEGATION.finditer(before))
    if thai and len(before[thai[-1].end():].split()) <= 1:
        return False
    return end is None or _NEGATED_AFTER.search(clause[end:end + 40]) is None


def _keep(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def locate(text: str, wanted: str) -> int:
    """Where `wanted` occurs in `text`, comparing letters and digits only (case, spaces, separators
    ignored); a number is not found inside a longer one. -1 if absent. Both are folded first."""
    return span(text, wanted)[0]


def span(text: str, wanted: str) -> tuple[int, int]:
    """Where `wanted` begins and ends (one past its last letter or digit) in `text`, as `locate` finds it;
    (-1, -1) if absent."""
    needle = "".join(ch for ch in wanted if _keep(ch))
    if not needle:
        return -1, -1
    positions = [i for i, ch in enumerate(text) if _keep(ch)]
    squeezed = "".join(text[i] for i in positions)
    found = squeezed.find(needle)
    while found >= 0:
        first, last = positions[found], positions[found + len(needle) - 1]
        before = text[first - 1] if first else ""
        after = text[last + 1] if last + 1 < len(text) else ""
        if not (needle[0].isdigit() and before.isdigit()) and not (needle[-1].isdigit() and after.isdigit()):
            return first, last + 1
        found = squeezed.find(needle, found + 1)
    return -1, -1


Alias = str | Sequence[str]  # a name, or parts that must all appear in one clause ("พ.ร.ก.", "2566")


def _alias_at(clause: str, alias: Alias) -> tuple[int, int]:
    """Where the alias's parts begin (the first) and end (the last) in `clause`; (-1, -1) if one is absent."""
    parts = [alias] if isinstance(alias, str) else list(alias)
    spots = [span(clause, fold(p)) for p in parts]
    if any(b < 0 for b, _ in spots):
        return -1, -1
    return min(b for b, _ in spots), max(e for _, e in spots)


def articles(clause: str) -> set[str]:
    return {a or b for a, b in _ARTICLE.findall(clause)}


def cites(text: str, aliases: Iterable[Alias], article: str | None = None) -> bool:
    """Whether `text` cites the instrument known by `aliases` (and, if given, its `article`) in a clause
    that does not negate it, before or after the name ("not Budapest", "Budapest does not apply",
    "Будапештская конвенция не применяется", "อนุสัญญาบูดาเปสต์ไม่ใช้บังคับ")."""
    for clause in clauses(text):
        for alias in aliases:
            at, end = _alias_at(clause, alias)
            if at >= 0 and affirmed(clause, at, end) and (article is None or article in articles(clause)):
                return True
    return False


def mentions(text: str, item: str, *, affirm: bool) -> bool:
    """`item` occurs in `text` (case-insensitively); with `affirm`, only where it is not negated."""
    needle = fold(str(item)).strip()
    if not needle:
        return False
    if not affirm:
        return needle in fold(text)
    for clause in clauses(text):
        at = clause.find(needle)
        while at >= 0:
            if affirmed(clause, at, at + len(needle)):
                return True
            at = clause.find(needle, at + 1)
    return False


@lru_cache(maxsize=256)
def parse_citation(spec: str) -> tuple[str, str | None]:
    """"untoc:18" -> ("untoc", "18"); "161-fz" -> ("161-fz", None)."""
    name, _, article = spec.partition(":")
    return name.strip().casefold(), (article.strip() or None)


def known(spec: str, vocabulary: Mapping[str, Sequence[Alias]]) -> bool:
    return parse_citation(spec)[0] in vocabulary
