"""The converter matrix: invented plans as structured content, published as DOCX (python-docx)
and HTML (Jinja2), printed to PDF by Chromium and by LibreOffice, turned back into text by
programs nobody here wrote, then degraded the way copied text is.

Each family of the plans is one MatrixPlan: the content (indicator rows with their printed
values, project items with amounts, years and beds), the Plan written from it, and the fact
rows the content says extraction must give. The expectation is built from the content's
meaning (numbers, comparators, years), never from the parser under test.

Conversions are cached on disk by the hash of their input and the converter, so a matrix of
plans x converters x degradations converts each plan once per converter.

`python -m tests.formats.matrix [CACHE_DIR]` prints the pass rate per converter and per
degradation (the figures in the issue's closing note).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.formats.plans import CHROMIUM, CHROMIUM_PDF_ARGS, Plan, Table, render_html, write_docx
from tests.ingestion.layouts.content import KNOWN_ROWS, IndicatorRow, Value

# Content ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorContent:
    row: IndicatorRow
    values: tuple[tuple[int, str, Value], ...]  # (year, kind, value) per printed value column
    group: str | None = None


@dataclass(frozen=True)
class ProjectContent:
    name: str
    content: str  # 建设内容 as printed
    start_year: int
    end_year: int
    investment_wan: float
    beds: int | None
    central_wan: float | None = None  # 其中：中央预算内投资


PROJECTS = (
    ProjectContent(
        "某某县中心敬老院改扩建项目", "新增床位120张，建筑面积4500平方米", 2026, 2027, 3200, 120, 1500
    ),
    ProjectContent(
        "某某县殡仪馆火化设施建设项目", "新建火化车间800平方米，购置火化炉2台", 2026, 2028, 1500, None, 800
    ),
    ProjectContent(
        "某某镇综合养老服务中心", "设置床位60张，配套日间照料、助餐服务设施", 2027, 2029, 980, 60, 400
    ),
    ProjectContent(
        "某某县智慧养老信息平台建设项目", "建设覆盖全县的智慧养老信息平台", 2028, 2030, 600, None, 300
    ),
)


@dataclass(frozen=True)
class FundingContent:
    """One amount of a project's funding column: the project, the source its header names."""

    project: str
    source_of_funds: str | None  # central | provincial | ... (None: the header names several levels)
    amount_wan: float


@dataclass(frozen=True)
class MatrixPlan:
    family: str
    plan: Plan
    indicators: tuple[IndicatorContent, ...]
    projects: tuple[ProjectContent, ...]
    funding: tuple[FundingContent, ...] = ()  # the amounts of the projects' funding columns


def expected_indicator_rows(mp: MatrixPlan) -> list[tuple]:
    """(name, year, kind, comparator, number, unit, attribute) per printed value."""
    return [
        (i.row.name, year, kind, v.comparator, v.number, i.row.unit, i.row.attribute)
        for i in mp.indicators
        for year, kind, v in i.values
        if v.number is not None
    ]


def expected_project_rows(mp: MatrixPlan) -> list[tuple]:
    """(name, start, end, 万元, beds) per project."""
    return [(p.name, p.start_year, p.end_year, float(p.investment_wan), p.beds) for p in mp.projects]


def expected_funding_rows(mp: MatrixPlan) -> list[tuple]:
    """(project name, 'funding_source', source of funds, 万元) per amount of a funding column."""
    return [(f.project, "funding_source", f.source_of_funds, float(f.amount_wan)) for f in mp.funding]


TITLE = "某某县“十五五”养老服务体系建设规划"
BASE, TARGET = 2025, 2030


def _two_values(row: IndicatorRow) -> tuple[tuple[int, str, Value], ...]:
    return ((BASE, "actual", row.baseline), (TARGET, "target", row.target))


def _years(p: ProjectContent) -> str:
    return f"{p.start_year}-{p.end_year}" if p.end_year != p.start_year else str(p.start_year)


def _mark(v: Value) -> str:
    return "-" if v.number is None else v.printed


def _prose(mp_blocks: list) -> list:
    return [
        "某某县民政局",
        "2026年3月",
        "第一章 发展基础",
        "“十四五”期间，全县养老服务体系不断完善。",
        "第二章 发展目标",
        *mp_blocks,
        "第四章 保障措施",
        "加强组织领导，落实工作责任。",
    ]


