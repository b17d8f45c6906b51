"""Turn an export file as it comes (CSV in any encoding, XLSX, Parquet) into a staging table of text columns."""

from __future__ import annotations

import codecs
import csv
import re
import tempfile
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path

import duckdb

from dashboard import store
from dashboard.importers.errors import ImportRefused

SNIFF_BYTES = 64 * 1024
CHUNK_BYTES = 4 * 1024 * 1024
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")


def detect_encoding(path: Path) -> str:
    """'utf-8', 'utf-16' or 'mixed' (Windows-1252, maybe mixed with UTF-8); refuse empty and binary files."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise ImportRefused(f"{path.name}: the file is empty")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise ImportRefused(
            f"{path.name}: this is not a text (CSV) file; export the table as CSV, XLSX or Parquet and try again"
        )
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is still UTF-8
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    return "mixed"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    # bytes that are not UTF-8 are read as Windows-1252: files pasted together from two systems
    # mix both, and reading each part in its own encoding loses nothing
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("cp1252_fallback", _cp1252_fallback)


def as_utf8(path: Path, encoding: str | None = None) -> tuple[Path, Path | None]:
    """A UTF-8 path DuckDB can read, and a temporary file to delete afterwards (None if not needed).

    UTF-16, Windows-1252 and mixed UTF-8/Windows-1252 files are transcoded in chunks, so memory does
    not grow with the file.
    """
    encoding = encoding or detect_encoding(path)
    if encoding == "utf-8":
        return path, None
    if encoding == "utf-16":
        decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
    else:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="cp1252_fallback")
    with (
        tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".csv", delete=False, newline="") as out,
        path.open("rb") as handle,
    ):
        while chunk := handle.read(CHUNK_BYTES):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return Path(out.name), Path(out.name)


def _csv_problem(path: Path, exc: duckdb.Error) -> str:
    """DuckDB's CSV error as one sentence; the offending line itself can be megabytes long, so it is dropped."""
    text = str(exc)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    size = re.search(r"Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes", text)
    where = f"{path.name}, line {line.group(1)}" if line else path.name
    if size:
        return (
            f"{where}: one line is {int(size.group(2)):,} bytes, more than the {int(size.group(1)):,} a CSV row may "
            "have; the file is probably not a CSV with one record per line (check its format or line breaks)"
        )
    detail = next(
        (
            ln.strip()
            for ln in text.splitlines()[1:]
            if ln.strip() and not ln.startswith("Original Line") and "Possible Solution" not in ln
        ),
        text.splitlines()[0],
    )
    return f"{where}: cannot be read as CSV ({detail[:300]})"


def csv_view(con: duckdb.DuckDBPyConnection, path: Path, view: str, typed: Mapping[str, str]) -> list[str] | None:
    """A view that reads a UTF-8 CSV each time it is queried, `typed` columns parsed as read; its columns.

    None when the file is not such a CSV or has none of the typed columns. The view's queries fail
    when a cell will not parse; nothing is copied until then.
    """
    if path.suffix.lower() in (*PARQUET_SUFFIXES, *EXCEL_SUFFIXES, ".xls") or detect_encoding(path) != "utf-8":
        return None
    try:
        header = list(
            con.execute("select * from read_csv($path, header = true, all_varchar = true) limit 0", {"path": str(path)})
            .fetchdf()
            .columns
        )
    except duckdb.Error:
        return None
    types = {c: t for c, t in typed.items() if c in header}
    if not types:
        return None
    # a view cannot hold bound parameters; session variables carry the path and types instead
    con.execute(f"set variable {view}_path = $path", {"path": str(path)})
    con.execute(f"set variable {view}_types = $types", {"types": types})
    con.execute(
        f"create or replace temp view {view} as select * from read_csv(getvariable('{view}_path'), header = true, "
        f"all_varchar = true, types = getvariable('{view}_types'), strict_mode = true)"
    )
    return header


def lines_matching(con: duckdb.DuckDBPyConnection, path: Path, pattern: str) -> int:
    """How many raw lines of a text file match a regular expression (a whole-line scan, no CSV parsing)."""
    return store.scalar(
        con,
        "select count(*) filter (where regexp_matches(line, $pattern)) from read_csv($path, "
        "columns = {'line': 'VARCHAR'}, delim = '\x01', quote = '', escape = '', header = false, "
        "auto_detect = false, strict_mode = false, max_line_size = 20000000)",
        {"path": str(path), "pattern": pattern},
    )


