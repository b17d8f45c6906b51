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
