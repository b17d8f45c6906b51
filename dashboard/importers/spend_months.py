"""Spend is kept per month: a spend row whose period runs from one month into another is refused (see README).

A row's period is its own start and end (Meta's "Reporting starts" and "Reporting ends", an invoice's "Start date"
and "End date"), or a week: a column named for one ("Week", "Week commencing"), a report whose title says its rows
are weeks (Microsoft Advertising's "Report Aggregation: Weekly"), or dates that are all one weekday a week apart. Its
dates are read after the month column was, with the same reader and the same order of day and month, so a day-first
period (15/10/2026 to 14/11/2026) is judged as a month-first one is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard import store
from dashboard.formatting import fmt_count, word_list
from dashboard.importers import checks, dates, readers
from dashboard.importers.errors import ImportRefused

# a spend report's column saying when each row's reporting period ends (as letters and digits, lower case), whatever
# the month column is: Meta's "Reporting ends", LinkedIn's "End Date (in UTC)"; not a campaign's own end (Meta's
# "Ends")
PERIOD_END_KEYS = frozenset({"reportingends", "reportingperiodend", "periodend", "enddateinutc"})
# the words of a start column's name and those its end column has in their place: "Start date" and "End date",
# "Period start" and "Period end", "Date start" and "Date end" or Meta's API's "date_stop", "From" and "To", "Start"
# and "End" (as letters and digits, lower case)
END_OF_START = (
    ("starts", "ends"),
    ("start", "end"),
    ("start", "stop"),
    ("start", "finish"),
    ("from", "to"),
    ("from", "until"),
    ("begin", "end"),
    ("beginning", "end"),
    ("commencing", "ending"),
)
# a report title's line saying its rows are weeks: "Report Aggregation: Weekly (Starting Monday)" (Microsoft
# Advertising), "Time unit: Week"; not a report's name ("Report Name: Weekly campaign spend", whose rows may be days)
TITLE_WEEKLY = re.compile(
    r"^\s*\"?(?P<label>[^:]{1,60}):\s*\"?(weekly|weeks?|by week|wöchentlich|woche|hebdomadaire|semaine|semanal|semana"
    r"|settimanale|settimana)\b[^:]*$",
    re.IGNORECASE,
)
TITLE_NOT_WEEKLY = re.compile(r"name|title|file", re.IGNORECASE)
# a title line saying the rows are days ("Report Aggregation: Daily"), and a date column named for a day (Google Ads'
# "Day", Microsoft Advertising's "Gregorian date"), as header_key writes it: their dates are days however they fall
# (an advertiser who spends on Mondays only), never weeks guessed from one weekday
TITLE_DAILY = re.compile(
    r"^\s*\"?[^:]{1,60}:\s*\"?(daily|days?|by day|täglich|tag|quotidien|jour|diario|día|dia|giornaliero)\b[^:]*$",
    re.IGNORECASE,
)
DAY_COLUMNS = frozenset({"day", "tag", "jour", "dia", "giorno", "dag", "dzien", "gregoriandate", "segmentsdate"})
# dates that are weeks although no name or title says so: at least this many distinct dates, all one weekday, most
# of them a week after the one before (a week without spend may be missing)
WEEKLY_DATES = 3
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# the weeks a refusal names
WEEKS_NAMED = 3
# an end written at midnight exactly, as Snapchat writes a day's row (Start time 2025-03-31 00:00:00, End time
# 2025-04-01 00:00:00): the moment the period stops, so its last day is the day before (a row ending 23:59:59 ends on
# its own day), with the offset Snapchat's API writes after it (2025-04-01T00:00:00.000-07:00). Only a text file's
# time: an XLSX date cell reaches the importer as midnight, and is the day itself
MIDNIGHT_END = r"[ T]0?0:00(:00(\.0+)?)? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$"
ADVICE = (
    "spend is kept per month, and a row's money cannot be split over its months without a guess; export the report "
    "with a breakdown by month or by day (Meta: Breakdown, By time; Google Ads: Segment, Time, Day or Month; Microsoft "
    "Advertising: Time, Daily or Monthly)"
)


@dataclass(frozen=True)
class MonthColumn:
    """The spend file's month column once read: its staged table (with _row) and the file's name for it."""

    table: str
    label: str
    # the order of day and month its dates were read in (None: none was needed, or none shown), asked only when an
    # end column is read with it
    order: Callable[[], dates.OrderShown | None]


@dataclass(frozen=True)
class RawColumns:
    """The file as read, before a mapping: its staged view (with _row), its columns and its title lines."""

    view: str
    columns: Sequence[str]
    title: readers.Title | None


def end_column(month: str, columns: Sequence[str]) -> str | None:
    """The file's column saying when each row's period ends: a reporting period's end (PERIOD_END_KEYS), or the end
    that goes with the month column's start ("End date" beside "Start date", "To" beside "From")."""
    key = readers.header_key(month)
    paired = {key.replace(start, end) for start, end in END_OF_START if start in key} - {key}
    return next((c for c in columns if c != month and readers.header_key(c) in PERIOD_END_KEYS | paired), None)


