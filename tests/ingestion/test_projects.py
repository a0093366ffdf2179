"""Projects from tables, prose and 专栏 boxes: rows read off the sample plans by hand,
plus small synthetic plans in other wordings and layouts."""

from __future__ import annotations

from collections import Counter

import pytest

from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.projects import extract_projects, parse_years, table_projects
from ingestion.table_rows import Cell, Row, Table
from ingestion.tables import reconstruct_tables
from tests.conftest import SAMPLE_PLANS_DIR


def seed_lines(prefix: str) -> list[str]:
    (path,) = SAMPLE_PLANS_DIR.glob(f"{prefix}_*.txt")
    return split_lines(decode_plan_bytes(path.read_bytes(), path.name).text)


def seed_projects(prefix: str):
    lines = seed_lines(prefix)
    return extract_projects(lines, reconstruct_tables(lines))


def by_name(projects, name):
    (project,) = [p for p in projects if p.project_name == name]
    return project


# --- 002: the attached key-project table (民政 plan) and the prose list (养老 plan) ---


@pytest.fixture(scope="module")
def projects_002():
    return seed_projects("002")


def test_002_table_lists_23_rows_under_4_categories(projects_002):
    """The table's closing row says "合计(21个项目)" but it lists 15 + 4 + 1 + 3 = 23 rows."""
    rows = [p for p in projects_002 if p.source_kind == "table_row"]
    assert Counter(p.category for p in rows) == {
        "老年福利项目": 15,
        "殡葬服务设施项目": 4,
        "社会福利服务项目": 1,
        "城乡社区服务设施项目": 3,
    }
    assert sum(p.planned_investment_wan_yuan for p in rows) == pytest.approx(80285)
    elderly = [p for p in rows if p.category == "老年福利项目"]
    assert sum(p.planned_investment_wan_yuan for p in elderly) == pytest.approx(66354)
    funeral = [p for p in rows if p.category == "殡葬服务设施项目"]
    assert sum(p.planned_investment_wan_yuan for p in funeral) == pytest.approx(5181)  # printed 5180.5


def test_002_first_table_row(projects_002):
    row = by_name([p for p in projects_002 if p.source_kind == "table_row"], "临泽县中心敬老院建设")
    assert (row.row_seq, row.construction_type_zh, row.years_text) == ("1", "新建", "2023-2024")
    assert (row.start_year, row.end_year) == (2023, 2024)
    assert row.planned_investment_wan_yuan == 2626
    assert (row.beds, row.floor_area_m2) == (202, 8755)
    assert row.source_line == 388


@pytest.mark.parametrize(
    ("name", "years_text", "start", "end", "kind", "amount"),
    [
        ("临泽县殡仪馆火化设施建设", "2020-2021", 2020, 2021, "新建", 439),  # wrapped "2020-" / "2021"
        ("临泽县智慧殡葬信息平台建设", "2022", 2022, 2022, "新建", 500),
        ("临泽县沙河镇颐和社区综合服务站建设", "2021-2022", 2021, 2022, "改扩建", 650),
        # misprint kept as parsed: a range check downstream reports end_year 204
        ("临泽县村务活动中心建设", "2021-204", 2021, 204, "新建", 5000),
        ("临泽县未成年人救助保护中心建设", "2022-2023", 2022, 2023, "新建", 1900),
    ],
)
def test_002_table_rows_as_printed(projects_002, name, years_text, start, end, kind, amount):
    row = by_name([p for p in projects_002 if p.source_kind == "table_row"], name)
    assert (row.years_text, row.start_year, row.end_year) == (years_text, start, end)
    assert (row.construction_type_zh, row.planned_investment_wan_yuan) == (kind, amount)


def test_002_prose_list_of_the_second_plan(projects_002):
    """养老服务 plan (line 845): "一是…建设项目。计划投资2626万元，…" fifteen times."""
    prose = [p for p in projects_002 if p.source_kind == "prose"]
    assert len(prose) == 15
    assert {p.source_line for p in prose} == {845}
    assert [p.row_seq for p in prose][:3] == ["一是", "二是", "三是"]
    assert prose[-1].row_seq == "十五是"
    assert sum(p.planned_investment_wan_yuan for p in prose) == pytest.approx(66354)
    first = prose[0]
    assert first.project_name == "临泽县中心敬老院建设项目"
    assert (first.planned_investment_wan_yuan, first.beds, first.floor_area_m2) == (2626, 202, 8755)
    assert first.category == "重点项目建设"
    # "十二是" follows "…设施设备" with no full stop in the source
    assert by_name(prose, "临泽县养老服务人才培训基地").planned_investment_wan_yuan == 5000
    assert by_name(prose, "临泽县乡镇综合养老服务中心建设项目").start_year == 2022


# --- 001: prose items inside a 专栏 of tasks, and two boxes titled by one project ---


