"""Text in, rows out: turns plan texts into the rows of the `raw` schema.

Pure parsing lives in small modules (`blocks`, `plans`, `regions`, `values`,
`tables`, `indicators`, `projects`, `funding`, `totals`); `extract` runs them on one
document and `landing` does the only I/O (Parquet landing zone, DuckDB load).
"""
