"""Every amount of money stated in a plan, with what kind of money it is.

An amount is read with the clause that states it: the words just before it say
whether it is an investment (总投资/计划投资/概算), a source of funds (中央专项资金,
省财政基建资金, 彩票公益金, 自筹), past spending (累计/投入/拨付/发放 …) or money
raised (募集/捐赠/慈善). Rates — per person, per month, a 标准 — are not funding.
Amounts inside a listed project's description belong to that project.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingestion.amounts import find_amounts
from ingestion.model import Funding, Project
from ingestion.projects import Flow, _is_box_title, _is_heading, flow_of, heading_title, text_projects

_CLAUSE_STOPS = "，,。；;：:！？\n"
_RATE_AFTER = re.compile(r"^\s*(?:[/／每]|[（(]?\s*[/／])")
_RATE_BEFORE = re.compile(r"每|人均|标准|补贴.*(?:提高|达到)|/")
_FUNDRAISING = re.compile(r"募集|募捐|捐赠|捐款|慈善|筹措款物|义捐")
_PAST = re.compile(r"累计|拨付|发放|先后|共计|下达|已|完成投资|兑现")
# Words that describe past money unless the sentence looks forward ("十四五期间争取…").
_PAST_UNLESS_FORWARD = re.compile(r"投入|争取|筹资|筹集|配套|支出")
_FORWARD = re.compile(r"十四五|十五五|[到至]\s*20\d\d|计划|力争|预计|将|不低于|不少于|确保")
# Sales and turnover are money but nobody's funding.
_NOT_FUNDING = re.compile(r"销售|营业额|产值|收入")
_DONE_AFTER = re.compile(r"^[^。；;]{0,12}?(?:已|全面)?(?:建成|完成|实现)(?!后)")
_INVESTMENT = re.compile(r"投资|概算|估算|预算|计划投入")
_FUND_WORDS = re.compile(r"资金|专项|公益金|自筹|补助|转移支付|预算内|基建|财政|债券|贷款|配套")
# Words that name where money comes from even when no government level is named.
_SOURCE_WORDS = re.compile(r"债券|贷款|预算内|公益金|专项资金|配套|补助资金|转移支付|社会资本|自筹")
_PAST_HEADING = re.compile(r"十三五|十二五|发展基础|发展现状|现状|成就|成效|回顾|基本情况")

# Normalized sources, most specific first.
_SOURCES = [
    ("welfare_lottery", re.compile(r"彩票公益金|福彩公益金|公益金")),
    ("self_raised", re.compile(r"自筹")),
    ("social", re.compile(r"社会资本|社会资金|社会力量|社会捐|企业投资|民间资本")),
    ("central", re.compile(r"中央")),
    ("provincial", re.compile(r"省(?:级|本级|财政|上|专项|预算|[、和及与]|基建)")),
    ("municipal", re.compile(r"(?:市|州)(?:级|本级|财政|专项|预算|[、和及与])")),
    ("county", re.compile(r"(?:县|区)(?:级|本级|财政|专项|预算|[、和及与])")),
]

_PERIODS = {"十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
_PERIOD_RE = re.compile(
    r"(?P<plan>十二五|十三五|十四五|十五五)"
    r"|(?P<a>(?:19|20)\d{2})\s*年?\s*(?:[-—–~～]|至|到)\s*(?P<b>(?:19|20)\d{2})\s*年"
    r"|(?P<since>(?:19|20)\d{2})\s*年以来"
    r"|(?P<year>(?:19|20)\d{2})\s*年(?![0-9])"
)
_REFERENCE_POINT = re.compile(r"^[”\"’]?\s*(?:末|初|底|年底|年末)")


def _clause_before(text: str, start: int) -> str:
    stop = max(text.rfind(ch, 0, start) for ch in _CLAUSE_STOPS)
    return text[stop + 1 : start]


def _clause_after(text: str, end: int) -> str:
    stops = [i for i in (text.find(ch, end) for ch in _CLAUSE_STOPS) if i >= 0]
    return text[end : min(stops) if stops else len(text)]


def _sentence_before(text: str, start: int, stops: str = "。；;！？\n") -> str:
    stop = max(text.rfind(ch, 0, start) for ch in stops)
    return text[stop + 1 : start]


def source_of_funds(text: str) -> str | None:
    """The one normalized source a clause names; None when it names none or several levels."""
    found = [name for name, pattern in _SOURCES if pattern.search(text)]
    for specific in ("welfare_lottery", "self_raised", "social"):
        if found == [specific] or (specific in found and len(found) == 2 and found[0] == specific):
            return specific
    return found[0] if len(found) == 1 else None


def _is_rate(text: str, amount) -> bool:
    if _RATE_AFTER.match(text[amount.end : amount.end + 3]):
        return True
    return bool(_RATE_BEFORE.search(_clause_before(text, amount.start)))


def period(text: str, spans_only: bool = False) -> tuple[int | None, int | None]:
    """The last period or year named in `text` (the words before an amount).

    "十二五末" / "2020年底" are points of comparison, not the period money was spent in.
    With spans_only, a single year does not count (used for a whole paragraph).
    """
    last = None
    for match in _PERIOD_RE.finditer(text):
        if _REFERENCE_POINT.match(text[match.end() :]):
            continue
        if spans_only and match.group("year"):
            continue
        last = match
    if last is None:
        return None, None
    if last.group("plan"):
        return _PERIODS[last.group("plan")]
    if last.group("a"):
        return int(last.group("a")), int(last.group("b"))
    if last.group("since"):
        return int(last.group("since")), None
    year = int(last.group("year"))
    return year, year


def funding_kind(lead: str, tail: str, in_project: bool, past_context: bool, sentence: str = "") -> str:
    """lead: the clause before the amount; tail: the clause after it; sentence: up to it."""
    if in_project:
        if _INVESTMENT.search(lead) and not _FUND_WORDS.search(lead):
            return "planned_investment"
        if _FUND_WORDS.search(lead) or _FUND_WORDS.search(tail) or source_of_funds(lead + tail):
            return "funding_source"
        return "other"
    if _NOT_FUNDING.search(lead):
        return "other"
    if _FUNDRAISING.search(lead):
        return "fundraising"
    forward = bool(_FORWARD.search(sentence)) and not past_context
    if (
        _PAST.search(lead)
        or (_PAST_UNLESS_FORWARD.search(lead) and not forward)
        or _DONE_AFTER.match(tail)
        or (past_context and (_INVESTMENT.search(lead) or _FUND_WORDS.search(lead)))
    ):
        return "historical_spending"
    if (source_of_funds(lead) and _FUND_WORDS.search(lead)) or _SOURCE_WORDS.search(lead):
        return "funding_source"
    if _INVESTMENT.search(lead) or re.search(r"计划|安排", lead):
        return "planned_investment"
    return "other"


def _source_text(text: str, amount) -> str:
    """The short phrase stating the amount: its clause, trimmed to a readable length."""
    lead = _clause_before(text, amount.start)[-30:]
    tail = _clause_after(text, amount.end)[:20]
    return (lead + text[amount.start : amount.end] + tail).strip()


def _headings_before(flow: Flow) -> list[tuple[int, str]]:
    return [
        (para.start, heading_title(para.text))
        for para in flow.paragraphs
        if _is_heading(para.text) or _is_box_title(para)
    ]


def extract_funding(lines: list[str], projects: list[Project]) -> list[Funding]:
    """Every amount of money in the document's text and in its project tables."""
    flow = flow_of(lines)
    text = flow.text
    by_line_name = {(p.source_line, p.project_name): p for p in projects}
    spans = []
    for spanned in text_projects(flow):
        project = by_line_name.get((flow.line_at(spanned.name_offset), spanned.name))
        if project is not None:
            spans.append((spanned.span_start, spanned.span_end, project))
    headings = _headings_before(flow)
    rows: list[tuple[int, Funding]] = []
    for para in flow.paragraphs:
        for printed in find_amounts(para.text):
            found = replace(printed, start=para.start + printed.start, end=para.start + printed.end)
            start, end = found.start, found.end
            if _is_rate(text, found):
                continue
            project = next((p for a, b, p in spans if a <= start < b), None)
            lead = _clause_before(text, start)
            tail = _clause_after(text, end)
            heading = next((h for offset, h in reversed(headings) if offset < start), "")
            past_context = bool(_PAST_HEADING.search(heading))
            # a forward-looking opening ("“十四五”期间，争取…；吸引…") covers the whole sentence
            sentence = _sentence_before(text, start, stops="。！？\n")
            kind = funding_kind(lead, tail, project is not None, past_context, sentence)
            begin, finish = period(_sentence_before(text, start))
            if begin is None:  # the paragraph's opening "“十三五”期间，…" covers its sentences
                begin, finish = period(text[para.start : start], spans_only=True)
            if begin is None and past_context:
                begin, finish = period(heading)
            if begin is None and project is not None:
                begin, finish = project.start_year, project.end_year
            source = source_of_funds(lead + tail) if kind != "planned_investment" else None
            if kind == "fundraising" and source is None:
                source = "social"
            rows.append(
                (
                    start,
                    Funding(
                        funding_seq=0,
                        amount_wan_yuan=found.value_wan,
                        amount_text=found.text,
                        funding_kind=kind,
                        source_of_funds=source,
                        project_seq=project.project_seq if project else None,
                        period_start_year=begin,
                        period_end_year=finish,
                        source_text=_source_text(text, found),
                        source_line=flow.line_at(start),
                    ),
                )
            )
    funding = [row for _, row in sorted(rows, key=lambda r: r[0])]
    funding += _table_amounts(lines, projects)
    funding.sort(key=lambda f: f.source_line)
    return [_renumbered(f, i) for i, f in enumerate(funding, start=1)]


def _table_amounts(lines: list[str], projects: list[Project]) -> list[Funding]:
    """A project table's investment cells: one planned investment per row."""
    rows = []
    for project in projects:
        if project.source_kind != "table_row" or project.planned_investment_wan_yuan is None:
            continue
        rows.append(
            Funding(
                funding_seq=0,
                amount_wan_yuan=project.planned_investment_wan_yuan,
                amount_text=project.investment_text or "",
                funding_kind="planned_investment",
                source_of_funds=None,
                project_seq=project.project_seq,
                period_start_year=project.start_year,
                period_end_year=project.end_year,
                source_text=f"{project.project_name} {project.investment_text}",
                source_line=_cell_line(lines, project),
            )
        )
    return rows


def _cell_line(lines: list[str], project: Project) -> int:
    """The line of the row's amount cell: the first line at or after the name holding it."""
    wanted = (project.investment_text or "").strip()
    for line_no in range(project.source_line, min(len(lines), project.source_line + 40) + 1):
        cells = re.split(r"\t|\s{2,}|\|", lines[line_no - 1])
        if wanted and wanted in (c.strip() for c in cells):
            return line_no
    return project.source_line


def _renumbered(funding: Funding, seq: int) -> Funding:
    return replace(funding, funding_seq=seq)
