"""The pack format's TLP labels and RSIT values agree with the MISP taxonomy files kept beside the checkout.

The reference files (MISP/misp-taxonomies, CC0) are read from `shared/domain/data/` beside the checkout,
or from the folder `$CYBERDRILL_REFERENCE_DATA` names; their keepers ask that they not be copied into the
project. Outside CI a clone without them skips these two tests, saying so; under CI that skip is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cyberdrill.pack.vocab import RSIT, RSIT_VALUES, TLP_LABELS

DATA = Path(os.environ.get("CYBERDRILL_REFERENCE_DATA")
            or Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "data")
pytestmark = pytest.mark.skipif(
    not (DATA / "rsit.machinetag.json").is_file(),
    reason=f"the MISP taxonomy files are not in {DATA} (shared/domain/data beside the checkout, "
           "or set CYBERDRILL_REFERENCE_DATA)")

# FIRST TLP 2.0 has five labels; the MISP file also keeps TLP 1.0's white and the non-FIRST ex:chr, unclear.
FIRST_TLP_2 = ("red", "amber", "amber+strict", "green", "clear")


def test_tlp_labels_are_the_five_first_labels() -> None:
    misp = json.loads((DATA / "tlp.machinetag.json").read_text(encoding="utf-8"))
    values = {p["value"] for p in misp["predicates"]}
    assert set(FIRST_TLP_2) <= values
    assert sorted(TLP_LABELS) == sorted(f"TLP:{v.upper()}" for v in FIRST_TLP_2)


def test_rsit_classes_and_types_match_misp() -> None:
    misp = json.loads((DATA / "rsit.machinetag.json").read_text(encoding="utf-8"))
    classes = [p["value"] for p in misp["predicates"]]
    types = {v["predicate"]: [e["value"] for e in v["entry"]] for v in misp["values"]}
    assert list(RSIT) == classes
    assert {cls: list(t) for cls, t in RSIT.items()} == {cls: types.get(cls, []) for cls in classes}
    assert len(RSIT_VALUES) == sum(len(t) for t in types.values())
