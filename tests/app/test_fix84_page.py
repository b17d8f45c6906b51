"""Trial 78's findings 2–6 on the Funnel page in AppTest, over tests/unit/test_fix84.py's leads and accounts (counted
by hand there): accounts-only segments by lead, the undated note by account, the cohorts caption in activity mode,
the time to convert's borrowed dates and "(none)" in the drill-down list."""

from __future__ import annotations

import pytest
import streamlit as st
from db_copies import built_copy
from streamlit.testing.v1 import AppTest
from trial78_fixture import fill

from dashboard import config

FUNNEL = "pages/1_Funnel.py"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def open_funnel(tmp_path, monkeypatch):
    path = str(tmp_path / "fix84.duckdb")
    built_copy(f"{__name__} fix84", lambda db, _folder: fill(db), path)[0].close()
    monkeypatch.setenv(config.DB_ENV_VAR, path)
    st.cache_data.clear()
    st.cache_resource.clear()

    def factory(**query: str) -> AppTest:
        at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(FUNNEL).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield factory
    st.cache_data.clear()
    st.cache_resource.clear()


def segment_filter(at: AppTest):
    return at.sidebar.multiselect(key="flt_segment")


def test_by_lead_the_sidebar_offers_the_leads_segments_and_says_where_the_others_apply(open_funnel):
    at = open_funnel(**MARCH)
    segments = segment_filter(at)
    # the leads' own segment only; Partner and Prospect (the accounts file's) apply by account
    assert segments.options == ["SMB", "(none)"]
    assert "2 more that only the accounts file has apply when counting by account" in segments.help
    # no lead has an industry: nothing to filter by lead, not even "(none)" (it would pick every lead)
    assert at.sidebar.multiselect(key="flt_industry").options == []
    next(r for r in at.sidebar.radio if r.label == "Count by").set_value("account").run()
    assert not at.exception
    assert segment_filter(at).options == ["SMB", "Partner", "Prospect", "(none)"]
    assert at.sidebar.multiselect(key="flt_industry").options == ["Software", "(none)"]
    assert not segment_filter(at).help


def test_a_link_to_an_accounts_segment_by_lead_says_why_the_funnel_is_empty(open_funnel):
    at = open_funnel(segment="Partner", **MARCH)
    segments = segment_filter(at)
    # kept and marked, never dropped: switching to accounts counts it
    assert segments.value == ["Partner"]
    assert "Partner (accounts only)" in segments.options
    words = [i.value for i in at.info]
    assert any(w.startswith("Segment 'Partner': the accounts file's alone (no lead carries it)") for w in words), words
    assert not any("No leads match this view" in w for w in words)
    next(r for r in at.sidebar.radio if r.label == "Count by").set_value("account").run()
    assert not at.exception
    # ACC1 (a1, a2), created in March: an SQL account
    assert segment_filter(at).value == ["Partner"]
    assert not any("accounts file's alone" in i.value for i in at.info)


def test_the_activity_note_counts_accounts_by_account(open_funnel):
    at = open_funnel(mode="activity", count_by="account", **MARCH)
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith("Not counted here: of the accounts created in Mar 2026, 1 account reached MQL and 1 account")
        for c in captions
    ), captions


def test_the_cohorts_heatmap_says_it_counts_cohorts_in_activity_mode(open_funnel):
    at = open_funnel(mode="activity", count_by="account", view="cohorts", **MARCH)
    captions = [c.value for c in at.caption]
    assert any("These are cohorts whatever the Count choice" in c for c in captions), captions


def test_the_time_to_convert_caption_says_a_later_stage_dates_them(open_funnel):
    at = open_funnel(mode="activity", view="time", **MARCH)
    captions = [c.value for c in at.caption]
    assert any(
        "of the 3 leads at MQL, 1 with no MQL date of their own (dated by a later stage's date, by which the funnel "
        "counts them)" in c
        for c in captions
    ), captions


def test_the_drilldown_list_writes_a_blank_owner_as_none(open_funnel):
    at = open_funnel(step="lead", **MARCH)
    listed = next(d.value for d in at.dataframe if "Owner" in d.value.columns and "Lead" in d.value.columns)
    # b1 has neither owner nor persona, d1 no persona: as the breakdown names them
    assert sorted(listed["Owner"].tolist()) == ["(none)", "Ann", "Ann", "Ann", "Bob", "Bob", "Bob"]
    assert listed["Persona"].tolist().count("(none)") == 2
