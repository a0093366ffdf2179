"""Cross-checks: one statement of a plan against another statement about the same thing.

A careful reader with a pencil sets the prose against the table, one plan against the other
plan of the same region, the unit in an indicator's name against its value, an item's parts
against its whole, the several mentions of one project against each other, targets against
achievements, and the table of contents against the body. Extraction reads the text once
(ingestion/text_claims.py, ingestion/statements.py); the rules here compare what it read, as
it lies in the warehouse (marts and stg_text_claims), and read no text themselves:

- `pairs`: the shape of a compared pair, intervals from the printed precision, plans of lines
- `values`: values of indicators stated twice (prose against table, plan against plan),
  targets against achievements, the unit in a name against the unit of its value
- `text`: claims of one text against themselves (parts and whole, count × per-unit area,
  areas in 亩, table of contents, period words)
- `totals`: one total stated twice (rpt_reconciliation)
- `projects`: one project mentioned several times (fct_projects); a project-table row's funding
  columns against its total (fct_funding, fct_projects)
"""

from expectations.crosschecks.pairs import COUNT_UNITS, PAIR_COLUMNS, SHARE_UNITS, PlanLayout, with_plans
from expectations.crosschecks.projects import funding_parts_against_total, project_mentions
from expectations.crosschecks.text import TEXT_CLAIMS, TEXT_RULES
from expectations.crosschecks.totals import restated_totals
from expectations.crosschecks.values import (
    Statement,
    cell_tolerances,
    keyed_statements,
    prose_statements,
    target_below_achievement,
    unit_against_value,
    value_conflicts,
)

__all__ = [
    "COUNT_UNITS",
    "PAIR_COLUMNS",
    "SHARE_UNITS",
    "TEXT_CLAIMS",
    "TEXT_RULES",
    "PlanLayout",
    "Statement",
    "cell_tolerances",
    "funding_parts_against_total",
    "keyed_statements",
    "project_mentions",
    "prose_statements",
    "restated_totals",
    "target_below_achievement",
    "unit_against_value",
    "value_conflicts",
    "with_plans",
]
