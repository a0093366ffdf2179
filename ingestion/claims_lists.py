"""Sentences that list several things at once: '分别' value lists and counts of named items.

1. Respectively ('A、B和C分别达到90%、85%和80%'): the subjects before 分别 and each run of
   values after it, one row per item. The subjects are an explicit list (、 and a closing
   和/及/与) or the collective 城乡 (城市 and 农村, when two values follow); items shorter
   than the last share its tail ('城市和农村社区…覆盖率' -> 城市社区…覆盖率, 农村社区…覆盖率).
   A 分别 clause naming no subject ('，2025年分别达到…') takes the subjects of the 分别 before
   it in the same sentence. Each value keeps the year and kind `ingestion.statements` read for
   it (joined by its span), so a per-subject value compares like any other statement.
2. Named counts ('在甲镇、乙镇、丙乡3个乡镇'): a list of names directly followed by its count
   and a classifier (个/所/家/处/座/村 …), with 等 ('…等6个社区': the names may be fewer) kept.
   Only a count that stands right after the list (apposition) is read: '甲、乙新建3个中心'
   counts what is built, not the names.

Rows are `ListItem`s: the items of one claim share claim_seq; item_role is 'subject' |
'value' | 'name' | 'count'. Pure: lines, blocks and statements in, rows out.
"""

from __future__ import annotations

import re

import cn2an

from ingestion.model import Block, ListItem, Statement
from ingestion.statements import _UNIT_WORDS, SENTENCE, _units, clause_subject, indicator_key
from ingestion.values import parse_value
from vocabulary.text import CN_NUMERALS

# one value of a run: optional comparator words, a number, a unit of the field (the units the
# statements layer reads, and the per-person-per-period units a standard is printed in)
_PER_PERIOD_UNITS = ("元/人/月", "元/人/年", "元/人·月", "元/人·年", "元/月", "元/年")
_VALUE = re.compile(
    r"(?:不低于|不少于|不高于|不超过|超过|达到|达|至少|约)?\d+(?:\.\d+)?(?:"
    + "|".join(map(re.escape, (*_PER_PERIOD_UNITS, *_UNIT_WORDS)))
    + r")(?:以上|以下|左右)?"
)
# between two values of one run ('90%、85%和80%'; a comma only when a value follows it at once)
_VALUE_SEPARATOR = re.compile(r"^(?:、|和|及|与|以及|，|,)$")
_SCOPE_END = re.compile(r"[，,；;。！？!?：:]")
_LIST_JOINERS = re.compile(r"以及|和|及|与")
# a collective word that stands for two subjects: 城乡 = 城市 and 农村
_COLLECTIVE = {"城乡": ("城市", "农村")}
_LISTED = "\ue000"  # stands in for 、 while the clause is cut
_SHORT_ITEM = 4  # items up to this long are parallel modifiers of the last item's tail

_CLASSIFIERS = "个|所|家|处|座|条|项|村|镇|乡"
_NAMED_COUNT = re.compile(
    r"(?P<etc>等)?\s*(?P<count>\d{1,3}|[两二三四五六七八九十]{1,3})\s*(?P<cls>" + _CLASSIFIERS + r")"
)
_NAME = re.compile(r"^[\u4e00-\u9fff]{1,15}$")
# the last name must not end in a verb ('…西郊社区修建11所': the count is of what is built)
_VERB_END = re.compile(r"[建设造施展成置备升修改扩办]$")
# the count names places: what follows its classifier within the clause
_PLACE_NOUN = re.compile(
    r"^[^，,；;。、(（]{0,10}?(?:乡镇|镇|乡|村|社区|小区|街道|县|市|州|片区|单位|部门|地方)"
)
_NAME_LEAD = re.compile(r"^.*?(?:计划在|拟在|分别在|在|对|于|包括|涉及|覆盖|实施|建设|新建)")
# a name that holds a verb is no name: the count after it counts what is done
_VERB_WORD = re.compile(r"建设|新建|修建|改建|扩建|改造|实施|开展|打造|建成|设置|配置|配备|提升|推进|完成")
_NUMERALS = re.compile(rf"^[{CN_NUMERALS}]+$")


