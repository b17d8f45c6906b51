"""The wall clock in the data's zone, and the horizon a leads or deals import fixes as the data's "no later than"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dashboard import config


def now() -> datetime:
    """The wall clock in config.DATA_TIMEZONE, naive as the stored times are (not the machine's zone: a server on
    Pacific/Kiritimati read 17:32 while the data's UTC was 03:32, and took a record of the next UTC day for today)."""
    return datetime.now(ZoneInfo(config.DATA_TIMEZONE)).replace(tzinfo=None)


def today() -> date:
    """The day it is in the data's zone."""
    return now().date()


def horizon(at: datetime | None = None) -> datetime:
    """The latest moment a record may be dated and still be the data's today: the clock (`at`, else now) plus
    config.FUTURE_HORIZON_DAYS for the zones a CRM may write in, to the second."""
    return ((at or now()) + timedelta(days=config.FUTURE_HORIZON_DAYS)).replace(microsecond=0)


def day_or_today(day: date | None) -> date:
    """A day of the data (its first or last), else today in the data's zone: what a date picker and the SLA page's
    pace start from when the data has no dates."""
    # the wall clock is acceptable only there: without a dated record nothing is counted against the day (the picker's
    # range holds no record, the pace has nothing delivered), and it is the data's zone's day, as a horizon reads it
    return day if day is not None else today()
