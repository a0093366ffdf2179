"""The per-run quality report: one self-contained HTML page people read.

Rendered from the Jinja2 template `templates/report.html.j2` with autoescaping on, so any
text a plan prints lands on the page as text. No scripts, no stylesheets or fonts from
elsewhere: it renders offline. The chart is an inline SVG. Findings are grouped per plan;
a finding that sets one statement against another shows both lines side by side. A last
section lists what the extractors did not read (marts.rpt_unread_lines) per document with
its read coverage. Written to <quality_dir>/runs/<run_id>.html and copied to latest.html.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections import Counter
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

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
    "restatement": "#1f618d",
    "cross_plan": "#6c3483",
    "parts": "#117864",
    "projects": "#a04000",
    "structure": "#566573",
    "reading": "#34495e",
    "spans": "#1e8449",
    "attainment": "#0e6655",
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
    "restatement": "restatement 前后表述",
    "cross_plan": "cross-plan 规划之间",
    "parts": "parts 分项与总数",
    "projects": "projects 项目多处表述",
    "structure": "structure 目录与结构",
    "reading": "not read 未读取",
    "spans": "spans 原文位置",
    "attainment": "attainment 目标完成",
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
table.findings td.side { width: 28%; background: #fbfcfc; }
table.findings tr.two-sided td.side { background: #fef9e7; }
table.findings tr.two-sided td.side.other { background: #eaf2f8; }
.sev { font-weight: bold; border-radius: 3px; padding: 0 5px; color: #fff; white-space: nowrap; }
.sev.error { background: #c0392b; } .sev.warn { background: #d68910; } .sev.pass { background: #1e8449; }
.printed { font-size: 13px; font-weight: 600; } .subject { color: #555; font-size: 12px; }
.carried { color: #666; font-size: 0.85em; font-style: italic; }
.line { color: #444; font-size: 12px; max-width: 520px; overflow-wrap: anywhere; }
mark { background: #f9e79f; color: #222; }
code { font-size: 12px; }
"""

_ENVIRONMENT = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,  # every printed text is data, never markup
    trim_blocks=True,
    lstrip_blocks=True,
)


def _offset(value) -> int | None:
    """An integer column (a year, a character offset) as read through pandas: missing is None
    or NaN (NaN != NaN); None for anything that is no number."""
    try:
        return None if value is None or value != value else int(value)
    except (TypeError, ValueError):
        return None


def _year(value) -> int | None:
    """A year column as read through pandas: missing is None or NaN (NaN != NaN)."""
    return _offset(value)


LINE_WINDOW = 90  # characters of a long source line shown on each side of the printed phrase


def around(line: str | None, phrase: str | None, width: int = LINE_WINDOW) -> Markup:
    """The part of a long source line around the phrase a finding is about, the phrase marked:
    a reader sees the disagreeing words without reading a 500-character paragraph."""
    if not line:
        return Markup("")
    at = _find(line, phrase)
    return at_span(line, *at, width=width) if at else at_span(line, None, None, width=width)


def at_span(line: str | None, start, end, width: int = LINE_WINDOW) -> Markup:
    """The part of a long source line around characters start–end (0-based, end exclusive;
    e.g. the span of an unread number in rpt_unread_lines), those characters marked; the line
    (cut to 2 × width) unmarked when there is no span."""
    if not line:
        return Markup("")
    start, end = _offset(start), _offset(end)
    if start is None or end is None or not 0 <= start < end <= len(line):
        shown = line if len(line) <= 2 * width else line[: 2 * width] + "…"
        return escape(shown)
    head = escape(line[max(0, start - width) : start])
    tail = escape(line[end : end + width])
    # concatenated, not Markup.format: this runs for every finding of every plan
    return Markup(
        f"{'…' if start > width else ''}{head}<mark>{escape(line[start:end])}</mark>{tail}"
        f"{'…' if end + width < len(line) else ''}"
    )


