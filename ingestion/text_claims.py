"""What a plan's text claims that another part of the same text can contradict, read once.

A careful reader with a pencil finds, besides the values of the indicators, claims that hold
their own check: a whole and the parts listed after it (其中 …), a count, a per-unit area and
the area they make, an area restated in 亩, a table-of-contents entry and the heading it points
to, a heading's five-year period and the periods its section speaks of, a sentence's period
and the span of years it gives a figure for; and, in an indicator table, the unit a row's name
prints and the unit its value prints. This module finds those claims in the text
(pure: lines and blocks in, model.TextClaim rows out, landed as raw.text_claims); the quality
layer (expectations.cross_text) compares each claim's items and reports the ones that
disagree, with both lines.

A text unit is a paragraph, list item or 专栏 box as `ingestion.blocks` segments it (a PDF
paragraph wrapped over several lines is one text); every other non-blank line is one of its
own. Figures carry their tolerance: half a unit of the last printed digit
(ingestion.amounts.half_unit_of_last_digit; '约300' ±50).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ingestion.amounts import find_amounts, half_unit_of_last_digit
from ingestion.headings import NUMBERING_STYLES, numbering_re
from ingestion.model import Block, IndicatorValue, TextClaim
from ingestion.periods import periods_named
from ingestion.plans import compact
from ingestion.statements import (
    NAME_CHARS,
    SENTENCE,
    SEVERAL,
    VERB,
    clause_subject,
    indicator_key,
    institution_figure,
    period_year,
    same_indicator,
    value_after,
    year_before,
)
from ingestion.values import normalize_text, parse_value, unit_from_name
from vocabulary.years import YEAR_RANGE

# Printed precision -----------------------------------------------------------------------

_APPROXIMATE = re.compile(r"约|左右|余|多|近")
_PRINTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def printed_tolerance(text: str | None) -> float:
    """Half a unit of the last printed digit (exact integers 0; '约300' ±50): the amount rule."""
    t = normalize_text(text or "")
    m = _PRINTED_NUMBER.search(t.replace(",", ""))
    if not m:
        return 0.0
    return float(half_unit_of_last_digit(m.group(0), bool(_APPROXIMATE.search(t))))


# Text units -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextUnit:
    """What a reader reads as one piece: a wrapped paragraph joined, or one line."""

    text: str  # NFKC, lines joined without their line breaks
    lines: list[int]  # the source line of every character of `text`

    def line_at(self, offset: int) -> int:
        return self.lines[min(max(offset, 0), len(self.lines) - 1)]


_JOINED_KINDS = ("paragraph", "list_item", "box")


def text_units(lines: list[str], blocks: list[Block]) -> list[TextUnit]:
    """Paragraphs and list items as one text each (PDF text wraps a sentence over several
    lines); every other non-blank line on its own."""
    units, covered = [], set()
    for block in blocks:
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


def heading_periods(lines: list[str], blocks: list[Block]) -> dict[int, tuple[int, int]]:
    """{line: the period the innermost enclosing heading names} (1-based lines)."""
    context: dict[int, tuple[int, int]] = {}
    stack: dict[int, tuple[int, int] | None] = {}
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


class _Claims:
    """The claims of one document as they are found, numbered in order."""

    def __init__(self) -> None:
        self.rows: list[TextClaim] = []
        self.seq = 0

    def add(self, kind: str, items: list[dict]) -> None:
        self.seq += 1
        for n, item in enumerate(items, start=1):
            self.rows.append(TextClaim(claim_seq=self.seq, claim_kind=kind, item_seq=n, **item))


# Values of indicators stated in sentences ---------------------------------------------------


def stated_values(
    claims: _Claims,
    units: list[TextUnit],
    headings: dict[int, tuple[int, int]],
    period_at: Callable[[int], tuple[int, int] | None],
    table_keys: dict[str, str],
) -> None:
    """'到2025年，…覆盖率达到85%以上' -> (…覆盖率, 2025, target, ≥85 %).

    The year is the last year printed before the value in the sentence, else the last
    five-year period named before it in the sentence, else the first one of its paragraph
    (its end year), else the period of the enclosing heading; with none of those the
    statement is not read. A year before the plan's period makes it an actual, from the
    period's start on a target. A name that is one of the document's indicator-table names
    (ingestion.statements.same_indicator) takes the table's printed name as its measure.
    """
    ordered_keys = sorted(table_keys, key=len, reverse=True)
    for unit in units:
        text = unit.text
        period = period_at(unit.lines[0])
        if period is None or not VERB.search(text):
            continue
        for sentence in SENTENCE.finditer(text):
            body = sentence.group(0)
            for verb in VERB.finditer(body):
                clause_start, subject = clause_subject(body, verb.start())
                if not NAME_CHARS.match(subject) or SEVERAL.search(subject):
                    continue
                value = value_after(body[verb.end() :])
                if value is None:
                    continue
                printed, parsed = value
                before = body[: verb.start()]
                year = year_before(before)
                if year is None:
                    year = period_year(before) or period_year(text[: sentence.start()], first=True)
                    heading = headings.get(unit.lines[0])
                    year = year or (heading[1] if heading else None)
                if year is None:
                    continue
                key = indicator_key(subject)
                match = next((k for k in ordered_keys if same_indicator(key, k)), None)
                measure = table_keys[match] if match is not None else key
                if institution_figure(body, subject):
                    measure = f"@{key}"  # a figure of one institution, not of the region
                claims.add(
                    "stated_value",
                    [
                        {
                            "item_role": "value",
                            "source_line": unit.line_at(sentence.start() + verb.start()),
                            "printed_text": body[clause_start : verb.end()].strip() + printed,
                            "value_text": printed,
                            "value_numeric": parsed.number,
                            "value_tolerance": printed_tolerance(printed),
                            "comparator": parsed.comparator,
                            "unit": parsed.unit,
                            "subject": subject,
                            "measure": measure,
                            "statement_kind": "actual" if year < period[0] else "target",
                            "year": year,
                        }
                    ],
                )


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


def _figure(q: _Quantity, role: str, line: int, printed: str) -> dict:
    return {
        "item_role": role,
        "source_line": line,
        "printed_text": printed,
        "value_text": q.text,
        "value_numeric": q.value,
        "value_tolerance": q.tolerance,
        "unit": q.unit,
    }


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
    sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(text)]
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


def parts_of_whole(claims: _Claims, units: list[TextUnit]) -> None:
    """'总建筑面积 N 平方米 … 其中 A 栋 a 平方米，B 栋 b 平方米', '项目21个… 其中 X 项目15个；Y 项目4个…'
    and '总投资 N 万元，其中中央 a 万元，其余 b 万元自筹': the parts listed after 其中 and the whole
    stated before it (same unit, money in any of 元/万元/亿元, in 万元).

    The whole is in the sentence of 其中 or the one before (see _whole_before); the parts are
    the quantities of its unit after 其中 up to the end of the sentence (a list separated by
    ；runs on to the 。), none a per-item figure (每所 …); two parts at least. A part's
    printed_text is the list as printed up to it; the whole says whether the list says it is
    complete (其余 …, 原有 … 新增 …).
    """
    for unit_text in units:
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
                listed = text[list_start:list_end]
                complete = bool(_EXHAUSTIVE.search(listed)) or all(
                    w.search(listed) for w in _BEFORE_AND_ADDED
                )
                whole_phrase = re.split(r"[，,。；;、]", text[max(0, whole.start - 12) : whole.end])[
                    -1
                ].strip()
                opening = _list_opening(text, list_start)
                claims.add(
                    "parts_of_whole",
                    [
                        {
                            **_figure(whole, "whole", unit_text.line_at(whole.start), whole_phrase),
                            "is_complete": complete,
                        },
                        *(
                            _figure(p, "part", unit_text.line_at(p.start), text[opening : p.end])
                            for p in parts
                        ),
                    ],
                )


# '床均面积 50 平方米' (per bed), '每所建筑面积 450 平方米' (per building): the count unit it is per
_PER_UNIT = re.compile(r"(?P<per>床均|每床|每张床位?|每所|每个|每处|每栋|每幢)(?:建筑)?面积")
_PER_COUNT_UNIT = {"床均": "张", "每床": "张", "每张": "张", "每张床": "张", "每张床位": "张"}
_AREA_UNITS = ("平方米",)
_TOTAL_AREA = re.compile(r"(?:建筑面积|建设规模|面积)[为约达]?$")


def _inside_parenthesis(text: str, at: int) -> bool:
    before = text[:at]
    opened = max(before.rfind(c) for c in _OPEN)
    return opened >= 0 and max(before.rfind(c) for c in _CLOSE) < opened


def per_unit_areas(claims: _Claims, units: list[TextUnit]) -> None:
    """'新建 200 张床位…建筑面积 10000 平方米，床均面积 50 平方米': the count, the per-unit area and
    the stated area, inside one sentence (or it and the one before). Read only when the
    sentence holds exactly one count of that unit and one total area."""
    for unit_text in units:
        text = unit_text.text
        if not _PER_UNIT.search(text):
            continue
        sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(text)]
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
            claims.add(
                "per_unit_area",
                [
                    _figure(
                        total,
                        "total",
                        unit_text.line_at(total.start),
                        text[max(start, total.start - 6) : total.end].strip(),
                    ),
                    _figure(count, "count", unit_text.line_at(count.start), count.text),
                    _figure(
                        per_area, "per_unit", unit_text.line_at(per.start()), text[per.start() : per_area.end]
                    ),
                ],
            )


_AREA_IN_MU = re.compile(
    r"(?P<m2>\d+(?:\.\d+)?)\s*(?:平方米|平米|㎡|m2)\s*[(（]\s*(?P<approx>合|约|折合|计)?\s*(?P<mu>\d+(?:\.\d+)?)\s*亩"
)


def _decimals(printed: str) -> int:
    return len(printed.split(".")[1]) if "." in printed else 0


def areas_in_mu(claims: _Claims, units: list[TextUnit]) -> None:
    """'215165.28 平米（合 322 亩）': an area and its restatement in 亩, each with the tolerance of
    its printed precision (a 亩 figure to its last digit; 约 widens it as the amount rule does)."""
    for unit in units:
        for m in _AREA_IN_MU.finditer(unit.text):
            printed_mu = ("约" if m["approx"] == "约" else "") + m["mu"]
            claims.add(
                "area_in_mu",
                [
                    {
                        "item_role": "square_metres",
                        "source_line": unit.line_at(m.start()),
                        "printed_text": m.group(0),
                        "value_text": m["m2"],
                        "value_numeric": float(m["m2"]),
                        "value_tolerance": printed_tolerance(m["m2"]),
                        "unit": "平方米",
                    },
                    {
                        "item_role": "mu",
                        "source_line": unit.line_at(m.start("mu")),
                        "printed_text": f"{m['mu']} 亩",
                        "value_text": m["mu"],
                        "value_numeric": float(m["mu"]),
                        "value_tolerance": printed_tolerance(printed_mu) or 0.5 * 10 ** -_decimals(m["mu"]),
                        "unit": "亩",
                    },
                ],
            )


# Document structure -------------------------------------------------------------------------

_LEADER_AND_PAGE = re.compile(r"(?:\.{2,}|…+|·{2,}|．{2,}|-{4,})?\s*\d{0,3}\s*$")
# a TOC entry and its heading open with the same numbering, of any style
_NUMBERING = numbering_re(tuple(style for style, _ in NUMBERING_STYLES))
_TOC_CLOSE = 60  # fuzz ratio of an entry and a heading that are the same section reworded


def _toc_text(line: str) -> str:
    text = compact(line)
    text = _LEADER_AND_PAGE.sub("", text)
    return unicodedata.normalize("NFKC", text)


def toc_entries(claims: _Claims, lines: list[str], blocks: list[Block]) -> None:
    """Each numbered table-of-contents entry and the body heading it points to: the first body
    line after the previous match that starts with the entry, else the first one with the same
    numbering whose text is close (a reworded heading), else none — then where its title is
    printed in the body at all (title_in_text), if anywhere. An entry's printed_text is its
    line as printed (compact), value_text the entry as compared (leader and page removed);
    a heading's value_text is its line as compared."""
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
            found = next((i for i in range(cursor, len(body)) if body[i][1].startswith(entry)), None)
            if found is None:
                for i in range(cursor, len(body)):
                    heading = body[i][1]
                    if (
                        len(heading) <= 60
                        and heading.startswith(numbering.group(0))
                        and fuzz.ratio(entry, heading[: len(entry) + 4]) >= _TOC_CLOSE
                    ):
                        found = i
                        break
            items = [
                {
                    "item_role": "entry",
                    "source_line": line_no,
                    "printed_text": compact(lines[line_no - 1]),
                    "value_text": entry,
                }
            ]
            if found is not None:
                cursor = found + 1
                n, heading = body[found]
                items.append(
                    {
                        "item_role": "heading",
                        "source_line": n,
                        "printed_text": lines[n - 1].strip(),
                        "value_text": heading,
                    }
                )
            else:
                title = entry[len(numbering.group(0)) :]
                where = next((n for n, t in body if title in t), None)
                if where is not None:
                    items.append(
                        {
                            "item_role": "title_in_text",
                            "source_line": where,
                            "printed_text": lines[where - 1].strip(),
                            "value_text": title,
                        }
                    )
            claims.add("toc_entry", items)


