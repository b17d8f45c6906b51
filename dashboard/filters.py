"""The Filters value object: built from widgets or the URL, turned into SQL parameters, described in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from dashboard import config
from dashboard.formatting import label_value, with_article

# the dates a view may use: the same bounds the importer holds data to
DATE_RANGE: tuple[date, date] = (date.fromisoformat(config.DATE_MIN), date.fromisoformat(config.DATE_MAX))
# URL key for each dimension's list of values (repeated keys: ?source=a&source=b)
DIMENSION_PARAM: dict[str, str] = {dim: dim for dim in config.DIMENSIONS}
# Filters field holding each dimension's values: the dimension's plural
DIMENSION_FIELD: dict[str, str] = dict(config.DIMENSION_PLURALS)


@dataclass(frozen=True)
class FilterOptions:
    """What the data offers to filter on: values per dimension and the range of dates."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_date: date | None = None
    max_date: date | None = None
    # the values of `values` that only the accounts file carries (no lead does): counting by lead no lead matches
    # them, so the sidebar offers them counting by account only and the command line refuses them by lead
    account_only: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def offered(self, dim: str, count_by: str, chosen: Sequence[str] = ()) -> tuple[str, ...]:
        """The values a filter of `dim` offers counting by `count_by`: by lead without the accounts-only ones,
        except those already chosen (kept, so switching Count by back and forth keeps the choice)."""
        hidden = set(self.account_only.get(dim, ())) - set(chosen) if count_by != "account" else set()
        shown = tuple(v for v in self.values.get(dim, ()) if v not in hidden)
        # by lead, a dimension only the accounts file fills is blank on every lead: "(none)" alone picks them all
        if shown == (config.NONE_LABEL,) and config.NONE_LABEL not in chosen:
            return ()
        return shown

    def only_by_account(self, dim: str, value: str) -> bool:
        """Whether `value` of `dim` is an account's alone (the accounts file's), which no lead carries."""
        return value in self.account_only.get(dim, ())


