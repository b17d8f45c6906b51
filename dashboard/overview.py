"""The executive view of one month or quarter: KPIs against target, previous period and last year, revenue
alignment and pipeline coverage, the reverse-funnel plan, and alerts."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pandas as pd

from dashboard import config, metrics, periods, rollups, sla, sources, targets
from dashboard.filters import Filters
from dashboard.formatting import (
    fmt_count,
    fmt_days,
    fmt_money,
    fmt_money_full,
    fmt_pct,
    fmt_plan,
    fmt_points,
    label_value,
    md_text,
)
from dashboard.queries import run


def period_filters(filters: Filters, period: str) -> Filters:
    """The view's dimension filters over one period, counting each stage by its own date, by lead (as targets are
    set, whatever the view counts by)."""
    start, end = periods.bounds(period)
    return dataclasses.replace(filters.by_lead(), date_from=start, date_to=end, mode="activity")


def executive_view(filters: Filters) -> Filters:
    """The view as the executive section reads it: the sidebar's dates and counting mode dropped (every period
    sets its own), so views that differ only there share one cached result."""
    return dataclasses.replace(filters, date_from=None, date_to=None, mode="cohort")


def monthly_deals(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per month of the range: wins and revenue by close month, pipeline by creation month, each split
    marketing-sourced, sales-sourced and of unknown origin (the three add up to it), and the month's revenue
    target."""
    if not (filters.date_from and filters.date_to):
        raise ValueError("monthly deals need a date range")
    return run(con, "monthly_deals", {**sources.sourcing_params(con, filters), **targets.params(filters)})


@dataclass(frozen=True)
class Span:
    """Stage entries and deal money per month over a stretch of months, read once for several periods."""

    entries: pd.DataFrame  # month index, one column per stage
    deals: pd.DataFrame  # monthly_deals, month index

    def total(self, frame: str, column: str, period: str) -> float:
        """The sum of one column over the months of a period."""
        start, end = periods.bounds(period)
        table = self.entries if frame == "entries" else self.deals
        if column not in table.columns:
            return 0.0
        months = table.index[(table.index >= pd.Timestamp(start)) & (table.index <= pd.Timestamp(end))]
        return float(table.loc[months, column].sum())


def span(con: duckdb.DuckDBPyConnection, filters: Filters, first_period: str, last_period: str) -> Span:
    """One scan of stage entries (activity counting) and one of deals, from one period's start to another's end."""
    return span_days(con, filters, periods.bounds(first_period)[0], periods.bounds(last_period)[1])


def span_days(con: duckdb.DuckDBPyConnection, filters: Filters, start: date, end: date) -> Span:
    """span() between two days: a month's total then holds only its days in the range (a partial month's base)."""
    window = dataclasses.replace(filters.by_lead(), date_from=start, date_to=end, mode="activity")
    deals = monthly_deals(con, window)
    months = pd.to_datetime(deals["month"])
    entries = metrics.monthly_entries(con, window, [m.date() for m in months])
    wide = entries.pivot_table(index="month", columns="stage", values="count_entries", aggfunc="sum", fill_value=0)
    return Span(entries=wide.reindex(months, fill_value=0), deals=deals.set_index(months))


# where the landing page's reader sets the SLA clock (the page shows config's agreement)
SLA_CLOCK_HOW = "on the SLA page: SLA settings → clock start"


@dataclass(frozen=True)
class Outcomes:
    """A period's deal outcomes (activity counting) and SLA compliance (under the agreement given; config's)."""

    deals: metrics.DealSummary
    sla_compliance: float | None
    # what sla.before_clock_warning says of the period's agreement ('' when nothing): read with the compliance, as
    # a query of its own cost the landing page another scan of the leads
    sla_warning: str = ""


def period_outcomes(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    names: Sequence[str],
    cut: Mapping[str, tuple[date, date] | None] | None = None,
    settings: sla.SlaSettings | None = None,
) -> dict[str, Outcomes]:
    """Per period: what metrics.deal_summary and sla.summary give for period_filters, read in one pass over the
    periods' span instead of two queries a period; cut: a period's own days where only some count (a partial
    month's base: the same days a year earlier), or the days of a stretch that is no period (TRAILING, named only
    here); settings: the SLA agreement (None: config's). Periods may overlap: a deal counts in each it falls in."""
    days = {name: (cut or {}).get(name) or periods.bounds(name) for name in names}
    # period_filters with the stretch's own days: by lead, each stage by its own date
    by_activity = dataclasses.replace(filters.by_lead(), mode="activity")
    views = {
        name: dataclasses.replace(by_activity, date_from=first, date_to=last).to_params()["view"]
        for name, (first, last) in days.items()
    }
    rows = [{"period": name, "date_from": v["date_from"], "date_to": v["date_to"]} for name, v in views.items()]
    spanning = dataclasses.replace(
        by_activity,
        date_from=min(first for first, _ in days.values()),
        date_to=max(last for _, last in days.values()),
    )
    measuring = settings or sla.SlaSettings()
    # the stored waits (sla_facts) where they are the ones these settings measure, as the SLA page reads them
    params = {
        **spanning.to_params(),
        **measuring.to_params(),
        "periods": rows,
        "sla_stored": rollups.sla_exact(measuring),
    }
    table = run(con, "period_outcomes", params).set_index("period")
    # without a single first-contact time in the data, compliance is unknown, not 0 % (sla.has_contact_times)
    measured = sla.has_contact_times(con)
    clock_start = measuring.clock_start
    return {
        name: Outcomes(
            metrics.deal_summary_from(table.loc[name]),
            metrics.optional_float(table.at[name, "sla_compliance"]) if measured else None,
            sla.before_clock_warning(
                int(table.at[name, "sla_count_before_clock"]),
                int(table.at[name, "sla_count_contacted"]),
                clock_start,
                SLA_CLOCK_HOW,
            )
            if measured
            else "",
        )
        for name in names
    }


def numbers(period: str, months: Span, outcomes: Outcomes) -> dict[str, float | None]:
    """The KPI values of one period: stage entries and money from the span, deal outcomes and SLA from outcomes."""
    deals, compliance = outcomes.deals, outcomes.sla_compliance
    counts = {
        key: months.total("entries", stage, period)
        for key, stage in (("leads", "lead"), ("mqls", "mql"), ("sqls", "sql"), ("opportunities", "opportunity"))
    }
    return {
        **counts,
        "wins": float(deals.won),
        "revenue": float(deals.revenue),
        "pipeline": months.total("deals", "pipeline", period),
        "win_rate": deals.win_rate,
        "avg_deal_size": deals.avg_deal_size,
        "cycle_days": deals.median_cycle_days,
        "sla_compliance": compliance,
    }


@dataclass(frozen=True)
class Kpi:
    """One headline number with its comparisons."""

    key: str
    label: str
    kind: str  # int, money, pct, days
    value: float | None
    previous: float | None
    last_year: float | None
    target: float | None
    higher_is_better: bool = True
    help: str = ""
    trend: tuple[float, ...] = ()  # monthly values up to the period's end, for a sparkline
    target_comparable: bool = True  # False: the view is narrower than any target (a persona, a segment …)
    target_note: str = ""  # "pro rata: 1 of 31 days" when the period's data ends before it does (targets.totals)
    # a target set for some of the period's months only (targets.cover) is compared with those months' actuals:
    # target_months names them ("Jan 2025"), target_actual is their value; "" and None when it covers the period
    target_months: str = ""
    target_actual: float | None = None
    # the previous value rests on too few (lead velocity: under config.CHANGES_MIN_BASE MQLs two periods back):
    # shown, not compared
    small_previous: bool = False
    # a period the data ends inside is held against the same days of last year's ("1–4 Dec 2025"), never against
    # the whole of it (4 days of December read "−86.1 %" against all of last December): that stretch's name
    last_year_label: str = ""
    # why the value is not shown ("–"): lead velocity on too few MQLs in its base (the note above the tiles says
    # it is not compared, so the tile does not show the growth rate either); "" when shown
    withheld: str = ""
    # what a partial period's lead velocity compares: "1–4 Dec 2026 against 1–4 Nov 2026"
    basis: str = ""
    # what the value rests on that a reader must know: the sales cycle's "includes 1 deal closed 9 days before it
    # was created" (metrics.DealSummary.cycle_caveat), the revenue's "leaves out 1 won deal without an amount"
    # (revenue_caveat); "" when nothing
    caveat: str = ""
    # the SLA tile's warning that its compliance measured next to nothing (Outcomes.sla_warning); "" when none
    warning: str = ""
    # the target's months lie after the data's last day: "Nov 2026 is after the data's last day (10 Oct 2026): no
    # data for it yet", said with the whole target instead of a target pro-rated to 0 (targets.after_data)
    after_data: str = ""
    # why the previous (last year's) value is None though the data reaches that period: the data starts inside it
    # (start_note's words); "" when it is whole or wholly before the data ("no data")
    previous_note: str = ""
    last_year_note: str = ""
    # the period's whole target where `target` is pro rata to the data's days (the planner plans the whole period:
    # Nov 2026's $60,667 to 14 Nov read as the month's need, half the real pace); None: `target` is whole
    whole_target: float | None = None

    @property
    def period_target(self) -> float | None:
        """The target of the whole period, whatever part of it the data reaches (the planner's)."""
        return self.target if self.whole_target is None else self.whole_target

    @staticmethod
    def _change(now: float | None, then: float | None) -> float | None:
        return None if now is None or then in (None, 0) else (now - then) / abs(then)

    @property
    def vs_previous(self) -> float | None:
        """Relative change against the previous period."""
        return self._change(self.value, self.previous)

    @property
    def vs_last_year(self) -> float | None:
        """Relative change against the same period last year."""
        return self._change(self.value, self.last_year)

    @property
    def attainment(self) -> float | None:
        """Value ÷ target; the target's own months' value when it covers only some of the period's; none for a
        period after the data's last day (no data to set against it)."""
        if self.after_data:
            return None
        compared = self.target_actual if self.target_months else self.value
        return None if compared is None or not self.target else compared / self.target


