"""Five-year plan periods: the one home of their names and years.

A plan names its period as 十四五 / “十五五” / 第十四个五年, or by its years
("2026—2030年", "2026-2030年"). The n-th five-year plan from the sixth on runs
1981 + 5 * (n - 6) .. +4 (十四五 is 2021-2025, 十五五 2026-2030, 十六五 2031-2035);
the ordinal is read with cn2an, so a period nobody has printed yet needs no new entry.
The dbt seed `five_year_periods` holds the same years for SQL (dim_year); a test keeps
the two in step.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import cn2an

from vocabulary.text import CN_DIGITS, CN_NUMERALS
from vocabulary.years import MAX_PERIOD_SPAN, PERIOD_YEARS, YEAR_RANGE

# 十四五, 十五五, 十六五 / 第十四个五年: group 'short' or group 'long' is the ordinal. The short
# form needs its unit digit, so 十五 in "第十五条" or "十五年" is no period.
PERIOD_NAME_PATTERN = rf"(?:(?P<short>十[{CN_DIGITS}])五|第(?P<long>[{CN_NUMERALS}]{{1,3}})个五年)"
# The short name alone, to embed (a target year '到“十四五”末', a table header '十四五目标值').
SHORT_PERIOD_NAME = rf"十[{CN_DIGITS}]五"
PERIOD_NAME_RE = re.compile(PERIOD_NAME_PATTERN)
# The same without group names, to embed in other patterns (a table header's '十五五目标值').
PERIOD_NAME_UNNAMED_PATTERN = re.sub(r"\(\?P<\w+>", "(?:", PERIOD_NAME_PATTERN)
# "2026—2030年", "2021-2025", "2021年至2025年"
YEAR_RANGE_RE = re.compile(YEAR_RANGE)
_FIRST_REGULAR_ORDINAL = 6  # the sixth plan (1981-1985) starts the unbroken five-year sequence


def ordinal_years(ordinal: int) -> tuple[int, int]:
    """The years of the n-th five-year plan: 14 -> (2021, 2025)."""
    start = 1981 + PERIOD_YEARS * (ordinal - _FIRST_REGULAR_ORDINAL)
    return start, start + PERIOD_YEARS - 1


def ordinal_of(match: re.Match) -> int | None:
    """The ordinal a PERIOD_NAME_RE match names (十四五 -> 14), None for none."""
    printed = match.group("short") or match.group("long")
    try:
        ordinal = int(cn2an.cn2an(printed, "normal"))
    except (ValueError, KeyError):
        return None
    return ordinal if ordinal >= _FIRST_REGULAR_ORDINAL else None


def period_name(ordinal: int) -> str:
    """14 -> '十四五'."""
    return f"{cn2an.an2cn(ordinal)}五"


def named_periods(text: str) -> Iterable[tuple[re.Match, tuple[int, int]]]:
    """Every period named in `text` with its years, in order."""
    for match in PERIOD_NAME_RE.finditer(text):
        ordinal = ordinal_of(match)
        if ordinal is not None:
            yield match, ordinal_years(ordinal)


# The tenth plan is printed "十五" in quotes (“十五”计划); a bare 十五 is the number fifteen.
_TENTH_PERIOD_RE = re.compile(r"(?<=[“\"])十五(?=[”\"])")


def periods_named(text: str) -> list[tuple[int, int, int]]:
    """Every five-year period `text` names, as (offset, start year, end year): '十三五末' -> [(0, 2016, 2020)]."""
    named = [(match.start(), *years) for match, years in named_periods(text)]
    named += [(match.start(), *ordinal_years(10)) for match in _TENTH_PERIOD_RE.finditer(text)]
    return sorted(named)


def period_of_name(text: str | None) -> tuple[int, int] | None:
    """The years of the first period named in `text`: '“十四五”时期' -> (2021, 2025)."""
    for _, years in named_periods(text or ""):
        return years
    return None


def period_in(text: str | None) -> tuple[int, int] | None:
    """A plan's period from its title or a line: a year range, else a period name."""
    if not text:
        return None
    years = YEAR_RANGE_RE.search(text)
    if years:
        start, end = int(years.group(1)), int(years.group(2))
        if 0 < end - start <= MAX_PERIOD_SPAN:
            return start, end
    return period_of_name(text)


def most_named_period(texts: Iterable[str]) -> tuple[int, int] | None:
    """The period most often named in `texts` (a plan body names its own period most)."""
    counts: Counter[tuple[int, int]] = Counter()
    for text in texts:
        for _, years in named_periods(text):
            counts[years] += 1
    return counts.most_common(1)[0][0] if counts else None


def period_code(ordinal: int) -> str:
    """14 -> '14th' (dim_year.plan_period_code)."""
    return f"{ordinal}th"


# The periods dim_year names: the warehouse contract lists '12th' … '15th'.
SEED_ORDINALS = range(12, 16)


def seed_rows() -> list[tuple[str, str, int, int, int]]:
    """(plan_period_code, period_name, ordinal, start_year, end_year): the dbt seed five_year_periods."""
    return [(period_code(n), period_name(n), n, *ordinal_years(n)) for n in SEED_ORDINALS]
