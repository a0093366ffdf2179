"""The dbt source YAML for `raw` declares exactly the columns the loader writes."""

from __future__ import annotations

import yaml

from ingestion.landing import RAW_TABLES, raw_columns
from orchestration.settings import DBT_PROJECT_DIR


def test_raw_sources_match_loaded_columns():
    sources = yaml.safe_load((DBT_PROJECT_DIR / "models" / "staging" / "__sources.yml").read_text())
    declared = {
        t["name"]: [(c["name"], c.get("data_type")) for c in t["columns"]]
        for t in sources["sources"][0]["tables"]
    }
    for table in RAW_TABLES:
        assert declared[table] == [(name, tp.lower()) for name, tp in raw_columns(table)], table
