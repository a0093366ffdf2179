"""Indicator tables printed to PDF and read back by a converter that prints the text in
reading order without layout (one or a few cells per line, cells wrapped over lines): each
row runs from one 序号 to the next, its tokens aligned to the header's columns by type.

Invented tables in shapes the converter matrix does not hold (other header words and units,
an em dash for a missing baseline, targets with 以上 and ≥), printed by Chromium and by
LibreOffice and read back by poppler's pdftotext (no -layout) and pypdfium2; and the rule on
pieces of text as such a converter prints them.
"""

from __future__ import annotations

import pytest

from ingestion.table_rows import Piece, seq_rows
from tests.formats.matrix import Cache, IndicatorContent, MatrixPlan, _prose, check
from tests.formats.plans import Plan, Table
from tests.ingestion.layouts.content import IndicatorRow, Value

ROWS = (
    IndicatorRow(
        "城市街道综合养老服务中心覆盖率", "%", Value("—", None, None), Value("100", "=", 100), "约束性"
    ),
    IndicatorRow("农村互助幸福院数量", "所", Value("126", "=", 126), Value("200以上", ">=", 200), "预期性"),
    IndicatorRow(
        "养老护理员岗前培训人数", "人次", Value("850", "=", 850), Value("≥1500", ">=", 1500), "预期性"
    ),
    IndicatorRow("老年人健康管理率", "%", Value("68.5", "=", 68.5), Value("75以上", ">=", 75), "约束性"),
    IndicatorRow(
        "社区老年食堂服务面积", "平方米", Value("—", None, None), Value("2400", "=", 2400), "预期性"
    ),
)


def _indicator_plan() -> MatrixPlan:
    table = Table(
        caption="表4 养老服务能力提升指标",
        grid=[
            ["序号", "指标", "计量单位", "2025年现状", "2030年目标", "指标属性"],
            *[
                [str(k), r.name, r.unit, r.baseline.printed, r.target.printed, r.attribute]
                for k, r in enumerate(ROWS, 1)
            ],
        ],
    )
    content = tuple(
        IndicatorContent(r, ((2025, "actual", r.baseline), (2030, "target", r.target))) for r in ROWS
    )
    return MatrixPlan(
        "invented_in_order",
        Plan("invented_in_order", "某某市养老服务能力提升规划", _prose([table])),
        content,
        (),
    )


@pytest.fixture(scope="module")
def conversions(tmp_path_factory) -> Cache:
    return Cache(tmp_path_factory.mktemp("reading-order"))


@pytest.mark.parametrize(
    "converter", ["chromium-pdf|pdftotext", "chromium-pdf|pypdfium2", "soffice-pdf|pypdfium2"]
)
@pytest.mark.parametrize("degradation", ["none", "blank-lines"])
def test_an_indicator_table_printed_in_reading_order_gives_all_its_values(
    conversions, converter, degradation
):
    _, _, failure = check(_indicator_plan(), converter, degradation, conversions)
    assert failure is None, failure


ROLES = ["seq", "name", "unit", "value", "value", "attribute"]


def _pieces(text: str) -> list[Piece]:
    """One Piece per word, line numbers from 1 (as `ingestion.tables` hands them over)."""
    out = []
    for n, line in enumerate(text.strip().split("\n"), 1):
        out += [Piece(w, n, can_join=k == 0, same_line=k > 0) for k, w in enumerate(line.split())]
    return out


def _texts(text: str, roles: list[str] = ROLES) -> list[list[str]] | None:
    result = seq_rows(_pieces(text), roles)
    return None if result is None else [[c.text for c in row.cells] for row in result[0]]


def test_a_row_runs_from_one_number_to_the_next_and_a_bare_value_is_no_row():
    text = """
1 城市街道综合养老
服务中心覆盖率 %
38
≥55
约束性
2 农村互助幸福院数量 所 126
200以上
预期性
3 县级殡仪馆
火化炉数量 个
3
4
预期性
"""
    assert _texts(text) == [
        ["1", "城市街道综合养老服务中心覆盖率", "%", "38", "≥55", "约束性"],
        ["2", "农村互助幸福院数量", "所", "126", "200以上", "预期性"],
        # '3' and '4' are values: the next row would be 4 and is followed by text
        ["3", "县级殡仪馆火化炉数量", "个", "3", "4", "预期性"],
    ]


def test_typed_cells_wrapped_over_lines_join_and_a_missing_value_leaves_the_baseline_empty():
    text = """
1 养老护理员岗前培训人数 人
次 850 ≥1500 约束
性
2 社区老年食堂服务面积 平方
米 2400 预期性
"""
    assert _texts(text) == [
        ["1", "养老护理员岗前培训人数", "人次", "850", "≥1500", "约束性"],
        ["2", "社区老年食堂服务面积", "平方米", "", "2400", "预期性"],
    ]


def test_a_group_label_printed_on_its_own_line_opens_its_groups_first_row():
    roles = ["group", "seq", "name", "unit", "value", "attribute"]
    text = """
养老服务
1 老年人健康管理率 % 75以上 约束性
2 农村互助幸福院数量 所 200 预期性
社会事务
3 婚姻登记机关达标率 % 100 约束性
"""
    assert _texts(text, roles) == [
        ["养老服务", "1", "老年人健康管理率", "%", "75以上", "约束性"],
        ["", "2", "农村互助幸福院数量", "所", "200", "预期性"],
        ["社会事务", "3", "婚姻登记机关达标率", "%", "100", "约束性"],
    ]


def test_text_not_printed_that_way_is_left_to_the_piece_by_piece_reader():
    # no 序号 opening the body; a row whose tokens do not fit the columns
    assert _texts("城市街道综合养老服务中心覆盖率 % 38 ≥55 约束性") is None
    assert _texts("1 老年人健康管理率 % 38 55 约束性 60") is None  # a value after the last column


def test_the_table_ends_at_the_heading_after_it():
    text = """
1 老年人健康管理率 % 68.5 75以上 约束性
2 农村互助幸福院数量 所 126 200 预期性
第三章 重点项目
"""
    rows, used = seq_rows(_pieces(text), ROLES)
    assert len(rows) == 2 and used == len(_pieces(text)) - 2


def test_a_row_printed_with_its_cells_top_aligned_continues_each_wrapped_cell_in_column_order():
    """LibreOffice's PDF through pypdfium2: row 1 in reading order; in row 2 the first line
    holds every cell's first line, the lines after it the rest of the name, then the rest of
    the content — whose '3 处' opens no row 3 (no typed cell follows in its lines)."""
    roles = ["seq", "name", "years", "content", "investment"]
    text = """
1 某某区老年活动
中心新建项目
2026-2027 新建活动用房
1200 平方米
860
2 某某街道长者 2027-2028 改造助餐点 450
食堂改造工程
3 处，配置厨房
设备
"""
    assert _texts(text, roles) == [
        ["1", "某某区老年活动中心新建项目", "2026-2027", "新建活动用房1200平方米", "860"],
        ["2", "某某街道长者食堂改造工程", "2027-2028", "改造助餐点3处，配置厨房设备", "450"],
    ]