def title_says_weekly(title: readers.Title | None) -> str | None:
    """The title line that says a report's rows are weeks ("Report Aggregation: Weekly (Starting Monday)"), or None."""
    for line in title.lines if title else ():
        found = TITLE_WEEKLY.match(line.strip())
        if found and not TITLE_NOT_WEEKLY.search(found["label"]):
            return line.strip().strip('"')
    return None


def refuse_rows_across_months(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    month: MonthColumn,
    raw: RawColumns,
    declared: Sequence[str],
    excel: str | None,
) -> str | None:
    """Refuse spend whose rows each cover days of several months (an ad report without a time breakdown: Meta's
    "Reporting starts" 1 January, "Reporting ends" 31 March; an invoice from 15 October to 14 November; a weekly
    report's week across a month's end): kept per month, the whole period's money would be its first month's.
    `declared`: the mapping's date formats; `excel`: the day an XLSX file's day numbers count from. Returns what the
    report says of ends read as the day before (None: nothing to say)."""
    first = checks.typed(f"cast(s.{store.quote_identifier('month')} as varchar)", "DATE", try_=True)
    end = end_column(month.label, raw.columns)
    if end is not None:
        last = _read_end(con, path, month, raw, end, declared, excel)
        said = _midnight_ends(con, month, raw, (first, last), end, excel)
        _refuse_periods(con, path, month, (first, last), end)
        return said
    weekly = _weekly(con, month, first, raw.title)
    if weekly is not None:
        _refuse_weeks(con, path, month, first, weekly)
    return None


def _midnight_ends(
    con: duckdb.DuckDBPyConnection,
    month: MonthColumn,
    raw: RawColumns,
    span: tuple[str, str],
    end: str,
    excel: str | None,
) -> str | None:
    """Rewrite each end at midnight exactly after its start's day as the day before (Snapchat's End time 2025-04-01
    00:00:00 ends 31 March); what the report says of them (None: none)."""
    first, last = span
    if excel is not None:
        return None
    q = store.quote_identifier(end)
    # the cell as the file writes it: once read, a date without a time is midnight too
    cell = f"(select trim(cast(r.{q} as varchar)) from {raw.view} as r where r._row = e._row)"
    midnight = f"regexp_matches({cell}, $midnight) and {last} > {first}"
    row = con.execute(
        f"select count(*), any_value({cell}) from {month.table} as s join period_ends as e using (_row) "
        f"where {midnight}",
        {"midnight": MIDNIGHT_END},
    ).fetchone()
    if not row or not row[0]:
        return None
    con.execute(
        f"update period_ends as e set {q} = ({last} - 1)::varchar from {month.table} as s "
        f"where s._row = e._row and {midnight}",
        {"midnight": MIDNIGHT_END},
    )
    return (
        f"the day before when at midnight exactly ({fmt_count(row[0], 'row')}, such as {row[1]}): the end is the "
        "moment the period stops, as Snapchat writes a day's row"
    )


def _read_end(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    month: MonthColumn,
    raw: RawColumns,
    end: str,
    declared: Sequence[str],
    excel: str | None,
) -> str:
    """Read the end column's dates as the month column's were (the same reader, and its order of day and month when
    the end's own dates show none); SQL of a row's end day, joined as `e`. Refused when its dates show the other order
    than the month column's."""
    q = store.quote_identifier(end)
    ends = "period_ends"
    con.execute(f"create or replace temp table {ends} as select _row, cast({q} as varchar) as {q} from {raw.view}")
    order = dates.FileOrder(ends, {})
    start = month.order()
    if start is not None:
        order.seen["", month.label] = start
    dates.read_date_column(con, ends, end, path.name, "spend", end, declared, excel, order)
    own = order.seen.get((ends, end))
    if own is not None and start is not None and own.day_first != start.day_first:
        shown = {True: "day first", False: "month first"}
        raise ImportRefused(
            f"{path.name}: column {month.label!r} is written {shown[start.day_first]} (shown by {start.example}) and "
            f"column {end!r} {shown[own.day_first]} (shown by {own.example}): one of them is misread; state the "
            f"format: {dates.settle_line('spend')}"
        )
    return checks.typed(f"e.{q}", "DATE", try_=True)


