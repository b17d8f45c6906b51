"""Trial 96's accounts, counted by hand in tests/unit/test_fix96.py and shown in tests/app/test_fix96_page.py."""

from datetime import datetime

T = datetime

# lead_id, account_id, created_at, source, persona, segment, owner, mql_at, sql_at
LEADS = [
    ("p1", "S1", T(2025, 2, 1, 9), "paid_search", "CFO", "SMB", "Ann", None, None),
    ("e1", "E1", T(2025, 1, 2), "email", "CMO", "SMB", "Bob", None, None),
    ("p2", "P1", T(2025, 1, 10), "paid_search", "CFO", "SMB", "Ann", None, None),
    ("y1", "Y1", T(2025, 9, 1), "webinar", "CFO", "SMB", "Ann", None, None),
]
# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("D1", None, "S1", "Cy", T(2025, 1, 5), "won", T(2025, 2, 1, 10), 10000.0, None),
    ("D2", None, "E1", "Cy", T(2025, 1, 20), "won", T(2025, 3, 1), 4000.0, None),
]
