"""The invented plan saved by LibreOffice as .doc, .rtf and .odt, and its project table saved by
LibreOffice Calc as .xlsx, .xls and .ods, give the fact rows of the same plan as one .docx.

The files are written at test time by LibreOffice (tests/formats/office.py); reading them runs
LibreOffice again (ingestion/readers/office.py) and the .docx / .xlsx readers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from ingestion.attachments import DocumentInfo, link_attachments
from ingestion.extract import extract_document
from ingestion.readers import read_document
from tests.formats.invented import ELDERLY
from tests.formats.office import soffice, without_table, write_main_docx, write_sheet, write_writer
from tests.formats.plans import Table, write_docx
from tests.formats.test_formats import ELDERLY_FACTS, facts

PROJECT_TABLE = next(b for b in ELDERLY.blocks if isinstance(b, Table) and "项目" in b.caption)
ATTACHMENT_NAME = "古浪县十四五养老服务体系建设规划附件1重点项目表"


@pytest.fixture(scope="module")
def writer_files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("office")
    files = {"docx": write_docx(ELDERLY, root)}
    for fmt in ("doc", "rtf", "odt"):
        files[fmt] = write_writer(ELDERLY, root, fmt)
    return files


@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_word_processor_formats_give_the_docx_rows(writer_files, fmt):
    path = writer_files[fmt]
    read = read_document(path.read_bytes(), path.name)
    assert read.source_format == fmt
    assert read.reader.startswith("LibreOffice ") and "python-docx" in read.reader
    assert facts(path) == facts(writer_files["docx"]) == ELDERLY_FACTS


def test_kingsoft_names_are_converted_by_content(writer_files, tmp_path):
    # WPS Office saves Word- and Excel-compatible binaries under .wps and .et; LibreOffice detects
    # them by content. Without WPS Office here, the LibreOffice .doc stands in under that name.
    wps = tmp_path / "gulang_elderly_care.wps"
    wps.write_bytes(writer_files["doc"].read_bytes())
    assert read_document(wps.read_bytes(), wps.name).source_format == "wps"
    assert facts(wps) == ELDERLY_FACTS


@pytest.fixture(scope="module")
def attachment_files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("attachments")
    files = {
        "whole": write_main_docx(ELDERLY, root / "whole"),
        "main": write_main_docx(without_table(ELDERLY, PROJECT_TABLE), root / "main"),
    }
    for fmt in ("xlsx", "xls", "ods"):
        files[fmt] = write_sheet(PROJECT_TABLE, root / fmt, ATTACHMENT_NAME, fmt)
    files["et"] = root / "et" / f"{ATTACHMENT_NAME}.et"  # an Excel binary under WPS's name (see above)
    files["et"].parent.mkdir()
    files["et"].write_bytes(files["xls"].read_bytes())
    return files


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "et"])
def test_a_project_table_as_a_spreadsheet_attachment_gives_the_rows_of_the_whole_plan(attachment_files, fmt):
    whole, main, sheet = (facts(attachment_files[k]) for k in ("whole", "main", fmt))
    assert main["projects"] == []
    assert sheet["projects"] == whole["projects"] == ELDERLY_FACTS["projects"]
    assert main["indicators"] == whole["indicators"]
    # the main text states the count and total, the attachment its 合计 and subtotals: together, the plan's
    assert Counter(main["totals"] + sheet["totals"]) == Counter(whole["totals"])
    assert Counter(main["funding"] + sheet["funding"]) == Counter(whole["funding"])


def test_the_attachment_is_linked_to_its_plan_by_name(attachment_files):
    main = extract_document(attachment_files["main"].read_bytes(), "古浪县十四五养老服务体系建设规划.docx")
    sheet = extract_document(attachment_files["xlsx"].read_bytes(), f"{ATTACHMENT_NAME}.xlsx")
    documents = [
        DocumentInfo(
            "main", "古浪县十四五养老服务体系建设规划.docx", "docx", ((1, main.plans[0].plan_title),)
        ),
        DocumentInfo("sheet", f"{ATTACHMENT_NAME}.xlsx", "xlsx", ((1, None),)),
    ]
    links = link_attachments(documents)
    assert (links["sheet"].document_role, links["sheet"].main_document_id) == ("attachment", "main")
    assert links["main"].document_role == "main"
    assert sheet.document.source_format == "xlsx"


def test_formulas_give_their_cached_values_and_percent_cells_print_as_shown(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["序号", "项目名称", "总投资（亿元）"], [1, "甲中心", 1.2], [2, "乙中心", 0.5]]:
        sheet.append(row)
    sheet.append(["合计", None, "=SUM(C2:C3)"])
    sheet.append(["占比", None, 0.55])
    sheet["C5"].number_format = "0%"
    workbook.save(tmp_path / "sums.xlsx")
    # openpyxl stores the formula without a value: nothing to show, and the formula is never evaluated
    unsaved = read_document((tmp_path / "sums.xlsx").read_bytes(), "sums.xlsx").lines
    assert unsaved[3:] == ["合计\t\t", "占比\t\t55%"]
    # saved by an office suite, the sheet carries the value the formula computed
    ods = soffice(tmp_path / "sums.xlsx", "ods:calc8", tmp_path / "saved")
    assert read_document(ods.read_bytes(), "sums.ods").lines[3:] == ["合计\t\t1.7", "占比\t\t55%"]
