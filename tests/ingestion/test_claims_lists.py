"""Sentences that list several things at once, and printed dates, on invented plans.

The plan is made up: 松潘县 (阿坝州, 四川), its 十五五 plan (2026–2030), towns 青云镇, 白石乡 …
that are no sample's. Each reading has a planted shape and its clean twin.
"""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion.blocks import segment_blocks
from ingestion.claims_lists import list_items
from ingestion.extract import plan_period_at
from ingestion.plans import detect_plans
from ingestion.printed_dates import printed_dates
from ingestion.statements import extract_statements

TITLE = "松潘县“十五五”民政事业发展规划"


def _read(body: list[str]):
    lines = [TITLE, "", *body]
    blocks = segment_blocks(lines)
    period_at = functools.partial(plan_period_at, detect_plans(lines))
    statements = extract_statements(lines, blocks, period_at)
    return lines, list_items(lines, blocks, statements)


def _claims(items):
    out: dict[int, list] = {}
    for i in items:
        out.setdefault(i.claim_seq, []).append(i)
    return list(out.values())


def _printed(lines, item) -> str:
    return lines[item.source_line - 1][item.span_start : item.span_end]


def test_respectively_gives_each_subject_its_value_and_the_tail_they_share():
    lines, items = _read(
        [
            "第二章 主要目标",
            "到2030年，城市和农村社区日间照料设施覆盖率分别达到95%和75%。",
        ]
    )
    (claim,) = _claims(items)
    subjects = [i for i in claim if i.item_role == "subject"]
    values = [i for i in claim if i.item_role == "value"]
    assert [s.measure for s in subjects] == ["城市社区日间照料设施覆盖率", "农村社区日间照料设施覆盖率"]
    assert [(v.value_numeric, v.unit, v.year) for v in values] == [(95.0, "%", 2030), (75.0, "%", 2030)]
    assert [_printed(lines, v) for v in values] == ["达到95%", "75%"]
    assert [_printed(lines, s) for s in subjects] == ["城市", "农村社区日间照料设施覆盖率"]


def test_the_collective_chengxiang_stands_for_two_subjects():
    _, items = _read(["到2030年，城乡社区综合服务站覆盖率分别达到100%、85%。"])
    (claim,) = _claims(items)
    subjects = [i for i in claim if i.item_role == "subject"]
    assert [s.measure for s in subjects] == ["城市社区综合服务站覆盖率", "农村社区综合服务站覆盖率"]
    assert all(s.is_collective for s in subjects)


def test_a_three_item_list_with_too_few_values_is_read_as_printed():
    # planted: three subjects, two values
    _, items = _read(["“十四五”期间，城市低保、农村低保、特困供养月标准分别提高到720元、560元。"])
    (claim,) = _claims(items)
    assert [i.item_text for i in claim if i.item_role == "subject"] == [
        "城市低保",
        "农村低保",
        "特困供养月标准",
    ]
    assert [i.value_numeric for i in claim if i.item_role == "value"] == [720.0, 560.0]


def test_a_respectively_clause_without_a_name_takes_the_subjects_before_it():
    _, items = _read(["党员和群众参与志愿服务的比例2028年分别达到70%和30%，2030年分别达到80%和40%。"])
    first, second = _claims(items)
    assert [i.item_text for i in second if i.item_role == "subject"] == [
        i.item_text for i in first if i.item_role == "subject"
    ]
    assert [i.value_numeric for i in second if i.item_role == "value"] == [80.0, 40.0]


def test_from_and_to_runs_are_two_runs():
    _, items = _read(["孤儿和困境儿童养育标准分别由每人每月1100元、800元提高到每人每月1300元、900元。"])
    (claim,) = _claims(items)
    runs = [(i.run_seq, i.value_numeric) for i in claim if i.item_role == "value"]
    assert runs == [(1, 1100.0), (1, 800.0), (2, 1300.0), (2, 900.0)]


def test_named_places_and_their_count():
    lines, items = _read(
        [
            "在青云镇、白石乡、红岩镇和黄龙乡4个乡镇各建设1所综合养老服务中心。",
            "在东街、西街、北街等5个社区开展助餐服务。",
        ]
    )
    first, second = _claims(items)
    assert [i.item_text for i in first if i.item_role == "name"] == ["青云镇", "白石乡", "红岩镇", "黄龙乡"]
    (count,) = [i for i in first if i.item_role == "count"]
    assert (count.value_numeric, count.comparator, _printed(lines, count)) == (4.0, "=", "4个")
    (etc,) = [i for i in second if i.item_role == "count"]
    assert (etc.value_numeric, etc.comparator, _printed(lines, etc)) == (5.0, ">=", "等5个")


