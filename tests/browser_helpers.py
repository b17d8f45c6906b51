"""Helpers for the Playwright tests: wait until Streamlit has finished a run, download from a button."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until the app is not running a script (Streamlit shows its status widget while it runs)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def download(page: Page, button: Locator, attempts: int = 3) -> Path:
    """Click a download button and return the file's path.

    A click that lands while a rerun replaces the button is lost, so the page is let settle first and
    the click is repeated (a download is idempotent) when no file comes.
    """
    for attempt in range(attempts):
        wait_idle(page)
        button.scroll_into_view_if_needed()
        try:
            with page.expect_download(timeout=15_000) as info:
                button.click()
            return Path(info.value.path())
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
