"""The funnel rollup per reach day (funnel_rollup_days, account_funnel_rollup_days: schema/rollup.sql): the breakdown
and the Sources page's table of any conversion window read from it. Its rows and both pages' counts under several
windows counted by hand on the fixture (tests/fixture_data.py), a window's last day included; the rollup's answers
against the scan's for random data, windows and views, counting leads and accounts (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from unittest import mock

import pandas as pd
from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_perfacct import _breakdown_params, account_data, account_views, load_accounts
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)
from test_rollups import DIMENSION_VALUES, MONTHS, month_end

from dashboard import config, metrics, queries, rollups, sources
from dashboard.filters import DIMENSION_FIELD, Filters

STAGES = list(config.STAGES)


def _counts(parts: pd.DataFrame) -> dict[str, list[int]]:
    """A breakdown's counts per value, in stage order."""
    return {v: parts[parts["value"] == v]["count_leads"].astype(int).tolist() for v in parts["value"].unique()}


def _breakdown_read(con, view: Filters, dimension: str = "source") -> tuple[list[str], dict[str, list[int]]]:
    """The files metrics.breakdown ran, and its counts."""
    names: list[str] = []
    real = queries.run

    def recording(c, name, params=None):
        names.append(name)
        return real(c, name, params)

    with mock.patch.object(metrics, "run", recording):
        parts = metrics.breakdown(con, view, dimension)
    return names, _counts(parts)


def test_the_rollup_per_reach_day_by_hand(con):
    # January's paid_search leads: L1 (created 5 Jan: MQL 6 Jan, SQL 8 Jan, deal D1 created 10 Jan, won 1 Feb) and L2
    # (created 10 Jan: MQL 12 Jan, SQL 15 Jan, deal D2 created 20 Jan, lost): both leads on day 0; MQL on day 1 (L1)
    # and 2 (L2); SQL on day 3 (L1) and 5 (L2); opportunity on day 5 (L1) and 10 (L2); customer on day 27 (L1)
    rows = con.execute(
        "select reach_day, lead, mql, sql, opportunity, customer from funnel_rollup_days "
        "where dimension = 'source' and value = 'paid_search' and month = timestamp '2025-01-01' and reach_day <= 5 "
        "order by reach_day"
    ).fetchall()
    assert rows == [(0, 2, 0, 0, 0, 0), (1, 0, 1, 0, 0, 0), (2, 0, 1, 0, 0, 0), (3, 0, 0, 1, 0, 0), (5, 0, 0, 1, 1, 0)]
    assert con.execute(
        "select reach_day, opportunity, customer from funnel_rollup_days where dimension = 'source' "
        "and value = 'paid_search' and month = timestamp '2025-01-01' and reach_day > 5 order by reach_day"
    ).fetchall() == [(10, 1, 0), (27, 0, 1)]
    # February's organic_search: L5 (14 Feb, no dates, deal D3 created 20 Feb, won 15 Mar) reaches MQL, SQL and
    # opportunity on day 6, customer on day 29; L6 (20 Feb, SQL by its lifecycle stage alone, undated) MQL and SQL on
    # day 0. March's email L8 (MQL dated before its creation, SQL 2 days after): MQL on day 0, SQL on day 2
    assert con.execute(
        "select reach_day, lead, mql, sql, opportunity, customer from funnel_rollup_days where dimension = 'source' "
        "and value = 'organic_search' order by reach_day"
    ).fetchall() == [(0, 2, 1, 1, 0, 0), (6, 0, 1, 1, 1, 0), (29, 0, 0, 0, 0, 1)]
    assert con.execute(
        "select reach_day, lead, mql, sql from funnel_rollup_days where dimension = 'source' and value = 'email' "
        "and month = timestamp '2025-03-01' order by reach_day"
    ).fetchall() == [(0, 1, 1, 0), (2, 0, 0, 1)]


