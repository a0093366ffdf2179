"""`make report`: check the warehouse as it is now and write the quality report.

Runs quality_report_job (the same job the daily schedule starts) in process: every GX
suite against the current warehouse, results appended to audit.quality_results, the
page written to warehouse/plans/quality/runs/<run>.html and warehouse/plans/quality/latest.html.
Exits 1 when a blocking check failed (a pipeline defect); the report is written anyway.
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg

from orchestration.settings import Settings


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args(argv)
    settings = Settings.from_env()
    if not settings.warehouse_db.exists():
        print(f"no warehouse at {settings.warehouse_db}: run `make run` first", file=sys.stderr)
        return 1
    from orchestration.definitions import defs  # resources read the environment at import

    job = defs.resolve_job_def("quality_report_job")
    result = job.execute_in_process(instance=dg.DagsterInstance.get(), raise_on_error=False)
    latest = settings.quality_dir / "latest.html"
    print(f"quality report:   {latest}" if latest.exists() else "quality report was not written")
    if not result.success:
        print("blocking quality checks failed (pipeline defects): see the report", file=sys.stderr)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
