"""Sign-in through a real OIDC provider (oidc-provider-mock) in a real browser: signed out, no access, viewer,
admin."""

from __future__ import annotations

import re

from browser_helpers import wait_idle
from playwright.sync_api import Page, expect

PAGES = ("", "/Funnel", "/SLA", "/Sources", "/Friction", "/Accounts", "/Definitions", "/Data")


def metric(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]', has_text=label).last.locator('[data-testid="stMetricValue"]')


def sign_in(page: Page, server: str, email: str) -> None:
    """Click "Sign in", type the e-mail into the provider's form, authorize, and land back on the app."""
    page.goto(server)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(server)), timeout=30_000)
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible(timeout=30_000)


def test_signed_out_every_page_is_a_sign_in_page_without_a_number(page: Page, auth_server, tmp_path):
    for path in PAGES:
        page.goto(auth_server + path)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("heading", name="Funnel dashboard")).to_be_visible()
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 0
        assert page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]').count() == 0
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        text = page.locator("body").inner_text()
        assert not re.search(r"\d", text), f"{path or '/'} shows a number: {text!r}"
    page.screenshot(path=str(tmp_path / "signed_out.png"), full_page=True)


def test_a_signed_in_stranger_is_told_whom_to_ask_and_sees_no_number(page: Page, auth_server):
    page.goto(auth_server)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill("eve@elsewhere.test")
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text("this dashboard is not shared with you. Ask ann@admins.test for access.")).to_be_visible(
        timeout=30_000
    )
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert not re.search(r"\d", page.locator("body").inner_text())


def test_a_viewer_sees_the_numbers_but_cannot_import(page: Page, auth_server, tmp_path):
    sign_in(page, auth_server, "vic@viewers.test")
    expect(metric(page, "Leads")).to_have_text(re.compile(r"\d"), timeout=30_000)
    page.goto(auth_server + "/Data")
    expect(page.get_by_text("Loaded now")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("are for admins: ask ann@admins.test.")).to_be_visible()
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    for name in ("Remove demo data…", "Restore demo data…", "Save", "Reset to default"):
        assert page.get_by_role("button", name=name, exact=True).count() == 0, name
    page.screenshot(path=str(tmp_path / "viewer_data.png"), full_page=True)


def test_an_admin_imports_and_the_landing_count_changes(page: Page, auth_server, tmp_path):
    sign_in(page, auth_server, "ann@admins.test")
    before = metric(page, "Leads")
    expect(before).to_have_text(re.compile(r"\d"), timeout=30_000)
    assert before.inner_text() != "2"
    path = tmp_path / "two_leads.csv"
    path.write_text("lead_id,created_at,source\nc1,2025-03-01,webinar\nc2,2025-03-02,\n", encoding="utf-8")
    page.goto(auth_server + "/Data")
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30_000)
    page.locator('[data-testid="stFileUploader"]').nth(1).locator('input[type="file"]').set_input_files(str(path))
    go = page.get_by_role("button", name="Import 2 rows into leads")
    expect(go).to_be_visible(timeout=30_000)
    wait_idle(page)  # a click while a rerun redraws the button is lost
    go.click()
    expect(page.get_by_text("Last import in this session: 2 rows into leads.")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(tmp_path / "admin_data.png"))
    page.goto(auth_server)
    expect(metric(page, "Leads")).to_have_text("2", timeout=30_000)
