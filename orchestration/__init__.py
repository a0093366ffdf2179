"""Dagster code location: raw files -> DuckDB raw -> dbt marts -> quality -> published copy."""
