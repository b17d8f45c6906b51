"""Funnel and deal metrics for a Filters view: DataFrames and dataclasses, no Streamlit inside."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboard import config
from dashboard.filters import FilterOptions, Filters
from dashboard.queries import run


def _num(value: Any) -> float | None:
    """A plain float, or None for SQL NULL / NaN."""
    if value is None or pd.isna(value):
        return None
    return float(value)


def funnel(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per stage: stage, label, team, count_leads, pct_of_previous, pct_of_first."""
    df = run(con, "funnel", filters.to_params())
    df["label"] = df["stage"].map(config.STAGE_LABELS)
    df["team"] = df["stage"].map(config.STAGE_OWNERS)
    df["count_leads"] = df["count_leads"].astype("int64")
    return df[["stage", "label", "team", "count_leads", "pct_of_previous", "pct_of_first"]]


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

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI contract."""
        return asdict(self)


def deal_summary(con: duckdb.DuckDBPyConnection, filters: Filters) -> DealSummary:
    """Open, won and lost deals, win rate, revenue, average deal size and median cycle."""
    row = run(con, "deals", filters.to_params()).iloc[0]
    return DealSummary(
        open=int(row["count_open"]),
        won=int(row["count_won"]),
        lost=int(row["count_lost"]),
        win_rate=_num(row["win_rate"]),
        revenue=float(row["revenue"]),
        avg_deal_size=_num(row["avg_deal_size"]),
        median_cycle_days=_num(row["median_cycle_days"]),
    )


@dataclass(frozen=True)
class Headline:
    """The landing page's numbers."""

    leads: int
    mqls: int
    sqls: int
    opportunities: int
    won_deals: int
    revenue: float


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
    )


def monthly_entries(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per month and stage: month, stage, label, count_entries."""
    df = run(con, "monthly_entries", filters.to_params())
    df["label"] = df["stage"].map(config.STAGE_LABELS)
    df["month"] = pd.to_datetime(df["month"])
    return df


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """Values present per dimension (most common first) and the data's first and last day."""
    df = run(con, "filter_options")
    values = {dim: tuple(df.loc[df["dimension"] == dim, "value"].astype(str)) for dim in config.DIMENSIONS}
    bounds = run(con, "date_bounds").iloc[0]
    min_date = None if pd.isna(bounds["min_date"]) else pd.Timestamp(bounds["min_date"]).date()
    max_date = None if pd.isna(bounds["max_date"]) else pd.Timestamp(bounds["max_date"]).date()
    return FilterOptions(values=values, min_date=min_date, max_date=max_date)


def funnel_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The funnel as the CLI's JSON records: stage, count, pct_of_previous, pct_of_first."""
    return [
        {
            "stage": r.stage,
            "count": int(r.count_leads),
            "pct_of_previous": None
            if r.pct_of_previous is None or math.isnan(r.pct_of_previous)
            else float(r.pct_of_previous),
            "pct_of_first": None if r.pct_of_first is None or math.isnan(r.pct_of_first) else float(r.pct_of_first),
        }
        for r in df.itertuples()
    ]


def data_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per base table: table_name, count_rows, first_date, last_date."""
    return run(con, "data_summary")
