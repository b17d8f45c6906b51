"""The "Count by" switch in a real browser: toggling it changes the funnel's numbers and the URL, and a deep link
with count_by=account reproduces the account view (numbers counted by hand in tests/unit/test_accounts.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def test_switch_changes_the_funnel_and_the_url_and_a_deep_link_reproduces_it(page: Page, accounts_server):
    page.goto(f"{accounts_server}/Funnel")
    page.wait_for_selector(CHART, timeout=60_000)  # the first run of a fresh server
    funnel_chart = page.locator(CHART).first
    # by lead: 9 leads, 7 MQLs, 3 SQLs
    expect(funnel_chart).to_contain_text("7 · 77.8% of previous · 77.8% of leads")
    expect(funnel_chart).to_contain_text("3 · 42.9% of previous · 33.3% of leads")

    page.locator('[data-testid="stSidebar"]').get_by_text("Accounts (companies)").click()
    # by account: 6 accounts, 6 MQL accounts, 5 SQL accounts, 3 customer accounts
    expect(funnel_chart).to_contain_text("6 · 100.0% of previous · 100.0% of accounts", timeout=15_000)
    expect(funnel_chart).to_contain_text("5 · 83.3% of previous · 83.3% of accounts")
    expect(funnel_chart).to_contain_text("3 · 60.0% of previous · 50.0% of accounts")
    expect(page).to_have_url(re.compile(r"[?&]count_by=account"))
    expect(page.get_by_text("Cohort mode: all accounts, each followed for 180 days")).to_be_visible()
    page.screenshot(path="/tmp/acc/count_by_account.png", full_page=True)

    page.goto(f"{accounts_server}/Funnel?count_by=account")
    page.wait_for_selector(CHART, timeout=30_000)
    expect(page.locator(CHART).first).to_contain_text("5 · 83.3% of previous · 83.3% of accounts", timeout=15_000)
    count_by = page.get_by_role("radiogroup", name="Count by")
    expect(count_by.get_by_role("radio", name="Accounts (companies)")).to_be_checked()
    expect(count_by.get_by_role("radio", name="Leads (people)")).not_to_be_checked()

    page.locator('[data-testid="stSidebar"]').get_by_text("Leads (people)").click()
    expect(page.locator(CHART).first).to_contain_text("7 · 77.8% of previous · 77.8% of leads", timeout=15_000)
    expect(page).not_to_have_url(re.compile(r"count_by="))
