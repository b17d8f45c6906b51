"""Ids that differ only by leading zeros (00101 and 101): a spreadsheet that reads an id column as numbers drops the
zeros when it saves the file, so one record comes back under another id. Never merged by a guess: an append is
refused, two such ids in the files are warned of, a deal naming a lead so is told why it matches none."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from dashboard import store
from dashboard.formatting import fmt_count
from dashboard.importers import checks
from dashboard.importers.errors import ImportRefused

# ids (each one's pairs) named in a warning
NAMED = 3
# what to do, said by every message
ADVICE = (
    "a spreadsheet (Excel) drops the leading zeros of ids it reads as numbers when it saves the file: export the "
    "file again from the CRM and import it as it comes, or format the id column as Text before saving, so the ids "
    "are kept as text"
)


def bare(expr: str) -> str:
    """SQL: an all-digit id without its leading zeros (00101 -> 101); null for any other id (or zeros alone)."""
    return f"(case when regexp_full_match({expr}, '[0-9]+') then nullif(ltrim({expr}, '0'), '') end)"


def _kept(ids: str) -> str:
    """SQL of the rows of the ids table (checks.collect_keys) that no check skipped."""
    return (
        f"(select * from {ids} where key is not null and (_file_index, _row) not in "
        f"(select (file_index, row_number) from {checks.ISSUES} where action = '{checks.SKIPPED}'))"
    )


def refuse_appended(
    con: duckdb.DuckDBPyConnection, kind: str, id_col: str, ids: str, files: list[str], labels: list[str]
) -> None:
    """Refuse an append whose id matches a stored id only once leading zeros are removed (101 where 00101 is
    stored, or the other way round): it would be stored as a record of its own beside the one it is."""
    q = store.quote_identifier(id_col)
    found = con.execute(
        f"with i as (select *, {bare('key')} as b from {_kept(ids)}), "
        f"s as (select {q} as id, {bare(q)} as b from {kind} where {bare(q)} is not null), "
        "m as (select i._file_index, i._row, i.written, i.key, s.id from i join s using (b) where i.key <> s.id "
        f"and not exists (select 1 from {kind} as e where e.{q} = i.key)) "
        "select (select count(distinct key) from m), _file_index, _row, written, id from m "
        "order by _file_index, _row limit 1"
    ).fetchone()
    if not found or not found[0]:
        return
    count, index, row, written, stored = found
    more = f" ({fmt_count(count - 1, 'other id')} of the file{'s' if len(files) > 1 else ''} too)" if count > 1 else ""
    raise ImportRefused(
        f"{files[index]}, row {row}, column {labels[index]!r}: the id {written!r} is stored as {stored!r}, the same "
        f"number with leading zeros{more}: appended, it would be a second record beside the stored one. Nothing was "
        f"changed; {ADVICE}"
    )


def twins_in_files(
    con: duckdb.DuckDBPyConnection, kind: str, ids: str, files: list[str], labels: list[str]
) -> list[str]:
    """Warn of ids of the files equal to another of them once leading zeros are removed (00123 and 123): both
    kept as two records, as the CRM may hold both, but the count is one too many if a spreadsheet dropped zeros."""
    found = con.execute(
        f"with i as (select *, {bare('key')} as b from {_kept(ids)}), "
        "firsts as (select b, key, arg_min(_file_index, (_file_index, _row)) as f, "
        "arg_min(_row, (_file_index, _row)) as r, arg_min(written, (_file_index, _row)) as w "
        "from i where b is not null group by b, key) "
        "select list((f, r, w) order by f, r) from firsts group by b having count(*) > 1 order by min((f, r))"
    ).fetchall()
    if not found:
        return []
    pairs = []
    for (spellings,) in found[:NAMED]:
        pairs.append(" and ".join(f"{files[f]} row {r}, column {labels[f]!r}: {w!r}" for f, r, w in spellings))
    more = f"; and {len(found) - NAMED} more" if len(found) > NAMED else ""
    n = len(found)
    return [
        f"{fmt_count(n, 'pair')} of ids {'differs' if n == 1 else 'differ'} only by leading zeros "
        f"({'; '.join(pairs)}{more}): both kept, as {kind} of their own, as the CRM may hold both; if they are one "
        f"record, {ADVICE}, and import it again"
    ]


def has_twins(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """Whether a table's id column holds two ids equal but for leading zeros (the fast way leaves such a file to
    the staged way, which warns of them)."""
    q = f"trim({store.quote_identifier(column)}::varchar)"
    # the few all-digit ids with a leading zero, without it, matched against every id: Salesforce's ids all start
    # with 00 (none all digits), and hashing every id for an IN took twice as long at 5 M ids (965 -> 454 ms)
    zeroed = (
        f"select distinct {bare(q)} as b from {table} where starts_with({q}, '0') and regexp_full_match({q}, '[0-9]+')"
    )
    sql = f"select exists (select 1 from {table} join ({zeroed}) as z on {q} = z.b)"
    return bool(store.scalar(con, sql))


def unknown_leads(con: duckdb.DuckDBPyConnection, kind: str) -> list[str]:
    """Say when rows skipped for an unknown lead name a loaded lead but for leading zeros (101 where 00101 is
    loaded, or the other way round): "import the leads first" would not help, the leads are loaded."""
    found = con.execute(
        f"select count(*), arg_min(i.value, (i.file_index, i.row_number)), arg_min(l.lead_id, (i.file_index, "
        f"i.row_number)) from {checks.ISSUES} "
        f"as i join {checks.KNOWN_LEADS} as l on {bare('l.lead_id')} = {bare('i.value')} "
        f"where i.reason = '{checks.UNKNOWN_LEAD}'"
    ).fetchone()
    if not found or not found[0]:
        return []
    count, value, stored = found
    return [
        f"{fmt_count(count, 'row')} of {kind} name a lead that is loaded under its id with leading zeros: lead "
        f"{value!r} is not loaded; {stored!r} is — leading zeros dropped? If so, {ADVICE}"
    ]


def check(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    mode: str,
    files: list[str],
    labels: Mapping[int, Mapping[str, str]],
    id_col: str,
) -> list[str]:
    """The ids of an import (the ids table _ids, checks.collect_keys) against the stored ones and each other: an
    append refused, and the warning of twins in the files."""
    named = [labels.get(i, {}).get(id_col, id_col) for i in range(len(files))]
    if mode == "append" and kind not in store.demo_tables(con):
        refuse_appended(con, kind, id_col, "_ids", files, named)
    return twins_in_files(con, kind, "_ids", files, named)
