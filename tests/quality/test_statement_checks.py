"""The checks of expectations.statement_checks on rows, each with a planted error and a clean
twin that must give nothing.

Rows come from invented plans (黑水县 of 阿坝州, 四川, its 十五五 plan; towns 木苏镇, 红岩乡 …
made up for the test) read by the extraction functions, shaped as the staging models give
them; a few rule tests use hand-made rows.
"""

from __future__ import annotations

import dataclasses
import functools

import pandas as pd

from expectations import statement_checks as sc
from ingestion.blocks import segment_blocks
from ingestion.claims_lists import list_items
from ingestion.extract import plan_period_at
from ingestion.model import ListItem
from ingestion.plans import detect_plans
from ingestion.printed_dates import printed_dates
from ingestion.statements import extract_statements

DOC, PLAN, REGION = "heishui", "heishui-p1", "513228"
TITLE = "黑水县“十五五”民政事业发展规划"
PLANS = pd.DataFrame([{"plan_id": PLAN, "document_id": DOC, "region_code": REGION}])


def _items(body: list[str]) -> pd.DataFrame:
    lines = [TITLE, "", *body]
    blocks = segment_blocks(lines)
    period_at = functools.partial(plan_period_at, detect_plans(lines))
    rows = list_items(lines, blocks, extract_statements(lines, blocks, period_at))
    frame = pd.DataFrame([dataclasses.asdict(r) for r in rows])
    if frame.empty:
        frame = pd.DataFrame(columns=[f.name for f in dataclasses.fields(ListItem)])
    return frame.assign(document_id=DOC, plan_id=PLAN)


