"""The bench's peers: the project's funnel, deal summary and source breakdown in vectorised pandas and in Polars.

Both read the stored columns of `leads` and `deal_facts` (loaded once) and follow queries/macros/:
a lead counts at a stage (cohort mode) when created in the range and it, or a later stage, was reached
(in order, when asked) within the conversion window; activity mode counts each stage's own entries in the
range. No Python loops over rows: masks, sums and group-bys only; the top-n ranking runs on the ≤ dozen
aggregated rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pandas as pd
import polars as pl

from dashboard import config
from dashboard.filters import DIMENSION_FIELD, Filters
from dashboard.formatting import other_group

STAGES = config.STAGES
LATER = STAGES[1:]
LEAD_COLUMNS = (
    "created_at",
    *config.DIMENSIONS,
    *(f"is_{s}" for s in LATER),
    *(f"{s}_entered_at" for s in LATER),
    *(f"{s}_after_seconds" for s in LATER),
    *(f"{s}_in_order" for s in LATER),
    # a lead closed out (disqualified, or its deals all lost) is dropped out however young: stored (lead_derivation)
    "is_closed_out",
)
DEAL_COLUMNS = ("status", "amount", "created_at", "closed_at", "cohort_at", "cycle_days", *config.DIMENSIONS)


@dataclass(frozen=True)
class Numbers:
    """What each engine computes for a view, in a shape that compares exactly."""

    funnel: tuple[tuple[str, int, int], ...]  # stage, count_leads, count_in_progress
    deals: tuple[int, int, int, float, float | None]  # open, won, lost, revenue, median cycle days
    breakdown: tuple[tuple[str, str, int], ...]  # value, stage, count_leads (top n by weight, then "Other sources (n)")


def arrow(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]) -> Any:
    """The stored columns of one table as an Arrow table."""
    return con.sql(f"select {', '.join(columns)} from {table}").to_arrow_table()


def as_of(con: duckdb.DuckDBPyConnection) -> datetime:
    """The data's "today" (young cohorts are measured against it), as stored."""
    return con.execute("select as_of from data_as_of").fetchall()[0][0]


def bounds(f: Filters) -> tuple[datetime | None, datetime | None]:
    """The view's dates as the project binds them: a start, and an exclusive end (the whole last day counts)."""
    view = f.to_params()["view"]
    return view["date_from"], view["date_to"]


def rank_values(per_value: dict[str, list[int]], top_n: int = config.BREAKDOWN_TOP_N) -> tuple:
    """breakdown.sql's labelling on aggregated rows: values with any hit, the top_n by weight (ties by
    name) keep their name, the rest are summed in one bucket named for the sources it holds ("Other sources
    (4)", as metrics.breakdown names it). per_value: value -> five stage counts + weight."""
    ranked = sorted(((v, c) for v, c in per_value.items() if c[-1] > 0), key=lambda vc: (-vc[1][-1], vc[0]))
    other = other_group("source", len(ranked) - top_n) if len(ranked) > top_n else ""
    labelled: dict[str, list[int]] = {}
    for i, (value, counts) in enumerate(ranked):
        label = value if i < top_n else other
        labelled[label] = [a + b for a, b in zip(labelled.get(label, [0] * 5), counts[:5], strict=True)]
    return tuple((v, s, int(n)) for v, counts in labelled.items() for s, n in zip(STAGES, counts, strict=True))


def in_range(ts: Any, not_null: Any, f: Filters) -> Any:
    """macros/scope.sql's in_range on a pandas Series or a Polars expression: a date in the view's range (null: no)."""
    lo, hi = bounds(f)
    mask = not_null(ts)
    if lo is not None:
        mask &= ts >= lo
    if hi is not None:
        mask &= ts < hi
    return mask


