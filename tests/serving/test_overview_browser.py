"""Headless Chromium opens the overview page offline: regions, charts, Chinese drawn with a CJK font."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from serving.overview import write_overview
from serving.publish import publish
from tests.conftest import CJK_FONTS, missing_browser_prerequisite

pytestmark = pytest.mark.browser


def _platform_fonts(page, selector: str) -> dict[str, int]:
    """Fonts Chromium actually drew the text of `selector` with: {family: glyph count}."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def test_overview_renders_regions_charts_and_chinese(warehouse, published_paths, tmp_path, browser_page):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    overview = published.parent / "overview.html"
    write_overview(published, overview)
    page, requests = browser_page

    page.goto(overview.as_uri())
    page.wait_for_load_state("load")

    headings = page.locator("section.region h3").all_inner_texts()
    assert any("临泽县" in h for h in headings)
    assert any("临夏回族自治州" in h for h in headings)
    assert any("楚雄彝族自治州" in h for h in headings)
    charts = page.locator("svg.chart")
    assert charts.count() >= 4
    first_bar = page.locator("svg.chart rect.bar").first.bounding_box()
    assert first_bar["width"] > 10 and first_bar["height"] > 10  # drawn, not collapsed
    assert "养老服务" in page.locator("svg.chart text.label").all_text_contents()

    heading_fonts = _platform_fonts(page, "h1")
    label_fonts = _platform_fonts(page, "svg.chart text.label")
    cjk = [f for f in {**heading_fonts, **label_fonts} if f.startswith(CJK_FONTS)]
    if not cjk and not any(
        Path(p).exists() for p in ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/wqy")
    ):
        missing_browser_prerequisite(f"no CJK font installed (fonts-noto-cjk); drew with {heading_fonts}")
    assert cjk, f"Chinese drawn without a CJK font: {heading_fonts} {label_fonts}"
    assert sum(heading_fonts[f] for f in cjk if f in heading_fonts) >= 10  # 十四五民政事业...概览

    screenshot = tmp_path / "overview.png"
    page.screenshot(path=str(screenshot), full_page=False)
    assert screenshot.stat().st_size > 10_000
    keep = Path("/tmp/plan-warehouse-overview.png")
    shutil.copy(screenshot, keep)  # for a human look after the run

    assert [url for url in requests if not url.startswith("file://")] == []
