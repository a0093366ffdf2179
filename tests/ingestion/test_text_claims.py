"""What the text claims, read once during extraction (ingestion.text_claims): the items the
cross-checks compare, with their lines and printed precision. Invented plans (东川区, 海东市;
periods 十五五 = 2026–2030)."""

from __future__ import annotations

import pytest

from ingestion.blocks import segment_blocks
from ingestion.model import IndicatorValue
from ingestion.text_claims import extract_text_claims, printed_tolerance

PERIOD = (2026, 2030)


def _claims(lines: list[str], period=PERIOD, values=()):
    return extract_text_claims(lines, segment_blocks(lines), lambda _line: period, values)


def _of(claims, kind):
    return [c for c in claims if c.claim_kind == kind]


def test_stated_values_read_indicator_year_kind_and_value():
    lines = [
        "东川区“十五五”民政事业发展规划",
        "一、“十四五”发展回顾",
        "全区敬老院入住率达47.5%，城市社区助餐点覆盖率达到90%以上。",
        "二、发展目标",
        "到2030年，农村互助幸福院覆盖率达到80%以上，每千名老年人拥有养老床位数达到42张。",
    ]
    found = {
        (c.source_line, c.measure, c.year, c.statement_kind, c.comparator, c.value_numeric, c.unit)
        for c in _of(_claims(lines), "stated_value")
    }
    assert found == {
        (3, "敬老院入住率", 2025, "actual", "=", 47.5, "%"),
        (3, "城市社区助餐点覆盖率", 2025, "actual", ">=", 90.0, "%"),
        (5, "农村互助幸福院覆盖率", 2030, "target", ">=", 80.0, "%"),
        (5, "每千名老年人拥有养老床位数", 2030, "target", "=", 42.0, "张"),
    }


def test_a_statement_with_a_starting_point_or_several_values_is_not_read():
    lines = [
        "东川区“十五五”民政事业发展规划",
        "养老床位数由2020年的760张增加到1015张，两项补贴覆盖率均达到100%。",
        "城乡社区服务站覆盖率分别达到100%、85%。",
    ]
    assert _of(_claims(lines), "stated_value") == []


def test_a_stated_value_naming_a_table_indicator_takes_the_tables_printed_name():
    table = IndicatorValue(
        1, None, None, None, "城市社区助餐点覆盖率（%）", "%", "%", 2030, "target", "=", 95.0, "95", None, 30
    )
    lines = ["东川区“十五五”民政事业发展规划", "二、发展目标", "到2030年，城市社区助餐点覆盖率达到85%。"]
    (value,) = _of(_claims(lines, values=[table]), "stated_value")
    assert value.measure == "城市社区助餐点覆盖率（%）" and value.printed_text.endswith("85%")


def test_an_institutions_figure_is_marked_as_not_the_regions():
    lines = [
        "海东市“十五五”养老服务体系建设规划",
        "一、“十四五”时期发展成效",
        "市社会福利院完成改造，养老机构入住率达72%。",
    ]
    (value,) = _of(_claims(lines), "stated_value")
    assert value.measure == "@养老机构入住率"


def test_a_whole_and_its_parts_with_their_lines_across_a_wrapped_paragraph():
    lines = [
        "二、重点项目",
        "",
        "项目总投资 3200 万元，其中中央资金 2000",
        "",
        "万元、省级资金 1500 万元，其余由县级自筹。",
    ]
    items = _of(_claims(lines), "parts_of_whole")
    assert [(c.item_role, c.source_line, c.value_numeric, c.unit) for c in items] == [
        ("whole", 3, 3200.0, "万元"),
        ("part", 3, 2000.0, "万元"),
        ("part", 5, 1500.0, "万元"),
    ]
    assert items[0].is_complete and items[-1].printed_text.startswith("其中")


def test_per_item_figures_are_not_parts():
    text = "新建服务中心4所，总建筑面积 1600 平方米，其中每所建筑面积 400 平方米，每所设床位 20 张。"
    assert _of(_claims([text]), "parts_of_whole") == []


def test_a_count_its_per_unit_area_and_the_stated_area():
    text = "新建 120 张床位的敬老院一所，建筑面积 4500 平方米，床均面积 45 平方米，总投资 2000 万元。"
    items = _of(_claims([text]), "per_unit_area")
    assert [(c.item_role, c.value_numeric, c.unit) for c in items] == [
        ("total", 4500.0, "平方米"),
        ("count", 120.0, "张"),
        ("per_unit", 45.0, "平方米"),
    ]


def test_an_area_and_its_restatement_in_mu_carry_their_precision():
    items = _of(_claims(["新建公墓一处，总用地面积 13340 平方米（合 21.5 亩）。"]), "area_in_mu")
    assert [(c.item_role, c.value_numeric, c.value_tolerance) for c in items] == [
        ("square_metres", 13340.0, 0.0),
        ("mu", 21.5, 0.05),
    ]


def test_a_toc_entry_and_the_heading_it_points_to():
    lines = ["目  录", "第一章 发展基础.....1", "第二章 总体要求和发展目标.....5", "第三章 规划实施.....9", "",
             "第一章 发展基础", "加强组织领导。", "第二章 总体要求和主要目标", "到2030年，养老服务体系更加健全。"]  # fmt: skip
    entries = {}
    for c in _of(_claims(lines), "toc_entry"):
        entries.setdefault(c.claim_seq, []).append((c.item_role, c.source_line))
    assert list(entries.values()) == [
        [("entry", 2), ("heading", 6)],
        [("entry", 3), ("heading", 8)],  # found by its numbering, worded otherwise
        [("entry", 4)],  # no heading, title nowhere in the body
    ]


def test_a_sections_heading_period_and_the_periods_it_speaks_of():
    lines = ["海东市“十五五”民政事业发展规划", "第一章 “十三五”期间发展回顾", "“十四五”期间，全市养老床位增加到8000张。",
             "“十四五”时期，社区服务设施实现全覆盖。", "第二章 主要目标", "到2030年，养老服务体系更加健全。"]  # fmt: skip
    items = _of(_claims(lines), "section_period")
    assert [(c.item_role, c.source_line, c.period_start_year, c.value_numeric) for c in items] == [
        ("heading", 2, 2016, None),
        ("opening_mention", 3, 2021, 2.0),
    ]


def test_a_sentences_period_and_the_years_of_its_figure():
    text = "“十四五”时期，全市累计发放救助资金 8.6 亿元，2022 年至 2026 年共救助 3.2 万人次。"
    items = _of(_claims([text]), "period_of_figure")
    assert [(c.item_role, c.printed_text, c.period_start_year, c.period_end_year) for c in items] == [
        ("years", "2022 年至 2026 年", 2022, 2026),
        ("period", "“十四五”时期", 2021, 2025),
    ]


def test_the_units_of_an_indicator_rows_name_and_value():
    row = IndicatorValue(
        1,
        None,
        None,
        None,
        "街道综合养老服务中心（个）",
        "个",
        "%",
        2030,
        "target",
        "=",
        100.0,
        "100%",
        None,
        40,
    )
    items = _of(_claims([], values=[row]), "unit_of_value")
    assert [(c.item_role, c.unit, c.value_text) for c in items] == [
        ("value", "%", "100%"),
        ("name", "个", "个"),
    ]


@pytest.mark.parametrize(
    ("printed", "tolerance"), [("95", 0.0), ("95.4", 0.05), ("约300", 50.0), ("62.85%", 0.005)]
)
def test_tolerance_follows_the_printed_precision(printed, tolerance):
    assert printed_tolerance(printed) == pytest.approx(tolerance)
