"""`python -m orchestration.propose_synonyms`: indicator synonym proposals for review.

Reads intermediate.int_indicator_names of the warehouse (read-only) and writes the pairs
that ingestion.indicator_synonyms.propose_synonyms finds to
<warehouse folder>/review/indicator_synonym_proposals.csv; a reviewer copies accepted
pairs into dbt_project/seeds/indicator_synonyms.csv.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import duckdb

from ingestion.indicator_synonyms import propose_synonyms
from orchestration.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--min-score", type=float, default=85.0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    out = args.out or settings.state_dir / "review" / "indicator_synonym_proposals.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_db), read_only=True) as con:
        query = "select indicator_name_normalized from intermediate.int_indicator_names"
        names = [row[0] for row in con.execute(query).fetchall()]
    proposals = propose_synonyms(names, args.min_score)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["indicator_name_normalized", "candidate_same_as", "score"])
        writer.writerows([p.name, p.candidate, p.score] for p in proposals)
    print(f"{len(proposals)} proposals from {len(set(names))} names -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
