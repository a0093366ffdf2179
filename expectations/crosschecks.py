"""Cross-checks: one statement of a plan against another statement about the same thing.

A careful reader with a pencil sets the prose against the table, one plan against the
other plan of the same region, the unit in an indicator's name against its value, an
item's parts against its whole, the several mentions of one project against each other,
targets against achievements, and the table of contents against the body. Each check
here does one of those, on plain data (document lines, mart rows), and returns one row
per pair it compared: both source lines and both texts as printed, and a rule column that
is None when the pair agrees and the explanation when it does not.

Tolerances follow the printed precision (ingestion.amounts.half_unit_of_last_digit);
comparators widen a value to an interval ('≥55%' is [55, ∞)); two statements disagree
only when their intervals do not meet. Precision over recall: a statement is compared
only when its indicator, year and unit are read without guessing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from rapidfuzz import fuzz

from ingestion.amounts import find_amounts, half_unit_of_last_digit, parse_amount
from ingestion.blocks import segment_blocks
from ingestion.periods import periods_named
from ingestion.plans import compact
from ingestion.processes import map_in_processes
from ingestion.statements import NAME_CHARS as _NAME_CHARS
from ingestion.statements import SENTENCE as _SENTENCE
from ingestion.statements import SEVERAL as _SEVERAL
from ingestion.statements import VERB as _VERB
from ingestion.statements import (
    clause_subject,
    indicator_key,
    institution_figure,
    period_year,
    same_indicator,
    year_before,
)
from ingestion.statements import value_after as _value_after
from ingestion.values import normalize_text, parse_value, unit_from_name

# the columns every cross-check row carries (plus its own rule column)
PAIR_COLUMNS = [
    "document_id",
    "plan_id",
    "region_code",
    "source_line",
    "printed_text",
    "related_source_line",
    "related_text",
    "subject",
]

# A count unit: the value is a number of things, never a share.
COUNT_UNITS = frozenset({"个", "人", "人次", "张", "户", "家", "所", "处", "座", "条", "项", "次", "件"})
SHARE_UNITS = frozenset({"%", "‰"})


def _num(x: float) -> str:
    return format(float(x), ".12g")


# Intervals from the printed precision ---------------------------------------------------

_APPROXIMATE = re.compile(r"约|左右|余|多|近")
_PRINTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def printed_tolerance(text: str | None) -> float:
    """Half a unit of the last printed digit (exact integers 0; '约300' ±50): the amount rule."""
    t = normalize_text(text or "")
    m = _PRINTED_NUMBER.search(t.replace(",", ""))
    if not m:
        return 0.0
    return float(half_unit_of_last_digit(m.group(0), bool(_APPROXIMATE.search(t))))


def interval(comparator: str | None, number: float, tolerance: float) -> tuple[float, float]:
    """The values a printed statement allows: '≥55' -> [55, ∞), '60' -> [60 ± tolerance]."""
    low, high = number - tolerance, number + tolerance
    if comparator in (">=", ">"):
        return low, math.inf
    if comparator in ("<=", "<"):
        return -math.inf, high
    return low, high


def disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] + 1e-9 < b[0] or b[1] + 1e-9 < a[0]


# Statements of a value ------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One value of one indicator for one year, as printed in prose or in a table."""

    document_id: str
    plan_id: str | None
    line: int
    subject: str  # the indicator as printed
    key: str  # indicator_key(subject)
    year: int
    kind: str  # actual | target
    comparator: str | None
    number: float
    unit: str | None
    text: str  # the value as printed ('85% 以上')
    phrase: str  # the statement as printed
    source: str  # prose | table

    @property
    def interval(self) -> tuple[float, float]:
        return interval(self.comparator, self.number, printed_tolerance(self.text))


# The rules below run document by document, each reading the same segmentation of the
# document's text: one entry (the document being checked) is enough to segment it once.
_LAST_READ: dict[str, tuple[list[str], list]] = {}


def _read_once(kind: str, lines: list[str], read) -> list:
    """read(lines), computed once for the same `lines` object however many rules ask."""
    hit = _LAST_READ.get(kind)
    if hit is not None and hit[0] is lines:
        return hit[1]
    result = read(lines)
    _LAST_READ[kind] = (lines, result)
    return result


def _blocks(lines: list[str]) -> list:
    return _read_once("blocks", lines, segment_blocks)


def _heading_periods(lines: list[str]) -> dict[int, tuple[int, int]]:
    """{line: the period the innermost enclosing heading names} (1-based lines)."""
    context: dict[int, tuple[int, int]] = {}
    stack: dict[int, tuple[int, int] | None] = {}
    blocks = _blocks(lines)
    for block in blocks:
        if block.block_kind == "heading" and block.heading_level is not None:
            named = periods_named(compact(block.text))
            stack = {level: p for level, p in stack.items() if level < block.heading_level}
            # the plan's title names the plan's own period, which says nothing about a section
            own = named and block.heading_level > 0
            stack[block.heading_level] = (named[-1][1], named[-1][2]) if own else None
        periods = [p for _, p in sorted(stack.items()) if p]
        if periods:
            for line in range(block.start_line, block.end_line + 1):
                context[line] = periods[-1]
    return context


@dataclass(frozen=True)
class TextUnit:
    """What a reader reads as one piece: a wrapped paragraph joined, or one line."""

    text: str  # NFKC, lines joined without their line breaks
    lines: list[int]  # the source line of every character of `text`

    def line_at(self, offset: int) -> int:
        return self.lines[min(max(offset, 0), len(self.lines) - 1)]


_JOINED_KINDS = ("paragraph", "list_item", "box")


