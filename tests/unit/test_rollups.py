"""The funnel and entries rollups: counted by hand on the fixture (tests/fixture_data.py), the same numbers as the
scan for random data and views, and the rule that says when each may answer."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from unittest import mock

import pytest
from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)

from dashboard import changes, config, metrics, overview, queries, rollups
from dashboard.filters import Filters

COUNTS = ["leads", "mql", "sql", "opportunity", "customer"]
YOUNG = ["young_mql", "young_sql", "young_opportunity", "young_customer"]


def rollup_row(con, month: str, dimension: str, value: str | None) -> dict:
    row = con.execute(
        "select * from funnel_rollup where month = $month and dimension = $dimension "
        "and value is not distinct from $value",
        {"month": month, "dimension": dimension, "value": value},
    ).df()
    assert len(row) == 1
    return row.iloc[0].to_dict()


def test_rollup_rows_counted_by_hand(con):
    # January's cohort: L1 MSOC, L2 MSO, L3 M. The data's today is 2025-03-20, so under the default
    # 180-day window every lead is young: L3 (MQL, not SQL) is in progress; L2 (opportunity, not customer) has
    # dropped out, its only deal lost (trial 41)
    january = rollup_row(con, "2025-01-01", "all", None)
    assert [january[c] for c in COUNTS] == [3, 3, 2, 2, 1]
    assert [january[c] for c in YOUNG] == [0, 1, 0, 0]
    # March's email lead L8: MQL dated before its creation, reached (the rollup does not count in order)
    march_email = rollup_row(con, "2025-03-01", "source", "email")
    assert [march_email[c] for c in COUNTS] == [1, 1, 1, 0, 0]
    # per owner the months add up: Ann has L1, L3 (Jan), L5 (Feb), L7 (Mar)
    ann = [rollup_row(con, m, "owner", "Ann")["leads"] for m in ("2025-01-01", "2025-02-01", "2025-03-01")]
    assert ann == [2, 1, 1]


def test_funnel_from_the_rollup_by_hand(con):
    january = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert rollups.exact(january)
    df = metrics.funnel_from(con, january, use_rollup=True)
    assert df["stage"].tolist() == list(config.STAGES)
    assert df["count_leads"].tolist() == [3, 3, 2, 2, 1]
    assert df["count_in_progress"].tolist() == [0, 0, 1, 0, 0]
    assert df["count_dropped"].tolist() == [0, 0, 0, 0, 1]
    assert df["pct_of_previous"].tolist()[1:] == [1.0, pytest.approx(2 / 3), 1.0, 0.5]
    # email over all months: L3 (M), L4 (MS), L8 (MS), as the breakdown counts it
    email = metrics.funnel_from(con, Filters(sources=("email",)), use_rollup=True)
    assert email["count_leads"].tolist() == [3, 3, 2, 0, 0]


def test_the_rollup_follows_an_import(con):
    # a new January lead that became an MQL: the rollup is rebuilt in the import's transaction
    from fixture_data import DEALS, LEADS, T

    load(con, [*LEADS, ("L9", T(2025, 1, 30), "email", "CFO", "SMB", "Ann", None, T(2025, 2, 1), None, None)], DEALS)
    january = rollup_row(con, "2025-01-01", "all", None)
    assert [january[c] for c in COUNTS] == [4, 4, 2, 2, 1]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (Filters(), True),
        (Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)), True),
        (Filters(in_order=True), False),  # the rollup counts stages reached
        (Filters(date_from=date(2025, 2, 1), sources=("a", "b")), True),  # one dimension, several values
        (Filters(date_to=date(2024, 2, 29)), True),  # a leap February's last day
        (Filters(date_from=date(2025, 1, 2)), False),  # not a month's first day
        (Filters(date_to=date(2025, 1, 30)), False),  # not a month's last day
        (Filters(mode="activity"), False),
        (Filters(window_days=config.CONVERSION_WINDOW_DAYS - 1), False),
        (Filters(window_days=0), False),
        (Filters(sources=("a",), personas=("p",)), False),  # two dimensions: the rollup has one per row
        (Filters(count_by="account"), False),  # the rollup counts leads
    ],
)
def test_when_the_rollup_is_exact(view, expected):
    assert rollups.exact(view) is expected


MONTHS = [date(2024, 12, 1) + timedelta(days=31 * i) for i in range(8)]
DIMENSION_VALUES = {"source": ["a", "b", "c"], "persona": ["p", "q"], "segment": ["SMB"], "owner": ["o", "x"]}


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@st.composite
def any_views(draw, whole_months: bool = False):
    """Views of every kind; whole_months: those the rollup answers (cohort, reached, whole months, default window)."""
    start = draw(st.one_of(st.none(), st.sampled_from(MONTHS).map(lambda d: d.replace(day=1))))
    end = draw(st.one_of(st.none(), st.sampled_from(MONTHS).map(month_end)))
    if not whole_months:
        start = start and start + timedelta(days=draw(st.sampled_from([0, 0, 3])))
        end = end and end - timedelta(days=draw(st.sampled_from([0, 0, 9])))
    if start and end and start > end:
        start, end = None, end
    dims = draw(st.lists(st.sampled_from(sorted(DIMENSION_VALUES)), max_size=1 if whole_months else 2, unique=True))
    view = Filters(
        date_from=start,
        date_to=end,
        mode="cohort" if whole_months else draw(st.sampled_from(config.MODES)),
        in_order=False if whole_months else draw(st.booleans()),
        window_days=config.CONVERSION_WINDOW_DAYS if whole_months else draw(st.sampled_from([180, 180, 30, 0])),
    )
    for dim in dims:
        view = view.with_values(dim, draw(st.lists(st.sampled_from(DIMENSION_VALUES[dim]), min_size=1, unique=True)))
    return view


@PROPS
@given(data=datasets(), view=any_views(whole_months=True))
def test_rollup_and_scan_give_identical_funnels(mem, data, view):  # noqa: F811 (mem is the fixture)
    load(mem, *data)
    assert rollups.exact(view)
    from_rollup = metrics.funnel_from(mem, view, use_rollup=True)
    from_scan = metrics.funnel_from(mem, view, use_rollup=False)
    assert from_rollup.equals(from_scan), (from_rollup, from_scan)


@PROPS
@given(data=datasets(), view=any_views())
def test_the_funnel_is_the_scans_whichever_path_it_takes(mem, data, view):  # noqa: F811
    load(mem, *data)
    assert metrics.funnel(mem, view).equals(metrics.funnel_from(mem, view, use_rollup=False))


@PROPS
@given(
    data=datasets(),
    view=st.one_of(any_views(), any_views(whole_months=True)),
    dimension=st.sampled_from(sorted(DIMENSION_VALUES)),
)
def test_the_breakdown_is_the_scans_whichever_path_it_takes(mem, data, view, dimension):  # noqa: F811
    load(mem, *data)
    from_either = metrics.breakdown(mem, view, dimension, top_n=2)
    # metrics.breakdown asks unit_breakdown_exact (breakdown_exact, patched here before, left it on the rollup)
    with mock.patch.object(rollups, "unit_breakdown_exact", return_value=False):
        from_scan = metrics.breakdown(mem, view, dimension, top_n=2)
    assert from_either.equals(from_scan), (from_either, from_scan)


@PROPS
@given(data=datasets(), view=any_views(), by_account=st.booleans())
def test_an_activity_funnel_counts_the_same_from_the_entries_as_from_each_lead_s_hits(mem, data, view, by_account):  # noqa: F811
    # the funnel's two ways in activity mode: the stage entries dated in the range (funnel_entries.sql, taken over a
    # date range), and every unit's hits (funnel.sql, taken without one); they must agree on every view, counting
    # leads or accounts
    load(mem, *data)
    activity = dataclasses.replace(view, mode="activity", count_by="account" if by_account else "lead")
    params = activity.to_params()
    by_hits = queries.run(mem, "funnel", params)
    by_entries = queries.run(mem, "funnel_entries", params)
    assert by_hits.equals(by_entries), (by_hits, by_entries)


def test_the_breakdown_from_the_rollup_by_hand(con):
    # January by source, cohort mode: paid_search L1 (won) and L2 (an opportunity), email L3 (an MQL); the rollup
    # path, as rollups.breakdown_exact allows it (a filter on the broken-down dimension is one of its rows)
    january = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert rollups.breakdown_exact(january, "source")
    assert rollups.breakdown_exact(january.with_values("source", ["email"]), "source")
    assert not rollups.breakdown_exact(january.with_values("persona", ["CFO"]), "source")
    table = metrics.breakdown_table(metrics.breakdown(con, january, "source"))
    assert table.to_dict("index") == {
        "paid_search": {"Lead": 2, "MQL": 2, "SQL": 2, "Opportunity": 2, "Customer": 1},
        "email": {"Lead": 1, "MQL": 1, "SQL": 0, "Opportunity": 0, "Customer": 0},
    }


def entries_row(con, month: str, **values: str | None) -> dict:
    where = " and ".join(f"{dim} is not distinct from ${dim}" for dim in config.DIMENSIONS)
    params = {dim: values.get(dim) for dim in config.DIMENSIONS}
    row = con.execute(f"select * from entries_rollup where month = $month and {where}", {"month": month, **params}).df()
    assert len(row) == 1
    return row.iloc[0].to_dict()


ENTRIES = ["leads", "mql", "mql_in_order", "sql", "sql_in_order", "opportunity", "opportunity_in_order"]
ENTRIES += ["customer", "customer_in_order"]


def test_entries_rollup_rows_counted_by_hand(con):
    # L1 (paid_search, CFO, SMB, Ann): created 5 Jan, MQL 6 Jan, SQL 8 Jan, deal D1 opened 10 Jan, won 1 Feb
    l1 = {"source": "paid_search", "persona": "CFO", "segment": "SMB", "owner": "Ann"}
    assert [entries_row(con, "2025-01-01", **l1)[c] for c in ENTRIES] == [1, 1, 1, 1, 1, 1, 1, 0, 0]
    # its February row holds only the win (a row a month with entries of any stage)
    assert [entries_row(con, "2025-02-01", **l1)[c] for c in ENTRIES] == [0, 0, 0, 0, 0, 0, 0, 1, 1]
    # L8 (email, CMO, SMB, Bob): created 10 Mar, MQL 5 Mar (before its creation: not in order), SQL 12 Mar (after
    # an MQL out of order: not in order either)
    l8 = {"source": "email", "persona": "CMO", "segment": "SMB", "owner": "Bob"}
    assert [entries_row(con, "2025-03-01", **l8)[c] for c in ENTRIES] == [1, 1, 0, 1, 0, 0, 0, 0, 0]


def test_monthly_entries_from_the_entries_rollup_by_hand(con):
    # January: leads L1, L2, L3; MQLs L1 (6th), L2 (12th), L3 (25th); SQLs L1, L2; opportunities D1 (L1), D2 (L2)
    january = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert rollups.entries_exact(january)
    df = metrics.monthly_entries(con, january)
    assert dict(zip(df["stage"], df["count_entries"], strict=True)) == {
        "lead": 3,
        "mql": 3,
        "sql": 2,
        "opportunity": 2,
    }
    # in March in order: L7 and L8 created; L8's MQL and SQL out of order; D5 (L1's second deal) does not
    # move L1, whose opportunity entry is its first deal's; D3 won on the 15th: L5's customer entry
    march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), in_order=True)
    df = metrics.monthly_entries(con, march)
    assert dict(zip(df["stage"], df["count_entries"], strict=True)) == {"lead": 2, "customer": 1}


def test_the_activity_funnel_from_the_entries_rollup_by_hand(con):
    # January's entries (as test_monthly_entries_from_the_entries_rollup_by_hand counts them): leads L1, L2, L3,
    # MQLs L1, L2, L3, SQLs L1, L2, opportunities D1, D2, no win; nothing is in progress in activity mode
    january = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31), mode="activity")
    assert rollups.activity_exact(january) and not rollups.exact(january)
    df = metrics.funnel_from(con, january, use_rollup=True)
    assert df["count_leads"].tolist() == [3, 3, 2, 2, 0]
    assert df["count_in_progress"].tolist() == [0, 0, 0, 0, 0]
    assert df["count_dropped"].tolist() == [0, 0, 1, 0, 2]
    # March in order: L7 and L8 created, L8's MQL and SQL out of order, D3 won on the 15th (L5's first entry as
    # a customer): a later stage may outnumber an earlier one, and nothing drops below zero
    march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), mode="activity", in_order=True)
    df = metrics.funnel_from(con, march, use_rollup=True)
    assert df["count_leads"].tolist() == [2, 0, 0, 0, 1]
    assert df["count_dropped"].tolist() == [0, 2, 0, 0, 0]
    assert metrics.funnel(con, march).equals(metrics.funnel_from(con, march, use_rollup=False))
    # cohort mode is not the entries rollup's to answer
    assert not rollups.activity_exact(Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31)))


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (Filters(), True),
        (Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)), True),
        (Filters(in_order=True, mode="activity", window_days=7), True),  # each has its own columns, or no bearing
        (Filters(sources=("a",), personas=("p",), owners=("o",)), True),  # every dimension is a column
        (Filters(date_to=date(2024, 2, 29)), True),  # a leap February's last day
        (Filters(date_from=date(2025, 1, 2)), False),  # not a month's first day
        (Filters(date_to=date(2025, 1, 30)), False),  # not a month's last day
        (Filters(count_by="account"), False),  # the rollup counts leads
    ],
)
def test_when_the_entries_rollup_is_exact(view, expected):
    assert rollups.entries_exact(view) is expected


PERIODS = ["2025-01", "2025-02", "2025-03", "2025-05", "2025-Q1", "2025-Q2"]


@PROPS
@given(data=datasets(), view=any_views(), whole=any_views(), period=st.sampled_from(PERIODS))
def test_entries_rollup_and_scan_give_identical_entries_and_changes(mem, data, view, whole, period):  # noqa: F811
    load(mem, *data)
    # monthly entries over whole months (the range of `whole` widened to its months), and what changed in a period
    start = whole.date_from and whole.date_from.replace(day=1)
    end = whole.date_to and month_end(whole.date_to)
    months = dataclasses.replace(whole, date_from=start, date_to=end)
    assert rollups.entries_exact(months)
    executive = overview.executive_view(view)
    from_rollup = (metrics.monthly_entries(mem, months), changes.parts(mem, executive, period))
    with mock.patch.object(rollups, "entries_exact", return_value=False):
        from_scan = (metrics.monthly_entries(mem, months), changes.parts(mem, executive, period))
    assert from_rollup[0].equals(from_scan[0]), (from_rollup[0], from_scan[0])
    assert from_rollup[1].equals(from_scan[1]), (from_rollup[1], from_scan[1])


def test_a_win_under_another_owner_adds_no_empty_row_to_what_changed(con):
    # L1 (Ann) created, MQL, SQL and opportunity in January; its deal, owned by Bob, won on 1 February: the win
    # counts under Bob, and Ann's February holds only the customer entry, which what-changed does not count
    from fixture_data import T

    load(
        con,
        [("L1", T(2025, 1, 5), "paid_search", "CFO", "SMB", "Ann", None, T(2025, 1, 6), T(2025, 1, 8), None)],
        [("D1", "L1", "Bob", T(2025, 1, 10), "won", T(2025, 2, 1), 1000.0, None)],
    )
    table = changes.parts(con, overview.executive_view(Filters()), "2025-02")
    got = table[["side", "owner", "leads", "mqls", "sqls", "opportunities", "wins", "revenue", "deals"]].values.tolist()
    # D1 was created on 10 January under Bob: a deal created (the Pipeline created tile's base) in the previous side
    assert sorted(got) == [
        ["current", "Bob", 0, 0, 0, 0, 1, 1000.0, 0],
        ["previous", "Ann", 1, 1, 1, 1, 0, 0.0, 0],
        ["previous", "Bob", 0, 0, 0, 0, 0, 0.0, 1],
    ]


@PROPS
@given(data=datasets(), whole=any_views())
def test_undated_stages_from_the_entries_rollup_are_the_scans(mem, data, whole):  # noqa: F811
    load(mem, *data)
    # the leads created in whole months (the range of `whole` widened to its months) that reached a stage undated
    start = whole.date_from and whole.date_from.replace(day=1)
    end = whole.date_to and month_end(whole.date_to)
    months = dataclasses.replace(whole, date_from=start, date_to=end)
    assert rollups.entries_exact(months)
    stages = ("mql", "sql", "opportunity", "customer")
    reads = []
    with mock.patch.object(metrics, "run", wraps=metrics.run) as spy:
        from_rollup = metrics.undated_stages(mem, months, stages)
        reads += [c.args[1] for c in spy.call_args_list]
    with mock.patch.object(rollups, "entries_exact", return_value=False):
        from_scan = metrics.undated_stages(mem, months, stages)
    assert reads == ["undated_stages_rollup"]
    assert from_rollup == from_scan, (from_rollup, from_scan)
