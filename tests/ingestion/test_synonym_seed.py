"""Every canonical indicator name maps to itself in the synonym seed, so a plan that prints
the canonical name verbatim gets the canonical id (not a new one)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "indicator_synonyms.csv"


def seed_rows() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_canonical_name_maps_to_its_own_id():
    rows = seed_rows()
    by_name = {r["indicator_name_normalized"]: r["canonical_indicator_id"] for r in rows}
    canonical = {(r["canonical_name_zh"], r["canonical_indicator_id"]) for r in rows}
    assert canonical, "the synonym seed is empty"
    wrong = sorted((name, cid, by_name.get(name)) for name, cid in canonical if by_name.get(name) != cid)
    assert wrong == [], f"canonical names without their own row (name, id, mapped to): {wrong}"


def test_canonical_names_are_already_normalized():
    # the normalize_indicator_name macro strips whitespace, a bracketed unit and comparison words
    for row in seed_rows():
        name = row["canonical_name_zh"]
        assert not re.search(r"\s|[(（][^()（）]{1,8}[)）]$|(超过|达到|不低于|不少于|以上)$", name), name