def _basic() -> MatrixPlan:
    rows = KNOWN_ROWS[:6]
    indicator = Table(
        caption="表1 “十五五”养老服务发展主要指标",
        grid=[
            ["序号", "指标名称", "单位", f"{BASE}年基期值", f"{TARGET}年目标值", "属性"],
            *[
                [str(k), r.name, r.unit, _mark(r.baseline), _mark(r.target), r.attribute]
                for k, r in enumerate(rows, 1)
            ],
        ],
    )
    projects = PROJECTS[:3]
    project = Table(
        caption="表2 “十五五”重点建设项目表",
        grid=[
            ["序号", "项目名称", "建设年限", "建设内容", "计划总投资（万元）"],
            *[
                [str(k), p.name, _years(p), p.content, f"{p.investment_wan:g}"]
                for k, p in enumerate(projects, 1)
            ],
        ],
    )
    blocks = _prose([indicator, "第三章 重点项目", project])
    return MatrixPlan(
        "basic",
        Plan("matrix_basic", TITLE, blocks),
        tuple(IndicatorContent(r, _two_values(r)) for r in rows),
        projects,
    )


YEARLY_ROWS = (
    (KNOWN_ROWS[2], ("36.5", "37", "38", "39", "39.5", "40")),
    (KNOWN_ROWS[3], ("90", "92", "94", "96", "98", "100")),
    (KNOWN_ROWS[5], ("2", "2", "3", "3", "4", "4")),
)


def _yearly() -> MatrixPlan:
    years = list(range(BASE, TARGET + 1))
    table = Table(
        caption="表1 “十五五”养老服务主要指标年度目标",
        grid=[
            ["序号", "指标名称", "单位", *[f"{y}年" for y in years], "属性"],
            *[[str(k), r.name, r.unit, *vals, r.attribute] for k, (r, vals) in enumerate(YEARLY_ROWS, 1)],
        ],
    )
    content = tuple(
        IndicatorContent(
            r,
            tuple(
                (y, "actual" if y == BASE else "target", Value(v, "=", float(v)))
                for y, v in zip(years, vals, strict=True)
            ),
        )
        for r, vals in YEARLY_ROWS
    )
    return MatrixPlan("yearly_columns", Plan("matrix_yearly", TITLE, _prose([table])), content, ())


def _merged_group() -> MatrixPlan:
    groups = (("养老服务", KNOWN_ROWS[0:3]), ("社会事务", KNOWN_ROWS[9:12]))
    grid = [["类别", "序号", "指标名称", "单位", f"{BASE}年", f"{TARGET}年", "属性"]]
    content = []
    k = 0
    for label, rows in groups:
        for n, r in enumerate(rows):
            k += 1
            grid.append(
                [
                    label if n == 0 else "^",
                    str(k),
                    r.name,
                    r.unit,
                    _mark(r.baseline),
                    _mark(r.target),
                    r.attribute,
                ]
            )
            content.append(IndicatorContent(r, _two_values(r), label))
    table = Table(caption="表1 “十五五”民政事业发展主要指标", grid=grid)
    return MatrixPlan("merged_group", Plan("matrix_merged", TITLE, _prose([table])), tuple(content), ())


def _header_unit_funding() -> MatrixPlan:
    projects = PROJECTS
    table = Table(
        caption="表3 “十五五”养老服务重点项目",
        grid=[
            ["序号", "项目名称", "建设内容", "建设年限", "总投资（亿元）", "其中：中央预算内投资（亿元）"],
            *[
                [
                    str(k),
                    p.name,
                    p.content,
                    _years(p),
                    f"{p.investment_wan / 10000:g}",
                    f"{p.central_wan / 10000:g}",
                ]
                for k, p in enumerate(projects, 1)
            ],
        ],
    )
    blocks = _prose(["第三章 重点项目", table])
    # the column's header names 中央预算内投资: central money, a part of the project's total
    funding = tuple(FundingContent(p.name, "central", p.central_wan) for p in projects)
    return MatrixPlan("header_unit_funding", Plan("matrix_money", TITLE, blocks), (), projects, funding)


def _labelled_records() -> MatrixPlan:
    rows = (KNOWN_ROWS[0], KNOWN_ROWS[2], KNOWN_ROWS[4])
    blocks: list = ["（一）主要指标"]
    for r in rows:
        blocks += [
            f"指标名称：{r.name}",
            f"单位：{r.unit}",
            f"{BASE}年：{_mark(r.baseline)}",
            f"{TARGET}年目标：{_mark(r.target)}",
            f"属性：{r.attribute}",
        ]
    blocks += ["第三章 重点项目"]
    projects = PROJECTS[:3]
    for p in projects:
        blocks += [
            f"项目名称：{p.name}",
            f"建设内容：{p.content}",
            f"建设年限：{p.start_year}—{p.end_year}年",
            f"总投资：{p.investment_wan:g}万元",
        ]
    content = tuple(IndicatorContent(r, _two_values(r)) for r in rows)
    return MatrixPlan("labelled_records", Plan("matrix_labelled", TITLE, _prose(blocks)), content, projects)


