"""The per-run quality report: one self-contained HTML page people read.

No scripts, no stylesheets or fonts from elsewhere: it renders offline. The chart is an
inline SVG. Written to <quality_dir>/runs/<run_id>.html and copied to latest.html.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from html import escape
from pathlib import Path

from expectations.runner import Finding, QualityRun, SuiteResult
from expectations.suites import ERROR

KIND_COLORS = {
    "keys": "#8e44ad",
    "foreign_keys": "#c0392b",
    "units": "#d35400",
    "totals": "#2980b9",
    "growth": "#16a085",
    "years": "#7f8c8d",
    "targets": "#e84393",
    "values": "#b7950b",
}
KIND_LABELS = {
    "keys": "keys 主键",
    "foreign_keys": "foreign keys 外键",
    "units": "units 单位",
    "totals": "totals 合计",
    "growth": "growth 增速",
    "years": "years 年份",
    "targets": "targets 目标",
    "values": "values 取值",
}
NO_PLAN = "(no plan)"

CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
       "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 24px; color: #222; line-height: 1.45; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ccc; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.meta { color: #555; font-size: 13px; }
.tiles { display: flex; gap: 12px; margin: 14px 0; flex-wrap: wrap; }
.tile { border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.tile b { display: block; font-size: 22px; }
.tile.error b { color: #c0392b; } .tile.warn b { color: #b9770e; } .tile.ok b { color: #1e8449; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 12px; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f4f6f7; }
.sev { font-weight: bold; border-radius: 3px; padding: 0 5px; color: #fff; white-space: nowrap; }
.sev.error { background: #c0392b; } .sev.warn { background: #d68910; } .sev.pass { background: #1e8449; }
.printed { font-size: 13px; } .subject { color: #555; font-size: 12px; }
.line { color: #444; font-size: 12px; max-width: 520px; overflow-wrap: anywhere; }
code { font-size: 12px; }
"""


def _e(value) -> str:
    return "" if value is None else escape(str(value))


def _year(value) -> int | None:
    """A year column as read through pandas: missing is None or NaN (NaN != NaN)."""
    return None if value is None or value != value else int(value)


def _plan_label(plan_id: str, plans: dict[str, dict]) -> str:
    plan = plans.get(plan_id)
    return f"{plan.get('plan_title') or plan_id}" if plan else plan_id


