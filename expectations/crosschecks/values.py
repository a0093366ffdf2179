"""Values of indicators stated twice: prose against table, plan against plan, targets against
achievements, the unit in a name against the unit of its value.

The statements are read from the warehouse: the values stated in sentences are the
`stated_value` claims extraction found (stg_text_claims: indicator, year, kind, comparator,
number, unit and tolerance), the table values are fct_indicator_values with the tolerance of
their cell (fct_table_cells.value_tolerance). Precision over recall: a statement is compared
only when its indicator, year and unit are read without guessing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from expectations.crosschecks.pairs import (
    COUNT_UNITS,
    SHARE_UNITS,
    PlanLayout,
    disjoint,
    frame,
    interval,
    missing,
    plan_of_line,
    with_plans,
)
from expectations.crosschecks.text import claims_of


@dataclass(frozen=True)
class Statement:
    """One value of one indicator for one year, as printed in prose or in a table."""

    document_id: str
    plan_id: str | None
    line: int
    subject: str  # the indicator as printed
    key: str  # what the indicator is compared under (canonical id, table name, or the prose's own)
    year: int
    kind: str  # actual | target
    comparator: str | None
    number: float
    unit: str | None
    text: str  # the value as printed ('85% 以上')
    phrase: str  # the statement as printed
    source: str  # prose | table
    tolerance: float = 0.0  # half a unit of the last printed digit

    @property
    def interval(self) -> tuple[float, float]:
        return interval(self.comparator, self.number, self.tolerance)


def prose_statements(claims: pd.DataFrame, layout: PlanLayout) -> list[Statement]:
    """The values the prose states (stated_value claims), in the plan their line belongs to."""
    rows = claims[claims["claim_kind"] == "stated_value"]
    out = []
    for r in rows.to_dict("records"):
        if missing(r["year"]) or missing(r["value_numeric"]):
            continue
        out.append(
            Statement(
                document_id=r["document_id"],
                plan_id=plan_of_line(layout.starts.get(r["document_id"], []), int(r["source_line"])),
                line=int(r["source_line"]),
                subject=r["subject"],
                key=r["measure"],
                year=int(r["year"]),
                kind=r["statement_kind"],
                comparator=None if missing(r["comparator"]) else r["comparator"],
                number=float(r["value_numeric"]),
                unit=None if missing(r["unit"]) else r["unit"],
                text=r["value_text"],
                phrase=r["printed_text"],
                source="prose",
                tolerance=0.0 if missing(r["value_tolerance"]) else float(r["value_tolerance"]),
            )
        )
    return out


def cell_tolerances(cells: pd.DataFrame | None) -> dict[tuple, float]:
    """{(document_id, source_line, span_start): the printed precision of the table cell there}."""
    if cells is None or cells.empty:
        return {}
    return {
        (d, int(n), int(s)): float(t)
        for d, n, s, t in zip(
            cells["document_id"],
            cells["source_line"],
            cells["span_start"],
            cells["value_tolerance"],
            strict=True,
        )
        if not missing(n) and not missing(s) and not missing(t)
    }


def table_statements(values: pd.DataFrame, tolerances: dict[tuple, float] | None = None) -> list[Statement]:
    """The numeric actual/target values of the indicator tables (fct_indicator_values)."""
    tolerances = tolerances or {}
    out = []
    for r in values.to_dict("records"):
        if r["value_kind"] not in ("actual", "target") or missing(r["value_numeric"]) or missing(r["year"]):
            continue
        if r.get("source_kind") == "prose":
            continue  # a prose target's fact: its sentence is a stated_value claim of its own
        unit = r.get("unit") if isinstance(r.get("unit"), str) else None
        span = r.get("span_start")
        out.append(
            Statement(
                document_id=r["document_id"],
                plan_id=r["plan_id"],
                line=int(r["source_line"]),
                subject=r["indicator_name"],
                key=r["indicator_name"],
                year=int(r["year"]),
                kind=r["value_kind"],
                comparator=r.get("comparator"),
                number=float(r["value_numeric"]),
                unit=unit,
                text=str(r["value_text"]),
                phrase=f"{r['indicator_name']} {r['value_text']}",
                source="table",
                tolerance=0.0
                if missing(span)
                else tolerances.get((r["document_id"], int(r["source_line"]), int(span)), 0.0),
            )
        )
    return out


# a prose subject that is a rate or share: compared with other prose even without a table row
_RATE_END = re.compile(r"(?:率|占比|比例|比重)$")


def keyed_statements(
    prose: list[Statement], values: pd.DataFrame, regions: dict, tolerances: dict[tuple, float] | None = None
) -> list[Statement]:
    """Table values keyed by their canonical indicator (else their printed name); prose values
    keyed by the table indicator of the same region they name (extraction gave a value naming
    its document's table indicator that table's printed name), or kept under their own name
    when they state a rate or share (the only prose read without a table to anchor it)."""
    canonical = {
        (r["plan_id"], int(r["source_line"]), r["indicator_name"]): r["canonical_indicator_id"]
        for r in values.to_dict("records")
    }
    tables = []
    for t in table_statements(values, tolerances):
        cid = canonical.get((t.plan_id, t.line, t.subject))
        tables.append(t if missing(cid) else Statement(**{**t.__dict__, "key": f"id:{cid}"}))
    names_by_region = defaultdict(dict)
    for t in tables:
        names_by_region[regions.get(t.plan_id)][t.subject] = t.key
    kept = []
    for s in prose:
        names = names_by_region.get(regions.get(s.plan_id), {})
        if s.key in names:
            kept.append(Statement(**{**s.__dict__, "key": names[s.key]}))
        elif _RATE_END.search(s.key):
            kept.append(s)
    return kept + tables


def _pair_row(main: Statement, related: Statement, regions: dict, problem: str | None) -> dict:
    return {
        "document_id": main.document_id,
        "plan_id": main.plan_id,
        "region_code": regions.get(main.plan_id),
        "source_line": main.line,
        "printed_text": main.phrase,
        "related_source_line": related.line,
        "related_text": related.phrase,
        "subject": main.subject,
        "related_document_id": related.document_id,
        "problem": problem,
    }


def _describe(s: Statement) -> str:
    where = "table" if s.source == "table" else "prose"
    return f"{where} line {s.line}: {s.year} {s.kind} {s.text}"


def value_conflicts(statements: list[Statement], regions: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(restatements, cross-plan): two statements of the same region, indicator, year, kind and
    unit whose printed values cannot both hold. In one plan at least one side is prose (two
    table cells are the table's own business); across two plans any two statements count."""
    groups = defaultdict(list)
    for s in statements:
        groups[(regions.get(s.plan_id), s.key, s.year, s.kind, s.unit)].append(s)
    same_plan, other_plan = [], []
    for (region, *_), group in groups.items():
        if region is None:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if (a.document_id, a.line) == (b.document_id, b.line):
                    continue
                if a.plan_id == b.plan_id and a.source == b.source == "table":
                    continue
                main, related = (b, a) if (b.document_id, b.line) > (a.document_id, a.line) else (a, b)
                if main.source == "table" and related.source == "prose" and a.plan_id == b.plan_id:
                    main, related = related, main
                problem = None
                if disjoint(a.interval, b.interval):
                    where = "" if a.plan_id == b.plan_id else f" of plan {related.plan_id}"
                    problem = (
                        f"{main.subject}: {_describe(main)} but {_describe(related)}{where} "
                        f"(same indicator, year and kind; the printed precision allows no common value)"
                    )
                (same_plan if a.plan_id == b.plan_id else other_plan).append(
                    _pair_row(main, related, regions, problem)
                )
    return frame(same_plan, "restatement_conflict"), frame(other_plan, "cross_plan_conflict")


