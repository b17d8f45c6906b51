"""tests/unit/test_fix91.py's leads (counted by hand there): data from 10 Feb 2025 to 2 Apr 2026, no deals."""

from __future__ import annotations

from datetime import datetime

T = datetime

LEADS = [
    ("A1", T(2025, 2, 10, 9), "paid_search", "CFO", "SMB", "Bob", "mql", T(2025, 2, 12, 9), None, None),
    ("A2", T(2025, 3, 3, 9), "email", "CFO", "SMB", "Bob", "lead", None, None, None),
    ("A3", T(2025, 4, 15, 9), "paid_search", "CFO", "SMB", "Bob", "mql", T(2025, 4, 20, 9), None, None),
    ("B1", T(2026, 1, 5, 9), "paid_search", "CFO", "SMB", "Ann", "lead", None, None, None),
    ("B2", T(2026, 2, 10, 9), "email", "CFO", "SMB", "Ann", "mql", T(2026, 2, 11, 9), None, None),
    ("B3", T(2026, 3, 1, 8), "paid_search", "CFO", "SMB", "Ann", "sql", T(2026, 3, 1, 8, 30), T(2026, 3, 1, 9), None),
    (
        "B4",
        T(2026, 3, 20, 9),
        "email",
        "CFO",
        "SMB",
        "Ann",
        "sql",
        T(2026, 3, 20, 9, 10),
        T(2026, 3, 21, 9),
        T(2026, 3, 21, 9, 30),
    ),
    (
        "B5",
        T(2026, 3, 21, 9),
        "paid_search",
        "CFO",
        "SMB",
        "Ann",
        "sql",
        T(2026, 3, 21, 9, 10),
        T(2026, 3, 22, 10),
        T(2026, 3, 22, 15),
    ),
    ("B6", T(2026, 3, 24, 9), "email", "CFO", "SMB", "Ann", "sql", T(2026, 3, 24, 9, 10), T(2026, 3, 25, 10), None),
    ("B7", T(2026, 4, 2, 9), "paid_search", "CFO", "SMB", "Ann", "lead", None, None, None),
]
