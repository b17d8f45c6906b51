"""The monthly meeting report opens in Chromium with its charts and without a single network request,
prints to PDF, and no chart label is cut off: on screen, and at the printed page's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard import config, report, snapshots, store
from dashboard.cli import main
from dashboard.filters import Filters

# per chart: the SVG's box, and every tick label and annotation with its box
MEASURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
  const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
  const box = el => { const r = el.getBoundingClientRect();
    return {text: el.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {
    svg: {left: svg.left, right: svg.right, top: svg.top, bottom: svg.bottom},
    x: [...plot.querySelectorAll('.xtick text')].map(box),
    y: [...plot.querySelectorAll('.ytick text')].map(box),
    notes: [...plot.querySelectorAll('.annotation-text')].map(box),
  };
})"""
A4_PRINTABLE = 794 - 2 * 38  # px at 96 per inch, less the report's 1 cm margins


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


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Path:
    """The report of a demo month: revenue in the hundreds of thousands, every stage label."""
    folder = tmp_path_factory.mktemp("demo_report")
    db = str(folder / "demo.duckdb")
    assert main(["demo", "--db", db, "--leads", "3000", "--end", "2026-11-30"]) == 0
    con = snapshots.open_read_only(db)
    path = folder / "report.html"
    path.write_text(report.build_html(con, Filters(), "2026-11"), encoding="utf-8")
    con.close()
    return path


PHONE = 390


@pytest.mark.parametrize(("width", "media"), [(1440, "screen"), (A4_PRINTABLE, "print"), (PHONE, "screen")])
def test_no_chart_label_is_cut_off(page: Page, demo_report, width, media, tmp_path):
    page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 900})
    page.emulate_media(media=media)
    page.goto(demo_report.as_uri())
    expect(page.locator(".js-plotly-plot .ytick text").first).to_be_attached(timeout=20_000)
    page.screenshot(path=str(tmp_path / f"report_{media}_{width}.png"), full_page=True)
    # #15: the charts were 700 px wide whatever the screen: a phone scrolled the whole page sideways
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    funnel, revenue = page.evaluate(MEASURE)
    for chart in (funnel, revenue):
        svg = chart["svg"]
        # the chart fits the page (a PDF cuts off what is wider than the paper) and the screen ...
        assert svg["left"] >= 0 and svg["right"] <= width
        # ... as wide as what prints on an A4 page where there is room, and the phone's width less the margins
        drawn = svg["right"] - svg["left"]
        assert drawn == config.REPORT_CHART_WIDTH if width > PHONE else PHONE - 40 <= drawn < PHONE, drawn
        # ... and every label lies inside the chart
        for label in chart["x"] + chart["y"] + chart["notes"]:
            inside = svg["left"] <= label["left"] and label["right"] <= svg["right"]
            assert inside and svg["top"] <= label["top"] and label["bottom"] <= svg["bottom"], (label, svg)
    assert [t["text"] for t in funnel["y"]] == [config.STAGE_LABELS[s] for s in reversed(config.STAGES)]
    # the month is counted by activity: each row's label is its count, no conversion rate (different people)
    assert funnel["notes"] and all("of previous" not in n["text"] for n in funnel["notes"])
    # the revenue axis shows its numbers, not a bare unit
    amounts = [t["text"] for t in revenue["y"]]
    assert len(amounts) >= 3 and all(any(c.isdigit() for c in a) for a in amounts), amounts
