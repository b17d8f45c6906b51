"""Deterministic demo data: a B2B company's three years of leads, deals, spend and targets."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import duckdb

from dashboard import clock, config, store
from dashboard.queries import run_statements, sql_text

HISTORY_DAYS = 3 * 365
# leads generated per pass of demo.sql's chunk statements: the working tables hold one chunk, so the
# peak memory no longer grows with the demo's size (ten million leads at once peaked at 6.4 GiB)
CHUNK_LEADS = 1_000_000
# DuckDB's cap while generating: without one it keeps every block written so far in memory (80 % of the
# machine is its default), so the peak grew with the demo's size even in chunks (1.05 GiB at 1 M leads,
# 2.2 GiB at 3 M); capped, it spills instead. At 512 MB the peak was 0.64 GiB at 1 M and 0.68 GiB at 3 M but
# generation took five times longer. At 10 M the accounts (4.7 M of them) are the largest step: while they were
# grouped twice (account_facts, then account_groups) 1.5 GB ran out ("could not allocate block") and 2 GB peaked
# at 2.26 GiB; grouped once (schema/account_facts.sql), 1.5 GB completes with a 1.68 GiB peak in about 2 minutes,
# as fast as at 2 GB
MEMORY_LIMIT = "1.5GB"
# the lines of demo.sql that open and close its per-chunk statements
_CHUNK_MARKER = re.compile(r"^-- chunk (?:begin|end)\b.*$", flags=re.MULTILINE)


def default_end() -> datetime:
    """The demo's "today": midnight at the start of the current day in the data's zone, so reruns on one day agree."""
    # the product's clock (config.DATA_TIMEZONE), as the horizon set below: the machine's day (a server on
    # Pacific/Kiritimati a day ahead of the data's UTC) ended the demo on a day the data had not reached
    return datetime.combine(clock.today(), time())


def generate(
    con: duckdb.DuckDBPyConnection,
    leads: int = config.DEMO_DEFAULT_LEADS,
    seed: int = config.DEMO_DEFAULT_SEED,
    end_at: datetime | None = None,
    chunk_leads: int = CHUNK_LEADS,
) -> None:
    """Replace all data with demo data of `leads` leads; same seed and end date give the same rows, whatever
    the chunk size."""
    if leads < 1:
        raise ValueError("the demo needs at least one lead")
    if chunk_leads < 1:
        raise ValueError("a chunk holds at least one lead")
    end = end_at or default_end()
    params = {"n": leads, "seed": seed, "start_at": end - timedelta(days=HISTORY_DAYS), "end_at": end}
    setup, per_chunk, rest = script_parts()
    # the chunks write each lead with its stage columns, after the deals they come from
    with store.memory_limit(con, MEMORY_LIMIT), store.transaction(con, stale=store.UNDERIVED_LEADS):
        # all data is replaced: accounts imported before would name the demo's account ids
        # and the deals kept aside for want of their lead: one of the old data set came back with a later leads import
        for table in (*store.OPTIONAL_TABLES, store.AWAITING_TABLE):
            con.execute(f"delete from {table}")
        run_statements(con, setup, params)
        for chunk_from in range(0, leads, chunk_leads):
            chunk = {"chunk_from": chunk_from, "chunk_to": min(chunk_from + chunk_leads, leads)}
            run_statements(con, per_chunk, {**params, **chunk})
        run_statements(con, rest, params)
        store.mark_demo_tables(con, store.BASE_TABLES)
        store.set_meta(con, "demo_end_at", end.isoformat())
        # the demo replaces the leads and deals as an import does: both tables' horizon is its clock
        for key in store.HORIZON_KEYS.values():
            store.set_meta(con, key, clock.horizon().isoformat(timespec="seconds"))


def script_parts() -> tuple[str, str, str]:
    """demo.sql split at its chunk markers: what runs before the chunks, once per chunk, and after them."""
    parts = _CHUNK_MARKER.split(sql_text("demo/demo"))
    if len(parts) != 3:
        raise ValueError("demo.sql needs one '-- chunk begin' line and one '-- chunk end' line after it")
    setup, per_chunk, rest = parts
    return setup, per_chunk, rest
