"""A two-month fixture for "what changed": 55 leads and 5 won deals whose moves and drivers are counted by hand.

Every lead is segment SMB, owner Ann (so only source and persona vary). Per group and month:

    group  source       persona     | Jan: leads MQL SQL deals | Feb: leads MQL SQL deals
    A      paid_social  Operations  |      12    12  10   -    |       5    5   3   1 × $500
    B      email        CFO         |       6     4   3   1 × $2,000 |  8  4   3   3 × $1,500
    C      paid_social  CFO         |       4     2   2   -    |       4    2   1   -
    D      email        Operations  |       3     2   1   -    |       3    2   1   -
    total                           |      25    20  16   1    |      20   13   8   4

A lead reaches MQL and SQL the day after and two days after it is created (the first ones of its group do);
a deal is created three days after its lead (an SQL) and won five days after, all inside the month.
One more lead (group D, created on 2 March, nothing else) is the export's day: February is whole in the data (a
period the data ends inside is not compared, changes.Changes.cut_at).
"""

from __future__ import annotations

from datetime import datetime, timedelta

GROUPS = {
    "A": ("paid_social", "Operations"),
    "B": ("email", "CFO"),
    "C": ("paid_social", "CFO"),
    "D": ("email", "Operations"),
}
# (month, group, leads, mqls, sqls, won deal amounts)
PLAN = [
    (1, "A", 12, 12, 10, []),
    (1, "B", 6, 4, 3, [2000.0]),
    (1, "C", 4, 2, 2, []),
    (1, "D", 3, 2, 1, []),
    (2, "A", 5, 5, 3, [500.0]),
    (2, "B", 8, 4, 3, [1500.0, 1500.0, 1500.0]),
    (2, "C", 4, 2, 1, []),
    (2, "D", 3, 2, 1, []),
    (3, "D", 1, 0, 0, []),  # created on 2 March: the data runs past February
]


def rows() -> tuple[list[tuple], list[tuple]]:
    """(leads, deals) in fixture_data.load's column order."""
    leads, deals = [], []
    for month, group, n_leads, n_mqls, n_sqls, amounts in PLAN:
        source, persona = GROUPS[group]
        for i in range(n_leads):
            lead_id = f"{group}{month}_{i}"
            created = datetime(2025, month, 2 + i)
            mql = created + timedelta(days=1) if i < n_mqls else None
            sql = created + timedelta(days=2) if i < n_sqls else None
            stage = "sql" if sql else "mql" if mql else "lead"
            leads.append((lead_id, created, source, persona, "SMB", "Ann", stage, mql, sql, None))
            if i < len(amounts):
                opened = created + timedelta(days=3)
                deals.append(
                    (f"D{lead_id}", lead_id, "Ann", opened, "won", opened + timedelta(days=5), amounts[i], None)
                )
    return leads, deals
