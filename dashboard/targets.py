"""Which targets fit a view: the company's with no dimension filter, the selected sources' sum when only
sources are selected, none comparable under any other filter (a persona has no target of its own)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from dashboard import config, periods, store
from dashboard.filters import Filters
from dashboard.queries import run

COMPANY = "company"
SOURCES = "sources"
NOT_COMPARABLE = "not_comparable"


def scope(filters: Filters) -> str:
    """'company', 'sources' or 'not_comparable' for the view's dimension filters."""
    if filters.besides_source():
        return NOT_COMPARABLE
    return SOURCES if filters.values("source") else COMPANY


def params(filters: Filters) -> dict[str, Any]:
    """The view's SQL parameters plus the target scope and the sources whose targets count."""
    return {**filters.to_params(), "target_scope": scope(filters), "target_sources": list(filters.values("source"))}


def days_in_view(month: date, first: date | None, last: date | None) -> tuple[int, int]:
    """(days of the month between first and last, inclusive; days of the month)."""
    _, length = calendar.monthrange(month.year, month.month)
    month_end = month + timedelta(days=length - 1)
    start = max(month, first) if first else month
    end = min(month_end, last) if last else month_end
    return max(0, (end - start).days + 1), length


def month_share(month: date, first: date | None, last: date | None) -> float:
    """The share of a month's target counted pro rata: its days between first and last ÷ its days (days_in_view)."""
    inside, length = days_in_view(month, first, last)
    return inside / length


def bounds_last_day(bounds: pd.Series) -> date | None:
    """The last day of date_bounds' row (its max_date), None without data."""
    last = bounds["max_date"]
    return None if pd.isna(last) else pd.Timestamp(last).date()


def bounds_days(bounds: pd.Series) -> tuple[date | None, date | None]:
    """date_bounds' row as (the data's first day, its last day), None without data: the view's months for cover."""
    first = bounds["min_date"]
    return (None if pd.isna(first) else pd.Timestamp(first).date()), bounds_last_day(bounds)


def data_last_day(con: duckdb.DuckDBPyConnection) -> date | None:
    """The data's last day (a lead or deal created or closed): no target is due for days after it."""
    return bounds_last_day(run(con, "date_bounds").iloc[0])


def counted_from(data_first: date | None) -> date | None:
    """The day the data is taken to start: its first day, or the 1st of its month when that first day falls within
    config.DATA_START_GRACE_DAYS of it (a first lead on 5 Jan: 1–4 Jan were quiet, not missing)."""
    if data_first is None or data_first.day - 1 <= config.DATA_START_GRACE_DAYS:
        return None if data_first is None else data_first.replace(day=1)
    return data_first


def data_first_day(con: duckdb.DuckDBPyConnection) -> date | None:
    """The data's first day (a lead or deal created or closed): no month has data before it."""
    return bounds_days(run(con, "date_bounds").iloc[0])[0]


