"""Friction points: steps and segments whose conversion is clearly worse than it should be, the four seed
checks (volume, SQL shortfall, SQL quality, retention), stalled leads, and the ideal lead profile."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from dashboard import config, metrics, rollups, targets
from dashboard.filters import DIMENSION_FIELD, Filters
from dashboard.formatting import (
    csv_bytes,
    fmt_count,
    fmt_date,
    fmt_int,
    fmt_money,
    fmt_pct,
    fmt_plan,
    fmt_points,
    label_value,
    word_list,
)
from dashboard.queries import run
from dashboard.stats import clearly_lower, is_rate, wilson

STEPS: tuple[tuple[str, str], ...] = tuple(zip(config.STAGES, config.STAGES[1:], strict=False))
LIFT_COLUMNS: tuple[str, ...] = (
    "value",
    "lead",
    "rate_sql",
    "low_sql",
    "high_sql",
    "lift_sql",
    "rate_customer",
    "low_customer",
    "high_customer",
    "lift_customer",
)
# a friction point's 95 % intervals: its rate's and its comparison's (none for a benchmark)
INTERVAL_COLUMNS: tuple[str, ...] = ("low_rate", "high_rate", "low_baseline", "high_baseline")
# a side-by-side step whose stage some leads reached with no date, in activity mode (UndatedSteps)
UNDATED_CELL = "– (stage reached undated)"
# activity mode: a step whose later stage had more entries in the dates than its earlier one (stats.is_rate)
NOT_A_RATE = (
    "more entered the later stage than the earlier one in these dates: activity counts are not a conversion rate"
)
# a side-by-side step of such counts: no rate, no interval (45 wins of 36 SQLs read as no "125.0%")
OVER_COUNTED_CELL = "– (more entered the later stage: not a rate)"
KIND_LABELS = {"rest": "the rest of the view", "previous": "the previous period", "benchmark": "the benchmark"}


def step_label(from_stage: str, to_stage: str, labels: Mapping[str, str] = config.STAGE_LABELS) -> str:
    """'MQL→SQL' (labels: metrics.stage_labels of the view, whose first stage is the unit counted)."""
    return f"{labels[from_stage]}→{labels[to_stage]}"


def step_rates(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Stage counts per dimension value, plus the 'all' row: dimension, value, lead … customer."""
    from_rollup = rollups.kept_by(con) and rollups.unit_step_rates_exact(filters)
    name = "step_rates_rollup" if from_rollup else "step_rates"
    return run(con, name, {**filters.to_params(), "none_label": config.NONE_LABEL})


