"""The same invented plans as .txt, .html, .docx and .pdf give the same fact rows, and the rows
read off the plans by hand.

The files are written at test time by the tools that publish plans (Jinja2, python-docx,
headless Chromium printing the page); tests/formats/invented.py holds the plans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.extract import extract_document
from ingestion.readers import read_document
from tests.formats.invented import CIVIL, ELDERLY, PLANS
from tests.formats.plans import write_all

FORMATS = ["txt", "html", "docx", "pdf"]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, dict[str, Path]]:
    root = tmp_path_factory.mktemp("formats")
    return {plan.name: write_all(plan, root) for plan in PLANS}


def facts(path: Path) -> dict[str, list[tuple]]:
    """Every fact row without provenance (source line, page, phrase as printed)."""
    e = extract_document(path.read_bytes(), path.name)
    return {
        "plans": [
            (p.plan_title, p.plan_type, p.issuer, p.issued_date, p.period_start_year, p.region_code)
            for p in e.plans
        ],
        "indicators": [
            (v.row_seq, v.indicator_group, v.indicator_name, v.unit, v.year, v.value_kind, v.comparator)
            + (v.value_numeric, v.attribute_raw)
            for v in e.indicator_values
        ],
        "projects": [
            (p.project_name, p.category, p.row_seq, p.source_kind, p.construction_type_zh, p.start_year)
            + (p.end_year, p.planned_investment_wan_yuan, p.beds, p.floor_area_m2)
            for p in e.projects
        ],
        "funding": [
            (f.amount_wan_yuan, f.funding_kind, f.source_of_funds, f.project_seq, f.period_start_year)
            for f in e.funding
        ],
        "totals": [(t.scope, t.measure, t.stated_value, t.source_kind) for t in e.stated_totals],
    }


# Read off tests/formats/invented.py by hand.
ELDERLY_FACTS = {
    "plans": [
        (
            "古浪县“十四五”养老服务体系建设规划",
            "elderly_care",
            "古浪县人民政府办公室",
            "2022-05-10",
            2021,
            "620622",
        )
    ],
    "indicators": [  # the two-row header: 指标值 over 2020年 | 2025年; 类别 merged down its rows
        ("1", "养老服务", "每千名老年人拥有养老床位数", "张", 2020, "actual", "=", 38, "预期性"),
        ("1", "养老服务", "每千名老年人拥有养老床位数", "张", 2025, "target", ">=", 40, "预期性"),
        ("2", "养老服务", "养老机构护理型床位占比", "%", 2020, "actual", "=", 45, "约束性"),
        ("2", "养老服务", "养老机构护理型床位占比", "%", 2025, "target", ">=", 55, "约束性"),
        ("3", "养老服务", "乡镇综合养老服务中心覆盖率", "%", 2020, "actual", "=", 20, "约束性"),
        ("3", "养老服务", "乡镇综合养老服务中心覆盖率", "%", 2025, "target", ">=", 60, "约束性"),
        ("4", "健康支撑", "老年人健康管理率", "%", 2020, "actual", "=", 65, "预期性"),
        ("4", "健康支撑", "老年人健康管理率", "%", 2025, "target", ">=", 70, "预期性"),
        ("5", "健康支撑", "养老护理员持证上岗率", "%", 2020, "actual", "=", 70, "预期性"),
        ("5", "健康支撑", "养老护理员持证上岗率", "%", 2025, "target", "=", 90, "预期性"),
    ],
    "projects": [
        (
            "古浪县社会福利中心",
            "一、机构养老设施（2项）",
            "1",
            "table_row",
            "新建",
            2022,
            2024,
            6000,
            300,
            15000,
        ),
        (
            "古浪县中心敬老院改扩建项目",
            "一、机构养老设施（2项）",
            "2",
            "table_row",
            "改扩建",
            2023,
            2024,
            3000,
            120,
            None,
        ),
        (
            "城区社区日间照料中心",
            "二、社区居家养老设施（2项）",
            "3",
            "table_row",
            "新建",
            2022,
            2025,
            3200,
            None,
            None,
        ),
        (
            "农村互助老人幸福院提升工程",
            "二、社区居家养老设施（2项）",
            "4",
            "table_row",
            "改扩建",
            2021,
            2023,
            2600,
            None,
            None,
        ),
        ("智慧养老服务平台", "三、智慧养老（1项）", "5", "table_row", "新建", 2022, 2023, 2000, None, None),
    ],
    "funding": [
        (12000, "historical_spending", None, None, 2016),  # 累计投入养老服务资金1.2亿元
        (16800, "planned_investment", None, None, 2021),  # 计划总投资1.68亿元
        (6000, "planned_investment", None, 1, 2022),
        (3000, "planned_investment", None, 2, 2023),
        (3200, "planned_investment", None, 3, 2022),
        (2600, "planned_investment", None, 4, 2021),
        (2000, "planned_investment", None, 5, 2022),
        (8000, "funding_source", "central", None, 2021),  # 中央预算内资金8000万元
        (1500, "funding_source", "welfare_lottery", None, 2021),  # 省级福彩公益金1500万元
    ],
    "totals": [
        ("all", "project_count", 5, "prose"),
        ("all", "investment_wan_yuan", 16800, "prose"),
        ("category:一、机构养老设施（2项）", "project_count", 2, "table_subtotal_row"),
        ("category:一、机构养老设施（2项）", "investment_wan_yuan", 9000, "table_subtotal_row"),
        ("category:二、社区居家养老设施（2项）", "project_count", 2, "table_subtotal_row"),
        ("category:二、社区居家养老设施（2项）", "investment_wan_yuan", 5800, "table_subtotal_row"),
        ("category:三、智慧养老（1项）", "project_count", 1, "table_subtotal_row"),
        ("category:三、智慧养老（1项）", "investment_wan_yuan", 2000, "table_subtotal_row"),
        ("all", "investment_wan_yuan", 16800, "table_total_row"),
    ],
}
CIVIL_FACTS = {
    "plans": [
        ("泸西县“十四五”民政事业发展规划", "civil_affairs", "泸西县民政局", "2022-08-01", 2021, "532527")
    ],
    "indicators": [
        ("1", "一、社会救助", "困难群众救助覆盖率", "%", 2020, "actual", "=", 95, "约束性"),
        ("1", "一、社会救助", "困难群众救助覆盖率", "%", 2025, "target", "=", 100, "约束性"),
        ("2", "一、社会救助", "特困人员集中供养床位数", "张", 2020, "actual", "=", 800, "约束性"),
        ("2", "一、社会救助", "特困人员集中供养床位数", "张", 2025, "target", "=", 1200, "约束性"),
        ("3", "二、基层治理", "城市社区综合服务设施覆盖率", "%", 2020, "actual", "=", 90, "预期性"),
        ("3", "二、基层治理", "城市社区综合服务设施覆盖率", "%", 2025, "target", "=", 100, "预期性"),
        ("4", "二、基层治理", "村级综合服务设施覆盖率", "%", 2020, "actual", "=", 80, "预期性"),
        ("4", "二、基层治理", "村级综合服务设施覆盖率", "%", 2025, "target", ">=", 95, "预期性"),
    ],
    "projects": [
        ("泸西县儿童福利指导中心项目", "重点工程", "（一）", "prose", None, 2022, 2024, 2400, 60, 6000),
        ("泸西县殡仪馆改扩建项目", "重点工程", "（二）", "prose", "改扩建", 2023, 2025, 1800, None, None),
        (
            "泸西县城乡社区综合服务设施建设工程",
            "重点工程",
            "（三）",
            "prose",
            "新建",
            2021,
            2025,
            3500,
            None,
            None,
        ),
    ],
    "funding": [
        (45000, "historical_spending", None, None, 2016),
        (31000, "historical_spending", None, None, 2016),  # 其中中央和省级资金3.1亿元
        (7700, "planned_investment", None, None, 2021),
        (2400, "planned_investment", None, 1, 2022),
        (1500, "funding_source", "central", 1, 2022),
        (500, "funding_source", "provincial", 1, 2022),
        (400, "funding_source", "county", 1, 2022),
        (1800, "planned_investment", None, 2, 2023),
        (1200, "funding_source", None, 2, 2023),  # 地方政府专项债券: no level named
        (600, "funding_source", "welfare_lottery", 2, 2023),
        (3500, "planned_investment", None, 3, 2021),
    ],
    "totals": [("all", "project_count", 3, "prose"), ("all", "investment_wan_yuan", 7700, "prose")],
}
EXPECTED = {ELDERLY.name: ELDERLY_FACTS, CIVIL.name: CIVIL_FACTS}

# The two-row header of the elderly-care indicator table, as every format must hand it to the
# text path: rowspan/colspan expanded, text in the first spanned position, '' after it.
ELDERLY_INDICATOR_TABLE = [
    "类别\t序号\t指标\t单位\t指标值\t\t属性",
    "\t\t\t\t2020年\t2025年\t",
    "养老服务\t1\t每千名老年人拥有养老床位数\t张\t38\t≥40\t预期性",
    "\t2\t养老机构护理型床位占比\t%\t45\t≥55\t约束性",
    "\t3\t乡镇综合养老服务中心覆盖率\t%\t20\t≥60\t约束性",
    "健康支撑\t4\t老年人健康管理率\t%\t65\t≥70\t预期性",
    "\t5\t养老护理员持证上岗率\t%\t70\t90\t预期性",
]


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_hand_read_facts(files, plan, fmt):
    got = facts(files[plan.name][fmt])
    for kind, rows in EXPECTED[plan.name].items():
        assert got[kind] == rows, (fmt, kind)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_every_format_gives_the_same_fact_rows(files, plan):
    by_format = {fmt: facts(files[plan.name][fmt]) for fmt in FORMATS}
    for fmt in FORMATS[1:]:
        assert by_format[fmt] == by_format["txt"], fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_row_header_and_merged_cells_reach_the_text_path_as_a_grid(files, fmt):
    path = files[ELDERLY.name][fmt]
    lines = read_document(path.read_bytes(), path.name).lines
    start = lines.index("表1 古浪县“十四五”养老服务主要指标") + 1
    assert lines[start : start + len(ELDERLY_INDICATOR_TABLE)] == ELDERLY_INDICATOR_TABLE


@pytest.mark.parametrize(
    ("fmt", "reader", "encoding"),
    [
        ("txt", "text", "utf-8"),
        ("html", "lxml ", "utf-8"),
        ("docx", "python-docx ", "utf-8"),
        ("pdf", "pdfplumber ", None),
    ],
)
def test_format_reader_and_pages_are_recorded(files, fmt, reader, encoding):
    path = files[CIVIL.name][fmt]
    extract = extract_document(path.read_bytes(), path.name)
    doc = extract.document
    assert (doc.source_format, doc.encoding) == (fmt, encoding)
    assert doc.reader.startswith(reader)
    pages = [line.page_no for line in extract.lines]
    if fmt == "pdf":
        # Chromium prints one chapter per page (h2 break-before: page); the title page is 1.
        assert doc.page_count == 5
        assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 5
        first_project = next(p for p in extract.projects if p.row_seq == "（一）")
        assert pages[first_project.source_line - 1] == 4  # 第三章 重点工程 starts page 4
    else:
        assert doc.page_count is None and set(pages) == {None}


def test_pdf_running_heads_and_page_numbers_are_not_text(files):
    """Chromium printed the title at the top and 第 N 页 共 M 页 at the bottom of every page."""
    path = files[ELDERLY.name]["pdf"]
    lines = read_document(path.read_bytes(), path.name).lines
    assert not [line for line in lines if "页" in line and "共" in line]
    assert lines.count(ELDERLY.title) == 1 and lines[0] == ELDERLY.title


def test_raw_folder_lists_every_accepted_format_and_the_sensor_sees_them(tmp_path):
    from ingestion.landing import list_plan_files
    from orchestration.sensors import scan_raw_dir

    names = ["a.txt", "b.HTML", "sub/c.htm", "d.docx", "e.PDF", "~$d.docx", "notes.md", "f.doc", "g.pdf.part"]
    names += ["h.XLSX", "sub/i.xls", "j.xlsm", "k.odt", "l.rtf", "m.wps", "n.et", "o.ods"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    expected = ["a.txt", "b.HTML", "d.docx", "e.PDF", "f.doc", "h.XLSX", "k.odt", "l.rtf", "m.wps", "n.et"]
    expected += ["o.ods", "sub/c.htm", "sub/i.xls"]
    assert list_plan_files(tmp_path) == expected
    assert sorted(scan_raw_dir(tmp_path, {})) == expected


def test_one_plan_in_several_formats_gets_one_document_id_per_file():
    from ingestion.extract import document_id_for

    ids = {document_id_for(name) for name in ["plan.txt", "plan.pdf", "plan.docx", "plan.html", "plan.htm"]}
    assert len(ids) == 5
    assert document_id_for("plan.txt") == "plan"  # .txt ids are what they were
    assert document_id_for("plan.pdf") == document_id_for("plan.pdf")


def test_size_limits_differ_by_format_and_name_it():
    from ingestion.readers import too_large_reason

    mb = 2**20
    assert too_large_reason("a.txt", 20 * mb).startswith("file is 20.0 MB, larger than the 16 MB a plan text")
    assert too_large_reason("a.html", 20 * mb) is None
    assert "the 32 MB a .html plan" in too_large_reason("a.htm", 40 * mb)
    assert too_large_reason("a.pdf", 100 * mb) is None
    assert "the 128 MB a .pdf plan" in too_large_reason("a.PDF", 130 * mb)
    assert "the 64 MB a .docx plan" in too_large_reason("a.docx", 65 * mb)
