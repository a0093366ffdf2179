"""Indicator values, long format: expected rows read off the seed plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.indicators import extract_indicator_values
from ingestion.tables import reconstruct_tables

PLANS = Path(__file__).resolve().parents[2] / "data" / "raw" / "plans"


def seed_values(prefix: str):
    path = next(PLANS.glob(f"{prefix}_*.txt"))
    lines = split_lines(decode_plan_bytes(path.read_bytes(), path.name).text)
    return extract_indicator_values(reconstruct_tables(lines))


def compact(values, table_seq=None):
    """(row_seq, name, year, kind, comparator, number, unit, attribute, line)"""
    return [
        (
            v.row_seq,
            v.indicator_name,
            v.year,
            v.value_kind,
            v.comparator,
            v.value_numeric,
            v.unit,
            v.attribute_raw,
            v.source_line,
        )
        for v in values
        if table_seq is None or v.table_seq == table_seq
    ]


def targets_2025(rows):
    return [
        (seq, name, 2025, "target", comp, num, unit, attr, line)
        for seq, name, comp, num, unit, attr, line in rows
    ]


# 000: tab-separated rows, '序号 主要项目和指标 2025年目标值 属性' (lines 180-207)
EXPECTED_000 = targets_2025(
    [
        ("1", "生活不能自理特困人员集中供养率", "=", 60, "%", "约束性", 181),
        ("2", "困难残疾人生活补贴覆盖率", "=", 100, "%", "约束性", 182),
        ("3", "重度残疾人护理补贴覆盖率", "=", 100, "%", "约束性", 183),
        ("4", "城乡低保标准年度增速", None, None, None, "预期性", 184),
        ("5", "新建州精神病人福利服务中心(个)", "=", 1, "个", "约束性", 185),
        ("6", "城乡社区综合服务设施面积", ">", 30, "平方米/百户", "预期性", 186),
        ("7", "志愿服务站点在社区综合服务设施中的覆盖率", "=", 80, "%", "预期性", 187),
        ("8", "乡镇民政服务中心(个)", "=", 100, "%", "预期性", 188),
        ("9", "新建(改扩)殡仪服务设施(个)", "=", 11, "个", "约束性", 189),
        ("10", "查明身份信息流浪乞讨受助人员接送返回率", "=", 100, "%", "约束性", 190),
        ("11", "新建未成年人保护设施(救助站)(个)", "=", 4, "个", "约束性", 191),
        ("12", "社会组织数(个)", "=", 1600, "个", "预期性", 192),
        ("13", "新增社会工作人才(人)", "=", 200, "人", "预期性", 193),
        ("14", "惠民殡葬制度覆盖率", "=", 100, "%", "预期性", 194),
        ("15", "县级公益性安葬(放)设施覆盖率", "=", 100, "%", "约束性", 195),
        ("16", "每千名老人拥有养老床位数(张)", "=", 40, "张", "预期性", 196),
        ("17", "社区日间照料机构覆盖率", "=", 90, "%", "约束性", 197),
        ("18", "养老机构护理型床位占比超过", ">=", 55, "%", "约束性", 198),
        ("19", "养老服务提升建设(个)", "=", 7, "个", "约束性", 199),
        ("20", "新建城乡社区养老服务中心(个)", "=", 276, "个", "约束性", 200),
        ("21", "新建区域性乡镇养老服务机构(个)", "=", 6, "个", "约束性", 201),
        ("22", "新建居家和社区养老服务中心(个)", "=", 19, "个", "约束性", 202),
        ("23", "乡镇(街道)具备综合功能的养老服务机构覆盖率", "=", 50, "%", "预期性", 203),
        ("24", "有集中供养意愿的特困人员集中供养率", "=", 100, "%", "预期性", 204),
        ("25", "每千名老年人配备社会工作者(名)", ">=", 1, "人", "约束性", 205),
        ("26", "每百张养老机构床位配备社工人数(名)", ">=", 1, "人", "约束性", 206),
        ("27", "居家特殊困难、失能老年人探访帮扶率", "=", 100, "%", "预期性", 207),
    ]
)

# 001: PDF text, rows wrapped over lines, page break repeats caption and header (567-642)
EXPECTED_001 = targets_2025(
    [
        ("1", "城乡低保标准年度增速", None, None, "%", "预期性", 576),
        ("2", "农村低保标准占城市低保标准比例", "=", 75, "%", "预期性", 584),
        ("3", "困难残疾人生活补贴覆盖率", "=", 100, "%", "约束性", 586),
        ("4", "重度残疾人护理补贴覆盖率", "=", 100, "%", "约束性", 588),
        ("5", "每百户居民拥有的城乡社区综合服务设施面积", ">", 30, "平方米", "预期性", 598),
        ("6", "社会组织专职工作人员数量", "=", 30, "人/万人", "预期性", 604),
        ("7", "持证社会工作专业人才总量", "=", 100, "人", "预期性", 606),
        ("8", "志愿服务站点在社区综合服务设施中的覆盖率", "=", 80, "%", "预期性", 612),
        ("9", "婚姻登记“跨省通办”实施率", "=", 100, "%", "预期性", 614),
        ("10", "乡镇未成年人保护工作站覆盖率", "=", 50, "%", "预期性", 616),
        ("11", "查明身份信息流浪乞讨受助人员接送返回率", "=", 100, "%", "约束性", 628),
        ("12", "县级公益性骨灰安葬（放）设施覆盖率", "=", 100, "%", "约束性", 634),
        ("13", "养老机构护理型床位占比", ">=", 55, "%", "约束性", 636),
        ("14", "乡镇范围具备综合功能的养老服务机构覆盖率", "=", 50, "%", "预期性", 642),
    ]
)

# 002 (second table of the first plan, 197-249): one cell per line, 一级指标 printed once per group
EXPECTED_002_GROUPED = [
    ("机构养老", "政府运营的养老床位占比(%)", "<=", 50, "%", 209),
    ("机构养老", "护理型养老床位占比(%)", ">=", 55, "%", 213),
    ("机构养老", "社会力量兴办或经营的养老机构床位数占比", ">=", 70, "%", 217),
    ("机构养老", "每千名户籍老人拥有养老床位张数(张)", "=", 60, "张", 221),
    ("社区居家养老", "城市社区养老服务设施覆盖率", "=", 100, "%", 227),
    ("社区居家养老", "农村社区养老服务设施覆盖率", "=", 100, "%", 231),
    ("社区居家养老", "新建公共设施和养老场所无障碍(%)", "=", 100, "%", 235),
    ("养老服务保障", "养老护理员培训率", "=", 100, "%", 241),
    ("养老服务保障", "养老护理员持证上岗率", ">=", 98, "%", 245),
    ("养老服务保障", "福彩公益金用于养老服务业的比例(%)", ">=", 60, "%", 249),
]

# 003: tab marks each cell, header cells wrapped ('2020年' / '实际值'), '—' = no value
EXPECTED_003 = [
    ("1", "城乡低保标准年度增速", 2025, "target", None, None, "%", "预期性", 69),
    ("2", "农村低保标准占城市低保标准比例", 2020, "actual", "=", 63.3, "%", "预期性", 79),
    ("2", "农村低保标准占城市低保标准比例", 2025, "target", "=", 75, "%", "预期性", 80),
    ("3", "养老机构护理型床位占比", 2020, "actual", "=", 38, "%", "约束性", 86),
    ("3", "养老机构护理型床位占比", 2025, "target", "=", 60, "%", "约束性", 87),
    ("4", "乡镇范围具备综合功能的养老服务机构覆盖率", 2025, "target", "=", 60, "%", "预期性", 94),
    (
        "5",
        "具备失能、部分失能特困人员照护能力的县级特困供养服务设施（敬老院）",
        2025,
        "target",
        "=",
        1,
        "个",
        "约束性",
        101,
    ),
    ("6", "每百户居民拥有的城乡社区综合服务设施面积", 2025, "target", ">", 30, "平方米", "预期性", 108),
    ("7", "社会组织专职工作人员数量", 2020, "actual", "=", 300, "人", "预期性", 114),
    ("7", "社会组织专职工作人员数量", 2025, "target", "=", 500, "人", "预期性", 115),
    ("8", "社会工作专业人才总量", 2020, "actual", "=", 60, "人", "预期性", 121),
    ("8", "社会工作专业人才总量", 2025, "target", "=", 120, "人", "预期性", 122),
    ("9", "志愿服务站点在社区综合服务设施中的覆盖率", 2020, "actual", "=", 60, "%", "预期性", 128),
    ("9", "志愿服务站点在社区综合服务设施中的覆盖率", 2025, "target", "=", 80, "%", "预期性", 129),
    ("10", "乡镇未成年人保护工作站覆盖率", 2025, "target", ">", 50, "%", "预期性", 136),
    ("11", "查明身份信息流浪乞讨受助人员接送返回率", 2020, "actual", "=", 90, "%", "约束性", 142),
    ("11", "查明身份信息流浪乞讨受助人员接送返回率", 2025, "target", "=", 100, "%", "约束性", 143),
    ("12", "困难残疾人生活补贴覆盖率", 2020, "actual", ">", 95, "%", "约束性", 149),
    ("12", "困难残疾人生活补贴覆盖率", 2025, "target", "=", 100, "%", "约束性", 150),
    ("13", "重度残疾人护理补贴覆盖率", 2020, "actual", ">", 95, "%", "约束性", 156),
    ("13", "重度残疾人护理补贴覆盖率", 2025, "target", "=", 100, "%", "约束性", 157),
]


def test_000_tab_rows_table():
    assert compact(seed_values("000")) == EXPECTED_000


def test_001_pdf_table_split_by_a_page_break():
    values = seed_values("001")
    assert compact(values) == EXPECTED_001
    assert values[0].value_text == "不低于居民上年度人均消费支出增速"
    assert values[5].unit_raw == "人/万人"


def test_002_grouped_line_cells_tables_in_both_plans():
    values = seed_values("002")
    for table_seq, first_line in ((2, 197), (4, 735)):
        got = [
            (v.indicator_group, v.indicator_name, v.comparator, v.value_numeric, v.unit, v.source_line)
            for v in values
            if v.table_seq == table_seq
        ]
        shift = first_line - 197
        assert got == [(g, n, c, x, u, line + shift) for g, n, c, x, u, line in EXPECTED_002_GROUPED]
        assert {
            (v.year, v.value_kind, v.attribute_raw, v.row_seq) for v in values if v.table_seq == table_seq
        } == {(2025, "target", None, None)}


def test_002_transposed_comparison_table():
    values = [v for v in seed_values("002") if v.table_seq == 1]
    got = [(v.indicator_name, v.year, v.value_kind, v.value_numeric, v.unit, v.source_line) for v in values]
    assert got == [
        ("日间照料中心(个)", 2015, "actual", 51, "个", 70),
        ("日间照料中心(个)", 2020, "actual", 78, "个", 80),
        ("日间照料中心(个)", 2020, "growth", 34.6, "%", 90),
        ("养老床位数(张)", 2015, "actual", 908, "张", 72),
        ("养老床位数(张)", 2020, "actual", 1279, "张", 82),
        ("养老床位数(张)", 2020, "growth", 29, "%", 92),
        ("每千名老年人拥有床位数(张)", 2015, "actual", 30, "张", 74),
        ("每千名老年人拥有床位数(张)", 2020, "actual", 54, "张", 84),
        ("每千名老年人拥有床位数(张)", 2020, "growth", 44.4, "%", 94),
        ("特困对象集中供养人员(人)", 2015, "actual", 120, "人", 76),
        ("特困对象集中供养人员(人)", 2020, "actual", 157, "人", 86),
        ("特困对象集中供养人员(人)", 2020, "growth", 23.6, "%", 96),
    ]


def test_003_tab_cells_table():
    assert compact(seed_values("003")) == EXPECTED_003


def test_004_review_table_with_growth_column():
    values = [v for v in seed_values("004") if v.table_seq == 1]
    assert len(values) == 13 * 3
    assert compact(values[:3]) == [
        (None, "低保对象审核认定准确率（%）", 2015, "actual", "=", 93, "%", None, 24),
        (None, "低保对象审核认定准确率（%）", 2020, "actual", "=", 98.67, "%", None, 25),
        (None, "低保对象审核认定准确率（%）", 2020, "growth", "=", 6.1, "%", None, 26),
    ]
    permille = [v for v in values if v.indicator_name == "社会工作专业人才占全州人口比例(‰)"]
    assert [(v.value_numeric, v.unit) for v in permille] == [(0.6, "‰"), (1.5, "‰"), (150, "%")]
    assert [v.value_numeric for v in values if v.indicator_name == "每万人拥有社会组织数量（个）"] == [
        5,
        5.5,
        10,
    ]


def test_004_plan_table_with_annual_growth():
    values = [v for v in seed_values("004") if v.table_seq == 2]
    # 21 rows; '-' cells print no value: 15 rows with a 2020 value... counted off the plan:
    assert len(values) == 36
    assert sorted({v.row_seq for v in values}, key=int) == [str(i) for i in range(1, 22)]
    by_row = {}
    for v in values:
        by_row.setdefault(v.row_seq, []).append(
            (v.year, v.value_kind, v.comparator, v.value_numeric, v.unit, v.source_line)
        )
    assert by_row["1"] == [(2025, "target", None, None, None, 116)]
    assert by_row["2"] == [
        (2020, "actual", "=", 60, "%", 122),
        (2025, "target", "=", 75, "%", 123),
        (2025, "growth", "=", 4.56, "%", 124),
    ]
    assert by_row["3"] == [(2020, "actual", "=", 1.3, "倍", 129), (2025, "target", ">=", 1.3, "倍", 130)]
    assert by_row["5"] == [(2025, "target", ">", 30, "平方米", 144)]
    assert by_row["6"] == [
        (2020, "actual", "=", 1200, "人", 150),
        (2025, "target", "=", 1450, "人", 151),
        (2025, "growth", "=", 4, "%", 152),
    ]
    assert by_row["7"] == [
        (2020, "actual", "=", 1.5, "‰", 157),
        (2025, "target", "=", 1.8, "‰", 158),
        (2025, "growth", "=", 3.7, "%", 159),
    ]
    assert by_row["13"] == [(2020, "actual", "=", 100, "%", 199), (2025, "target", "=", 100, "%", 200)]
    assert by_row["16"] == [(2025, "target", ">=", 55, "%", 222)]
    assert {v.attribute_raw for v in values if v.row_seq in {"12", "13", "14", "16"}} == {"约束性"}


SYNTHETIC = {
    "pipe": """表1 “十四五”时期主要发展指标

