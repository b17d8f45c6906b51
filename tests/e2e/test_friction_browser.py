"""The Friction page in a real browser: the lift chart renders, the trait is in the URL, a deep link holds."""

from __future__ import annotations

from playwright.sync_api import Page, expect

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def test_friction_page_trait_choice_and_deep_link(page: Page, server, tmp_path):
    # window 0: the fixture's leads are all younger than the default window, and young leads are not judged
    page.goto(f"{server}/Friction?window=0")
    expect(page.get_by_role("heading", name="Where the funnel clearly underperforms")).to_be_visible(timeout=30_000)
    page.get_by_text("The ideal lead", exact=True).click()  # one analysis at a time: the radio's option
    page.wait_for_function("() => window.location.search.includes('fr_view=ideal')", timeout=15_000)
    page.wait_for_selector(CHART, timeout=30_000)
    page.get_by_role("combobox", name="Trait").click()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option", name="Segment").click()
    page.wait_for_function("() => window.location.search.includes('trait=segment')", timeout=15_000)
    expect(page.locator(CHART).last).to_contain_text("Mid-Market", timeout=15_000)
    page.screenshot(path=str(tmp_path / "friction.png"))
    page.goto(f"{server}/Friction?fr_view=ideal&trait=segment&window=0")
    page.wait_for_selector(CHART, timeout=30_000)
    expect(page.locator(CHART).last).to_contain_text("Mid-Market", timeout=15_000)
