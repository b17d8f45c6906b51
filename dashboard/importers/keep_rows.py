"""A mapping's `keep` line: only the rows whose value in one file column is one of the values listed are imported
(new business only: `keep = { column = "Deal Type", values = ["New Business"] }`); the others are left out as
skipped rows of their own reason (checks.LEFT_OUT), counted with their amount in the report."""

from __future__ import annotations

import duckdb

from dashboard import config, store
from dashboard.formatting import fmt_count, plain_number
from dashboard.importers import checks
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import TableMapping, value_key

# values of the left-out rows named in the report, most rows first
VALUES_NAMED = 6


def leave_out(
    con: duckdb.DuckDBPyConnection,
    mapping: TableMapping | None,
    raw: tuple[str, list[str]],
    index: int,
    file_name: str,
) -> list[str]:
    """Record the rows of the staged file (`raw`: its view as read and its columns) that the keep line does not
    keep as skipped; refused when the column is not in the file or no row is kept (a misspelt value). The warning
    on a value to keep that no row holds."""
    if mapping is None or mapping.keep is None:
        return []
    view, columns = raw
    column, values = mapping.keep
    if column not in columns:
        raise ImportRefused(
            f"{file_name}: the mapping's keep names column {column!r}, which the file does not have (its columns: "
            f"{', '.join(repr(c) for c in columns)})"
        )
    # the cell as the import reads it: a CRM's no-value mark ('-None-') is blank, as is an empty cell (key '')
    cleaned = f"no_value(clean({store.quote_identifier(column)}))"
    cell = f"value_key(coalesce({cleaned}, ''))"
    keys = [keep_key(v) for v in values]
    params = {"index": index, "file": file_name, "column": column, "keys": keys}
    con.execute(
        f"insert into {checks.ISSUES} select $index, $file, _row, $column, '{checks.LEFT_OUT}', "
        f"{cleaned}, '{checks.SKIPPED}' from {view} "
        f"where not list_contains($keys, {cell})",
        params,
    )
    found = con.execute(
        f"select min({cleaned}) as v, count(*), {cell} as k from {view} group by k order by 2 desc, 1"
    ).fetchall()
    held = {k for _, _, k in found}
    listed = _listed([(v, n) for v, n, _ in found])
    if not held & set(keys):
        raise ImportRefused(
            f"{file_name}: the mapping's keep leaves out every row: no {column!r} is "
            f"{' or '.join(repr(v) for v in values)} (the file's values: {listed}); write them as the file does"
        )
    unseen = [v for v in values if keep_key(v) not in held]
    return (
        [
            f"{file_name}: the mapping's keep names {', '.join(repr(v) for v in unseen)}, which no row's {column!r} "
            f"holds (the file's values: {listed}): if it is misspelt, its rows are left out"
        ]
        if unseen
        else []
    )


def keep_key(value: str) -> str:
    """A keep line's value as cells are matched (value_key): a blank ("") or a CRM's no-value mark ('-None-') keeps
    the blank cells, which the import reads those marks as."""
    key = value_key(value)
    return "" if key in {value_key(m) for m in config.NO_VALUE_MARKS} else key


def left_out_note(
    con: duckdb.DuckDBPyConnection, mapping: TableMapping | None, table: tuple[str, list[str]], index: int, name: str
) -> list[str]:
    """The report's line on the rows the keep line left out: how many, their values, their amount (`table`: the
    file's rows as read into the canonical columns, and those columns), and the values it keeps that no row has."""
    if mapping is None or mapping.keep is None:
        return []
    staging, columns = table
    column, values = mapping.keep
    amount = "sum(try_cast(s.amount as double))" if "amount" in columns else "null::double"
    found = con.execute(
        f"select i.value, count(*), {amount} from {checks.ISSUES} as i join {staging} as s on s._row = i.row_number "
        f"where i.file_index = $index and i.reason = '{checks.LEFT_OUT}' group by 1 order by 2 desc, 1",
        {"index": index},
    ).fetchall()
    kept_values = ", ".join(f"{v!r}" for v in values)
    said = f"{name}: kept only the rows whose {column!r} is {kept_values} (the mapping's keep)"
    if found:
        rows = sum(int(n) for _, n, _ in found)
        money = f" (amount {plain_number(sum(float(a or 0) for _, _, a in found))})" if "amount" in columns else ""
        said += f"; left out {fmt_count(rows, 'row')}{money}: {_listed([(v, n) for v, n, _ in found])}"
    else:
        said += "; no row left out"
    return [said]


def _listed(found: list[tuple[str | None, int]]) -> str:
    """Values with their row counts, the first few: 'Existing Business' 28, blank 2."""
    more = f" and {len(found) - VALUES_NAMED} more" if len(found) > VALUES_NAMED else ""
    return ", ".join(f"{'blank' if v is None else repr(v)} {n:,}" for v, n in found[:VALUES_NAMED]) + more