def text_units(lines: list[str]) -> list[TextUnit]:
    """Paragraphs and list items as one text each (PDF text wraps a sentence over several
    lines); every other non-blank line on its own."""
    return _read_once("units", lines, _text_units)


def _text_units(lines: list[str]) -> list[TextUnit]:
    units, covered = [], set()
    for block in _blocks(lines):
        if block.block_kind not in _JOINED_KINDS:
            continue
        text, where = [], []
        for n in range(block.start_line, block.end_line + 1):
            part = unicodedata.normalize("NFKC", lines[n - 1]).strip()
            text.append(part)
            where += [n] * len(part)
            covered.add(n)
        if where:
            units.append(TextUnit("".join(text), where))
    for n, raw in enumerate(lines, start=1):
        part = unicodedata.normalize("NFKC", raw).strip()
        if n not in covered and part:
            units.append(TextUnit(part, [n] * len(part)))
    return sorted(units, key=lambda u: u.lines[0])


# a prose subject that is a rate or share: compared with other prose even without a table row
_RATE_END = re.compile(r"(?:率|占比|比例|比重)$")


def plan_of_line(plan_starts: list[tuple[int, str]], line: int) -> str | None:
    """The plan a line belongs to: the last plan title at or above it (the first plan above all)."""
    starts = sorted(plan_starts)
    if not starts:
        return None
    owner = starts[0][1]
    for start, plan_id in starts:
        if start <= line:
            owner = plan_id
    return owner


def prose_statements(
    document_id: str,
    lines: list[str],
    plan_starts: list[tuple[int, str]],
    plan_periods: dict[str, tuple[int, int]],
) -> list[Statement]:
    """Values stated in sentences: '到2025年，…覆盖率达到85%以上' -> (…覆盖率, 2025, target, ≥85 %).

    The year is the last year printed before the value in the sentence, else the last
    five-year period named before it in the sentence, else the first one of its paragraph
    (its end year), else the period of the
    enclosing heading; with none of those the statement is not read. A year before the
    plan's period makes it an actual, from the period's start on a target.
    """
    headings = _heading_periods(lines)
    out = []
    for unit in text_units(lines):
        text = unit.text
        plan_id = plan_of_line(plan_starts, unit.lines[0])
        period = plan_periods.get(plan_id) if plan_id else None
        if period is None or not _VERB.search(text):
            continue
        for sentence in _SENTENCE.finditer(text):
            body = sentence.group(0)
            for verb in _VERB.finditer(body):
                clause_start, subject = clause_subject(body, verb.start())
                if not _NAME_CHARS.match(subject) or _SEVERAL.search(subject):
                    continue
                value = _value_after(body[verb.end() :])
                if value is None:
                    continue
                printed, parsed = value
                line_no = unit.line_at(sentence.start() + verb.start())
                before = body[: verb.start()]
                year = year_before(before)
                if year is None:
                    year = period_year(before) or period_year(text[: sentence.start()], first=True)
                    heading = headings.get(unit.lines[0])
                    year = year or (heading[1] if heading else None)
                if year is None:
                    continue
                key = indicator_key(subject)
                if institution_figure(body, subject):
                    key = f"@{key}"  # a figure of one institution, not of the region
                out.append(
                    Statement(
                        document_id=document_id,
                        plan_id=plan_id,
                        line=line_no,
                        subject=subject,
                        key=key,
                        year=year,
                        kind="actual" if year < period[0] else "target",
                        comparator=parsed.comparator,
                        number=parsed.number,
                        unit=parsed.unit,
                        text=printed,
                        phrase=body[clause_start : verb.end()].strip() + printed,
                        source="prose",
                    )
                )
    return out


def table_statements(values: pd.DataFrame) -> list[Statement]:
    """The numeric actual/target values of the indicator tables (fct_indicator_values)."""
    out = []
    for r in values.to_dict("records"):
        if r["value_kind"] not in ("actual", "target") or _missing(r["value_numeric"]) or _missing(r["year"]):
            continue
        if r.get("source_kind") == "prose":
            continue  # a prose target's fact: its sentence is read from the text as prose
        unit = r.get("unit") if isinstance(r.get("unit"), str) else None
        out.append(
            Statement(
                document_id=r["document_id"],
                plan_id=r["plan_id"],
                line=int(r["source_line"]),
                subject=r["indicator_name"],
                key=indicator_key(r["indicator_name"]),
                year=int(r["year"]),
                kind=r["value_kind"],
                comparator=r.get("comparator"),
                number=float(r["value_numeric"]),
                unit=unit,
                text=str(r["value_text"]),
                phrase=f"{r['indicator_name']} {r['value_text']}",
                source="table",
            )
        )
    return out


def keyed_statements(prose: list[Statement], values: pd.DataFrame, regions: dict) -> list[Statement]:
    """Table values keyed by their canonical indicator (else their name); prose values keyed by
    the table indicator of the same region they name, or kept under their own name when they
    state a rate or share (the only prose read without a table to anchor it)."""
    canonical = {
        (r["plan_id"], int(r["source_line"]), r["indicator_name"]): r["canonical_indicator_id"]
        for r in values.to_dict("records")
    }
    tables = []
    for t in table_statements(values):
        cid = canonical.get((t.plan_id, t.line, t.subject))
        tables.append(t if _missing(cid) else Statement(**{**t.__dict__, "key": f"id:{cid}"}))
    names_by_region = defaultdict(dict)
    for t in tables:
        names_by_region[regions.get(t.plan_id)][indicator_key(t.subject)] = t.key
    kept = []
    for s in prose:
        names = names_by_region.get(regions.get(s.plan_id), {})
        match = next((n for n in sorted(names, key=len, reverse=True) if same_indicator(s.key, n)), None)
        if match:
            kept.append(Statement(**{**s.__dict__, "key": names[match]}))
        elif _RATE_END.search(s.key):
            kept.append(s)
    return kept + tables


