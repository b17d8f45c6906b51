"""The SLA page in a real browser: it renders its charts and the breach list downloads as CSV."""

from __future__ import annotations

import re

from browser_helpers import download
from playwright.sync_api import Page, expect

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def test_sla_page_renders_and_breaches_download(page: Page, server, tmp_path):
    page.goto(f"{server}/SLA")
    page.wait_for_selector(CHART, timeout=30_000)
    compliance = page.locator('[data-testid="stMetric"]', has_text="SLA compliance")
    expect(compliance.locator('[data-testid="stMetricValue"]')).to_have_text("25.0%")
    expect(page.locator(CHART).first).to_contain_text("never contacted")
    page.screenshot(path=str(tmp_path / "sla.png"))
    path = download(page, page.get_by_role("button", name=re.compile("Download the 3 breaches as CSV")))
    lines = path.read_text().strip().splitlines()
    # the times' zone in the headers, as the screen shows them (the SLA's zone, UTC by default)
    assert lines[0].startswith("lead_id,owner,source,persona,clock_started_at (UTC),due_at (UTC)")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["L2", "L4", "L8"]
