"""Load a query from queries/ and run it with named $parameters; values are always bound, never spliced."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard import config, idle_memory
from dashboard.engine import QueryEngine

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@cache
def _query_paths() -> dict[str, Path]:
    # the layers (schema/, macros/, pages/<page>/, checks/, demo/) by path, and the page queries by
    # their file stem too, which is unique among them: dashboard modules name a query by its stem
    paths: dict[str, Path] = {}
    for path in sorted(config.QUERIES_DIR.rglob("*.sql")):
        if path.name.endswith(".spark.sql"):
            # a Spark variant's CTEs, read by dashboard.spark_sql beside the query they belong to
            continue
        rel = path.relative_to(config.QUERIES_DIR).with_suffix("").as_posix()
        paths[rel] = path
        if rel.startswith("pages/"):
            if path.stem in paths:
                raise ValueError(f"two page queries are called {path.stem!r}")
            paths[path.stem] = path
    return paths


def query_path(name: str) -> Path:
    """The file of a query: a page query by its stem ("funnel") or any file by its path in queries/ without
    .sql ("pages/funnel/funnel", "schema/tables")."""
    if not re.fullmatch(r"[a-z0-9_]+(/[a-z0-9_]+)*", name):
        raise ValueError(f"not a query name: {name!r}")
    path = _query_paths().get(name)
    if path is None:
        raise ValueError(f"no query called {name!r} in {config.QUERIES_DIR}")
    return path


# config lists a query file names as {{name}}, written in as SQL string literals when the file is read: a macro
# cannot take a bound parameter (DuckDB: "Parameter expressions within macro's are not supported"), and a list
# copied into the SQL by hand could drift from config's. constants of the code only, never a user's value
_CONFIG_LISTS: dict[str, tuple[str, ...]] = {
    # macros/cleaning.sql's no_value compares in lower case
    "no_value_marks": tuple(m.lower() for m in config.NO_VALUE_MARKS),
    # macros/scope.sql's value_fits: a filter's "(none)" chooses the blank values, as the breakdowns name them
    "none_label": (config.NONE_LABEL,),
}
_CONFIG_LIST = re.compile(r"\{\{(\w+)\}\}")


def sql_literal(text: str) -> str:
    """A text as an SQL string literal (quotes doubled): for a code constant or a file's column name written into
    SQL text where a bound parameter cannot go (a macro, an expression naming columns); never a cell's value."""
    return "'" + text.replace("'", "''") + "'"


def _sql_strings(values: tuple[str, ...]) -> str:
    return ", ".join(sql_literal(v) for v in values)


@cache
def sql_text(name: str) -> str:
    """Return the text of a query: a page query by its stem ("funnel") or any file by its path in queries/
    without .sql ("pages/funnel/funnel", "schema/tables"), with the config lists it names written in."""
    return _CONFIG_LIST.sub(lambda m: _sql_strings(_CONFIG_LISTS[m.group(1)]), query_path(name).read_text("utf-8"))


def query_names(layer: str) -> list[str]:
    """The paths (as sql_text takes them) of every query of one layer of queries/, e.g. "checks"."""
    return sorted(name for name in _query_paths() if name.startswith(f"{layer}/"))


def with_view(params: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A copy of query parameters whose view struct has some fields replaced (a period of its own)."""
    unknown = fields.keys() - params["view"].keys()
    if unknown:
        raise KeyError(f"not fields of the view: {sorted(unknown)}")
    return {**params, "view": {**params["view"], **fields}}


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


def run(con: duckdb.DuckDBPyConnection | QueryEngine, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run one query file on its own cursor (or on the engine given instead) and return the result as a DataFrame."""
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return con.run_query(name, params or {})
    sql = sql_text(name)
    cur = con.cursor()
    # the server gives DuckDB's block cache back only while no query runs (dashboard.idle_memory)
    with idle_memory.SERVER.busy():
        try:
            return cur.execute(sql, _bind(sql, params or {})).df()
        finally:
            cur.close()


def run_here(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run one query file on the given connection itself, so it sees that connection's open transaction."""
    sql = sql_text(name)
    return con.execute(sql, _bind(sql, params or {})).df()


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    """Run a multi-statement file (statements end with ';' at a line end) on the given connection."""
    run_statements(con, sql_text(name), params)


def run_statements(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> None:
    """Run multi-statement SQL text (statements end with ';' at a line end), each with the parameters it uses."""
    for statement in re.split(r";\s*\n", _strip_comments(sql)):
        if statement.strip():
            con.execute(statement, _bind(statement, params or {}))
