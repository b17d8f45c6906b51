"""Ways of counting in files of their own: DuckDB binds and plans every branch of a statement before it cuts the ones
the view (or a flag) rules out. the funnel's two scans (funnel.sql: each unit's hits; funnel_entries.sql: an activity
view's stage entries over a date range; the entries branch was 40 % of funnel.sql's fixed cost) and the breakdown's
scan and rollup (breakdown.sql, breakdown_rollup.sql; the scan was 55 % of the rollup's answer). counted by hand on
the fixture (tests/fixture_data.py), the same numbers as before."""

from __future__ import annotations

import re
from datetime import date
from unittest import mock

import pytest

from dashboard import metrics, queries, rollups
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


def test_the_breakdown_s_scan_and_rollup_are_files_of_their_own():
    def reads_rollup(name: str) -> bool:
        return "funnel_rollup" in queries._strip_comments(queries.sql_text(name))

    assert "funnel_hits" in _calls("breakdown") and not reads_rollup("breakdown")
    assert "funnel_hits" not in _calls("breakdown_rollup") and reads_rollup("breakdown_rollup")
    for name in ("breakdown", "breakdown_rollup"):
        assert "from_rollup" not in queries.used_params(queries.sql_text(name))
    # one ranking for both (the top values, the bucket of the rest, the rows per stage): macros/breakdown_ranks.sql
    tails = {name: queries.sql_text(name).split("\n)\n", 1)[1] for name in ("breakdown", "breakdown_rollup")}
    assert tails["breakdown"] == tails["breakdown_rollup"]
    assert "breakdown_ranks(" in tails["breakdown"]


def _breakdown_ran(con, filters: Filters, dimension: str) -> tuple[list[str], list[tuple]]:
    names: list[str] = []
    real = queries.run

    def recording(c, name, params=None):
        names.append(name)
        return real(c, name, params)

    with mock.patch.object(metrics, "run", recording):
        df = metrics.breakdown(con, filters, dimension)
    return names, list(df[["value", "stage", "count_leads"]].itertuples(index=False, name=None))


def test_the_breakdown_reads_the_rollup_where_it_is_exact_by_hand(con):
    # by source over all months: paid_search L1 (won), L2 (opportunity), L7 (lead); email L3 (MQL), L4 (SQL), L8
    # (SQL); organic_search L5 (won), L6 (SQL). the rollup answers it (cohort, reached, default window)
    assert rollups.kept_by(con) and rollups.breakdown_exact(Filters(), "source")
    names, rows = _breakdown_ran(con, Filters(), "source")
    assert names == ["breakdown_rollup"]
    counts = {(value, stage): n for value, stage, n in rows}
    assert [counts["paid_search", s] for s in ("lead", "mql", "sql", "opportunity", "customer")] == [3, 2, 2, 2, 1]
    assert [counts["email", s] for s in ("lead", "mql", "sql", "opportunity", "customer")] == [3, 3, 2, 0, 0]
    assert [counts["organic_search", s] for s in ("lead", "mql", "sql", "opportunity", "customer")] == [2, 2, 2, 1, 1]
    # in order the rollup cannot answer: the scan, the same counts but L8's (MQL dated before its creation) SQL
    names, rows = _breakdown_ran(con, Filters(in_order=True), "source")
    assert names == ["breakdown"]
    counts = {(value, stage): n for value, stage, n in rows}
    assert [counts["email", s] for s in ("lead", "mql", "sql", "opportunity", "customer")] == [3, 2, 1, 0, 0]


def test_the_breakdown_scan_translates_to_spark_without_a_variant():
    # breakdown.spark.sql replaced the per_value cte that named funnel_rollup (a Spark build keeps no rollup); the scan
    # file has no such branch left, so it translates as it is
    spark_sql = pytest.importorskip("dashboard.spark_sql")
    params = {**Filters().to_params(), "dimension": "source", "top_n": 3, "other_label": "Other"}
    params["none_label"] = "(none)"
    sql, args = spark_sql.to_spark("breakdown", params)
    assert not {m.lower() for m in re.findall(r"([A-Za-z_]+)\(", sql)} & set(spark_sql.macros())
    assert "funnel_rollup" not in sql.lower() and set(re.findall(r":([a-z_0-9]+)", sql)) == set(args)
