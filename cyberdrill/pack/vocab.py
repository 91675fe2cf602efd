"""Closed vocabularies the pack format offers: TLP 2.0 labels and RSIT classes/types.

They must agree with the FIRST TLP 2.0 standard and the Reference Security Incident Taxonomy
(tests compare them with the MISP machinetag files in shared/domain/data).
"""

from __future__ import annotations

from typing import Literal, get_args

# TLP 2.0 (FIRST, August 2022), ordered from the least to the most restrictive.
TlpLabel = Literal["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
TLP_LABELS: tuple[str, ...] = get_args(TlpLabel)
TLP_RANK: dict[str, int] = {label: rank for rank, label in enumerate(TLP_LABELS)}

# FIRST's colours; labels are never translated.
TLP_COLOURS: dict[str, str] = {
    "TLP:CLEAR": "#FFFFFF",
    "TLP:GREEN": "#33FF00",
    "TLP:AMBER": "#FFC000",
    "TLP:AMBER+STRICT": "#FFC000",
    "TLP:RED": "#FF2B2B",
}

# Labels people still type that TLP 2.0 does not have, with what to write instead.
TLP_HINTS: dict[str, str] = {
    "TLP:WHITE": "TLP:WHITE was retired in TLP 2.0; write TLP:CLEAR",
    "WHITE": "TLP:WHITE was retired in TLP 2.0; write TLP:CLEAR",
    "TLP:AMBER STRICT": "write TLP:AMBER+STRICT",
    "TLP:UNCLEAR": "TLP:UNCLEAR is not a FIRST TLP 2.0 label",
    "TLP:EX:CHR": "TLP:EX:CHR is not a FIRST TLP 2.0 label",
}


def tlp_hint(value: str) -> str | None:
    """A hint for a label that is not TLP 2.0, or None when nothing better than the list can be said."""
    key = value.strip().upper()
    if key in TLP_HINTS:
        return TLP_HINTS[key]
    if not key.startswith("TLP:") and f"TLP:{key}" in TLP_RANK:
        return f"write TLP:{key} (labels carry the TLP: prefix)"
    return None


# Reference Security Incident Taxonomy (ENISA RSIT, as published in the MISP taxonomies), class -> types.
RSIT: dict[str, tuple[str, ...]] = {
    "abusive-content": ("spam", "harmful-speech", "violence"),
    "malicious-code": ("infected-system", "c2-server", "malware-distribution", "malware-configuration"),
    "information-gathering": ("scanner", "sniffing", "social-engineering"),
    "intrusion-attempts": ("ids-alert", "brute-force", "exploit"),
    "intrusions": (
        "privileged-account-compromise",
        "unprivileged-account-compromise",
        "application-compromise",
        "system-compromise",
        "burglary",
    ),
    "availability": ("dos", "ddos", "misconfiguration", "sabotage", "outage"),
    "information-content-security": (
        "unauthorised-information-access",
        "unauthorised-information-modification",
        "data-loss",
        "data-leak",
    ),
    "fraud": ("unauthorised-use-of-resources", "copyright", "masquerade", "phishing"),
    "vulnerable": (
        "weak-crypto",
        "ddos-amplifier",
        "potentially-unwanted-accessible",
        "information-disclosure",
        "vulnerable-system",
    ),
    "other": ("other", "undetermined"),
    "test": ("test",),
}

# An RSIT value as the format writes it: "class/type", e.g. "fraud/phishing".
RSIT_VALUES: tuple[str, ...] = tuple(f"{cls}/{typ}" for cls, types in RSIT.items() for typ in types)

# HSEEP performance ratings, best first.
Rating = Literal["P", "S", "M", "U"]
RATING_NAMES: dict[str, str] = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
