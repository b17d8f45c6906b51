"""Import files already in the canonical columns of DESIGN.md, with declared types and a reconciliation."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard import store
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import TableMapping, apply_lead_updates, apply_mapping
from dashboard.importers.readers import as_utf8

KINDS: dict[str, str | None] = {
    "leads": "lead_id",
    "deals": "deal_id",
    "touches": None,
    "spend": None,
    "targets": None,
}
MODES: tuple[str, ...] = ("replace", "append")
PREVIEW_ROWS = 20


@dataclass
class ImportReport:
    """What an import did: rows read per file, rows loaded."""

    kind: str
    mode: str
    rows_read: dict[str, int] = field(default_factory=dict)
    rows_loaded: int = 0
    rows_replaced: int = 0
    preview: pd.DataFrame | None = None

    def summary(self) -> str:
        """One line per file plus the total, for the CLI and the Data page."""
        lines = [f"{name}: {count:,} rows read" for name, count in self.rows_read.items()]
        verb = "upserted" if self.mode == "append" else "loaded"
        lines.append(f"{self.kind}: {self.rows_loaded:,} rows {verb} ({self.rows_replaced:,} existing rows replaced)")
        return "\n".join(lines)


def _quote(name: str) -> str:
    return store.quote_identifier(name)


def _stage(con: duckdb.DuckDBPyConnection, path: Path, index: int) -> tuple[str, list[str], int]:
    """Read one CSV as text (any encoding) into a staging table with its data-row numbers."""
    staging = f"staging_{index}"
    readable, temporary = as_utf8(path)
    try:
        con.execute(
            f"create or replace temp table {staging} as "
            "select row_number() over () as _row, * from read_csv($path, header = true, all_varchar = true, "
            "strict_mode = true)",
            {"path": str(readable)},
        )
    except duckdb.Error as exc:
        raise ImportRefused(f"{path.name}: cannot be read as CSV ({str(exc).splitlines()[0]})") from exc
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    columns = [c for c in con.execute(f"select * from {staging} limit 0").fetchdf().columns if c != "_row"]
    rows = store.scalar(con, f"select count(*) from {staging}")
    return staging, columns, rows


def _typed(expr: str, dtype: str, try_: bool = False) -> str:
    """SQL that turns a text column into its canonical type; amounts go through parse_amount."""
    if dtype == "DOUBLE":
        return f"parse_amount({expr})"
    return f"{'try_cast' if try_ else 'cast'}({expr} as {dtype})"


SLASHED = {
    "day-first": ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
    "month-first": ["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y"],
}


def _normalise_slashed_dates(con: duckdb.DuckDBPyConnection, path: Path, staging: str, col: str) -> None:
    """Rewrite a column of 31/01/2025 or 01/31/2025 dates as ISO, when its values say which it is.

    A column whose every date reads both ways (01/02/2025) or whose dates disagree is refused rather
    than guessed: a silent day/month swap corrupts every date without an error.
    """
    q = _quote(col)
    pattern = r"^\s*\d{1,2}/\d{1,2}/\d{4}"
    slashed, day_first, month_first = con.execute(
        f"select count(*), count(*) filter (where try_cast(split_part(trim({q}), '/', 1) as int) > 12), "
        f"count(*) filter (where try_cast(split_part(trim({q}), '/', 2) as int) > 12) "
        f"from {staging} where regexp_matches({q}, $pattern)",
        {"pattern": pattern},
    ).fetchall()[0]
    if not slashed:
        return
    how = f'state it in a mapping file (date_format = "{SLASHED["day-first"][2]}" or "{SLASHED["month-first"][2]}")'
    if day_first and month_first:
        raise ImportRefused(f"{path.name}, column {col}: some dates are day-first and some month-first; {how}")
    if not day_first and not month_first:
        raise ImportRefused(
            f"{path.name}, column {col}: dates such as 01/02/2025 can be read day-first or month-first; {how}"
        )
    formats = SLASHED["day-first" if day_first else "month-first"]
    con.execute(
        f"update {staging} set {q} = strftime(try_strptime(trim({q}), $formats), '%Y-%m-%d %H:%M:%S') "
        f"where regexp_matches({q}, $pattern) and try_strptime(trim({q}), $formats) is not null",
        {"formats": formats, "pattern": pattern},
    )


def _validate(
    con: duckdb.DuckDBPyConnection, path: Path, staging: str, file_columns: list[str], kind: str
) -> list[str]:
    spec = store.table_columns(con, kind)
    unknown = [c for c in file_columns if c not in spec]
    if unknown:
        raise ImportRefused(
            f"{path.name}: columns {', '.join(unknown)} are not canonical {kind} columns "
            f"(expected some of: {', '.join(spec)}); use a preset or a mapping file for other exports"
        )
    required = [c for c, (_, req) in spec.items() if req and c != "source"]
    missing = [c for c in required if c not in file_columns]
    if missing:
        raise ImportRefused(f"{path.name}: required column {', '.join(missing)} is missing")
    for col in file_columns:
        if spec[col][0] in ("TIMESTAMP", "DATE"):
            _normalise_slashed_dates(con, path, staging, col)
    for col in file_columns:
        dtype, req = spec[col]
        q = _quote(col)
        bad = con.execute(
            f"select _row, {q} from {staging} where nullif(trim({q}), '') is not null "
            f"and {_typed(f'trim({q})', dtype, try_=True)} is null order by _row limit 1"
        ).fetchall()
        if bad:
            row, value = bad[0]
            raise ImportRefused(f"{path.name}, row {row}, column {col}: cannot read {value!r} as {dtype.lower()}")
        if req and col != "source":
            empty = con.execute(
                f"select _row from {staging} where nullif(trim({q}), '') is null order by _row limit 1"
            ).fetchall()
            if empty:
                raise ImportRefused(f"{path.name}, row {empty[0][0]}, column {col}: a value is required")
    if kind == "deals" and "status" in file_columns:
        bad = con.execute(
            f"select _row, status from {staging} where lower(trim(status)) not in ('open', 'won', 'lost') "
            "order by _row limit 1"
        ).fetchall()
        if bad:
            raise ImportRefused(
                f"{path.name}, row {bad[0][0]}, column status: {bad[0][1]!r} is not one of open, won, lost"
            )
    return file_columns


def _select_list(con: duckdb.DuckDBPyConnection, kind: str, file_columns: list[str]) -> str:
    exprs = []
    for col, (dtype, _) in store.table_columns(con, kind).items():
        if col in file_columns:
            value = _typed(f"nullif(trim({_quote(col)}), '')", dtype)
            if col == "status":
                value = f"lower({value})"
            if col == "source":
                value = f"coalesce({value}, 'unknown')"
        else:
            value = "'unknown'" if col == "source" else f"null::{dtype}"
        exprs.append(f"{value} as {_quote(col)}")
    return ", ".join(exprs)


def import_files(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    paths: Sequence[str | os.PathLike[str]],
    mode: str = "replace",
    mapping: TableMapping | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import CSV files into one table in one transaction; refuse bad input and change nothing.

    Without a mapping the files must use the canonical column names; with one, its columns, constants,
    value maps and date format turn each file into canonical columns first. A dry run reads and
    checks everything, keeps the first rows as they would be imported in `preview`, and changes nothing.
    """
    if mapping is not None and mapping.kind != kind:
        raise ImportRefused(f"the mapping is for {mapping.kind}, not {kind}")
    if kind not in KINDS:
        raise ImportRefused(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if mode not in MODES:
        raise ImportRefused(f"unknown mode {mode!r}: use replace or append")
    if not paths:
        raise ImportRefused("no file given")
    report = ImportReport(kind=kind, mode=mode)
    id_col = KINDS[kind]
    try:
        # Staging happens in temporary tables before the transaction: nothing persistent changes until
        # every file has been read and checked, and DuckDB 2.0 loses rows inserted into a temporary
        # table inside an explicit transaction once it spans several row groups.
        con.execute(f"create or replace temp table incoming as select * from {kind} limit 0")
        for index, raw in enumerate(paths):
            path = Path(raw)
            if not path.is_file():
                raise ImportRefused(f"{path}: no such file")
            staging, columns, rows = _stage(con, path, index)
            if rows == 0:
                raise ImportRefused(f"{path.name}: the file has a header but no data rows")
            if mapping is not None:
                staging, columns = apply_mapping(con, mapping, path, staging, columns, index)
            _validate(con, path, staging, columns, kind)
            con.execute(f"insert into incoming select {_select_list(con, kind, columns)} from {staging}").fetchall()
            report.rows_read[path.name] = rows
        if id_col:
            dup = con.execute(
                f"select {id_col}, count(*) from incoming group by 1 having count(*) > 1 order by 1 limit 1"
            ).fetchall()
            if dup:
                raise ImportRefused(f"{kind}: id {dup[0][0]!r} appears {dup[0][1]} times in the imported files")
        read = sum(report.rows_read.values())
        if dry_run:
            report.preview = con.execute(f"select * from incoming limit {PREVIEW_ROWS}").df()
            return report
        with store.transaction(con):
            if mode == "replace":
                report.rows_replaced = store.scalar(con, f"select count(*) from {kind}")
                con.execute(f"delete from {kind}")
            elif id_col:
                report.rows_replaced = store.scalar(
                    con, f"select count(*) from {kind} where {id_col} in (select {id_col} from incoming)"
                )
                con.execute(f"delete from {kind} where {id_col} in (select {id_col} from incoming)")
            # reconcile on what the database says it inserted, not on what we meant to insert
            report.rows_loaded = store.scalar(con, f"insert into {kind} select * from incoming")
            if read != report.rows_loaded:
                raise ImportRefused(f"{kind}: read {read} rows but loaded {report.rows_loaded}; nothing was changed")
            if mapping is not None:
                for index, raw in enumerate(paths):
                    apply_lead_updates(con, mapping, Path(raw), f"staging_{index}")
            store.set_meta(con, "is_demo", "false")
    except duckdb.Error as exc:
        raise ImportRefused(
            f"{kind}: the database refused the rows ({str(exc).splitlines()[0]}); nothing was changed"
        ) from exc
    return report
