"""Fixtures of the operations tests."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def dead_pid() -> int:
    """The pid of a process that has exited (a killed run's process, as its leftovers name it)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os._exit(0)
    os.waitpid(pid, 0)
    return pid
