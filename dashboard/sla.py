"""Both halves of the service-level agreement: sales speed to lead and marketing lead volume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import numpy as np
import pandas as pd

from dashboard import config, rollups, targets
from dashboard.engine import QueryEngine
from dashboard.filters import Filters
from dashboard.formatting import (
    DASH,
    csv_bytes,
    fmt_business_duration,
    fmt_count,
    fmt_duration,
    fmt_int,
    fmt_money,
    fmt_pct,
)
from dashboard.metrics import optional_float
from dashboard.queries import run, with_view
from dashboard.stats import clearly_lower

DEFAULT_DAY_START = time.fromisoformat(config.SLA_DAY_START)
# where the CRMs keep a first contact: a HubSpot "Last Contacted" is the latest contact, not the first, so it
# cannot time a response
CONTACT_COLUMN_HINT = (
    "HubSpot: “First Outreach Date” or “First Engagement Date”; Salesforce: the date of the first completed "
    "activity, from an activities report"
)
DEFAULT_DAY_END = time.fromisoformat(config.SLA_DAY_END)

# the highest band_order sla_overview.sql gives a real band (0 before the clock, 1-4 the response bands, 5 never
# contacted); every order above it is labelled the waiting band by the query's `else`
LAST_REAL_BAND_ORDER = 5


def waiting_band() -> int:
    """config.SLA_WAITING_BAND_ORDER, refused when it is a real band's order: the query would label those leads
    "waiting, overdue" or the waiting leads as that band, and stake_counts would leave a real band out of the cost
    (review 104: a value of 5 or less merged the two silently)."""
    order = config.SLA_WAITING_BAND_ORDER
    if order <= LAST_REAL_BAND_ORDER:
        raise ValueError(
            f"config.SLA_WAITING_BAND_ORDER is {order}, a real band's order in queries/pages/sla/sla_overview.sql "
            f"(0 to {LAST_REAL_BAND_ORDER}): set it above {LAST_REAL_BAND_ORDER}"
        )
    return order


# at import too, so a wrong value stops the app before any page counts with it
waiting_band()


@dataclass(frozen=True)
class SlaSettings:
    """What sales promised: respond within `minutes` of the clock start, optionally in business hours."""

    minutes: int = config.SLA_RESPONSE_MINUTES
    clock_start: str = config.SLA_DEFAULT_CLOCK
    business_hours: bool = config.SLA_BUSINESS_HOURS
    day_start: time = DEFAULT_DAY_START
    day_end: time = DEFAULT_DAY_END
    workdays: tuple[int, ...] = config.SLA_WORKDAYS
    holidays: tuple[date, ...] = field(
        default_factory=lambda: tuple(date.fromisoformat(d) for d in config.SLA_HOLIDAYS)
    )
    data_timezone: str = config.DATA_TIMEZONE
    timezone: str = config.SLA_TIMEZONE

    def __post_init__(self) -> None:
        if self.minutes <= 0:
            raise ValueError("the SLA needs a positive number of minutes")
        if self.clock_start not in config.SLA_CLOCK_STARTS:
            raise ValueError(f"the clock starts at one of {', '.join(config.SLA_CLOCK_STARTS)}")
        if self.business_hours and self.day_start >= self.day_end:
            raise ValueError("business hours must end after they start")
        if self.business_hours and not self.workdays:
            raise ValueError("business hours need at least one working day")
        for tz in (self.data_timezone, self.timezone):
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown timezone {tz!r}") from exc

    def to_params(self) -> dict[str, Any]:
        """SQL parameters for the sla_* queries."""
        return {
            "sla_minutes": self.minutes,
            "clock_start": self.clock_start,
            "business_hours": self.business_hours,
            "day_start_minute": self.day_start.hour * 60 + self.day_start.minute,
            "day_end_minute": self.day_end.hour * 60 + self.day_end.minute,
            "workdays": list(self.workdays),
            "holidays": list(self.holidays),
            "data_timezone": self.data_timezone,
            "business_timezone": self.timezone,
            "band_1": config.SLA_BANDS[0],
            "band_2": config.SLA_BANDS[1],
            "band_3": config.SLA_BANDS[2],
            "waiting_days": config.SLA_WAITING_HORIZON_DAYS,
            "waiting_band": waiting_band(),
        }

    def duration(self, minutes: float | None) -> str:
        """A response time as the agreement counts it: in business hours working time ('56 business h', as the
        lists write it), never 24-hour days (3,360 business minutes read "2.3 days"); around the clock as
        fmt_duration writes it."""
        return fmt_business_duration(minutes) if self.business_hours else fmt_duration(minutes)

    def describe(self) -> str:
        """The agreement in one sentence."""
        # a lead with no MQL date starts its clock at its SQL date (trial 59: the sentence did not say so)
        start = (
            "becomes an SQL"
            if self.clock_start == "sql"
            else "becomes an MQL (for a lead with only an SQL date, the moment it becomes an SQL)"
        )
        text = f"Sales contacts every lead within {self.minutes} minutes of the moment it {start}"
        if not self.business_hours:
            return text + ", around the clock."
        days = ", ".join(config.WEEKDAY_NAMES[d - 1] for d in sorted(self.workdays))
        hol = (
            f", except {len(self.holidays)} holiday(s) ({', '.join(map(str, self.holidays))})" if self.holidays else ""
        )
        return (
            text + f", counting only business hours {self.day_start:%H:%M}–{self.day_end:%H:%M} "
            f"({self.timezone}) on {days}{hol}."
        )


def parse_holidays(text: str) -> tuple[tuple[date, ...], list[str]]:
    """The dates of a comma-separated holiday list and the entries that are not YYYY-MM-DD dates (one bad entry
    dropped every date before, the valid ones too)."""
    dates: list[date] = []
    bad: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            # Python also reads 20261126 as a date: the page and the CLI promise YYYY-MM-DD only
            if len(part) != len("2026-01-01"):
                raise ValueError(part)
            dates.append(date.fromisoformat(part))
        except ValueError:
            bad.append(part)
    return tuple(sorted(set(dates))), bad


def bad_holidays_message(bad: list[str], ignored: bool = True) -> str:
    """Which holiday entries cannot be read and what to write instead (ignored: the page goes on without them)."""
    entries = ", ".join(f"'{b}'" for b in bad)
    text = (
        f"Holidays: {entries} {'is not a date' if len(bad) == 1 else 'are not dates'} written YYYY-MM-DD (2026-11-26)"
    )
    return text + ("; ignored until fixed, the other dates count." if ignored else ".")


def parse_workdays(text: str) -> tuple[tuple[int, ...], list[str]]:
    """ISO weekdays of a comma-separated list of day names (Mon,Tue,…) and the entries that are not day names."""
    names = [n.lower() for n in config.WEEKDAY_NAMES]
    days: set[int] = set()
    bad: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if part.lower() in names:
            days.add(names.index(part.lower()) + 1)
        elif part:
            bad.append(part)
    return tuple(sorted(days)), bad


def workdays_text(workdays: tuple[int, ...]) -> str:
    """Working days as the URL and the CLI write them: Mon,Tue,Wed."""
    return ",".join(config.WEEKDAY_NAMES[d - 1] for d in sorted(workdays))


def read_minutes(text: str) -> int | None:
    """An SLA length written as a whole number of minutes, 1 to config.SLA_MAX_MINUTES; None when it is not one."""
    value = text.strip()
    if not value.isdigit() or not 0 < int(value) <= config.SLA_MAX_MINUTES:
        return None
    return int(value)


def parse_clock_time(text: str) -> time | None:
    """A time of day written HH:MM (09:00), or None when it is not one."""
    try:
        return time.fromisoformat(text.strip()) if len(text.strip()) == len("09:00") else None
    except ValueError:
        return None


def _params(filters: Filters, settings: SlaSettings) -> dict[str, Any]:
    # the stored waits (sla_facts) where they are the ones these settings measure; a Spark build keeps none, and its
    # sla_page_leads (macros/sla.spark.sql) measures them whatever this says
    return {**filters.to_params(), **settings.to_params(), "sla_stored": rollups.sla_exact(settings)}


# the leads due, in parts that add up to them (the JSON's `sla.due_parts`): an overdue lead not contacted yet was in
# none of the JSON's fields before (14 due read as 4 within + 7 late + 1 never contacted)
# the rule for a first contact dated before the clock started, said on the Definitions page and in the README
BEFORE_CLOCK_RULE = (
    "A lead whose first contact is dated before its clock started (an engagement before it became an SQL) was "
    "already in contact: it counts within the SLA, but it has no response time, so it is left out of the median, "
    "the 95th percentile and the response bands and counted apart (“contacted before the clock”)."
)
DUE_PARTS = ("within_sla", "late", "never_contacted", "waiting_overdue")
# the rule for a lead closed without a contact (macros/sla.sql: its wait ends at its close), said on the tile, the
# Definitions page and in the README: closed inside its window it read as due, never contacted, "waited 83.6 days"
# to the data's today (trial 95)
CLOSED_RULE = (
    "A lead closed without a contact (rejected, or it became an opportunity) waited until it was closed: closed "
    "inside its SLA window it was never due (no miss, on no list); closed after it, it counts as never contacted."
)


def terms(horizon_days: int = config.SLA_WAITING_HORIZON_DAYS) -> str:
    """What due, compliance, never contacted and waiting mean, for the Definitions page."""
    return (
        "**Due**: a lead counts once it was contacted or its wait passed the SLA; still inside its window, it is not "
        "due yet. **Compliance**: leads contacted within the SLA ÷ leads due. **Never contacted**: due and not "
        f"contacted after {horizon_days} days (the waiting horizon), or closed without a contact after its window. "
        "**Waiting**: handed over and not contacted yet, as of the data's today (the last event, not the wall "
        f"clock); **waiting, overdue**: waiting past the SLA but inside the {horizon_days}-day horizon (due, a "
        "breach). A wait not ended yet runs to the data's today; a clock dated after it has not started and is "
        "left out. " + CLOSED_RULE
    )


@dataclass(frozen=True)
class SlaSummary:
    """Sales-side SLA in scope. Rates are fractions; None where undefined."""

    eligible: int
    within_sla: int
    compliance: float | None
    median_minutes: float | None
    p95_minutes: float | None
    never_contacted: int
    waiting_now: int
    # False when the data holds no first-contact time at all (no such column was imported): then nothing about
    # contact is known, and compliance, response times and never-contacted are None rather than 0 % and "all"
    contact_times: bool = True
    # leads whose clock started (due or not): what there is to say when contact_times is False
    handed_over: int = 0
    # the other parts of the leads due (within + late + never contacted + waiting overdue = eligible), and the
    # leads within the SLA that were contacted before their clock started: no response time, so not in the
    # median, p95 or bands (counted as 0 minutes they pulled the median down without a word)
    late: int = 0
    waiting_overdue: int = 0
    contacted_before_clock: int = 0

    @property
    def breaches(self) -> int:
        """Leads that were due and not contacted in time: late, overdue or never contacted."""
        return self.eligible - self.within_sla

    def as_dict(self) -> dict[str, Any]:
        """The `sla` section of the CLI's JSON contract."""
        known = self.contact_times
        return {
            "eligible": self.eligible if known else None,
            # the four parts of the leads due, named in due_parts: they add up to eligible
            "due_parts": list(DUE_PARTS),
            "within_sla": self.within_sla if known else None,
            "late": self.late if known else None,
            "never_contacted": self.never_contacted if known else None,
            "waiting_overdue": self.waiting_overdue if known else None,
            "contacted_before_clock": self.contacted_before_clock if known else None,
            "compliance": self.compliance,
            "median_minutes": self.median_minutes,
            "p95_minutes": self.p95_minutes,
            "waiting_now": self.waiting_now if known else None,
            "contact_times": known,
        }

    def nobody_waiting(self) -> tuple[str, bool]:
        """What the page says when no lead is waiting now, and whether that is all good: every handed-over lead
        contacted only when none was never contacted either ("every handed-over lead has been contacted" stood
        beside a "Never contacted 2" tile)."""
        if not self.never_contacted:
            return "Nobody is waiting: every handed-over lead has been contacted.", True
        n = self.never_contacted
        return (
            f"Nobody is waiting now, but {fmt_count(n, 'lead')} handed over {'was' if n == 1 else 'were'} never "
            "contacted (in the breach list below).",
            False,
        )

    def before_clock_note(self, clock_start: str) -> str:
        """The leads contacted before their clock started, in words; '' when there are none."""
        if not self.contacted_before_clock:
            return ""
        stage = "an SQL" if clock_start == "sql" else "an MQL"
        n = self.contacted_before_clock
        return (
            f"{fmt_count(n, 'lead')} {'was' if n == 1 else 'were'} contacted before {'it' if n == 1 else 'they'} "
            f"became {stage}: within the SLA, not in the response times (median, 95th percentile, bands)."
        )

    @property
    def contacted(self) -> int:
        """Leads due that were contacted: within the SLA (those contacted before the clock among them) or late."""
        return self.within_sla + self.late

    def before_clock_warning(self, clock_start: str, how: str = "SLA settings → clock start") -> str:
        """The warning when most contacted leads were contacted before their clock started (before_clock_warning);
        '' otherwise, and without contact times."""
        if not self.contact_times:
            return ""
        return before_clock_warning(self.contacted_before_clock, self.contacted, clock_start, how)


