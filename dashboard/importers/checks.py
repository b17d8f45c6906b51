"""Row checks of a staged file: every problem becomes a row of `import_issues`, skipped or kept with a warning."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from dashboard import config, store
from dashboard.importers import readers

ISSUES = "import_issues"
SKIPPED = "skipped"
KEPT = "kept"

MISSING_ID = "missing id"
MISSING_VALUE = "missing required value"
DUPLICATE_ID = "duplicate id"
BAD_DATE = "unparseable date"
BAD_NUMBER = "unparseable number"
NEGATIVE = "negative amount"
UNKNOWN_STAGE = "unknown stage"
UNKNOWN_METRIC = "unknown target metric"
UNKNOWN_LEAD = "unknown lead"
OUT_OF_ORDER = "stage dates out of order"
SEVERAL_LEADS = "several leads listed"

# what the user can do about each reason, shown next to its count
ADVICE: dict[str, str] = {
    MISSING_ID: "every row needs an id",
    MISSING_VALUE: "the column is required",
    DUPLICATE_ID: "the first row with the id was kept",
    BAD_DATE: "use YYYY-MM-DD, or state date_format in a mapping file",
    BAD_NUMBER: "amounts must be numbers (currency symbols and separators are fine)",
    NEGATIVE: "refunds and credits are not revenue or spend",
    UNKNOWN_STAGE: "map the value in the mapping file's [values] section",
    UNKNOWN_METRIC: f"use one of {', '.join(config.TARGET_METRICS)}",
    UNKNOWN_LEAD: "import the leads first, or check the lead id column",
    OUT_OF_ORDER: "kept as exported; check the CRM's stage history",
    SEVERAL_LEADS: "kept; the first listed lead that is loaded was used",
}

ID_COLUMNS = {"leads": "lead_id", "deals": "deal_id"}
# a later stage dated before an earlier one: kept, because the export is the record, but flagged
ORDER_CHECKS: dict[str, tuple[tuple[str, str], ...]] = {
    "leads": (("mql_at", "created_at"), ("sql_at", "mql_at"), ("sql_at", "created_at")),
    "deals": (("closed_at", "created_at"),),
}
# values the stage-like columns may hold once mapped; anything else would silently count as "lead"
ALLOWED_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("leads", "lifecycle_stage"): (*config.STAGES, "disqualified"),
    ("deals", "status"): ("open", "won", "lost"),
    ("targets", "metric"): config.TARGET_METRICS,
}


def create_issues_table(con: duckdb.DuckDBPyConnection) -> None:
    """An empty temporary table for this import's problems."""
    con.execute(
        f"create or replace temp table {ISSUES} (file_index integer, file varchar, row_number bigint, "
        "column_name varchar, reason varchar, value varchar, action varchar)"
    )


def typed(expr: str, dtype: str, try_: bool = False) -> str:
    """SQL that turns a text cell into its canonical type; surrounding spaces are ignored, empty is null."""
    if dtype == "DOUBLE":
        return f"parse_amount({expr})"
    if dtype == "DATE":
        # spend and target sheets name months as 2025-01: the month's first day
        expr = f"trim({expr})"
        expr = f"(case when regexp_full_match({expr}, '\\d{{4}}-\\d{{1,2}}') then {expr} || '-01' else {expr} end)"
    if dtype == "TIMESTAMP":
        # DuckDB reads ' 2025-01-01 10:00 ' but not '2025-01-01 ': clean first (cheap when nothing to trim)
        expr = f"clean({expr})"
    return f"{'try_cast' if try_ else 'cast'}({expr} as {dtype})"


def _problem(condition: str, column: str, reason: str, value: str) -> tuple[str, str]:
    """A row condition and the struct that describes the problem when it holds."""
    struct = f"{{'column_name': {_literal(column)}, 'reason': {_literal(reason)}, 'value': {value}}}"
    return condition, f"case when {condition} then {struct} end"


def _literal(text: str) -> str:
    # column names come from the file's header; they are SQL string literals here, never identifiers
    return "'" + text.replace("'", "''") + "'"