@dataclass(frozen=True)
class Filters:
    """The active view: dates (inclusive), counting mode, stage order rule and dimension values."""

    date_from: date | None = None
    date_to: date | None = None
    mode: str = "cohort"
    in_order: bool = False
    window_days: int = config.CONVERSION_WINDOW_DAYS
    sources: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    count_by: str = config.DEFAULT_COUNT_BY

    def __post_init__(self) -> None:
        if self.mode not in config.MODES:
            raise ValueError(f"mode must be one of {config.MODES}, not {self.mode!r}")
        if self.count_by not in config.COUNT_BY:
            raise ValueError(f"count_by must be one of {config.COUNT_BY}, not {self.count_by!r}")
        if not 0 <= self.window_days <= config.MAX_WINDOW_DAYS:
            raise ValueError(f"conversion window must be 0–{config.MAX_WINDOW_DAYS} days, not {self.window_days}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date range starts after it ends: {self.date_from} > {self.date_to}")
        for day in (self.date_from, self.date_to):
            if day and not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
                raise ValueError(f"dates must fall between {DATE_RANGE[0]} and {DATE_RANGE[1]}, not {day}")
        for name in DIMENSION_FIELD.values():
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))

    def values(self, dimension: str) -> tuple[str, ...]:
        """The chosen values of one dimension (empty: all)."""
        return getattr(self, DIMENSION_FIELD[dimension])

    def besides_source(self) -> tuple[str, ...]:
        """The dimensions other than source that the view filters (spend and targets are recorded per source)."""
        return tuple(dim for dim in config.DIMENSIONS if dim != "source" and self.values(dim))

    def with_values(self, dimension: str, values: Sequence[str]) -> Filters:
        """A copy with one dimension's values replaced."""
        # one field, named at run time: typed loosely for replace()
        changed: dict[str, Any] = {DIMENSION_FIELD[dimension]: tuple(values)}
        return replace(self, **changed)

    def previous_period(self) -> Filters | None:
        """The same view for the period of equal length just before this one; None without both dates."""
        if not (self.date_from and self.date_to):
            return None
        days = (self.date_to - self.date_from).days + 1
        start = self.date_from - timedelta(days=days)
        return replace(self, date_from=start, date_to=self.date_from - timedelta(days=1))

    def to_params(self) -> dict[str, Any]:
        """SQL parameters: `view`, one struct holding the whole view (the scope macros read it), and the
        stage names in funnel order (`stages`).

        The struct has every field every time, so each query sees one shape: dates as timestamps with an
        exclusive end (the whole last day counts; None for an open end), a list per dimension (empty: all).
        """
        view: dict[str, Any] = {
            "date_from": datetime.combine(self.date_from, datetime.min.time()) if self.date_from else None,
            "date_to": (
                datetime.combine(self.date_to + timedelta(days=1), datetime.min.time()) if self.date_to else None
            ),
            "mode": self.mode,
            "in_order": self.in_order,
            "window_days": self.window_days,
        }
        for name in DIMENSION_FIELD.values():
            view[name] = list(getattr(self, name))
        view["count_by"] = self.count_by
        return {"view": view, "stages": list(config.STAGES)}

    def by_lead(self) -> Filters:
        """The same view counted by lead: for sections that count people whatever the switch says."""
        return replace(self, count_by="lead")

    @property
    def unit(self) -> tuple[str, str]:
        """What one counted row is called, singular and plural: ('Lead', 'Leads') or ('Account', 'Accounts')."""
        return config.COUNT_UNIT[self.count_by]

    def to_query(self) -> dict[str, str | list[str]]:
        """URL query parameters for the non-default parts of the view."""
        query: dict[str, str | list[str]] = {}
        if self.date_from:
            query["from"] = self.date_from.isoformat()
        if self.date_to:
            query["to"] = self.date_to.isoformat()
        if self.mode != "cohort":
            query["mode"] = self.mode
        if self.in_order:
            query["order"] = "in_order"
        if self.window_days != config.CONVERSION_WINDOW_DAYS:
            query["window"] = str(self.window_days)
        for dim, param in DIMENSION_PARAM.items():
            if self.values(dim):
                query[param] = list(self.values(dim))
        if self.count_by != config.DEFAULT_COUNT_BY:
            query["count_by"] = self.count_by
        return query

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]], options: FilterOptions) -> tuple[Filters, list[str]]:
        """Filters from URL parameters; unknown or malformed values are dropped with a notice each."""
        notices: list[str] = []
        date_from, date_to = _link_date(query, "from", notices), _link_date(query, "to", notices)
        if date_from and date_to and date_from > date_to:
            notices.append(f"Ignored the link's date range {date_from} – {date_to}: it starts after it ends.")
            date_from = date_to = None
        mode = _last(query, "mode") or "cohort"
        if mode not in config.MODES:
            notices.append(f"Ignored 'mode={mode}' from the link: use one of {', '.join(config.MODES)}.")
            mode = "cohort"
        order = _last(query, "order")
        if order not in (None, "in_order", "reached"):
            notices.append(f"Ignored 'order={order}' from the link: use in_order or reached.")
        count_by = _last(query, "count_by") or config.DEFAULT_COUNT_BY
        if count_by not in config.COUNT_BY:
            notices.append(f"Ignored 'count_by={count_by}' from the link: use one of {', '.join(config.COUNT_BY)}.")
            count_by = config.DEFAULT_COUNT_BY
        filters = cls(
            date_from=date_from,
            date_to=date_to,
            mode=mode,
            in_order=order == "in_order",
            window_days=_link_window(query, notices),
            count_by=count_by,
        )
        chosen: dict[str, Any] = _link_dimensions(query, options, notices)
        return replace(filters, **chosen), notices

    def caption(self) -> str:
        """The view in words, e.g. 'Oct 2026 · cohort · paid_search · CFO persona'."""
        parts = [describe_dates(self.date_from, self.date_to), f"{self.mode} mode"]
        if self.mode == "cohort" and self.window_days:
            parts[-1] += f" ({self.window_days}-day window)"
        if self.in_order:
            parts.append("stages in order")
        for dim in config.DIMENSIONS:
            vals = self.values(dim)
            if not vals:
                continue
            named = [label_value(dim, v) for v in vals[:3]]
            shown = ", ".join(named) + (f" +{len(vals) - 3} more" if len(vals) > 3 else "")
            parts.append(shown if dim == "source" else f"{shown} {config.DIMENSIONS[dim].lower()}")
        if self.count_by != config.DEFAULT_COUNT_BY:
            parts.append(f"by {self.count_by}")
        return " · ".join(parts)


def _last(query: Mapping[str, Sequence[str]], key: str) -> str | None:
    """The last value a link gives a parameter (a repeated one-value parameter: the last wins)."""
    vals = query.get(key) or []
    return vals[-1] if vals else None


def _link_date(query: Mapping[str, Sequence[str]], key: str, notices: list[str]) -> date | None:
    """A link's date, or None with a notice when it is not a date in the range the pages can compute with."""
    raw = _last(query, key)
    if raw is None:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        notices.append(f"Ignored '{key}={raw}' from the link: dates are written YYYY-MM-DD.")
        return None
    if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        # a year 9999 would overflow every "day after" the pages compute; it is a typo anyway
        notices.append(
            f"Ignored '{key}={raw}' from the link: dates must fall between {DATE_RANGE[0]} and {DATE_RANGE[1]}."
        )
        return None
    return day


