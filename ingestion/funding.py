"""Every amount of money stated in a plan, with what kind of money it is.

An amount is read with the clause that states it: the words just before it say
whether it is an investment (总投资/计划投资/概算), a source of funds (中央专项资金,
省财政基建资金, 彩票公益金, 自筹), past spending (累计/投入/拨付/发放 …) or money
raised (募集/捐赠/慈善). Rates — per person, per month, a 标准 — are not funding.
Amounts inside a listed project's description belong to that project, and so do the cells of
a project table's funding columns (其中：中央预算内投资 | 省级补助 | 社会资本 …, or a 资金来源
cell that states amounts): one funding_source row per amount, a part of the project's money,
never its whole.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from ingestion.amounts import find_amounts, parse_amount, unit_in_header
from ingestion.flow import Flow, flow_of, heading_title, is_box_title, is_heading
from ingestion.model import Funding, Project
from ingestion.periods import PERIOD_NAME_PATTERN, most_named_period, named_periods, period_of_name
from ingestion.projects import table_column, table_project_rows, text_projects
from vocabulary.text import RANGE_JOINERS
from vocabulary.years import YEAR

_CLAUSE_STOPS = "，,。；;：:！？\n"
_RATE_AFTER = re.compile(r"^\s*(?:[/／每]|[（(]?\s*[/／])")
_RATE_BEFORE = re.compile(r"每|人均|标准|补贴.*(?:提高|达到)|/")
_FUNDRAISING = re.compile(r"募集|募捐|捐赠|捐款|慈善|筹措款物|义捐")
_PAST = re.compile(r"累计|拨付|发放|先后|共计|下达|已|完成投资|兑现")
# Words that describe past money unless the sentence looks forward ("十四五期间争取…").
_PAST_UNLESS_FORWARD = re.compile(r"投入|争取|筹资|筹集|配套|支出")
# Forward words; a sentence naming the plan's own (or a later) period looks forward too.
_FORWARD = re.compile(r"[到至]\s*20\d\d|计划|力争|预计|将|不低于|不少于|确保")
# Sales and turnover are money but nobody's funding.
_NOT_FUNDING = re.compile(r"销售|营业额|产值|收入")
_DONE_AFTER = re.compile(r"^[^。；;]{0,12}?(?:已|全面)?(?:建成|完成|实现)(?!后)")
_INVESTMENT = re.compile(r"投资|概算|估算|预算|计划投入")
_FUND_WORDS = re.compile(r"资金|专项|公益金|自筹|补助|转移支付|预算内|基建|财政|债券|贷款|配套")
# Words that name where money comes from even when no government level is named.
_SOURCE_WORDS = re.compile(r"债券|贷款|预算内|公益金|专项资金|配套|补助资金|转移支付|社会资本|自筹")
# Headings over past money; a heading naming a period before the plan's is one too.
_PAST_HEADING = re.compile(r"发展基础|发展现状|现状|成就|成效|回顾|基本情况")

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

_PERIOD_RE = re.compile(
    rf"(?P<plan>{PERIOD_NAME_PATTERN})"
    rf"|(?P<a>{YEAR})\s*年?\s*[{RANGE_JOINERS}]+\s*(?P<b>{YEAR})\s*年"
    r"|(?P<since>(?:19|20)\d{2})\s*年以来"
    r"|(?P<year>(?:19|20)\d{2})\s*年(?![0-9])"
)
_REFERENCE_POINT = re.compile(r"^[”\"’]?\s*(?:末|初|底|年底|年末)")


# A clause or sentence longer than this is not read further back: the words that say what
# an amount is stand next to it, and a bound keeps a long money-dense line linear.
_MAX_CLAUSE = 200
_MAX_SENTENCE = 400


class _Stops:
    """Positions of stop characters in a text, for O(log n) clause and sentence lookups."""

    def __init__(self, text: str, chars: str):
        self.length = len(text)
        self.positions = [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]

    def before(self, start: int) -> int:
        """The last stop before `start` (-1 if none)."""
        i = bisect.bisect_left(self.positions, start) - 1
        return self.positions[i] if i >= 0 else -1

    def after(self, end: int) -> int:
        """The first stop at or after `end` (the text's length if none)."""
        i = bisect.bisect_left(self.positions, end)
        return self.positions[i] if i < len(self.positions) else self.length


class _Text:
    """The document's running text with its clause and sentence boundaries."""

    def __init__(self, text: str):
        self.text = text
        self.clauses = _Stops(text, _CLAUSE_STOPS)
        self.sentences = _Stops(text, "。；;！？\n")
        self.full_sentences = _Stops(text, "。！？\n")

    def clause_before(self, start: int) -> str:
        return self.text[max(self.clauses.before(start) + 1, start - _MAX_CLAUSE) : start]

    def clause_after(self, end: int) -> str:
        return self.text[end : min(self.clauses.after(end), end + _MAX_CLAUSE)]

    def sentence_before(self, start: int, full: bool = False) -> str:
        stops = self.full_sentences if full else self.sentences
        return self.text[max(stops.before(start) + 1, start - _MAX_SENTENCE) : start]


def source_of_funds(text: str) -> str | None:
    """The one normalized source a clause names; None when it names none or several levels."""
    found = [name for name, pattern in _SOURCES if pattern.search(text)]
    for specific in ("welfare_lottery", "self_raised", "social"):
        if found == [specific] or (specific in found and len(found) == 2 and found[0] == specific):
            return specific
    return found[0] if len(found) == 1 else None


def _is_rate(flow_text: _Text, amount) -> bool:
    if _RATE_AFTER.match(flow_text.text[amount.end : amount.end + 3]):
        return True
    return bool(_RATE_BEFORE.search(flow_text.clause_before(amount.start)))


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
        return period_of_name(last.group("plan")) or (None, None)
    if last.group("a"):
        return int(last.group("a")), int(last.group("b"))
    if last.group("since"):
        return int(last.group("since")), None
    year = int(last.group("year"))
    return year, year


def _names_period_from(text: str, plan_start: int | None) -> bool:
    """`text` names the plan's own period or a later one (a forward-looking sentence)."""
    return plan_start is not None and any(start >= plan_start for _, (start, _) in named_periods(text))


def _names_period_before(text: str, plan_start: int | None) -> bool:
    """`text` names a period that ended before the plan's (a review heading)."""
    return plan_start is not None and any(end < plan_start for _, (_, end) in named_periods(text))


def funding_kind(
    lead: str,
    tail: str,
    in_project: bool,
    past_context: bool,
    sentence: str = "",
    plan_start: int | None = None,
) -> str:
    """lead: the clause before the amount; tail: the clause after it; sentence: up to it;
    plan_start: the first year of the plan's period."""
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
    forward = (
        bool(_FORWARD.search(sentence)) or _names_period_from(sentence, plan_start)
    ) and not past_context
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


def _source_text(flow_text: _Text, amount) -> str:
    """The short phrase stating the amount: its clause, trimmed to a readable length."""
    lead = flow_text.clause_before(amount.start)[-30:]
    tail = flow_text.clause_after(amount.end)[:20]
    return (lead + flow_text.text[amount.start : amount.end] + tail).strip()


def _headings_before(flow: Flow) -> list[tuple[int, str]]:
    return [
        (para.start, heading_title(para.text))
        for para in flow.paragraphs
        if is_heading(para.text) or is_box_title(para)
    ]


class _ParagraphPeriods:
    """The period spans named in one paragraph, for "the last span before offset" lookups.

    Computed once per paragraph so that a long paragraph with many amounts stays linear.
    """

    def __init__(self, text: str):
        self.ends: list[int] = []
        self.years: list[tuple[int | None, int | None]] = []
        for match in _PERIOD_RE.finditer(text):
            if match.group("year") or _REFERENCE_POINT.match(text[match.end() : match.end() + 8]):
                continue
            self.ends.append(match.end())
            self.years.append(period(match.group(0)))

    def before(self, offset: int) -> tuple[int | None, int | None]:
        i = bisect.bisect_right(self.ends, offset) - 1
        return self.years[i] if i >= 0 else (None, None)


def extract_funding(
    lines: list[str],
    projects: list[Project],
    plan_period_at: Callable[[int], tuple[int, int] | None] | None = None,
    tables: Sequence = (),
) -> list[Funding]:
    """Every amount of money in the document's text and in its project tables.

    `plan_period_at(line)` is the period of the plan printed at a line; without it the
    period the document names most is taken. Money in a period before the plan's is past.
    `tables`: the document's rebuilt tables (ingestion.tables), for the funding columns of
    its project tables.
    """
    flow = flow_of(lines)
    flow_text = _Text(flow.text)
    default_period = most_named_period(lines)

    def plan_start_at(line_no: int) -> int | None:
        found = (plan_period_at(line_no) if plan_period_at else None) or default_period
        return found[0] if found else None

    by_line_name = {(p.source_line, p.project_name): p for p in projects}
    spans = []
    for spanned in text_projects(flow):
        project = by_line_name.get((flow.line_at(spanned.name_offset), spanned.name))
        if project is not None:
            spans.append((spanned.span_start, spanned.span_end, project))
    spans.sort(key=lambda span: span[0])
    span_starts = [a for a, _, _ in spans]
    headings = _headings_before(flow)
    heading_offsets = [offset for offset, _ in headings]
    rows: list[tuple[int, Funding]] = []
    for para in flow.paragraphs:
        amounts = find_amounts(para.text)
        if not amounts:
            continue
        para_periods = _ParagraphPeriods(para.text)
        for printed in amounts:
            found = replace(printed, start=para.start + printed.start, end=para.start + printed.end)
            start, end = found.start, found.end
            if _is_rate(flow_text, found):
                continue
            project = _project_at(spans, span_starts, start)
            line_no = flow.line_at(start)
            plan_start = plan_start_at(line_no)
            lead = flow_text.clause_before(start)
            tail = flow_text.clause_after(end)
            h = bisect.bisect_left(heading_offsets, start) - 1
            heading = headings[h][1] if h >= 0 else ""
            past_context = bool(_PAST_HEADING.search(heading)) or _names_period_before(heading, plan_start)
            # a forward-looking opening ("“十四五”期间，争取…；吸引…") covers the whole sentence
            sentence = flow_text.sentence_before(start, full=True)
            kind = funding_kind(lead, tail, project is not None, past_context, sentence, plan_start)
            begin, finish = period(flow_text.sentence_before(start))
            if begin is None:  # the paragraph's opening "“十三五”期间，…" covers its sentences
                begin, finish = para_periods.before(printed.start)
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
                        source_text=_source_text(flow_text, found),
                        source_line=line_no,
                        amount_tolerance_wan=found.tolerance_wan,
                    ),
                )
            )
    table_rows = _table_amounts(lines, projects, _amount_cell_lines(tables)) + table_funding(tables, projects)
    # an amount printed with its unit in a project table's cell is that cell's row, not prose's
    cells = Counter((f.source_line, f.amount_text) for f in table_rows)
    funding = []
    for _, row in sorted(rows, key=lambda r: r[0]):
        if cells[(row.source_line, row.amount_text)] > 0:
            cells[(row.source_line, row.amount_text)] -= 1
            continue
        funding.append(row)
    funding += table_rows
    funding.sort(key=lambda f: f.source_line)
    return [_renumbered(f, i) for i, f in enumerate(funding, start=1)]


