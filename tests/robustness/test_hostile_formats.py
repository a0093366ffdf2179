"""Hostile HTML, DOCX and PDF files: each refused with a clear error naming the file, or read
without running or fetching anything; in a folder with good plans, the good plans load.
"""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import duckdb
import pytest

from ingestion.decode import UnreadableDocument
from ingestion.extract import document_id_for, extract_document
from ingestion.readers import read_document
from tests.formats import hostile
from tests.formats.invented import CIVIL, ELDERLY
from tests.formats.plans import render_html, write_all
from tests.robustness.test_hostile_pipeline import run_pipeline_subprocess


@pytest.fixture(scope="module")
def real_files(tmp_path_factory) -> dict[str, Path]:
    return write_all(ELDERLY, tmp_path_factory.mktemp("real"))


def hostile_files(real: dict[str, Path]) -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, words its refusal contains)."""
    pdf, docx = real["pdf"].read_bytes(), real["docx"].read_bytes()
    return {
        "incoming/encrypted.pdf": (hostile.encrypted_pdf(pdf), "encrypted PDF"),
        "incoming/scan.pdf": (hostile.scanned_pdf(ELDERLY.title), "no text layer; OCR is not supported"),
        "incoming/10000_pages.pdf": (hostile.many_pages_pdf(), "10000 pages, more than the 2000-page limit"),
        "incoming/cut_off.docx": (hostile.corrupt_docx(docx), "corrupt zip"),
        "incoming/old_word.docx": (hostile.doc_renamed_docx(), "Word 97-2003 .doc file named .docx"),
        "incoming/bomb.docx": (hostile.zip_bomb_docx(docx), "zip bomb"),
    }


@pytest.fixture(scope="module")
def hostile_set(real_files):
    return hostile_files(real_files)


@pytest.mark.parametrize(
    "name",
    [
        "incoming/encrypted.pdf",
        "incoming/scan.pdf",
        "incoming/10000_pages.pdf",
        "incoming/cut_off.docx",
        "incoming/old_word.docx",
        "incoming/bomb.docx",
    ],
)
def test_hostile_file_is_refused_naming_file_and_reason(hostile_set, name):
    data, reason = hostile_set[name]
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(data, name)
    assert str(caught.value).startswith(f"{name}: ")
    assert reason in caught.value.reason, caught.value.reason


def test_many_pages_are_refused_before_the_pages_are_read(hostile_set):
    data, _ = hostile_set["incoming/10000_pages.pdf"]
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument):
        read_document(data, "many.pdf")
    elapsed = time.perf_counter() - start
    print(f"10,000-page PDF refused in {elapsed * 1000:.0f} ms")  # figure only; no timed assertion


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        _CountingHandler.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_page_with_scripts_and_external_resources_is_read_as_data():
    """Nothing is fetched from the page's server, no script runs, script and style text are not lines."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        page = hostile.page_with_scripts(render_html(CIVIL), url)
        assert page.count("<script") == 3
        extract = extract_document(page.encode("utf-8"), "incoming/with_scripts.html")
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert _CountingHandler.requests == []
    text = "\n".join(line.text for line in extract.lines)
    for injected in ("脚本写入", "脚本里的", "样式写入", "fetch(", "document.write", "首页", "网站标识码"):
        assert injected not in text
    assert 9999 not in {f.amount_wan_yuan for f in extract.funding}
    assert 8888 not in {f.amount_wan_yuan for f in extract.funding}
    clean = extract_document(render_html(CIVIL).encode("utf-8"), "clean.html")
    assert [line.text for line in extract.lines] == [line.text for line in clean.lines]


@pytest.mark.parametrize("charset", ["gbk", "gb2312", "gb18030"])
def test_gbk_page_declared_in_meta_is_decoded(charset):
    page = render_html(CIVIL, charset=charset).encode("gb18030")
    read = read_document(page, "gbk_page.htm")
    assert read.encoding == "gb18030"
    assert CIVIL.title in read.lines


def test_gbk_page_without_declaration_is_sniffed():
    page = render_html(CIVIL).replace('<meta charset="utf-8">', "").encode("gbk")
    read = read_document(page, "sniffed.html")
    assert read.encoding == "gb18030" and CIVIL.title in read.lines


@pytest.mark.integration
def test_hostile_files_beside_good_plans_in_the_pipeline(tmp_path, real_files, hostile_set):
    """Good plans in three formats load; every hostile file is one error naming it; nothing else is lost."""
    raw = tmp_path / "raw"
    (raw / "incoming").mkdir(parents=True)
    civil = write_all(CIVIL, tmp_path / "civil")
    good = {"elderly.pdf": real_files["pdf"], "civil.docx": civil["docx"], "civil_page.html": None}
    (raw / "elderly.pdf").write_bytes(real_files["pdf"].read_bytes())
    (raw / "civil.docx").write_bytes(civil["docx"].read_bytes())
    (raw / "incoming" / "civil_page.html").write_text(
        hostile.page_with_scripts(render_html(CIVIL), "http://127.0.0.1:9"), encoding="utf-8"
    )
    for name, (data, _) in hostile_set.items():
        (raw / name).write_bytes(data)
    result = run_pipeline_subprocess(tmp_path, raw)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse" / "plans.duckdb"), read_only=True) as con:
        errors = dict(con.execute("select source_path, error from raw.load_errors").fetchall())
        documents = dict(con.execute("select source_path, source_format from marts.dim_document").fetchall())
        projects = dict(
            con.execute("select document_id, count(*) from marts.fct_projects group by all").fetchall()
        )
        pdf_pages = con.execute(
            "select count(*), count(source_page) from marts.fct_projects where document_id = ?",
            [document_id_for("elderly.pdf")],
        ).fetchone()
    assert set(errors) == set(hostile_set)
    for name, (_, reason) in hostile_set.items():
        assert errors[name].startswith(f"{name}: ") and reason in errors[name], errors[name]
        assert f"NOT LOADED {name}" in result.stdout
    assert documents == {"elderly.pdf": "pdf", "civil.docx": "docx", "incoming/civil_page.html": "html"}
    assert len(good) == 3
    # elderly: 5 table projects; civil: 3 prose projects, in the .docx and in the page (same text:
    # the page is a duplicate of the .docx, so its facts are not counted twice)
    assert projects == {document_id_for("elderly.pdf"): 5, document_id_for("civil.docx"): 3}
    assert pdf_pages == (5, 5)
