"""fixp59: the landing page's chart of stage entries per month (each stage by its own date) says how many of the
view's leads reached a stage with no date for it, which no point of the chart counts, as the month tiles and the
activity-mode Funnel say it."""

from __future__ import annotations

from datetime import datetime

import pytest
import streamlit as st
from fixture_data import load
from streamlit.testing.v1 import AppTest

from dashboard import config, store

T = datetime
# three leads created in October 2026: A1 a plain lead, A2 an MQL dated 6 Oct, A3 an SQL flag (its lifecycle stage)
# with its MQL dated 11 Oct and no SQL date: 1 lead reached SQL undated, none reached MQL undated
LEADS = [
    ("A1", T(2026, 10, 1), "web", None, None, "Ann", "lead", None, None, None),
    ("A2", T(2026, 10, 5), "web", None, None, "Ann", "mql", T(2026, 10, 6), None, None),
    ("A3", T(2026, 10, 10), "web", None, None, "Ann", "sql", T(2026, 10, 11), None, None),
]

# the filtered view of 1-20 Oct holds A3: 1 lead; the month tiles' own note names "in Oct 2026" instead
CHART_NOTE = "Not counted here: of the leads created 01 Oct 2026 – 20 Oct 2026, 1 lead reached SQL with no date"
CHART_NOTE_START = "Not counted here: of the leads created 01 Oct 2026"


@pytest.fixture
def undated_app(tmp_path, monkeypatch):
    path = str(tmp_path / "undated.duckdb")
    con = store.connect(path)
    load(con, LEADS, [])
    con.close()
    monkeypatch.setenv(config.DB_ENV_VAR, path)
    st.cache_data.clear()
    st.cache_resource.clear()

    def factory(**query: str) -> AppTest:
        at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        return at

    yield factory
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_entries_chart_says_how_many_stages_have_no_date(undated_app):
    at = undated_app(period="2026-10", **{"from": "2026-10-01", "to": "2026-10-20"}).run()
    assert not at.exception, [e.message for e in at.exception]
    captions = [c.value for c in at.caption]
    # A3 alone: "1 lead reached SQL", and no MQL (A3's MQL is dated)
    said = [c for c in captions if c.startswith(CHART_NOTE)]
    assert len(said) == 1, captions
    assert "reached MQL" not in said[0]
    # 1-8 Oct holds A1 and A2, both dated where reached: no note under the chart
    at = undated_app(period="2026-10", **{"from": "2026-10-01", "to": "2026-10-08"}).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not any(c.value.startswith(CHART_NOTE_START) for c in at.caption)
    # the month tiles' note stays: A3 was created in October
    tiles_note = "Not counted here: of the leads created in Oct 2026, 1 lead reached SQL"
    assert any(c.value.startswith(tiles_note) for c in at.caption)
