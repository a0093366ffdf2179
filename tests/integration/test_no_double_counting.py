"""A listed project's own planned investment is in fct_projects and in fct_funding: the funding
row says so (`restates_project_amount`), so a BI sum over both marts counts it once.

Proved on an invented plan (a project table and projects described in prose, each with
money that is and money that is not the project's own total) and on the sample plans.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from tests.conftest import build_warehouse

pytestmark = pytest.mark.integration

INVENTED_PLAN = """武威市凉州区“十四五”民政事业发展规划

第一章 发展基础
“十三五”期间，全区累计投入民政资金2.3亿元，建成社区日间照料中心40个。

第二章 重点工程
（一）区级综合福利中心建设项目。新建综合楼一栋，设置床位300张，总投资6000万元，其中争取中央预算内资金2500万元，区级财政配套1000万元。
（二）乡镇敬老院提升改造项目。改造敬老院8所，总投资1200万元。

附表  凉州区“十四五”民政重点建设项目表
序号\t项目名称\t建设性质\t建设年限\t建设内容\t计划总投资（万元）
1\t区殡仪馆迁建项目\t新建\t2022-2024\t新建殡仪馆1座\t4500
2\t区救助管理站改造项目\t改扩建\t2023\t改造业务用房2000平方米\t800
合计（2个项目）\t\t\t\t\t5300

第三章 保障措施
“十四五”期间计划投资1.2亿元，积极争取福彩公益金支持。
"""


def _rows(db, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


RESTATED = """
    select f.project_id, p.project_name, f.amount_wan_yuan, p.planned_investment_wan_yuan
    from marts.fct_funding f
    left join marts.fct_projects p using (project_id)
    where f.restates_project_amount
    order by f.source_line, f.funding_id
"""


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    root = tmp_path_factory.mktemp("no_double_counting")
    raw = root / "raw"
    raw.mkdir()
    (raw / "liangzhou.txt").write_text(INVENTED_PLAN, encoding="utf-8")
    built = build_warehouse(root, raw)
    assert built.succeeded
    return built


def test_each_listed_projects_own_amount_is_flagged_once_and_nothing_else(invented):
    restated = _rows(invented.published_db, RESTATED)
    by_name = {name: (amount, planned) for _, name, amount, planned in restated}
    assert len(restated) == len(by_name)  # one row per project
    assert {name: amount for name, (amount, _) in by_name.items()} == {
        "区级综合福利中心建设项目": Decimal(6000),
        "乡镇敬老院提升改造项目": Decimal(1200),
        "区殡仪馆迁建项目": Decimal(4500),
        "区救助管理站改造项目": Decimal(800),
    }
    assert all(amount == planned for amount, planned in by_name.values())
    # the clean twin: a project's funding sources, the past spending, the plan-wide money
    # and the table's 合计 stay unflagged
    unflagged = _rows(
        invented.published_db,
        "select amount_wan_yuan from marts.fct_funding where not restates_project_amount order by 1",
    )
    assert (Decimal(2500),) in unflagged and (Decimal(1000),) in unflagged
    assert (Decimal(23000),) in unflagged and (Decimal(12000),) in unflagged


def test_a_sum_over_both_marts_without_the_restated_rows_counts_each_project_once(invented):
    ((projects, restated, total),) = _rows(
        invented.published_db,
        """
        select
            (select sum(planned_investment_wan_yuan) from marts.fct_projects),
            (select sum(amount_wan_yuan) from marts.fct_funding where restates_project_amount),
            (select sum(amount_wan_yuan) from marts.fct_funding where funding_kind = 'planned_investment')
        """,
    )
    assert projects == restated == Decimal(12500)
    assert total > restated  # without the flag, a BI sum over both marts counts 12,500 twice


def test_on_the_sample_plans_every_project_amount_has_exactly_one_restating_row(sample_warehouse):
    db = sample_warehouse.published_db
    assert _rows(
        db,
        """
        select count(*) from marts.fct_projects p
        where p.planned_investment_wan_yuan is not null
          and (select count(*) from marts.fct_funding f
               where f.project_id = p.project_id and f.restates_project_amount) <> 1
        """,
    ) == [(0,)]
    restated = _rows(db, RESTATED)
    assert restated and all(project and amount == planned for project, _, amount, planned in restated)