KPI_SPECS: tuple[tuple[str, str, str, bool, str], ...] = (
    ("leads", "Leads", "int", True, "Leads created in the period"),
    ("mqls", "MQLs", "int", True, "Leads that became MQL in the period"),
    ("sqls", "SQLs", "int", True, "Leads that became SQL in the period"),
    ("opportunities", "Opportunities", "int", True, "Leads whose first deal was created in the period"),
    ("wins", "Wins", "int", True, "Deals won in the period"),
    ("revenue", "Revenue", "money", True, "Amount of the deals won in the period"),
    ("pipeline", "Pipeline created", "money", True, "Amount of the deals created in the period"),
    ("win_rate", "Win rate", "pct", True, "Won ÷ (won + lost) of the deals closed in the period"),
    ("avg_deal_size", "Average deal", "money", True, "Won amount ÷ won deals with an amount"),
    ("cycle_days", "Sales cycle", "days", False, "Median days from deal creation to win"),
    ("sla_compliance", "SLA compliance", "pct", True, "Leads contacted within the SLA ÷ leads that were due"),
    ("lead_velocity", "Lead velocity", "pct", True, "(MQLs this period − last period) ÷ last period"),
)


def _outside(data_days: pd.Series, period: str) -> bool:
    """True when the period ends before the data's first day or starts after its last (date_bounds' row)."""
    if pd.isna(data_days["min_date"]):
        return True
    start, end = periods.bounds(period)
    return end < pd.Timestamp(data_days["min_date"]).date() or start > pd.Timestamp(data_days["max_date"]).date()


# growth rates already compare two periods: they are not set against last year's
NO_YEAR_COMPARISON = frozenset({"lead_velocity"})


def _outside_days(data_days: pd.Series, first: date, last: date) -> bool:
    """_outside for a stretch of days (a partial period's like-for-like base)."""
    if pd.isna(data_days["min_date"]):
        return True
    return last < pd.Timestamp(data_days["min_date"]).date() or first > pd.Timestamp(data_days["max_date"]).date()


def starts_inside(data_first: date | None, first: date, last: date) -> bool:
    """True when the stretch has days before the data's first day and reaches it: Nov 2023 for data from 21 Nov
    2023 holds 21–30 Nov only (whole months before it too: Q3 2025 for data from 1 Sep 2025). A first day in its
    month's first week counts the month whole (targets.counted_from: a first lead on 5 Jan is no sign that 1–4 Jan
    are missing)."""
    start = targets.counted_from(data_first)
    return start is not None and first < start <= last


def mirror_days(data_first: date, stretch_first: date, ours: tuple[date, date]) -> tuple[date, date] | None:
    """The days of `ours` (the period compared, to its last day with data) that mirror the stretch's days before the
    data's first day: the same days as many months on (1–20 Dec 2023 for Nov 2023 and data from 21 Nov 2023,
    1–20 Nov 2024 a year on); None when there are none."""
    months = (ours[0].year - stretch_first.year) * 12 + ours[0].month - stretch_first.month
    start = targets.counted_from(data_first) or data_first
    last = min(periods.months_back(start - timedelta(days=1), -months), ours[1])
    return (ours[0], last) if last >= ours[0] else None


def _busy(con: duckdb.DuckDBPyConnection, filters: Filters, first: date, last: date) -> bool:
    """Whether the view counts anything on these days: a lead created, a stage reached, a deal won or created."""
    days = span_days(con, filters, first, last)
    deals = days.deals[[c for c in ("count_won", "pipeline") if c in days.deals.columns]]
    return bool(days.entries.to_numpy().sum() > 0 or (deals.fillna(0).to_numpy() != 0).any())


def start_gap(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    data_first: date | None,
    stretch: tuple[date, date],
    ours: tuple[date, date],
) -> str:
    """Why a stretch is not compared with `ours`, 'the data starts on 21 Nov 2023', or '' when it is.

    The rule: a stretch with days before the data's first day holds only its days from then (Nov 2023's 7 leads were
    21–30 Nov's: Dec 2023 read "+400.0 %", Nov 2024 "Nov 2023: 7 (+771.4 %)"). Those days matter when `ours` counts
    something on the days that mirror them (mirror_days: 1–20 Dec 2023): then a whole period is set against a
    part, and it is not compared. When `ours` has nothing on them either, the two whole periods already compare
    the same days (data from 2 Jan and no lead on 1 Feb: January against February is like for like), and it is.
    A like-for-like base from the data's first day is not offered instead: the tile shows the whole period's value,
    and a change computed on a part of it would not be that value's change."""
    if data_first is None or not starts_inside(data_first, *stretch):
        return ""
    mirror = mirror_days(data_first, stretch[0], ours)
    if mirror is None or not _busy(con, filters, *mirror):
        return ""
    return start_note(data_first)


def start_note(data_first: date) -> str:
    """Why a stretch the data starts inside is not compared, 'the data starts on 1 Sep 2025' (what the stretch
    holds, and why that matters, is said once, by data_start_note)."""
    return f"the data starts on {data_first:%-d %b %Y}"


def _first_day(data_days: pd.Series) -> date | None:
    """The data's first day (date_bounds' row), None without data."""
    return targets.bounds_days(data_days)[0]


@dataclass(frozen=True)
class Velocity:
    """Lead velocity as a tile shows it: the value, the previous period's, and why it is not shown or compared."""

    value: float | None
    previous: float | None
    small_previous: bool = False
    withheld: str = ""
    basis: str = ""


def _velocity_words(base: float, where: str) -> str:
    """Why a growth rate on too few MQLs is not shown, with the count and the rule."""
    return (
        f"not shown: {fmt_count(int(base), 'MQL')} in {where}, too few to read a growth rate from "
        f"(under {config.CHANGES_MIN_BASE})"
    )


def _velocity(now: float | None, before: float | None, earlier: float | None, period: str) -> Velocity:
    """Lead velocity of a whole period against the one before (and that one's, on the MQLs before it)."""
    # the previous period's velocity on a handful of MQLs two periods back is noise, not a base to compare
    # with (kept, and flagged small_previous, not dropped: the report read a dropped one as "no data")
    small = earlier is not None and earlier < config.CHANGES_MIN_BASE
    withheld = ""
    if before is not None and 0 < before < config.CHANGES_MIN_BASE:
        # the note above the tiles says MQLs are not compared, too few: the growth rate on them is that comparison
        withheld = _velocity_words(before, periods.label(periods.previous(period)))
    return Velocity(Kpi._change(now, before), Kpi._change(before, earlier), small, withheld)


def _partial_velocity(
    now: float | None, base: float | None, period: str, cut: date, days: tuple[date, date]
) -> Velocity:
    """Lead velocity of a period the data ends inside (cut: its last day with data): its days against the same days
    of the period before (4 days of MQLs against a whole month read −63.6 % where the same days had doubled)."""
    ours = periods.days_label(periods.bounds(period)[0], cut)
    basis = f"{ours} against {periods.days_label(*days)}"
    withheld = ""
    if base is not None and 0 < base < config.CHANGES_MIN_BASE:
        withheld = _velocity_words(base, periods.days_label(*days))
    return Velocity(Kpi._change(now, base), None, False, withheld, basis)


