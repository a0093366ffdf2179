"""Typing the cells of any rebuilt table (ingestion/table_cells.py): numbers, units, years,
kinds of value, header paths, total rows, sub-regions within the plan's region, and what
the read audit counts as read. Invented plans only; the formats test writes the plan with
real tools (python-docx merged cells, Chromium's PDF) and reads it back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion.extract import extract_document
from ingestion.model import Plan
from ingestion.table_cells import is_total_label, printed_tolerance, row_label, type_table_cells, value_kind
from ingestion.tables import reconstruct_tables, table_cells
from tests.formats.plans import Plan as FormatPlan
from tests.formats.plans import Table as FormatTable
from tests.formats.plans import write_docx, write_html, write_pdf, write_txt
from tests.tablecells.invented import COLUMNS, COUNTIES, PREFECTURE_CODE, breakdown_table, prefecture_plan


def _plan(region_code: str | None, end_line: int = 1000) -> Plan:
    return Plan(
        plan_seq=1,
        start_line=1,
        end_line=end_line,
        plan_title="某规划",
        plan_type="elderly_care",
        issuer=None,
        document_number=None,
        issued_date=None,
        period_start_year=2021,
        period_end_year=2025,
        region_name_printed=None,
        region_code=region_code,
        title_line=1,
    )


def _typed(lines: list[str], region_code: str | None = PREFECTURE_CODE):
    tables = reconstruct_tables(lines)
    return [c for c in type_table_cells(tables, table_cells(tables), [_plan(region_code)]) if not c.is_header]


def test_value_kind_from_what_the_header_says():
    assert value_kind("到2025年目标 / 养老床位(张)") == "target"
    assert value_kind("2020年基期值") == "actual"
    assert value_kind("现状") == "actual"
    assert value_kind("“十三五”末") == "actual"
    assert value_kind("养老床位(张)") is None
    assert value_kind("2025年") is None  # a bare year says no kind


def test_total_labels():
    assert all(is_total_label(t) for t in ("合计", "小计", "总计", "合 计", "全市合计", "合计（12个县市区）"))
    assert not any(is_total_label(t) for t in ("合计划", "双清区", "统计", "总计划投资"))


def test_printed_tolerance_is_half_a_unit_of_the_last_digit():
    assert printed_tolerance("1200") == 0
    assert printed_tolerance("8.03") == pytest.approx(0.005)
    assert printed_tolerance("≥55.5%") == pytest.approx(0.05)
    assert printed_tolerance("2.5万") == pytest.approx(500)  # read as 25000
    assert printed_tolerance("无") is None


def test_every_county_and_column_is_one_typed_cell_with_the_county_code():
    cells = _typed(["某市规划", *breakdown_table()])
    numbers = [c for c in cells if c.value_numeric is not None and not c.is_total_row]
    assert [(c.row_label, c.sub_region_code, c.value_numeric) for c in numbers] == [
        (county, code, float(value)) for county, code, *values in COUNTIES for value in values
    ]
    assert {(c.column_header, c.unit, c.year, c.value_kind) for c in numbers} == {
        ("到2025年目标 / 养老床位(张)", "张", 2025, "target"),
        ("到2025年目标 / 护理型床位(张)", "张", 2025, "target"),
        ("到2025年目标 / 乡镇(街道)综合养老服务中心(个)", "个", 2025, "target"),
    }
    # 序号 cells are positions, not values; the county cell is text
    assert all(c.value_numeric is None for c in cells if c.column_header in ("序号", "县(市、区)"))
    totals = [c for c in cells if c.is_total_row]
    assert [c.value_numeric for c in totals if c.value_numeric is not None] == [
        float(sum(row[k] for row in COUNTIES)) for k in (2, 3, 4)
    ]
    assert {c.sub_region_code for c in totals} == {None}  # 合计 names no county


def test_sub_regions_are_matched_within_the_plans_region_only():
    # the same table under another prefecture's plan (衡阳市) names none of its counties
    assert {c.sub_region_code for c in _typed(["某市规划", *breakdown_table()], "430400")} == {None}
    # nor under no region at all
    assert {c.sub_region_code for c in _typed(["某市规划", *breakdown_table()], None)} == {None}
    # 邵阳县 is the county (430523), not the prefecture 邵阳市 the plan is about
    cells = _typed(["某市规划", *breakdown_table()])
    assert {c.sub_region_code for c in cells if c.row_label == "邵阳县"} == {"430523"}
    assert {c.sub_region_code for c in cells if c.row_label == "城步县"} == {"430529"}  # 城步苗族自治县


def test_unit_from_the_cell_else_the_header_else_the_row():
    lines = [
        "表1 主要指标",
        "序号\t指标\t单位\t2020年现状\t2025年目标\t增长比例%",
        "1\t社区养老服务设施\t个\t30\t45个\t50",
        "2\t养老机构护理型床位占比(%)\t\t40\t≥55\t37.5",
    ]
    cells = {(c.row_idx, c.col_idx): c for c in _typed(lines, None)}
    assert (cells[1, 3].unit, cells[1, 3].year, cells[1, 3].value_kind) == (
        "个",
        2020,
        "actual",
    )  # unit column
    assert (cells[1, 4].unit, cells[1, 4].value_numeric) == ("个", 45.0)  # printed in the cell
    assert (cells[2, 4].unit, cells[2, 4].comparator, cells[2, 4].value_numeric) == (
        "%",
        ">=",
        55.0,
    )  # the label
    assert cells[2, 4].row_label == "养老机构护理型床位占比(%)" and not cells[2, 4].is_total_row
    assert (cells[1, 5].unit, cells[1, 5].value_kind) == ("%", None)  # the header's bare '%' before the row's


def test_row_label_skips_the_seq_and_the_values():
    tables = reconstruct_tables(["某市规划", *breakdown_table()])
    assert row_label(tables[0].rows[0], tables[0].roles) == "双清区"
    assert row_label(tables[0].rows[-1], tables[0].roles) == "合计"


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.tuples(*[st.integers(0, 99999)] * 3), min_size=len(COUNTIES), max_size=len(COUNTIES)),
    offset=st.integers(-500, 500),
)
def test_printed_numbers_round_trip_whatever_they_are(values, offset):
    lines = ["某市规划", *breakdown_table(offset)]
    for i, (county, *_rest) in enumerate(COUNTIES, start=1):
        lines[3 + i] = "\t".join([str(i), county, *(str(v) for v in values[i - 1])])
    cells = _typed(lines)
    data = [c.value_numeric for c in cells if c.value_numeric is not None and not c.is_total_row]
    assert data == [float(v) for row in values for v in row]
    assert len([c for c in cells if c.is_total_row and c.value_numeric is not None]) == 3


def test_a_table_that_fed_only_table_cells_counts_as_read():
    # the cells print their unit, so the read audit counts each number; no indicator or
    # project fact reads this table: only fct_table_cells does
    text = prefecture_plan().replace("\t1850\t", "\t1850张\t")
    extract = extract_document(text.encode("utf-8"), "plan.txt")
    assert not extract.indicator_values and not extract.projects
    audited = [a for a in extract.audited_lines if a.unit_numbers]
    assert audited and all(a.read_numbers == a.unit_numbers and a.reason is None for a in audited)


def test_a_table_that_was_not_rebuilt_still_lowers_coverage():
    text = "\n".join(
        [
            "某某市“十四五”养老服务体系建设规划",
            "第一章 主要任务",
            "表3 各县养老床位任务表",
            "地方 数量 其他",
            "甲地 1850张 说明",
            "乙地 200张 说明",
        ]
    )
    extract = extract_document(text.encode("utf-8"), "plan.txt")
    assert not extract.table_cells
    assert [(a.source_line, a.read_numbers, a.reason) for a in extract.audited_lines if a.unit_numbers] == [
        (5, 0, "unread_table_line"),
        (6, 0, "unread_table_line"),
    ]


def _format_plan() -> FormatPlan:
    grid = [["序号", "县（市、区）", "到2025年目标", "<", "<"], ["^", "^", *COLUMNS]]
    grid += [
        [str(i), county, *(str(v) for v in values)] for i, (county, _, *values) in enumerate(COUNTIES, 1)
    ]
    grid.append(["合计", "<", *(str(sum(row[k] for row in COUNTIES)) for k in (2, 3, 4))])
    return FormatPlan(
        "shaoyang",
        "邵阳市“十四五”养老服务体系建设规划",
        [
            "邵阳市人民政府办公室",
            "2022年3月15日",
            "第一章 主要任务",
            "到2025年，全市养老服务设施建设任务分解到各县（市、区），具体如下。",
            FormatTable("表2 邵阳市“十四五”养老服务设施建设任务分解表", grid, header_rows=2),
            "第二章 保障措施",
            "各县（市、区）人民政府要落实建设任务。",
        ],
    )


@pytest.mark.parametrize(
    "writer", [write_txt, write_html, write_docx, write_pdf], ids=["txt", "html", "docx", "pdf"]
)
def test_the_breakdown_table_written_by_real_tools(writer, tmp_path):
    path = writer(_format_plan(), tmp_path)
    extract = extract_document(path.read_bytes(), path.name)
    assert [p.region_code for p in extract.plans] == [PREFECTURE_CODE]
    cells = [c for c in extract.table_cells if c.value_numeric is not None and not c.is_total_row]
    assert [(c.sub_region_code, c.column_header, c.value_numeric) for c in cells] == [
        (code, f"到2025年目标 / {header}", float(value))
        for _, code, *values in COUNTIES
        for header, value in zip(
            ("养老床位(张)", "护理型床位(张)", "乡镇(街道)综合养老服务中心(个)"), values, strict=True
        )
    ]
    lines = {line.line_no: line.text for line in extract.lines}
    assert all(str(int(c.value_numeric)) in lines[c.source_line] for c in cells)
