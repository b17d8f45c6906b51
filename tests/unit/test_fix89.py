"""Trial 88 (HIGH 1): counting by account, an account follows its leads' CRM stages as a lead does. A lead moved back
in the CRM (lifecycle stage earlier than a stage it has a date for) is left out of time in stage and the stalled
lists and said; by account its account was listed as a stalled SQL. Every number counted by hand.

No window (0), cohort, all dates; no deals. The data's last day is 2026-06-30 (R2's creation); days are whole.

| lead | account | created    | lifecycle | owner | mql        | sql        | by lead (now)                      |
|------|---------|------------|-----------|-------|------------|------------|------------------------------------|
| R1   | -       | 2026-03-01 | lead      | Ana   | 2026-03-05 | 2026-03-10 | moved back from SQL                |
| R2   | -       | 2026-06-30 | lead      | Ana   |            |            | lead, 0 days                       |
| M1   | MIX     | 2026-03-01 | lead      | Ben   | 2026-03-02 | 2026-03-05 | moved back from SQL                |
| M2   | MIX     | 2026-03-02 | sql       | Cy    | 2026-03-03 | 2026-04-01 | SQL, 90 days: stalled (14)         |
| B1   | BACK    | 2026-03-01 | lead      | Ana   | 2026-03-02 | 2026-03-20 | moved back from SQL                |
| B2   | BACK    | 2026-03-02 | mql       | Cy    | 2026-04-10 |            | MQL, 81 days: stalled (14)         |
| Q1   | MQLB    | 2026-04-20 | lead      | Ana   | 2026-05-01 |            | moved back from MQL                |
| Q2   | MQLB    | 2026-05-01 | lead      | Cy    |            |            | lead, 60 days: stalled (30)        |

By lead: lead 2 in stage (0, 60 days: median 30), 1 stalled; MQL 1 (81), 1 stalled, 1 moved back; SQL 1 (90), 1
stalled, 3 moved back.

By account (an account is at the furthest stage any of its leads is at now; moved back when a lead was moved back
and none is now at the account's furthest dated stage):
- lead:R1: moved back at SQL (its one lead is). Before: a stalled SQL, 03-10 to 06-30 = 112 days.
- lead:R2: account, 0 days.
- MIX: M2 is at SQL now: an SQL, from its first entry (M1's, 03-05) = 117 days, stalled; owner Ben (first lead M1).
- BACK: reached SQL through B1, moved back; B2 is at MQL: no lead at SQL now, moved back at SQL. Before: a
  stalled SQL from 03-20, 102 days.
- MQLB: reached MQL through Q1, moved back to lead; Q2 is a lead: moved back at MQL. Before: a stalled MQL from
  05-01, 60 days.
So by account: account 1 in stage (0 days), 0 stalled; MQL 0, 1 moved back; SQL 1 (117), 1 stalled, 2 moved back.
Before: SQL 3 in stage (102, 112, 117: median 112), 3 stalled; MQL 1, 1 stalled; no moved back.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dashboard import friction, metrics, store
from dashboard.filters import Filters

T = datetime

LEADS = [
    ("R1", None, T(2026, 3, 1), "lead", "Ana", T(2026, 3, 5), T(2026, 3, 10)),
    ("R2", None, T(2026, 6, 30), "lead", "Ana", None, None),
    ("M1", "MIX", T(2026, 3, 1), "lead", "Ben", T(2026, 3, 2), T(2026, 3, 5)),
    ("M2", "MIX", T(2026, 3, 2), "sql", "Cy", T(2026, 3, 3), T(2026, 4, 1)),
    ("B1", "BACK", T(2026, 3, 1), "lead", "Ana", T(2026, 3, 2), T(2026, 3, 20)),
    ("B2", "BACK", T(2026, 3, 2), "mql", "Cy", T(2026, 4, 10), None),
    ("Q1", "MQLB", T(2026, 4, 20), "lead", "Ana", T(2026, 5, 1), None),
    ("Q2", "MQLB", T(2026, 5, 1), "lead", "Cy", None, None),
]

BY_LEAD = Filters(window_days=0)
BY_ACCOUNT = Filters(window_days=0, count_by="account")


@pytest.fixture(scope="module")
def con():
    """An in-memory database holding LEADS (no deals), derived as an import derives them."""
    con = store.connect(":memory:")
    with store.transaction(con):
        con.executemany(
            "insert into leads (lead_id, account_id, created_at, source, lifecycle_stage, owner, mql_at, sql_at) "
            "values (?, ?, ?, 'email', ?, ?, ?, ?)",
            LEADS,
        )
    yield con
    con.close()


def _stages(con, filters: Filters) -> dict[str, tuple]:
    """stage -> (in stage, median days, stalled, moved back)."""
    table = metrics.stalled(con, filters)
    return {
        r.stage: (
            r.count_in_stage,
            None if r.median_days_in_stage != r.median_days_in_stage else r.median_days_in_stage,
            r.count_stalled,
            r.count_moved_back,
        )
        for r in table.itertuples()
    }


def test_by_account_moved_back_accounts_left_out_as_their_leads_are(con):
    assert _stages(con, BY_LEAD) == {
        "lead": (2, 30.0, 1, 0),
        "mql": (1, 81.0, 1, 1),
        "sql": (1, 90.0, 1, 3),
        "opportunity": (0, None, 0, 0),
    }
    assert _stages(con, BY_ACCOUNT) == {
        "lead": (1, 0.0, 0, 0),
        "mql": (0, None, 0, 1),
        "sql": (1, 117.0, 1, 2),
        "opportunity": (0, None, 0, 0),
    }


def test_by_account_stalled_list_and_csv(con):
    listed = friction.stalled_leads(con, BY_ACCOUNT, None)
    assert listed[["account_id", "first_lead_id", "stage", "owner"]].values.tolist() == [["MIX", "M1", "sql", "Ben"]]
    assert listed["days_in_stage"].tolist() == [117.0]
    csv = friction.stalled_leads_csv(con, BY_ACCOUNT).decode().strip().splitlines()
    assert len(csv) == 2  # the header and MIX
    assert csv[1].startswith("MIX,M1,sql,Ben,")


def test_by_account_owner_grid(con):
    grid = friction.stalled_by_owner(con, BY_ACCOUNT)
    assert grid[["owner", "sql", "total"]].values.tolist() == [["Ben", 1, 1]]


def test_by_account_moved_back_said(con):
    note = metrics.moved_back_note(metrics.stalled(con, BY_ACCOUNT), BY_ACCOUNT)
    assert note is not None
    assert note.startswith("Not counted here: 1 account at MQL, 2 accounts at SQL, moved back in the CRM")


def test_account_facts_stored_flag(con):
    rows = con.execute("select account_id, is_moved_back from account_facts order by account_id").fetchall()
    assert rows == [("BACK", True), ("MIX", False), ("MQLB", True), ("lead:R1", True), ("lead:R2", False)]
