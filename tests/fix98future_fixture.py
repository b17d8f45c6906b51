"""Trial 98 (F4, F1)'s rows, which tests/unit/test_fix98future.py and tests/app/test_fix98future_page.py count: five
leads 3 Oct - 14 Nov 2025 (the data's today is E's creation, 14 Nov 2025 10:00), lead F created 20 Dec 2099 (after the
no_future_dates horizon), C's won deal D1 whose close date, 15 Jan 2099, was left ahead; D's deal D2 won on 12 Nov 2025
for $500."""

from __future__ import annotations

from datetime import datetime

T = datetime

# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    ("A", T(2025, 10, 3, 9), "email", "CFO", "SMB", "Ann", "mql", T(2025, 10, 5), None, None),
    ("B", T(2025, 10, 20, 9), "email", "CFO", "SMB", "Ann", None, None, None, None),
    ("C", T(2025, 11, 2, 9), "email", "CFO", "SMB", "Ann", "opportunity", T(2025, 11, 4), T(2025, 11, 6), None),
    ("D", T(2025, 11, 10, 9), "email", "CFO", "SMB", "Ann", "customer", T(2025, 11, 10), T(2025, 11, 10, 12), None),
    ("E", T(2025, 11, 14, 10), "email", "CFO", "SMB", "Ann", None, None, None, None),
    ("F", T(2099, 12, 20, 9), "email", "CFO", "SMB", "Ann", None, None, None, None),
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("D1", "C", "Ann", T(2025, 11, 7), "won", T(2099, 1, 15), 1000.0, None),
    ("D2", "D", "Ann", T(2025, 11, 11), "won", T(2025, 11, 12), 500.0, None),
]
