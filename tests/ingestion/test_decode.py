"""Encoding detection on real plans re-encoded the ways plans are published."""

from __future__ import annotations

import codecs

import pytest

from ingestion.decode import UnreadableDocument, decode_plan_bytes, split_lines
from ingestion.extract import document_id_for
from tests.conftest import SAMPLE_PLANS_DIR

PLAN = (SAMPLE_PLANS_DIR / "004_9176aec6d26fd934.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PLAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PLAN.encode("utf-8"), "utf-8-sig"),
        (PLAN.encode("gbk"), "gb18030"),
        (PLAN.encode("gb18030"), "gb18030"),
        (PLAN.encode("utf-16"), "utf-16"),  # with BOM
        (PLAN.encode("utf-16-le"), "utf-16"),  # without BOM
        (PLAN.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom", "utf16le", "utf16be"],
)
def test_every_encoding_gives_the_same_text(data, encoding):
    decoded = decode_plan_bytes(data, "plan.txt")
    assert decoded.encoding == encoding
    assert split_lines(decoded.text) == split_lines(PLAN)


def test_gbk_files_written_to_disk_decode(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(PLAN.encode("gbk"))
    assert decode_plan_bytes(path.read_bytes(), "gbk.txt").text == PLAN


def test_crlf_and_cr_line_endings_are_normalized_only():
    crlf = PLAN.replace("\n", "\r\n")
    assert split_lines(decode_plan_bytes(crlf.encode("utf-8"), "x.txt").text) == split_lines(PLAN)
    assert split_lines("a\rb\r\nc\n") == ["a", "b", "c"]
    assert split_lines("  indented\t\n") == ["  indented\t"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\r\n", "empty"),
        (bytes(range(256)) * 32, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(4000), "binary"),
    ],
    ids=["empty", "whitespace", "bytes", "png"],
)
def test_unreadable_input_names_file_and_reason(data, reason):
    with pytest.raises(UnreadableDocument) as caught:
        decode_plan_bytes(data, "plans/bad.txt")
    assert str(caught.value).startswith("plans/bad.txt: ")
    assert reason in caught.value.reason


def test_document_ids_are_stable_and_distinct():
    assert document_id_for("000_80bd01bbf9972bbb.txt") == "000_80bd01bbf9972bbb"
    assert document_id_for("某县规划.txt") == document_id_for("某县规划.txt")
    assert document_id_for("某县规划.txt") != document_id_for("某市规划.txt")
    assert document_id_for("a/plan.txt") != document_id_for("b/plan.txt")
