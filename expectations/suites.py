"""The expectation suites, as code: one per mart plus cross-mart suites (growth, targets).

A suite is a dataframe to validate (the mart, plus derived columns for the rules GX has
no built-in for) and a list of rules. A derived rule column holds None when the row
passes and a short explanation when it does not, and is validated with
ExpectColumnValuesToBeNull, so the explanation travels with the failing row.

Severity: `error` = a pipeline defect (the Dagster check fails and blocks publishing);
`warn` = a finding about the source plan (reported, never blocking).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import great_expectations as gx
import pandas as pd
import yaml

from expectations import crosschecks, rules, statement_checks
from expectations.crosschecks import COUNT_UNITS
from expectations.rules import num
from vocabulary.years import (
    FACT_YEARS_AFTER_PERIOD,
    FACT_YEARS_BEFORE_PERIOD,
    PROJECT_YEARS_AFTER_PERIOD,
    PROJECT_YEARS_BEFORE_PERIOD,
)

ERROR, WARN = "error", "warn"
_GX_SEVERITY = {ERROR: "critical", WARN: "warning"}

# The normalized units (the dbt seed reference.unit_vocabulary, written from the extractors'
# vocabulary); compound units are built from them and these denominators ('张/千人', '元/人·月').
UNIT_VOCABULARY = "unit_vocabulary"
_DENOMINATORS = frozenset({"十人", "百人", "千人", "万人", "十户", "百户", "千户", "万户"})

# The years a fact or a project may carry around its plan's period are vocabulary.years'
# (FACT_/PROJECT_YEARS_BEFORE/AFTER_PERIOD), beside the period rules the extractors use.


@dataclass(frozen=True)
class Rule:
    name: str  # stable id, used as the expectation's name in the audit trail
    severity: str  # error | warn
    # keys | foreign_keys | units | totals | growth | years | targets | values | attainment, and the
    # cross-checks: restatement | cross_plan | parts | projects | structure; reading | spans
    kind: str
    explain: str  # what a failure means, for people
    build: Callable[..., object]  # (severity=, meta=) -> a GX expectation, built fresh per run
    column: str | None = None  # the column validated (findings show its value)
    printed: str | None = None  # the column holding the text as printed

    def expectation(self):
        meta = {"rule": self.name, "kind": self.kind, "severity": self.severity, "explain": self.explain}
        return self.build(severity=_GX_SEVERITY[self.severity], meta=meta)


@dataclass(frozen=True)
class Suite:
    name: str
    mart: str  # the mart whose Dagster asset check reports this suite
    description: str
    needs: tuple[str, ...]  # marts read
    frame: Callable[[dict[str, pd.DataFrame]], pd.DataFrame]
    rules: list[Rule] = field(default_factory=list)
    summary_column: str | None = None  # a derived column whose value counts are reported
    subject_column: str | None = None  # what a row is about, for people (indicator / project name)
    # checked whole on every run, scoped ones too: its rows set one document against another, so
    # its findings are found afresh each run and never carried over from an earlier one
    whole: bool = False

    @property
    def has_errors(self) -> bool:
        return any(r.severity == ERROR for r in self.rules)


# Rule builders ------------------------------------------------------------------------


def unique(column: str, kind: str = "keys") -> Rule:
    return Rule(
        f"{column}_unique",
        ERROR,
        kind,
        f"{column} is the key: a repeated value is a duplicated row",
        lambda **kw: gx.expectations.ExpectColumnValuesToBeUnique(**kw, column=column),
        column,
    )


def not_null(column: str, severity: str = ERROR, kind: str = "keys") -> Rule:
    return Rule(
        f"{column}_not_null",
        severity,
        kind,
        f"every row needs {column}",
        lambda **kw: gx.expectations.ExpectColumnValuesToNotBeNull(**kw, column=column),
        column,
    )


def compound_unique(columns: list[str], explain: str, printed: str | None = None) -> Rule:
    return Rule(
        "natural_key_unique",
        ERROR,
        "keys",
        f"{explain} (same {', '.join(columns)})",
        lambda **kw: gx.expectations.ExpectCompoundColumnsToBeUnique(**kw, column_list=columns),
        columns[-1],
        printed,
    )


def in_set(
    column: str, values, severity: str = ERROR, kind: str = "values", printed: str | None = None
) -> Rule:
    values = sorted(values)
    return Rule(
        f"{column}_in_vocabulary",
        severity,
        kind,
        f"{column} must be one of {', '.join(map(str, values))}",
        lambda **kw: gx.expectations.ExpectColumnValuesToBeInSet(**kw, column=column, value_set=values),
        column,
        printed,
    )


def between(
    column: str, low, high, name: str, explain: str, kind: str, severity: str = ERROR, printed=None
) -> Rule:
    return Rule(
        name,
        severity,
        kind,
        explain,
        lambda **kw: gx.expectations.ExpectColumnValuesToBeBetween(
            **kw, column=column, min_value=low, max_value=high
        ),
        column,
        printed,
    )


def derived(column: str, severity: str, kind: str, explain: str, printed: str | None = None) -> Rule:
    """A rule computed in pandas: `column` holds None or the explanation of the failure."""
    return Rule(
        column,
        severity,
        kind,
        explain,
        lambda **kw: gx.expectations.ExpectColumnValuesToBeNull(**kw, column=column),
        column,
        printed,
    )


def regex(column: str, pattern: str, explain: str, kind: str = "values") -> Rule:
    return Rule(
        f"{column}_format",
        ERROR,
        kind,
        explain,
        lambda **kw: gx.expectations.ExpectColumnValuesToMatchRegex(**kw, column=column, regex=pattern),
        column,
    )


# Schema rules from the dbt contracts ----------------------------------------------------

# The marts' YAML (one per model): their keys and accepted values are written there once,
# for dbt's tests and for these suites.
MARTS_YAML_DIR = Path(__file__).resolve().parent.parent / "dbt_project" / "models" / "marts"


@functools.cache
def mart_column_tests(mart: str) -> tuple[tuple[str, tuple[str | dict, ...]], ...]:
    """(column, its dbt data tests) for every column of `mart`'s YAML, in order."""
    path = MARTS_YAML_DIR / f"{mart}.yml"
    (model,) = [m for m in yaml.safe_load(path.read_text(encoding="utf-8"))["models"] if m["name"] == mart]
    return tuple(
        (column["name"], tuple(column.get("data_tests") or column.get("tests") or ()))
        for column in model.get("columns", [])
    )


