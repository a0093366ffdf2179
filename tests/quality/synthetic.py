"""A small synthetic warehouse (marts, raw.document_lines, the text claims extraction reads and the
unit seed) with optional injected defects.

The plan is made up (a county 城关区 of 兰州市, 甘肃省) and printed in a wording of its
own; its source-plan quirks are deliberate: a target below its baseline, a growth that
matches no reading, a project ending in "202" and a stated project count the list does
not reach. Those are `warn` findings. `DEFECTS` are pipeline defects (`error`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pandas as pd

from tests.contracts import contract_columns
from tests.quality.claims import text_claims

UNIT_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "unit_vocabulary.csv"

DOC = "synth_a"
PLAN = "synth_a-p1"
REGION = "620102"

DEFECTS = ("money_in_yuan", "duplicate_fact", "broken_fk")

LINES = {
    3: "城关区“十四五”养老服务和民政事业发展规划",
    20: "1 护理型床位占比(%) 40 ≥55 37.5 约束性",
    21: "2 社区养老服务设施覆盖率(%) 80 70 — 预期性",
    22: "3 社会组织数量(个) 120 150 10 预期性",
    40: "（一）区综合养老服务中心，新建，建设年限2021—2023年，计划投资3500万元。",
    41: "（二）区殡仪馆改扩建工程，改扩建，建设年限2022—2025年，计划投资0.6亿元。",
    42: "（三）街道社区日间照料中心，新建，建设年限2021-202，计划投资400万元。",
    43: "街道综合养老服务站 新建 2023—2025 床位60张 520万元",
    50: "“十四五”期间全区共谋划项目4个，总投资0.99亿元。",
}


def _frames() -> dict[str, pd.DataFrame]:
    plan = {"plan_id": PLAN, "document_id": DOC, "region_code": REGION}
    dims = {
        "dim_region": pd.DataFrame(
            [
                ("620000", "甘肃省", "province", None, "620000", "甘肃省"),
                ("620100", "兰州市", "prefecture", "620000", "620000", "甘肃省"),
                (REGION, "城关区", "county", "620100", "620000", "甘肃省"),
            ],
            columns=[
                "region_code",
                "region_name",
                "region_level",
                "parent_region_code",
                "province_code",
                "province_name",
            ],
        ),
        "dim_document": pd.DataFrame(
            [(DOC, "synth_a.txt", "0" * 64, "utf-8", 1000, 60, REGION, pd.Timestamp("2026-01-01"))],
            columns=[
                "document_id",
                "source_path",
                "content_sha256",
                "encoding",
                "char_count",
                "line_count",
                "region_code",
                "loaded_at",
            ],
        ),
        "dim_plan": pd.DataFrame(
            [
                {
                    **plan,
                    "plan_title": LINES[3],
                    "plan_type": "civil_affairs_and_elderly_care",
                    "issuer": "城关区人民政府",
                    "document_number": None,
                    "issued_date": None,
                    "period_start_year": 2021,
                    "period_end_year": 2025,
                    "source_line": 3,
                }
            ]
        ),
        "dim_policy_area": pd.DataFrame(
            [
                ("elderly_care", "养老服务", "Elderly care"),
                ("social_organizations", "社会组织", "Social organizations"),
                ("funeral_services", "殡葬", "Funeral services"),
            ],
            columns=["policy_area_code", "name_zh", "name_en"],
        ),
        "dim_indicator": pd.DataFrame(
            [
                ("nursing_bed_share", "护理型床位占比", "%", "elderly_care"),
                ("community_care_coverage", "社区养老服务设施覆盖率", "%", "elderly_care"),
                ("social_org_count", "社会组织数量", "个", "social_organizations"),
            ],
            columns=["canonical_indicator_id", "canonical_name_zh", "unit", "policy_area_code"],
        ),
    }

    def iv(i, name, cid, area, unit, year, kind, comparator, number, text, line):
        return {
            "indicator_value_id": f"{PLAN}-iv{i}",
            **plan,
            "table_title": "主要指标",
            "row_seq": str(line - 19),
            "indicator_group": None,
            "indicator_name": name,
            "canonical_indicator_id": cid,
            "policy_area_code": area,
            "unit": unit,
            "unit_raw": unit,
            "year": year,
            "value_kind": kind,
            "comparator": comparator,
            "value_numeric": number,
            "value_text": text,
            "attribute": "expected",
            "source_line": line,
            "table_seq": 1,
        }

    values = [
        iv(
            1,
            "护理型床位占比(%)",
            "nursing_bed_share",
            "elderly_care",
            "%",
            2020,
            "actual",
            "=",
            40.0,
            "40",
            20,
        ),
        iv(
            2,
            "护理型床位占比(%)",
            "nursing_bed_share",
            "elderly_care",
            "%",
            2025,
            "target",
            ">=",
            55.0,
            "≥55",
            20,
        ),
        iv(
            3,
            "护理型床位占比(%)",
            "nursing_bed_share",
            "elderly_care",
            "%",
            2025,
            "growth",
            "=",
            37.5,
            "37.5",
            20,
        ),
        iv(
            4,
            "社区养老服务设施覆盖率(%)",
            "community_care_coverage",
            "elderly_care",
            "%",
            2020,
            "actual",
            "=",
            80.0,
            "80",
            21,
        ),
        iv(
            5,
            "社区养老服务设施覆盖率(%)",
            "community_care_coverage",
            "elderly_care",
            "%",
            2025,
            "target",
            "=",
            70.0,
            "70",
            21,
        ),
        iv(
            6,
            "社会组织数量(个)",
            "social_org_count",
            "social_organizations",
            "个",
            2020,
            "actual",
            "=",
            120.0,
            "120",
            22,
        ),
        iv(
            7,
            "社会组织数量(个)",
            "social_org_count",
            "social_organizations",
            "个",
            2025,
            "target",
            "=",
            150.0,
            "150",
            22,
        ),
        iv(
            8,
            "社会组织数量(个)",
            "social_org_count",
            "social_organizations",
            "%",
            2025,
            "growth",
            "=",
            10.0,
            "10",
            22,
        ),
    ]

    def project(i, name, category, ctype, ctype_zh, start, end, years_text, wan, text, line, area):
        return {
            "project_id": f"{PLAN}-pr{i}",
            **plan,
            "project_name": name,
            "category": category,
            "row_seq": f"（{i}）",
            "source_kind": "prose",
            "policy_area_code": area,
            "construction_type": ctype,
            "construction_type_zh": ctype_zh,
            "start_year": start,
            "end_year": end,
            "planned_investment_wan_yuan": wan,
            "beds": None,
            "floor_area_m2": None,
            "source_line": line,
            "years_text": years_text,
            "investment_text": text,
        }

    projects = [
        project(
            1,
            "区综合养老服务中心",
            "重点项目",
            "new",
            "新建",
            2021,
            2023,
            "2021—2023",
            3500.0,
            "3500万元",
            40,
            "elderly_care",
        ),
        project(
            2,
            "区殡仪馆改扩建工程",
            "重点项目",
            "renovation_expansion",
            "改扩建",
            2022,
            2025,
            "2022—2025",
            6000.0,
            "0.6亿元",
            41,
            "funeral_services",
        ),
        project(
            3,
            "街道社区日间照料中心",
            "重点项目",
            "new",
            "新建",
            2021,
            202,
            "2021-202",
            400.0,
            "400万元",
            42,
            "elderly_care",
        ),
    ]

    def funding(i, wan, text, kind, project_id, line, source_text):
        return {
            "funding_id": f"{PLAN}-fu{i}",
            **plan,
            "amount_wan_yuan": wan,
            "funding_kind": kind,
            "source_of_funds": None,
            "project_id": project_id,
            "period_start_year": 2021,
            "period_end_year": 2025,
            "policy_area_code": None,
            "source_text": source_text,
            "source_line": line,
            "amount_text": text,
        }

    funding_rows = [
        funding(1, 3500.0, "3500万元", "planned_investment", f"{PLAN}-pr1", 40, "计划投资3500万元"),
        funding(2, 6000.0, "0.6亿元", "planned_investment", f"{PLAN}-pr2", 41, "计划投资0.6亿元"),
        funding(3, 400.0, "400万元", "planned_investment", f"{PLAN}-pr3", 42, "计划投资400万元"),
        funding(4, 9900.0, "0.99亿元", "planned_investment", None, 50, "总投资0.99亿元"),
    ]

    def reconciliation(i, measure, stated, computed, tolerance, text):
        difference = computed - stated
        return {
            "reconciliation_id": f"{PLAN}-rc{i}",
            "document_id": DOC,
            "plan_id": PLAN,
            "region_code": REGION,
            "scope": "all",
            "measure": measure,
            "stated_value": stated,
            "computed_value": computed,
            "difference": difference,
            "tolerance": tolerance,
            "status": "match" if abs(difference) <= tolerance else "mismatch",
            "source_line": 50,
            "stated_text": text,
        }

    recon = [
        reconciliation(1, "project_count", 4.0, 3.0, 0.0, "全区共谋划项目4个"),
        reconciliation(2, "investment_wan_yuan", 9900.0, 9900.0, 50.0, "总投资0.99亿元"),
    ]
    # one plan: no other plan reports an actual for its targets yet
    attainment = [
        {
            "target_attainment_id": f"{v['indicator_value_id']}-ta",
            "region_code": REGION,
            "canonical_indicator_id": v["canonical_indicator_id"],
            "indicator_name": v["indicator_name"],
            "target_indicator_value_id": v["indicator_value_id"],
            "target_plan_id": PLAN,
            "target_year": v["year"],
            "target_value": v["value_numeric"],
            "target_comparator": v["comparator"],
            "unit": v["unit"],
            "attribute": v["attribute"],
            "outcome": "no_actual",
            "target_document_id": DOC,
            "target_source_line": v["source_line"],
            "target_value_text": v["value_text"],
            "policy_area_code": v["policy_area_code"],
            "direction": "higher",
            "direction_source": "default",
            "actual_count": 0,
        }
        for v in values
        if v["value_kind"] == "target"
    ]
    return {
        **dims,
        "fct_target_attainment": pd.DataFrame(attainment),
        "fct_indicator_values": _spanned(pd.DataFrame(values), "value_text"),
        "fct_projects": _spanned(pd.DataFrame(projects), "project_name"),
        "fct_funding": _spanned(pd.DataFrame(funding_rows), "amount_text"),
        "rpt_reconciliation": pd.DataFrame(recon),
        # the fourth project is printed in a layout the extractors missed (the count says 4)
        "rpt_unread_lines": pd.DataFrame(
            [
                {
                    "unread_line_id": f"{DOC}-l000043-unread_project_section_line",
                    **plan,
                    "source_line": 43,
                    "source_page": None,
                    "reason": "unread_project_section_line",
                    "line_text": LINES[43],
                    "unit_numbers": 2,
                    "span_start": LINES[43].index("60张"),  # the first number nobody read
                    "span_end": LINES[43].index("60张") + 2,
                }
            ]
        ),
    }


def _spanned(frame: pd.DataFrame, printed: str) -> pd.DataFrame:
    """span_start/span_end of each row's printed text on its line, found left to right."""
    cursor: dict[int, int] = {}
    starts, ends = [], []
    for line_no, text in zip(frame["source_line"], frame[printed], strict=True):
        start = LINES[line_no].index(text, cursor.get(line_no, 0))
        cursor[line_no] = start + len(text)
        starts.append(start)
        ends.append(start + len(text))
    return frame.assign(span_start=starts, span_end=ends)


