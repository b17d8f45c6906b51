"""Load queries/<name>.sql and run it with named $parameters; values are always bound, never spliced."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import duckdb
import pandas as pd

from dashboard import config

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@cache
def sql_text(name: str) -> str:
    """Return the text of queries/<name>.sql (name must be a plain file stem)."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"not a query name: {name!r}")
    return (config.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


def used_params(sql: str) -> set[str]:
    """Names of the $parameters a statement refers to (comments ignored)."""
    return set(_PARAM.findall(_strip_comments(sql)))


def _bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    needed = used_params(sql)
    missing = needed - params.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return {k: params[k] for k in needed}


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run one query file on its own cursor and return the result as a DataFrame."""
    sql = sql_text(name)
    cur = con.cursor()
    try:
        return cur.execute(sql, _bind(sql, params or {})).df()
    finally:
        cur.close()


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    """Run a multi-statement file (statements end with ';' at a line end) on the given connection."""
    run_statements(con, sql_text(name), params)


def run_statements(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> None:
    """Run multi-statement SQL text (statements end with ';' at a line end), each with the parameters it uses."""
    for statement in re.split(r";\s*\n", _strip_comments(sql)):
        if statement.strip():
            con.execute(statement, _bind(statement, params or {}))
