"""The GX suites on synthetic warehouses: defects are errors, quirks of the plan are warnings."""

from __future__ import annotations

import duckdb
import pandas as pd

from expectations.runner import QualityRun
from tests.quality.synthetic import LINES, PLAN


def _suite(run: QualityRun, name: str):
    return next(s for s in run.suites if s.name == name)


def _findings(run: QualityRun, suite: str, rule: str):
    return [f for f in run.findings if f.suite == suite and f.rule == rule]


def test_a_clean_warehouse_has_no_pipeline_defects(clean_run):
    assert [
        (o.suite, o.rule, o.observed_value)
        for o in clean_run.outcomes
        if not o.success and o.severity == "error"
    ] == []
    assert not [s for s in clean_run.suites if s.missing]
    assert clean_run.error_count == 0


def test_plan_quirks_are_warnings_with_line_and_printed_text(clean_run):
    warned = {(f.suite, f.rule, f.source_line, f.printed_text) for f in clean_run.findings}
    assert warned == {
        ("indicator_targets", "target_below_baseline", 21, "70"),  # 覆盖率 80 → 70
        ("indicator_growth", "growth_inconsistent", 22, "10"),  # 120 → 150 is no 10%
        ("fct_projects", "end_year_outside_horizon", 42, "2021-202"),
        ("fct_projects", "end_before_start", 42, "2021-202"),
        ("rpt_reconciliation", "totals_mismatch", 50, "全区共谋划项目4个"),  # lists 3 of 4
        ("rpt_unread_lines", "line_not_read", 43, LINES[43]),  # the fourth, printed as nobody reads
    }
    assert {f.severity for f in clean_run.findings} == {"warn"}
    for f in clean_run.findings:
        assert (f.document_id, f.plan_id) == ("synth_a", PLAN)
        assert f.line_text  # the source line as printed, from raw.document_lines


def test_every_growth_gets_a_reading(clean_run):
    assert _suite(clean_run, "indicator_growth").summary == {"relative_change": 1, "inconsistent": 1}


def test_money_left_in_yuan_is_an_error(defective_run):
    [printed] = _findings(defective_run, "fct_projects", "investment_printed_mismatch")
    assert (printed.severity, printed.source_line, printed.printed_text) == ("error", 40, "35000000元")
    assert "left in 元" in printed.detail
    [magnitude] = _findings(defective_run, "fct_projects", "investment_implausible")
    assert magnitude.source_line == 40
    suite = _suite(defective_run, "fct_projects")
    assert suite.severity == "error" and not suite.passed


def test_a_duplicated_fact_row_is_an_error(defective_run):
    duplicated = _findings(defective_run, "fct_indicator_values", "indicator_value_id_unique")
    assert [(f.severity, f.source_line, f.value) for f in duplicated] == [("error", 20, f"{PLAN}-iv1")] * 2
    assert _findings(defective_run, "fct_indicator_values", "natural_key_unique")
    assert _suite(defective_run, "fct_indicator_values").severity == "error"


def test_a_broken_foreign_key_is_an_error(defective_run):
    [broken] = _findings(defective_run, "fct_funding", "plan_id_in_dim_plan")
    assert broken.severity == "error" and broken.detail == "plan_id synth_a-p9 not in dim_plan"
    assert _suite(defective_run, "fct_funding").severity == "error"


def test_plan_level_findings_stay_warnings_next_to_defects(defective_run):
    recon = _suite(defective_run, "rpt_reconciliation")
    assert not recon.passed and recon.severity == "warn"
    assert _suite(defective_run, "indicator_growth").severity == "warn"
    assert {f.severity for f in _findings(defective_run, "fct_projects", "end_year_outside_horizon")} == {
        "warn"
    }


def test_suites_without_their_mart_report_it(tmp_path, clean_warehouse):
    import duckdb

    from expectations.runner import run_quality

    with duckdb.connect(str(clean_warehouse)) as con:
        con.execute("drop table marts.rpt_reconciliation")
    run = run_quality(clean_warehouse, tmp_path / "quality", "no-recon")
    recon = _suite(run, "rpt_reconciliation")
    assert recon.missing == ["rpt_reconciliation"] and recon.severity == "error"


def test_gx_data_docs_are_built_in_the_quality_dir(defective_run):
    assert defective_run.data_docs_index and defective_run.data_docs_index.endswith("index.html")


