"""Table reconstruction: every layout of the seed plans plus synthetic ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.table_rows import Cell, Row, Table, column_role
from ingestion.tables import reconstruct_tables, table_cells

PLANS = Path(__file__).resolve().parents[2] / "data" / "raw" / "plans"


def seed_lines(prefix: str) -> list[str]:
    path = next(PLANS.glob(f"{prefix}_*.txt"))
    return split_lines(decode_plan_bytes(path.read_bytes(), path.name).text)


def texts(row: Row) -> list[str]:
    return [c.text for c in row.cells]


@pytest.fixture(scope="module")
def seed_tables() -> dict[str, list[Table]]:
    return {p: reconstruct_tables(seed_lines(p)) for p in ("000", "001", "002", "003", "004")}


def test_header_vocabulary():
    assert column_role("序号") == "seq"
    assert column_role("主要项目和指标") == "name"
    assert column_role("一级指标") == "group"
    assert column_role("2020年实际值") == "value"
    assert column_role("基期值") == "value"
    assert column_role("规划值") == "value"
    assert column_role("年均增速") == "growth"
    assert column_role("增长比例%") == "growth"
    assert column_role("指标属性") == "attribute"
    assert column_role("建设性质") == "construction_type"
    assert column_role("建 设 内 容") == "content"
    assert column_role("计划总投资(万元)") == "investment"
    assert column_role("城乡低保标准年度增速") is None


def test_every_seed_table_found(seed_tables):
    found = {
        p: [(t.kind, t.layout, t.start_line, t.end_line, len(t.rows)) for t in ts]
        for p, ts in seed_tables.items()
    }
    assert found == {
        "000": [("indicator", "tab_rows", 178, 207, 27)],
        "001": [("indicator", "wrapped_rows", 567, 642, 14)],
        "002": [
            ("indicator", "line_cells_transposed", 57, 96, 3),
            ("indicator", "line_cells", 197, 249, 10),
            ("project", "line_cells", 362, 686, 28),
            ("indicator", "line_cells", 735, 787, 10),
        ],
        "003": [("indicator", "tab_cells", 53, 158, 13)],
        "004": [("indicator", "tab_cells", 14, 86, 13), ("indicator", "tab_cells", 103, 259, 21)],
    }


def test_tab_rows_header_and_caption(seed_tables):
    (table,) = seed_tables["000"]
    assert table.title == "表1 临夏州“十四五”民政事业发展及养老服务体系建设规划指标"
    assert table.title_line == 178
    assert table.header == ["序号", "主要项目和指标", "2025年目标值", "属性"]
    assert texts(table.rows[5]) == ["6", "城乡社区综合服务设施面积", ">30 平米/每百户", "预期性"]
    assert table.rows[5].cells[2].source_line == 186


def test_wrapped_rows_pdf_table_over_a_page_break(seed_tables):
    (table,) = seed_tables["001"]
    assert table.header == ["序号", "指标内容", "单位", "2025年目标值", "指标属性"]
    assert [r.text(0) for r in table.rows] == [str(i) for i in range(1, 15)]  # caption+header repeated at 617
    assert texts(table.rows[0]) == [
        "1",
        "城乡低保标准年度增速",
        "%",
        "不低于居民上年度人均消费支出增速",
        "预期性",
    ]
    assert texts(table.rows[4]) == [
        "5",
        "每百户居民拥有的城乡社区综合服务设施面积",
        "平方米",
        ">30",
        "预期性",
    ]
    assert texts(table.rows[5]) == ["6", "社会组织专职工作人员数量", "人/万人", "30", "预期性"]
    assert texts(table.rows[11]) == ["12", "县级公益性骨灰安葬（放）设施覆盖率", "%", "100", "约束性"]
    assert table.rows[0].cells[3].source_line == 576


def test_tab_cells_wrapped_header_and_cells(seed_tables):
    (table,) = seed_tables["003"]
    assert table.title == "专栏 1： “十四五”时期主要发展指标"
    assert table.header == ["序号", "主要指标", "单位", "2020年实际值", "2025年目标值", "指标属性"]
    assert texts(table.rows[0]) == [
        "1",
        "城乡低保标准年度增速",
        "%",
        "—",
        "不低于居民上年度人均消费支出增速",
        "预期性",
    ]
    assert texts(table.rows[4])[3:5] == ["—", "1个"]
    review, plan = seed_tables["004"]
    assert review.header == ["主要指标", "2015年实际值", "2020年完成值", "增长比例%"]
    assert plan.header == ["序号", "指标名称", "2020年实际值", "2025年目标值", "年均增速", "指标属性"]
    assert texts(plan.rows[12]) == [
        "13",
        "殡仪馆县级行政区域覆盖率",
        "100%",
        "100%",
        "-",
        "约束性",
    ]  # blank line inside


def test_line_cells_group_column(seed_tables):
    table = seed_tables["002"][1]
    assert table.header == ["一级指标", "二级指标", "目标值"]
    assert [r.text(0) for r in table.rows] == [
        "机构养老",
        "",
        "",
        "",
        "社区居家养老",
        "",
        "",
        "养老服务保障",
        "",
        "",
    ]
    assert texts(table.rows[2]) == ["", "社会力量兴办或经营的养老机构床位数占比", "\uf0b370%"]


def test_transposed_table_out_of_place_caption(seed_tables):
    table = seed_tables["002"][0]
    assert table.title == "养老服务相关数据对比"
    assert table.header[1:] == [
        "日间照料中心(个)",
        "养老床位数(张)",
        "每千名老年人拥有床位数(张)",
        "特困对象集中供养人员(人)",
    ]
    assert [texts(r) for r in table.rows] == [
        ["十二五”末", "51", "908", "30", "120"],
        ["十三五”末", "78", "1279", "54", "157"],
        ["增幅", "34.6%", "29%", "44.4%", "23.6%"],
    ]


def test_project_table_one_cell_per_line(seed_tables):
    table = seed_tables["002"][2]
    assert table.kind == "project"
    assert table.header == ["序号", "项目名称", "建设性质", "建设年限", "建设内容", "计划总投资(万元)"]
    assert table.roles == ["seq", "name", "construction_type", "years", "content", "investment"]
    kinds = [r.kind for r in table.rows]
    assert (
        kinds.count("category") == 4 and kinds.count("total") == 1 and kinds.count("data") == 23
    )  # 15+4+1+3; the plan says 合计(21个项目)
    first = table.rows[0]
    assert (first.kind, first.text(1), first.text(5), first.source_line) == (
        "category",
        "老年福利项目",
        "66354",
        382,
    )
    row1 = table.rows[1]
    assert [row1.text(i) for i in (0, 1, 2, 3, 5)] == [
        "1",
        "临泽县中心敬老院建设",
        "新建",
        "2023-2024",
        "2626",
    ]
    assert row1.text(4).startswith("建设特困供养人员集中供养楼1栋")
    assert row1.cells[3].source_line == 392  # '2023-' / '' / '2024'
    by_name = {r.text(1): r for r in table.rows}
    assert by_name["临泽县殡仪馆火化设施建设"].text(3) == "2020-2021"
    assert by_name["临泽县沙河镇颐和社区综合服务站建设"].text(3) == "2021-2022"
    assert by_name["临泽县村务活动中心建设"].text(3) == "2021-204"  # as printed
    assert by_name["临泽县智慧殡葬信息平台建设"].text(3) == "2022"
    assert by_name["社会福利服务项目"].kind == "category" and by_name["社会福利服务项目"].text(5) == "1900"
    total = table.rows[-1]
    assert (total.kind, total.text(1), total.text(5), total.source_line) == (
        "total",
        "合计(21个项目)",
        "80285",
        684,
    )


def test_project_row_missing_a_cell_is_aligned_by_type():
    cells = [
        "重点建设项目表",
        "序号",
        "项目名称",
        "建设性质",
        "建设年限",
        "建设内容",
        "计划总投资(万元)",
        "养老服务项目",
        "300",
        "1",
        "某某县敬老院",
        "新建",
        "2023-",
        "2024",
        "200",
        "2",
        "某某县日间照料中心",
        "2021-2022",
        "新建日间照料中心8个。",
        "100",
        "合计(2个项目)",
        "300",
        "下一章 保障措施，这是一段很长的正文，用来说明表格已经结束了，后面不再有表格的内容。",
    ]
    lines = "\n\n".join(cells).split("\n")  # one cell per line, blank lines between
    (table,) = reconstruct_tables(lines)
    assert [texts(r) for r in table.rows] == [
        ["", "养老服务项目", "", "", "", "300"],
        ["1", "某某县敬老院", "新建", "2023-2024", "", "200"],
        ["2", "某某县日间照料中心", "", "2021-2022", "新建日间照料中心8个。", "100"],
        ["", "合计(2个项目)", "", "", "", "300"],
    ]
    assert [r.kind for r in table.rows] == ["category", "data", "data", "total"]
    assert table.rows[1].cells[4] == Cell("", 19)  # empty 建设内容: the row's first line


SYNTHETIC_ROWS = [
    ["1", "养老机构护理型床位占比", "%", "38", "≥55", "约束性"],
    ["2", "社会组织专职工作人员数量", "人/万人", "—", "30", "预期性"],
    ["3", "城乡低保标准年度增速", "%", "—", "不低于居民上年度人均消费支出增速", "预期性"],
]

PIPE_PLAN = """第二章 发展目标

