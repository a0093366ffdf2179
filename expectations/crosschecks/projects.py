"""One project, several mentions (fct_projects rows of one document), with the same facts; a
project-table row's funding columns against its total (fct_funding parts of a fct_projects row)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from decimal import Decimal

import pandas as pd

from expectations.crosschecks.pairs import frame, missing, num
from vocabulary.text import CN_NUMERALS

_PROJECT_DECOR = re.compile(
    rf"^(?:[\d{CN_NUMERALS}]+[.、．]|[（(][\d{CN_NUMERALS}]+[）)])|(?:建设)?(?:项目|工程)$"
)


def project_key(name: str) -> str:
    """A project's name as the mentions of one project share it: NFKC, no spaces, quotes,
    list numbering or trailing (建设)项目/工程."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
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
                    if missing(va) or missing(vb):
                        continue
                    slack = 1e-6
                    if column == "planned_investment_wan_yuan":
                        slack += _tolerance(a) + _tolerance(b)
                    problem = None
                    if abs(float(va) - float(vb)) > slack:
                        problem = (
                            f"{label}: {num(vb)} at line {int(b['source_line'])} ({b['source_kind']}) but "
                            f"{num(va)} at line {int(a['source_line'])} ({a['source_kind']})"
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
    return frame(rows, "project_mentions_differ")


def _shown(project: dict, printed_column: str | None, value) -> str:
    printed = project.get(printed_column) if printed_column else None
    return f"{project['project_name']}: {printed if isinstance(printed, str) else num(value)}"


def _tolerance(project: dict) -> float:
    """The printed precision of a project's investment, in 万元 (fct_projects.investment_tolerance_wan)."""
    tolerance = project.get("investment_tolerance_wan")
    return 0.0 if missing(tolerance) else float(tolerance)


def funding_parts_against_total(projects: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
    """A project-table row's funding columns (其中：中央预算内投资 | 省级补助 | 社会资本 …: the
    fct_funding 'funding_source' rows of a 'table_row' project) against its total investment
    (fct_projects.planned_investment_wan_yuan). The columns may cover only part of the total,
    so only parts adding up to more than it, beyond the printed precision of all of them, are a
    contradiction. Parts stated in a project's prose are the text's parts_against_whole."""
    rows = []
    if projects is None or funding is None or projects.empty or funding.empty:
        return frame(rows, "funding_parts_exceed_total")
    parts_of = defaultdict(list)
    for f in funding.to_dict("records"):
        if f.get("funding_kind") == "funding_source" and not missing(f.get("project_id")):
            parts_of[f["project_id"]].append(f)
    for project in projects.to_dict("records"):
        parts = sorted(parts_of.get(project["project_id"], []), key=_printed_order)
        total = project.get("planned_investment_wan_yuan")
        if project.get("source_kind") != "table_row" or not parts or missing(total):
            continue
        added = float(sum(Decimal(str(f["amount_wan_yuan"])) for f in parts))
        slack = _tolerance(project) + sum(_part_tolerance(f) for f in parts) + 1e-6
        problem = None
        if added - float(total) > slack:
            problem = (
                f"the funding columns add up to {num(added)} 万元 "
                f"({' + '.join(_printed_part(f) for f in parts)}) but the project's total investment is "
                f"{num(float(total))} 万元"
            )
        last = parts[-1]
        rows.append(
            {
                "document_id": last["document_id"],
                "plan_id": project["plan_id"],
                "region_code": project.get("region_code"),
                "source_line": int(last["source_line"]),
                "printed_text": last["source_text"],
                "related_source_line": int(project["source_line"]),
                "related_text": _shown(project, "investment_text", total),
                "subject": project["project_name"],
                "related_document_id": project["document_id"],
                "problem": problem,
            }
        )
    return frame(rows, "funding_parts_exceed_total")


def _printed_order(part: dict) -> tuple[int, int]:
    """Line, then position on the line (the columns left to right)."""
    start = part.get("span_start")
    return int(part["source_line"]), 0 if missing(start) else int(start)


def _part_tolerance(part: dict) -> float:
    """The printed precision of a funding amount, in 万元 (fct_funding.amount_tolerance_wan)."""
    tolerance = part.get("amount_tolerance_wan")
    return 0.0 if missing(tolerance) else float(tolerance)


def _printed_part(part: dict) -> str:
    printed = part.get("amount_text")
    return printed if isinstance(printed, str) and printed else num(part["amount_wan_yuan"])
