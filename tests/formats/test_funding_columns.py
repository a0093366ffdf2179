"""Per-project funding columns become funding facts: an invented plan in a layout no sample
shows (no 序号, no 建设年限, money in 亿元 named only in the header, three funding columns, a
dash where a project has no money of a source), read from its tab-separated .txt and from the
text real converters (pandoc, w3m) make of its DOCX/HTML. The expected rows come from the
plan's content, never from the parser."""

from __future__ import annotations

import pytest

from ingestion.extract import extract_document
from tests.formats.matrix import Cache, convert
from tests.formats.plans import Plan, Table, write_txt

# (name, 建设内容, 总投资 亿元, 其中：中央资金, 地方配套, 社会资本) as printed; None: printed "-"
ROWS = (
    ("某某市社会福利院改扩建工程", "新增养老床位200张", "1.2", "0.6", "0.4", "0.2"),
    ("某某市未成年人救助保护中心", "新建业务用房3000平方米", "0.45", "0.3", "0.15", None),
    ("某某区智慧民政信息平台", "建设全区民政业务数据平台", "0.08", None, "0.05", "0.03"),
)
HEADER = ["项目名称", "建设内容", "总投资（亿元）", "其中：中央资金", "地方配套", "社会资本"]
# what each column's header says about where the money comes from (地方: several levels)
SOURCES = {3: "central", 4: None, 5: "social"}

PLAN = Plan(
    name="funding_columns",
    title="某某市“十五五”民政事业发展规划",
    blocks=[
        "某某市人民政府办公室",
        "2026年4月20日",
        "第一章 发展基础",
        "“十四五”期间，全市民政事业取得新进展。",
        "第二章 重点工程",
        Table(
            caption="表1 “十五五”民政重点项目及资金来源",
            grid=[HEADER, *[[c if c is not None else "-" for c in row] for row in ROWS]],
        ),
        "第三章 保障措施",
        "强化资金保障，统筹各级财政资金。",
    ],
)


def _wan(printed: str) -> float:
    return round(float(printed) * 10000, 4)


def expected_parts() -> list[tuple]:
    """(project, kind, source, 万元) of every printed part; a dash is no amount."""
    return sorted(
        [
            (row[0], "funding_source", SOURCES[col], _wan(row[col]))
            for row in ROWS
            for col in SOURCES
            if row[col] is not None
        ],
        key=repr,
    )


def _funding(text: str):
    e = extract_document(text.encode("utf-8"), "funding_columns.txt")
    names = {p.project_seq: p for p in e.projects}
    return e, names


def _rows(text: str) -> list[tuple]:
    e, names = _funding(text)
    return sorted(
        [
            (names[f.project_seq].project_name if f.project_seq in names else None, f.funding_kind)
            + (f.source_of_funds, round(f.amount_wan_yuan, 4))
            for f in e.funding
            if f.funding_kind == "funding_source"
        ],
        key=repr,
    )


def test_tab_separated_txt_gives_each_part_as_a_funding_row_of_its_project(tmp_path):
    text = write_txt(PLAN, tmp_path).read_text(encoding="utf-8")
    assert _rows(text) == expected_parts()
    e, names = _funding(text)
    lines = [line.text for line in e.lines]
    # the project's own total stays one planned investment that restates it; parts never do
    totals = sorted(
        (names[f.project_seq].project_name, f.amount_wan_yuan)
        for f in e.funding
        if f.funding_kind == "planned_investment"
    )
    assert totals == sorted((row[0], _wan(row[2])) for row in ROWS)
    for f in e.funding:
        # provenance: the cell's line and span print the amount as read, in the project's row
        assert lines[f.source_line - 1][f.span_start : f.span_end] == f.amount_text
        assert names[f.project_seq].project_name in lines[f.source_line - 1]
        if f.funding_kind == "funding_source":
            # printed precision in the header's unit: 0.6亿元 is ±500 万元, 0.15亿元 ±50 万元
            decimals = len(f.amount_text.split(".")[1])
            assert f.amount_tolerance_wan == pytest.approx(0.5 * 10**-decimals * 10000)
            assert f.period_start_year is None and f.source_text.startswith(names[f.project_seq].project_name)


@pytest.fixture(scope="module")
def conversions(tmp_path_factory) -> Cache:
    return Cache(tmp_path_factory.mktemp("funding-conversions"))


