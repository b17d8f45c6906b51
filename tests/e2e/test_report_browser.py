"""The monthly meeting report opens in Chromium with its charts and without a single network request,
and prints to PDF."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from dashboard import report, store
from dashboard.filters import Filters


def test_report_opens_offline_with_charts_and_prints(page: Page, fixture_db_path, tmp_path):
    con = store.connect(fixture_db_path)
    path = tmp_path / "report.html"
    path.write_text(report.build_html(con, Filters(), "2025-02"), encoding="utf-8")
    con.close()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=20_000)
    expect(page.get_by_role("heading", name="Monthly meeting report — Feb 2025")).to_be_visible()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert [u for u in requests if not u.startswith("file:")] == []
    pdf = report.to_pdf(path, tmp_path / "report.pdf")
    assert pdf is not None and Path(pdf).read_bytes()[:5] == b"%PDF-"
