"""Times written without a zone: read as local times of the file's timezone (the mapping's `timezone`, --timezone,
else the data's own), converted to the data's timezone, and always said so in the report."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from dashboard import config, store
from dashboard.formatting import fmt_count
from dashboard.importers.errors import ImportRefused

# a 12-hour marker at a cell's end (PM, p. m.), taken off before its zone is looked for: PM is no zone
HALF_DAY_END = r"(?i)\s*[ap]\.?\s?m\.?$"
# a zone after a time: Z, an offset, UTC/GMT or a name (EST, Europe/Berlin), as a cell writes it
ZONE_AFTER_TIME = r"(?i):[0-9]{2}(\.[0-9]+)?\s*(z|[+-][0-9]|[a-z])"
# a staged cell's text once read, as dates.ISO_TEXT writes it
ISO_TEXT = "'%Y-%m-%d %H:%M:%S.%f'"
# the words a local time the clocks skipped is rewritten with: no date, so the row check skips its row and quotes it
NEVER_SHOWN = "never shown by the clocks of"

_TABLES = itertools.count()


def zone_named(name: str, where: str) -> str:
    """The IANA time zone a mapping's `timezone` or --timezone names ("Europe/Berlin"); a name that is none is
    refused, never read as UTC."""
    if not isinstance(name, str) or not name.strip():
        raise ImportRefused(f'{where}: timezone must name a time zone, such as "Europe/Berlin"')
    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ImportRefused(
            f'{where}: timezone {name!r} is no time zone; name one as the tz database does, such as "Europe/Berlin", '
            '"America/New_York" or "UTC"'
        ) from exc
    return name.strip()


@dataclass(frozen=True)
class NaiveTimes:
    """The rows of one date column whose cells have a time of day and no zone, as the file wrote them."""

    table: str
    label: str
    file_name: str
    kind: str
    # the zone they were written in, as the mapping or --timezone states it (None: the data's own)
    zone: str | None


def set_aside(
    con: duckdb.DuckDBPyConnection, table: str, q: str, file_name: str, label: str, kind: str, zone: str | None
) -> NaiveTimes:
    """Note the cells of a column with a time and no zone, before any is rewritten (a zoned time is rewritten as a
    time without one, in the data's timezone)."""
    naive = f"_naive_times_{next(_TABLES)}"
    cell = f"trim({q})"
    con.execute(
        f"create temp table {naive} as select rowid as r, {cell} as written from {table} "
        f"where contains({q}, ':') and not contains(upper({q}), 'GMT') "
        f"and not regexp_matches(regexp_replace({cell}, $half, ''), $zone)",
        {"half": HALF_DAY_END, "zone": ZONE_AFTER_TIME},
    )
    return NaiveTimes(naive, label, file_name, kind, zone)


def read(con: duckdb.DuckDBPyConnection, table: str, q: str, naive: NaiveTimes, zones: str | None) -> tuple[list, list]:
    """Convert the column's times without a zone, once read, from the file's timezone to the data's; what the report
    says of them, and what it says loudly (the rows whose local time the clocks skipped)."""
    if zones is not None:
        # a header's offset or a zone name after another spelling gave them a zone
        con.execute(f"delete from {naive.table} where r in (select r from {zones})")
    local = f"try_cast({q} as timestamp)"
    # a cell no spelling read stays as written, and the row check reports it
    con.execute(f"delete from {naive.table} where r not in (select rowid from {table} where {local} is not null)")
    found = con.execute(f"select count(*), min(written) from {naive.table}").fetchone()
    if not found or not found[0] or not _times_of_day(con, table, q, naive.table):
        con.execute(f"drop table {naive.table}")
        return [], []
    count, example = found
    data_tz = config.DATA_TIMEZONE
    zone = naive.zone or data_tz
    if zone == data_tz:
        con.execute(f"drop table {naive.table}")
        how = "as the mapping's timezone states" if naive.zone else "the data's timezone (config.DATA_TIMEZONE)"
        hint = "" if naive.zone else _hint(naive.kind)
        return [f"times without a zone ({count:,}, such as {example!r}), taken as {zone} local time, {how}{hint}"], []
    said, loud = _summer_time(con, table, q, naive, zone)
    moved, moved_loudly = _other_day(con, (table, q), naive, zone)
    loud += moved_loudly
    con.execute(
        f"update {table} set {q} = strftime(timezone($data, timezone($zone, {local})), {ISO_TEXT}) "
        f"where rowid in (select r from {naive.table}) and {local} is not null",
        {"data": data_tz, "zone": zone},
    )
    con.execute(f"drop table {naive.table}")
    return [
        f"times without a zone ({count:,}, such as {example!r}), taken as {zone} local time, as the mapping's "
        f"timezone or --timezone states, converted to {data_tz}{moved}",
        *said,
    ], loud


def _other_day(
    con: duckdb.DuckDBPyConnection, column: tuple[str, str], naive: NaiveTimes, zone: str
) -> tuple[str, list]:
    """The times the conversion to the data's timezone puts on another day (said with the column's line) and in
    another month (said loudly, with an example): months and days are the data's timezone's, so a Berlin lead of
    1 December 00:30 is November's in UTC (trial 55). `column`: the staged table and the column, quoted."""
    table, q = column
    local = f"try_cast({q} as timestamp)"
    moved = f"timezone($data, timezone($zone, {local}))"
    found = con.execute(
        f"select count(*) filter (where {moved}::date <> {local}::date), "
        f"count(*) filter (where date_trunc('month', {moved}) <> date_trunc('month', {local})), "
        f"arg_min(m._row, m._row) filter (where date_trunc('month', {moved}) <> date_trunc('month', {local})), "
        f"arg_min(n.written, m._row) filter (where date_trunc('month', {moved}) <> date_trunc('month', {local})), "
        f"strftime(arg_min({moved}, m._row) filter (where date_trunc('month', {moved}) <> "
        f"date_trunc('month', {local})), '%Y-%m-%d %H:%M') "
        f"from {table} as m join {naive.table} as n on m.rowid = n.r where {local} is not null",
        {"data": config.DATA_TIMEZONE, "zone": zone},
    ).fetchone()
    if not found or not found[0]:
        return "", []
    days, months, row, written, stored = found
    data_tz = config.DATA_TIMEZONE
    said = f"; {days:,} of them on another day in {data_tz} than in {zone}"
    if not months:
        return said, []
    falls = "falls" if months == 1 else "fall"
    return said, [
        f"{naive.file_name}, column {naive.label}: {fmt_count(months, 'time')} written in {zone} {falls} in another "
        f"month once converted to the data's timezone, {data_tz} (such as row {row}: {written!r} is {stored} "
        f"{data_tz}), and months, days and the date filters are {data_tz}'s: they count in the month before or "
        f"after the one written. To count {zone}'s own months, set DATA_TIMEZONE = {zone!r} in dashboard/config.py "
        "and import every file again"
    ]


def _hint(kind: str) -> str:
    """How to state another zone for a file's times without one."""
    return (
        "; if the file was written in another zone (HubSpot writes the portal's), state it: "
        f'timezone = "Europe/Berlin" in the mapping\'s [{kind}] table, or --timezone Europe/Berlin on import'
    )


def _times_of_day(con: duckdb.DuckDBPyConnection, table: str, q: str, naive: str) -> bool:
    """Whether the column's cells without a zone hold a time other than midnight: a column of days only (an XLSX
    date cell reaches the importer as midnight) is days, not moved to another day."""
    found = con.execute(
        f"select count(*) from {table} where rowid in (select r from {naive}) "
        f"and try_cast({q} as timestamp) <> date_trunc('day', try_cast({q} as timestamp))"
    ).fetchone()
    return bool(found and found[0])


def _summer_time(
    con: duckdb.DuckDBPyConnection, table: str, q: str, naive: NaiveTimes, zone: str
) -> tuple[list[str], list[str]]:
    """Local times the zone's clocks skipped (02:30 on the last Sunday of March in Berlin): rewritten so their rows
    are skipped, said loudly with each row; and those they showed twice (02:30 on the last Sunday of October): read
    as the second, standard time's, and said."""
    local = f"try_cast({q} as timestamp)"
    moment = f"timezone($zone, {local})"
    back = f"timezone($zone, {moment} + interval {{}})"
    found = con.execute(
        f"""
        select m._row, n.written, timezone($zone, {moment}) <> {local} as skipped,
            {back.format("'-1 hour'")} = {local} or {back.format("'-30 minutes'")} = {local} as twice
        from {table} as m join {naive.table} as n on m.rowid = n.r
        where {local} is not null and (timezone($zone, {moment}) <> {local}
            or {back.format("'-1 hour'")} = {local} or {back.format("'-30 minutes'")} = {local})
        order by m._row
        """,
        {"zone": zone},
    ).fetchall()
    skipped = [(row, written) for row, written, gap, _ in found if gap]
    twice = [(row, written) for row, written, gap, again in found if again and not gap]
    loud = [
        f"{naive.file_name}, row {row}, column {naive.label}: {written!r} is a local time the clocks of {zone} "
        "skipped when summer time began, so it never happened there; the row is skipped: correct the time "
        "in the file (an hour later, or the time with its offset)"
        for row, written in skipped
    ]
    if skipped:
        con.execute(
            f"update {table} set {q} = trim({q}) || ' ({NEVER_SHOWN} {zone})' "
            f"where rowid in (select r from {naive.table}) and {local} is not null "
            f"and timezone($zone, timezone($zone, {local})) <> {local}",
            {"zone": zone},
        )
    said = []
    if twice:
        rows = ", ".join(str(row) for row, _ in twice[:5])
        said.append(
            f"{fmt_count(len(twice), 'time')} in the hour the clocks of {zone} showed twice when summer time ended "
            f"(such as {twice[0][1]!r}; row {rows}), read as the second, standard time's: an hour off if it was the "
            "first; write such times with their offset to be sure"
        )
    return said, loud


def read_lines(con: duckdb.DuckDBPyConnection, relation: str, columns: Sequence[str], kind: str) -> list[tuple]:
    """(column, what the report says) for each timestamp column of a file read as it is (the fast way, whose file
    holds no zone at all): a column with a time of day was read as the data's timezone's local time, said so."""
    spec = store.table_columns(con, kind)
    timed = [c for c in columns if spec.get(c, ("",))[0] == "TIMESTAMP"]
    if not timed:
        return []
    q = store.quote_identifier
    found = con.execute(
        "select "
        + ", ".join(
            f"count({q(c)}), count(*) filter (where {q(c)} <> date_trunc('day', {q(c)})), "
            f"strftime(min({q(c)}), '%Y-%m-%d %H:%M')"
            for c in timed
        )
        + f" from {relation}"
    ).fetchone()
    if not found:
        return []
    zone = config.DATA_TIMEZONE
    return [
        (
            column,
            f"times without a zone ({found[3 * i]:,}, such as {found[3 * i + 2]!r}), taken as {zone} local time, the "
            f"data's timezone (config.DATA_TIMEZONE){_hint(kind)}",
        )
        for i, column in enumerate(timed)
        if found[3 * i + 1]
    ]
