"""Serving: the read-only copy BI tools open, its Parquet exports and the plan overview page.

`publish` builds a complete new DuckDB file (marts + audit.quality_results) next to the
published one and swaps it in with one rename, so readers never see a half-written copy;
`overview` renders a static HTML page (inline SVG, no scripts) from the published copy.
"""
