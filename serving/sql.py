"""`python -m serving.sql "select …"` (or `make sql Q="select …"`): query the published copy.

Opens the published copy read-only (PLAN_WAREHOUSE_PUBLISHED_DB), or the working
warehouse with --warehouse (read-only too: never while `make run` is writing it), and
prints the result as a table. Needs nothing but what `make run` installed.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

from orchestration.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("query", help='SQL to run, e.g. "select * from marts.dim_plan"')
    parser.add_argument(
        "--warehouse", action="store_true", help="query the working warehouse (raw, staging …)"
    )
    parser.add_argument("--max-rows", type=int, default=100)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    path = settings.warehouse_db if args.warehouse else settings.published_db
    if not path.exists():
        print(f"error: {path} does not exist yet; run `make run` first", file=sys.stderr)
        return 2
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            relation = con.sql(args.query)
        except duckdb.Error as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if relation is None:
            return 0
        relation.show(max_rows=args.max_rows, max_width=200)
    return 0


if __name__ == "__main__":
    sys.exit(main())
