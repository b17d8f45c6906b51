"""A command-line import while a real server serves pages: no page shows an error during it, and a rerun
after it shows the new data with a toast saying it changed."""

from __future__ import annotations

import re
import subprocess
import sys

from playwright.sync_api import Page, expect

from dashboard import config

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
# inside the fixture's dates (January to March 2025), so the session's date range keeps all of them
NEW_LEADS = 100_000
ERROR_WORDS = re.compile(r"error|exception|traceback|could not set lock", re.IGNORECASE)


def metric(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]', has_text=label).last.locator('[data-testid="stMetricValue"]')


def no_error_on_screen(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert not ERROR_WORDS.search(text), text


def test_a_command_line_import_while_pages_are_served(page: Page, fresh_server, tmp_path):
    page.goto(fresh_server)
    page.wait_for_selector(CHART, timeout=60_000)
    expect(metric(page, "Leads")).to_have_text("8")

    csv = tmp_path / "new_leads.csv"
    rows = "".join(f"n{i},2025-02-{1 + i % 28:02d},webinar\n" for i in range(NEW_LEADS))
    csv.write_text("lead_id,created_at,source\n" + rows, encoding="utf-8")
    # the database the server reads (fresh_server serves tmp_path/e2e.duckdb)
    command = [sys.executable, "-m", "dashboard", "import", "--db", str(tmp_path / "e2e.duckdb"), "--kind", "leads"]
    importer = subprocess.Popen([*command, str(csv)], cwd=config.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    # while it runs, other visitors open the landing page: each gets whole numbers, the old or the new
    other = page.context.new_page()
    loads = during = 0
    while importer.poll() is None or loads == 0:
        during += importer.poll() is None
        other.goto(fresh_server)
        other.wait_for_selector(CHART, timeout=60_000)
        expect(metric(other, "Leads")).to_have_text(re.compile(r"^(8|100,000)$"))
        no_error_on_screen(other)
        loads += 1
    assert during > 0, "the import ended before any page was opened: make the file larger"
    output = importer.stdout.read().decode()
    assert importer.wait() == 0, output
    assert "leads: 100,000 rows loaded" in output

    # the first visitor's next rerun (Streamlit's R shortcut) picks up the new snapshot and says so
    page.bring_to_front()
    page.locator('[data-testid="stMain"]').focus()
    page.keyboard.press("r")
    expect(page.get_by_text("The data changed")).to_be_visible(timeout=30_000)
    expect(metric(page, "Leads")).to_have_text("100,000", timeout=30_000)
    page.screenshot(path=str(tmp_path / "after_import.png"), full_page=True)
    no_error_on_screen(page)