def before_clock_warning(before: int, contacted: int, clock_start: str, how: str = "SLA settings → clock start") -> str:
    """The warning when more than config.SLA_BEFORE_CLOCK_WARN_SHARE of the contacted leads were contacted before
    their clock started: compliance then reads 100 % with hardly a response time measured (trial 59: 40 of 41 HubSpot
    SQLs had their outreach before the SQL date); `how` names where the clock is set; '' otherwise."""
    if contacted == 0 or before / contacted <= config.SLA_BEFORE_CLOCK_WARN_SHARE:
        return ""
    stage = "SQLs" if clock_start == "sql" else "MQLs"
    text = (
        f"{fmt_int(before)} of {fmt_int(contacted)} leads were contacted before they became {stage}: "
        "the SLA measures nothing for them"
    )
    if clock_start == "sql":
        return text + f"; time the clock from the MQL date ({how}) to measure response."
    return text + "; check that the first-contact column holds sales' first contact, not an earlier touch."


@dataclass(frozen=True, eq=False)
class SlaOverview:
    """The SLA page's summary tiles and its response bands, read in one pass."""

    summary: SlaSummary
    bands: pd.DataFrame  # speed_pays' rows


BAND_COLUMNS = [
    "band_order",
    "band",
    "within_sla",
    "count_leads",
    "count_opportunities",
    "count_won",
    "count_young",
    "count_won_grown",
    "opportunity_rate",
    "won_rate",
    "revenue",
]


