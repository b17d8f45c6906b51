"""Data tests: each query in queries/checks/ returns the rows that break one rule of the data; none should."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from dashboard import config
from dashboard.queries import query_names, run_here

# meta key: the failing checks of the last import (JSON object, check name -> violating rows)
FAILURES_KEY = "check_failures"


def names() -> list[str]:
    """Every data check, by its file name in queries/checks/."""
    return [name.removeprefix("checks/") for name in query_names("checks")]


def violations(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """The rows that break one check (empty when the data passes it), on `con` itself: an import runs the
    checks inside its transaction, which a cursor of its own would not see."""
    return run_here(con, f"checks/{name}", {"stages": list(config.STAGES)})


def run_all(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Check name -> violating rows, for the checks that fail (empty: the data passes every check)."""
    counts = {name: len(violations(con, name)) for name in names()}
    return {name: n for name, n in counts.items() if n}


def failures(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The checks the data failed at its last import (name -> violating rows, as store.transaction keeps
    them); empty when none failed or none ran yet."""
    row = con.execute("select value from meta where key = $key", {"key": FAILURES_KEY}).fetchall()
    return json.loads(row[0][0]) if row else {}


def describe(failed: dict[str, int]) -> list[str]:
    """One sentence per failing check, e.g. 'unique ids: 2 rows break it'."""
    return [
        f"{name.replace('_', ' ')}: {n:,} {'row breaks' if n == 1 else 'rows break'} it" for name, n in failed.items()
    ]
