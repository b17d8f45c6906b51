"""The bench's page timings through the pages' own scripts (Streamlit's AppTest), as a filter change runs them.

The function lists in run.py's PAGES say which computations a page makes, but a page may call more than its
list (the landing page's "what changed" and its customers-and-wins sentence were not in it): here each page's
script runs whole, in this process, on a view given by its URL, as a deep link or a filter change gives it.
Results that depend on the data alone (the sidebar's options, the data's dates) are computed by a warm-up run
first and then served from the cache, as on a server where somebody changes a filter; every result that depends
on the view misses, because each round's views differ (run.VIEWS).
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import config
from dashboard.filters import Filters
from dashboard.ui import FILTER_PARAMS

SCRIPTS = {
    "Landing": "streamlit_app.py",
    "Funnel": "pages/1_Funnel.py",
    "SLA": "pages/2_SLA.py",
    "Sources": "pages/3_Sources.py",
    "Friction": "pages/4_Friction.py",
    "Accounts": "pages/5_Accounts.py",
    "Funnel, cohorts": "pages/1_Funnel.py",
    "Funnel, time": "pages/1_Funnel.py",
}
# a page's own choices in its URL besides the view's (the Funnel page's analysis shown: run.PAGES times each)
CHOICES: dict[str, dict[str, str]] = {"Funnel, cohorts": {"view": "cohorts"}, "Funnel, time": {"view": "time"}}
TIMEOUT_SECONDS = 600
# a view no round uses (dates and a window of its own): its run fills the data-only caches and imports every module
# before anything is timed. The landing page's executive section ignores the sidebar's dates, so within a round the
# views that differ only in dates share it, as they would on a server
WARM_UP = Filters(date_from=date(2019, 6, 1), date_to=date(2019, 6, 30), window_days=1)


def _on_page(script: str) -> AppTest:
    """A session on the page, showing the warm-up view (whose results the warm-up left in the cache)."""
    at = AppTest.from_file(str(config.ROOT / SCRIPTS["Landing"]), default_timeout=TIMEOUT_SECONDS)
    for key, value in WARM_UP.to_query().items():
        at.query_params[key] = value
    at.run()
    if script != SCRIPTS["Landing"]:
        at.switch_page(script).run()
    return at


def _listed(value: str | list[str]) -> list[str]:
    """A query parameter's values (AppTest gives a one-item parameter as a string)."""
    return [value] if isinstance(value, str) else list(value)


def _change_to(at: AppTest, script: str, f: Filters, choices: dict[str, str] | None = None) -> float:
    """Seconds the page's rerun takes once its URL says the view f (and the page's own choices), as a link or a
    filter change does it; the page must then show f and those choices (its URL written back), without an
    exception."""
    at.query_params.clear()
    # the window always written: a URL without filters would keep the session's view (a page visited plainly)
    for key, value in {**f.to_query(), "window": str(f.window_days), **(choices or {})}.items():
        at.query_params[key] = value
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{script} on {f}: {at.exception[0].message}")
    shown = {key: _listed(value) for key, value in at.query_params.items() if key in FILTER_PARAMS}
    wanted = {key: _listed(value) for key, value in f.to_query().items()}
    if shown != wanted:
        raise RuntimeError(f"{script}: asked for {wanted}, the page shows {shown}")
    for key, value in (choices or {}).items():
        if at.query_params.get(key) != value:
            raise RuntimeError(f"{script}: asked for {key}={value}, the page shows {at.query_params.get(key)}")
    return seconds


def prepare(db: Path) -> None:
    """Point the pages at the bench's database, without anyone's secrets, and warm the data-only caches."""
    os.environ[config.DB_ENV_VAR] = str(db)
    st.secrets._secrets = {}  # a developer's own [auth] would gate every page
    st.cache_data.clear()
    st.cache_resource.clear()
    for script in dict.fromkeys(SCRIPTS.values()):
        _on_page(script)


def timer(page: str, f: Filters):
    """A task for the bench's rounds: run the page's script on the view (the result is not compared)."""
    return lambda: _change_to(_on_page(SCRIPTS[page]), SCRIPTS[page], f, CHOICES.get(page))
