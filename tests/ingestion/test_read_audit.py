"""The audit of what was not read, on invented plans (no gold file needed)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingestion.blocks import segment_blocks
from ingestion.extract import extract_document
from ingestion.model import TableCell
from ingestion.read_audit import (
    REASON_CAPTION,
    REASON_PROJECT_SECTION,
    REASON_RECORD,
    REASON_TABLE,
    REASON_UNDECODABLE,
    audit_reading,
    cell_number_spans,
    count_unit_numbers,
    is_project_title,
    record_number_spans,
    record_regions,
    undecodable_number_spans,
)

FIXTURES = Path(__file__).parent / "fixtures" / "read_audit"


def _audit(name: str):
    path = FIXTURES / name
    return extract_document(path.read_bytes(), name)


def _coverage(extract) -> float:
    total = sum(row.unit_numbers for row in extract.audited_lines)
    return sum(row.read_numbers for row in extract.audited_lines) / total


@pytest.mark.parametrize(
    ("line", "next_line", "expected"),
    [
        ("养老机构护理型床位占比达到55%以上", "", 1),
        ("新建床位300张，总投资3,200万元", "", 2),
        ("改造敬老院６所，面积1.2万平方米", "", 2),  # full-width digit, 万 before the unit
        ("千人床位 3.5 张", "", 1),  # a single space between number and unit
        ("1\t人均可支配收入\t2020年", "", 0),  # a 序号 cell is not a count of people
        ("2021年—2025年", "", 0),
        ("总投资 2.36", "亿元，其中中央资金1亿元。", 1),  # the unit wrapped onto the next line
        ("12", "人口老龄化率", 0),  # a lone number line is a cell, not a wrapped count
        ("60%及以上 3‰ 1.5倍", "", 3),
        ("1\t护理型床位占比\t%\t48\t65\t约束性", "", 2),  # the unit in a column of its own
        ("2\t护理型床位占比（%）\t48\t≥65", "", 2),  # the unit as the name's suffix
        ("3\t社区覆盖率\t2025年\t48", "", 0),  # no unit on the row: nothing to audit
        ("城乡低保覆盖率，%，95，98", "", 2),  # cells separated by full-width commas
        ("新建床位300张，总投资3,200万元，其中中央1,000万元", "", 3),  # a sentence, not a row
    ],
)
def test_count_unit_numbers(line, next_line, expected):
    assert count_unit_numbers(line, next_line) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("#### 专栏 8：社会工作重点工程", True),
        ("（八）重点项目建设", True),
        ("附表2 “十五五”重点项目一览表", True),
        ("七、提升社会事务管理水平，推进优质服务工程", False),  # a task heading mentioning one
        ("专栏3 主要任务和工程", False),
        ("专栏1 主要指标", False),
        ("（五）加强信息化建设。推动“金民工程”落地", False),  # a run-in heading: first sentence only
    ],
)
def test_project_titles(heading, expected):
    assert is_project_title(heading) is expected


def test_a_table_the_extractors_miss_shows_its_lines():
    extract = _audit("missed_table_and_project.txt")
    assert extract.indicator_values == []  # the premise: this layout is not read today
    unread = {row.source_line: row.reason for row in extract.audited_lines if row.reason}
    assert unread == {
        5: REASON_CAPTION,  # 表2 … with no table rebuilt under it
        7: REASON_TABLE,
        8: REASON_TABLE,
        9: REASON_TABLE,
        14: REASON_PROJECT_SECTION,  # a project item stated in prose that fed no project
    }
    assert extract.audited_lines[1].line_text.startswith("（1）")  # text as printed
    # line 13 fed a funding row (860万元) and line 15 a stated count, so they are read;
    # 7–9 and 14 are not: 3 of 10 numbers
    assert _coverage(extract) == pytest.approx(3 / 10)


def test_a_clean_plan_is_fully_read_and_prose_numbers_are_not_audited():
    extract = _audit("fully_read.txt")
    assert extract.indicator_values and extract.projects  # the premise: everything was read
    assert [row for row in extract.audited_lines if row.reason] == []
    assert _coverage(extract) == 1.0
    audited = {row.source_line for row in extract.audited_lines}
    # the table rows and the two project items; the prose target (80%) and the prose
    # money (5000万元) outside table regions and project sections are not audited
    assert audited == {9, 10, 14, 16}


# Checked by hand: 000's 专栏 8 (…重点工程) item 2 prints targets (100% 覆盖, 2 名) in a
# project box that no extractor reads; every other audited number of the samples fed a row.
SAMPLE_MISSES = {"000": [(477, REASON_PROJECT_SECTION)]}


def test_sample_plans_are_read_but_for_the_misses_checked_by_hand():
    samples = Path(__file__).resolve().parents[2] / "data" / "raw" / "plans"
    for path in sorted(samples.glob("*.txt")):
        extract = extract_document(path.read_bytes(), path.name)
        assert extract.audited_lines, path.name
        unread = [(row.source_line, row.reason) for row in extract.audited_lines if row.reason]
        assert unread == SAMPLE_MISSES.get(path.name[:3], []), path.name


def _unread(extract) -> list[tuple[int, str, str]]:
    """(line, reason, the unread number as printed) of each line with an unread number."""
    return [
        (row.source_line, row.reason, row.line_text[row.span_start : row.span_end])
        for row in extract.audited_lines
        if row.reason and row.span_start is not None
    ]


def test_a_middle_column_and_labelled_records_are_counted_number_by_number():
    """A 中期目标 column and a block of indicators printed as labelled fields: the line-level
    audit called such a plan fully read whatever was dropped; per number, each of the 10 counts,
    and each is read only when a fact holds it: the records as indicator values (the labelled-
    field reader), the 2023 column as typed cells of marts.fct_table_cells (no indicator year)."""
    extract = _audit("yearly_and_records.txt")
    assert sorted({(v.source_line, v.value_text) for v in extract.indicator_values}) == [
        (7, "40"),
        (7, "60"),
        (8, "70"),
        (8, "90"),
        (14, "95"),
        (15, "98"),
        (19, "40"),
        (20, "≥５０"),
    ]
    middle = [(c.source_line, c.text, c.year) for c in extract.table_cells if c.year == 2023]
    assert middle == [(7, "50", 2023), (8, "80", 2023)]
    # 序号, the years in the header and the labels (2020年：, 2025年目标：) count nothing
    assert sum(row.unit_numbers for row in extract.audited_lines) == 10
    assert _unread(extract) == []
    assert _coverage(extract) == pytest.approx(1.0)
    # the cells that fed no fact are what the audit lists: drop the middle cells' typing and
    # the records' values, and exactly those numbers are unread (the planted miss)
    lines = [line.text for line in extract.lines]
    untyped = [
        dataclasses.replace(c, value_numeric=None, year=None) if c.year == 2023 else c
        for c in extract.table_cells
    ]
    kept = [v for v in extract.indicator_values if v.source_line < 10]
    read = [(v.source_line, v.span_start, v.span_end) for v in kept]
    audited = audit_reading(lines, segment_blocks(lines), untyped, [v.source_line for v in kept], read)
    assert [
        (row.source_line, row.reason, row.line_text[row.span_start : row.span_end])
        for row in audited
        if row.reason
    ] == [
        (7, REASON_TABLE, "50"),  # the dropped cell of a row that was otherwise read
        (8, REASON_TABLE, "80"),
        (14, REASON_RECORD, "95"),
        (15, REASON_RECORD, "98"),
        (19, REASON_RECORD, "40"),
        (20, REASON_RECORD, "５０"),  # full-width, after a comparator: the digits' own span
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2025年目标：≥50", "50"),
        ("总投资：3200万元", "3200"),
        ("2020年： 95%", "95"),
        ("序号：3", None),  # a row number
        ("建设年限：2021-2025年", None),  # a period
        ("属性：约束性", None),
        ("建设内容：新建床位300张及配套设施", None),  # a number inside a text field is prose
    ],
)
def test_record_fields_count_the_quantity_they_state(line, expected):
    spans = record_number_spans(line)
    assert [line[a:b] for a, b in spans] == ([expected] if expected else [])


def test_record_regions_need_a_name_field_and_three_fields():
    lines = [
        "指标名称：城乡低保覆盖率",
        "单位：%",
        "",
        "2025年目标：98",
        "主要目标：到2025年，养老服务体系更加完善。",
        "工作要求：加强领导",
        "责任单位：县民政局",
        "完成时限：2025年",
    ]
    assert [(r.first, r.last) for r in record_regions(lines)] == [(1, 8)]
    # the same fields without a 名称 field are a list of tasks, not records
    assert record_regions(lines[4:]) == []
    assert record_regions(lines[:2]) == []  # two fields are no record block


def test_a_record_block_whose_values_fed_facts_is_read():
    """The clean twin: the same records with every value covered by a fact's span list nothing."""
    lines = ["指标名称：城乡低保覆盖率", "单位：%", "2020年：95", "2025年目标：≥98", "属性：预期性"]
    blocks = segment_blocks(lines)
    read = [(3, 6, 8), (4, 8, 11)]  # the spans of "95" and "≥98", as facts would carry them
    audited = audit_reading(lines, blocks, [], [3, 4], read)
    assert [(row.source_line, row.unit_numbers, row.read_numbers, row.reason) for row in audited] == [
        (3, 1, 1, None),
        (4, 1, 1, None),
    ]
    missed = audit_reading(lines, blocks, [], [3], read[:1])  # the target was not read
    assert [(row.source_line, row.reason, row.span_start, row.span_end) for row in missed if row.reason] == [
        (4, REASON_RECORD, 9, 11)
    ]


