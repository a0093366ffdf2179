"""Quality layer: GX Core suites wrapped as Dagster asset checks, audit trail, report.

One multi-asset step (`quality_checks`) reads the warehouse once through read-only
connections, runs every suite of `expectations.suites`, and reports each suite as an
asset check on its mart (AssetKey(["marts", <model>])). A suite holding `error` rules is
a blocking check: a pipeline defect fails it with AssetCheckSeverity.ERROR and the
assets downstream of that mart (publishing) do not run. `warn` rules are findings about
the source plan: the check reports them with severity WARN and never blocks.

The same step then appends every result to audit.quality_results (pool duckdb_writer,
one short write) and writes the report page. It is one step on purpose: a failed
blocking check fails its step and Dagster skips every step downstream of it, but the
report of such a run is exactly the one people need to read.

Exports (wired into orchestration/definitions.py):
QUALITY_ASSETS, QUALITY_ASSET_CHECKS, QUALITY_JOBS (the daily full check: orchestration/jobs.py)
"""

import dagster as dg

from expectations.audit import TABLE as AUDIT_TABLE
from expectations.audit import append_results, carry_over_findings
from expectations.report import write_report
from expectations.runner import QualityRun, SuiteResult, run_quality
from expectations.suites import ERROR, SUITES
from orchestration.assets.dbt import plan_warehouse_dbt_assets
from orchestration.partitions import DUCKDB_WRITER_POOL
from orchestration.refresh_state import documents_to_check
from orchestration.resources import WarehouseSettings

MART_KEYS = {key.path[-1]: key for key in plan_warehouse_dbt_assets.keys if key.path[0] == "marts"}
# Suites whose mart the dbt project defines (every suite once the contract's marts exist).
ACTIVE_SUITES = [suite for suite in SUITES if suite.mart in MART_KEYS]

QUALITY_RESULTS_KEY = dg.AssetKey(["audit", "quality_results"])
QUALITY_REPORT_JOB = "quality_report_job"
QUALITY_REPORT_KEY = dg.AssetKey(["quality", "quality_report"])
SAMPLE_ROWS = 10

CHECK_SPECS = [
    dg.AssetCheckSpec(
        name=suite.name,
        asset=MART_KEYS[suite.mart],
        description=f"GX suite {suite.name}: {suite.description}"
        + (
            " (blocking: error rules are pipeline defects)"
            if suite.has_errors
            else " (findings about the source)"
        ),
        blocking=suite.has_errors,
    )
    for suite in ACTIVE_SUITES
]


def _md_cell(value) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")[:120]


def check_metadata(suite: SuiteResult, run: QualityRun) -> dict:
    failed = [o for o in suite.outcomes if not o.success]
    sample = sorted(suite.findings, key=lambda f: f.severity != ERROR)[:SAMPLE_ROWS]
    table = (
        "| severity | rule | document:line | plan | printed | finding |\n|---|---|---|---|---|---|\n"
        + "".join(
            f"| {f.severity} | {f.rule} | {_md_cell(f.document_id)}:{_md_cell(f.source_line)}"
            + (f" ↔ {f.related_source_line}" if f.related_source_line is not None else "")
            + f" | {_md_cell(f.plan_id)} "
            f"| {_md_cell(f.printed_text or f.line_text)} | {_md_cell(f.detail)} |\n"
            for f in sample
        )
    )
    metadata = {
        "suite": suite.name,
        "rows_validated": suite.row_count,
        "expectations": len(suite.outcomes),
        "failed_error_expectations": len(suite.failed_errors),
        "failed_warn_expectations": len(suite.failed_warnings),
        "error_findings": sum(f.severity == ERROR for f in suite.findings),
        "warn_findings": sum(f.severity != ERROR for f in suite.findings),
        "failed_expectations": dg.MetadataValue.json(
            [
                {"rule": o.rule, "severity": o.severity, "observed": o.observed_value, "means": o.explain}
                for o in failed
            ]
        ),
        "findings_sample": dg.MetadataValue.md(table if sample else "no findings"),
    }
    if suite.summary:
        metadata["rows_by_class"] = dg.MetadataValue.json(suite.summary)
    if suite.missing:
        metadata["missing_marts"] = ", ".join(suite.missing)
    if run.data_docs_index:
        metadata["data_docs"] = dg.MetadataValue.path(run.data_docs_index)
    return metadata


