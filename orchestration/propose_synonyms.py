"""`python -m orchestration.propose_synonyms`: indicator synonym proposals for review.

Reads intermediate.int_indicator_names of the warehouse (read-only) and writes the pairs
that ingestion.indicator_synonyms.propose_synonyms finds to
<warehouse folder>/review/indicator_synonym_proposals.csv, and the cross-period pairs of
propose_cross_period (a target no plan answers against an actual of the same region and year
that answers no target: an indicator a later plan renamed) to
<warehouse folder>/review/indicator_synonym_proposals_cross_period.csv; a reviewer copies
accepted pairs into dbt_project/seeds/indicator_synonyms.csv. Nothing is matched here.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import duckdb

from ingestion.indicator_synonyms import CROSS_PERIOD_MIN_SCORE, propose_cross_period, propose_synonyms
from orchestration.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--min-score", type=float, default=85.0)
    parser.add_argument("--cross-period-min-score", type=float, default=CROSS_PERIOD_MIN_SCORE)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    out = args.out or settings.state_dir / "review" / "indicator_synonym_proposals.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_db), read_only=True) as con:
        query = "select indicator_name_normalized from intermediate.int_indicator_names"
        names = [row[0] for row in con.execute(query).fetchall()]
        unanswered, unmatched = _cross_period_names(con)
    proposals = propose_synonyms(names, args.min_score)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["indicator_name_normalized", "candidate_same_as", "score"])
        writer.writerows([p.name, p.candidate, p.score] for p in proposals)
    print(f"{len(proposals)} proposals from {len(set(names))} names -> {out}")
    cross = propose_cross_period(unanswered, unmatched, args.cross_period_min_score)
    cross_out = out.with_name(f"{out.stem}_cross_period{out.suffix}")
    with cross_out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["region_code", "year", "target_indicator_name", "candidate_same_as", "score"])
        writer.writerows([p.region_code, p.year, p.target_name, p.candidate, p.score] for p in cross)
    print(f"{len(cross)} cross-period proposals from {len(unanswered)} unanswered targets -> {cross_out}")
    return 0


# Targets no plan reports an actual for, and actuals of a region and year that answer no plan's
# own target (a review table restating an earlier plan's target does not count), by canonical
# name (an unreviewed indicator's canonical name is its normalized printed name).
_UNANSWERED_TARGETS = """
select distinct a.region_code, a.target_year, i.canonical_name_zh
from marts.fct_target_attainment a
join marts.dim_indicator i using (canonical_indicator_id)
where a.outcome = 'no_actual' and a.target_year is not null
"""
_UNMATCHED_ACTUALS = """
select distinct v.region_code, v.year, i.canonical_name_zh
from marts.fct_indicator_values v
join marts.dim_indicator i using (canonical_indicator_id)
where v.value_kind = 'actual' and v.year is not null
  and not exists (
    select 1 from marts.fct_target_attainment a
    join marts.dim_plan p on p.plan_id = a.target_plan_id
    where a.region_code = v.region_code and a.target_year = v.year
      and a.canonical_indicator_id = v.canonical_indicator_id
      and a.target_year between p.period_start_year and p.period_end_year
  )
"""


def _cross_period_names(con) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
    return (
        [tuple(row) for row in con.execute(_UNANSWERED_TARGETS).fetchall()],
        [tuple(row) for row in con.execute(_UNMATCHED_ACTUALS).fetchall()],
    )


if __name__ == "__main__":
    raise SystemExit(main())