def target_below_achievement(statements: list[Statement], regions: dict, direction) -> pd.DataFrame:
    """A target lower than what the plan says was already achieved (its latest stated actual),
    for an indicator where higher is better (`direction(name, comparator, text)`)."""
    by_key = defaultdict(list)
    for s in statements:
        by_key[(s.plan_id, s.key, s.unit)].append(s)
    # a table row holding both the baseline and the target: indicator_targets checks it
    row_actuals = {
        (s.plan_id, s.subject, s.year) for s in statements if s.source == "table" and s.kind == "actual"
    }
    rows = []
    for group in by_key.values():
        targets = [s for s in group if s.kind == "target"]
        actuals = [s for s in group if s.kind == "actual"]
        for t in targets:
            earlier = [a for a in actuals if a.year < t.year]
            if not earlier:
                continue
            latest = max(a.year for a in earlier)
            for a in (a for a in earlier if a.year == latest):
                if t.source == a.source == "table" and (t.plan_id, t.subject, a.year) in row_actuals:
                    continue
                if direction(t.subject, t.comparator, t.text) != "higher":
                    continue
                problem = None
                if t.number + t.tolerance + 1e-9 < a.interval[0]:
                    problem = (
                        f"{t.subject}: target {t.text} for {t.year} ({t.source} line {t.line}) is below "
                        f"{a.text} already achieved in {a.year} ({a.source} line {a.line}); higher is better"
                    )
                rows.append(_pair_row(t, a, regions, problem))
    return frame(rows, "target_below_achievement")


def unit_against_value(claims: pd.DataFrame, layout: PlanLayout) -> pd.DataFrame:
    """The unit printed in an indicator's name (个, 张, 人 … or %) against the unit of its value
    (unit_of_value claims: extraction read both units off the table row)."""
    rows = []
    for document_id, items in claims_of(claims, "unit_of_value"):
        (value,) = [i for i in items if i["item_role"] == "value"]
        (name,) = [i for i in items if i["item_role"] == "name"]
        name_unit, value_unit = name["unit"], value["unit"]
        problem = None
        if (name_unit in COUNT_UNITS and value_unit in SHARE_UNITS) or (
            name_unit in SHARE_UNITS and value_unit in COUNT_UNITS
        ):
            problem = (
                f"the name counts in {name['value_text']} but the value is printed as {value['value_text']}"
                if name_unit in COUNT_UNITS
                else f"the name is a share ({name['value_text']}) but the value is printed as {value['value_text']}"
            )
        rows.append(
            {
                "document_id": document_id,
                "source_line": int(value["source_line"]),
                "printed_text": value["printed_text"],
                "related_source_line": int(name["source_line"]),
                "related_text": name["printed_text"],
                "subject": name["printed_text"],
                "related_document_id": document_id,
                "problem": problem,
            }
        )
    return with_plans(rows, layout, "unit_against_value")
