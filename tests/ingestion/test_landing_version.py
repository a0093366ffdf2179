"""The landing's code version: the extraction code and the reader libraries' versions, nothing else.

A landing folder made by other extraction code, or by another pdfplumber, is stale and
extracted again; an edit of the loader SQL or of a seed generator keeps every landing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingestion import landing

ROOT = Path(landing.__file__).resolve().parent.parent


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the code the fingerprint reads, to edit."""
    for folder in ("ingestion", "vocabulary", "dbt_project/seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _versions(overrides: dict[str, str] | None = None):
    def versions(names):
        found = landing.library_versions(names)
        return found | (overrides or {})

    return versions


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_extraction_code_is_what_the_extractors_import():
    paths, libraries = landing.extraction_code()
    names = {path.relative_to(ROOT).as_posix() for path in paths}
    # the readers, the extractors and the seeds their vocabulary comes from
    assert {"ingestion/extract.py", "ingestion/readers/pdf.py", "ingestion/amounts.py"} <= names
    assert {"vocabulary/seeds.py", "dbt_project/seeds/money_units.csv"} <= names
    assert "ingestion/readers/equivalent_unified_ideographs.tsv" in names  # a reader's data file
    # the loader and the seed generators are not
    assert not {"ingestion/landing.py", "ingestion/region_seed.py", "ingestion/raw_sources.py"} & names
    assert not any(name.startswith(("tests/", "orchestration/", "expectations/")) for name in names)
    assert {"pdfplumber", "pypdfium2", "docx", "openpyxl"} <= libraries
    versions = landing.library_versions(libraries)
    # pdfminer.six reads every PDF under pdfplumber, python-docx is the reader of .docx
    assert {"pdfplumber", "pdfminer-six", "pypdfium2", "python-docx", "openpyxl"} <= set(versions)


def test_an_edit_outside_the_extraction_code_keeps_the_key(tree):
    before = landing.extraction_fingerprint(tree, _versions())
    _append(tree / "ingestion" / "landing.py", "\n# loader SQL changed\n")
    _append(tree / "ingestion" / "region_seed.py", "\n# seed generator changed\n")
    _append(tree / "dbt_project" / "seeds" / "policy_area_keywords.csv", "养老床位,elderly_care,99\n")
    assert landing.extraction_fingerprint(tree, _versions()) == before


@pytest.mark.parametrize(
    "edited",
    [
        "ingestion/amounts.py",
        "ingestion/readers/pdf.py",
        "vocabulary/text.py",
        "dbt_project/seeds/money_units.csv",
    ],
)
def test_an_edit_of_the_extraction_code_changes_the_key(tree, edited):
    before = landing.extraction_fingerprint(tree, _versions())
    _append(tree / edited, "\n" if edited.endswith(".csv") else "\n# changed\n")
    assert landing.extraction_fingerprint(tree, _versions()) != before


@pytest.mark.parametrize("library", ["pdfplumber", "pdfminer-six", "python-docx", "openpyxl"])
def test_a_reader_library_upgrade_changes_the_key(tree, library):
    before = landing.extraction_fingerprint(tree, _versions())
    assert landing.extraction_fingerprint(tree, _versions({library: "999.0"})) != before


def test_the_running_key_is_the_fingerprint_of_this_tree():
    assert landing.extractor_version() == landing.extraction_fingerprint()
