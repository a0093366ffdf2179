"""A project-table row's funding columns against its total (crosschecks.funding_parts_against_total):
the planted error (parts adding up to more than the total) is found, its clean twins (parts
that make the total, or exceed it only within the printed precision) give nothing, and parts a
project's prose states are left to the text's parts_against_whole.

The rule reads fct_projects and fct_funding rows; here they are what extraction reads from an
invented plan (ids as stg_projects/stg_funding make them), so the rule is tried on real reading.
"""

from __future__ import annotations

import pandas as pd

from expectations import crosschecks as xc
from expectations import suites
from ingestion.extract import extract_document

DOC, PLAN, REGION = "doc_fp", "doc_fp-p1", "530113"


def _marts(lines: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """fct_projects and fct_funding rows (the columns the rule reads) of an invented plan."""
    e = extract_document("\n".join(["某某区“十五五”民政事业发展规划", *lines]).encode(), "fp.txt")

    def project_id(seq):
        return None if seq is None else f"{DOC}-pr{seq:04d}"

    projects = pd.DataFrame(
        [
            {
                "project_id": project_id(p.project_seq),
                "document_id": DOC,
                "plan_id": PLAN,
                "region_code": REGION,
                "project_name": p.project_name,
                "source_kind": p.source_kind,
                "planned_investment_wan_yuan": p.planned_investment_wan_yuan,
                "investment_tolerance_wan": p.investment_tolerance_wan,
                "investment_text": p.investment_text,
                "source_line": p.source_line,
            }
            for p in e.projects
        ]
    )
    funding = pd.DataFrame(
        [
            {
                "funding_id": f"{DOC}-f{f.funding_seq:04d}",
                "document_id": DOC,
                "plan_id": PLAN,
                "project_id": project_id(f.project_seq),
                "funding_kind": f.funding_kind,
                "amount_wan_yuan": f.amount_wan_yuan,
                "amount_text": f.amount_text,
                "amount_tolerance_wan": f.amount_tolerance_wan,
                "source_text": f.source_text,
                "source_line": f.source_line,
                "span_start": f.span_start,
            }
            for f in e.funding
        ]
    )
    return projects, funding


def _table(rows: list[str], header: str = "总投资（万元）") -> list[str]:
    return [
        "表1 重点项目",
        f"序号\t项目名称\t建设年限\t{header}\t其中：中央预算内投资\t省级补助\t市县配套",
        *rows,
    ]


def _checked(lines: list[str]) -> pd.DataFrame:
    projects, funding = _marts(lines)
    # a mart has no row order: the rule orders the parts as printed
    return xc.funding_parts_against_total(projects, funding.iloc[::-1].reset_index(drop=True))


def test_funding_columns_adding_up_to_more_than_the_total_are_found():
    found = _checked(
        _table(
            [
                "1\t某某区福利中心建设项目\t2027-2028\t3200\t2000\t1000\t400",
                "2\t某某区救助站改造项目\t2027\t800\t500\t200\t100",
            ]
        )
    )
    problems = found[found["funding_parts_exceed_total"].notna()]
    assert problems["subject"].tolist() == ["某某区福利中心建设项目"]
    (problem,) = problems["funding_parts_exceed_total"]
    assert "3400 万元 (2000 + 1000 + 400)" in problem and "3200" in problem
    row = problems.iloc[0]
    assert row["related_text"] == "某某区福利中心建设项目: 3200" and row["source_line"] == 4
    assert len(found) == 2  # the second project was compared and agrees


def test_clean_twin_funding_columns_that_make_the_total_give_nothing():
    found = _checked(_table(["1\t某某区福利中心建设项目\t2027-2028\t3200\t2000\t1000\t200"]))
    assert len(found) == 1 and found["funding_parts_exceed_total"].isna().all()


def test_clean_twin_parts_over_the_total_only_within_the_printed_precision_give_nothing():
    """0.65 + 0.4 + 0.2 亿元 against 1.2 亿元: 500 万元 over, but 1.2 stands for 1.15–1.25 and
    each part for its own half unit: no contradiction. 0.9 + 0.5 + 0.2 is one."""
    header = "总投资（亿元）"
    within = _checked(_table(["1\t某某区福利中心建设项目\t2027-2028\t1.2\t0.65\t0.4\t0.2"], header))
    beyond = _checked(_table(["1\t某某区福利中心建设项目\t2027-2028\t1.2\t0.9\t0.5\t0.2"], header))
    assert len(within) == 1 and within["funding_parts_exceed_total"].isna().all()
    assert beyond["funding_parts_exceed_total"].notna().tolist() == [True]


def test_parts_a_project_prose_states_are_left_to_the_text_rule():
    """Money a prose project names beside its 总投资 (spent on preparation, other sources) is
    not read as table columns: this rule gives no row for it."""
    lines = [
        "第三章 重点项目",
        "1.某某区福利中心建设项目。总投资3200万元，其中中央预算内资金2000万元、省级资金1000万元、市级配套400万元。",
    ]
    assert _checked(lines).empty


def test_the_rule_is_a_warn_of_the_parts_suite_reading_projects_and_funding():
    suite = next(s for s in suites.SUITES if s.name == "cross_parts")
    rule = next(r for r in suite.rules if r.name == "funding_parts_exceed_total")
    assert rule.severity == suites.WARN and rule.kind == "parts"
    assert {"fct_projects", "fct_funding"} <= set(suite.needs)
