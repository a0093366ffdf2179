"""Totals and counts a plan states about its own project list, as printed.

Hand arithmetic on 002 (民政 plan, attached table + sentence at line 146):
- the table lists 15 + 4 + 1 + 3 = 23 rows, its closing row says "合计(21个项目)";
- row amounts add up to 80285 = the 合计 amount; subtotals 66354, 1900, 6850 match their
  rows, but the 殡葬 rows add up to 5181 against a printed subtotal of 5180.5;
- the sentence: 21 projects, 8.03亿元 (80285 is within +-50); its own breakdown
  15 + 1 + 4 + 3 = 23 projects again disagrees with its 21; 0.68亿元 vs 6850 is 50 off,
  right at the tolerance.
002 (养老 plan, line 845): "重点项目共15项计划总投资6.64亿元", 15 items adding up to 66354.
"""

from __future__ import annotations

import pytest

from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.tables import reconstruct_tables
from ingestion.totals import extract_stated_totals, match_list_category
from tests.conftest import SAMPLE_PLANS_DIR


def seed_totals(prefix: str):
    (path,) = SAMPLE_PLANS_DIR.glob(f"{prefix}_*.txt")
    lines = split_lines(decode_plan_bytes(path.read_bytes(), path.name).text)
    return extract_stated_totals(lines, reconstruct_tables(lines))


def rows(totals):
    return [(t.source_kind, t.scope, t.measure, t.stated_value, t.tolerance, t.source_line) for t in totals]


@pytest.fixture(scope="module")
def totals_002():
    return seed_totals("002")


def test_002_table_total_and_subtotal_rows(totals_002):
    table = [t for t in totals_002 if t.source_kind != "prose"]
    assert rows(table) == [
        ("table_subtotal_row", "category:老年福利项目", "investment_wan_yuan", 66354, 0, 384),
        (
            "table_subtotal_row",
            "category:殡葬服务设施项目",
            "investment_wan_yuan",
            5180.5,
            pytest.approx(0.05),
            574,
        ),
        ("table_subtotal_row", "category:社会福利服务项目", "investment_wan_yuan", 1900, 0, 627),
        ("table_subtotal_row", "category:城乡社区服务设施项目", "investment_wan_yuan", 6850, 0, 644),
        ("table_total_row", "all", "project_count", 21, 0, 684),
        ("table_total_row", "all", "investment_wan_yuan", 80285, 0, 686),
    ]


def test_002_prose_totals_of_both_plans(totals_002):
    prose = [t for t in totals_002 if t.source_kind == "prose"]
    assert rows(prose) == [
        ("prose", "all", "project_count", 21, 0, 146),
        ("prose", "all", "investment_wan_yuan", 80300, 50, 146),
        ("prose", "category:老年福利项目", "project_count", 15, 0, 146),
        ("prose", "category:老年福利项目", "investment_wan_yuan", 66400, 50, 146),
        ("prose", "category:社会福利服务项目", "project_count", 1, 0, 146),
        ("prose", "category:社会福利服务项目", "investment_wan_yuan", 1900, 50, 146),
        ("prose", "category:殡葬服务项目", "project_count", 4, 0, 146),
        ("prose", "category:殡葬服务项目", "investment_wan_yuan", 5200, 50, 146),
        ("prose", "category:城乡社区公共服务项目", "project_count", 3, 0, 146),
        ("prose", "category:城乡社区公共服务项目", "investment_wan_yuan", 6800, 50, 146),
        ("prose", "all", "project_count", 15, 0, 845),
        ("prose", "all", "investment_wan_yuan", 66400, 50, 845),
    ]


def test_002_prose_categories_point_at_the_table_categories(totals_002):
    """The sentence words two categories differently from the table it summarizes."""
    mapping = {t.scope: t.list_category for t in totals_002 if t.scope.startswith("category:")}
    assert mapping == {
        "category:老年福利项目": "老年福利项目",
        "category:社会福利服务项目": "社会福利服务项目",
        "category:殡葬服务项目": "殡葬服务设施项目",
        "category:城乡社区公共服务项目": "城乡社区服务设施项目",
        "category:殡葬服务设施项目": "殡葬服务设施项目",
        "category:城乡社区服务设施项目": "城乡社区服务设施项目",
    }


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_plans_without_stated_totals(prefix):
    """No other sample states a project count or total; "社会组织共79个" is not one."""
    assert seed_totals(prefix) == []


def test_synthetic_prose_totals_in_other_wordings():
    lines = [
        "“十四五”期间，共谋划重点建设项目12个，总投资约3.5亿元；其中养老服务类项目8个，投资2.1亿元，"
        "殡葬设施类项目4个，投资1.4亿元。",
        "建设3个老年活动中心项目，建设规模总计5400平方米。",
        "规划实施重大项目共计6项，计划总投资48600万元。",
    ]
    assert rows(extract_stated_totals(lines, [])) == [
        ("prose", "all", "project_count", 12, 0, 1),
        ("prose", "all", "investment_wan_yuan", 35000, 500, 1),  # 约: half a unit of the last digit
        ("prose", "category:养老服务类项目", "project_count", 8, 0, 1),
        ("prose", "category:养老服务类项目", "investment_wan_yuan", 21000, 500, 1),
        ("prose", "category:殡葬设施类项目", "project_count", 4, 0, 1),
        ("prose", "category:殡葬设施类项目", "investment_wan_yuan", 14000, 500, 1),
        ("prose", "all", "project_count", 6, 0, 3),
        ("prose", "all", "investment_wan_yuan", 48600, 0, 3),
    ]


def test_tab_separated_table_total_row():
    lines = [
        "附表  某县“十四五”民政重点建设项目表",
        "序号\t项目名称\t建设性质\t建设年限\t建设内容\t计划总投资（万元）",
        "1\t某县社会福利中心\t新建\t2022-2024\t新建综合楼1栋\t4000",
        "2\t某镇敬老院改造\t改扩建\t2023\t改造床位50张\t1000.5",
        "合计（2个项目）\t\t\t\t\t5000",
    ]
    totals = extract_stated_totals(lines, reconstruct_tables(lines))
    assert [(t.scope, t.measure, t.stated_value, t.source_line) for t in totals] == [
        ("all", "project_count", 2, 5),
        ("all", "investment_wan_yuan", 5000, 5),
    ]


def test_match_list_category_does_not_guess():
    assert match_list_category("殡葬服务项目", ["殡葬服务设施项目", "老年福利项目"]) == "殡葬服务设施项目"
    assert match_list_category("儿童福利项目", ["殡葬服务设施项目", "老年福利项目"]) is None
