"""The suites as Dagster asset checks: errors fail and block publishing, warnings never do.

The marts are stand-ins that materialize nothing (the synthetic warehouse already holds
them); `publish` stands for everything downstream of the marts.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from expectations.suites import SUITES
from orchestration.assets.quality import (
    MART_KEYS,
    QUALITY_REPORT_KEY,
    QUALITY_RESULTS_KEY,
    quality_checks,
    quality_report_job,
)
from orchestration.resources import WarehouseSettings
from orchestration.settings import companion_dir
from tests.contracts import contract_marts


def test_the_manifest_defines_every_mart_the_checks_run_on():
    """tests/conftest.py rebuilds a stale manifest before collection, so no suite drops out."""
    contract = set(contract_marts())
    assert set(MART_KEYS) == contract, f"the dbt manifest lacks {contract - set(MART_KEYS)}"
    assert {suite.mart for suite in SUITES} <= set(MART_KEYS)


@dg.multi_asset(specs=[dg.AssetSpec(key) for key in MART_KEYS.values()], name="stand_in_marts")
def stand_in_marts():
    for key in MART_KEYS.values():
        yield dg.MaterializeResult(asset_key=key)


PUBLISH = dg.AssetKey(["published", "stand_in"])


@dg.asset(key=PUBLISH, deps=list(MART_KEYS.values()))
def publish():
    return dg.MaterializeResult()


def _defs(db: Path) -> dg.Definitions:
    paths = WarehouseSettings(
        raw_dir=str(db.parent), warehouse_db=str(db), published_db=str(db.parent / "pub.duckdb")
    )
    return dg.Definitions(
        assets=[stand_in_marts, quality_checks, publish],
        jobs=[dg.define_asset_job("everything", selection=dg.AssetSelection.all()), quality_report_job],
        resources={"paths": paths},
    )


def _run(db: Path, job: str = "everything", instance=None):
    job_def = _defs(db).resolve_job_def(job)
    return job_def.execute_in_process(
        instance=instance or dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


def _evaluations(result) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def _materialized(result) -> set[dg.AssetKey]:
    return {m.asset_key for m in result.get_asset_materialization_events()}


def test_error_checks_are_blocking_and_warn_only_suites_are_not():
    specs = {spec.name: spec for spec in quality_checks.check_specs}
    assert specs["fct_projects"].asset_key == dg.AssetKey(["marts", "fct_projects"])
    assert specs["fct_projects"].blocking and specs["rpt_reconciliation"].blocking
    assert not specs["indicator_growth"].blocking and not specs["indicator_targets"].blocking


def test_clean_warehouse_passes_errors_and_publishes_with_warnings(clean_warehouse):
    result = _run(clean_warehouse)
    assert result.success
    evaluations = _evaluations(result)
    assert evaluations["fct_indicator_values"].passed
    recon = evaluations["rpt_reconciliation"]
    assert not recon.passed and recon.severity == dg.AssetCheckSeverity.WARN
    assert recon.metadata["warn_findings"].value == 1
    assert evaluations["fct_projects"].severity == dg.AssetCheckSeverity.WARN  # the year 202, a plan typo
    assert {PUBLISH, QUALITY_REPORT_KEY, QUALITY_RESULTS_KEY} <= _materialized(result)


def test_injected_defects_fail_their_checks_and_hold_back_publishing(defective_warehouse):
    result = _run(defective_warehouse)
    assert not result.success
    evaluations = _evaluations(result)
    for name, rule in [
        ("fct_projects", "investment_printed_mismatch"),
        ("fct_indicator_values", "indicator_value_id_unique"),
        ("fct_funding", "plan_id_in_dim_plan"),
    ]:
        check = evaluations[name]
        assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR and check.blocking, name
        assert rule in str(check.metadata["failed_expectations"].value), name
        assert "synth_a" in check.metadata["findings_sample"].value  # document:line of failing rows
    # a finding about the plan stays a warning in the same run
    assert evaluations["rpt_reconciliation"].severity == dg.AssetCheckSeverity.WARN
    materialized = _materialized(result)
    assert PUBLISH not in materialized
    assert QUALITY_REPORT_KEY in materialized  # the report of a failed run is still written
    latest = companion_dir(defective_warehouse) / "quality" / "latest.html"
    assert "35000000元" in latest.read_text(encoding="utf-8")


def test_audit_keeps_one_set_of_results_per_run(clean_warehouse):
    instance = dg.DagsterInstance.ephemeral()
    first = _run(clean_warehouse, "quality_report_job", instance)
    second = _run(clean_warehouse, "quality_report_job", instance)
    assert first.success and second.success
    with duckdb.connect(str(clean_warehouse), read_only=True) as con:
        sets = con.execute(
            """
            select run_id, count(*) filter (where record_kind = 'expectation'),
                   count(*) filter (where record_kind = 'finding'), count(distinct checked_at)
            from audit.quality_results group by run_id
            """
        ).fetchall()
        findings = con.execute(
            "select document_id, plan_id, source_line, printed_text, severity from audit.quality_results "
            "where record_kind = 'finding' and run_id = ? and expectation = 'totals_mismatch'",
            [first.run_id],
        ).fetchall()
    assert {run_id for run_id, *_ in sets} == {first.run_id, second.run_id}
    (_, expectations_1, findings_1, _), (_, expectations_2, findings_2, _) = sets
    # the synthetic plan's five quirks and its one unread line (tests/quality/synthetic.py)
    assert expectations_1 == expectations_2 > 50 and findings_1 == findings_2 == 6
    assert findings == [("synth_a", "synth_a-p1", 50, "全区共谋划项目4个", "warn")]
    for run in (first, second):
        assert (companion_dir(clean_warehouse) / "quality" / "runs" / f"{run.run_id}.html").exists()
