"""Read a date column as its file writes it: one spelling or several, decided per column, never guessed.

Exports write dates in many ways, often two in one column (a Salesforce report re-saved by Excel
holds `7/22/2015 2:31` beside `08-05-2015 20:11`). A day/month swap corrupts every date without an
error, so the order of a numeric date is read from the values that show it (a first part above 12
is a day) and a column that stays ambiguous is refused with the mapping line that settles it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from dashboard import config, store
from dashboard.importers.errors import ImportRefused

# the spellings a column is tested for; each group of a numeric date is captured to judge its order
# an ISO moment with a zone: Z or +05:00 (DuckDB's timestamp cast would drop the offset silently)
ISO_ZONED = r"^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)? ?(Z|[+-]\d{2}(:?\d{2})?)$"
NUMERIC = r"^(\d{1,2})([/.-])(\d{1,2})[/.-]\d{4}([ T]\d{1,2}:\d{2}(:\d{2})?( ?[AaPp][Mm])?)?$"
NAMED_MONTH = (
    r"^(\d{1,2}[ -][A-Za-z]{3,9}\.?,? \d{4}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2}-[A-Za-z]{3}-\d{4})"
    r"(,? \d{1,2}:\d{2}(:\d{2})?)?$"
)
# Excel stores a date as days since 1899-12-30; only an XLSX cell can mean that (a CSV's 45000 is a number)
EXCEL_SERIAL = r"^\d{5}(\.\d+)?$"
# anywhere in a line: a time followed by a zone (10:00Z, 10:00:00.000-0300), which a typed read drops
ZONE_IN_LINE = r":[0-9]{2}(\.[0-9]+)?([-+][0-9]{2}|Z)"

TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %I:%M%p", "T%H:%M", "T%H:%M:%S")
NAMED_FORMATS = tuple(
    f"{day}{time}"
    for day in ("%d %b, %Y", "%d %b %Y", "%d %B %Y", "%d %B, %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d-%b-%Y")
    for time in ("", " %H:%M", " %H:%M:%S", ", %H:%M", ", %H:%M:%S")
)
SPELLING = {"/": "{a}/{b}/YYYY", "-": "{a}-{b}-YYYY", ".": "{a}.{b}.YYYY"}


@dataclass(frozen=True)
class DateColumn:
    """How one date column was read: the spellings found, and the formats used to read them."""

    column: str
    description: str
    formats: tuple[str, ...] = ()


def _numeric_formats(separators: Sequence[str], day_first: bool) -> list[str]:
    order = ("%d", "%m") if day_first else ("%m", "%d")
    return [f"{order[0]}{sep}{order[1]}{sep}%Y{time}" for sep in separators for time in TIMES]


def settle_line(kind: str) -> str:
    """The mapping lines that state a date format, for refusal messages."""
    return f'[{kind}] date_format = "%d/%m/%Y" (day first) or "%m/%d/%Y %H:%M" (month first); a list is allowed'


def _candidate(q: str) -> str:
    """SQL: a cell that may need reading (anything but a plain ISO date or time without a zone).

    String tests only, so a column of ten million ISO dates costs no regular expression: a cell with
    '-' at the 5th and 8th place and no zone after its date part is ISO (or not a date at all, which
    the row check reports).
    """
    iso_shape = f"(substr({q}, 5, 1) = '-' and substr({q}, 8, 1) = '-')"
    zone = f"(ends_with({q}, 'Z') or contains({q}, '+') or contains(substr({q}, 11), '-'))"
    return f"({q} <> '' and (not {iso_shape} or {zone}))"


def _stats(con: duckdb.DuckDBPyConnection, table: str, column: str) -> dict[str, int]:
    q = store.quote_identifier(column)
    first = "try_cast(regexp_extract(v, $numeric, 1) as int)"
    second = "try_cast(regexp_extract(v, $numeric, 3) as int)"
    numeric = "regexp_matches(v, $numeric)"
    sql = (
        "select count(*) filter (where regexp_matches(v, $zoned)), "
        f"count(*) filter (where {numeric}), "
        f"count(*) filter (where {numeric} and {first} > 12), "
        f"count(*) filter (where {numeric} and {second} > 12), "
        f"count(*) filter (where {numeric} and regexp_extract(v, $numeric, 2) = '/'), "
        f"count(*) filter (where {numeric} and regexp_extract(v, $numeric, 2) = '-'), "
        f"count(*) filter (where {numeric} and regexp_extract(v, $numeric, 2) = '.'), "
        "count(*) filter (where regexp_matches(v, $named)), "
        "count(*) filter (where regexp_matches(v, $serial)), "
        f"any_value(v) filter (where {numeric} and ({first} > 12 or {second} > 12)), "
        f"any_value(v) filter (where {numeric}) "
        f"from (select trim({q}) as v from {table} where {_candidate(q)})"
    )
    row = con.execute(
        sql, {"zoned": ISO_ZONED, "numeric": NUMERIC, "named": NAMED_MONTH, "serial": EXCEL_SERIAL}
    ).fetchall()[0]
    keys = ("zoned", "numeric", "day_first", "month_first", "slash", "dash", "dot", "named", "serial")
    stats = dict(zip(keys, row[:9], strict=True))
    stats["example_decisive"], stats["example_numeric"] = row[9], row[10]
    return stats


def _describe_numeric(stats: dict, day_first: bool) -> str:
    a, b = ("D", "M") if day_first else ("M", "D")
    spellings = [
        f"{SPELLING[sep].format(a=a, b=b)} ({stats[key]:,})"
        for sep, key in (("/", "slash"), ("-", "dash"), (".", "dot"))
        if stats[key]
    ]
    order = "day first" if day_first else "month first"
    return f"{' and '.join(spellings)}, {order} (shown by {stats['example_decisive']})"


def read_date_column(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    file_name: str,
    kind: str,
    label: str,
    declared: Sequence[str] = (),
    excel: bool = False,
) -> DateColumn | None:
    """Rewrite a staged text column's dates as ISO text in place, as the column's spellings say.

    `declared` formats (a mapping file's date_format) are used as they are. Otherwise the column's
    spellings are detected; a numeric column whose values never show day or month first, or show
    both, is refused. Values no spelling reads stay as written, so the row check reports them with
    their row. Returns how the column was read (None when it holds only plain ISO dates).
    """
    q = store.quote_identifier(column)
    iso_text = "'%Y-%m-%d %H:%M:%S.%f'"
    if declared:
        formats = list(declared)
        con.execute(
            f"update {table} set {q} = strftime(try_strptime(trim({q}), $formats), {iso_text}) "
            f"where try_strptime(trim({q}), $formats) is not null",
            {"formats": formats},
        )
        return DateColumn(label, f"as the mapping states: {' or '.join(formats)}", tuple(formats))
    stats = _stats(con, table, column)
    parts: list[str] = []
    formats: list[str] = []
    if stats["numeric"]:
        if stats["day_first"] and stats["month_first"]:
            raise ImportRefused(
                f"{file_name}, column {label}: some dates are day-first and some month-first "
                f"(such as {stats['example_decisive']}); state the format: {settle_line(kind)}"
            )
        if not stats["day_first"] and not stats["month_first"]:
            raise ImportRefused(
                f"{file_name}, column {label}: dates such as {stats['example_numeric']} can be read day-first or "
                f"month-first and no date in the column shows which; state the format: {settle_line(kind)}"
            )
        day_first = bool(stats["day_first"])
        separators = [sep for sep, key in (("/", "slash"), ("-", "dash"), (".", "dot")) if stats[key]]
        formats += _numeric_formats(separators, day_first)
        parts.append(_describe_numeric(stats, day_first))
    if stats["named"]:
        formats += NAMED_FORMATS
        parts.append(f"dates with month names such as 15 Apr, 2021 ({stats['named']:,})")
    if formats:
        con.execute(
            f"update {table} set {q} = strftime(try_strptime(trim({q}), $formats), {iso_text}) "
            f"where {_candidate(q)} and try_strptime(trim({q}), $formats) is not null",
            {"formats": formats},
        )
    if stats["zoned"]:
        # a moment with an offset is moved to the data's timezone: dropping the offset would shift it
        con.execute(
            f"update {table} set {q} = strftime(timezone($tz, cast(trim({q}) as timestamptz)), {iso_text}) "
            f"where {_candidate(q)} and regexp_matches(trim({q}), $zoned)",
            {"tz": config.DATA_TIMEZONE, "zoned": ISO_ZONED},
        )
        parts.append(f"times with a zone offset or Z ({stats['zoned']:,}), converted to {config.DATA_TIMEZONE}")
    if stats["serial"] and excel:
        con.execute(
            f"update {table} set {q} = strftime(timestamp '1899-12-30' + "
            f"to_microseconds(round(cast(trim({q}) as double) * 86400000000)::bigint), {iso_text}) "
            f"where {_candidate(q)} and regexp_matches(trim({q}), $serial)",
            {"serial": EXCEL_SERIAL},
        )
        parts.append(f"Excel day numbers ({stats['serial']:,})")
    if not parts:
        return None
    return DateColumn(label, "; ".join(parts), tuple(formats))
