"""Funnel and deal metrics for a Filters view: DataFrames and dataclasses, no Streamlit inside."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from dashboard import config, periods, rollups, store, targets
from dashboard.engine import QueryEngine
from dashboard.filters import DATE_RANGE, FilterOptions, Filters, dates_in_heading
from dashboard.formatting import (
    csv_bytes,
    fmt_count,
    fmt_datetime,
    fmt_days,
    fmt_money,
    is_missing,
    label_value,
    other_group,
    pct_number,
    quoted,
    with_article,
    word_list,
)
from dashboard.queries import run, with_view


def optional_float(value: Any) -> float | None:
    """A plain float, or None for SQL NULL / NaN."""
    if value is None or pd.isna(value):
        return None
    return float(value)


def funnel(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per stage: counts, % of previous and first, and drop-offs (lost / still in window)."""
    # the rollup of the view's unit, leads or accounts (unit_exact)
    exact = rollups.unit_exact(filters) or rollups.activity_exact(filters)
    return funnel_from(con, filters, use_rollup=rollups.kept_by(con) and exact)


def funnel_from(con: duckdb.DuckDBPyConnection, filters: Filters, use_rollup: bool) -> pd.DataFrame:
    """The funnel read from a rollup (only where rollups.unit_exact or, in activity mode, rollups.activity_exact says
    it is the same) or from a scan of the leads."""
    rollup = "funnel_entries_rollup" if filters.mode == "activity" else "funnel_rollup"
    # an activity view over a date range counts the entries dated in it, not every lead's hits: a file of its own,
    # as DuckDB plans every branch of a query, the one the view does not take too (funnel.sql)
    by_entries = filters.mode == "activity" and (filters.date_from is not None or filters.date_to is not None)
    scan = "funnel_entries" if by_entries else "funnel"
    df = run(con, rollup if use_rollup else scan, filters.to_params())
    df["label"] = df["stage"].map(stage_labels(filters))
    df["team"] = df["stage"].map(config.STAGE_OWNERS)
    for col in ("count_leads", "count_dropped", "count_in_progress"):
        df[col] = df[col].astype("int64")
    cols = ["stage", "label", "team", "count_leads", "pct_of_previous", "pct_of_first"]
    return df[[*cols, "count_dropped", "count_in_progress"]]


