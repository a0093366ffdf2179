"""The GX schema rules (keys, accepted values) come from the marts' dbt YAML, written once there."""

from __future__ import annotations

import shutil

import pytest
import yaml

from expectations import suites

# the suites that check one mart as it is (not the cross-mart and derived suites); the
# unread-lines suite only reports what was not read and never blocks (dbt tests its key)
MART_SUITES = [s for s in suites.SUITES if s.name == s.mart and s.name != "rpt_unread_lines"]


def _yaml_columns(mart: str) -> list[dict]:
    document = yaml.safe_load((suites.MARTS_YAML_DIR / f"{mart}.yml").read_text(encoding="utf-8"))
    (model,) = [m for m in document["models"] if m["name"] == mart]
    return model["columns"]


def _accepted(column: dict) -> list | None:
    for test in column.get("data_tests") or []:
        if isinstance(test, dict) and "accepted_values" in test:
            return sorted(test["accepted_values"]["arguments"]["values"])
    return None


def _value_sets(rules) -> dict[str, list]:
    return {
        r.column: sorted(r.build(severity="critical", meta={}).value_set)
        for r in rules
        if r.name.endswith("_in_vocabulary")
    }


@pytest.mark.parametrize("suite", MART_SUITES, ids=lambda s: s.name)
def test_every_key_and_vocabulary_of_the_mart_contract_is_a_rule_of_its_suite(suite):
    columns = _yaml_columns(suite.mart)
    rule_names = {r.name for r in suite.rules}
    keys = [c["name"] for c in columns if "unique" in (c.get("data_tests") or [])]
    assert keys, suite.mart
    for key in keys:
        assert {f"{key}_unique", f"{key}_not_null"} <= rule_names
    vocabularies = {c["name"]: _accepted(c) for c in columns if _accepted(c)}
    assert _value_sets(suite.rules) == vocabularies


def test_a_new_accepted_value_is_written_once_in_the_yaml(tmp_path, monkeypatch):
    marts = tmp_path / "marts"
    shutil.copytree(suites.MARTS_YAML_DIR, marts)
    path = marts / "fct_projects.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    (model,) = document["models"]
    (column,) = [c for c in model["columns"] if c["name"] == "construction_type"]
    for test in column["data_tests"]:
        if isinstance(test, dict) and "accepted_values" in test:
            test["accepted_values"]["arguments"]["values"].append("demolition")
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(suites, "MARTS_YAML_DIR", marts)
    suites.mart_column_tests.cache_clear()
    try:
        rules = suites.contract_rules("fct_projects", printed={"construction_type": "construction_type_zh"})
    finally:
        suites.mart_column_tests.cache_clear()
    assert "demolition" in _value_sets(rules)["construction_type"]
    (construction,) = [r for r in rules if r.name == "construction_type_in_vocabulary"]
    assert construction.printed == "construction_type_zh"


def test_a_warn_severity_in_the_yaml_makes_a_warning(tmp_path, monkeypatch):
    marts = tmp_path / "marts"
    marts.mkdir()
    (marts / "fct_invented.yml").write_text(
        "version: 2\nmodels:\n  - name: fct_invented\n    columns:\n"
        "      - name: invented_id\n        data_tests: [unique, not_null]\n"
        "      - name: kind\n        data_tests:\n"
        "          - accepted_values: {arguments: {values: [a, b]}, config: {severity: warn}}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(suites, "MARTS_YAML_DIR", marts)
    suites.mart_column_tests.cache_clear()
    try:
        rules = suites.contract_rules("fct_invented")
    finally:
        suites.mart_column_tests.cache_clear()
    assert [(r.name, r.severity, r.kind) for r in rules] == [
        ("invented_id_not_null", "error", "keys"),
        ("invented_id_unique", "error", "keys"),
        ("kind_in_vocabulary", "warn", "values"),
    ]
