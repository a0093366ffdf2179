"""Plan detection: the five seed layouts (expected rows read off the texts) + synthetic ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.plans import detect_plans, find_document_number, parse_date, plan_type_of

PLANS = Path(__file__).resolve().parents[2] / "data" / "raw" / "plans"


def seed_lines(prefix: str) -> list[str]:
    path = next(PLANS.glob(f"{prefix}_*.txt"))
    return split_lines(decode_plan_bytes(path.read_bytes(), path.name).text)


# Read off the seed texts by hand. Columns: title, type, issuer, 文号, issued date,
# precision, printed region, region code, title line.
EXPECTED = {
    "000": [
        (
            "临夏州“十四五”民政事业发展及养老服务体系建设规划",  # printed "…发展 及养老…" (line 82)
            "civil_affairs_and_elderly_care",
            "临夏州民政局",  # signature above "2022年3月10日印发"
            "临州民发〔2022〕30号",
            "2022-03-10",
            "day",
            "临夏州",
            "622900",
            82,
        )
    ],
    "001": [
        (
            "会宁县“十四五”民政事业发展规划",
            "civil_affairs",
            "会宁县人民政府办公室",
            "会政办发〔2022〕114号",  # printed "会政办发〔2022〕114 号"
            "2022-09-20",  # printed "2022 年 9 月 20 日"
            "day",
            "会宁县",
            "620422",
            18,
        )
    ],
    "002": [
        (
            "临泽县“十四五”民政事业发展规划",
            "civil_affairs",
            "临泽县人民政府办公室",  # 发布机构 field and the signature agree
            "临政办发〔2022〕69号",  # 发文字号 field
            "2022-08-12",  # signature "20228月12日" (年 lost); 生成日期 2022-08-26 is publication
            "day",
            "临泽县",
            "620723",
            41,
        ),
        (
            "临泽县“十四五”养老服务发展规划",
            "elderly_care",
            "临泽县人民政府办公室",  # the notice announces both plans
            "临政办发〔2022〕69号",
            "2022-08-12",
            "day",
            "临泽县",
            "620723",
            690,
        ),
    ],
    "003": [
        # plain text, title line only: no notice, no issuer, no 文号, no date
        ("平罗县民政事业发展“十四五”规划", "civil_affairs", None, None, None, None, "平罗县", "640221", 1)
    ],
    "004": [
        # title, then "楚雄州民政局", then "2022年6月" (month only -> 1st of the month)
        (
            "楚雄州民政事业发展“十四五”规划",
            "civil_affairs",
            "楚雄州民政局",
            None,
            "2022-06-01",
            "month",
            "楚雄州",
            "532300",
            1,
        )
    ],
}


@pytest.fixture(scope="module")
def seed_plans():
    return {prefix: (seed_lines(prefix), detect_plans(seed_lines(prefix))) for prefix in EXPECTED}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_plans(seed_plans, prefix):
    lines, plans = seed_plans[prefix]
    got = [
        (
            p.plan_title,
            p.plan_type,
            p.issuer,
            p.document_number,
            p.issued_date,
            p.issued_date_precision,
            p.region_name_printed,
            p.region_code,
            p.title_line,
        )
        for p in plans
    ]
    assert got == EXPECTED[prefix]
    for plan in plans:
        assert (plan.period_start_year, plan.period_end_year) == (2021, 2025)
        assert plan.start_line <= plan.title_line <= plan.end_line


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_plan_spans_cover_the_document(seed_plans, prefix):
    lines, plans = seed_plans[prefix]
    assert [p.plan_seq for p in plans] == list(range(1, len(plans) + 1))
    assert plans[0].start_line == 1  # the first plan holds the front matter
    assert plans[-1].end_line == len(lines)
    for before, after in zip(plans, plans[1:], strict=False):
        assert after.start_line == before.end_line + 1 == after.title_line


def test_002_second_plan_starts_at_its_title(seed_plans):
    lines, plans = seed_plans["002"]
    assert plans[0].end_line == 689
    assert lines[plans[1].title_line - 1] == "临泽县“十四五”养老服务发展规划"


def test_date_text_is_kept_as_printed(seed_plans):
    assert seed_plans["002"][1][0].issued_date_text == "20228月12日"
    assert seed_plans["004"][1][0].issued_date_text == "2022年6月"


# --- synthetic layouts ------------------------------------------------------------

BODY = [
    "一、发展基础",
    "“十三五”期间，全区养老服务体系不断完善。",
    "二、总体要求",
    "（一）指导思想",
    "坚持以人民为中心。",
    "（二）发展目标",
    "到2025年，养老服务体系更加健全。",
]


def test_district_elderly_care_plan_with_bracketed_number_and_chinese_date():
    lines = [
        "北京市海淀区民政局文件",
        "",
        "海民发【2021】 12 号",
        "",
        "北京市海淀区民政局关于印发《海淀区“十四五”养老服务体系建设规划》的通知",
        "各街道办事处：",
        "现将《海淀区“十四五”养老服务体系建设规划》印发给你们，请认真贯彻执行。",
        "",
        "北京市海淀区民政局",
        "二〇二一年十二月三十日",
        "",
        "海淀区“十四五”养老服务体系建设规划（2021—2025年）",
        *BODY,
    ]
    (plan,) = detect_plans(lines)
    assert plan.plan_title == "海淀区“十四五”养老服务体系建设规划（2021—2025年）"
    assert plan.plan_type == "elderly_care"
    assert plan.issuer == "北京市海淀区民政局"
    assert plan.document_number == "海民发〔2021〕12号"
    assert (plan.issued_date, plan.issued_date_precision) == ("2021-12-30", "day")
    assert (plan.period_start_year, plan.period_end_year) == (2021, 2025)
    assert (plan.region_name_printed, plan.region_code) == ("海淀区", "110108")
    assert (plan.start_line, plan.title_line, plan.end_line) == (1, 12, len(lines))


def test_web_metadata_fields_wrapped_title_and_ordinal_period():
    lines = [
        "索引号：640400/2021-00012",
        "发文字号：固政办发[2021]8号",
        "发布机构：固原市人民政府办公室",
        "成文日期：2021-11-05",
        "发布日期：2021-11-20",
        "",
        "固原市民政事业发展第十四个",
        "",
        "五年规划",
        *BODY,
    ]
    (plan,) = detect_plans(lines)
    assert plan.plan_title == "固原市民政事业发展第十四个五年规划"
    assert plan.title_line == 7
    assert plan.issuer == "固原市人民政府办公室"
    assert plan.document_number == "固政办发〔2021〕8号"
    assert plan.issued_date == "2021-11-05"  # 成文日期, not the publication date
    assert (plan.period_start_year, plan.period_end_year) == (2021, 2025)
    assert (plan.region_code, plan.plan_type) == ("640400", "civil_affairs")


def test_publication_date_when_nothing_is_signed_and_region_from_issuer():
    lines = [
        "发布机构",
        "长春市朝阳区民政局",
        "发布日期",
        "2022-01-15",
        "",
        "“十四五”民政事业和养老服务发展规划",
        *BODY,
    ]
    (plan,) = detect_plans(lines)
    assert plan.plan_type == "civil_affairs_and_elderly_care"
    assert plan.issuer == "长春市朝阳区民政局"
    assert plan.issued_date == "2022-01-15"
    assert plan.document_number is None
    # no region in the title: the issuer names it, and 长春市 tells the 朝阳区 apart
    assert (plan.region_name_printed, plan.region_code) == ("朝阳区", "220104")


def test_repeated_title_is_a_running_header_not_a_new_plan():
    title = "临夏县“十四五”民政事业发展规划"
    lines = [title, *BODY, title, *BODY]
    plans = detect_plans(lines)
    assert len(plans) == 1 and plans[0].end_line == len(lines)


def test_titles_inside_a_wrapped_notice_headline_are_skipped():
    lines = [
        "某某县人民政府办公室关于印发",
        "张家川县“十四五”民政事业发展规划",
        "的通知",
        "张家川县人民政府办公室",
        "2022年1月5日",
        "张家川县“十四五”民政事业发展规划",
        *BODY,
    ]
    (plan,) = detect_plans(lines)
    assert plan.title_line == 6
    assert plan.region_name_printed == "张家川县"
    assert plan.region_code == "620525"  # 张家川回族自治县, printed in its short form


def test_document_without_a_title_line_is_one_plan():
    lines = ["关于印发《某某县养老服务规划》的通知", "正文第一段。", "正文第二段。"]
    (plan,) = detect_plans(lines)
    assert (plan.start_line, plan.end_line) == (1, 3)
    assert plan.plan_title == "某某县养老服务规划"
    assert plan.plan_type == "elderly_care"
    assert detect_plans([]) == [] and detect_plans(["", "  "]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年3月10日印发", ("2022-03-10", "day")),
        ("2022 年 9 月 20 日", ("2022-09-20", "day")),
        ("2022-08-26", ("2022-08-26", "day")),
        ("20228月12日", ("2022-08-12", "day")),
        ("二〇二一年十二月三十日", ("2021-12-30", "day")),
        ("2022年6月", ("2022-06-01", "month")),
        ("2022年13月5日", None),
    ],
)
def test_parse_date(text, expected):
    found = parse_date(text)
    assert ((found.iso, found.precision) if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("临州民发〔2022〕30号", "临州民发〔2022〕30号"),
        ("会政办发〔2022〕114 号", "会政办发〔2022〕114号"),
        ("某政办发 [2021] 7号", "某政办发〔2021〕7号"),
        ("某民发【2023】第05号", "某民发〔2023〕5号"),
        ("没有文号的一行。", None),
    ],
)
def test_document_number(text, expected):
    assert find_document_number(text) == expected


def test_plan_type_from_title_words():
    assert plan_type_of("X县“十四五”民政事业发展规划") == "civil_affairs"
    assert plan_type_of("X县“十四五”养老服务体系建设规划") == "elderly_care"
    assert plan_type_of("X县“十四五”老龄事业发展规划") == "elderly_care"
    assert plan_type_of("X州民政事业发展和养老服务体系建设规划") == "civil_affairs_and_elderly_care"
