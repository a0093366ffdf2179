"""Headless Chromium opens the quality report offline and shows every finding of the run."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from expectations.audit import append_results
from expectations.report import write_report
from tests.conftest import CJK_FONTS

pytestmark = pytest.mark.browser


def _audit_findings(db: Path, run_id: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select suite, expectation, document_id, source_line, severity, printed_text, details "
            "from audit.quality_results where record_kind = 'finding' and run_id = ?",
            [run_id],
        ).fetchall()


def _shown_findings(page) -> list[dict]:
    return page.locator("tr.finding").evaluate_all(
        """rows => rows.map(r => ({suite: r.dataset.suite, rule: r.dataset.rule, document: r.dataset.document,
                                 line: r.dataset.line, severity: r.classList.contains('error') ? 'error' : 'warn',
                                 text: r.innerText}))"""
    )


def assert_page_shows_every_finding(page, findings: list[tuple]) -> None:
    shown = _shown_findings(page)
    key = lambda s, r, d, line, sev: (s, r, d or "", "" if line is None else str(line), sev)  # noqa: E731
    assert Counter(
        key(f["suite"], f["rule"], f["document"], f["line"] or None, f["severity"]) for f in shown
    ) == Counter(key(*f[:5]) for f in findings)
    texts = {
        key(f["suite"], f["rule"], f["document"], f["line"] or None, f["severity"]): f["text"] for f in shown
    }
    for suite, rule, document, line, severity, printed, details in findings:
        text = texts[key(suite, rule, document, line, severity)]
        assert details in text
        if printed:
            assert printed in text


def test_report_shows_every_finding_offline_in_chinese(defective_run, tmp_path, browser_page):
    db = Path(defective_run.warehouse_db)
    append_results(db, defective_run)
    page_path, latest = write_report(defective_run, db.parent / "quality")
    page, requests = browser_page

    page.goto(latest.as_uri())
    page.wait_for_load_state("load")

    findings = _audit_findings(db, defective_run.run_id)
    assert {f[4] for f in findings} == {"error", "warn"}
    assert_page_shows_every_finding(page, findings)
    assert page.locator("#error-count").inner_text() == str(sum(f[4] == "error" for f in findings))
    bars = page.locator("svg rect")
    assert bars.count() >= 3 and bars.first.bounding_box()["width"] > 1
    assert "城关区" in page.locator("section.plan h3").first.inner_text()

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]}
    if (
        not any(f.startswith(CJK_FONTS) for f in fonts)
        and not Path("/usr/share/fonts/opentype/noto").exists()
    ):
        pytest.fail(f"no CJK font installed (apt-get install fonts-noto-cjk); drew with {fonts}")
    assert any(f.startswith(CJK_FONTS) for f in fonts), fonts

    screenshot = tmp_path / "quality.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 20_000
    shutil.copy(screenshot, Path("/tmp/plan-warehouse-quality-report.png"))  # for a human look

    page.goto(page_path.as_uri())  # the per-run page is the same report
    assert page.locator("#run-id").inner_text() == defective_run.run_id
    assert [url for url in requests if not url.startswith("file://")] == []


@pytest.mark.integration
def test_sample_plans_report_shows_every_finding(sample_warehouse, browser_page):
    latest = sample_warehouse.warehouse_db.parent / "quality" / "latest.html"
    assert latest.exists()
    page, requests = browser_page
    page.goto(latest.as_uri())
    run_id = page.locator("#run-id").inner_text()
    findings = _audit_findings(sample_warehouse.warehouse_db, run_id)
    assert findings, "the sample plans have known quirks (e.g. 建设年限 2021-204)"
    assert_page_shows_every_finding(page, findings)
    assert [url for url in requests if not url.startswith("file://")] == []
