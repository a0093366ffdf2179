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

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

_PIN = re.compile(r"(?P<name>[A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(?P<version>[^\s;\\]+)")


def without_hashes(text: str) -> str:
    return re.sub(r"[ \t]*\\\n\s*--hash=\S+", "", text)


def requested_extras(installs: list[dict]) -> dict[str, set[str]]:
    """The extras the pinned packages ask of one another (dagster-dbt needs sqlglot[rs]): in
    hash mode pip takes `sqlglot[rs]` for a requirement of its own, so the lock pins it so."""
    extras: dict[str, set[str]] = {}
    for item in installs:
        for line in item["metadata"].get("requires_dist", []):
            requirement = Requirement(line)
            if requirement.extras and (
                requirement.marker is None or requirement.marker.evaluate({"extra": ""})
            ):
                extras.setdefault(canonicalize_name(requirement.name), set()).update(requirement.extras)
    return extras


def resolved(lock: Path) -> tuple[dict[tuple[str, str], str], dict[str, set[str]]]:
    """(name, version) -> sha256 of the file pip installs for each line of `lock`, and the
    extras the set asks of each package."""
    report = lock.with_suffix(".report.json")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps",
         "--quiet", "--disable-pip-version-check", "-r", str(lock), "--report", str(report)],
        check=True,
    )  # fmt: skip
    installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    hashes = {
        (canonicalize_name(item["metadata"]["name"]), item["metadata"]["version"]): item["download_info"][
            "archive_info"
        ]["hashes"]["sha256"]
        for item in installs
    }
    return hashes, requested_extras(installs)


def with_hashes(text: str, hashes: dict[tuple[str, str], str], extras: dict[str, set[str]]) -> str:
    lines = []
    for line in without_hashes(text).splitlines():
        pin = _PIN.fullmatch(line.strip())
        if pin:
            name = canonicalize_name(pin["name"])
            digest = hashes[(name, pin["version"])]
            wanted = f"[{','.join(sorted(extras[name]))}]" if extras.get(name) else ""
            lines.append(f"{pin['name']}{wanted}=={pin['version']} \\\n    --hash=sha256:{digest}")
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
        found = {lock: resolved(copy) for lock, copy in copies.items()}
    for lock, (hashes, extras) in found.items():
        lock.write_text(with_hashes(lock.read_text(encoding="utf-8"), hashes, extras), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