def _pair_row(main: Statement, related: Statement, regions: dict, problem: str | None) -> dict:
    return {
        "document_id": main.document_id,
        "plan_id": main.plan_id,
        "region_code": regions.get(main.plan_id),
        "source_line": main.line,
        "printed_text": main.phrase,
        "related_source_line": related.line,
        "related_text": related.phrase,
        "subject": main.subject,
        "related_document_id": related.document_id,
        "problem": problem,
    }


def _frame(rows: list[dict], rule: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*PAIR_COLUMNS, "related_document_id", "problem"])
    frame = frame.rename(columns={"problem": rule})
    for column in ("source_line", "related_source_line"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _describe(s: Statement) -> str:
    where = "table" if s.source == "table" else "prose"
    return f"{where} line {s.line}: {s.year} {s.kind} {s.text}"


def value_conflicts(statements: list[Statement], regions: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(restatements, cross-plan): two statements of the same region, indicator, year, kind and
    unit whose printed values cannot both hold. In one plan at least one side is prose (two
    table cells are the table's own business); across two plans any two statements count."""
    groups = defaultdict(list)
    for s in statements:
        groups[(regions.get(s.plan_id), s.key, s.year, s.kind, s.unit)].append(s)
    same_plan, other_plan = [], []
    for (region, *_), group in groups.items():
        if region is None:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if (a.document_id, a.line) == (b.document_id, b.line):
                    continue
                if a.plan_id == b.plan_id and a.source == b.source == "table":
                    continue
                main, related = (b, a) if (b.document_id, b.line) > (a.document_id, a.line) else (a, b)
                if main.source == "table" and related.source == "prose" and a.plan_id == b.plan_id:
                    main, related = related, main
                problem = None
                if disjoint(a.interval, b.interval):
                    where = "" if a.plan_id == b.plan_id else f" of plan {related.plan_id}"
                    problem = (
                        f"{main.subject}: {_describe(main)} but {_describe(related)}{where} "
                        f"(same indicator, year and kind; the printed precision allows no common value)"
                    )
                (same_plan if a.plan_id == b.plan_id else other_plan).append(
                    _pair_row(main, related, regions, problem)
                )
    return _frame(same_plan, "restatement_conflict"), _frame(other_plan, "cross_plan_conflict")


def target_below_achievement(statements: list[Statement], regions: dict, direction) -> pd.DataFrame:
    """A target lower than what the plan says was already achieved (its latest stated actual),
    for an indicator where higher is better (`direction(name, comparator, text)`)."""
    by_key = defaultdict(list)
    for s in statements:
        by_key[(s.plan_id, s.key, s.unit)].append(s)
    # a table row holding both the baseline and the target: indicator_targets checks it
    row_actuals = {
        (s.plan_id, s.subject, s.year) for s in statements if s.source == "table" and s.kind == "actual"
    }
    rows = []
    for group in by_key.values():
        targets = [s for s in group if s.kind == "target"]
        actuals = [s for s in group if s.kind == "actual"]
        for t in targets:
            earlier = [a for a in actuals if a.year < t.year]
            if not earlier:
                continue
            latest = max(a.year for a in earlier)
            for a in (a for a in earlier if a.year == latest):
                if t.source == a.source == "table" and (t.plan_id, t.subject, a.year) in row_actuals:
                    continue
                if direction(t.subject, t.comparator, t.text) != "higher":
                    continue
                problem = None
                if t.number + printed_tolerance(t.text) + 1e-9 < a.interval[0]:
                    problem = (
                        f"{t.subject}: target {t.text} for {t.year} ({t.source} line {t.line}) is below "
                        f"{a.text} already achieved in {a.year} ({a.source} line {a.line}); higher is better"
                    )
                rows.append(_pair_row(t, a, regions, problem))
    return _frame(rows, "target_below_achievement")


def unit_against_value(values: pd.DataFrame, regions: dict) -> pd.DataFrame:
    """The unit printed in an indicator's name (个, 张, 人 … or %) against the unit of its value."""
    rows = []
    for r in values.to_dict("records"):
        if r["value_kind"] == "growth" or _missing(r["value_numeric"]):
            continue
        raw_unit, name_unit = unit_from_name(r["indicator_name"])
        value_unit = parse_value(str(r["value_text"])).unit
        if not name_unit or not value_unit:
            continue
        problem = None
        if (name_unit in COUNT_UNITS and value_unit in SHARE_UNITS) or (
            name_unit in SHARE_UNITS and value_unit in COUNT_UNITS
        ):
            problem = (
                f"the name counts in {raw_unit} but the value is printed as {r['value_text']}"
                if name_unit in COUNT_UNITS
                else f"the name is a share ({raw_unit}) but the value is printed as {r['value_text']}"
            )
        rows.append(
            {
                "document_id": r["document_id"],
                "plan_id": r["plan_id"],
                "region_code": r.get("region_code"),
                "source_line": int(r["source_line"]),
                "printed_text": str(r["value_text"]),
                "related_source_line": int(r["source_line"]),
                "related_text": r["indicator_name"],
                "subject": r["indicator_name"],
                "related_document_id": r["document_id"],
                "problem": problem,
            }
        )
    return _frame(rows, "unit_against_value")


# Parts against the whole inside one item ---------------------------------------------------

_WHOLE_MARK = re.compile(r"(?:总|共|合计|累计|总计)[^，。；,;]{0,8}$")
_PER_ITEM = re.compile(r"每[^，。；,;]{0,6}$")
_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:平方米|平米|㎡|m2|亩|张|个|人|所|处|户|家|名|间|栋|幢)")
_AMONG = "其中"


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    unit: str
    value: float
    tolerance: float
    text: str


def _quantities(text: str) -> list[_Quantity]:
    found = [
        _Quantity(a.start, a.end, "万元", a.value_wan, a.tolerance_wan, a.text) for a in find_amounts(text)
    ]
    taken = [(q.start, q.end) for q in found]
    for m in _QUANTITY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        parsed = parse_value(m.group(0))
        if parsed.number is None or not parsed.unit:
            continue
        found.append(
            _Quantity(
                m.start(), m.end(), parsed.unit, parsed.number, printed_tolerance(m.group(0)), m.group(0)
            )
        )
    return sorted(found, key=lambda q: q.start)


_EXHAUSTIVE = re.compile(r"其余|剩余|余下|其他")
# '原有 22 张，新增 78 张': what there was and what is added make the whole between them
_BEFORE_AND_ADDED = (re.compile(r"原有|现有"), re.compile(r"新增|新建|增加"))
_OPEN, _CLOSE = "(（", ")）"


def _list_opening(text: str, list_start: int) -> int:
    """Where a list is shown from: its 其中 included."""
    at = list_start - len(_AMONG)
    return at if at >= 0 and text.startswith(_AMONG, at) else list_start


def _breakdowns(text: str):
    """(list start, list end, window start, where the whole ends or None): each 其中 list,
    and each parenthesis right after its whole ('床位 100 张（原有 22 张，新增 78 张）')."""
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    full_stops = [m.end() for m in re.finditer(r"[。！？!?]", text)] + [len(text)]
    for among in re.finditer(_AMONG, text):
        index = next(i for i, (s, e) in enumerate(sentences) if s <= among.start() < e)
        list_end = next(e for e in full_stops if e > among.start())
        head = text[: among.start()].rstrip()
        whole_end = None
        if head[-1:] and head[-1] in _OPEN:
            close = min(
                (text.find(c, among.end()) for c in _CLOSE if text.find(c, among.end()) >= 0), default=-1
            )
            list_end = close if close >= 0 else list_end
            whole_end = len(head[:-1].rstrip())
        yield among.end(), list_end, sentences[max(0, index - 1)][0], whole_end
    for paren in re.finditer(r"[(（]", text):
        if text.startswith(_AMONG, paren.end()):
            continue
        close = min((text.find(c, paren.end()) for c in _CLOSE if text.find(c, paren.end()) >= 0), default=-1)
        if close >= 0:
            yield paren.end(), close, paren.start(), len(text[: paren.start()].rstrip())


def _whole_before(
    quantities: list[_Quantity], unit: str, text: str, start: int, end: int
) -> _Quantity | None:
    """The whole a 其中 list refers to: the last quantity of `unit` marked 总/共/合计/累计 in
    [start, end), else the only quantity of that unit there."""
    same = [q for q in quantities if q.unit == unit and start <= q.start < end]
    marked = [q for q in same if _WHOLE_MARK.search(text[max(start, q.start - 10) : q.start])]
    if marked:
        return marked[-1]
    return same[0] if len(same) == 1 else None


def parts_against_whole(document_id: str, lines: list[str]) -> list[dict]:
    """'总建筑面积 N 平方米 … 其中 A 栋 a 平方米，B 栋 b 平方米', '项目21个… 其中 X 项目15个；Y 项目4个…'
    and '总投资 N 万元，其中中央 a 万元，其余 b 万元自筹': the parts listed after 其中 against the whole
    stated before it (same unit, money in any of 元/万元/亿元).

    The whole is in the sentence of 其中 or the one before (see _whole_before); the parts are
    the quantities of its unit after 其中 up to the end of the sentence (a list separated by
    ；runs on to the 。), none a per-item figure (每所 …); two parts at least. Parts may list
    only some of the whole, so only parts exceeding it are a contradiction, unless the list
    says it is complete (其余 …): then falling short is one too.
    """
    rows = []
    for unit_text in text_units(lines):
        text = unit_text.text
        if _AMONG not in text and not any(c in text for c in _OPEN):
            continue
        quantities = _quantities(text)
        for list_start, list_end, window_start, whole_end in _breakdowns(text):
            for unit in sorted({q.unit for q in quantities}):
                parts = [
                    q
                    for q in quantities
                    if q.unit == unit
                    and list_start <= q.start < list_end
                    and not _PER_ITEM.search(text[max(0, q.start - 8) : q.start])
                ]
                if whole_end is not None:  # the quantity right before the parenthesis
                    whole = next((q for q in quantities if q.unit == unit and q.end == whole_end), None)
                else:
                    whole = _whole_before(quantities, unit, text, window_start, list_start - len(_AMONG))
                if len(parts) < 2 or whole is None:
                    continue
                total = float(sum(Decimal(str(p.value)) for p in parts))
                slack = whole.tolerance + sum(p.tolerance for p in parts) + 1e-6
                listed = text[list_start:list_end]
                complete = bool(_EXHAUSTIVE.search(listed)) or all(
                    w.search(listed) for w in _BEFORE_AND_ADDED
                )
                problem = None
                if total - whole.value > slack or (complete and whole.value - total > slack):
                    problem = (
                        f"the parts add up to {_num(total)} {unit} "
                        f"({' + '.join(p.text for p in parts)}) but the whole is {whole.text}"
                    )
                whole_phrase = re.split(r"[，,。；;、]", text[max(0, whole.start - 12) : whole.end])[
                    -1
                ].strip()
                rows.append(
                    {
                        "document_id": document_id,
                        "source_line": unit_text.line_at(whole.start),
                        "printed_text": whole_phrase,
                        "related_source_line": unit_text.line_at(parts[-1].start),
                        "related_text": text[_list_opening(text, list_start) : parts[-1].end],
                        "subject": whole_phrase,
                        "related_document_id": document_id,
                        "problem": problem,
                    }
                )
    return rows


# '床均面积 50 平方米' (per bed), '每所建筑面积 450 平方米' (per building): the count unit it is per
_PER_UNIT = re.compile(r"(?P<per>床均|每床|每张床位?|每所|每个|每处|每栋|每幢)(?:建筑)?面积")
_PER_COUNT_UNIT = {"床均": "张", "每床": "张", "每张": "张", "每张床": "张", "每张床位": "张"}
_AREA_UNITS = ("平方米",)
_TOTAL_AREA = re.compile(r"(?:建筑面积|建设规模|面积)[为约达]?$")


def _inside_parenthesis(text: str, at: int) -> bool:
    before = text[:at]
    opened = max(before.rfind(c) for c in _OPEN)
    return opened >= 0 and max(before.rfind(c) for c in _CLOSE) < opened


def per_unit_products(document_id: str, lines: list[str]) -> list[dict]:
    """'新建 200 张床位…建筑面积 10000 平方米，床均面积 50 平方米': count × per-unit area against the
    stated area, inside one sentence (or it and the one before). Compared only when the
    sentence holds exactly one count of that unit and one total area."""
    rows = []
    for unit_text in text_units(lines):
        text = unit_text.text
        if not _PER_UNIT.search(text):
            continue
        sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
        quantities = _quantities(text)
        for per in _PER_UNIT.finditer(text):
            count_unit = _PER_COUNT_UNIT.get(per["per"], per["per"][-1])
            index = next(i for i, (s, e) in enumerate(sentences) if s <= per.start() < e)
            start, end = sentences[max(0, index - 1)][0], sentences[index][1]
            per_area = next(
                (
                    q
                    for q in quantities
                    if q.start >= per.end() and q.unit in _AREA_UNITS and q.start - per.end() <= 4
                ),
                None,
            )
            if per_area is None:
                continue

            free = [
                q
                for q in quantities
                if start <= q.start < end
                and q is not per_area
                and not _PER_ITEM.search(text[max(start, q.start - 8) : q.start])
                and not _inside_parenthesis(text, q.start)  # a breakdown, not the count
            ]
            counts = [q for q in free if q.unit == count_unit]
            totals = [
                q
                for q in free
                if q.unit in _AREA_UNITS
                and _TOTAL_AREA.search(text[max(start, q.start - 6) : q.start].strip())
                and "占地" not in text[max(start, q.start - 8) : q.start]
            ]
            if len(counts) != 1 or len(totals) != 1:
                continue
            (count,), (total,) = counts, totals
            product = count.value * per_area.value
            slack = total.tolerance + count.value * per_area.tolerance + 1e-6
            problem = None
            if abs(product - total.value) > slack:
                problem = (
                    f"{count.text} × {per_area.text} = {_num(product)} 平方米, "
                    f"but the area is stated as {total.text}"
                )
            rows.append(
                {
                    "document_id": document_id,
                    "source_line": unit_text.line_at(total.start),
                    "printed_text": text[max(start, total.start - 6) : total.end].strip(),
                    "related_source_line": unit_text.line_at(per.start()),
                    "related_text": f"{count.text} … {text[per.start() : per_area.end]}",
                    "subject": text[max(start, total.start - 6) : total.end].strip(),
                    "related_document_id": document_id,
                    "problem": problem,
                }
            )
    return rows


# 1 亩 = 10000/15 平方米 (the statutory conversion)
SQUARE_METRES_PER_MU = 10000 / 15
_AREA_IN_MU = re.compile(
    r"(?P<m2>\d+(?:\.\d+)?)\s*(?:平方米|平米|㎡|m2)\s*[(（]\s*(?P<approx>合|约|折合|计)?\s*(?P<mu>\d+(?:\.\d+)?)\s*亩"
)


def area_restated_in_mu(document_id: str, lines: list[str]) -> list[dict]:
    """'215165.28 平米（合 322 亩）': an area restated in 亩 must be the same area, to the printed
    precision of the 亩 figure (约 widens it as the amount rule does)."""
    rows = []
    for unit in text_units(lines):
        for m in _AREA_IN_MU.finditer(unit.text):
            square_metres, mu = float(m["m2"]), float(m["mu"])
            printed_mu = ("约" if m["approx"] == "约" else "") + m["mu"]
            tolerance = printed_tolerance(printed_mu) or 0.5 * 10 ** -_decimals(m["mu"])
            converted = square_metres / SQUARE_METRES_PER_MU
            problem = None
            if abs(converted - mu) > tolerance + printed_tolerance(m["m2"]) / SQUARE_METRES_PER_MU + 1e-9:
                problem = f"{m['m2']} 平方米 is {converted:.2f} 亩, printed as {m['mu']} 亩"
            rows.append(
                {
                    "document_id": document_id,
                    "source_line": unit.line_at(m.start()),
                    "printed_text": m.group(0),
                    "related_source_line": unit.line_at(m.start("mu")),
                    "related_text": f"{m['mu']} 亩",
                    "subject": "area in 亩",
                    "related_document_id": document_id,
                    "problem": problem,
                }
            )
    return rows


def _decimals(printed: str) -> int:
    return len(printed.split(".")[1]) if "." in printed else 0


def restated_totals(reconciliation: pd.DataFrame, regions: dict) -> pd.DataFrame:
    """One total stated twice in a plan ('0.68亿元' in the text, '6850' as the table's subtotal):
    two rpt_reconciliation rows of one plan and measure that reconcile against the same
    rows (same computed value; scope 'all' both, or categories named alike). The coarser
    statement must round to the finer one half up (四舍五入): 6850 万元 is 0.69亿元, not 0.68."""
    rows = []
    records = [r for r in reconciliation.to_dict("records") if not _missing(r.get("stated_value"))]
    for i, a in enumerate(records):
        for b in records[i + 1 :]:
            if (a["plan_id"], a["measure"]) != (b["plan_id"], b["measure"]) or a["source_line"] == b[
                "source_line"
            ]:
                continue
            if _missing(a.get("computed_value")) or a.get("computed_value") != b.get("computed_value"):
                continue
            same_scope = a["scope"] == b["scope"] == "all" or (
                a["scope"] != "all"
                and b["scope"] != "all"
                and fuzz.ratio(str(a["scope"]), str(b["scope"])) >= _SCOPE_ALIKE
            )
            if not same_scope:
                continue
            coarse, fine = sorted((a, b), key=lambda r: -float(r.get("tolerance") or 0))
            tol = float(coarse.get("tolerance") or 0)
            low, high = float(coarse["stated_value"]) - tol, float(coarse["stated_value"]) + tol
            value = float(fine["stated_value"])
            inside = low - 1e-9 <= value < high - 1e-9 if tol else abs(value - low) <= 1e-9
            main, related = (b, a) if int(b["source_line"]) > int(a["source_line"]) else (a, b)
            problem = None
            if not inside:
                unit = " 万元" if main["measure"] == "investment_wan_yuan" else ""
                problem = (
                    f"{_printed(main)} and {_printed(related)} state the same total "
                    f"({str(main['scope']).removeprefix('category:')}, {main['measure']}): "
                    f"{_num(value)}{unit} does not round to {_stated_figure(coarse)}"
                )
            rows.append(
                {
                    "document_id": main["document_id"],
                    "plan_id": main["plan_id"],
                    "region_code": regions.get(main["plan_id"]),
                    "source_line": int(main["source_line"]),
                    "printed_text": _printed(main),
                    "related_source_line": int(related["source_line"]),
                    "related_text": _printed(related),
                    "subject": str(main["scope"]),
                    "related_document_id": related["document_id"],
                    "problem": problem,
                }
            )
    return _frame(rows, "restated_total_conflict")


_SCOPE_ALIKE = 60  # fuzz ratio of two printed category names of one list of projects


def _stated_figure(r: dict) -> str:
    """The figure of a stated total as printed ('0.68亿元'), else its value."""
    amounts = find_amounts(_printed(r)) if r["measure"] == "investment_wan_yuan" else []
    return amounts[-1].text if amounts else _num(r["stated_value"])


def _printed(r: dict) -> str:
    text = r.get("stated_text")
    return str(text) if isinstance(text, str) and text else _num(r["stated_value"])


# One project, several mentions ----------------------------------------------------------

_PROJECT_DECOR = re.compile(
    r"^(?:[\d一二三四五六七八九十]+[.、．]|[（(][\d一二三四五六七八九十]+[）)])|(?:建设)?(?:项目|工程)$"
)


def project_key(name: str) -> str:
    text = normalize_text(name or "")
    text = re.sub(r"[“”\"《》]", "", text)
    return _PROJECT_DECOR.sub("", text)


_PROJECT_FACTS = (
    ("planned_investment_wan_yuan", "investment_text", "investment (万元)"),
    ("start_year", "years_text", "start year"),
    ("end_year", "years_text", "end year"),
    ("beds", None, "beds"),
    ("floor_area_m2", None, "floor area (m²)"),
)


def project_mentions(projects: pd.DataFrame) -> pd.DataFrame:
    """The same project (normalised name) listed twice in one document — table, prose,
    专栏 — with a different investment, years, beds or floor area."""
    by_name = defaultdict(list)
    for r in projects.to_dict("records"):
        key = project_key(r["project_name"])
        if len(key) >= 4:
            by_name[(r["document_id"], key)].append(r)
    rows = []
    for mentions in by_name.values():
        mentions.sort(key=lambda r: int(r["source_line"]))
        for i, a in enumerate(mentions):
            for b in mentions[i + 1 :]:
                if int(a["source_line"]) == int(b["source_line"]):
                    continue
                for column, printed_column, label in _PROJECT_FACTS:
                    va, vb = a.get(column), b.get(column)
                    if _missing(va) or _missing(vb):
                        continue
                    slack = 1e-6
                    if column == "planned_investment_wan_yuan":
                        slack += _amount_tolerance(a.get(printed_column)) + _amount_tolerance(
                            b.get(printed_column)
                        )
                    problem = None
                    if abs(float(va) - float(vb)) > slack:
                        problem = (
                            f"{label}: {_num(vb)} at line {int(b['source_line'])} ({b['source_kind']}) but "
                            f"{_num(va)} at line {int(a['source_line'])} ({a['source_kind']})"
                        )

                    rows.append(
                        {
                            "document_id": b["document_id"],
                            "plan_id": b["plan_id"],
                            "region_code": b.get("region_code"),
                            "source_line": int(b["source_line"]),
                            "printed_text": _shown(b, printed_column, vb),
                            "related_source_line": int(a["source_line"]),
                            "related_text": _shown(a, printed_column, va),
                            "subject": b["project_name"],
                            "related_document_id": a["document_id"],
                            "problem": problem,
                        }
                    )
    return _frame(rows, "project_mentions_differ")


def _shown(project: dict, printed_column: str | None, value) -> str:
    printed = project.get(printed_column) if printed_column else None
    return f"{project['project_name']}: {printed if isinstance(printed, str) else _num(value)}"


def _amount_tolerance(printed) -> float:
    if not isinstance(printed, str):
        return 0.0
    amount = parse_amount(printed) or next(iter(find_amounts(printed)), None)
    return amount.tolerance_wan if amount else 0.0


# Document structure -------------------------------------------------------------------------

_LEADER_AND_PAGE = re.compile(r"(?:\.{2,}|…+|·{2,}|．{2,}|-{4,})?\s*\d{0,3}\s*$")
_NUMBERING = re.compile(
    r"^(第[一二三四五六七八九十百\d]+[章节篇部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
)
_TOC_CLOSE = 60  # fuzz ratio of an entry and a heading that are the same section reworded


def _toc_text(line: str) -> str:
    text = compact(line)
    text = _LEADER_AND_PAGE.sub("", text)
    return unicodedata.normalize("NFKC", text)


def toc_against_body(document_id: str, lines: list[str]) -> list[dict]:
    """Each table-of-contents entry against the body heading it points to: the first body
    line after the previous match that starts with the entry (equal), else the first one
    with the same numbering whose text is close (differs), else none at all."""
    blocks = _blocks(lines)
    rows = []
    for toc in (b for b in blocks if b.block_kind == "toc"):
        body = [
            (n, unicodedata.normalize("NFKC", compact(lines[n - 1])))
            for n in range(toc.end_line + 1, len(lines) + 1)
        ]
        body = [(n, t) for n, t in body if t]
        cursor = 0
        for line_no in range(toc.start_line, toc.end_line + 1):
            entry = _toc_text(lines[line_no - 1])
            numbering = _NUMBERING.match(entry)
            if not numbering or len(entry) <= len(numbering.group(0)) + 1:
                continue
            equal = next((i for i in range(cursor, len(body)) if body[i][1].startswith(entry)), None)
            if equal is not None:
                cursor = equal + 1
                rows.append(
                    _structure_row(
                        document_id,
                        line_no,
                        lines[line_no - 1],
                        body[equal][0],
                        lines[body[equal][0] - 1],
                        None,
                    )
                )
                continue
            close = None
            for i in range(cursor, len(body)):
                heading = body[i][1]
                if (
                    len(heading) <= 60
                    and heading.startswith(numbering.group(0))
                    and fuzz.ratio(entry, heading[: len(entry) + 4]) >= _TOC_CLOSE
                ):
                    close = i
                    break
            title = entry[len(numbering.group(0)) :]
            if close is not None:
                cursor = close + 1
                rows.append(
                    _structure_row(
                        document_id,
                        line_no,
                        lines[line_no - 1],
                        body[close][0],
                        lines[body[close][0] - 1],
                        f"the table of contents prints “{entry}”, the body heading reads “{body[close][1]}”",
                    )
                )
            elif not any(title in t for _, t in body):
                rows.append(
                    _structure_row(
                        document_id,
                        line_no,
                        lines[line_no - 1],
                        None,
                        None,
                        f"the table of contents lists “{entry}” but no body heading has that title",
                    )
                )
            else:
                rows.append(_structure_row(document_id, line_no, lines[line_no - 1], None, None, None))
    return rows


def _structure_row(document_id, line, text, related_line, related_text, problem) -> dict:
    return {
        "document_id": document_id,
        "source_line": line,
        "printed_text": compact(text),
        "related_source_line": related_line,
        "related_text": None if related_text is None else related_text.strip(),
        "subject": "table of contents",
        "related_document_id": document_id,
        "problem": problem,
    }


def period_against_section(document_id: str, lines: list[str]) -> list[dict]:
    """A heading naming one five-year period over a section whose text names only another:
    the section's periods are counted in its paragraphs up to the next heading of the same
    or a higher level; it takes two mentions of the other period and none of the heading's."""
    blocks = _blocks(lines)
    rows = []
    headings = [b for b in blocks if b.block_kind == "heading" and b.heading_level]
    for index, heading in enumerate(headings):
        named = {(s, e) for _, s, e in periods_named(compact(heading.text))}
        if len(named) != 1:
            continue
        end = next(
            (h.start_line for h in headings[index + 1 :] if h.heading_level <= heading.heading_level),
            len(lines) + 1,
        )
        counts = defaultdict(int)
        first_line = {}
        section = [
            b for b in blocks if heading.end_line < b.start_line < end and b.block_kind in _JOINED_KINDS
        ]
        # the section's first paragraph opening with a period names what the section is about
        first_paragraph = None
        if section:
            opening = periods_named(compact(section[0].text)[:4])
            first_paragraph = section[0].start_line if opening else None
        for b in section:
            for _, s, e in periods_named(compact(b.text)):
                counts[(s, e)] += 1
                first_line.setdefault((s, e), b.start_line)
        if not counts:
            continue
        (period,) = named
        others = [p for p in counts if p != period]
        problem = None
        opens_with_other = first_line.get(others[0]) == first_paragraph if len(others) == 1 else False
        if period not in counts and len(others) == 1 and (counts[others[0]] >= 2 or opens_with_other):
            other = others[0]
            problem = (
                f"the heading names the {period[0]}–{period[1]} period, its section speaks only of "
                f"{other[0]}–{other[1]} ({counts[other]} mentions)"
            )
        related = first_line.get(others[0]) if problem else None
        rows.append(
            {
                "document_id": document_id,
                "source_line": heading.start_line,
                "printed_text": compact(heading.text),
                "related_source_line": related,
                "related_text": None if related is None else lines[related - 1].strip()[:200],
                "subject": "section period",
                "related_document_id": document_id,
                "problem": problem,
            }
        )
    return rows


_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:至|到|—|–|-|－|~|～)+\s*((?:19|20)\d{2})\s*年")


def period_against_years(document_id: str, lines: list[str]) -> list[dict]:
    """A sentence naming a five-year period and a span of years that runs past that period's
    end while starting inside it ('“十三五”时期…2017 年至 2021 年共发放…'): the figure is
    given for another window than the period the sentence reports on."""
    rows = []
    for unit in text_units(lines):
        text = unit.text
        for sentence in _SENTENCE.finditer(text):
            body = sentence.group(0)
            named = {(s, e) for _, s, e in periods_named(body)}
            if len(named) != 1:
                continue
            ((start, end),) = named
            for span in _YEAR_SPAN.finditer(body):
                first, last = int(span.group(1)), int(span.group(2))
                problem = None
                if start < first <= end < last:
                    problem = (
                        f"the sentence reports on the {start}–{end} period but gives a figure for "
                        f"{first}–{last}"
                    )
                at = unit.line_at(sentence.start() + span.start())
                rows.append(
                    {
                        "document_id": document_id,
                        "source_line": at,
                        "printed_text": span.group(0),
                        "related_source_line": unit.line_at(
                            sentence.start() + body.find(_period_words(body))
                        ),
                        "related_text": _period_words(body),
                        "subject": "period of a figure",
                        "related_document_id": document_id,
                        "problem": problem,
                    }
                )
    return rows


def _period_words(text: str) -> str:
    """The clause of `text` that names its period, as printed: '“十三五”时期'."""
    at = periods_named(text)[0][0]
    start = max(text.rfind(c, 0, at) for c in "，,；;。") + 1
    ends = [i for i in (text.find(c, at) for c in "，,；;。") if i >= 0]
    return text[start : min(ends) if ends else len(text)].strip()


# Frames for the suites ----------------------------------------------------------------------


def _missing(x) -> bool:
    try:
        return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))
    except TypeError:
        return False