@given(
    st.lists(st.tuples(st.integers(0, 999), st.booleans()), min_size=2, max_size=7),
    st.data(),
)
def test_exactly_the_value_cells_no_span_covers_are_unread(values, data):
    """A row of a rebuilt table with a unit column: whichever of its value cells fed no fact
    (a repeated value, a full-width one), exactly those are unread, the first one marked."""
    printed = [_wide(str(v)) if wide else str(v) for v, wide in values]
    line = "1\t某项指标\t%\t" + "\t".join(printed)
    spans, at = [], len("1\t某项指标\t%\t")
    for text in printed:
        spans.append((at, at + len(text)))
        at += len(text) + 1
    dropped = data.draw(st.sets(st.integers(0, len(printed) - 1)))
    cells = [
        TableCell(1, None, "indicator", "tab_rows", 1, col, False, text, 1)
        for col, text in enumerate(line.split("\t"))
    ]
    read = [(1, *span) for i, span in enumerate(spans) if i not in dropped]
    [row] = audit_reading([line], [], cells, [1], read)
    assert (row.unit_numbers, row.read_numbers) == (len(printed), len(printed) - len(dropped))
    first = min(dropped) if dropped else None
    assert (row.span_start, row.span_end) == (spans[first] if dropped else (None, None))
    assert (row.reason == REASON_TABLE) is bool(dropped)