def _dates(lines: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame([dataclasses.asdict(d) for d in printed_dates(lines)])
    return frame.assign(document_id=DOC, plan_id=PLAN)


def _findings(frame: pd.DataFrame, rule: str) -> list:
    return frame[rule].dropna().tolist()


TARGETS = [
    "第二章 主要目标",
    "到2030年，城乡社区综合服务设施覆盖率分别达到100%和85%，城市和农村社区养老服务设施覆盖率分别达到95%、70%。",
    "第三章 主要任务",
]


def test_respectively_conflict_planted_two_sentences_give_one_subject_two_values():
    frame = sc.respectively_conflict(
        _items([*TARGETS, "到2030年，城市和农村社区综合服务设施覆盖率分别达到100%、80%。"]), PLANS
    )
    (finding,) = _findings(frame, "respectively_conflict")
    assert "农村社区综合服务设施覆盖率" in finding and "85%" in finding and "80%" in finding
    row = frame.dropna(subset=["respectively_conflict"]).iloc[0]
    assert (row["source_line"], row["related_source_line"], row["region_code"]) == (4, 6, REGION)


def test_respectively_conflict_clean_twin_the_same_values_restated():
    frame = sc.respectively_conflict(
        _items([*TARGETS, "到2030年，城市和农村社区综合服务设施覆盖率分别达到100%、85%。"]), PLANS
    )
    assert len(frame) == 2 and _findings(frame, "respectively_conflict") == []


def test_respectively_conflict_never_sets_a_target_against_an_actual():
    frame = sc.respectively_conflict(
        _items(
            [
                "第一章 发展基础",
                "“十四五”期间，城市和农村社区综合服务设施覆盖率分别达到90%、60%。",
                *TARGETS,
            ]
        ),
        PLANS,
    )
    assert _findings(frame, "respectively_conflict") == []


def test_respectively_count_planted_three_subjects_two_values():
    frame = sc.respectively_count(
        _items(["到2030年，城市低保、农村低保、特困供养月标准分别提高到820元、640元。"]), PLANS
    )
    (finding,) = _findings(frame, "respectively_count")
    assert "2 value(s)" in finding and "3 subjects" in finding


def test_respectively_count_clean_twin_and_what_it_does_not_count():
    frame = sc.respectively_count(
        _items(
            [
                "到2030年，城市低保、农村低保、特困供养月标准分别提高到820元、640元和900元。",
                # one subject: nothing to count; 城乡 stands for two: never counted
                "全县农村低保标准分别达到每人每年6000元。",
                "城乡低保和特困供养标准分别提高到820元、640元和900元。",
            ]
        ),
        PLANS,
    )
    assert len(frame) == 1 and _findings(frame, "respectively_count") == []


def test_named_count_planted_and_clean_twin():
    planted = sc.named_count_mismatch(
        _items(["在木苏镇、红岩乡、知木林镇、沙石多乡5个乡镇建设综合养老服务中心。"]), PLANS
    )
    (finding,) = _findings(planted, "named_count_mismatch")
    assert finding.startswith("4 names are listed") and "5个" in finding
    clean = sc.named_count_mismatch(
        _items(
            [
                "在木苏镇、红岩乡、知木林镇和沙石多乡4个乡镇建设综合养老服务中心。",
                "在东街、西街等3个社区开展助餐服务。",  # 等: fewer names than counted is fine
            ]
        ),
        PLANS,
    )
    assert len(clean) == 2 and _findings(clean, "named_count_mismatch") == []


def test_named_count_with_deng_more_names_than_counted_is_a_finding():
    frame = sc.named_count_mismatch(_items(["在东街、西街、南街、北街等3个社区开展助餐服务。"]), PLANS)
    assert len(_findings(frame, "named_count_mismatch")) == 1


def test_malformed_dates_planted_and_clean_twin():
    planted = sc.malformed_dates(
        _dates(["黑水县人民政府办公室", "20268月15日", "2027年13月底前完成", "每年2月30日前报送", "4月31日"]),
        PLANS,
    )
    findings = _findings(planted, "malformed_date")
    assert len(findings) == 4
    assert "runs into the month" in findings[0] and "month 13" in findings[1]
    assert "no day 30" in findings[2] and "no day 31" in findings[3]
    clean = sc.malformed_dates(
        _dates(
            [
                "黑水县人民政府办公室",
                "2026年8月15日",
                "2027年12月底前完成",
                "2028年2月29日",
                "每年2月28日前报送",
            ]
        ),
        PLANS,
    )
    assert len(clean) == 4 and _findings(clean, "malformed_date") == []


def test_february_29_of_a_common_year_is_a_finding():
    frame = sc.malformed_dates(_dates(["2027年2月29日"]), PLANS)
    assert len(_findings(frame, "malformed_date")) == 1


def _mentions(lines: list[str]) -> pd.DataFrame:
    from ingestion.title_mentions import quoted_titles

    frame = pd.DataFrame([dataclasses.asdict(t) for t in quoted_titles(lines)])
    return frame.assign(document_id=DOC, plan_id=PLAN)


TITLED = pd.DataFrame(
    [{"plan_id": PLAN, "document_id": DOC, "region_code": REGION, "plan_title": TITLE, "source_line": 9}]
)


def test_title_mention_differs_planted_one_word_changed_reported_once():
    frame = sc.title_mention_differs(
        _mentions(
            [
                "关于印发《黑水县“十五五”民政事务发展规划》的通知",
                "现将《黑水县“十五五”民政事务发展规划》印发给你们。",
            ]
        ),
        TITLED,
    )
    (finding,) = _findings(frame, "title_mention_differs")
    assert "民政事务发展规划" in finding and "1 character(s)" in finding
    row = frame.dropna(subset=["title_mention_differs"]).iloc[0]
    assert (row["source_line"], row["related_source_line"], row["related_text"]) == (1, 9, TITLE)


def test_title_mention_differs_clean_twin_and_other_plans_it_cites():
    frame = sc.title_mention_differs(
        _mentions(
            [
                "关于印发《黑水县“十五五”民政事业发展规划》的通知",
                # another period and another region's plan: other plans, not misprints
                "在《黑水县“十四五”民政事业发展规划》基础上，依据《黑水州“十五五”民政事业发展规划》编制。",
            ]
        ),
        TITLED,
    )
    assert _findings(frame, "title_mention_differs") == []


def test_respectively_conflict_a_passage_printed_twice_is_one_finding_naming_both_lines():
    frame = sc.respectively_conflict(
        _items(
            [
                *TARGETS,
                "一、完善设施",
                "到2030年，城市和农村社区综合服务设施覆盖率分别达到100%、80%。",
                "二、重点工程",
                "力争到2030年，城市和农村社区综合服务设施覆盖率分别达到100%、80%，提升服务能力。",
            ]
        ),
        PLANS,
    )
    (finding,) = _findings(frame, "respectively_conflict")
    assert "line 7" in finding and "again on line 9" in finding


# Growth conventions: hand-made rows of an invented indicator table (2025 → 2030, growth column 4)


def _growth_table(rows: list[tuple[str, str, float, float, str]]):
    values, cells = [], []
    for line, (name, unit, start, end, growth) in enumerate(rows, start=20):
        for kind, year, number, text, col in (
            ("actual", 2025, start, f"{start:g}", 2),
            ("target", 2030, end, f"{end:g}", 3),
            ("growth", 2030, float(growth), growth, 4),
        ):
            values.append(
                {
                    "document_id": DOC,
                    "plan_id": PLAN,
                    "table_seq": 1,
                    "table_title": "主要指标",
                    "indicator_name": name,
                    "unit": unit if kind != "growth" else "%",
                    "year": year,
                    "value_kind": kind,
                    "value_numeric": number,
                    "value_text": text,
                    "source_line": line,
                    "span_start": col * 10,
                }
            )
            cells.append({"document_id": DOC, "source_line": line, "span_start": col * 10, "col_idx": col})
    return pd.DataFrame(values), pd.DataFrame(cells)


RELATIVE_ROWS = [
    ("社区养老服务设施覆盖率（%）", "%", 40.0, 60.0, "50"),  # +50% relative, +20 points
    ("养老机构护理型床位占比（%）", "%", 20.0, 30.0, "50"),  # +50% relative, +10 points
    ("注册志愿者占居民人口比例（%）", "%", 8.0, 10.0, "25"),  # +25% relative, +2 points
]


def test_growth_conventions_planted_a_points_row_among_relative_rows():
    values, cells = _growth_table([*RELATIVE_ROWS, ("殡葬设施覆盖率（%）", "%", 60.0, 90.0, "30")])
    frame = sc.growth_conventions_mixed(values, cells, PLANS)
    (finding,) = _findings(frame, "growth_conventions_mixed")
    assert finding.startswith("殡葬设施覆盖率（%）: growth 30 is the percentage-point change")
    row = frame.dropna(subset=["growth_conventions_mixed"]).iloc[0]
    assert (row["source_line"], row["related_source_line"]) == (23, 20)


def test_growth_conventions_clean_twin_all_relative():
    values, cells = _growth_table([*RELATIVE_ROWS, ("殡葬设施覆盖率（%）", "%", 60.0, 90.0, "50")])
    frame = sc.growth_conventions_mixed(values, cells, PLANS)
    assert len(frame) == 4 and _findings(frame, "growth_conventions_mixed") == []


def test_growth_conventions_ignore_counts_and_rows_both_readings_give():
    # a count has no points reading: +30 for 100 → 130 is no evidence of a second convention
    values, cells = _growth_table([*RELATIVE_ROWS, ("社会组织数量（个）", "个", 100.0, 130.0, "30")])
    assert _findings(sc.growth_conventions_mixed(values, cells, PLANS), "growth_conventions_mixed") == []
    # 100 → 50 printed -50: the relative and the points reading alike, evidence of neither
    values, cells = _growth_table([*RELATIVE_ROWS, ("城市低保人数占比（%）", "%", 100.0, 50.0, "-50")])
    frame = sc.growth_conventions_mixed(values, cells, PLANS)
    assert len(frame) == 3 and _findings(frame, "growth_conventions_mixed") == []


def test_respectively_count_a_lone_value_is_not_counted():
    frame = sc.respectively_count(_items(["城市和农村社区养老服务设施覆盖率分别达到90%以上。"]), PLANS)
    assert len(frame) == 1 and _findings(frame, "respectively_count") == []
