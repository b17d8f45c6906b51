"""The funnel page in a real browser: chart labels, step drill-down, CSV download, breakdown in the URL."""

from __future__ import annotations

import re

from browser_helpers import download
from playwright.sync_api import Page, expect

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def open_funnel(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(CHART, timeout=30_000)
    page.wait_for_timeout(1000)


def select(page: Page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]', has_text=label).first
    field = box.locator("input")
    field.click()
    field.press("ArrowDown")  # Streamlit's combobox opens its list on a key, not on a click
    page.locator('[role="option"]').filter(has_text=re.compile(f"^{option}$")).first.click()


def test_funnel_renders_steps_drilldown_and_csv(page: Page, server, tmp_path):
    open_funnel(page, f"{server}/Funnel")
    funnel_chart = page.locator(CHART).first
    for label in ("Lead", "MQL", "SQL", "Opportunity", "Customer"):
        expect(funnel_chart).to_contain_text(label)
    expect(funnel_chart).to_contain_text("7 · 87.5% of previous · 87.5% of leads")
    expect(funnel_chart).to_contain_text("2 · 66.7% of previous · 25.0% of leads")
    page.screenshot(path=str(tmp_path / "funnel.png"))

    select(page, "Step", "SQL")
    expect(page.get_by_text("6 leads reached SQL")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"[?&]step=sql"))
    path = download(page, page.get_by_role("button", name=re.compile("Download all 6 as CSV")))
    ids = sorted(line.split(",")[0] for line in path.read_text().strip().splitlines()[1:])
    assert ids == ["L1", "L2", "L4", "L5", "L6", "L8"]


def test_breakdown_survives_a_reload(page: Page, server):
    open_funnel(page, f"{server}/Funnel")
    select(page, "Break the funnel down by", "Persona")
    expect(page).to_have_url(re.compile(r"[?&]breakdown=persona"))
    expect(page.get_by_text("The 2 parts add up to the total")).to_be_visible(timeout=15_000)
    page.reload()
    page.wait_for_selector(CHART, timeout=30_000)
    box = page.locator('[data-testid="stSelectbox"]', has_text="Break the funnel down by")
    expect(box.locator("input")).to_have_value("Persona")
    expect(page.get_by_text("The 2 parts add up to the total")).to_be_visible(timeout=15_000)


def test_chart_click_selects_the_step(page: Page, server):
    open_funnel(page, f"{server}/Funnel")
    bar = page.locator(f"{CHART} .barlayer .trace").first.locator(".point").nth(3)
    area = bar.bounding_box()
    # plotly's drag layer lies over the bars, so click where the bar is, as a person would
    page.mouse.click(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    expect(page.get_by_text("3 leads reached Opportunity")).to_be_visible(timeout=15_000)


# the funnel chart's hand-over line (a shape) and its row labels (annotations) and bars, as boxes in px
_FUNNEL_BOXES = """() => {
  const chart = document.querySelector('.js-plotly-plot');
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    lines: [...chart.querySelectorAll('.shapelayer path')].map(box),
    labels: [...chart.querySelectorAll('g.annotation')].map(a => [a.textContent, ...box(a)]),
    bars: [...chart.querySelectorAll('.barlayer .point path')].map(box),
  };
}"""


def test_the_hand_over_line_touches_no_label_or_bar_on_a_phone_or_a_laptop(browser, server):
    # #15: at 390 px the dashed line crossed the first sales row's label ("8,372 · 48.0% …"): rows of 39 px
    for viewport in ({"width": 390, "height": 844}, {"width": 1440, "height": 900}):
        page = browser.new_page(viewport=viewport)
        open_funnel(page, f"{server}/Funnel")
        found = page.evaluate(_FUNNEL_BOXES)
        assert len(found["lines"]) == 1 and len(found["labels"]) == 5, found
        (left, top, right, bottom) = found["lines"][0]
        assert right - left > 100  # a line across the plot, drawn
        for text, *other in found["labels"]:
            # 2 px clear of every label, above or below (the line is drawn 2 px wide about its box)
            assert bottom + 2 <= other[1] or top - 2 >= other[3], (viewport, text, found["lines"][0], other)
        for bar in found["bars"]:
            if bar[3] > bar[1]:  # a drawn bar (a zero count draws an empty path)
                assert bottom + 1 <= bar[1] or top - 1 >= bar[3], (viewport, found["lines"][0], bar)
        # between the marketing rows and the sales rows: under the MQL label, above the SQL label
        tops = {text.split(" ")[0]: other[1] for text, *other in found["labels"]}
        assert tops["7"] < top < tops["6"], (tops, found["lines"][0])
        page.close()
