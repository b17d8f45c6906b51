"""The Accounts page in a real browser: the depth chart renders, the depth filter is in the URL, the list downloads."""

from __future__ import annotations

import csv
import re

from browser_helpers import download, wait_idle
from playwright.sync_api import Page, expect

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def test_accounts_page_chart_depth_filter_and_download(page: Page, server):
    # the shared fixture: eight leads without an account id, so eight one-person accounts; L1 and L5 won
    # deals, L2 lost one (and is an opportunity by its stage too). window 0 judges them all.
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{server}/Accounts?window=0")
    expect(page.get_by_role("heading", name="Buying-group depth")).to_be_visible(timeout=30_000)
    chart = page.locator(CHART).first
    expect(chart).to_contain_text("Account → Opportunity", timeout=30_000)
    expect(chart).to_contain_text("5+")
    expect(page.get_by_text("8 of 8 accounts in the view are compared here.")).to_be_visible()
    # one bar per bucket and stage; the one-person bucket's bars are the only ones with a height
    heights = chart.locator(".bars .point path").evaluate_all(
        "paths => paths.map(p => p.getBoundingClientRect().height)"
    )
    assert len([h for h in heights if h > 0]) == 2, heights
    wait_idle(page)
    page.screenshot(path="/tmp/acc_depth_accounts.png", full_page=True)

    # the list of all eight, and its download
    expect(page.get_by_text(re.compile(r"^8 accounts · showing 8 on page 1"))).to_be_visible()
    path = download(page, page.get_by_role("button", name="Download all 8 as CSV"))
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["account_key"] for r in rows) == [f"lead:L{i}" for i in range(1, 9)]
    # biggest won revenue first: L5's $3,000, then L1's $1,000
    assert [r["account_key"] for r in rows[:2]] == ["lead:L5", "lead:L1"]

    # no account had three or four people: that list is empty, and the choice is in the URL
    page.get_by_role("radiogroup", name="People engaged").get_by_text("3–4", exact=True).click()
    page.wait_for_function("() => window.location.search.includes('depth=3')", timeout=15_000)
    expect(page.get_by_text(re.compile(r"^0 accounts · showing 0"))).to_be_visible(timeout=15_000)
    # a deep link opens the same list
    page.goto(f"{server}/Accounts?window=0&depth=1")
    expect(page.get_by_text(re.compile(r"^8 accounts · showing 8"))).to_be_visible(timeout=30_000)
