"""The plan overview page: one static HTML file (inline SVG, no scripts) from the published copy.

Sections: the plans; per region, planned investment of listed projects by policy area
(and the money the text states, from fct_funding); per canonical indicator, the target
each region sets for the plan's end year; reconciliation findings. A mart missing from
the published copy gives a note in its section instead of failing the page.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import duckdb

from serving.charts import Bar, format_number, horizontal_bar_chart, text_width

TARGET_YEAR = 2025
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


@dataclass(frozen=True)
class OverviewStats:
    path: Path
    regions: int
    investment_charts: int
    indicator_charts: int
    reconciliation_rows: int
    missing_marts: list[str]


def write_overview(published_db: Path, out_path: Path, *, target_year: int = TARGET_YEAR) -> OverviewStats:
    """Render the page from the published copy (opened read-only) and swap it in atomically."""
    with duckdb.connect(str(published_db), read_only=True) as con:
        page = OverviewPage(con, target_year=target_year, source=published_db)
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
    )


def _value_labels(group: list[dict]) -> list[str]:
    """Region names; with the plan's type where a region has two plans printing the indicator."""
    plans = defaultdict(set)
    for v in group:
        plans[v["region_code"]].add(v["plan_id"])
    return [
        f"{v['region_name']}·{PLAN_TYPE_SHORT.get(v['plan_type'], v['plan_id'])}"
        if len(plans[v["region_code"]]) > 1
        else v["region_name"]
        for v in group
    ]


