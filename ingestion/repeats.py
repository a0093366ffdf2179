"""A plan printed twice in one file (a copy pasted again, a page exported twice).

Pure: lines in, the repeated span out. The copy keeps its lines (document_lines is the
file as printed), but its facts are dropped so that each value counts once, and the
loader records a warning naming the file and both line ranges.

A repeat is recognised from the structure of the text, not its words: a plan title line
printed again further down, followed by the same body (the same non-blank lines, in
order, give or take a running header) as under its first printing. A title printed
again with a different body (a closing reference, a list of titles) is not a repeat.
"""

from __future__ import annotations

import dataclasses
import re
from difflib import SequenceMatcher

from ingestion.model import Extract

# A copy must repeat at least this many non-blank lines of the body (a title alone is not a plan).
MIN_REPEATED_LINES = 8
# Share of lines the two printings must have in common (page headers/footers may differ).
MIN_SIMILARITY = 0.95

_WS = re.compile(r"\s+")


@dataclasses.dataclass(frozen=True)
class RepeatedCopy:
    """1-based line spans: the first printing and its repeat (both inclusive)."""

    first_start: int
    first_end: int
    copy_start: int
    copy_end: int


def find_repeated_copy(lines: list[str], title_lines: list[int]) -> RepeatedCopy | None:
    """The first repeat of a plan printed from one of `title_lines` (1-based), if any."""
    keys = [_WS.sub("", line) for line in lines]
    nonblank = [i for i, key in enumerate(keys) if key]
    position = {line: k for k, line in enumerate(nonblank)}
    for title_line in title_lines:
        start = title_line - 1
        if start not in position:
            continue
        for later in nonblank[position[start] + 1 :]:
            if keys[later] != keys[start]:
                continue
            first = [keys[i] for i in nonblank[position[start] : position[later]]]
            if len(first) < MIN_REPEATED_LINES:
                continue
            copy_lines = nonblank[position[later] : position[later] + len(first)]
            copy = [keys[i] for i in copy_lines]
            matcher = SequenceMatcher(None, first, copy, autojunk=False)
            if matcher.real_quick_ratio() >= MIN_SIMILARITY and matcher.ratio() >= MIN_SIMILARITY:
                return RepeatedCopy(start + 1, later, later + 1, copy_lines[-1] + 1)
    return None


def drop_repeated_copy(extract: Extract) -> Extract:
    """The extract without the facts printed inside a repeated copy of a plan (lines are kept)."""
    repeat = find_repeated_copy([line.text for line in extract.lines], [p.title_line for p in extract.plans])
    if repeat is None:
        return extract

    def outside(row) -> bool:
        line = getattr(row, "source_line", None) or getattr(row, "start_line", None)
        return not (repeat.copy_start <= line <= repeat.copy_end)

    return dataclasses.replace(
        extract,
        plans=[p for p in extract.plans if not (repeat.copy_start <= p.title_line <= repeat.copy_end)],
        table_cells=[c for c in extract.table_cells if outside(c)],
        indicator_values=[v for v in extract.indicator_values if outside(v)],
        projects=[p for p in extract.projects if outside(p)],
        funding=[f for f in extract.funding if outside(f)],
        stated_totals=[t for t in extract.stated_totals if outside(t)],
        statements=[s for s in extract.statements if outside(s)],
        printed_dates=[d for d in extract.printed_dates if outside(d)],
        list_items=[i for i in extract.list_items if outside(i)],
        title_mentions=[t for t in extract.title_mentions if outside(t)],
    )


def repeated_copy_warning(extract: Extract) -> str | None:
    """A warning naming the file and both printings, when a plan is printed twice."""
    repeat = find_repeated_copy([line.text for line in extract.lines], [p.title_line for p in extract.plans])
    if repeat is None:
        return None
    return (
        f"{extract.document.source_path}: lines {repeat.copy_start}-{repeat.copy_end} repeat the plan printed at "
        f"lines {repeat.first_start}-{repeat.first_end}; its facts are counted once (the copy's lines are kept)"
    )
