"""make bench's page timings (benchmarks/app_pages.py) run each page's own script on the view they are timing:
the page must show that view (its URL written back) or the runner raises, so a timing of the wrong view cannot
pass unseen."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from fixture_data import fixture_db

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import app_pages

from dashboard import config
from dashboard.filters import Filters


@pytest.fixture(scope="module")
def bench_pages(tmp_path_factory):
    """The fixture database, prepared as make bench prepares its own, once for both tests: the pages only read it,
    and preparing runs every page (the second test's own preparing was a sixth of the file's time)."""
    path = tmp_path_factory.mktemp("bench") / "fixture.duckdb"
    fixture_db(str(path))
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(config.DB_ENV_VAR, str(path))
        app_pages.prepare(path)
        yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_every_page_is_timed_on_the_view_asked_for(bench_pages):
    # a source, a window and dates unlike the warm-up's; the default view needs its window written in the URL
    views = (
        Filters(sources=("email",), window_days=30, date_from=date(2025, 2, 1), date_to=date(2025, 3, 15)),
        Filters(),
    )
    for page in app_pages.SCRIPTS:
        for view in views:
            assert app_pages.timer(page, view)() > 0


def test_a_page_that_does_not_show_the_view_fails_the_bench(bench_pages):
    # an owner the data does not have is refused by the page (a notice), so its URL cannot show it
    with pytest.raises(RuntimeError, match="the page shows"):
        app_pages.timer("Funnel", Filters(owners=("Nobody Here",)))()
