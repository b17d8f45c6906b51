"""Trial 61's small fixtures, shared by its unit and page tests: reasons written several ways (fixr2) and deals of one
lead each, won, lost or still open (fixw3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashboard import store

# rejections: "no budget" written five ways: No Budget (L1), No budget (L2, L6), no_budget (L3), "No  budget" (L4, two
# spaces) -> one reason named "No budget" (2 of 5): web L1 L2 L3 = 3, ads L4 L6 = 2. "bad timing" (L7) and "Bad
# Timing" (L8), one each: a tie, named by the first in byte order, "Bad Timing": web 2. L9 no reason: web 1. ads L5
# "Poor fit" 1. SQLs rejected: L7, L8 (Bad Timing 2) and L9 (no reason 1)
LEADS = """lead_id,created_at,source,lifecycle_stage,mql_at,sql_at,disqualified_at,disqualify_reason
L1,2026-03-02 09:00,web,lead,,,2026-03-05 09:00,No Budget
L2,2026-03-02 10:00,web,lead,,,2026-03-05 09:00,No budget
L3,2026-03-03 09:00,web,lead,,,2026-03-05 09:00,no_budget
L4,2026-03-03 10:00,ads,lead,,,2026-03-05 09:00,No  budget
L5,2026-03-04 09:00,ads,lead,,,2026-03-05 09:00,Poor fit
L6,2026-03-04 10:00,ads,lead,,,2026-03-05 09:00,No budget
L7,2026-03-04 11:00,web,sql,2026-03-05 09:00,2026-03-06 09:00,2026-03-09 09:00,bad timing
L8,2026-03-04 12:00,web,sql,2026-03-05 09:00,2026-03-06 09:00,2026-03-09 09:00,Bad Timing
L9,2026-03-05 09:00,web,sql,2026-03-05 10:00,2026-03-06 10:00,2026-03-09 09:00,
L10,2026-03-05 10:00,web,mql,2026-03-06 09:00,,,
"""
# lost deals of web (L10's): Price D1 D2, price D3 -> Price 3; Timing D4 1; D5 no reason 1; closed: D1-D5 and won D6 = 6
DEALS = """deal_id,lead_id,created_at,closed_at,status,amount,lost_reason
D1,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,Price
D2,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,Price
D3,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,price
D4,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,Timing
D5,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,
D6,L10,2026-03-07 09:00,2026-03-20 09:00,won,500,
"""


def add_deals(con, prefix: str, start: datetime, source: str, won: int, lost: int, still_open: int) -> None:
    """One lead a deal, created over 20 days from start: `won` won, `lost` lost, `still_open` open."""
    statuses = ["won"] * won + ["lost"] * lost + ["open"] * still_open
    with store.transaction(con):
        for i, status in enumerate(statuses):
            created = start + timedelta(days=i % 20)
            con.execute(
                "insert into leads (lead_id, created_at, source, owner) values ($1, $2, $3, 'o')",
                [f"{prefix}{i}", created, source],
            )
            con.execute(
                "insert into deals (deal_id, lead_id, created_at, status, closed_at, amount) "
                "values ($1, $2, $3, $4, $5, 1000)",
                [
                    f"D{prefix}{i}",
                    f"{prefix}{i}",
                    created + timedelta(days=2),
                    status,
                    None if status == "open" else created + timedelta(days=5),
                ],
            )