def _find(line: str, phrase: str | None) -> tuple[int, int] | None:
    """Where `phrase` (or its longest tail that occurs) stands in `line`, ignoring spacing."""
    if not phrase:
        return None
    for size in range(len(phrase), 3, -1):
        piece = phrase[-size:].strip()
        at = line.find(piece)
        if at >= 0 and piece:
            return at, at + len(piece)
    return None


_ENVIRONMENT.filters["around"] = around
_ENVIRONMENT.filters["at_span"] = at_span


def _plan_label(plan_id: str, plans: dict[str, dict]) -> str:
    plan = plans.get(plan_id)
    return f"{plan.get('plan_title') or plan_id}" if plan else plan_id


def findings_chart(run: QualityRun, plans: dict[str, dict]) -> dict | None:
    """Geometry of the inline SVG: one horizontal bar per plan, stacked by kind of finding."""
    counts = run.counts_by_plan_and_kind()
    if not counts:
        return None
    kinds = [k for k in KIND_COLORS if any(c[k] for c in counts.values())]
    order = sorted(counts, key=lambda p: (p == NO_PLAN, p))
    label_w, bar_w, row_h, top = 330, 520, 28, 10
    most = max(sum(c.values()) for c in counts.values())
    rows = []
    for i, plan_id in enumerate(order):
        x, bars = float(label_w), []
        label = _plan_label(plan_id, plans)
        for kind in kinds:
            n = counts[plan_id][kind]
            if n:
                w = max(2.0, bar_w * n / most)
                bars.append({"x": x, "w": w, "n": n, "kind": kind, "color": KIND_COLORS[kind]})
                x += w
        rows.append(
            {
                "y": top + i * row_h,
                "label": label,
                "bars": bars,
                "end": x,
                "total": sum(counts[plan_id].values()),
            }
        )
    legend_top = top + row_h * len(order) + 14
    legend = [  # four entries a row
        {
            "x": label_w + (i % 4) * 150,
            "y": legend_top + (i // 4) * 20,
            "color": KIND_COLORS[kind],
            "label": KIND_LABELS[kind],
        }
        for i, kind in enumerate(kinds)
    ]
    return {
        "width": label_w + bar_w + 80,
        "height": top + row_h * len(order) + 24 + 20 * ((len(kinds) + 3) // 4),
        "label_w": label_w,
        "row_h": row_h,
        "rows": rows,
        "legend": legend,
    }


def _check_rows(suites: list[SuiteResult]) -> list[dict]:
    rows = []
    for s in suites:
        failed = ", ".join(
            f"{o.rule} ({o.unexpected_count if o.unexpected_count is not None else o.observed_value})"
            for o in s.outcomes
            if not o.success
        )
        if s.missing:
            failed = "missing: " + ", ".join(s.missing)
        if s.summary:
            failed = "; ".join(filter(None, [failed, ", ".join(f"{k}: {n}" for k, n in s.summary.items())]))
        rows.append(
            {
                "name": s.name,
                "mart": s.mart,
                "description": s.description,
                "has_errors": s.has_errors,
                "status": "pass" if s.passed else s.severity,
                "expectations": len(s.outcomes),
                "rows": s.row_count,
                "failed": failed,
            }
        )
    return rows


def _finding_order(f: Finding) -> tuple:
    """Errors first, then by kind, line and rule; the rest only makes the order total (the
    same findings give the same section, which the next report may reuse)."""
    return (
        f.severity != ERROR, f.kind, f.source_line or 0, f.rule, f.suite, f.related_document_id or "",
        f.related_source_line or 0, f.printed_text or "", f.detail or "", f.value or "",
    )  # fmt: skip


def _plan_sections(run: QualityRun, plans: dict[str, dict]) -> list[dict]:
    by_plan: dict[str, list[Finding]] = {}
    for f in run.findings:
        by_plan.setdefault(f.plan_id or NO_PLAN, []).append(f)
    sections = []
    for plan_id in [*plans, *sorted(p for p in by_plan if p not in plans)]:
        findings = sorted(by_plan.get(plan_id, []), key=_finding_order)
        plan = plans.get(plan_id, {})
        kinds = Counter(f.kind for f in findings)
        period = ""
        start, end = _year(plan.get("period_start_year")), _year(plan.get("period_end_year"))
        if start is not None and end is not None:
            period = f"{start}–{end}"
        sections.append(
            {
                "plan_id": plan_id,
                "title": plan.get("plan_title") or plan_id,
                "document_id": plan.get("document_id"),
                "region_code": plan.get("region_code"),
                "period": period,
                "errors": sum(f.severity == ERROR for f in findings),
                "warns": sum(f.severity != ERROR for f in findings),
                "summary": ", ".join(f"{n} {KIND_LABELS.get(k, k)}" for k, n in kinds.most_common())
                or "no findings",
                "findings": findings,
            }
        )
    return sections


def _coverage(value) -> str:
    return "not measured" if value is None else f"{float(value):.1%}"


def _unread_sections(run: QualityRun) -> list[dict] | None:
    """Per document: its read coverage and the lines not read (None when the mart was not built)."""
    if run.unread_lines is None:
        return None
    by_document: dict[str, list[dict]] = {}
    for row in run.unread_lines:
        by_document.setdefault(str(row.get("document_id")), []).append(row)
    documents = {str(d["document_id"]): d for d in run.documents}
    sections = []
    for document_id in [*documents, *sorted(d for d in by_document if d not in documents)]:
        doc = documents.get(document_id, {})
        rows = sorted(
            by_document.get(document_id, []),
            key=lambda r: (
                r.get("source_line") or 0,
                _offset(r.get("span_start")) or 0,
                str(r.get("reason")),
            ),
        )
        sections.append(
            {
                "document_id": document_id,
                "label": doc.get("source_path") or document_id,
                "coverage": _coverage(doc.get("read_coverage")),
                "rows": rows,
            }
        )
    return sections


DOCS_HREF_SLOT = "plan-warehouse-data-docs-href"  # filled in per page by write_report
SECTION_CACHE = "report_sections"  # a folder in the quality folder, beside latest.html
RUN_PAGES_KEPT = 50  # runs/<run_id>.html pages kept (the audit tables keep every run's results)


class SectionCache:
    """The HTML of each plan's and each document's section of the last report, by what it shows.

    A run after one edited plan re-checks that plan and carries every other plan's findings
    over unchanged, yet the page shows them all (tens of thousands of findings at 1,000
    plans): a section whose content is the same as last time is taken as rendered then.
    One file per section, named by a digest of the section's data, in a folder named by a
    digest of the code that renders it (this module and its templates): a changed finding,
    plan or template renders it again. Only a speed-up: the page is the same either way.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = folder / _RENDER_CODE if folder is not None else None
        self.used: set[str] = set()
        self.rendered = 0

    def section(self, template: str, name: str, data: dict, **context) -> Markup:
        key = hashlib.blake2b(f"{template}\0{data!r}".encode(), digest_size=16).hexdigest()
        self.used.add(key)
        stored = self.folder / f"{key}.html" if self.folder is not None else None
        if stored is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                return Markup(stored.read_text(encoding="utf-8"))
        html = _ENVIRONMENT.get_template(template).render({name: data, **context})
        self.rendered += 1
        if stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            tmp = stored.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(html, encoding="utf-8")
            os.replace(tmp, stored)
        return Markup(html)

    def keep_used_only(self) -> None:
        """Drop the sections this page did not show, and every other code version's folder."""
        if self.folder is None or not self.folder.parent.exists():
            return
        for other in self.folder.parent.iterdir():
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        if self.folder.exists():
            for stored in self.folder.iterdir():
                if stored.stem not in self.used:
                    stored.unlink(missing_ok=True)


def _render_code() -> str:
    """Digest of what turns a section's data into HTML: this module and its templates."""
    digest = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16)
    for template in sorted((Path(__file__).parent / "templates").glob("*.j2")):
        digest.update(template.read_bytes())
    return digest.hexdigest()


_RENDER_CODE = _render_code()


def render_report(
    run: QualityRun,
    report_dir: Path | None = None,
    docs_href: str | None = None,
    cache: SectionCache | None = None,
) -> str:
    """The page; its Data Docs link is relative to report_dir (docs_href: the link as given).

    cache: sections rendered for an earlier page (write_report keeps one in the quality folder).
    """
    cache = cache or SectionCache()
    plans = {str(p["plan_id"]): p for p in run.plans}
    findings = run.findings
    errors = sum(f.severity == ERROR for f in findings)
    failed_checks = [s for s in run.suites if not s.passed]
    if docs_href is None and run.data_docs_index:
        docs_href = _docs_href(run, report_dir) if report_dir else Path(run.data_docs_index).as_posix()
    blocking = [s for s in run.suites if s.severity == ERROR and not s.passed]
    verdict = (
        f"{len(blocking)} blocking check(s) failed: pipeline defects, publishing is held back"
        if blocking
        else "no pipeline defects: the warehouse may be published"
    )
    unread = _unread_sections(run)
    return _ENVIRONMENT.get_template("report.html.j2").render(
        run=run,
        css=CSS,
        docs_href=docs_href,
        verdict=verdict,
        error_count=errors,
        warn_count=len(findings) - errors,
        blocking=bool(blocking),
        failed_checks=len(failed_checks),
        chart=findings_chart(run, plans),
        checks=_check_rows(run.suites),
        plan_sections=[
            cache.section("plan_section.html.j2", "plan", plan, kind_labels=KIND_LABELS)
            for plan in _plan_sections(run, plans)
        ],
        unread=unread,
        unread_sections=[cache.section("unread_section.html.j2", "doc", doc) for doc in unread or []],
    )


def _safe_name(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", run_id)


def _docs_href(run: QualityRun, page_dir: Path) -> str:
    return Path(os.path.relpath(run.data_docs_index, page_dir)).as_posix() if run.data_docs_index else ""


def write_report(run: QualityRun, quality_dir: Path) -> tuple[Path, Path]:
    """(runs/<run_id>.html, latest.html)."""
    runs = Path(quality_dir) / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    page = runs / f"{_safe_name(run.run_id)}.html"
    latest = Path(quality_dir) / "latest.html"
    # The two pages differ only in the Data Docs link, which is relative to each page's folder
    # (latest.html sits one level up): rendered once (seconds for thousands of findings), with
    # a slot for the link that each copy fills in.
    cache = SectionCache(Path(quality_dir) / SECTION_CACHE)
    html = render_report(run, docs_href=DOCS_HREF_SLOT if run.data_docs_index else None, cache=cache)
    page.write_text(html.replace(DOCS_HREF_SLOT, str(escape(_docs_href(run, runs)))), encoding="utf-8")
    latest_tmp = latest.with_suffix(".html.tmp")
    latest_tmp.write_text(
        html.replace(DOCS_HREF_SLOT, str(escape(_docs_href(run, Path(quality_dir))))), encoding="utf-8"
    )
    os.replace(latest_tmp, latest)
    cache.keep_used_only()
    _prune_run_pages(runs, keep=RUN_PAGES_KEPT)
    return page, latest


def _prune_run_pages(runs: Path, keep: int) -> None:
    """Each page holds every open finding (megabytes at a thousand plans), one per run: a
    watched folder would fill the disk. The newest `keep` stay."""
    pages = sorted(runs.glob("*.html"), key=lambda p: p.stat().st_mtime, reverse=True)
    for page in pages[keep:]:
        with contextlib.suppress(FileNotFoundError):
            page.unlink()
