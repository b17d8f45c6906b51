"""The SLA page at 10 M leads: its marketing side read from the entries rollup (months counted by hand on a small
fixture written here, the rollup read only where it is exact, the same rows as the scan for random data and views),
and its waiting and breach lists read from the creation moments that can hold them (counted by hand, and the same
lists as the whole scan for random data, views and list lengths)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from unittest import mock

import pandas as pd
import sqlglot
from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)
from test_rollups import any_views

from dashboard import config, queries, rollups, sla, spark_sql, store, targets
from dashboard.filters import Filters

T = datetime
# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    ("A1", T(2025, 1, 5), "email", "CFO", "SMB", "Ann", "mql", T(2025, 1, 20), None, None),
    # created in January, an MQL in February
    ("A2", T(2025, 1, 25), "email", "CFO", "SMB", "Ann", "mql", T(2025, 2, 3), None, None),
    ("A3", T(2025, 2, 10), "paid", "CMO", "SMB", "Bob", "lead", None, None, None),
    ("A4", T(2025, 2, 11), "paid", "CMO", "SMB", "Bob", "sql", T(2025, 2, 12), T(2025, 2, 13), T(2025, 2, 13, 1)),
    # created on March's last evening, an MQL in April's first hour
    ("A5", T(2025, 3, 31, 23), "email", "CFO", "SMB", "Ann", "mql", T(2025, 4, 1, 1), None, None),
    # an SQL without an MQL date: its MQL entry is the SQL's
    ("A6", T(2025, 4, 2), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 4, 3), None),
]


def _fixture(con) -> None:
    load(con, LEADS, [])
    with store.transaction(con):
        con.execute("insert into targets values (date '2025-02-01', 'leads', 2, null, 'marketing')")
        con.execute("insert into targets values (date '2025-05-01', 'mqls', 5, null, 'marketing')")


def _rows(df: pd.DataFrame) -> list[list]:
    return [
        [str(r.month)[:7], r.metric, int(r.delivered), None if pd.isna(r.promised) else float(r.promised)]
        for r in df.itertuples()
    ]


def test_the_marketing_side_from_the_rollup_by_hand(mem):  # noqa: F811
    _fixture(mem)
    rows = queries.run(mem, "sla_marketing_rollup", targets.params(Filters()))
    # leads by created month: January A1, A2; February A3, A4; March A5; April A6. MQL entries by their month:
    # January A1; February A2, A4; April A5, A6 (A6 by its SQL date); March none (no row). May: promised 5, none
    # delivered; February's 2 leads promised 2
    assert _rows(rows) == [
        ["2025-01", "leads", 2, None],
        ["2025-01", "mqls", 1, None],
        ["2025-02", "leads", 2, 2.0],
        ["2025-02", "mqls", 2, None],
        ["2025-03", "leads", 1, None],
        ["2025-04", "leads", 1, None],
        ["2025-04", "mqls", 2, None],
        ["2025-05", "mqls", 0, 5.0],
    ]
    # attainment: delivered over promised where something was promised (February's leads 2/2, May's MQLs 0/5)
    assert rows["attainment"].fillna(-1).tolist() == [-1, -1, 1.0, -1, -1, -1, -1, 0.0]
    # February and March, email only: A2's MQL, A5's creation
    view = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 3, 31), sources=("email",))
    assert _rows(queries.run(mem, "sla_marketing_rollup", targets.params(view)))[:2] == [
        ["2025-02", "mqls", 1, None],
        ["2025-03", "leads", 1, None],
    ]


def test_the_page_reads_the_rollup_only_where_it_is_exact(mem):  # noqa: F811
    _fixture(mem)
    with mock.patch.object(sla, "run", wraps=sla.run) as spy:
        sla.marketing_delivery(mem, Filters())
        sla.marketing_delivery(mem, Filters(date_from=date(2025, 2, 1), date_to=date(2025, 3, 31)))
        sla.marketing_delivery(mem, Filters(count_by="account", in_order=True, mode="activity"))
        sla.marketing_delivery(mem, Filters(date_from=date(2025, 2, 2)))  # not a month's first day
        sla.marketing_delivery(mem, Filters(date_to=date(2025, 3, 30)))  # not a month's last day
        reads = [c.args[1] for c in spy.call_args_list]
    assert reads == ["sla_marketing_rollup"] * 3 + ["sla_marketing"] * 2
    # the scan's rows, the same as the rollup's
    assert _rows(sla.marketing_delivery(mem, Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31)))) == [
        ["2025-01", "leads", 2, None],
        ["2025-01", "mqls", 1, None],
    ]


@st.composite
def marketing_views(draw):
    """Views of every kind over whole months (or open), in either mode and stage-order rule, counting either unit."""
    view = draw(any_views(whole_months=True))
    return dataclasses.replace(
        view,
        mode=draw(st.sampled_from(config.MODES)),
        in_order=draw(st.booleans()),
        count_by=draw(st.sampled_from(["lead", "account"])),
    )


@PROPS
@given(data=datasets(), view=marketing_views(), promised=st.lists(st.integers(0, 5), max_size=6))
def test_the_marketing_side_counts_the_scan_whichever_path_it_takes(mem, data, view, promised):  # noqa: F811
    load(mem, *data)
    with store.transaction(mem):
        for i, value in enumerate(promised):
            mem.execute(
                "insert into targets values (?, ?, ?, null, 'marketing')",
                [date(2025, 1 + i, 1), ("leads", "mqls")[i % 2], value],
            )
    assert rollups.months_exact(view)
    from_rollup = sla.marketing_delivery(mem, view)
    with mock.patch.object(rollups, "months_exact", return_value=False):
        from_scan = sla.marketing_delivery(mem, view)
    pd.testing.assert_frame_equal(from_rollup, from_scan)


# the lists' fixture: a 60-minute SLA around the clock from the SQL date; the data's today is Z0's creation,
# 30 June 2025 12:00. lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, contact
LIST_LEADS = [
    # contacted after 30 minutes: within the SLA, on no list
    ("B1", T(2025, 1, 10), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 1, 10, 9), T(2025, 1, 10, 9, 30)),
    # contacted after 180 minutes: late
    ("B2", T(2025, 1, 12), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 1, 12, 9), T(2025, 1, 12, 12)),
    # never contacted, its clock older than the 30-day horizon: 149 days and 3 hours, 214,740 minutes
    ("B3", T(2025, 2, 1), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 2, 1, 9), None),
    # late by 180 minutes too: the same wait as B2, after it by lead id
    ("B6", T(2025, 3, 1), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 3, 1, 10), T(2025, 3, 1, 13)),
    # waiting 10 days (14,400 minutes): overdue, on both lists
    ("B4", T(2025, 6, 20), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 6, 20, 12), None),
    # waiting 30 minutes: not due yet, waiting only
    ("B5", T(2025, 6, 30), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 6, 30, 11, 30), None),
    ("Z0", T(2025, 6, 30, 12), "paid", "CMO", "SMB", "Bob", "lead", None, None, None),
]


def _lists(lists: dict[str, pd.DataFrame]) -> dict[str, list[tuple[str, float, str]]]:
    return {k: [(r.lead_id, float(r.minutes_waited), r.status) for r in df.itertuples()] for k, df in lists.items()}


def test_the_lists_from_the_creation_moments_that_hold_them_by_hand(mem):  # noqa: F811
    load(mem, LIST_LEADS, [])
    settings = sla.SlaSettings()
    with mock.patch.object(sla, "run", wraps=sla.run) as spy:
        two = sla.lead_lists(mem, Filters(), settings, 2)
        reads = [(c.args[1], c.args[2].get("created_from")) for c in spy.call_args_list]
    assert _lists(two) == {
        "waiting": [("B4", 14400.0, "waiting_overdue"), ("B5", 30.0, "waiting")],
        "breached": [("B3", 214740.0, "never_contacted"), ("B4", 14400.0, "waiting_overdue")],
    }
    # the bounds first, then each list from its own creation moments: waiting B4 and B5 (20 to 30 June), breached
    # B3 and B4 (1 February to 20 June)
    assert reads == [
        ("sla_lead_list_bounds", sla.EARLIEST),
        ("sla_lead_lists", T(2025, 6, 20)),
        ("sla_lead_lists", T(2025, 2, 1)),
    ]
    # three rows: B2 and B6 tie at 180 minutes, B2 first by its id; both can be the third, so the breached list is
    # read from B2's creation (12 January) on
    three = sla.lead_lists(mem, Filters(), settings, 3)
    assert _lists(three)["breached"] == [
        ("B3", 214740.0, "never_contacted"),
        ("B4", 14400.0, "waiting_overdue"),
        ("B2", 180.0, "late"),
    ]
    bounds = queries.run(mem, "sla_lead_list_bounds", {**sla._params(Filters(), settings), "row_limit": 3})
    assert bounds["first_created_at"].tolist() == [pd.Timestamp(2025, 6, 20), pd.Timestamp(2025, 1, 12)]
    # in business hours, for the whole list (the CSV) and for a view from a first date, the one query
    with mock.patch.object(sla, "run", wraps=sla.run) as spy:
        sla.lead_lists(mem, Filters(), sla.SlaSettings(business_hours=True), 2)
        sla.lead_list(mem, Filters(), settings)
        sla.lead_lists(mem, Filters(date_from=date(2025, 1, 1)), settings, 2)
        assert [c.args[1] for c in spy.call_args_list] == ["sla_lead_lists"] * 3
    # no lead on a list (B1 alone): both lists empty, with the query's columns
    load(mem, LIST_LEADS[:1] + LIST_LEADS[-1:], [])
    empty = sla.lead_lists(mem, Filters(), settings, 2)
    assert [len(df) for df in empty.values()] == [0, 0]
    assert list(empty["waiting"].columns) == list(two["waiting"].columns)


@PROPS
@given(data=datasets(), view=any_views(), minutes=st.sampled_from([1, 30, 60, 600]), limit=st.integers(1, 6))
def test_the_lists_are_the_whole_scan_s_whichever_path_they_take(mem, data, view, minutes, limit):  # noqa: F811
    load(mem, *data)
    settings = sla.SlaSettings(minutes=minutes)
    params = {**sla._params(view, settings), "row_limit": limit, "created_from": sla.EARLIEST, "created_to": sla.LATEST}
    bounded = sla.bounded_lists(mem, params)
    whole = sla._split(queries.run(mem, "sla_lead_lists", params))
    for kind in sla.LIST_KINDS:
        pd.testing.assert_frame_equal(bounded[kind], whole[kind])


def test_a_list_of_quantiles_becomes_an_array_of_each_on_spark():
    out = spark_sql.translate_tree(
        sqlglot.parse_one(
            "with g as (select quantile_cont(y, [0.5, 0.95]) as q from t) select q[1], q[2] from g", read="duckdb"
        ),
        [],
        {},
    )
    # the SLA queries' median and 95th percentile from one sort: one interpolation per fraction, in an array that
    # Spark indexes from 0
    assert out.startswith("WITH g AS (SELECT ARRAY(CASE WHEN SIZE(ARRAY_SORT(COLLECT_LIST(y))) = 0 THEN NULL")
    assert "(CAST(0.5 AS DOUBLE)) * (SIZE(ARRAY_SORT(COLLECT_LIST(y))) - 1)" in out
    assert "(CAST(0.95 AS DOUBLE)) * (SIZE(ARRAY_SORT(COLLECT_LIST(y))) - 1)" in out
    assert out.endswith("SELECT q[0], q[1] FROM g")
