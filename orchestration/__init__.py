"""Dagster code location: raw files -> DuckDB raw -> dbt marts -> quality -> published copy."""

import warnings

# The landing asset uses backfill_policy (single-run backfills of all documents) knowingly;
# Dagster flags the parameter as beta on every import, which would print on every run.
warnings.filterwarnings(
    "ignore", message=r"Parameter `backfill_policy` of function `asset` is currently in beta"
)
