"""The landing page in a real browser: it renders, a filter changes numbers and URL, a deep link reproduces it."""

from __future__ import annotations

import io
import re
from datetime import datetime

from browser_helpers import chart_text_outside, download, wait_idle
from PIL import Image
from playwright.sync_api import Page, expect

from dashboard import config, demo, store

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def metric(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]', has_text=label).last.locator('[data-testid="stMetricValue"]')


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(CHART, timeout=30_000)


def choose(page: Page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text=label)
    field = box.locator("input")
    field.click()
    field.press("ArrowDown")  # Streamlit's combobox opens its list on a key more reliably than on a click
    page.locator('[role="option"]', has_text=option).first.click()
    page.keyboard.press("Escape")


def test_landing_renders_with_chart_and_numbers(page: Page, server, tmp_path):
    open_app(page, server)
    expect(metric(page, "Leads")).to_have_text("8")
    expect(metric(page, "Won deals")).to_have_text("2")
    expect(page.locator(CHART).last.locator(".legend")).to_contain_text("Opportunity")
    expect(page.locator(CHART).first.locator(".legend")).to_contain_text("Marketing-sourced")
    page.screenshot(path=str(tmp_path / "landing.png"), full_page=True)
    # the funnel's bars are drawn in both teams' colours: marketing's stages and sales' stages
    funnel = Image.open(io.BytesIO(page.locator(CHART).last.screenshot())).convert("RGB")
    drawn = {colour for _, colour in funnel.getcolors(maxcolors=1_000_000)}
    for team, hex_colour in config.TEAM_COLOURS.items():
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in drawn, f"no {team} bar ({hex_colour}) in the funnel chart"


def test_filter_changes_numbers_and_url_and_deep_link_reproduces(page: Page, server, browser, tmp_path):
    open_app(page, server)
    choose(page, "Source", "email")
    expect(metric(page, "Leads")).to_have_text("3")
    expect(page).to_have_url(re.compile(r"[?&]source=email"))
    expect(metric(page, "SQLs")).to_have_text("2")
    shared = page.url
    fresh = browser.new_context()
    other = fresh.new_page()
    open_app(other, shared)
    expect(metric(other, "Leads")).to_have_text("3")
    expect(metric(other, "SQLs")).to_have_text("2")
    other.screenshot(path=str(tmp_path / "deep_link.png"), full_page=True)
    fresh.close()


def test_executive_period_deep_link_and_sparklines(page: Page, server, tmp_path):
    page.goto(f"{server}/?period=2025-01")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    first_mqls = page.locator('[data-testid="stMetric"]', has_text="MQLs").first
    # January 2025 by each stage's own date: L1, L2 and L3 became MQL
    expect(first_mqls.locator('[data-testid="stMetricValue"]')).to_have_text("3", timeout=15_000)
    button = page.get_by_role("button", name="Download the report for Jan 2025 (HTML)")
    expect(button).to_be_visible()
    # the report's links open this dashboard at the address this browser uses (#15: localhost:8501 whatever it was)
    report = download(page, button).read_text(encoding="utf-8")
    # the report's own links, outside its scripts (plotly.js, inlined, carries its credits' addresses in its code)
    links = re.findall(r'<a href="(https?://[^"]+)"', re.sub(r"<script.*?</script>", "", report, flags=re.S))
    assert links and all(link.startswith(f"{server}/") for link in links), links
    assert f"{server}/Friction?from=2025-01-01&amp;to=2025-01-31&amp;mode=activity" in report
    page.screenshot(path=str(tmp_path / "executive.png"))
    # the MQLs tile's sparkline for Mar 2025: from the data's first month (Jan 2025; a month before it has no data,
    # not 0: trial 65), MQL entries: Jan 3 (L1, L2, L3), Feb 2 (L4 by its SQL on 5 Feb, L5 by its deal on 20 Feb),
    # Mar 1 (L8). the line's y grows downwards from the highest value: three points, evenly falling
    page.goto(f"{server}/?period=2025-03")
    march_mqls = page.locator('[data-testid="stMetric"]', has_text="MQLs").first
    expect(march_mqls.locator('[data-testid="stMetricValue"]')).to_have_text("1", timeout=15_000)
    line = march_mqls.locator('[data-testid="stMetricChart"] [aria-roledescription="line mark"]')
    points = [tuple(map(float, xy.split(","))) for xy in re.findall(r"[\d.]+,[\d.]+", line.get_attribute("d"))]
    heights = [y for _, y in points]
    assert len(points) == 3, points
    assert heights[0] < heights[1] < heights[2] and heights[1] - heights[0] == heights[2] - heights[1], heights
    page.screenshot(path=str(tmp_path / "executive_march.png"))


def test_on_a_phone_the_tiles_wrap_two_per_row(browser, server):
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    open_app(phone, server)
    tiles = phone.locator('[class*="st-key-kpis"] [data-testid="stMetric"]')
    expect(tiles.first).to_be_visible()
    boxes = [tiles.nth(i).bounding_box() for i in range(4)]
    # the first two tiles side by side, the third below them, every one inside the 390 px screen
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"] - 2
    assert boxes[2]["y"] > boxes[0]["y"] + boxes[0]["height"] - 2
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in boxes)
    phone.close()


# per tile change on the page: [the width its text needs, the width it has] of the element that holds the words
_DELTA_WIDTHS = """() => [...document.querySelectorAll('[class*="st-key-kpis"] [data-testid="stMetricDelta"] div')]
  .map(d => [d.scrollWidth, d.clientWidth])"""


def test_on_a_phone_a_tile_s_change_wraps_instead_of_being_cut(browser, fresh_server, tmp_path):
    # the hand-counted fixture compares no tile (each base under 20, so no change is drawn): the demo's months do
    con = store.connect(str(tmp_path / "e2e.duckdb"))
    demo.generate(con, leads=3000, seed=7, end_at=datetime(2026, 11, 30))
    con.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    open_app(phone, fresh_server)
    deltas = phone.locator('[class*="st-key-kpis"] [data-testid="stMetricDelta"] div')
    expect(deltas.first).to_be_visible()
    # the walk's longest change, longer than half a phone: Streamlit cut it to "-22.0 pts vs Oct 2…"
    deltas.first.evaluate("d => { d.textContent = '-22.0 pts vs Oct 2026 and a few words more' }")
    widths = phone.evaluate(_DELTA_WIDTHS)
    assert widths and all(needed <= shown for needed, shown in widths), widths
    assert deltas.first.bounding_box()["height"] > 30  # on two lines or more, not one clipped line
    phone.close()


def test_on_a_phone_no_chart_text_leaves_its_chart(browser, server, tmp_path):
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    # the landing page's charts, the funnel (its labels beside the bars ran off the screen) with the compare
    # chart, and the SLA page's bands (their legend covered the bars)
    for path in ("/", "/Funnel", "/SLA"):
        phone.goto(server + path)
        phone.wait_for_selector(CHART, timeout=30_000)
        wait_idle(phone)
        phone.wait_for_timeout(1_000)  # Plotly redraws once its margins have grown to fit the labels
        charts = phone.locator(CHART)
        assert charts.count() >= 1, path
        assert all(charts.nth(i).bounding_box()["width"] <= 390 for i in range(charts.count())), path
        phone.screenshot(path=str(tmp_path / f"phone_{path.strip('/') or 'landing'}.png"), full_page=True)
        assert chart_text_outside(phone) == [], path
    phone.close()
