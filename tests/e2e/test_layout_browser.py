"""Layout at 390 px (a phone) and 1440 px (a laptop), measured in the browser: readable heatmap text, buttons and
lists that are not cut, no blank line under a heading, and wide tables whose columns are all on screen."""

from __future__ import annotations

from browser_helpers import wait_idle
from playwright.sync_api import Browser, Page, expect

from dashboard import config

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1440, "height": 900}

# the font size, in px, of every text Plotly wrote in a heatmap's cells
_HEATMAP_TEXT_SIZES = """() => [...document.querySelectorAll('.js-plotly-plot .hm text')]
  .filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize))"""

# per data grid on the page: [width of all its columns, width it has on screen]
_GRID_WIDTHS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
  .filter(s => s.offsetParent).map(s => [s.scrollWidth, s.clientWidth])"""


def _open(browser: Browser, viewport: dict, url: str, ready: str) -> Page:
    page = browser.new_page(viewport=viewport)
    page.goto(url)
    page.wait_for_selector(ready, state="attached", timeout=60_000)
    wait_idle(page)
    page.wait_for_timeout(1_000)  # Plotly and the data grid draw after the run has ended
    return page


def test_cohort_heatmap_text_is_readable_on_a_phone_and_a_laptop(browser, server):
    for viewport in (PHONE, LAPTOP):
        page = _open(browser, viewport, f"{server}/Funnel?view=cohorts&window=0", CHART)
        sizes = page.evaluate(_HEATMAP_TEXT_SIZES)
        assert sizes, "the cohort heatmap wrote no text in its cells"
        assert min(sizes) >= config.CHART_TEXT_MIN_PX, (viewport, sorted(set(sizes)))
        if viewport is PHONE:
            # the chart keeps its width and scrolls sideways inside its box; the page itself does not
            box = page.locator('[class*="st-key-scroll_cohorts"]')
            assert box.evaluate("e => e.scrollWidth > e.clientWidth")
            assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
        page.close()


def test_report_buttons_lie_inside_a_phone_screen_with_their_whole_label(browser, server):
    page = _open(browser, PHONE, server, CHART)
    buttons = page.locator('[data-testid="stDownloadButton"] button:visible').filter(has_text="Download the report")
    expect(buttons).to_have_count(2)
    for i in range(2):
        button = buttons.nth(i)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], button.inner_text()
        # a label longer than the button is cut with an ellipsis: its text box is then wider than its box
        assert button.locator('[data-testid="stMarkdownContainer"]').evaluate("e => e.scrollWidth <= e.clientWidth")
    page.close()


def test_no_blank_line_under_a_heading_on_a_phone(browser, server):
    page = _open(browser, PHONE, f"{server}/Friction?window=0", '[data-testid="stMain"] h2')
    heights = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] h2')].map(h => {
             const s = getComputedStyle(h), text = h.querySelector('[data-heading-text]');
             return [h.innerText, h.getBoundingClientRect().height,
                     text.getBoundingClientRect().height + parseFloat(s.paddingTop) + parseFloat(s.paddingBottom)];
           })"""
    )
    # "Where the funnel clearly underperforms" fills two lines at 390 px: its link icon took a third, blank one
    assert any(name == "Where the funnel clearly underperforms" for name, _, _ in heights)
    assert [name for name, height, text in heights if height > text + 2] == []
    page.close()


def test_sales_owned_sources_show_every_value_on_a_phone(browser, server):
    page = _open(browser, PHONE, f"{server}/Data", ".st-key-sales_sources_pick")
    field = page.locator(".st-key-sales_sources_pick")
    # nothing inside the field scrolls: every chosen source is on screen, none hidden below the field's edge
    assert field.evaluate("e => [...e.querySelectorAll('div')].every(d => d.scrollHeight <= d.clientHeight + 1)")
    box = field.bounding_box()
    shown = [chip.bounding_box() for chip in field.locator("[data-tag]").all()]  # one chip per chosen source
    assert len(shown) == len(config.SALES_SOURCES)
    assert all(c["y"] >= box["y"] and c["y"] + c["height"] <= box["y"] + box["height"] for c in shown)
    page.close()


def test_wide_tables_keep_every_column_on_a_laptop_screen(browser, sources_server):
    # Sources: the decision table in view fits (the costs per step are in the second table, below it)
    page = _open(browser, LAPTOP, f"{sources_server}/Sources", '[data-testid="stDataFrame"] .dvn-scroller')
    widths = page.evaluate(_GRID_WIDTHS)
    assert widths and all(total <= shown for total, shown in widths), widths
    page.get_by_text("Each step per source").click()
    page.wait_for_timeout(1_000)
    # the decision table, the steps' table now open and the revenue under every model
    widths = page.evaluate(_GRID_WIDTHS)
    assert len(widths) == 3 and all(total <= shown for total, shown in widths), widths
    # Friction, stalled: the owners and the list one above the other, each as wide as the page, all columns shown
    page.goto(f"{sources_server}/Friction?fr_view=stalled&window=0")
    page.wait_for_selector('[data-testid="stDataFrame"] .dvn-scroller', state="attached", timeout=60_000)
    wait_idle(page)
    page.wait_for_timeout(1_000)
    grids = page.locator('[data-testid="stDataFrame"]')
    expect(grids).to_have_count(2)
    first, second = grids.nth(0).bounding_box(), grids.nth(1).bounding_box()
    assert abs(first["x"] - second["x"]) < 2 and second["y"] >= first["y"] + first["height"]
    widths = page.evaluate(_GRID_WIDTHS)
    assert len(widths) == 2 and all(total <= shown for total, shown in widths), widths
    page.close()
