"""Character spans of cells and facts (ingestion/spans.py)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ingestion.extract import extract_document
from ingestion.spans import folded, locate


def _plan(*table: str) -> str:
    return "\n".join(
        [
            "景泰县“十四五”养老服务体系建设规划",
            "",
            "一、发展目标",
            "",
            "表1 主要指标",
            *table,
            "",
            "二、保障措施",
            "",
            "加强组织领导。",
        ]
    )


def test_locate_folds_full_width_digits_and_ignores_spaces():
    line = "护理型床位占比达到６５％以上，新增床位 3 200 张"
    assert line[slice(*locate(line, "65%"))] == "６５％"
    assert line[slice(*locate(line, "3200张"))] == "3 200 张"
    assert locate(line, "66%") is None


def test_locate_from_a_start_finds_the_second_of_two_equal_values():
    line = "1\t老年人口48万\t48\t48"
    first = locate(line, "48")
    second = locate(line, "48", first[1])
    third = locate(line, "48", second[1])
    assert [first, second, third] == [(6, 8), (10, 12), (13, 15)]  # the name's 48 first, then each cell


def test_locate_values_with_comparators_and_units():
    line = "2\t社会工作者数\t人\t≥ 1.2万\t约束性"
    span = locate(line, "≥1.2万")
    assert line[span[0] : span[1]] == "≥ 1.2万"


def test_a_name_wrapped_onto_the_next_line_matches_by_its_start_only_at_the_line_end():
    line = "建成后可满足需要。（6）新塬镇中心敬老"
    assert line[slice(*locate(line, "新塬镇中心敬老院建设项目", prefix="end"))] == "新塬镇中心敬老"
    assert locate("新塬镇中心敬老，另有", "新塬镇中心敬老院建设项目", prefix="end") is None
    assert locate(line, "新塬镇中心敬老院建设项目") is None


def test_repeated_values_in_one_row_get_distinct_spans():
    extract = extract_document(
        _plan(
            "序号\t指标名称\t单位\t2020年\t2025年\t属性",
            "1\t老年人口占比48\t%\t48\t48\t约束性",
            "2\t社区养老服务设施覆盖率\t%\t６０\t≥６０\t预期性",
        ).encode(),
        "a.txt",
    )
    lines = [line.text for line in extract.lines]
    values = [(v.source_line, v.value_text, v.span_start, v.span_end) for v in extract.indicator_values]
    # the name's own "48" (characters 8–9) is not a value: the cells are found in column order
    assert values == [(7, "48", 13, 15), (7, "48", 16, 18), (8, "６０", 16, 18), (8, "≥６０", 19, 22)]
    for value in extract.indicator_values:
        assert lines[value.source_line - 1][value.span_start : value.span_end] == value.value_text
    cells = {(c.row_idx, c.col_idx): (c.span_start, c.span_end) for c in extract.table_cells}
    assert cells[(1, 3)] == (13, 15) and cells[(1, 4)] == (16, 18)  # the cells carry the same spans


def test_funding_and_projects_in_prose_point_at_their_amounts():
    text = "\n".join(
        [
            "景泰县“十四五”养老服务体系建设规划",
            "",
            "二、重点项目",
            "",
            "（一）县社会福利中心建设项目。新建床位200张，总投资3200万元，其中中央资金3200万元。",
        ]
    )
    extract = extract_document(text.encode(), "b.txt")
    line = extract.lines[4].text
    [project] = extract.projects
    assert line[project.span_start : project.span_end].startswith("县社会福利中心建设项目")
    assert "3200万元" in line[project.span_start : project.span_end]
    spans = [(f.span_start, f.span_end) for f in extract.funding]
    assert all(line[a:b] == "3200万元" for a, b in spans)
    assert len(set(spans)) == len(spans) == 2  # the same amount twice: two spans


_NUMBERS = st.lists(st.tuples(st.integers(0, 999), st.booleans(), st.booleans()), min_size=2, max_size=6)


@given(_NUMBERS)
def test_the_cells_of_a_row_are_found_left_to_right(cells):
    """Whatever the values (repeated, full-width, with %), each cell's span holds its own text."""
    printed = []
    for number, full_width, percent in cells:
        text = str(number) + ("%" if percent else "")
        printed.append(unicodedata.normalize("NFKC", text) if not full_width else _wide(text))
    line = "1\t某某指标\t" + "\t".join(printed)
    cursor, spans = 0, []
    for text in printed:
        span = locate(line, text, cursor, prefix="cell")
        spans.append(span)
        cursor = span[1]
    assert [line[a:b] for a, b in spans] == printed
    assert folded(line[spans[0][0] :])[0].startswith(folded(printed[0])[0])


def _wide(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
