"""Which leads are open (and so may be stalled) under the conversion window: the leads created inside it only (an
older one is lost, even with an open deal, as the Funnel page counts it dropped out); a window of 0 keeps every lead
still at a stage. Counted by hand."""

from __future__ import annotations

from datetime import datetime as T

from fixture_data import load

from dashboard import metrics
from dashboard.filters import Filters

# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at.
# the data's today is the latest moment, A3's creation: 2025-06-10; 30 days before it is 2025-05-11 00:00
LEADS = [
    ("A1", T(2025, 1, 1), "email", "CFO", "SMB", "Ann", None, T(2025, 1, 2), None, None),  # old MQL, no deal
    ("A2", T(2025, 1, 5), "email", "CFO", "SMB", "Ann", None, T(2025, 1, 6), T(2025, 1, 7), None),  # old, open deal
    ("A3", T(2025, 6, 10), "email", "CFO", "SMB", "Bob", None, None, None, None),  # a lead of today
    ("A4", T(2025, 6, 1), "email", "CFO", "SMB", "Bob", None, T(2025, 6, 5), None, None),  # a young MQL
    ("A5", T(2025, 1, 3), "email", "CFO", "SMB", "Ann", None, None, T(2025, 1, 4), None),  # old, its deal lost
    ("A6", T(2025, 5, 11), "email", "CFO", "SMB", "Bob", None, None, None, None),  # exactly 30 days old
    ("A7", T(2025, 5, 11, 0, 0, 1), "email", "CFO", "SMB", "Bob", None, None, None, None),  # a second younger
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("D2", "A2", "Ann", T(2025, 1, 10), "open", None, 100.0, None),
    ("D5", "A5", "Ann", T(2025, 1, 8), "lost", T(2025, 2, 1), 50.0, None),
]


def in_stage(con, window_days: int) -> dict[str, int]:
    stages = metrics.stalled(con, Filters(window_days=window_days))
    return dict(zip(stages["stage"], stages["count_in_stage"].astype(int), strict=True))


def test_a_30_day_window_keeps_the_young_leads_only(empty_con):
    load(empty_con, LEADS, DEALS)
    # lead: A3 and A7 (A6 is exactly 30 days old: out); mql: A4 (A1 is older than the window: lost, not open);
    # opportunity: none, A2's deal is open but A2 was created in January, past the window (lost, as the Funnel
    # page counts it dropped out before Customer); A5's only deal is lost
    assert in_stage(empty_con, 30) == {"lead": 2, "mql": 1, "sql": 0, "opportunity": 0}


def test_no_window_keeps_every_lead_still_at_a_stage(empty_con):
    load(empty_con, LEADS, DEALS)
    # lead: A3, A6, A7; mql: A1 and A4; opportunity: A2
    assert in_stage(empty_con, 0) == {"lead": 3, "mql": 2, "sql": 0, "opportunity": 1}
