"""Trial 76's fixture, counted by hand: paid_search has one lead in each of Oct, Nov and Dec 2026 and spend for Oct
(100) and Nov (200) only, as an ad export ending before the CRM's; web has a December lead and no spend at all."""

from __future__ import annotations

from datetime import datetime as T

import duckdb
from fixture_data import load

ROW = ("CFO", "SMB", "Ann", "lead", None, None, None)
LEADS = [
    ("P1", T(2026, 10, 5), "paid_search", *ROW),
    ("P2", T(2026, 11, 3), "paid_search", *ROW),
    ("P3", T(2026, 12, 2), "paid_search", *ROW),
    ("W1", T(2026, 12, 3), "web", *ROW),
]


def load_with_spend(con: duckdb.DuckDBPyConnection) -> None:
    """The leads, then the spend (written as an ad platform names the source)."""
    load(con, LEADS, [])
    con.execute(
        "insert into spend (month, source, amount) values ('2026-10-01', 'Paid Search', 100), "
        "('2026-11-01', 'Paid Search', 200)"
    )
