"""Typed cells aligned to the header's columns; labelled-field records; yearly columns; double spacing.

Invented plans in the shapes converters print (w3m/lynx single-space gaps, pandoc ruling lines,
a blank line after every line); the converter matrix (tests/formats/test_converter_matrix.py)
proves the same on text made by the real tools.
"""

from __future__ import annotations

from ingestion.extract import extract_document
from ingestion.table_rows import align_tokens


def _indicators(text: str) -> list[tuple]:
    e = extract_document(text.encode("utf-8"), "invented.txt")
    return [
        (v.indicator_name, v.year, v.value_kind, v.value_numeric, v.unit, v.attribute_raw)
        for v in e.indicator_values
    ]


def _projects(text: str) -> list[tuple]:
    e = extract_document(text.encode("utf-8"), "invented.txt")
    return [
        (p.project_name, p.start_year, p.end_year, p.planned_investment_wan_yuan, p.beds) for p in e.projects
    ]


def test_tokens_land_in_the_column_their_type_fits_not_the_nearest():
    roles = ["seq", "name", "unit", "value", "value", "attribute"]
    positions = [0, 6, 30, 38, 50, 62]
    # the unit printed under the name, '-' glued one space before the next value
    tokens = [
        (0, "2"),
        (6, "社会组织专职工作人员数量"),
        (28, "人/万人"),
        (36, "-"),
        (38, "30"),
        (51, "预期性"),
    ]
    assert align_tokens(tokens, positions, roles) == [
        "2",
        "社会组织专职工作人员数量",
        "人/万人",
        "-",
        "30",
        "预期性",
    ]


def test_more_typed_tokens_than_columns_do_not_align():
    assert align_tokens([(0, "1"), (2, "2"), (4, "3")], [0, 4], ["seq", "value"]) is None


MISALIGNED = """某县“十五五”民政事业发展规划
表1 “十五五”民政事业主要指标
序号 指标名称                单位   2025年基期值 2030年目标值  属性
1    城市社区综合服务设施覆盖率  %      90           100         约束性
2    社会组织专职工作人员数量    人/万人 -            30          预期性
3    县级救助管理机构床位数  张 40 60 预期性

第三章 主要任务
"""


def test_columns_that_do_not_line_up_with_the_header():
    assert sorted(_indicators(MISALIGNED)) == sorted(
        [
            ("城市社区综合服务设施覆盖率", 2025, "actual", 90, "%", "约束性"),
            ("城市社区综合服务设施覆盖率", 2030, "target", 100, "%", "约束性"),
            ("社会组织专职工作人员数量", 2030, "target", 30, "人/万人", "预期性"),
            ("县级救助管理机构床位数", 2025, "actual", 40, "张", "预期性"),
            ("县级救助管理机构床位数", 2030, "target", 60, "张", "预期性"),
        ]
    )


def test_a_blank_line_after_every_line_keeps_the_table():
    double = "\n".join(line + "\n" for line in MISALIGNED.split("\n"))
    assert sorted(_indicators(double)) == sorted(_indicators(MISALIGNED))


YEARLY = """某县“十五五”养老服务体系建设规划
表2 “十五五”养老服务年度目标
序号  指标名称              单位  2025年  2026年  2027年  2028年  2029年  2030年  属性
1     养老机构护理型床位占比  %     50      52      54      56      58      60      约束性
"""


def test_every_year_column_is_a_fact():
    got = _indicators(YEARLY)
    assert sorted((year, kind, value) for _, year, kind, value, _, _ in got) == [
        (2025, "actual", 50),
        (2026, "target", 52),
        (2027, "target", 54),
        (2028, "target", 56),
        (2029, "target", 58),
        (2030, "target", 60),
    ]


LABELLED = """某县“十五五”养老服务体系建设规划
第五章 重点项目
项目名称：某县医养结合中心
建设内容：新建护理床位200张
建设年限：2026—2028年
总投资：5600万元
项目名称：某乡镇敬老院提升工程
建设内容：改造床位80张
建设年限：2027—2027年
总投资：0.9亿元
第六章 保障措施
"""


def test_labelled_field_records_are_rows():
    assert _projects(LABELLED) == [
        ("某县医养结合中心", 2026, 2028, 5600, 200),
        ("某乡镇敬老院提升工程", 2027, 2027, 9000, 80),
    ]


def test_lines_with_labels_that_name_no_column_are_no_table():
    prose = "某县“十五五”养老服务体系建设规划\n联系人：张三\n电话：12345678\n地址：某县某路1号\n"
    e = extract_document(prose.encode("utf-8"), "invented.txt")
    assert e.projects == [] and e.indicator_values == []


