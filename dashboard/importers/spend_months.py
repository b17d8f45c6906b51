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
from datetime import date, datetime
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
    "Advertising: Time, Daily or Monthly; LinkedIn Campaign Manager: Time breakdown, Daily or Monthly)"
)
# a title line saying the rows are not broken down by time, each the whole report's period: LinkedIn Campaign
# Manager's "Time Granularity: All", Microsoft Advertising's "Report Aggregation: Summary". Its label must name the
# breakdown: "Campaign Status: All" is a filter, not a period
TITLE_UNBROKEN = re.compile(
    r"^\s*\"?(?P<label>[^:]{1,60}):\s*\"?(all|summary|total|none|lifetime|overall|no breakdown)\s*\"?$", re.IGNORECASE
)
TITLE_BREAKDOWN = re.compile(r"granularit|aggregat|breakdown|time unit|unit of time|zeiteinheit", re.IGNORECASE)
# a title line giving the report's first or last day, as LinkedIn writes them ("Report Start: 1/15/2025 (in UTC)",
# "Report End: 2/14/2025 (in UTC)"); its label's word says which
TITLE_DAY = re.compile(r"^\s*\"?(?P<label>[^:]{1,40}):\s*(?P<day>[^:()\"]+?)\s*(\([^)]*\))?\s*\"?$")
TITLE_START_WORD = re.compile(r"\b(start|starts|from|begin|beginning)\b", re.IGNORECASE)
TITLE_END_WORD = re.compile(r"\b(end|ends|to|until|through)\b", re.IGNORECASE)
# a title line giving the report's period in one: Google Ads' "January 15, 2025 - February 14, 2025", Microsoft
# Advertising's "Report Time: 1/1/2025 - 2/28/2025"
TITLE_RANGE = re.compile(
    r"^\s*\"?(?:[^:\"]{1,40}:\s*)?(?P<start>[0-9A-Za-z][0-9A-Za-z ,./]*?)\s+[-–—]\s+"
    r"(?P<end>[0-9A-Za-z][0-9A-Za-z ,./]*?)\s*(\([^)]*\))?\s*\"?$"
)
# a title's day written with numbers, day and month in either order (1/15/2025, 15.01.2025), or year first
TITLE_NUMERIC_DAY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
TITLE_ISO_DAY = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})")
# a title's day written with an English month's name (strptime's)
TITLE_NAMED_DAYS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%d %B, %Y", "%d %b, %Y")


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
    _refuse_title_unbroken(path, month, raw.title)
    weekly = _weekly(con, month, first, raw.title)
    if weekly is not None:
        _refuse_weeks(con, path, month, first, weekly)
    return None


@dataclass(frozen=True)
class TitlePeriod:
    """The period a report's title gives: its lines as written, and its first and last day read in each order of
    day and month the days allow (True: day first, False: month first, None: the days show no order)."""

    lines: tuple[str, ...]
    readings: dict[bool | None, tuple[date, date]]

    def spans(self, day_first: bool | None = None) -> list[tuple[date, date]]:
        """The readings of the period: the one in the order the file's dates showed, else every one."""
        if day_first is not None and day_first in self.readings:
            return [self.readings[day_first]]
        return list(self.readings.values())

    def quoted(self) -> str:
        """The title's lines that give the period, as the file writes them."""
        return " and ".join(repr(line) for line in self.lines)


def _title_day(text: str) -> dict[bool | None, date]:
    """A title's day in each order of day and month it can be read in (None: one reading, its order written out)."""
    text = text.strip()
    if found := TITLE_ISO_DAY.fullmatch(text):
        year, first, second = (int(g) for g in found.groups())
        return _days({None: (year, first, second)})
    if found := TITLE_NUMERIC_DAY.fullmatch(text):
        first, second, year = (int(g) for g in found.groups())
        return _days({True: (year, second, first), False: (year, first, second)})
    for fmt in TITLE_NAMED_DAYS:
        try:
            return {None: datetime.strptime(text, fmt).date()}
        except ValueError:
            continue
    return {}


def _days(parts: dict[bool | None, tuple[int, int, int]]) -> dict[bool | None, date]:
    """The (year, month, day) triples that are days of the calendar (not 15/1 read month first)."""
    found = {}
    for order, (year, month, day) in parts.items():
        try:
            found[order] = date(year, month, day)
        except ValueError:
            continue
    return found


def title_period(title: readers.Title | None) -> TitlePeriod | None:
    """The period a report's title gives, in one line (Google Ads' "January 15, 2025 - February 14, 2025",
    Microsoft's "Report Time: 1/1/2025 - 2/28/2025") or two (LinkedIn's "Report Start: 1/15/2025 (in UTC)" and
    "Report End: 2/14/2025 (in UTC)"); None when it gives none it reads."""
    starts: list[tuple[str, dict[bool | None, date]]] = []
    ends: list[tuple[str, dict[bool | None, date]]] = []
    for line in (t.strip().strip('"') for t in (title.lines if title else ())):
        ranged = TITLE_RANGE.match(line)
        if ranged and (first := _title_day(ranged["start"])) and (last := _title_day(ranged["end"])):
            return _period((line,), first, last)
        day = TITLE_DAY.match(line)
        if day is None or not (read := _title_day(day["day"])):
            continue
        if TITLE_START_WORD.search(day["label"]):
            starts.append((line, read))
        elif TITLE_END_WORD.search(day["label"]):
            ends.append((line, read))
    if len(starts) != 1 or len(ends) != 1:
        return None
    return _period((starts[0][0], ends[0][0]), starts[0][1], ends[0][1])