def _campaign_named(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """SQL: a row names its campaign (a summary row, without one, spans the whole report: the row check skips it as
    a totals row)."""
    return " and clean(s.campaign) is not null" if "campaign" in readers.staged_types(con, table) else ""


def _refuse_periods(
    con: duckdb.DuckDBPyConnection, path: Path, month: MonthColumn, span: tuple[str, str], end: str
) -> None:
    """Refuse the rows whose start and end day are in different months."""
    first, last = span
    row = con.execute(
        f"select count(*), min({first})::varchar, max({last})::varchar from {month.table} as s "
        f"join period_ends as e using (_row) "
        f"where date_trunc('month', {last}) > date_trunc('month', {first}){_campaign_named(con, month.table)}"
    ).fetchone()
    if row and row[0]:
        raise ImportRefused(
            f"{path.name}: {fmt_count(row[0], 'row')} run from one month into another ({month.label!r} {row[1]} to "
            f"{end!r} {row[2]}): {ADVICE}"
        )


@dataclass(frozen=True)
class Weekly:
    """Why a spend file's dates are weeks, and whether each is its week's last day ("Week ending")."""

    why: str
    ending: bool = False


def _weekly(
    con: duckdb.DuckDBPyConnection, month: MonthColumn, first: str, title: readers.Title | None
) -> Weekly | None:
    """Whether the month column's dates are weeks, and why: its name names a week (not a weekday), the report's
    title says so, or every date is one weekday and most a week after the one before (None: days)."""
    if dates.names_a_week(month.label):
        return Weekly("", ending="end" in readers.header_key(month.label))
    line = title_says_weekly(title)
    if line is not None:
        return Weekly(f", as the report's title says: {line!r}")
    daily = title is not None and any(TITLE_DAILY.match(t.strip()) for t in title.lines)
    if daily or readers.header_key(month.label) in DAY_COLUMNS:
        return None
    found = con.execute(
        f"with days as (select distinct {first} as day from {month.table} as s where {first} is not null), "
        "gaps as (select day, day - lag(day) over (order by day) as gap from days) "
        "select count(*), count(distinct isodow(day)), count(*) filter (where gap = 7), "
        "count(*) filter (where gap is not null), min(day)::varchar, list(day::varchar order by day)[:3], "
        "any_value(isodow(day)) from gaps"
    ).fetchone()
    if not found:
        return None
    days, weekdays, weekly_gaps, gaps, _, shown, weekday = found
    if days < WEEKLY_DATES or weekdays != 1 or 2 * weekly_gaps < gaps:
        return None
    return Weekly(f": its {days:,} dates are all {WEEKDAYS[weekday - 1]}s a week apart ({', '.join(shown)}, …)")


def _refuse_weeks(con: duckdb.DuckDBPyConnection, path: Path, month: MonthColumn, first: str, weekly: Weekly) -> None:
    """Refuse the rows whose week has days of two months, naming those weeks."""
    start, stop = (f"({first} - 6)", first) if weekly.ending else (first, f"({first} + 6)")
    crossing = f"date_trunc('month', {stop}) <> date_trunc('month', {start}){_campaign_named(con, month.table)}"
    weeks = con.execute(
        f"select {start}::varchar, {stop}::varchar, count(*) from {month.table} as s where {crossing} "
        "group by 1, 2 order by 1"
    ).fetchall()
    if not weeks:
        return
    rows = sum(n for *_, n in weeks)
    named = [f"from {a} to {b}" for a, b, _ in weeks[:WEEKS_NAMED]]
    if len(weeks) > WEEKS_NAMED:
        named.append(f"{len(weeks) - WEEKS_NAMED:,} more")
    listed = word_list(named)
    crossing = (
        f"the week {listed} crosses a month's end" if len(weeks) == 1 else f"the weeks {listed} cross a month's end"
    )
    raise ImportRefused(
        f"{path.name}: {fmt_count(rows, 'row')} run from one month into another ({month.label!r} dates a week"
        f"{weekly.why}; {crossing}): {ADVICE}"
    )
