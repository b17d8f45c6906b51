"""Buying groups counted by hand: accounts with 1, 2, 3 and 5 leads, a lead without account, and an account
whose opportunity came before its only lead.

    account  leads (created 2025, persona, source)               deals                          engaged  mix
    A1       a1 01-01 CFO                                        a1: 01-10 won 02-01 $1,000     1        CFO
    A2       b1 01-02 CFO email, b2 01-03 IT Director            b2: 01-15 lost                 2        CFO + IT Dir.
    A3       c1 01-05 CMO, c2 01-06 CFO, c3 03-01 Operations     c1: 02-01 won 03-10 $5,000     2 of 3   CFO + CMO
    A5       e1 01-10 CFO, e2 01-11 CMO, e3 01-12 IT Director,   no lead: 02-10 won 04-01       5        CFO + CMO +
             e4 01-13 CFO, e5 01-14 (no persona)                 $9,000                                  IT Director
    lead:L9  L9 01-20 CFO email, an MQL                          none                           1        CFO
    AX       x1 01-08 CMO                                        no lead: 2024-12-01 open       0 (sales first)

Sources are paid_search unless written. Owners: the deals' Dee, the leads' Ann (L9 and x1: Bob).
Engaged = created no later than the account's first deal. c3 came after A3's deal.
"""

from __future__ import annotations

from datetime import datetime as T

import duckdb

from dashboard import store

# lead_id, account_id, created_at, source, persona, owner, lifecycle_stage
LEADS = [
    ("a1", "A1", T(2025, 1, 1), "paid_search", "CFO", "Ann", None),
    ("b1", "A2", T(2025, 1, 2), "email", "CFO", "Ann", None),
    ("b2", "A2", T(2025, 1, 3), "paid_search", "IT Director", "Ann", None),
    ("c1", "A3", T(2025, 1, 5), "paid_search", "CMO", "Ann", None),
    ("c2", "A3", T(2025, 1, 6), "paid_search", "CFO", "Ann", None),
    ("c3", "A3", T(2025, 3, 1), "paid_search", "Operations Manager", "Ann", None),
    ("e1", "A5", T(2025, 1, 10), "paid_search", "CFO", "Ann", None),
    ("e2", "A5", T(2025, 1, 11), "paid_search", "CMO", "Ann", None),
    ("e3", "A5", T(2025, 1, 12), "paid_search", "IT Director", "Ann", None),
    ("e4", "A5", T(2025, 1, 13), "paid_search", "CFO", "Ann", None),
    ("e5", "A5", T(2025, 1, 14), "paid_search", None, "Ann", None),
    ("L9", None, T(2025, 1, 20), "email", "CFO", "Bob", "mql"),
    ("x1", "AX", T(2025, 1, 8), "paid_search", "CMO", "Bob", None),
]

# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("DA1", "a1", "A1", "Dee", T(2025, 1, 10), "won", T(2025, 2, 1), 1000.0, None),
    ("DA2", "b2", "A2", "Dee", T(2025, 1, 15), "lost", T(2025, 2, 15), 700.0, None),
    ("DA3", "c1", "A3", "Dee", T(2025, 2, 1), "won", T(2025, 3, 10), 5000.0, None),
    ("DA5", None, "A5", "Dee", T(2025, 2, 10), "won", T(2025, 4, 1), 9000.0, "outbound"),
    ("DAX", None, "AX", "Dee", T(2024, 12, 1), "open", None, 4000.0, "outbound"),
]


LEAD_INSERT = (
    "insert into leads (lead_id, account_id, created_at, source, persona, owner, lifecycle_stage) "
    "values (?, ?, ?, ?, ?, ?, ?)"
)
DEAL_INSERT = (
    "insert into deals (deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source) "
    "values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def load(con: duckdb.DuckDBPyConnection, leads: list[tuple] = LEADS, deals: list[tuple] = DEALS) -> None:
    """Replace the database's leads and deals with these rows (default: the buying-group fixture)."""
    with store.transaction(con):
        con.execute("delete from leads")
        con.execute("delete from deals")
        for rows, insert in ((leads, LEAD_INSERT), (deals, DEAL_INSERT)):
            if rows:  # executemany refuses an empty list
                con.executemany(insert, rows)


def accounts_db(path: str) -> None:
    """Write the buying-group fixture into a database file."""
    con = store.connect(path)
    load(con)
    con.close()
