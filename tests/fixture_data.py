"""A small funnel whose every number is counted by hand in the tests (see the table in each test)."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from dashboard import store

T = datetime

# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    (
        "L1",
        T(2025, 1, 5),
        "paid_search",
        "CFO",
        "SMB",
        "Ann",
        "customer",
        T(2025, 1, 6),
        T(2025, 1, 8),
        T(2025, 1, 8, 0, 30),
    ),
    ("L2", T(2025, 1, 10), "paid_search", "CMO", "SMB", "Bob", "opportunity", T(2025, 1, 12), T(2025, 1, 15), None),
    ("L3", T(2025, 1, 20), "email", "CFO", "Mid-Market", "Ann", "mql", T(2025, 1, 25), None, None),
    # SQL without an MQL date: still counts as having reached MQL
    ("L4", T(2025, 2, 3), "email", "CMO", "SMB", "Bob", "sql", None, T(2025, 2, 5), T(2025, 2, 5, 3, 0)),
    # no stage dates at all, but a won deal: MQL, SQL, opportunity and customer
    ("L5", T(2025, 2, 14), "organic_search", "CFO", "SMB", "Ann", None, None, None, None),
    # only the exported lifecycle stage says SQL
    ("L6", T(2025, 2, 20), "organic_search", "CMO", "Mid-Market", "Bob", "sql", None, None, None),
    ("L7", T(2025, 3, 1), "paid_search", "CFO", "SMB", "Ann", "lead", None, None, None),
    # MQL date before the lead was created: reached, but not in order
    ("L8", T(2025, 3, 10), "email", "CMO", "SMB", "Bob", "sql", T(2025, 3, 5), T(2025, 3, 12), None),
]

# deal_id, lead_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("D1", "L1", "Ann", T(2025, 1, 10), "won", T(2025, 2, 1), 1000.0, None),
    ("D2", "L2", "Bob", T(2025, 1, 20), "lost", T(2025, 2, 10), 500.0, None),
    ("D3", "L5", "Ann", T(2025, 2, 20), "won", T(2025, 3, 15), 3000.0, None),
    ("D4", None, "Ann", T(2025, 3, 20), "open", None, 2000.0, "outbound"),
    ("D5", "L1", "Ann", T(2025, 3, 1), "open", None, 700.0, None),
]


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: str, rows: list[tuple]) -> None:
    # one statement for all the rows: a statement per row took a fifth of the fixture's load (40 of 190 ms)
    if rows:
        width = len(rows[0])
        values = ", ".join(["(" + ", ".join(["?"] * width) + ")"] * len(rows))
        con.execute(f"insert into {table} ({columns}) values {values}", [v for row in rows for v in row])


def load(con: duckdb.DuckDBPyConnection, leads: list[tuple] = LEADS, deals: list[tuple] = DEALS) -> None:
    """Replace the database's leads and deals with the given rows (default: the hand-counted fixture)."""
    with store.transaction(con):
        con.execute("delete from leads")
        con.execute("delete from deals")
        _insert(
            con,
            "leads",
            "lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at",
            leads,
        )
        _insert(con, "deals", "deal_id, lead_id, owner, created_at, status, closed_at, amount, source", deals)


# the landing page's filtered-view tiles over all of it, counted by hand from the rows above: 8 leads; all but L7
# reached MQL; SQL: all but L3 and L7; deals on L1, L2 and L5; won: D1 (1000) and D3 (3000)
HEADLINE_TILES = {
    "Leads": "8",
    "MQLs": "7",
    "SQLs": "6",
    "Opportunities": "3",
    "Won deals": "2",
    "Revenue": "$4k",
}

# paid_search 400 + 100, email 300, webinar 250 (spend but no leads); organic_search none recorded
SPEND = [(date(2025, 1, 1), "paid_search", 400.0), (date(2025, 2, 1), "paid_search", 100.0)]
SPEND += [(date(2025, 1, 1), "email", 300.0), (date(2025, 2, 1), "webinar", 250.0)]
# L1's path before D1 was created on 01-10: webinar 01-01, paid_search 01-05, email 01-09 (the 01-15
# touch comes after the opportunity and does not count). L5 has no touches: its original source.
TOUCHES = [("L1", T(2025, 1, 1), "webinar"), ("L1", T(2025, 1, 5), "paid_search"), ("L1", T(2025, 1, 9), "email")]
TOUCHES += [("L1", T(2025, 1, 15), "email")]


def add_source_extras(con: duckdb.DuckDBPyConnection) -> None:
    """Spend, touches and three rejected leads on top of the fixture (counted by hand in test_sources)."""
    with store.transaction(con):
        con.executemany("insert into spend (month, source, amount) values (?, ?, ?)", SPEND)
        con.executemany("insert into touches (lead_id, touched_at, source) values (?, ?, ?)", TOUCHES)
        # one campaign: L1 and L2 (paid_search) and January's paid_search spend
        con.execute("update leads set campaign = 'brand_q1' where lead_id in ('L1', 'L2')")
        con.execute("update spend set campaign = 'brand_q1' where source = 'paid_search' and month = '2025-01-01'")
        con.executemany(
            "update leads set disqualified_at = ?, disqualify_reason = ? where lead_id = ?",
            [("2025-03-05", "no budget", "L7"), ("2025-02-01", "too early", "L3"), ("2025-02-25", "", "L8")],
        )


def fixture_db(path: str, extras: bool = False) -> None:
    """Write the hand-counted fixture (with the sources extras if asked) into a database file."""
    con = store.connect(path)
    load(con)
    if extras:
        add_source_extras(con)
    con.close()


# the Sources table's won deals without an amount (test_sources_won_without_amount*)
NO_AMOUNT_LEADS = [
    ("L1", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "customer", T(2026, 11, 3), T(2026, 11, 4), T(2026, 11, 4)),
    ("L2", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "customer", T(2026, 11, 3), T(2026, 11, 4), T(2026, 11, 4)),
    ("L3", T(2026, 11, 3), "email", "CFO", "SMB", "Anna", "customer", T(2026, 11, 3), T(2026, 11, 4), T(2026, 11, 4)),
]
# web: D1 won 1,000 and D2 won without an amount (2 won, revenue 1,000, 1 without); email: D3 won without an amount
# and D4 lost without one (a lost deal's amount is no revenue either way: 1 won, revenue 0, 1 without)
NO_AMOUNT_DEALS = [
    ("D1", "L1", "Anna", T(2026, 11, 5), "won", T(2026, 11, 20), 1000.0, None),
    ("D2", "L2", "Anna", T(2026, 11, 6), "won", T(2026, 11, 21), None, None),
    ("D3", "L3", "Anna", T(2026, 11, 6), "won", T(2026, 11, 22), None, None),
    ("D4", "L3", "Anna", T(2026, 11, 7), "lost", T(2026, 11, 23), None, None),
]