def test_a_warehouse_that_read_everything_has_no_unread_finding(tmp_path, clean_warehouse):
    import duckdb

    from expectations.runner import run_quality
    from expectations.suites import SUITES_BY_NAME

    with duckdb.connect(str(clean_warehouse)) as con:
        con.execute("delete from marts.rpt_unread_lines")
    run = run_quality(clean_warehouse, tmp_path / "quality", "all-read", [SUITES_BY_NAME["rpt_unread_lines"]])
    suite = _suite(run, "rpt_unread_lines")
    assert suite.passed and not suite.missing and run.findings == []


def test_a_rule_whose_column_the_frame_lacks_is_an_error(tmp_path):
    from expectations.runner import gx_context, validate
    from expectations.suites import ERROR, Suite, not_null

    suite = Suite("probe", "dim_plan", "probe", ("dim_plan",), lambda m: m["dim_plan"], [not_null("no_such")])
    (result,) = validate({"dim_plan": pd.DataFrame({"plan_id": ["p1"]})}, gx_context(tmp_path), [suite])
    (outcome,) = result.outcomes
    assert not outcome.success and outcome.severity == ERROR and "no_such" in outcome.observed_value
    assert not result.passed and result.severity == ERROR


def test_the_stand_in_marts_hold_every_column_of_the_dbt_contracts(clean_warehouse):
    from tests.contracts import contract_columns

    with duckdb.connect(str(clean_warehouse), read_only=True) as con:
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall():
            shown = [r[0] for r in con.execute(f"describe marts.{name}").fetchall()]
            assert shown == [c for c, _ in contract_columns(name)], name


def _outcomes(run) -> list[tuple]:
    return sorted((o.suite, o.rule, o.success, o.unexpected_count) for o in run.outcomes)


def test_suites_are_registered_in_gx_once_and_again_only_when_they_change(
    tmp_path, defective_warehouse, monkeypatch
):
    from dataclasses import replace

    import great_expectations as gx

    from expectations import runner
    from expectations.suites import SUITES

    registered = []
    real_register = runner._register
    monkeypatch.setattr(
        runner,
        "_register",
        lambda ctx, suite, rules: registered.append(suite.name) or real_register(ctx, suite, rules),
    )
    quality = tmp_path / "quality"
    first = runner.run_quality(defective_warehouse, quality, "first")
    assert sorted(registered) == sorted(s.name for s in SUITES)
    # every suite's dataframe asset stays in the one datasource (none replaced by the next)
    datasource = gx.get_context(mode="file", project_root_dir=str(quality)).data_sources.get(
        runner.DATASOURCE
    )
    assert sorted(a.name for a in datasource.assets) == sorted(s.name for s in SUITES)

    registered.clear()
    second = runner.run_quality(defective_warehouse, quality, "second")
    assert registered == []
    assert (
        _outcomes(second) == _outcomes(first)
        and second.findings
        and len(second.findings) == len(first.findings)
    )

    changed = [replace(s, rules=s.rules[:-1]) if s.name == "fct_projects" else s for s in SUITES]
    third = runner.run_quality(defective_warehouse, quality, "third", changed)
    assert registered == ["fct_projects"]
    assert len(third.outcomes) == len(first.outcomes) - 1


def test_data_docs_are_rebuilt_by_full_checks_not_by_scoped_ones(tmp_path, defective_warehouse):
    from expectations.runner import run_quality

    quality = tmp_path / "quality"
    index = quality / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    scoped = run_quality(defective_warehouse, quality, "scoped", documents=["no-such-document"])
    assert not index.exists() and scoped.data_docs_index is None
    full = run_quality(defective_warehouse, quality, "full")
    assert index.exists() and full.data_docs_index == str(index)
    built = index.stat().st_mtime_ns
    rescoped = run_quality(defective_warehouse, quality, "scoped-again", documents=["no-such-document"])
    assert index.stat().st_mtime_ns == built  # left as the full check wrote it, and linked
    assert rescoped.data_docs_index == str(index)


