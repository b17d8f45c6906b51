"""#15: an Overview alert's link opens its page on the alert's own period, so the number clicked is the number seen,
and the sidebar's filters of the session give way to the link's."""

from __future__ import annotations

from browser_helpers import wait_idle
from playwright.sync_api import Page, expect


def tile(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]', has_text=label).locator('[data-testid="stMetricValue"]')


def test_the_sla_alert_opens_the_sla_page_on_its_month(page: Page, server):
    # the fixture's last complete month is Feb 2025: L4 (SQL 02-05, contacted 3 h later) is its one lead due,
    # 0 of 1 within the SLA; on all dates the SLA page says 25.0 % (L1 of L1 L2 L4 L8)
    page.goto(f"{server}/SLA")
    expect(tile(page, "SLA compliance")).to_have_text("25.0%", timeout=60_000)
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_text("SLA compliance is 0.0% in Feb 2025, under the agreed 80%.")).to_be_visible(timeout=60_000)
    wait_idle(page)
    page.get_by_role("link", name="See who was late in Feb 2025 on the SLA page").click()
    # the Overview's own SLA tile also says 0.0 %: wait for the SLA page first
    expect(page.get_by_role("heading", name="Service-level agreement")).to_be_visible(timeout=60_000)
    expect(tile(page, "SLA compliance")).to_have_text("0.0%", timeout=60_000)
    assert "from=2025-02-01" in page.url and "to=2025-02-28" in page.url and "mode=activity" in page.url
    expect(page.get_by_text("Feb 2025 · activity mode").first).to_be_visible()
    # a plain page switch afterwards keeps the session's (now the link's) filters, as before
    page.get_by_role("link", name="Overview").click()
    wait_idle(page)
    page.get_by_role("link", name="SLA", exact=True).click()
    expect(page.get_by_role("heading", name="Service-level agreement")).to_be_visible(timeout=60_000)
    expect(tile(page, "SLA compliance")).to_have_text("0.0%", timeout=60_000)
