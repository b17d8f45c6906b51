"""Fix 80's fixture, counted by hand: a November cohort a few weeks old (the data's today is 20 Nov 2026, the day of
its last event), with spend for November.

paid_search: A1 (2 Nov), A2 (5 Nov), A3 (8 Nov). A1 won D1 600 (closed 10 Nov) and D3 200 (closed 20 Nov, a repeat
win: not a new customer). 2 won, 1 new customer, revenue 800, spend 1,000: ROI (800 − 1,000) ÷ 1,000 = -20 %,
CAC 1,000 ÷ 1 = 1,000 (spend ÷ won would be 500).
paid_social: B1 (3 Nov) with D2 open 800 (created 15 Nov), B2 (6 Nov). 0 won, revenue 0, spend 400: ROI -100 %; were
D2 won, (0 + 800 − 400) ÷ 400 = +100 %, not below paid_search's -20 %.
"""

from __future__ import annotations

from datetime import datetime as T

import duckdb
from fixture_data import load

ROW = ("CFO", "SMB", "Ann", "lead", None, None, None)
LEADS = [
    ("A1", T(2026, 11, 2), "paid_search", *ROW),
    ("A2", T(2026, 11, 5), "paid_search", *ROW),
    ("A3", T(2026, 11, 8), "paid_search", *ROW),
    ("B1", T(2026, 11, 3), "paid_social", *ROW),
    ("B2", T(2026, 11, 6), "paid_social", *ROW),
]
DEALS = [
    ("D1", "A1", "Ann", T(2026, 11, 4), "won", T(2026, 11, 10), 600.0, None),
    ("D3", "A1", "Ann", T(2026, 11, 12), "won", T(2026, 11, 20), 200.0, None),
    ("D2", "B1", "Ann", T(2026, 11, 15), "open", None, 800.0, None),
]
# November's spend, one row per source and campaign
NOVEMBER = [("2026-11-01", "paid_search", "brand", 1000.0), ("2026-11-01", "paid_social", "retargeting", 400.0)]
# paid search's spend as trial 76's Google Ads export had it (Sep 36,838.48, Oct 37,735.97, Nov 38,342.58: 112,917.03
# in all, summed in floating point 112917.02999999998 or 112917.03000000001), paid social none
AUTUMN = [
    ("2026-09-01", "paid_search", "brand", 36838.48),
    ("2026-10-01", "paid_search", "brand", 37735.97),
    ("2026-11-01", "paid_search", "brand", 38342.58),
]


def load_fix80(con: duckdb.DuckDBPyConnection, spend: list[tuple] = NOVEMBER) -> None:
    """The leads and deals, then the spend rows (month, source, campaign, amount)."""
    load(con, LEADS, DEALS)
    con.executemany("insert into spend (month, source, campaign, amount) values (?, ?, ?, ?)", spend)


def load_fix80_autumn(con: duckdb.DuckDBPyConnection) -> None:
    """The same leads and deals with trial 76's paid search spend of September to November."""
    load_fix80(con, AUTUMN)