def section_periods(claims: _Claims, lines: list[str], blocks: list[Block]) -> None:
    """A heading naming one five-year period, and the periods its section speaks of: counted in
    its paragraphs up to the next heading of the same or a higher level, each with the line
    first naming it (opening_mention when that is the section's first paragraph and the
    paragraph opens with the period)."""
    headings = [b for b in blocks if b.block_kind == "heading" and b.heading_level]
    for index, heading in enumerate(headings):
        named = {(s, e) for _, s, e in periods_named(compact(heading.text))}
        if len(named) != 1:
            continue
        end = next(
            (h.start_line for h in headings[index + 1 :] if h.heading_level <= heading.heading_level),
            len(lines) + 1,
        )
        counts: dict[tuple[int, int], int] = defaultdict(int)
        first_line: dict[tuple[int, int], int] = {}
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
        ((start, stop),) = named
        items = [
            {
                "item_role": "heading",
                "source_line": heading.start_line,
                "printed_text": compact(heading.text),
                "period_start_year": start,
                "period_end_year": stop,
            }
        ]
        for (s, e), count in counts.items():
            line = first_line[(s, e)]
            items.append(
                {
                    "item_role": "opening_mention" if line == first_paragraph else "mention",
                    "source_line": line,
                    "printed_text": lines[line - 1].strip()[:200],
                    "value_numeric": float(count),
                    "period_start_year": s,
                    "period_end_year": e,
                }
            )
        claims.add("section_period", items)


