"""The report page as HTML: both sides of a two-sided finding, what was not read, escaping."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from expectations.report import render_report
from expectations.runner import Finding, QualityRun, SuiteResult

PLAN = {"plan_id": "d1-p1", "document_id": "d1", "plan_title": "海东市“十五五”民政事业发展规划",
        "region_code": "630200", "period_start_year": 2026, "period_end_year": 2030}  # fmt: skip


def _run(unread=None) -> QualityRun:
    finding = Finding(
        suite="cross_restatement",
        mart="fct_indicator_values",
        rule="restatement_conflict",
        kind="restatement",
        severity="warn",
        document_id="d1",
        plan_id="d1-p1",
        region_code="630200",
        source_line=40,
        printed_text="助餐点覆盖率达到85%",
        value="differs",
        detail="prose says 85%, table says 95",
        line_text="到2030年，助餐点覆盖率达到85%。<script>alert(1)</script>",
        subject="助餐点覆盖率",
        related_source_line=12,
        related_text="助餐点覆盖率（%） 95",
        related_line_text="3\t助餐点覆盖率（%）\t95\t预期性",
    )
    suite = SuiteResult(
        "cross_restatement", "fct_indicator_values", "restatements", False, findings=[finding]
    )
    return QualityRun(
        run_id="r1",
        checked_at=datetime(2026, 12, 2, tzinfo=UTC),
        warehouse_db="/tmp/w.duckdb",
        suites=[suite],
        plans=[PLAN],
        documents=[{"document_id": "d1", "source_path": "d1.txt", "read_coverage": 0.875}],
        unread_lines=unread,
    )


def test_a_two_sided_finding_shows_both_lines_and_escapes_printed_text():
    html = render_report(_run())
    row = html[html.index('<tr class="finding warn two-sided"') :]
    row = row[: row.index("</tr>")]
    assert "d1:40" in row and "d1:12" in row
    assert "助餐点覆盖率达到85%" in row and "助餐点覆盖率（%） 95" in row
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_what_was_not_read_lists_the_lines_per_document_with_coverage():
    unread = [{"document_id": "d1", "plan_id": "d1-p1", "region_code": "630200", "source_line": 77,
               "source_page": None, "reason": "number with a unit fed no fact row",
               "line_text": "新建街道助餐点 12 个"}]  # fmt: skip
    html = render_report(_run(unread))
    section = html[html.index('id="unread"') :]
    assert "87.5%" in section and 'data-line="77"' in section and "新建街道助餐点 12 个" in section
    assert "unread-not-built" not in section


def test_what_was_not_read_says_so_when_the_mart_was_not_built():
    html = render_report(_run(None))
    assert 'id="unread-not-built"' in html and "rpt_unread_lines" in html


def test_a_long_line_is_shown_around_the_phrase_with_the_phrase_marked_and_escaped():
    from expectations.report import around

    line = "甲" * 300 + "<b>助餐点覆盖率达到85%</b>" + "乙" * 300
    shown = str(around(line, "助餐点覆盖率达到85%"))
    assert "<mark>助餐点覆盖率达到85%</mark>" in shown and "&lt;b&gt;" in shown
    assert shown.startswith("…") and shown.endswith("…") and len(shown) < 300
    assert str(around("短行<i>", None)) == "短行&lt;i&gt;"


def test_the_run_page_and_latest_link_data_docs_from_their_own_folders(tmp_path):
    from expectations.report import write_report

    quality = tmp_path / "quality"
    index = quality / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    index.parent.mkdir(parents=True)
    index.write_text("<html></html>", encoding="utf-8")
    run = _run()
    run.data_docs_index = str(index)
    page, latest = write_report(run, quality)
    for html_file in (page, latest):
        html = html_file.read_text(encoding="utf-8")
        (href,) = [h for h in html.split('href="')[1:] if "data_docs" in h.split('"')[0]]
        assert (html_file.parent / href.split('"')[0]).resolve() == index.resolve(), html_file
    # the same page otherwise: one rendering, two links
    assert page.read_text(encoding="utf-8").replace("../gx/", "gx/") == latest.read_text(encoding="utf-8")


def test_the_unread_number_is_marked_in_its_line():
    line = "1\t养老机构护理型床位占比\t%\t40\t50\t60\t约束性"
    unread = [{"document_id": "d1", "plan_id": "d1-p1", "region_code": "610629", "source_line": 7,
               "source_page": None, "reason": "unread_table_line", "line_text": line,
               "span_start": line.index("50"), "span_end": line.index("50") + 2}]  # fmt: skip
    section = render_report(_run(unread))
    section = section[section.index('data-line="7"') :]
    assert "40\t<mark>50</mark>\t60" in section[: section.index("</tr>")]
    whole = [{**unread[0], "span_start": None, "span_end": None}]  # the whole line is meant
    section = render_report(_run(whole))
    section = section[section.index('data-line="7"') :]
    assert "<mark>" not in section[: section.index("</tr>")] and "40\t50\t60" in section


def _two_plan_run() -> QualityRun:
    run = _run([{"document_id": "d1", "plan_id": "d1-p1", "region_code": "630200", "source_line": 77,
                 "source_page": None, "reason": "unread_table_line", "line_text": "新建助餐点 12 个"}])  # fmt: skip
    other = {
        **PLAN,
        "plan_id": "d2-p1",
        "document_id": "d2",
        "plan_title": "西宁市“十五五”养老服务体系建设规划",
    }
    (finding,) = run.suites[0].findings
    carried = replace(finding, document_id="d2", plan_id="d2-p1", source_line=9, carried_from_run_id="r0",
                      carried_from_checked_at=datetime(2026, 12, 1, tzinfo=UTC))  # fmt: skip
    run.suites[0].findings.append(carried)
    run.plans.append(other)
    return run


def test_a_section_cache_gives_the_same_page_and_renders_only_what_changed(tmp_path):
    from expectations.report import SectionCache

    run = _two_plan_run()
    uncached = render_report(run)
    first = SectionCache(tmp_path)
    assert render_report(run, cache=first) == uncached and first.rendered == 3  # 2 plans, 1 document
    again = SectionCache(tmp_path)
    assert render_report(run, cache=again) == uncached and again.rendered == 0
    # the edited plan's finding changed: that section alone is rendered again, and shows the change
    finding = run.suites[0].findings[0]
    run.suites[0].findings[0] = replace(finding, detail="prose says 80%, table says 95")
    edited = SectionCache(tmp_path)
    html = render_report(run, cache=edited)
    assert edited.rendered == 1 and "prose says 80%" in html and html.count("prose says 85%") == 1
    assert html == render_report(run)


def test_the_section_cache_keeps_only_the_last_pages_sections(tmp_path):
    from expectations.report import SectionCache

    run = _two_plan_run()
    render_report(run, cache=SectionCache(tmp_path))
    run.suites[0].findings.pop()  # the second plan's finding is gone
    cache = SectionCache(tmp_path)
    render_report(run, cache=cache)
    cache.keep_used_only()
    (folder,) = tmp_path.iterdir()
    assert sorted(p.stem for p in folder.iterdir()) == sorted(cache.used) and len(cache.used) == 3
    stale = tmp_path / "an-older-code-version"
    stale.mkdir()
    SectionCache(tmp_path).keep_used_only()
    assert not stale.exists()


def test_only_the_newest_run_pages_are_kept(tmp_path, monkeypatch):
    import os

    from expectations import report

    monkeypatch.setattr(report, "RUN_PAGES_KEPT", 3)
    for i in range(5):
        run = _run()
        run.run_id = f"r{i}"
        page, _ = report.write_report(run, tmp_path)
        os.utime(page, (1_000_000 + i, 1_000_000 + i))  # written in this order
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["r2.html", "r3.html", "r4.html"]
