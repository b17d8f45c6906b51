"""The funnel page's numbers on the hand-counted fixture (see tests/fixture_data.py).

The data's "today" is 2025-03-20 (deal D4's creation). Per lead, what it reached:
L1 MSOC (customer 27 days after creation) · L2 MSO · L3 M · L4 MS · L5 MSOC (customer after 29 days)
L6 MS (no dates) · L7 – (created 03-01) · L8 MS (created 03-10, MQL date before creation)
"""

from __future__ import annotations

from datetime import date

import pytest
from fixture_data import DEALS, LEADS, load

from dashboard import metrics
from dashboard.filters import Filters


def column(df, name):
    return df[name].tolist()


def test_window_cuts_late_conversions(con):
    # a 20-day window loses L1 (won after 27 days) and L5 (after 29 days) as customers
    assert column(metrics.funnel(con, Filters(window_days=20)), "count_leads") == [8, 7, 6, 3, 0]
    assert column(metrics.funnel(con, Filters(window_days=30)), "count_leads") == [8, 7, 6, 3, 2]


def test_young_leads_are_in_progress_not_dropped(con):
    # window 20: young = created after 2025-02-28 (L7, L8). MQL: L7 missing, young. SQL: L3 missing, old.
    # opportunity: L4, L6 (old) and L8 (young) missing. customer: L1, L2, L5 missing, all old.
    df = metrics.funnel(con, Filters(window_days=20))
    assert column(df, "count_dropped") == [0, 0, 1, 2, 3]
    assert column(df, "count_in_progress") == [0, 1, 0, 1, 0]


def test_without_window_only_the_lost_deal_is_dropped(con):
    # no window (trial 41): a lead not converted yet is not dropped out (L7, L3, L4 L6 L8); L2's only deal is lost
    df = metrics.funnel(con, Filters(window_days=0))
    assert column(df, "count_dropped") == [0, 0, 0, 0, 1]
    assert column(df, "count_in_progress") == [0, 1, 1, 3, 0]


def test_default_window_makes_the_young_fixture_in_progress_but_the_lost_deal(con):
    # every lead is young, but L2's only deal is lost: dropped out before Customer, not still in window (trial 41)
    df = metrics.funnel(con, Filters())
    assert column(df, "count_dropped") == [0, 0, 0, 0, 1]
    assert column(df, "count_in_progress") == [0, 1, 1, 3, 0]


def test_breakdown_top_n_and_other(con):
    # by leads: email 3, paid_search 3 (names break the tie), organic_search 2 -> Other
    df = metrics.breakdown(con, Filters(), "source", top_n=2)
    table = {v: column(g, "count_leads") for v, g in df.groupby("value", sort=False)}
    # the bucket names what it holds: one source, organic_search (#15)
    assert list(table) == ["email", "paid_search", "Other sources (1)"]
    assert table == {
        "email": [3, 3, 2, 0, 0],
        "paid_search": [3, 2, 2, 2, 1],
        "Other sources (1)": [2, 2, 2, 1, 1],
    }
    assert metrics.named_values(df) == ["email", "paid_search"]
    ok, sentence = metrics.reconcile(df, metrics.funnel(con, Filters()))
    assert ok and "8 leads" in sentence


def test_breakdown_table(con):
    table = metrics.breakdown_table(metrics.breakdown(con, Filters(), "source", top_n=2), ("lead", "mql"))
    assert list(table.columns) == ["Lead", "MQL"]
    assert table.to_dict("index") == {
        "email": {"Lead": 3, "MQL": 3},
        "paid_search": {"Lead": 3, "MQL": 2},
        "Other sources (1)": {"Lead": 2, "MQL": 2},
    }


def test_a_value_the_data_calls_other_is_never_summed_into_the_bucket(con):
    # #15: the bucket was labelled "Other" and grouped by its label, so a source called "Other" in the top N was
    # silently added to the rest. paid_search (L1 L2 L7) renamed "Other": by leads Other 3 and email 3 (a tie,
    # "O" sorts before "e"), organic_search 2 in the bucket
    leads = [(row[0], row[1], "Other" if row[2] == "paid_search" else row[2], *row[3:]) for row in LEADS]
    load(con, leads, DEALS)
    df = metrics.breakdown(con, Filters(), "source", top_n=2)
    counted = df[df["stage"] == "lead"].set_index("value")["count_leads"].to_dict()
    assert counted == {"Other": 3, "email": 3, "Other sources (1)": 2}
    assert metrics.named_values(df) == ["Other", "email"]


def test_breakdown_missing_values_are_a_bucket(con):
    df = metrics.breakdown(con, Filters(), "region")
    assert set(df["value"]) == {"(none)"}
    assert column(df, "count_leads") == [8, 7, 6, 3, 2]


def test_breakdown_refuses_unknown_dimension(con):
    with pytest.raises(ValueError, match="cannot break down"):
        metrics.breakdown(con, Filters(), "lead_id; drop table leads")


def test_reconcile_reports_a_gap(con):
    df = metrics.breakdown(con, Filters(), "source")
    ok, sentence = metrics.reconcile(df[df["value"] != "email"], metrics.funnel(con, Filters()))
    assert not ok and "Lead 5 ≠ 8" in sentence


def test_drilldown_reached_sql_paginated(con):
    assert metrics.drilldown_size(metrics.funnel(con, Filters()), "sql") == 6
    rows = metrics.drilldown(con, Filters(), "sql", "reached", page=0, page_size=4)
    assert column(rows, "lead_id") == ["L8", "L6", "L5", "L4"]
    rows = metrics.drilldown(con, Filters(), "sql", "reached", page=1, page_size=4)
    assert column(rows, "lead_id") == ["L2", "L1"]


