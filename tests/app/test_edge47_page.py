"""Trial 47's page wording on small data sets written here: a deep link or SLA commitment to a month after the data's
last day (H3), an outbound-only Funnel page (M4), a spend-only database (M3), an empty cohort view on Friction (M5)
and on Accounts (M7)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import streamlit as st
from app_helpers import open_page as open_as_linked
from fixture_data import load
from streamlit.testing.v1 import AppTest

from dashboard import config, store

T = datetime

# L1 on 2026-09-10 (MQL 09-11), L2 on 2026-10-10: the data's last day; 100 leads promised for Nov 2026
AHEAD_LEADS = [
    ("L1", T(2026, 9, 10), "web", None, None, "Ann", "mql", T(2026, 9, 11), None, None),
    ("L2", T(2026, 10, 10), "web", None, None, "Ann", "lead", None, None, None),
]
AFTER = "Nov 2026 is after the data's last day (10 Oct 2026): no data for it yet"


@pytest.fixture
def open_page(tmp_path, monkeypatch):
    def factory(leads, deals, script: str, spend=(), targets=(), **query: str) -> AppTest:
        path = str(tmp_path / "edge47.duckdb")
        con = store.connect(path)
        load(con, leads, deals)
        with store.transaction(con):
            for row in spend:
                con.execute("insert into spend (month, source, amount) values (?, ?, ?)", row)
            for row in targets:
                con.execute("insert into targets (month, metric, value) values (?, ?, ?)", row)
        con.close()
        monkeypatch.setenv(config.DB_ENV_VAR, path)
        at = open_as_linked(script, query)
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield factory
    st.cache_data.clear()
    st.cache_resource.clear()


def _said(at: AppTest) -> str:
    return "\n".join([*(i.value for i in at.info), *(m.value for m in at.markdown), *(c.value for c in at.caption)])


def test_a_deep_link_to_a_month_after_the_data_says_why_the_landing_shows_another(open_page):
    at = open_page(AHEAD_LEADS, [], "streamlit_app.py", period="2026-11")
    # the data ends on 10 Oct: the default period is Sep 2026, the last complete month
    assert any(
        i.value.startswith(f"{AFTER}, so this page cannot show it") and i.value.endswith("Showing Sep 2026 instead.")
        for i in at.info
    )


def test_the_sla_page_says_a_commitment_after_the_data_has_no_data_yet(open_page):
    targets = [(date(2026, 11, 1), "leads", 100)]
    at = open_page(AHEAD_LEADS, [], "pages/2_SLA.py", targets=targets, **{"from": "2026-11-01", "to": "2026-11-30"})
    said = _said(at)
    assert f"{AFTER}; the commitment is 100 leads by Nov 2026." in said
    assert "has not started yet" not in said


def test_an_outbound_only_funnel_names_its_deals(open_page):
    # one won outbound deal ($5k) and no lead
    deals = [("D1", None, "Ann", T(2026, 11, 1), "won", T(2026, 11, 19), 5000.0, "outbound")]
    at = open_page([], deals, "pages/1_Funnel.py")
    assert any(i.value.startswith("No leads are loaded; 1 deal without a lead, 1 won deal in it") for i in at.info)


def test_a_spend_only_database_says_spend_is_loaded(open_page):
    spend = [(date(2026, 10, 1), "paid_search", 1000.0), (date(2026, 11, 1), "paid_search", 2000.0)]
    at = open_page([], [], "streamlit_app.py", spend=spend)
    assert any(
        "No leads or deals are loaded yet" in i.value and "only spend (2 rows) is loaded" in i.value for i in at.info
    )


def test_an_empty_cohort_view_on_friction_holds_no_lead_and_blames_no_window(open_page):
    # June 2026 holds no lead (cohort mode, the default)
    june = {"from": "2026-06-01", "to": "2026-06-30", config.FRICTION_VIEW_PARAM: "points"}
    at = open_page(AHEAD_LEADS, [], "pages/4_Friction.py", **june)
    [note] = [i.value for i in at.info if i.value.startswith("Nothing could be judged")]
    assert "it holds 0 leads" in note and "conversion window" not in note


def test_an_empty_accounts_view_points_to_nothing_above(open_page):
    at = open_page(AHEAD_LEADS, [], "pages/5_Accounts.py", **{"from": "2026-06-01", "to": "2026-06-30"})
    said = [i.value for i in at.info]
    assert any(s.startswith("No account is in this view") for s in said)
    assert not any("see why just above" in s for s in said)
