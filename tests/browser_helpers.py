"""Helpers for the Playwright tests: wait until Streamlit has finished a run, download from a button."""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until the app is not running a script (Streamlit shows its status widget while it runs)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def download(page: Page, button: Locator, attempts: int = 3) -> Path:
    """Click a download button and return the file's path.

    A click that lands while a rerun replaces the button is lost, so the page is let settle first and
    the click is repeated (a download is idempotent) when no file comes. A button that stays disabled (seen
    once in a full run on a loaded machine: 90 s, while the page alone passes every time) gets the page
    reloaded before the next try; the file's content is still the test's to check.
    """
    for attempt in range(attempts):
        wait_idle(page)
        button.scroll_into_view_if_needed()
        try:
            with page.expect_download(timeout=15_000) as info:
                button.click(timeout=20_000)
            return Path(info.value.path())
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            if button.is_disabled():
                page.reload()
                button.wait_for(timeout=30_000)
    raise AssertionError("unreachable")


# every drawn text of each Plotly chart on the page whose box leaves the chart's box, and every legend that
# overlaps its chart's plot area: "chart i: text [left..right of width]"
_CHART_TEXT_OUTSIDE = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((chart, i) => {
  const box = chart.getBoundingClientRect();
  const outside = [...chart.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim())
    .map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1
                                       || r.top < box.top - 1 || r.bottom > box.bottom + 1))
    .map(([text, r]) => `chart ${i}: ${text} [${Math.round(r.left - box.left)}..${Math.round(r.right - box.left)}`
                        + ` of ${Math.round(box.width)}]`);
  const legend = chart.querySelector('.legend'), plot = chart.querySelector('.nsewdrag');
  if (legend && plot) {
    const a = legend.getBoundingClientRect(), b = plot.getBoundingClientRect();
    if (a.bottom > b.top + 1 && a.top < b.bottom - 1 && a.right > b.left + 1 && a.left < b.right - 1) {
      outside.push(`chart ${i}: legend over the plot area`);
    }
  }
  return outside;
})"""


def chart_text_outside(page: Page) -> list[str]:
    """Texts drawn outside their chart's box, and legends over their plot area, on the page as it is now."""
    return page.evaluate(_CHART_TEXT_OUTSIDE)


def wait_rerun_done(page: Page, timeout: float = 30_000) -> None:
    """After a change that reruns the app: wait for the run to start, then to end, as the app says.

    `wait_idle` right after a change can return before the run has begun (the status widget shows a run
    only after a moment), and a click on a grid while the run goes on, or while its output is drawn, is dropped.
    """
    app = '[data-testid="stApp"]'
    # a run over before it could be seen is no failure
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_selector(f'{app}:not([data-test-script-state="notRunning"])', timeout=5_000)
    page.wait_for_selector(f'{app}[data-test-script-state="notRunning"]', timeout=timeout)
    wait_idle(page, timeout)
    # and the browser has drawn what the run sent (a chart takes a while): a click queued behind that is lost
    page.evaluate("() => new Promise((done) => requestIdleCallback(() => requestIdleCallback(done)))")
