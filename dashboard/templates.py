"""Canonical CSV templates for files built by hand: every column of a table and two example rows."""

from __future__ import annotations

import csv
import io

from dashboard.importers.propose import canonical_columns

# two rows per table that import as they are, in order (the deals and touches name the two leads)
TEMPLATE_ROWS: dict[str, tuple[dict[str, str], ...]] = {
    "leads": (
        {
            "lead_id": "L-1001",
            "created_at": "2025-01-06 09:30",
            "source": "paid_search",
            "campaign": "spring_launch",
            "persona": "CFO",
            "segment": "SMB",
            "industry": "software",
            "region": "EMEA",
            "owner": "Ann",
            "lifecycle_stage": "mql",
            "mql_at": "2025-01-08 10:00",
        },
        {
            "lead_id": "L-1002",
            "account_id": "A-17",
            "created_at": "2025-01-07 14:05",
            "source": "organic_search",
            "segment": "Mid-market",
            "industry": "retail",
            "region": "NA",
            "owner": "Bob",
            "lifecycle_stage": "customer",
            "mql_at": "2025-01-09 08:00",
            "sql_at": "2025-01-10 16:00",
            "first_contact_at": "2025-01-10 11:00",
        },
    ),
    "deals": (
        {
            "deal_id": "D-2001",
            "lead_id": "L-1002",
            "account_id": "A-17",
            "owner": "Bob",
            "stage": "Closed Won",
            "created_at": "2025-01-12",
            "status": "won",
            "closed_at": "2025-02-20",
            "amount": "12000",
            "source": "organic_search",
        },
        {
            "deal_id": "D-2002",
            "lead_id": "L-1001",
            "owner": "Ann",
            "stage": "Proposal",
            "created_at": "2025-01-15",
            "status": "open",
            "amount": "5000",
            "source": "paid_search",
        },
    ),
    "touches": (
        {
            "lead_id": "L-1001",
            "touched_at": "2025-01-06 09:00",
            "source": "paid_search",
            "campaign": "spring_launch",
            "touch_type": "ad_click",
        },
        {"lead_id": "L-1002", "touched_at": "2025-01-05 18:20", "source": "organic_search", "touch_type": "page_view"},
    ),
    "spend": (
        {"month": "2025-01-01", "source": "paid_search", "campaign": "spring_launch", "amount": "1500"},
        {"month": "2025-02-01", "source": "paid_search", "campaign": "spring_launch", "amount": "1800"},
    ),
    "targets": (
        {"month": "2025-01-01", "metric": "leads", "value": "500"},
        {"month": "2025-01-01", "metric": "revenue", "value": "50000", "team": "sales"},
    ),
    "accounts": (
        {
            "account_id": "A-17",
            "name": "Acme Retail Ltd",
            "industry": "retail",
            "segment": "Mid-market",
            "region": "NA",
            "employees": "240",
            "owner": "Bob",
        },
        {"account_id": "A-18", "name": "Globex GmbH", "industry": "software", "region": "EMEA", "employees": "35"},
    ),
}


def template_csv(kind: str) -> bytes:
    """The canonical template of one table: the header of every column and its two example rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(canonical_columns(kind)), lineterminator="\n")
    writer.writeheader()
    writer.writerows(TEMPLATE_ROWS[kind])
    return out.getvalue().encode("utf-8")
