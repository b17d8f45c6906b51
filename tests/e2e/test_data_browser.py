"""The Data page in a real browser: upload a file, see the preview, import it, see the numbers change."""

from __future__ import annotations

from playwright.sync_api import Page, expect

LEADS = "lead_id,created_at,source\nn1,2025-03-01,webinar\nn2,02/03/2025,webinar\nn3,31/03/2025,\n"


def test_upload_preview_import(page: Page, fresh_server, tmp_path):
    csv = tmp_path / "new_leads.csv"
    csv.write_text(LEADS, encoding="utf-8")
    page.goto(f"{fresh_server}/Data")
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30_000)
    page.locator('[data-testid="stFileUploader"]').nth(1).locator('input[type="file"]').set_input_files(str(csv))
    expect(page.get_by_text("the first rows of 3 as they will be imported")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Import 3 rows into leads").click()
    expect(page.get_by_text("leads: 3 rows loaded (8 existing rows replaced)")).to_be_visible(timeout=20_000)
    # the table of what is loaded shows the new rows straight away
    expect(page.locator('[data-testid="stDataFrame"]').first).to_contain_text("3")
    page.screenshot(path=str(tmp_path / "data.png"))
    page.goto(fresh_server)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    leads = page.locator('[data-testid="stMetric"]', has_text="Leads").first.locator('[data-testid="stMetricValue"]')
    expect(leads).to_have_text("3")


def test_bad_upload_is_refused_with_row_and_column(page: Page, fresh_server, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("lead_id,created_at\nb1,2025-02-30\n", encoding="utf-8")
    page.goto(f"{fresh_server}/Data")
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30_000)
    page.locator('[data-testid="stFileUploader"]').nth(1).locator('input[type="file"]').set_input_files(str(csv))
    expect(page.get_by_text("bad.csv, row 1, column created_at")).to_be_visible(timeout=20_000)
