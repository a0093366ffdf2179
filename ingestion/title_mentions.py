"""Plan titles a document quotes: 《某县“十五五”民政事业发展规划》, as printed, with where.

The notice that issues a plan names it in 《》 (印发《…规划》的通知, 现将《…规划》印发给你们), and
the body cites other plans the same way. A quote wrapped over lines (a PDF's narrow column)
is read whole, up to three lines on. Only quotes shaped like a plan's title are kept (ending
in 规划, 规划纲要 or 规划 plus a parenthesis). Whether a quote names the plan below it with a
word or two changed is the quality layer's question (expectations.statement_checks).

Spans are 0-based offsets of the opening 《 within its line (the quote may run on). Pure.
"""

from __future__ import annotations

import re

from ingestion.model import TitleMention
from ingestion.plans import compact

_QUOTE = re.compile(r"《([^《》]{4,80})》")
_PLAN_TITLE = re.compile(r"规划(?:纲要)?(?:[（(][^（）()]{1,20}[）)])?$")
_WRAP_LINES = 3


def quoted_titles(lines: list[str]) -> list[TitleMention]:
    """Every 《…规划》 quote of the document, whitespace and line breaks removed."""
    out: list[TitleMention] = []
    for line_no, text in enumerate(lines, start=1):
        for start in (i for i, ch in enumerate(text) if ch == "《"):
            joined = text[start:]
            for extra in lines[line_no : line_no + _WRAP_LINES]:
                if "》" in joined or "《" in joined[1:]:
                    break
                joined += extra.strip()
            m = _QUOTE.match(joined)
            if m is None:
                continue
            title = compact(m.group(1))
            if not _PLAN_TITLE.search(title):
                continue
            end = start + len(m.group(0)) if "》" in text[start:] else len(text.rstrip())
            out.append(
                TitleMention(
                    mention_seq=len(out) + 1,
                    title_text=title,
                    source_line=line_no,
                    span_start=start,
                    span_end=min(end, len(text)),
                )
            )
    return out
