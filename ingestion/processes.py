"""Processes: whether one still runs (the one test behind every clean-up of what a killed run
left: landing staging folders, publish temporaries, Dagster runs of `run_all`), and CPU-bound
work spread over worker processes (extraction, the cross-checks' reading of texts)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor


def pid_alive(pid: int) -> bool:
    """True while process `pid` exists on this machine (this process included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by another user
        return True
    return True


def map_in_processes(
    fn: Callable, *args: Sequence, serial_below: int, workers: int | None = None, max_chunk: int | None = None
) -> list:
    """[fn(*item) for item in zip(*args)], in worker processes (one a CPU, at most one an item)
    unless there are fewer than `serial_below` items or one worker, which run in this process.
    Items go to the workers in chunks of about an eighth of a worker's share (at most max_chunk)."""
    count = len(args[0]) if args else 0
    workers = min(workers or os.cpu_count() or 1, count)
    if workers <= 1 or count < serial_below:
        return list(map(fn, *args))
    chunk = max(1, count // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, *args, chunksize=min(chunk, max_chunk or chunk)))