# Rows printed over several lines, in any column (pdftotext -layout of a narrow PDF table).
WRAPPED_PROJECT_TABLE = """第三章 重点工程
表4 “十五五”社会福利重点工程
  序     项目名称          实施年限      主要建设内容              估算投资（万
  号                                                                元）
 1 某某市儿童福利院迁建
    工程
                       2026-     新建儿童养育用房2600平方米，   2450
                       2028      设置床位80张
 2 某某市救助管理站业务用
    房改造工程         2027-
                       2028
                                 改造业务用房1200平方米         760
 3 某某区精神卫生福利中心  2026-2030  新增床位150张，配套康复设施  5100
第四章 保障措施
"""


def test_a_row_wrapped_in_any_column_keeps_its_amount_years_and_beds():
    assert sorted(_projects(WRAPPED_PROJECT_TABLE)) == sorted(
        [
            ("某某市儿童福利院迁建工程", 2026, 2028, 2450.0, 80),
            ("某某市救助管理站业务用房改造工程", 2027, 2028, 760.0, None),
            ("某某区精神卫生福利中心", 2026, 2030, 5100.0, 150),
        ]
    )


# A narrow yearly table: header words a single space apart, each wrapped onto the next line,
# and the attribute wrapped inside its word.
NARROW_YEARLY_TABLE = """二、主要目标
表2 “十五五”社会救助主要指标年度目标
  序     指标名称           单 2025 2026 2027 2028 2029 2030 属性
  号                        位 年   年   年   年   年   年
 1 城乡低保标准年均增长率  %  6    6.5  7    7    7.5  8    预期
                                                            性
 2 临时救助平均办理时限    天 10   9    8    7    6    5    约束
                                                            性
三、重点任务
"""


def test_narrow_yearly_columns_give_every_year():
    rows = _indicators(NARROW_YEARLY_TABLE)
    years = {(name, year): (kind, value, unit, attr) for name, year, kind, value, unit, attr in rows}
    assert years[("城乡低保标准年均增长率", 2025)] == ("actual", 6.0, "%", "预期性")
    assert years[("城乡低保标准年均增长率", 2028)] == ("target", 7.0, "%", "预期性")
    assert years[("临时救助平均办理时限", 2030)] == ("target", 5.0, "天", "约束性")
    assert len(rows) == 12


def test_a_running_head_at_a_page_break_is_no_part_of_the_row_but_a_row_opening_a_page_is():
    head = "某某市“十五五”社会福利事业发展规划"
    text = (
        f"{head}\n第一章 总则\n表1 “十五五”社会福利主要指标\n"
        "序号 指标名称 单位 2025年基期值 2030年目标值 属性\n"
        "1 儿童福利机构床位数 张 300 360 预期性\n"
        "2 孤儿基本生活保障标准增长率 % 5 8 预期性\n"
        f"3 福利院护理员持证上岗率\n{head}\n第 2 页 共 3 页\n% 80 100 约束性\n"
        "第二章 保障措施\n"
    )
    rows = _indicators(text)
    assert ("福利院护理员持证上岗率", 2030, "target", 100.0, "%", "约束性") in rows
    assert not any(head in r[0] for r in rows)


def test_a_value_and_its_unit_a_space_apart_are_one_cell():
    # LibreOffice's PDF through pdftotext -layout: '32 张' in a table with no unit column
    roles = ["name", "value", "value", "attribute"]
    positions = [0, 18, 30, 40]
    tokens = [(0, "每千名老年人拥有"), (19, "32"), (22, "张"), (31, "38"), (34, "张"), (41, "预期性")]
    assert align_tokens(tokens, positions, roles) == ["每千名老年人拥有", "32 张", "38 张", "预期性"]


def test_a_unit_column_after_the_value_keeps_its_unit():
    # the clean twin: where the header has a unit column, the unit is that column's cell
    roles = ["name", "value", "unit", "attribute"]
    positions = [0, 18, 26, 40]
    tokens = [(0, "县级救助管理机构床位数"), (19, "60"), (26, "张"), (41, "预期性")]
    assert align_tokens(tokens, positions, roles) == ["县级救助管理机构床位数", "60", "张", "预期性"]


UNITS_IN_CELLS = """某县“十五五”老龄事业发展规划
表1 “十五五”老龄事业发展主要指标
指标               2025 年     2030 年   属性
养老机构护理型床   48%        ≥60%     约束性
位占比
每千名老年人拥有   32 张       38 张     预期性
养老床位
老年大学在校学员   1.2 万人     2 万人     预期性
"""


