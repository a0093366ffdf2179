"""The statements layer on invented plans: every number with a unit that the prose states,
with subject, kind, year, comparator and the span of the printed value; which of them are
indicator targets (and which are not: work to be done, several values at once, an
institution's own figure).

The plans are made up: 汶川县 (阿坝州, 四川) and its 十五五 plan (2026–2030), so nothing leans on
the sample plans' regions or years.
"""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion.blocks import segment_blocks
from ingestion.extract import plan_period_at
from ingestion.plans import detect_plans
from ingestion.statements import extract_statements, indicator_key, same_indicator

TITLE = "汶川县“十五五”养老服务体系建设规划"


def _read(body: list[str], table_names: list[str] = ()):
    lines = [TITLE, "", *body]
    period_at = functools.partial(plan_period_at, detect_plans(lines))
    statements = extract_statements(lines, segment_blocks(lines), period_at, table_names)
    return lines, statements


def _printed(lines: list[str], s) -> str:
    return lines[s.source_line - 1][s.span_start : s.span_end]


def _targets(statements):
    return [s for s in statements if s.is_indicator_target]


def test_a_target_sentence_gives_each_indicator_its_year_comparator_value_and_span():
    lines, statements = _read(
        [
            "一、发展目标",
            "到2030年，全县养老机构护理型床位占比达到65%以上，每千名老年人拥有养老床位数达到40张。",
        ]
    )
    targets = _targets(statements)
    assert [(t.measure, t.year, t.comparator, t.value_numeric, t.unit) for t in targets] == [
        ("养老机构护理型床位占比", 2030, ">=", 65.0, "%"),
        ("每千名老年人拥有养老床位数", 2030, "=", 40.0, "张"),
    ]
    assert [_printed(lines, t) for t in targets] == ["65%以上", "40张"]
    assert {t.statement_kind for t in targets} == {"target"}
    assert targets[0].subject_text == "全县养老机构护理型床位占比"
    assert targets[0].period_start_year == 2026 and targets[0].period_end_year == 2030


def test_targets_phrased_otherwise_period_end_before_a_date_and_a_semicolon_list():
    lines, statements = _read(
        [
            "三、重点任务",
            "力争到“十五五”末，社区日间照料中心覆盖率不低于90%。",
            "2028年底前，特困人员集中供养率提高到70%；农村老年人互助服务覆盖率保持在50%以上。",
        ]
    )
    got = [(t.measure, t.year, t.comparator, t.value_numeric) for t in _targets(statements)]
    assert got == [
        ("社区日间照料中心覆盖率", 2030, ">=", 90.0),
        ("特困人员集中供养率", 2028, "=", 70.0),
        ("农村老年人互助服务覆盖率", 2028, ">=", 50.0),
    ]


def test_a_goal_section_without_a_year_sets_targets_for_the_plans_end_year():
    _, statements = _read(
        ["（二）主要目标", "城乡社区养老服务设施覆盖率达到95%，养老护理员持证上岗率达100%。"]
    )
    assert [(t.measure, t.year, t.value_numeric) for t in _targets(statements)] == [
        ("城乡社区养老服务设施覆盖率", 2030, 95.0),
        ("养老护理员持证上岗率", 2030, 100.0),
    ]


def test_work_to_be_done_amounts_and_counts_are_statements_but_no_indicator_targets():
    lines, statements = _read(
        [
            "四、重点项目",
            "新建县老年养护院1所，新增养老床位200张，建筑面积4800平方米，总投资3500万元。",
            "到2030年，新增护理型床位300张，培训养老护理员500人次。",
        ]
    )
    assert _targets(statements) == []
    got = [(s.subject_text, s.statement_kind, s.value_numeric, s.unit, s.year) for s in statements]
    assert got == [
        ("新建县老年养护院", "count", 1.0, "所", None),
        ("新增养老床位", "count", 200.0, "张", None),
        ("建筑面积", "count", 4800.0, "平方米", None),
        ("总投资", "amount", 3500.0, "万元", None),
        ("新增护理型床位", "count", 300.0, "张", 2030),
        ("培训养老护理员", "count", 500.0, "人次", 2030),
    ]
    assert [_printed(lines, s) for s in statements] == [
        "1所",
        "200张",
        "4800平方米",
        "3500万元",
        "300张",
        "500人次",
    ]


def test_several_values_at_once_and_an_institutions_own_figure_are_no_indicator_targets():
    _, statements = _read(
        [
            "到2030年，城市和农村社区综合服务设施覆盖率分别达到100%和90%。",
            "县社会福利院改扩建完成后，到2030年护理型床位占比达到80%。",
        ]
    )
    assert _targets(statements) == []
    assert {s.value_numeric for s in statements} >= {100.0, 90.0, 80.0}


