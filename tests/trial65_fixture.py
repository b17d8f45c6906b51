"""Trial 65's five leads, shared by its unit and page tests (fixt), counted by hand:
A1  created 1 Jun 2026, MQL 3 Jun (2 days), SQL 13 Jun (10 days after the MQL).
A2  created 1 Jun, SQL 11 Jun (day 10), MQL 11 Jul (day 40): out of order, an MQL within 30 days by its SQL.
A3  created 5 Jun, at MQL by its CRM stage alone (no date).
A4  created 1 Jul, MQL 5 Jul (4 days).
A5  created 2 Jul, a lead.
The data runs from 1 Jun to 11 Jul 2026 (A2's MQL): two months, June (3 leads) and July (2 leads)."""

from __future__ import annotations

from datetime import datetime

T = datetime
# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    ("A1", T(2026, 6, 1, 9), "web", "CFO", "SMB", "Ann", "sql", T(2026, 6, 3, 9), T(2026, 6, 13, 9), None),
    ("A2", T(2026, 6, 1, 9), "web", "CFO", "SMB", "Ann", "sql", T(2026, 7, 11, 9), T(2026, 6, 11, 9), None),
    ("A3", T(2026, 6, 5, 9), "web", "CFO", "SMB", "Ann", "mql", None, None, None),
    ("A4", T(2026, 7, 1, 9), "web", "CFO", "SMB", "Ann", "mql", T(2026, 7, 5, 9), None, None),
    ("A5", T(2026, 7, 2, 9), "web", "CFO", "SMB", "Ann", "lead", None, None, None),
]