def _project_at(spans: list[tuple[int, int, Project]], starts: list[int], offset: int) -> Project | None:
    """The listed project whose description holds `offset` (spans sorted by start; of
    nested spans the earliest). Only the few spans starting just before are looked at."""
    i = bisect.bisect_right(starts, offset)
    holders = [p for a, b, p in spans[max(0, i - 8) : i] if a <= offset < b]
    return holders[0] if holders else None


def _amount_cell_lines(tables: Sequence) -> dict[tuple[int, str], int]:
    """(name line, name) -> the line of the row's investment cell, for every project table row."""
    out = {}
    for table in tables:
        money_col = table_column(table, "investment") if getattr(table, "kind", None) == "project" else None
        if money_col is None:
            continue
        for project, row in table_project_rows(table):
            cell = row.cells[money_col] if money_col < len(row.cells) else None
            if cell is not None and cell.text:
                out[(project.source_line, project.project_name)] = cell.source_line
    return out


def _table_amounts(
    lines: list[str], projects: list[Project], cell_lines: dict[tuple[int, str], int] | None = None
) -> list[Funding]:
    """A project table's investment cells: one planned investment per row (on the line of its
    cell in the rebuilt table when known, else the line found after the name)."""
    cell_lines = cell_lines or {}
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
                source_line=cell_lines.get((project.source_line, project.project_name))
                or _cell_line(lines, project),
                amount_tolerance_wan=project.investment_tolerance_wan,
            )
        )
    return rows


