"""The date_format line that reads a date column nothing else read, for the refusal of its unreadable dates.

A refusal that only says "state date_format" leaves the user to learn strptime; the column's own values show which
format reads them, so the line is written for them, or the values no format reads are named with their rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import duckdb

from dashboard import store

# the day and time spellings tried, in the order a tie is settled (ISO first); DuckDB's strptime reads each
SUGGESTED_DAYS: tuple[str, ...] = (
    "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%m-%d-%Y", "%d/%m/%y", "%m/%d/%y",
    "%d.%m.%y", "%d %b %Y", "%d %B %Y", "%d %b, %Y", "%d %B, %Y", "%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y",
    "%d-%b-%Y", "%a %d %b %Y", "%a, %d %b %Y", "%A %d %B %Y", "%A, %B %d, %Y", "%a %b %d %Y",
)  # fmt: skip
SUGGESTED_TIMES: tuple[str, ...] = (
    "", " %H:%M", " %H:%M:%S", " %H:%M:%S.%g", " %H:%M:%S.%f", " %I:%M%p", " %I:%M %p", " %I:%M:%S %p",
    " %I:%M:%S%p", "T%H:%M", "T%H:%M:%S", "T%H:%M:%S.%g", "T%H:%M:%S%z", "T%H:%M:%S.%g%z", " %H:%M:%S %z",
    " %Hh%M", " at %H:%M", " at %I:%M %p", ", %H:%M", ", %H:%M:%S", ", %I:%M %p", " %H.%M",
)  # fmt: skip


def _swapped(fmt: str) -> str:
    """A format with its numeric day and month swapped (%d/%m/%Y -> %m/%d/%Y); a year first (never day before
    month) or a month's name has no other order, and is returned as it is."""
    if fmt.startswith("%Y") or "%b" in fmt or "%B" in fmt:
        return fmt
    return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")


_LISTED = tuple(f"{day}{time}" for day in SUGGESTED_DAYS for time in SUGGESTED_TIMES)
# each numeric format's other order too (%m.%d.%Y of %d.%m.%Y), tried last: a column both read is ambiguous, said so
SUGGESTED_FORMATS: tuple[str, ...] = tuple(dict.fromkeys(_LISTED + tuple(_swapped(f) for f in _LISTED)))
# a refusal suggests at most this many formats (one per spelling the column has), and names this many values
MAX_FORMATS = 3
VALUES_SHOWN = 3
# a date the import already read, as dates.ISO_TEXT writes it back into the staged cell
REWRITTEN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6}$"
# the distinct values looked at: a column of more spellings than this is no column one line settles
VALUES_LOOKED_AT = 500


def _readers(
    con: duckdb.DuckDBPyConnection, view: str, q: str, rewritten: bool
) -> tuple[list[str], dict[str, set[str]], bool]:
    """The column's distinct filled values, per candidate format the values it reads, and whether values already
    read were left aside (`rewritten`: the view's dates read are ISO text, not as the file wrote them)."""
    read = f"regexp_matches(trim({q}::varchar), $iso)" if rewritten else "false"
    found = con.execute(
        f"select distinct trim({q}::varchar) as v, {read} from {view} where nullif(trim({q}::varchar), '') is not null "
        f"order by v limit {VALUES_LOOKED_AT}",
        {"iso": REWRITTEN} if rewritten else {},
    ).fetchall()
    values = [v for v, was_read in found if not was_read]
    return values, _readers_of(con, values), len(values) < len(found)


def _readers_of(con: duckdb.DuckDBPyConnection, values: Sequence[str]) -> dict[str, set[str]]:
    """Per candidate format, the values it reads."""
    # a format must be a constant of the query: one filtered list per format, each its own parameter
    listed = ", ".join(
        f"list(v) filter (where try_strptime(v, $f{i}) is not null)" for i in range(len(SUGGESTED_FORMATS))
    )
    params: dict[str, object] = {f"f{i}": f for i, f in enumerate(SUGGESTED_FORMATS)}
    row = con.execute(f"select {listed} from (select unnest($values) as v)", {**params, "values": values}).fetchone()
    return {f: set(read) for f, read in zip(SUGGESTED_FORMATS, row or (), strict=False) if read}