def test_a_stated_total_with_nothing_read_under_it_is_no_finding_about_the_plan(tmp_path, clean_warehouse):
    """Planted: a second statement of the same plan whose rows were not read (computed 0).
    Its gap is the extractor's (rpt_unread_lines lists such a count), not the plan's
    arithmetic; the plan's real mismatch (4 stated, 3 listed) is still found."""
    import duckdb

    from expectations.runner import run_quality
    from expectations.suites import SUITES_BY_NAME

    with duckdb.connect(str(clean_warehouse)) as con:
        con.execute(
            "insert into marts.rpt_reconciliation by name "
            "select * replace (reconciliation_id || '-unread' as reconciliation_id, 0 as computed_value, "
            "- stated_value as difference, 'mismatch' as status, source_line + 1 as source_line) "
            "from marts.rpt_reconciliation where status = 'mismatch'"
        )
        planted = con.execute(
            "select count(*) from marts.rpt_reconciliation where computed_value = 0"
        ).fetchone()
    assert planted[0] >= 1
    run = run_quality(clean_warehouse, tmp_path / "quality", "unread", [SUITES_BY_NAME["rpt_reconciliation"]])
    found = [(f.source_line, f.printed_text) for f in _findings(run, "rpt_reconciliation", "totals_mismatch")]
    assert found == [(50, "全区共谋划项目4个")]


def test_a_rule_computed_from_a_column_the_mart_lacks_is_an_error_not_a_pass(tmp_path):
    """A renamed printed-text column used to read as all-None, and the rules computed from
    it passed: now every rule of the suite fails as an error naming the column."""
    from expectations.runner import gx_context, validate
    from expectations.suites import ERROR, SUITES_BY_NAME
    from tests.quality.synthetic import _frames

    marts = _frames()
    marts["fct_funding"] = marts["fct_funding"].drop(columns=["amount_text"])
    suite = SUITES_BY_NAME["fct_funding"]
    (result,) = validate(marts, gx_context(tmp_path), [suite])
    assert {o.rule for o in result.outcomes} == {r.name for r in suite.rules}
    assert all(not o.success and o.severity == ERROR for o in result.outcomes)
    assert all("amount_text" in o.observed_value for o in result.outcomes)
    assert not result.passed and result.severity == ERROR
    # the twin with the column: the funding suite has no error
    (clean,) = validate(_frames(), gx_context(tmp_path / "clean"), [suite])
    assert not clean.failed_errors


def test_an_incremental_check_takes_every_document_of_the_changed_plans_regions():
    from expectations.runner import region_scope

    plans = pd.DataFrame(
        {
            "plan_id": ["a-p1", "b-p1", "b-p2", "c-p1", "d-p1"],
            "document_id": ["a", "b", "b", "c", "d"],
            "region_code": ["110101", "110101", "120101", "120101", "130101"],
        }
    )
    assert region_scope({"dim_plan": plans}, ["a"]) == ["a", "b"]
    # b also holds a plan of region 120101: its neighbour c comes along, d (another region) not
    assert region_scope({"dim_plan": plans}, ["b"]) == ["a", "b", "c"]
    assert region_scope({"dim_plan": plans}, ["d"]) == ["d"]
    assert region_scope({"dim_plan": plans}, ["new"]) == ["new"]


def test_a_span_off_its_printed_value_is_an_error(tmp_path):
    """Planted: one indicator value's span moved a character left (" 4" instead of "40"); the
    clean twin (every span on its value, the unread number's span on "60") gives nothing."""
    from expectations.runner import run_quality
    from expectations.suites import SUITES_BY_NAME
    from tests.quality.synthetic import build_warehouse

    suites = [
        SUITES_BY_NAME[n] for n in ("fct_indicator_values", "fct_projects", "fct_funding", "rpt_unread_lines")
    ]
    clean = build_warehouse(tmp_path / "clean" / "plans.duckdb")
    run = run_quality(clean, tmp_path / "clean" / "quality", "spans-clean", suites)
    assert [f for f in run.findings if f.rule == "span_off_printed"] == []
    planted = build_warehouse(tmp_path / "planted" / "plans.duckdb", ("span_off_by_one",))
    run = run_quality(planted, tmp_path / "planted" / "quality", "spans-planted", suites)
    found = [
        (f.suite, f.severity, f.source_line, f.printed_text)
        for f in run.findings
        if f.rule == "span_off_printed"
    ]
    assert found == [("fct_indicator_values", "error", 20, "40")]