# A part of the money: '其中：中央预算内投资', '含：省级补助'.
_PART_MARK = re.compile(r"^\s*(?:其中|含)\s*[:：]?\s*")
# A column whose cells say where the money comes from, in words with amounts.
_SOURCES_COLUMN = re.compile(r"资金(?:来源|构成|渠道)")


def funding_columns(table) -> list[tuple[int, str, str | None, bool]]:
    """(column, header as printed, source of funds, in words) of each funding column of a project table:
    a column typed `funding` by its header (ingestion.table_rows: '其中：中央预算内投资（亿元）',
    '省级补助', '社会资本') or a 资金来源 column. The source is the header's (None when it
    names none or several levels: '市县配套', '地方配套'; a 资金来源 cell names its own)."""
    roles = getattr(table, "roles", None) or []
    out = []
    for col, cell in enumerate(table.header_cells):
        role = roles[col] if col < len(roles) else None
        header = cell.header_path
        if role == "funding" or (role == "other" and _SOURCES_COLUMN.search(header)):
            funding = role == "funding"
            out.append((col, header, source_of_funds(header) if funding else None, not funding))
    return out


def table_funding(tables: Sequence, projects: list[Project]) -> list[Funding]:
    """A project table's funding columns: one funding_source row per amount in a project's row.

    A cell holding a bare number takes its unit from its header ('（亿元）'), else from the
    table's investment header, else 万元 (as the row's total does); a cell that prints its
    unit ('1500万元') keeps it. A 资金来源 cell gives each amount it states with the source
    its clause names ('中央预算内投资2000万元、县级配套500万元'). The row belongs to the project
    of its table row (fct_funding.project_id); it is a part, never the project's whole.
    """
    by_line_name = {(p.source_line, p.project_name): p for p in projects if p.source_kind == "table_row"}
    rows = []
    for table in tables:
        if getattr(table, "kind", None) != "project":
            continue
        columns = funding_columns(table)
        if not columns:
            continue
        money_col = table_column(table, "investment")
        table_unit = unit_in_header(table.header[money_col]) if money_col is not None else None
        for read, row in table_project_rows(table):
            project = by_line_name.get((read.source_line, read.project_name))
            if project is None:
                continue
            for col, header, source, in_words in columns:
                cell = row.cells[col] if col < len(row.cells) else None
                if cell is None or not cell.text.strip():
                    continue
                if in_words:
                    found = [
                        (a, source_of_funds(_clause_before(cell.text, a.start)))
                        for a in find_amounts(cell.text)
                    ]
                else:
                    amount = parse_amount(cell.text, unit_in_header(header) or table_unit or "万元")
                    found = [(amount, source)] if amount is not None else []
                for amount, named in found:
                    rows.append(
                        Funding(
                            funding_seq=0,
                            amount_wan_yuan=amount.value_wan,
                            amount_text=amount.text,
                            funding_kind="funding_source",
                            source_of_funds=named,
                            project_seq=project.project_seq,
                            period_start_year=project.start_year,
                            period_end_year=project.end_year,
                            source_text=f"{project.project_name} {_PART_MARK.sub('', header)} {cell.text.strip()}",
                            source_line=cell.source_line,
                            amount_tolerance_wan=amount.tolerance_wan,
                        )
                    )
    return rows


def _clause_before(text: str, start: int) -> str:
    """The words of `text` before `start` back to the previous stop (the clause naming an amount)."""
    return re.split(r"[，,。；;、]", text[:start])[-1]


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
