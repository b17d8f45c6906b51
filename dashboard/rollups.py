"""The rollups (queries/schema/rollup.sql), kept with the derived data: the cohort funnel's counts per created month
and dimension value, and the stage entries per month and combination of dimension values; for each, the one rule
that says when a view's numbers can be read from it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import duckdb

from dashboard import config
from dashboard.filters import Filters

if TYPE_CHECKING:
    from dashboard.sla import SlaSettings

# the conversion window the rollup counts under: the default, the window most views use
WINDOW_DAYS = config.CONVERSION_WINDOW_DAYS


def build_params() -> dict[str, Any]:
    """The whole-data views the rollups are counted under: stages reached, the default window, counting leads
    ($reached) and accounts ($reached_accounts, account_funnel_rollup)."""
    return {
        "reached": Filters(window_days=WINDOW_DAYS).to_params()["view"],
        "reached_accounts": Filters(window_days=WINDOW_DAYS, count_by="account").to_params()["view"],
    }


def _month_start(day: date | None) -> bool:
    return day is None or day.day == 1


def _month_end(day: date | None) -> bool:
    return day is None or (day + timedelta(days=1)).day == 1


def _filters_none_but(filters: Filters, kept: tuple[str, ...] = ()) -> bool:
    """True when the view filters no dimension but those in `kept` (a rollup's rows of one dimension, or of the few it
    keeps as columns, know nothing of the others)."""
    return not any(filters.values(d) for d in config.DIMENSIONS if d not in kept)


def exact(filters: Filters) -> bool:
    """True when the rollup gives exactly the view's funnel: cohort mode counting leads reached, a date range of whole
    months (or open), the rollup's window, and at most one dimension filtered (its rows are per month and one value).
    Every condition a view must meet is here, one line each."""
    # funnel_rollup counts leads; an account's first lead decides its month and values, which it does not keep
    return filters.count_by == "lead" and unit_exact(filters)


def unit_exact(filters: Filters) -> bool:
    """True when the view's unit's rollup gives exactly its funnel: exact's views, counting leads (funnel_rollup) or
    accounts (account_funnel_rollup, the same counts of account_facts: an account's month and values are those
    view_units dates and matches it by). The Funnel page's funnel and Friction's step rates read the rollup of the
    view's unit (pages/funnel/funnel_rollup.sql, friction/step_rates_rollup.sql); the other readers of funnel_rollup
    keep exact's views (the breakdown reads the rollup per reach day: unit_breakdown_exact)."""
    dimensions_filtered = sum(1 for dim in config.DIMENSIONS if filters.values(dim))
    return (
        filters.mode == "cohort"
        and not filters.in_order
        and filters.window_days == WINDOW_DAYS
        and _month_start(filters.date_from)
        and _month_end(filters.date_to)
        and dimensions_filtered <= 1
    )


def step_rates_exact(filters: Filters) -> bool:
    """True when the rollup gives exactly the view's step rates per dimension value (the friction page): the view is
    exact and filters no dimension (the rollup's rows of one dimension know nothing of the others)."""
    return exact(filters) and _filters_none_but(filters)


def unit_step_rates_exact(filters: Filters) -> bool:
    """step_rates_exact of the view's unit's rollup (unit_exact): counting leads or accounts."""
    return unit_exact(filters) and _filters_none_but(filters)


def entries_exact(filters: Filters) -> bool:
    """True when the entries rollup gives exactly the view's stage entries per month: counting leads (an account's
    entries are its first lead's, which the rollup does not keep) over a range of whole months (or open). Every
    dimension is a column of the rollup, so any dimension filter is exact; the stage-order rule has its own columns;
    the mode and conversion window do not change what an entry is."""
    return filters.count_by == "lead" and _month_start(filters.date_from) and _month_end(filters.date_to)


def monthly_entries_exact(filters: Filters) -> bool:
    """True when the entries rollups give exactly the view's stage entries per month (monthly_entries_rollup.sql):
    where entries_exact holds, or counting accounts (account_entries_rollup, an account's own entries) over a range
    of whole months (or open) without the stage-order rule, whose entry of an account moves with the counting mode."""
    return entries_exact(filters) or (filters.count_by == "account" and not filters.in_order and months_exact(filters))


def months_exact(filters: Filters) -> bool:
    """True when the entries rollup gives exactly the view's leads created and MQLs entered per month (the SLA page's
    marketing side): a range of whole months (or open). Those count leads whatever the view counts (by lead or by
    account); every dimension is a column of the rollup and the stage-order rule has its own, and the mode and
    conversion window do not change what an entry is."""
    return _month_start(filters.date_from) and _month_end(filters.date_to)


