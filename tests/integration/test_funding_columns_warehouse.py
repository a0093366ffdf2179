"""Per-project funding columns through the whole pipeline: an invented plan whose project table
prints 总投资（亿元） | 其中：中央资金 | 地方配套 | 社会资本 gives one fct_funding row per printed part,
linked to its fct_projects row, never restating it; the row whose parts exceed its total (planted)
is the one warn finding of funding_parts_exceed_total, its two clean twins give none."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from tests.conftest import build_warehouse

pytestmark = pytest.mark.integration

PLAN = """某某市“十五五”民政事业发展规划
某某市人民政府办公室
2026年4月20日
第一章 发展基础
“十四五”期间，全市民政事业取得新进展。
第二章 重点工程
表1 “十五五”民政重点项目及资金来源
项目名称\t建设内容\t总投资（亿元）\t其中：中央资金\t地方配套\t社会资本
某某市社会福利院改扩建工程\t新增养老床位200张\t1.2\t0.6\t0.4\t0.2
某某市未成年人救助保护中心\t新建业务用房3000平方米\t0.45\t0.3\t0.15\t-
某某区智慧民政信息平台\t建设全区民政业务数据平台\t0.08\t-\t0.05\t0.06
第三章 保障措施
强化资金保障，统筹各级财政资金。
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("funding_columns")
    raw = root / "raw"
    raw.mkdir()
    (raw / "funding_columns.txt").write_text(PLAN, encoding="utf-8")
    warehouse = build_warehouse(root, raw)
    assert warehouse.succeeded
    return warehouse


def _rows(db, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_each_printed_part_is_a_funding_source_row_of_its_project(built):
    parts = _rows(
        built.published_db,
        """
        select p.project_name, f.source_of_funds, f.amount_wan_yuan, f.restates_project_amount
        from marts.fct_funding f join marts.fct_projects p using (project_id)
        where f.funding_kind = 'funding_source'
        order by f.source_line, f.span_start
        """,
    )
    assert parts == [
        ("某某市社会福利院改扩建工程", "central", Decimal(6000), False),
        ("某某市社会福利院改扩建工程", None, Decimal(4000), False),  # 地方: several levels
        ("某某市社会福利院改扩建工程", "social", Decimal(2000), False),
        ("某某市未成年人救助保护中心", "central", Decimal(3000), False),
        ("某某市未成年人救助保护中心", None, Decimal(1500), False),
        ("某某区智慧民政信息平台", None, Decimal(500), False),
        ("某某区智慧民政信息平台", "social", Decimal(600), False),
    ]
    # the totals stay one restating row per project, in fct_projects once
    totals = _rows(
        built.published_db,
        "select count(*), sum(amount_wan_yuan) from marts.fct_funding where restates_project_amount",
    )
    assert totals == [(3, Decimal(17300))]


def test_the_row_whose_parts_exceed_its_total_is_the_one_finding(built):
    findings = _rows(
        built.warehouse_db,
        """
        select severity, source_line, subject, related_source_line
        from audit.quality_results
        where expectation = 'funding_parts_exceed_total' and record_kind = 'finding'
        """,
    )
    assert findings == [("warn", 11, "某某区智慧民政信息平台", 11)]
