"""Hostile files, one document at a time: re-encoded, truncated, huge, empty, binary.

A real plan saved another way must give exactly the rows of the original; a file that is
not a plan must fail with a reason that names it, fast.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import ingestion.landing as landing
from ingestion.decode import MAX_PLAN_BYTES, UnreadableDocument, decode_plan_bytes
from ingestion.extract import extract_document
from ingestion.landing import Landed, extract_rows, land_file, text_sha256, truncation_warning
from tests.conftest import SAMPLE_PLANS_DIR

# 临夏州 plan: tab-separated tables, every character of it exists in GBK.
ORIGINAL_NAME = "000_80bd01bbf9972bbb.txt"
ORIGINAL = (SAMPLE_PLANS_DIR / ORIGINAL_NAME).read_text(encoding="utf-8")

VARIANTS = {
    "gbk": (ORIGINAL.encode("gbk"), "gb18030"),
    "utf16_bom": (ORIGINAL.encode("utf-16"), "utf-16"),
    "utf16le_no_bom": (ORIGINAL.encode("utf-16-le"), "utf-16"),
    "utf8_bom": (codecs.BOM_UTF8 + ORIGINAL.encode("utf-8"), "utf-8-sig"),
    "crlf": (ORIGINAL.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    "gbk_crlf": (ORIGINAL.replace("\n", "\r\n").encode("gbk"), "gb18030"),
}

DOCUMENT_FIELDS_OF_THE_BYTES = {"content_sha256", "encoding", "byte_count", "loaded_at"}


def _rows_without_ids(extract) -> dict[str, list[dict]]:
    rows = extract_rows(extract)
    out = {}
    for table, table_rows in rows.items():
        drop = {"document_id", "source_path"} | (
            DOCUMENT_FIELDS_OF_THE_BYTES if table == "documents" else set()
        )
        out[table] = [{k: v for k, v in row.items() if k not in drop} for row in table_rows]
    return out


@pytest.fixture(scope="module")
def original_rows():
    return _rows_without_ids(extract_document(ORIGINAL.encode("utf-8"), ORIGINAL_NAME))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_re_encoded_plan_gives_the_same_rows_as_the_original(variant, original_rows):
    data, encoding = VARIANTS[variant]
    extract = extract_document(data, f"{variant}.txt")
    assert extract.document.encoding == encoding
    rows = _rows_without_ids(extract)
    assert len(rows["document_lines"]) == len(ORIGINAL.splitlines())
    for table in original_rows:
        assert rows[table] == original_rows[table], f"{variant}: raw.{table} differs from the UTF-8 original"


def test_re_encoded_copies_share_the_text_hash_used_to_find_duplicates():
    hashes = {text_sha256(extract_document(data, f"{name}.txt")) for name, (data, _) in VARIANTS.items()}
    assert hashes == {text_sha256(extract_document(ORIGINAL.encode("utf-8"), ORIGINAL_NAME))}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\r\n \t\r\n", "empty"),
        (bytes(range(256)) * 64, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 16, "binary"),
        (b"\x7fELF\x02\x01\x01" + bytes(5000), "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8, "binary"),
    ],
    ids=["empty", "only-whitespace", "random-bytes", "pdf", "elf", "zip"],
)
def test_a_file_that_is_not_text_fails_naming_the_file(data, reason):
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(data, "incoming/bad.txt")
    assert str(caught.value).startswith("incoming/bad.txt: ")
    assert reason in caught.value.reason


def test_a_50_mb_text_file_is_refused_by_its_size_without_being_parsed(tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    block = ORIGINAL.encode("utf-8")
    with huge.open("wb") as out:
        for _ in range(50 * 2**20 // len(block) + 1):
            out.write(block)
    assert huge.stat().st_size > 50 * 2**20 > MAX_PLAN_BYTES

    def read(*args, **kwargs):
        raise AssertionError("the file was read or parsed")

    # refused from its size alone: neither read nor parsed (no wall-clock bound needed)
    monkeypatch.setattr(landing, "extract_document", read)
    monkeypatch.setattr(Path, "read_bytes", read)
    with pytest.raises(UnreadableDocument) as caught:
        land_file(tmp_path, "huge.txt", tmp_path / "landing", "huge")
    monkeypatch.undo()
    assert str(caught.value).startswith("huge.txt: ")
    assert "MB" in caught.value.reason
    with pytest.raises(UnreadableDocument):  # the pure decoder refuses it too
        decode_plan_bytes(b"x" * (MAX_PLAN_BYTES + 1), "huge.txt")


def _cut_mid_row(text: str) -> tuple[str, int]:
    """The plan up to the middle of its first tab-separated data row after a table header."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("序号\t"):
            row = lines[i + 2]
            cut = row.index("\t", row.index("\t") + 1)  # after the second cell
            return "\n".join(lines[: i + 2] + [row[:cut]]), i + 3
    raise AssertionError("no tab-separated table in the sample plan")


def test_a_table_cut_off_mid_row_loads_what_is_there_with_a_warning_naming_the_file():
    truncated, last_line = _cut_mid_row(ORIGINAL)
    extract = extract_document(truncated.encode("utf-8"), "cut/plan.txt")
    assert extract.document.line_count == last_line
    warning = truncation_warning(truncated.encode("utf-8"), extract)
    assert warning is not None and warning.startswith("cut/plan.txt: ")
    assert f"line {last_line}" in warning and "cut off" in warning


def test_a_complete_plan_gets_no_truncation_warning():
    for path in sorted(SAMPLE_PLANS_DIR.glob("*.txt")):
        data = path.read_bytes()
        assert truncation_warning(data, extract_document(data, path.name)) is None, path.name


def test_landing_twice_reuses_the_landed_folder_until_the_content_changes(tmp_path):
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    raw.mkdir()
    (raw / "plan.txt").write_text(ORIGINAL, encoding="utf-8")
    first = land_file(raw, "plan.txt", landing, "plan")
    again = land_file(raw, "plan.txt", landing, "plan")
    (raw / "plan.txt").write_text(ORIGINAL + "\n附件：无\n", encoding="utf-8")
    changed = land_file(raw, "plan.txt", landing, "plan")
    assert isinstance(first, Landed) and not first.reused
    assert again.reused and again.content_sha256 == first.content_sha256
    assert not changed.reused and changed.content_sha256 != first.content_sha256


def test_a_file_removed_before_it_is_read_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        land_file(tmp_path, "gone.txt", tmp_path / "landing", "gone")