def test_the_breakdown_of_any_window_from_the_rollup_by_hand(con):
    # by source over all months, stages reached within the window (days from creation, from the rollup test above):
    # paid_search L1 (MQL 1, SQL 3, opportunity 5, customer 27), L2 (MQL 2, SQL 5, opportunity 10), L7 (a lead);
    # email L3 (MQL 5), L4 (SQL 2, so MQL 2), L8 (MQL 0, SQL 2); organic_search L5 (MQL/SQL/opportunity 6, customer
    # 29), L6 (MQL and SQL undated: 0)
    three_days = Filters(window_days=3)
    assert rollups.unit_breakdown_exact(three_days, "source")
    expected = {
        "paid_search": [3, 2, 1, 0, 0],  # L1 MQL and SQL, L2 MQL
        "email": [3, 2, 2, 0, 0],  # L4, L8
        "organic_search": [2, 1, 1, 0, 0],  # L6
    }
    names, counts = _breakdown_read(con, three_days)
    assert names == ["breakdown_rollup"] and counts == expected
    with mock.patch.object(rollups, "unit_breakdown_exact", return_value=False):
        names, counts = _breakdown_read(con, three_days)
    assert names == ["breakdown"] and counts == expected
    # L1 won on its 27th day (5 Jan to 1 Feb, midnight to midnight): inside a 27-day window, its last day counted,
    # not inside 26 days; L5's win on day 29 is in neither
    assert _breakdown_read(con, Filters(window_days=27))[1] == {
        "paid_search": [3, 2, 2, 2, 1],
        "email": [3, 3, 2, 0, 0],
        "organic_search": [2, 2, 2, 1, 0],
    }
    assert _breakdown_read(con, Filters(window_days=26))[1]["paid_search"] == [3, 2, 2, 2, 0]
    # no window (0): every stage reached, as the default window counts this data
    assert _breakdown_read(con, Filters(window_days=0))[1] == {
        "paid_search": [3, 2, 2, 2, 1],
        "email": [3, 3, 2, 0, 0],
        "organic_search": [2, 2, 2, 1, 1],
    }
    # February alone under 5 days: L4 (SQL 2), L6 (0); L5's day 6 is out
    february = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28), window_days=5)
    assert _breakdown_read(con, february) == (
        ["breakdown_rollup"],
        {"email": [1, 1, 1, 0, 0], "organic_search": [2, 1, 1, 0, 0]},
    )


def test_the_sources_table_of_any_window_from_the_rollup_by_hand(con):
    three_days = Filters(window_days=3)
    assert rollups.breakdown_exact(three_days, "source")
    counts = ["count_leads", "count_mqls", "count_sqls", "count_opportunities", "count_won", "revenue"]
    # as the breakdown above under 3 days; the won deals and revenue are the deals in scope, whatever the window (D1
    # 1,000 on L1, D3 3,000 on L5); outbound: D4's open pipeline, no lead
    expected = {
        "paid_search": [3, 2, 1, 0, 1, 1000.0],
        "email": [3, 2, 2, 0, 0, 0.0],
        "organic_search": [2, 1, 1, 0, 1, 3000.0],
        "outbound": [0, 0, 0, 0, 0, 0.0],
    }
    for use_rollup in (True, False):
        with mock.patch.object(rollups, "breakdown_exact", return_value=use_rollup):
            table = sources.source_table(con, three_days)
        assert {r.source: [getattr(r, c) for c in counts] for r in table.itertuples()} == expected, use_rollup


def test_a_reach_day_is_rounded_up_from_the_time_of_day(mem):  # noqa: F811
    # review 101: the fixture's stages fall on whole days, where rounding a reach down or up gives the same day.
    # T1 created 5 Jan 09:00, MQL 8 Jan 10:00 (3 days and an hour: day 4), SQL 9 Jan 09:00 (4 days to the second:
    # day 4); T2 created 6 Jan 00:00, MQL 9 Jan 00:00 (3 days to the second: day 3)
    t = datetime
    leads = [
        ("T1", t(2025, 1, 5, 9), "paid_search", "CFO", "SMB", "o", "sql", t(2025, 1, 8, 10), t(2025, 1, 9, 9), None),
        ("T2", t(2025, 1, 6), "paid_search", "CFO", "SMB", "o", "mql", t(2025, 1, 9), None, None),
    ]
    load(mem, leads, [])
    assert mem.execute(
        "select reach_day, lead, mql, sql from funnel_rollup_days where dimension = 'source' "
        "and value = 'paid_search' order by reach_day"
    ).fetchall() == [(0, 2, 0, 0), (3, 0, 1, 0), (4, 0, 1, 1)]
    # 3 days: T2's MQL only (T1's came an hour after its third day); 4 days: both MQLs and T1's SQL, its last second
    for window, expected in ((3, [2, 1, 0, 0, 0]), (4, [2, 2, 1, 0, 0])):
        view = Filters(window_days=window)
        assert _breakdown_read(mem, view) == (["breakdown_rollup"], {"paid_search": expected})
        with mock.patch.object(rollups, "unit_breakdown_exact", return_value=False):
            assert _breakdown_read(mem, view) == (["breakdown"], {"paid_search": expected})


