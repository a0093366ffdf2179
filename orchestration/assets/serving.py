"""Serving layer: the published read-only copy, Parquet exports, the plan overview page.

Exports (wired into orchestration/definitions.py): SERVING_ASSETS
"""

SERVING_ASSETS: list = []
