"""tests/unit/test_fixstart.py's leads and targets (counted by hand there): data from 21 Nov 2023 to 5 Jan 2025,
no deals; leads target 6 a month for Oct, Nov and Dec 2023."""

from __future__ import annotations

from datetime import date, datetime

T = datetime

# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    ("N1", T(2023, 11, 21, 9), "email", "CFO", "SMB", "Ann", "mql", T(2023, 11, 22, 9), None, None),
    ("N2", T(2023, 11, 25, 9), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    ("D1", T(2023, 12, 5, 9), "paid_search", "CFO", "SMB", "Ann", "mql", T(2023, 12, 6, 9), None, None),
    ("D2", T(2023, 12, 22, 9), "email", "CFO", "SMB", "Ann", "mql", T(2023, 12, 23, 9), None, None),
    ("D3", T(2023, 12, 28, 9), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    ("V1", T(2024, 11, 10, 9), "paid_search", "CFO", "SMB", "Ann", "lead", None, None, None),
    ("V2", T(2024, 11, 22, 9), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    ("V3", T(2024, 11, 23, 9), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    ("V4", T(2024, 11, 29, 9), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    ("E1", T(2025, 1, 5, 9), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
]

# month, metric, value: the company's leads target
TARGETS = [(date(2023, month, 1), "leads", 6.0) for month in (10, 11, 12)]