def _period(
    lines: tuple[str, ...], first: dict[bool | None, date], last: dict[bool | None, date]
) -> TitlePeriod | None:
    """The readings of a period's first and last day in one order of day and month, its first day not after its
    last (None: no reading is a period)."""
    readings = {}
    for order in (True, False):
        start, end = first.get(order, first.get(None)), last.get(order, last.get(None))
        if start is not None and end is not None and start <= end:
            readings[None if None in first and None in last else order] = (start, end)
    return TitlePeriod(lines, readings) if readings else None


def _months_apart(span: tuple[date, date]) -> bool:
    """Whether a period's first and last day are in different months."""
    return (span[0].year, span[0].month) != (span[1].year, span[1].month)


def _span_text(span: tuple[date, date]) -> str:
    """'2025-01-15 to 2025-02-14, days of 2 months'."""
    (start, end), months = span, (span[1].year - span[0].year) * 12 + span[1].month - span[0].month + 1
    return f"{start.isoformat()} to {end.isoformat()}, days of {months} months"


def _title_unbroken(title: readers.Title | None) -> str | None:
    """The title line that says a report's rows are not broken down by time ("Time Granularity: All"), or None."""
    for line in title.lines if title else ():
        found = TITLE_UNBROKEN.match(line.strip())
        if found and TITLE_BREAKDOWN.search(found["label"]):
            return line.strip().strip('"')
    return None


def _refuse_title_unbroken(path: Path, month: MonthColumn, title: readers.Title | None) -> None:
    """Refuse a report whose title says its rows are not broken down by time over a period of several months
    (LinkedIn's "Time Granularity: All" from "Report Start: 1/15/2025" to "Report End: 2/14/2025"): each row is the
    whole period's money, dated by its first day, and would all count in that day's month."""
    line = _title_unbroken(title)
    period = title_period(title)
    if line is None or period is None:
        return
    shown = month.order()
    crossing = [span for span in period.spans(None if shown is None else shown.day_first) if _months_apart(span)]
    if crossing:
        raise ImportRefused(
            f"{path.name}: the report's title says its rows are not broken down by time ({line!r}) and gives its "
            f"period as {period.quoted()}: each row's money covers {_span_text(crossing[0])}, and would all be "
            f"counted in the month of its {month.label!r}: {ADVICE}"
        )


def refuse_constant_month_over_title(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, title: readers.Title | None, constant: str
) -> None:
    """Refuse a spend file without a date column, given its month by the mapping (`constant`), whose title gives a
    period of several months, or of another month (Google Ads' campaign report without a time segment, titled
    "January 15, 2025 - February 14, 2025"): every row is the whole period's money."""
    period = title_period(title)
    if period is None:
        return
    months = con.execute(
        f"select distinct date_trunc('month', {checks.typed('cast(s.month as varchar)', 'DATE', try_=True)})::date "
        f"from {table} as s"
    ).fetchall()
    if len(months) != 1 or months[0][0] is None:
        return
    mapped = months[0][0]
    said = f"the mapping gives every row the month {constant!r} ([spend.constants] month)"
    crossing = [span for span in period.spans() if _months_apart(span)]
    if crossing:
        raise ImportRefused(
            f"{path.name}: the file has no date column and its title gives its period as {period.quoted()}: each "
            f"row's money covers {_span_text(crossing[0])}, and {said}: {ADVICE}, then map its date column as the "
            "month instead of the constant"
        )
    if all((start.year, start.month) != (mapped.year, mapped.month) for start, _ in period.spans()):
        start, end = period.spans()[0]
        raise ImportRefused(
            f"{path.name}: the file has no date column and its title gives its period as {period.quoted()} "
            f"({start.isoformat()} to {end.isoformat()}), but {said}: its money would be counted in another month "
            "than the report's; give the month the title names, or export the report with a breakdown by month"
        )


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


# the table a column named for a week is read into, to tell what mapping it as the month would do
WEEK_CANDIDATE = "_spend_week_candidate"


def weeks_unmapped(con: duckdb.DuckDBPyConnection, view: str, columns: Sequence[str], file_name: str) -> str | None:
    """For a spend file whose month nothing fills: why its column named for a week ("Week") cannot be the month, as
    the import would refuse it once mapped (weeks that cross a month's end), or None. Before, `map` and the import
    said that no column's values read as dates (trial 76: Google Ads' weekly report, whose totals row writes '--'
    in its Week column). `view`: the file as staged (with _row)."""
    for column in columns:
        if column.startswith("_") or not dates.names_a_week(column):
            continue
        con.execute(
            f"create or replace temp table {WEEK_CANDIDATE} as "
            f"select _row, cast({store.quote_identifier(column)} as varchar) as month from {view}"
        )
        try:
            dates.read_date_column(con, WEEK_CANDIDATE, "month", file_name, "spend", column)
            month = MonthColumn(WEEK_CANDIDATE, column, lambda: None)
            first = checks.typed("cast(s.month as varchar)", "DATE", try_=True)
            weekly = _weekly(con, month, first, None)
            if weekly is not None:
                _refuse_weeks(con, Path(file_name), month, first, weekly)
        except ImportRefused as refused:
            return f"the column {column!r} holds weeks, and mapped as the month it is refused: " + str(
                refused
            ).removeprefix(f"{file_name}: ")
        finally:
            con.execute(f"drop table if exists {WEEK_CANDIDATE}")
    return None
