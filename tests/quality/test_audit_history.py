"""audit.quality_results holds each finding once, in the run that found it: a scoped run carries the
other documents' findings into its report without appending them again, and audit.open_findings
(with audit.quality_scopes) gives the picture the latest run's rows used to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb

from expectations.audit import append_results, carry_over_findings
from expectations.runner import Finding, QualityRun, SuiteResult

SUITE, MART = "fct_projects", "fct_projects"  # a suite checked per document (not whole)
WHOLE = "fct_target_attainment"  # checked whole on every run
T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _warehouse(path, documents):
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim_document (document_id varchar)")
        con.executemany("insert into marts.dim_document values (?)", [(d,) for d in documents])
    return path


def _finding(document: str, line: int, suite: str = SUITE) -> Finding:
    return Finding(
        suite=suite, mart=suite, rule="total_matches_items", kind="totals", severity="warn",
        document_id=document, plan_id=f"{document}-p1", region_code="620102", source_line=line,
        printed_text="合计 10", value="10", detail="the items add up to 9",
    )  # fmt: skip


def _run(run_id: str, at: int, findings: list[Finding], scope: list[str] | None) -> QualityRun:
    suites = [
        SuiteResult(SUITE, MART, "", False, findings=[f for f in findings if f.suite == SUITE]),
        SuiteResult(WHOLE, WHOLE, "", False, findings=[f for f in findings if f.suite == WHOLE]),
    ]
    return QualityRun(run_id, T0 + timedelta(hours=at), "db", suites, [], scope_documents=scope)


def _query(db, sql, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _open(db) -> set[tuple]:
    return set(_query(db, "select run_id, document_id, source_line, suite from audit.open_findings"))


def _checked(db, run: QualityRun) -> None:
    """What the quality step does: carry the other documents' findings, then append."""
    carry_over_findings(db, run)
    append_results(db, run)


def test_a_scoped_run_appends_only_its_own_findings_and_reports_the_others(tmp_path):
    db = _warehouse(tmp_path / "plans.duckdb", ["a", "b", "c"])
    full = _run(
        "full", 0, [_finding("a", 3), _finding("b", 5), _finding("c", 7), _finding("b", 9, WHOLE)], None
    )
    _checked(db, full)

    # b was edited: its finding at line 5 is gone, one at line 6 is new; a and c untouched
    scoped = _run("scoped1", 1, [_finding("b", 6), _finding("b", 9, WHOLE)], ["b"])
    carry_over_findings(db, scoped)
    carried = sorted(
        (f.document_id, f.source_line, f.carried_from_run_id)
        for f in scoped.findings
        if f.carried_from_run_id
    )
    assert carried == [("a", 3, "full"), ("c", 7, "full")]  # the report shows every open finding
    append_results(db, scoped)
    # the audit gained the run's own rows only (nothing carried is written twice)
    assert _query(db, "select document_id, source_line from audit.quality_results where run_id = 'scoped1' "
                      "and record_kind = 'finding' order by 1, 2") == [("b", 6), ("b", 9)]  # fmt: skip
    assert _open(db) == {("full", "a", 3, SUITE), ("scoped1", "b", 6, SUITE), ("full", "c", 7, SUITE),
                         ("scoped1", "b", 9, WHOLE)}  # fmt: skip

    # a second scoped run over c: b's findings now come from scoped1, a's still from the full run
    scoped2 = _run("scoped2", 2, [], ["c"])
    _checked(db, scoped2)
    assert sorted((f.document_id, f.source_line, f.carried_from_run_id) for f in scoped2.findings) == [
        ("a", 3, "full"),
        ("b", 6, "scoped1"),
    ]
    assert _open(db) == {
        ("full", "a", 3, SUITE),
        ("scoped1", "b", 6, SUITE),
    }  # c is clean; WHOLE found nothing
    assert _query(db, "select count(*) from audit.quality_results where run_id = 'scoped2'") == [(0,)]


