"""Small synthetic warehouses with the contract's marts (columns and types from the dbt model
YAMLs, tests/contracts.py), for fast publish and page tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from tests.contracts import contract_marts, create_table_sql, insert_rows

# Every mart of the contract, as its YAML declares it (tests/contracts.py); rows name their
# columns, and a column they leave out is NULL.
MART_ROWS: dict[str, list[dict]] = {
    "dim_region": [
        dict(region_code="622900", region_name="临夏回族自治州", region_level="prefecture",
             parent_region_code="620000", province_code="620000", province_name="甘肃省"),
        dict(region_code="620723", region_name="临泽县", region_level="county",
             parent_region_code="620700", province_code="620000", province_name="甘肃省"),
        dict(region_code="532300", region_name="楚雄彝族自治州", region_level="prefecture",
             parent_region_code="530000", province_code="530000", province_name="云南省"),
    ],
    "dim_policy_area": [
        dict(policy_area_code="elderly_care", name_zh="养老服务", name_en="Elderly care services"),
        dict(policy_area_code="funeral_services", name_zh="殡葬", name_en="Funeral services"),
    ],
    "dim_document": [
        dict(document_id=d, source_path=f"{d}.txt", content_sha256=d * 32, region_code=r, read_coverage=1.0)
        for d, r in (("d1", "622900"), ("d2", "620723"), ("d3", "532300"))
    ],
    "dim_plan": [
        dict(plan_id="d1-p1", document_id="d1", region_code="622900", plan_title="临夏州“十四五”民政事业发展规划",
             plan_type="civil_affairs", issuer="临夏州民政局", issued_date="2022-03-10",
             period_start_year=2021, period_end_year=2025),
        dict(plan_id="d2-p1", document_id="d2", region_code="620723", plan_title="临泽县“十四五”民政事业发展规划",
             plan_type="civil_affairs", document_number="临政办发〔2022〕69号",
             period_start_year=2021, period_end_year=2025),
        dict(plan_id="d2-p2", document_id="d2", region_code="620723", plan_title="临泽县“十四五”养老服务发展规划",
             plan_type="elderly_care", document_number="临政办发〔2022〕69号",
             period_start_year=2021, period_end_year=2025),
        dict(plan_id="d3-p1", document_id="d3", region_code="532300", plan_title="楚雄州“十四五”民政事业发展规划",
             plan_type="civil_affairs", period_start_year=2021, period_end_year=2025),
    ],
    "dim_indicator": [
        dict(canonical_indicator_id="nursing_bed_share", canonical_name_zh="养老机构护理型床位占比", unit="%",
             policy_area_code="elderly_care"),
        dict(canonical_indicator_id="beds_per_thousand", canonical_name_zh="每千名老年人拥有养老床位数", unit="张",
             policy_area_code="elderly_care"),
    ],
    "fct_projects": [
        dict(project_id="pr1", project_key="pr1", plan_id="d2-p1", document_id="d2", region_code="620723",
             project_name="临泽县中心敬老院改扩建项目", category="老年福利项目", policy_area_code="elderly_care",
             planned_investment_wan_yuan=1200.50, source_line=120, is_first_listing=True),
        dict(project_id="pr2", project_key="pr2", plan_id="d2-p1", document_id="d2", region_code="620723",
             project_name="临泽县殡仪馆建设项目", category="殡葬服务项目", policy_area_code="funeral_services",
             planned_investment_wan_yuan=5180.50, source_line=130, is_first_listing=True),
        dict(project_id="pr3", project_key="pr3", plan_id="d1-p1", document_id="d1", region_code="622900",
             project_name="临夏州儿童福利院", category="儿童福利", source_line=88, is_first_listing=True),
    ],
    "fct_funding": [
        dict(funding_id="f1", plan_id="d3-p1", document_id="d3", region_code="532300", amount_wan_yuan=255300,
             funding_kind="historical_spending", source_text="累计投入25.53亿元", source_line=40),
    ],
    "fct_indicator_values": [
        dict(indicator_value_id=v, plan_id=p, document_id=p[:2], region_code=r, indicator_name=name,
             canonical_indicator_id=c, policy_area_code="elderly_care", unit=u, year=y, value_kind=k,
             comparator=cmp, value_numeric=n, value_text=t, source_line=line)
        for v, p, r, name, c, u, y, k, cmp, n, t, line in (
            ("v1", "d1-p1", "622900", "养老机构护理型床位占比", "nursing_bed_share", "%", 2025, "target", ">=", 55,
             "≥55", 300),
            ("v2", "d2-p1", "620723", "护理型床位占比", "nursing_bed_share", "%", 2025, "target", ">=", 55,
             "≥55%", 200),
            ("v3", "d2-p2", "620723", "护理型床位占比", "nursing_bed_share", "%", 2025, "target", ">=", 60,
             "≥60%", 900),
            ("v4", "d3-p1", "532300", "每千名老年人养老床位数", "beds_per_thousand", "张", 2025, "target", None,
             None, "稳步提高", 77),
            ("v5", "d3-p1", "532300", "养老机构护理型床位占比", "nursing_bed_share", "%", 2020, "actual", "=", 40,
             "40%", 76),
        )
    ],
    "rpt_reconciliation": [
        dict(reconciliation_id="d2-st0001", document_id="d2", plan_id="d2-p1", region_code="620723",
             scope="category:殡葬服务项目", measure="investment_wan_yuan", stated_value=5180.50,
             computed_value=5181.00, difference=0.50, tolerance=0.05, status="mismatch", source_line=574),
        dict(reconciliation_id="d2-st0002", document_id="d2", plan_id="d2-p1", region_code="620723",
             scope="all", measure="project_count", stated_value=2, computed_value=2, difference=0, tolerance=0,
             status="match", source_line=146),
    ],
    "rpt_unread_lines": [],
}  # fmt: skip

# Outside the marts: a raw table the published copy must leave out, an audit table it keeps.
OTHER_DDL = """
create table raw.documents (document_id varchar, body varchar);
create table audit.quality_results (run_id varchar, check_name varchar, success boolean);
insert into raw.documents values ('d1', 'raw text stays private');
insert into audit.quality_results values ('r1', 'not_null', true);
"""


def make_warehouse(path: Path, generation: int = 1) -> Path:
    """A warehouse whose marts follow the contract; `generation` tells two builds apart."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create schema marts; create schema audit")
        con.execute(OTHER_DDL)
        for model in contract_marts():
            con.execute(create_table_sql(model))
            insert_rows(con, model, MART_ROWS.get(model, []))
        # dim_year tells two builds apart: one column beyond the contract
        con.execute("alter table marts.dim_year add column generation integer")
        con.execute(
            "insert into marts.dim_year (year, generation) select y, ? from range(2010, 2036) t(y)",
            [generation],
        )
        # extra rows so generations also differ in size
        insert_rows(
            con,
            "fct_projects",
            [
                dict(project_id=f"gen{i}", plan_id="d3-p1", document_id="d3", region_code="532300",
                     project_name=f"项目{i}", category="其他", policy_area_code="elderly_care",
                     planned_investment_wan_yuan=10, source_line=1, project_key=f"gen{i}",
                     is_first_listing=True)
                for i in range(generation * 50)
            ],
        )  # fmt: skip
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(Path(folder).iterdir())}
