"""Targets stated in prose, through the whole pipeline, on invented plans of three counties of
阿坝州 (四川) that are none of the samples:

- 汶川县 prints its targets only in prose (no indicator table): they are its indicator facts;
- 理县 prints a target in its table and again, differently, in prose (the planted error): one
  fact, the table's value, and a warn finding with both lines;
- 茂县 is 理县's clean twin (the prose agrees with the table): one fact, no finding.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import build_warehouse

pytestmark = pytest.mark.integration


def _notice(county: str, kind: str, number: str) -> list[str]:
    return [
        f"{county}人民政府办公室关于印发{county}“十五五”{kind}规划的通知",
        number,
        "各乡镇人民政府，县政府各部门：",
        f"《{county}“十五五”{kind}规划》已经县政府同意，现印发给你们，请认真贯彻执行。",
        f"{county}人民政府办公室",
        "2026年5月20日",
        "",
        f"{county}“十五五”{kind}规划",
        "",
    ]


PROSE_ONLY = [
    *_notice("汶川县", "养老服务体系建设", "汶政办发〔2026〕8号"),
    "第一章 发展基础",
    "“十四五”期间，全县养老机构护理型床位占比达到45%，建成乡镇敬老院8所。",
    "第二章 总体要求",
    "一、主要目标",
    "到2030年，全县养老机构护理型床位占比达到60%以上，每千名老年人拥有养老床位数达到38张，"
    "社区日间照料机构覆盖率不低于90%。",
    "第三章 重点任务",
    "一、完善养老设施",
    "新建县老年养护院1所，新增养老床位200张，总投资3500万元。",
]


def _with_table(county: str, number: str, prose_share: str) -> list[str]:
    return [
        *_notice(county, "民政事业发展", number),
        "第一章 发展目标",
        "一、主要指标",
        f"表1 {county}“十五五”民政事业发展主要指标",
        "序号\t指标名称\t单位\t2025年\t2030年\t属性",
        "1\t养老机构护理型床位占比\t%\t45\t60\t约束性",
        "2\t社会组织数量\t个\t80\t100\t预期性",
        "二、养老服务",
        f"到2030年，全县养老机构护理型床位占比达到{prose_share}，乡镇综合养老服务中心覆盖率达到80%。",
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("prose_targets")
    raw = root / "raw"
    raw.mkdir()
    (raw / "wenchuan.txt").write_text("\n".join(PROSE_ONLY) + "\n", encoding="utf-8")
    (raw / "lixian.txt").write_text("\n".join(_with_table("理县", "理府办发〔2026〕3号", "65%以上")) + "\n")
    (raw / "maoxian.txt").write_text("\n".join(_with_table("茂县", "茂府办发〔2026〕4号", "60%")) + "\n")
    result = build_warehouse(root, raw)
    assert result.succeeded
    return result


def _query(built, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(built.warehouse_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_a_plan_with_targets_only_in_prose_has_them_as_indicator_facts(built):
    rows = _query(
        built,
        """
        select region_code, indicator_name, year, value_kind, comparator, value_numeric, unit, source_kind
        from marts.fct_indicator_values where document_id = 'wenchuan' order by value_numeric
        """,
    )
    assert rows == [
        ("513221", "每千名老年人拥有养老床位数", 2030, "target", "=", 38.0, "张", "prose"),
        ("513221", "养老机构护理型床位占比", 2030, "target", ">=", 60.0, "%", "prose"),
        ("513221", "社区日间照料机构覆盖率", 2030, "target", ">=", 90.0, "%", "prose"),
    ]
    # the 十四五 figure is an actual and 新增养老床位200张 is work to be done: statements, no facts
    kinds = dict(
        _query(
            built,
            "select value_text, statement_kind from marts.fct_statements "
            "where document_id = 'wenchuan' and source_kind = 'prose'",
        )
    )
    assert kinds["45%"] == "actual" and kinds["200张"] == "count" and kinds["3500万元"] == "amount"


def test_prose_spans_point_at_the_printed_value(built):
    rows = _query(
        built,
        """
        select substr(l.text, s.span_start + 1, s.span_end - s.span_start), s.value_text
        from marts.fct_statements s
        join raw.document_lines l on l.document_id = s.document_id and l.line_no = s.source_line
        where s.source_kind = 'prose'
        """,
    )
    assert rows and all(printed == value for printed, value in rows)


def test_a_target_in_table_and_prose_is_one_fact_with_the_tables_value(built):
    for document_id, prose_value in (("lixian", 65.0), ("maoxian", 60.0)):
        facts = _query(
            built,
            """
            select indicator_value_id, value_numeric, source_kind from marts.fct_indicator_values
            where document_id = ? and value_kind = 'target' and year = 2030
              and indicator_name like '%护理型床位占比%'
            """,
            [document_id],
        )
        assert [(v, k) for _, v, k in facts] == [(60.0, "table")]
        statements = _query(
            built,
            """
            select source_kind, value_numeric, indicator_value_id from marts.fct_statements
            where document_id = ? and year = 2030 and statement_kind = 'target'
              and subject_text like '%护理型床位占比%' order by source_kind
            """,
            [document_id],
        )
        assert statements == [("prose", prose_value, facts[0][0]), ("table", 60.0, facts[0][0])]
        # the other prose target of the plan, not in its table, is a fact of its own
        assert _query(
            built,
            "select value_numeric, source_kind from marts.fct_indicator_values "
            "where document_id = ? and indicator_name = '乡镇综合养老服务中心覆盖率'",
            [document_id],
        ) == [(80.0, "prose")]


def _restatement_findings(built, document_id: str) -> list[tuple]:
    return _query(
        built,
        """
        select severity, source_line, related_source_line from audit.quality_results
        where record_kind = 'finding' and expectation = 'restatement_conflict' and document_id = ?
          and run_id = (select max(run_id) from audit.quality_results)
        """,
        [document_id],
    )


def test_prose_disagreeing_with_the_table_is_a_warn_finding_with_both_lines(built):
    assert _restatement_findings(built, "lixian") == [("warn", 17, 14)]


def test_clean_twin_prose_agreeing_with_the_table_gives_no_finding(built):
    assert _restatement_findings(built, "maoxian") == []
    assert _restatement_findings(built, "wenchuan") == []