_YEAR_SPAN = re.compile(YEAR_RANGE + r"\s*年")


def _period_words(text: str) -> str:
    """The clause of `text` that names its period, as printed: '“十三五”时期'."""
    at = periods_named(text)[0][0]
    start = max(text.rfind(c, 0, at) for c in "，,；;。") + 1
    ends = [i for i in (text.find(c, at) for c in "，,；;。") if i >= 0]
    return text[start : min(ends) if ends else len(text)].strip()


def periods_of_figures(claims: _Claims, units: list[TextUnit]) -> None:
    """A sentence naming one five-year period and a span of years ('“十三五”时期…2017 年至 2021
    年共发放…'): the period it reports on and the window its figure is given for."""
    for unit in units:
        text = unit.text
        for sentence in SENTENCE.finditer(text):
            body = sentence.group(0)
            named = {(s, e) for _, s, e in periods_named(body)}
            if len(named) != 1:
                continue
            ((start, end),) = named
            words = _period_words(body)
            for span in _YEAR_SPAN.finditer(body):
                claims.add(
                    "period_of_figure",
                    [
                        {
                            "item_role": "years",
                            "source_line": unit.line_at(sentence.start() + span.start()),
                            "printed_text": span.group(0),
                            "period_start_year": int(span.group(1)),
                            "period_end_year": int(span.group(2)),
                        },
                        {
                            "item_role": "period",
                            "source_line": unit.line_at(sentence.start() + body.find(words)),
                            "printed_text": words,
                            "period_start_year": start,
                            "period_end_year": end,
                        },
                    ],
                )


