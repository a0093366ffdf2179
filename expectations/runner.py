"""Validate the marts with the suites; collect results and row-level findings.

One file-backed GX context under <quality_dir>/gx holds the suites, validation
definitions and checkpoints (registered from code, again whenever a suite changes) and the
Data Docs site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from expectations.statement_checks import LIST_ITEMS, PRINTED_DATES, TITLE_MENTIONS
from expectations.suites import DOCUMENT_LINES, ERROR, SUITES, WARN, MissingColumn, Rule, Suite
from expectations.warehouse import load_document_lines, load_marts, load_staging, source_lines

DATASOURCE = "plan_warehouse_marts"
ROW = "_row"  # positional row id GX reports for each unexpected row
PRINTED_TEXT_MAX = 300


@dataclass
class Outcome:
    """One expectation of one suite in one run."""

    suite: str
    mart: str
    rule: str
    kind: str
    severity: str
    expectation_type: str
    column: str | None
    explain: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    observed_value: str | None


@dataclass
class Finding:
    """One row an expectation did not accept, traced to its document and line."""

    suite: str
    mart: str
    rule: str
    kind: str
    severity: str
    document_id: str | None
    plan_id: str | None
    region_code: str | None
    source_line: int | None
    printed_text: str | None  # the cell / phrase as printed
    value: str | None  # the value the expectation rejected
    detail: str  # why
    line_text: str | None = None  # the whole source line as printed (raw.document_lines)
    subject: str | None = None  # what the row is about (indicator, project, total …)
    # the other side of a finding that sets one statement against another
    related_source_line: int | None = None
    related_text: str | None = None  # the other statement as printed
    related_document_id: str | None = None  # its document (another file for a cross-plan finding)
    related_line_text: str | None = None  # its whole source line as printed
    # set when this run did not re-check the finding's document (a scoped run): the run that found it
    carried_from_run_id: str | None = None
    carried_from_checked_at: datetime | None = None


@dataclass
class SuiteResult:
    name: str
    mart: str
    description: str
    has_errors: bool  # the suite holds error rules (its Dagster check is blocking)
    outcomes: list[Outcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # marts the suite needs but the warehouse lacks
    row_count: int = 0
    summary: dict[str, int] = field(default_factory=dict)  # value counts of the suite's summary column

    @property
    def failed_errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity == ERROR]

    @property
    def failed_warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity == WARN]

    @property
    def carried_errors(self) -> list[Finding]:
        """Pipeline defects found earlier in documents this (scoped) run did not re-check."""
        return [f for f in self.findings if f.carried_from_run_id and f.severity == ERROR]

    @property
    def passed(self) -> bool:
        return not self.missing and not self.carried_errors and all(o.success for o in self.outcomes)

    @property
    def severity(self) -> str:
        return ERROR if self.missing or self.failed_errors or self.carried_errors else WARN


@dataclass
class QualityRun:
    run_id: str
    checked_at: datetime
    warehouse_db: str
    suites: list[SuiteResult]
    plans: list[dict]  # dim_plan rows (labels for the report)
    data_docs_index: str | None = None
    documents: list[dict] = field(default_factory=list)  # dim_document rows (read coverage)
    unread_lines: list[dict] | None = None  # marts.rpt_unread_lines rows; None when not built
    # None: every document was checked; else only these (the others' findings are carried over)
    scope_documents: list[str] | None = None

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.suites for f in s.findings]

    @property
    def outcomes(self) -> list[Outcome]:
        return [o for s in self.suites for o in s.outcomes]

    @property
    def error_count(self) -> int:
        return sum(len(s.failed_errors) + len(s.missing) for s in self.suites)

    def counts_by_plan_and_kind(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {}
        for f in self.findings:
            counts.setdefault(f.plan_id or "(no plan)", Counter())[f.kind] += 1
        return counts


def gx_context(quality_dir: Path):
    """The file-backed GX project under <quality_dir>/gx (created on first use)."""
    quality_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(quality_dir))
    if context.variables.config_variables_file_path is None and not context.variables.analytics_enabled:
        return context  # set up by an earlier run
    context.enable_analytics(False)  # the warehouse never talks to the network
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # No config variables file: GX reads and parses it on every read of a context variable
    # (~600 a run, a third of a quality check after one edit), and the warehouse has none.
    context.variables.config_variables_file_path = None
    context.variables.save()
    return gx.get_context(mode="file", project_root_dir=str(quality_dir))


REGISTERED = "registered_suites.json"  # {suite: fingerprint of what was registered}, in the gx folder


def _fingerprint(suite: Suite, rules: list[Rule]) -> str:
    """What a suite's registration depends on: GX's version, the suite and its expectations."""
    definition = [
        gx.__version__,
        suite.name,
        suite.mart,
        suite.description,
        ROW,
        [rule.expectation().configuration.to_json_dict() for rule in rules],
    ]
    return hashlib.sha256(json.dumps(definition, sort_keys=True, default=str).encode()).hexdigest()


def _registered_checkpoint(context, known: dict[str, str], suite: Suite, rules: list[Rule]):
    """The suite's checkpoint, registered again only when its definition changed since the
    last run (writing suites, validation definitions and checkpoints to the file-backed
    context costs ~0.1 s a suite, every run, for nothing). `known` ({suite: fingerprint},
    read from and written back to gx/registered_suites.json by validate) is updated."""
    fingerprint = _fingerprint(suite, rules)
    if known.get(suite.name) == fingerprint:
        try:
            return context.checkpoints.get(suite.name)
        except Exception:  # edited or removed by hand: register it again
            pass
    checkpoint = _register(context, suite, rules)
    known[suite.name] = fingerprint
    return checkpoint


def _read_registered(record: Path) -> dict[str, str]:
    try:
        return json.loads(record.read_text())
    except (OSError, ValueError):
        return {}


def _register(context, suite: Suite, rules: list[Rule]):
    """(Re)define the suite, its dataframe asset, validation definition and checkpoint."""
    # get, not add_or_update: replacing the datasource would drop the other suites' assets
    try:
        datasource = context.data_sources.get(DATASOURCE)
    except (KeyError, ValueError, gx.exceptions.DataContextError):
        datasource = context.data_sources.add_pandas(DATASOURCE)
    try:
        asset = datasource.get_asset(suite.name)  # bound to the context, unlike datasource.assets
    except LookupError:
        asset = datasource.add_dataframe_asset(suite.name)
    batch = next((b for b in asset.batch_definitions if b.name == "whole"), None)
    batch = batch or asset.add_batch_definition_whole_dataframe("whole")
    gx_suite = gx.ExpectationSuite(
        name=suite.name, meta={"mart": suite.mart, "description": suite.description}
    )
    for rule in rules:
        gx_suite.add_expectation(rule.expectation())
    gx_suite = context.suites.add_or_update(gx_suite)
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
    )
    return context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=suite.name,
            validation_definitions=[validation],
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]},
        )
    )


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:PRINTED_TEXT_MAX]


def _row_value(row: pd.Series, column: str | None):
    return row[column] if column and column in row.index else None


def _findings(suite: Suite, rule: Rule, frame: pd.DataFrame, result: dict) -> list[Finding]:
    rows = sorted({int(i[ROW]) for i in result.get("unexpected_index_list") or [] if ROW in i})
    findings = []
    derived_detail = rule.column == rule.name  # a derived rule column holds the explanation
    for index in rows:
        row = frame.iloc[index]
        if rule.name == "natural_key_unique":
            columns = list(rule.build(severity="critical", meta={}).column_list)
            value = " | ".join(str(_text(row[c])) for c in columns)
        else:
            value = _text(_row_value(row, rule.column))
        if derived_detail and value:
            detail = value
        elif rule.name == "natural_key_unique":
            detail = f"{rule.explain}: {value}"
        else:
            detail = f"{rule.explain} ({rule.column} = {value})"
        line = _row_value(row, "source_line")
        related_line = _text(_row_value(row, "related_source_line"))
        findings.append(
            Finding(
                suite=suite.name,
                mart=suite.mart,
                rule=rule.name,
                kind=rule.kind,
                severity=rule.severity,
                document_id=_text(_row_value(row, "document_id")),
                plan_id=_text(_row_value(row, "plan_id")),
                region_code=_text(_row_value(row, "region_code")),
                source_line=None if _text(line) is None else int(line),
                printed_text=_text(_row_value(row, rule.printed)),
                value=value,
                detail=detail,
                subject=_text(_row_value(row, suite.subject_column)),
                related_source_line=None if related_line is None else int(float(related_line)),
                related_text=_text(_row_value(row, "related_text")),
                related_document_id=_text(_row_value(row, "related_document_id")),
            )
        )
    return findings


def _observed(result: dict) -> str | None:
    if "observed_value" in result:
        return _text(result["observed_value"])
    if "unexpected_count" in result:
        return f"{result.get('unexpected_count', 0)} of {result.get('element_count', 0)} rows unexpected"
    return None


def validate(
    marts: dict[str, pd.DataFrame], context, suites: list[Suite] = SUITES, quality_dir: Path | None = None
) -> list[SuiteResult]:
    """Run the suites on the marts. quality_dir: the GX project whose registrations may be reused."""
    record = Path(quality_dir) / "gx" / REGISTERED if quality_dir is not None else None
    known = _read_registered(record) if record else {}
    registered_before = dict(known)
    results = []
    for suite in suites:
        outcome = SuiteResult(suite.name, suite.mart, suite.description, suite.has_errors)
        outcome.missing = [m for m in suite.needs if m not in marts]
        results.append(outcome)
        if outcome.missing:
            continue
        try:
            frame = suite.frame(marts).reset_index(drop=True)
        except MissingColumn as exc:
            # a column the rules are computed from is gone: every rule of the suite is blind
            outcome.outcomes.extend(
                _could_not_run(suite, rule, f"column {exc.args[0]} missing: the rule could not run")
                for rule in suite.rules
            )
            continue
        frame[ROW] = range(len(frame))
        outcome.row_count = len(frame)
        if suite.summary_column and suite.summary_column in frame:
            counts = frame[suite.summary_column].fillna("unknown").value_counts()
            outcome.summary = {str(k): int(v) for k, v in counts.items()}
        # a rule whose column the frame lacks cannot run: that is a pipeline defect, not a pass
        absent = [r for r in suite.rules if not _columns_present(r, frame)]
        for rule in absent:
            outcome.outcomes.append(
                _could_not_run(
                    suite,
                    rule,
                    f"column(s) {', '.join(_rule_columns(rule))} missing: the rule could not run",
                    len(frame),
                )
            )
        rules = [r for r in suite.rules if r not in absent]
        checkpoint = (
            _registered_checkpoint(context, known, suite, rules)
            if record
            else _register(context, suite, rules)
        )
        run = checkpoint.run(batch_parameters={"dataframe": frame})
        by_name = {r.name: r for r in rules}
        for validation in run.run_results.values():
            for er in validation.results:
                rule = by_name[er.expectation_config.meta["rule"]]
                result = er.result or {}
                exception = (er.exception_info or {}).get("exception_message")
                outcome.outcomes.append(
                    Outcome(
                        suite=suite.name,
                        mart=suite.mart,
                        rule=rule.name,
                        kind=rule.kind,
                        severity=rule.severity,
                        expectation_type=er.expectation_config.type,
                        column=rule.column,
                        explain=rule.explain,
                        success=bool(er.success),
                        element_count=result.get("element_count"),
                        unexpected_count=result.get("unexpected_count"),
                        observed_value=exception or _observed(result),
                    )
                )
                if not er.success:
                    outcome.findings.extend(_findings(suite, rule, frame, result))
    if record and known != registered_before:
        record.write_text(json.dumps(known, indent=1, sort_keys=True))
    return results


def _could_not_run(suite: Suite, rule: Rule, why: str, rows: int | None = None) -> Outcome:
    """A failed error-severity outcome for a rule that could not run (whatever its own severity)."""
    return Outcome(
        suite=suite.name,
        mart=suite.mart,
        rule=rule.name,
        kind=rule.kind,
        severity=ERROR,
        expectation_type="column_present",
        column=rule.column,
        explain=rule.explain,
        success=False,
        element_count=rows,
        unexpected_count=None,
        observed_value=why,
    )


def _rule_columns(rule: Rule) -> list[str]:
    exp = rule.build(severity="critical", meta={})
    columns = list(getattr(exp, "column_list", None) or []) or [getattr(exp, "column", None)]
    return [c for c in columns if c]


def _columns_present(rule: Rule, frame: pd.DataFrame) -> bool:
    return all(c in frame.columns for c in _rule_columns(rule))


UNREAD_LINES = "rpt_unread_lines"  # the mart of lines the extractors did not read
PLANS, DOCUMENTS = "dim_plan", "dim_document"


def _records(frame: pd.DataFrame | None) -> list[dict] | None:
    """Rows as plain dicts, NaN as None (None when the relation is absent)."""
    if frame is None:
        return None
    return [{k: (None if _text(v) is None else v) for k, v in r.items()} for r in frame.to_dict("records")]


def scoped_marts(marts: dict[str, pd.DataFrame], documents: list[str] | None) -> dict[str, pd.DataFrame]:
    """The rows of `documents` in every mart that has a document_id (all rows of the others)."""
    if documents is None:
        return marts
    wanted = set(documents)
    return {
        name: frame[frame["document_id"].isin(wanted)].reset_index(drop=True)
        if "document_id" in frame
        else frame
        for name, frame in marts.items()
    }


def region_scope(marts: dict[str, pd.DataFrame], documents: list[str]) -> list[str]:
    """`documents` and every other document with a plan of the same region as one of theirs.

    The cross-plan rules compare the plans of one region: a run that rebuilt one document
    checks it against every plan of its region, and those plans' findings are refreshed
    with it instead of being carried stale from an earlier run.
    """
    plans = marts.get("dim_plan")
    if plans is None or "region_code" not in plans or "document_id" not in plans:
        return sorted(set(documents))
    wanted = set(documents)
    regions = set(plans.loc[plans["document_id"].isin(wanted), "region_code"].dropna())
    neighbours = set(plans.loc[plans["region_code"].isin(regions), "document_id"].dropna())
    return sorted(wanted | neighbours)


VALIDATIONS_KEPT = 10  # GX validation results kept per suite (the audit table keeps every run's)


def prune_validation_results(quality_dir: Path, keep: int, pages: bool = False) -> int:
    """Remove all but the newest `keep` stored GX validation results of each suite (pages: and
    their Data Docs pages). GX stores one result per suite per run, and its Data Docs render
    every stored one: after each edited plan that is 25 files more and a slower full check,
    without end. Folders are <suite>/<run name>/<run time>/, run times sortable. Returns the
    number of results (and pages) removed."""
    gx_dir = Path(quality_dir) / "gx" / "uncommitted"
    roots = [gx_dir / "validations"] + (
        [gx_dir / "data_docs" / "local_site" / "validations"] if pages else []
    )
    removed = 0
    for root in roots:
        for runs in root.glob("*/*"):
            if not runs.is_dir():
                continue
            times = sorted((d for d in runs.iterdir() if d.is_dir()), key=lambda d: d.name, reverse=True)
            for old in times[keep:]:
                shutil.rmtree(old, ignore_errors=True)
                removed += 1
    return removed


def run_quality(
    db_path: Path,
    quality_dir: Path,
    run_id: str,
    suites: list[Suite] = SUITES,
    documents: list[str] | None = None,
) -> QualityRun:
    """Validate every suite against the warehouse; returns results and findings (nothing written to DuckDB).

    documents: check only the rows of these documents (a refresh that rebuilt only them) and
    of the other documents of their plans' regions (region_scope: the cross-plan rules);
    dimensions without a document stay whole, so foreign keys are still checked in full.
    """
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    if documents is not None:
        documents = region_scope(load_marts(db_path, only=[PLANS]), documents)
    # the report lists every plan, document and unread line, whatever was checked
    all_marts = load_marts(db_path, documents, whole=[PLANS, DOCUMENTS, UNREAD_LINES])
    marts = scoped_marts(all_marts, documents)
    # the texts are read for the checked documents only (the largest table of the warehouse)
    lines = load_document_lines(db_path, documents)
    if lines is not None:
        marts[DOCUMENT_LINES] = lines
    marts |= load_staging(db_path, (LIST_ITEMS, PRINTED_DATES, TITLE_MENTIONS), documents)
    context = gx_context(quality_dir)
    results = validate(marts, context, suites, quality_dir)
    run = QualityRun(
        run_id=run_id,
        checked_at=datetime.now(UTC),
        warehouse_db=str(db_path),
        suites=results,
        plans=all_marts[PLANS].to_dict("records") if PLANS in all_marts else [],
        documents=_records(all_marts.get(DOCUMENTS)) or [],
        unread_lines=_records(all_marts.get(UNREAD_LINES)),
        scope_documents=documents,
    )
    wanted = {(f.document_id, f.source_line) for f in run.findings}
    wanted |= {(f.related_document_id or f.document_id, f.related_source_line) for f in run.findings}
    texts = source_lines(db_path, wanted)
    for f in run.findings:
        f.line_text = texts.get((f.document_id, f.source_line)) if f.source_line is not None else None
        if f.related_source_line is not None:
            f.related_line_text = texts.get((f.related_document_id or f.document_id, f.related_source_line))
    # their Data Docs pages go when the docs are rebuilt (the index would link to gone pages)
    prune_validation_results(Path(quality_dir), keep=VALIDATIONS_KEPT, pages=documents is None)
    if documents is None:
        # Data Docs render every stored validation result (~1 s and growing): rebuilt by the
        # runs that check everything (first build, full refresh, the daily report), not by
        # the scoped runs after each edit, whose results are in the report and audit table
        context.build_data_docs()
    index = Path(quality_dir) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    run.data_docs_index = str(index) if index.exists() else None
    return run
