"""One total stated twice in a plan (rpt_reconciliation rows), rounding alike."""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz

from expectations.crosschecks.pairs import frame, missing, num


def restated_totals(
    reconciliation: pd.DataFrame, regions: dict, funding: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One total stated twice in a plan ('0.68亿元' in the text, '6850' as the table's subtotal):
    two rpt_reconciliation rows of one plan and measure that reconcile against the same
    rows (same computed value; scope 'all' both, or categories named alike). The coarser
    statement must round to the finer one half up (四舍五入): 6850 万元 is 0.69亿元, not 0.68.
    A total stated in prose is quoted as printed ('0.68亿元': the fct_funding amount of its line)."""
    figures = printed_amounts(funding)
    rows = []
    records = [r for r in reconciliation.to_dict("records") if not missing(r.get("stated_value"))]
    for i, a in enumerate(records):
        for b in records[i + 1 :]:
            if (a["plan_id"], a["measure"]) != (b["plan_id"], b["measure"]) or a["source_line"] == b[
                "source_line"
            ]:
                continue
            if missing(a.get("computed_value")) or a.get("computed_value") != b.get("computed_value"):
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
            value = float(fine["stated_value"])
            inside = _rounds_to(value, float(coarse["stated_value"]), tol)
            main, related = (b, a) if int(b["source_line"]) > int(a["source_line"]) else (a, b)
            problem = None
            if not inside:
                unit = " 万元" if main["measure"] == "investment_wan_yuan" else ""
                problem = (
                    f"{_printed(main)} and {_printed(related)} state the same total "
                    f"({str(main['scope']).removeprefix('category:')}, {main['measure']}): "
                    f"{num(value)}{unit} does not round to {_stated_figure(coarse, figures)}"
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
    return frame(rows, "restated_total_conflict")


_SCOPE_ALIKE = 60  # fuzz ratio of two printed category names of one list of projects


def _rounds_to(value: float, stated: float, tolerance: float) -> bool:
    """Whether `value` rounds to the figure `stated` printed with half a unit of `tolerance`:
    half up, or at exactly the half, to the even digit (GB/T 8170 数值修约: 6850 万元 is
    0.68亿元 as well as 0.69亿元; 4350 万元 is 0.44亿元 only)."""
    if not tolerance:
        return abs(value - stated) <= 1e-9
    low, high = stated - tolerance, stated + tolerance
    if low - 1e-9 <= value < high - 1e-9:
        return True
    units = round(stated / (2 * tolerance))  # the printed figure in units of its last digit
    return abs(value - high) <= 1e-9 and units % 2 == 0


def printed_amounts(funding: pd.DataFrame | None) -> dict[tuple, list[tuple[float, str]]]:
    """{(document_id, source_line): [(amount in 万元, the amount as printed)]} of fct_funding."""
    out: dict[tuple, list[tuple[float, str]]] = {}
    if funding is None or funding.empty:
        return out
    for r in funding.to_dict("records"):
        if not missing(r.get("source_line")) and isinstance(r.get("amount_text"), str):
            out.setdefault((r["document_id"], int(r["source_line"])), []).append(
                (float(r["amount_wan_yuan"]), r["amount_text"])
            )
    return out


def _stated_figure(r: dict, figures: dict[tuple, list[tuple[float, str]]]) -> str:
    """The figure of a stated total as printed ('0.68亿元'), else its value."""
    if r["measure"] == "investment_wan_yuan":
        printed = _printed(r)
        for value, text in figures.get((r["document_id"], int(r["source_line"])), []):
            if abs(value - float(r["stated_value"])) < 1e-6 and text in printed:
                return text
    return num(r["stated_value"])


def _printed(r: dict) -> str:
    text = r.get("stated_text")
    return str(text) if isinstance(text, str) and text else num(r["stated_value"])