# The unit in an indicator's name and the unit of its value -------------------------------------


def units_of_values(claims: _Claims, values: Iterable[IndicatorValue]) -> None:
    """'街道综合养老服务中心（个）' holding '100%': the unit an indicator-table row's name prints and
    the unit its value prints, when both print one (growth values aside)."""
    for value in values:
        if value.value_kind == "growth" or value.value_numeric is None:
            continue
        raw_unit, name_unit = unit_from_name(value.indicator_name)
        value_unit = parse_value(value.value_text).unit
        if not name_unit or not value_unit:
            continue
        claims.add(
            "unit_of_value",
            [
                {
                    "item_role": "value",
                    "source_line": value.source_line,
                    "printed_text": value.value_text,
                    "value_text": value.value_text,
                    "unit": value_unit,
                },
                {
                    "item_role": "name",
                    "source_line": value.source_line,
                    "printed_text": value.indicator_name,
                    "value_text": raw_unit,
                    "unit": name_unit,
                },
            ],
        )


# One document --------------------------------------------------------------------------------


def extract_text_claims(
    lines: list[str],
    blocks: list[Block],
    period_at: Callable[[int], tuple[int, int] | None],
    indicator_values: Iterable[IndicatorValue] = (),
) -> list[TextClaim]:
    """Every claim of the document's text, in the order of the kinds above.

    `period_at(line)`: the period of the plan printed at a line (ingestion.extract.plan_period_at);
    `indicator_values`: the document's indicator-table rows (a stated value naming one of their
    indicators takes its printed name as measure; their names and values print units).
    """
    values = list(indicator_values)
    table_keys: dict[str, str] = {}
    for value in values:
        table_keys.setdefault(indicator_key(value.indicator_name), value.indicator_name)
    units = text_units(lines, blocks)
    claims = _Claims()
    stated_values(claims, units, heading_periods(lines, blocks), period_at, table_keys)
    parts_of_whole(claims, units)
    per_unit_areas(claims, units)
    areas_in_mu(claims, units)
    toc_entries(claims, lines, blocks)
    section_periods(claims, lines, blocks)
    periods_of_figures(claims, units)
    units_of_values(claims, values)
    return claims.rows
