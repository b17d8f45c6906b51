"""Tidy 100 item 4: with no dated data the date picker falls back to today in the data's zone (dashboard.clock), never
the machine's own date. The clock is fixed at 15 Mar 2026 09:00 in the data's zone, a day that is not the machine's
today: an empty database's picker holds 15 Mar - 15 Mar 2026.
"""

from __future__ import annotations

from datetime import date, datetime

from dashboard import clock
from dashboard.ui import WIDGET_PREFIX

TODAY = datetime(2026, 3, 15, 9, 0)


def _nothing(con) -> None:
    """An empty database."""


def test_an_empty_database_s_date_picker_holds_today_in_the_data_s_zone(app_over, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: TODAY)
    at = app_over(_nothing).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.date_input(key=f"{WIDGET_PREFIX}dates").value == (date(2026, 3, 15), date(2026, 3, 15))