表1 “十四五”时期主要发展指标

| 序号 | 指标名称 | 单位 | 2020年实际值 | 2025年目标值 | 指标属性 |
| --- | --- | --- | --- | --- | --- |
| 1 | 养老机构护理型床位占比 | % | 38 | ≥55 | 约束性 |
| 2 | 社会组织专职工作人员数量 | 人/万人 | — | 30 | 预期性 |
| 3 | 城乡低保标准年度增速 | % | — | 不低于居民上年度人均消费支出增速 | 预期性 |

下一段正文。
"""

ALIGNED_PLAN = """表1 “十四五”时期主要发展指标

序号  指标名称                    单位      2020年实际值  2025年目标值  指标属性
1     养老机构护理型床位占比      %         38            ≥55           约束性
2     社会组织专职工作人员数量    人/万人   —             30            预期性
3     城乡低保标准年度增速        %         —             不低于居民上年度人均消费支出增速  预期性

下一段正文，很长的一段话，讲述规划的实施保障。
"""

TAB_PLAN = (
    "表1 “十四五”时期主要发展指标\n\n序号\t指标名称\t单位\t2020年\t2025年\t指标属性\n\t\t\t实际值\t目标值\t\n"
    + "".join("\t".join(row) + "\n" for row in SYNTHETIC_ROWS)
)


@pytest.mark.parametrize(
    ("plan", "layout"), [(PIPE_PLAN, "pipe"), (ALIGNED_PLAN, "aligned"), (TAB_PLAN, "tab_rows")]
)
def test_synthetic_layouts_give_the_same_rows(plan, layout):
    (table,) = reconstruct_tables(plan.split("\n"))
    assert table.layout == layout and table.kind == "indicator"
    assert table.title == "表1 “十四五”时期主要发展指标"
    assert table.header == ["序号", "指标名称", "单位", "2020年实际值", "2025年目标值", "指标属性"]
    assert [texts(r) for r in table.rows] == SYNTHETIC_ROWS


def test_prose_has_no_tables():
    lines = [
        "第一章 总体要求",
        "",
        "到2025年，养老机构护理型床位占比不低于55%。",
        "序号是重要的。",
        "单位：万元",
    ]
    assert reconstruct_tables(lines) == []


def test_table_cells_cover_header_and_body(seed_tables):
    cells = table_cells(seed_tables["000"])
    assert len(cells) == 4 * 28
    header = [c for c in cells if c.is_header]
    assert [c.text for c in header] == ["序号", "主要项目和指标", "2025年目标值", "属性"]
    last = cells[-1]
    assert (last.row_idx, last.col_idx, last.text, last.source_line) == (27, 3, "预期性", 207)


# An invented indicator table whose caption stands over a ruled header, once as printed and once
# with a blank line after every line (a web page copied with its paragraph spacing).
_RULED = [
    "表3 “十五五”社会救助主要指标",
    "",
    "  ------------------------------------------------------",
    "  序号  指标名称            单位   2025年   2030年   属性",
    "  ----- ------------------- ------ -------- -------- -------",
    "  1     城乡低保动态管理率  %      95       98       约束性",
    "  ------------------------------------------------------",
    "",
    "第五章 组织实施",
]


@pytest.mark.parametrize("spacing", [1, 2], ids=["as printed", "blank line after every line"])
def test_caption_over_a_ruled_header_is_found_when_every_gap_is_doubled(spacing):
    lines = [piece for line in _RULED for piece in [line] + [""] * (spacing - 1)]
    (table,) = reconstruct_tables(lines)
    assert table.title == "表3 “十五五”社会救助主要指标"
    assert table.title_line == 1


def test_a_line_far_above_a_header_is_no_caption():
    # four blank lines and no rule: the short line is a heading of its own, not the table's caption
    lines = ["社会救助指标", "", "", "", "", *_RULED[3:]]
    (table,) = reconstruct_tables(lines)
    assert table.title is None


_TABLE_THEN_CHAPTER = [
    "表1 “十五五”养老服务发展主要指标",
    "指标                        2025年     2030年     指标属性",
    "养老机构护理型床位占比      38%        ≥55%       约束性",
    "县级殡仪馆火化炉数量        2个        4个        预期性",
    "第三章 重点项目",
    "表2 “十五五”养老服务重点项目",
    "项目名称                    建设内容及规模                     总投资（万元）",
    "某某镇综合养老服务中心      设置床位60张，配套日间照料          980",
]


def test_a_chapter_heading_or_the_next_caption_right_under_the_last_row_ends_the_table():
    indicators, projects = reconstruct_tables(_TABLE_THEN_CHAPTER)
    assert [r.cells[0].text for r in indicators.rows] == ["养老机构护理型床位占比", "县级殡仪馆火化炉数量"]
    assert projects.title == "表2 “十五五”养老服务重点项目"
    assert [r.cells[0].text for r in projects.rows] == ["某某镇综合养老服务中心"]