def test_drilldown_lists_dropped_and_in_window_apart(con):
    # default window: L3 (MQL, never SQL) is young, so it is "still in window", not dropped out
    funnel = metrics.funnel(con, Filters())
    assert metrics.drilldown_size(funnel, "sql", "dropped") == 0
    assert column(metrics.drilldown(con, Filters(), "sql", "dropped"), "lead_id") == []
    assert metrics.drilldown_size(funnel, "sql", "in_window") == 1
    assert column(metrics.drilldown(con, Filters(), "sql", "in_window"), "lead_id") == ["L3"]
    # no window: L3 has not converted yet (trial 41: it read dropped out), nobody dropped out before SQL
    rows = metrics.drilldown(con, Filters(window_days=0), "sql", "in_window")
    assert column(rows, "lead_id") == ["L3"]
    assert column(metrics.drilldown(con, Filters(window_days=0), "sql", "dropped"), "lead_id") == []
    # window 20: the opportunity step lost L4 and L6 (old) and has L8 (young) still in the window
    twenty = Filters(window_days=20)
    assert sorted(column(metrics.drilldown(con, twenty, "opportunity", "dropped"), "lead_id")) == ["L4", "L6"]
    assert column(metrics.drilldown(con, twenty, "opportunity", "in_window"), "lead_id") == ["L8"]


def test_drilldown_csv_has_the_whole_list(con):
    text = metrics.drilldown_csv(con, Filters(), "opportunity").decode()
    lines = text.strip().splitlines()
    assert lines[0].startswith("lead_id,created_at,source")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["L1", "L2", "L5"]


def test_drilldown_of_empty_view(con):
    rows = metrics.drilldown(con, Filters(date_from=date(2030, 1, 1)), "mql")
    assert rows.empty


def test_cohorts_and_incomplete_marking(con):
    df = metrics.cohorts(con, Filters(window_days=30))
    assert [m.strftime("%Y-%m") for m in df["cohort_month"]] == ["2025-01", "2025-02", "2025-03"]
    assert column(df, "count_leads") == [3, 3, 2]
    assert column(df, "count_mqls") == [3, 3, 1]
    assert column(df, "count_sqls") == [2, 3, 1]
    assert column(df, "count_opportunities") == [2, 1, 0]
    assert column(df, "count_customers") == [1, 1, 0]
    # January's cohort ends 02-01; +30 days = 03-03, before the data's today (03-20): complete
    assert column(df, "is_incomplete") == [False, True, True]
    assert df["pct_sql"].iloc[0] == pytest.approx(2 / 3)
    # no window: a cohort with a lead still open may still convert (trial 41): January L3, February L4 and L6,
    # March L7 and L8
    assert column(metrics.cohorts(con, Filters(window_days=0)), "is_incomplete") == [True, True, True]


def test_time_to_convert_median_and_p90(con):
    df = metrics.time_to_convert(con, Filters()).set_index("from_stage")
    # lead->MQL: L1 1 d, L2 2 d, L3 5 d (L8's negative gap and borrowed dates left out)
    assert df.loc["lead", "count_converted"] == 3
    assert df.loc["lead", "median_days"] == pytest.approx(2)
    assert df.loc["lead", "p90_days"] == pytest.approx(2 + 0.8 * 3)
    # MQL->SQL: L1 2 d, L2 3 d, L8 7 d
    assert (df.loc["mql", "median_days"], df.loc["mql", "p90_days"]) == pytest.approx((3, 3 + 0.8 * 4))
    # SQL->opportunity: L1 2 d, L2 5 d
    assert (df.loc["sql", "median_days"], df.loc["sql", "p90_days"]) == pytest.approx((3.5, 2 + 0.9 * 3))
    # opportunity->customer: L1 22 d, L5 23 d
    assert (df.loc["opportunity", "median_days"], df.loc["opportunity", "p90_days"]) == pytest.approx((22.5, 22.9))


def test_time_to_convert_trend(con):
    df = metrics.time_to_convert_trend(con, Filters())
    jan = df[(df["month"] == "2025-01-01") & (df["from_stage"] == "lead")]
    # January lead->MQL conversions: L1 (1 d), L2 (2 d), L3 (5 d)
    assert (int(jan["count_converted"].iloc[0]), jan["median_days"].iloc[0]) == (3, 2)


def test_stalled(con):
    df = metrics.stalled(con, Filters()).set_index("stage")
    # L7 lead 19 days (limit 30); L3 MQL 54 days (limit 14); L4 SQL 43 days, L8 SQL 8 days (limit 14);
    # L6 has no SQL date; L2's only deal is lost; L1 and L5 are customers
    assert column(df, "count_in_stage") == [1, 1, 2, 0]
    assert column(df, "count_stalled") == [0, 1, 1, 0]
    assert df.loc["sql", "median_days_in_stage"] == pytest.approx(25.5)


def test_the_customers_and_wins_sentence_says_one_in_the_singular():
    # 1 customer + 1 deal without a lead + 1 repeat win - 1 customer without a win = 2 won deals
    one_of_each = metrics.CustomersAndWins(
        customers=1, won=2, won_without_lead=1, repeat_wins=1, won_leads_not_customers=0, customers_without_win=1
    )
    assert one_of_each.sentence(Filters()) == (
        "The funnel counts 1 customer (leads) where 2 deals were won in this view: 1 won deal has no lead in the "
        "funnel (counted by its own source: sales-sourced unless that is a marketing one); 1 is a second or later "
        "win of the same lead; 1 customer has no won deal in this "
        "view (their exported lifecycle stage says customer, or their win has no close date)."
    )