def _row_problems(
    con: duckdb.DuckDBPyConnection, kind: str, staging: str, columns: list[str], labels: Mapping[str, str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """The cleaned and typed cells of a staged file (a select list) and each problem's condition over them."""
    spec = store.table_columns(con, kind)
    as_read = readers.staged_types(con, staging)
    q = store.quote_identifier
    # each column is cleaned and typed once, in an inner select the conditions share
    prepared = []
    problems = []
    for n, col in enumerate(columns):
        dtype, required = spec[col]
        v, t = f"v_{n}", f"t_{n}"
        parsed = dtype != "VARCHAR" and as_read[col] == dtype
        if parsed:
            # read typed: every cell parsed, so only emptiness and order are left to check
            prepared += [f"{q(col)}::varchar as {v}", f"{q(col)} as {t}"]
        elif dtype != "VARCHAR":
            prepared += [f"clean({q(col)}) as {v}", f"{typed(q(col), dtype, try_=True)} as {t}"]
        else:
            prepared.append(f"clean({q(col)}) as {v}")
        label = labels.get(col, col)
        if required and col != "source":
            reason = MISSING_ID if ID_COLUMNS.get(kind) == col else MISSING_VALUE
            problems.append(_problem(f"{v} is null", label, reason, "''"))
        if dtype != "VARCHAR" and not parsed:
            reason = BAD_DATE if dtype in ("TIMESTAMP", "DATE") else BAD_NUMBER
            problems.append(_problem(f"{v} is not null and {t} is null", label, reason, v))
        if dtype == "DOUBLE":
            problems.append(_problem(f"{t} < 0", label, NEGATIVE, v))
        allowed = ALLOWED_VALUES.get((kind, col))
        if allowed:
            reason = UNKNOWN_METRIC if col == "metric" else UNKNOWN_STAGE
            listed = ", ".join(_literal(a) for a in allowed)
            problems.append(_problem(f"{v} is not null and lower({v}) not in ({listed})", label, reason, v))
    for later, earlier in ORDER_CHECKS.get(kind, ()):
        if later in columns and earlier in columns:
            a, b = columns.index(later), columns.index(earlier)
            value = f"v_{a} || ' is before ' || {_literal(labels.get(earlier, earlier))} || ' ' || v_{b}"
            problems.append(_problem(f"t_{a} < t_{b}", labels.get(later, later), OUT_OF_ORDER, value))
    return prepared, problems


def check_rows(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    staging: str,
    columns: list[str],
    file_index: int,
    file_name: str,
    labels: Mapping[str, str],
) -> None:
    """Record every row problem of one staged file in one scan; `labels` names columns as the file does."""
    prepared, problems = _row_problems(con, kind, staging, columns, labels)
    if not problems:
        return
    # the cheap filter finds the few rows with a problem; only those build the list of what is wrong
    any_problem = " or ".join(f"({condition})" for condition, _ in problems)
    found = f"list_filter([{', '.join(struct for _, struct in problems)}], lambda x: x is not null)"
    con.execute(
        f"insert into {ISSUES} select $file_index, $file_name, _row, p.column_name, p.reason, p.value, "
        f"case when p.reason = '{OUT_OF_ORDER}' then '{KEPT}' else '{SKIPPED}' end "
        f"from (select _row, unnest({found}) as p from (select _row, {', '.join(prepared)} from {staging}) "
        f"where {any_problem})",
        {"file_index": file_index, "file_name": file_name},
    )


def rows_and_problems(con: duckdb.DuckDBPyConnection, kind: str, staging: str, columns: list[str]) -> tuple[int, int]:
    """Rows of a staged file, and rows that have any problem (skipped or warned) or repeat an earlier id."""
    prepared, problems = _row_problems(con, kind, staging, columns, {})
    any_problem = " or ".join(f"({condition})" for condition, _ in problems) or "false"
    rows, with_problem = con.execute(
        f"select count(*), count(*) filter (where {any_problem}) from (select {', '.join(prepared)} from {staging})"
    ).fetchall()[0]
    id_col = ID_COLUMNS.get(kind)
    if id_col in columns:
        # the ids that repeat, found by grouping as skip_duplicates does
        q = store.quote_identifier(id_col)
        with_problem += store.scalar(
            con,
            f"select coalesce(sum(n - 1), 0) from (select count(*) as n from {staging} "
            f"where clean({q}) is not null group by clean({q}) having count(*) > 1)",
        )
    return rows, with_problem


def skipped_rows(index: int) -> str:
    """SQL list of the data rows of file `index` that are skipped."""
    return f"(select row_number from {ISSUES} where file_index = {index} and action = '{SKIPPED}')"


def collect_keys(con: duckdb.DuckDBPyConnection, table: str, column: str, stagings: Mapping[int, str]) -> None:
    """One temporary table of (_file_index, _row, key) over the rows of every file not skipped yet."""
    q = store.quote_identifier
    parts = [
        f"select {i} as _file_index, _row, clean({q(column)}) as key from {staging} where _row not in {skipped_rows(i)}"
        for i, staging in stagings.items()
    ]
    con.execute(f"create or replace temp table {table} as {' union all '.join(parts)}")


def skip_duplicates(con: duckdb.DuckDBPyConnection, ids: str, id_col: str, files: list[str]) -> None:
    """Keep the first row of every id across the files; record the others as skipped."""
    con.execute(
        f"insert into {ISSUES} select _file_index, list_extract($files, _file_index + 1), _row, $col, "
        f"'{DUPLICATE_ID}', key || ' (first on row ' || first_row || ' of ' || list_extract($files, first_file + 1) "
        f"|| ')', '{SKIPPED}' from (select *, first_value(_file_index) over w as first_file, "
        f"first_value(_row) over w as first_row, row_number() over w as n from {ids} "
        # the window runs only over ids that repeat: a grouping finds them far cheaper than sorting all
        f"where key in (select key from {ids} where key is not null group by key having count(*) > 1) "
        "window w as (partition by key order by _file_index, _row)) where n > 1",
        {"files": files, "col": id_col},
    )


def skip_unknown_leads(con: duckdb.DuckDBPyConnection, refs: str, files: list[str], labels: list[str]) -> None:
    """Deals and touches must point at a loaded lead; deals without any lead id (outbound) are fine."""
    con.execute(
        f"insert into {ISSUES} select _file_index, list_extract($files, _file_index + 1), _row, "
        f"list_extract($labels, _file_index + 1), '{UNKNOWN_LEAD}', key, '{SKIPPED}' from {refs} as r "
        "where key is not null and not exists (select 1 from leads as l where l.lead_id = r.key)",
        {"files": files, "labels": labels},
    )
