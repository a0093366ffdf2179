"""The dbt seeds that hold the field's word and unit lists, read by Python.

dbt `ref`s the same CSV files (dbt_project/seeds), so SQL, the extractor and the checks
read one list. Read once per process.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"
# The seeds Python reads (the landing's code version hashes them with the extraction code).
SEEDS_READ_BY_PYTHON = ("money_units", "construction_types")


def seed_rows(name: str) -> list[dict[str, str]]:
    """The rows of seed `name` (dbt_project/seeds/<name>.csv), in file order."""
    if name not in SEEDS_READ_BY_PYTHON:
        raise ValueError(
            f"seed {name!r} is not in SEEDS_READ_BY_PYTHON (the landing's code version hashes those)"
        )
    with (SEEDS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@functools.cache
def money_units() -> dict[str, str]:
    """Every unit money is printed in -> its worth in 万元 as a decimal string ('千元' -> '0.1')."""
    return {row["unit"]: row["wan_yuan_per_unit"] for row in seed_rows("money_units")}


def longest_first(words) -> list[str]:
    """Words in the order a regex alternation must try them ('千万元' before '万元')."""
    return sorted(words, key=len, reverse=True)


@functools.cache
def construction_types() -> dict[str, str]:
    """Every printed construction type (建设性质) -> its category ('改扩建' -> 'renovation_expansion')."""
    return {row["construction_type_zh"]: row["construction_type"] for row in seed_rows("construction_types")}


@functools.cache
def construction_type_words() -> tuple[str, ...]:
    """The construction types the extractor reads by themselves, longest first."""
    words = [
        row["construction_type_zh"]
        for row in seed_rows("construction_types")
        if row["is_cell_word"] == "true"
    ]
    return tuple(longest_first(words))
