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
    audit_reading,
    count_unit_numbers,
    is_project_title,
    record_number_spans,
    record_regions,
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
