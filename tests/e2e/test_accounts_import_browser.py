"""Importing accounts on the Data page in a real browser: a HubSpot companies export, checked then imported
(hand-counted: 4 rows, one repeats an id, so 3 accounts, and "Loaded now" says so)."""

from __future__ import annotations

from browser_helpers import wait_idle
from playwright.sync_api import Page, expect
from test_data_browser import metric
from test_funnel_browser import select

COMPANIES = (
    "Record ID,Company name,Industry,Number of Employees,Company owner,Country/Region\n"
    '501,"Acme, Inc.",Software,"1,200",Ann,United States\n'
    "502,Globex GmbH,Retail,35,Bob,Germany\n"
    "502,Globex AG,Retail,36,Bob,Germany\n"
    "503,Initech,,,,\n"
)


def test_a_hubspot_companies_export_is_imported_as_accounts(page: Page, fresh_server, tmp_path):
    path = tmp_path / "companies.csv"
    path.write_text(COMPANIES, encoding="utf-8")
    page.goto(f"{fresh_server}/Data")
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30_000)
    select(page, "Table", "Accounts")  # the choice in words, the stored kind "accounts"
    wait_idle(page)
    select(page, "Format", "HubSpot export")
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"]').nth(1).locator('input[type="file"]').set_input_files(str(path))
    expect(page.get_by_text("the first rows as they will be imported")).to_be_visible(timeout=20_000)
    expect(metric(page, "Rows read")).to_have_text("4")
    expect(metric(page, "Will be imported")).to_have_text("3")
    page.get_by_role("button", name="Import 3 rows into accounts").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "accounts_check.png"))
    page.get_by_role("button", name="Import 3 rows into accounts").click()
    expect(page.get_by_text("Last import in this session: 3 rows into accounts.")).to_be_visible(timeout=20_000)
    expect(metric(page, "Imported")).to_have_text("3")
    page.get_by_text("Loaded now").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "accounts_data.png"))
