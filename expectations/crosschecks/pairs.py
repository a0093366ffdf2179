"""What every cross-check shares: the shape of a compared pair, intervals, plans of lines.

A cross-check returns one row per pair it compared: both source lines and both texts as
printed, and a rule column that is None when the pair agrees and the explanation when it
does not. Tolerances are read with the figures (the printed precision: half a unit of the
last printed digit, landed by extraction); a comparator widens a value to an interval
('≥55%' is [55, ∞)); two statements disagree only when their intervals do not meet.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

# the columns every cross-check row carries (plus its own rule column)
PAIR_COLUMNS = [
    "document_id",
    "plan_id",
    "region_code",
    "source_line",
    "printed_text",
    "related_source_line",
    "related_text",
    "subject",
]

# A count unit: the value is a number of things, never a share.
COUNT_UNITS = frozenset({"个", "人", "人次", "张", "户", "家", "所", "处", "座", "条", "项", "次", "件"})
SHARE_UNITS = frozenset({"%", "‰"})


def num(x: float) -> str:
    return format(float(x), ".12g")


def missing(x) -> bool:
    try:
        return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))
    except TypeError:
        return False


def interval(comparator: str | None, number: float, tolerance: float) -> tuple[float, float]:
    """The values a printed statement allows: '≥55' -> [55, ∞), '60' -> [60 ± tolerance]."""
    low, high = number - tolerance, number + tolerance
    if comparator in (">=", ">"):
        return low, math.inf
    if comparator in ("<=", "<"):
        return -math.inf, high
    return low, high


def disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] + 1e-9 < b[0] or b[1] + 1e-9 < a[0]


def frame(rows: list[dict], rule: str) -> pd.DataFrame:
    """The rows of one rule as a frame: PAIR_COLUMNS, related_document_id and the rule column."""
    out = pd.DataFrame(rows, columns=[*PAIR_COLUMNS, "related_document_id", "problem"])
    out = out.rename(columns={"problem": rule})
    for column in ("source_line", "related_source_line"):
        out[column] = out[column].astype("Int64")
    return out


def plan_of_line(plan_starts: list[tuple[int, str]], line: int) -> str | None:
    """The plan a line belongs to: the last plan title at or above it (the first plan above all)."""
    starts = sorted(plan_starts)
    if not starts:
        return None
    owner = starts[0][1]
    for start, plan_id in starts:
        if start <= line:
            owner = plan_id
    return owner


@dataclass
class PlanLayout:
    """Where each document's plans start, which years they cover, their regions (dim_plan)."""

    starts: dict[str, list[tuple[int, str]]]
    periods: dict[str, tuple[int, int]]
    regions: dict[str, str]

    @classmethod
    def of(cls, plans: pd.DataFrame) -> PlanLayout:
        starts, periods, regions = defaultdict(list), {}, {}
        for p in plans.to_dict("records"):
            line = p.get("source_line")
            starts[p["document_id"]].append((0 if missing(line) else int(line), p["plan_id"]))
            if not missing(p["period_start_year"]) and not missing(p["period_end_year"]):
                periods[p["plan_id"]] = (int(p["period_start_year"]), int(p["period_end_year"]))
            if isinstance(p.get("region_code"), str):
                regions[p["plan_id"]] = p["region_code"]
        return cls(dict(starts), periods, regions)


def with_plans(rows: list[dict], layout: PlanLayout, rule: str) -> pd.DataFrame:
    """Rows found in one document's text, given the plan their line belongs to."""
    for r in rows:
        r["plan_id"] = plan_of_line(layout.starts.get(r["document_id"], []), r["source_line"])
        r["region_code"] = layout.regions.get(r["plan_id"])
    return frame(rows, rule)
