"""The funnel page in AppTest: numbers, mode switch, breakdown switch, drill-down contents."""

from __future__ import annotations

import base64
import json

import numpy as np


def open_funnel(make_app, **query):
    at = make_app(**query).run()
    at.switch_page("pages/1_Funnel.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart(at, index=0):
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def numbers(trace_values):
    if isinstance(trace_values, dict):  # plotly's base64 typed arrays
        return np.frombuffer(base64.b64decode(trace_values["bdata"]), dtype=trace_values["dtype"]).tolist()
    return list(trace_values)


def test_funnel_chart_has_stages_counts_and_labels(make_app):
    at = open_funnel(make_app)
    spec = chart(at)
    reached = spec["data"][0]
    assert reached["y"] == ["Lead", "MQL", "SQL", "Opportunity", "Customer"]
    assert numbers(reached["x"]) == [8, 7, 6, 3, 2]
    notes = [a["text"] for a in spec["layout"]["annotations"]]
    assert "<b>7</b> · 87.5% of previous · 87.5% of leads" in notes
    assert any("Hand-over" in (t.get("name") or "") for t in spec["data"])
    assert at.markdown[0].value.startswith("Cohort mode: all leads, each followed for 180 days")


def test_mode_switch_changes_sentence_and_numbers(make_app):
    at = open_funnel(make_app, **{"from": "2025-02-01", "to": "2025-02-28"})
    assert numbers(chart(at)["data"][0]["x"]) == [3, 3, 3, 1, 1]
    at.sidebar.radio[0].set_value("activity").run()
    assert not at.exception
    assert at.markdown[0].value.startswith("Activity mode: each stage counts the leads that entered it in Feb 2025")
    assert numbers(chart(at)["data"][0]["x"]) == [3, 2, 2, 1, 1]
    # activity mode shows no drop-off bars: entries of a month are not one group of people
    assert [t["type"] for t in chart(at)["data"] if t["type"] == "bar"] == ["bar"]


def test_breakdown_switch_and_reconciliation(make_app):
    at = open_funnel(make_app)
    assert any(c.value == "The 3 parts add up to the total at every stage: 8 leads, 2 customers." for c in at.caption)
    at.selectbox(key="pg_breakdown").set_value("persona").run()
    assert not at.exception
    assert at.query_params["breakdown"] == "persona"
    names = [t["name"] for t in chart(at, 1)["data"]]
    assert names == ["CFO", "CMO"]
    assert any("The 2 parts add up" in c.value for c in at.caption)


def test_drilldown_lists_the_step_leads(make_app):
    at = open_funnel(make_app)
    at.selectbox(key="pg_step").set_value("sql").run()
    table = at.dataframe[1].value
    assert sorted(table["Lead"]) == ["L1", "L2", "L4", "L5", "L6", "L8"]
    # L3 (MQL, never SQL) is younger than the 180-day window: "still in window" in the funnel table, so it is
    # listed there and not among those who dropped out
    at.radio(key="pg_list").set_value("dropped").run()
    assert not at.exception
    assert at.dataframe[1].value["Lead"].tolist() == []
    assert any(c.value.startswith("0 leads dropped out before SQL") for c in at.caption)
    at.radio(key="pg_list").set_value("in_window").run()
    assert at.dataframe[1].value["Lead"].tolist() == ["L3"]
    assert any(c.value.startswith("1 lead is still in the window before SQL") for c in at.caption)
    assert at.query_params["step"] == "sql" and at.query_params["list"] == "in_window"


def test_url_restores_page_choices(make_app):
    at = open_funnel(make_app, breakdown="segment", step="mql")
    assert at.selectbox(key="pg_breakdown").value == "segment"
    assert at.selectbox(key="pg_step").value == "mql"


def test_compare_two_values(make_app):
    at = open_funnel(make_app)
    at.selectbox(key="pg_compare_a").set_value("email").run()
    at.selectbox(key="pg_compare_b").set_value("paid_search").run()
    spec = chart(at, 2)
    assert [t["name"] for t in spec["data"]] == ["Email", "Paid search"]  # in words; the URL keeps the codes
    assert spec["data"][0]["text"] == ["3", "3", "2", "0", "0"]
    assert spec["data"][1]["text"] == ["3", "2", "2", "2", "1"]


def test_empty_range_explains_itself(make_app):
    at = open_funnel(make_app, **{"from": "2025-03-21", "to": "2025-03-31"})
    assert any("No leads match this view" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_cohort_view(make_app):
    at = open_funnel(make_app, window="30", view="cohorts")
    heat = chart(at, 1)["data"][0]
    assert heat["y"] == ["Jan 2025 · 3", "Feb 2025 (incomplete) · 3", "Mar 2025 (incomplete) · 2"]


def test_time_view(make_app):
    at = open_funnel(make_app)
    at.radio(key="pg_view").set_value("time").run()
    assert not at.exception
    assert at.query_params["view"] == "time"
    ttc = at.dataframe[2].value
    assert ttc["Median days"].tolist() == [2.0, 3.0, 3.5, 22.5]
    stalled = at.dataframe[3].value
    assert stalled["Stalled"].tolist() == [0, 1, 1, 0]