@dg.multi_asset(
    name="quality_checks",
    specs=[
        dg.AssetSpec(
            QUALITY_RESULTS_KEY,
            deps=list(MART_KEYS.values()),
            description=f"{AUDIT_TABLE}: every expectation result and finding of every run (appended).",
            group_name="quality",
            kinds={"duckdb"},
        ),
        dg.AssetSpec(
            QUALITY_REPORT_KEY,
            deps=[QUALITY_RESULTS_KEY],
            description="warehouse/plans/quality/latest.html (and runs/<run>.html): the quality report page of the run.",
            group_name="quality",
            kinds={"html"},
        ),
    ],
    check_specs=CHECK_SPECS,
    # the checks target the marts upstream of this step (as dagster-dbt's source tests do):
    # Dagster then exempts this step from waiting on them and holds back the marts' other
    # downstream assets until they pass
    allow_arbitrary_check_specs=True,
    pool=DUCKDB_WRITER_POOL,
)
def quality_checks(context: dg.AssetExecutionContext, paths: WarehouseSettings):
    """Run every GX suite once, report each as an asset check, append the audit trail, write the report.

    After an incremental refresh only the rebuilt documents are checked (their rows; the
    dimensions stay whole); the findings of the other documents are carried over from their
    last check, marked as such. A full refresh (the daily one) and `quality_report_job`
    (`make report`) check everything.
    """
    settings = paths.settings()
    scope = None if context.run.job_name == QUALITY_REPORT_JOB else documents_to_check(settings.warehouse_db)
    run = run_quality(
        settings.warehouse_db, settings.quality_dir, context.run.run_id, ACTIVE_SUITES, documents=scope
    )
    carried = carry_over_findings(settings.warehouse_db, run)
    if scope is not None:
        context.log.info(
            f"quality checked {len(run.scope_documents)} document(s) ({len(scope)} changed, the others "
            f"share a region with them); {carried} finding(s) carried over"
        )
    written = append_results(settings.warehouse_db, run)
    page, latest = write_report(run, settings.quality_dir)
    context.log.info(f"quality report: {latest}")
    for suite in run.suites:
        yield dg.AssetCheckResult(
            asset_key=MART_KEYS[suite.mart],
            check_name=suite.name,
            passed=suite.passed,
            severity=dg.AssetCheckSeverity.ERROR if suite.severity == ERROR else dg.AssetCheckSeverity.WARN,
            metadata=check_metadata(suite, run),
        )
    findings = run.findings
    yield dg.MaterializeResult(
        asset_key=QUALITY_RESULTS_KEY,
        metadata={
            "run_id": run.run_id,
            "rows_appended": written,
            "scope": "every document"
            if scope is None
            else f"{len(run.scope_documents)} document(s) ({len(scope)} changed)",
            "findings_carried_over": carried,
            "expectations": len(run.outcomes),
            "error_findings": sum(f.severity == ERROR for f in findings),
            "warn_findings": sum(f.severity != ERROR for f in findings),
        },
    )
    yield dg.MaterializeResult(
        asset_key=QUALITY_REPORT_KEY,
        metadata={
            "report": dg.MetadataValue.path(str(latest)),
            "run_report": dg.MetadataValue.path(str(page)),
            "data_docs": dg.MetadataValue.path(run.data_docs_index or ""),
            "findings_by_plan": dg.MetadataValue.json(
                {plan: dict(kinds) for plan, kinds in run.counts_by_plan_and_kind().items()}
            ),
        },
    )


quality_report_job = dg.define_asset_job(
    QUALITY_REPORT_JOB,
    selection=dg.AssetSelection.assets(QUALITY_RESULTS_KEY, QUALITY_REPORT_KEY)
    | dg.AssetSelection.checks(*[spec.key for spec in CHECK_SPECS]),
    description="Check the warehouse as it is now (GX suites), append audit.quality_results, write the report.",
)

QUALITY_ASSETS: list = [quality_checks]
QUALITY_ASSET_CHECKS: list = []  # the checks are part of quality_checks (one step runs every suite once)
QUALITY_JOBS: list = [quality_report_job]
