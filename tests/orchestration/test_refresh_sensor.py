"""The refresh sensor: one refresh after any number of finished ingest runs, never during one."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs
from orchestration.jobs import REFRESH_JOB
from orchestration.sensors import FinishedIngest, refresh_request


def test_one_refresh_follows_a_burst_of_ingest_runs_once_none_is_in_flight():
    burst = [FinishedIngest("a", 100.0, False), FinishedIngest("b", 105.0, False)]
    request, cursor, why = refresh_request(burst, ingests_in_flight=1, cursor=50.0)
    assert request is None and cursor == 50.0 and "waiting for 1" in why
    request, cursor, _ = refresh_request(burst, ingests_in_flight=0, cursor=50.0)
    assert request is not None and request.run_key == "after:b" and cursor == 105.0
    # the same runs seen again (cursor moved past them): no second refresh
    assert refresh_request(burst, ingests_in_flight=0, cursor=cursor)[0] is None


def test_runs_refreshed_by_their_caller_start_no_refresh_but_move_the_cursor():
    inline = [FinishedIngest("c", 200.0, True)]
    request, cursor, why = refresh_request(inline, ingests_in_flight=0, cursor=150.0)
    assert request is None and cursor == 200.0 and "caller" in why
    mixed = [*inline, FinishedIngest("d", 210.0, False)]
    assert refresh_request(mixed, ingests_in_flight=0, cursor=150.0)[0].run_key == "after:d"


def test_the_refresh_sensor_targets_the_refresh_job_and_runs_by_default():
    sensor = defs.resolve_sensor_def("refresh_after_ingest_sensor")
    assert sensor.job_name == REFRESH_JOB
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_sensor_def("raw_directory_sensor").default_status == dg.DefaultSensorStatus.STOPPED
