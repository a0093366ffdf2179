"""Write $DAGSTER_HOME/dagster.yaml: the project's instance settings, storage chosen by the environment.

`make run` / `make dev` call `python -m orchestration.instance` first.
- default: SQLite files under $DAGSTER_HOME (nothing to set up; right for a laptop or one box);
- DAGSTER_POSTGRES_URL=postgresql+psycopg2://user:password@host:5432/dagster: runs, event logs and
  schedules in PostgreSQL (dagster-postgres), for a deployment that must outlive the machine
  and serve a daemon and `make run` from several hosts. The file refers to the variable by
  name, so the password is never written to disk.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from orchestration.settings import REPO_ROOT

BASE_CONFIG = REPO_ROOT / "orchestration" / "dagster.yaml"
POSTGRES_URL_VAR = "DAGSTER_POSTGRES_URL"


def instance_config(postgres_url: str | None) -> dict:
    """The instance settings: the project's dagster.yaml, plus PostgreSQL storage when a URL is given."""
    config = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    if postgres_url:
        config["storage"] = {"postgres": {"postgres_url": {"env": POSTGRES_URL_VAR}}}
    return config


def write_instance_config(dagster_home: Path, postgres_url: str | None = None) -> Path:
    dagster_home.mkdir(parents=True, exist_ok=True)
    target = dagster_home / "dagster.yaml"
    target.write_text(
        "# Written by `python -m orchestration.instance` from orchestration/dagster.yaml; edit that file.\n"
        + yaml.safe_dump(instance_config(postgres_url), sort_keys=False),
        encoding="utf-8",
    )
    return target


def main() -> int:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        print("error: DAGSTER_HOME is not set")
        return 2
    url = os.environ.get(POSTGRES_URL_VAR)
    if url and not url.startswith("postgresql+psycopg2://"):
        print(
            f"error: {POSTGRES_URL_VAR} must start with postgresql+psycopg2:// (the driver dagster-postgres uses)"
        )
        return 2
    target = write_instance_config(Path(home), url)
    print(
        f"{target}: Dagster storage in {'PostgreSQL (' + POSTGRES_URL_VAR + ')' if url else 'SQLite files'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