def _link_window(query: Mapping[str, Sequence[str]], notices: list[str]) -> int:
    """A link's conversion window in days, or the default with a notice when it is not a whole number in range."""
    raw = _last(query, "window")
    if raw is None:
        return config.CONVERSION_WINDOW_DAYS
    if raw.isdigit() and int(raw) <= config.MAX_WINDOW_DAYS:
        return int(raw)
    notices.append(f"Ignored 'window={raw}' from the link: use a whole number of days, 0 to {config.MAX_WINDOW_DAYS}.")
    return config.CONVERSION_WINDOW_DAYS


def _link_dimensions(
    query: Mapping[str, Sequence[str]], options: FilterOptions, notices: list[str]
) -> dict[str, tuple[str, ...]]:
    """The link's dimension values that the data has, per Filters field; the others dropped with a notice."""
    chosen: dict[str, tuple[str, ...]] = {}
    for dim, param in DIMENSION_PARAM.items():
        wanted = list(query.get(param) or [])
        unknown = not_in_data(options, dim, wanted)
        if unknown:
            label = config.DIMENSIONS[dim].lower()
            notices.append(f"Ignored {label} {', '.join(repr(v) for v in unknown)} from the link: not in the data.")
        chosen[DIMENSION_FIELD[dim]] = tuple(v for v in wanted if v not in unknown)
    return chosen


def not_in_data(options: FilterOptions, dim: str, wanted: Sequence[str]) -> list[str]:
    """The wanted values of a dimension that the data does not have: a value matches a stored one exactly (case
    and spaces included), in a link and on the command line alike."""
    known = set(options.values.get(dim, ()))
    return [v for v in wanted if v not in known]


def describe_dates(start: date | None, end: date | None) -> str:
    """A date range in words: a whole month, a whole quarter, a whole year, or the two dates."""
    if start is None and end is None:
        return "All dates"
    if start is None:
        return f"Up to {end:%d %b %Y}"
    if end is None:
        return f"From {start:%d %b %Y}"
    next_day = end + timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        months = (next_day.year - start.year) * 12 + next_day.month - start.month
        if months == 1:
            return f"{start:%b %Y}"
        if months == 3 and start.month % 3 == 1:
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        if months == 12 and start.month == 1:
            return str(start.year)
    return f"{start:%d %b %Y} – {end:%d %b %Y}"


def dates_in_heading(start: date | None, end: date | None) -> str:
    """describe_dates for the end of a heading: 'all dates', 'from 01 Feb 2025', but 'Nov 2026' keeps its capital."""
    text = describe_dates(start, end)
    return text[0].lower() + text[1:] if text.startswith(("All ", "Up ", "From ")) else text


# every URL key the shared filters own; pages may add keys of their own beside them
FILTER_PARAMS: frozenset[str] = frozenset(
    {"from", "to", "mode", "order", "window", "count_by", *DIMENSION_PARAM.values()}
)


def describe_mode(filters: Filters) -> str:
    """One sentence saying how the funnel is counted in this view."""
    when = describe_dates(filters.date_from, filters.date_to)
    span = dates_in_heading(filters.date_from, filters.date_to)
    # "in Oct 2026", but "up to 15 Oct 2026", "from 01 Feb 2025" and a range of two dates need no "in"
    bare = "–" in span or span.startswith(("up to ", "from "))
    one, many = (word.lower() for word in filters.unit)
    order = (
        " A stage counts only when entered after the previous one."
        if filters.in_order
        else f" A{'n' if one[0] in 'aeiou' else ''} {one} counts at every stage up to the furthest it reached."
    )
    if filters.mode == "activity":
        entered = "entered it" if when == "All dates" else f"entered it {'' if bare else 'in '}{span}"
        # not the cohort's "counts at every stage up to the furthest": here each stage counts its own dated entries,
        # and March's customers (2) outnumbered its opportunities (1), which the cohort sentence said cannot happen
        own = (
            " Each stage counts its own entries, not every stage up to the furthest: "
            f"{with_article(one)} that entered a later stage in the dates and an earlier one before them counts at "
            "the later one only, so a stage can hold more than the one before it, and a stage's entries over the "
            "previous one's are no conversion rate."
        )
        return f"Activity mode: each stage counts the {many} that {entered}.{own}{order if filters.in_order else ''}"
    follow = (
        f"followed for {filters.window_days} days after creation"
        if filters.window_days
        else "followed to the end of the data"
    )
    if when == "All dates":
        return f"Cohort mode: all {many}, each {follow}.{order}"
    created = f"created {span}" if bare else f"created in {span}"
    return f"Cohort mode: {many} {created}, {follow}.{order}"