| 序号 | 指标名称 | 单位 | 2020年实际值 | 2025年目标值 | 指标属性 |
|:---:|---|---|---|---|---|
| 1 | 养老机构护理型床位占比 | % | 38 | ≥55 | 约束性 |
| 2 | 社会组织专职工作人员数量 | 人/万人 | — | 30 | 预期性 |
| 3 | 城乡低保标准年度增速 | % | — | 不低于居民上年度人均消费支出增速 | 预期性 |
""",
    "aligned": """表1 “十四五”时期主要发展指标

序号  指标名称                    单位      2020年实际值  2025年目标值  指标属性
1     养老机构护理型床位占比      %         38            ≥55           约束性
2     社会组织专职工作人员数量    人/万人   —             30            预期性
3     城乡低保标准年度增速        %         —             不低于居民上年度人均消费支出增速  预期性

第三章 主要任务
""",
    "tab_base_plan": "表1 “十四五”时期主要发展指标\n\n序号\t指标\t单位\t基期值\t规划值\t属性\n"
    "1\t养老机构护理型床位占比\t%\t38\t≥55\t约束性\n"
    "2\t社会组织专职工作人员数量\t人/万人\t—\t30\t预期性\n"
    "3\t城乡低保标准年度增速\t%\t—\t不低于居民上年度人均消费支出增速\t预期性\n",
}


@pytest.mark.parametrize("layout", sorted(SYNTHETIC))
def test_synthetic_layouts_give_the_same_values(layout):
    values = extract_indicator_values(reconstruct_tables(SYNTHETIC[layout].split("\n")))
    got = [row[:-1] for row in compact(values)]  # every layout prints on other lines
    assert got == [
        ("1", "养老机构护理型床位占比", 2020, "actual", "=", 38, "%", "约束性"),
        ("1", "养老机构护理型床位占比", 2025, "target", ">=", 55, "%", "约束性"),
        ("2", "社会组织专职工作人员数量", 2025, "target", "=", 30, "人/万人", "预期性"),
        ("3", "城乡低保标准年度增速", 2025, "target", None, None, "%", "预期性"),
    ]
    assert values[-1].value_text == "不低于居民上年度人均消费支出增速"


def test_category_row_in_an_indicator_table_sets_the_group():
    text = "\n".join(
        [
            "表1 主要指标",
            "序号\t指标\t2025年目标值\t属性",
            "一、民生保障\t\t\t",
            "1\t城市低保标准(元/人·月)\t≥700\t预期性",
            "二、养老服务\t\t\t",
            "2\t养老机构护理型床位占比\t55%以上\t约束性",
        ]
    )
    values = extract_indicator_values(reconstruct_tables(text.split("\n")))
    got = [
        (v.indicator_group, v.indicator_name, v.comparator, v.value_numeric, v.unit, v.unit_raw)
        for v in values
    ]
    assert got == [
        ("一、民生保障", "城市低保标准(元/人·月)", ">=", 700, "元/人·月", "元/人·月"),
        ("二、养老服务", "养老机构护理型床位占比", ">=", 55, "%", "%"),
    ]