def _test_name(test: str | dict) -> str:
    return test if isinstance(test, str) else next(iter(test))


def _test_arguments(test: str | dict) -> dict:
    if isinstance(test, str):
        return {}
    body = next(iter(test.values())) or {}
    return {**body.get("arguments", {}), **{k: v for k, v in body.items() if k != "arguments"}}


def _severity(test: str | dict) -> str:
    config = _test_arguments(test).get("config") or {}
    return WARN if str(config.get("severity", "error")).lower() == "warn" else ERROR


def contract_rules(
    mart: str, printed: dict[str, str] | None = None, kinds: dict[str, str] | None = None
) -> list[Rule]:
    """The schema rules `mart`'s dbt YAML states, as GX rules: each key (a column dbt tests
    `unique`) not null and unique, each column with `accepted_values` in its set. A new
    accepted value is written once, in the YAML; `printed` names a column's printed text,
    `kinds` the kind of finding a vocabulary's failure is (default 'values')."""
    keys, vocabularies = [], []
    for column, tests in mart_column_tests(mart):
        names = {_test_name(test) for test in tests}
        if "unique" in names:
            keys += [not_null(column)] if "not_null" in names else []
            keys.append(unique(column))
        for test in tests:
            if _test_name(test) == "accepted_values":
                values = _test_arguments(test)["values"]
                vocabularies.append(
                    in_set(
                        column,
                        values,
                        severity=_severity(test),
                        kind=(kinds or {}).get(column, "values"),
                        printed=(printed or {}).get(column),
                    )
                )
    return keys + vocabularies


# Derived columns ------------------------------------------------------------------------


def foreign_key(
    df: pd.DataFrame, column: str, dim: pd.DataFrame | None, dim_column: str, dim_name: str
) -> pd.Series:
    """None where `column` is null or found in the dimension, else the explanation."""
    known = set() if dim is None else set(dim[dim_column].dropna().astype(str))
    return df[column].map(
        lambda v: None if _missing(v) or str(v) in known else f"{column} {v} not in {dim_name}"
    )


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def _unit_violations(units: pd.Series, marts: dict[str, pd.DataFrame]) -> pd.Series:
    """Per unit: None when it is in the vocabulary (or a compound of its units and denominators)."""
    vocabulary = frozenset(_col(marts[UNIT_VOCABULARY], "unit").dropna())
    parts_allowed = vocabulary | _DENOMINATORS

    def violation(unit) -> str | None:
        if _missing(unit) or unit in vocabulary:
            return None
        parts = str(unit).replace("·", "/").split("/")
        if 1 < len(parts) <= 3 and all(p in parts_allowed for p in parts):
            return None
        return f"unit {unit!r} is not in the normalized vocabulary"

    return units.map(violation)


