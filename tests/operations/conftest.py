"""Fixtures of the operations tests.

`postgres_url`: a throwaway PostgreSQL server for Dagster's storage. Needs Debian's postgresql
server binaries (`make test` installs them as root, like Chromium); without them the test
fails saying so.
"""

from __future__ import annotations

import os

import pytest

from tests.servers import postgres_server


@pytest.fixture
def dead_pid() -> int:
    """The pid of a process that has exited (a killed run's process, as its leftovers name it)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


@pytest.fixture
def postgres_url():
    with postgres_server() as url:
        yield url
