"""The Dagster instance: SQLite by default, PostgreSQL when DAGSTER_POSTGRES_URL is set."""

from __future__ import annotations

import yaml
from dagster._core.instance.config import dagster_instance_config

from orchestration.instance import POSTGRES_URL_VAR, write_instance_config


def test_default_storage_is_sqlite_under_dagster_home(tmp_path):
    path = write_instance_config(tmp_path)
    config, _ = dagster_instance_config(str(tmp_path))
    assert "storage" not in yaml.safe_load(path.read_text())
    assert config["concurrency"]["pools"]["default_limit"] == 1
    assert config["run_monitoring"]["free_slots_after_run_end_seconds"] > 0


def test_postgres_storage_is_read_from_the_environment_and_no_secret_is_written(tmp_path, monkeypatch):
    url = "postgresql://dagster:s3cret@db.example:5432/dagster"
    monkeypatch.setenv(POSTGRES_URL_VAR, url)
    path = write_instance_config(tmp_path, url)
    assert "s3cret" not in path.read_text()
    config, _ = dagster_instance_config(str(tmp_path))  # validated against Dagster's schema
    assert config["storage"] == {"postgres": {"postgres_url": {"env": POSTGRES_URL_VAR}}}
    import dagster_postgres  # the storage class the config names is installed

    assert dagster_postgres.DagsterPostgresStorage.config_type()["postgres_url"] is not None
