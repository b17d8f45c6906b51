"""The SLA page's business-hours settings travel in the URL: a deep link reproduces the sender's numbers (trial 39:
a reloaded link lost its holiday and showed 57.1 % where the sender saw 64.3 %)."""

from __future__ import annotations

from datetime import datetime

import pytest
import streamlit as st
from app_helpers import metric_values
from db_copies import built_copy
from fixture_data import load
from streamlit.testing.v1 import AppTest

from dashboard import config

T = datetime

# the leads of tests/unit/test_sla_edges.py (counted there by hand); the data's today Mon 2026-11-30 12:00
# lead_id, created_at, source, persona, segment, owner, lifecycle, mql_at, sql_at, first_contact_at
EDGE_LEADS = [
    # Wed 16:50 -> Fri 09:20: 510 business minutes, late; 30 with Thursday 2026-11-26 a holiday, within
    ("E1", T(2026, 11, 20), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 11, 25, 16, 50), T(2026, 11, 27, 9, 20)),
    ("E2", T(2026, 11, 20), "web", "CFO", "SMB", "Ben", "sql", None, T(2026, 11, 24, 10), T(2026, 11, 24, 10, 20)),
    # contacted three hours before it became an SQL: within, no response time
    ("E3", T(2026, 11, 20), "web", "CFO", "SMB", "Cara", "sql", None, T(2026, 11, 24, 14), T(2026, 11, 24, 11)),
    ("E4", T(2026, 11, 20), "web", "CFO", "SMB", "Dan", "sql", None, T(2026, 11, 23, 10), T(2026, 11, 23, 12)),
    ("E5", T(2026, 11, 10), "web", "CFO", "SMB", "Dan", "sql", None, T(2026, 11, 16, 10), None),
    ("E6", T(2026, 11, 30, 12), "web", "CFO", "SMB", "Ben", "sql", None, T(2026, 11, 30, 11, 30), None),
    ("E7", T(2026, 9, 30), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 10, 1, 10), None),
]


@pytest.fixture
def edge_app(tmp_path, monkeypatch):
    path = str(tmp_path / "edges.duckdb")
    built_copy(f"{__name__} edges", lambda db, _folder: load(db, EDGE_LEADS, []), path)[0].close()
    monkeypatch.setenv(config.DB_ENV_VAR, path)
    st.cache_data.clear()
    st.cache_resource.clear()

    def open_sla(**query: str) -> AppTest:
        at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        # the sidebar's link to the page carries the filters, not the landing page's own period (AppTest keeps it)
        if "period" not in query and "period" in at.query_params:
            del at.query_params["period"]
        at.switch_page("pages/2_SLA.py").run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield open_sla
    st.cache_data.clear()
    st.cache_resource.clear()


def test_a_typed_holiday_goes_into_the_url_and_the_link_reproduces_it(edge_app):
    at = edge_app(hours="business")
    # no holiday: within E2 E3 = 2 of 6 due
    assert metric_values(at)["SLA compliance"] == "33.3%"
    at.text_input(key="sla_holidays").set_value("2026-11-26").run()
    # Thursday off: E1 waits 30 business minutes, within: 3 of 6
    assert metric_values(at)["SLA compliance"] == "50.0%"
    assert at.query_params["holidays"] == "2026-11-26"
    # the link as the browser shows it now, opened by a colleague in a new session
    link = {key: at.query_params[key] for key in at.query_params}
    assert link == {"hours": "business", "holidays": "2026-11-26"}
    again = edge_app(**link)
    assert metric_values(again)["SLA compliance"] == "50.0%"
    assert "except 1 holiday(s) (2026-11-26)" in again.markdown[0].value


def test_day_start_end_and_working_days_from_a_link(edge_app):
    at = edge_app(hours="business", day_start="08:00", day_end="18:00", days="Mon,Tue,Wed,Fri")
    # E1 70 + 80 = 150 late; within E2 E3 = 2 of 6; median of 20, 120, 150 = 120 min
    values = metric_values(at)
    assert (values["SLA compliance"], values["Within SLA"]) == ("33.3%", "2")
    assert "08:00–18:00 (UTC) on Mon, Tue, Wed, Fri" in at.markdown[0].value
    assert str(at.time_input(key="sla_day_start").value) == "08:00:00"


def test_a_link_value_that_cannot_be_read_is_named(edge_app):
    at = edge_app(hours="business", day_start="25:99", days="Mon,Funday", holidays="26.11.2026,2026-11-26", sla="soon")
    said = " ".join(w.value for w in at.warning)
    assert "day_start=25:99" in said and "Funday" in said and "sla=soon" in said
    assert "'26.11.2026' is not a date" in said
    # the valid holiday still counts (3 within of 6), working day Mon only: E2 Tue, E3 before the clock
    assert "except 1 holiday(s) (2026-11-26)" in at.markdown[0].value


def test_a_contact_before_the_sql_is_said_on_the_page(edge_app):
    at = edge_app()
    assert any("1 lead was contacted before it became an SQL" in c.value for c in at.caption)