def stage_hits(col: Callable[[str], Any], not_null: Callable[[Any], Any], f: Filters) -> dict[str, Any]:
    """funnel_hits' hit_<stage> per lead, for either engine: `col` gives a column (Series or expression)."""
    created = in_range(col("created_at"), not_null, f)
    own = {}
    for s in LATER:
        reached = col(f"{s}_in_order" if f.in_order else f"is_{s}")
        if f.mode == "activity":
            own[s] = reached & in_range(col(f"{s}_entered_at"), not_null, f)
            continue
        hit = reached & created
        if f.window_days > 0:
            after = col(f"{s}_after_seconds")
            hit &= ~not_null(after) | (after <= f.window_days * 86400)
        own[s] = hit
    hits = {"lead": created, **own}
    if f.mode == "cohort":  # a later stage implies every earlier one
        for earlier, later in zip(reversed(LATER[:-1]), reversed(LATER[1:]), strict=True):
            hits[earlier] = hits[earlier] | hits[later]
    return hits


# ---- pandas ---------------------------------------------------------------------------------------------


def pandas_frames(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """leads and deal_facts as pandas DataFrames, dimensions as categoricals (pandas' fast path for them)."""
    frames = []
    for table, columns in (("leads", LEAD_COLUMNS), ("deal_facts", DEAL_COLUMNS)):
        df = arrow(con, table, columns).to_pandas()
        frames.append(df.astype({dim: "category" for dim in config.DIMENSIONS}))
    return frames[0], frames[1]


def _pd_dims(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    mask = None
    for dim, field in DIMENSION_FIELD.items():
        values = getattr(f, field)
        if values:
            hit = df[dim].isin(values)
            mask = hit if mask is None else mask & hit
    return df if mask is None else df[mask]


def _pd_hits(leads: pd.DataFrame, f: Filters) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    scope = _pd_dims(leads, f)
    return scope, stage_hits(scope.__getitem__, pd.Series.notna, f)


def pandas_funnel(leads: pd.DataFrame, f: Filters, today: datetime) -> tuple:
    """Count and still-in-window count per stage."""
    scope, hits = _pd_hits(leads, f)
    if f.mode == "cohort":
        young = ~scope["is_closed_out"].fillna(False).astype(bool)
        if f.window_days > 0:
            young &= scope["created_at"] > today - timedelta(days=f.window_days)
    else:
        young = pd.Series(False, index=scope.index)
    counts = {s: int(hits[s].sum()) for s in STAGES}
    progress = {s: int((hits[p] & ~hits[s] & young).sum()) for p, s in zip(STAGES, LATER, strict=False)}
    return tuple((s, counts[s], progress.get(s, 0)) for s in STAGES)


def pandas_deals(deals: pd.DataFrame, f: Filters) -> tuple:
    """Open, won, lost, revenue and the median cycle of won deals in scope."""
    scope = _pd_dims(deals, f)
    status = scope["status"]
    # activity mode dates an open deal by its creation, a closed one by its close
    at = scope["created_at"].where(status == "open", scope["closed_at"]) if f.mode == "activity" else scope["cohort_at"]
    in_scope = in_range(at, pd.Series.notna, f)
    won = in_scope & (status == "won")
    median = scope["cycle_days"][won].median()
    return (
        int((in_scope & (status == "open")).sum()),
        int(won.sum()),
        int((in_scope & (status == "lost")).sum()),
        float(scope["amount"][won].sum()),
        None if pd.isna(median) else float(median),
    )


def pandas_breakdown(leads: pd.DataFrame, f: Filters, dimension: str = "source") -> tuple:
    """The funnel per value of one dimension, top values and Other."""
    scope, hits = _pd_hits(leads, f)
    frame = pd.DataFrame(hits)
    frame["weight"] = frame.any(axis=1)
    key = scope[dimension]
    if key.isna().any():
        key = key.cat.add_categories([config.NONE_LABEL]).fillna(config.NONE_LABEL)
    per_value = frame.groupby(key, observed=True).sum()
    return rank_values(
        {str(v): [int(n) for n in row] for v, row in zip(per_value.index, per_value.to_numpy(), strict=True)}
    )


# ---- Polars ---------------------------------------------------------------------------------------------


def polars_frames(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """leads and deal_facts as Polars DataFrames, dimensions as categoricals."""
    frames = []
    for table, columns in (("leads", LEAD_COLUMNS), ("deal_facts", DEAL_COLUMNS)):
        df = pl.from_arrow(arrow(con, table, columns))
        frames.append(df.with_columns(pl.col(*config.DIMENSIONS).cast(pl.Categorical)))
    return frames[0], frames[1]


def _pl_dims(df: pl.DataFrame, f: Filters) -> pl.LazyFrame:
    lazy = df.lazy()
    for dim, field in DIMENSION_FIELD.items():
        values = getattr(f, field)
        if values:
            lazy = lazy.filter(pl.col(dim).is_in(list(values)))
    return lazy


def polars_funnel(leads: pl.DataFrame, f: Filters, today: datetime) -> tuple:
    """Count and still-in-window count per stage."""
    hits = stage_hits(pl.col, pl.Expr.is_not_null, f)
    if f.mode == "cohort":
        young = ~pl.col("is_closed_out").fill_null(False)
        if f.window_days > 0:
            young = young & (pl.col("created_at") > today - timedelta(days=f.window_days))
    else:
        young = pl.lit(False)
    exprs = [hits[s].sum().alias(s) for s in STAGES]
    exprs += [(hits[p] & ~hits[s] & young).sum().alias(f"young_{s}") for p, s in zip(STAGES, LATER, strict=False)]
    row = _pl_dims(leads, f).select(exprs).collect().row(0, named=True)
    return tuple((s, int(row[s]), int(row.get(f"young_{s}", 0))) for s in STAGES)


def polars_deals(deals: pl.DataFrame, f: Filters) -> tuple:
    """Open, won, lost, revenue and the median cycle of won deals in scope."""
    status = pl.col("status")
    if f.mode == "activity":
        at = pl.when(status == "open").then(pl.col("created_at")).otherwise(pl.col("closed_at"))
    else:
        at = pl.col("cohort_at")
    in_scope = in_range(at, pl.Expr.is_not_null, f)
    won = in_scope & (status == "won")
    row = (
        _pl_dims(deals, f)
        .select(
            (in_scope & (status == "open")).sum().alias("open"),
            won.sum().alias("won"),
            (in_scope & (status == "lost")).sum().alias("lost"),
            pl.col("amount").filter(won).sum().alias("revenue"),
            pl.col("cycle_days").filter(won).median().alias("median_cycle"),
        )
        .collect()
        .row(0)
    )
    return (int(row[0]), int(row[1]), int(row[2]), float(row[3]), None if row[4] is None else float(row[4]))


def polars_breakdown(leads: pl.DataFrame, f: Filters, dimension: str = "source") -> tuple:
    """The funnel per value of one dimension, top values and Other."""
    hits = stage_hits(pl.col, pl.Expr.is_not_null, f)
    per_value = (
        _pl_dims(leads, f)
        .group_by(pl.col(dimension).cast(pl.String).fill_null(config.NONE_LABEL).alias("value"))
        .agg(*(hits[s].sum().alias(s) for s in STAGES), pl.any_horizontal(*hits.values()).sum().alias("weight"))
        .collect()
    )
    return rank_values({row[0]: [int(n) for n in row[1:]] for row in per_value.iter_rows()})


ENGINES = {
    "pandas": (pandas_funnel, pandas_deals, pandas_breakdown),
    "polars": (polars_funnel, polars_deals, polars_breakdown),
}


def numbers(engine: str, leads: Any, deals: Any, f: Filters, today: datetime) -> dict[str, Callable[[], tuple]]:
    """One peer's three computations for a view, as functions to time one by one."""
    funnel, deal_summary, breakdown = ENGINES[engine]
    return {
        "funnel": lambda: funnel(leads, f, today),
        "deals": lambda: deal_summary(deals, f),
        "breakdown": lambda: breakdown(leads, f),
    }