def formats_reading(con: duckdb.DuckDBPyConnection, values: Sequence[str]) -> list[str]:
    """Few formats that read the most of these values ([] for none)."""
    return _cover(values, _readers_of(con, values))[0] if values else []


def _month_first(formats: Sequence[str]) -> bool:
    """Whether stated formats put the month before the day (%m/%d/%Y)."""
    return any(0 <= f.find("%m") < f.find("%d") for f in formats)


def declared_line(con: duckdb.DuckDBPyConnection, kind: str, declared: Sequence[str], unread: Sequence[str]) -> str:
    """The date_format line that reads the values a mapping's stated formats leave unread in one column: the stated
    list and the formats those values need, day and month in the stated order; '' when no few formats read them.
    date_format is one list for every date column of the table: a list stated for one column's spelling (Zoho's
    Created Time, with a time) left another's (Closing Date, without) unread, and its rows were skipped."""
    readers = _readers_of(con, unread)
    chosen, left = _cover(unread, readers)
    if not chosen or left:
        return ""
    if _month_first(declared) and _cover_all(unread, readers, [_swapped(f) for f in chosen]):
        chosen = [_swapped(f) for f in chosen]
    return f"[{kind}] date_format = {_listed([*declared, *(f for f in chosen if f not in declared)])}"


def _cover(values: Sequence[str], readers: dict[str, set[str]]) -> tuple[list[str], set[str]]:
    """Few formats (up to MAX_FORMATS, picked greedily, the listed order settling ties) that read the most values,
    and the values they leave unread."""
    left: set[str] = set(values)
    chosen: list[str] = []
    while left and len(chosen) < MAX_FORMATS:
        best = max(SUGGESTED_FORMATS, key=lambda f: len(readers.get(f, set()) & left))
        if not readers.get(best, set()) & left:
            break
        chosen.append(best)
        left -= readers[best]
    return chosen, left


def _listed(formats: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{f}"' for f in formats) + "]"


def format_advice(con: duckdb.DuckDBPyConnection, view: str, column: str, kind: str, rewritten: bool = False) -> str:
    """What to write to read a column's dates: the date_format line whose formats read every filled value (both
    orders when day and month could be either), else the first values no format reads, with their rows.
    `rewritten`: the column's dates already read are ISO text in the view (a file read without a mapping), so the
    formats found read the others only, and the line must list those of the dates read too."""
    q = store.quote_identifier(column)
    values, readers, some_read = _readers(con, view, q, rewritten)
    chosen, left = _cover(values, readers)
    if chosen and not left and some_read:
        return (
            f"the dates left unread are written {_listed(chosen)}; state date_format as a list of it and the formats "
            "of the column's other dates (the report's 'read as' line of the column names their spelling)"
        )
    if chosen and not left:
        line = f"[{kind}] date_format = {_listed(chosen)}"
        other = [_swapped(f) for f in chosen]
        if other != chosen and _cover_all(values, readers, other):
            # both orders read every value: which one the file means, only its user knows
            return f"state the format: {line} (day first) or {_listed(other)} (month first), as the file means"
        return f"state the format that reads every value of the column: {line}"
    unread = con.execute(
        f"select _row, trim({q}::varchar) from {view} where list_contains($left, trim({q}::varchar)) "
        f"order by _row limit {VALUES_SHOWN}",
        {"left": sorted(left)},
    ).fetchall()
    shown = ", ".join(f"{v!r} (row {row})" for row, v in unread)
    if any(not v.isascii() for _, v in unread):
        # strptime reads English month names and AM/PM only: no format to state reads "31 Mart 2025" or "下午 11:50"
        return (
            f"no format reads values such as {shown}, and none can be stated: strptime reads month names and AM/PM "
            "in English only; export the dates as YYYY-MM-DD (in Excel: Format Cells, Custom, yyyy-mm-dd) and "
            "import again"
        )
    return (
        f"no one format reads values such as {shown}; state date_format as the strptime format they are written "
        f'in, or a list of formats for a column written several ways ([{kind}] date_format = ["%d/%m/%Y", '
        '"%d/%m/%Y %H:%M"])'
    )


def _cover_all(values: Sequence[str], readers: dict[str, set[str]], formats: Sequence[str]) -> bool:
    """Whether these formats together read every value."""
    read = set(itertools.chain.from_iterable(readers.get(f, set()) for f in formats))
    return set(values) <= read
