"""Every quantitative statement of a plan's prose, read once: subject, value, year, kind, span.

"到2025年，全县养老机构护理型床位占比达到55%以上" -> subject 全县养老机构护理型床位占比,
measure 养老机构护理型床位占比, '>=' 55 '%', year 2025, kind 'target'.

A text unit is a paragraph, list item or 专栏 box as `ingestion.blocks` segments it (a PDF
paragraph wrapped over several lines is one unit); tables, headings and the table of contents
are not prose. Each unit is split into sentences (。；！？) and read in two passes:

1. value clauses: a name, a verb (达到 / 提高到 / 保持在 / 为 / a comparator word …) and a
   number with a unit ('覆盖率达到85%以上'); the name must look like an indicator name
   (3–30 Chinese characters) and the sentence must not give several values at once (分别 / 均).
2. every other number printed with a unit of the field (张, 个, %, 万元 …): '新增养老床位200张'.

Kinds (`statement_kind`), first that applies: growth (增长 / 增速 / 个百分点), target (a year
from the plan's period on, announced as one: 到2025年 / 到“十四五”末 / 2025年底前 / a 目标 section,
with a value clause or a comparator), actual (a year before the plan's period), standard
(标准, 元/人·月), amount (元 / 万元 / 亿元), share (% / ‰), count (anything else).

A target is an indicator fact (`is_indicator_target`, fct_indicator_values with source_kind
'prose') only when it comes from a value clause whose name is an indicator's name: no action
word in front (新增 / 建设 / 培训 … state how much work is done, not the level of an
indicator), no institution's own figure (县社会福利院…), one value per name.

Spans are 0-based character offsets of the printed value (comparator words and unit
included) within its source line's text. Pure functions; the one home of the prose value
grammar (expectations.crosschecks reads its clause rules from here).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ingestion.indicator_synonyms import DISTINGUISHING_WORDS
from ingestion.model import Block, Statement
from ingestion.periods import SHORT_PERIOD_NAME, YEAR_RANGE_RE, periods_named
from ingestion.plans import compact
from ingestion.values import normalize_text, parse_value, unit_from_name
from vocabulary.seeds import money_units
from vocabulary.text import CN_NUMBER_CHARS, CN_NUMERALS, RANGE_JOINERS

# Indicator names ------------------------------------------------------------------------

TRAILING_COMPARATOR = re.compile(r"(?:超过|达到|不低于|不少于|以上)$")
SCOPE_PREFIX = re.compile(r"^(?:全|我)[省州市县区镇乡旗盟]")


def indicator_key(name: str) -> str:
    """A printed indicator name made comparable: no unit suffix, scope prefix or spaces."""
    text = normalize_text(name)
    raw_unit, _ = unit_from_name(text)
    if raw_unit:
        text = re.sub(r"[(（]" + re.escape(raw_unit) + r"[)）]$", "", text)
    text = TRAILING_COMPARATOR.sub("", text)
    return SCOPE_PREFIX.sub("", text)


def same_indicator(prose_key: str, table_key: str) -> bool:
    """The prose names the table's indicator: equal, or the table name after a qualifier
    that distinguishes nothing ('农村社区…覆盖率' does not name '社区…覆盖率')."""
    if prose_key == table_key:
        return True
    if len(table_key) < 5 or not prose_key.endswith(table_key):
        return False
    qualifier = prose_key[: -len(table_key)]
    return len(qualifier) <= 4 and not any(w in qualifier for w in DISTINGUISHING_WORDS)


# Value clauses ---------------------------------------------------------------------------

SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
CLAUSE_END = "，,、：:（）()"
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
VERB = re.compile(
    r"(?:已经|已)?(?:达到了|达到|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|增至|"
    r"稳定在|保持在|控制在|达|为|"
    # a comparator right after the name is the verb and stays with the value ('高于50%')
    r"(?=不低于|不少于|不高于|不超过|超过|高于|低于))"
)
# a sentence opening with an institution ('县社会福利院进行了…，护理型床位占比达83%') gives that
# institution's figures, not the region's
INSTITUTION = re.compile(r"院|站|中心")
INSTITUTION_WINDOW = 10
# adverbs between a name and its verb ('入住率始终高于50%')
TRAILING_ADVERB = re.compile(r"(?:始终|持续|稳定|逐步|进一步)$")
# leading words of a clause that are no part of the indicator's name
LEAD = re.compile(
    r"^(?:(?:到|至|截至|截止|在)?(?:19|20)\d{2}\s*年(?:年底|底|末)?|到|力争|确保|实现|使|其中|目前|现有|"
    r"全面|基本|累计|共|各|并|且|和|及|将|保持)+"
)
# 'X由2015年的…' and '2016年以来' print a starting point, not the year of the value
FROM_WORDS = ("由", "从", "比", "较")
FROM_YEAR = re.compile(r"年(?:以来|来|的)")
# '…分别达到' / '…均达' state several values at once: which is which is not read
SEVERAL = re.compile(r"分别|均|总体|各")
PERIOD_LEAD = re.compile(r"^(?:期间|时期|末|以来)")
NAME_CHARS = re.compile(r"^[\u4e00-\u9fff“”\"、]{3,30}$")  # 、 only inside a numeral list
VALUE_WINDOW = 16
# How far back a value's year, period and target word are looked for. A printed sentence is far
# shorter; a longer run is a table or list flattened into one line, where looking back to its
# start for every value would cost time quadratic in the line's length.
LOOK_BACK = 1000


def _periods_not_from(text: str) -> list[tuple[int, int]]:
    """(where, end year) of each period `text` names that is not a starting point."""
    return [
        (at, end)
        for at, _, end in periods_named(text)
        if text[max(0, at - 2) : at].strip('“"')[-1:] not in FROM_WORDS
    ]


def period_year(text: str, first: bool = False) -> int | None:
    """The end year of the (last, or first) period `text` names, unless it is a starting point."""
    named = _periods_not_from(text)
    if not named:
        return None
    return named[0][1] if first else named[-1][1]


def strip_period(subject: str) -> str:
    """'十四五期间儿童托养床位' -> '儿童托养床位': a leading period name is context, not name."""
    named = periods_named(subject)
    if named and named[0][0] <= 1:
        rest = re.sub(r"^[^期时末以]*?(?=期间|时期|末|以来)", "", subject[named[0][0] :], count=1)
        return LEAD.sub("", PERIOD_LEAD.sub("", rest))
    return subject


def value_after(text: str) -> tuple[str, object] | None:
    """The longest prefix of `text` that parses as a number with a unit."""
    window = text[:VALUE_WINDOW]
    for end in range(len(window), 0, -1):
        if window[end - 1] in CLAUSE_END or window[end - 1].isspace():
            continue
        parsed = parse_value(window[:end])
        if parsed.number is not None and parsed.unit:
            return window[:end].strip(), parsed
    return None


_NUMERAL_LIST = re.compile(rf"[{CN_NUMERALS}\d]、[{CN_NUMERALS}\d]")


def clause_subject(body: str, verb_start: int) -> tuple[int, str]:
    """(where the clause starts, the name before a verb as printed, lead words and period removed)."""
    clause_start = max((body.rfind(c, 0, verb_start) for c in CLAUSE_END), default=-1) + 1
    while _NUMERAL_LIST.search(body, max(0, clause_start - 2), clause_start + 1):
        # '一、二类低保占比': a 、 between two numerals lists them inside one name
        clause_start = max((body.rfind(c, 0, clause_start - 1) for c in CLAUSE_END), default=-1) + 1
    subject = LEAD.sub("", body[clause_start:verb_start].strip())
    subject = subject.replace("“", "").replace("”", "").replace('"', "")
    return clause_start, TRAILING_ADVERB.sub("", strip_period(subject))


def year_before(before: str) -> int | None:
    """The last year printed in `before` that is not a starting point ('由2015年的…', '2016年以来')."""
    years = [m for m in YEAR.finditer(before) if not FROM_YEAR.search(before, m.start(), m.end() + 4)]
    years = [m for m in years if before[max(0, m.start() - 1) : m.start()] not in FROM_WORDS]
    return int(years[-1].group(1)) if years else None


def institution_figure(body: str, subject: str) -> bool:
    """The sentence opens with an institution: its figures are the institution's, not the region's."""
    opening = re.split(r"[，,]", body)[0]
    return bool(
        INSTITUTION.search(opening[:INSTITUTION_WINDOW])
        and not SCOPE_PREFIX.match(opening)
        and not SCOPE_PREFIX.match(subject)
    )


# Other numbers with a unit ------------------------------------------------------------------

# units of the field a bare number is read with (longest first); 年/月/日/岁/分钟 are no quantity
_UNIT_WORDS = (
    "个百分点",
    "百分点",
    "万平方米",
    "平方米",
    "万人次",
    "人次",
    "万人",
    "亿元",
    "万元",
    "元",
    "%",
    "‰",
    "张",
    "个",
    "人",
    "名",
    "所",
    "家",
    "处",
    "座",
    "户",
    "项",
    "件",
    "亩",
    "公里",
    "倍",
)
_SCAN = re.compile(
    r"(?P<cmp>不低于|不少于|不高于|不超过|超过|达到|至少|约)?"
    r"(?P<num>\d+(?:\.\d+)?|[两二三四五六七八九十百千]{1,4}(?=个|所|家|处|座|项))"
    r"(?P<unit>" + "|".join(map(re.escape, _UNIT_WORDS)) + r")"
    r"(?P<suffix>及以上|及以下|以上|以下|以内|左右)?"
)
# a number right after these is no statement: part of a range, decimal, ordinal, or a denominator
_NOT_BEFORE = re.compile(rf"[\d.{RANGE_JOINERS}第每/“\"「]$")
_POINTS = ("个百分点", "百分点")
_GROWTH_BEFORE = re.compile(r"(?:增长|增速|增幅|下降|降低|提高|减少|增加)(?:了|率为|率|为|约|达)?$")
_MONEY_UNITS = frozenset(money_units())  # seed money_units
_SHARE_UNITS = frozenset({"%", "‰"})
_STANDARD = re.compile(r"标准|每人每月|每人每年")

# Targets -------------------------------------------------------------------------------------

# '到2025年' / '至2025年底' / '力争到“十四五”末' / '2025年底前' / '十四五末': the year a target is set for
_TARGET_YEAR = re.compile(
    r"(?:(?:到|至)\s*(?P<year>(?:19|20)\d{2})\s*年)"
    r"|(?:(?P<before>(?:19|20)\d{2})\s*年(?:底|末)?前)"
    rf"|(?:(?:到|至)?[“\"]?(?P<period>{SHORT_PERIOD_NAME})[”\"]?(?:期末|末期|末))"
)
# words that make a quantity a piece of work, not the level of an indicator
_ACTION = re.compile(
    r"^(?:新增|新建|新改建|改扩建|扩建|改建|建设|建成|改造|完成|培训|培育|打造|举办|开展|实施|创建|争创|"
    r"落实|提供|配备|配置|投入|安排|发放|救助|资助|帮扶|招聘|引进|累计|共)"
)
_TARGET_SECTION = re.compile(r"目标")


@dataclass(frozen=True)
class _Unit:
    text: str  # whitespace removed, each character NFKC'd where that keeps it one character
    printed: str  # the same characters as printed (whitespace removed)
    where: list[tuple[int, int]]  # (1-based line, 0-based column in the line) of every character
    headings: tuple[str, ...]  # the enclosing headings, outermost first (compact text)
    heading_period: tuple[int, int] | None  # the period the innermost heading naming one names


_PROSE_KINDS = ("paragraph", "list_item", "box")


def _char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def _units(lines: list[str], blocks: list[Block]) -> list[_Unit]:
    units = []
    stack: dict[int, tuple[str, tuple[int, int] | None]] = {}
    for block in blocks:
        if block.block_kind == "heading" and block.heading_level is not None:
            text = compact(block.text)
            named = periods_named(text)
            own = named and block.heading_level > 0  # the plan's title names its own period
            stack = {lv: h for lv, h in stack.items() if lv < block.heading_level}
            stack[block.heading_level] = (text, (named[-1][1], named[-1][2]) if own else None)
            continue
        if block.block_kind not in _PROSE_KINDS:
            continue
        chars, printed, where = [], [], []
        for line_no in range(block.start_line, block.end_line + 1):
            for col, ch in enumerate(lines[line_no - 1]):
                if ch.isspace():
                    continue
                chars.append(_char(ch))
                printed.append(ch)
                where.append((line_no, col))
        if not chars:
            continue
        headings = tuple(text for _, (text, _) in sorted(stack.items()))
        periods = [p for _, (_, p) in sorted(stack.items()) if p]
        units.append(
            _Unit("".join(chars), "".join(printed), where, headings, periods[-1] if periods else None)
        )
    return units


@dataclass
class _Found:
    start: int  # offsets of the printed value in the unit's text
    end: int
    subject_start: int  # offset of the subject in the sentence
    subject: str
    measure: str | None  # indicator_key of a value clause's name; None for a bare number
    comparator: str | None
    number: float
    unit: str | None
    unit_raw: str | None
    from_clause: bool
    several: bool
    institution: bool


def _clause_values(body: str) -> list[_Found]:
    found = []
    for verb in VERB.finditer(body):
        clause_start, subject = clause_subject(body, verb.start())
        value = value_after(body[verb.end() :])
        if value is None or not NAME_CHARS.match(subject):
            continue
        printed, parsed = value
        start = verb.end() + body[verb.end() :].index(printed)
        if any(f.start < start + len(printed) and start < f.end for f in found):
            continue  # '不低于55%' read once, not again as '低于55%'
        found.append(
            _Found(
                start=start,
                end=start + len(printed),
                subject_start=clause_start,
                subject=body[clause_start : verb.start()],
                measure=indicator_key(subject),
                comparator=parsed.comparator,
                number=parsed.number,
                unit=parsed.unit,
                unit_raw=parsed.unit_raw,
                from_clause=True,
                several=bool(SEVERAL.search(subject) or SEVERAL.search(body[: verb.end()][-4:])),
                institution=institution_figure(body, subject),
            )
        )
    return found


def _bare_values(body: str, taken: list[tuple[int, int]]) -> list[_Found]:
    found = []
    for m in _SCAN.finditer(body):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if _NOT_BEFORE.search(body[: m.start()]) or body[m.end() : m.end() + 1] in ("年", "月", "日"):
            continue
        unit_word = m.group("unit")
        printed = m.group(0)
        if unit_word in _POINTS:
            parsed_number = _number(m.group("num"))
            comparator, unit, unit_raw = _comparator(m), "百分点", unit_word
        else:
            parsed = parse_value(printed)
            if parsed.number is None:
                continue
            parsed_number, comparator, unit, unit_raw = (
                parsed.number,
                parsed.comparator,
                parsed.unit,
                parsed.unit_raw,
            )
        if parsed_number is None:
            continue
        clause_start = max((body.rfind(c, 0, m.start()) for c in CLAUSE_END), default=-1) + 1
        found.append(
            _Found(
                start=m.start(),
                end=m.end(),
                subject_start=clause_start,
                subject=body[clause_start : m.start()],
                measure=None,
                comparator=comparator,
                number=parsed_number,
                unit=unit,
                unit_raw=unit_raw,
                from_clause=False,
                several=False,
                institution=False,
            )
        )
    return found


def _number(printed: str) -> float | None:
    parsed = parse_value(printed)
    return parsed.number


def _comparator(m: re.Match) -> str:
    return parse_value(f"{m.group('cmp') or ''}1{m.group('suffix') or ''}").comparator or "="


def _kind(f: _Found, before: str, year: int | None, target_year: bool, period: tuple[int, int] | None) -> str:
    if f.unit == "百分点" or (f.unit in _SHARE_UNITS and _GROWTH_BEFORE.search(before)):
        return "growth"
    start = period[0] if period else None
    if (
        target_year
        and year is not None
        and (start is None or year >= start)
        and (f.from_clause or f.comparator not in (None, "="))
    ):
        return "target"
    if year is not None and start is not None and year < start:
        return "actual"
    if f.unit and (f.unit.startswith("元/") or (f.unit in _MONEY_UNITS and _STANDARD.search(f.subject))):
        return "standard"
    if f.unit in _MONEY_UNITS:
        return "amount"
    if f.unit in _SHARE_UNITS:
        return "share"
    return "count"


def _span(unit: _Unit, start: int, end: int, lines: list[str]) -> tuple[int, int, int]:
    """(source line, span_start, span_end) of the value unit.text[start:end] in its line.

    A value wrapped over two lines ('不低于' / '60%') is given on the line of its number."""
    line_no, col = unit.where[start]
    last_line, last_col = unit.where[end - 1]
    if last_line == line_no:
        return line_no, col, last_col + 1
    digit = next((i for i in range(start, end) if _NUMERAL.match(unit.text[i])), start)
    line_no, col = unit.where[digit]
    if last_line == line_no:
        return line_no, col, last_col + 1
    return line_no, col, len(lines[line_no - 1].rstrip())


_NUMERAL = re.compile(rf"[0-9{CN_NUMBER_CHARS}]")


def extract_statements(
    lines: list[str],
    blocks: list[Block],
    period_at: Callable[[int], tuple[int, int] | None],
    table_indicator_names: Iterable[str] = (),
) -> list[Statement]:
    """Every number with a unit that the plan's prose states, with what it is about.

    `period_at(line)`: the period of the plan printed at a line (ingestion.extract.plan_period_at).

    `table_indicator_names`: the document's indicator-table names; a value clause naming one
    of them (same_indicator) takes the table's printed name as its measure, so both meet
    under one canonical indicator.
    """
    table_keys = {}
    for name in table_indicator_names:
        table_keys.setdefault(indicator_key(name), name)
    ordered_keys = sorted(table_keys, key=len, reverse=True)
    out: list[Statement] = []
    for unit in _units(lines, blocks):
        period = period_at(unit.where[0][0])
        in_target_section = any(_TARGET_SECTION.search(h) for h in unit.headings)
        unit_periods = _periods_not_from(unit.text)
        for sentence in SENTENCE.finditer(unit.text):
            body = sentence.group(0)
            clause = _clause_values(body)
            found = clause + _bare_values(body, [(f.start, f.end) for f in clause])
            earlier = unit.text[max(0, sentence.start() - LOOK_BACK) : sentence.start()]
            carried = _carried_target(earlier)
            earlier_year = next((end for at, end in unit_periods if at < sentence.start()), None)
            for f in sorted(found, key=lambda f: f.start):
                before = body[max(0, f.start - LOOK_BACK) : f.start]
                target = _last(_TARGET_YEAR, before) or carried
                year = year_before(before)
                if target and target.group("before"):
                    year = int(target.group("before"))
                elif target and target.group("period"):
                    year = year or period_year(target.group(0))
                if year is None:
                    year = period_year(before) or earlier_year
                named = _named_period(before) or unit.heading_period
                if year is None and named is not None and not in_target_section:
                    year = named[1]
                if year is None and in_target_section and period is not None and f.from_clause:
                    year = period[1]  # 主要目标: a level the plan sets for its own end year
                target_year = bool(target) or in_target_section
                kind = _kind(f, before, year, target_year, period)
                is_target = (
                    kind == "target"
                    and f.from_clause
                    and not f.several
                    and not f.institution
                    and f.unit is not None
                    and not _ACTION.match(LEAD.sub("", f.subject))
                    and f.measure is not None
                    and len(f.measure) >= 3
                )
                measure = f.measure
                if measure is not None:
                    match = next((k for k in ordered_keys if same_indicator(measure, k)), None)
                    if match is not None:
                        measure = table_keys[match]
                line_no, span_start, span_end = _span(
                    unit, sentence.start() + f.start, sentence.start() + f.end, lines
                )
                period_start, period_end = named or period or (None, None)
                at = sentence.start()
                out.append(
                    Statement(
                        statement_seq=len(out) + 1,
                        subject_text=unit.printed[
                            at + f.subject_start : at + f.subject_start + len(f.subject)
                        ],
                        measure=measure,
                        statement_kind=kind,
                        comparator=f.comparator,
                        value_numeric=f.number,
                        value_text=unit.printed[at + f.start : at + f.end],
                        unit_raw=f.unit_raw,
                        unit=f.unit,
                        year=year,
                        period_start_year=period_start,
                        period_end_year=period_end,
                        is_indicator_target=is_target,
                        sentence_text=unit.printed[sentence.start() : sentence.end()],
                        source_line=line_no,
                        span_start=span_start,
                        span_end=span_end,
                    )
                )
    return out


def _last(pattern: re.Pattern, text: str) -> re.Match | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last one
        pass
    return found


def _carried_target(earlier: str) -> re.Match | None:
    """'到2025年，A达到55%；B达到35张': a target year set earlier in the same sentence run
    (only ；-separated clauses; a full stop ends it)."""
    found = _last(_TARGET_YEAR, earlier)
    if found is None or "。" in earlier[found.end() :] or "!" in earlier[found.end() :]:
        return None
    return found


def _named_period(text: str) -> tuple[int, int] | None:
    """The last period `text` names by name or by its years ('十三五期间', '2016—2020年')."""
    ranges = [
        (m.start(), int(m.group(1)), int(m.group(2)))
        for m in YEAR_RANGE_RE.finditer(text)
        if 0 < int(m.group(2)) - int(m.group(1)) <= 15
    ]
    named = sorted(periods_named(text) + ranges)
    return (named[-1][1], named[-1][2]) if named else None