def list_items(lines: list[str], blocks: list[Block], statements: list[Statement]) -> list[ListItem]:
    """The respectively-lists and named counts of the plan's prose, one row per item."""
    by_line: dict[int, list[Statement]] = {}
    for s in statements:
        by_line.setdefault(s.source_line, []).append(s)
    out: list[ListItem] = []
    claim = 0
    for unit in _units(lines, blocks):
        for sentence in SENTENCE.finditer(unit.text):
            body, at = sentence.group(0), sentence.start()
            for kind, items in [*_respectively(body), *_named_counts(body)]:
                claim += 1
                for seq, item in enumerate(items, start=1):
                    out.append(_row(unit, at, body, claim, kind, seq, item, by_line, len(out) + 1))
    return out


# 分别 ------------------------------------------------------------------------------------------


def _respectively(body: str) -> list[tuple[str, list[dict]]]:
    claims = []
    previous: list[dict] | None = None
    for m in re.finditer("分别", body):
        subjects = _subjects(body, m.start())
        if subjects is None:
            subjects = previous
        runs = _value_runs(body, m.end(), _scope_end(body, m.end()))
        if not subjects or not runs:
            continue
        previous = subjects
        items = [dict(s) for s in subjects]
        for run_seq, run in enumerate(runs, start=1):
            items += [{**v, "role": "value", "run": run_seq} for v in run]
        claims.append(("respectively", items))
    return claims


def _scope_end(body: str, start: int) -> int:
    """Where a 分别 clause ends: the first clause mark not followed at once by another value."""
    for mark in _SCOPE_END.finditer(body, start):
        if mark.group(0) in "，," and _VALUE.match(body, mark.end()):
            continue
        return mark.start()
    return len(body)


def _subjects(body: str, at: int) -> list[dict] | None:
    """The subjects of a 分别 at `at`: [{role, text, start, end, measure}] or None (no name)."""
    # clause_subject ends a clause at 、 too; a 分别 clause's subjects are a 、-list, kept whole
    start, name = clause_subject(body[:at].replace("、", _LISTED), at)
    name = name.replace(_LISTED, "、").strip()
    if len(name) < 2:
        return None
    if name not in body[start:at]:
        return None  # quotes dropped from the name: its items cannot be placed
    offset = body.index(name, start)
    parts = name.split("、")
    last = _LIST_JOINERS.split(parts[-1], maxsplit=1)
    if len(last) == 2 and len(last[0]) >= 2 and len(last[1]) >= 2:
        parts = [*parts[:-1], *last]
    if any(not p for p in parts):
        return None
    explicit = len(parts) >= 2
    items, pos = [], offset
    for p in parts:
        where = body.index(p, pos)
        items.append({"role": "subject", "text": p, "start": where, "end": where + len(p)})
        pos = where + len(p)
    if explicit:
        tail = ""
        if all(len(p["text"]) <= _SHORT_ITEM for p in items[:-1]):
            head = len(items[0]["text"])
            if len(items[-1]["text"]) > head + 1:
                tail = items[-1]["text"][head:]
        for i, item in enumerate(items):
            whole = item["text"] if i == len(items) - 1 or not tail else item["text"] + tail
            item["measure"] = indicator_key(whole)
            item["collective"] = any(word in item["text"] for word in _COLLECTIVE)
        return items
    for word, members in _COLLECTIVE.items():
        if word in name:
            return [
                {
                    "role": "subject",
                    "text": name,
                    "start": offset,
                    "end": offset + len(name),
                    "measure": indicator_key(name.replace(word, member, 1)),
                    "collective": True,
                }
                for member in members
            ]
    return [
        {
            "role": "subject",
            "text": name,
            "start": offset,
            "end": offset + len(name),
            "measure": indicator_key(name),
        }
    ]


