"""Trial 69's small data set, shared by its unit and page tests (fix69), counted by hand.

Leads: S1-S4 created 1 Sep 2026, all MQL on 2 Sep; S1 and S2 SQL on 3 Sep; S1's deal D1 ($10,000) and S2's D2, both
created 5 Sep, D1 won and D2 lost on 10 Sep. N01-N20 created in Nov 2026, the last on 15 Nov: the data's last day,
so November is counted to 15 of its 30 days (Nov 2026 has 21 working days, Q4 2026 has 66).
The planner's rates for Nov 2026 and Q4 2026 (leads of Sep, deals closed in the year to 15 Nov): Lead→MQL 4/4 =
100%, MQL→SQL 2/4 = 50%, SQL→Opportunity 2/2 = 100%, win rate 1/2 = 50%, average deal $10,000.
Targets (company): revenue Oct $30,000, Nov $60,000, Dec $30,000 (Q4 $120,000); leads Dec 5. Per source: revenue
Oct web $5,000 + ads $7,000; Nov web $20,000 only (ads has none); leads Oct web 3 + ads 4, Nov web 12 only."""

from __future__ import annotations

from datetime import datetime

from dashboard import store

T = datetime
# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    ("S1", T(2026, 9, 1, 9), "web", "CFO", "SMB", "Ann", "sql", T(2026, 9, 2, 9), T(2026, 9, 3, 9), None),
    ("S2", T(2026, 9, 1, 9), "web", "CFO", "SMB", "Ann", "sql", T(2026, 9, 2, 9), T(2026, 9, 3, 9), None),
    ("S3", T(2026, 9, 1, 9), "ads", "CFO", "SMB", "Ann", "mql", T(2026, 9, 2, 9), None, None),
    ("S4", T(2026, 9, 1, 9), "ads", "CFO", "SMB", "Ann", "mql", T(2026, 9, 2, 9), None, None),
] + [
    (f"N{i:02d}", T(2026, 11, min(i, 15), 12), "web", "CFO", "SMB", "Ann", "lead", None, None, None)
    for i in range(1, 21)
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("D1", "S1", "Ann", T(2026, 9, 5, 9), "won", T(2026, 9, 10, 9), 10000.0, None),
    ("D2", "S2", "Ann", T(2026, 9, 5, 9), "lost", T(2026, 9, 10, 9), 4000.0, None),
]
# month, metric, value, source
TARGETS = [
    ("2026-10-01", "revenue", 30000, None),
    ("2026-11-01", "revenue", 60000, None),
    ("2026-12-01", "revenue", 30000, None),
    ("2026-12-01", "leads", 5, None),
    ("2026-10-01", "revenue", 5000, "web"),
    ("2026-10-01", "revenue", 7000, "ads"),
    ("2026-11-01", "revenue", 20000, "web"),
    ("2026-10-01", "leads", 3, "web"),
    ("2026-10-01", "leads", 4, "ads"),
    ("2026-11-01", "leads", 12, "web"),
]


def fill(con) -> None:
    """Load the leads, deals and targets above."""
    from fixture_data import load

    load(con, LEADS, DEALS)
    with store.transaction(con):
        con.executemany("insert into targets (month, metric, value, source) values (?, ?, ?, ?)", TARGETS)
