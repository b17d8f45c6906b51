"""Data tests: each query in queries/checks/ returns the rows that break one rule of the data; none should."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from dashboard import config
from dashboard.formatting import fmt_count
from dashboard.queries import query_names, run_here

if TYPE_CHECKING:
    from dashboard.engine import QueryEngine

# meta key: the failing checks of the last import (JSON object, check name -> violating rows)
FAILURES_KEY = "check_failures"
# the check of records stored twice under the ids of two CRMs (checks/stored_twice.sql), said with its mend
STORED_TWICE = "stored_twice"
# records named as examples
EXAMPLES = 3


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


def failures(con: duckdb.DuckDBPyConnection | QueryEngine) -> dict[str, int]:
    """The checks the data failed at its last import (name -> violating rows, as store.transaction keeps
    them); empty when none failed or none ran yet."""
    # as store.get_meta reads it (store imports this module): a Spark engine reads the meta it was built with
    if not isinstance(con, duckdb.DuckDBPyConnection):
        value = con.get_meta(FAILURES_KEY)
    else:
        row = con.execute("select value from meta where key = $key", {"key": FAILURES_KEY}).fetchall()
        value = row[0][0] if row else None
    return json.loads(value) if value else {}


def describe(failed: dict[str, int], con: duckdb.DuckDBPyConnection | None = None) -> list[str]:
    """One sentence per failing check, e.g. 'unique ids: 2 rows break it'; with the data's connection, a check that
    has words of its own (stored twice) says what its rows are and how to mend them."""
    return [
        _stored_twice(violations(con, name))
        if con is not None and name == STORED_TWICE
        else f"{name.replace('_', ' ')}: {n:,} {'row breaks' if n == 1 else 'rows break'} it"
        for name, n in failed.items()
    ]


def failed_sentences(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The Data page's sentences on the checks the last import failed (describe of failures), one per check."""
    # one function of the connection, so the page calls it through ui.compute: the stored-twice sentence reads the
    # pairs (checks/stored_twice.sql), which ran at every rerun of the Data page before
    return describe(failures(con), con)


def stored_twice_notice(con: duckdb.DuckDBPyConnection | QueryEngine) -> str | None:
    """The landing page's warning while records are stored twice under the ids of two CRMs (the check stored_twice
    failed at the last import): every number counts them twice until mended; None when not."""
    count = failures(con).get(STORED_TWICE)
    if not count:
        return None
    what = fmt_count(count, "lead or deal", "leads or deals")
    # the numbers they double: a lead counts in counts and rates, a deal in amounts too (the Spark engine's meta
    # says no table: both said)
    kinds = ["leads", "deals"]
    if isinstance(con, duckdb.DuckDBPyConnection):
        # by table where the file can say it (the Spark engine reads only the meta it was built with)
        tables = violations(con, STORED_TWICE)["table_name"].value_counts()
        what = " and ".join(fmt_count(int(n), table.removesuffix("s")) for table, n in sorted(tables.items()))
        count = int(tables.sum())
        kinds = sorted(tables.index) or kinds
    one = count == 1
    numbers = "count, amount and rate" if "deals" in kinds else "count and rate"
    named = "named it by its new id; its old id was" if one else "named them by their new ids; their old ids were"
    return (
        f"{what} {'is' if one else 'are'} stored twice, under the ids of two CRMs (an import of another CRM's export "
        f"{named} in a column the import did not read): every {numbers} of {' and '.join(kinds)} here counts "
        f"{'it' if one else 'them'} twice. The Data page says which, and the mapping line that mends it."
    )


def _stored_twice(rows: pd.DataFrame) -> str:
    """The Data page's sentence on the records stored twice (checks/stored_twice.sql): per table and file, how many,
    examples, and the id list that names each row by the stored id where it has one."""
    parts = []
    for (table, file, column, own), group in rows.groupby(
        ["table_name", "file_name", "column_name", "own_column"], sort=True
    ):
        noun = "lead" if table == "leads" else "deal"
        id_col = f"{noun}_id"
        count = len(group)
        shown = "; ".join(
            f"{i} = {o}" for i, o in zip(group["id"][:EXAMPLES], group["other_id"][:EXAMPLES], strict=True)
        )
        line = json.dumps([column, own], ensure_ascii=False)
        parts.append(
            f"{fmt_count(count, noun)} of {file} {'is' if count == 1 else 'are'} stored twice, under the ids of two "
            f"CRMs ({shown}{' …' if count > EXAMPLES else ''}: its column {column!r} names the stored {noun}): each "
            f"counts twice, in every stage{', amount' if table == 'deals' else ''} and source. To mend it, undo the "
            f"import of {file} if it was the last change (Undo the last change), else import the {table} again: the "
            f"first CRM's export with replace the table, then {file} with add / update by id and {id_col} = {line} "
            f"under [{table}.columns] in its mapping (the first not blank names each row; "
            f"{config.BESIDE_A_PRESET})"
        )
    return "stored twice: " + "; ".join(parts)