def document_texts(document_lines: pd.DataFrame) -> dict[str, list[str]]:
    """{document_id: its lines (index 0 = line 1)} from raw.document_lines rows."""
    texts = {}
    for document_id, group in document_lines.groupby("document_id"):
        ordered = group.sort_values("line_no")
        lines = [""] * int(ordered["line_no"].max())
        for n, t in zip(ordered["line_no"], ordered["text"], strict=True):
            lines[int(n) - 1] = t or ""
        texts[document_id] = lines
    return texts


@dataclass
class PlanLayout:
    """Where each document's plans start and which years they cover (from dim_plan)."""

    starts: dict[str, list[tuple[int, str]]]
    periods: dict[str, tuple[int, int]]
    regions: dict[str, str]

    @classmethod
    def of(cls, plans: pd.DataFrame) -> PlanLayout:
        starts, periods, regions = defaultdict(list), {}, {}
        for p in plans.to_dict("records"):
            line = p.get("source_line")
            starts[p["document_id"]].append((0 if _missing(line) else int(line), p["plan_id"]))
            if not _missing(p["period_start_year"]) and not _missing(p["period_end_year"]):
                periods[p["plan_id"]] = (int(p["period_start_year"]), int(p["period_end_year"]))
            if isinstance(p.get("region_code"), str):
                regions[p["plan_id"]] = p["region_code"]
        return cls(dict(starts), periods, regions)