def breakdown_exact(filters: Filters, dimension: str) -> bool:
    """unit_breakdown_exact counting leads (funnel_rollup_days; the Sources page's table, and its trend and unspent
    months, whose leads, MQLs reached and rejections per month and source in funnel_rollup no window changes)."""
    return filters.count_by == "lead" and unit_breakdown_exact(filters, dimension)


def unit_breakdown_exact(filters: Filters, dimension: str) -> bool:
    """True when the rollup per reach day of the view's unit (funnel_rollup_days, account_funnel_rollup_days) gives
    exactly its funnel per value of `dimension`: cohort mode counting stages reached over whole months (or open), any
    conversion window (its rows are per reach day), and no other dimension filtered (the rollup's rows of one
    dimension know nothing of the others)."""
    return (
        filters.mode == "cohort"
        and not filters.in_order
        and _month_start(filters.date_from)
        and _month_end(filters.date_to)
        and _filters_none_but(filters, (dimension,))
    )


def same_members_exact(filters: Filters) -> bool:
    """True when account_old_combinations gives exactly the view's accounts old enough to have converted (the friction
    finder's test of groups holding the very same ones, same_members): counting accounts in cohort mode (activity
    counts every account, whatever its age) under the default window (which decides an account's age) over a range
    of whole months (or open). Every dimension is a column, so any dimension filter is exact; the stage-order rule
    does not change which accounts are counted."""
    return (
        filters.count_by == "account"
        and filters.mode == "cohort"
        and filters.window_days == WINDOW_DAYS
        and _month_start(filters.date_from)
        and _month_end(filters.date_to)
    )


def stalled_exact(filters: Filters) -> bool:
    """True when the stored open_window_leads give exactly the view's open leads (the friction page's stalled
    overview): counting leads (an account's open stage is its members', which the table does not keep) under the
    default window, whose leads it holds. Every dimension and the creation date are its columns, so any filter and
    date range are exact; the mode only says whether the range counts (activity mode: every lead open now); the
    stage-order rule does not change which leads are open."""
    return filters.count_by == "lead" and filters.window_days == WINDOW_DAYS


# the dimensions rejections_rollup keeps as columns (schema/rollup.sql): the Sources page's rejections group by either
REJECTION_DIMENSIONS = ("source", "persona")


def rejections_exact(filters: Filters) -> bool:
    """True when rejections_rollup gives exactly the view's rejections per source or persona and reason: the funnel
    rollup's exact views (cohort mode, stages reached, the default window, whole months) with no dimension filtered
    but those it keeps."""
    return exact(filters) and _filters_none_but(filters, REJECTION_DIMENSIONS)


def activity_exact(filters: Filters) -> bool:
    """True when the entries rollup gives exactly the view's funnel: activity mode, whose stage counts are the
    entries dated in the range (no lead is in progress there), where entries_exact holds."""
    return filters.mode == "activity" and entries_exact(filters)


def sla_build_settings() -> SlaSettings:
    """The SLA settings sla_facts (schema/sla_facts.sql) is measured under: config's, with business hours on (its
    around-the-clock waits are measured beside them)."""
    # imported here: dashboard.sla reads this module
    from dashboard.sla import SlaSettings

    return SlaSettings(business_hours=True)


def sla_build_params() -> dict[str, Any]:
    """The parameters of schema/sla_facts.sql: sla_build_settings, and the whole data as the view (mode 'stored':
    every started lead, whatever its dates)."""
    whole = Filters().to_params()["view"]
    return {**sla_build_settings().to_params(), "whole": {**whole, "mode": "stored"}}


# what an SLA wait depends on around the clock (the clock's start and the data's zone, in which the real time elapsed
# is read), and what it depends on in business hours besides (the calendar, and the SLA minutes, which find the
# stored due time): the status, the bands and the funnel flags are worked out per view from the stored waits
SLA_CLOCK_FIELDS = ("clock_start", "data_timezone")
SLA_CALENDAR_FIELDS = ("minutes", "day_start", "day_end", "workdays", "holidays", "timezone")


def sla_exact(settings: SlaSettings) -> bool:
    """True when sla_facts gives exactly the SLA page's leads under these settings (any view: every dimension, the
    creation and the clock's start are its columns): around the clock, the clock's start and the data's time zone it
    was measured under (any SLA minutes: the status is compared per view); in business hours, also its calendar
    (opening hours, working days, holidays, office time zone) and its SLA minutes (its due times)."""
    built = sla_build_settings()
    fields = SLA_CLOCK_FIELDS + (SLA_CALENDAR_FIELDS if settings.business_hours else ())
    return all(getattr(settings, name) == getattr(built, name) for name in fields)


def kept_by(con: object) -> bool:
    """True when the connection holds the rollups: a DuckDB file keeps them with its derived data; a Spark build
    writes none, so there every view is counted from the leads."""
    return isinstance(con, duckdb.DuckDBPyConnection)
