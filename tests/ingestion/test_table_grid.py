"""Tables given as a grid of cells (readers of HTML/DOCX/PDF tables) and the same tables
printed as TAB rows into text extract to the same values."""

from __future__ import annotations

from ingestion.indicators import extract_indicator_values
from ingestion.projects import table_projects
from ingestion.table_rows import table_from_grid
from ingestion.tables import reconstruct_tables

# A two-row header: 指标值 spans the two year columns (text in the first, empty after it).
SPANNING = [
    ["序号", "指标", "单位", "指标值", "", "属性"],
    ["", "", "", "2025年基期值", "2030年目标值", ""],
    ["1", "养老机构护理型床位占比", "%", "58", "≥65", "约束性"],
    ["2", "社区养老服务设施覆盖率", "%", "—", "100", "预期性"],
]
EXPECTED = [
    ("养老机构护理型床位占比", 2025, "actual", "=", 58.0, "%", "约束性"),
    ("养老机构护理型床位占比", 2030, "target", ">=", 65.0, "%", "约束性"),
    ("社区养老服务设施覆盖率", 2030, "target", "=", 100.0, "%", "预期性"),
]


def values(tables):
    return [
        (v.indicator_name, v.year, v.value_kind, v.comparator, v.value_numeric, v.unit, v.attribute_raw)
        for v in extract_indicator_values(tables)
    ]


def test_a_grid_with_a_spanning_header_cell():
    grid = [[(text, line) for text in row] for line, row in enumerate(SPANNING, start=11)]
    table = table_from_grid(grid, title="表2 主要指标", title_line=10)
    assert table is not None
    assert table.header == ["序号", "指标", "单位", "2025年基期值", "2030年目标值", "属性"]
    assert [row.source_line for row in table.rows] == [13, 14]
    assert values([table]) == EXPECTED


def test_the_same_grid_printed_as_tab_rows():
    lines = ["表2 主要指标", *("\t".join(row) for row in SPANNING), "", "二、主要任务"]
    assert values(reconstruct_tables(lines)) == EXPECTED


def test_a_project_grid_with_a_spanning_investment_header():
    rows = [
        ["序号", "项目名称", "建设内容", "投资(万元)", "", "建设年限"],
        ["", "", "", "总投资", "其中中央资金", ""],
        ["1", "某某县养老服务中心", "新建床位200张", "3200", "1000", "2026-2027"],
    ]
    grid = [[(text, line) for text in row] for line, row in enumerate(rows, start=1)]
    table = table_from_grid(grid)
    assert table is not None and table.kind == "project"
    (project, _), *_ = table_projects(table)
    assert (project.project_name, project.planned_investment_wan_yuan, project.beds, project.start_year) == (
        "某某县养老服务中心",
        3200.0,
        200,
        2026,
    )