def test_a_document_gone_from_the_warehouse_is_neither_carried_nor_open(tmp_path):
    db = _warehouse(tmp_path / "plans.duckdb", ["a", "b"])
    _checked(db, _run("full", 0, [_finding("a", 3), _finding("b", 5)], None))
    with duckdb.connect(str(db)) as con:
        con.execute("delete from marts.dim_document where document_id = 'b'")
    scoped = _run("scoped", 1, [], ["a"])
    assert carry_over_findings(db, scoped) == 0
    append_results(db, scoped)
    assert _open(db) == set()


def test_a_full_run_covers_every_document_again(tmp_path):
    db = _warehouse(tmp_path / "plans.duckdb", ["a", "b"])
    _checked(db, _run("full1", 0, [_finding("a", 3)], None))
    _checked(db, _run("scoped", 1, [_finding("b", 4)], ["b"]))
    _checked(db, _run("full2", 2, [_finding("a", 8)], None))
    assert _open(db) == {("full2", "a", 8, SUITE)}
    assert _query(db, "select run_id, document_id from audit.quality_scopes order by 1, 2") == [
        ("full1", None),
        ("full2", None),
        ("scoped", "b"),
    ]


def test_a_carried_finding_keeps_the_other_sides_document_and_line(tmp_path):
    """A cross-plan finding sets a line of this plan against a line of another plan's file: carried
    into a later run's report, it must still name that file, not its own."""
    from dataclasses import replace

    db = _warehouse(tmp_path / "plans.duckdb", ["a", "b", "c"])
    cross = replace(
        _finding("a", 12),
        related_source_line=40,
        related_text="床位 968张",
        related_document_id="b",
        related_line_text="3\t床位\t968张",
    )
    same = replace(_finding("a", 13), related_source_line=20, related_text="合计 9")  # same document
    _checked(db, _run("full", 0, [cross, same], None))
    scoped = _run("scoped1", 1, [], ["c"])
    carry_over_findings(db, scoped)
    carried = {f.source_line: f for f in scoped.findings}
    assert (carried[12].related_document_id, carried[12].related_source_line) == ("b", 40)
    assert carried[12].related_line_text == "3\t床位\t968张"
    assert (carried[13].related_document_id, carried[13].related_source_line) == (None, 20)


def test_a_run_that_checked_no_document_is_still_the_latest_for_the_suites_checked_whole(tmp_path):
    """A refresh that rebuilt no document (to publish a deleted copy again) checks no document:
    the others' findings stay open as they were, its whole-suite findings are the open ones."""
    db = _warehouse(tmp_path / "plans.duckdb", ["a", "b"])
    _checked(db, _run("full", 0, [_finding("a", 3), _finding("b", 9, WHOLE)], None))
    nothing = _run("nothing", 1, [_finding("b", 10, WHOLE)], [])
    _checked(db, nothing)
    assert [(f.document_id, f.carried_from_run_id) for f in nothing.findings if f.carried_from_run_id] == [
        ("a", "full")
    ]
    assert _query(db, "select document_id from audit.quality_scopes where run_id = 'nothing'") == [("",)]
    assert _open(db) == {("full", "a", 3, SUITE), ("nothing", "b", 10, WHOLE)}


def test_findings_are_carried_from_a_table_written_before_the_related_document_columns(tmp_path):
    """An existing warehouse's audit table gains new columns when the run appends, after it
    carried the other documents' findings: carrying reads the table as it is."""
    from expectations import audit

    db = _warehouse(tmp_path / "plans.duckdb", ["a", "b"])
    _checked(db, _run("full", 0, [_finding("a", 3)], None))
    with duckdb.connect(str(db)) as con:
        con.execute("alter table audit.quality_results drop column related_document_id")
        con.execute("alter table audit.quality_results drop column related_line_text")
    scoped = _run("scoped1", 1, [], ["b"])
    assert audit.carry_over_findings(db, scoped) == 1
    (carried,) = scoped.findings
    assert (carried.document_id, carried.related_document_id) == ("a", None)
    audit.append_results(db, scoped)  # adds the columns
    columns = {
        c
        for (c,) in _query(
            db, "select column_name from duckdb_columns() where table_name = 'quality_results'"
        )
    }
    assert {"related_document_id", "related_line_text"} <= columns