def overview(con: duckdb.DuckDBPyConnection, filters: Filters, settings: SlaSettings) -> SlaOverview:
    """The summary (compliance, median and p95 response, never contacted, waiting now) and the response bands
    (speed_pays) from one scan of the view's SLA leads."""
    table = run(con, "sla_overview", _params(filters, settings))
    row = table[table["row_kind"] == "summary"].iloc[0]
    bands = table[table["row_kind"] == "band"][BAND_COLUMNS].reset_index(drop=True)
    # the summary row's nulls widened the band columns in the union: back to the bands' own types
    bands = bands.astype(
        {
            "band_order": "int32",
            "count_leads": "int64",
            "count_opportunities": "int64",
            "count_won": "int64",
            "count_young": "int64",
            "count_won_grown": "int64",
        }
    )
    bands["within_sla"] = bands["within_sla"].astype(bool)
    if settings.business_hours:
        # the bands are working time: "0–5 min" beside "56 business h" read as clock minutes
        bands["band"] = bands["band"].str.replace(r" min$", " business min", regex=True)
    if not has_contact_times(con):
        # every lead would read as never contacted: the measure does not exist, so it is not given
        unknown = SlaSummary(
            eligible=0,
            within_sla=0,
            compliance=None,
            median_minutes=None,
            p95_minutes=None,
            never_contacted=0,
            waiting_now=0,
            contact_times=False,
            handed_over=int(row["count_handed_over"]),
        )
        return SlaOverview(unknown, bands.iloc[0:0])
    summary = SlaSummary(
        eligible=int(row["count_eligible"]),
        within_sla=int(row["count_within"]),
        compliance=optional_float(row["compliance"]),
        median_minutes=optional_float(row["median_minutes"]),
        p95_minutes=optional_float(row["p95_minutes"]),
        never_contacted=int(row["count_never"]),
        waiting_now=int(row["count_waiting"]),
        handed_over=int(row["count_handed_over"]),
        late=int(row["count_late"]),
        waiting_overdue=int(row["count_waiting_overdue"]),
        contacted_before_clock=int(row["count_before_clock"]),
    )
    return SlaOverview(summary, bands)