def _spanning_header() -> MatrixPlan:
    """A two-row header: 指标值 spans the year columns, the other cells are merged down."""
    rows = (KNOWN_ROWS[0], KNOWN_ROWS[1], KNOWN_ROWS[11], KNOWN_ROWS[6])
    table = Table(
        caption="表1 “十五五”民政事业发展主要指标",
        grid=[
            ["序号", "指标名称", "单位", "指标值", "<", "属性"],
            ["^", "^", "^", f"{BASE}年", f"{TARGET}年", "^"],
            *[
                [str(k), r.name, r.unit, _mark(r.baseline), _mark(r.target), r.attribute]
                for k, r in enumerate(rows, 1)
            ],
        ],
        header_rows=2,
    )
    content = tuple(IndicatorContent(r, _two_values(r)) for r in rows)
    return MatrixPlan("spanning_header", Plan("matrix_spanning", TITLE, _prose([table])), content, ())


def _units_in_cells() -> MatrixPlan:
    """No unit column: each value printed with its unit; project periods with months; no 序号."""
    rows = (KNOWN_ROWS[0], KNOWN_ROWS[2], KNOWN_ROWS[3], KNOWN_ROWS[5])
    indicator = Table(
        caption="表1 “十五五”养老服务发展主要指标",
        grid=[
            ["指标", f"{BASE}年", f"{TARGET}年", "指标属性"],
            *[[r.name, r.baseline.printed + r.unit, r.target.printed + r.unit, r.attribute] for r in rows],
        ],
    )
    projects = PROJECTS[:3]
    project = Table(
        caption="表2 “十五五”养老服务重点项目",
        grid=[
            ["项目名称", "建设内容及规模", "建设起止年限", "总投资（万元）"],
            *[
                [p.name, p.content, f"{p.start_year}.03-{p.end_year}.12", f"{p.investment_wan:g}"]
                for p in projects
            ],
        ],
    )
    content = tuple(IndicatorContent(r, _two_values(r)) for r in rows)
    blocks = _prose([indicator, "第三章 重点项目", project])
    return MatrixPlan("units_in_cells", Plan("matrix_units", TITLE, blocks), content, projects)


MATRIX_PLANS = (
    _basic(),
    _yearly(),
    _merged_group(),
    _header_unit_funding(),
    _labelled_records(),
    _spanning_header(),
    _units_in_cells(),
)


# Converters ------------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(
            f"{cmd[0]} failed ({result.returncode}): {result.stderr.decode(errors='replace')[-1500:]}"
        )
    return result


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise AssertionError(
            f"{name} is not installed (Debian: poppler-utils, pandoc, w3m, lynx, html2text, libreoffice)"
        )
    return path


