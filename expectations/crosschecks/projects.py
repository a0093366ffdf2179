"""One project, several mentions (fct_projects rows of one document), with the same facts."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

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