def _lead_velocity(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    data_days: pd.Series,
    months: Span,
    period: str,
    now: float | None,
    before: float | None,
) -> tuple[Velocity, str]:
    """The lead velocity tile's values (now, before: the period's and the previous period's MQLs), and why its
    previous value is not compared when the data starts inside a period it rests on ('' otherwise, start_gap)."""
    first = _first_day(data_days)
    before_period = periods.previous(period)
    cut = periods.cut_at(period, targets.bounds_last_day(data_days))
    ours = (periods.bounds(period)[0], cut or periods.bounds(period)[1])
    if cut:
        prev_days = periods.same_days(period, cut, periods.months_in(period))
        note = start_gap(con, filters, first, prev_days, ours)
        base_days, base_name = prev_days, periods.days_label(*prev_days)
        if not note and _outside_days(data_days, *prev_days):
            # the same days of the period before come before the data's first day, and that period holds data from
            # then on: the other tiles' rule and words (trial 100: Q4 to 30 Nov against 1 Jul – 30 Aug read "no data
            # for Q3 2026" where Q3 holds September's MQLs and every other tile said "the data starts on 2 Sep")
            note = start_gap(con, filters, first, periods.bounds(before_period), ours)
            base_name = periods.label(before_period) if note else base_name
        base = (
            None
            if _outside_days(data_days, *prev_days) or note
            else span_days(con, filters, *prev_days).total("entries", "mql", before_period)
        )
        velocity = _partial_velocity(now, base, period, cut, prev_days)
        own = note
    else:
        earlier = periods.previous(before_period)
        # the previous period's growth sets it against the period before it: mirrored in the previous period
        earlier_note = start_gap(con, filters, first, periods.bounds(earlier), periods.bounds(before_period))
        earlier_mqls = None if _outside(data_days, earlier) or earlier_note else months.total("entries", "mql", earlier)
        velocity = _velocity(now, before, earlier_mqls, period)
        base_days, base_name = periods.bounds(before_period), periods.label(before_period)
        own = start_gap(con, filters, first, base_days, ours)
        note = own or earlier_note
    if own and now is not None:
        # this period's growth rests on the MQLs of a period the data starts inside: "–", and why
        velocity = dataclasses.replace(velocity, withheld=f"not shown: {own}, inside {base_name}")
    return velocity, note


def kpis(
    con: duckdb.DuckDBPyConnection, filters: Filters, period: str, settings: sla.SlaSettings | None = None
) -> list[Kpi]:
    """Every headline KPI of the period against its target, the previous period and the same period last year,
    with the monthly trend of the count and money KPIs up to the period's end. A period the data ends inside is
    held against the same days of last year's, and its lead velocity against the same days of the period before.
    settings: the SLA agreement of the compliance tile (None: config's)."""
    return kpi_parts(con, filters, period, run(con, "date_bounds").iloc[0], settings).kpis


# the outcomes' name of the trailing year of closed deals (trailing_deals) when kpi_parts reads it with the periods
TRAILING = "trailing"


@dataclass(frozen=True)
class KpiParts:
    """kpis() with what it read on the way, for the landing page's other sections to reuse: the span of months
    (last year's period to this one) and the period outcomes (TRAILING among them when asked for)."""

    kpis: list[Kpi]
    months: Span
    outcomes: dict[str, Outcomes]


def kpi_parts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    period: str,
    data_days: pd.Series,
    settings: sla.SlaSettings | None = None,
    trailing: tuple[date, date] | None = None,
) -> KpiParts:
    """kpis() on date_bounds' row read by the caller; trailing: the days of trailing_deals, whose deal outcomes
    then come from the same pass over the deals as the periods' (outcomes[TRAILING])."""
    # one read of the months from last year's period to this one serves all four periods and the trends
    months = span(con, filters, periods.last_year(period), period)
    before_period, year_period = periods.previous(period), periods.last_year(period)
    cut = periods.cut_at(period, targets.bounds_last_day(data_days))
    year_days = periods.same_days(period, cut, 12) if cut else periods.bounds(year_period)
    windows = {year_period: year_days, TRAILING: trailing}
    names = [year_period, before_period, period, *([TRAILING] if trailing else [])]
    outcomes = period_outcomes(con, filters, names, windows, settings)
    # a period the data does not reach has no values ("no data"), not zeros that read as a collapse or a record:
    # the period itself too (Dec 2026 after data to 14 Nov read "Leads fell 100.0% (70 → 0)")
    counted = numbers(period, months, outcomes[period])
    now = dict.fromkeys(counted) if _outside(data_days, period) else counted
    # a comparison period the data starts inside holds only its days from then: set against a whole period its
    # part read as growth (Q3 2025's September alone: "Leads Q3 2025: 14 (+457.1%)"), so it is not compared
    # where this period counts something on the days it lacks (start_gap)
    first = _first_day(data_days)
    ours = (periods.bounds(period)[0], cut or periods.bounds(period)[1])
    before_note = start_gap(con, filters, first, periods.bounds(before_period), ours)
    before = (
        dict.fromkeys(now)
        if _outside(data_days, before_period) or before_note
        else numbers(before_period, months, outcomes[before_period])
    )
    year_note = start_gap(con, filters, first, year_days, ours)
    year_months = span_days(con, filters, *year_days) if cut and not year_note else months
    year_ago = (
        dict.fromkeys(now)
        if _outside_days(data_days, *year_days) or year_note
        else numbers(year_period, year_months, outcomes[year_period])
    )
    velocity, velocity_note = _lead_velocity(con, filters, data_days, months, period, now["mqls"], before["mqls"])
    year_label = periods.days_label(*year_days) if cut else ""
    # the row read above holds the data's last day too: totals need not run date_bounds again
    fitted = targets.totals(
        con, period_filters(filters, period), data_end=targets.bounds_last_day(data_days), data_first=first
    )
    goals = fitted["target"]
    comparable = targets.comparable(filters)
    # a KPI the company sets no target for has none to compare with under a filter either: "no target" then,
    # as without the filter, and "not comparable" only where a company target exists
    company = frozenset(goals.index) if comparable else targets.company_metrics(con, period_filters(filters, period))
    trends = _trends(months, period, targets.bounds_days(data_days)[0])
    in_view = targets.view_months(*periods.bounds(period), *targets.bounds_days(data_days))
    # read only where a target is pro rata (or after the data): the planner's whole-period target
    # (the data starting inside the period makes its target pro rata too: Q1 2025 from 10 Feb was held to all 12)
    starts = starts_inside(first, *periods.bounds(period))
    whole = _whole_targets(con, filters, period) if cut or starts or _outside(data_days, period) else None
    out = []
    for key, label, kind, higher, help_text in KPI_SPECS:
        values: tuple[float | None, float | None, float | None]
        if key == "lead_velocity":
            # lead velocity rate: the growth of qualified leads, the leading indicator of next quarters' revenue
            values = (velocity.value, velocity.previous, None)
        else:
            values = (now[key], before[key], year_ago[key])
        target = float(goals[key]) if comparable and key in goals.index else None
        trend = trends.get(key, ())
        fits = comparable or key not in company
        note = targets.pro_rata_words(fitted, key) if target is not None else ""
        own = targets.cover(fitted, key, in_view) if target is not None else targets.Cover((), False)
        actual = targets.in_months(_per_month(months, key), own.months) if own.partial else None
        words = own.words() if own.partial else ""
        kpi = Kpi(key, label, kind, *values, target, higher, help_text, trend, fits, note, words, actual)
        kpi = dataclasses.replace(
            kpi,
            last_year_label=year_label,
            previous_note=velocity_note if key == "lead_velocity" else before_note,
            last_year_note=year_note,
        )
        if target is not None and whole is not None:
            kpi = dataclasses.replace(kpi, whole_target=float(whole.get(key, target)))
        if target is not None and whole is not None and targets.after_data(fitted, key):
            words = targets.after_data_words(periods.label(period), targets.bounds_last_day(data_days))
            kpi = dataclasses.replace(
                kpi, target=float(whole.get(key, 0.0)), target_note="", after_data=words, whole_target=None
            )
        if key == "cycle_days":
            kpi = dataclasses.replace(kpi, caveat=outcomes[period].deals.cycle_caveat())
        if key == "revenue":
            kpi = dataclasses.replace(kpi, caveat=outcomes[period].deals.revenue_caveat())
        if key == "sla_compliance":
            kpi = dataclasses.replace(kpi, warning=outcomes[period].sla_warning)
        if key == "lead_velocity":
            kpi = dataclasses.replace(
                kpi, small_previous=velocity.small_previous, withheld=velocity.withheld, basis=velocity.basis
            )
        out.append(kpi)
    return KpiParts(out, months, outcomes)


def unshown_period(asked: str | None, choices: Collection[str], first: date | None, last: date | None) -> str:
    """Why the period an address asks for (?period=2026-11) is not the one shown: after the data's last day, before
    its first, or no month or quarter; '' when it is shown (or none is asked for)."""
    if not asked or asked in choices:
        return ""
    try:
        start, end = periods.bounds(asked)
    except ValueError:
        return f"The address asks for the period '{asked}', which is not a month (2026-10) or a quarter (2026-Q3)."
    name = periods.label(asked)
    if last and start > last:
        return (
            f"{targets.after_data_words(name, last)}, so this page cannot show it. Its targets against the data are "
            f"in the report: `python -m dashboard report --month {asked}`."
        )
    if first and end < first:
        return f"{name} is before the data's first day ({first:%-d %b %Y}): there is no data for it."
    return f"{name} cannot be shown: no data is loaded for it."