# Defects built on request only (not in DEFECTS): a fact's span one character off its value.
SPAN_DEFECTS = ("span_off_by_one",)


def inject(frames: dict[str, pd.DataFrame], defect: str) -> None:
    if defect == "money_in_yuan":  # 3500万元 stored without dividing 元 by 10,000
        p = frames["fct_projects"]
        p.loc[0, ["planned_investment_wan_yuan", "investment_text"]] = [35_000_000.0, "35000000元"]
    elif defect == "duplicate_fact":
        v = frames["fct_indicator_values"]
        frames["fct_indicator_values"] = pd.concat([v, v.iloc[[0]]], ignore_index=True)
    elif defect == "span_off_by_one":  # "40" of line 20 stored as the span of " 4"
        v = frames["fct_indicator_values"]
        v.loc[0, ["span_start", "span_end"]] = [v.loc[0, "span_start"] - 1, v.loc[0, "span_end"] - 1]
    elif defect == "broken_fk":
        frames["fct_funding"].loc[3, "plan_id"] = f"{DOC}-p9"
    else:
        raise ValueError(defect)


def _create_mart(con, name: str, frame: pd.DataFrame) -> None:
    """marts.<name> with exactly the contract's columns and types; the stand-in's rows fill
    the columns it knows, every other contract column is NULL. A stand-in column the
    contract lacks is an error: the stand-in would test a column the mart does not have."""
    columns = contract_columns(name)
    unknown = sorted(set(frame.columns) - {c for c, _ in columns})
    if unknown:
        raise ValueError(f"stand-in marts.{name} has columns its dbt contract lacks: {unknown}")
    con.execute(f"create or replace table marts.{name} (" + ", ".join(f'"{c}" {t}' for c, t in columns) + ")")
    con.register("frame", frame)
    con.execute(f"insert into marts.{name} by name select * from frame")
    con.unregister("frame")


