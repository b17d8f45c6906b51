"""Trial 70's revenue-at-stake fixture, counted by hand, shared by tests/unit/test_fix70.py and
tests/app/test_fix70_page.py: 80 leads created 1–20 Jan 2025, owner Ann, MQL the day after, SQL two days after.

web W01–W40: all MQL; W01–W20 SQL; W01–W09 customers. events E01–E40: E01–E04 MQL; E01–E02 SQL; E01 customer.
Whole view: 80 leads, 44 MQLs, 22 SQLs, 10 customers.
"""

from __future__ import annotations

from datetime import datetime as T
from datetime import timedelta


def stake_leads() -> list[tuple]:
    """The 80 leads, as tests/fixture_data.load takes them."""
    rows = []
    for i in range(1, 41):
        created = T(2025, 1, (i - 1) % 20 + 1)
        mql, sql = created + timedelta(days=1), created + timedelta(days=2)
        web = "customer" if i <= 9 else "sql" if i <= 20 else "mql"
        rows.append((f"W{i:02d}", created, "web", None, None, "Ann", web, mql, sql if i <= 20 else None, None))
        events = "customer" if i == 1 else "sql" if i == 2 else "mql" if i <= 4 else "lead"
        rows.append(
            (f"E{i:02d}", created, "events", None, None, "Ann", events, mql if i <= 4 else None,
             sql if i <= 2 else None, None)
        )  # fmt: skip
    return rows


# two outbound deals without a lead, won for $20,000 each
OUTBOUND = [(f"O{i}", None, "Ann", T(2025, 2, 1), "won", T(2025, 3, 15), 20000.0, None) for i in (1, 2)]
# the ten customers' won deals, $2,000 each: W01–W09 and E01
LEAD_WINS = [
    (f"D{lead}", lead, "Ann", T(2025, 2, 1), "won", T(2025, 3, 1), 2000.0, None)
    for lead in [*(f"W{i:02d}" for i in range(1, 10)), "E01"]
]
