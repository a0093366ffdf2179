"""Documents are dynamic partitions keyed by their path under the raw directory."""

from __future__ import annotations

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")

# DuckDB allows one writer process: every asset that writes the warehouse runs in this pool
# (limit 1, set in orchestration/dagster.yaml), so runs queue instead of failing on a lock.
DUCKDB_WRITER_POOL = "duckdb_writer"