def build_warehouse(path: Path, defects: tuple[str, ...] = ()) -> Path:
    frames = _frames()
    for defect in defects:
        inject(frames, defect)
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts; create schema if not exists raw")
        for name, frame in frames.items():
            _create_mart(con, name, frame)
        lines = pd.DataFrame(
            [(DOC, n, t) for n, t in LINES.items()], columns=["document_id", "line_no", "text"]
        )
        con.register("lines", lines)
        con.execute("create or replace table raw.document_lines as select * from lines")
        # what extraction reads in the text (the cross-checks' input) and the units seed
        text = [LINES.get(n, "") for n in range(1, max(LINES) + 1)]
        claims = text_claims(DOC, text, (2021, 2025), frames["fct_indicator_values"], PLAN)
        con.register("claims", claims)
        con.execute("create schema if not exists staging; create schema if not exists reference")
        con.execute("create or replace table staging.stg_text_claims as select * from claims")
        con.execute(
            "create or replace table reference.unit_vocabulary as "
            f"select * from read_csv('{UNIT_SEED}', header = true, all_varchar = true)"
        )
        _create_staging(con)
    return path


def _create_staging(con) -> None:
    """The staging models the statement checks read (staging.stg_list_items, stg_printed_dates,
    stg_title_mentions), as extraction reads the stand-in's lines (no date, list or quote)."""
    from ingestion.blocks import segment_blocks
    from ingestion.claims_lists import list_items
    from ingestion.model import ListItem, PrintedDate, TitleMention
    from ingestion.printed_dates import printed_dates
    from ingestion.title_mentions import quoted_titles

    text = [LINES.get(n, "") for n in range(1, max(LINES) + 1)]
    con.execute("create schema if not exists staging")
    for name, row_type, rows in (
        ("stg_list_items", ListItem, list_items(text, segment_blocks(text), [])),
        ("stg_printed_dates", PrintedDate, printed_dates(text)),
        ("stg_title_mentions", TitleMention, quoted_titles(text)),
    ):
        columns = ["document_id", "plan_id", *(f.name for f in dataclasses.fields(row_type))]
        frame = pd.DataFrame(
            [{"document_id": DOC, "plan_id": PLAN, **dataclasses.asdict(r)} for r in rows], columns=columns
        )
        con.register("frame", frame)
        con.execute(f"create or replace table staging.{name} as select * from frame")
        con.unregister("frame")