class Cache:
    """Conversions on disk, by the hash of the content and the converters it went through."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def get(
        self,
        key: str,
        data: Callable[[], bytes],
        make: Callable[[Path, Path], None],
        suffix_in: str,
        suffix_out: str,
    ) -> bytes:
        out = self.root / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}{suffix_out}"
        if not out.exists():
            with tempfile.TemporaryDirectory(dir=self.root) as tmp:
                src = Path(tmp) / f"in{suffix_in}"
                src.write_bytes(data())
                target = Path(tmp) / f"out{suffix_out}"
                make(src, target)
                os.replace(target, out)
        return out.read_bytes()


def _soffice(src: Path, target: Path, fmt: str) -> None:
    profile = src.parent / "lo-profile"
    _run(
        [
            _tool("soffice"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(src.parent / "lo-out"),
            str(src),
        ]
    )
    produced = next((src.parent / "lo-out").iterdir())
    os.replace(produced, target)


def _chromium_pdf(src: Path, target: Path) -> None:
    if not CHROMIUM.exists():
        raise AssertionError(f"{CHROMIUM} is missing (make browser)")
    _run(
        [
            str(CHROMIUM),
            *CHROMIUM_PDF_ARGS,
            f"--user-data-dir={src.parent / 'profile'}",
            f"--print-to-pdf={target}",
            src.as_uri(),
        ]
    )


def _to_text(cmd: Callable[[Path], list[str]]) -> Callable[[Path, Path], None]:
    def make(src: Path, target: Path) -> None:
        target.write_bytes(_run(cmd(src)).stdout)

    return make


def _pdftotext(layout: bool) -> Callable[[Path, Path], None]:
    def make(src: Path, target: Path) -> None:
        _run([_tool("pdftotext"), *(["-layout"] if layout else []), "-enc", "UTF-8", str(src), str(target)])

    return make


def _pdfminer(src: Path, target: Path) -> None:
    from pdfminer.high_level import extract_text

    target.write_text(extract_text(str(src)), encoding="utf-8")


def _pypdfium2(src: Path, target: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(src))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    target.write_text(text.replace("\r\n", "\n").replace("\r", "\n"), encoding="utf-8")


def _chromium_inner_text(src: Path, target: Path) -> None:
    """What a reader copying the page from a browser gets: Chromium's innerText of the body."""
    if not CHROMIUM.exists():
        raise AssertionError(f"{CHROMIUM} is missing (make browser)")
    from playwright import sync_api

    from tests.conftest import CHROMIUM_ARGS

    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(src.parent / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1800},
        )
        try:
            page = context.new_page()
            page.goto(src.as_uri())
            target.write_text(page.inner_text("body"), encoding="utf-8")
        finally:
            context.close()


PDF_EXTRACTORS: dict[str, Callable[[Path, Path], None]] = {
    "pdftotext": _pdftotext(False),
    "pdftotext-layout": _pdftotext(True),
    "pdfminer": _pdfminer,
    "pypdfium2": _pypdfium2,
}
HTML_TO_TEXT: dict[str, Callable[[Path, Path], None]] = {
    "pandoc-html": _to_text(lambda p: [_tool("pandoc"), "-f", "html", "-t", "plain", "--wrap=none", str(p)]),
    "w3m": _to_text(
        lambda p: [
            _tool("w3m"),
            "-dump",
            "-cols",
            "200",
            "-I",
            "UTF-8",
            "-O",
            "UTF-8",
            "-T",
            "text/html",
            str(p),
        ]
    ),
    "lynx": _to_text(
        lambda p: [
            _tool("lynx"),
            "-dump",
            "-nolist",
            "-width=200",
            "-assume_charset=UTF-8",
            "-display_charset=UTF-8",
            str(p),
        ]
    ),
    "html2text": _to_text(lambda p: [_tool("html2text"), "-utf8", "-width", "200", str(p)]),
    "chromium-innertext": _chromium_inner_text,
}
DOCX_TO_TEXT: dict[str, Callable[[Path, Path], None]] = {
    "pandoc-docx": _to_text(lambda p: [_tool("pandoc"), "-f", "docx", "-t", "plain", "--wrap=none", str(p)]),
    "soffice-txt": lambda s, t: _soffice(s, t, "txt:Text (encoded):UTF8"),
}
CONVERTERS = (
    *DOCX_TO_TEXT,
    *HTML_TO_TEXT,
    *(f"chromium-pdf|{x}" for x in PDF_EXTRACTORS),
    *(f"soffice-pdf|{x}" for x in PDF_EXTRACTORS),
)


def _docx_bytes(plan: Plan) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_docx(plan, Path(tmp)).read_bytes()


def convert(plan: Plan, converter: str, cache: Cache) -> str:
    """The plan published and turned back into text by `converter` (cached by the plan's
    content: a .docx or .pdf holds its creation time, so its bytes are no key)."""
    content = hashlib.sha256(repr(plan).encode("utf-8")).hexdigest()
    if converter in DOCX_TO_TEXT:
        text = cache.get(
            f"{content}|{converter}", lambda: _docx_bytes(plan), DOCX_TO_TEXT[converter], ".docx", ".txt"
        )
    elif converter in HTML_TO_TEXT:
        html = render_html(plan).encode("utf-8")
        text = cache.get(f"{content}|{converter}", lambda: html, HTML_TO_TEXT[converter], ".html", ".txt")
    else:
        printer, extractor = converter.split("|")
        if printer == "chromium-pdf":
            html = render_html(plan, for_print=True).encode("utf-8")
            pdf = cache.get(f"{content}|{printer}", lambda: html, _chromium_pdf, ".html", ".pdf")
        else:
            pdf = cache.get(
                f"{content}|{printer}",
                lambda: _docx_bytes(plan),
                lambda s, t: _soffice(s, t, "pdf"),
                ".docx",
                ".pdf",
            )
        text = cache.get(f"{content}|{converter}", lambda: pdf, PDF_EXTRACTORS[extractor], ".pdf", ".txt")
    return text.decode("utf-8", errors="replace")


