"""Calendar periods for the executive view and the monthly report: '2026-10' (a month), '2026-Q3' (a quarter)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import numpy as np

PATTERN = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse(period: str) -> tuple[int, int, int]:
    """(year, first month, number of months); ValueError when the text is not a month or a quarter."""
    match = PATTERN.match(period or "")
    if not match:
        raise ValueError(f"{period!r} is not a month (2026-10) or a quarter (2026-Q3)")
    year = int(match.group(1))
    if match.group(2):
        return year, int(match.group(2)), 1
    return year, 3 * (int(match.group(3)) - 1) + 1, 3


def bounds(period: str) -> tuple[date, date]:
    """First and last day of the period, inclusive."""
    year, month, months = parse(period)
    start = date(year, month, 1)
    end_month = month + months
    end = date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return start, end - timedelta(days=1)


def label(period: str) -> str:
    """'Oct 2026' or 'Q3 2026'."""
    year, month, months = parse(period)
    return f"{MONTH_NAMES[month - 1]} {year}" if months == 1 else f"Q{(month - 1) // 3 + 1} {year}"


def short_label(period: str) -> str:
    """'Oct' or 'Q3': the year left out where the period is the one just before another (a tile's change)."""
    return label(period).split(" ")[0]


def previous(period: str) -> str:
    """The month or quarter before."""
    year, month, months = parse(period)
    if months == 1:
        return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    quarter = (month - 1) // 3 + 1
    return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"


def last_year(period: str) -> str:
    """The same month or quarter a year earlier."""
    year, month, months = parse(period)
    return f"{year - 1}-{month:02d}" if months == 1 else f"{year - 1}-Q{(month - 1) // 3 + 1}"


def quarter_of(period: str) -> str:
    """The quarter a month or quarter falls in."""
    year, month, _ = parse(period)
    return f"{year}-Q{(month - 1) // 3 + 1}"


def months_in(period: str) -> int:
    """1 for a month, 3 for a quarter."""
    return parse(period)[2]


def working_days(period: str) -> int:
    """Monday-to-Friday days in the period (public holidays differ by country and are not removed)."""
    start, end = bounds(period)
    return int(np.busday_count(start, end + timedelta(days=1)))


def options(first: date | None, last: date | None) -> list[str]:
    """Every month and quarter from the data's first to last day, newest first, quarters after their months."""
    if not (first and last):
        return []
    out: list[str] = []
    year, month = last.year, last.month
    while (year, month) >= (first.year, first.month):
        out.append(f"{year}-{month:02d}")
        if month in (1, 4, 7, 10):
            out.append(f"{year}-Q{(month - 1) // 3 + 1}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def default(last: date | None) -> str | None:
    """The last complete month of the data (the month of the data's last day when that day ends it)."""
    if last is None:
        return None
    if (last + timedelta(days=1)).day == 1:
        return f"{last.year}-{last.month:02d}"
    first_of_month = last.replace(day=1)
    before = first_of_month - timedelta(days=1)
    return f"{before.year}-{before.month:02d}"


def counted_through(date_to: date | None, data_last: date | None) -> date | None:
    """The last day a month-by-month view counts: the date range's last day or the data's, whichever is earlier."""
    days = [day for day in (date_to, data_last) if day]
    return min(days) if days else None


def partial_month(through: date | None) -> date | None:
    """The first day of the month `through` falls in, when that month goes on after it (counted only in part)."""
    if through is None or (through + timedelta(days=1)).day == 1:
        return None
    return through.replace(day=1)


def partial_note(through: date | None) -> str | None:
    """The one sentence under every month-by-month chart whose last month is counted only in part; else None."""
    start = partial_month(through)
    if start is None or through is None:
        return None
    month = MONTH_NAMES[start.month - 1]
    return (
        f"{month} {start.year} is counted to {through.day} {month} only (shaded): "
        "its last point is not a whole month, so a drop there is not a fall."
    )


def months_back(day: date, months: int) -> date:
    """The same day of the month `months` months earlier, the month's last day where it is shorter (31 Mar → 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    length = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, length))


def cut_at(period: str, data_last: date | None) -> date | None:
    """The data's last day when it falls inside the period (the period counted only so far), else None."""
    start, end = bounds(period)
    return data_last if data_last is not None and start <= data_last < end else None


def same_days(period: str, cut: date, months: int) -> tuple[date, date]:
    """The stretch `months` months before the period's first days to cut: a partial month's like-for-like base
    (1–4 Dec 2026 → 1–4 Dec 2025 a year back, 1–4 Nov 2026 one month back)."""
    return months_back(bounds(period)[0], months), months_back(cut, months)


def days_label(first: date, last: date) -> str:
    """'1–4 Dec 2025', '5 Nov – 4 Dec 2026' or '1 Oct – 4 Dec 2025' for a stretch of days."""
    if (first.year, first.month) == (last.year, last.month):
        days = f"{first.day}" if first == last else f"{first.day}–{last.day}"
        return f"{days} {MONTH_NAMES[last.month - 1]} {last.year}"
    start = f"{first.day} {MONTH_NAMES[first.month - 1]}" + (f" {first.year}" if first.year != last.year else "")
    return f"{start} – {last.day} {MONTH_NAMES[last.month - 1]} {last.year}"


def to_date_words(first: date | None, last: date | None, data_last: date | None) -> str:
    """' · to 5 Dec 2026 (the data's last day)' when a range runs past the data's last day (counted only so far,
    the Funnel page's heading read "Dec 2026" for 5 days of it); '' otherwise."""
    if last is None or data_last is None or last <= data_last or (first is not None and first > data_last):
        return ""
    return f" · to {data_last:%-d %b %Y} (the data's last day)"


def of_range(first: date | None, last: date | None) -> str | None:
    """The month or quarter whose first and last days these are ('2026-10', '2026-Q4'), else None."""
    if first is None or last is None:
        return None
    month = f"{first.year}-{first.month:02d}"
    quarter = f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return next((p for p in (month, quarter) if bounds(p) == (first, last)), None)