def findings_chart(run: QualityRun, plans: dict[str, dict]) -> str:
    """Inline SVG: one horizontal bar per plan, stacked by kind of finding."""
    counts = run.counts_by_plan_and_kind()
    if not counts:
        return '<p class="meta">No findings: nothing to chart.</p>'
    kinds = [k for k in KIND_COLORS if any(c[k] for c in counts.values())]
    order = sorted(counts, key=lambda p: (p == NO_PLAN, p))
    label_w, bar_w, row_h, top = 330, 520, 28, 10
    most = max(sum(c.values()) for c in counts.values())
    height = top + row_h * len(order) + 24 + 20 * ((len(kinds) + 3) // 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 80}" height="{height}" '
        f'role="img" aria-label="findings by plan and kind" font-size="12">'
    ]
    for i, plan_id in enumerate(order):
        y = top + i * row_h
        label = _plan_label(plan_id, plans)
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{_e(label)}</text>')
        x = label_w
        for kind in kinds:
            n = counts[plan_id][kind]
            if not n:
                continue
            w = max(2.0, bar_w * n / most)
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{KIND_COLORS[kind]}">'
                f"<title>{_e(label)}: {n} {kind}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 17}">{sum(counts[plan_id].values())}</text>')
    legend_top = top + row_h * len(order) + 14
    for i, kind in enumerate(kinds):  # four legend entries a row
        lx, ly = label_w + (i % 4) * 150, legend_top + (i // 4) * 20
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{KIND_COLORS[kind]}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly + 11}">{_e(KIND_LABELS[kind])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _check_rows(suites: list[SuiteResult]) -> str:
    rows = []
    for s in suites:
        if s.passed:
            status = '<span class="sev pass">pass</span>'
        else:
            status = f'<span class="sev {s.severity}">{s.severity}</span>'
        failed = ", ".join(
            f"{o.rule} ({o.unexpected_count if o.unexpected_count is not None else o.observed_value})"
            for o in s.outcomes
            if not o.success
        )
        if s.missing:
            failed = "missing: " + ", ".join(f"marts.{m}" for m in s.missing)
        if s.summary:
            failed = "; ".join(filter(None, [failed, ", ".join(f"{k}: {n}" for k, n in s.summary.items())]))
        rows.append(
            f'<tr class="check" data-suite="{_e(s.name)}"><td><code>marts/{_e(s.mart)}</code></td><td>{_e(s.name)}</td>'
            f"<td>{_e(s.description)}</td><td>{'blocking' if s.has_errors else 'non-blocking'}</td>"
            f"<td>{status}</td><td>{len(s.outcomes)}</td><td>{s.row_count}</td><td>{_e(failed)}</td></tr>"
        )
    return (
        "<table><tr><th>asset</th><th>suite</th><th>what it checks</th><th>check</th><th>result</th>"
        "<th>expectations</th><th>rows</th><th>failed expectations (rows) · row classes</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _finding_row(f: Finding) -> str:
    subject = f'<span class="subject">{_e(f.subject)}</span><br>' if f.subject else ""
    where = f"{f.document_id}:{f.source_line}" if f.source_line is not None else (f.document_id or "")
    return (
        f'<tr class="finding {f.severity}" data-suite="{_e(f.suite)}" data-rule="{_e(f.rule)}" '
        f'data-document="{_e(f.document_id)}" data-line="{_e(f.source_line)}">'
        f'<td><span class="sev {f.severity}">{f.severity}</span></td>'
        f"<td>{_e(KIND_LABELS.get(f.kind, f.kind))}<br><code>{_e(f.suite)}.{_e(f.rule)}</code></td>"
        f'<td><code>{_e(where)}</code></td><td class="printed">{subject}{_e(f.printed_text)}</td>'
        f"<td>{_e(f.detail)}</td>"
        f'<td class="line">{_e(f.line_text)}</td></tr>'
    )


def _findings_table(findings: list[Finding]) -> str:
    findings = sorted(findings, key=lambda f: (f.severity != ERROR, f.suite, f.rule, f.source_line or 0))
    return (
        "<table><tr><th>severity</th><th>kind / rule</th><th>document:line</th><th>printed</th>"
        "<th>finding</th><th>source line as printed</th></tr>"
        + "".join(map(_finding_row, findings))
        + "</table>"
    )


def _plan_sections(run: QualityRun, plans: dict[str, dict]) -> str:
    by_plan: dict[str, list[Finding]] = {}
    for f in run.findings:
        by_plan.setdefault(f.plan_id or NO_PLAN, []).append(f)
    sections = []
    for plan_id in [*plans, *sorted(p for p in by_plan if p not in plans)]:
        findings = by_plan.get(plan_id, [])
        plan = plans.get(plan_id, {})
        severities = Counter(f.severity for f in findings)
        kinds = Counter(f.kind for f in findings)
        summary = ", ".join(f"{n} {KIND_LABELS.get(k, k)}" for k, n in kinds.most_common()) or "no findings"
        period = ""
        start, end = _year(plan.get("period_start_year")), _year(plan.get("period_end_year"))
        if start is not None and end is not None:
            period = f"{start}–{end}"
        sections.append(
            f'<section class="plan" data-plan="{_e(plan_id)}"><h3>{_e(plan.get("plan_title") or plan_id)}</h3>'
            f'<p class="meta"><code>{_e(plan_id)}</code> · document <code>{_e(plan.get("document_id"))}</code>'
            f" · region {_e(plan.get('region_code'))} · period {_e(period)} · "
            f'<span class="sev error">{severities.get("error", 0)} error</span> '
            f'<span class="sev warn">{severities.get("warn", 0)} warn</span> · {_e(summary)}</p>'
            + (_findings_table(findings) if findings else "")
            + "</section>"
        )
    return "".join(sections)


def render_report(run: QualityRun, report_dir: Path | None = None) -> str:
    plans = {str(p["plan_id"]): p for p in run.plans}
    findings = run.findings
    errors = [f for f in findings if f.severity == ERROR]
    failed_checks = [s for s in run.suites if not s.passed]
    docs = ""
    if run.data_docs_index:
        target = os.path.relpath(run.data_docs_index, report_dir) if report_dir else run.data_docs_index
        docs = f' · <a href="{_e(Path(target).as_posix())}">GX Data Docs</a>'
    blocking = [s for s in run.suites if s.severity == ERROR and not s.passed]
    verdict = (
        f"{len(blocking)} blocking check(s) failed: pipeline defects, publishing is held back"
        if blocking
        else "no pipeline defects: the warehouse may be published"
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>质量报告 Quality report {_e(run.run_id)}</title>
<style>{CSS}</style></head>
<body>
<h1>规划数据仓库质量报告 · Plan warehouse quality report</h1>
<p class="meta">run <code id="run-id">{_e(run.run_id)}</code> · checked {_e(run.checked_at.strftime("%Y-%m-%d %H:%M:%S %Z"))}
 · warehouse <code>{_e(run.warehouse_db)}</code>{docs}</p>
<p><b>{_e(verdict)}</b>. <i>error</i> = a defect of the pipeline (blocks publishing);
<i>warn</i> = a finding about the source plan as printed (reported, never blocking).</p>
<div class="tiles">
<div class="tile {"error" if errors else "ok"}"><b id="error-count">{len(errors)}</b>error findings</div>
<div class="tile warn"><b id="warn-count">{len(findings) - len(errors)}</b>warn findings</div>
<div class="tile {"error" if blocking else ("warn" if failed_checks else "ok")}"><b>{len(run.suites) - len(failed_checks)}/{len(run.suites)}</b>checks passed</div>
<div class="tile ok"><b>{len(run.outcomes)}</b>expectations evaluated</div>
<div class="tile ok"><b>{len(run.plans)}</b>plans</div>
</div>
<h2>Findings by plan and kind</h2>
{findings_chart(run, plans)}
<h2>Checks</h2>
{_check_rows(run.suites)}
<h2>Plans</h2>
{_plan_sections(run, plans)}
</body></html>
"""


def _safe_name(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", run_id)


def write_report(run: QualityRun, quality_dir: Path) -> tuple[Path, Path]:
    """(runs/<run_id>.html, latest.html)."""
    runs = Path(quality_dir) / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    page = runs / f"{_safe_name(run.run_id)}.html"
    page.write_text(render_report(run, runs), encoding="utf-8")
    latest = Path(quality_dir) / "latest.html"
    # latest.html sits one level up: same page, links resolved from there
    latest_tmp = latest.with_suffix(".html.tmp")
    latest_tmp.write_text(render_report(run, Path(quality_dir)), encoding="utf-8")
    os.replace(latest_tmp, latest)
    return page, latest
