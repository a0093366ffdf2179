"""Write the sha256 of every pinned wheel into a lock file, for `pip install --require-hashes`.

    python tools/lock_hashes.py requirements.lock requirements-dev.lock

For each lock, pip resolves the pinned set as `make install` would (`pip install --dry-run
--report`, no install) and the hash of the file it picked is written under its line. The
locks pin wheels for this project's machines (CPython 3.11, manylinux x86_64): run it again
after changing a pin. A line already carrying hashes gets them anew.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.utils import canonicalize_name

_PIN = re.compile(r"(?P<name>[A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(?P<version>[^\s;\\]+)")


def without_hashes(text: str) -> str:
    return re.sub(r"[ \t]*\\\n\s*--hash=\S+", "", text)


def resolved_hashes(lock: Path) -> dict[tuple[str, str], str]:
    """(name, version) -> sha256 of the file pip installs for each line of `lock`."""
    report = lock.with_suffix(".report.json")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps",
         "--quiet", "--disable-pip-version-check", "-r", str(lock), "--report", str(report)],
        check=True,
    )  # fmt: skip
    installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return {
        (canonicalize_name(item["metadata"]["name"]), item["metadata"]["version"]): item["download_info"][
            "archive_info"
        ]["hashes"]["sha256"]
        for item in installs
    }


def with_hashes(text: str, hashes: dict[tuple[str, str], str]) -> str:
    lines = []
    for line in without_hashes(text).splitlines():
        pin = _PIN.fullmatch(line.strip())
        if pin:
            digest = hashes[(canonicalize_name(pin["name"]), pin["version"])]
            lines.append(f"{line.strip()} \\\n    --hash=sha256:{digest}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def main(paths: list[str]) -> None:
    locks = [Path(name) for name in paths]
    # resolve from copies without hashes (a lock that includes another with `-r` is resolved
    # with it), so that a half-hashed set never meets pip's all-or-none hash mode
    with tempfile.TemporaryDirectory() as tmp:
        copies = {lock: Path(tmp) / lock.name for lock in locks}
        for lock, copy in copies.items():
            copy.write_text(without_hashes(lock.read_text(encoding="utf-8")), encoding="utf-8")
        resolved = {lock: resolved_hashes(copy) for lock, copy in copies.items()}
    for lock, hashes in resolved.items():
        lock.write_text(with_hashes(lock.read_text(encoding="utf-8"), hashes), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
