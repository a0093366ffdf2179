"""Watch the raw directory: register new files as partitions, drop deleted ones, run changed ones."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from ingestion.landing import list_plan_files
from orchestration.partitions import documents_partitions
from orchestration.settings import Settings


def file_fingerprints(settings: Settings) -> dict[str, str]:
    """{source_path: sha256 of content} for every plan file (content decides "changed")."""
    return {
        path: hashlib.sha256((settings.raw_dir / path).read_bytes()).hexdigest()
        for path in list_plan_files(settings.raw_dir)
    }


def plan_partition_changes(
    current: dict[str, str], previous: dict[str, str], registered: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """(keys to add, keys to delete, keys whose content is new or changed)."""
    to_add = sorted(set(current) - registered)
    to_delete = sorted(registered - set(current))
    changed = sorted(path for path, digest in current.items() if previous.get(path) != digest)
    return to_add, to_delete, changed


@dg.sensor(job_name="ingest_documents_job", minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.STOPPED)
def raw_directory_sensor(context: dg.SensorEvaluationContext):
    settings = Settings.from_env()
    current = file_fingerprints(settings)
    previous = json.loads(context.cursor) if context.cursor else {}
    registered = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    to_add, to_delete, changed = plan_partition_changes(current, previous, registered)
    requests = [dg.RunRequest(partition_key=path, run_key=f"{path}:{current[path]}") for path in changed]
    context.update_cursor(json.dumps(current, sort_keys=True))
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[
            documents_partitions.build_add_request(to_add),
            documents_partitions.build_delete_request(to_delete),
        ],
    )
