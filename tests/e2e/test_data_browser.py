"""The Data page in a real browser: upload, check and preview, import with a report, numbers change."""

from __future__ import annotations

import csv
import io

from browser_helpers import download
from playwright.sync_api import Page, expect

# n4 has an impossible date: three rows are imported, one is skipped and listed
LEADS = "lead_id,created_at,source\nn1,2025-03-01,webinar\nn2,02/03/2025,webinar\nn3,31/03/2025,\nn4,2025-02-30,x\n"


def upload(page: Page, server: str, path) -> None:
    page.goto(f"{server}/Data")
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30_000)
    page.locator('[data-testid="stFileUploader"]').nth(1).locator('input[type="file"]').set_input_files(str(path))


def metric(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]', has_text=label).last.locator('[data-testid="stMetricValue"]')


def test_upload_check_import_and_download_the_problem_rows(page: Page, fresh_server, tmp_path):
    path = tmp_path / "new_leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    upload(page, fresh_server, path)
    expect(page.get_by_text("the first rows as they will be imported")).to_be_visible(timeout=20_000)
    expect(metric(page, "Rows read")).to_have_text("4")
    expect(metric(page, "Will be imported")).to_have_text("3")
    path = download(page, page.get_by_role("button", name="Download the 1 problem row (CSV)"))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    # row 4 is lead n4 (the record id column since fixl59; a CSV file has no sheet row column)
    assert rows[0][-1] == "record id"
    assert rows[1] == ["new_leads.csv", "4", "created_at", "unparseable date", "2025-02-30", "skipped", "", "n4"]
    page.get_by_role("button", name="Download the 1 problem row (CSV)").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "check.png"))
    page.get_by_role("button", name="Import 3 rows into leads").click()
    expect(page.get_by_text("Last import in this session: 3 rows into leads.")).to_be_visible(timeout=20_000)
    expect(metric(page, "Imported")).to_have_text("3")
    page.screenshot(path=str(tmp_path / "data.png"), full_page=True)
    page.goto(fresh_server)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    expect(metric(page, "Leads")).to_have_text("3")


def test_unreadable_upload_is_refused_with_file_and_column(page: Page, fresh_server, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("lead_id,source\nb1,email\n", encoding="utf-8")
    upload(page, fresh_server, path)
    expect(page.get_by_text("bad.csv: required column created_at is missing")).to_be_visible(timeout=20_000)


def test_a_clean_file_is_checked_and_imported_with_nothing_to_report(page: Page, fresh_server, tmp_path):
    # a clean leads file takes the importer's fast way; the page shows the same check and report
    path = tmp_path / "clean_leads.csv"
    path.write_text("lead_id,created_at,source\nc1,2025-03-01,webinar\nc2,2025-03-02,\n", encoding="utf-8")
    upload(page, fresh_server, path)
    expect(page.get_by_text("the first rows as they will be imported")).to_be_visible(timeout=20_000)
    expect(metric(page, "Rows read")).to_have_text("2")
    expect(metric(page, "Will be imported")).to_have_text("2")
    expect(page.get_by_role("button", name="Download the 1 problem row (CSV)")).to_have_count(0)
    page.get_by_role("button", name="Import 2 rows into leads").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "clean_check.png"))
    page.get_by_role("button", name="Import 2 rows into leads").click()
    expect(page.get_by_text("Last import in this session: 2 rows into leads.")).to_be_visible(timeout=20_000)
    page.get_by_text("Last import in this session: 2 rows into leads.").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "clean_data.png"))
    page.goto(fresh_server)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    expect(metric(page, "Leads")).to_have_text("2")