def _whole_targets(con: duckdb.DuckDBPyConnection, filters: Filters, period: str) -> pd.Series:
    """Per metric, the period's whole target (not pro-rated to the data's days)."""
    return targets.totals(con, period_filters(filters, period), pro_rata=False)["target"]


# the per-month column of Span behind each KPI a target can be set for (config.TARGET_METRICS)
MONTHLY_COLUMN: dict[str, tuple[str, str]] = {
    "leads": ("entries", "lead"),
    "mqls": ("entries", "mql"),
    "sqls": ("entries", "sql"),
    "opportunities": ("entries", "opportunity"),
    "wins": ("deals", "count_won"),
    "revenue": ("deals", "revenue"),
    "pipeline": ("deals", "pipeline"),
}


def _per_month(months: Span, key: str) -> pd.Series:
    """A target metric's value per month of the span (empty when the span has no such column)."""
    frame, column = MONTHLY_COLUMN[key]
    table = months.entries if frame == "entries" else months.deals
    return table[column] if column in table.columns else pd.Series(dtype=float)


def _trends(months: Span, period: str, data_first: date | None) -> dict[str, tuple[float, ...]]:
    """The last config.SPARKLINE_MONTHS months up to the period's end, per count and money KPI, from the data's
    first month (data_first: its first day): a month before it has no data, not 0 (trial 65: the lines lay flat at
    0 for Nov-May beside the tile's "Oct 2025: no data")."""
    _, end = periods.bounds(period)
    index = months.deals.index
    last = index[index <= pd.Timestamp(end)][-config.SPARKLINE_MONTHS :]
    if data_first is not None:
        last = last[last >= pd.Timestamp(data_first.replace(day=1))]
    lines: dict[str, tuple[float, ...]] = {}
    for key, stage in (("leads", "lead"), ("mqls", "mql"), ("sqls", "sql"), ("opportunities", "opportunity")):
        column = months.entries[stage] if stage in months.entries.columns else pd.Series(0.0, index=index)
        lines[key] = tuple(float(v) for v in column.loc[last])
    for key, column in (("wins", "count_won"), ("revenue", "revenue"), ("pipeline", "pipeline")):
        lines[key] = tuple(float(v) for v in months.deals.loc[last, column])
    return lines


# what the coverage's open pipeline holds: not the Sources page's, which counts the open deals in its dates
OPEN_NOW = "pipeline open now (every open deal, whenever created)"


@dataclass(frozen=True)
class Coverage:
    """Open pipeline against what is left to win this quarter."""

    quarter: str
    target: float | None
    won: float
    open_pipeline: float
    win_rate: float | None
    target_months: int = 3
    comparable: bool = True  # False: the view is narrower than any target, so coverage cannot be judged
    # the win rate above is the trailing year's (steadier than one month's); the sentence names its days and the
    # period's own rate, the Win rate tile's, so nobody reads two win rates for one thing
    as_of: date | None = None  # the period's last day, where the trailing days end
    period: str | None = None
    period_win_rate: float | None = None
    target_words: str = ""  # the months a target covering part of the quarter is set for ("Jan 2025")
    # the quarter ended before the data's last day: today's open pipeline cannot cover it (trial 49: September's
    # report set Q3's "still to win" against the pipeline open in November)
    ended: bool = False

    @property
    def remaining(self) -> float | None:
        """Revenue still to win for the quarter's target (None once the quarter has ended)."""
        return None if self.target is None or self.ended else max(0.0, self.target - self.won)

    @property
    def coverage(self) -> float | None:
        """Open pipeline ÷ remaining target."""
        return None if not self.remaining else self.open_pipeline / self.remaining

    @property
    def required(self) -> float | None:
        """About 1 ÷ win rate: the pipeline it takes, per unit to win, at the observed win rate."""
        return None if not self.win_rate else 1 / self.win_rate

    @property
    def needed_pipeline(self) -> float | None:
        """The open pipeline it takes to win what is left, at the observed win rate."""
        return None if self.required is None or self.remaining is None else self.required * self.remaining

    @property
    def short(self) -> bool:
        """Coverage below what the win rate requires."""
        if not self.comparable or self.coverage is None or self.required is None:
            return False
        return self.coverage < self.required

    def _win_rate_words(self) -> str:
        """'30.8% win rate of the deals closed in the 365 days to 30 Nov 2026 (26.3% in Nov 2026 alone …)'."""
        text = f"{fmt_pct(self.win_rate)} win rate"
        if self.as_of is None:
            return text
        text += f" of the deals closed in the {config.COVERAGE_TRAILING_DAYS} days to {self.as_of:%-d %b %Y}"
        if self.period is None:
            return text
        alone = "no deal closed" if self.period_win_rate is None else fmt_pct(self.period_win_rate)
        return f"{text} ({periods.label(self.period)} alone, the Win rate tile: {alone})"

    def sentence(self) -> str:
        """The coverage in words."""
        name = periods.label(self.quarter)
        if 0 < self.target_months < periods.months_in(self.quarter):
            # the quarter's wins against a target of one of its months read as covered where that month was not
            only = f": {self.target_words}, whose wins alone count against it" if self.target_words else ""
            name += f" (its target covers {self.target_months} of its {periods.months_in(self.quarter)} months{only})"
        if self.ended:
            return self._ended_sentence(name)
        if not self.comparable:
            return (
                f"{fmt_money(self.won)} won in {name} so far and {fmt_money(self.open_pipeline)} of {OPEN_NOW} in "
                "this view. Targets are set for the company and per source, so this narrower view has no target to "
                "judge coverage against; clear the filters other than source to compare."
            )
        if self.target is None:
            return f"No revenue target is set for {name}: pipeline coverage cannot be judged."
        if not self.remaining:
            return f"The {fmt_money(self.target)} target for {name} is already met ({fmt_money(self.won)} won)."
        text = (
            f"{fmt_money(self.won)} of the {fmt_money(self.target)} target for {name} is won; the "
            f"{fmt_money(self.open_pipeline)} of {OPEN_NOW} covers the {fmt_money(self.remaining)} still to win "
            f"{self.coverage:.1f}×"
        )
        if self.required is None:
            return text + "; without closed deals there is no win rate to judge it by."
        text += f", and at the {self._win_rate_words()} it takes about {self.required:.1f}×"
        if self.short:
            gap = (self.needed_pipeline or 0.0) - self.open_pipeline
            return text + f": about {fmt_money(gap)} more pipeline is needed."
        return text + ": enough."

    def _ended_sentence(self, name: str) -> str:
        """A quarter over before the data's last day: what was won against its target, no coverage."""
        text = f"{name} is over: {fmt_money(self.won)} won"
        if not self.comparable or self.target is None:
            return text + "; pipeline coverage is judged for the quarter that is still running."
        share = f" ({fmt_pct(self.won / self.target)})" if self.target else ""
        return (
            f"{text} of its {fmt_money(self.target)} target{share}; pipeline coverage is judged for the quarter "
            "that is still running."
        )


def coverage(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    period: str,
    data_end: date | None = None,
    deals: tuple[metrics.DealSummary, metrics.DealSummary] | None = None,
) -> Coverage:
    """Pipeline coverage for the quarter the period falls in, as of the period's end (data_end: the data's last
    day when the caller has read it, targets.data_last_day; None reads it here; deals: trailing_deals and the
    period's own deal_summary when the caller has them, kpi_parts' outcomes; None reads them here)."""
    # read once for the trailing deals' window and the as-of day alike
    data_end = data_end or targets.data_last_day(con)
    quarter = periods.quarter_of(period)
    q_filters = period_filters(filters, quarter)
    _, period_end = periods.bounds(period)
    quarter_start, quarter_end = periods.bounds(quarter)
    # what is left to win of the whole quarter's target, however far into it the data goes
    totals = targets.totals(con, q_filters, pro_rata=False)
    target, target_months = totals["target"], totals["count_months"]
    # the wins to the data's last day, not to the period's end: the pipeline set against what is left is open now
    # (trial 49: October's view set the wins to 31 Oct beside the pipeline open on 29 Nov, and November's wins,
    # which had met the target, were in neither)
    # (a quarter after the data's last day: its own first day, nothing won)
    through = min(quarter_end, max(data_end or quarter_end, quarter_start))
    won_range = dataclasses.replace(q_filters, date_to=through)
    monthly = monthly_deals(con, won_range).set_index("month")["revenue"]
    own = targets.cover(totals, "revenue", []).months
    partial = 0 < len(own) < periods.months_in(quarter)
    won = targets.in_months(monthly, own) if partial else float(monthly.sum())
    row = metrics.open_deals(con, filters, period_end).iloc[0]
    # the tile's win rate comes from the same function as the tile (period_outcomes gives deal_summary's numbers)
    trailing, alone = deals or (
        trailing_deals(con, filters, period, data_end),
        metrics.deal_summary(con, period_filters(filters, period)),
    )
    return Coverage(
        quarter=quarter,
        target=float(target["revenue"]) if "revenue" in target.index else None,
        target_months=int(target_months["revenue"]) if "revenue" in target_months.index else 0,
        won=won,
        open_pipeline=float(row["open_pipeline"]),
        win_rate=trailing.win_rate,
        comparable=targets.comparable(filters),
        as_of=as_of(con, period, data_end),
        period=period,
        period_win_rate=alone.win_rate,
        target_words=targets.months_words(own) if partial else "",
        ended=data_end is not None and quarter_end < data_end,
    )