def test_values_with_units_a_space_apart_in_a_table_without_a_unit_column():
    assert sorted(_indicators(UNITS_IN_CELLS)) == sorted(
        [
            ("养老机构护理型床位占比", 2025, "actual", 48, "%", "约束性"),
            ("养老机构护理型床位占比", 2030, "target", 60, "%", "约束性"),
            ("每千名老年人拥有养老床位", 2025, "actual", 32, "张", "预期性"),
            ("每千名老年人拥有养老床位", 2030, "target", 38, "张", "预期性"),
            ("老年大学在校学员", 2025, "actual", 1.2, "万人", "预期性"),
            ("老年大学在校学员", 2030, "target", 2, "万人", "预期性"),
        ]
    )


YEAR_MONTH_PERIODS = """某县“十五五”养老服务体系建设规划
第五章 重点项目
表2 “十五五”养老服务重点项目
序号  项目名称                  建设内容及规模                  建设起止年限       总投资（万元）
1     县社会福利中心建设项目    新建护理型床位200张             2026.03-2028.12    5600
2     乡镇敬老院提质改造工程    改造敬老院8所，新增床位160张    2026年3月-2027年6月  1280
3     智慧养老服务平台          建设县级智慧养老服务平台1个     2027-2028年        2026.10
"""


def test_construction_periods_printed_with_months():
    # '2026.10' alone is a number, not a year and month: the third row's amount is 2026.10 万元
    assert sorted(_projects(YEAR_MONTH_PERIODS)) == sorted(
        [
            ("县社会福利中心建设项目", 2026, 2028, 5600.0, 200),
            ("乡镇敬老院提质改造工程", 2026, 2027, 1280.0, 160),
            ("智慧养老服务平台", 2027, 2028, 2026.1, None),
        ]
    )


def test_a_word_space_between_digits_and_cjk_keeps_a_wrapped_cell_whole():
    """LibreOffice sets a space between digits and CJK characters inside a cell; a wrapped
    line of the 建设内容 cell ('4500 平方') stays in that cell, though a name cell before it
    is a text column too. Two CJK words a space apart are two cells."""
    roles = ["seq", "name", "content", "years", "investment"]
    positions = [0, 13, 25, 40, 52]  # headers centred: the cells start left of them
    so_far = ["1", "某某县中心敬老院", "新增床位120张，建筑面积", "2026-2027", "0.32"]
    assert align_tokens([(21, "4500"), (26, "平方")], positions, roles, so_far) == [
        "",
        "",
        "4500 平方",
        "",
        "",
    ]
    assert align_tokens([(13, "改扩建项目"), (24, "二期")], positions, roles, so_far) == [
        "",
        "改扩建项目",
        "二期",
        "",
        "",
    ]


# Chromium's PDF through pdftotext -layout (the matrix family units_in_cells): no 序号, names,
# contents and periods wrapped onto a second line
UNNUMBERED_WRAPPED_ROWS = """某县“十五五”养老服务体系建设规划
第三章 重点项目
表2 “十五五”养老服务重点项目
    项目名称             建设内容及规模        建设起止年限 总投资（万元）
某某县中心敬老院改扩建   新增床位120张，建筑面积4500平方米 2026.03- 3200
项目                                 2027.12
某某县殡仪馆火化设施建   新建火化车间800平方米，购置火化炉 2026.03-   1500
设项目           2台                   2028.12
某某镇综合养老服务中心   设置床位60张，配套日间照料、助餐 2027.03-    980
              服务设施                 2029.12
"""


def test_a_line_that_finishes_the_last_rows_period_is_its_rest_in_a_table_without_seq():
    assert sorted(_projects(UNNUMBERED_WRAPPED_ROWS)) == [
        ("某某县中心敬老院改扩建项目", 2026, 2027, 3200.0, 120),
        ("某某县殡仪馆火化设施建设项目", 2026, 2028, 1500.0, None),
        ("某某镇综合养老服务中心", 2027, 2029, 980.0, 60),
    ]


def test_clean_twin_a_new_unnumbered_row_with_its_own_period_is_a_row():
    row = "某某县智慧养老平台       建设信息平台1个                   2027-2028  450"
    text = UNNUMBERED_WRAPPED_ROWS.replace("项目                                 2027.12", row)
    assert ("某某县智慧养老平台", 2027, 2028, 450.0, None) in _projects(text)
