"""Is a file a plan at all? A text with neither a plan title nor a plan period is not.

A readme or a cover letter dropped into the raw folder must not become a plan with a
made-up title and no period: it is refused as "not a plan", naming the file, and loads
nothing. Precision over recall: a text with a title line ending in 规划 or a plan period
(十四五, 2021—2025年) anywhere is kept, whatever else is missing.
"""

from __future__ import annotations

from ingestion.model import Extract
from ingestion.plans import plan_title_spans


def not_a_plan_reason(extract: Extract) -> str | None:
    """Why this extract is not a plan, or None when it is one."""
    lines = [line.text for line in extract.lines]
    if any(plan.period_start_year is not None for plan in extract.plans) or plan_title_spans(lines):
        return None
    return (
        "not a plan: no plan title (a short line ending in 规划) and no plan period "
        "(十四五, 2021—2025年) found; nothing loaded"
    )