@dataclass(frozen=True)
class Rates:
    """Observed conversion rates and deal size the reverse funnel plans with."""

    lead_to_mql: float | None
    mql_to_sql: float | None
    sql_to_opportunity: float | None
    win_rate: float | None
    avg_deal_size: float | None
    as_of: date | None = None  # where the win rate's and average deal's year of closed deals ends


def as_of(con: duckdb.DuckDBPyConnection, period: str, data_end: date | None = None) -> date:
    """The period's last day, or the data's (data_end, read here when None) when the data ends inside the period:
    where trailing windows end."""
    last = periods.bounds(period)[1]
    return periods.counted_through(last, data_end or targets.data_last_day(con)) or last


def trailing_days(con: duckdb.DuckDBPyConnection, period: str, data_end: date | None = None) -> tuple[date, date]:
    """The first and last day of trailing_deals' window: the config.COVERAGE_TRAILING_DAYS to as_of."""
    end = as_of(con, period, data_end)
    return end - timedelta(days=config.COVERAGE_TRAILING_DAYS - 1), end


def trailing_deals(
    con: duckdb.DuckDBPyConnection, filters: Filters, period: str, data_end: date | None = None
) -> metrics.DealSummary:
    """The deals closed in the config.COVERAGE_TRAILING_DAYS to the period's last day (as_of, with the data's last
    day data_end): the one win rate and average deal that the coverage and the planner both use."""
    # a year of closed deals, not the period's own: one month's few closes swing the rate too much to plan with
    start, end = trailing_days(con, period, data_end)
    return metrics.deal_summary(
        con, dataclasses.replace(filters.by_lead(), date_from=start, date_to=end, mode="activity")
    )


def observed_rates(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    period: str,
    data_end: date | None = None,
    deals: metrics.DealSummary | None = None,
) -> Rates:
    """Step rates of the leads created in the twelve months before the period, and the win rate and
    average deal of trailing_deals (the coverage's; deals: that summary, and data_end: the data's last day, when
    the caller has read them; None reads them here)."""
    start, _ = periods.bounds(period)
    # cohort rates of leads that had a year to convert before the period; the period's own leads are too young
    trailing = dataclasses.replace(
        filters.by_lead(), date_from=start - timedelta(days=365), date_to=start - timedelta(days=1), mode="cohort"
    )
    counts = metrics.funnel(con, trailing).set_index("stage")["count_leads"]
    # the data's last day read once, for the trailing deals' window and the as-of day alike
    data_end = data_end or targets.data_last_day(con)
    deals = deals or trailing_deals(con, filters, period, data_end)

    def ratio(a: str, b: str) -> float | None:
        return float(counts[b] / counts[a]) if counts[a] else None

    return Rates(
        lead_to_mql=ratio("lead", "mql"),
        mql_to_sql=ratio("mql", "sql"),
        sql_to_opportunity=ratio("sql", "opportunity"),
        win_rate=deals.win_rate,
        avg_deal_size=deals.avg_deal_size,
        as_of=as_of(con, period, data_end),
    )


@dataclass(frozen=True)
class Landing:
    """The landing page's executive section for one view and period, computed together so that what its parts
    share is read once: the data's days, the span of months (the tiles' and the alignment chart's), the period
    outcomes (the tiles', and the coverage's own-period win rate) with the trailing year of closed deals (the
    coverage's and the planner's win rate and average deal: one figure from one computation)."""

    kpis: list[Kpi]
    coverage: Coverage
    rates: Rates  # observed_rates: the planner's defaults
    undated: dict[str, int]  # undated_stages
    months: pd.DataFrame  # alignment_months
    data_first: date | None
    data_end: date | None


def landing(con: duckdb.DuckDBPyConnection, filters: Filters, period: str) -> Landing:
    """kpis, coverage, observed_rates, undated_stages and alignment_months of the period, with the same numbers as
    each gives alone: one read of date_bounds (five before), one scan of the deals for the periods and the trailing
    year (four before: the trailing year twice, the period's own win rate once more) and one monthly_deals fewer."""
    data_days = run(con, "date_bounds").iloc[0]
    first, last = targets.bounds_days(data_days)
    parts = kpi_parts(con, filters, period, data_days, trailing=trailing_days(con, period, last))
    trailing = parts.outcomes[TRAILING].deals
    return Landing(
        kpis=parts.kpis,
        coverage=coverage(con, filters, period, last, (trailing, parts.outcomes[period].deals)),
        rates=observed_rates(con, filters, period, last, trailing),
        undated=undated_stages(con, filters, period),
        months=alignment_months(con, filters, period, (first, last), parts.months),
        data_first=first,
        data_end=last,
    )


PLAN_STAGES: tuple[tuple[str, str], ...] = (
    ("leads", "Leads"),
    ("mqls", "MQLs"),
    ("sqls", "SQLs"),
    ("opportunities", "Opportunities"),
    ("wins", "Wins"),
)


def _whole(count: float | None) -> float | None:
    """A count as it is needed, whole: 3.5 wins is 4 to win, so the row "needed 4 · arrived 3" adds up to −1, not
    "−0" (3 − 3.5 rounded); rounded to 6 places first so that a rate's float noise adds no extra one."""
    return None if count is None else float(math.ceil(round(count, 6)))


def plan(target_revenue: float, rates: Rates, months: int, working_days: int) -> pd.DataFrame:
    """The reverse funnel: how many of each stage the revenue target needs, in total, per month and per
    working day. Undefined (None) from the first missing or zero rate upwards."""
    needed: dict[str, float | None] = {}
    wins = target_revenue / rates.avg_deal_size if rates.avg_deal_size else None
    needed["wins"] = _whole(wins)
    chain = (
        ("opportunities", "wins", rates.win_rate),
        ("sqls", "opportunities", rates.sql_to_opportunity),
        ("mqls", "sqls", rates.mql_to_sql),
        ("leads", "mqls", rates.lead_to_mql),
    )
    for stage, after, rate in chain:
        # from the whole count of the stage after it: 4 wins at 50 % need 8 opportunities, not 7 (3.5 ÷ 50 %
        # rounded up), which would win only 3.5
        prior = needed[after]
        needed[stage] = _whole(prior / rate) if prior is not None and rate else None
    rows = []
    for key, label in PLAN_STAGES:
        total = needed[key]
        rows.append(
            {
                "stage": key,
                "label": label,
                "needed": total,
                # a month's share rounded up as the need is: 13 wins in a quarter are 5 a month (4 won 12)
                "per_month": None if total is None else _whole(total / months),
                "per_working_day": None if total is None else total / working_days,
            }
        )
    # float columns whatever is undefined (an unknown average deal leaves every row None): NaN, shown as "–"
    return pd.DataFrame(rows).astype({"needed": float, "per_month": float, "per_working_day": float})


@dataclass(frozen=True)
class Alert:
    """A threshold crossed, in words, and the page that explains it."""

    message: str
    page: str
    page_label: str
    # the alert's own dates and filters: the page opens on the number the alert gives, not on all dates
    query: dict[str, str | list[str]] = field(default_factory=dict)


def alerts(kpis_by_key: dict[str, Kpi], cover: Coverage | None, filters: Filters, period: str) -> list[Alert]:
    """Alerts for values strictly below their thresholds (config): SLA compliance, MQL→SQL, coverage; each links
    to its page with the period's dates (the quarter to the period's end for coverage)."""
    out = []
    name = periods.label(period)
    in_period = period_filters(filters, period).to_query()
    compliance = kpis_by_key["sla_compliance"].value
    if compliance is not None and compliance < config.SLA_ALERT_COMPLIANCE:
        out.append(
            Alert(
                f"SLA compliance is {fmt_pct(compliance)} in {name}, under the agreed "
                f"{fmt_pct(config.SLA_ALERT_COMPLIANCE, 0)}.",
                "pages/2_SLA.py",
                f"See who was late in {name} on the SLA page",
                in_period,
            )
        )
    mqls, sqls = kpis_by_key["mqls"].value, kpis_by_key["sqls"].value
    # the base "what changed" needs: 2 SQLs of 7 MQLs is no shortfall to call a meeting about
    if mqls and mqls >= config.CHANGES_MIN_BASE and sqls is not None and sqls / mqls < config.ALERT_MQL_TO_SQL:
        out.append(
            Alert(
                f"SQLs are {fmt_pct(sqls / mqls)} of MQLs in {name}, under {fmt_pct(config.ALERT_MQL_TO_SQL, 0)}.",
                "pages/4_Friction.py",
                f"See {name}'s SQL shortfall on the Friction page",
                {**in_period, config.FRICTION_VIEW_PARAM: "checks"},
            )
        )
    if cover is not None and cover.short:
        quarter = period_filters(filters, cover.quarter)
        won_range = dataclasses.replace(quarter, date_to=min(periods.bounds(period)[1], quarter.date_to or date.max))
        out.append(
            Alert(
                cover.sentence(),
                "pages/3_Sources.py",
                f"See {periods.label(cover.quarter)} to date by source on the Sources page",
                won_range.to_query(),
            )
        )
    return out


