"""The Friction page's stalled overview read from the stored open leads (open_window_leads) and the Sources page's
rejections read from rejections_rollup: counted by hand on the fixture (tests/fixture_data.py), and the same numbers
as the scans for random data and views."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pandas as pd
from fixture_data import add_source_extras, load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)
from test_rollups import any_views

from dashboard import config, metrics, queries, rollups, sources, store
from dashboard.filters import Filters


def _stalled(con, view: Filters) -> pd.DataFrame:
    params = {**metrics.stall_params(view), "none_label": config.NONE_LABEL, "limit": None}
    return queries.run(con, "stalled_overview_rollup", params)


def _stages(table: pd.DataFrame) -> list[list]:
    rows = table[table["row_kind"] == "stage"]
    return [
        [
            r.stage,
            int(r.count_in_stage),
            None if pd.isna(r.median_days_in_stage) else r.median_days_in_stage,
            int(r.count_stalled),
            int(r.count_undated),
        ]
        for r in rows.itertuples()
    ]


def test_the_stalled_overview_from_the_stored_open_leads_by_hand(con):
    # the data's today: D4's creation, 2025-03-20. open under the default window (every lead is younger): L3 at MQL
    # since 01-25 (54 days, past MQL's 14), L4 at SQL since 02-05 (43, past SQL's 14), L8 at SQL since 03-12 (8), L6 at
    # SQL by its stage alone (undated), L7 at Lead since 03-01 (19, under Lead's 30). L1 and L5 are customers; L2's
    # deal was lost (no open deal)
    table = _stalled(con, Filters())
    assert _stages(table) == [
        ["lead", 1, 19.0, 0, 0],
        ["mql", 1, 54.0, 1, 0],
        ["sql", 2, 25.5, 1, 1],
        ["opportunity", 0, None, 0, 0],
    ]
    owners = table[table["row_kind"] == "owner"]
    assert [(r.owner, r.stage, int(r.count_stalled)) for r in owners.itertuples()] == [
        ("Ann", "mql", 1),
        ("Bob", "sql", 1),
    ]
    leads = table[table["row_kind"] == "lead"]
    assert [(r.lead_id, r.stage, r.days_in_stage) for r in leads.itertuples()] == [
        ("L3", "mql", 54.0),
        ("L4", "sql", 43.0),
    ]
    # Bob's leads: L4, L8 and the undated L6 at SQL
    assert _stages(_stalled(con, Filters(owners=("Bob",))))[2] == ["sql", 2, 25.5, 1, 1]
    # March's cohort: L7 and L8, neither past its threshold
    march = _stalled(con, Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)))
    assert [r[:2] + r[3:] for r in _stages(march)] == [
        ["lead", 1, 0, 0],
        ["mql", 0, 0, 0],
        ["sql", 1, 0, 0],
        ["opportunity", 0, 0, 0],
    ]
    # activity mode: every lead open now, whatever the dates picked
    activity = _stalled(con, Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), mode="activity"))
    assert [r[1] for r in _stages(activity)] == [1, 1, 2, 0]


def test_a_lead_older_than_the_window_is_not_stored_open(con):
    # L0, created 2024-06-01 and still a lead: 292 days before the data's today, lost under the 180-day window
    with store.transaction(con):
        con.execute(
            "insert into leads (lead_id, created_at, source, persona, segment, owner, lifecycle_stage) "
            "values ('L0', '2024-06-01', 'email', 'CFO', 'SMB', 'Ann', 'lead')"
        )
    stored = con.execute("select lead_id from open_window_leads order by lead_id").fetchall()
    assert [r[0] for r in stored] == ["L3", "L4", "L6", "L7", "L8"]
    assert _stages(_stalled(con, Filters()))[0] == ["lead", 1, 19.0, 0, 0]


def test_the_pages_read_the_stored_tables_only_where_they_are_exact(con):
    with mock.patch.object(metrics, "run", wraps=metrics.run) as spy:
        metrics.stalled_overview(con, Filters(), 500)
        metrics.stalled_overview(con, Filters(date_from=date(2025, 1, 2), sources=("email",), owners=("Ann",)), 500)
        metrics.stalled_overview(con, Filters(window_days=30), 500)  # the table keeps the default window's leads
        metrics.stalled_overview(con, Filters(count_by="account"), 500)
        stalled = [c.args[1] for c in spy.call_args_list]
    assert stalled == ["stalled_overview_rollup", "stalled_overview_rollup", "stalled_overview", "stalled_overview"]
    with mock.patch.object(sources, "run", wraps=sources.run) as spy:
        sources.rejections(con, Filters())
        sources.rejections(con, Filters(count_by="account"), "persona")  # counted by lead either way
        sources.rejections(con, Filters(date_from=date(2025, 1, 2)))  # not a month's first day
        sources.rejections(con, Filters(segments=("SMB",)))  # the rollup keeps no segment
        sources.rejections(con, Filters(mode="activity"))
        read = [c.args[1] for c in spy.call_args_list]
    assert read == ["rejections_rollup", "rejections_rollup", "rejections", "rejections", "rejections"]


REJECTION_COLUMNS = [
    "source",
    "reason",
    "count_rejected",
    "count_rejected_mqls",
    "count_rejected_unknown",
    "count_mqls",
    "count_unknown",
]


def _rejections(con, view: Filters, by: str = "source") -> list[list]:
    params = {**view.to_params(), "none_label": config.NONE_LABEL, "no_reason_label": config.NO_REASON_LABEL, "by": by}
    table = queries.run(con, "rejections_rollup", params)
    return [[getattr(r, c) for c in REJECTION_COLUMNS] for r in table.itertuples()]


def test_the_rejections_from_the_rollup_by_hand(con):
    add_source_extras(con)
    # rejected: L3 (email, CFO, an MQL, "too early"), L7 (paid_search, CFO, a lead, "no budget"), L8 (email, CMO, an
    # MQL, no reason). MQLs: every lead but L7 (paid_search L1 L2; email L3 L4 L8; CFO L1 L3 L5; CMO L2 L4 L6 L8)
    none = config.NO_REASON_LABEL
    assert _rejections(con, Filters()) == [
        ["email", none, 1, 1, 0, 3, 0],
        ["email", "too early", 1, 1, 0, 3, 0],
        ["paid_search", "no budget", 1, 0, 0, 2, 0],
    ]
    assert _rejections(con, Filters(), "persona") == [
        ["CFO", "no budget", 1, 0, 0, 3, 0],
        ["CFO", "too early", 1, 1, 0, 3, 0],
        ["CMO", none, 1, 1, 0, 4, 0],
    ]
    # March: L7 and L8 (L8 the one email MQL of the month)
    march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    assert _rejections(con, march) == [["email", none, 1, 1, 0, 1, 0], ["paid_search", "no budget", 1, 0, 0, 0, 0]]
    assert _rejections(con, Filters(personas=("CMO",))) == [["email", none, 1, 1, 0, 2, 0]]


def _mark(con, data, rejected: list[int], reasons: list[str | None]) -> None:
    load(con, *data)
    ids = [lead[0] for i, lead in enumerate(data[0]) if i in rejected]
    with store.transaction(con, "true"):
        # rejected by a date, with a reason spelled one of several ways (one reason apart from case and spaces)
        con.execute(
            "update leads set disqualified_at = created_at, "
            "disqualify_reason = $reasons[(1 + hash(lead_id) % len($reasons))::bigint] "
            "where list_contains($ids, lead_id)",
            {"ids": ids, "reasons": reasons},
        )


@PROPS
@given(
    data=datasets(),
    view=st.one_of(any_views(), any_views(whole_months=True)),
    rejected=st.lists(st.integers(0, 25)),
    by=st.sampled_from(sorted(config.REJECTION_GROUPINGS)),
)
def test_the_rejections_are_the_scans_whichever_path_they_take(mem, data, view, rejected, by):  # noqa: F811
    _mark(mem, data, rejected, ["No budget", "no budget", "no_budget", "", "too early"])
    table = sources.rejections(mem, view, by)
    with mock.patch.object(rollups, "rejections_exact", return_value=False):
        pd.testing.assert_frame_equal(table, sources.rejections(mem, view, by))


@PROPS
@given(data=datasets(), view=st.one_of(any_views(), any_views(whole_months=True)), limit=st.sampled_from([None, 0, 2]))
def test_the_stalled_overview_is_the_scans_whichever_path_it_takes(mem, data, view, limit):  # noqa: F811
    load(mem, *data)
    stored = metrics.stalled_overview(mem, view, limit)
    with mock.patch.object(rollups, "stalled_exact", return_value=False):
        scanned = metrics.stalled_overview(mem, view, limit)
    for got, want in zip(
        (stored.stages, stored.by_owner, stored.leads), (scanned.stages, scanned.by_owner, scanned.leads), strict=True
    ):
        pd.testing.assert_frame_equal(got, want)
