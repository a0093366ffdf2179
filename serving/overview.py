"""The plan overview page: one static HTML file (inline SVG, no scripts) from the published copy.

Sections: the plans; per region, planned investment of listed projects by policy area
(and the money the text states, from fct_funding); per plan period found in dim_plan, the
target each region sets for its plan's end year, per canonical indicator; per region, which
targets were met (fct_target_attainment: met / missed / no actual by policy area, the binding
约束性 targets first, each judged target with both its lines); reconciliation findings. Periods, years and their names (十四五, 十五五 …) come from the data, never from
the code. A mart missing from the published copy gives a note in its section instead of
failing the page. Markup comes from Jinja2 templates (serving/templates, autoescaped).
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from markupsafe import Markup

from serving.charts import Bar, format_number, horizontal_bar_chart, text_width
from serving.templating import render

MAX_BARS_PER_INDICATOR = 40
FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Zen Hei', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"
COMPARATOR_SIGNS = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<"}
UNCLASSIFIED = "未分类 (unclassified)"
PLAN_TYPE_SHORT = {
    "civil_affairs": "民政",
    "elderly_care": "养老",
    "civil_affairs_and_elderly_care": "民政养老",
}
PERCENT_UNITS = {"%"}
# Outcomes of fct_target_attainment, in the order the page lists them.
OUTCOMES = ("met", "missed", "no_actual", "not_comparable", "conflicting_actuals")
OUTCOME_LABELS = {
    "met": "达成 met",
    "missed": "未达成 missed",
    "no_actual": "暂无实际值 no actual",
    "not_comparable": "不可比 not comparable",
    "conflicting_actuals": "实际值不一致 conflicting",
}
ATTRIBUTE_LABELS = {"binding": "约束性 binding", "expected": "预期性 expected", None: "未标注 not marked"}


@dataclass(frozen=True)
class OverviewStats:
    path: Path
    regions: int
    investment_charts: int
    indicator_charts: int
    reconciliation_rows: int
    missing_marts: list[str]
    attainment_rows: int = 0


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    name: str | None  # 十四五 … from dim_year, None when the warehouse has no name for it

    @property
    def label(self) -> str:
        years = f"{self.start}–{self.end}"
        return f"{self.name} {years}" if self.name else years


def write_overview(published_db: Path, out_path: Path) -> OverviewStats:
    """Render the page from the published copy (opened read-only) and swap it in atomically."""
    with duckdb.connect(str(published_db), read_only=True) as con:
        page = OverviewPage(con, source=published_db)
        html = page.render()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    temp = out_path.with_name(f".{out_path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        temp.write_text(html, encoding="utf-8")
        os.replace(temp, out_path)
    finally:
        temp.unlink(missing_ok=True)
    return OverviewStats(
        path=out_path,
        regions=page.region_count,
        investment_charts=page.investment_charts,
        indicator_charts=page.indicator_charts,
        reconciliation_rows=page.reconciliation_rows,
        missing_marts=sorted(page.missing),
        attainment_rows=page.attainment_rows,
    )


def _value_labels(group: list[dict]) -> list[str]:
    """Region names; with the plan's type where a region has two plans printing the indicator,
    and 正文 where the target is stated in the plan's prose, not in its indicator table."""
    plans = defaultdict(set)
    for v in group:
        plans[v["region_code"]].add(v["plan_id"])
    labels = [
        f"{v['region_name']}·{PLAN_TYPE_SHORT.get(v['plan_type'], v['plan_id'])}"
        if len(plans[v["region_code"]]) > 1
        else v["region_name"]
        for v in group
    ]
    return [
        f"{label}·{PROSE_LABEL}" if v.get("source_kind") == "prose" else label
        for label, v in zip(labels, group, strict=True)
    ]


PROSE_LABEL = "正文"  # a target the plan states in its prose (fct_indicator_values.source_kind 'prose')


def _stated_where(v: dict) -> str:
    return f", stated in prose, line {v['source_line']}" if v.get("source_kind") == "prose" else ""


