"""Deterministic demo data: a B2B company's three years of leads, deals, spend and targets."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from dashboard import config, store
from dashboard.queries import run_script

HISTORY_DAYS = 3 * 365


def default_end() -> datetime:
    """The demo's "today": midnight at the start of the current day, so reruns on one day agree."""
    now = datetime.now()
    return datetime(now.year, now.month, now.day)


def generate(
    con: duckdb.DuckDBPyConnection,
    leads: int = config.DEMO_DEFAULT_LEADS,
    seed: int = config.DEMO_DEFAULT_SEED,
    end_at: datetime | None = None,
) -> None:
    """Replace all data with demo data of `leads` leads; same seed and end date give the same rows."""
    if leads < 1:
        raise ValueError("the demo needs at least one lead")
    end = end_at or default_end()
    params = {"n": leads, "seed": seed, "start_at": end - timedelta(days=HISTORY_DAYS), "end_at": end}
    # the script writes each lead with its stage columns, after the deals they come from
    with store.transaction(con, stale=store.UNDERIVED_LEADS):
        run_script(con, "demo", params)
        store.mark_demo_tables(con, store.BASE_TABLES)
        store.set_meta(con, "demo_end_at", end.isoformat())
