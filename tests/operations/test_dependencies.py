"""What the code imports is declared, what is declared is imported (or used by a tool), and the
runtime lock holds no test tool: `make run` installs requirements.lock, `make test` adds
requirements-dev.lock."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from orchestration.settings import REPO_ROOT

RUNTIME_PACKAGES = (
    "ingestion",
    "orchestration",
    "expectations",
    "serving",
    "benchmarks",
    "vocabulary",
    "tools",
)
OWN = {*RUNTIME_PACKAGES, "tests", "__future__"}
# Declared without an import: run as programs or loaded by name from configuration.
NOT_IMPORTED = {
    "dagster-webserver",  # `make dev`
    "dbt-core",  # the dbt CLI dagster-dbt runs
    "dbt-duckdb",  # the dbt adapter, named in profiles.yml
    "dagster-postgres",  # storage named in the generated dagster.yaml
    "redis",  # the Celery broker's client, loaded by kombu for a redis:// broker URL
    "ruff",
    "sqlfluff",
    "pytest-xdist",  # a pytest plugin (entry point): `make test` runs `pytest -n auto`
}


def _imported(folders) -> set[str]:
    distributions = importlib.metadata.packages_distributions()
    found = set()
    for folder in folders:
        for path in (REPO_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in OWN and top not in sys.stdlib_module_names:
                        found |= {canonicalize_name(d) for d in distributions.get(top, [top])}
    return found


def _project() -> dict:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(requirements) -> dict[str, str]:
    return {canonicalize_name(Requirement(r).name): r for r in requirements}


def _lock(name: str) -> dict[str, str]:
    """name -> pinned version; a pin is `name[extras]==version`, its hashes on the lines after it."""
    text = re.sub(r"[ \t]*\\\n\s*--hash=\S+", "", (REPO_ROOT / name).read_text(encoding="utf-8"))
    pins = [Requirement(line) for line in text.splitlines() if line and not line.startswith(("#", "-r"))]
    return {canonicalize_name(pin.name): str(pin.specifier).removeprefix("==") for pin in pins}


def test_every_pin_of_the_locks_carries_its_hash():
    for name in ("requirements.lock", "requirements-dev.lock"):
        text = (REPO_ROOT / name).read_text(encoding="utf-8")
        pins = re.findall(r"^\S+==\S+ \\\n    --hash=sha256:[0-9a-f]{64}$", text, re.M)
        assert len(pins) == len(_lock(name)) > 0, name


def test_every_imported_package_is_declared_and_every_declared_one_is_used():
    runtime = _names(_project()["dependencies"])
    dev = _names(_project()["optional-dependencies"]["dev"])
    assert _imported(RUNTIME_PACKAGES) - set(runtime) == set()
    assert _imported(["tests"]) - set(runtime) - set(dev) == set()
    unused = set(runtime) | set(dev)
    unused -= _imported([*RUNTIME_PACKAGES, "tests"]) | {canonicalize_name(n) for n in NOT_IMPORTED}
    assert unused == set()


def test_the_locks_pin_what_pyproject_pins_and_keep_test_tools_out_of_the_runtime_set():
    runtime_lock, dev_lock = _lock("requirements.lock"), _lock("requirements-dev.lock")
    assert not set(runtime_lock) & set(dev_lock)
    for requirements, lock in (
        (_project()["dependencies"], runtime_lock),
        (_project()["optional-dependencies"]["dev"], runtime_lock | dev_lock),
    ):
        for name, requirement in _names(requirements).items():
            assert Requirement(requirement).specifier == Requirement(f"{name}=={lock[name]}").specifier, name
    for tool in ("pytest", "hypothesis", "playwright", "ruff", "sqlfluff", "pypdf"):
        assert tool not in runtime_lock and tool in dev_lock
    assert (REPO_ROOT / "requirements-dev.lock").read_text(encoding="utf-8").count(
        "-r requirements.lock"
    ) == 1


def test_the_run_lock_is_filelock_not_a_hand_rolled_flock():
    source = (REPO_ROOT / "orchestration" / "run_all.py").read_text(encoding="utf-8")
    assert "import filelock" in source and "fcntl" not in source
