"""The structured content of tables and project lists, independent of any layout.

A content object says what a reader of the printed table sees (names, years, values);
`expected_*` turns it into the rows extraction must give, without provenance. Values
are built with their meaning known (comparator, number), so the expectation does not
come from the parser under test.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass(frozen=True)
class Value:
    printed: str  # as printed in the cell, without the unit
    comparator: str | None
    number: float | None  # None: a no-value mark ('—', '-') that yields no row


NO_VALUE = (Value("—", None, None), Value("-", None, None))


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    unit: str  # printed unit, also its normalized form
    baseline: Value
    target: Value
    attribute: str  # 约束性 | 预期性


@dataclass(frozen=True)
class IndicatorTable:
    caption: str
    baseline_year: int
    target_year: int
    rows: tuple[IndicatorRow, ...]


def expected_indicator_rows(table: IndicatorTable) -> list[tuple]:
    """(name, year, kind, comparator, number, unit, attribute) per printed value."""
    out = []
    for row in table.rows:
        for year, kind, value in (
            (table.baseline_year, "actual", row.baseline),
            (table.target_year, "target", row.target),
        ):
            if value.number is not None:
                out.append((row.name, year, kind, value.comparator, value.number, row.unit, row.attribute))
    return out


# Hand-read rows of the sample plans' tables (tests/ingestion/test_indicators.py) and invented
# ones with other names, units and periods.
KNOWN_ROWS = (
    IndicatorRow("养老机构护理型床位占比", "%", Value("38", "=", 38), Value("≥55", ">=", 55), "约束性"),
    IndicatorRow("社会组织专职工作人员数量", "人/万人", NO_VALUE[0], Value("30", "=", 30), "预期性"),
    IndicatorRow(
        "每千名老年人拥有养老床位数", "张", Value("36.5", "=", 36.5), Value("40", "=", 40), "约束性"
    ),
    IndicatorRow("特殊困难老年人月探访率", "%", Value("90", "=", 90), Value("100", "=", 100), "预期性"),
    IndicatorRow("社区日间照料机构覆盖率", "%", Value("60", "=", 60), Value("90以上", ">=", 90), "预期性"),
    IndicatorRow("县级殡仪馆火化炉数量", "个", Value("2", "=", 2), Value("4", "=", 4), "预期性"),
    IndicatorRow(
        "城乡社区综合服务设施面积", "平方米", Value("320", "=", 320), Value("≥500", ">=", 500), "预期性"
    ),
    IndicatorRow(
        "养老服务人才培训人次", "人次", Value("1200", "=", 1200), Value("3000", "=", 3000), "预期性"
    ),
    IndicatorRow(
        "老年人意外伤害保险参保率", "%", Value("45", "=", 45), Value("60及以上", ">=", 60), "预期性"
    ),
    IndicatorRow("困难残疾人生活补贴覆盖率", "%", NO_VALUE[1], Value("100", "=", 100), "约束性"),
    IndicatorRow("婚姻登记机关标准化建设达标率", "%", Value("80", "=", 80), Value("100", "=", 100), "约束性"),
    IndicatorRow(
        "社会救助家庭经济状况核对时限", "天", Value("15", "=", 15), Value("≤10", "<=", 10), "约束性"
    ),
)

CAPTIONS = {
    (2020, 2025): "表1 “十四五”时期主要发展指标",
    (2025, 2030): "表2 “十五五”养老服务发展主要指标",
}


@st.composite
def indicator_tables(draw) -> IndicatorTable:
    """A table of 2-6 distinct rows, 十四五 or 十五五."""
    years = draw(st.sampled_from(sorted(CAPTIONS)))
    rows = draw(st.lists(st.sampled_from(KNOWN_ROWS), min_size=2, max_size=6, unique_by=lambda r: r.name))
    return IndicatorTable(CAPTIONS[years], years[0], years[1], tuple(rows))
