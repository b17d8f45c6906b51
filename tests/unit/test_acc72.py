"""Trial 72: counting by account, the conversion window tests each lead's own stage moments, and ordered mode with a
window counts a stage only when a lead entered it in order within the window. Every number counted by hand.

MINI (the trial's repro, 180-day window; day N is days after the account's first lead was created):

| lead | account | created    | lifecycle | mql        | sql        | by lead                       | by account     |
|------|---------|------------|-----------|------------|------------|-------------------------------|----------------|
| A1   | ACME    | 2025-01-01 | mql       | 2025-08-01 |            | MQL on day 212: out           | ACME: MQL      |
| B1   | ACME    | 2025-02-01 | mql       |            |            | MQL, no date: counts          |  (B1, day 31)  |
| C1   | BETA    | 2025-01-01 | sql       | 2025-08-01 | 2025-08-02 | MQL/SQL day 212/213: out      | BETA: MQL, SQL |
| D1   | BETA    | 2025-02-01 | sql       | 2025-02-05 |            | MQL day 4, SQL (no date): in  |  (D1, day 35)  |
| E1   | GAMMA   | 2025-09-01 | lead      |            |            | lead                          | GAMMA: lead    |
| L1   | LATE    | 2025-01-01 | lead      |            |            | lead                          | LATE: lead     |
| L2   | LATE    | 2025-08-01 | mql       |            |            | MQL, no date: counts          |  (L2: day 212) |

By lead 7/3/1/0/0 (MQL B1, D1, L2; SQL D1). By account 4/2/1/0/0: ACME is an MQL through B1 (created on its day
31, at MQL with no date: counted on day 31 at the latest) and BETA an SQL through D1 (SQL without a date, counted at
its MQL, day 35); LATE's L2 joined on day 212, so LATE reached MQL no earlier than that: not within 180 days. In
order the same (every entry is in order). Before, the account's moment was window_entry over its earliest dates:
ACME's MQL A1's day 212, BETA's SQL C1's day 213 (4/1/0 where 4/2/1), and LATE's undated MQL counted at any window.

ORDER (30-day window, in order):

| lead | account | created          | mql              | sql              | in order at SQL | SQL day (account) |
|------|---------|------------------|------------------|------------------|-----------------|-------------------|
| o1   | ORD     | 2025-03-01 10:00 | 2025-03-20 10:00 | 2025-03-15 10:00 | no (SQL < MQL)  | 14                |
| o2   | ORD     | 2025-03-05 10:00 | 2025-03-10 10:00 | 2025-05-04 10:00 | yes             | 64                |
| g1   | GOOD    | 2025-03-01 10:00 | 2025-03-03 10:00 | 2025-03-10 10:00 | yes             | 9                 |

In order within 30 days: ORD's MQLs are in order (o1 day 19, o2 day 9), its only SQL within 30 days is o1's, out
of order, and its in-order SQL is on day 64: ORD is an MQL, not an SQL. GOOD is both. By account 2/2/1/0/0 (before:
2/2/2, ORD in order from o2 and within 30 days from o1). Not in order, 30 days: 2/2/2 (o1's SQL on day 14). In order
without a window (0): 2/2/2. By lead, in order, 30 days: 3/3/1 (o2's SQL is 60 days after its creation).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard import metrics, store
from dashboard.filters import Filters

T = datetime

MINI = [
    ("A1", "ACME", T(2025, 1, 1, 10), "mql", T(2025, 8, 1, 10), None),
    ("B1", "ACME", T(2025, 2, 1, 10), "mql", None, None),
    ("C1", "BETA", T(2025, 1, 1, 10), "sql", T(2025, 8, 1, 10), T(2025, 8, 2, 10)),
    ("D1", "BETA", T(2025, 2, 1, 10), "sql", T(2025, 2, 5, 10), None),
    ("E1", "GAMMA", T(2025, 9, 1, 10), "lead", None, None),
    ("L1", "LATE", T(2025, 1, 1, 10), "lead", None, None),
    ("L2", "LATE", T(2025, 8, 1, 10), "mql", None, None),
]

ORDER = [
    ("o1", "ORD", T(2025, 3, 1, 10), "sql", T(2025, 3, 20, 10), T(2025, 3, 15, 10)),
    ("o2", "ORD", T(2025, 3, 5, 10), "sql", T(2025, 3, 10, 10), T(2025, 5, 4, 10)),
    ("g1", "GOOD", T(2025, 3, 1, 10), "sql", T(2025, 3, 3, 10), T(2025, 3, 10, 10)),
]


def _con(leads: list[tuple]):
    """An in-memory database holding these leads (no deals), derived as an import derives them."""
    con = store.connect(":memory:")
    with store.transaction(con):
        con.executemany(
            "insert into leads (lead_id, account_id, created_at, source, lifecycle_stage, mql_at, sql_at) "
            "values (?, ?, ?, 'email', ?, ?, ?)",
            [(lead_id, acc, created, stage, mql, sql) for lead_id, acc, created, stage, mql, sql in leads],
        )
    return con


@pytest.fixture
def mini():
    con = _con(MINI)
    yield con
    con.close()


@pytest.fixture
def order():
    con = _con(ORDER)
    yield con
    con.close()


def counts(con, **view) -> list[int]:
    return metrics.funnel(con, Filters(**view))["count_leads"].tolist()


def mql_accounts(con, **view) -> list[str]:
    """The accounts the view counts at MQL."""
    params = {"view": Filters(count_by="account", **view).to_params()["view"]}
    rows = con.execute("select account_id from funnel_hits($view) where hit_mql order by 1", params).fetchall()
    return [r[0] for r in rows]


def test_an_account_reaches_a_stage_within_the_window_when_any_lead_did(mini):
    assert counts(mini, window_days=180) == [7, 3, 1, 0, 0]
    # ACME through B1 (undated MQL, created day 31), BETA through D1 (undated SQL at its MQL, day 35); not LATE
    assert counts(mini, window_days=180, count_by="account") == [4, 2, 1, 0, 0]
    assert counts(mini, window_days=180, count_by="account", in_order=True) == [4, 2, 1, 0, 0]
    # no window: every stage reached (ACME, BETA, LATE at MQL; BETA at SQL)
    assert counts(mini, window_days=0, count_by="account") == [4, 3, 1, 0, 0]


def test_the_accounts_at_mql_are_those_of_a_lead_at_mql_within_the_window(mini):
    # before: LATE (its L2's undated MQL counted at any window, though L2 joined on day 212), not ACME
    assert mql_accounts(mini, window_days=180) == ["ACME", "BETA"]
    assert mql_accounts(mini, window_days=180, in_order=True) == ["ACME", "BETA"]


def test_in_order_within_the_window_needs_one_lead_in_order_within_it(order):
    assert counts(order, window_days=30, count_by="account", in_order=True) == [2, 2, 1, 0, 0]
    # the window or the order alone still count ORD
    assert counts(order, window_days=30, count_by="account") == [2, 2, 2, 0, 0]
    assert counts(order, window_days=0, count_by="account", in_order=True) == [2, 2, 2, 0, 0]
    assert counts(order, window_days=180, count_by="account", in_order=True) == [2, 2, 2, 0, 0]
    # by lead unchanged: o1 out of order at SQL, o2's SQL 60 days after its creation, g1's 9: one SQL
    assert counts(order, window_days=30, in_order=True) == [3, 3, 1, 0, 0]


def test_ordered_activity_by_account_dates_an_entry_by_a_lead_in_order():
    # ORDER in activity mode, in order: ORD's SQL entries are o1's on 15 Mar (out of order: its MQL is on 20 Mar) and
    # o2's on 4 May (in order); GOOD's g1 on 10 Mar, in order. March: one SQL account entered in order, GOOD; May:
    # one, ORD through o2. Before (review 75): March 2 (ORD dated by o1) and May 0
    con = _con(ORDER)
    march = counts(con, mode="activity", in_order=True, count_by="account", date_from=date(2025, 3, 1),
                   date_to=date(2025, 3, 31))  # fmt: skip
    may = counts(con, mode="activity", in_order=True, count_by="account", date_from=date(2025, 5, 1),
                 date_to=date(2025, 5, 31))  # fmt: skip
    # accounts created in March: 2 (ORD on 1 Mar by o1, GOOD); MQLs in order in March: ORD (o2 on 10 Mar), GOOD
    assert march == [2, 2, 1, 0, 0]
    assert may == [0, 0, 1, 0, 0]
    con.close()


def test_ordered_cohort_stalled_accounts_keep_their_first_entry():
    # OUT's one lead reached SQL on 15 Mar, before its MQL on 20 Mar (out of order); LAST's lead, created 30 Jun,
    # makes the data's today 30 Jun. In order, cohort, by account: OUT sits at SQL since 15 Mar (107 days), as by
    # lead, not "undated" (review 77: the ordered-activity entry dates were read in cohort mode too)
    rows = [
        ("x1", "OUT", datetime(2025, 3, 1, 10), "sql", datetime(2025, 3, 20, 10), datetime(2025, 3, 15, 10)),
        ("z1", "LAST", datetime(2025, 6, 30, 10), "lead", None, None),
    ]
    con = store.connect(":memory:")
    with store.transaction(con):
        con.executemany(
            "insert into leads (lead_id, account_id, created_at, source, lifecycle_stage, mql_at, sql_at) "
            "values (?, ?, ?, 'email', ?, ?, ?)",
            rows,
        )
    view = Filters(mode="cohort", in_order=True, count_by="account", window_days=0)
    stages = metrics.stalled_overview(con, view, None).stages.set_index("stage")
    assert (stages.at["sql", "count_in_stage"], stages.at["sql", "count_undated"]) == (1, 0)
    assert stages.at["sql", "median_days_in_stage"] == 107.0
    con.close()
