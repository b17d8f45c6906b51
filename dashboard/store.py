"""Open or create the DuckDB file, keep its schema and derived tables, run transactions."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from dashboard import config

BASE_TABLES: tuple[str, ...] = ("leads", "deals", "touches", "spend", "targets")
# Raise when the derived tables' definition changes, so files made by older versions are rebuilt.
DERIVED_VERSION = "5"


def _script(name: str) -> str:
    return (config.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def connect(path: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating when needed) the database with the canonical schema and filter macros."""
    target = config.db_path(path)
    if str(target) != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target))
    con.execute(_script("schema"))
    if get_meta(con, "derived_version") != DERIVED_VERSION:
        con.execute("begin transaction")
        refresh_derived(con)
        set_meta(con, "derived_version", DERIVED_VERSION)
        con.execute("commit")
    con.execute(_script("macros"))
    return con


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> Any:
    """First value of the first row (None when no row), with the result fully consumed."""
    rows = con.execute(sql, params or {}).fetchall()
    return rows[0][0] if rows else None


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the materialised stage tables from the base tables (call inside the import transaction)."""
    con.execute(_script("refresh_derived"))


@contextmanager
def memory_limit(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """Cap DuckDB's memory for a block (it spills to its temporary directory), then return to the default.

    The default (80 % of the machine) is restored with RESET: the setting reads back rounded
    ("18.8 GiB"), so setting that text again would not give the same limit.
    """
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit):
        raise ValueError(f"memory limit {limit!r} is not like '1GB'")
    # SET takes no bound parameters; the value is a checked size, never user text
    con.execute(f"set memory_limit = '{limit}'")
    try:
        yield
    finally:
        con.execute("reset memory_limit")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run a block as one transaction: derived tables refreshed on commit, nothing kept on error."""
    con.execute("begin transaction")
    try:
        yield con
        refresh_derived(con)
        set_meta(con, "last_import_at", datetime.now().isoformat(timespec="seconds"))
        bump_data_version(con)
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Store one key/value fact about the data."""
    con.execute("insert or replace into meta (key, value) values ($key, $value)", {"key": key, "value": value})


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """Read one key/value fact about the data, or None."""
    return scalar(con, "select value from meta where key = $key", {"key": key})


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    """Advance the counter that cached results are keyed on, so no page shows stale numbers."""
    current = int(get_meta(con, "data_version") or 0)
    set_meta(con, "data_version", str(current + 1))


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the counter of committed changes to the data."""
    return int(get_meta(con, "data_version") or 0)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every base table."""
    return {t: scalar(con, f"select count(*) from {t}") for t in BASE_TABLES}


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the loaded data came from the demo generator."""
    return get_meta(con, "is_demo") == "true"


def has_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True when at least one lead or deal is loaded."""
    return bool(scalar(con, "select exists (from leads) or exists (from deals)"))


def clear_all(con: duckdb.DuckDBPyConnection) -> None:
    """Remove every row of every base table, as one transaction (used to drop the demo data)."""
    with transaction(con):
        for table in BASE_TABLES:
            con.execute(f"delete from {table}")
        set_meta(con, "is_demo", "false")


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, tuple[str, bool]]:
    """Column name -> (DuckDB type, is required) for a canonical table, in table order."""
    rows = con.execute(
        "select column_name, data_type, is_nullable from information_schema.columns "
        "where table_name = $table and table_schema = 'main' order by ordinal_position",
        {"table": table},
    ).fetchall()
    return {name: (dtype, nullable == "NO") for name, dtype, nullable in rows}


def quote_identifier(name: str) -> str:
    """A column name from a file header, quoted so it can never be read as SQL."""
    return '"' + name.replace('"', '""') + '"'
