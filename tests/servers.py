"""Throwaway servers and worker processes for the operations tests and the cluster benchmark:
a PostgreSQL for Dagster's storage, a Redis broker, Celery workers of the cluster
(orchestration/cluster.py). Each stops what it started, also when the block fails."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from orchestration.settings import REPO_ROOT

REDIS_SERVER = Path("/usr/bin/redis-server")


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def postgres_server(port: str = "55439") -> Iterator[str]:
    """A PostgreSQL server on a unix socket in a temp dir, with an empty database `dagster`; its URL."""
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    assert binaries, (
        "PostgreSQL server binaries missing: `apt-get install postgresql` (make test does it as root)"
    )
    bin_dir = binaries[-1].parent
    root = Path(tempfile.mkdtemp(prefix="pg-plan-warehouse-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data = root / "data"
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
    )
    options = f"-k {root} -p {port} -c listen_addresses=''"
    subprocess.run(
        _as_postgres(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            _as_postgres(
                [str(bin_dir / "createdb"), "-h", str(root), "-p", port, "-U", "postgres", "dagster"]
            ),
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg2://postgres@/dagster?host={root}&port={port}"
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Debian's redis-server on a free port of 127.0.0.1, nothing saved to disk; its URL."""
    assert REDIS_SERVER.exists(), "redis-server missing: `apt-get install redis-server` (make test does it)"
    port = free_port()
    server = subprocess.Popen(
        [str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.2)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.kill()
        server.wait()


def read_log(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def stop(process: subprocess.Popen) -> None:
    """SIGKILL a process started in its own session, with everything it started."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextlib.contextmanager
def celery_workers(
    count: int, env: dict[str, str], log_dir: Path
) -> Iterator[list[tuple[subprocess.Popen, Path]]]:
    """`count` workers of the cluster (`celery -A orchestration.celery_worker worker --pool solo`),
    each in its own session, logging to log_dir/worker<i>.log; returned once all are ready."""
    celery = Path(sys.executable).parent / "celery"
    workers = []
    try:
        for i in range(1, count + 1):
            log = log_dir / f"worker{i}.log"
            process = subprocess.Popen(
                [str(celery), "-A", "orchestration.celery_worker", "worker", "--pool", "solo"]
                + ["-Q", "dagster", "--hostname", f"w{i}@%h", "--loglevel", "INFO"]
                + ["--without-gossip", "--without-mingle"],
                cwd=REPO_ROOT,
                env=env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            workers.append((process, log))
        deadline = time.monotonic() + 180
        while not all(" ready." in read_log(log) for _, log in workers):
            logs = " | ".join(read_log(log) for _, log in workers)
            assert all(p.poll() is None for p, _ in workers), f"a worker exited: {logs}"
            assert time.monotonic() < deadline, f"the workers did not start: {logs}"
            time.sleep(0.5)
        yield workers
    finally:
        for process, _ in workers:
            stop(process)
