"""Trial 78's leads and accounts (the table in tests/unit/test_fix84.py, every number counted by hand there), shared
with tests/app/test_fix84_page.py."""

from __future__ import annotations

from datetime import datetime

import duckdb

from dashboard import store

T = datetime
LEADS = [
    ("a1", "ACC1", T(2026, 3, 2, 10), "CFO", "Ann", None, "sql", None, None),
    ("a2", "ACC1", T(2026, 3, 3, 10), "CTO", "Ann", None, "sql", T(2026, 3, 5, 10), T(2026, 3, 8, 10)),
    ("b1", None, T(2026, 3, 4, 10), None, None, None, "sql", None, None),
    ("c1", None, T(2026, 3, 6, 10), "CFO", "Bob", "SMB", "mql", T(2026, 3, 10, 10), None),
    ("d1", None, T(2026, 3, 7, 10), None, "Bob", None, "lead", None, None),
    ("e1", None, T(2026, 3, 11, 10), "CTO", "Bob", None, "sql", None, T(2026, 3, 15, 10)),
    ("p1", "ACC2", T(2026, 3, 9, 10), "CFO", "Ann", None, "lead", None, None),
]
ACCOUNTS = [("ACC1", "Acme", "Software", "Partner"), ("ACC2", "Beta", None, "Prospect")]


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """LEADS and ACCOUNTS into an empty database, derived as an import derives them."""
    with store.transaction(con):
        con.executemany(
            "insert into leads (lead_id, account_id, created_at, source, persona, owner, segment, lifecycle_stage, "
            "mql_at, sql_at) values (?, ?, ?, 'web', ?, ?, ?, ?, ?, ?)",
            LEADS,
        )
        con.executemany("insert into accounts (account_id, name, industry, segment) values (?, ?, ?, ?)", ACCOUNTS)
