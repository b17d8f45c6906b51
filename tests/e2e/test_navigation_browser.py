"""The shared sidebar's page names, and a destructive action that asks first, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from dashboard import config, snapshots, store

SIDEBAR = '[data-testid="stSidebar"]'


def test_the_sidebar_names_every_page_and_the_landing_page_overview(page: Page, server):
    page.goto(f"{server}/?source=email")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    links = page.locator(f'{SIDEBAR} [data-testid="stPageLink-NavLink"]')
    # each link's text is its icon's ligature name, then its label
    expect(links).to_have_text([re.compile(rf"{label}$") for _, label, _ in config.PAGES])
    expect(page.locator(SIDEBAR)).not_to_contain_text("streamlit app")
    # a link goes to its page and the view goes with it
    links.filter(has_text="Funnel").click()
    expect(page).to_have_url(re.compile(r"/Funnel\?.*source=email"))
    expect(page.locator("h1").first).to_be_visible()
    links.filter(has_text="Overview").click()
    expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/(\?.*)?$"))


def test_removing_the_demo_data_asks_first(page: Page, fresh_server, tmp_path):
    # the server serves this file: the change goes in as a new snapshot, as every write does
    with snapshots.writing(tmp_path / "e2e.duckdb", "the test") as con, store.transaction(con):
        store.mark_demo_tables(con, ["leads", "deals"])
    page.goto(f"{fresh_server}/Data")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    page.get_by_role("button", name="Remove demo data…").click()
    page.get_by_role("button", name="Remove demo data", exact=True).click()
    expect(page.get_by_text("Nothing was removed")).to_be_visible(timeout=15_000)
    page.goto(fresh_server)
    # the filtered view (all dates): still all 8 leads
    leads = page.locator('[data-testid="stMetric"]', has_text="Leads").last
    expect(leads.locator('[data-testid="stMetricValue"]')).to_have_text("8", timeout=30_000)
    page.goto(f"{fresh_server}/Data")
    page.get_by_role("button", name="Remove demo data…").click()
    page.get_by_text("Yes, delete the demo data").click()
    page.get_by_role("button", name="Remove demo data", exact=True).click()
    expect(page.get_by_text("Demo data removed: leads (8 rows) and deals (5 rows)")).to_be_visible(timeout=15_000)
    page.screenshot(path=str(tmp_path / "removed.png"), full_page=True)