# Degradations ----------------------------------------------------------------------


def _blank_lines(text: str, rng: random.Random) -> str:
    return "\n".join(line + "\n" for line in text.split("\n"))


def _jitter(text: str, rng: random.Random) -> str:
    """Runs of two or more spaces (or a tab) re-spaced by ±1–3, never below two."""

    def respace(m: re.Match) -> str:
        width = len(m.group(0).expandtabs(4)) if "\t" not in m.group(0) else 4
        return " " * max(2, width + rng.choice([-3, -2, -1, 1, 2, 3]))

    return re.sub(r"(?<=\S)(?: {2,}|\t)(?=\S)", respace, text)


def _rewrap(text: str, rng: random.Random) -> str:
    width = rng.randint(30, 40)
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def _wide_spaces(text: str, rng: random.Random) -> str:
    return re.sub(r" ", lambda m: rng.choice(["\u00a0", "\u3000"]), text)


def _fullwidth_digits(text: str, rng: random.Random) -> str:
    return text.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})


DEGRADATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "none": lambda text, rng: text,
    "blank-lines": _blank_lines,
    "jitter": _jitter,
    "rewrap": _rewrap,
    "nbsp-u3000": _wide_spaces,
    "fullwidth-digits": _fullwidth_digits,
}


def degrade(text: str, degradation: str, seed: str) -> str:
    return DEGRADATIONS[degradation](text, random.Random(seed))


# The property ----------------------------------------------------------------------


def _extract(text: str):
    from ingestion.extract import extract_document

    return extract_document(text.encode("utf-8"), "converted.txt")


def _fact_rows(e) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """The indicator, project and funding_source rows of an extraction (funding: (project
    name, kind, source, 万元)), in the forms of `expected_*_rows`."""
    indicators = [
        (v.indicator_name, v.year, v.value_kind, v.comparator, v.value_numeric, v.unit, v.attribute_raw)
        for v in e.indicator_values
    ]
    projects = [
        (p.project_name, p.start_year, p.end_year, p.planned_investment_wan_yuan, p.beds) for p in e.projects
    ]
    names = {p.project_seq: p.project_name for p in e.projects}
    funding = [
        (names.get(f.project_seq), f.funding_kind, f.source_of_funds, f.amount_wan_yuan)
        for f in e.funding
        if f.funding_kind == "funding_source"
    ]
    return indicators, projects, funding