@pytest.mark.parametrize("converter", ["pandoc-docx", "w3m"])
def test_converted_by_a_real_tool_gives_the_same_parts(conversions, converter):
    text = convert(PLAN, converter, conversions)
    assert _rows(text) == expected_parts(), text


def test_a_sources_column_in_words_gives_each_amount_with_its_source():
    """资金来源 printed per project in words: each amount with the source its clause names."""
    lines = [
        "表2 重点项目资金来源",
        "序号\t项目名称\t建设年限\t总投资（万元）\t资金来源",
        "1\t某某县殡仪服务中心\t2027-2028\t2500\t中央预算内投资2000万元，县级配套500万元",
        "2\t某某县救助管理站\t2027\t600\t省级补助资金",
    ]
    e = extract_document("\n".join(["某某县“十五五”民政事业发展规划", *lines]).encode(), "sources.txt")
    parts = [
        (f.source_of_funds, f.amount_wan_yuan, f.amount_text)
        for f in e.funding
        if f.funding_kind == "funding_source"
    ]
    assert parts == [("central", 2000.0, "2000万元"), ("county", 500.0, "500万元")]  # no amount, no row


def test_a_table_without_funding_columns_gives_no_parts(tmp_path):
    """The clean twin: the same projects without the funding columns give totals only."""
    bare = Plan(
        PLAN.name,
        PLAN.title,
        [Table(b.caption, [row[:3] for row in b.grid]) if isinstance(b, Table) else b for b in PLAN.blocks],
    )
    text = write_txt(bare, tmp_path).read_text(encoding="utf-8")
    e, _ = _funding(text)
    assert [f.funding_kind for f in e.funding] == ["planned_investment"] * len(ROWS)


# 资金来源 spanning its sub-columns, which name only the level ('中央' | '省级' | '市县').
SPANNED = Plan(
    name="funding_spanned",
    title="某某县“十五五”民政事业发展规划",
    blocks=[
        "第三章 重点项目",
        Table(
            caption="表2 重点项目资金来源",
            header_rows=2,
            grid=[
                ["序号", "项目名称", "建设年限", "总投资（万元）", "资金来源", "<", "<"],
                ["^", "^", "^", "^", "中央", "省级", "市县"],
                ["1", "某某县殡仪服务中心", "2027-2028", "2500", "2000", "300", "200"],
                ["2", "某某县救助管理站", "2027", "600", "-", "400", "200"],
            ],
        ),
        "第四章 保障措施",
    ],
)
SPANNED_PARTS = sorted(
    [
        ("某某县殡仪服务中心", "funding_source", "central", 2000.0),
        ("某某县殡仪服务中心", "funding_source", "provincial", 300.0),
        ("某某县殡仪服务中心", "funding_source", None, 200.0),  # 市县: two levels
        ("某某县救助管理站", "funding_source", "provincial", 400.0),
        ("某某县救助管理站", "funding_source", None, 200.0),
    ],
    key=repr,
)


def test_sub_columns_of_a_sources_header_are_funding_columns(tmp_path):
    text = write_txt(SPANNED, tmp_path).read_text(encoding="utf-8")
    assert _rows(text) == SPANNED_PARTS


@pytest.mark.parametrize("converter", ["pandoc-docx", "pandoc-html", "w3m", "lynx"])
def test_sources_header_over_its_sub_columns_through_a_real_tool(conversions, converter):
    """The sub-headers on the line under 资金来源 (under a ruling line, a single space apart, or
    drifted left of it, as these tools print them) take its place, in order."""
    text = convert(SPANNED, converter, conversions)
    assert _rows(text) == SPANNED_PARTS, text


def test_an_amount_takes_the_span_of_its_cell_not_an_equal_number_before_it():
    """'0.3' and '0.15' are printed in the row's 建设内容 before its amount cells."""
    row = "1\t某某县养老服务中心\t改造用房0.3万平方米，其中护理区0.15万平方米\t0.3\t0.15"
    text = "\n".join(
        [
            "某某县“十五五”养老服务体系建设规划",
            "表1 重点项目",
            "序号\t项目名称\t建设内容\t总投资（亿元）\t其中：中央资金",
            row,
        ]
    )
    e, _ = _funding(text)
    cells = [len("\t".join(row.split("\t")[:k])) + 1 for k in (3, 4)]  # where the two amount cells start
    assert sorted((f.funding_kind, f.span_start) for f in e.funding) == [
        ("funding_source", cells[1]),
        ("planned_investment", cells[0]),
    ]
