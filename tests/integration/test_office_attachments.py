"""A plan whose project table is a spreadsheet attachment builds the marts of the same plan in
one .docx: the attachment's projects carry the plan's plan_id, and the main text's stated
count and total are reconciled against the attachment's rows. A spreadsheet no plan claims
loads standalone. Files are written at test time (python-docx, LibreOffice Calc)."""

from __future__ import annotations

from collections import Counter

import duckdb

from tests.conftest import build_warehouse
from tests.formats.invented import ELDERLY
from tests.formats.office import without_table, write_main_docx, write_sheet
from tests.formats.plans import Table

PROJECTS = next(b for b in ELDERLY.blocks if isinstance(b, Table) and "项目" in b.caption)
INDICATORS = next(b for b in ELDERLY.blocks if isinstance(b, Table) and b is not PROJECTS)


def test_attachment_rows_belong_to_their_plan_and_reconcile(tmp_path):
    raw = tmp_path / "raw"
    write_main_docx(ELDERLY, raw / "whole")
    write_main_docx(without_table(ELDERLY, PROJECTS), raw / "古浪县")
    write_sheet(PROJECTS, raw / "古浪县", "附件1重点项目表", "xlsx")
    write_sheet(INDICATORS, raw, "统计表", "xls")
    built = build_warehouse(tmp_path, raw)
    assert built.succeeded
    with duckdb.connect(str(built.published_db), read_only=True) as con:
        roles = dict(
            (path, (fmt, role, main))
            for path, fmt, role, main in con.execute(
                "select d.source_path, d.source_format, d.document_role, m.source_path "
                "from marts.dim_document d left join marts.dim_document m on m.document_id = d.main_document_id"
            ).fetchall()
        )
        assert roles == {
            "whole/gulang_elderly_care.docx": ("docx", "main", None),
            "古浪县/gulang_elderly_care.docx": ("docx", "main", None),
            "古浪县/附件1重点项目表.xlsx": ("xlsx", "attachment", "古浪县/gulang_elderly_care.docx"),
            "统计表.xls": ("xls", "standalone", None),
        }
        plan_of = dict(
            con.execute(
                "select d.source_path, p.plan_id from marts.dim_plan p join marts.dim_document d using (document_id)"
            ).fetchall()
        )
        assert "古浪县/附件1重点项目表.xlsx" not in plan_of  # no plan of its own

        def projects(plan_id: str) -> list[tuple]:
            return con.execute(
                "select project_name, category, row_seq, planned_investment_wan_yuan, beds, region_code "
                "from marts.fct_projects where plan_id = ? order by project_name",
                [plan_id],
            ).fetchall()

        main_plan, whole_plan = (
            plan_of["古浪县/gulang_elderly_care.docx"],
            plan_of["whole/gulang_elderly_care.docx"],
        )
        assert len(projects(main_plan)) == 5
        assert projects(main_plan) == projects(whole_plan)
        assert {
            d
            for (d,) in con.execute(
                "select distinct d.source_path from marts.fct_projects f join marts.dim_document d using (document_id) where f.plan_id = ?",
                [main_plan],
            ).fetchall()
        } == {"古浪县/附件1重点项目表.xlsx"}

        def reconciliation(plan_id: str) -> Counter:
            return Counter(
                con.execute(
                    "select scope, measure, stated_value, computed_value, status "
                    "from marts.rpt_reconciliation where plan_id = ?",
                    [plan_id],
                ).fetchall()
            )

        assert reconciliation(main_plan) == reconciliation(whole_plan)
        stated_in_text = con.execute(
            "select r.measure, r.stated_value, r.computed_value, r.status from marts.rpt_reconciliation r "
            "join marts.dim_document d using (document_id) "
            "where r.plan_id = ? and d.source_format = 'docx' and r.scope = 'all' order by r.measure",
            [main_plan],
        ).fetchall()
        assert stated_in_text == [
            ("investment_wan_yuan", 16800.0, 16800.0, "match"),
            ("project_count", 5.0, 5.0, "match"),
        ]
    overview = (built.published_db.parent / "plans" / "overview.html").read_text(encoding="utf-8")
    assert "附件 attachment: 古浪县/附件1重点项目表.xlsx" in overview
    assert "统计表.xls" in overview.split("Loaded on their own")[1]