def _stage_csv(con: duckdb.DuckDBPyConnection, path: Path, staging: str, encoding: str | None = None) -> None:
    readable, temporary = as_utf8(path, encoding)
    try:
        con.execute(
            f"create or replace temp table {staging} as "
            "select * from read_csv($path, header = true, all_varchar = true, strict_mode = true)",
            {"path": str(readable)},
        )
    except duckdb.Error as exc:
        if "not utf-8 encoded" in str(exc) and encoding is None:
            # the sniffed start was UTF-8 but a later part is not: read the file again, byte by byte
            return _stage_csv(con, path, staging, encoding="mixed")
        raise ImportRefused(_csv_problem(path, exc)) from exc
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _stage_parquet(con: duckdb.DuckDBPyConnection, path: Path, staging: str) -> None:
    try:
        con.execute(
            f"create or replace temp table {staging} as select columns(*)::varchar from read_parquet($path)",
            {"path": str(path)},
        )
    except duckdb.Error as exc:
        raise ImportRefused(f"{path.name}: cannot be read as Parquet ({str(exc).splitlines()[0]})") from exc


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold; formulas stay the formula text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # Excel keeps every number as a float; ids like 101 must not become "101.0"
        return str(int(value))
    return str(value)


def _stage_excel(con: duckdb.DuckDBPyConnection, path: Path, staging: str, sheet: str | None) -> None:
    # openpyxl's read-only mode streams rows, so a large workbook goes to CSV without being held in memory
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRefused(f"{path.name}: cannot be read as an Excel workbook ({exc})") from exc
    try:
        if sheet and sheet not in book.sheetnames:
            raise ImportRefused(f"{path.name}: no sheet named {sheet!r} (its sheets: {', '.join(book.sheetnames)})")
        rows = book[sheet or book.sheetnames[0]].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(c is None for c in header):
            raise ImportRefused(f"{path.name}: the sheet is empty")
        width = max(i for i, c in enumerate(header) if c is not None) + 1
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".csv", delete=False, newline="") as out:
            writer = csv.writer(out)
            writer.writerow([_cell_text(c) for c in header[:width]])
            for row in rows:
                cells = [_cell_text(c) for c in row[:width]]
                if any(cells):
                    writer.writerow(cells + [""] * (width - len(cells)))
    finally:
        book.close()
    try:
        con.execute(
            f"create or replace temp table {staging} as "
            "select * from read_csv($path, header = true, all_varchar = true, "
            "delim = ',', quote = '\"', escape = '\"', strict_mode = true)",
            {"path": out.name},
        )
    finally:
        Path(out.name).unlink(missing_ok=True)


def stage(
    con: duckdb.DuckDBPyConnection, path: Path, staging: str, sheet: str | None = None
) -> tuple[list[str], int, str]:
    """Read one file into a temporary table of text columns (so problems can quote cells as the file
    has them), and a view of it named `staging` that adds `_row`, the data-row number (1 = first row
    under the header); return columns, rows and the table."""
    table = f"{staging}_raw"
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        _stage_parquet(con, path, table)
    elif suffix in EXCEL_SUFFIXES:
        _stage_excel(con, path, table, sheet)
    elif suffix == ".xls":
        raise ImportRefused(f"{path.name}: old .xls workbooks are not read; save it as .xlsx or CSV")
    else:
        _stage_csv(con, path, table)
    # the table keeps the file's order (insertion order is preserved), so rowid + 1 is the data row
    # number; numbering with row_number() would cost a third of the whole read
    con.execute(f"create or replace temp view {staging} as select rowid + 1 as _row, * from {table}")
    columns = [c for c in con.execute(f"select * from {table} limit 0").fetchdf().columns]
    return columns, store.scalar(con, f"select count(*) from {table}"), table


def staged_types(con: duckdb.DuckDBPyConnection, staging: str) -> dict[str, str]:
    """Column -> DuckDB type of a staged file or a `csv_view`."""
    return {name: dtype for name, dtype, *_ in con.execute(f"describe {staging}").fetchall()}