def test_001_prose_projects_with_amounts_beds_area():
    projects = seed_projects("001")
    prose = [p for p in projects if p.source_kind == "prose"]
    assert [(p.row_seq, p.planned_investment_wan_yuan, p.beds) for p in prose] == [
        ("（2）", 3000, 200),
        ("（3）", 3000, 200),
        ("（4）", 3000, 200),
        ("（5）", 1500, 100),
        ("（6）", 1500, 200),  # the plan prints 200 beds in 5000 m² for this one
        ("（7）", 1500, 100),
    ]
    centre = by_name(prose, "会宁县养老服务中心建设项目")
    assert centre.floor_area_m2 == 8849.28  # 总建筑面积, not the 占地面积 before it
    assert centre.source_line == 1058
    assert by_name(prose, "会宁县中心敬老院建设项目").construction_type_zh == "新建"
    boxes = [p for p in projects if p.source_kind == "column_box"]
    assert [(p.project_name, p.planned_investment_wan_yuan, p.source_line) for p in boxes] == [
        ("救助管理站建设项目", 750, 1624),
        ("会宁县公益性公墓建设项目", 928, 1802),
    ]
    assert (boxes[0].beds, boxes[0].floor_area_m2) == (50, 2100)


# --- 000: 专栏 boxes of facilities with beds and floor area, no amounts ---


def test_000_box_projects():
    projects = seed_projects("000")
    assert {p.source_kind for p in projects} == {"column_box"}
    assert all(p.planned_investment_wan_yuan is None for p in projects)
    lianlu = by_name(projects, "康乐县莲麓中心养护院")
    assert (lianlu.beds, lianlu.floor_area_m2, lianlu.source_line) == (102, 3200, 358)
    assert lianlu.category == "养老服务提升（改扩建）重大项目"
    assert lianlu.construction_type_zh == "改扩建"
    box6 = [p for p in projects if p.category == "全州区域性乡镇养老服务机构建设（新建）重大项目"]
    assert [p.beds for p in box6] == [200, 180, 50, 250, 60, 200]
    # per-unit figures ("每所建筑面积 450 平方米") are not the project's floor area
    assert by_name(projects, "康乐县居家和社区养老服务中心项目").floor_area_m2 is None


def test_003_boxes_and_no_tasks_from_prose():
    projects = seed_projects("003")
    assert {p.source_kind for p in projects} == {"column_box"}
    elderly = [p for p in projects if p.category == "养老服务项目"]
    assert len(elderly) == 8
    assert by_name(projects, "老年活动中心建设项目").floor_area_m2 == 5400
    funeral = by_name(projects, "殡仪馆建设项目")  # a box with one unnumbered item
    assert (funeral.source_line, funeral.floor_area_m2) == (312, 6000)
    # "一是实施敬老院改造提升工程" in the 十三五 review is an achievement, not a listed project
    assert not [p for p in projects if p.project_name.startswith("实施")]


# --- synthetic plans ---


def _name_seq_amount(projects) -> list[tuple]:
    return [(p.project_name, p.row_seq, p.planned_investment_wan_yuan) for p in projects]


def test_synthetic_prose_in_other_wordings():
    lines = [
        "（二）重点工程",
        "",
        "1.某市儿童福利院建设项目。项目总投资5000万元，其中申请中央预算内投资3500万元，"
        "市级配套1500万元，新建建筑面积 8000 ㎡，设置床位 200 张，建设期2022—2024年。",
        "2.某市殡仪馆迁建工程。投资约1.2亿元，占地100亩。",
        "3.加强殡葬管理。严格执行殡葬政策。",
        "此外，一是某县光荣院改扩建项目：计划投资800万元，设床位60张；二是提高服务质量，加强培训。",
    ]
    projects = extract_projects(lines, [])
    assert _name_seq_amount(projects) == [
        ("某市儿童福利院建设项目", "1", 5000),
        ("某市殡仪馆迁建工程", "2", 12000),
        ("某县光荣院改扩建项目", "一是", 800),
    ]
    welfare, funeral, honour = projects
    assert (welfare.beds, welfare.floor_area_m2) == (200, 8000)
    assert (welfare.start_year, welfare.end_year) == (2022, 2024)
    assert welfare.category == "重点工程"
    assert funeral.construction_type_zh == "迁建"
    assert (honour.construction_type_zh, honour.beds) == ("改扩建", 60)
    assert all(p.source_kind == "prose" for p in projects)
    assert welfare.source_line == 3


def test_a_project_name_ending_at_a_comma_is_read_when_the_item_states_a_size():
    lines = [
        "三、重点项目",
        "1.某区社会福利中心改扩建项目，新增护理型床位200张，总投资6800万元。",
        "2.某街道综合养老服务中心建设项目，总投资3300万元。",
    ]
    projects = extract_projects(lines, [])
    assert _name_seq_amount(projects) == [
        ("某区社会福利中心改扩建项目", "1", 6800),
        ("某街道综合养老服务中心建设项目", "2", 3300),
    ]
    assert projects[0].beds == 200


