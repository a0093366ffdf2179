"""One direction of flow: the quality layer reads the warehouse, never the extractors.

Extraction (ingestion/) reads the text and lands rows; expectations/ compares what landed. A
module of expectations/ importing ingestion/ would read text a second time, at check time.
"""

from __future__ import annotations

import ast
from pathlib import Path

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_expectations_import_nothing_from_ingestion():
    modules = sorted(EXPECTATIONS.rglob("*.py"))
    assert len(modules) > 5
    offending = {
        str(path.relative_to(EXPECTATIONS.parent)): [
            n for n in _imports(path) if n.split(".")[0] == "ingestion"
        ]
        for path in modules
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_check_finds_an_ingestion_import(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import json\nfrom ingestion.values import parse_value\nimport ingestion.blocks as b\n"
    )
    assert _imports(planted) == ["json", "ingestion.values", "ingestion.blocks"]
