"""Trial 59 on the pages, counted by hand: business-hours tiles and owner table in business hours, and the warning
when most contacted leads were contacted before their clock started, on the SLA page and beside the overview's SLA
tile (the leads are tests/unit/test_fix59.py's)."""

from __future__ import annotations

from datetime import datetime

import pytest
import streamlit as st
from app_helpers import metric_values
from fixture_data import load
from streamlit.testing.v1 import AppTest

from dashboard import config, store

T = datetime

# MQL Mon 2026-11-02 09:00, first outreach Wed 2026-11-11 09:00 UTC: 7 working days x 480 = 3,360 business
# minutes = 56 business hours ("2.3 days" as 24-hour days)
SLOW = [
    (f"S{i}", T(2026, 11, 1), "web", "CFO", "SMB", "Anna", "mql", T(2026, 11, 2, 9), None, T(2026, 11, 11, 9))
    for i in (1, 2, 3)
]
# the clock at the SQL date: B1-B3 contacted before it, B4 20 minutes after: 3 of 4 before the clock, 100 %
BEFORE = [
    ("B1", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 11, 5, 10), T(2026, 11, 4, 10)),
    ("B2", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 11, 5, 10), T(2026, 11, 3, 10)),
    ("B3", T(2026, 11, 2), "web", "CFO", "SMB", "Ben", "sql", None, T(2026, 11, 6, 10), T(2026, 11, 6, 9)),
    ("B4", T(2026, 11, 2), "web", "CFO", "SMB", "Ben", "sql", None, T(2026, 11, 9, 10), T(2026, 11, 9, 10, 20)),
]
BEFORE_WORDS = "3 of 4 leads were contacted before they became SQLs: the SLA measures nothing for them"


@pytest.fixture
def app_with(tmp_path, monkeypatch):
    def open_page(leads: list[tuple], page: str | None = None, **query: str) -> AppTest:
        path = str(tmp_path / "fix59.duckdb")
        con = store.connect(path)
        load(con, leads, [])
        con.close()
        monkeypatch.setenv(config.DB_ENV_VAR, path)
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            if "period" not in query and "period" in at.query_params:
                del at.query_params["period"]
            at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield open_page
    st.cache_data.clear()
    st.cache_resource.clear()


def test_business_hours_tiles_and_owner_table_in_business_hours(app_with):
    at = app_with(SLOW, "pages/2_SLA.py", clock="mql", hours="business")
    values = metric_values(at)
    # 3,360 business minutes each: 56 business hours, as the lead list says ("2.3 days" before)
    assert (values["Median response"], values["95th percentile"]) == ("56 business h", "56 business h")
    owners = at.dataframe[0].value
    assert owners["Median response (business hours)"].tolist() == ["56 business h"]
    assert owners["95th percentile response (business hours)"].tolist() == ["56 business h"]


def test_the_sla_page_warns_when_most_were_contacted_before_the_clock(app_with):
    at = app_with(BEFORE, "pages/2_SLA.py")
    assert metric_values(at)["SLA compliance"] == "100.0%"
    assert any(w.value.startswith(BEFORE_WORDS) and "SLA settings → clock start" in w.value for w in at.warning)


def test_the_overview_warns_beside_its_sla_tile(app_with, reads):
    at = app_with(BEFORE, period="2026-11")
    assert any(w.value.startswith(BEFORE_WORDS) for w in at.warning)
    # the warning is read with the tile's compliance (period_outcomes): no SLA summary of its own, a second scan of
    # the leads on every landing page (the SLA page's query ran for it, once)
    assert reads["sla_overview"] == 0


def test_the_month_table_says_which_date_puts_a_lead_in_a_month(app_with):
    at = app_with(SLOW, "pages/2_SLA.py", clock="mql", by="month")
    assert "Each month holds the leads created in it, as the tiles above count them (cohort mode)." in [
        c.value for c in at.caption
    ]


# L3: one lead contacted 50 minutes after its SQL date: within 60 minutes, late for 45
FIFTY = [("X1", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 11, 3, 10), T(2026, 11, 3, 10, 50))]


def test_any_number_of_sla_minutes_from_a_link_and_the_box(app_with):
    at = app_with(FIFTY, "pages/2_SLA.py", sla="45")
    # 45 minutes, not the 60 it fell back to: 50 minutes is late, 0 of 1
    assert metric_values(at)["SLA compliance"] == "0.0%"
    assert "within 45 minutes" in at.markdown[0].value
    assert not any("sla=45" in w.value for w in at.warning)
    at.number_input(key="sla_minutes").set_value(55).run()
    # 50 minutes within 55: 1 of 1, and the link keeps it
    assert metric_values(at)["SLA compliance"] == "100.0%"
    assert at.query_params["sla"] == "55"