def has_contact_times(con: duckdb.DuckDBPyConnection | QueryEngine) -> bool:
    """True when any lead of the data has a first-contact time (without one the SLA cannot be measured)."""
    return bool(run(con, "contact_times").iloc[0]["has_contact_times"])


def summary(con: duckdb.DuckDBPyConnection, filters: Filters, settings: SlaSettings) -> SlaSummary:
    """Compliance, median and p95 response, never contacted, and leads waiting now."""
    return overview(con, filters, settings).summary


def by_group(con: duckdb.DuckDBPyConnection, filters: Filters, settings: SlaSettings, group: str) -> pd.DataFrame:
    """SLA figures per owner, source, week or month: group_value, counts, compliance, bands, p50, p95; weeks and
    months by creation in cohort mode, by the clock's start in activity mode (as the tiles count)."""
    if group not in ("owner", "source", "week", "month"):
        raise ValueError("group must be owner, source, week or month")
    return run(con, "sla_by_group", {**_params(filters, settings), "group_by": group})


def lead_list(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    settings: SlaSettings,
    status: str = "breached",
    limit: int | None = None,
) -> pd.DataFrame:
    """Per-lead rows, longest wait first: the breach list ('breached': late, overdue or never contacted)
    or those still 'waiting'; at most `limit` rows (None: all)."""
    if status not in ("breached", "waiting"):
        raise ValueError("status must be breached or waiting")
    return lead_lists(con, filters, settings, limit if limit is not None else 2**62)[status]


def lead_lists(
    con: duckdb.DuckDBPyConnection, filters: Filters, settings: SlaSettings, limit: int
) -> dict[str, pd.DataFrame]:
    """The 'waiting' and 'breached' lists of lead_list, at most `limit` rows each, from one computation of the
    view's SLA leads (the page shows both); the page's lists around the clock from the creation moments that can hold
    them (bounded_lists)."""
    params = {**_params(filters, settings), "row_limit": limit, "created_from": EARLIEST, "created_to": LATEST}
    # a view from a first date reads the row groups of its dates only already: bounds first cost it more (a quarter
    # at 10 M leads 54 -> 69 ms)
    bounded = filters.date_from is None and not settings.business_hours and limit <= config.SLA_LIST_ROWS
    if bounded and isinstance(con, duckdb.DuckDBPyConnection):
        return bounded_lists(con, params)
    return _split(run(con, "sla_lead_lists", params))


# the whole creation range: the lists' rows are read from every lead
EARLIEST = datetime(1, 1, 1)
LATEST = datetime(9999, 12, 31)
LIST_KINDS = ("waiting", "breached")


