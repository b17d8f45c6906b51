"""A mapping's `keep` line: only the rows whose value in one file column is one of the values listed are imported
(new business only: `keep = { column = "Deal Type", values = ["New Business"] }`), or, with a list of such
conditions, the rows that meet them all; the others are left out as skipped rows of their own reason
(checks.LEFT_OUT), counted with their amount in the report."""

from __future__ import annotations

import duckdb

from dashboard import config, store
from dashboard.formatting import fmt_count, plain_number
from dashboard.importers import checks
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import KeepCondition, TableMapping, value_key

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
    keep as skipped, each under the first of its conditions it fails (the column recorded is that condition's);
    refused when a condition's column is not in the file, or it or the conditions together keep no row (a misspelt
    value). The warnings on a value to keep that no row holds."""
    if mapping is None or mapping.keep is None:
        return []
    view, columns = raw
    warnings: list[str] = []
    for column, values in mapping.keep:
        warnings += _leave_out_by(con, (view, columns), (column, values), index, file_name)
    if len(mapping.keep) > 1:
        kept = con.execute(
            f"select count(*) from {view} where _row not in ({checks.left_out_rows()})", {"index": index}
        ).fetchone()
        if kept is None or not kept[0]:
            raise ImportRefused(
                f"{file_name}: the mapping's keep leaves out every row: no row holds {_kept_values(mapping.keep)} "
                "at once (each condition alone keeps some); check which values go together"
            )
    return warnings


def _leave_out_by(
    con: duckdb.DuckDBPyConnection,
    raw: tuple[str, list[str]],
    condition: KeepCondition,
    index: int,
    file_name: str,
) -> list[str]:
    """Record as left out the rows a keep condition does not keep (those an earlier condition left out are not
    recorded again); refused when its column is missing or no row of the file holds one of its values."""
    view, columns = raw
    column, values = condition
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
        f"where not list_contains($keys, {cell}) and _row not in ({checks.left_out_rows()})",
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
    file's rows as read into the canonical columns, and those columns), per condition when it has several (a row
    counted under the first it fails)."""
    if mapping is None or mapping.keep is None:
        return []
    staging, columns = table
    amount = "sum(try_cast(s.amount as double))" if "amount" in columns else "null::double"
    found = con.execute(
        f"select i.column_name, i.value, count(*), {amount} from {checks.ISSUES} as i join {staging} as s "
        f"on s._row = i.row_number where i.file_index = $index and i.reason = '{checks.LEFT_OUT}' "
        "group by 1, 2 order by 3 desc, 2",
        {"index": index},
    ).fetchall()
    said = f"{name}: kept only the rows whose {_kept_values(mapping.keep)} (the mapping's keep)"
    if not found:
        return [said + "; no row left out"]
    if len(mapping.keep) == 1:
        return [said + "; left out " + _left_out([(v, n, a) for _, v, n, a in found], "amount" in columns)]
    parts = []
    for column, _ in mapping.keep:
        by = [(v, n, a) for c, v, n, a in found if c == column]
        parts.append(f"by {column!r} {_left_out(by, 'amount' in columns)}" if by else f"by {column!r} none")
    total = sum(int(n) for _, _, n, _ in found)
    first = "(a row is counted under the first condition it fails)"
    return [f"{said}; left out {fmt_count(total, 'row')}, {'; '.join(parts)} {first}"]


def _kept_values(keep: tuple[KeepCondition, ...]) -> str:
    """The keep line's conditions in words: 'Type' is 'Opportunity' and whose 'Currency' is 'EUR'."""
    return " and whose ".join(f"{column!r} is {', '.join(f'{v!r}' for v in values)}" for column, values in keep)


def _left_out(found: list[tuple[str | None, int, float | None]], with_amount: bool) -> str:
    """Rows left out with their amount and values: 2 rows (amount 21,300): 'USD' 2."""
    rows = sum(int(n) for _, n, _ in found)
    money = f" (amount {plain_number(sum(float(a or 0) for _, _, a in found))})" if with_amount else ""
    return f"{fmt_count(rows, 'row')}{money}: {_listed([(v, n) for v, n, _ in found])}"


def _listed(found: list[tuple[str | None, int]]) -> str:
    """Values with their row counts, the first few: 'Existing Business' 28, blank 2."""
    more = f" and {len(found) - VALUES_NAMED} more" if len(found) > VALUES_NAMED else ""
    return ", ".join(f"{'blank' if v is None else repr(v)} {n:,}" for v, n in found[:VALUES_NAMED]) + more
