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


def test_the_raw_sources_yaml_is_what_its_generator_writes():
    # `python -m ingestion.raw_sources` rewrites the file: a description edited by hand only in the
    # YAML would be lost by the next run, so the generator holds every description
    from ingestion.raw_sources import sources_document

    written = yaml.safe_load((DBT_PROJECT_DIR / "models" / "staging" / "__sources.yml").read_text())
    assert written == sources_document()
