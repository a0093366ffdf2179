"""Quality layer: GX Core suites wrapped as Dagster asset checks, audit trail, report.

Exports (wired into orchestration/definitions.py):
QUALITY_ASSETS, QUALITY_ASSET_CHECKS, QUALITY_JOBS, QUALITY_SCHEDULES
"""

QUALITY_ASSETS: list = []
QUALITY_ASSET_CHECKS: list = []
QUALITY_JOBS: list = []
QUALITY_SCHEDULES: list = []