class OverviewPage:
    """Queries the marts once per section and renders them; counters feed the asset's metadata."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, *, target_year: int = TARGET_YEAR, source: Path | None = None
    ):
        self.con = con
        self.target_year = target_year
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

    def _has(self, *tables: str) -> bool:
        absent = [t for t in tables if t not in self.marts]
        self.missing.update(absent)
        return not absent

    def _missing_note(self, *tables: str) -> str:
        names = ", ".join(f"marts.{t}" for t in tables if t not in self.marts)
        return f'<p class="note">Not available: {escape(names)} is not in the published copy.</p>'

    def _rows(self, sql: str, params: list | None = None) -> list[dict]:
        cursor = self.con.execute(sql, params or [])
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    # -- sections ---------------------------------------------------------------------------

    def summary(self) -> str:
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
                n = self.con.execute(f"select count(*) from marts.{table}").fetchone()[0]
                counts.append(f"<li><b>{n:,}</b> {label}</li>")
        published_at = None
        meta = self.con.execute(
            "select count(*) from information_schema.tables where table_schema = 'meta' and table_name = 'publication'"
        ).fetchone()[0]
        if meta:
            published_at = self.con.execute("select max(published_at) from meta.publication").fetchone()[0]
        stamp = f"published {published_at:%Y-%m-%d %H:%M} UTC" if published_at else ""
        return f'<ul class="counts">{"".join(counts)}</ul><p class="note">{escape(stamp)}</p>'

    def plans(self) -> str:
        if not self._has("dim_plan", "dim_region"):
            return self._missing_note("dim_plan", "dim_region")
        rows = self._rows(
            """
            select coalesce(r.region_name, p.region_code, '?') as region_name, r.province_name,
                   p.plan_title, p.plan_type, p.issuer, p.document_number, p.issued_date, p.plan_id
            from marts.dim_plan p left join marts.dim_region r using (region_code)
            order by r.province_code nulls last, p.region_code nulls last, p.plan_id
            """
        )
        self.region_count = len({r["region_name"] for r in rows})
        body = "".join(
            "<tr>"
            f"<td>{escape(r['region_name'])}</td><td>{escape(r['province_name'] or '')}</td>"
            f"<td>{escape(r['plan_title'] or '')}</td><td>{escape(r['plan_type'] or '')}</td>"
            f"<td>{escape(r['issuer'] or '')}</td><td>{escape(r['document_number'] or '')}</td>"
            f"<td>{r['issued_date'] or ''}</td><td class='id'>{escape(r['plan_id'])}</td>"
            "</tr>"
            for r in rows
        )
        return (
            "<table><thead><tr><th>地区 Region</th><th>省 Province</th><th>规划 Plan</th><th>Type</th>"
            "<th>发文机关 Issuer</th><th>文号</th><th>Issued</th><th>plan_id</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def investment(self) -> str:
        if not self._has("fct_projects", "dim_region", "dim_policy_area"):
            return self._missing_note("fct_projects", "dim_region", "dim_policy_area")
        # A project listed in two plans of one file is counted once (contract extension column).
        first_listing_only = (
            "where p.is_first_listing"
            if self.con.execute(
                "select count(*) from information_schema.columns where table_schema = 'marts' "
                "and table_name = 'fct_projects' and column_name = 'is_first_listing'"
            ).fetchone()[0]
            else ""
        )
        projects = self._rows(
            f"""
            select p.region_code, coalesce(r.region_name, p.region_code, '?') as region_name,
                   coalesce(a.name_zh, '{UNCLASSIFIED}') as area,
                   sum(p.planned_investment_wan_yuan)::double as investment,
                   count(*) as projects, count(p.planned_investment_wan_yuan) as priced
            from marts.fct_projects p
            left join marts.dim_region r using (region_code)
            left join marts.dim_policy_area a using (policy_area_code)
            {first_listing_only}
            group by all
            order by region_name, investment desc nulls last, projects desc, area
            """
        )
        funding = {}
        if "fct_funding" in self.marts:
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
                funding.setdefault(row["region_code"], []).append(row)
        else:
            self.missing.add("fct_funding")
        by_region: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in projects:
            by_region[(row["region_code"], row["region_name"])].append(row)
        for code in funding:
            if not any(key[0] == code for key in by_region):
                by_region[(code, self._region_name(code))] = []
        if not by_region:
            return '<p class="note">No projects are listed in the loaded plans.</p>'
        label_width = min(260.0, max((text_width(r["area"]) for r in projects), default=0) + 12)
        out = []
        for i, ((code, name), rows) in enumerate(
            sorted(by_region.items(), key=lambda kv: (kv[0][1], kv[0][0] or ""))
        ):
            total = sum(r["investment"] or 0 for r in rows)
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
            if chart:
                self.investment_charts += 1
            out.append(
                f'<section class="region" id="region-{escape(code or "unknown")}"><h3>{escape(name)} '
                f'<span class="code">{escape(code or "")}</span></h3>'
                f'<p class="note">Listed projects: {sum(r["projects"] for r in rows)}, '
                f"planned investment {format_number(total) if priced else 'not printed'}"
                f"{' 万元' if priced else '; bars count projects'}</p>"
                f"{chart}{self._funding_table(funding.get(code, []))}</section>"
            )
        return "".join(out)

    def _region_name(self, code: str | None) -> str:
        row = self.con.execute(
            "select region_name from marts.dim_region where region_code = ?", [code]
        ).fetchone()
        return row[0] if row else (code or "?")

    @staticmethod
    def _funding_table(rows: list[dict]) -> str:
        if not rows:
            return ""
        body = "".join(
            f"<tr><td>{escape(r['funding_kind'] or '')}</td><td>{escape(r['area'])}</td>"
            f"<td class='num'>{format_number(r['amount'], 4)}</td><td class='num'>{r['amounts']}</td></tr>"
            for r in rows
        )
        return (
            '<table class="funding"><caption>Amounts stated in the text (not tied to a listed project), '
            "marts.fct_funding</caption><thead><tr><th>funding_kind</th><th>Policy area</th>"
            f"<th>万元</th><th>amounts</th></tr></thead><tbody>{body}</tbody></table>"
        )

    def indicators(self) -> str:
        if not self._has("fct_indicator_values", "dim_indicator", "dim_plan"):
            return self._missing_note("fct_indicator_values", "dim_indicator", "dim_plan")
        rows = self._rows(
            """
            select i.canonical_indicator_id, i.canonical_name_zh,
                   coalesce(v.unit, i.unit, '') as unit, v.region_code,
                   coalesce(r.region_name, v.region_code, '?') as region_name,
                   v.comparator, v.value_numeric, v.value_text, v.plan_id, p.plan_type
            from marts.fct_indicator_values v
            join marts.dim_indicator i using (canonical_indicator_id)
            left join marts.dim_region r on r.region_code = v.region_code
            left join marts.dim_plan p on p.plan_id = v.plan_id
            where v.value_kind = 'target' and v.year = ?
            order by i.canonical_name_zh, region_name, v.plan_id, v.source_line
            """,
            [self.target_year],
        )
        groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        for row in rows:
            groups[(row["canonical_indicator_id"], row["canonical_name_zh"], row["unit"])].append(row)
        if not groups:
            return f'<p class="note">No {self.target_year} targets in the loaded plans.</p>'
        # indicators set by the most regions first: those are the comparable ones
        ordered = sorted(groups.items(), key=lambda kv: (-len({r["region_code"] for r in kv[1]}), kv[0][1]))
        labelled = {key: list(zip(_value_labels(values), values, strict=True)) for key, values in ordered}
        label_width = min(
            260.0, max(text_width(label) for pairs in labelled.values() for label, _ in pairs) + 12
        )
        out = []
        for i, ((indicator_id, name, unit), _) in enumerate(ordered):
            pairs = labelled[(indicator_id, name, unit)]
            numeric = [(label, v) for label, v in pairs if v["value_numeric"] is not None]
            textual = [(label, v) for label, v in pairs if v["value_numeric"] is None]
            bars = [
                Bar(
                    label=label,
                    value=v["value_numeric"],
                    annotation=f"{COMPARATOR_SIGNS.get(v['comparator'] or '=', '')}"
                    f"{format_number(v['value_numeric'], 3)}{unit}",
                    tooltip=f"{label}: {v['value_text'] or ''} ({v['plan_id']})",
                )
                for label, v in numeric[:MAX_BARS_PER_INDICATOR]
            ]
            chart = horizontal_bar_chart(
                bars,
                title=f"{name} ({unit}) {self.target_year} targets",
                color_index=i,
                scale_max=100.0 if unit in PERCENT_UNITS else None,
                label_width=label_width,
            )
            if chart:
                self.indicator_charts += 1
            more = (
                f'<p class="note">… and {len(numeric) - MAX_BARS_PER_INDICATOR} more regions.</p>'
                if len(numeric) > MAX_BARS_PER_INDICATOR
                else ""
            )
            texts = "".join(
                f"<li>{escape(label)}: {escape(v['value_text'] or '')}</li>" for label, v in textual
            )
            out.append(
                f'<section class="indicator"><h3>{escape(name)} <span class="code">{escape(unit)} · '
                f"{escape(indicator_id)}</span></h3>{chart}{more}"
                f"{f'<ul class=qualitative>{texts}</ul>' if texts else ''}</section>"
            )
        return "".join(out)

    def reconciliation(self) -> str:
        if not self._has("rpt_reconciliation"):
            return self._missing_note("rpt_reconciliation")
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
        if not rows:
            return '<p class="note">No plan states a total or count to reconcile.</p>'
        mismatches = sum(r["status"] == "mismatch" for r in rows)
        body = "".join(
            f"<tr class='{escape(r['status'] or '')}'><td>{escape(r['region_name'])}</td>"
            f"<td class='id'>{escape(r['plan_id'] or '')}</td><td>{escape(r['scope'] or '')}</td>"
            f"<td>{escape(r['measure'] or '')}</td><td class='num'>{format_number(r['stated_value'])}</td>"
            f"<td class='num'>{format_number(r['computed_value'])}</td>"
            f"<td class='num'>{format_number(r['difference'])}</td><td class='num'>±{format_number(r['tolerance'])}</td>"
            f"<td>{escape(r['status'] or '')}</td><td class='num'>{r['source_line'] or ''}</td></tr>"
            for r in rows
        )
        return (
            f'<p class="note">{mismatches} mismatch(es) of {len(rows)} stated totals. A mismatch is a finding '
            "about the source document: the plan's own rows do not add up to what it states.</p>"
            "<table><thead><tr><th>Region</th><th>plan_id</th><th>scope</th><th>measure</th><th>stated</th>"
            "<th>computed</th><th>difference</th><th>tolerance</th><th>status</th><th>line</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    # -- page -------------------------------------------------------------------------------

    def render(self) -> str:
        sections = [
            ("plans", "规划 Plans", self.plans()),
            ("investment", "计划投资 Planned investment by region and policy area", self.investment()),
            ("indicators", f"{self.target_year}年目标 Indicator targets across regions", self.indicators()),
            ("reconciliation", "核对 Reconciliation findings", self.reconciliation()),
        ]
        nav = "".join(f'<a href="#{key}">{escape(title)}</a>' for key, title, _ in sections)
        body = "".join(
            f'<section id="{key}"><h2>{escape(title)}</h2>{html}</section>' for key, title, html in sections
        )
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        source = f"from {escape(self.source.name)} · " if self.source else ""
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>十四五规划概览 · Plan overview</title>
<style>
body {{ font-family: {FONT_FAMILY}; margin: 0 auto; max-width: 1100px; padding: 0 1rem 3rem; color: #1d2430; }}
svg.chart text {{ font-family: {FONT_FAMILY}; font-size: 13px; fill: #1d2430; }}
nav a {{ margin-right: 1rem; }}
h1 {{ margin-bottom: .2rem; }}
h2 {{ border-bottom: 2px solid #d9dee5; padding-bottom: .2rem; margin-top: 2.2rem; }}
h3 {{ margin: 1.4rem 0 .4rem; }}
.code, .id {{ color: #667; font-size: .8em; font-weight: normal; }}
.note {{ color: #556; font-size: .9em; }}
ul.counts {{ display: flex; flex-wrap: wrap; gap: 1.5rem; list-style: none; padding: 0; }}
table {{ border-collapse: collapse; margin: .6rem 0; font-size: .88em; }}
th, td {{ border: 1px solid #d9dee5; padding: .25rem .5rem; text-align: left; vertical-align: top; }}
th {{ background: #f1f4f8; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.mismatch td {{ background: #fdecec; }}
tr.match td {{ background: #eef8ef; }}
caption {{ text-align: left; color: #556; font-size: .9em; }}
</style>
</head>
<body>
<h1>十四五民政事业与养老服务规划概览</h1>
<p class="note">Plan overview {source}generated {generated}. Every number traces back to a plan line
(source_line) in the published warehouse.</p>
{self.summary()}
<nav>{nav}</nav>
{body}
</body>
</html>
"""