def _with_plan_period(df: pd.DataFrame, marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    plans = marts.get("dim_plan")
    if plans is None or "plan_id" not in df:
        return df.assign(plan_period_start=None, plan_period_end=None)
    periods = plans[["plan_id", "period_start_year", "period_end_year"]].rename(
        columns={"period_start_year": "plan_period_start", "period_end_year": "plan_period_end"}
    )
    return df.merge(periods.drop_duplicates("plan_id"), on="plan_id", how="left")


def _fact_keys(df: pd.DataFrame, marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The foreign keys every fact carries."""
    df = df.copy()
    df["plan_id_in_dim_plan"] = foreign_key(df, "plan_id", marts.get("dim_plan"), "plan_id", "dim_plan")
    df["document_id_in_dim_document"] = foreign_key(
        df, "document_id", marts.get("dim_document"), "document_id", "dim_document"
    )
    df["region_code_in_dim_region"] = foreign_key(
        df, "region_code", marts.get("dim_region"), "region_code", "dim_region"
    )
    if "policy_area_code" in df:
        df["policy_area_code_in_dim_policy_area"] = foreign_key(
            df, "policy_area_code", marts.get("dim_policy_area"), "policy_area_code", "dim_policy_area"
        )
    return df


def _fk_rules(*columns: str) -> list[Rule]:
    return [
        derived(c, ERROR, "foreign_keys", f"{c.split('_in_')[0]} must resolve to {c.split('_in_')[1]}")
        for c in columns
    ]


FACT_FKS = (
    "plan_id_in_dim_plan",
    "document_id_in_dim_document",
    "region_code_in_dim_region",
    "policy_area_code_in_dim_policy_area",
)


class MissingColumn(KeyError):
    """A column a suite's rules are computed from is not in the mart: its rules cannot run."""


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    """The column `name`; MissingColumn when the mart lacks it (never a column of Nones, which
    would pass every rule computed from it: a renamed column must not disable a check)."""
    if name not in df:
        raise MissingColumn(name)
    return df[name]


def _line_texts(lines: pd.DataFrame) -> dict[tuple[str, int], str]:
    """{(document_id, line_no): text} of raw.document_lines, built once per loaded frame: every
    fact suite looks its spans up in it (seconds a suite at a thousand plans, built each time)."""
    return _once_per_frame(
        "line_texts",
        lines,
        lambda: {
            (d, int(n)): t
            for d, n, t in zip(lines["document_id"], lines["line_no"], lines["text"], strict=True)
        },
    )


def _span_off_printed(
    df: pd.DataFrame, marts: dict[str, pd.DataFrame], printed: str | None, holds: str = "number"
) -> list[str | None]:
    """rules.span_violation per row: the span_start/span_end of the row on its source line
    (raw.document_lines, loaded with the marts) against what the row printed."""
    lines = marts.get(DOCUMENT_LINES)
    if lines is None or "span_start" not in df:
        return [None] * len(df)
    text = _line_texts(lines)
    return [
        rules.span_violation(text.get((d, int(n)) if not _missing(n) else None), a, b, p, holds)
        for d, n, a, b, p in zip(
            df["document_id"],
            df["source_line"],
            df["span_start"],
            df["span_end"],
            _col(df, printed) if printed else [None] * len(df),
            strict=True,
        )
    ]


def _span_rule(printed: str | None) -> Rule:
    return derived(
        "span_off_printed",
        ERROR,
        "spans",
        "a fact's span_start/span_end lie inside its source line and the line's text there is what it printed",
        printed,
    )


# Frames -------------------------------------------------------------------------------


def indicator_values_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = _fact_keys(marts["fct_indicator_values"], marts)
    df["canonical_indicator_id_in_dim_indicator"] = foreign_key(
        df, "canonical_indicator_id", marts.get("dim_indicator"), "canonical_indicator_id", "dim_indicator"
    )
    df["unit_not_normalized"] = _unit_violations(df["unit"], marts)
    shows_percent = _col(df, "value_text").fillna("").str.contains("%|％", regex=True) | _col(
        df, "unit_raw"
    ).fillna("").str.contains("%|％", regex=True)
    count_with_percent = df["unit"].isin(COUNT_UNITS) & shows_percent & (df["value_kind"] != "growth")
    df["count_unit_holds_percent"] = [
        f"unit {u} (a count) but the value is printed as a percent: {t}" if bad else None
        for u, t, bad in zip(df["unit"], df["value_text"], count_with_percent, strict=True)
    ]
    df["number_missing"] = [
        "comparator set but no number" if not _missing(c) and _missing(v) else None
        for c, v in zip(df["comparator"], df["value_numeric"], strict=True)
    ]
    df = _with_plan_period(df, marts)
    df["year_outside_horizon"] = [
        rules.year_outside_horizon(y, s, e, FACT_YEARS_BEFORE_PERIOD, FACT_YEARS_AFTER_PERIOD)
        for y, s, e in zip(df["year"], df["plan_period_start"], df["plan_period_end"], strict=True)
    ]
    # a share: percent actual/target values must lie within 0–100 (growth may exceed it)
    df["percent_share"] = df["value_numeric"].where((df["unit"] == "%") & (df["value_kind"] != "growth"))
    df["span_off_printed"] = _span_off_printed(df, marts, "value_text")
    return df


INDICATOR_VALUE_RULES = [
    *contract_rules("fct_indicator_values"),
    compound_unique(
        ["plan_id", "source_line", "indicator_name", "year", "value_kind", "value_text"],
        "the same printed value of the same indicator is stored twice",
        "value_text",
    ),
    *_fk_rules(*FACT_FKS, "canonical_indicator_id_in_dim_indicator"),
    derived("unit_not_normalized", ERROR, "units", "every unit is in the normalized vocabulary", "unit_raw"),
    derived(
        "count_unit_holds_percent",
        ERROR,
        "units",
        "a count unit (个/人/张…) never holds a percent",
        "value_text",
    ),
    between(
        "percent_share",
        0,
        100,
        "percent_within_0_100",
        "a percent share (coverage, rate) lies within 0–100",
        "units",
        printed="value_text",
    ),
    derived("number_missing", ERROR, "values", "a value with a comparator has its number", "value_text"),
    derived(
        "year_outside_horizon", WARN, "years", "indicator years lie around the plan period", "value_text"
    ),
    _span_rule("value_text"),
]


def projects_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = _fact_keys(marts["fct_projects"], marts)
    df = _with_plan_period(df, marts)
    df["investment_printed_mismatch"] = [
        rules.money_unit_violation(v, t)
        for v, t in zip(df["planned_investment_wan_yuan"], _col(df, "investment_text"), strict=True)
    ]
    df["investment_implausible"] = df["planned_investment_wan_yuan"].map(rules.money_magnitude_violation)
    for column in ("start_year", "end_year"):
        df[f"{column}_outside_horizon"] = [
            rules.year_outside_horizon(y, s, e, PROJECT_YEARS_BEFORE_PERIOD, PROJECT_YEARS_AFTER_PERIOD)
            for y, s, e in zip(df[column], df["plan_period_start"], df["plan_period_end"], strict=True)
        ]
    df["end_before_start"] = [
        f"ends {int(e)} before it starts {int(s)}" if not _missing(s) and not _missing(e) and e < s else None
        for s, e in zip(df["start_year"], df["end_year"], strict=True)
    ]
    df["printed_investment"] = _col(df, "investment_text")
    df["printed_years"] = _col(df, "years_text")
    df["span_off_printed"] = _span_off_printed(df, marts, "project_name", holds="text")
    return df


PROJECT_RULES = [
    *contract_rules("fct_projects", printed={"construction_type": "construction_type_zh"}),
    compound_unique(
        ["plan_id", "source_line", "project_name", "category"],
        "the same listed project is stored twice",
        "printed_investment",
    ),
    *_fk_rules(*FACT_FKS),
    between(
        "planned_investment_wan_yuan",
        0,
        None,
        "investment_non_negative",
        "money is never negative",
        "units",
        printed="printed_investment",
    ),
    derived(
        "investment_printed_mismatch",
        ERROR,
        "units",
        "planned investment in 万元 equals the amount as printed (亿元 ×10000, 元 ÷10000)",
        "printed_investment",
    ),
    derived(
        "investment_implausible",
        ERROR,
        "units",
        "one project's investment is at most 1e6 万元 (100亿元); more means a value left in 元",
        "printed_investment",
    ),
    between("beds", 0, None, "beds_non_negative", "bed counts are never negative", "values"),
    between("floor_area_m2", 0, None, "floor_area_non_negative", "floor areas are never negative", "values"),
    derived(
        "start_year_outside_horizon",
        WARN,
        "years",
        "a project starts around the plan period",
        "printed_years",
    ),
    derived(
        "end_year_outside_horizon", WARN, "years", "a project ends around the plan period", "printed_years"
    ),
    derived("end_before_start", WARN, "years", "a project does not end before it starts", "printed_years"),
    _span_rule("project_name"),
]


def funding_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = _fact_keys(marts["fct_funding"], marts)
    df["project_id_in_fct_projects"] = foreign_key(
        df, "project_id", marts.get("fct_projects"), "project_id", "fct_projects"
    )
    printed = _col(df, "amount_text").where(_col(df, "amount_text").notna(), _col(df, "source_text"))
    df["printed_amount"] = printed
    df["amount_printed_mismatch"] = [
        rules.money_unit_violation(v, t) for v, t in zip(df["amount_wan_yuan"], printed, strict=True)
    ]
    per_project = df["amount_wan_yuan"].where(df["project_id"].notna())
    df["project_amount_implausible"] = per_project.map(rules.money_magnitude_violation)
    df["span_off_printed"] = _span_off_printed(df, marts, "amount_text")
    return df


FUNDING_RULES = [
    *contract_rules("fct_funding"),
    compound_unique(
        ["plan_id", "source_line", "source_text", "amount_wan_yuan", "funding_kind", "project_id"],
        "the same stated amount is stored twice",
        "printed_amount",
    ),
    *_fk_rules(*FACT_FKS, "project_id_in_fct_projects"),
    not_null("amount_wan_yuan", kind="units"),
    between(
        "amount_wan_yuan",
        0,
        None,
        "amount_non_negative",
        "money is never negative",
        "units",
        printed="printed_amount",
    ),
    derived(
        "amount_printed_mismatch",
        ERROR,
        "units",
        "the amount in 万元 equals the amount as printed (亿元 ×10000, 元 ÷10000)",
        "printed_amount",
    ),
    derived(
        "project_amount_implausible",
        ERROR,
        "units",
        "an amount of one project is at most 1e6 万元 (100亿元); more means a value left in 元",
        "printed_amount",
    ),
    _span_rule("amount_text"),
]


def reconciliation_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = _fact_keys(marts["rpt_reconciliation"], marts)
    within = df["difference"].abs() <= df["tolerance"] + 1e-6
    df["status_inconsistent"] = [
        f"status {s!r} but |difference| {num(abs(d))} vs tolerance {num(t)}"
        if not _missing(d) and not _missing(t) and (s == "match") != bool(w)
        else None
        for s, d, t, w in zip(df["status"], df["difference"], df["tolerance"], within, strict=True)
    ]
    df["difference_wrong"] = [
        None
        if _missing(st) or _missing(c) or _missing(d) or min(abs(d - (c - st)), abs(d - (st - c))) < 1e-6
        else f"difference {num(d)} is not computed {num(c)} − stated {num(st)}"
        for st, c, d in zip(df["stated_value"], df["computed_value"], df["difference"], strict=True)
    ]
    # computed 0: nothing under the statement was read, so its rows cannot be checked against
    # it; a plan-wide count without rows is listed in rpt_unread_lines, not blamed on the plan
    df["totals_mismatch"] = [
        None
        if s == "match" or c == 0
        else f"stated {num(st)} vs computed {num(c)} ({m}, {sc}): differs by {num(abs(d))}, tolerance {num(t)}"
        for s, st, c, d, t, m, sc in zip(
            df["status"],
            df["stated_value"],
            df["computed_value"].fillna(float("nan")),
            df["difference"].fillna(float("nan")),
            df["tolerance"].fillna(0),
            df["measure"],
            df["scope"],
            strict=True,
        )
    ]
    df["printed_total"] = _col(df, "stated_text")
    df["reconciled"] = df["scope"].astype(str) + " · " + df["measure"].astype(str)
    return df


RECONCILIATION_RULES = [
    *contract_rules("rpt_reconciliation", kinds={"status": "totals"}),
    *_fk_rules("plan_id_in_dim_plan", "document_id_in_dim_document", "region_code_in_dim_region"),
    not_null("stated_value", kind="totals"),
    not_null("measure", kind="totals"),
    regex(
        "scope",
        r"^(?:all|category:.+|table:.+)$",
        "scope is 'all', 'category:<printed category>' or 'table:<caption>'",
        kind="totals",
    ),
    between("tolerance", 0, None, "tolerance_non_negative", "a tolerance is never negative", "totals"),
    derived(
        "status_inconsistent", ERROR, "totals", "status is 'match' exactly when |difference| ≤ tolerance"
    ),
    derived("difference_wrong", ERROR, "totals", "difference is computed − stated"),
    derived(
        "totals_mismatch",
        WARN,
        "totals",
        "a total the plan states equals what its own listed rows add up to, within the printed precision",
        "printed_total",
    ),
]


def growth_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return rules.growth_frame(marts["fct_indicator_values"])


GROWTH_RULES = [
    derived(
        "growth_inconsistent",
        WARN,
        "growth",
        "a printed growth equals the relative change, the percentage-point change or the CAGR "
        "between the indicator's start and end values",
        "value_text",
    ),
]


def targets_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return rules.target_baseline_frame(marts["fct_indicator_values"])


TARGET_RULES = [
    derived(
        "target_below_baseline",
        WARN,
        "targets",
        "a target does not fall behind its baseline for an indicator where higher is better",
        "value_text",
    ),
]


def plans_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = marts["dim_plan"].copy()
    df["document_id_in_dim_document"] = foreign_key(
        df, "document_id", marts.get("dim_document"), "document_id", "dim_document"
    )
    df["region_code_in_dim_region"] = foreign_key(
        df, "region_code", marts.get("dim_region"), "region_code", "dim_region"
    )
    df["period_not_five_years"] = [
        None
        if _missing(s) or _missing(e) or e - s == 4
        else f"plan period {int(s)}–{int(e)} is not five years"
        for s, e in zip(df["period_start_year"], df["period_end_year"], strict=True)
    ]
    df["plan_title_printed"] = df["plan_title"]
    return df


PLAN_RULES = [
    *contract_rules("dim_plan"),
    not_null("document_id"),
    *_fk_rules("document_id_in_dim_document", "region_code_in_dim_region"),
    not_null("region_code", severity=WARN),
    between(
        "period_start_year",
        2000,
        2040,
        "period_start_plausible",
        "a plan starts between 2000 and 2040",
        "years",
    ),
    derived(
        "period_not_five_years", WARN, "years", "a five-year plan spans five years", "plan_title_printed"
    ),
]


def documents_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return marts["dim_document"].copy()


DOCUMENT_RULES = [*contract_rules("dim_document"), unique("source_path")]


def regions_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = marts["dim_region"].copy()
    df["parent_region_code_in_dim_region"] = foreign_key(
        df, "parent_region_code", marts["dim_region"], "region_code", "dim_region"
    )
    return df


REGION_RULES = [
    *contract_rules("dim_region"),
    regex("region_code", r"^\d{6}$", "a region code has 6 digits (GB/T 2260)", kind="keys"),
    *_fk_rules("parent_region_code_in_dim_region"),
]


def indicators_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = marts["dim_indicator"].copy()
    df["unit_not_normalized"] = _unit_violations(df["unit"], marts)
    df["policy_area_code_in_dim_policy_area"] = foreign_key(
        df, "policy_area_code", marts.get("dim_policy_area"), "policy_area_code", "dim_policy_area"
    )
    return df


INDICATOR_RULES = [
    *contract_rules("dim_indicator"),
    derived("unit_not_normalized", ERROR, "units", "every unit is in the normalized vocabulary", "unit"),
    *_fk_rules("policy_area_code_in_dim_policy_area"),
]


def policy_areas_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return marts["dim_policy_area"].copy()


POLICY_AREA_RULES = contract_rules("dim_policy_area")


def unread_lines_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = marts["rpt_unread_lines"].copy()
    df["line_not_read"] = [
        f"{reason}: {int(n)} number(s) with a unit fed no fact row"
        if not _missing(n) and n > 0
        else f"{reason}: nothing was read from it"
        for reason, n in zip(df["reason"], _col(df, "unit_numbers"), strict=True)
    ]
    df["span_off_printed"] = _span_off_printed(df, marts, None)
    return df


# What the extractors could not read is a finding about how the plan is printed (a layout
# the extractors do not know yet), reported line by line and never blocking.
UNREAD_LINE_RULES = [
    derived(
        "line_not_read",
        WARN,
        "reading",
        "every number with a unit in a table or project section feeds a fact row, every caption has its table",
        "line_text",
    ),
    _span_rule(None),
]


# Target attainment: was a target met (fct_target_attainment) ---------------------------


def _comparator_holds(actual, comparator, target, direction) -> bool | None:
    """Does the actual satisfy the target's comparator (a bare target: the direction's way)?"""
    if _missing(actual) or _missing(target):
        return None
    actual, target = float(actual), float(target)
    if comparator in (None, "=") or _missing(comparator):
        comparator = "<=" if direction == "lower" else ">="
    return {
        ">=": actual >= target,
        ">": actual > target,
        "<=": actual <= target,
        "<": actual < target,
    }[comparator]


def attainment_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = marts["fct_target_attainment"].copy()
    # findings point at the target's line; the actual is the related statement
    df["document_id"] = df["target_document_id"]
    df["plan_id"] = df["target_plan_id"]
    df["source_line"] = df["target_source_line"]
    df["related_document_id"] = df["actual_document_id"]
    df["related_source_line"] = df["actual_source_line"]
    df["related_text"] = df["actual_values_reported"]
    holds = [
        _comparator_holds(a, c, t, d)
        for a, c, t, d in zip(
            df["actual_value"], df["target_comparator"], df["target_value"], df["direction"], strict=True
        )
    ]
    df["met_without_reaching_target"] = [
        f"outcome met but actual {num(a)} does not satisfy {c or '='} {num(t)} ({d} is better)"
        if o == "met" and h is not True
        else None
        for o, h, a, c, t, d in zip(
            df["outcome"],
            holds,
            df["actual_value"],
            df["target_comparator"],
            df["target_value"],
            df["direction"],
            strict=True,
        )
    ]
    df["missed_although_reached"] = [
        f"outcome missed but actual {num(a)} satisfies {c or '='} {num(t)}"
        if o == "missed" and h is not False
        else None
        for o, h, a, c, t in zip(
            df["outcome"], holds, df["actual_value"], df["target_comparator"], df["target_value"], strict=True
        )
    ]
    df["binding_target_missed"] = [
        f"约束性 target {p} {u or ''} for {y} missed: actual {num(a)} (gap {num(g)})"
        if o == "missed" and attr == "binding"
        else None
        for o, attr, p, u, y, a, g in zip(
            df["outcome"],
            df["attribute"],
            df["target_value_text"],
            df["unit"],
            df["target_year"],
            df["actual_value"],
            df["gap"],
            strict=True,
        )
    ]
    df["actuals_disagree"] = [
        f"{int(n)} actuals for {y} differ: {r}" if o == "conflicting_actuals" else None
        for o, n, y, r in zip(
            df["outcome"], df["actual_count"], df["target_year"], df["actual_values_reported"], strict=True
        )
    ]
    return df


ATTAINMENT_RULES = [
    *contract_rules("fct_target_attainment", printed={"outcome": "target_value_text"}),
    derived(
        "met_without_reaching_target",
        ERROR,
        "attainment",
        "a met target's actual satisfies the target's comparator (a bare target: its direction)",
        "target_value_text",
    ),
    derived(
        "missed_although_reached",
        ERROR,
        "attainment",
        "a missed target's actual does not satisfy the target's comparator",
        "target_value_text",
    ),
    derived(
        "binding_target_missed",
        WARN,
        "attainment",
        "a binding (约束性) target was missed: the later report falls short of it",
        "target_value_text",
    ),
    derived(
        "actuals_disagree",
        WARN,
        "attainment",
        "the plans report one actual for a region, indicator and year (two that differ are a finding)",
        "target_value_text",
    ),
]


# Cross-checks: one statement against another (expectations.crosschecks) -----------------

DOCUMENT_LINES = "document_lines"  # raw.document_lines: the lines spans are checked against
TEXT_CLAIMS = crosschecks.TEXT_CLAIMS  # staging.stg_text_claims: what extraction read in the text


def _crosscheck_inputs(marts: dict[str, pd.DataFrame]):
    """(layout, keyed statements), computed once per loaded warehouse."""
    claims = marts[TEXT_CLAIMS]

    def build():
        layout = crosschecks.PlanLayout.of(marts["dim_plan"])
        statements = crosschecks.keyed_statements(
            crosschecks.prose_statements(claims, layout),
            marts["fct_indicator_values"],
            layout.regions,
            crosschecks.cell_tolerances(marts.get("fct_table_cells")),
        )
        return layout, statements

    return _once_per_frame("crosscheck_inputs", claims, build)


_ONCE_PER_FRAME: dict = {}  # {name: (the frame it was built from, what was built)}


def _once_per_frame(name: str, frame: pd.DataFrame, build):
    """What `build` makes from `frame`, built once while the same loaded frame comes back (the
    suites of one check share the frames run_quality loaded; the next check loads new ones)."""
    cached = _ONCE_PER_FRAME.get(name)
    if cached is None or cached[0] is not frame:
        _ONCE_PER_FRAME[name] = cached = (frame, build())
    return cached[1]


def _text_rule_frame(marts: dict[str, pd.DataFrame], rules: list[str]) -> pd.DataFrame:
    layout = crosschecks.PlanLayout.of(marts["dim_plan"])
    claims = marts[TEXT_CLAIMS]
    return pd.concat(
        [crosschecks.with_plans(crosschecks.TEXT_RULES[rule](claims), layout, rule) for rule in rules],
        ignore_index=True,
    )


def restatement_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    layout, statements = _crosscheck_inputs(marts)
    return crosschecks.value_conflicts(statements, layout.regions)[0]


def cross_plan_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    layout, statements = _crosscheck_inputs(marts)
    return crosschecks.value_conflicts(statements, layout.regions)[1]


def achievement_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    layout, statements = _crosscheck_inputs(marts)
    return crosschecks.target_below_achievement(statements, layout.regions, rules.better_direction)


def unit_value_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    layout = crosschecks.PlanLayout.of(marts["dim_plan"])
    return crosschecks.unit_against_value(marts[TEXT_CLAIMS], layout)


def parts_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    text = _text_rule_frame(
        marts, ["parts_against_whole", "per_unit_product_mismatch", "area_restated_in_mu"]
    )
    columns = crosschecks.funding_parts_against_total(marts.get("fct_projects"), marts.get("fct_funding"))
    return pd.concat([text, columns], ignore_index=True)


def restated_totals_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    layout = crosschecks.PlanLayout.of(marts["dim_plan"])
    return crosschecks.restated_totals(marts["rpt_reconciliation"], layout.regions, marts.get("fct_funding"))


def project_mentions_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return crosschecks.project_mentions(marts["fct_projects"])


def structure_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return _text_rule_frame(marts, ["toc_against_body", "period_against_section", "period_against_years"])


def _cross(column: str, kind: str, explain: str) -> list[Rule]:
    return [derived(column, WARN, kind, explain, "printed_text")]


CROSSCHECK_SUITES: list[Suite] = [
    Suite(
        "cross_restatement",
        "fct_indicator_values",
        "a value stated twice in one plan (prose against table, prose against prose) agrees",
        ("fct_indicator_values", "dim_plan", TEXT_CLAIMS),
        restatement_frame,
        _cross(
            "restatement_conflict",
            "restatement",
            "a value the plan states twice for the same indicator, year and kind agrees within the printed precision",
        ),
        subject_column="subject",
    ),
    Suite(
        "cross_plan",
        "dim_plan",
        "two plans of one region print the same indicator, year and kind alike",
        ("fct_indicator_values", "dim_plan", TEXT_CLAIMS),
        cross_plan_frame,
        _cross(
            "cross_plan_conflict",
            "cross_plan",
            "two plans of one region state the same indicator, year and kind with values that can both hold",
        ),
        subject_column="subject",
    ),
    Suite(
        "cross_units",
        "fct_indicator_values",
        "the unit in an indicator's name against the unit of its printed value",
        ("dim_plan", TEXT_CLAIMS),
        unit_value_frame,
        _cross(
            "unit_against_value",
            "units",
            "a name that counts (个, 张, 人) holds a count, a name that is a share (%) holds a share",
        ),
        subject_column="subject",
    ),
    Suite(
        "cross_parts",
        "fct_projects",
        "the parts listed after 其中 against the whole; a project row's funding columns against its "
        "total; count × per-unit area against the area",
        ("dim_plan", TEXT_CLAIMS, "fct_projects", "fct_funding"),
        parts_frame,
        [
            *_cross(
                "parts_against_whole",
                "parts",
                "the parts of an item (其中 …) do not exceed its stated whole, nor fall short of it when "
                "the list says it is complete, within the printed precision",
            ),
            *_cross(
                "funding_parts_exceed_total",
                "parts",
                "a project-table row's funding columns (其中：中央预算内投资 | 省级补助 …) add up to no more "
                "than its total investment, within the printed precision",
            ),
            *_cross(
                "per_unit_product_mismatch",
                "parts",
                "a count times its per-unit area (床均面积, 每所) equals the stated area",
            ),
            *_cross(
                "area_restated_in_mu",
                "restatement",
                "an area restated in 亩 (1 亩 = 666.67 平方米) is the same area to the printed precision",
            ),
        ],
        subject_column="subject",
    ),
    Suite(
        "cross_totals",
        "rpt_reconciliation",
        "one total stated twice (text and table, 亿元 and 万元) rounds alike",
        ("rpt_reconciliation", "dim_plan"),
        restated_totals_frame,
        _cross(
            "restated_total_conflict",
            "restatement",
            "a total stated twice agrees: the coarser figure is the finer one rounded half up (四舍五入)",
        ),
        subject_column="subject",
    ),
    Suite(
        "cross_projects",
        "fct_projects",
        "one project mentioned several times (table, prose, 专栏) with the same facts",
        ("fct_projects",),
        project_mentions_frame,
        _cross(
            "project_mentions_differ",
            "projects",
            "every mention of one project gives the same investment, years, beds and floor area",
        ),
        subject_column="subject",
    ),
    Suite(
        "cross_targets",
        "fct_indicator_values",
        "targets against what the plan says was already achieved",
        ("fct_indicator_values", "dim_plan", TEXT_CLAIMS),
        achievement_frame,
        _cross(
            "target_below_achievement",
            "targets",
            "a target is not below what the plan says was already achieved, where higher is better",
        ),
        subject_column="subject",
    ),
    Suite(
        "cross_structure",
        "dim_document",
        "the table of contents against the body; a period word against its section and its years",
        ("dim_plan", TEXT_CLAIMS),
        structure_frame,
        [
            *_cross(
                "toc_against_body",
                "structure",
                "each table-of-contents entry has the body heading it names, worded alike",
            ),
            *_cross(
                "period_against_section",
                "structure",
                "a heading's five-year period is the period its section speaks of",
            ),
            *_cross(
                "period_against_years",
                "structure",
                "a figure given for a five-year period covers that period's years, not a window past it",
            ),
        ],
        subject_column="subject",
    ),
]

SUITES: list[Suite] = [
    Suite(
        "dim_document", "dim_document", "documents: keys", ("dim_document",), documents_frame, DOCUMENT_RULES
    ),
    Suite(
        "dim_region",
        "dim_region",
        "regions: GB/T 2260 keys and parents",
        ("dim_region",),
        regions_frame,
        REGION_RULES,
        subject_column="region_name",
    ),
    Suite(
        "dim_plan",
        "dim_plan",
        "plans: keys, foreign keys, plan period",
        ("dim_plan", "dim_document", "dim_region"),
        plans_frame,
        PLAN_RULES,
        subject_column="plan_title",
    ),
    Suite(
        "dim_policy_area",
        "dim_policy_area",
        "policy areas: keys",
        ("dim_policy_area",),
        policy_areas_frame,
        POLICY_AREA_RULES,
    ),
    Suite(
        "dim_indicator",
        "dim_indicator",
        "canonical indicators: keys, units",
        ("dim_indicator", "dim_policy_area", UNIT_VOCABULARY),
        indicators_frame,
        INDICATOR_RULES,
        subject_column="canonical_name_zh",
    ),
    Suite(
        "fct_indicator_values",
        "fct_indicator_values",
        "indicator values: keys, foreign keys, units, percent range, years",
        (
            "fct_indicator_values",
            "dim_plan",
            "dim_document",
            "dim_region",
            "dim_indicator",
            "dim_policy_area",
            UNIT_VOCABULARY,
        ),
        indicator_values_frame,
        INDICATOR_VALUE_RULES,
        subject_column="indicator_name",
    ),
    Suite(
        "indicator_growth",
        "fct_indicator_values",
        "printed growth values against the indicator's start and end values",
        ("fct_indicator_values",),
        growth_frame,
        GROWTH_RULES,
        subject_column="indicator_name",
        summary_column="growth_kind",
    ),
    Suite(
        "indicator_targets",
        "fct_indicator_values",
        "targets against baselines",
        ("fct_indicator_values",),
        targets_frame,
        TARGET_RULES,
        subject_column="indicator_name",
        summary_column="direction",
    ),
    Suite(
        "fct_projects",
        "fct_projects",
        "projects: keys, foreign keys, money in 万元, years",
        ("fct_projects", "dim_plan", "dim_document", "dim_region", "dim_policy_area"),
        projects_frame,
        PROJECT_RULES,
        subject_column="project_name",
    ),
    Suite(
        "fct_funding",
        "fct_funding",
        "funding: keys, foreign keys, money in 万元",
        ("fct_funding", "fct_projects", "dim_plan", "dim_document", "dim_region", "dim_policy_area"),
        funding_frame,
        FUNDING_RULES,
        subject_column="source_text",
    ),
    Suite(
        "rpt_reconciliation",
        "rpt_reconciliation",
        "stated totals against the plan's own rows",
        ("rpt_reconciliation", "dim_plan", "dim_document", "dim_region"),
        reconciliation_frame,
        RECONCILIATION_RULES,
        subject_column="reconciled",
        summary_column="status",
    ),
    Suite(
        "fct_target_attainment",
        "fct_target_attainment",
        "targets against the actuals later reports give: keys, outcomes, comparators, binding misses",
        ("fct_target_attainment",),
        attainment_frame,
        ATTAINMENT_RULES,
        subject_column="indicator_name",
        summary_column="outcome",
        whole=True,
    ),
    Suite(
        "rpt_unread_lines",
        "rpt_unread_lines",
        "what the warehouse could not read",
        ("rpt_unread_lines",),
        unread_lines_frame,
        UNREAD_LINE_RULES,
        summary_column="reason",
    ),
]

SUITES += CROSSCHECK_SUITES


# Checks over what extraction read from sentences that list or date things
# (expectations.statement_checks: staging rows in, no text read) ------------------------------


def respectively_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    items, plans = marts[statement_checks.LIST_ITEMS], marts["dim_plan"]
    return pd.concat(
        [
            statement_checks.respectively_count(items, plans),
            statement_checks.respectively_conflict(items, plans),
            statement_checks.named_count_mismatch(items, plans),
        ],
        ignore_index=True,
    )


def title_mentions_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return statement_checks.title_mention_differs(marts[statement_checks.TITLE_MENTIONS], marts["dim_plan"])


def growth_conventions_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    # the table's cells tell its growth columns apart; without them a table is one column
    cells = marts.get("fct_table_cells")
    if cells is None:
        cells = pd.DataFrame(columns=["document_id", "source_line", "span_start", "col_idx"])
    return statement_checks.growth_conventions_mixed(marts["fct_indicator_values"], cells, marts["dim_plan"])


def printed_dates_frame(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return statement_checks.malformed_dates(marts[statement_checks.PRINTED_DATES], marts["dim_plan"])


STATEMENT_SUITES: list[Suite] = [
    Suite(
        "cross_lists",
        "fct_statements",
        "sentences that list several things: 分别 subjects against their values, named places against their count",
        (statement_checks.LIST_ITEMS, "dim_plan"),
        respectively_frame,
        [
            *_cross(
                "respectively_count",
                "parts",
                "a 分别 sentence gives as many values as it names subjects",
            ),
            *_cross(
                "respectively_conflict",
                "restatement",
                "one subject of two 分别 sentences of a plan gets values that can both hold (same year and unit)",
            ),
            *_cross(
                "named_count_mismatch",
                "parts",
                "a list of named places has as many names as the count printed right after it (with 等, no more)",
            ),
        ],
        subject_column="subject",
    ),
    Suite(
        "cross_titles",
        "dim_plan",
        "a plan's title as its notice quotes it against the title printed above the plan",
        (statement_checks.TITLE_MENTIONS, "dim_plan"),
        title_mentions_frame,
        _cross(
            "title_mention_differs",
            "structure",
            "a quoted title one or two characters off the plan's own title names it the same way (minor)",
        ),
        subject_column="subject",
    ),
    Suite(
        "cross_growth_conventions",
        "fct_indicator_values",
        "one growth column of a table gives one kind of growth (percentage points or relative change)",
        ("fct_indicator_values", "dim_plan"),
        growth_conventions_frame,
        _cross(
            "growth_conventions_mixed",
            "growth",
            "the growth values of one table column are all percentage-point changes or all relative changes",
        ),
        subject_column="subject",
    ),
    Suite(
        "cross_dates",
        "dim_document",
        "every date a plan prints is a calendar date",
        (statement_checks.PRINTED_DATES, "dim_plan"),
        printed_dates_frame,
        _cross(
            "malformed_date",
            "years",
            "a printed date has its 年, a month 1-12 and a day its month has",
        ),
        subject_column="subject",
    ),
]

SUITES += STATEMENT_SUITES

SUITES_BY_NAME = {s.name: s for s in SUITES}
