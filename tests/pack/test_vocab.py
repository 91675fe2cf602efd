"""The pack format's TLP labels and RSIT values agree with the MISP taxonomy files kept beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cyberdrill.pack.vocab import RSIT, RSIT_VALUES, TLP_LABELS

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "data"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="shared/domain/data is not beside this checkout")

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
