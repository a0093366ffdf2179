"""Reading the warehouse for a check: a scoped check reads only its documents' rows."""

from __future__ import annotations

import duckdb

from expectations.warehouse import load_marts


def _warehouse(path):
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema staging; create schema reference")
        con.execute(
            "create table marts.fct_projects as select * from (values ('d1', 1.0), ('d2', 2.0), ('d3', 3.0)) t(document_id, amount)"
        )
        con.execute("create table marts.dim_plan as select * from (values ('d1-p1', 'd1'), ('d2-p1', 'd2')) t(plan_id, document_id)")  # fmt: skip
        con.execute("create table marts.dim_year as select * from (values (2025), (2030)) t(year)")
        con.execute("create view staging.stg_text_claims as select 'd2' as document_id, 'x' as claim_kind")
        con.execute("create table staging.stg_other as select 'd2' as document_id")  # not a rule input
    return path


def test_a_scoped_read_takes_the_documents_rows_and_the_named_relations_whole(tmp_path):
    db = _warehouse(tmp_path / "w.duckdb")
    marts = load_marts(db, documents=["d2"], whole=["dim_plan"])
    assert set(marts) == {"fct_projects", "dim_plan", "dim_year", "stg_text_claims"}
    assert marts["fct_projects"]["document_id"].tolist() == ["d2"]
    assert marts["fct_projects"]["amount"].tolist() == [2.0]
    assert len(marts["dim_plan"]) == 2  # whole, as asked
    assert len(marts["dim_year"]) == 2  # no document_id: whole
    assert marts["stg_text_claims"]["document_id"].tolist() == ["d2"]
    assert {name: len(frame) for name, frame in load_marts(db).items()} == {
        "fct_projects": 3,
        "dim_plan": 2,
        "dim_year": 2,
        "stg_text_claims": 1,
    }
    assert set(load_marts(db, only=["dim_plan"])) == {"dim_plan"}
    assert load_marts(db, documents=[])["fct_projects"].empty
