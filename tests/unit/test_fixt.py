"""Trial 65's time dimension (and trial 64's month axis), counted by hand from the five leads of
tests/trial65_fixture.py (A1-A5, June and July 2026; the data ends 11 Jul)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from db_copies import built_copy
from fixture_data import load
from trial65_fixture import LEADS

from dashboard import charts, metrics, overview
from dashboard.cli import metrics_document
from dashboard.filters import Filters


@pytest.fixture
def five():
    con, _ = built_copy(f"{__name__} five", lambda db, _folder: load(db, LEADS, []))
    yield con
    con.close()


def test_sparklines_and_the_alignment_chart_start_at_the_data_s_first_month(five):
    # finding 7: Jul 2026's twelve months run from Aug 2025, but the data starts in June 2026: a month before it has
    # no data, not 0. Leads: June 3 (A1, A2, A3), July 2 (A4, A5); MQL entries: June 1 (A1), July 2 (A2, A4)
    tiles = {k.key: k for k in overview.kpis(five, Filters(), "2026-07")}
    assert tiles["leads"].trend == (3.0, 2.0)
    assert tiles["mqls"].trend == (1.0, 2.0)
    assert tiles["revenue"].trend == (0.0, 0.0)
    months = overview.alignment_months(five, Filters(), "2026-07")
    assert [pd.Timestamp(m) for m in months["month"]] == [pd.Timestamp("2026-06-01"), pd.Timestamp("2026-07-01")]


def test_a_window_times_only_steps_completed_within_it_and_the_gap_is_told(five):
    # finding 1 and 6, window 30. At MQL: A1 (2 d), A2 (its SQL on day 10), A3 (CRM stage), A4 (4 d) = 4.
    # Timed: A1 2 and A4 4 -> n 2, median 3.0; left out: A3 (no MQL date), A2 (MQL on day 40, after the window).
    # At SQL: A1 (day 12) and A2 (day 10) = 2; timed A1's 10 days; A2's SQL is 30 days before its MQL (out of order)
    times = metrics.time_to_convert(five, Filters(window_days=30)).set_index("to_stage")
    cols = ["count_reached", "count_converted", "count_undated", "count_after_window", "count_out_of_order"]
    assert times.loc["mql", cols].tolist() == [4, 2, 1, 1, 0]
    assert times.loc["mql", "median_days"] == 3.0
    assert times.loc["sql", cols].tolist() == [2, 1, 0, 0, 1]
    assert times.loc["sql", "median_days"] == 10.0
    note = metrics.not_timed_note(times.reset_index(), Filters(window_days=30))
    assert note is not None
    assert "in order, the later within the 30-day window" in note
    assert (
        "of the 4 leads at MQL, 1 with no MQL date of their own and 1 whose MQL date is more than 30 days after the "
        "creation (at MQL because a later stage was reached within the window); of the 2 leads at SQL, 1 whose SQL "
        "date is before the MQL date." in note
    )
    # no window: A2's 40 days count -> 2, 4, 40: n 3, median 4.0; only A3 is left out of lead -> MQL
    whole = metrics.time_to_convert(five, Filters(window_days=0)).set_index("to_stage")
    assert whole.loc["mql", cols].tolist() == [4, 3, 1, 0, 0]
    assert whole.loc["mql", "median_days"] == 4.0


def test_the_trend_leaves_out_a_step_completed_after_the_window(five):
    # window 30, lead -> MQL by the month of the MQL: June A1 (2 d); July A4 (4 d) alone, A2's 40 days left out
    trend = metrics.time_to_convert_trend(five, Filters(window_days=30))
    mql = trend[trend["to_stage"] == "mql"].set_index("month")
    assert mql["count_converted"].tolist() == [1, 1]
    assert mql["median_days"].tolist() == [2.0, 4.0]


def test_the_trend_chart_names_its_month_marks_the_partial_one_and_hollows_few_conversions():
    # finding 3: June from 6 conversions (solid, on the line), July from 2 (hollow, off it); the data ends 11 Jul
    trend = pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-06-01", "2026-07-01"]),
            "step": ["Lead → MQL"] * 2,
            "median_days": [3.0, 5.0],
            "p90_days": [4.0, 6.0],
            "count_converted": [6, 1],
        }
    )
    through = metrics.shown_through(trend["month"], date(2026, 7, 11))
    assert through == date(2026, 7, 11)
    # a data end in a month the chart does not show is no partial month of it
    assert metrics.shown_through(trend["month"][:1], date(2026, 7, 11)) is None
    fig = charts.time_to_convert_trend(trend, unit="leads", through=through)
    line, few = fig.data
    assert line.mode == "lines+markers" and list(line.y[:1]) == [3.0] and pd.isna(line.y[1])
    assert few.mode == "markers" and few.marker.symbol == "circle-open" and pd.isna(few.y[0]) and few.y[1] == 5.0
    assert list(line.hovertext) == ["6 leads", "1 lead"]
    assert fig.layout.xaxis.title.text == "Month the later stage was reached"
    assert len(fig.layout.shapes) == 1 and fig.layout.annotations[0].text == "to 11 Jul"
    caption = metrics.time_trend_caption(Filters())
    assert "placed by the month the later stage was reached, not the month the lead was created" in caption
    assert "fewer than 5 conversions" in caption


def test_the_cohort_heatmap_shows_counts_and_downloads_them(five):
    # finding 4, no window. June: 3 leads, MQL 3 (A1, A2, A3), SQL 2 (A1, A2), none further; July: 2 leads,
    # MQL 1 (A4). Both incomplete: open leads with no window
    cohorts = metrics.cohorts(five, Filters(window_days=0))
    fig = charts.cohort_heatmap(cohorts, unit="leads")
    heat = fig.data[0]
    assert list(heat.text[0]) == ["100.0% (3)", "66.7% (2)", "0.0% (0)", "0.0% (0)"]
    assert list(heat.text[1]) == ["50.0% (1)", "0.0% (0)", "0.0% (0)", "0.0% (0)"]
    assert heat.customdata[0][1] == "2 of 3 leads"
    lines = metrics.cohorts_csv(cohorts, Filters(window_days=0)).decode().splitlines()
    assert lines[0] == "cohort_month,Lead,MQL,% MQL,SQL,% SQL,Opportunity,% Opportunity,Customer,% Customer,incomplete"
    assert lines[1:] == ["2026-06,3,3,100.0,2,66.7,0,0.0,0,0.0,True", "2026-07,2,1,50.0,0,0.0,0,0.0,0,0.0,True"]


def test_one_customer_is_not_one_customers():
    # finding 8: 2 leads, 1 customer, one part
    total = pd.DataFrame({"stage": ["lead", "customer"], "label": ["Lead", "Customer"], "count_leads": [2, 1]})
    parts = total.assign(value="web")
    ok, sentence = metrics.reconcile(parts, total, "leads")
    assert ok and sentence.endswith("2 leads, 1 customer.")
    funnel = total.assign(team=["marketing", "sales"])
    assert list(charts.funnel(funnel, show_dropoff=False, rates=False).data[0].hovertext) == ["2 leads", "1 lead"]


def test_a_monthly_axis_labels_each_month_once():
    # trial 64 finding 4: five months (Jul-Nov) got Plotly's own ticks, every two weeks ("Aug 2026" twice)
    months = pd.Series(pd.date_range("2026-07-01", periods=5, freq="MS"))
    frame = pd.DataFrame(
        {
            "month": months,
            "pipeline_marketing": [1.0] * 5,
            "pipeline_sales": [0.0] * 5,
            "pipeline_unknown": [0.0] * 5,
            "pipeline_influenced": [1.0] * 5,
        }
    )
    axis = charts.sourced_by_month(frame).layout.xaxis
    assert (axis.dtick, pd.Timestamp(axis.tick0), axis.tickformat) == ("M1", pd.Timestamp("2026-07-01"), "%b %Y")
    # 30 months: a tick every fifth month (30 / 6), at most 6 ticks
    long = charts.month_axis(go.Figure(), pd.Series(pd.date_range("2024-01-01", periods=30, freq="MS")))
    assert long.layout.xaxis.dtick == "M5"


def test_in_order_a_lead_dated_out_of_order_is_out_not_still_to_convert(five):
    # finding 2, stages in order, 180-day window (every lead is younger). At MQL in order: A1, A2 (its MQL on 11 Jul
    # is after its creation), A3 (no date), A4 = 4; at SQL in order: A1 alone (A2's SQL is before its MQL).
    # Not at SQL: A2, A3, A4; A3 and A4 may still get there (2), A2 never can in order: dropped out (1)
    funnel = metrics.funnel(five, Filters(in_order=True)).set_index("stage")
    assert funnel.loc["sql", ["count_leads", "count_dropped", "count_in_progress"]].tolist() == [1, 1, 2]
    # not in order: A2 is at SQL (2), and nobody dropped out before it
    loose = metrics.funnel(five, Filters()).set_index("stage")
    assert loose.loc["sql", ["count_leads", "count_dropped", "count_in_progress"]].tolist() == [2, 0, 2]
    assert "or a stage dated before the one before it" in metrics.funnel_chart_caption(Filters(in_order=True), "leads")


def test_the_metrics_json_has_time_to_convert(five):
    # finding 5, window 30 (as above): lead -> MQL timed A1 2 d and A4 4 d: median 3.0, p90 2 + 0.9 x (4 - 2) = 3.8;
    # MQL -> SQL A1's 10 d alone; nobody at opportunity
    doc = metrics_document(five, Filters(window_days=30))["time_to_convert"]
    assert [(r["from"], r["to"]) for r in doc] == [
        ("lead", "mql"),
        ("mql", "sql"),
        ("sql", "opportunity"),
        ("opportunity", "customer"),
    ]
    first = doc[0]
    assert (first["count"], first["median_days"], first["p90_days"]) == (2, 3.0, pytest.approx(3.8))
    assert (first["reached"], first["undated"], first["after_window"], first["out_of_order"]) == (4, 1, 1, 0)
    assert doc[1] == {
        "from": "mql",
        "to": "sql",
        "count": 1,
        "median_days": 10.0,
        "p90_days": 10.0,
        "reached": 2,
        "out_of_order": 1,
        "undated": 0,
        "after_window": 0,
    }
    assert doc[2]["count"] == 0 and doc[2]["median_days"] is None and doc[2]["p90_days"] is None
