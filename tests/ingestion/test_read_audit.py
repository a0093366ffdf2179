"""The audit of what was not read, on invented plans (no gold file needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.extract import extract_document
from ingestion.read_audit import (
    REASON_CAPTION,
    REASON_PROJECT_SECTION,
    REASON_TABLE,
    count_unit_numbers,
    is_project_title,
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