def data_start_note(
    period: str,
    data_first: date | None,
    data_end: date | None = None,
    skipped: Collection[str] | None = None,
) -> str:
    """When the data starts inside the period, or inside the period before or last year's (the same days, when the
    data ends inside the period: data_end), what they hold and that those are not compared; '' otherwise.
    skipped: which of 'previous' and 'last_year' the tiles left uncompared (start_gap, not_compared_with); None:
    every one with days before the data's first day."""
    if data_first is None:
        return ""
    name = periods.label(period)
    start, end = periods.bounds(period)
    text = ""
    if starts_inside(data_first, start, end):
        text += (
            f"The data starts on {data_first:%-d %b %Y}, inside {name}: its numbers hold "
            f"{periods.days_label(data_first, end)} only, not the whole {_unit(period)}, and its targets are pro "
            "rata to those days. "
        )
    cut = periods.cut_at(period, data_end)
    ours = (start, cut or end)
    year_days = periods.same_days(period, cut, 12) if cut else periods.bounds(periods.last_year(period))
    before = periods.previous(period)
    partial = [
        (label, days)
        for key, label, days in (
            ("previous", periods.label(before), periods.bounds(before)),
            ("last_year", periods.label(periods.last_year(period)), year_days),
        )
        if starts_inside(data_first, *days) and (skipped is None or key in skipped)
    ]
    if partial:
        held = " and ".join(f"{label} holds {periods.days_label(data_first, days[1])} only" for label, days in partial)
        # why that matters, where the tiles found this period counting something on the days mirroring those
        mirrors = [mirror_days(data_first, days[0], ours) for _, days in partial] if skipped is not None else []
        busy = " and ".join(periods.days_label(*m) for m in dict.fromkeys(mirrors) if m is not None)
        why = f" while {name} counts leads or deals on {busy}" if busy else ""
        text += (
            f"The data starts on {data_first:%-d %b %Y}: {held}{why}, so {name} is not compared with "
            f"{'it' if len(partial) == 1 else 'them'}. "
        )
    return text


def not_compared_with(kpis_by_key: Mapping[str, Kpi]) -> tuple[str, ...]:
    """Which of 'previous' and 'last_year' the tiles do not compare with for the data's first day (start_gap), as
    data_start_note's skipped."""
    leads = kpis_by_key["leads"]
    return tuple(key for key, note in (("previous", leads.previous_note), ("last_year", leads.last_year_note)) if note)


def _unit(period: str) -> str:
    return "quarter" if periods.months_in(period) > 1 else "month"


def default_period_note(con: duckdb.DuckDBPyConnection, period: str, data_end: date | None) -> str:
    """Why the landing page shows the month before the data's last one, and the fix when that month is cut only by
    days without a record; '' unless `period` is the default chosen for a data whose last month goes on after its
    last day (trial 100: each monthly refresh opened on the month before, with a chart caption as the only sign)."""
    partial = periods.partial_month(data_end)
    if partial is None or data_end is None or period != periods.default(data_end):
        return ""
    last_month = f"{partial:%Y-%m}"
    said = (
        f"{periods.label(period)} is shown, the last whole month: {periods.label(last_month)} has data to "
        f"{data_end:%-d %b %Y} only"
    )
    statable = targets.statable_end(con, last_month, data_end)
    if statable is None:
        return f"{said}; pick it above to see it so far."
    return f"{said}; {targets.complete_through_advice(statable, data_end)}, and this page opens on it, whole."


def period_caption(
    filters: Filters,
    period: str,
    data_end: date | None = None,
    data_first: date | None = None,
    skipped: Collection[str] | None = None,
) -> str:
    """What the period's tiles count, and which targets they are held against; when the data ends inside the
    period (data_end), that it is counted only so far; when it starts inside the period or one it is compared
    with (data_first; skipped: those not compared, not_compared_with), that too (data_start_note)."""
    name = periods.label(period)
    text = (
        f"Each stage counted by its own date in {name}, against {periods.label(periods.previous(period))} and "
        f"{periods.label(periods.last_year(period))}; the sidebar's dimension filters apply, its dates do not. "
    )
    start, end = periods.bounds(period)
    if data_end is not None and start <= data_end < end:
        # a period just begun against whole ones reads as a collapse: say so rather than compare quietly
        days = fmt_count((data_end - start).days + 1, "day")
        year_ago = periods.days_label(*periods.same_days(period, data_end, 12))
        text += (
            f"The data ends on {data_end:%-d %b %Y}, {days} into {name}: its changes are not compared with whole "
            f"periods, and its targets are pro rata. Last year's figures are the same days, "
            f"{periods.days_label(start, data_end)} against {year_ago}. "
        )
    text += data_start_note(period, data_first, data_end, skipped)
    scope = targets.scope(filters)
    if scope == targets.COMPANY:
        return text + "Targets: the company's."
    if scope == targets.SOURCES:
        named = md_text(", ".join(label_value("source", s) for s in filters.values("source")))
        return text + f"Targets: the sum of the selected sources' ({named})."
    return text + "No target applies: targets are set for the company and per source, not for this narrower view."


# the tiles that count what happened in the period: all 0 (and no deal closed) is a view with nothing in it
ACTIVITY_KEYS = ("leads", "mqls", "sqls", "opportunities", "wins", "pipeline")


def empty_view_note(filters: Filters, period: str, kpis_by_key: Mapping[str, Kpi]) -> str:
    """'No leads or deals for owner Evan Lee in Nov 2026 …' when the view has nothing in the period (tiles of 0 and
    '–' and a funnel of empty bars said nothing); '' otherwise, and for a period the data does not reach ("–")."""
    if any(kpis_by_key[key].value != 0 for key in ACTIVITY_KEYS) or kpis_by_key["win_rate"].value is not None:
        return ""
    named = [
        f"{config.DIMENSIONS[dim].lower()} {', '.join(label_value(dim, v) for v in filters.values(dim))}"
        for dim in config.DIMENSIONS
        if filters.values(dim)
    ]
    scope = f" for {' and '.join(named)}" if named else ""
    return (
        f"No leads or deals{scope} in {periods.label(period)}: no lead was created or reached a stage and no deal "
        "was created or closed, so the numbers below are 0 or “–”."
    )


def format_value(kind: str, value: float | None) -> str:
    """A KPI value as shown on a tile."""
    if value is None:
        return "–"
    if kind == "money":
        return fmt_money(value)
    if kind == "pct":
        return fmt_pct(value)
    if kind == "days":
        # as every duration is written: whole from 10 days up (README)
        return fmt_days(value)
    return f"{value:,.0f}"


def tile_value(kpi: Kpi) -> str:
    """The value a tile and the report show: "–" where it is withheld (its caption says why)."""
    return "–" if kpi.withheld else format_value(kpi.kind, kpi.value)


def delta_text(kpi: Kpi, period: str, not_compared: Collection[str] = ()) -> str | None:
    """'+12.3% vs Sep' (for rates: points), or None without a previous value or for a KPI in not_compared
    (the changes summary's keys with too small a base: its note says they are not compared, so no tile does)."""
    if kpi.value is None or kpi.previous is None or kpi.key in not_compared or kpi.small_previous:
        return None
    # the month (quarter) just before, without its year: "-22.0 pts vs Oct 2026" did not fit a phone's tile
    name = periods.short_label(periods.previous(period))
    if _flat(kpi):
        return f"no change vs {name}"
    if kpi.kind == "pct":
        return f"{fmt_points(kpi.value, kpi.previous)} pts vs {name}"
    change = kpi.vs_previous
    return None if change is None else f"{fmt_pct(change, sign=True)} vs {name}"


def _flat(kpi: Kpi) -> bool:
    """True when the change from the previous period rounds to nothing as the tile writes it (64.02 % against
    63.95 % is "+0.0 pts"): no arrow and no colour say it went up or down."""
    if kpi.value is None or kpi.previous is None:
        return False
    if kpi.kind == "pct":
        return float(fmt_points(kpi.value, kpi.previous)) == 0
    change = kpi.vs_previous
    return change is not None and round(change, 3) == 0