def step_rates_and_previous(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """step_rates of the view and of its previous period (None without one): an activity view's both from one scan
    of its leads (step_rates_periods.sql; they read every lead of its values twice before, ~960 ms cpu each at 10 m
    leads), any other view's as step_rates reads them (a cohort's previous period is other leads)."""
    previous = filters.previous_period()
    # on DuckDB: Spark's engine keeps the files it ran (spark_sql translates each)
    if previous is None or filters.mode != "activity" or not rollups.kept_by(con):
        return step_rates(con, filters), None if previous is None else step_rates(con, previous)
    params = {**filters.to_params(), "previous": previous.to_params()["view"], "none_label": config.NONE_LABEL}
    both = run(con, "step_rates_periods", params)
    current, before = (
        both[both["period"] == period].drop(columns="period").reset_index(drop=True) for period in ("view", "previous")
    )
    return current, before


def _long(rates: pd.DataFrame) -> pd.DataFrame:
    """One row per dimension, value and step with the counts at the step's start and end, and the entries at its
    start whose outcome is still pending (open_to: not there yet, still in progress)."""
    parts = [
        rates[["dimension", "value"]].assign(
            from_stage=a,
            to_stage=b,
            count_from=rates[a].astype(int),
            count_to=rates[b].astype(int),
            open_to=_still_open(rates, a, b),
        )
        for a, b in STEPS
    ]
    return pd.concat(parts, ignore_index=True)


def _still_open(rates: pd.DataFrame | pd.Series, from_stage: str, to_stage: str) -> Any:
    """The entries at from_stage not at to_stage yet and still in progress (step_rates' open_<stage>: with no
    conversion window, neither disqualified nor lost; a step over several stages adds theirs up)."""
    later = config.STAGES[config.STAGES.index(from_stage) + 1 : config.STAGES.index(to_stage) + 1]
    return sum(rates[f"open_{stage}"].astype(int) for stage in later)


def _at_stake(missing: float, to_stage: str, overall: pd.Series, avg_deal: float) -> float:
    # a missing conversion is worth what the ones that did convert went on to earn: the share of
    # leads at the step's end stage that became customers, times the average won deal
    downstream = overall["customer"] / overall[to_stage] if overall[to_stage] else 0.0
    return max(0.0, missing) * downstream * avg_deal


def _sentence(row: dict[str, Any], avg_known: bool, plurals: dict[str, str]) -> str:
    step = row["stage"]
    if row.get("pending"):
        return _pending_sentence(row, plurals)
    diff = fmt_points(row["rate"], row["baseline"])
    base = f"{fmt_int(row['count_from'])} {plurals[row['from_stage']]}"
    if row.get("still_open"):
        # with no conversion window an open one may still convert: how many of the step's entries that is
        base += f", {fmt_int(row['still_open'])} of them still open"
        if row["kind"] == "previous":
            base += f" against {fmt_int(row['baseline_open'])} of {fmt_int(row['baseline_from'])} then"
    if row["kind"] == "previous":
        text = f"{step} for {row['segment']} fell from {fmt_pct(row['baseline'])} to {fmt_pct(row['rate'])}"
        text += f" against the previous period ({diff} points, {base})"
    elif row["kind"] == "benchmark":
        text = f"{step} for the whole funnel is {fmt_pct(row['rate'])}, under the benchmark's "
        text += f"{fmt_pct(row['baseline'])} ({diff} points, {base})"
    else:
        text = f"{step} for {row['segment']} is {fmt_pct(row['rate'])} against {fmt_pct(row['baseline'])} "
        text += f"for the rest ({diff} points, {base})"
    if avg_known and row["value_at_stake"] > 0:
        text += f"; about {fmt_money(row['value_at_stake'])} of revenue at stake"
    return text + "."


def _pending_sentence(row: dict[str, Any], plurals: dict[str, str]) -> str:
    """A point left unjudged for its open entries, in words: the rates, and how many are still open."""
    many = f"{fmt_int(row['still_open'])} of its {fmt_int(row['count_from'])} {plurals[row['from_stage']]}"
    if row["kind"] == "benchmark":
        against = f"under the benchmark's {fmt_pct(row['baseline'])}"
        then = ""
    else:
        against = f"against {fmt_pct(row['baseline'])} in the previous period"
        then = f" ({fmt_int(row['baseline_open'])} of {fmt_int(row['baseline_from'])} then)"
    return (
        f"{row['stage']} for {row['segment']} is {fmt_pct(row['rate'])} {against}, but {many} are still "
        f"open{then}: were they to convert, it would not be clearly lower, so it is not judged yet."
    )


def describe_method(filters: Filters, data_from: date | None = None) -> str:
    """How the finder compares and when it flags, in words, for the page; `data_from` (the data's first day) says
    when the previous period holds no data, so nothing is compared with it."""
    previous = filters.previous_period()
    if previous and previous.date_from and previous.date_to:
        against = f"the view and with the previous {(previous.date_to - previous.date_from).days + 1} days"
        if data_from is not None and previous.date_to < data_from:
            # "compared with the previous 120 days" over a period before the data's first day compared with nothing
            # (trial 40)
            against = (
                f"the view; not with the previous {(previous.date_to - previous.date_from).days + 1} days, as the "
                f"data starts on {fmt_date(data_from)}: there is nothing before these dates to compare with"
            )
    else:
        against = "the view (pick a date range to also compare with the period before it)"
    many = filters.unit[1].lower()
    benchmarks = (
        "; the benchmarks are rates per lead, so counting by account the whole funnel is not held against them"
        if filters.count_by == "account"
        else "; the whole funnel with the demand-waterfall benchmarks"
    )
    return (
        f"Each step of each source, persona, segment, industry, region and owner is compared with the rest of "
        f"{against}{benchmarks}. In cohort mode only {many} older than "
        "the conversion window count here: a young cohort's missing conversions are not friction yet. A point is "
        f"flagged only when both 95% (Wilson) intervals are apart and both sides have at least "
        f"{config.FRICTION_MIN_SAMPLE} {many}, so small segments never raise noise. Ranked by the revenue the gap "
        "costs: missing conversions × the share that goes on to become customers × the average won deal of the "
        "view's deals that came from a lead (a deal without one, outbound, never went through these steps)."
    )


@dataclass(frozen=True)
class UndatedSteps:
    """Activity mode's steps left unjudged: some of the view's leads reached a stage of theirs with no date for it,
    so a rate of dated entries alone would not be the step's (trial 61: Lead→MQL read lead→converted, 116 MQLs known
    from a status alone, and flagged an owner and two sources on it)."""

    undated: Mapping[str, int]  # per stage (mql, sql, opportunity, customer): leads that reached it with no date
    created: str  # which leads were counted: 'at any date', 'up to 30 Nov 2026'
    labels: Mapping[str, str] = dataclasses.field(default_factory=lambda: dict(config.STAGE_LABELS))

    def judges(self, from_stage: str, to_stage: str) -> bool:
        """False when a stage of the step (a benchmark's SQL→Customer too) has undated leads."""
        return not (self.undated.get(from_stage) or self.undated.get(to_stage))

    @property
    def steps(self) -> tuple[tuple[str, str], ...]:
        """The funnel's steps (from_stage, to_stage) left unjudged: one of their stages has undated leads."""
        return tuple((a, b) for a, b in STEPS if not self.judges(a, b))

    def note(self) -> str | None:
        """Which steps are not judged and why, in words; None when every step is judged."""
        if not self.steps:
            return None
        names = [step_label(a, b, self.labels) for a, b in self.steps]
        said = [f"{fmt_count(n, 'lead')} reached {self.labels[s]}" for s, n in self.undated.items() if n]
        return (
            f"Not judged in activity mode: {word_list(names)}. Of the leads created {self.created}, "
            f"{word_list(said)} with no date for the stage (a status or a yes/no column alone says so); activity "
            "mode counts each stage by its own date, so these steps' rates would leave them out and flag segments on "
            "rates that are not theirs. Cohort mode judges these steps with every lead; map the stage's date column "
            "to judge them here."
        )

    @property
    def judges_customers(self) -> bool:
        """Whether the ideal lead's lead → customer rates hold every customer: no lead reached Customer undated."""
        return not self.undated.get("customer")

    def lift_note(self) -> str | None:
        """What the ideal lead's rates leave out in activity mode, in words: the leads that reached a stage with no
        date for it (the side-by-side steps into or out of it are not counted); None when none did."""
        said = [f"{fmt_count(n, 'lead')} reached {self.labels[s]}" for s, n in self.undated.items() if n]
        if not said:
            return None
        text = (
            f"Of the leads created {self.created}, {word_list(said)} with no date for the stage (a status or a yes/no "
            "column alone says so): activity mode counts each stage by its own date, so the rates below leave them "
            "out, and a step into or out of such a stage is not compared side by side. Cohort mode counts them; map "
            "the stage's date column to count them here."
        )
        if not self.judges_customers:
            text += (
                f" No ideal {self.labels['lead'].lower()} is named: the rates to {self.labels['customer']} of dated "
                "entries alone are not the segments'."
            )
        return text

    def as_dict(self) -> dict[str, Any] | None:
        """The metrics JSON's friction_not_judged: {steps, undated, note}; None when every step is judged."""
        if not self.steps:
            return None
        steps = [step_label(a, b, self.labels) for a, b in self.steps]
        return {"steps": steps, "undated": {s: n for s, n in self.undated.items() if n}, "note": self.note()}


def undated_steps(con: duckdb.DuckDBPyConnection, filters: Filters) -> UndatedSteps:
    """In activity mode, the steps a stage reached with no date leaves unjudged (by the view's leads created up to its
    end: one created before the dates may have entered the stage in them, or in the previous period); in cohort
    mode none, as the cohort counts every stage reached, dated or not."""
    labels = metrics.stage_labels(filters)
    if filters.mode != "activity":
        return UndatedSteps({}, "", labels)
    scope = dataclasses.replace(filters, date_from=None)
    # by lead, as before metrics.undated_stages followed Count by (trial 78): which steps are judged stays as it was
    undated = metrics.undated_stages(con, scope.by_lead(), ("mql", "sql", "opportunity", "customer"))
    return UndatedSteps(undated, metrics.created_words(scope), labels)


def over_counted(k: int, n: int) -> bool:
    """Whether a step's k entries at its end against n at its start are no rate for having more at the end (activity
    mode, NOT_A_RATE): some entries and no proportion (stats.is_rate, the one rule of it). No entry at either end is
    an empty step, not an over-counted one."""
    return k > 0 and not is_rate(k, n)


def not_rates(rates: pd.DataFrame, filters: Filters, unjudged: UndatedSteps | None = None) -> dict[str, Any] | None:
    """The steps whose later stage had more entries in the view's dates than the earlier one (activity mode: the two
    counts are not the same leads), which are not judged, in words (`rates`: step_rates or lift, `unjudged`: the steps
    undated_steps leaves out, said there): {steps (the whole view's), segment_steps (how many of single segments),
    note} for the metrics JSON's friction_not_rates, the page and the report; None when every step is a rate."""
    if rates.empty:
        return None
    labels, plurals = metrics.stage_labels(filters), metrics.stage_plurals(filters)
    steps = [(a, b) for a, b in STEPS if unjudged is None or unjudged.judges(a, b)]
    overall = rates[rates["dimension"] == "all"].iloc[0]
    whole = [(a, b) for a, b in steps if over_counted(int(overall[b]), int(overall[a]))]
    parts = rates[rates["dimension"].isin(config.FRICTION_DIMENSIONS)]
    # a segment holding every entry of the step is the whole view, said once as such (as _find reports it)
    single = [
        (r, a, b)
        for a, b in steps
        for r in parts.to_dict("records")
        if over_counted(int(r[b]), int(r[a])) and (r[a], r[b]) != (overall[a], overall[b])
    ]
    if not whole and not single:
        return None
    said = [
        f"{step_label(a, b, labels)} of the whole view ({fmt_int(int(overall[b]))} {plurals[b]} entered against "
        f"{fmt_int(int(overall[a]))} {plurals[a]})"
        for a, b in whole
    ]
    if single:
        r, a, b = single[0]
        example = (
            f"{step_label(a, b, labels)} for {r['dimension']} {label_value(r['dimension'], r['value'])}: "
            f"{fmt_int(int(r[b]))} {plurals[b]} against {fmt_int(int(r[a]))} {plurals[a]}"
        )
        said.append(f"{fmt_count(len(single), 'step')} of single segments (such as {example})")
    note = (
        f"Not judged, as no conversion rate: {word_list(said)}. {NOT_A_RATE[0].upper()}{NOT_A_RATE[1:]}; activity "
        "mode counts each stage by its own date, so a step's two counts are not the same leads. Cohort mode follows "
        "the same leads through every step."
    )
    return {"steps": [step_label(a, b, labels) for a, b in whole], "segment_steps": len(single), "note": note}


@dataclass(frozen=True)
class LeadDeals:
    """The won deals a friction point's missing conversions are valued at (lead_deal_size.sql): those that came
    through the view's funnel, by lead the deals with a lead."""

    avg_deal_size: float | None  # None: no won deal (with an amount) came through the funnel
    won: int  # the won deals that came through it
    won_without_lead: int  # the won deals left out: no lead (outbound, sales' own); 0 counting by account
    won_without_amount: int = 0  # of `won`, those without an amount: the average does not weigh them

    def note(self) -> str | None:
        """What revenue at stake is valued at when wins are left out or have no amount, or why there is none, in
        words; None when every won deal of the view came from a lead with an amount."""
        if not self.won_without_lead and not self.won_without_amount:
            return None
        left = (
            f"; {fmt_count(self.won_without_lead, 'won deal')} without a lead (outbound, sales' own) "
            f"{'is' if self.won_without_lead == 1 else 'are'} left out: "
            f"{'it' if self.won_without_lead == 1 else 'they'} never went through these steps"
            if self.won_without_lead
            else ""
        )
        weighed = self.won - self.won_without_amount
        if self.avg_deal_size is None:
            why = (
                f"the {fmt_count(self.won, 'won deal')} that came from a lead {'has' if self.won == 1 else 'have'} "
                "no amount"
                if self.won
                else "no won deal of this view came from a lead, and a friction point is a step of the lead funnel"
            )
            return f"No revenue at stake: {why}{left}."
        unweighed = f" ({fmt_int(self.won_without_amount)} more without an amount)" if self.won_without_amount else ""
        return (
            f"Revenue at stake values a missing customer at {fmt_money(self.avg_deal_size)}, the average of the "
            f"{fmt_count(weighed, 'won deal')} with an amount that came from a lead{unweighed}{left}."
        )


def lead_deals(con: duckdb.DuckDBPyConnection, filters: Filters) -> LeadDeals:
    """The average won deal of the view's deals that came through its funnel (by lead: with a lead), the wins
    counted and those left out (lead_deal_size.sql)."""
    row = run(con, "lead_deal_size", filters.to_params()).iloc[0]
    avg = row["avg_deal_size"]
    return LeadDeals(
        None if pd.isna(avg) else float(avg),
        int(row["count_won_from_funnel"]),
        int(row["count_won_without_lead"]),
        int(row["count_won_without_amount"]),
    )


def find(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Flagged friction points, biggest revenue at stake first (see _find), without those left pending."""
    return judged(points_analysis(con, filters).points)


@dataclass(frozen=True)
class PointsAnalysis:
    """The friction points and what they were judged with, each read once per view: the page, the report and the
    metrics JSON say the deal size and the unjudged steps too (lead_deal_size.sql ran twice per view before)."""

    points: pd.DataFrame  # _find's: those left pending too (judged and pending_note part them)
    lifted: pd.DataFrame  # the lift table, from the same step counts
    deals: LeadDeals  # the won deals revenue at stake is valued at (lead_deals)
    unjudged: UndatedSteps  # activity mode's steps with a stage reached undated (undated_steps)


def points_analysis(con: duckdb.DuckDBPyConnection, filters: Filters) -> PointsAnalysis:
    """The friction points, the lift table, the deal size and the unjudged steps, from one read of each."""
    rates, previous = step_rates_and_previous(con, filters)
    deals, unjudged = lead_deals(con, filters), undated_steps(con, filters)
    return PointsAnalysis(_find(con, filters, rates, previous, deals, unjudged), _lift(rates), deals, unjudged)


def analysis(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The friction points, those left pending too (judged and pending_note part them), and the lift table from
    one read of the step counts (points_analysis')."""
    found = points_analysis(con, filters)
    return found.points, found.lifted


def judged(points: pd.DataFrame) -> pd.DataFrame:
    """The points flagged: not those left pending for their still-open entries."""
    return points[~points["pending"].astype(bool)].reset_index(drop=True)


def pending_note(points: pd.DataFrame) -> str | None:
    """The points left unjudged for their still-open entries, in words, or None: else a fall that only the open
    pipeline makes would be friction, or no word would say why the list is short (trial 61)."""
    pending = points[points["pending"].astype(bool)]
    if pending.empty:
        return None
    return (
        " ".join(pending["message"])
        + " With no conversion window an open one may still convert, and an older period's had longer to: a "
        "conversion window compares only those old enough to have converted."
    )


def _find(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    current: pd.DataFrame,
    previous_rates: pd.DataFrame | None,
    deals: LeadDeals,
    unjudged: UndatedSteps,
) -> pd.DataFrame:
    """Flagged friction points, biggest revenue at stake first (`current`, `previous_rates`: the view's and its
    previous period's step_rates, step_rates_and_previous; `deals`: lead_deals, `unjudged`: undated_steps).

    A segment's step is flagged against the rest of the view and against the previous period of the same
    length, and the whole funnel's steps against the benchmarks, only when the Wilson intervals do not
    overlap and both sides have enough leads (config.FRICTION_MIN_SAMPLE).
    """
    rows: list[dict[str, Any]] = []
    if current.empty:
        return _frame(rows)
    overall = current[current["dimension"] == "all"].iloc[0]
    # the funnel's own won deals: a deal without a lead never went through the steps judged here (lead_deals)
    avg = deals.avg_deal_size
    avg_deal = avg or 0.0
    # activity mode: a step with a stage some leads reached undated is not judged on its dated entries alone
    long = _long(current)
    long = long[[unjudged.judges(a, b) for a, b in zip(long["from_stage"], long["to_stage"], strict=True)]]
    totals = long[long["dimension"] == "all"].set_index(["from_stage", "to_stage"])
    segments = long[long["dimension"].isin(config.FRICTION_DIMENSIONS)]
    previous = None
    if previous_rates is not None:
        previous = _long(previous_rates).set_index(["dimension", "value", "from_stage", "to_stage"])
    z, minimum = config.FRICTION_Z, config.FRICTION_MIN_SAMPLE
    labels = metrics.stage_labels(filters)
    for r in [*segments.itertuples(index=False), *long[long["dimension"] == "all"].itertuples(index=False)]:
        total = totals.loc[(r.from_stage, r.to_stage)]
        rest_from, rest_to = total["count_from"] - r.count_from, total["count_to"] - r.count_to
        whole = r.dimension == "all"
        if not whole and rest_from == 0 and r.count_from > 0:
            # a value every lead of the view shares is the whole funnel, reported once as such
            continue
        segment = "the whole funnel" if whole else f"{r.dimension} {label_value(r.dimension, r.value)}"
        baselines = [] if whole else [("rest", rest_to, rest_from, total["open_to"] - r.open_to)]
        key = (r.dimension, r.value, r.from_stage, r.to_stage)
        if previous is not None and key in previous.index:
            before = previous.loc[key]
            baselines.append(("previous", int(before["count_to"]), int(before["count_from"]), int(before["open_to"])))
        for kind, k2, n2, o2 in baselines:
            if clearly_lower(r.count_to, r.count_from, k2, n2, z, minimum):
                rate, baseline = r.count_to / r.count_from, k2 / n2
                rows.append(
                    {
                        "stage": step_label(r.from_stage, r.to_stage, labels),
                        "from_stage": r.from_stage,
                        "to_stage": r.to_stage,
                        "segment": segment,
                        "dimension": r.dimension,
                        "value": r.value,
                        "kind": kind,
                        "rate": rate,
                        "baseline": baseline,
                        "count_from": r.count_from,
                        "significant": True,
                        "value_at_stake": _at_stake((baseline - rate) * r.count_from, r.to_stage, overall, avg_deal),
                        **_intervals(r.count_to, r.count_from, (k2, n2)),
                        **_open(r.count_to, r.count_from, int(r.open_to), kind, (k2, n2, int(o2))),
                    }
                )
    rows = _merge_alike(con, filters, rows, current)
    if filters.count_by == "lead":
        # the benchmarks are per lead: an account's conversion is not comparable with them
        rows += [r for r in _benchmark_rows(overall, avg_deal) if unjudged.judges(r["from_stage"], r["to_stage"])]
    _write(rows, avg is not None, metrics.stage_plurals(filters))
    return _frame(rows)


def _write(rows: list[dict[str, Any]], avg_known: bool, plurals: dict[str, str]) -> None:
    """Each point's message; a pending one is no flag and has nothing said at stake."""
    for row in rows:
        if row["pending"]:
            row.update(significant=False, value_at_stake=0.0)
        row["message"] = _sentence(row, avg_known, plurals)


def _intervals(k: int, n: int, against: tuple[int, int] | None) -> dict[str, float]:
    """The 95 % (Wilson) intervals a point is flagged by: its rate's, and its comparison's (none for a benchmark)."""
    low, high = wilson(k, n, config.FRICTION_Z)
    base_low, base_high = wilson(*against, config.FRICTION_Z) if against else (math.nan, math.nan)
    return {"low_rate": low, "high_rate": high, "low_baseline": base_low, "high_baseline": base_high}


def _open(k: int, n: int, still_open: int, kind: str, against: tuple[int, int, int]) -> dict[str, Any]:
    """The entries of the step still open (their outcome pending: only with no conversion window) and whether
    that leaves the point unjudged (pending): against the previous period, whose entries are older and had longer
    to convert, a point stands only when it would still be clearly lower if every open one converted (trial 61:
    28 of 43 opportunities still open read as a fall from 59.5 % to 20.9 %). Against the rest of the view, whose
    entries are as old, an open one is as much a miss as the rest's: judged, and the sentence says how many."""
    k2, n2, open2 = against
    pending = (
        kind == "previous"
        and still_open > 0
        and not clearly_lower(min(k + still_open, n), n, k2, n2, config.FRICTION_Z, config.FRICTION_MIN_SAMPLE)
    )
    return {"still_open": still_open, "baseline_open": open2, "baseline_from": n2, "pending": pending}


def _merge_alike(
    con: duckdb.DuckDBPyConnection, filters: Filters, rows: list[dict[str, Any]], current: pd.DataFrame
) -> list[dict[str, Any]]:
    """One point for the segments of one step that hold the very same leads (accounts) against the same baseline,
    naming every segment in it: counting by account, the accounts with only an outbound deal are source outbound
    and persona, segment, industry and region (none) at once, five points with the same numbers otherwise.
    Segments that only count alike (complementary halves of the view) stay apart."""
    stages = list(config.STAGES)
    counts = {
        (d, v): tuple(int(c) for c in row)
        for d, v, *row in current[["dimension", "value", *stages]].itertuples(index=False)
    }
    alike: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        key = (
            row["from_stage"],
            row["to_stage"],
            row["kind"],
            row["baseline"],
            counts[(row["dimension"], row["value"])],
        )
        alike.setdefault(key, []).append(row)
    same: dict[frozenset[tuple[str, str]], bool] = {}
    merged: list[dict[str, Any]] = []
    for group in alike.values():
        segments = frozenset((r["dimension"], r["value"]) for r in group)
        if len(group) > 1 and segments not in same:
            same[segments] = _same_members(con, filters, segments)
        if len(group) == 1 or not same[segments]:
            merged += group
            continue
        *first, last = (r["segment"] for r in group)
        merged.append({**group[0], "segment": f"{', '.join(first)} and {last} (the same {filters.unit[1].lower()})"})
    return merged


def _same_members(con: duckdb.DuckDBPyConnection, filters: Filters, segments: frozenset[tuple[str, str]]) -> bool:
    """True when these segments (dimension, value as step_rates names it) hold the very same leads (accounts)."""
    lists = {field: [v for d, v in segments if d == dim] for dim, field in DIMENSION_FIELD.items()}
    # counting accounts, the stored combinations of the old ones where they are exact (a few thousand rows a month)
    name = "same_members_rollup" if rollups.kept_by(con) and rollups.same_members_exact(filters) else "same_members"
    found = run(con, name, {**filters.to_params(), "none_label": config.NONE_LABEL, **lists}).iloc[0]
    return int(found["count_any"]) == int(found["count_every"])


def _benchmark_rows(overall: pd.Series, avg_deal: float) -> list[dict[str, Any]]:
    """The whole funnel's steps whose rate is clearly under the low end of their benchmark."""
    rows: list[dict[str, Any]] = []
    z, minimum = config.FRICTION_Z, config.FRICTION_MIN_SAMPLE
    for (a, b), (low, _high) in config.STEP_BENCHMARKS.items():
        n, k, still_open = int(overall[a]), int(overall[b]), int(_still_open(overall, a, b))
        # activity mode: more entries at the step's end than at its start in the dates is no rate (over_counted)
        if n >= minimum and is_rate(k, n) and wilson(k, n, z)[1] < low:
            # a settled rate: the view's stands only when it would stay under it if every open one converted (at
            # most all of them: activity counts need not add up)
            pending = still_open > 0 and wilson(min(k + still_open, n), n, z)[1] >= low
            rows.append(
                {
                    "stage": step_label(a, b),
                    "from_stage": a,
                    "to_stage": b,
                    "segment": "the whole funnel",
                    "dimension": "all",
                    "value": "all",
                    "kind": "benchmark",
                    "rate": k / n,
                    "baseline": low,
                    "count_from": n,
                    "significant": True,
                    "value_at_stake": _at_stake((low - k / n) * n, b, overall, avg_deal),
                    **_intervals(k, n, None),
                    "still_open": still_open,
                    "baseline_open": 0,
                    "baseline_from": 0,
                    "pending": pending,
                }
            )
    return rows


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    columns = [
        "stage",
        "from_stage",
        "to_stage",
        "segment",
        "dimension",
        "value",
        "kind",
        "rate",
        "baseline",
        "count_from",
        "significant",
        "value_at_stake",
        "message",
        *INTERVAL_COLUMNS,
        "still_open",
        "baseline_open",
        "baseline_from",
        "pending",
    ]
    table = pd.DataFrame(rows, columns=columns)
    table["compared_with"] = table["kind"].map(KIND_LABELS)
    return table.sort_values(["value_at_stake", "count_from"], ascending=False, ignore_index=True)


def json_sections(con: duckdb.DuckDBPyConnection, filters: Filters, empty_view: bool = False) -> dict[str, Any]:
    """`metrics --format json`'s friction, from one read of the step counts: `friction` (the flags), `friction_pending`
    (the points left unjudged for their still-open entries, significant false), `friction_note` (the page's
    "Nothing could be judged …" when so, else null: an empty list must not read as all clear) and
    `friction_not_rates` (not_rates: the steps with more entries at their end than at their start, else null),
    `friction_deal_size` (the average won deal revenue at stake is valued at: lead_deals) and `friction_not_judged`
    (activity mode's steps with a stage reached undated: UndatedSteps.as_dict, else null)."""
    found = points_analysis(con, filters)
    points, lifted = found.points, found.lifted
    return {
        "friction": _records(judged(points)),
        "friction_pending": _records(points[points["pending"].astype(bool)]),
        "friction_note": unjudged_note(lifted, filters, empty_view) if judged(points).empty else None,
        # activity mode: the steps with more entries at their end than at their start, no rate (null: none)
        "friction_not_rates": not_rates(lifted, filters, found.unjudged),
        # what revenue at stake is valued at: the average won deal of the deals with a lead (lead_deals)
        "friction_deal_size": _deal_size_record(found.deals),
        # activity mode: the steps left unjudged as some leads reached a stage of theirs with no date (null: none)
        "friction_not_judged": found.unjudged.as_dict(),
    }


def _deal_size_record(deals: LeadDeals) -> dict[str, Any]:
    """The metrics JSON's friction_deal_size: {avg_deal_size, won, won_without_lead, won_without_amount, note}."""
    return {**dataclasses.asdict(deals), "note": deals.note()}


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The JSON records of friction points: {stage, segment, kind, value, baseline, significant, message,
    count_from, still_open, value_at_stake} each."""
    return [
        {
            "stage": r["stage"],
            "segment": r["segment"],
            "kind": r["kind"],
            "value": float(r["rate"]),
            "baseline": float(r["baseline"]),
            "significant": bool(r["significant"]),
            "message": r["message"],
            "count_from": int(r["count_from"]),
            "still_open": int(r["still_open"]),
            "value_at_stake": float(r["value_at_stake"]),
        }
        for r in table.to_dict("records")
    ]


# the volume checks' metrics and the stage each counts the entries of
VOLUME_STAGES = {"leads": "lead", "mqls": "mql", "sqls": "sql"}


@dataclass(frozen=True)
class VolumeCheck:
    """One volume metric (leads, MQLs or SQLs entered in the range) against its target."""

    metric: str
    actual: int
    target: float | None
    comparable: bool = True  # False: only the company's target exists, and this view is narrower
    target_note: str = ""  # "pro rata: 1 of 31 days" when the dates or the data end inside a target's month
    # a target set for some of the range's months only (targets.cover): their words ("Jan 2025") and their
    # actual, which the target is compared with; "" and None when the target covers every month of the range
    target_months: str = ""
    target_actual: int | None = None
    # the view's leads created in its range that reached the stage with no date for it: in no count of entries
    # (trial 61: "85 MQLs entered" beside a funnel of 201 MQLs, 116 of them known from a status alone)
    undated: int = 0

    def sentence(self, name: str) -> str:
        """'Short: 1,200 SQLs of 1,500 planned (80.0%)', or why there is nothing to compare with, and the leads that
        reached the stage with no date, which it does not count."""
        return self._counted(name) + self._undated_words()

    def _undated_words(self) -> str:
        """' Not counted: 116 leads that reached MQL with no date for the stage (below).', '' when none."""
        if not self.undated:
            return ""
        stage = config.STAGE_LABELS[VOLUME_STAGES[self.metric]]
        return (
            f" Not counted: {fmt_count(self.undated, 'lead')} that reached {stage} with no date for the stage (below)."
        )

    def _counted(self, name: str) -> str:
        if not self.comparable:
            return f"{fmt_int(self.actual)} {name} entered; {config.TARGET_NOT_COMPARABLE}."
        if self.target is None:
            return f"{fmt_int(self.actual)} {name} entered; no target set."
        verdict = ":red[**Short:**]" if self.short else ":green[**On target:**]"
        gap = f", {fmt_plan(self.target - self.compared)} missing" if self.short else ""
        pro_rata = f"; {self.target_note}" if self.target_note else ""
        counted = f"{fmt_int(self.actual)} {name}"
        if self.target_months:
            # all dates' 24 MQLs against January's target of 8 read "300.0%" where January made 12
            months = self.target_months
            counted = f"{counted} entered, target set for {months} only: {fmt_int(self.compared)} {name} in {months}"
        return f"{verdict} {counted} of {fmt_plan(self.target)} planned ({fmt_pct(self.attainment)}){gap}{pro_rata}"

    @property
    def compared(self) -> int:
        """The actual the target is compared with: its own months' when it covers only some of the range's."""
        return self.target_actual if self.target_months and self.target_actual is not None else self.actual

    @property
    def attainment(self) -> float | None:
        """Actual ÷ target; None without a target."""
        return self.compared / self.target if self.target else None

    @property
    def short(self) -> bool:
        """Below target."""
        return self.target is not None and self.compared < self.target


def volume(
    con: duckdb.DuckDBPyConnection, filters: Filters, days: tuple[date | None, date | None] | None = None
) -> list[VolumeCheck]:
    """Leads, MQLs and SQLs entered in the range (activity counting, as targets are set) against targets; by lead
    whatever the view counts by, as the targets are (days: the data's first and last day when the page has them
    from filter_options, else read here)."""
    # targets are promises per month of entries, so actuals are counted by the stage's own date
    activity = dataclasses.replace(filters.by_lead(), mode="activity")
    counts = metrics.funnel(con, activity).set_index("stage")["count_leads"]
    first, last = targets.bounds_days(run(con, "date_bounds").iloc[0]) if days is None else days
    fitted = targets.totals(con, filters, data_end=last, data_first=first)
    goals = fitted["target"]
    comparable = targets.comparable(filters)
    # "not comparable" only where the company has a target the view is narrower than; else "no target set"
    company = frozenset(goals.index) if comparable else targets.company_metrics(con, filters)
    in_view = targets.view_months(filters.date_from, filters.date_to, first, last)
    # the leads that reached MQL or SQL with no date: no count of entries holds them, the card says how many
    undated = metrics.undated_stages(con, filters.by_lead())
    checks = []
    for metric, stage in VOLUME_STAGES.items():
        target = float(goals[metric]) if comparable and metric in goals.index else None
        fits = comparable or metric not in company
        note = targets.pro_rata_words(fitted, metric) if target is not None else ""
        own = targets.cover(fitted, metric, in_view) if target is not None else targets.Cover((), False)
        check = VolumeCheck(metric, int(counts[stage]), target, fits, note, undated=undated.get(stage, 0))
        if own.partial:
            entries = _monthly_entries(con, activity, stage, in_view)
            check = dataclasses.replace(
                check, target_months=own.words(), target_actual=int(targets.in_months(entries, own.months))
            )
        checks.append(check)
    return checks


def _monthly_entries(con: duckdb.DuckDBPyConnection, activity: Filters, stage: str, months: list[date]) -> pd.Series:
    """One stage's entries per month of the view (activity counting; months: the view's): a target's own months'
    actual."""
    table = metrics.monthly_entries(con, activity, months)
    rows = table[table["stage"] == stage]
    return rows.groupby("month")["count_entries"].sum()


def entries_note(checks: list[VolumeCheck], sqls: int, sql_plural: str, filters: Filters) -> str:
    """Why the SQL shortfall's SQLs (entries dated in the range, as targets count them, by lead) and SQL quality's
    (the view's funnel) differ, in one sentence with both; '' when they agree. The SQLs reached with no date are
    named as such: with no dates picked, "count each stage entered in these dates" put 15 of them down to dates."""
    check = next((c for c in checks if c.metric == "sqls"), None)
    if check is None or (check.actual == sqls and filters.count_by == "lead"):
        return ""
    dated = filters.date_from is not None or filters.date_to is not None
    cohort = " (of the leads created in these dates)" if filters.mode == "cohort" and dated else ""
    text = (
        f"The top of the funnel and the SQL shortfall count each stage {'entered in these dates' if dated else 'by '}"
        f"{'' if dated else 'its own date'}, by lead, as targets are set: {fmt_int(check.actual)} SQLs; SQL "
        f"quality counts the {fmt_int(sqls)} {sql_plural} of this view's funnel{cohort}."
    )
    if check.undated:
        text += (
            f" {fmt_count(check.undated, 'lead')} of the view reached SQL with no date for the stage: the funnel "
            f"counts {'it' if check.undated == 1 else 'them'}, no count of entries can."
        )
    return text


def sql_quality(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """SQLs that sales later disqualified, per reason, with the share of all SQLs in the view."""
    table = run(con, "sql_quality", {**filters.to_params(), "none_label": config.NO_REASON_LABEL})
    table["share_of_sqls"] = table["count_rejected"] / table["count_sqls"].where(table["count_sqls"] > 0)
    return table


# what a user maps for "After the sale": no CRM's standard deals export has these dates, so a column of the user's own
ACTIVATED_ADVICE = (
    "map your deals' go-live or onboarding date column in the deals mapping, "
    '`[deals.columns] activated_at = "Go-live Date"`, and import the deals again'
)
CHURNED_ADVICE = (
    "map your deals' cancellation or churn date column in the deals mapping, "
    '`[deals.columns] churned_at = "Churn Date"`, and import the deals again'
)


@dataclass(frozen=True)
class Retention:
    """After the sale: activation, early churn and repeat purchase."""

    won: int
    activated: int
    churned_early: int
    accounts: int
    repeat_accounts: int
    # whether any deal of the data has an activated_at / churned_at: without one the rate is unknown, not 0 %
    has_activated: bool = True
    has_churned: bool = True

    @property
    def activation_rate(self) -> float | None:
        """Won deals whose customer reached first success ÷ won deals; None when no deal has the date."""
        return self.activated / self.won if self.won and self.has_activated else None

    @property
    def early_churn_rate(self) -> float | None:
        """Won deals churned within config.CHURN_WINDOW_DAYS of signing ÷ won deals; None when no deal has the date."""
        return self.churned_early / self.won if self.won and self.has_churned else None

    def sentence(self) -> str:
        """The Friction page's "After the sale" in words, naming the column to import where there is no data."""
        if self.won == 0:
            return "No won deal in this view."
        won = f"{fmt_int(self.won)} won deals"
        activated = (
            f"{fmt_pct(self.activation_rate)} of {won} reached first success"
            if self.activation_rate is not None
            # the field's name alone named nothing a user maps (trial 40): the mapping line to write
            else f"First success of the {won}: no data (no deal has activated_at: {ACTIVATED_ADVICE})"
        )
        churned = (
            f"{fmt_pct(self.early_churn_rate)} churned within {config.CHURN_WINDOW_DAYS} days of signing"
            if self.early_churn_rate is not None
            else f"early churn: no data (no deal has churned_at: {CHURNED_ADVICE})"
        )
        repeat = (
            f"{fmt_pct(self.repeat_rate)} of accounts bought again."
            if self.repeat_rate is not None
            else "no account ids to measure repeat purchase."
        )
        return f"{activated}; {churned}; {repeat}"

    @property
    def repeat_rate(self) -> float | None:
        """Accounts with more than one won deal ÷ accounts with a won deal."""
        return self.repeat_accounts / self.accounts if self.accounts else None


def retention(con: duckdb.DuckDBPyConnection, filters: Filters) -> Retention:
    """Activation, churn within the churn window of signing, and repeat purchase for won deals in scope."""
    row = run(con, "retention", {**filters.to_params(), "churn_days": config.CHURN_WINDOW_DAYS}).iloc[0]
    return Retention(
        won=int(row["count_won"]),
        activated=int(row["count_activated"]),
        churned_early=int(row["count_churned_early"]),
        accounts=int(row["count_accounts"]),
        repeat_accounts=int(row["count_repeat_accounts"]),
        has_activated=bool(row["has_activated"]),
        has_churned=bool(row["has_churned"]),
    )


def stalled_leads(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None) -> pd.DataFrame:
    """Open leads past their stage's stall threshold, longest waiting first (all when limit is None)."""
    return metrics.stalled_overview(con, filters, limit).leads


def stalled_count(stages: pd.DataFrame) -> int:
    """The stalled units of every stage (`stages`: stalled_overview's per-stage table, count_stalled each)."""
    return int(stages["count_stalled"].sum())


def list_cap_note(shown: int, stalled: int | pd.DataFrame, many: str) -> str | None:
    """'The 500 longest waiting shown; the CSV has all 971 stalled leads.' when the list stops short of the stalled
    count (config.FRICTION_LIST_ROWS); None when it shows them all. `stalled`: the count, or stalled_overview's
    per-stage table, whose stages' stalled add up to it (the page passes the table: the sum is not a page's)."""
    total = stalled_count(stalled) if isinstance(stalled, pd.DataFrame) else stalled
    if shown >= total:
        return None
    return f"The {fmt_int(shown)} longest waiting shown; the CSV has all {fmt_int(total)} stalled {many}."


def stalled_leads_csv(con: duckdb.DuckDBPyConnection, filters: Filters) -> bytes:
    """Every stalled lead as CSV, for the owners to follow up."""
    return csv_bytes(stalled_leads(con, filters, None))


def stalled_by_owner(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Stalled leads per owner (rows) and stage (columns), most stalled owners first."""
    return owner_grid(metrics.stalled_overview(con, filters, 0).by_owner)


def owner_grid(table: pd.DataFrame) -> pd.DataFrame:
    """Stalled_overview's per-owner rows as a grid: one row per owner, a column per stage and the total."""
    if table.empty:
        return pd.DataFrame(columns=["owner", *config.STALL_DAYS, "total"])
    grid = table.pivot_table(index="owner", columns="stage", values="count_stalled", aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=list(config.STALL_DAYS), fill_value=0)
    grid["total"] = grid.sum(axis=1)
    grid.columns.name = None
    return grid.sort_values(["total", "owner"], ascending=[False, True]).reset_index()


def lift(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per trait value (and the 'all' row): leads, conversion to SQL and to customer with Wilson intervals,
    and the lift over the whole view."""
    return _lift(step_rates(con, filters))


def _lift(rates: pd.DataFrame) -> pd.DataFrame:
    table = rates.copy()
    if table.empty:
        return table
    overall = table[table["dimension"] == "all"].iloc[0]
    for stage in ("sql", "customer"):
        # in activity mode a stage's entries in the dates are not a subset of the leads created in them: more
        # customers than leads is no rate (no interval, no lift), never a rate above 100 %
        base = overall[stage] / overall["lead"] if overall["lead"] > 0 and overall[stage] <= overall["lead"] else None
        table[f"rate_{stage}"] = table[stage] / table["lead"].where(
            (table["lead"] > 0) & (table[stage] <= table["lead"])
        )
        bounds = [
            wilson(int(k), int(n), config.FRICTION_Z) if k <= n else (math.nan, math.nan)
            for k, n in zip(table[stage], table["lead"], strict=True)
        ]
        table[f"low_{stage}"] = [b[0] for b in bounds]
        table[f"high_{stage}"] = [b[1] for b in bounds]
        table[f"lift_{stage}"] = table[f"rate_{stage}"] / base if base else None
    return table.reset_index(drop=True)


def unjudged_note(lifted: pd.DataFrame, filters: Filters, empty_view: bool = False) -> str | None:
    """Why no step could be judged in a view (too few leads with their conversion window behind them), or None.

    An empty list of friction points means "nothing is clearly worse" only when there was something to compare:
    a month younger than the conversion window has no lead it can judge, and must not read as all clear. An
    `empty_view` (no lead at all) is said as such: a shorter conversion window cannot help it."""
    whole = lifted[lifted["dimension"] == "all"] if not lifted.empty else lifted
    judged = 0 if whole.empty else int(whole.iloc[0]["lead"])
    if judged >= config.FRICTION_MIN_SAMPLE:
        return None
    many = filters.unit[1].lower()
    if filters.mode == "activity" or not filters.window_days or empty_view:
        return (
            f"Nothing could be judged in this view: it holds {fmt_int(judged)} {many}, and a step is compared from "
            f"{config.FRICTION_MIN_SAMPLE} on. Widen the dates or clear a filter."
        )
    return (
        f"Nothing could be judged in this view: {fmt_int(judged)} of its {many} were created more than "
        f"{filters.window_days} days before the data's last day (their conversion window is over), and a step is "
        f"compared from {config.FRICTION_MIN_SAMPLE} on. Pick earlier dates, widen them, or shorten the conversion "
        "window."
    )


def overall_rate(lifted: pd.DataFrame) -> float | None:
    """The whole view's lead → customer rate (the 'all' row of lift)."""
    whole = lifted[lifted["dimension"] == "all"] if not lifted.empty else lifted
    return None if whole.empty or pd.isna(whole.iloc[0]["rate_customer"]) else float(whole.iloc[0]["rate_customer"])


def average_words(lifted: pd.DataFrame, filters: Filters) -> str:
    """'3.1% of the 16,234 leads created more than 180 days before the data's last day': the ideal lead's average
    and its base, which in cohort mode leaves out the leads younger than the conversion window (step_rates), so
    it differs from the Funnel page's rate over every lead of the view."""
    overall = overall_rate(lifted)
    whole = lifted[lifted["dimension"] == "all"] if not lifted.empty else lifted
    count = 0 if whole.empty else int(whole.iloc[0]["lead"])
    many = filters.unit[1].lower()
    rate = "–" if overall is None else fmt_pct(overall)
    if filters.mode == "cohort" and filters.window_days > 0:
        if not count:
            return (
                f"– (none of the {many} in this view was created more than {fmt_int(filters.window_days)} days "
                "before the data's last day; younger ones may still convert, so they are left out)"
            )
        return (
            f"{rate} of the {fmt_int(count)} {many} created more than {fmt_int(filters.window_days)} days before "
            "the data's last day; younger ones may still convert, so they are left out"
        )
    return f"{rate} of the {fmt_int(count)} {many} in this view"


def ideal_lead(lifted: pd.DataFrame, undated: UndatedSteps | None = None) -> list[dict[str, Any]]:
    """Per dimension, the value whose leads clearly become customers more often than the view's average:
    enough leads and the lower end of its interval above the overall rate; strongest lift first. None in activity
    mode when some leads reached Customer with no date (`undated`): the dated customers alone are not a segment's
    rate, as Lead→MQL was not (trial 61)."""
    overall = overall_rate(lifted)
    if not overall or (undated is not None and not undated.judges_customers):
        return []
    traits = lifted[lifted["dimension"] != "all"]
    eligible = traits[(traits["lead"] >= config.FRICTION_MIN_SAMPLE) & (traits["low_customer"] > overall)]
    best = eligible.sort_values("lift_customer", ascending=False).groupby("dimension", sort=False).head(1)
    return best[["dimension", "value", "lead", "rate_customer", "lift_customer"]].to_dict("records")


def side_by_side(
    part: pd.DataFrame,
    first: str,
    second: str,
    labels: Mapping[str, str] = config.STAGE_LABELS,
    undated: UndatedSteps | None = None,
) -> pd.DataFrame:
    """Each step's conversion for two values of one trait, with 95 % intervals and whether they clearly differ
    (steps named with `labels`: metrics.stage_labels of the view); a step activity mode leaves unjudged (`undated`:
    a stage of it reached with no date) has no rate: dated entries alone made MQL→SQL 100 % (trial 63)."""
    a = part.set_index("value").loc[first]
    b = part.set_index("value").loc[second]
    rows = []
    for from_stage, to_stage in [*STEPS, ("lead", "customer")]:
        if undated is not None and not undated.judges(from_stage, to_stage):
            blank: dict[str, Any] = {first: UNDATED_CELL, second: UNDATED_CELL, "clearly different": None}
            rows.append({"step": step_label(from_stage, to_stage, labels), **blank})
            continue
        cells = {name: _side_cell(int(r[to_stage]), int(r[from_stage])) for name, r in ((first, a), (second, b))}
        z, minimum = config.FRICTION_Z, config.FRICTION_MIN_SAMPLE
        ka, na, kb, nb = int(a[to_stage]), int(a[from_stage]), int(b[to_stage]), int(b[from_stage])
        differs = clearly_lower(ka, na, kb, nb, z, minimum) or clearly_lower(kb, nb, ka, na, z, minimum)
        # a side with more entries at the step's end than at its start has no rate: nothing to tell apart
        compared = None if OVER_COUNTED_CELL in cells.values() else differs
        rows.append({"step": step_label(from_stage, to_stage, labels), **cells, "clearly different": compared})
    return pd.DataFrame(rows)


def _side_cell(k: int, n: int) -> str:
    """One value's step side by side: '20.0% (11.2%–33.0%, 50)', '–' with no entry at its start, OVER_COUNTED_CELL
    with more entries at its end than at its start (activity mode: wilson(3, 1) raised "math domain error")."""
    if over_counted(k, n):
        return OVER_COUNTED_CELL
    low, high = wilson(k, n, config.FRICTION_Z)
    return f"{fmt_pct(k / n) if n else '–'} ({fmt_pct(low)}–{fmt_pct(high)}, {fmt_int(n)})"


def side_by_side_note(table: pd.DataFrame) -> str | None:
    """Why a side-by-side cell reads OVER_COUNTED_CELL, in words; None when none does."""
    if not table.isin([OVER_COUNTED_CELL]).any().any():
        return None
    return f"– (not a rate): {NOT_A_RATE}; each stage is counted by its own date, so the two are not the same leads."


def lift_note(lifted: pd.DataFrame) -> str | None:
    """Why a rate of the lift table is missing where its trait value has leads (activity mode: more SQLs or
    customers entered in the dates than leads were created in them), in words; None when no rate is."""
    over = any((lifted[stage] > lifted["lead"]).any() for stage in ("sql", "customer")) if not lifted.empty else False
    if not over:
        return None
    return (
        "A rate shown – beside leads: more SQLs or customers entered in these dates than leads were created in them, "
        "and activity counts are not a conversion rate."
    )