def test_a_count_of_what_is_built_after_the_names_is_no_named_count():
    # the clean twin of a named count: the number counts the centres built, not the towns
    _, items = _read(
        [
            "按年度在青云、白石、红岩、黄龙新建、改建养老服务中心2个。",
            "青云镇民主社区、白石乡联合社区修建5所老年人活动中心。",
        ]
    )
    assert [i for i in items if i.claim_kind == "named_count"] == []


def test_a_chinese_numeral_count_and_a_place_name_with_he():
    _, items = _read(["在太和镇、永和乡两个乡镇试点。"])
    (claim,) = _claims(items)
    assert [i.item_text for i in claim if i.item_role == "name"] == ["太和镇", "永和乡"]
    assert [i.value_numeric for i in claim if i.item_role == "count"] == [2.0]


# Dates ---------------------------------------------------------------------------------------


def test_dates_are_read_in_their_printed_parts():
    lines = [
        "松潘县人民政府办公室",
        "20268月15日",
        "2026 年 9 月 1 日起施行，2027年13月完成验收，每年2月30日前报送。",
        "服务期限为6个月，30日内办结。",
    ]
    found = [(d.date_text, d.year_text, d.has_year_mark, d.month, d.day) for d in printed_dates(lines)]
    assert found == [
        ("20268月15日", "2026", False, 8, 15),
        ("2026 年 9 月 1 日", "2026", True, 9, 1),
        ("2027年13月", "2027", True, 13, None),
        ("2月30日", None, None, 2, 30),
    ]
    for d in printed_dates(lines):
        assert lines[d.source_line - 1][d.span_start : d.span_end] == d.date_text


@settings(max_examples=40, deadline=None)
@given(
    year=st.integers(1990, 2039),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    spaced=st.booleans(),
)
def test_every_well_formed_date_is_read_whole_with_its_year_mark(year, month, day, spaced):
    gap = " " if spaced else ""
    text = f"自{year}{gap}年{gap}{month}{gap}月{gap}{day}{gap}日起施行"
    (d,) = printed_dates([text])
    assert (int(d.year_text), d.has_year_mark, d.month, d.day) == (year, True, month, day)


# Quoted plan titles -----------------------------------------------------------------------------


def test_quoted_plan_titles_are_read_whole_across_a_wrapped_line():
    from ingestion.title_mentions import quoted_titles

    lines = [
        "松潘县人民政府办公室关于印发《松潘县“十五五”民政事业",
        "发展和养老服务规划》的通知",
        "现将《松潘县“十五五”民政事业发展和养老服务规划》印发给你们。",
        "依据《阿坝州“十五五”民政事业发展规划》和《关于加强养老服务的意见》编制。",
    ]
    found = [(t.title_text, t.source_line) for t in quoted_titles(lines)]
    assert found == [
        ("松潘县“十五五”民政事业发展和养老服务规划", 1),
        ("松潘县“十五五”民政事业发展和养老服务规划", 3),
        ("阿坝州“十五五”民政事业发展规划", 4),
    ]
    third = quoted_titles(lines)[1]
    assert lines[2][third.span_start : third.span_end] == "《松潘县“十五五”民政事业发展和养老服务规划》"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet="城乡市农村和及、，。；分别达到为由提高到在个所镇乡等年月日《》规划0123456789%元/人",
            max_size=40,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_text_reads_without_error_and_every_span_is_inside_its_line(body):
    from ingestion.title_mentions import quoted_titles

    lines, items = _read(body)
    for row in [*items, *printed_dates(lines), *quoted_titles(lines)]:
        line = lines[row.source_line - 1]
        assert 0 <= row.span_start < row.span_end <= len(line)


def test_values_after_respectively_run_on_over_a_comma_and_keep_a_per_person_unit():
    _, items = _read(["福利机构和散居孤儿养育标准分别达到1980元/月，1280元/月。"])
    (claim,) = _claims(items)
    values = [(i.value_numeric, i.unit, i.run_seq) for i in claim if i.item_role == "value"]
    assert values == [(1980.0, "元/月", 1), (1280.0, "元/月", 1)]


def test_a_comma_before_a_year_ends_the_run():
    _, items = _read(["党员和群众参与率2028年分别达到70%和30%，2030年分别达到80%和40%。"])
    first, _ = _claims(items)
    assert [(i.run_seq, i.value_numeric) for i in first if i.item_role == "value"] == [(1, 70.0), (1, 30.0)]
