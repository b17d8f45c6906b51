"""Accounts whose every by-account number is counted by hand in tests/unit/test_accounts.py.

A1 (3 leads, one won deal), A2 (2 leads listed out of creation order, one open deal), A3 (2 leads, its only
deal outbound and won), A4 (no lead, one lost outbound deal), and two leads without an account (n1, n2).
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from dashboard import store

T = datetime

# lead_id, account_id, created_at, source, persona, segment, owner, mql_at, sql_at
LEADS = [
    ("a1", "A1", T(2025, 1, 5), "paid_search", "CFO", "SMB", "Ann", None, None),
    ("a2", "A1", T(2025, 1, 10), "email", "CMO", "SMB", "Bob", T(2025, 1, 12), T(2025, 1, 15)),
    ("a3", "A1", T(2025, 2, 1), "webinar", "CTO", "SMB", "Bob", T(2025, 2, 3), None),
    # A2's first lead is b2 (created 01-15), though b1 comes first here
    ("b1", "A2", T(2025, 1, 20), "email", "CMO", "Mid-Market", "Ann", T(2025, 1, 22), T(2025, 1, 25)),
    ("b2", "A2", T(2025, 1, 15), "organic_search", "CFO", "Mid-Market", "Ann", T(2025, 1, 18), None),
    ("c1", "A3", T(2025, 2, 10), "paid_search", "CTO", "SMB", "Cy", None, None),
    ("c2", "A3", T(2025, 2, 12), "paid_search", "CMO", "SMB", "Cy", T(2025, 2, 15), None),
    # no account: each is an account of its own
    ("n1", None, T(2025, 1, 25), "email", "CFO", "SMB", "Ann", T(2025, 1, 26), None),
    ("n2", None, T(2025, 3, 1), "organic_search", "CMO", "SMB", "Bob", None, None),
]

# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("D1", "a2", "A1", "Bob", T(2025, 1, 20), "won", T(2025, 2, 10), 1000.0, None),
    ("D2", "b1", "A2", "Ann", T(2025, 2, 1), "open", None, 500.0, None),
    # outbound: no lead, counted for its account
    ("D3", None, "A3", "Cy", T(2025, 3, 1), "won", T(2025, 3, 20), 2000.0, "outbound"),
    ("D4", None, "A4", "Cy", T(2025, 3, 5), "lost", T(2025, 3, 25), 800.0, "outbound"),
    ("D5", "n2", None, "Bob", T(2025, 3, 10), "won", T(2025, 3, 15), 300.0, None),
]


def load(con: duckdb.DuckDBPyConnection, leads: list[tuple] = LEADS, deals: list[tuple] = DEALS) -> None:
    """Replace the database's leads and deals with the given rows (default: the accounts fixture)."""
    with store.transaction(con):
        con.execute("delete from leads")
        con.execute("delete from deals")
        if leads:
            con.executemany(
                "insert into leads (lead_id, account_id, created_at, source, persona, segment, owner, mql_at, sql_at) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                leads,
            )
        if deals:
            con.executemany(
                "insert into deals (deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, "
                "source) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                deals,
            )


def fixture_db(path: str) -> None:
    """Write the accounts fixture into a database file."""
    con = store.connect(path)
    load(con)
    con.close()