def _value_runs(body: str, start: int, end: int) -> list[list[dict]]:
    """Maximal runs of values joined by 、/和/及/与 between start and end."""
    runs, run, last_end = [], [], None
    for m in _VALUE.finditer(body, start, end):
        if body[m.start() - 1 : m.start()].isdigit() or body[m.end() : m.end() + 1] in ("年", "月", "日"):
            continue
        if run and not _VALUE_SEPARATOR.match(body[last_end : m.start()].strip()):
            runs.append(run)
            run = []
        parsed = parse_value(m.group(0))
        if parsed.number is None:
            continue
        run.append(
            {
                "text": m.group(0),
                "start": m.start(),
                "end": m.end(),
                "number": parsed.number,
                "comparator": parsed.comparator,
                "unit": parsed.unit,
            }
        )
        last_end = m.end()
    if run:
        runs.append(run)
    return runs


# Named counts ------------------------------------------------------------------------------


def _named_counts(body: str) -> list[tuple[str, list[dict]]]:
    claims = []
    for m in _NAMED_COUNT.finditer(body):
        before = body[: m.start()].rstrip()
        clause_start = max(_SCOPE_END_BEFORE(before), 0)
        segment = before[clause_start:]
        if "、" not in segment:
            continue
        lead = _NAME_LEAD.match(segment)
        names_text = segment[lead.end() :] if lead else segment
        parts = names_text.split("、")
        last = _LIST_JOINERS.split(parts[-1], maxsplit=1)
        if len(last) == 2 and len(last[0]) >= 2 and len(last[1]) >= 2:
            parts = [*parts[:-1], *last]
        if len(parts) < 2 or not all(
            _NAME.match(p) and not _NUMERALS.match(p) and not _VERB_WORD.search(p) for p in parts
        ):
            continue
        place = m.group("cls") in ("村", "镇", "乡") or _PLACE_NOUN.match(body[m.end() :])
        if _VERB_END.search(parts[-1]) or not place:
            continue
        count = _count(m.group("count"))
        if count is None:
            continue
        items, pos = [], clause_start + (lead.end() if lead else 0)
        for p in parts:
            where = body.index(p, pos)
            items.append({"role": "name", "text": p, "start": where, "end": where + len(p)})
            pos = where + len(p)
        count_start = m.start("count")
        items.append(
            {
                "role": "count",
                "text": body[m.start() : m.end()].strip(),
                "start": m.start() if m.group("etc") else count_start,
                "end": m.end(),
                "number": float(count),
                "comparator": ">=" if m.group("etc") else "=",
                "unit": m.group("cls"),
            }
        )
        claims.append(("named_count", items))
    return claims


def _SCOPE_END_BEFORE(text: str) -> int:  # noqa: N802 - reads like the pattern it mirrors
    found = [i for i, ch in enumerate(text) if _SCOPE_END.match(ch)]
    return found[-1] + 1 if found else 0


def _count(printed: str) -> int | None:
    if printed.isdigit():
        return int(printed)
    try:
        return int(cn2an.cn2an(printed.replace("两", "二"), "normal"))
    except ValueError:
        return None


# Rows ----------------------------------------------------------------------------------------


def _row(
    unit, at: int, body: str, claim: int, kind: str, seq: int, item: dict, by_line, row_seq: int
) -> ListItem:
    start, end = at + item["start"], at + item["end"]
    line_no, col = unit.where[start]
    last_line, last_col = unit.where[end - 1]
    span_end = last_col + 1 if last_line == line_no else col + 1
    year = statement_kind = None
    if item["role"] == "value":
        hit = next(
            (s for s in by_line.get(line_no, []) if s.span_start < span_end and col < s.span_end),
            None,
        )
        if hit is not None:
            year, statement_kind = hit.year, hit.statement_kind
    return ListItem(
        item_seq=row_seq,
        claim_seq=claim,
        claim_kind=kind,
        item_role=item["role"],
        position=seq,
        run_seq=item.get("run"),
        item_text=unit.printed[start:end],
        measure=item.get("measure"),
        is_collective=bool(item.get("collective", False)),
        value_numeric=item.get("number"),
        comparator=item.get("comparator"),
        unit=item.get("unit"),
        year=year,
        statement_kind=statement_kind,
        sentence_text=unit.printed[at : at + len(body)],
        source_line=line_no,
        span_start=col,
        span_end=span_end,
    )
