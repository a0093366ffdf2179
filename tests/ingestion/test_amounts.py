"""Money amounts as printed -> 万元, and the tolerance their printed precision implies."""

from __future__ import annotations

import pytest

from ingestion.amounts import find_amounts, parse_amount, unit_in_header


@pytest.mark.parametrize(
    ("text", "value", "tolerance", "printed"),
    [
        ("概算总投资8.03亿元。", 80300, 50, "8.03亿元"),  # 0.005亿 = 50万
        ("投资0.19亿元", 1900, 50, "0.19亿元"),
        ("总投资 1500 万元", 1500, 0, "1500 万元"),
        ("支出救助资金87.92 万元", 87.92, 0.005, "87.92 万元"),
        ("拨付照护服务费 392.3417 万元", 392.3417, 0.00005, "392.3417 万元"),
        ("共计1,200万元", 1200, 0, "1,200万元"),
        ("争取各类项目资金2200多万元", 2200, 50, "2200多万元"),  # approximate: last non-zero digit
        ("累计投入资金2200万余元", 2200, 50, "2200万余元"),
        ("投资约2亿元", 20000, 5000, "2亿元"),
        ("计划投资三千万元", 3000, 0, "三千万元"),
        ("孤儿保障标准达到1320元", 0.132, 0, "1320元"),
    ],
)
def test_one_amount_in_wan_yuan(text, value, tolerance, printed):
    (amount,) = find_amounts(text)
    assert amount.value_wan == pytest.approx(value)
    assert amount.tolerance_wan == pytest.approx(tolerance)
    assert amount.text == printed


@pytest.mark.parametrize(
    "text", ["注册志愿者累计1.4万人", "建设规模3.6万平方米", "新增床位200张", "数千万元"]
)
def test_counts_and_areas_are_not_money(text):
    assert find_amounts(text) == []


def test_several_amounts_in_order_with_offsets():
    text = "已申请到位中央专项资金 2400 万元，省财政基建资金 600 万元，"
    amounts = find_amounts(text)
    assert [a.value_wan for a in amounts] == [2400, 600]
    assert [text[a.start : a.end] for a in amounts] == ["2400 万元", "600 万元"]


@pytest.mark.parametrize(
    ("cell", "value", "tolerance"),
    [("80285", 80285, 0), ("5180.5", 5180.5, 0.05), ("66354", 66354, 0), ("8.03亿元", 80300, 50)],
)
def test_a_table_cell_takes_its_unit_from_the_header(cell, value, tolerance):
    amount = parse_amount(cell, unit_in_header("计划总投资(万元)"))
    assert amount.value_wan == pytest.approx(value)
    assert amount.tolerance_wan == pytest.approx(tolerance)


def test_a_cell_in_yi_yuan_column_is_converted():
    assert parse_amount("1.25", unit_in_header("总投资（亿元）")).value_wan == pytest.approx(12500)


@pytest.mark.parametrize("cell", ["", "新建", "2023-2024年", "合计"])
def test_non_amount_cells(cell):
    assert parse_amount(cell) is None


def test_a_full_width_comma_separates_two_numbers():
    found = find_amounts("两个项目分别投资300，500万元，共计1,200万元")
    assert [(a.text, a.value_wan) for a in found] == [("500万元", 500.0), ("1,200万元", 1200.0)]


# The units of the seed money_units beyond 元/万元/亿元: the checks accept them, so the
# extractor reads them too.
@pytest.mark.parametrize(
    ("text", "value", "tolerance", "printed"),
    [
        ("年度预算5千元", 0.5, 0, "5千元"),
        ("补助资金12.5千元", 1.25, 0.005, "12.5千元"),  # half of 0.1千元 = 0.005万元
        ("投资3千万余元", 3000, 500, "3千万余元"),
        ("总投资1.5百万元", 150, 5, "1.5百万元"),
        ("捐赠8十万元", 80, 0, "8十万元"),
        ("投入两千万元", 2000, 0, "两千万元"),  # a Chinese number before 万元, as before
    ],
)
def test_amounts_in_the_other_money_units(text, value, tolerance, printed):
    (amount,) = find_amounts(text)
    assert (amount.value_wan, amount.text) == (pytest.approx(value), printed)
    assert amount.tolerance_wan == pytest.approx(tolerance)


@pytest.mark.parametrize("text", ["装机容量30千瓦", "服务5千人次", "覆盖3千万人"])
def test_a_thousand_of_something_else_is_no_money(text):
    assert find_amounts(text) == []


def test_a_column_headed_in_thousand_yuan_is_read_in_thousand_yuan():
    # the header's unit is the longest money unit it names: 千元, not the 元 inside it
    assert unit_in_header("项目资金（千元）") == "千元"
    assert parse_amount("120", unit_in_header("项目资金（千元）")).value_wan == pytest.approx(12)


def test_the_extractor_reads_every_unit_the_checker_accepts():
    """One list of money units (seed money_units): what amounts.py stores for a printed
    amount is what expectations/rules.py expects for it, in every unit."""
    from expectations.rules import money_unit_violation
    from vocabulary.seeds import money_units

    for unit in money_units():
        printed = f"投资12{unit}"
        (amount,) = find_amounts(printed)
        assert amount.text == f"12{unit}"
        assert money_unit_violation(amount.value_wan, printed) is None, unit