def delta_style(kpi: Kpi) -> tuple[str, str]:
    """The tile's delta colour and arrow: green up when better (down for a KPI where lower is better), none when
    the shown change is nothing."""
    if _flat(kpi):
        return "off", "off"
    return ("normal" if kpi.higher_is_better else "inverse"), "auto"


def comparisons_text(kpi: Kpi, period: str) -> str:
    """The target and last year's value in words, under a tile."""
    parts = []
    if not kpi.target_comparable:
        parts.append(config.TARGET_NOT_COMPARABLE)
    elif kpi.after_data:
        parts.append(f"{kpi.after_data}; target {_target_amount(kpi)}")
    elif kpi.target is not None:
        reached = f" ({fmt_pct(kpi.attainment)})" if kpi.attainment is not None else ""
        pro_rata = f", {kpi.target_note}" if kpi.target_note else ""
        # a count's target pro-rated to part of a month (3.6 of 4) is shown as it is: "4" beside 83.3 % (3 of
        # 3.6) read as a wrong percentage
        shown = fmt_plan(kpi.target) if kpi.kind == "int" else format_value(kpi.kind, kpi.target)
        if kpi.target_months:
            # the period's value beside a target of some of its months read 275 % where the months made 150 %
            arrived = format_value(kpi.kind, kpi.target_actual)
            parts.append(
                f"target set for {kpi.target_months} only: {arrived} in {kpi.target_months} of {shown}{reached}"
                f"{pro_rata}"
            )
        else:
            parts.append(f"target {shown}{reached}{pro_rata}")
    else:
        parts.append("no target")
    if kpi.basis:
        parts.append(kpi.basis)
    year = kpi.last_year_label or periods.label(periods.last_year(period))
    if kpi.last_year is not None:
        change = kpi.vs_last_year
        trend = "" if change is None or kpi.kind == "pct" else f" ({fmt_pct(change, sign=True)})"  # as delta_text
        parts.append(f"{year}: {format_value(kpi.kind, kpi.last_year)}{trend}")
    elif kpi.key not in NO_YEAR_COMPARISON:
        parts.append(f"{year}: not compared, {kpi.last_year_note}" if kpi.last_year_note else f"{year}: no data")
    return " · ".join(parts)


def _target_amount(kpi: Kpi) -> str:
    """'100 leads', '50 MQLs', '$10k': a target with its unit."""
    shown = format_value(kpi.kind, kpi.target)
    if kpi.kind != "int":
        return shown
    unit = kpi.label if kpi.label[:3].isupper() else kpi.label.lower()
    return f"{shown} {unit}"


def tile_caption(kpi: Kpi, period: str, with_previous: bool = True) -> str:
    """comparisons_text, then why the value is withheld where it is (the tile shows "–"); with_previous: why the
    tile has no change against the previous period when the data starts inside it (the report's own column says
    so: False there)."""
    text = comparisons_text(kpi, period)
    if with_previous and kpi.previous_note and not kpi.withheld:
        text = f"{text} · {periods.label(periods.previous(period))}: not compared, {kpi.previous_note}"
    text = f"{text} · {kpi.caveat}" if kpi.caveat else text
    return f"{text} · {kpi.withheld}" if kpi.withheld else text


def arriving(kpis_by_key: dict[str, Kpi]) -> dict[str, float | None]:
    """What the period actually brought, per planner stage."""
    return {key: kpis_by_key[key].value for key, _ in PLAN_STAGES}


