"""The funnel's two scans in files of their own (funnel.sql: each unit's hits; funnel_entries.sql: an activity view's
stage entries over a date range): DuckDB binds and plans every branch of a statement before it cuts the ones the view
does not take, and the entries branch was 40 % of funnel.sql's fixed cost. counted by hand on the fixture
(tests/fixture_data.py), both paths the same numbers as before."""

from __future__ import annotations

import re
from datetime import date
from unittest import mock

import pytest

from dashboard import metrics, queries
from dashboard.filters import Filters

FEBRUARY = {"date_from": date(2025, 2, 1), "date_to": date(2025, 2, 28)}


def _calls(name: str) -> set[str]:
    # the macros a query file calls by name (comments left out)
    return set(re.findall(r"([a-z_]+)\(", queries._strip_comments(queries.sql_text(name))))


def test_each_funnel_scan_binds_only_its_own_counting():
    assert "funnel_hits" in _calls("funnel") and "stage_entries" not in _calls("funnel")
    assert "stage_entries" in _calls("funnel_entries") and "funnel_hits" not in _calls("funnel_entries")
    # no switch parameter left: a query that binds one branch has nothing to switch
    assert "by_entries" not in queries.used_params(queries.sql_text("funnel"))
    assert "by_entries" not in queries.used_params(queries.sql_text("funnel_entries"))


def _ran(con, filters: Filters) -> list[str]:
    names: list[str] = []
    real = queries.run

    def recording(c, name, params=None):
        names.append(name)
        return real(c, name, params)

    with mock.patch.object(metrics, "run", recording):
        metrics.funnel_from(con, filters, use_rollup=False)
    return names


def test_the_funnel_scan_is_chosen_by_the_view(con):
    assert _ran(con, Filters(mode="activity", **FEBRUARY)) == ["funnel_entries"]
    assert _ran(con, Filters(mode="activity", date_from=date(2025, 2, 1))) == ["funnel_entries"]
    # activity without dates counts every unit's hits, and the cohort always does
    assert _ran(con, Filters(mode="activity")) == ["funnel"]
    assert _ran(con, Filters(**FEBRUARY)) == ["funnel"]


def test_activity_february_from_the_entries_by_hand(con):
    # entries dated in February: created L4 (3 Feb), L5 (14 Feb), L6 (20 Feb); MQL L4 (its SQL's 5 Feb: an SQL
    # without an MQL date reached MQL then) and L5 (its won deal's 20 Feb); SQL L4 (5 Feb), L5 (20 Feb); opportunity
    # L5 (D3 created 20 Feb); customer L1 (D1 won 1 Feb). nothing is in progress in activity mode
    df = metrics.funnel_from(con, Filters(mode="activity", **FEBRUARY), use_rollup=False)
    assert df["count_leads"].tolist() == [3, 2, 2, 1, 1]
    assert df["count_in_progress"].tolist() == [0, 0, 0, 0, 0]
    assert df["count_dropped"].tolist() == [0, 1, 0, 1, 0]
    assert df["pct_of_previous"].tolist()[1:] == [pytest.approx(2 / 3), 1.0, 0.5, 1.0]
    assert df["count_in_progress"].dtype == "int64" and df["count_leads"].dtype == "int64"


def test_cohort_february_from_the_hits_by_hand(con):
    # February's cohort: L4 (SQL), L5 (won: every stage), L6 (SQL by its lifecycle stage alone). the data's today is
    # 2025-03-20, inside the 180-day window of all three: L4 and L6, SQLs without a deal and not closed out, are
    # still in the window before opportunity; L5 won within it (14 Feb to 15 Mar)
    df = metrics.funnel_from(con, Filters(**FEBRUARY), use_rollup=False)
    assert df["count_leads"].tolist() == [3, 3, 3, 1, 1]
    assert df["count_in_progress"].tolist() == [0, 0, 0, 2, 0]
    assert df["count_dropped"].tolist() == [0, 0, 0, 0, 0]
