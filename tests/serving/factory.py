"""Small synthetic warehouses with the contract's marts, for fast publish and page tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

MARTS_DDL = """
create schema raw;
create schema marts;
create schema audit;
create table raw.documents (document_id varchar, body varchar);
create table marts.dim_region (
    region_code varchar primary key, region_name varchar, region_level varchar,
    parent_region_code varchar, province_code varchar, province_name varchar);
create table marts.dim_policy_area (policy_area_code varchar primary key, name_zh varchar, name_en varchar);
create table marts.dim_plan (
    plan_id varchar primary key, document_id varchar, region_code varchar, plan_title varchar,
    plan_type varchar, issuer varchar, document_number varchar, issued_date date,
    period_start_year integer, period_end_year integer);
create table marts.dim_indicator (
    canonical_indicator_id varchar primary key, canonical_name_zh varchar, unit varchar, policy_area_code varchar);
create table marts.fct_projects (
    project_id varchar primary key, plan_id varchar, document_id varchar, region_code varchar,
    project_name varchar, category varchar, policy_area_code varchar,
    planned_investment_wan_yuan decimal(18, 2), source_line integer);
create table marts.fct_funding (
    funding_id varchar primary key, plan_id varchar, document_id varchar, region_code varchar,
    amount_wan_yuan decimal(18, 4), funding_kind varchar, source_of_funds varchar, project_id varchar,
    policy_area_code varchar, source_text varchar, source_line integer);
create table marts.fct_indicator_values (
    indicator_value_id varchar primary key, plan_id varchar, document_id varchar, region_code varchar,
    indicator_name varchar, canonical_indicator_id varchar, policy_area_code varchar, unit varchar,
    year integer, value_kind varchar, comparator varchar, value_numeric double, value_text varchar,
    source_line integer);
create table marts.rpt_reconciliation (
    document_id varchar, plan_id varchar, region_code varchar, scope varchar, measure varchar,
    stated_value decimal(18, 2), computed_value decimal(18, 2), difference decimal(18, 2),
    tolerance decimal(18, 2), status varchar, source_line integer);
create table audit.quality_results (run_id varchar, check_name varchar, success boolean);
insert into raw.documents values ('d1', 'raw text stays private');
insert into marts.dim_region values
    ('622900', '临夏回族自治州', 'prefecture', '620000', '620000', '甘肃省'),
    ('620723', '临泽县', 'county', '620700', '620000', '甘肃省'),
    ('532300', '楚雄彝族自治州', 'prefecture', '530000', '530000', '云南省');
insert into marts.dim_policy_area values
    ('elderly_care', '养老服务', 'Elderly care services'),
    ('funeral_services', '殡葬', 'Funeral services');
insert into marts.dim_plan values
    ('d1-p1', 'd1', '622900', '临夏州“十四五”民政事业发展规划', 'civil_affairs', '临夏州民政局', null, '2022-03-10', 2021, 2025),
    ('d2-p1', 'd2', '620723', '临泽县“十四五”民政事业发展规划', 'civil_affairs', null, '临政办发〔2022〕69号', null, 2021, 2025),
    ('d2-p2', 'd2', '620723', '临泽县“十四五”养老服务发展规划', 'elderly_care', null, '临政办发〔2022〕69号', null, 2021, 2025),
    ('d3-p1', 'd3', '532300', '楚雄州“十四五”民政事业发展规划', 'civil_affairs', null, null, null, 2021, 2025);
insert into marts.dim_indicator values
    ('nursing_bed_share', '养老机构护理型床位占比', '%', 'elderly_care'),
    ('beds_per_thousand', '每千名老年人拥有养老床位数', '张', 'elderly_care');
insert into marts.fct_projects values
    ('pr1', 'd2-p1', 'd2', '620723', '临泽县中心敬老院改扩建项目', '老年福利项目', 'elderly_care', 1200.50, 120),
    ('pr2', 'd2-p1', 'd2', '620723', '临泽县殡仪馆建设项目', '殡葬服务项目', 'funeral_services', 5180.50, 130),
    ('pr3', 'd1-p1', 'd1', '622900', '临夏州儿童福利院', '儿童福利', null, null, 88);
insert into marts.fct_funding values
    ('f1', 'd3-p1', 'd3', '532300', 255300, 'historical_spending', null, null, null, '累计投入25.53亿元', 40);
insert into marts.fct_indicator_values values
    ('v1', 'd1-p1', 'd1', '622900', '养老机构护理型床位占比', 'nursing_bed_share', 'elderly_care', '%', 2025, 'target', '>=', 55, '≥55', 300),
    ('v2', 'd2-p1', 'd2', '620723', '护理型床位占比', 'nursing_bed_share', 'elderly_care', '%', 2025, 'target', '>=', 55, '≥55%', 200),
    ('v3', 'd2-p2', 'd2', '620723', '护理型床位占比', 'nursing_bed_share', 'elderly_care', '%', 2025, 'target', '>=', 60, '≥60%', 900),
    ('v4', 'd3-p1', 'd3', '532300', '每千名老年人养老床位数', 'beds_per_thousand', 'elderly_care', '张', 2025, 'target', null, null, '稳步提高', 77),
    ('v5', 'd3-p1', 'd3', '532300', '养老机构护理型床位占比', 'nursing_bed_share', 'elderly_care', '%', 2020, 'actual', '=', 40, '40%', 76);
insert into marts.rpt_reconciliation values
    ('d2', 'd2-p1', '620723', 'category:殡葬服务项目', 'investment_wan_yuan', 5180.50, 5181.00, 0.50, 0.05, 'mismatch', 574),
    ('d2', 'd2-p1', '620723', 'all', 'project_count', 2, 2, 0, 0, 'match', 146);
insert into audit.quality_results values ('r1', 'not_null', true);
"""


def make_warehouse(path: Path, generation: int = 1) -> Path:
    """A warehouse whose marts follow the contract; `generation` tells two builds apart."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(MARTS_DDL)
        con.execute("create table marts.dim_year (year integer primary key, generation integer)")
        con.execute("insert into marts.dim_year select y, ? from range(2010, 2036) t(y)", [generation])
        # extra rows so generations also differ in size
        con.execute(
            "insert into marts.fct_projects select 'gen' || i, 'd3-p1', 'd3', '532300', '项目' || i, '其他', "
            "'elderly_care', 10, 1 from range(?) t(i)",
            [generation * 50],
        )
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(Path(folder).iterdir())}