# Rules that read one document's text alone: {rule: check(document_id, lines) -> rows}.
TEXT_RULES = {
    "parts_against_whole": parts_against_whole,
    "per_unit_product_mismatch": per_unit_products,
    "area_restated_in_mu": area_restated_in_mu,
    "toc_against_body": toc_against_body,
    "period_against_section": period_against_section,
    "period_against_years": period_against_years,
}


@dataclass
class TextReading:
    """What the cross-checks read in the documents' texts, one document at a time (so each
    text is segmented once): prose statements and the rows of every rule of TEXT_RULES."""

    statements: list[Statement]
    rows: dict[str, list[dict]]


def read_document(
    document_id: str, lines: list[str], plan_starts: list[tuple[int, str]], plan_periods: dict
) -> tuple[list[Statement], dict[str, list[dict]]]:
    """One document's prose statements and the rows of every rule of TEXT_RULES."""
    try:
        statements = prose_statements(document_id, lines, plan_starts, plan_periods)
        return statements, {rule: check(document_id, lines) for rule, check in TEXT_RULES.items()}
    finally:
        _LAST_READ.clear()


# Fewer documents than this are read in this process (a scoped check reads one or a few).
PARALLEL_FROM_DOCUMENTS = 64


def read_texts(texts: dict[str, list[str]], layout: PlanLayout, workers: int | None = None) -> TextReading:
    """Read every document (CPU-bound pure Python: in worker processes when there are many)."""
    ids = list(texts)
    results = map_in_processes(
        read_document,
        ids,
        [texts[d] for d in ids],
        [layout.starts.get(d, []) for d in ids],
        [layout.periods] * len(ids),
        serial_below=PARALLEL_FROM_DOCUMENTS,
        workers=workers,
    )
    statements, rows = [], {rule: [] for rule in TEXT_RULES}
    for document_statements, document_rows in results:
        statements += document_statements
        for rule, found in document_rows.items():
            rows[rule] += found
    return TextReading(statements, rows)


def all_prose_statements(texts: dict[str, list[str]], layout: PlanLayout) -> list[Statement]:
    out = []
    for document_id, lines in texts.items():
        out += prose_statements(document_id, lines, layout.starts.get(document_id, []), layout.periods)
    return out


def with_plans(rows: list[dict], layout: PlanLayout, rule: str) -> pd.DataFrame:
    """Rows found in document text, given the plan their line belongs to."""
    for r in rows:
        r["plan_id"] = plan_of_line(layout.starts.get(r["document_id"], []), r["source_line"])
        r["region_code"] = layout.regions.get(r["plan_id"])
    return _frame(rows, rule)
