"""The fct_target_attainment suite: a planted defect or plan finding for each rule, and a clean twin
that gives nothing."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from expectations.runner import run_quality
from expectations.suites import SUITES_BY_NAME
from tests.contracts import contract_columns, insert_rows
from tests.quality.synthetic import DOC, PLAN, REGION, build_warehouse

SUITE = SUITES_BY_NAME["fct_target_attainment"]


def _row(i: int, **values) -> dict:
    return {
        "target_attainment_id": f"t{i}-ta",
        "region_code": REGION,
        "canonical_indicator_id": f"ind{i}",
        "indicator_name": f"指标{i}",
        "target_indicator_value_id": f"t{i}",
        "target_plan_id": PLAN,
        "target_year": 2025,
        "target_document_id": DOC,
        "target_source_line": 20 + i,
        "direction": "higher",
        "direction_source": "reviewed",
        "actual_count": 1,
        "actual_plan_id": "later-p1",
        "actual_document_id": "later",
        "actual_source_line": 8 + i,
        **values,
    }


# every outcome, each consistent with its comparator and direction
CLEAN = [
    _row(1, target_value=55, target_comparator=">=", target_value_text="≥55", unit="%", attribute="binding",
         actual_value=58, outcome="met", gap=3),
    _row(2, target_value=0.8, target_comparator="<=", target_value_text="≤0.8", unit="‰", attribute="binding",
         actual_value=0.5, outcome="met", gap=0.3, direction="lower"),
    _row(3, target_value=10, target_comparator="=", target_value_text="10", unit="天", attribute="expected",
         actual_value=12, outcome="missed", gap=-2, direction="lower"),
    _row(4, target_value=35, target_comparator="=", target_value_text="35", unit="张", attribute="expected",
         actual_value=33, outcome="missed", gap=-2),
    _row(5, target_value=100, target_comparator="=", target_value_text="100", unit="%", attribute="expected",
         outcome="no_actual", actual_count=0, actual_plan_id=None, actual_document_id=None,
         actual_source_line=None),
    _row(6, target_value=1500, target_comparator="=", target_value_text="1500", unit="人次", attribute="expected",
         outcome="not_comparable", actual_unit="人", actual_value_text="1400"),
]  # fmt: skip


def _validate(tmp_path, rows: list[dict]):
    db = build_warehouse(tmp_path / "plans.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("delete from marts.fct_target_attainment")
        insert_rows(con, "fct_target_attainment", rows)
    run = run_quality(db, tmp_path / "quality", "attainment", suites=[SUITE])
    return run, [f for f in run.findings if f.suite == SUITE.name]


def test_a_consistent_attainment_mart_gives_no_finding(tmp_path):
    run, findings = _validate(tmp_path, CLEAN)
    assert findings == []
    [suite] = run.suites
    assert suite.passed and suite.summary == {
        "met": 2,
        "missed": 2,
        "no_actual": 1,
        "not_comparable": 1,
    }


@pytest.mark.parametrize(
    ("planted", "rule", "severity"),
    [
        # 52 does not reach ≥60, yet the row says met
        (dict(target_value=60, target_comparator=">=", target_value_text="≥60", actual_value=52, outcome="met",
              attribute="expected"), "met_without_reaching_target", "error"),
        # a bare target of a lower-is-better indicator: 12 days are more than 10, yet met
        (dict(target_value=10, target_comparator="=", target_value_text="10", actual_value=12, outcome="met",
              direction="lower", attribute="expected"), "met_without_reaching_target", "error"),
        (dict(target_value=55, target_comparator=">=", target_value_text="≥55", actual_value=58,
              outcome="missed", attribute="expected"), "missed_although_reached", "error"),
        (dict(target_value=60, target_comparator=">=", target_value_text="≥60", actual_value=52,
              outcome="missed", attribute="binding", gap=-8), "binding_target_missed", "warn"),
        (dict(target_value=100, target_comparator="=", target_value_text="100", outcome="conflicting_actuals",
              attribute="expected", actual_count=2,
              actual_values_reported="100 (%, later line 16); 98 (%, later line 21)"), "actuals_disagree", "warn"),
        (dict(target_value=1, target_comparator="=", target_value_text="1", outcome="exceeded",
              attribute="expected"), "outcome_in_vocabulary", "error"),
    ],
)  # fmt: skip
def test_a_planted_row_gives_exactly_its_finding(tmp_path, planted, rule, severity):
    planted_row = _row(9, unit="%", **planted)
    _, findings = _validate(tmp_path, [*CLEAN, planted_row])
    assert [(f.rule, f.severity, f.source_line, f.printed_text) for f in findings] == [
        (rule, severity, 29, planted["target_value_text"])
    ]
    [finding] = findings
    assert (finding.document_id, finding.plan_id, finding.region_code) == (DOC, PLAN, REGION)
    if rule != "outcome_in_vocabulary":
        assert finding.related_source_line == 17  # the actual's line is the related statement


def test_a_duplicated_target_is_a_key_error(tmp_path):
    _, findings = _validate(tmp_path, [*CLEAN, dict(CLEAN[0], target_attainment_id="t1-bis")])
    assert {(f.rule, f.severity) for f in findings} == {("target_indicator_value_id_unique", "error")}


def test_the_frame_points_findings_at_the_target_and_the_actual():
    columns = [name for name, _ in contract_columns("fct_target_attainment")]
    frame = SUITE.frame({"fct_target_attainment": pd.DataFrame(CLEAN, columns=columns)})
    assert list(frame["source_line"]) == [r["target_source_line"] for r in CLEAN]
    related = [None if pd.isna(v) else int(v) for v in frame["related_source_line"]]
    assert related == [r["actual_source_line"] for r in CLEAN]


def test_a_scoped_run_finds_attainment_findings_afresh_and_carries_none(tmp_path):
    from expectations.audit import append_results, carry_over_findings

    binding_missed = _row(9, unit="%", target_value=60, target_comparator=">=", target_value_text="≥60",
                          actual_value=52, outcome="missed", attribute="binding", gap=-8)  # fmt: skip
    db = build_warehouse(tmp_path / "plans.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("delete from marts.fct_target_attainment")
        insert_rows(con, "fct_target_attainment", [*CLEAN, binding_missed])
    full = run_quality(db, tmp_path / "quality", "full", suites=[SUITE])
    append_results(db, full)
    # a refresh that rebuilt another document: the mart is still checked whole
    scoped = run_quality(db, tmp_path / "quality", "scoped", suites=[SUITE], documents=["another_doc"])
    assert carry_over_findings(db, scoped) == 0
    assert [f.rule for f in scoped.findings] == ["binding_target_missed"]
