"""Probe 88 (HIGH 2, MEDIUM 4): stages in order, counting by account, an account is "still in window" before a stage
while one of its leads may still enter it in order; and the drill-down marks a furthest stage entered out of order.
Every number counted by hand. The data's today is 30 Jun 2026 (X3's creation); the window the default 180 days.

ACC (HIGH 2, the probe's minimal repro):

| lead | account | created    | mql        | disqualified | in order at MQL        |
|------|---------|------------|------------|--------------|------------------------|
| X1   | ACC     | 2026-03-15 | 2026-03-10 |              | no (MQL before created)|
| X2   | ACC     | 2026-03-20 |            | (variant: 04-01) | at Lead, may still |
| X3   | (none)  | 2026-06-30 |            |              | at Lead                |

By account in order: 2 accounts (ACC created 15 Mar, 107 days before today, inside the window; lead:X3), no MQL in
order. X2 may still become an MQL in order, which would count ACC: ACC and X3 are still in window, 0 dropped (before:
still 1, dropped 1, ACC dropped as X1 would be by lead). By lead in order: X1 dropped (out of order, never counts),
X2 and X3 still in window: 2 / 1. Variant: X2 disqualified on 1 Apr, so no lead of ACC may still enter MQL: ACC
dropped (1 / 1), although the account, one lead not disqualified, is not closed out.

OOO (MEDIUM 4, L19 of the probe): Y1 created 1 Mar 2026, MQL 20 Mar, SQL 10 Mar (before its MQL: out of order at
SQL), Z1 created 30 Jun. In order, by lead: 2 leads, 1 MQL (Y1), 0 SQL; Y1 dropped out before SQL, its furthest stage
SQL written "SQL (out of order)" on screen; the CSV keeps the code "sql" with furthest_out_of_order true (before:
"sql" unmarked and no such column). Not in order Y1 is an SQL, unmarked.
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd

from dashboard import metrics, store
from dashboard.filters import Filters

T = datetime


def _con(leads: list[tuple]):
    """An in-memory database holding these leads (no deals), derived as an import derives them."""
    con = store.connect(":memory:")
    with store.transaction(con):
        con.executemany(
            "insert into leads (lead_id, account_id, created_at, source, lifecycle_stage, mql_at, sql_at, "
            "disqualified_at) values (?, ?, ?, 'email', ?, ?, ?, ?)",
            leads,
        )
    return con


def acc_leads(x2_disqualified: datetime | None = None) -> list[tuple]:
    return [
        ("X1", "ACC", T(2026, 3, 15), "mql", T(2026, 3, 10), None, None),
        ("X2", "ACC", T(2026, 3, 20), "lead", None, None, x2_disqualified),
        ("X3", None, T(2026, 6, 30), "lead", None, None, None),
    ]


OOO = [
    ("Y1", None, T(2026, 3, 1), "sql", T(2026, 3, 20), T(2026, 3, 10), None),
    ("Z1", None, T(2026, 6, 30), "lead", None, None, None),
]


def mql_split(con, **view) -> tuple[int, int]:
    """(still in window, dropped) before MQL."""
    row = metrics.funnel(con, Filters(window_days=180, **view)).set_index("stage").loc["mql"]
    return int(row["count_in_progress"]), int(row["count_dropped"])


def listed(con, kind: str, stage: str = "mql", **view) -> list[str]:
    rows = metrics.drilldown_rows(con, Filters(window_days=180, **view), stage, kind, page_size=None)
    key = "account_id" if view.get("count_by") == "account" else "lead_id"
    return sorted(rows[key].tolist())


def test_in_order_an_account_with_a_lead_that_may_still_qualify_is_in_window():
    con = _con(acc_leads())
    view = Filters(window_days=180, count_by="account", in_order=True)
    assert metrics.funnel(con, view)["count_leads"].tolist() == [2, 0, 0, 0, 0]
    assert mql_split(con, count_by="account", in_order=True) == (2, 0)
    # by lead unchanged: X1 out of order is out, X2 and X3 may still
    assert mql_split(con, in_order=True) == (2, 1)
    # not in order ACC is an MQL through X1's dated MQL (day -5): X3 alone before MQL
    assert mql_split(con, count_by="account") == (1, 0)
    con.close()
    # X2 disqualified: no lead of ACC may still enter MQL in order (X1 never can), so ACC is dropped, X3 in window,
    # although the account, X1 not disqualified, is not closed out
    con = _con(acc_leads(T(2026, 4, 1)))
    assert mql_split(con, count_by="account", in_order=True) == (1, 1)
    assert listed(con, "dropped", count_by="account", in_order=True) == ["ACC"]
    con.close()


def test_the_drilldown_lists_the_account_in_window_not_dropped():
    con = _con(acc_leads())
    assert listed(con, "in_window", count_by="account", in_order=True) == ["ACC", "lead:X3"]
    assert listed(con, "dropped", count_by="account", in_order=True) == []
    # by lead: X1 dropped, X2 and X3 in window
    assert listed(con, "dropped", in_order=True) == ["X1"]
    assert listed(con, "in_window", in_order=True) == ["X2", "X3"]
    con.close()


def test_a_furthest_stage_out_of_order_is_marked_on_screen_and_in_the_csv():
    con = _con(OOO)
    view = Filters(window_days=180, in_order=True)
    assert metrics.funnel(con, view)["count_leads"].tolist() == [2, 1, 0, 0, 0]
    screen = metrics.drilldown(con, view, "sql", "dropped", page_size=None)
    assert screen["lead_id"].tolist() == ["Y1"]
    assert screen["furthest_stage"].tolist() == ["SQL (out of order)"]
    assert "furthest_out_of_order" not in screen
    csv = pd.read_csv(io.BytesIO(metrics.drilldown_csv(con, view, "sql", "dropped")))
    assert csv["furthest_stage"].tolist() == ["sql"]
    assert csv["furthest_out_of_order"].astype(str).str.lower().tolist() == ["true"]
    # not in order Y1 reached SQL (its dated SQL counts): listed as reached, unmarked
    plain = Filters(window_days=180)
    reached = metrics.drilldown(con, plain, "sql", "reached", page_size=None)
    assert reached["lead_id"].tolist() == ["Y1"]
    assert reached["furthest_stage"].tolist() == ["sql"]
    con.close()
