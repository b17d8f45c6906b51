"""Browser timings for the bench (BENCH_BROWSER=1): a real `streamlit run` server and headless Chromium.

First render: a fresh server each time, from navigation to the last change inside any Plotly chart of the
landing page. Filter change: on one server, a source added in the sidebar (a new selection each time, so
no cached result serves it), from the click to the last chart change. "Last change" is the last DOM
mutation inside a `.js-plotly-plot`, seen by a MutationObserver, once the script run is over and no chart
has changed for QUIET_MS. Also the server's resident memory once the landing page has rendered, and once it has
been idle long enough to give DuckDB's block cache back (config.IDLE_TRIM_SECONDS).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from statistics import median

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser_helpers import wait_idle  # noqa: E402

from dashboard import config  # noqa: E402
from dashboard.formatting import label_value  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
REPEATS = 5
QUIET_MS = 1500
SOURCES = ("paid_search", "email", "referral", "events", "webinar")
# the time of the last change inside any Plotly chart, in ms since navigation start
OBSERVER = """
window.__lastChart = null;
new MutationObserver((records) => {
    for (const r of records) {
        const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (node && (node.closest('.js-plotly-plot') || node.querySelector?.('.js-plotly-plot'))) {
            window.__lastChart = performance.now();
            return;
        }
    }
}).observe(document, {childList: true, subtree: true, attributes: true, characterData: true});
"""
SETTLED = f"""(since) => !document.querySelector('[data-testid="stStatusWidget"]')
    && document.querySelector('.js-plotly-plot') !== null
    && window.__lastChart !== null && window.__lastChart > since
    && performance.now() - window.__lastChart > {QUIET_MS}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[str, subprocess.Popen]:
    """`streamlit run` over db on a free port; return its URL once healthy, and the process."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env={**os.environ, config.DB_ENV_VAR: str(db)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return url, proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError("streamlit did not start")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server's process group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def rss_of(pid: int) -> float:
    """Resident memory of a process in MiB."""
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def settled_at(page: Page, since: float) -> float:
    """Wait until the run is over and the charts are quiet; the last chart change (ms since navigation)."""
    page.wait_for_function(SETTLED, arg=since, timeout=180_000, polling=100)
    wait_idle(page)
    return page.evaluate("window.__lastChart")


def add_source(page: Page, source: str) -> float:
    """Add one source to the sidebar's filter; return the moment of the click (ms since navigation)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text="Source")
    field = box.locator("input")
    field.click()
    field.press("ArrowDown")
    # the list shows values in words ("Paid search" for paid_search), as the sidebar labels them
    option = page.locator('[role="option"]', has_text=label_value("source", source)).first
    option.wait_for()
    clicked = page.evaluate("performance.now()")
    option.click()
    page.keyboard.press("Escape")
    return clicked


def _rounded(values: list[float], digits: int = 2) -> list[float]:
    return [round(v, digits) for v in values]


def run(db: Path) -> None:
    """Print the medians of first render, filter change, and the idle server's memory."""
    first, rendered, idle, change = [], [], [], []
    # the server gives DuckDB's block cache back after this long without a query (dashboard.idle_memory)
    idle_after = config.IDLE_TRIM_SECONDS + 2 * config.IDLE_CHECK_SECONDS + 1
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for i in range(REPEATS):
            url, proc = start_server(db)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.add_init_script(OBSERVER)
                page = context.new_page()
                page.goto(url)
                first.append(settled_at(page, 0) / 1000)
                rendered.append(rss_of(proc.pid))
                time.sleep(idle_after)
                idle.append(rss_of(proc.pid))
                if i == REPEATS - 1:
                    page.screenshot(path="/tmp/funnel-bench-landing.png", full_page=True)
                    for source in SOURCES:
                        clicked = add_source(page, source)
                        change.append((settled_at(page, clicked) - clicked) / 1000)
                    page.screenshot(path="/tmp/funnel-bench-filtered.png", full_page=True)
                context.close()
            finally:
                stop_server(proc)
        browser.close()
    print(f"\n## browser (headless Chromium, real server), median of {REPEATS}")
    print(f"first render of the landing page (fresh server), last chart drawn: {median(first):.2f} s {_rounded(first)}")
    print(f"filter change (a source added) to the last chart updated: {median(change):.2f} s {_rounded(change)}")
    print(
        f"server resident memory right after the landing page rendered once: {median(rendered):,.0f} MiB "
        f"{_rounded(rendered, 0)}; idle {idle_after:.0f} s later: {median(idle):,.0f} MiB {_rounded(idle, 0)}"
    )
    print("screenshots: /tmp/funnel-bench-landing.png, /tmp/funnel-bench-filtered.png")