def test_clean_twin_comma_items_that_are_tasks_or_state_no_size_give_no_project():
    lines = [
        "三、重点任务",
        "1.实施养老服务提升工程，新增护理型床位200张，总投资6800万元。",  # opens with a verb: a task
        "2.某街道综合养老服务中心建设项目，由街道统筹推进。",  # no amount, beds or area
        "3.养老服务体系更加完善，覆盖城乡。",  # not a project name
    ]
    assert extract_projects(lines, []) == []


def test_synthetic_box_without_amounts():
    lines = [
        "专栏3：社会福利设施建设重点项目",
        "1. 甲县福利院。新建建筑面积2500平方米，床位120张。",
        "2. 乙县流浪乞讨人员救助站，新建业务用房800㎡。",
        "以上项目由各县负责实施。",
    ]
    projects = extract_projects(lines, [])
    assert [(p.project_name, p.beds, p.floor_area_m2, p.source_line) for p in projects] == [
        ("甲县福利院", 120, 2500, 2),
        ("乙县流浪乞讨人员救助站", None, 800, 3),  # 业务用房800㎡ is the building's floor area
    ]
    assert {p.category for p in projects} == {"社会福利设施建设重点项目"}


def _table(rows: list[list[str]], header: list[str], roles: list[str]) -> Table:
    built = []
    for line_no, (kind, *cells) in enumerate(rows, start=3):
        built.append(Row(cells=[Cell(c, line_no) for c in cells], source_line=line_no, kind=kind))
    return Table(
        table_seq=1,
        title="重点项目表",
        title_line=1,
        kind="project",
        layout="tab_rows",
        start_line=1,
        end_line=2 + len(rows),
        header=header,
        rows=built,
        roles=roles,
    )


def test_table_rows_from_the_table_api():
    header = ["序号", "项目名称", "建设性质", "建设年限", "建设内容", "总投资(亿元)"]
    roles = ["seq", "name", "construction_type", "years", "content", "investment"]
    table = _table(
        [
            ["category", "", "养老服务设施", "", "", "", "1.5"],
            ["data", "1", "甲县 养老院", "续建", "2021—2023年", "床位 300 张，建筑面积 1.2万平方米", "1.2"],
            ["data", "2", "乙县日间照料中心", "新建(续建)", "2024年", "", "0.3"],
            ["total", "合计（2个项目）", "", "", "", "", "1.5"],
        ],
        header,
        roles,
    )
    rows = [project for project, _ in table_projects(table)]
    assert [(p.project_name, p.category, p.planned_investment_wan_yuan) for p in rows] == [
        ("甲县养老院", "养老服务设施", 12000),
        ("乙县日间照料中心", "养老服务设施", 3000),
    ]
    assert (rows[0].start_year, rows[0].end_year, rows[0].beds, rows[0].floor_area_m2) == (
        2021,
        2023,
        300,
        12000,
    )
    assert (rows[1].construction_type_zh, rows[1].start_year, rows[1].end_year) == ("新建(续建)", 2024, 2024)


def test_tab_separated_project_table_end_to_end():
    lines = [
        "附表  某县“十四五”民政重点建设项目表",
        "序号\t项目名称\t建设性质\t建设年限\t建设内容\t计划总投资（万元）",
        "1\t某县社会福利中心\t新建\t2022-2024\t新建综合楼1栋，建筑面积6000平方米，床位300张\t4000",
        "2\t某镇敬老院改造\t改扩建\t2023\t改造床位50张\t1000",
        "合计（2个项目）\t\t\t\t\t5000",
    ]
    projects = extract_projects(lines, reconstruct_tables(lines))
    assert [(p.project_name, p.source_kind, p.planned_investment_wan_yuan, p.beds) for p in projects] == [
        ("某县社会福利中心", "table_row", 4000, 300),
        ("某镇敬老院改造", "table_row", 1000, 50),
    ]
    assert projects[0].floor_area_m2 == 6000
    assert [p.source_line for p in projects] == [3, 4]


@pytest.mark.parametrize(
    ("printed", "years"),
    [
        ("2023-2024", (2023, 2024)),
        ("2022", (2022, 2022)),
        ("2021—2025年", (2021, 2025)),
        ("2021-204", (2021, 204)),
        ("2022年至2025年", (2022, 2025)),
        ("", (None, None)),
        ("待定", (None, None)),
        # a year and month at both ends
        ("2026.03-2028.12", (2026, 2028)),
        ("2026.3—2027.12", (2026, 2027)),
        ("2026年3月-2028年12月", (2026, 2028)),
        ("2026年3月至2027年6月", (2026, 2027)),
    ],
)
def test_parse_years(printed, years):
    assert parse_years(printed) == years