@dataclass(frozen=True)
class DealSummary:
    """Deal outcomes in scope. Rates are fractions; None where undefined (no closed deals)."""

    open: int
    won: int
    lost: int
    win_rate: float | None
    revenue: float
    avg_deal_size: float | None
    median_cycle_days: float | None
    # won deals in the median closed before they were created (a negative cycle), and the most days before
    closed_before_created: int = 0
    most_days_before_created: float | None = None
    # won deals whose amount is not known (blank, or a word such as TBD read as blank): in `won`, not in `revenue`
    won_without_amount: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI contract."""
        return asdict(self)

    def cycle_caveat(self) -> str:
        """'includes 1 deal closed 9 days before it was created': what the median cycle rests on; '' when none."""
        n, days = self.closed_before_created, self.most_days_before_created
        if not n or days is None:
            return ""
        # whole days as a person writes them ("9 days", not "9.0 days"); under a day, not "0.0 days" (review 30b)
        if days < 1:
            shown = "less than a day"
        else:
            shown = fmt_count(int(days), "day") if float(days).is_integer() else fmt_days(days)
        if n == 1:
            return f"includes 1 deal closed {shown} before it was created"
        return f"includes {n:,} deals closed before they were created (up to {shown} before)"

    def revenue_caveat(self) -> str:
        """'leaves out 2 won deals without an amount': what the revenue does not hold; '' when none (a TBD amount keeps
        its deal in the wins since review 59, so the wins and the revenue can tell two stories without it)."""
        return won_without_amount_words(self.won_without_amount)


def won_without_amount_words(n: int) -> str:
    """'leaves out 2 won deals without an amount': what a revenue figure does not hold; '' when none."""
    if not n:
        return ""
    return f"leaves out {fmt_count(n, 'won deal')} without an amount"


def deal_summary(con: duckdb.DuckDBPyConnection, filters: Filters) -> DealSummary:
    """Open, won and lost deals, win rate, revenue, average deal size and median cycle."""
    return deal_summary_from(run(con, "deals", filters.to_params()).iloc[0])


def empty_funnel_words(con: duckdb.DuckDBPyConnection, filters: Filters) -> str:
    """Why the funnel of a view is empty, in words: its deals without a lead (an outbound data set) are named, not
    left to read as a view with nothing in it."""
    many = filters.unit[1].lower()
    if filters.count_by != "account" and (chosen := account_only_chosen(filter_options(con), filters)):
        return chosen
    deals = deal_summary(con, filters)
    count = deals.open + deals.won + deals.lost
    if count:
        loaded = int(run(con, "loaded_rows").iloc[0]["count_leads"])
        lead = f"No {many} are loaded" if not loaded else f"No {many} match this view"
        won = f", {fmt_count(deals.won, 'won deal')}" if deals.won else ""
        return (
            f"{lead}; {fmt_count(count, 'deal')} without a lead{won} in it: the funnel starts at a lead, so they are "
            "counted on the Overview (landing) page and the Sources page."
        )
    return (
        f"No {many} match this view: nothing was created (cohort mode) or entered a stage (activity mode) "
        "in the chosen dates with these filters. Widen the date range or clear a filter in the sidebar."
    )


def account_only_chosen(options: FilterOptions, filters: Filters) -> str | None:
    """The view's filter values that only the accounts file carries, which counting by lead no lead matches, and what
    to do, in words (config.ACCOUNT_ONLY_WORDS); None when it has none."""
    said = []
    for dim, label in config.DIMENSIONS.items():
        values = [v for v in filters.values(dim) if options.only_by_account(dim, v)]
        if values:
            it = "it" if len(values) == 1 else "them"
            names = word_list([quoted(label_value(dim, v)) for v in values])
            said.append(config.ACCOUNT_ONLY_WORDS.format(label=label, values=names, it=it))
    return " ".join(said) or None


def deal_summary_from(row: pd.Series) -> DealSummary:
    """A DealSummary from a row with the columns of deals.sql."""
    return DealSummary(
        open=int(row["count_open"]),
        won=int(row["count_won"]),
        lost=int(row["count_lost"]),
        win_rate=optional_float(row["win_rate"]),
        revenue=float(row["revenue"]),
        avg_deal_size=optional_float(row["avg_deal_size"]),
        median_cycle_days=optional_float(row["median_cycle_days"]),
        closed_before_created=int(row["count_closed_before_created"]),
        most_days_before_created=optional_float(row["most_days_before_created"]),
        won_without_amount=int(row["count_won_without_amount"]),
    )


def open_deals(
    con: duckdb.DuckDBPyConnection, filters: Filters, as_of: date, trailing_days: int = config.COVERAGE_TRAILING_DAYS
) -> pd.Series:
    """One row: the deals open now in the view's dimensions, whenever created (the view's dates do not apply), and
    the deals won and lost in the trailing_days to as_of (the pipeline coverage's win rate)."""
    end = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    return run(con, "open_pipeline", {**with_view(filters.to_params(), date_to=end), "trailing_days": trailing_days})


def open_pipeline_now(con: duckdb.DuckDBPyConnection, filters: Filters) -> float:
    """The amount of every deal open now in the view's dimensions, whenever created: the Overview's coverage's
    open pipeline."""
    # the trailing win counts that come with it end at as_of; the open amount does not depend on it
    return float(open_deals(con, filters, filters.date_to or DATE_RANGE[1]).iloc[0]["open_pipeline"])


@dataclass(frozen=True)
class Headline:
    """The landing page's numbers."""

    leads: int
    mqls: int
    sqls: int
    opportunities: int
    won_deals: int
    revenue: float
    # the won deals without an amount (DealSummary.revenue_caveat): "" when none
    revenue_caveat: str = ""


def headline(con: duckdb.DuckDBPyConnection, filters: Filters) -> Headline:
    """Leads, MQLs, SQLs and opportunities from the funnel; won deals and revenue from the deals."""
    counts = funnel(con, filters).set_index("stage")["count_leads"]
    deals = deal_summary(con, filters)
    return Headline(
        leads=int(counts["lead"]),
        mqls=int(counts["mql"]),
        sqls=int(counts["sql"]),
        opportunities=int(counts["opportunity"]),
        won_deals=deals.won,
        revenue=deals.revenue,
        revenue_caveat=deals.revenue_caveat(),
    )


@dataclass(frozen=True)
class AccountlessDeals:
    """The view's deals with neither a lead nor an account, which count for no account (accountless_deals.sql)."""

    deals: int
    won: int
    revenue: float

    def sentence(self, filters: Filters) -> str | None:
        """Counting by account, what the deals and revenue leave out, in words; None by lead or without such deals."""
        if filters.count_by != "account" or not self.deals:
            return None
        won = f"{self.won:,} won, {fmt_money(self.revenue)}" if self.won else "none won"
        # one deal is said in the singular throughout (trial 96: "1 deal ... count for no account ... leave them out")
        has, counts, them, they = (
            ("has", "counts", "it", "it is") if self.deals == 1 else ("have", "count", "them", "they are")
        )
        return (
            f"{fmt_count(self.deals, 'deal')} ({won}) {has} neither a lead nor an account and {counts} for no account: "
            f"counted by account, the won deals and revenue here leave {them} out; counted by lead, {they} in."
        )


def accountless_deals(con: duckdb.DuckDBPyConnection, filters: Filters) -> AccountlessDeals:
    """The deals of the view counted by lead that have neither a lead nor an account (the by-account counts' gap)."""
    row = run(con, "accountless_deals", filters.by_lead().to_params()).iloc[0]
    return AccountlessDeals(deals=int(row["count_deals"]), won=int(row["count_won"]), revenue=float(row["revenue"]))


def monthly_entries(con: duckdb.DuckDBPyConnection, filters: Filters, months: list[date] | None = None) -> pd.DataFrame:
    """One row per month and stage: month, stage, label, count_entries; a stage entered in some month of the view
    has a row (0) in each of its months, so that its line drops to 0 instead of joining across (months: the view's,
    view_months, when the caller has them; None reads them here)."""
    use_rollup = rollups.kept_by(con) and rollups.monthly_entries_exact(filters)
    df = run(con, "monthly_entries_rollup" if use_rollup else "monthly_entries", filters.to_params())
    df = fill_months(df, view_months(con, filters) if months is None else months, ["stage"], ["count_entries"])
    df["label"] = df["stage"].map(stage_labels(filters))
    return df


def data_days(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """The data's first and last day (date_bounds), within the dates the pages accept; None without data."""
    bounds = run(con, "date_bounds").iloc[0]
    low, high = DATE_RANGE
    # a date stored outside the range (a file written before imports checked it) is not offered: its
    # "day after" would overflow the pages' date arithmetic
    first, last = (None if pd.isna(bounds[k]) else pd.Timestamp(bounds[k]).date() for k in ("min_date", "max_date"))
    min_date = None if first is None else min(max(first, low), high)
    max_date = None if last is None else max(min(last, high), low)
    return min_date, max_date


def view_months(
    con: duckdb.DuckDBPyConnection, filters: Filters, days: tuple[date | None, date | None] | None = None
) -> list[date]:
    """The months a month-by-month chart of the view covers: its date range's months within the data's first and
    last month (all dates: the data's months); none before the data starts or after it ends (days: the data's first
    and last day, data_days, when the caller has them, as a page does from filter_options; None reads them here)."""
    return targets.view_months(filters.date_from, filters.date_to, *(data_days(con) if days is None else days))


def fill_months(df: pd.DataFrame, months: list[date], keys: list[str], values: list[str]) -> pd.DataFrame:
    """df (a `month` column, the `keys` and the counts in `values`) with a row of zeros for each of `months` that a
    series (a combination of keys present in df) has no row for: a query returns only the months with rows, and a
    line drawn through them joined July's 14 and September's 17 across an August with none. month as Timestamps."""
    df = df.assign(month=pd.to_datetime(df["month"]))
    if df.empty or not months:
        return df
    # from the first month with a row: the data's first day may be a deal's, a year before the first lead, and the
    # leads' lines read 0 for a year nothing was imported for (the end stays the view's: a quiet source drops to 0)
    grid_months = pd.to_datetime(pd.Series(months))
    grid_months = grid_months[grid_months >= df["month"].min()]
    series = df[keys].drop_duplicates()
    grid = series.merge(pd.DataFrame({"month": grid_months}), how="cross")
    out = df.merge(grid, on=["month", *keys], how="outer")
    out[values] = out[values].fillna(0).astype(df[values].dtypes.to_dict())
    return out.sort_values(["month", *keys], kind="stable", ignore_index=True)


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """Values present per dimension (most common first, the blank value as "(none)" last) and the data's first and
    last day."""
    params = {"none_label": config.NONE_LABEL, "use_rollup": rollups.kept_by(con)}
    values, account_only = _with_account_values(con, run(con, "filter_options", params))
    min_date, max_date = data_days(con)
    return FilterOptions(values=values, min_date=min_date, max_date=max_date, account_only=account_only)


def known_values(con: duckdb.DuckDBPyConnection, count_by: str = "lead") -> FilterOptions:
    """Every value per dimension that some stored lead, deal or spend row carries (the command line's rule for a
    filter value: one with numbers behind it), the most rows first and a blank one as "(none)" last; counting by
    account also the accounts' own segments, industries and regions (counting by lead, one of those alone read as
    zeros: review 53; account_only names them either way, so a refusal can say why)."""
    values, account_only = _with_account_values(con, run(con, "known_values", {"none_label": config.NONE_LABEL}))
    if count_by != "account":
        # a dimension only the accounts file fills is blank on every lead: "(none)" alone would pick them all
        values = {dim: _blank_last([v for v in found if v not in account_only[dim]]) for dim, found in values.items()}
    return FilterOptions(values=values, account_only=account_only)


def touch_only_sources(con: duckdb.DuckDBPyConnection, chosen: Sequence[str]) -> list[str]:
    """The chosen sources that only touches carry, no lead, deal or spend row (touch_only_sources.sql)."""
    if not chosen:
        return []
    return [s for s in run(con, "touch_only_sources")["source"].astype(str) if s in chosen]


def _with_account_values(
    con: duckdb.DuckDBPyConnection, df: pd.DataFrame
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Per dimension, the values of `df` (dimension, value), then the accounts' own segments, industries and regions
    that no row of `df` carries (their accounts-table row's: what counting by account filters on; DuckDB only, the
    Spark build has no accounts), so a companies file's industry is offered and accepted; and those added alone."""
    values = {dim: list(df.loc[df["dimension"] == dim, "value"].astype(str)) for dim in config.DIMENSIONS}
    added: dict[str, list[str]] = {dim: [] for dim in config.DIMENSIONS}
    if isinstance(con, duckdb.DuckDBPyConnection):
        accounts = run(con, "account_values", {"none_label": config.NONE_LABEL})
        for dim, value in zip(accounts["dimension"], accounts["value"].astype(str), strict=True):
            if value not in values[dim]:
                values[dim].append(value)
                added[dim].append(value)
    return {dim: _blank_last(v) for dim, v in values.items()}, {dim: tuple(v) for dim, v in added.items()}


def _blank_last(values: list[str]) -> tuple[str, ...]:
    """A dimension's values with its blank one, "(none)", last, and none at all when no value is named: a filter of
    blanks beside the named values picks the leads without one (scope.sql value_fits); alone it would pick every
    lead, a dimension the data does not fill."""
    named = [v for v in values if v != config.NONE_LABEL]
    return (*named, config.NONE_LABEL) if named and len(named) < len(values) else tuple(named)


def funnel_records(df: pd.DataFrame, activity: bool = False) -> list[dict[str, Any]]:
    """The funnel as the CLI's JSON records: stage, count, pct_of_previous, pct_of_first, the leads of the previous
    stage not there yet but still inside the conversion window and those dropped (all four null in activity mode)."""
    # a young cohort's missing conversions are not drop-offs yet (DOMAIN): the page hatches them, the JSON says them.
    # activity mode's stages count different people's entries: their ratio is no conversion rate, so none is given
    return [
        {
            "stage": r.stage,
            "count": int(r.count_leads),
            "pct_of_previous": None if activity else optional_float(r.pct_of_previous),
            "pct_of_first": None if activity else optional_float(r.pct_of_first),
            "still_in_window": None if activity else int(r.count_in_progress),
            "dropped": None if activity else int(r.count_dropped),
        }
        for r in df.itertuples()
    ]


def data_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per base table: table_name, count_rows, first_date, last_date."""
    return run(con, "data_summary")


def _check_stage(stage: str) -> None:
    if stage not in config.STAGES:
        raise ValueError(f"unknown stage {stage!r}: use one of {', '.join(config.STAGES)}")


def breakdown(
    con: duckdb.DuckDBPyConnection, filters: Filters, dimension: str, top_n: int = config.BREAKDOWN_TOP_N
) -> pd.DataFrame:
    """The funnel per value of one dimension: value, value_rank, stage, label, count_leads, pct_of_first.

    The top_n largest values keep their name and the rest are summed in one bucket (is_other), named for what it
    holds ("Other sources (4)"), so the parts add up.
    """
    if dimension not in config.DIMENSIONS:
        raise ValueError(f"cannot break down by {dimension!r}: use one of {', '.join(config.DIMENSIONS)}")
    params = {
        **filters.to_params(),
        "dimension": dimension,
        "top_n": top_n,
        "other_label": config.OTHER_LABEL,
        "none_label": config.NONE_LABEL,
    }
    # the rollup's counts in a file of their own: a flag choosing a branch of one file left both to plan
    from_rollup = rollups.kept_by(con) and rollups.unit_breakdown_exact(filters, dimension)
    df = run(con, "breakdown_rollup" if from_rollup else "breakdown", params)
    df["is_other"] = df["is_other"].astype(bool)
    df.loc[df["is_other"], "value"] = [other_group(dimension, int(n)) for n in df.loc[df["is_other"], "count_values"]]
    df = df.drop(columns="count_values")
    df["count_leads"] = df["count_leads"].astype("int64")
    df["label"] = df["stage"].map(stage_labels(filters))
    first = df[df["stage"] == "lead"].set_index("value")["count_leads"]
    df["pct_of_first"] = df["count_leads"] / df["value"].map(first).replace(0, float("nan"))
    return df


def named_values(parts: pd.DataFrame) -> list[str]:
    """A breakdown's values in rank order, without the bucket of the rest (nothing to compare it with)."""
    return parts[~parts["is_other"]].drop_duplicates("value").sort_values("value_rank")["value"].tolist()


# what a drill-down lists, and the funnel column that counts it
DRILLDOWN_KINDS: dict[str, str] = {
    "reached": "count_leads",
    "dropped": "count_dropped",
    "in_window": "count_in_progress",
}


def drilldown_size(funnel_df: pd.DataFrame, stage: str, kind: str = "reached") -> int:
    """How many leads a drill-down lists, read off the funnel (no second pass over the leads)."""
    return int(funnel_df.set_index("stage").loc[stage, DRILLDOWN_KINDS[kind]])


def borrowed_dates(rows: pd.DataFrame) -> pd.DataFrame:
    """A drill-down's MQL and SQL dates as the screen shows them: one taken from a later stage's date (no date of
    its own) says whose, "2025-01-08 12:00 (from SQL date)" (L04's "MQL on" was its SQL date, unmarked); drops the
    *_date_from columns."""
    out = rows.drop(columns=[c for c in ("mql_date_from", "sql_date_from") if c in rows])
    for stage in ("mql", "sql"):
        source = rows.get(f"{stage}_date_from")
        if source is None or not source.notna().any():
            continue
        out[f"{stage}_entered_at"] = [
            fmt_datetime(at) if is_missing(came) else f"{fmt_datetime(at)} (from {config.STAGE_LABELS[came]} date)"
            for at, came in zip(rows[f"{stage}_entered_at"], source, strict=True)
        ]
    return out


def furthest_words(rows: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """A list's furthest stage as the screen shows it: a stage the funnel on the same screen does not count says
    why, entered after the conversion window ("Customer (after the 180-day window)") or, in ordered mode, out of
    order ("SQL (out of order)"); the others stay codes, which the table writes as words. Drops
    furthest_after_window and furthest_out_of_order."""
    flags = [c for c in ("furthest_out_of_order", "furthest_after_window") if c in rows]
    if not flags:
        return rows
    out = rows.drop(columns=flags)
    notes = {
        "furthest_out_of_order": "out of order",
        "furthest_after_window": f"after the {filters.window_days or 0:,}-day window",
    }
    marked = [rows[c].fillna(False).astype(bool) for c in flags]
    if not any(m.any() for m in marked):
        return out
    # each row's reasons, joined: a stage entered both out of order and after the window says both
    reasons = [", ".join(notes[c] for c, on in zip(flags, row, strict=True) if on) for row in zip(*marked, strict=True)]
    out["furthest_stage"] = [
        f"{config.STAGE_LABELS.get(code, code)} ({why})" if why else code
        for code, why in zip(out["furthest_stage"], reasons, strict=True)
    ]
    return out


def drilldown(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    stage: str,
    kind: str = "reached",
    page: int = 0,
    page_size: int | None = config.DRILLDOWN_PAGE_SIZE,
) -> pd.DataFrame:
    """The leads that reached a stage, dropped out before it, or are still inside the window before it, newest
    first, one page of them, for the screen (furthest_words).

    page_size None returns the whole list.
    """
    return blanks_named(
        borrowed_dates(furthest_words(drilldown_rows(con, filters, stage, kind, page, page_size), filters))
    )


def blanks_named(rows: pd.DataFrame) -> pd.DataFrame:
    """A list's blank dimension values (owner, persona…) as the breakdown, its compare pickers and chart legend name
    them, config.NONE_LABEL, not the table's "–" for unknowns (trial 78: one blank owner written two ways on one
    page). The screen's only: the CSV keeps blank cells, which a spreadsheet reads as blank, not as a value."""
    out = rows.copy()
    for dim in (d for d in config.DIMENSIONS if d in rows):
        blank = out[dim].isna() | (out[dim].astype(str).str.strip() == "")
        out[dim] = out[dim].astype(object).where(~blank, config.NONE_LABEL)
    return out


def drilldown_rows(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    stage: str,
    kind: str = "reached",
    page: int = 0,
    page_size: int | None = config.DRILLDOWN_PAGE_SIZE,
) -> pd.DataFrame:
    """drilldown's rows as stored: the furthest stage a code, beside furthest_after_window and furthest_out_of_order
    (the CSV's columns)."""
    _check_stage(stage)
    if kind not in DRILLDOWN_KINDS:
        raise ValueError(f"kind must be one of {', '.join(DRILLDOWN_KINDS)}")
    size = page_size if page_size is not None else 2**62
    params = {**filters.to_params(), "stage": stage, "kind": kind, "page_size": size, "page_offset": page * size}
    # the page's last place in the list, which drilldown.sql reads the page's oldest creation moment at (an offset
    # Spark takes as an int, so none for the whole list)
    params |= {"paged": page_size is not None, "page_last": page * size + size - 1 if page_size is not None else 0}
    rows = unit_columns(run(con, "drilldown", params), filters)
    return with_account_names(con, rows) if filters.count_by == "account" else rows


def with_account_names(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """An account list with each account's name beside its id (name), when an accounts file was imported (trial 48:
    the drill-down listed HubSpot's company ids only, where the Accounts page named them); as it is otherwise."""
    if not isinstance(con, duckdb.DuckDBPyConnection) or not run(con, "account_table").iloc[0]["has_accounts"]:
        return rows
    named = run(con, "account_names", {"account_ids": rows["account_id"].dropna().tolist()})
    rows = rows.merge(named[["account_id", "name"]], on="account_id", how="left")
    return rows[["account_id", "name", *(c for c in rows.columns if c not in ("account_id", "name"))]]


def unit_columns(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """A list of counted rows as its unit shows it: by lead without account_id; by account with the account key
    first and its first lead's id as first_lead_id (an exported lifecycle stage belongs to one lead, so it goes)."""
    if filters.count_by == "lead":
        return df.drop(columns="account_id")
    listed = df.drop(columns=[c for c in ("lifecycle_stage",) if c in df]).rename(columns={"lead_id": "first_lead_id"})
    return listed[["account_id", *(c for c in listed.columns if c != "account_id")]]


def stage_plurals(filters: Filters) -> dict[str, str]:
    """What the counts at each stage are called in a sentence: "MQLs", or "MQL accounts" counting by account."""
    return config.ACCOUNT_STAGE_PLURALS if filters.count_by == "account" else config.STAGE_PLURALS


def stage_labels(filters: Filters) -> dict[str, str]:
    """The stages' short labels as a view counts them: the first stage is its unit (filters.unit: "Lead", or
    "Account" counting by account), the others as config.STAGE_LABELS names them."""
    return {**config.STAGE_LABELS, config.STAGES[0]: filters.unit[0]}


def step_labels(df: pd.DataFrame, filters: Filters) -> pd.Series:
    """Each row's step from from_stage to to_stage in words ("Lead → MQL", "Account → MQL")."""
    labels = stage_labels(filters)
    return df["from_stage"].map(labels) + " → " + df["to_stage"].map(labels)


def stage_titles(filters: Filters) -> dict[str, str]:
    """stage_plurals as a label starts: "MQLs", "MQL accounts", "Accounts"."""
    return {stage: plural[0].upper() + plural[1:] for stage, plural in stage_plurals(filters).items()}


def count_labels(filters: Filters) -> dict[str, str]:
    """Table headers of the count (and cost per count) columns counting by account ("Accounts", "MQL accounts",
    "Cost per SQL account") and of the ratios in activity mode; none by lead in cohort mode (the house labels)."""
    ratios = config.ACTIVITY_RATIO_LABELS if filters.mode == "activity" else {}
    if not filters.window_days:
        ratios = {**ratios, "count_in_progress": config.NO_WINDOW_IN_PROGRESS}
    if filters.count_by == "lead":
        return dict(ratios)
    names = stage_titles(filters)
    labels = {"lead": names["lead"], "count_in_stage": "Accounts in stage", "count_from": "Accounts at the step"}
    labels["pct_of_first"] = "% of accounts"
    # a new customer counting by account is an account's first win (the Sources table's CAC divides by them)
    labels["count_new_customers"] = "New customer accounts"
    labels |= {"account_id": "Account", "first_lead_id": "First lead"} | ratios
    # the first stage is the unit: the Sources step table still headed its first rate "Lead→MQL" by account
    first = stage_labels(filters)["lead"]
    labels["lead_to_mql"] = f"MQL ÷ {first.lower()} entries" if ratios else f"{first}→MQL"
    for stage, column in (("lead", "leads"), ("mql", "mqls"), ("sql", "sqls"), ("opportunity", "opportunities")):
        labels[f"count_{column}"] = names[stage]
        labels[f"cost_per_{stage}"] = f"Cost per {config.ACCOUNT_STAGE_PLURALS[stage].removesuffix('s')}"
    return labels


def drilldown_kind_labels(filters: Filters) -> dict[str, str]:
    """The drill-down's list names: with no conversion window those not there yet "have not converted to it yet"
    (no window to be inside)."""
    return config.DRILLDOWN_KIND_LABELS if filters.window_days else config.NO_WINDOW_DRILLDOWN_LABELS


def drilldown_count(filters: Filters, total: int, kind: str) -> str:
    """How many the drill-down list holds, in words before the stage: '1 lead reached', '1 lead is still in the
    window before', '3 leads are still in the window before', '1 lead has not converted yet to'."""
    # the list's name before its stage: "reached it" -> "reached", "have not converted to it yet" -> "... yet to"
    label = drilldown_kind_labels(filters)[kind].removesuffix(" it").replace(" to it yet", " yet to")
    verb, _, rest = label.partition(" ")
    if total == 1:
        verb = {"are": "is", "have": "has"}.get(verb, verb)
    singular, plural = (word.lower() for word in filters.unit)
    return f"{fmt_count(int(total), singular, plural)} {verb} {rest}".rstrip()


def drilldown_csv(con: duckdb.DuckDBPyConnection, filters: Filters, stage: str, kind: str = "reached") -> bytes:
    """The whole drill-down list as UTF-8 CSV bytes (the furthest stage a code, furthest_after_window and
    furthest_out_of_order beside it)."""
    return csv_bytes(drilldown_rows(con, filters, stage, kind, page_size=None))


def cohorts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per monthly cohort: its size, counts and % reaching each stage, and is_incomplete."""
    df = run(con, "cohorts", filters.to_params())
    df["cohort_month"] = pd.to_datetime(df["cohort_month"])
    for stage, col in (("mql", "count_mqls"), ("sql", "count_sqls"), ("opportunity", "count_opportunities")):
        df[f"pct_{stage}"] = df[col] / df["count_leads"]
    df["pct_customer"] = df["count_customers"] / df["count_leads"]
    return df


def cohorts_csv(cohorts_df: pd.DataFrame, filters: Filters) -> bytes:
    """The cohort table as CSV: per cohort month its size, how many reached each stage and the % of the cohort, and
    whether it is incomplete (the heatmap's numbers, to check or reuse)."""
    labels = stage_labels(filters)
    table = pd.DataFrame({"cohort_month": cohorts_df["cohort_month"].dt.strftime("%Y-%m")})
    table[labels["lead"]] = cohorts_df["count_leads"]
    for stage, count in (
        ("mql", "count_mqls"),
        ("sql", "count_sqls"),
        ("opportunity", "count_opportunities"),
        ("customer", "count_customers"),
    ):
        table[labels[stage]] = cohorts_df[count]
        # halves away from zero, as the heatmap's fmt_pct writes them (pandas rounds 56.25 to 56.2)
        table[f"% {labels[stage]}"] = cohorts_df[f"pct_{stage}"].map(pct_number, na_action="ignore")
    table["incomplete"] = cohorts_df["is_incomplete"].astype(bool)
    return csv_bytes(table)


@dataclass(frozen=True, eq=False)
class TimesToConvert:
    """The Funnel page's time to convert, its table and its trend chart, read in one pass."""

    steps: pd.DataFrame  # time_to_convert's rows
    trend: pd.DataFrame  # time_to_convert_trend's rows


# the columns of time_to_convert.sql each kind of row fills
TTC_STEP_COLUMNS = [
    "step_order",
    "from_stage",
    "to_stage",
    "count_converted",
    "median_days",
    "p90_days",
    "count_out_of_order",
    "count_undated",
    "count_after_window",
    "count_reached",
]
TTC_MONTH_COLUMNS = ["month", "from_stage", "to_stage", "count_converted", "median_days", "p90_days"]


def times_to_convert(con: duckdb.DuckDBPyConnection, filters: Filters) -> TimesToConvert:
    """Time to convert by step (time_to_convert) and by month and step (time_to_convert_trend) from one scan of the
    view's leads: one aggregate groups each step's durations by step and by step and month (grouping sets)."""
    table = run(con, "time_to_convert", filters.to_params())
    steps = table[table["kind"] == "step"][TTC_STEP_COLUMNS].reset_index(drop=True)
    steps["step_order"] = steps["step_order"].astype("int32")
    steps["step"] = step_labels(steps, filters)
    trend = table[table["kind"] == "month"][TTC_MONTH_COLUMNS].reset_index(drop=True)
    trend["month"] = pd.to_datetime(trend["month"])
    # the month rows come by month and from_stage: the steps in funnel order within each month
    trend = trend.sort_values(
        ["month", "from_stage"], key=lambda c: c.map(config.LIFECYCLE_RANK) if c.name == "from_stage" else c
    )
    trend["step"] = step_labels(trend, filters)
    return TimesToConvert(steps=steps, trend=trend)


def time_to_convert(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per step: from_stage, to_stage, step label, count_converted, median_days, p90_days, and the counts of
    the leads at the later stage not timed (times_to_convert's steps)."""
    return times_to_convert(con, filters).steps


def _not_timed_words(row: Any, labels: Mapping[str, str], window: int, activity: bool = False) -> list[str]:
    """Why the leads of one time_to_convert step that reached its later stage are not timed, one phrase per reason
    with its count ("3 whose SQL date is before the MQL date"; activity: the view counts in activity mode)."""
    to, earlier = labels[row.to_stage], "creation" if row.from_stage == "lead" else f"{labels[row.from_stage]} date"
    dates = to if row.from_stage == "lead" else f"{labels[row.from_stage]} or {to}"
    parts = []
    if row.count_out_of_order:
        parts.append(f"{row.count_out_of_order:,} whose {to} date is before the {earlier}")
    if row.count_undated:
        # activity mode counts a stage in a month by its date, so these have one, a later stage's: said, they are not
        # taken for the note's leads "in no month" above, who have none at all (trial 78)
        borrowed = " (dated by a later stage's date, by which the funnel counts them)" if activity else ""
        parts.append(f"{row.count_undated:,} with no {dates} date of their own{borrowed}")
    if row.count_after_window:
        parts.append(
            f"{row.count_after_window:,} whose {to} date is more than {window} days after the "
            f"creation (at {to} because a later stage was reached within the window)"
        )
    return parts


def not_timed_note(times: pd.DataFrame, filters: Filters) -> str | None:
    """Every lead that reached a step's later stage but is not in "Converted (both dates known)", by reason and with
    its count: the later date before the earlier, no date of its own for one of the two stages, or (under a window)
    the later stage's date after the window. Said for out-of-order leads alone, 101 MQLs read 97 converted with no
    word for the 4 without an MQL date (trial 65). None when every lead at each stage is timed."""
    labels = stage_labels(filters)
    one, many = (word.lower() for word in filters.unit)
    window = (filters.window_days or 0) if filters.mode == "cohort" else 0
    steps = []
    for row in times.itertuples():
        if parts := _not_timed_words(row, labels, window, filters.mode == "activity"):
            reached = fmt_count(row.count_reached, one, many)
            steps.append(f"of the {reached} at {labels[row.to_stage]}, " + " and ".join(parts))
    if not steps:
        return None
    rule = f"in order, the later within the {window}-day window" if window else "in order"
    return (
        f"Not counted in these times (a time to convert runs between both stages' own dates, {rule}): "
        + "; ".join(steps)
        + ". They reached the stage (the funnel counts them): fill in or correct the dates in the CRM to count them."
    )


def time_to_convert_records(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[dict[str, Any]]:
    """Time to convert as the CLI's JSON records, one per step (the Funnel page's table and its caption's counts):
    from, to, count (timed), median_days, p90_days (null when none is timed), reached (at the later stage), and
    of those not timed: out_of_order, undated (no date of its own for one of the two), after_window."""
    return [
        {
            "from": r.from_stage,
            "to": r.to_stage,
            "count": int(r.count_converted),
            "median_days": optional_float(r.median_days),
            "p90_days": optional_float(r.p90_days),
            "reached": int(r.count_reached),
            "out_of_order": int(r.count_out_of_order),
            "undated": int(r.count_undated),
            "after_window": int(r.count_after_window),
        }
        for r in time_to_convert(con, filters).itertuples()
    ]


def time_to_convert_trend(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per month and step: median and p90 days of conversions completed that month (times_to_convert's
    trend)."""
    return times_to_convert(con, filters).trend


def shown_through(months: pd.Series, through: date | None) -> date | None:
    """through, when the month it cuts short is one of a chart's months; else None (no shading, no caption about a
    month the chart does not show)."""
    start = periods.partial_month(through)
    return through if start is not None and pd.Timestamp(start) in set(pd.to_datetime(months)) else None


def time_trend_caption(filters: Filters) -> str:
    """What a point of the time-to-convert trend is: the month the later stage was reached (with a date filter the
    cohort's conversions run into the months after it), and which points are too few to read as a median."""
    one, many = (word.lower() for word in filters.unit)
    placed = (
        f"placed by the month the later stage was reached, not the month the {one} was created: the {many} created "
        "in the date range convert in the months after it too"
        if filters.mode == "cohort"
        else "placed by the month the later stage was reached"
    )
    least = config.TTC_TREND_MIN_CONVERSIONS
    return (
        f"Each point is the median days of one step's conversions, {placed}. A hollow point, off the line, is a "
        f"month with fewer than {least} conversions: too few for a steady median (hover for its count)."
    )


def stall_params(filters: Filters) -> dict[str, Any]:
    """The view's SQL parameters plus each stage's stall threshold (config.STALL_DAYS)."""
    return {**filters.to_params(), **{f"stall_{k}": v for k, v in config.STALL_DAYS.items()}}


@dataclass(frozen=True, eq=False)
class Stalled:
    """The view's open leads past their stage's stall threshold, read in one pass."""

    stages: pd.DataFrame  # one row per open stage: stage, stage_order, threshold_days, count_in_stage,
    # median_days_in_stage, count_stalled, label
    by_owner: pd.DataFrame  # one row per owner and stage: owner, stage, count_stalled
    leads: pd.DataFrame  # the longest waits first: lead_id, stage, owner, source, persona, entered_at, days_in_stage,
    # threshold_days


# each kind's columns in stalled_overview.sql and their types (the union's nulls widen them)
STALLED_PARTS: dict[str, dict[str, str]] = {
    "stage": {
        "stage": "str",
        "stage_order": "int32",
        "threshold_days": "int32",
        "count_in_stage": "int64",
        "median_days_in_stage": "float64",
        "count_stalled": "int64",
        "count_moved_back": "int64",
        "count_undated": "int64",
    },
    "owner": {"owner": "str", "stage": "str", "count_stalled": "int64"},
    "lead": {
        "lead_id": "str",
        "account_id": "str",
        "stage": "str",
        "owner": "str",
        "source": "str",
        "persona": "str",
        "entered_at": "datetime64[us]",
        "days_in_stage": "float64",
        "threshold_days": "int32",
    },
}


def stalled_overview(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None) -> Stalled:
    """Per open stage (leads in it, median days in it, how many passed its threshold), the stalled leads per
    owner and stage, and at most `limit` stalled leads, longest waiting first (None: all), from one scan."""
    # the stored open leads where they are exactly the view's (rollups.stalled_exact): 58 ms where the scan took 207
    name = "stalled_overview_rollup" if rollups.kept_by(con) and rollups.stalled_exact(filters) else "stalled_overview"
    table = run(con, name, {**stall_params(filters), "none_label": config.NONE_LABEL, "limit": limit})
    parts = {
        kind: table[table["row_kind"] == kind][list(types)].astype(types).reset_index(drop=True)
        for kind, types in STALLED_PARTS.items()
    }
    parts["stage"]["label"] = parts["stage"]["stage"].map(stage_labels(filters))
    return Stalled(parts["stage"], parts["owner"], unit_columns(parts["lead"], filters))


def past_window_count(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """The open leads in scope that the conversion window leaves out of the stalled and in-stage counts (lost, not
    stalled); 0 without a window. A read of its own: the stalled counts read the window's leads only (open_leads)."""
    if filters.window_days <= 0:
        return 0
    return int(run(con, "past_window", stall_params(filters)).iloc[0]["count_past_window"])


def funnel_chart_caption(filters: Filters, many: str) -> str:
    """How to read the Funnel page's chart: the colours, and in cohort mode what grey and hatched bars are (with no
    window a lead not there yet has not converted yet; a rejected or all-lost one dropped out even when young)."""
    if filters.mode != "cohort":
        shades = f"{config.ACTIVITY_RATIOS_NOTE} "
    else:
        waiting = (
            "but still inside the conversion window. "
            if filters.window_days
            else "and not converted yet (no window: still open). "
        )
        # in order, a stage dated before the one before it never counts: that lead is out, not still to convert
        why = (
            "past the conversion window, disqualified, every deal lost, or a stage dated before the one before it"
            if filters.in_order
            else "past the conversion window, disqualified, or every deal lost"
        )
        shades = f"Grey: dropped out ({why}); hatched: not there yet " + waiting
    return (
        "Blue steps are marketing's, orange steps sales'; the dashed line is the hand-over. "
        + shades
        + f"Click a bar to list its {many} below."
    )


def cohorts_caption(filters: Filters, many: str) -> str:
    """What the cohort heatmap shows and why a cohort is marked incomplete (younger than the window, or with no window
    still holding open leads)."""
    window = f" within {filters.window_days} days" if filters.window_days else ""
    incomplete = (
        f"Cohorts marked incomplete are younger than the conversion window: their {many} may still"
        if filters.window_days
        else f"With no window, cohorts marked incomplete still have open {many} (not disqualified, no lost deal), who "
        "may still"
    )
    # activity mode: cohorts.sql counts cohorts all the same (a month's entries have no cohort to share): unsaid, its
    # March 23 MQL accounts under the activity funnel's 22 read as a contradiction (trial 78)
    activity = (
        f" These are cohorts whatever the Count choice: each of the {many} counted in the month it was created, at "
        f"every stage it reached{window}, where the activity funnel above counts the stage entries dated in the "
        "range, so the numbers differ."
        if filters.mode == "activity"
        else ""
    )
    return (
        f"Share of each month's new {many} that reached each stage{window}. {incomplete} convert, so their lower "
        f"rates are not drop-offs.{activity}"
    )


def past_window_note(filters: Filters, count: int | None = None) -> str | None:
    """The rule that leaves the open leads older than the conversion window out of the stalled and in-stage counts
    (lost, not stalled): unstated, it hid 13 of 14 stalled leads of a year-old data set without a word. With `count`
    (past_window_count) it says how many, and none when there are none (trial 40: the rule said under a range that
    held no such lead, and without the 52 it hid). None without a window, where every open lead counts."""
    if not filters.window_days or filters.window_days <= 0 or count == 0:
        return None
    one, many = (word.lower() for word in filters.unit)
    counted = "" if count is None else f" ({fmt_count(count, one)})"
    return (
        f"Not counted here: open {many} created {filters.window_days:,} days or more before the data's last "
        f"day{counted}. "
        f"Past the conversion window {with_article(one)} that has not moved on counts as lost, not stalled, even "
        "with an open deal (a win now would come after the window: the Funnel page counts it dropped out). Set the "
        "conversion window to 0 to see them."
    )


def activity_stalled_note(filters: Filters) -> str | None:
    """In activity mode, that the stalled counts are the leads open now, as of the data's last day, whatever the
    dates picked (they date stage entries; a wait runs to today), and that the conversion window still applies:
    unstated, a range's header over the same list read as a list filtered by it, and the window's rule as one of
    cohort mode only (trial 40). None in cohort mode, where the range picks the leads by their creation."""
    if filters.mode != "activity":
        return None
    many = filters.unit[1].lower()
    window = f" and the conversion window ({filters.window_days:,} days, below)" if filters.window_days > 0 else ""
    return (
        f"Activity mode: these are the {many} open now, as of the data's last day. The date range picked does not "
        f"apply here (it dates stage entries, and a wait runs to today); the other filters{window} do."
    )


def in_order_stalled_note(filters: Filters) -> str | None:
    """With "stages in order" on, that time in stage and the stalled counts do not follow it: each lead (account) is
    counted at its furthest stage now, whatever the order it entered its stages in (trial 88: the header said
    "stages in order" over counts that ignored it). None with the switch off."""
    if not filters.in_order:
        return None
    one, many = (word.lower() for word in filters.unit)
    return (
        f"Stages in order does not apply here: time in stage counts each {one} at the furthest stage it is at now, "
        f"whatever the order it entered its stages in, as the {many} waiting there are waiting whatever that order."
    )


def _left_out_per_stage(stages: pd.DataFrame, column: str, filters: Filters) -> str | None:
    """'2 leads at SQL, 1 lead at MQL' from a stalled_overview count column; None when every stage has none."""
    left = stages[stages[column] > 0] if column in stages else stages.iloc[0:0]
    if left.empty:
        return None
    one = filters.unit[0].lower()
    return ", ".join(f"{fmt_count(int(getattr(r, column)), one)} at {r.label}" for r in left.itertuples())


def moved_back_note(stages: pd.DataFrame, filters: Filters) -> str | None:
    """The leads left out of the stages they have a date for because the CRM moved them back (stalled_overview's
    count_moved_back), in words; None when there are none."""
    if (parts := _left_out_per_stage(stages, "count_moved_back", filters)) is None:
        return None
    return (
        f"Not counted here: {parts}, moved back in the CRM (a lifecycle stage earlier than the stage dated: "
        "recycled to marketing). The funnel counts them at the stage dated; they are not waiting with sales there."
    )


def undated_note(stages: pd.DataFrame, filters: Filters) -> str | None:
    """The open leads left out of the in-stage and stalled counts because nothing dates their stage (a lifecycle stage
    alone: stalled_overview's count_undated), in words; None when there are none."""
    if (parts := _left_out_per_stage(stages, "count_undated", filters)) is None:
        return None
    return (
        f"Not counted here: {parts}, at a stage known from the lifecycle stage alone (no date for it): how long they "
        "have waited cannot be told. Map the stage's date column to count them."
    )


def undated_stages(
    con: duckdb.DuckDBPyConnection, filters: Filters, stages: tuple[str, ...] = ("mql", "sql")
) -> dict[str, int]:
    """Per stage (mql, sql; `stages` may add opportunity and customer), the view's leads (counting by account, its
    accounts) created in its range that reached it with no date for it, nor a later stage's (a status or a yes/no
    column alone says so): counts dated by each stage's own date put them in no month."""
    view = replace(filters, mode="cohort")
    use_rollup = rollups.kept_by(con) and rollups.entries_exact(view)
    row = run(con, "undated_stages_rollup" if use_rollup else "undated_stages", view.to_params()).iloc[0]
    return {stage: int(row[stage]) for stage in stages}


def undated_activity_note(
    undated: Mapping[str, int], created: str, unit: tuple[str, str] = ("Lead", "Leads")
) -> str | None:
    """The leads (unit: filters.unit, counting by account the accounts) created in `created` ('in Nov 2026') that
    reached MQL or SQL with no date for the stage, which every count by the stage's own date leaves out, in words;
    None when there are none (trial 57: a sheet's yes/no MQL? column showed November's 16 MQLs, the deals created
    then, and nothing of the 71 undated). Its "no date" is none at all, nor a later stage's: the time to convert's
    "no date of its own" may be dated by a later stage, and the funnel counts those (trial 78)."""
    one, many = (word.lower() for word in unit)
    said = [f"{fmt_count(n, one, many)} reached {stage.upper()}" for stage, n in undated.items() if n]
    if not said:
        return None
    whose = "" if one == "lead" else " in any of their leads or deals"
    return (
        f"Not counted here: of the {many} created {created}, {' and '.join(said)} with no date for the stage nor a "
        f"later one{whose} (a status or a yes/no column alone says so): counted by each stage's own date, they are in "
        "no month. The cohort funnel counts them; map a stage date column to count them in their month."
    )


def created_words(filters: Filters) -> str:
    """When the view's leads were created, for a sentence: 'in Nov 2026', 'up to 15 Oct 2026', 'at any date'."""
    span = dates_in_heading(filters.date_from, filters.date_to)
    if span == "all dates":
        return "at any date"
    return span if "–" in span or span.startswith(("up to ", "from ")) else f"in {span}"


def undated_section(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, Any] | None:
    """The metrics JSON's undated_stages: {mql, sql, note} in activity mode (whose counts put those leads in no
    month); None in cohort mode, whose funnel counts them."""
    if filters.mode != "activity":
        return None
    undated = undated_stages(con, filters)
    return {**undated, "note": undated_activity_note(undated, created_words(filters), filters.unit)}


def stalled(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per open stage: leads in it now, median days in it, and how many passed its threshold."""
    return stalled_overview(con, filters, 0).stages


def reconcile(parts: pd.DataFrame, total: pd.DataFrame, unit: str = "leads") -> tuple[bool, str]:
    """Check that a breakdown's parts add up to the funnel per stage; return (ok, a sentence)."""
    sums = parts.groupby("stage")["count_leads"].sum()
    mismatches = []
    for r in total.itertuples():
        got = int(sums.get(r.stage, 0))
        if got != r.count_leads:
            mismatches.append(f"{r.label} {got:,} ≠ {r.count_leads:,}")
    if mismatches:
        return False, "The parts do not add up to the total: " + "; ".join(mismatches) + "."
    lead = int(total.iloc[0]["count_leads"])
    customers = int(total.iloc[-1]["count_leads"])
    n_values = parts["value"].nunique()
    parts = f"The {fmt_count(n_values, 'part')} add{'s' if n_values == 1 else ''} up"
    # "29 leads, 1 customer": never "1 customers" (trial 65)
    counts = f"{fmt_count(lead, unit.removesuffix('s'), unit)}, {fmt_count(customers, 'customer')}"
    return True, f"{parts} to the total at every stage: {counts}."


def breakdown_table(
    parts: pd.DataFrame, stages: tuple[str, ...] = config.STAGES, labels: Mapping[str, str] = config.STAGE_LABELS
) -> pd.DataFrame:
    """A breakdown as a table: one row per value (largest first), one column per stage label (`labels`:
    stage_labels of the view, whose first stage is the unit counted)."""
    table = parts[parts["stage"].isin(stages)].pivot_table(
        index=["value_rank", "value"], columns="stage", values="count_leads", aggfunc="sum"
    )
    table = table.reindex(columns=list(stages)).reset_index(level="value_rank", drop=True)
    return table.rename(columns=labels).astype("int64")


@dataclass(frozen=True)
class CustomersAndWins:
    """The funnel's customers next to the won deals of the same view, and every reason they differ.

    won = customers + won_without_lead + repeat_wins + won_leads_not_customers - customers_without_win.
    By account: won = customers + repeat_wins + won_accounts_not_customers - customers_without_win.
    """

    customers: int
    won: int
    won_without_lead: int
    repeat_wins: int
    won_leads_not_customers: int
    customers_without_win: int
    # of won_leads_not_customers, the leads not in the view at all (the deal fits by its own owner)
    won_leads_outside: int = 0
    # of customers_without_win, those whose won deal is outside the view
    customers_won_elsewhere: int = 0
    # what customers counts: leads, or counting by account accounts (account_customers_and_wins.sql); by account
    # repeat_wins are an account's wins beyond its first, and the two below replace won_leads_not_customers
    count_by: str = "lead"
    # the accounts with a won deal in view (Sources' new customer accounts in cohort mode)
    won_accounts: int = 0
    won_accounts_not_customers: int = 0

    def as_dict(self, filters: Filters) -> dict[str, Any]:
        """The JSON shape of the CLI: the counts and the sentence."""
        return {**asdict(self), "explanation": self.sentence(filters)}

    def sentence(self, filters: Filters) -> str:
        """Why the customer count and the won-deal count differ, in one sentence ('' when they agree)."""
        if self.count_by == "account":
            return self._account_sentence(filters)
        if self.customers == self.won and not (self.won_without_lead or self.won_leads_not_customers):
            return ""
        parts = []
        if self.won_without_lead:
            parts.append(
                f"{fmt_count(self.won_without_lead, 'won deal')} {_has(self.won_without_lead)} no lead in the funnel "
                "(counted by its own source: sales-sourced unless that is a marketing one)"
            )
        if self.repeat_wins:
            again = "is a second or later win" if self.repeat_wins == 1 else "are second or later wins"
            parts.append(f"{self.repeat_wins:,} {again} of the same lead")
        if self.won_leads_outside:
            count = self.won_leads_outside
            parts.append(
                f"{fmt_count(count, 'lead')} outside this view's leads won {'a deal' if count == 1 else 'deals'} in "
                "it (the deal's owner is in the view, the lead's owner is not)"
            )
        if count := self.won_leads_not_customers - self.won_leads_outside:
            parts.append(f"{fmt_count(count, 'lead')} won {_not_counted_because(filters, count == 1)}")
        if count := self.customers_won_elsewhere:
            parts.append(
                f"{fmt_count(count, 'customer')} won outside this view (the won deal has an owner other than the "
                "lead's)"
            )
        if count := self.customers_without_win - self.customers_won_elsewhere:
            parts.append(
                f"{fmt_count(count, 'customer')} {_has(count)} no won deal in this view "
                "(their exported lifecycle stage says customer, or their win has no close date)"
            )
        return (
            f"The funnel counts {fmt_count(self.customers, 'customer')} (leads) where "
            f"{fmt_count(self.won, 'deal')} {'was' if self.won == 1 else 'were'} won in this view: "
            + "; ".join(parts)
            + "."
        )

    def _account_sentence(self, filters: Filters) -> str:
        """Counting by account: why the customer accounts and the won deals differ ('' when they agree). Probe 93:
        this said "a customer is an account with a won deal" where 44 accounts had one and the funnel counted 38."""
        if self.customers == self.won and not self.won_accounts_not_customers:
            return ""
        parts = []
        if self.repeat_wins:
            again = "is a second or later win" if self.repeat_wins == 1 else "are second or later wins"
            parts.append(f"{self.repeat_wins:,} {again} of the same account")
        if count := self.won_accounts_not_customers:
            parts.append(f"{fmt_count(count, 'account')} won {_not_counted_because(filters, count == 1, 'account')}")
            if filters.mode == "cohort" and filters.window_days:
                # Sources' columns take the cohort's deals (deals_in_scope, no window): say so, not only the funnel
                parts.append(
                    "Sources' won deals, new customer accounts and revenue count every deal of the view's accounts, "
                    "whatever the window"
                )
        if count := self.customers_without_win:
            parts.append(
                f"{fmt_count(count, 'customer account')} {_has(count)} no won deal in this view "
                "(a lead's exported lifecycle stage says customer, or the win has no close date)"
            )
        return (
            f"The funnel counts {fmt_count(self.customers, 'customer account')} where "
            f"{fmt_count(self.won, 'deal')} {'was' if self.won == 1 else 'were'} won in this view by "
            f"{fmt_count(self.won_accounts, 'account')}: " + "; ".join(parts) + "."
        )


def _has(count: int) -> str:
    return "has" if count == 1 else "have"


def _not_counted_because(filters: Filters, one: bool, unit: str = "lead") -> str:
    if filters.mode == "activity":
        return "again in this range after a first win before it, so " + (
            "it is not a new customer here" if one else "they are not new customers here"
        )
    reasons = []
    if filters.window_days:
        # an account's window starts at its first lead (README "Counting by account"), not at the winning lead
        start = " (from the account's first lead)" if unit == "account" else ""
        reasons.append(f"after the {filters.window_days}-day conversion window{start}")
    if filters.in_order:
        reasons.append("with stage dates out of order")
    if not reasons:
        return "without a customer entry the funnel counts in this view"
    hint = "set the window to none" if filters.window_days else "count stages in any order"
    counted = "is not counted as a customer" if one else "are not counted as customers"
    return " or ".join(reasons) + f" and {counted} here ({hint} to include {'it' if one else 'them'})"


def customers_and_wins(con: duckdb.DuckDBPyConnection, filters: Filters) -> CustomersAndWins:
    """The funnel's customers, the view's won deals, and the parts of the difference: by lead (the parts follow each
    won deal to its lead), or counting by account by account (each won deal to its account)."""
    if filters.count_by == "account":
        row = run(con, "account_customers_and_wins", filters.to_params()).iloc[0]
        return CustomersAndWins(
            customers=int(row["count_customers"]),
            won=int(row["count_won"]),
            won_without_lead=0,
            repeat_wins=int(row["count_repeat_wins"]),
            won_leads_not_customers=0,
            customers_without_win=int(row["count_customers_without_win"]),
            count_by="account",
            won_accounts=int(row["count_won_accounts"]),
            won_accounts_not_customers=int(row["count_won_accounts_not_customers"]),
        )
    row = run(con, "customers_and_wins", filters.by_lead().to_params()).iloc[0]
    return CustomersAndWins(
        customers=int(row["count_customers"]),
        won=int(row["count_won"]),
        won_without_lead=int(row["count_won_without_lead"]),
        repeat_wins=int(row["count_repeat_wins"]),
        won_leads_not_customers=int(row["count_won_leads_not_customers"]),
        customers_without_win=int(row["count_customers_without_win"]),
        won_leads_outside=int(row["count_won_leads_outside"]),
        customers_won_elsewhere=int(row["count_customers_won_elsewhere"]),
    )


# what to do with a deal whose lead no export will bring (probe 93: the advice was to blank its lead id, which counts
# it as outbound, sales-sourced; a HubSpot contact deleted or merged away is of unknown origin, README)
LEAD_GONE_ADVICE = (
    "a lead deleted or merged away in the CRM, which no export has, never comes: import the deals again with a "
    'mapping holding [deals] and lead_not_loaded = "unknown" (beside a preset too: --preset hubspot --mapping '
    "FILE) and its deals count, of unknown origin (a blank lead id would count a deal as outbound, sales-sourced)"
)


@dataclass(frozen=True)
class AwaitingLead:
    """The deals kept aside for want of their lead (importers/awaiting.py): in none of the numbers until it comes."""

    count: int
    won: int
    lost: int
    open: int
    won_amount: float
    open_amount: float
    # kept-aside newer rows of stored deals: the stored row is counted until the lead comes
    updates_waiting: int

    def waits(self) -> bool:
        """Whether any deal waits for its lead (kept aside, or a stored deal's newer row)."""
        return bool(self.count or self.updates_waiting)

    def as_dict(self) -> dict[str, Any]:
        """The metrics document's awaiting_lead section, with the sentence a page shows ('' when none waits)."""
        return {**asdict(self), "note": self.sentence() or None}

    def sentence(self) -> str:
        """'6 deals (2 won, €14.9k; €25.2k open) name leads that are not loaded and are not counted: …'; '' if none."""
        parts = []
        if self.count:
            one = self.count == 1
            parts.append(
                f"{fmt_count(self.count, 'deal')} ({self.won:,} won, {fmt_money(self.won_amount)}; "
                f"{fmt_money(self.open_amount)} open) {'names a lead that is' if one else 'name leads that are'} not "
                f"loaded and {'is' if one else 'are'} not counted: import the leads export that has "
                f"{'it' if one else 'them'} (mode append adds to the leads) and {'it comes' if one else 'they come'} "
                f"in; {LEAD_GONE_ADVICE}"
            )
        if self.updates_waiting:
            one = self.updates_waiting == 1
            parts.append(
                f"{fmt_count(self.updates_waiting, 'stored deal')} {'is' if one else 'are'} counted as first "
                f"imported: {'its' if one else 'their'} newer row names a lead that is not loaded"
            )
        return ". ".join(parts)


def awaiting_lead(con: duckdb.DuckDBPyConnection | QueryEngine) -> AwaitingLead:
    """The deals kept aside for want of their lead, the whole data set (no view); on an engine reading a built folder
    (which holds the counted tables only) as `export` carried them in its meta.json, none when it carried nothing."""
    if not isinstance(con, duckdb.DuckDBPyConnection):
        carried = store.get_meta(con, store.AWAITING_KEY)
        return AwaitingLead(**json.loads(carried)) if carried else AwaitingLead(0, 0, 0, 0, 0.0, 0.0, 0)
    row = run(con, "awaiting_lead").iloc[0]
    return AwaitingLead(
        count=int(row["count_aside"]),
        won=int(row["count_won"]),
        lost=int(row["count_lost"]),
        open=int(row["count_open"]),
        won_amount=float(row["won_amount"]),
        open_amount=float(row["open_amount"]),
        updates_waiting=int(row["updates_waiting"]),
    )