def extracted(text: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """The indicator, project and funding_source rows extraction gives for `text`."""
    return _fact_rows(_extract(text))


def case_text(mp: MatrixPlan, converter: str, degradation: str, cache: Cache) -> str:
    """The plan converted by `converter` and degraded."""
    return degrade(convert(mp.plan, converter, cache), degradation, f"{mp.family}|{converter}|{degradation}")


def check(mp: MatrixPlan, converter: str, degradation: str, cache: Cache) -> tuple[int, int, str | None]:
    """(expected facts, facts found right, failure message or None)."""
    text = case_text(mp, converter, degradation, cache)
    return _compare(mp, converter, degradation, text, *extracted(text))


@dataclass(frozen=True)
class CaseAudit:
    """One case's extraction as the read audit sees it."""

    total: int
    right: int
    failure: str | None
    coverage: float | None  # read numbers / audited numbers (dim_document.read_coverage); None: none audited
    unread_lines: tuple[int, ...]  # source lines the audit lists as unread (marts.rpt_unread_lines)
    missing: tuple[tuple, ...]  # expected fact rows the extraction did not give
    lines: tuple[str, ...]  # the document's lines as extraction numbered them
    funding_wan: tuple[float, ...] = ()  # the amounts of the funding rows extracted


def case_audit(mp: MatrixPlan, converter: str, degradation: str, cache: Cache) -> CaseAudit:
    """`check`, and what the read audit says of the same extraction."""
    text = case_text(mp, converter, degradation, cache)
    e = _extract(text)
    got_i, got_p, got_f = _fact_rows(e)
    total, right, failure = _compare(mp, converter, degradation, text, got_i, got_p, got_f)
    audited = sum(row.unit_numbers for row in e.audited_lines)
    coverage = sum(row.read_numbers for row in e.audited_lines) / audited if audited else None
    want = expected_indicator_rows(mp) + expected_project_rows(mp)
    return CaseAudit(
        total,
        right,
        failure,
        coverage,
        tuple(row.source_line for row in e.audited_lines if row.reason),
        tuple(r for r in want if r not in got_i + got_p),
        tuple(line.text for line in e.lines),
        tuple(f.amount_wan_yuan for f in e.funding),
    )


_PRINTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def value_lines(audit: CaseAudit, row: tuple) -> list[int]:
    """The lines that print the number a missing fact row holds: an indicator's value, a
    project's amount (in 万元 or 亿元) or beds."""
    indicator = len(row) == 7
    numbers = {row[4]} if indicator else {row[3], row[3] / 10000, *([row[4]] if row[4] else [])}
    out = []
    for line_no, text in enumerate(audit.lines, start=1):
        printed = _PRINTED_NUMBER.findall(unicodedata.normalize("NFKC", text))
        if any(abs(float(n) - x) < 1e-9 for n in printed for x in numbers):
            out.append(line_no)
    return out


def unlisted_misses(audit: CaseAudit) -> list[tuple]:
    """The missing fact rows none of whose value lines the audit lists as unread."""
    unread = set(audit.unread_lines)
    return [row for row in audit.missing if not unread & set(value_lines(audit, row))]


def _compare(
    mp: MatrixPlan,
    converter: str,
    degradation: str,
    text: str,
    got_i: list[tuple],
    got_p: list[tuple],
    got_f: list[tuple],
) -> tuple[int, int, str | None]:
    want_i, want_p = expected_indicator_rows(mp), expected_project_rows(mp)
    want_f = expected_funding_rows(mp)
    right = sum(1 for r in want_i if r in got_i) + sum(1 for r in want_p if r in got_p)
    right += sum(1 for r in want_f if r in got_f)
    total = len(want_i) + len(want_p) + len(want_f)
    if all(
        sorted(got, key=repr) == sorted(want, key=repr)
        for got, want in ((got_i, want_i), (got_p, want_p), (got_f, want_f))
    ):
        return total, right, None
    missing = [r for r in want_i + want_p + want_f if r not in got_i + got_p + got_f]
    extra = [r for r in got_i + got_p + got_f if r not in want_i + want_p + want_f]
    message = (
        f"plan {mp.family}, converter {converter}, degradation {degradation}:\n"
        f"  missing rows {missing}\n  unexpected rows {extra}\n--- converted text ---\n{text}"
    )
    return total, right, message


def measure(cache: Cache, out=sys.stdout) -> None:
    """Pass rates (cases passed / cases, facts right / facts) per converter, degradation and plan."""
    from collections import defaultdict

    tallies: dict[str, dict[str, list[int]]] = {
        k: defaultdict(lambda: [0, 0, 0, 0]) for k in ("converter", "degradation", "plan")
    }
    cross: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (converter, plan)
    for mp in MATRIX_PLANS:
        for converter in CONVERTERS:
            for degradation in DEGRADATIONS:
                total, right, message = check(mp, converter, degradation, cache)
                cross[(converter, mp.family)][0] += message is None
                cross[(converter, mp.family)][1] += 1
                for axis, key in (
                    ("converter", converter),
                    ("degradation", degradation),
                    ("plan", mp.family),
                ):
                    t = tallies[axis][key]
                    t[0] += message is None
                    t[1] += 1
                    t[2] += right
                    t[3] += total
    for axis, table in tallies.items():
        print(f"\n| {axis} | cases passed | facts right |\n| --- | --- | --- |", file=out)
        for key, (ok, n, right, total) in table.items():
            print(
                f"| {key} | {ok}/{n} ({ok / n:.0%}) | {right}/{total} ({right / max(total, 1):.0%}) |",
                file=out,
            )
    families = [mp.family for mp in MATRIX_PLANS]
    print("\n| converter \\ plan (cases passed) | " + " | ".join(families) + " |", file=out)
    print("| --- " * (len(families) + 1) + "|", file=out)
    for converter in CONVERTERS:
        cells = [f"{cross[(converter, f)][0]}/{cross[(converter, f)][1]}" for f in families]
        print(f"| {converter} | " + " | ".join(cells) + " |", file=out)
    ok = sum(t[0] for t in tallies["plan"].values())
    n = sum(t[1] for t in tallies["plan"].values())
    print(f"\nall: {ok}/{n} cases ({ok / n:.0%})", file=out)


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "plan-warehouse-matrix"
    measure(Cache(root))