class OverviewPage:
    """Queries the marts once per section and renders them; counters feed the asset's metadata."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, source: Path | None = None):
        self.con = con
        self.source = source
        self.marts = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        self.missing: set[str] = set()
        self.region_count = 0
        self.investment_charts = 0
        self.indicator_charts = 0
        self.reconciliation_rows = 0
        self.attainment_rows = 0

    def _absent(self, *tables: str) -> str | None:
        """The marts of a section that the published copy lacks, as printed in its note."""
        absent = [t for t in tables if t not in self.marts]
        self.missing.update(absent)
        return ", ".join(f"marts.{t}" for t in absent) or None

    def _rows(self, sql: str, params: list | None = None) -> list[dict]:
        cursor = self.con.execute(sql, params or [])
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def _has_column(self, table: str, column: str) -> bool:
        return bool(
            self.con.execute(
                "select count(*) from information_schema.columns where table_schema = 'marts' "
                "and table_name = ? and column_name = ?",
                [table, column],
            ).fetchone()[0]
        )

    # -- data of the sections ---------------------------------------------------------------

    def periods(self) -> list[Period]:
        """The plan periods of the loaded plans, named from dim_year where it knows them."""
        if "dim_plan" not in self.marts or not self._has_column("dim_plan", "period_end_year"):
            return []
        named = "dim_year" in self.marts and self._has_column("dim_year", "plan_period_name_zh")
        rows = self.con.execute(
            f"""
            select distinct p.period_start_year, p.period_end_year,
                   {"y.plan_period_name_zh" if named else "null"} as name
            from marts.dim_plan p
            {"left join marts.dim_year y on y.year = p.period_end_year" if named else ""}
            where p.period_start_year is not null and p.period_end_year is not null
            order by 1, 2
            """
        ).fetchall()
        return [Period(start, end, name) for start, end, name in rows]

    def summary(self) -> tuple[list[tuple[int, str]], str]:
        counts = []
        for table, label in (
            ("dim_document", "documents"),
            ("dim_plan", "plans"),
            ("dim_region", "regions (with parents)"),
            ("fct_projects", "projects"),
            ("fct_funding", "funding amounts"),
            ("fct_indicator_values", "indicator values"),
        ):
            if table in self.marts:
                counts.append((self.con.execute(f"select count(*) from marts.{table}").fetchone()[0], label))
        published_at = None
        meta = self.con.execute(
            "select count(*) from information_schema.tables where table_schema = 'meta' and table_name = 'publication'"
        ).fetchone()[0]
        if meta:
            published_at = self.con.execute("select max(published_at) from meta.publication").fetchone()[0]
        return counts, f"published {published_at:%Y-%m-%d %H:%M} UTC" if published_at else ""

    def plans(self) -> dict:
        if missing := self._absent("dim_plan", "dim_region"):
            return {"missing": missing}
        has_period = self._has_column("dim_plan", "period_end_year")
        rows = self._rows(
            f"""
            select coalesce(r.region_name, p.region_code, '?') as region_name, r.province_name,
                   p.plan_title, p.plan_type, p.issuer, p.document_number, p.issued_date, p.plan_id,
                   p.document_id,
                   {"p.period_start_year || '–' || p.period_end_year" if has_period else "null"} as period
            from marts.dim_plan p left join marts.dim_region r using (region_code)
            order by r.province_code nulls last, p.region_code nulls last, p.plan_id
            """
        )
        self.region_count = len({r["region_name"] for r in rows})
        # A plan's attachments (a project table published as its own file) are listed under it;
        # files no plan claims are listed on their own.
        attachments: dict[str, list[str]] = {}
        standalone: list[str] = []
        if self._has_column("dim_document", "document_role"):
            for doc in self._rows(
                "select d.source_path, d.document_role, m.document_id as main_document_id "
                "from marts.dim_document d left join marts.dim_document m on m.document_id = d.main_document_id "
                "where d.document_role in ('attachment', 'standalone') order by d.source_path"
            ):
                if doc["document_role"] == "attachment":
                    attachments.setdefault(doc["main_document_id"], []).append(doc["source_path"])
                else:
                    standalone.append(doc["source_path"])
        for row in rows:
            row["attachments"] = attachments.get(row["document_id"], [])
        return {"plans": rows, "standalone": standalone}

    def investment(self) -> dict:
        if missing := self._absent("fct_projects", "dim_region", "dim_policy_area"):
            return {"missing": missing}
        # A project listed in two plans of one file is counted once.
        projects = self._rows(
            f"""
            select p.region_code, coalesce(r.region_name, p.region_code, '?') as region_name,
                   coalesce(a.name_zh, '{UNCLASSIFIED}') as area,
                   sum(p.planned_investment_wan_yuan)::double as investment,
                   count(*) as projects, count(p.planned_investment_wan_yuan) as priced
            from marts.fct_projects p
            left join marts.dim_region r using (region_code)
            left join marts.dim_policy_area a using (policy_area_code)
            where p.is_first_listing
            group by all
            order by region_name, investment desc nulls last, projects desc, area
            """
        )
        funding: dict[str, list[dict]] = {}
        if not self._absent("fct_funding"):
            for row in self._rows(
                f"""
                select f.region_code, f.funding_kind, coalesce(a.name_zh, '{UNCLASSIFIED}') as area,
                       sum(f.amount_wan_yuan)::double as amount, count(*) as amounts
                from marts.fct_funding f left join marts.dim_policy_area a using (policy_area_code)
                where f.project_id is null
                group by all
                order by f.region_code, f.funding_kind, amount desc
                """
            ):
                funding.setdefault(row["region_code"], []).append(
                    row | {"amount": format_number(row["amount"], 4)}
                )
        by_region: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in projects:
            by_region[(row["region_code"], row["region_name"])].append(row)
        for code in funding:
            if not any(key[0] == code for key in by_region):
                by_region[(code, self._region_name(code))] = []
        label_width = min(260.0, max((text_width(r["area"]) for r in projects), default=0) + 12)
        regions = []
        for i, ((code, name), rows) in enumerate(
            sorted(by_region.items(), key=lambda kv: (kv[0][1], kv[0][0] or ""))
        ):
            priced = any(r["priced"] for r in rows)
            # a plan that lists projects without amounts still shows where its projects are
            bars = [
                Bar(
                    label=r["area"],
                    value=(r["investment"] or 0.0) if priced else r["projects"],
                    annotation=f"{format_number(r['investment'])} 万元 · {r['projects']} 项"
                    if priced
                    else f"{r['projects']} 项",
                    tooltip=f"{name} · {r['area']}: {format_number(r['investment'])} 万元, "
                    f"{r['projects']} projects ({r['priced']} with an amount)",
                )
                for r in rows
            ]
            measure = "项目计划投资 (万元)" if priced else "项目数 (no amounts printed)"
            chart = horizontal_bar_chart(
                bars, title=f"{name}: {measure} by policy area", color_index=i, label_width=label_width
            )
            self.investment_charts += bool(chart)
            regions.append(
                {
                    "code": code,
                    "name": name,
                    "projects": sum(r["projects"] for r in rows),
                    "priced": priced,
                    "total": format_number(sum(r["investment"] or 0 for r in rows)),
                    "chart": chart,
                    "funding": funding.get(code, []),
                }
            )
        return {"regions": regions}

    def _region_name(self, code: str | None) -> str:
        row = self.con.execute(
            "select region_name from marts.dim_region where region_code = ?", [code]
        ).fetchone()
        return row[0] if row else (code or "?")

    def indicators(self, periods: list[Period]) -> dict:
        if missing := self._absent("fct_indicator_values", "dim_indicator", "dim_plan"):
            return {"missing": missing}
        # each plan's targets for its own end year, whatever the period: a table's, and those
        # a plan states only in its prose (source_kind 'prose')
        rows = self._rows(
            """
            select p.period_end_year as target_year, i.canonical_indicator_id, i.canonical_name_zh,
                   coalesce(v.unit, i.unit, '') as unit, v.region_code,
                   coalesce(r.region_name, v.region_code, '?') as region_name,
                   v.comparator, v.value_numeric, v.value_text, v.plan_id, p.plan_type,
                   v.source_kind, v.source_line
            from marts.fct_indicator_values v
            join marts.dim_indicator i using (canonical_indicator_id)
            join marts.dim_plan p on p.plan_id = v.plan_id
            left join marts.dim_region r on r.region_code = v.region_code
            where v.value_kind = 'target' and v.year = p.period_end_year
            order by target_year, i.canonical_name_zh, region_name, v.plan_id, v.source_line
            """
        )
        by_year: dict[int, list[dict]] = defaultdict(list)
        for row in rows:
            by_year[row["target_year"]].append(row)
        labels = {period.end: period.label for period in periods}
        return {
            "target_years": [
                {"year": year, "label": labels.get(year, str(year)), "indicators": self._targets(year_rows)}
                for year, year_rows in sorted(by_year.items())
            ]
        }

    def _targets(self, rows: list[dict]) -> list[dict]:
        """One chart per canonical indicator: the target each region sets."""
        groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        for row in rows:
            groups[(row["canonical_indicator_id"], row["canonical_name_zh"], row["unit"])].append(row)
        # indicators set by the most regions first: those are the comparable ones
        ordered = sorted(groups.items(), key=lambda kv: (-len({r["region_code"] for r in kv[1]}), kv[0][1]))
        labelled = {key: list(zip(_value_labels(values), values, strict=True)) for key, values in ordered}
        label_width = min(
            260.0, max(text_width(label) for pairs in labelled.values() for label, _ in pairs) + 12
        )
        out = []
        for i, ((indicator_id, name, unit), group) in enumerate(ordered):
            pairs = labelled[(indicator_id, name, unit)]
            numeric = [(label, v) for label, v in pairs if v["value_numeric"] is not None]
            bars = [
                Bar(
                    label=label,
                    value=v["value_numeric"],
                    annotation=f"{COMPARATOR_SIGNS.get(v['comparator'] or '=', '')}"
                    f"{format_number(v['value_numeric'], 3)}{unit}",
                    tooltip=f"{label}: {v['value_text'] or ''} ({v['plan_id']}{_stated_where(v)})",
                )
                for label, v in numeric[:MAX_BARS_PER_INDICATOR]
            ]
            chart = horizontal_bar_chart(
                bars,
                title=f"{name} ({unit}) {group[0]['target_year']} targets",
                color_index=i,
                scale_max=100.0 if unit in PERCENT_UNITS else None,
                label_width=label_width,
            )
            self.indicator_charts += bool(chart)
            out.append(
                {
                    "id": indicator_id,
                    "name": name,
                    "unit": unit,
                    "chart": chart,
                    "more": max(0, len(numeric) - MAX_BARS_PER_INDICATOR),
                    "prose": sum(v.get("source_kind") == "prose" for v in group),
                    "texts": [
                        (label, v["value_text"] or "") for label, v in pairs if v["value_numeric"] is None
                    ],
                }
            )
        return out

    def attainment(self) -> dict:
        """Per region: outcome counts by attribute (约束性 first) and policy area, and every target
        judged against an actual (met, missed, not comparable, conflicting) with both lines. A
        review table's restatement of a target whose own plan is loaded counts once, as that plan's."""
        if missing := self._absent("fct_target_attainment", "dim_region", "dim_policy_area"):
            return {"missing": missing}
        rows = self._rows(
            f"""
            select a.region_code, coalesce(r.region_name, a.region_code, '?') as region_name,
                   coalesce(pa.name_zh, '{UNCLASSIFIED}') as area, a.attribute, a.outcome,
                   a.indicator_name, a.target_year, a.target_value_text, a.unit, a.actual_value,
                   a.actual_value_text, a.actual_unit, a.gap, a.gap_share_of_distance,
                   a.target_document_id, a.target_source_line, a.actual_document_id,
                   a.actual_source_line, a.actual_values_reported
            from marts.fct_target_attainment a
            left join marts.dim_region r using (region_code)
            left join marts.dim_policy_area pa using (policy_area_code)
            where not coalesce(a.is_restatement, false)
            order by region_name, a.region_code, a.attribute = 'binding' desc nulls last,
                     a.attribute nulls last, area, a.target_year, a.indicator_name, a.target_source_line
            """
        )
        self.attainment_rows = len(rows)
        regions: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in rows:
            regions[(row["region_code"], row["region_name"])].append(row)
        out = []
        for (code, name), region_rows in regions.items():
            counts: dict[tuple, dict[str, int]] = {}
            for row in region_rows:
                key = (ATTRIBUTE_LABELS.get(row["attribute"], row["attribute"]), row["area"])
                counts.setdefault(key, dict.fromkeys(OUTCOMES, 0))[row["outcome"]] += 1
            judged = [
                row
                | {
                    "outcome_label": OUTCOME_LABELS.get(row["outcome"], row["outcome"]),
                    "attribute_label": ATTRIBUTE_LABELS.get(row["attribute"], row["attribute"]),
                    "actual": format_number(row["actual_value"], 4)
                    if row["actual_value"] is not None
                    else (row["actual_values_reported"] or ""),
                    "gap_text": "" if row["gap"] is None else format_number(row["gap"], 4),
                    "share": ""
                    if row["gap_share_of_distance"] is None
                    else f"{row['gap_share_of_distance']:.0%}",
                }
                for row in region_rows
                if row["outcome"] != "no_actual"
            ]
            out.append(
                {
                    "code": code,
                    "name": name,
                    "targets": len(region_rows),
                    "met": sum(r["outcome"] == "met" for r in region_rows),
                    "binding": sum(r["attribute"] == "binding" for r in region_rows),
                    "binding_met": sum(
                        r["attribute"] == "binding" and r["outcome"] == "met" for r in region_rows
                    ),
                    "counts": [
                        {"attribute": attribute, "area": area, **by_outcome}
                        for (attribute, area), by_outcome in counts.items()
                    ],
                    "judged": judged,
                }
            )
        return {"attainment": out, "outcomes": [(o, OUTCOME_LABELS[o]) for o in OUTCOMES]}

    def reconciliation(self) -> dict:
        if missing := self._absent("rpt_reconciliation"):
            return {"missing": missing}
        rows = self._rows(
            """
            select coalesce(r.region_name, c.region_code, '?') as region_name, c.plan_id, c.scope, c.measure,
                   c.stated_value::double as stated_value, c.computed_value::double as computed_value,
                   c.difference::double as difference, c.tolerance::double as tolerance, c.status, c.source_line
            from marts.rpt_reconciliation c left join marts.dim_region r using (region_code)
            order by c.status = 'match', region_name, c.plan_id, c.measure, c.scope
            """
        )
        self.reconciliation_rows = len(rows)
        printed = [
            r
            | {
                "stated": format_number(r["stated_value"]),
                "computed": format_number(r["computed_value"]),
                "difference": format_number(r["difference"]),
                "tolerance": format_number(r["tolerance"]),
            }
            for r in rows
        ]
        return {"reconciliation": printed, "mismatches": sum(r["status"] == "mismatch" for r in rows)}

    def breakdowns(self) -> dict:
        """Each table that breaks a plan's figures down by its sub-regions (a prefecture's
        per-county targets), as printed: one row per sub-region, one column per header."""
        if self._absent("fct_region_breakdown", "dim_region"):
            return {"breakdowns": []}
        rows = self._rows(
            """
            select b.plan_id, coalesce(p.region_name, b.plan_region_code) as plan_region_name,
                   b.table_seq, b.table_title, b.row_idx, b.col_idx, b.column_header,
                   b.region_code, coalesce(r.region_name, b.row_label) as region_name,
                   b.value_numeric::double as value_numeric, b.value_text, b.source_line
            from marts.fct_region_breakdown b
            left join marts.dim_region r on r.region_code = b.region_code
            left join marts.dim_region p on p.region_code = b.plan_region_code
            order by b.plan_id, b.table_seq, b.row_idx, b.col_idx
            """
        )
        tables: dict[tuple, dict] = {}
        for r in rows:
            table = tables.setdefault(
                (r["plan_id"], r["table_seq"]),
                {
                    "plan_id": r["plan_id"],
                    "plan_region_name": r["plan_region_name"],
                    "title": r["table_title"] or f"表{r['table_seq']}",
                    "columns": {},
                    "rows": {},
                },
            )
            table["columns"].setdefault(r["col_idx"], r["column_header"] or "")
            row = table["rows"].setdefault(
                r["row_idx"],
                {
                    "region_name": r["region_name"],
                    "region_code": r["region_code"],
                    "line": r["source_line"],
                    "cells": {},
                },
            )
            row["cells"][r["col_idx"]] = format_number(r["value_numeric"])
        out = []
        for table in tables.values():
            columns = sorted(table["columns"])
            out.append(
                table
                | {
                    "headers": [table["columns"][c] for c in columns],
                    "rows": [
                        row | {"values": [row["cells"].get(c, "") for c in columns]}
                        for _, row in sorted(table["rows"].items())
                    ],
                }
            )
        return {"breakdowns": out}

    # -- page -------------------------------------------------------------------------------

    def render(self) -> str:
        periods = self.periods()
        target_years = ", ".join(f"{end}年" for end in sorted({p.end for p in periods})) or "规划期末"
        sections = [
            ("plans", "规划 Plans", self.plans()),
            ("investment", "计划投资 Planned investment by region and policy area", self.investment()),
            ("indicators", f"{target_years}目标 Indicator targets across regions", self.indicators(periods)),
            ("attainment", "目标完成情况 Did regions meet their targets?", self.attainment()),
            ("reconciliation", "核对 Reconciliation findings", self.reconciliation()),
        ]
        breakdowns = self.breakdowns()
        if breakdowns["breakdowns"]:  # only when a plan breaks its figures down by sub-region
            sections.insert(3, ("breakdowns", "分区域 Breakdowns by sub-region", breakdowns))
        context: dict = {}
        for _, _, data in sections:
            context.update({k: v for k, v in data.items() if k != "missing"})
        counts, stamp = self.summary()
        return render(
            "overview.html.j2",
            font_family=Markup(FONT_FAMILY),  # a constant: its quotes stay CSS quotes
            periods=periods,
            source=self.source.name if self.source else None,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            counts=counts,
            stamp=stamp,
            sections=[
                {
                    "key": key,
                    "title": title,
                    "missing": data.get("missing"),
                    "template": f"overview_{key}.html.j2",
                }
                for key, title, data in sections
            ],
            **context,
        )