def data_as_of(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The data's latest moment (data_as_of, the day data_last_day gives): what "now" is for waits; None without
    data."""
    moment = run(con, "date_bounds").iloc[0]["as_of_at"]
    return None if pd.isna(moment) else pd.Timestamp(moment).to_pydatetime()


def latest_record(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The data's latest record, apart from a stated complete-through day (data_as_of.recorded_at); None without
    data."""
    moment = run(con, "latest_record").iloc[0]["recorded_at"]
    return None if pd.isna(moment) else pd.Timestamp(moment).to_pydatetime()


def stated_day_note(stated: date | None, latest: date | None) -> str:
    """What a stated complete-through day does beside the latest record, when it no longer simply vouches for a
    quiet end: it counts for nothing (too far after, or before), or it counts for weeks without a record; '' else."""
    if stated is None or latest is None:
        return ""
    gap = (stated - latest).days
    day, last = f"{stated:%-d %b %Y}", f"{latest:%-d %b %Y}"
    if gap > config.COMPLETE_THROUGH_MAX_DAYS:
        return (
            f"the stated day {day} is {gap} days after the latest record ({last}) and no longer counts (an export "
            f"quiet for more than {config.COMPLETE_THROUGH_MAX_DAYS} days is more likely cut short): the data runs "
            "to its latest record; state the day these exports are complete through, or forget it"
        )
    if gap < 0:
        return f"the data runs past the stated day {day} (its latest record is of {last}): it counts for nothing"
    if gap > config.STATED_QUIET_DAYS:
        return (
            f"the stated day {day} is {gap} days after the latest record ({last}) and still counts: those {gap} days "
            "without a record count as quiet, not missing; if these exports end earlier, state their day or forget it"
        )
    return ""


def statable_end(con: duckdb.DuckDBPyConnection, period: str, data_end: date | None) -> date | None:
    """The period's last day when the data ends inside the period and the exports could be stated complete through
    that day (store.set_complete_through would accept it: the last leads or deals import came on or after it, and
    its last days without a record are few); None else (a period still going on when the exports were taken).
    Few: config.STATED_QUIET_DAYS, over which a stated day is itself warned of; a March with data to the 2nd is more
    likely an export cut short than 29 quiet days."""
    start, last = periods.bounds(period)
    if data_end is None or not start <= data_end < last or (last - data_end).days > config.STATED_QUIET_DAYS:
        return None
    return last if store.can_state_complete_through(last, data_end, store.last_import_day(con)) else None


def complete_through_advice(day: date, data_end: date) -> str:
    """How to say the exports run to `day`, on the Data page and on the command line: the fix for a month counted in
    part only because its last days, after the data's last record (data_end), had none (a weekend, a holiday)."""
    return (
        f"if the exports run to {day:%-d %b %Y} and the days after {data_end:%-d %b} simply had no record (a weekend, "
        'a holiday), state it on the Data page under "How far the exports run", or with '
        f"`python -m dashboard complete-through {day:%Y-%m-%d}`"
    )


def totals(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    pro_rata: bool = True,
    data_end: date | None = None,
    data_first: date | None = None,
) -> pd.DataFrame:
    """Per metric (index): target, count_months, and count_days of count_month_days in view, for the targets
    that fit the view over its dates; attrs["months"]: per metric, the months its target is set for.

    A month's target is a promise for the whole month: pro_rata, a month the dates or the data's last day cut
    short counts for its days in view only (on the 1st of December, 1 of its 31 days is due), so that a
    month just begun is not "short" by almost all of its plan; so does the data's first day, before which no month
    has data to hold against its plan (Q1 2025 for data from 10 Feb: 2 leads against "12 (16.7 %)", January empty).
    The quarter's coverage asks what is left to win of
    the whole quarter: it passes pro_rata=False. Under a source filter a metric counts only when every selected
    source has a target for it in every month: a sum that leaves a source out would look like its promise was zero.
    data_end, data_first are the data's last and first day when the caller has read them already (bounds_days);
    None reads them here.
    """
    rows = run(con, "target_totals", params(filters))
    # a month without every selected source's target drops the metric (view_target_months says which months)
    short = rows.loc[~rows["every_source"].astype(bool), "metric"]
    rows = rows[~rows["metric"].isin(short)].drop(columns="every_source")
    first, last = filters.date_from, filters.date_to
    if pro_rata:
        if data_end is None or data_first is None:
            read_first, read_last = bounds_days(run(con, "date_bounds").iloc[0])
            data_first, data_end = data_first or read_first, data_end or read_last
        last = data_end if last is None else min(last, data_end) if data_end else last
        start = counted_from(data_first)
        first = start if first is None else max(first, start) if start else first
    days = [days_in_view(pd.Timestamp(m).date(), first, last) for m in rows["month"]]
    # month_share's quotient, of the days just counted
    share = [inside / length if pro_rata else 1.0 for inside, length in days]
    out = rows.assign(
        target=rows["target"] * share,
        count_days=[inside if pro_rata else length for inside, length in days],
        count_month_days=[length for _, length in days],
    )
    table = out.groupby("metric").agg(
        target=("target", "sum"),
        count_months=("month", "nunique"),
        count_days=("count_days", "sum"),
        count_month_days=("count_month_days", "sum"),
    )
    table = table[["target", "count_months", "count_days", "count_month_days"]]
    # which months each metric's target is set for: cover() compares a target with those months' actuals only
    months = out.groupby("metric")["month"].agg(lambda ms: tuple(sorted({pd.Timestamp(m).date() for m in ms})))
    table.attrs["months"] = months.to_dict()
    # the last day counted: after_data tells a month after it from one before the data's first day
    table.attrs["data_end"] = last or date.max
    # each month's days counted, for pro_rata_words: a month's share is its own days ÷ its own length
    table.attrs["days"] = {
        metric: tuple(
            sorted(
                {
                    (pd.Timestamp(m).date(), int(d), int(n))
                    for m, d, n in part[["month", "count_days", "count_month_days"]].itertuples(index=False)
                }
            )
        )
        for metric, part in out.groupby("metric")
    }
    return table


def view_months(first: date | None, last: date | None, data_first: date | None, data_last: date | None) -> list[date]:
    """The first days of the months the view's dates span, cut to the data's days (all dates: the data's months)."""
    start = max(d for d in (first, data_first) if d) if first or data_first else None
    end = min(d for d in (last, data_last) if d) if last or data_last else None
    if start is None or end is None or start > end:
        return []
    out, month = [], start.replace(day=1)
    while month <= end:
        out.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return out


@dataclass(frozen=True)
class Cover:
    """Which of the view's months a metric's target is set for: a target is compared only with the actuals of
    its own months (a January-only MQL target against a quarter's MQLs read 275 % where January made 150 %)."""

    months: tuple[date, ...]  # the months with a target, within the view
    partial: bool  # some month of the view has no target

    def words(self) -> str:
        """'Jan 2025', 'Jan–Mar 2025', 'Jan, Mar 2025', 'Dec 2024–Feb 2025': the months the target is set for."""
        return months_words(self.months)

    def only(self) -> str:
        """'target set for Jan 2025 only' when the target leaves months of the view out, else ''."""
        return f"target set for {self.words()} only" if self.partial else ""


def cover(table: pd.DataFrame, metric: str, months_in_view: Sequence[date]) -> Cover:
    """The months the metric's target (totals' row) is set for within months_in_view, and whether it leaves any
    of them out; the target's own months whole when the view's months are unknown (no data)."""
    own = tuple(table.attrs.get("months", {}).get(metric, ()))
    if not months_in_view:
        return Cover(own, False)
    inside = tuple(m for m in own if m in set(months_in_view))
    return Cover(inside, len(inside) < len(months_in_view))


def in_months(per_month: pd.Series, months: Sequence[date]) -> float:
    """The sum of a per-month series (indexed by month) over the given months: a target's actuals."""
    wanted = {pd.Timestamp(m) for m in months}
    index = pd.to_datetime(per_month.index)
    return float(per_month[[pd.Timestamp(i) in wanted for i in index]].sum())


def months_words(months: Sequence[date]) -> str:
    """Months in words, runs of consecutive months as a range and the year once per year."""
    runs: list[list[date]] = []
    for m in sorted(months):
        if runs and (runs[-1][-1].year * 12 + runs[-1][-1].month + 1) == m.year * 12 + m.month:
            runs[-1].append(m)
        else:
            runs.append([m])
    parts = []
    for i, run_ in enumerate(runs):
        first, last = run_[0], run_[-1]
        last_of_year = i == len(runs) - 1 or runs[i + 1][0].year != last.year
        end = f"{last:%b %Y}" if last_of_year else f"{last:%b}"
        if first == last:
            parts.append(end)
        else:
            parts.append(f"{first:%b %Y}–{end}" if first.year != last.year else f"{first:%b}–{end}")
    return ", ".join(parts)


def pro_rata_words(table: pd.DataFrame, metric: str) -> str:
    """'pro rata: 1 of 31 days' when the metric's target counts only part of its month's days; over several months,
    month by month as totals() computes it: 'pro rata by month: Oct–Nov 2026 whole, 5 of Dec 2026's 31 days' (the
    quarter's "66 of 92 days" named a share of the quarter that the figure is not: $180k × 66/92 is $129.1k, the
    months' own shares $129.7k); else ''."""
    if metric not in table.index or table.at[metric, "count_days"] >= table.at[metric, "count_month_days"]:
        return ""
    per_month = table.attrs.get("days", {}).get(metric, ())
    if len(per_month) <= 1:
        days, of = int(table.at[metric, "count_days"]), int(table.at[metric, "count_month_days"])
        return f"pro rata: {days:,} of {of:,} days"
    parts: list[str] = []
    whole: list[date] = []  # the run of whole months before the next cut one
    for month, days, of in per_month:
        if days >= of:
            whole.append(month)
            continue
        parts += [f"{months_words(whole)} whole"] if whole else []
        parts.append(f"{days} of {month:%b %Y}'s {of} days")
        whole = []
    parts += [f"{months_words(whole)} whole"] if whole else []
    return "pro rata by month: " + ", ".join(parts)


def after_data(table: pd.DataFrame, metric: str) -> bool:
    """Whether the metric's target months in view all lie after the data's last day: pro rata, none of their days is
    counted, and "target 0, pro rata: 0 of 30 days" read as on target where the month simply has no data yet (months
    before the data's first day count none either: those are not after it, a January-only target in Q1 2025 for data
    from 10 Feb)."""
    if metric not in table.index or table.at[metric, "count_days"] != 0 or table.at[metric, "count_month_days"] == 0:
        return False
    days = table.attrs.get("days", {}).get(metric, ())
    # a month before the data's first day is counted from it: 0 days, but no month after the data
    return not days or days[-1][0] > table.attrs.get("data_end", date.min)


def after_data_words(period_name: str, data_end: date | None) -> str:
    """'Nov 2026 is after the data's last day (10 Oct 2026): no data for it yet'."""
    last = f" ({data_end:%-d %b %Y})" if data_end else ""
    return f"{period_name} is after the data's last day{last}: no data for it yet"


def company_metrics(con: duckdb.DuckDBPyConnection, filters: Filters) -> frozenset[str]:
    """The metrics the company has a target for in the view's dates, whatever its dimension filters: under a
    persona filter only these are "not comparable"; the others have no target, filtered or not."""
    return frozenset(totals(con, Filters(date_from=filters.date_from, date_to=filters.date_to)).index)


def comparable(filters: Filters) -> bool:
    """Whether the view has targets of its own (company-wide or per source)."""
    return scope(filters) != NOT_COMPARABLE