def test_actuals_growth_and_standards():
    _, statements = _read(
        [
            "第一章 “十四五”时期发展成就",
            "全县养老机构护理型床位占比达到48%，城市低保标准为每月760元，累计发放护理补贴资金1065.5万元。",
            "第二章 发展目标",
            "到2030年，城乡居民基本养老保险参保率年均提高2个百分点，老年人口年均增长3.5%。",
        ]
    )
    by_value = {s.value_numeric: s for s in statements}
    assert (by_value[48.0].statement_kind, by_value[48.0].year) == ("actual", 2025)
    assert by_value[48.0].period_start_year == 2021 and not by_value[48.0].is_indicator_target
    assert by_value[760.0].statement_kind in ("actual", "standard")
    assert (by_value[1065.5].statement_kind, by_value[1065.5].unit) == ("actual", "万元")
    assert (by_value[2.0].statement_kind, by_value[2.0].unit) == ("growth", "百分点")
    assert by_value[3.5].statement_kind == "growth"


def test_a_name_listing_numerals_keeps_them_and_a_list_of_clauses_starts_a_new_name():
    _, statements = _read(["到2030年，城市社区养老服务设施全覆盖、农村一、二类低保对象占比达到75%以上。"])
    assert [t.measure for t in _targets(statements)] == ["农村一、二类低保对象占比"]


def test_a_per_person_rate_is_a_standard_and_money_spent_an_amount():
    _, statements = _read(["农村低保标准提高到每人每年5200元，县财政安排护理补贴资金300万元。"])
    assert [(s.statement_kind, s.value_numeric, s.unit) for s in statements] == [
        ("standard", 5200.0, "元"),
        ("amount", 300.0, "万元"),
    ]


def test_spans_point_at_the_printed_value_through_spaces_full_width_digits_and_wrapped_lines():
    lines, statements = _read(
        [
            "　　到 2030 年，全县持证社会工作者达到 １２０ 名以上，",
            "养老机构护理型床位占比不低于",
            "60%。",
        ]
    )
    targets = _targets(statements)
    assert [(t.value_numeric, t.source_line, _printed(lines, t)) for t in targets] == [
        (120.0, 3, "１２０ 名以上"),
        (60.0, 5, "60%"),
    ]
    assert targets[1].comparator == ">="


def test_a_prose_name_of_a_table_indicator_takes_the_tables_name():
    _, statements = _read(
        ["到2030年，全县养老机构护理型床位占比达到60%。"], table_names=["养老机构护理型床位占比(%)"]
    )
    assert [t.measure for t in _targets(statements)] == ["养老机构护理型床位占比(%)"]
    assert same_indicator(
        indicator_key("全县社区养老服务设施覆盖率"), indicator_key("社区养老服务设施覆盖率")
    )
    assert not same_indicator(
        indicator_key("农村社区养老服务设施覆盖率"), indicator_key("社区养老服务设施覆盖率")
    )


def test_numbers_that_are_no_statements_are_not_read():
    _, statements = _read(
        [
            "坚持“四个意识”，构建“15分钟”养老服务圈，每千名老年人配备社会工作者，60岁以上老年人免费体检。",
            "印发《关于第3个五年行动的通知》（汶政办发〔2026〕12号），2026年8月1日起施行。",
        ]
    )
    assert statements == []


_NAMES = ["养老机构护理型床位占比", "社区养老服务设施覆盖率", "特困人员集中供养率", "老年人健康管理率"]
_PHRASES = [
    ("达到{v}%以上", ">="),
    ("不低于{v}%", ">="),
    ("达到{v}%", "="),
    ("提高到{v}%", "="),
    ("达{v}%", "="),
    ("保持在{v}%以上", ">="),
]


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(_NAMES),
    phrase=st.sampled_from(_PHRASES),
    year=st.integers(2026, 2030),
    value=st.integers(1, 100),
    scope=st.sampled_from(["", "全县", "力争全县"]),
    lead=st.sampled_from(["到{y}年，", "到{y}年底，", "{y}年底前，", "力争到{y}年，"]),
)
def test_any_phrasing_of_a_target_reads_its_indicator_year_value_and_span(
    name, phrase, year, value, scope, lead
):
    printed = phrase[0].format(v=value)
    line = f"{lead.format(y=year)}{scope}{name}{printed}。"
    lines, statements = _read([line])
    [target] = _targets(statements)
    assert (target.measure, target.year, target.comparator, target.value_numeric) == (
        name,
        year,
        phrase[1],
        float(value),
    )
    assert (
        _printed(lines, target) == printed[printed.index(str(value)) :] or _printed(lines, target) in printed
    )


@settings(max_examples=40, deadline=None)
@given(
    action=st.sampled_from(["新增", "新建", "建设", "改造", "培训", "完成"]),
    thing=st.sampled_from(["养老床位", "日间照料中心", "护理员", "幸福院"]),
    value=st.integers(2, 5000),
    unit=st.sampled_from(["张", "个", "人", "所"]),
    year=st.sampled_from(["", "到2030年，", "“十五五”期间，"]),
)
def test_work_to_be_done_is_never_an_indicator_target(action, thing, value, unit, year):
    lines, statements = _read([f"{year}{action}{thing}{value}{unit}。"])
    assert _targets(statements) == []
    [count] = statements
    assert (count.value_numeric, count.unit, count.statement_kind) == (float(value), unit, "count")
    assert _printed(lines, count) == f"{value}{unit}"
