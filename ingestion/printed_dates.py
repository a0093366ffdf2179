"""Every calendar date a plan prints, as printed and in its parts: '2022年8月12日' -> 2022, 8, 12.

Read from every line (the notice's signature, the body, table cells), Arabic numerals
only. The parts are kept as printed, unchecked: '20228月12日' (a signature that lost its
年: the year's four digits run into the month) is year_text '2022', has_year_mark False,
month 8, day 12; '2022年13月' is month 13; '2月30日' is month 2, day 30. Whether such a
date is possible is the quality layer's question (expectations.statement_checks), not the
reader's. A number of days or months ('30日内', '6个月') is no date: a day needs its month
in front, a month its year (or a day after it).

Spans are 0-based character offsets within the source line. Pure: lines in, rows out.
"""

from __future__ import annotations

import re

from ingestion.model import PrintedDate

# year (4 digits, with 年; or 4 digits run into a 1–2 digit month without 年), month, day
_DATE = re.compile(
    r"(?<![\d.])"
    r"(?:(?P<year>(?:19|20)\d{2})\s*(?P<mark>年)\s*|(?P<glued>(?:19|20)\d{2})(?=\d{1,2}\s*月))?"
    r"(?P<month>\d{1,2})\s*(?P<month_mark>月)"
    r"(?:\s*(?P<day>\d{1,2})\s*(?P<day_mark>[日号]))?"
)
# words after a month or day that make it a length of time, not a date ('3月内' is still a date)
_DURATION_BEFORE = re.compile(r"[个每第近约逾超]\s*$")


def printed_dates(lines: list[str]) -> list[PrintedDate]:
    """Each date a line prints: a month with its year, or a month with its day, or all three."""
    out: list[PrintedDate] = []
    for line_no, text in enumerate(lines, start=1):
        for m in _DATE.finditer(text):
            year_text = m.group("year") or m.group("glued")
            day = m.group("day")
            if year_text is None and day is None:
                continue  # '6月' alone: a month of some year, no date to check
            if _DURATION_BEFORE.search(text[: m.start()]):
                continue
            end = m.end("day_mark") if day is not None else m.end("month_mark")
            out.append(
                PrintedDate(
                    date_seq=len(out) + 1,
                    date_text=text[m.start() : end],
                    year_text=year_text,
                    has_year_mark=m.group("mark") is not None if year_text else None,
                    month=int(m.group("month")),
                    day=int(day) if day is not None else None,
                    source_line=line_no,
                    span_start=m.start(),
                    span_end=end,
                )
            )
    return out