def _split(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {
        kind: table[table["list_kind"] == kind].drop(columns="list_kind").reset_index(drop=True) for kind in LIST_KINDS
    }


def bounded_lists(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """lead_lists' two lists, each read in full only from the leads created between the first and last creation
    moments of those that can be on it (sla_lead_list_bounds.sql: the waits alone, no ids or names): at 10 M leads
    a list's longest waits were created within a month or so, and the leads are stored in created_at order. Around the
    clock only: in business hours the calendar spans every started lead, which a creation range would not cut."""
    bounds = run(con, "sla_lead_list_bounds", params).set_index("list_kind")
    lists: dict[str, pd.DataFrame] = {}
    for kind in LIST_KINDS:
        first, last = bounds.at[kind, "first_created_at"], bounds.at[kind, "last_created_at"]
        if not pd.isna(first):
            window = {"created_from": first.to_pydatetime(), "created_to": last.to_pydatetime()}
            lists[kind] = _split(run(con, "sla_lead_lists", {**params, **window}))[kind]
    if len(lists) < len(LIST_KINDS):
        # an empty list: its columns and types as the query gives them (no lead at all: the query itself)
        empty = next(iter(lists.values()), None)
        shape = _split(run(con, "sla_lead_lists", params))["waiting"] if empty is None else empty
        lists = {kind: lists.get(kind, shape.iloc[0:0]) for kind in LIST_KINDS}
    return lists


# the lists' times: stored in the data's time zone, shown in the SLA's (SlaSettings.timezone)
LIST_TIMES = {"clock_started_at": "Clock started", "due_at": "Due", "first_contact_at": "First contact"}


def shown_list(rows: pd.DataFrame, settings: SlaSettings) -> pd.DataFrame:
    """A waiting or breach list for the screen: its times in the SLA's time zone (they were in the data's, UTC,
    beside an SLA set in Europe/Berlin: "Due 09:00" was 10:00 there), and in business hours the wait as working
    time (business_minutes_waited: 2,016 business hours read "84 days" as 24-hour days)."""
    out = rows.copy()
    if settings.timezone != settings.data_timezone:
        for column in LIST_TIMES:
            if column in out:
                # read as the SQL reads a local time (zone_shift): a repeated hour as standard time, a skipped
                # one an hour later; before, a repeated hour was blank and a skipped one failed the page (review 73)
                times = pd.to_datetime(out[column])
                stamps = times.dt.tz_localize(
                    settings.data_timezone,
                    ambiguous=np.zeros(len(times), dtype=bool),
                    nonexistent=pd.Timedelta(hours=1),
                )
                out[column] = stamps.dt.tz_convert(settings.timezone).dt.tz_localize(None)
    if settings.business_hours:
        out = out.rename(columns={"minutes_waited": "business_minutes_waited"})
    return out


GROUP_COLUMNS = [
    "group_value",
    "count_eligible",
    "count_within",
    "compliance",
    "median_minutes",
    "p95_minutes",
    "count_never",
    "count_waiting",
]


def group_columns(summary: SlaSummary) -> list[str]:
    """The group table's columns: count_before_clock only where some lead was contacted before its clock started."""
    return GROUP_COLUMNS + (["count_before_clock"] if summary.contacted_before_clock else [])


def period_words(filters: Filters, group: str) -> str:
    """Which date puts a lead in a week or month row: the one the tiles count it by (by_group)."""
    if filters.mode == "activity":
        return f"Each {group} holds the leads whose SLA clock started in it, as the tiles above count them."
    return f"Each {group} holds the leads created in it, as the tiles above count them (cohort mode)."


# a group table's response times in business hours: typed as working time (tables.COLUMNS), not 24-hour days
BUSINESS_TIME_COLUMNS = {"median_minutes": "business_median_minutes", "p95_minutes": "business_p95_minutes"}


def shown_groups(rows: pd.DataFrame, settings: SlaSettings) -> pd.DataFrame:
    """A per-owner/source/week/month table for the screen: in business hours its median and 95th percentile as
    working time ('56 business h', as the lists beside it), not 3,360 business minutes read "2.3 days"."""
    return rows.rename(columns=BUSINESS_TIME_COLUMNS) if settings.business_hours else rows


def list_labels(settings: SlaSettings) -> dict[str, str]:
    """The lists' time headers naming the zone they are shown in: "Due (Europe/Berlin)"."""
    return {column: f"{label} ({settings.timezone})" for column, label in LIST_TIMES.items()}


def lead_list_csv(con: duckdb.DuckDBPyConnection, filters: Filters, settings: SlaSettings) -> bytes:
    """The whole breach list as UTF-8 CSV bytes, as the screen shows it: times in the SLA's zone, named in their
    headers ("due_at (America/New_York)"), and in business hours the wait as business_minutes_waited."""
    # before, the data's zone (UTC) under plain headers and business minutes as minutes_waited: a 2.7-day wait
    # read "90.0" beside the screen's "Waited (business hours)" and its New York times (trial 67)
    shown = shown_list(lead_list(con, filters, settings), settings)
    # a lead without an owner (source, persona) as the screen writes it: the CSV's blank read as a value lost (trial 95)
    for column in ("owner", "source", "persona"):
        if column in shown:
            shown[column] = shown[column].astype(object).where(shown[column].notna(), DASH)
    return csv_bytes(shown.rename(columns={c: f"{c} ({settings.timezone})" for c in LIST_TIMES}))


def speed_pays(con: duckdb.DuckDBPyConnection, filters: Filters, settings: SlaSettings) -> pd.DataFrame:
    """Per response band: leads, opportunities, won, their rates, and won revenue."""
    return overview(con, filters, settings).bands


def customers_note(bands: pd.DataFrame, funnel: pd.DataFrame, filters: Filters) -> str:
    """Why the response bands' customers differ from the Funnel page's (metrics.funnel of the view by lead), in
    words with both numbers; '' when they agree. Both count customers within the conversion window (cohort mode),
    but the bands hold only leads that were due for a sales contact."""
    funnel_customers = int(funnel.set_index("stage").at["customer", "count_leads"])
    here = int(bands["count_won"].sum()) if not bands.empty else 0
    if here == funnel_customers:
        return ""
    theirs = f"The Funnel page counts {fmt_count(funnel_customers, 'customer')}"
    if filters.mode == "activity":
        return (
            f"{theirs}: the leads that became customers in these dates. These bands count "
            f"{fmt_count(here, 'customer')} among the leads handed over to sales in these dates, whenever they won."
        )
    if filters.in_order:
        return (
            f"{theirs}, these bands {fmt_int(here)}: the funnel counts only leads that reached the stages in order, "
            "the bands every lead that was due for a sales contact."
        )
    return (
        f"{theirs}; {fmt_int(funnel_customers - here)} of them never came due for a sales contact under these "
        f"settings (no hand-over date, or handed over less than the SLA ago), so these bands show {fmt_int(here)}."
    )


@dataclass(frozen=True)
class StakeCounts:
    """The two sides "does speed pay?" compares: leads old enough to have converted, and the customers among them."""

    within: int
    within_won: int
    breached: int
    breached_won: int


def stake_counts(bands: pd.DataFrame) -> StakeCounts:
    """The leads within the SLA and the breached ones, each without the leads too young to have converted, and the
    breached without those still waiting: overdue inside the waiting horizon is not a breach for good, and its band
    shows no rate (trial 100: lead 1035, handed over 4.5 days before the data's end, priced as a lost customer)."""
    judged = bands[bands["band_order"] != waiting_band()]
    within = judged[judged["within_sla"]]
    breached = judged[~judged["within_sla"]]
    return StakeCounts(
        within=int((within["count_leads"] - within["count_young"]).sum()),
        within_won=int(within["count_won_grown"].sum()),
        breached=int((breached["count_leads"] - breached["count_young"]).sum()),
        breached_won=int(breached["count_won_grown"].sum()),
    )


def revenue_at_stake(bands: pd.DataFrame) -> float | None:
    """Revenue the breaches cost, from the observed gap in win rate between in-time and late leads.

    breached leads x (won rate within the SLA - won rate of breached leads) x average won deal.
    None when either group is empty or nothing was won.
    """
    # leads younger than the conversion window are left out: not converted yet is not "did not convert"
    return _at_stake(bands, stake_counts(bands))


def _at_stake(bands: pd.DataFrame, counts: StakeCounts) -> float | None:
    """revenue_at_stake from the bands' stake_counts, counted once by the caller (stake_note counted them twice)."""
    won = bands["count_won"].sum()
    if not counts.within or not counts.breached or not won or not bands["count_won_grown"].sum():
        return None
    gap = counts.within_won / counts.within - counts.breached_won / counts.breached
    return float(max(gap, 0.0) * counts.breached * bands["revenue"].sum() / won)


def stake_note(bands: pd.DataFrame, filters: Filters) -> str:
    """What the breaches cost, in words: a dollar figure only when both sides have the Friction page's minimum of
    leads and their Wilson intervals do not overlap; otherwise why not, with the counts; '' with nothing to compare."""
    counts = stake_counts(bands)
    at_stake = _at_stake(bands, counts)
    if at_stake is None:
        return ""
    minimum = config.FRICTION_MIN_SAMPLE
    sides = (
        f"{fmt_count(counts.within, 'lead')} handed over within the SLA ({fmt_int(counts.within_won)} became "
        f"{'a customer' if counts.within_won == 1 else 'customers'}) against {fmt_int(counts.breached)} breached "
        f"({fmt_int(counts.breached_won)})"
    )
    # before, 3 leads within (1 customer) against 2 breached (0) read "the breaches cost about $4k" in bold (trial
    # 100): a gap the Friction page would not judge, priced in dollars
    if min(counts.within, counts.breached) < minimum:
        said = (
            f"Too few leads to put a cost on the breaches: {sides}. A gap in the lead-to-customer rate is judged from "
            f"{minimum} leads on each side, as on the Friction page."
        )
    elif counts.breached_won * counts.within >= counts.within_won * counts.breached:
        # review 101: breached leads converting better (40 of 100 against 5 of 100) were called "a gap within chance
        # (the intervals overlap)", false of both: there is no cost to price, whatever chance says (cross-multiplied:
        # the rates' equality is exact)
        said = (
            f"Breached leads converted no worse here ({_of(counts.breached_won, counts.breached)}, against "
            f"{_of(counts.within_won, counts.within)} within the SLA): no cost to put on the breaches in this view."
        )
    elif not clearly_lower(
        counts.breached_won, counts.breached, counts.within_won, counts.within, config.FRICTION_Z, minimum
    ):
        said = (
            f"No cost put on the breaches: {sides}, a gap within chance (the two rates' confidence intervals "
            "overlap, as the Friction page judges a gap)."
        )
    else:
        said = (
            "Leads contacted within the SLA became customers more often than those that were not. At the observed "
            f"difference, the breaches in this view cost about **{fmt_money(at_stake)}** of revenue (breached leads × "
            f"gap in the lead-to-customer rate × average won deal; {sides})."
        )
    if filters.mode == "activity" and filters.window_days:
        # the young-lead rule is cohort mode's (sla_young): said, so a breach still able to convert is not hidden
        said += (
            f" In activity mode leads created less than the {filters.window_days}-day conversion window ago are "
            "included: some may still become customers."
        )
    return said


def _of(won: int, leads: int) -> str:
    """'40 of 100, 40.0%': the leads that became customers, of how many, and the rate."""
    return f"{fmt_int(won)} of {fmt_int(leads)}, {fmt_pct(won / leads)}"


def as_of_words(moment: datetime | None, stated: bool = False) -> str:
    """'as of 5 Dec 2026 11:30 (the data's last event)': the "now" the waits are measured at; '' without data.
    `stated`: the moment is the end of the day the exports are stated complete through, past every event."""
    if moment is None:
        return ""
    said = "the end of the day the exports are stated complete through" if stated else "the data's last event"
    return f"as of {moment:%-d %b %Y %H:%M} ({said})"


def clock_after_today(con: duckdb.DuckDBPyConnection, filters: Filters, settings: SlaSettings) -> int:
    """The view's leads whose clock starts after the data's today: not handed over yet, so on no count or list."""
    params = {**filters.to_params(), "clock_start": settings.clock_start}
    return int(run(con, "sla_clock_after_today", params)["count_after_today"].iloc[0])


def clock_after_today_note(count: int, clock_start: str) -> str:
    """The leads left out because their clock starts after the data's today, in words; '' when none."""
    if not count:
        return ""
    stage = "SQL" if clock_start == "sql" else "MQL"
    verb = "is" if count == 1 else "are"
    return (
        f"{fmt_count(count, 'lead')} {verb} dated to become {'an' if count == 1 else ''} {stage}"
        f"{'' if count == 1 else 's'} after the data's today: not handed over yet, so {verb} left out of these "
        "counts and lists."
    ).replace("  ", " ")


def now_words(con: duckdb.DuckDBPyConnection) -> str:
    """as_of_words of the data's latest moment (targets.data_as_of), the one "today" of every page."""
    moment, latest = targets.data_as_of(con), targets.latest_record(con)
    # a stated day past the latest record is the data's today (trial 98: "30 Nov 2026 23:59 (the data's last event)"
    # where the last event was on 14 Nov)
    return as_of_words(moment, stated=moment is not None and latest is not None and moment > latest)


def has_rates(bands: pd.DataFrame) -> bool:
    """Whether any response band has a rate to draw: with every lead too young the chart was drawn empty, on an
    axis from -100 % to 400 %."""
    if bands.empty:
        return False
    return bool(bands[["opportunity_rate", "won_rate"]].notna().to_numpy().any())


def young_note(bands: pd.DataFrame, filters: Filters) -> str:
    """The leads left out of "does speed pay?" as too young to have converted, in words; '' when none."""
    young = int(bands["count_young"].sum()) if not bands.empty else 0
    if not young:
        return ""
    return (
        f"{fmt_count(young, 'lead')} of these, created less than the {filters.window_days}-day conversion window ago, "
        "are counted but left out of the rates and of the cost of breaches: too young to have become customers "
        '(the funnel\'s "still in window").'
    )


def marketing_delivery(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per month and metric (leads, mqls): delivered, promised (targets) and attainment; read from the entries rollup
    where rollups.months_exact says it gives the same rows (a scan of every lead took 135 ms at 10 M leads)."""
    from_rollup = rollups.kept_by(con) and rollups.months_exact(filters)
    df = run(con, "sla_marketing_rollup" if from_rollup else "sla_marketing", targets.params(filters))
    df["month"] = pd.to_datetime(df["month"])
    return df


@dataclass(frozen=True)
class Pace:
    """A multi-month volume commitment: where we are against it and where we are heading."""

    metric: str
    promised: float
    delivered: int
    expected_by_now: float
    projected: float | None
    on_track: bool | None
    elapsed_share: float
    # the commitment's first day and the data's last day (its "today"): a period that starts after that day has
    # no data yet, which is not "has not started" when the calendar is past it
    first: date | None = None
    today: date | None = None

    def sentence(self, label: str, last: date) -> str:
        """Where the commitment stands, in words: ahead, on track, behind, or missed once the period is over."""
        by = f"by {last:%b %Y}"
        if self.elapsed_share <= 0:
            if self.first is None or self.today is None:
                return f"The commitment of {self.promised:,.0f} {label} {by} has not started yet."
            span = (
                f"{last:%b %Y}"
                if self.first.replace(day=1) == last.replace(day=1)
                else f"{self.first:%b %Y} – {last:%b %Y}"
            )
            return (
                f"{span} is after the data's last day ({self.today:%-d %b %Y}): no data for it yet; the commitment "
                f"is {self.promised:,.0f} {label} {by}."
            )
        gone = f"{fmt_pct(self.elapsed_share)} of the period gone"  # a measured share: one decimal, as every rate
        if self.delivered >= self.promised:
            return (
                f"**Ahead:** **{self.delivered:,}** {label} delivered, {self.delivered - self.promised:,.0f} more "
                f"than the {self.promised:,.0f} promised {by}, with {gone}."
            )
        if self.elapsed_share >= 1:
            return (
                f"**Missed:** **{self.delivered:,}** of the {self.promised:,.0f} {label} promised {by} were "
                f"delivered, {self.promised - self.delivered:,.0f} short; the period is over."
            )
        verdict = "on track" if self.on_track else "behind"
        return (
            f"**{self.delivered:,}** of the **{self.promised:,.0f}** {label} promised {by} delivered with {gone} "
            f"(a straight line would be at {self.expected_by_now:,.0f}). At this pace the period ends at about "
            f"**{(self.projected or 0):,.0f}**: **{verdict}**."
        )


def pace_start(first: date, data_first: date | None) -> date:
    """The commitment's first counted day: its first month's 1st, or the data's first day when the data starts
    inside that month (targets.counted_from, as the tiles count a target from it)."""
    # a promise for days the data does not hold cannot be delivered in it: September's whole 30 against leads from
    # 12 Sep read "120 of the 140 promised" where the tiles, pro rata, hold it to 129 (trial 98)
    start = targets.counted_from(data_first)
    return max(first, start) if start else first


def pace_start_note(first: date, start: date) -> str:
    """'' when the commitment counts from its first month's 1st; else from which day and why."""
    if start <= first:
        return ""
    counted, days = targets.days_in_view(start.replace(day=1), start, None)
    return (
        f"Counted from {start:%-d %b %Y}, the data's first day: {start:%b %Y}'s promise pro rata ({counted} of its "
        f"{days} days), as the tiles count its target."
    )


def pace(
    daily: pd.DataFrame, metric: str, first: date, last: date, promised: float, today: date, start: date | None = None
) -> Pace:
    """Cumulative pace within [first month, last month] (daily_delivery's rows), counted from `start` (pace_start;
    the first month's 1st without it): delivered by the data's today vs a straight line to the promise."""
    delivered = int(daily.loc[daily["day"] <= pd.Timestamp(today), "delivered"].sum())
    period_end = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)).date()
    first = start if start and start <= period_end else first
    total_days = (period_end - first).days + 1
    elapsed_days = min(max((today - first).days + 1, 0), total_days)
    share = elapsed_days / total_days
    projected = delivered / share if share > 0 else None
    return Pace(
        metric=metric,
        promised=float(promised),
        delivered=delivered,
        expected_by_now=float(promised) * share,
        projected=projected,
        on_track=None if projected is None else projected >= promised,
        elapsed_share=share,
        first=first,
        today=today,
    )


def default_commitment(months: list[date], last_day: date | None) -> tuple[date, date] | None:
    """The commitment in force: config.SLA_COMMITMENT_MONTHS months ending with the month of the data's last day
    (or the last month offered), cut to the months offered; None without months."""
    if not months:
        return None
    end_month = months[-1] if last_day is None else min(last_day.replace(day=1), months[-1])
    start = (pd.Timestamp(end_month) - pd.DateOffset(months=config.SLA_COMMITMENT_MONTHS - 1)).date()
    offered = [m for m in months if start <= m <= end_month] or [months[-1]]
    return offered[0], offered[-1]


def daily_delivery(
    con: duckdb.DuckDBPyConnection, filters: Filters, metric: str, first: date, last: date
) -> pd.DataFrame:
    """One row per day from the first month's first day to the last month's last day: day, delivered."""
    if metric not in ("leads", "mqls"):
        raise ValueError("a volume commitment is on leads or mqls")
    end = (pd.Timestamp(last) + pd.offsets.MonthBegin(1)).to_pydatetime()
    params = {
        **with_view(filters.to_params(), date_from=pd.Timestamp(first).to_pydatetime(), date_to=end),
        "metric": metric,
    }
    df = run(con, "sla_pace", params)
    df["day"] = pd.to_datetime(df["day"])
    return df


def pace_curve(daily: pd.DataFrame, promised: float, today: date, start: date | None = None) -> pd.DataFrame:
    """Per day of a commitment: cumulative delivered up to the data's today (empty after it) and the straight
    line from nothing on the first counted day (`start`, pace_start; the first day without it) to the promise on
    the last."""
    df = daily[["day"]].copy()
    df["cumulative"] = daily["delivered"].cumsum().where(daily["day"] <= pd.Timestamp(today))
    counted = (df["day"] >= pd.Timestamp(start)) if start else pd.Series(True, index=df.index)
    df["plan"] = promised * counted.cumsum() / max(int(counted.sum()), 1)
    return df


def promised_total(delivery: pd.DataFrame, metric: str, first: date, last: date, start: date | None = None) -> float:
    """What targets promise for a metric over the months [first, last], each month counted from `start` (pace_start)
    pro rata as the tiles count its target (targets.month_share; whole without it)."""
    rows = delivery[(delivery["metric"] == metric) & delivery["month"].between(pd.Timestamp(first), pd.Timestamp(last))]
    # months wholly before the data's first day promise nothing it could deliver; its own month pro rata
    share = [targets.month_share(pd.Timestamp(m).date(), start, None) for m in rows["month"]]
    return float((rows["promised"].fillna(0) * share).sum())


def default_promise(
    delivery: pd.DataFrame, metric: str, first: date, last: date, start: date | None = None
) -> tuple[float, str]:
    """The pace's default promise over [first, last] and the gap that voids it: none (0) where targets cover only
    some of its months (promise_gap says which), else what they promise, the first month's pro rata from `start`
    (pace_start) when the data starts inside it."""
    gap = promise_gap(delivery, metric, first, last)
    return (0.0 if gap else promised_total(delivery, metric, first, last, start)), gap


def promise_gap(delivery: pd.DataFrame, metric: str, first: date, last: date) -> str:
    """'' when targets are loaded for every month of [first, last]; else which months they cover, in words: the
    pace would set the whole commitment's delivery against some months' promise (January's 8 MQLs against a
    quarter's 22 read "Ahead")."""
    months = [d.date() for d in pd.date_range(first, last, freq="MS")]
    rows = delivery[(delivery["metric"] == metric) & delivery["promised"].notna()]
    own = sorted({m.date() for m in rows["month"]} & set(months))
    if not own or len(own) == len(months):
        return ""
    return (
        f"Targets are loaded for {targets.months_words(own)} only of these {len(months)} months: the promise is "
        "not filled in from them; enter the whole commitment's."
    )
