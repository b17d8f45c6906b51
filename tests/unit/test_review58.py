"""Review 58: month-by-month series are filled with zeros from their first month only (a lead-less deal a year
before the first lead drew the leads' line at 0 for that year), counted by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import metrics


def test_fill_months_starts_at_the_first_month_with_a_row_and_runs_to_the_view_end():
    # the data's first day is a deal's, Mar 2025; the leads start in Jan 2026: rows Jan 2 and Mar 1 of 2026
    df = pd.DataFrame(
        {"month": [date(2026, 1, 1), date(2026, 3, 1)], "stage": ["lead", "lead"], "count_entries": [2, 1]}
    )
    months = [date(2025, m, 1) for m in range(3, 13)] + [date(2026, m, 1) for m in range(1, 5)]
    out = metrics.fill_months(df, months, ["stage"], ["count_entries"])
    # Jan 2026 2, Feb 0 (filled), Mar 1, Apr 0 (the view's last month, filled); nothing in 2025
    assert [m.date() for m in out["month"]] == [date(2026, m, 1) for m in range(1, 5)]
    assert out["count_entries"].tolist() == [2, 0, 1, 0]