@st.composite
def window_views(draw):
    """Views the rollup per reach day answers: cohort, stages reached, whole months (or open), any window (days at
    and around the data's whole-day offsets), at most one dimension filtered."""
    start = draw(st.one_of(st.none(), st.sampled_from(MONTHS).map(lambda d: d.replace(day=1))))
    end = draw(st.one_of(st.none(), st.sampled_from(MONTHS).map(month_end)))
    if start and end and start > end:
        start, end = end.replace(day=1), month_end(start)
    window = draw(st.one_of(st.sampled_from([0, 1, 180, config.MAX_WINDOW_DAYS]), st.integers(0, 100)))
    view = Filters(date_from=start, date_to=end, window_days=window)
    for dim in draw(st.lists(st.sampled_from(sorted(DIMENSION_VALUES)), max_size=1)):
        view = view.with_values(dim, draw(st.lists(st.sampled_from(DIMENSION_VALUES[dim]), min_size=1, unique=True)))
    return view


@PROPS
@given(data=datasets(), view=window_views(), dimension=st.sampled_from(sorted(DIMENSION_VALUES)))
def test_the_rollup_per_reach_day_gives_the_scans_numbers(mem, data, view, dimension):  # noqa: F811
    load(mem, *data)
    if rollups.unit_breakdown_exact(view, dimension):
        rolled = queries.run(mem, "breakdown_rollup", _breakdown_params(view, dimension))
        scanned = queries.run(mem, "breakdown", _breakdown_params(view, dimension))
        assert rolled.astype(str).equals(scanned.astype(str)), (rolled, scanned)
    assert rollups.breakdown_exact(view, "source") is not any(
        view.values(d) for d in config.DIMENSIONS if d != "source"
    )
    table = sources.source_table(mem, view)
    with mock.patch.object(rollups, "breakdown_exact", return_value=False):
        pd.testing.assert_frame_equal(table, sources.source_table(mem, view))


@PROPS
@given(
    data=account_data(),
    view=account_views(),
    window=st.integers(0, 60),
    dimension=st.sampled_from(list(config.DIMENSIONS)),
    chosen=st.sampled_from([(), ("ads",), ("web", "event"), ("p",), ("(none)",), ("o",)]),
)
def test_the_account_rollup_per_reach_day_gives_the_scans_numbers(empty_con, data, view, window, dimension, chosen):
    load_accounts(empty_con, *data)
    filtered = replace(view, window_days=window, **({DIMENSION_FIELD[dimension]: chosen} if chosen else {}))
    for by in config.DIMENSIONS:
        assert rollups.unit_breakdown_exact(filtered, by) is (not chosen or by == dimension)
        if rollups.unit_breakdown_exact(filtered, by):
            rolled = queries.run(empty_con, "breakdown_rollup", _breakdown_params(filtered, by))
            scanned = queries.run(empty_con, "breakdown", _breakdown_params(filtered, by))
            assert rolled.astype(str).equals(scanned.astype(str)), (by, rolled, scanned)


def test_which_views_the_rollup_per_reach_day_answers():
    for window in (0, 1, 30, 179, 180, config.MAX_WINDOW_DAYS):
        assert rollups.unit_breakdown_exact(Filters(window_days=window), "source")
        assert rollups.unit_breakdown_exact(Filters(window_days=window, count_by="account"), "persona")
        assert rollups.breakdown_exact(Filters(window_days=window), "source")
    # counting accounts, the Sources page keeps the scan (funnel_rollup_days counts leads)
    assert not rollups.breakdown_exact(Filters(count_by="account"), "source")
    # what the rows do not keep: the entry order, activity's entries, days inside a month, a second dimension
    assert not rollups.unit_breakdown_exact(Filters(in_order=True), "source")
    assert not rollups.unit_breakdown_exact(Filters(mode="activity"), "source")
    assert not rollups.unit_breakdown_exact(Filters(date_to=date(2025, 3, 30)), "source")
    assert not rollups.unit_breakdown_exact(Filters(sources=("email",), personas=("CFO",)), "source")
    assert rollups.unit_breakdown_exact(Filters(sources=("email",), window_days=30), "source")