def _wide(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


_CONVERTERS = {
    "pandoc": ["pandoc", "-f", "html", "-t", "plain"],
    "w3m": ["w3m", "-dump", "-T", "text/html"],
    "lynx": ["lynx", "-dump", "-nolist"],
}


@pytest.mark.parametrize("converter", sorted(_CONVERTERS))
def test_a_table_as_text_browsers_print_it_is_audited_number_by_number(converter, tmp_path):
    """An invented indicator table (2020年现状 | 2023年中期目标 | 2025年目标) printed to text by
    programs nobody here wrote (spaces, box-drawing rules │): whatever the extractors make of
    it, the audit sees its six values, and each one no indicator value's span covers is
    listed, so a table not (fully) read never shows coverage 1.0."""
    command = _CONVERTERS[converter]
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is not installed (Debian package {command[0]}): this test needs it")
    source = FIXTURES / "middle_column_table.html"
    text = subprocess.run([*command, str(source)], capture_output=True, check=True, timeout=60).stdout
    extract = extract_document(text, f"{converter}.txt")
    lines = [line.text for line in extract.lines]
    rows = [
        row
        for row in extract.audited_lines
        if "护理型床位占比" in row.line_text or "设施覆盖率" in row.line_text
    ]
    assert [row.unit_numbers for row in rows] == [3, 3], text.decode()
    # a number is read when an indicator value or a typed table cell (marts.fct_table_cells) holds it
    typed_cells = [c for c in extract.table_cells if c.value_numeric is not None]
    covered = {(v.source_line, v.span_start) for v in [*extract.indicator_values, *typed_cells]}
    for row in rows:
        values = [m.start() for m in re.finditer(r"\d0(?!\S)", row.line_text)]  # 40 50 60 / 70 80 90
        unread = [at for at in values if (row.source_line, at) not in covered]
        assert row.read_numbers == 3 - len(unread)
        if unread:
            assert (row.span_start, lines[row.source_line - 1][row.span_start : row.span_end]) == (
                unread[0],
                row.line_text[unread[0] : unread[0] + 2],
            )
    if sum(row.read_numbers for row in rows) < 6:
        assert _coverage(extract) < 1.0


def test_a_table_announced_but_not_rebuilt_counts_its_bare_numbers_as_unread():
    """A caption whose table came out one cell per line with no unit beside the values (as
    pdftotext prints a narrow yearly table): no table is rebuilt, and its bare numbers (not its
    years, not its 序号) are counted and unread, so the document's coverage is below 1.0, not undefined."""
    text = "\n".join(
        [
            "某某县“十五五”养老服务体系建设规划",
            "第二章 发展目标",
            "表1 “十五五”养老服务主要指标年度目标",
            "序号",
            "1",
            "指标",
            "名称",
            "每千名老年人拥有养老床位数",
            "2026",
            "年",
            "37",
            "2027",
            "年",
            "38.5",
            "第三章 保障措施",
            "加强组织领导，落实工作责任，确保各项目标任务如期完成。",
        ]
    )
    extract = extract_document(text.encode("utf-8"), "yearly_one_cell_per_line.txt")
    assert extract.indicator_values == []
    assert _coverage(extract) == 0.0
    unread = {(row.source_line, row.line_text) for row in extract.audited_lines if row.reason}
    assert {(11, "37"), (14, "38.5")} <= unread
    # the 序号 (a lone 1 with the row's name after it) and the years are no quantity
    assert not any(text in ("1", "2026", "2027") for _, text in unread)
    assert (3, "表1 “十五五”养老服务主要指标年度目标") in unread


# Layouts the extractor may not know: what counts, and what never does --------------


@pytest.mark.parametrize(
    ("line", "next_line", "expected"),
    [
        ("张 36.5", "", ["36.5"]),  # a unit cell glued to the value after it (PDF text)
        ("特殊困难老年人月探访率 % 90", "", ["90"]),  # name, unit and value glued
        ("新增床位 120", "", []),  # 位 is a character of the name there, not a unit
        ("2社会组织", "", []),  # a 序号 glued to the name
        ("1  养老机构护理型床位占比  %  48  ≥65", "", ["48", "65"]),  # the 序号 opens the row
        ("养老服务  1  养老机构护理型床位占比  %  48  65", "", ["48", "65"]),  # 序号 after a 类别
        ("3", "特殊困难老年人月探访率", []),  # a lone 序号, the row's name on the next line
        ("3", "4", ["3"]),  # a lone value with a value after it
        ("980", "某某县智慧养老信息平台建设项目", ["980"]),  # an amount before the next row's name
        ("90以上", "", ["90"]),
        ("36.5 37", "", ["36.5", "37"]),  # one space between two numbers parts two cells
        ("第 3 页 共 5 页", "", []),  # a page number
        ("- 12 -", "", []),
        ("2025年  2030年  2026-2027", "", []),  # years and a period
    ],
)
def test_cell_numbers_count_quantities_not_row_numbers_years_or_pages(line, next_line, expected):
    assert [line[a:b] for a, b in cell_number_spans(line, next_line)] == expected


def test_undecodable_lines_count_every_number_but_years_and_the_row_number():
    line = "1  每千名老\ufffd张36.5\ufffd37\ufffd\ufffd\ufffd38  2026\ufffd约束性"
    assert [line[a:b] for a, b in undecodable_number_spans(line)] == ["36.5", "37", "38"]
    assert undecodable_number_spans("序指标名称  单2025\ufffd2026\ufffd2027\ufffd属性") == []


# An indicator table as html2text prints it (byte-cut CJK cells) and its clean twin.
_INDICATOR_TABLE = [
    "某某县“十五五”养老服务体系建设规划",
    "第二章 发展目标",
    "表1 “十五五”养老服务主要指标",
    "序号  指标名称                单位  2025年  2030年  属性",
    "1     养老机构护理型床位占比  %     38      ≥55     约束性",
    "2     特殊困难老年人月探访率  %     90      100     预期性",
    "第三章 保障措施",
    "加强组织领导，落实工作责任。",
]


def test_a_table_with_undecodable_cells_is_listed_as_undecodable():
    """html2text cuts a CJK character in two where a cell is too narrow and prints U+FFFD: no
    table is rebuilt, and every value of the table's lines is unread, with its own reason."""
    cut = list(_INDICATOR_TABLE)
    cut[4] = "1  养老机构护\ufffd%\ufffd38\ufffd\ufffd\ufffd55  约束性"
    cut[5] = "2  特殊困难\ufffd%\ufffd90\ufffd\ufffd\ufffd100 预期性"
    extract = extract_document("\n".join(cut).encode("utf-8"), "cut.txt")
    assert extract.indicator_values == []  # the premise: this layout is not read
    assert _unread(extract) == [(5, REASON_UNDECODABLE, "38"), (6, REASON_UNDECODABLE, "90")]
    assert _coverage(extract) == 0.0


def test_the_same_table_decoded_is_read_in_full():
    """The clean twin: the same table without the cut characters is read, nothing is listed."""
    extract = extract_document("\n".join(_INDICATOR_TABLE).encode("utf-8"), "clean.txt")
    assert len(extract.indicator_values) == 4
    assert _unread(extract) == []
    assert _coverage(extract) == 1.0


# A table one cell per line with no unit beside its values (as pdfminer prints a PDF table).
_ONE_CELL_PER_LINE = [
    "表1 主要指标",
    "序号",
    "指标名称",
    "单位",
    "2025年",
    "2030年",
    "1",
    "养老机构护理型床位占比",
    "%",
    "38",
    "55",
    "2",
    "特殊困难老年人月探访率",
    "%",
    "90",
    "100",
    "第三章 保障措施",
    "加强组织领导，落实工作责任，确保各项目标任务如期完成。",
]


def test_values_without_a_unit_on_their_line_count_in_a_table_of_quantities():
    """A table region whose 单位 column makes it a table of quantities: each value standing
    alone on its line counts (not the 序号, not the years), and is unread when no fact holds it."""
    lines = _ONE_CELL_PER_LINE
    blocks = segment_blocks(lines)
    audited = audit_reading(lines, blocks, [], [], [])
    assert [(row.source_line, row.line_text, row.reason) for row in audited if row.unit_numbers] == [
        (10, "38", REASON_TABLE),
        (11, "55", REASON_TABLE),
        (15, "90", REASON_TABLE),
        (16, "100", REASON_TABLE),
    ]
    # the clean twin: the same values held by facts' spans are read, nothing is listed
    read = [(k, 0, len(lines[k - 1])) for k in (10, 11, 15, 16)]
    audited = audit_reading(lines, blocks, [], [10, 11, 15, 16], read)
    assert [row for row in audited if row.reason and row.unit_numbers] == []
    assert sum(row.read_numbers for row in audited) == 4


def _typed_table(kind: str) -> tuple[list[str], list[TableCell]]:
    """An indicator table with a 2025 and a 2030 column, rebuilt and typed (no year on the cells:
    a header the typing could not date)."""
    lines = ["序号\t指标名称\t单位\t基期值\t目标值", "1\t护理型床位占比\t%\t48\t65", "2\t探访率\t%\t90\t100"]
    cells = []
    for row, line in enumerate(lines):
        at = 0
        for col, text in enumerate(line.split("\t")):
            numeric = float(text) if row and col >= 3 else None
            cells.append(
                TableCell(
                    1, "表1", kind, "tab_rows", row, col, row == 0, text, row + 1,
                    value_numeric=numeric, span_start=at, span_end=at + len(text),
                )
            )  # fmt: skip
            at += len(text) + 1
    return lines, cells


def test_a_value_column_no_fact_read_is_unread_though_its_cells_were_typed():
    """A table rebuilt in a shape the indicator reader took only one column from: the other
    column's typed cells (marts.fct_table_cells) fed no fact, so they are unread; in the clean
    twin both columns fed facts; a table of another kind keeps its typed cells as read."""
    lines, cells = _typed_table("indicator")
    target = [
        (k, c.span_start, c.span_end)
        for k, c in ((c.source_line, c) for c in cells)
        if c.col_idx == 3 and k > 1
    ]
    audited = audit_reading(lines, [], cells, [2, 3], target)
    assert [
        (row.source_line, row.reason, row.line_text[row.span_start : row.span_end]) for row in audited
    ] == [
        (2, REASON_TABLE, "65"),
        (3, REASON_TABLE, "100"),
    ]
    both = [(c.source_line, c.span_start, c.span_end) for c in cells if c.value_numeric is not None]
    assert [row.reason for row in audit_reading(lines, [], cells, [2, 3], both)] == [None, None]
    lines, cells = _typed_table("other")
    assert [row.reason for row in audit_reading(lines, [], cells, [], [])] == [None, None]


def test_an_amount_of_money_in_a_read_row_is_read_only_when_a_fact_holds_it():
    """A project record whose name was read but not its investment: the 万元 amount is listed
    (a project's field, not a number of its text); the clean twin with the amount's span is read."""
    lines = [
        "项目名称：某某县中心敬老院",
        "建设内容：新增床位120张",
        "建设年限：2026-2027年",
        "总投资：3200万元",
    ]
    blocks = segment_blocks(lines)
    name = [(1, 5, 12)]
    unread = audit_reading(lines, blocks, [], [1], name)
    assert [
        (row.source_line, row.line_text[row.span_start : row.span_end]) for row in unread if row.reason
    ] == [(4, "3200")]
    read = audit_reading(lines, blocks, [], [1], [*name, (4, 4, 10)])
    assert [row for row in read if row.reason] == []


def test_a_number_cut_by_a_fixed_width_wrap_is_not_counted():
    """Re-wrapped at a fixed width, '2026-2027' becomes '… 2' / '026-2027': the '2' is no value;
    the same line with a whole value at its end counts that value."""
    lines = [
        "表2 重点项目",
        "序号  项目名称  建设年限  总投资（万元）",
        "1  某某县中心敬老院改扩建项目     2",
        "026-2027  3200",
    ]
    audited = {row.source_line: row for row in audit_reading(lines, segment_blocks(lines), [], [], [])}
    assert 3 not in audited
    assert audited[4].line_text[audited[4].span_start : audited[4].span_end] == "3200"
    whole = [*lines[:2], "1  某某县中心敬老院改扩建项目     2026-2027  3200"]
    audited = audit_reading(whole, segment_blocks(whole), [], [], [])
    assert [row.line_text[row.span_start : row.span_end] for row in audited if row.unit_numbers] == ["3200"]


def test_a_value_before_the_next_rows_number_is_no_wrap_cut():
    """'… 0.06' followed by the next row '4 某某县…' (pdftotext): the value is whole and counts;
    '… 9' followed by '2    94  …' (a wrap inside the value 92) does not count."""
    head = ["表3 重点项目", "序号  项目名称  总投资（亿元）"]
    whole = [*head, "3  某某镇综合养老服务中心  0.06", "4 某某县智慧养老信息平台  0.03"]
    audited = audit_reading(whole, segment_blocks(whole), [], [], [])
    assert [row.line_text[row.span_start : row.span_end] for row in audited if row.unit_numbers] == [
        "0.06",
        "0.03",
    ]
    cut = [
        "表1 主要指标",
        "序号  指标名称  单位  2025年  2026年  2027年",
        "1  特殊困难老年人月探访率  %  90  9",
        "2    94",
    ]
    audited = audit_reading(cut, segment_blocks(cut), [], [], [])
    assert [row.line_text[row.span_start : row.span_end] for row in audited if row.unit_numbers] == [
        "90",
        "94",
    ]


def test_a_period_printed_over_two_lines_is_no_quantity():
    """One cell per line, '2021-' / '2024' is a period; the same number after a plain cell counts."""
    lines = [
        "表2 重点项目",
        "序号",
        "项目名称",
        "建设年限",
        "总投资（万元）",
        "1",
        "某某县村务活动中心",
        "2021-",
        "",
        "2024",
        "5000",
    ]
    audited = audit_reading(lines, segment_blocks(lines), [], [], [])
    assert [row.line_text for row in audited if row.unit_numbers] == ["5000"]
    lines[7] = "新建"
    audited = audit_reading(lines, segment_blocks(lines), [], [], [])
    assert [row.line_text for row in audited if row.unit_numbers] == ["5000"]  # 2024 alone is a year
    lines[9] = "204"
    audited = audit_reading(lines, segment_blocks(lines), [], [], [])
    assert [row.line_text for row in audited if row.unit_numbers] == ["204", "5000"]
    lines[7] = "2021-"
    audited = audit_reading(lines, segment_blocks(lines), [], [], [])
    assert [row.line_text for row in audited if row.unit_numbers] == ["5000"]


def test_a_row_number_a_space_before_its_wrapped_name_is_no_quantity():
    # PDFium's text of a LibreOffice PDF: '1 每千' / '理型床位占' … (每千 could start a unit: 每千人)
    assert cell_number_spans("1 每千", "理型床位占") == []
    assert cell_number_spans("12、养老机构", "护理型床位占比") == []


def test_clean_twin_a_count_a_space_before_its_unit_is_a_quantity():
    assert cell_number_spans("300 张") == [(0, 3)]
    assert cell_number_spans("12 个", "") == [(0, 2)]


# Chromium's PDF through pdftotext -layout: a table without 序号 whose periods wrap after the dash
_OPEN_PERIODS = """某县“十五五”养老服务体系建设规划
第三章 重点项目
表2 “十五五”养老服务重点项目
    项目名称             建设内容及规模        建设起止年限 总投资（万元）
某某县中心敬老院改扩建   新增床位120张，建筑面积4500平方米 2026.03- 3200
项目                                 {second}
某某镇综合养老服务中心   设置床位60张，配套日间照料、助餐 2027.03-2029.12    980
"""


def test_the_end_of_a_period_wrapped_onto_the_next_line_is_no_quantity():
    extract = extract_document(_OPEN_PERIODS.format(second="2027.12").encode("utf-8"), "periods.txt")
    assert [a for a in extract.audited_lines if a.reason] == []


def test_planted_a_number_under_a_closed_period_is_audited():
    text = _OPEN_PERIODS.format(second="2027.12").replace("2026.03- 3200", "2026.03-2027.06 3200")
    extract = extract_document(text.encode("utf-8"), "periods.txt")
    audited = {a.source_line: a for a in extract.audited_lines}
    assert audited[6].unit_numbers == 1
