"""The engine a view's queries run on: the embedded DuckDB connection, or Spark (FUNNEL_ENGINE / --engine)."""

from __future__ import annotations

import os
import time
from pathlib import Path
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


def spark_data_folder(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The built tables' folder the Spark engine reads: an explicit one, else $FUNNEL_DATA (required)."""
    folder = explicit or os.environ.get(config.SPARK_DATA_ENV_VAR)
    if not folder:
        raise ValueError(f"name the built tables' folder with ${config.SPARK_DATA_ENV_VAR} (see `dashboard build`)")
    return Path(folder)


def is_catalog(location: str | os.PathLike[str]) -> bool:
    """True when the Spark engine's data is named as catalog tables (catalog:<database>), not a folder."""
    return str(location).startswith(config.SPARK_CATALOG_PREFIX)


def folder_identity(folder: Path) -> tuple[int, int]:
    """(newest modification time in ns, number of entries) of the tables' files: a rebuild changes it, so the
    pages read the new tables instead of cached results of the old ones. Catalog tables (catalog:<database>) have no
    files here: their identity changes every config.SPARK_CATALOG_REFRESH_SECONDS."""
    if is_catalog(folder):
        return int(time.time() // config.SPARK_CATALOG_REFRESH_SECONDS), 0
    stamps = [p.stat().st_mtime_ns for p in folder.rglob("*")] if folder.is_dir() else []
    return max(stamps, default=0), len(stamps)
