"""Hostile office files: each is refused with one error naming it and the reason; nothing hangs,
no macro runs, no converter outlives its time budget."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ingestion.decode import UnreadableDocument
from ingestion.extract import extract_document
from ingestion.readers import read_document
from ingestion.readers import xlsx as xlsx_reader
from tests.formats import hostile


def _workbook_bytes(rows: list[list], **sheet_options) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


PROJECT_ROWS = [
    ["附件1 某县重点项目表"],
    ["序号", "项目名称", "总投资（亿元）"],
    [1, "某县养老服务中心", 1.2],
    [2, "某县殡仪馆", 0.5],
]


def refused(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableDocument) as info:
        read_document(data, name)
    assert info.value.source_path == name
    return str(info.value)


def test_a_workbook_with_a_macro_project_is_refused_and_nothing_runs():
    clean = _workbook_bytes(PROJECT_ROWS)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(clean)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Attribute VB_Name = Module1")
    assert "macro" in refused(out.getvalue(), "附件1.xlsx")
    assert read_document(clean, "附件1.xlsx").lines  # the clean twin loads


def test_an_encrypted_workbook_is_refused_by_name():
    # An encrypted OOXML file is an OLE container with an EncryptedPackage stream (MS-OFFCRYPTO).
    data = hostile.doc_renamed_docx() + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    assert "encrypted" in refused(data, "项目表.xlsx")
    assert "encrypted" in refused(data, "项目表.xls")  # not handed to LibreOffice either


def test_a_sheet_past_the_row_cap_is_refused_in_bounded_time(monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_SHEET_ROWS", 2_000)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    for i in range(50_000):
        sheet.append([i, "某项目", i * 2])
    out = io.BytesIO()
    workbook.save(out)
    started = time.perf_counter()
    reason = refused(out.getvalue(), "huge.xlsx")
    assert "more than 2,000 rows" in reason and "sheet" in reason
    print(f"refused a 50,000-row sheet in {time.perf_counter() - started:.2f} s")


def test_hidden_sheets_and_rows_are_reported_not_read():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in PROJECT_ROWS:
        sheet.append(row)
    sheet.append([3, "隐藏的项目", 9.9])
    sheet.row_dimensions[5].hidden = True
    secret = workbook.create_sheet("草稿")
    secret.append(["序号", "项目名称", "总投资（亿元）"])
    secret.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    read = read_document(out.getvalue(), "附件1.xlsx")
    assert not any("隐藏的项目" in line for line in read.lines)
    assert read.lines == [
        "附件1 某县重点项目表",
        "序号\t项目名称\t总投资（亿元）",
        "1\t某县养老服务中心\t1.2",
        "2\t某县殡仪馆\t0.5",
    ]
    assert read.notes == (
        "sheet 'Sheet': 1 hidden row(s) not read (row 5)",
        "sheet '草稿' is hidden; not read",
    )


def test_a_doc_libreoffice_cannot_open_is_refused():
    data = hostile.doc_renamed_docx() + os.urandom(4096)
    assert "LibreOffice could not open it" in refused(data, "damaged.doc")


def test_a_docx_named_doc_is_refused_before_conversion():
    assert "a .docx named .doc" in refused(_workbook_bytes(PROJECT_ROWS), "plan.doc")


def test_a_converter_that_hangs_is_killed_with_its_children(tmp_path, monkeypatch):
    pid_file = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pid_file}\nsleep 300\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PLAN_WAREHOUSE_SOFFICE", str(fake))
    monkeypatch.setenv("PLAN_WAREHOUSE_CONVERT_TIMEOUT", "2")
    started = time.perf_counter()
    reason = refused(hostile.doc_renamed_docx() + bytes(1024), "hangs.doc")
    assert "did not convert it within 2 s" in reason
    assert time.perf_counter() - started < 30
    child = int(pid_file.read_text())
    time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]


def test_without_libreoffice_the_file_is_refused_saying_what_to_install(tmp_path, monkeypatch):
    monkeypatch.delenv("PLAN_WAREHOUSE_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert "apt-get install libreoffice-writer-nogui" in refused(hostile.doc_renamed_docx(), "plan.doc")
    assert "apt-get install libreoffice-calc-nogui" in refused(hostile.doc_renamed_docx(), "附件1.xls")


def test_a_unit_in_a_header_cell_applies_to_its_column():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [*PROJECT_ROWS, ["合计", None, 1.7]]:
        sheet.append(row)
    sheet.merge_cells("A1:C1")  # the title across the sheet, as published
    out = io.BytesIO()
    workbook.save(out)
    extract = extract_document(out.getvalue(), "附件1.xlsx")
    assert [(p.project_name, p.planned_investment_wan_yuan) for p in extract.projects] == [
        ("某县养老服务中心", 12000.0),
        ("某县殡仪馆", 5000.0),
    ]
    assert [(t.scope, t.measure, t.stated_value) for t in extract.stated_totals] == [
        ("all", "investment_wan_yuan", 17000.0)
    ]