def _trailing_year(filters: Filters, period: str) -> Filters:
    """The view over the config.SPARKLINE_MONTHS months that end with the period, by activity."""
    _, end = periods.bounds(period)
    month_index = end.year * 12 + end.month - 1 - (config.SPARKLINE_MONTHS - 1)
    start = end.replace(year=month_index // 12, month=month_index % 12 + 1, day=1)
    return dataclasses.replace(filters, date_from=start, date_to=end, mode="activity")


def alignment_months(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    period: str,
    data_days: tuple[date | None, date | None] | None = None,
    spanned: Span | None = None,
) -> pd.DataFrame:
    """monthly_deals over the twelve months that end with the period, from the data's first month (a month before
    it has no data: a bar of 0 read as a month with nothing won); the revenue target of a month the data ends inside
    pro rata to its days so far, as the Revenue tile's (targets.totals). data_days: the data's first and last day,
    read here when None; spanned: kpi_parts' span of whole months from last year's period to this one, whose
    monthly_deals rows hold these twelve months (read here when None)."""
    first, last = targets.bounds_days(run(con, "date_bounds").iloc[0]) if data_days is None else data_days
    year = _trailing_year(filters, period)
    months = monthly_deals(con, year) if spanned is None else _months_of(spanned, year)
    if first is not None:
        months = months[pd.to_datetime(months["month"]) >= pd.Timestamp(first.replace(day=1))].reset_index(drop=True)
    if last is not None and not months.empty:
        shares = [targets.month_share(pd.Timestamp(m).date(), None, last) for m in months["month"]]
        months["revenue_target"] = months["revenue_target"] * shares
    return months


def _months_of(spanned: Span, year: Filters) -> pd.DataFrame:
    """monthly_deals of the view's whole months, cut from a span of whole months that holds them: each month's row
    counts the deals dated in that month alone (and the month's target), whatever range it was read in."""
    if year.date_from is None or year.date_to is None:
        raise ValueError("the trailing year needs its dates")
    deals = spanned.deals
    inside = (deals.index >= pd.Timestamp(year.date_from)) & (deals.index <= pd.Timestamp(year.date_to))
    if inside.sum() != config.SPARKLINE_MONTHS:
        raise ValueError("the span does not hold the trailing year's months")
    return deals[inside].reset_index(drop=True)


def counted_through(period: str, data_end: date | None) -> date | None:
    """The last day the period's month-by-month charts count: its end, or the data's last day inside it."""
    return periods.counted_through(periods.bounds(period)[1], data_end)


def set_targets(kpis_by_key: dict[str, Kpi]) -> dict[str, float | None]:
    """The target loaded for the whole period, per planner stage, beside the whole period's plan (not the tile's
    share pro rata to the data's days; none where the view is narrower than any target, or where the target covers
    only some of the period's months: beside the whole period's plan it would read as the period's)."""
    return {
        key: kpis_by_key[key].period_target
        if kpis_by_key[key].target_comparable and not kpis_by_key[key].target_months
        else None
        for key, _ in PLAN_STAGES
    }


# the planner's rate inputs in the order the page shows them, with their labels
PLAN_RATES: tuple[tuple[str, str], ...] = (
    ("win_rate", "Win rate"),
    ("lead_to_mql", "Lead→MQL"),
    ("mql_to_sql", "MQL→SQL"),
    ("sql_to_opportunity", "SQL→Opportunity"),
)


@dataclass(frozen=True)
class PlanDefaults:
    """Where the planner's inputs start: observed values, config.PLAN_ASSUMED_RATES where the data has none
    (named in `assumed`), and the revenue target with the words saying which value it is."""

    target: float
    target_words: str
    avg_deal_size: float | None  # None: no deal won in the trailing year; the reader enters one
    rates: dict[str, float]
    assumed: tuple[str, ...]  # the labels of the rates with no history behind them


def plan_defaults(observed: Rates, revenue: Kpi, period: str) -> PlanDefaults:
    """The planner's starting values: a real observed 0 % stays 0 % (`observed.win_rate or 0.25` made it 25 %),
    only a rate with no observation (None) takes its assumption; the revenue target set for the period, or,
    without one, the period's own revenue, in words that say so."""
    rates, assumed = {}, []
    for key, label in PLAN_RATES:
        value = getattr(observed, key)
        if value is None:
            value = config.PLAN_ASSUMED_RATES[key]
            assumed.append(label)
        rates[key] = float(value)
    target, words = _plan_target(revenue, period)
    return PlanDefaults(target, words, observed.avg_deal_size, rates, tuple(assumed))


def _plan_target(revenue: Kpi, period: str) -> tuple[float, str]:
    """The planner's default revenue target and where it comes from, in words: the whole period's, as the plan's
    months and working days are (the tile's share pro rata to the data's days halved the pace it showed)."""
    name = periods.label(period)
    target = revenue.period_target
    if target is not None and revenue.target_comparable:
        only = f" (set for {revenue.target_months} only)" if revenue.target_months else ""
        if revenue.whole_target in (None, revenue.target) or revenue.after_data:
            return target, f"the one loaded for {name}{only}"
        return target, (
            f"the one loaded for the whole of {name}{only}, {fmt_money(target)}, not the Revenue tile's "
            f"{fmt_money(revenue.target or 0.0)} pro rata to the data's days: the plan covers all of {name}"
        )
    won = revenue.value or 0.0
    why = "none applies to this narrower view" if not revenue.target_comparable else f"none is set for {name}"
    return won, f"{why}, so the planner starts from the revenue won in {name} ({fmt_money(won)}): enter yours"


def plan_target_caption(target: float, period: str, data_end: date | None) -> str:
    """Under the planner's target: '$130,000 to win in Nov 2026', and, when the data ends inside the period, that the
    plan is for the whole of it (its months and working days), not for the days the data reaches."""
    name = periods.label(period)
    text = f"{fmt_money_full(target)} to win in {name}"
    cut = periods.cut_at(period, data_end)
    if cut is None:
        return text
    whole = "quarter" if periods.months_in(period) > 1 else "month"
    return f"{text}: the whole {whole}, though the data ends on {cut:%-d %b}"


def plan_against_actuals(
    planned: pd.DataFrame, actual: dict[str, float | None], target: dict[str, float | None] | None = None
) -> pd.DataFrame:
    """The plan beside the target set for the period and what arrived, with the gap (negative: short of the
    plan)."""
    out = planned.copy()
    out["target"] = out["stage"].map(target or {}).astype(float)
    out["actual"] = out["stage"].map(actual)
    out["gap"] = out["actual"] - out["needed"]
    return out[["label", "needed", "per_month", "per_working_day", "target", "actual", "gap"]]


def undated_stages(con: duckdb.DuckDBPyConnection, filters: Filters, period: str) -> dict[str, int]:
    """Per stage (mql, sql), the period's leads that reached it with no date for it: a score or tag rule, or a status
    alone, says so. Counts dated by entry leave them out: a Pardot import's October showed MQLs 0 for 5 MQLs."""
    return metrics.undated_stages(con, period_filters(filters, period))


def planner_caption(
    period: str,
    planned: pd.DataFrame,
    end: date | None = None,
    defaults: PlanDefaults | None = None,
    undated: Mapping[str, int] | None = None,
) -> str:
    """Where the planner's defaults come from (the closed deals of the year to `end`, the period's end by default;
    the rates with no history named as assumptions) and, when a set target differs from what the plan needs, why."""
    end = end or periods.bounds(period)[1]
    name = periods.label(period)
    text = (
        f"Defaults: the win rate and average deal of the deals closed in the {config.COVERAGE_TRAILING_DAYS} days "
        f"to {end:%-d %b %Y} (the coverage's above), the step rates of the leads created in the twelve months "
        f"before {name}; change any of them."
    )
    if defaults is not None:
        if defaults.assumed or defaults.avg_deal_size is None:
            text = text.replace("Defaults:", "Defaults where the data has them:", 1)
        text += _assumed_words(defaults, name, end)
    text += " Needed counts are whole, and so is a month's share: rounded up."
    text += _undated_words(undated or {}, name)
    differ = planned[
        planned["target"].notna() & planned["needed"].notna() & (planned["target"].round() != planned["needed"].round())
    ]
    if differ.empty:
        return text
    return text + (
        f" “Needed in {name}” is what the revenue target asks for at these rates; “Target set” is the one loaded, "
        f"which the tiles compare against. They differ for {', '.join(differ['label'])}: those targets were set at "
        "other rates than these."
    )


def _undated_words(undated: Mapping[str, int], name: str) -> str:
    """The period's leads that reached a stage with no date for it, which Arrived and the tiles cannot count."""
    said = [f"{fmt_count(n, 'lead')} created in {name} reached {stage.upper()}" for stage, n in undated.items() if n]
    if not said:
        return ""
    return (
        f" {' and '.join(said)} without a date for the stage (a score, a tag or a status alone says so), so counts "
        "dated by entry (the tiles, Arrived) cannot include them; map a stage date column to count them in their month."
    )


def _assumed_words(defaults: PlanDefaults, name: str, end: date) -> str:
    """The defaults with no history behind them, in words, and the revenue target's source."""
    text = ""
    steps = [label for key, label in PLAN_RATES if label in defaults.assumed and key != "win_rate"]
    if steps:
        shown = ", ".join(f"{label} {fmt_pct(defaults.rates[key])}" for key, label in PLAN_RATES if label in steps)
        text += (
            f" No history for {', '.join(steps)}: no lead reached the step's first stage in the twelve months "
            f"before {name}, so {shown} are assumptions, not observed."
        )
    days = f"the {config.COVERAGE_TRAILING_DAYS} days to {end:%-d %b %Y}"
    if "Win rate" in defaults.assumed:
        text += f" No deal closed in {days}: the win rate {fmt_pct(defaults.rates['win_rate'])} is an assumption."
    if defaults.avg_deal_size is None:
        text += f" No deal was won in {days}: enter an average deal."
    return text + f" Revenue target: {defaults.target_words}."


# the pages that count the sidebar's view in cohort mode, its default (named where a sentence sets the two apart)
COHORT_PAGES = "the Funnel, Sources and SLA pages"


def _stage_words(mqls: float | None, wins: float | None, revenue: float | None) -> str:
    """'46 MQLs, 4 wins, $102k'."""
    return f"{fmt_count(int(mqls or 0), 'MQL')}, {fmt_count(int(wins or 0), 'win')}, {fmt_money(revenue or 0)}"


def _followed(window_days: int) -> str:
    return f"followed for {window_days} days" if window_days else "followed to the end of the data"


def cohort_apart(filters: Filters, period: str) -> bool:
    """Whether the view counts the leads created in exactly this period (cohort mode): its numbers then sit beside
    the period's own (each stage by its own date) under the same name, and need the sentence that sets them apart."""
    same = (filters.date_from, filters.date_to) == periods.bounds(period)
    # counting accounts the view's numbers are no leads' to set beside the tiles'
    return filters.mode == "cohort" and filters.count_by == "lead" and same


def two_counts_sentence(
    period: str,
    window_days: int,
    by_key: Mapping[str, Kpi],
    cohort: metrics.Headline,
    where: str = "overview",
    undated_mqls: int = 0,
) -> str:
    """The one sentence reconciling the period counted by its own dates (the Overview's tiles, the monthly report)
    with its leads counted as a cohort (the filtered view, the Funnel, Sources and SLA pages): Oct 2026 read
    4 wins for $102k in one place and 6 for $169k in another, 5 of the 6 closed in November); '' when both read the
    same. undated_mqls: the period's leads that reached MQL with no date, which only the cohort counts (trial 61's
    report put 28 against 53 MQLs down to timing alone, 30 of them undated)."""
    name = periods.label(period)
    own = _stage_words(by_key["mqls"].value, by_key["wins"].value, by_key["revenue"].value)
    cohort_words = _stage_words(cohort.mqls, cohort.won_deals, cohort.revenue)
    if own == cohort_words:
        return ""  # nothing to set apart: the same numbers both ways
    why = (
        f"a deal these leads won after {name} counts there, one won in {name} by an earlier lead counts here"
        if where == "report"
        else f"a deal these leads won after {name} counts below, one won in {name} by an earlier lead in the tiles"
    )
    created = f"the leads created in {name}, {_followed(window_days)} ({cohort_words})"
    if undated_mqls:
        why += (
            f"; and {fmt_count(undated_mqls, 'lead')} created in {name} reached MQL with no date for the stage, which "
            "the cohort counts and no count by date can"
        )
    if where == "report":
        return (
            f"This report counts what happened in {name}, each stage by its own date ({own}); {COHORT_PAGES} of "
            f"the dashboard, in cohort mode (their default), count {created}: {why}. A source's revenue differs "
            "the same way."
        )
    return (
        f"The tiles of {name} at a glance count what happened in {name}, each stage by its own date ({own}); this "
        f"filtered view and {COHORT_PAGES} count {created}: {why}."
    )


def cohort_sources_sentence(filters: Filters) -> str:
    """On the Sources page, when its view is one month's or quarter's leads (cohort mode): why its revenue per source
    is not the Overview's tiles' or the monthly report's for that period (Partner led October here with $118k won in
    November, and the report showed Partner at $0); '' for any other view."""
    period = periods.of_range(filters.date_from, filters.date_to)
    if period is None or filters.mode != "cohort":
        return ""
    name = periods.label(period)
    return (
        f"These count the leads created in {name}, {_followed(filters.window_days)}, and the deals they won, whenever "
        f"closed; the Overview's tiles of {name} and its monthly report count what happened in {name}, each stage by "
        f"its own date, so a source's revenue there is that of the deals won in {name}."
    )


# the filtered view's chart counts entries by their own dates in either mode: its title says so
ENTRIES_TITLE = "Stage entries per month, each by its own date"


def entries_caption(filters: Filters) -> str:
    """Under the chart of stage entries per month: what a point counts, and in cohort mode why the tiles above it
    differ (Oct 2026 read MQLs 49 on the tile and 46 on the chart under "Cohort mode")."""
    text = "Each point counts the stage entries dated in its month, whatever the sidebar's mode"
    if filters.mode == "cohort":
        return (
            text + ": not the tiles above, which count the leads created in the dates at every stage they reached, "
            "whenever reached."
        )
    return text + "."
