"""The pure rules behind the suites: printed money, growth readings, years, targets."""

from __future__ import annotations

import pytest

from expectations import rules


@pytest.mark.parametrize(
    ("stored", "printed"),
    [
        (80300.0, "概算总投资8.03亿元"),
        (3500.0, "计划投资3500万元"),
        (0.06, "600元"),
        (450.0, "募集福利彩票公益金450余万元"),
        (1200.0, "1,200万元"),
        (300.0, "300"),  # a bare number under a 万元 header: nothing to compare with
        (18.05, "投入市级彩票公益金 18.05 万元"),
    ],
)
def test_amounts_that_match_their_printed_text_pass(stored, printed):
    assert rules.money_unit_violation(stored, printed) is None


def test_an_amount_left_in_yuan_is_named_as_such():
    detail = rules.money_unit_violation(35_000_000.0, "35000000元")
    assert detail is not None and "left in 元" in detail


def test_a_wrong_conversion_shows_the_expected_value():
    detail = rules.money_unit_violation(8.03, "8.03亿元")
    assert detail == "printed 8.03亿元 = 80300 万元, stored 8.03 万元"


def test_one_project_above_100_yi_yuan_is_implausible():
    assert rules.money_magnitude_violation(17700.0) is None
    assert "left in 元" in rules.money_magnitude_violation(35_000_000.0)


def test_a_year_typo_falls_outside_the_plan_horizon():
    assert rules.year_outside_horizon(2023, 2021, 2025, 5, 5) is None
    assert "year 204 outside" in rules.year_outside_horizon(204, 2021, 2025, 5, 5)
    assert rules.year_outside_horizon(None, 2021, 2025, 5, 5) is None


@pytest.mark.parametrize(
    ("growth", "text", "start", "end", "start_text", "end_text", "unit", "kind"),
    [
        # 楚雄: 低保对象审核认定准确率 93 → 98.67, printed 增长比例 6.1
        (6.1, "6.1", 93.0, 98.67, "93", "98.67", "%", "relative_change"),
        # 楚雄: 农村低保标准占城市低保标准比率 60% → 75%, printed 年均增速 4.56%
        (4.56, "4.56%", 60.0, 75.0, "60%", "75%", "%", "cagr"),
        # a coverage rising 80 → 95 printed as +15 points
        (15.0, "15", 80.0, 95.0, "80", "95", "%", "percentage_point_change"),
        # 95% → 100% printed 1.00%: CAGR within the precision of the printed values
        (1.0, "1.00%", 95.0, 100.0, "95%", "100%", "%", "cagr"),
        # 临泽: 日间照料中心 51 → 78 printed 增幅 34.6% (= 27/78: computed on the wrong base)
        (34.6, "34.6%", 51.0, 78.0, "51", "78", "个", "inconsistent"),
        (6.0, "6%", 70.0, 60.0, "70%", "60%", "%", "inconsistent"),
        (5.0, "5", None, 60.0, None, "60", "%", "not_checkable"),
    ],
)
def test_growth_is_classified_by_the_reading_it_matches(
    growth, text, start, end, start_text, end_text, unit, kind
):
    found, detail = rules.classify_growth(growth, text, start, end, 5, unit, start_text, end_text)
    assert found == kind, detail


def test_a_growth_on_the_wrong_base_is_explained():
    _, detail = rules.classify_growth(34.6, "34.6%", 51.0, 78.0, 5, "个", "51", "78")
    assert "wrong base" in detail


def test_percentage_points_are_not_a_reading_of_counts():
    kind, _ = rules.classify_growth(30.0, "30", 120.0, 150.0, 5, "个", "120", "150")
    assert kind == "inconsistent"  # 150 − 120 = 30 points means nothing for a count


@pytest.mark.parametrize(
    ("name", "comparator", "direction"),
    [
        ("养老机构护理型床位占比", "=", "higher"),
        ("社区养老服务设施覆盖率", None, "higher"),
        ("城市低保标准", ">=", "higher"),
        ("婴儿死亡率", "<=", "lower"),
        ("低保人数", "=", None),
        ("孤儿死亡率", "=", None),
    ],
)
def test_which_way_is_better(name, comparator, direction):
    assert rules.better_direction(name, comparator, None) == direction


def test_a_target_below_its_baseline_is_flagged_only_when_higher_is_better():
    assert "below baseline" in rules.target_vs_baseline_violation("higher", 70.0, 60.0)
    assert rules.target_vs_baseline_violation(None, 70.0, 60.0) is None
    assert rules.target_vs_baseline_violation("higher", 60.0, 70.0) is None


def test_the_horizon_follows_the_plans_own_period():
    # a 十五五 plan (2026–2030): 2034 lies in its horizon, a 十四五 year window does not apply
    assert rules.year_outside_horizon(2034, 2026, 2030, 5, 5) is None
    assert "2026–2030" in rules.year_outside_horizon(2041, 2026, 2030, 5, 5)
    assert rules.year_outside_horizon(2041, None, None, 5, 5) is None  # no period: nothing to check


@pytest.mark.parametrize(
    ("line", "start", "end", "printed", "holds", "wrong"),
    [
        ("1\t占比\t%\t４８\t≥ 65", 7, 9, "４８", "number", False),
        ("1\t占比\t%\t４８\t≥ 65", 10, 14, "≥65", "number", False),  # a comparator, a space inside
        ("1\t占比\t%\t４８\t≥ 65", 6, 8, "４８", "number", True),  # one character off
        ("1\t占比\t%\t４８\t≥ 65", 10, 20, "≥65", "number", True),  # past the line's end
        ("1\t占比\t%\t４８\t≥ 65", 9, 9, "４８", "number", True),  # empty
        ("总投资3 200万元", 3, 10, "3200万元", "number", False),
        ("（一）区综合养老服务中心，新建", 3, 12, "区综合养老服务中心", "text", False),
        ("（一）区综合养老服务中心，新建", 0, 3, "区综合养老服务中心", "text", True),
        ("床位60张 520万元", 2, 4, None, "number", False),  # an unread number: the span is one number
        ("床位60张 520万元", 0, 4, None, "number", True),
        ("床位60张", None, None, "60", "number", False),  # not printed on its line: no span, no finding
    ],
)
def test_span_violation(line, start, end, printed, holds, wrong):
    assert (rules.span_violation(line, start, end, printed, holds) is not None) is wrong
