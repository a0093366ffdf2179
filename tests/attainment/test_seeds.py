"""The reviewed seeds fct_target_attainment judges with: directions of canonical indicators and
exact unit conversions; and the cross-period proposal rule on its own."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from ingestion.indicator_synonyms import propose_cross_period
from ingestion.values import UNIT_VOCABULARY

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_direction_belongs_to_a_reviewed_canonical_indicator():
    canonical = {r["canonical_indicator_id"] for r in _rows("indicator_synonyms.csv")}
    directions = _rows("indicator_directions.csv")
    ids = [r["canonical_indicator_id"] for r in directions]
    assert len(ids) == len(set(ids))
    assert sorted(set(ids) - canonical) == []
    assert {r["direction"] for r in directions} <= {"higher", "lower"}
    assert all(r["review_note"] for r in directions)


def test_unit_conversions_are_exact_and_each_has_its_inverse():
    rows = _rows("unit_conversions.csv")
    factors = {(r["from_unit"], r["to_unit"]): float(r["factor"]) for r in rows}
    assert len(factors) == len(rows)
    for (a, b), factor in factors.items():
        assert a in UNIT_VOCABULARY and b in UNIT_VOCABULARY and a != b
        assert math.isclose(factor * factors[(b, a)], 1.0), (a, b)
        assert math.isclose(math.log10(factor), round(math.log10(factor))), (a, b)  # a power of ten
    # a per-person rate or a count of visits never converts to a head count
    assert not {pair for pair in factors if "人次" in pair or "%" in pair}


def test_a_renamed_indicator_of_one_region_and_year_is_proposed():
    targets = [("620826", 2025, "社区居家养老服务站点覆盖率"), ("620826", 2025, "城市社区养老服务设施覆盖率")]
    actuals = [
        ("620826", 2025, "社区居家养老服务站覆盖率"),
        ("620826", 2025, "农村社区养老服务设施覆盖率"),  # 农村 / 城市: another indicator
        ("620826", 2020, "社区居家养老服务站覆盖率"),  # another year
        ("620827", 2025, "社区居家养老服务站点覆盖率"),  # another region
    ]
    proposals = propose_cross_period(targets, actuals)
    assert [(p.region_code, p.year, p.target_name, p.candidate) for p in proposals] == [
        ("620826", 2025, "社区居家养老服务站点覆盖率", "社区居家养老服务站覆盖率")
    ]
    assert proposals[0].score >= 75


def test_a_weak_similarity_is_never_proposed():
    targets = [("620826", 2025, "县级公益性骨灰安葬(放)设施覆盖率")]
    actuals = [("620826", 2025, "农村社区养老服务设施覆盖率"), ("620826", 2025, "临时救助")]
    assert propose_cross_period(targets, actuals) == []
