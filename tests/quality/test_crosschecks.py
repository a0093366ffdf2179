"""Cross-checks on invented plans: every rule finds its planted error, and its clean twin
(the same plan with the error put right) gives nothing.

The rules compare rows: what extraction read in the text (ingestion.text_claims, shaped as
stg_text_claims rows by tests/quality/claims.py) and mart rows. How the claims are read is
tested in tests/ingestion/test_text_claims.py.

The plans are made up (a county 东川区 of 昆明市 and a prefecture 海东市, in wordings of their
own, periods 十五五 = 2026–2030 so nothing leans on the sample plans' years).
"""

from __future__ import annotations

import pandas as pd

from expectations import crosschecks as xc
from expectations.rules import better_direction
from tests.quality.claims import text_claims

DOC, PLAN, REGION = "doc_dc", "doc_dc-p1", "530113"
PERIOD = (2026, 2030)


def _values(rows: list[tuple]) -> pd.DataFrame:
    """fct_indicator_values rows: (plan, line, name, canonical id, unit, year, kind, comparator, number, text)."""
    columns = [
        "plan_id",
        "source_line",
        "indicator_name",
        "canonical_indicator_id",
        "unit",
        "year",
        "value_kind",
        "comparator",
        "value_numeric",
        "value_text",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["document_id"] = frame["plan_id"].str.split("-").str[0]
    frame["region_code"] = REGION
    return frame


LAYOUT = xc.PlanLayout({DOC: [(1, PLAN)]}, {PLAN: PERIOD}, {PLAN: REGION})


def _prose(lines: list[str], values: pd.DataFrame | None = None) -> list[xc.Statement]:
    return xc.prose_statements(text_claims(DOC, lines, PERIOD, values), LAYOUT)


def _rule(rule: str, lines: list[str]) -> list[dict]:
    """The rows one text rule gives on the claims extraction reads in `lines`."""
    return xc.TEXT_RULES[rule](text_claims(DOC, lines, PERIOD))


def _parts(lines):
    return _rule("parts_against_whole", lines)


def _per_unit(lines):
    return _rule("per_unit_product_mismatch", lines)


def _mu(lines):
    return _rule("area_restated_in_mu", lines)


def _toc(lines):
    return _rule("toc_against_body", lines)


def _section(lines):
    return _rule("period_against_section", lines)


def _years(lines):
    return _rule("period_against_years", lines)


def _findings(frame: pd.DataFrame, rule: str) -> pd.DataFrame:
    return frame[frame[rule].notna()]


# Prose statements ----------------------------------------------------------------------------


def test_stated_values_become_statements_of_the_plan_their_line_belongs_to():
    lines = [
        "东川区“十五五”民政事业发展规划",
        "一、“十四五”发展回顾",
        "全区敬老院入住率达47.5%，城市社区助餐点覆盖率达到90%以上。",
        "二、发展目标",
        "到2030年，农村互助幸福院覆盖率达到80%以上，每千名老年人拥有养老床位数达到42张。",
    ]
    found = {
        (s.plan_id, s.line, s.key, s.year, s.kind, s.comparator, s.number, s.unit) for s in _prose(lines)
    }
    assert found == {
        (PLAN, 3, "敬老院入住率", 2025, "actual", "=", 47.5, "%"),
        (PLAN, 3, "城市社区助餐点覆盖率", 2025, "actual", ">=", 90.0, "%"),
        (PLAN, 5, "农村互助幸福院覆盖率", 2030, "target", ">=", 80.0, "%"),
        (PLAN, 5, "每千名老年人拥有养老床位数", 2030, "target", "=", 42.0, "张"),
    }


# 1. Restatement and 2. cross-plan ---------------------------------------------------------------

RESTATED_TABLE = [
    (PLAN, 30, "城市社区助餐点覆盖率（%）", "meal_points", "%", 2030, "target", "=", 95.0, "95"),
    (PLAN, 31, "社区工作者（人）", "community_workers", "人", 2030, "target", "=", 640.0, "640"),
]


def _restated(prose_line: str) -> pd.DataFrame:
    lines = ["东川区“十五五”民政事业发展规划", "二、发展目标", prose_line]
    table = _values(RESTATED_TABLE)
    statements = xc.keyed_statements(_prose(lines, table), table, {PLAN: REGION})
    return xc.value_conflicts(statements, {PLAN: REGION})[0]


def test_prose_restating_a_table_value_differently_is_found_with_both_lines():
    found = _findings(
        _restated("到2030年，城市社区助餐点覆盖率达到85%，社区工作者达到640人。"), "restatement_conflict"
    )
    assert found[["source_line", "related_source_line"]].values.tolist() == [[3, 30]]
    row = found.iloc[0]
    assert row["printed_text"].endswith("85%") and row["related_text"] == "城市社区助餐点覆盖率（%） 95"


def test_clean_twin_prose_agreeing_with_the_table_gives_nothing():
    compared = _restated("到2030年，城市社区助餐点覆盖率达到95%，社区工作者达到640人。")
    assert len(compared) == 2 and _findings(compared, "restatement_conflict").empty


def test_a_rounded_restatement_within_the_printed_precision_agrees():
    table = [(PLAN, 30, "城市社区助餐点覆盖率（%）", "meal_points", "%", 2030, "target", "=", 95.4, "95.4")]
    lines = ["东川区“十五五”民政事业发展规划", "二、发展目标", "到2030年，城市社区助餐点覆盖率达到95%左右。"]
    tolerances = {(DOC, 30, 0): 0.05}  # the cell's printed precision (fct_table_cells.value_tolerance)
    values = _values(table).assign(span_start=0)
    statements = xc.keyed_statements(_prose(lines, values), values, {PLAN: REGION}, tolerances)
    assert _findings(xc.value_conflicts(statements, {PLAN: REGION})[0], "restatement_conflict").empty


def _two_plans(second_value: float, second_text: str) -> pd.DataFrame:
    rows = [
        ("doc_hd-p1", 12, "养老机构护理型床位占比", "nursing_share", "%", 2030, "target", ">=", 60.0, "≥60%"),
        (
            "doc_hd-p2",
            88,
            "护理型床位占比(%)",
            "nursing_share",
            "%",
            2030,
            "target",
            "=",
            second_value,
            second_text,
        ),
    ]
    regions = {"doc_hd-p1": "630200", "doc_hd-p2": "630200"}
    values = _values(rows).assign(region_code="630200")
    return xc.value_conflicts(xc.keyed_statements([], values, regions), regions)[1]


def test_two_plans_of_one_region_printing_different_targets_are_found():
    found = _findings(_two_plans(50.0, "50"), "cross_plan_conflict")
    assert found[["source_line", "related_source_line"]].values.tolist() == [[88, 12]]


def test_clean_twin_two_plans_that_agree_give_nothing():
    compared = _two_plans(65.0, "65")  # 65 satisfies ≥60
    assert len(compared) == 1 and _findings(compared, "cross_plan_conflict").empty


# 3. Unit against value ------------------------------------------------------------------------


def _units(text: str, number: float, unit: str) -> pd.DataFrame:
    rows = [
        (PLAN, 40, "街道综合养老服务中心（个）", "street_centres", unit, 2030, "target", "=", number, text)
    ]
    return xc.unit_against_value(text_claims(DOC, [], PERIOD, _values(rows)), LAYOUT)


def test_a_count_name_holding_a_percent_is_found():
    found = _findings(_units("100%", 100.0, "%"), "unit_against_value")
    assert found["related_text"].tolist() == ["街道综合养老服务中心（个）"]


def test_clean_twin_a_count_name_holding_a_count_gives_nothing():
    assert _findings(_units("12", 12.0, "个"), "unit_against_value").empty


# 4. Parts against the whole ---------------------------------------------------------------------

PARTS = (
    "海东市福利中心项目总投资 3200 万元，其中中央预算内资金 2000 万元、省级资金 {} 万元、市级配套 400 万元。"
)


def test_funding_parts_that_exceed_the_total_are_found():
    found = [r for r in _parts([PARTS.format(1000)]) if r["problem"]]
    assert len(found) == 1 and "3400" in found[0]["problem"] and found[0]["related_text"].startswith("其中")


def test_clean_twin_funding_parts_that_make_the_total_give_nothing():
    rows = _parts([PARTS.format(800)])
    assert len(rows) == 1 and rows[0]["problem"] is None


def test_parts_listing_only_some_of_the_whole_are_no_contradiction_unless_said_complete():
    some = "总投资 3200 万元，其中中央资金 2000 万元、省级资金 600 万元。"
    complete = "总投资 3200 万元，其中中央资金 2000 万元、省级资金 600 万元，其余 400 万元由县级自筹。"
    assert [r["problem"] for r in _parts([some])] == [None]
    assert [r["problem"] is not None for r in _parts([complete])] == [True]
    fixed = complete.replace("400 万元由", "600 万元由")
    assert [r["problem"] for r in _parts([fixed])] == [None]


def test_counts_listed_per_category_across_a_semicolon_list_and_money_in_another_unit():
    counts = "全市谋划项目{}个，总投资2.5亿元。其中养老项目8个，投资1.6亿元；儿童福利项目3个，投资0.9亿元。"

    def flagged(stated: int) -> dict[str, bool]:
        rows = _parts([counts.format(stated)])
        return {r["printed_text"][-2:]: r["problem"] is not None for r in rows}

    assert flagged(10) == {"0个": True, "亿元": False}  # 8 + 3 projects listed under 10
    assert flagged(11) == {"1个": False, "亿元": False}
    planted = "新建养护楼，总建筑面积 5080.5 平方米。其中1号楼 3000.2 平方米，2号楼 2100.1 平方米。"
    clean = "新建养护楼，总建筑面积 5100.3 平方米。其中1号楼 3000.2 平方米，2号楼 2100.1 平方米。"
    assert [r["problem"] is not None for r in _parts([planted])] == [True]
    assert [r["problem"] is not None for r in _parts([clean])] == [False]


def test_a_wrapped_paragraph_is_read_as_one_text_with_the_lines_of_its_parts():
    lines = ["二、重点项目", "", "项目总投资 3200 万元，其中中央资金 2000", "", "万元、省级资金 1500 万元。"]
    (row,) = _parts(lines)
    assert row["problem"] is not None and (row["source_line"], row["related_source_line"]) == (3, 5)


PER_BED = "（2）湟中区中心敬老院建设项目。新建 120 张床位的敬老院一所，建筑面积 {} 平方米，床均面积 45 平方米，总投资 2000 万元。"


def test_beds_times_area_per_bed_against_the_stated_area():
    found = [r for r in _per_unit([PER_BED.format(4500)]) if r["problem"]]
    assert len(found) == 1 and "5400" in found[0]["problem"]


def test_clean_twin_beds_times_area_per_bed_that_make_the_area_give_nothing():
    rows = _per_unit([PER_BED.format(5400)])
    assert len(rows) == 1 and rows[0]["problem"] is None


def _totals(table_subtotal: float) -> pd.DataFrame:
    columns = ["document_id", "plan_id", "scope", "measure", "stated_value", "computed_value", "tolerance"]
    rows = [
        (DOC, PLAN, "category:社区服务设施项目", "investment_wan_yuan", 4300.0, table_subtotal, 50.0),
        (
            DOC,
            PLAN,
            "category:社区服务设施类项目",
            "investment_wan_yuan",
            table_subtotal,
            table_subtotal,
            0.0,
        ),
        (DOC, PLAN, "all", "investment_wan_yuan", 9000.0, 9000.0, 0.0),
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["source_line"] = [20, 300, 310]
    frame["stated_text"] = ["社区服务设施项目2个，投资0.43亿元", "社区服务设施类项目", "合计"]
    return xc.restated_totals(frame, {PLAN: REGION})


def test_a_total_restated_in_another_unit_that_does_not_round_to_it_is_found():
    found = _findings(_totals(4350.0), "restated_total_conflict")  # 4350 万元 is 0.44亿元 half up
    assert found[["source_line", "related_source_line"]].values.tolist() == [[300, 20]]


def test_clean_twin_a_restated_total_that_rounds_to_it_gives_nothing():
    compared = _totals(4349.0)
    assert len(compared) == 1 and _findings(compared, "restated_total_conflict").empty


def test_clean_twin_a_half_rounded_to_the_even_digit_gives_nothing():
    # GB/T 8170 数值修约: 4450 万元 is 0.445亿元, half up 0.45 and half to even 0.44, so 0.44亿元
    # is an honest printing of it (4350 万元 printed 0.43亿元 is neither: the finding above)
    columns = ["document_id", "plan_id", "scope", "measure", "stated_value", "computed_value", "tolerance"]
    frame = pd.DataFrame(
        [
            (DOC, PLAN, "category:社区服务设施项目", "investment_wan_yuan", 4400.0, 4450.0, 50.0),
            (DOC, PLAN, "category:社区服务设施类项目", "investment_wan_yuan", 4450.0, 4450.0, 0.0),
        ],
        columns=columns,
    )
    frame["source_line"] = [20, 300]
    frame["stated_text"] = ["社区服务设施项目2个，投资0.44亿元", "社区服务设施类项目"]
    compared = xc.restated_totals(frame, {PLAN: REGION})
    assert len(compared) == 1 and _findings(compared, "restated_total_conflict").empty


def test_per_item_figures_are_not_parts():
    text = "新建服务中心4所，总建筑面积 1600 平方米，其中每所建筑面积 400 平方米，每所设床位 20 张。"
    assert _parts([text]) == []


# 5. One project, several mentions --------------------------------------------------------------


def _projects(second_investment: float, second_text: str) -> pd.DataFrame:
    rows = [
        (PLAN, 120, "海东市区域性养老服务中心建设项目", "table_row", 4500.0, "4500", 2026, 2028, 300),
        (PLAN, 260, "海东市区域性养老服务中心", "prose", second_investment, second_text, 2026, 2028, 300),
        (PLAN, 270, "乐都区殡仪馆迁建工程", "prose", 2600.0, "2600万元", 2027, 2029, None),
    ]
    columns = [
        "plan_id",
        "source_line",
        "project_name",
        "source_kind",
        "planned_investment_wan_yuan",
        "investment_text",
        "start_year",
        "end_year",
        "beds",
    ]
    frame = pd.DataFrame(rows, columns=columns).assign(
        document_id=DOC, region_code=REGION, floor_area_m2=None, investment_tolerance_wan=[0.0, 50.0, 0.0]
    )
    return xc.project_mentions(frame)


def test_one_project_with_two_investments_is_found():
    found = _findings(_projects(5400.0, "0.54亿元"), "project_mentions_differ")
    assert found[["source_line", "related_source_line"]].values.tolist() == [[260, 120]]


def test_clean_twin_one_project_with_one_investment_gives_nothing():
    compared = _projects(4500.0, "0.45亿元")
    assert len(compared) == 4 and _findings(compared, "project_mentions_differ").empty


# 6. Targets against achievements ----------------------------------------------------------------


def _targets(lines: list[str]) -> pd.DataFrame:
    plan = "doc_hd-p1"
    layout = xc.PlanLayout({"doc_hd": [(1, plan)]}, {plan: PERIOD}, {plan: "630200"})
    prose = xc.prose_statements(text_claims("doc_hd", lines, PERIOD), layout)
    statements = xc.keyed_statements(prose, _values([]), {plan: "630200"})
    return xc.target_below_achievement(statements, {plan: "630200"}, better_direction)


def _achievement(target: str) -> pd.DataFrame:
    lines = [
        "海东市“十五五”养老服务体系建设规划",
        "一、“十四五”时期发展成效",
        "全市农村互助幸福院覆盖率达到92%，养老护理员持证率达到70%。",
        "二、主要目标",
        f"到2030年，农村互助幸福院覆盖率达到{target}以上。",
    ]
    return _targets(lines)


def test_a_target_below_what_was_already_achieved_is_found():
    found = _findings(_achievement("85%"), "target_below_achievement")
    assert found[["source_line", "related_source_line"]].values.tolist() == [[5, 3]]


def test_clean_twin_a_target_above_the_achievement_gives_nothing():
    compared = _achievement("95%")
    assert len(compared) == 1 and _findings(compared, "target_below_achievement").empty


# 7. Document structure ----------------------------------------------------------------------------

TOC_PLAN = [
    "目  录",
    "第一章 发展基础.....1",
    "第二章 {}.....5",
    "第三章 保障措施.....9",
    "",
    "第一章 发展基础",
    "“十四五”期间，全市建成敬老院12所。",
    "第二章 总体要求和主要目标",
    "到2030年，养老服务体系更加健全。",
    "第三章 保障措施",
    "加强组织领导。",
]


def test_a_toc_entry_worded_otherwise_than_its_heading_is_found():
    lines = [line.format("总体要求和发展目标") for line in TOC_PLAN]
    found = [r for r in _toc(lines) if r["problem"]]
    assert [(r["source_line"], r["related_source_line"]) for r in found] == [(3, 8)]


def test_a_toc_entry_without_any_body_heading_is_found():
    lines = [
        *[line.format("总体要求和主要目标") for line in TOC_PLAN[:4]],
        "第四章 规划实施.....12",
        *TOC_PLAN[4:],
    ]
    found = [r for r in _toc(lines) if r["problem"]]
    assert [(r["source_line"], r["related_source_line"]) for r in found] == [(5, None)]


def test_clean_twin_toc_matching_the_body_gives_nothing():
    rows = _toc([line.format("总体要求和主要目标") for line in TOC_PLAN])
    assert len(rows) == 3 and not any(r["problem"] for r in rows)


SECTION_PLAN = [
    "海东市“十五五”民政事业发展规划",
    "第一章 “{}”期间发展回顾",
    "“十四五”期间，全市养老床位增加到8000张。",
    "“十四五”时期，社区服务设施实现全覆盖。",
    "第二章 主要目标",
    "到2030年，养老服务体系更加健全。",
]


def test_a_heading_naming_another_period_than_its_section_is_found():
    found = [r for r in _section([x.format("十三五") for x in SECTION_PLAN]) if r["problem"]]
    assert [(r["source_line"], r["related_source_line"]) for r in found] == [(2, 3)]


def test_a_tenth_plan_heading_over_a_later_periods_section_is_found():
    lines = ["海东市“十五五”养老服务规划", "（一）“十五”期间养老服务取得的成就", "“十四五”期间，全市建成敬老院12所。",
             "（二）面临的形势", "到2030年，养老服务体系更加健全。"]  # fmt: skip
    found = [r for r in _section(lines) if r["problem"]]
    assert [(r["source_line"], r["related_source_line"]) for r in found] == [(2, 3)]


def test_clean_twin_a_heading_naming_its_sections_period_gives_nothing():
    rows = _section([x.format("十四五") for x in SECTION_PLAN])
    assert rows and not any(r["problem"] for r in rows)


# All clean twins together ----------------------------------------------------------------------


def test_the_clean_twins_of_all_rules_together_give_zero_findings():
    counts = {
        "restatement": len(
            _findings(_restated("到2030年，城市社区助餐点覆盖率达到95%。"), "restatement_conflict")
        ),
        "cross_plan": len(_findings(_two_plans(65.0, "65"), "cross_plan_conflict")),
        "units": len(_findings(_units("12", 12.0, "个"), "unit_against_value")),
        "parts": sum(bool(r["problem"]) for r in _parts([PARTS.format(800)])),
        "per_unit": sum(bool(r["problem"]) for r in _per_unit([PER_BED.format(5400)])),
        "restated_totals": len(_findings(_totals(4349.0), "restated_total_conflict")),
        "parenthesis": sum(
            bool(r["problem"])
            for r in _parts(["设置床位 120 张（原有 40 张，新增 80 张），建筑面积 4800 平方米。"])
        ),
        "area_in_mu": sum(bool(r["problem"]) for r in _mu(["占地 8000 平方米（约 12 亩）。"])),
        "period_years": sum(
            bool(r["problem"]) for r in _years(["“十四五”时期，2021 年至 2025 年共救助 3.2 万人次。"])
        ),
        "projects": len(_findings(_projects(4500.0, "0.45亿元"), "project_mentions_differ")),
        "targets": len(_findings(_achievement("95%"), "target_below_achievement")),
        "toc": sum(
            bool(r["problem"]) for r in _toc([line.format("总体要求和主要目标") for line in TOC_PLAN])
        ),
        "period": sum(bool(r["problem"]) for r in _section([x.format("十四五") for x in SECTION_PLAN])),
    }
    assert counts == dict.fromkeys(counts, 0)


def test_a_parenthetical_breakdown_of_before_and_added_is_complete():
    planted = (
        "改扩建护理院，设置床位 120 张（原有 40 张，新增 70 张），床均面积 40 平方米，建筑面积 4800 平方米。"
    )
    clean = planted.replace("新增 70 张", "新增 80 张")
    assert [r["problem"] is not None for r in _parts([planted])] == [True]
    assert [r["problem"] for r in _parts([clean])] == [None]
    # the breakdown inside the parenthesis is not the count the per-bed area multiplies
    assert [r["problem"] for r in _per_unit([clean])] == [None]


def test_a_subset_in_a_parenthesis_is_no_contradiction():
    text = "全市有社会团体 420 家（其中行业协会 120 家、学术团体 90 家）。"
    assert [r["problem"] for r in _parts([text])] == [None]


def test_a_figure_for_a_window_past_the_period_it_reports_on_is_found():
    planted = "“十四五”时期，全市累计发放救助资金 8.6 亿元，2022 年至 2026 年共救助 3.2 万人次。"
    clean = "“十四五”时期，全市累计发放救助资金 8.6 亿元，2021 年至 2025 年共救助 3.2 万人次。"
    found = [r for r in _years([planted]) if r["problem"]]
    assert [(r["printed_text"], r["related_text"]) for r in found] == [("2022 年至 2026 年", "“十四五”时期")]
    rows = _years([clean])
    assert len(rows) == 1 and rows[0]["problem"] is None


def _achievement_lines(review: str, goal: str) -> pd.DataFrame:
    lines = ["海东市“十五五”养老服务体系建设规划", "一、“十四五”时期发展成效", review, "二、主要目标", goal]
    return _targets(lines)


def test_a_target_put_as_a_comparator_is_read_and_an_institutions_figure_is_not_the_regions():
    goal = "到2030年，全市养老机构入住率始终高于60%，护理型床位占比不低于55%。"
    region = _achievement_lines("全市养老机构入住率达72%，护理型床位占比达到50%。", goal)
    assert _findings(region, "target_below_achievement")["related_text"].tolist() == [
        "全市养老机构入住率达72%"
    ]
    institution = _achievement_lines("市社会福利院完成改造，养老机构入住率达72%。", goal)
    assert institution.empty


def test_an_area_restated_in_mu_that_is_another_area_is_found():
    planted = "新建公墓一处，总用地面积 13340 平方米（合 21 亩）。"
    clean = "新建公墓一处，总用地面积 13340 平方米（合 20 亩），另占地 8000 平方米（约 12 亩）。"
    found = [r for r in _mu([planted]) if r["problem"]]
    assert len(found) == 1 and "20.01 亩" in found[0]["problem"]
    rows = _mu([clean])
    assert len(rows) == 2 and not any(r["problem"] for r in rows)


def test_the_quality_step_reads_the_claims_extraction_landed(sample_warehouse):
    """On the sample plans the cross-checks read stg_text_claims (landed by extraction), which
    holds claims of every kind the text rules compare; none of them is read from the text here."""
    from expectations.warehouse import load_marts

    claims = load_marts(sample_warehouse.warehouse_db)[xc.TEXT_CLAIMS]
    kinds = set(claims["claim_kind"])
    assert {"stated_value", "parts_of_whole", "toc_entry", "section_period"} <= kinds
    assert claims["document_id"].nunique() == 5
    for rule, check in xc.TEXT_RULES.items():
        rows = check(claims)
        assert all(r["source_line"] >= 1 for r in rows), rule
