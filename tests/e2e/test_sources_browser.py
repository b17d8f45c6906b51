"""The Sources page in a real browser: one analysis at a time, the model and analysis in the URL, the CSV downloads."""

from __future__ import annotations

from browser_helpers import download
from playwright.sync_api import Page, expect

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def test_sources_page_renders_and_the_model_deep_link_holds(page: Page, sources_server, tmp_path):
    page.goto(f"{sources_server}/Sources?model=last_touch")
    page.wait_for_selector(CHART, timeout=30_000)
    # the ROI analysis: spend against revenue and every attribution model
    expect(page.locator(CHART)).to_have_count(2, timeout=20_000)
    expect(page.get_by_text("Revenue credited by Last touch")).to_be_visible()
    # last touch: email (L1's touch the day before D1 opened) is the best return, 1000 from 300
    expect(page.get_by_text("Best return: email")).to_be_visible()
    page.screenshot(path=str(tmp_path / "sources.png"), full_page=True)
    assert "model=last_touch" in page.url


def test_rejected_leads_download(page: Page, sources_server):
    page.goto(f"{sources_server}/Sources?src_view=rejected")
    # the whole page must have finished its run, or the button can be replaced under the click
    expect(page.locator(CHART)).to_have_count(1, timeout=30_000)
    expect(page.get_by_role("heading", name="Closed loop: why sales rejects leads")).to_be_visible()
    path = download(page, page.get_by_role("button", name="Download every rejected lead (CSV)"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("lead_id,source,persona,owner,reason")
    assert [line.split(",")[0] for line in lines[1:]] == ["L7", "L8", "L3"]
