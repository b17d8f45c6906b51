"""The engine a view's queries run on: the embedded DuckDB connection, or Spark (FUNNEL_ENGINE / --engine)."""

from __future__ import annotations

import os
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from dashboard import config


@runtime_checkable
class QueryEngine(Protocol):
    """What the metrics layer needs of an engine other than DuckDB: a named query file run with its parameters
    (the view among them) as a DataFrame, and the data's key/value facts (meta)."""

    def run_query(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        """Run one query file (by stem or path, as queries.sql_text takes it)."""
        ...

    def get_meta(self, key: str) -> str | None:
        """One key/value fact about the data, or None."""
        ...


def engine_name(choice: str | None = None) -> str:
    """The engine asked for (an explicit choice, else $FUNNEL_ENGINE, else duckdb), checked."""
    name = (choice or os.environ.get(config.ENGINE_ENV_VAR) or config.DEFAULT_ENGINE).strip().lower()
    if name not in config.ENGINES:
        where = f"from --engine or ${config.ENGINE_ENV_VAR}"
        raise ValueError(f"unknown engine {name!r} ({where}): use one of {', '.join(config.ENGINES)}")
    return name
