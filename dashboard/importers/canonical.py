"""Import export files into one canonical table: declared types, row checks, one transaction, a report."""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard import config, store, targets
from dashboard.formatting import fmt_count, fmt_date, fmt_datetime, plain_number, quoted, word_list
from dashboard.importers import (
    accounts,
    awaiting,
    campaigns,
    candidates,
    checks,
    currency,
    date_hints,
    dates,
    deal_links,
    keep_rows,
    listed_ids,
    local_times,
    numbers,
    owner_ids,
    propose,
    reached_stages,
    readers,
    reimport,
    spend_months,
    stage_default,
    stage_rules,
    unknown_amounts,
    values,
    zero_ids,
)
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import (
    DURATION_PAIRS,
    FALSE_VALUES,
    ROW_ID,
    TRUE_VALUES,
    MappedFile,
    TableMapping,
    apply_lead_updates,
    apply_mapping,
    check_one_currency,
    fit_names,
    lost_by_note,
    map_advice,
    preset_mapping,
    required_columns_of,
    resolve,
    rule_note,
    status_note,
    value_key,
)
from dashboard.importers.open_by_default import open_by_default
from dashboard.importers.report import ImportReport, collect, first_problem
from dashboard.queries import run_here

KINDS: dict[str, str | None] = {
    "leads": "lead_id",
    "deals": "deal_id",
    "touches": None,
    "spend": None,
    "targets": None,
    "accounts": "account_id",
}
MODES: tuple[str, ...] = ("replace", "append")
# the column of the tables without ids that holds what a row counts: the rest is what the row is about
VALUE_COLUMN: dict[str, str] = {"spend": "amount", "targets": "value"}
# what an appended row of a table without ids replaces: the stored rows of its month with the same values of these
MONTH_KEYS: dict[str, tuple[str, ...]] = {"spend": ("source", "campaign"), "targets": ("metric", "source", "team")}
ON_BAD_ROWS: tuple[str, ...] = ("skip", "refuse")
# the stored rows an upsert replaces, for the values of the columns its file does not give
REPLACED = "import_replaced"
# an append of leads' kept rows made into a table after each step that joins the stored leads (_made): DuckDB spills
# one join to disk but not several stacked in one statement, and 1 M own leads appended again ran out of the
# import's memory (IMPORT_MEMORY_LIMIT) making the rows compared, then the rows inserted. Dropped by _drop_made
KEPT_MADE = "import_kept_made"
# the fast way's rows parsed once, when a replace over own stored leads compares them with the stored ones
FAST_ROWS = "import_fast_rows"
PREVIEW_ROWS = 20
# the column types whose text cells are read as dates (dates.read_date_column)
DATE_TYPES: tuple[str, ...] = ("TIMESTAMP", "DATE")
# the text columns the fast way stores as read and cleans after, on the stored rows: the dimensions, whose
# few distinct values the row check counts anyway. Cleaning them cell by cell as they went in cost a fifth
# of the import; ids, stages and free text are cleaned as they go in
CLEANED_AFTER = frozenset(config.DIMENSIONS)
# a refusal names at most this many of the file's unknown columns
UNKNOWN_LISTED = 10
Progress = Callable[[float, str], None]


def _quote(name: str) -> str:
    return store.quote_identifier(name)


def _raw_columns(raw: RawFile | None, file_columns: list[str]) -> list[str]:
    """The file's own columns as read (those of its staged view), for naming the ones that could fill another."""
    return list(raw.columns) if raw and raw.columns else file_columns


def _canonical_spelling(
    con: duckdb.DuckDBPyConnection, report: ImportReport, file: readers.Staged, file_name: str, mapped: bool
) -> list[str]:
    """The staged file's columns; for a canonical file (not `mapped`: no mapping, or one that only states formats),
    each header that is a canonical column in another case or with blanks around it (Lead_ID, ' created_at') renamed
    to it in the staged table, and a note saying so (trial L5: refused as not canonical before)."""
    columns, table, kind = file.columns, file.table, report.kind
    if mapped:
        # a mapping names the file's columns as the file spells them (fit_names matches their case)
        return columns
    spec = store.table_columns(con, kind)
    # two headers that differ only in case or surrounding blanks were refused as the file was staged
    # (readers.header_names, naming both), in every format: each canonical column here is at most one of the file's
    renamed = {c: key for c in columns if (key := c.strip().lower()) in spec and c != key}
    for column, key in renamed.items():
        con.execute(f"alter table {table} rename column {_quote(column)} to {_quote(key)}")
    if renamed:
        said = word_list([f"{c!r} as {k!r}" for c, k in renamed.items()])
        report.notes.append(
            f"{file_name}: read the header's {said} (canonical names ignore case and surrounding blanks)"
        )
    return [renamed.get(c, c) for c in columns]


def _check_columns(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    staging: str,
    table: str,
    file_columns: list[str],
    kind: str,
    mapping: TableMapping | None = None,
    labels: Mapping[str, str] | None = None,
    raw: RawFile | None = None,
    report: ImportReport | None = None,
) -> list[tuple[str, str, str]]:
    """Refuse a file whose columns cannot make rows of the table; then read its dates and amounts as the
    column's values show (refusing a column that stays ambiguous). `raw`: the staged file as read, before a
    mapping (RawFile); `report`: gets the order of day and month the file's dates showed, to be kept for its
    next export. Returns how each was read."""
    spec = store.table_columns(con, kind)
    unknown = [c for c in file_columns if c not in spec]
    unnamed = [i + 1 for i, c in enumerate(file_columns) if c == f"column{i}" and c in unknown]
    if unnamed:
        # a name the file does not have would only confuse: say where the nameless column is
        raise ImportRefused(
            f"{path.name}: column {', '.join(map(str, unnamed))} has no name in the header (line 1) but holds "
            "values; name it in the header, or delete it"
        )
    if unknown:
        listed = ", ".join(unknown[:UNKNOWN_LISTED]) + (
            f" and {len(unknown) - UNKNOWN_LISTED:,} more" if len(unknown) > UNKNOWN_LISTED else ""
        )
        raise ImportRefused(
            f"{path.name}: columns {listed} are not canonical {kind} columns "
            f"(expected some of: {', '.join(spec)}); {map_advice(kind, file_columns, path.name)} (a HubSpot or "
            "Salesforce export in English: --preset hubspot or --preset salesforce)"
        )
    required = required_columns_of(kind, spec)
    missing = [c for c in required if c not in file_columns]
    if missing:
        advice = candidates.source_advice(kind) if "source" in missing else ""
        found = "".join(
            candidates.missing_advice(
                con, raw.view if raw else "", _raw_columns(raw, file_columns), kind, c, spec[c][0]
            )
            for c in missing
        )
        raise ImportRefused(f"{path.name}: required column {', '.join(missing)} is missing{advice}{found}")
    labels = labels or {}
    as_read = readers.staged_types(con, staging)
    date_only = _mark_date_only(con, table, kind, file_columns, as_read)
    formats = []
    dated = {c: labels.get(c, c) for c in file_columns if as_read[c] == "VARCHAR" and spec[c][0] in DATE_TYPES}
    raw = raw or RawFile()
    header = raw.columns or tuple(file_columns)
    # an export is known by its columns only through a preset or mapping: canonical columns are anybody's
    known = mapping is not None and report is not None
    stored = dates.stored_order(con, kind, header) if known else None
    titled = dates.title_order(raw.title.lines) if raw.title else None
    order = dates.FileOrder(table, dated, raw.view, raw.unmapped, stored=stored, title=titled)
    # an XLSX cell's plain number may be a day number, counted from the workbook's own day zero
    excel = readers.excel_day_zero(path) if dated and path.suffix.lower() in readers.EXCEL_SUFFIXES else None
    # said loudly: the dates the mapping's date_format leaves unread
    said: list[str] = report.alerts if report is not None else []
    for col in file_columns:
        label = labels.get(col, col)
        if as_read[col] == "VARCHAR" and (
            how := _read_column(con, path, table, col, spec[col][0], kind, label, mapping, order, excel, raw, said)
        ):
            formats.append((path.name, *_each_source(con, raw, col, label, how)))
    for col, moved in _same_day_as_creation(con, table, kind, date_only):
        formats.append((path.name, labels.get(col, col), moved))
    if kind == "spend" and "month" in file_columns:
        formats += _spend_periods(con, path, (staging, table), mapping, labels, raw, order, excel)
    if known and report is not None:
        _remember_order(report, path, kind, header, order)
    return formats


# the count a date line gives of the column's times ("times without a zone (54, such as"), which, for a column read
# from several (closed_at from Won time, else Lost time), is theirs together
TIMES_COUNTED = re.compile(r"\(([0-9][0-9,]*), such as ")


def _each_source(con: duckdb.DuckDBPyConnection, raw: RawFile, col: str, label: str, how: str) -> tuple[str, str]:
    """A date line's column and text, naming every file column a canonical one is read from and each one's own count
    of times (trial 58: "Deal - Won time: 54" counted the Lost time's 24 with its own 30)."""
    names = [n for n in raw.sources.get(col, ()) if n in raw.columns]
    if len(names) < 2 or not raw.view or not TIMES_COUNTED.search(how):
        return label, how
    q = store.quote_identifier
    # each row's time from the first of the columns filled, as the mapping reads it (mapping._first_filled)
    first = "coalesce(" + ", ".join(f"case when clean({q(n)}) is not null then {i} end" for i, n in enumerate(names))
    counts = dict(
        con.execute(
            f"select {first}) as k, count(*) from {raw.view} where {first}) is not null "
            f"and contains(coalesce(({'coalesce(' + ', '.join(f'clean({q(n)})' for n in names) + ')'}), ''), ':') "
            "group by k"
        ).fetchall()
    )
    each = ", ".join(f"{n!r} {counts.get(i, 0):,}" for i, n in enumerate(names))
    said = TIMES_COUNTED.sub(lambda m: f"({m.group(1)} in all: {each}; such as ", how, count=1)
    return ", else ".join(names), said


def _spend_periods(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    tables: tuple[str, str],
    mapping: TableMapping | None,
    labels: Mapping[str, str],
    raw: RawFile,
    order: dates.FileOrder,
    excel: str | None,
) -> list[tuple[str, str, str]]:
    """Refuse spend rows whose period runs over several months (a row's start and end, a week, a title's period
    the rows are not broken down over); how ends were read, for the report."""
    staging, table = tables
    # the file's name for the month column (None: a constant of the mapping, not a column)
    month_label = labels.get("month") if mapping is not None and mapping.columns else "month"
    if month_label is None:
        if mapping is not None and "month" in mapping.constants:
            spend_months.refuse_constant_month_over_title(con, path, staging, raw.title, mapping.constants["month"])
        return []
    # the month column's dates read, each row's period is judged with them: one month a row
    month = spend_months.MonthColumn(
        staging, month_label, lambda: order.seen.get((table, "month")) or order.of_others(con, "month")
    )
    declared = mapping.date_format if mapping else ()
    ends = spend_months.refuse_rows_across_months(con, path, month, raw.columns_as_read(), declared, excel)
    if ends is None:
        return []
    return [(path.name, spend_months.end_column(month_label, raw.columns) or month_label, ends)]


def _remember_order(report: ImportReport, path: Path, kind: str, header: Sequence[str], order: dates.FileOrder) -> None:
    """Keep the order of day and month the file's dates showed, for its next export; say loudly when the file took
    the order an earlier import showed, as none of its own dates shows one."""
    dates.remember_order(report.date_orders, kind, header, order)
    if order.stored_used:
        report.alerts.append(
            f"{path.name}: no date of the file shows whether the day or the month comes first; they are read "
            f"{'day' if order.stored_used.day_first else 'month'} first, as the earlier import of the same export "
            f"showed ({order.stored_used.column}: {order.stored_used.example}). If this file was written the "
            "other way, state its date_format in the mapping"
        )


def _read_column(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    col: str,
    dtype: str,
    kind: str,
    label: str,
    mapping: TableMapping | None,
    order: dates.FileOrder,
    excel: str | None,
    raw: RawFile,
    said_loudly: list[str] | None = None,
) -> str | None:
    """Read a staged text column's dates or amounts in place; how they were read, for the report (None: nothing
    worth saying, or not a date or amount column). `order`: what the file's date columns show of day and month;
    `excel`: the day an XLSX file's day numbers count from (None: not a workbook); `raw`: the file as read."""
    marks = _invisible_marks_removed(con, table, col) if dtype in DATE_TYPES or dtype in checks.NUMBER_TYPES else []
    said: str | None = None
    if dtype in DATE_TYPES:
        declared = mapping.date_format if mapping else ()
        zone = mapping.timezone if mapping else None
        read = dates.read_date_column(con, table, col, path.name, kind, label, declared, excel, order, zone)
        said = None if read is None else read.description
        if read is not None and read.unread and said_loudly is not None:
            said_loudly.append(read.unread)
        if read is not None and said_loudly is not None:
            said_loudly.extend(read.alerts)
    elif dtype in checks.NUMBER_TYPES:
        result = _read_number_column(con, path, table, col, dtype, kind, label, mapping, raw)
        said = None if result.description.endswith(numbers.UNSHOWN) else result.description
    return "; ".join([*([said] if said else []), *marks]) or None


def _invisible_marks_removed(con: duckdb.DuckDBPyConnection, table: str, col: str) -> list[str]:
    """Remove the direction marks Hebrew and Arabic Excel write around dates and amounts (numbers.INVISIBLE_MARKS),
    which no format reads; what the report says of them."""
    q = _quote(col)
    found = store.scalar(
        con, f"select count(*) from {table} where regexp_matches({q}, $marks)", {"marks": numbers.INVISIBLE_MARKS}
    )
    if not found:
        return []
    con.execute(
        f"update {table} set {q} = regexp_replace({q}, $marks, '', 'g') where regexp_matches({q}, $marks)",
        {"marks": numbers.INVISIBLE_MARKS},
    )
    return [f"invisible direction marks (U+200E, U+200F and the like) removed from {fmt_count(found, 'cell')}"]


# a lead's stage dates a CRM may export without a time (Salesforce's ConvertedDate is a date)
STAGE_DATES = ("mql_at", "sql_at", "first_contact_at", "disqualified_at")
# per table, the dates that may come without a time beside a created_at with one: a lead's stage dates, and a
# deal's close (Salesforce's CloseDate is a date, its CreatedDate a time)
SAME_DAY_DATES: dict[str, tuple[str, ...]] = {"leads": STAGE_DATES, "deals": ("closed_at",)}
# a date written without a time: ISO, numeric with / - or ., or with a month name (never a number alone, which
# may be epoch milliseconds or an Excel day with its time in the fraction)
DATE_ONLY = (
    r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}"
    r"|[0-9]{1,2}[ -]?[A-Za-z]{3,9}\.?[ ,-]*[0-9]{4}|[A-Za-z]{3,9}\.? [0-9]{1,2},? [0-9]{4}"
)


def _mark_date_only(
    con: duckdb.DuckDBPyConnection, table: str, kind: str, file_columns: list[str], as_read: Mapping[str, str]
) -> list[str]:
    """Mark, before the dates are rewritten, the cells of a lead's stage dates or a deal's close written without
    a time."""
    if "created_at" not in file_columns:
        return []
    marked = [c for c in SAME_DAY_DATES.get(kind, ()) if c in file_columns and as_read[c] == "VARCHAR"]
    for col in marked:
        flag = _quote(f"_date_only_{col}")
        con.execute(f"alter table {table} add column {flag} boolean")
        con.execute(f"update {table} set {flag} = regexp_full_match(trim({_quote(col)}), $dates)", {"dates": DATE_ONLY})
    return marked


def _same_day_as_creation_stored(con: duckdb.DuckDBPyConnection, columns: list[str]) -> list[tuple[str, str]]:
    """_same_day_as_creation for leads stored by the fast way, typed as they went in: a stage date column all of
    whose values fall at midnight was written without times. The leads it moves are derived again."""
    said = []
    for col in (c for c in STAGE_DATES if c in columns):
        q = _quote(col)
        if not store.scalar(con, f"select coalesce(bool_and({q} = date_trunc('day', {q})), false) from leads"):
            continue
        when = f"{q} < created_at and {q}::date = created_at::date"
        moved = store.scalar(con, f"select count(*) from leads where {when}")
        if moved:
            # is_mql null: the stage columns the insert derived are derived again with the moved date
            con.execute(f"update leads set {q} = created_at, is_mql = null where {when}")
            said.append((col, _same_day_note(moved, "leads")))
    return said


def _same_day_note(moved: int, kind: str) -> str:
    """What the report says of the stage dates (or deal closes) read as the lead's (deal's) creation time."""
    noun = "deal" if kind == "deals" else "lead"
    return (
        f"the {noun}'s creation time for {fmt_count(moved, 'date')} without a time on its creation day (a date "
        "alone is not before it)"
    )


def _same_day_as_creation(
    con: duckdb.DuckDBPyConnection, table: str, kind: str, marked: list[str]
) -> list[tuple[str, str]]:
    """A stage date without a time on the lead's creation day reads as midnight, before the lead existed, and
    every lead Salesforce converts the day it is created would be out of order (a deal won the day it is created
    would close before it, its sales cycle negative): such a date is read as the creation time (the earliest
    moment both allow). Returns per column what the report says."""
    said = []
    for col in marked:
        q, flag = _quote(col), _quote(f"_date_only_{col}")
        when = (
            f"{flag} and try_cast({q} as timestamp) < try_cast(created_at as timestamp) "
            f"and try_cast({q} as date) = try_cast(created_at as date)"
        )
        moved = store.scalar(con, f"select count(*) from {table} where {when}")
        if moved:
            con.execute(f"update {table} set {q} = created_at where {when}")
            said.append((col, _same_day_note(moved, kind)))
        con.execute(f"alter table {table} drop column {flag}")
    return said


def _read_number_column(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    col: str,
    dtype: str,
    kind: str,
    label: str,
    mapping: TableMapping | None,
    raw: RawFile,
) -> numbers.ColumnFormat:
    """Rewrite an amount or count column's cells as plain numbers, or refuse a column whose format is undecided. A
    sheet's number cells are read as they are (readers.exact_rows), beside text cells that decide the format."""
    stated = mapping.number_format_of(col) if mapping else None
    declared_number = numbers.NumberFormat(stated["decimal"], stated["thousands"] or None) if stated else None
    # keep the cells as written, so a problem quotes "(500)", not the number it was read as
    con.execute(f"alter table {table} add column {_quote(checks.original(col))} varchar")
    con.execute(f"update {table} set {_quote(checks.original(col))} = {_quote(col)}")
    ranges = _blank_ranges(con, table, col) if dtype == "INTEGER" else ""
    sheet = path.suffix.lower() in readers.EXCEL_SUFFIXES and raw.view
    exact = readers.exact_rows(con, path.name, raw.sources.get(col, (label,)), raw.view, table) if sheet else "false"
    placeholders = unknown_amounts.blank_placeholders(con, table, label) if (kind, col) == ("deals", "amount") else []
    try:
        result = numbers.normalise_amount_column(con, table, col, declared_number, exact)
        if result.format is None and dtype == "INTEGER" and result.options and result.examples:
            result = _read_as_count(con, table, col, result, exact)
    finally:
        readers.forget_exact_rows(con, table)
    if result.format is None:
        raise ImportRefused(numbers.refusal_message(path.name, label, kind, result))
    if ranges:
        result = replace(result, description=f"{result.description}; {ranges}")
    if placeholders:
        shown = ", ".join(f"{word!r} {n:,}" for word, n in placeholders)
        words = f"{sum(n for _, n in placeholders):,} written as not known yet ({shown}) read as blank, the deal kept"
        result = replace(result, description=f"{result.description}; {words}")
    if dtype == "DOUBLE" and raw.view:
        stated_cents = mapping.amount_in_cents if mapping is not None and col == "amount" else None
        result = _in_cents(con, table, col, raw, result, (kind, stated_cents))
    if dtype == "DOUBLE":
        result = _in_units(con, (table, col, label, path.name), result, kind, mapping, raw)
    return result


def _in_units(
    con: duckdb.DuckDBPyConnection,
    where: tuple[str, str, str, str],
    result: numbers.ColumnFormat,
    kind: str,
    mapping: TableMapping | None,
    raw: RawFile,
) -> numbers.ColumnFormat:
    """An amount column (`where`: staged table, column, header, file name) in millionths made units and said, as its
    header or mapping says; a spend file's amounts that cost more per impression than any ad buy refused; the
    thousands or millions a header names multiplied."""
    table, col, label, file_name = where
    micros = mapping.amount_in_micros if mapping is not None and col == "amount" else None
    if micros or (micros is None and MICROS.search(label)):
        # Google Ads' API and BigQuery exports give money in millionths (cost_micros): 3311230000 is 3,311.23
        _divided_by(con, table, _quote(col), MICROS_PER_UNIT)
        why = "the mapping says amount_in_micros = true" if micros else "the header says micros"
        return replace(result, description=f"{result.description}; in millionths ({why}): divided by 1,000,000")
    if micros is None and kind == "spend" and col == "amount" and raw.view:
        _refuse_unseen_micros(con, table, label, raw, file_name)
    if said := _header_unit(con, table, col, label, file_name):
        return replace(result, description=f"{result.description}; {said}")
    return result


# rows of an amount and its formatted twin compared to tell the amount's unit
TWIN_ROWS = 1000
# the words after a recurring value as a CRM shows it ("$500 monthly", "$12,000 annually", "€40 / month")
RECURRING_WORDS = r"(\s+|\s*/\s*)(per\s+|a\s+)?(month(ly)?|annual(ly)?|year(ly)?|week(ly)?|quarter(ly)?|mo|yr)\.?$"
# a deal's column saying its value recurs (Close's "value_period": one_time, monthly, annual), and its values that
# say it does not
PERIOD_COLUMNS = frozenset(
    {"valueperiod", "billingperiod", "billingfrequency", "paymentfrequency", "recurrence", "durationbasis", "bidtype"}
)
# (a year's value is a deal's size as a plan counts it: an annual period is not warned of; Capsule's Fixed basis is
# the deal's whole value)
ONE_TIME = frozenset(
    {"onetime", "once", "oneoff", "single", "none", "", "annual", "annually", "yearly", "year", "fixed", "fixedbid"}
)
# the bases that are a period, as Capsule and Insightly write them: a value per one of these times its duration is
# the deal's; any other basis ("Lump Sum", "Hard Bid": a contractor's bid types) is no period, and its value is the
# deal's as written, said (multiplied, a 50,000 lump sum for 90 days was stored as 4,500,000)
PERIOD_BASES = frozenset(
    {
        *("hour", "day", "week", "month", "quarter", "year"),
        *("perhour", "perday", "perweek", "permonth", "perquarter", "peryear"),
        *("hourly", "daily", "weekly", "monthly", "quarterly", "yearly"),
    }
)


def _basis_key(value: str | None) -> str:
    """A basis or period cell as ONE_TIME and PERIOD_BASES write it: lower-case letters only."""
    return re.sub(r"[^a-z]", "", (value or "").lower())


def _unknown_bases(column: str, found: list[tuple[str, int]], file_name: str) -> list[str]:
    """The warning for a basis column's values that are neither whole nor a period (_recurring_values's `found`)."""
    unknown = [(v, n) for v, n in found if _basis_key(v) not in PERIOD_BASES]
    if not unknown:
        return []
    listed = ", ".join(f"{v} {n:,}" for v, n in unknown)
    return [
        f"{file_name}: column {column!r} holds {listed}: neither a fixed value nor a period (hour, day, week, month, "
        "quarter, year), so those deals' values are read as written, as each deal's whole value; if they are per "
        "period, map the deal's whole value instead"
    ]


def _recurring_values(
    con: duckdb.DuckDBPyConnection, raw_view: str, raw_columns: list[str], file_name: str
) -> list[str]:
    """Warn of deals whose value recurs (a period column of monthly or annual): their amount is one period's. A
    Duration Basis beside its Duration made each deal's whole value (_per_period_values): nothing to warn of."""
    column = next((c for c in raw_columns if readers.header_key(c) in PERIOD_COLUMNS), None)
    if column is None:
        return []
    keys = {readers.header_key(c) for c in raw_columns}
    pair = DURATION_PAIRS.get(readers.header_key(column))
    q = _quote(column)
    found = con.execute(
        f"select clean({q}) as period, count(*) from {raw_view} "
        f"where not list_contains($once, regexp_replace(lower(coalesce(clean({q}), '')), '[^a-z]', '', 'g')) "
        "group by 1 order by 2 desc, 1",
        {"once": list(ONE_TIME)},
    ).fetchall()
    said: list[str] = []
    if pair is not None:
        # a basis column: its periods are multiplied by their duration where it is exported; the rest said
        said = _unknown_bases(column, found, file_name)
        found = [(v, n) for v, n in found if _basis_key(v) in PERIOD_BASES]
        if pair[0] in keys:
            return said
    if not found:
        return said
    total = sum(n for _, n in found)
    listed = ", ".join(f"{period} {n:,}" for period, n in found)
    advice = (
        f"Export the duration column ({'Bid Duration' if readers.header_key(column) == 'bidtype' else 'Duration'}) "
        f"beside {column!r}: each deal is then read as its value times its duration"
        if readers.header_key(column) in DURATION_PAIRS
        else "For a year's value map the annualised amount instead (Close: annualized_value), or import one-time "
        "deals only"
    )
    return [
        *said,
        f"{file_name}: {fmt_count(total, 'deal')} {'has' if total == 1 else 'have'} a recurring value (column "
        f"{column!r}: {listed}): each is counted as written, one period's value, in revenue, pipeline and deal sizes, "
        f"not a year's. {advice}",
    ]


def _per_period_values(
    con: duckdb.DuckDBPyConnection,
    file: tuple[str, int],
    file_name: str,
    staged: tuple[str, list[str]],
    raw_columns: list[str],
    labels: Mapping[str, str],
) -> list[str]:
    """A deal's value per period (Capsule's Duration Basis of Hour, Day, Week, Month, Quarter or Year) times its
    Duration is its whole value, stored so; what the report says of it. A value per period without a Duration (blank,
    0 or no number) is skipped: stored as one period's, the deal would count a fraction of its size in silence.
    `file`: the import's kind and the file's index; `staged`: the staged (mapped) table and its columns."""
    (kind, index), (table, columns) = file, staged
    by_key = {readers.header_key(c): c for c in raw_columns}
    pairs = [(by_key[b], by_key.get(d), a) for b, (d, a) in DURATION_PAIRS.items() if b in by_key]
    basis, duration, per_period_amount = pairs[0] if pairs else (None, None, None)
    if kind != "deals" or "amount" not in columns or basis is None or duration is None:
        return []
    if per_period_amount is not None and readers.header_key(labels.get("amount", "")) != per_period_amount:
        # Insightly's Opportunity Value is already the bid times its duration
        return []
    raw = f"staging_{index}"
    b, d, q = _quote(basis), _quote(duration), _quote("amount")
    per_period = (
        f"list_contains($periods, regexp_replace(lower(coalesce(clean(cast(r.{b} as varchar)), '')), '[^a-z]', '', "
        f"'g')) and regexp_full_match(m.{q}, $plain)"
    )
    # a number of periods as written ("12", "1.5"); "1,5" or "1,000" is no number here: its row is skipped, not guessed
    periods = f"try_cast(clean(cast(r.{d} as varchar)) as decimal(38, 6))"
    params = {"periods": sorted(PERIOD_BASES), "plain": numbers.CANONICAL}
    con.execute(
        f"insert into {checks.ISSUES} select $index, $file, r._row, $column, '{checks.NO_DURATION}', "
        f"coalesce(clean(cast(r.{b} as varchar)), '') || ' × ' || coalesce(clean(cast(r.{d} as varchar)), '(blank)'), "
        f"'{checks.SKIPPED}' from {raw} as r join {table} as m using (_row) "
        f"where {per_period} and coalesce({periods} > 0, false) = false",
        {**params, "index": index, "file": file_name, "column": duration},
    )
    found = con.execute(
        f"select clean(cast(r.{b} as varchar)) as basis, count(*), min(r._row) from {raw} as r "
        f"join {table} as m using (_row) where {per_period} and {periods} > 0 group by 1 order by 2 desc, 1",
        params,
    ).fetchall()
    if not found:
        return []
    first = con.execute(
        f"select m.{q}, {periods} from {raw} as r join {table} as m using (_row) where r._row = $row",
        {"row": min(row for _, _, row in found)},
    ).fetchone()
    con.execute(
        f"update {table} as m set {q} = (cast(m.{q} as decimal(38, 6)) * {periods})::decimal(38, 6)::varchar "
        f"from {raw} as r where r._row = m._row and {per_period} and {periods} > 0",
        params,
    )
    total = sum(n for _, n, _ in found)
    listed = ", ".join(f"{value} {n:,}" for value, n, _ in found)
    example = ""
    if first is not None:
        value, times = float(first[0]), float(first[1])
        example = f" (such as {plain_number(value)} × {plain_number(times)} = {plain_number(value * times)})"
    return [
        f"{file_name}: {fmt_count(total, 'deal')} {'has' if total == 1 else 'have'} a value per period (column "
        f"{basis!r}: {listed}): each stored as its {labels.get('amount', 'amount')!r} times its {duration!r}, the "
        f"deal's whole value{example}; Fixed values as written"
    ]


def _twin_of(con: duckdb.DuckDBPyConnection, raw: RawFile, source: str, q: str) -> tuple[str, str] | None:
    """An amount's formatted twin in the raw file, and the SQL condition of the rows to compare (Close's
    annualized_value is compared with value_formatted where it equals value: a one-time deal's); None: no twin."""
    by_key = {readers.header_key(c): c for c in readers.staged_types(con, raw.view)}
    suffix = propose.FORMATTED_SUFFIX
    twin = by_key.get(readers.header_key(source) + suffix)
    if twin is not None:
        return twin, ""
    # a pair of the same money only: the amount is a kind of the pair's value ("annualized_value" of "value"), not an
    # unrelated fee beside a fee_formatted
    own = readers.header_key(source)
    pairs = [
        (by_key.get(k.removesuffix(suffix)), c)
        for k, c in by_key.items()
        if k.endswith(suffix) and k != suffix and own.endswith(k.removesuffix(suffix))
    ]
    base, twin = next(((b, c) for b, c in pairs if b is not None and b != source), (None, None))
    if base is None or twin is None:
        return None
    return twin, f"and try_cast(clean(r.{_quote(base)}) as double) = try_cast(m.{q} as double)"


# what an amount is of its formatted twin: the same money, in cents, or neither on some row
SAME, CENTS, DIFFERS = "same", "cents", "differs"


def _twin_verdict(
    con: duckdb.DuckDBPyConnection, sample: str, fmt: numbers.NumberFormat | None
) -> tuple[numbers.ColumnFormat, str | None, int | None]:
    """The twin's cells read with a format (None: decided from them): how; SAME when every row's amount is the
    twin's, CENTS when every row's is 100 times it, DIFFERS when some row's is neither (None: no row to compare); and
    a row to quote (the first that agrees with neither, else the first)."""
    con.execute(
        f"create or replace temp table {sample}_try as select _row, shown, shown as written, amount from {sample}"
    )
    read = numbers.normalise_amount_column(con, f"{sample}_try", "shown", fmt)
    if read.format is None:
        return read, None, None
    # within the twin's rounding, as written: it shows whole dollars ($12,346 beside 12345.67, or beside 1234567
    # cents), or cents ($1.00, whose 1.00 is more than a whole 1)
    decimals = f"length(regexp_extract(written, '\\{read.format.decimal}([0-9]+)', 1))"
    unit = f"pow(10, -{decimals})"
    agrees = "abs(cast(amount as double) - {k} * cast(shown as double)) <= 0.5 * {k} * " + unit
    found = con.execute(
        f"select bool_and({agrees.format(k=1)}), bool_and({agrees.format(k=100)}), "
        f"min(_row) filter (where not ({agrees.format(k=1)}) and not ({agrees.format(k=100)})), min(_row) "
        f"from {sample}_try where regexp_full_match(shown, $plain) and cast(shown as double) <> 0",
        {"plain": numbers.CANONICAL},
    ).fetchone()
    if not found or found[3] is None:
        return read, None, None
    same, cents, disagreeing, first = found
    return read, SAME if same else CENTS if cents else DIFFERS, disagreeing or first


def _in_cents(
    con: duckdb.DuckDBPyConnection,
    table: str,
    col: str,
    raw: RawFile,
    result: numbers.ColumnFormat,
    stated: tuple[str, bool | None] = ("", None),
) -> numbers.ColumnFormat:
    """An amount column beside its formatted twin (Close's "value" and "value_formatted", "$12,500" beside 1250000):
    when every row the two both give says the amount is the twin's times 100, the amount is in cents, divided by
    100 and said; any other disagreement is refused, and a twin no row can be compared with is said. A twin whose
    separators are undecided ("$12,500" alone) is read each way it can be; the way that agrees is the one meant.
    Without a twin to compare with, an amount is in cents when the mapping says so (`stated`: the table's kind and
    its amount_in_cents, None when unsaid) or, unsaid, when it is one of Close's amounts in Close's export."""
    kind, cents = stated
    sources = raw.sources.get(col, ())
    q = _quote(col)
    found_twin = _twin_of(con, raw, sources[0], q) if len(sources) == 1 else None
    if found_twin is not None and found_twin[0] in sources:
        found_twin = None
    twin = found_twin[0] if found_twin is not None else ""
    compared = _twin_compared(con, table, col, raw, found_twin) if found_twin is not None else None
    if compared is not None and compared[0] is not None:
        verdict, shows = compared
        if verdict == SAME and not cents:
            return result
        if verdict == DIFFERS:
            raise ImportRefused(
                f"{sources[0]!r} and {twin!r} give different amounts ({shows}): map the amount to the one "
                "that shows the money as the CRM does"
            )
        if (verdict == CENTS) != bool(cents) and cents is not None:
            raise ImportRefused(
                f"the mapping says amount_in_cents = {str(cents).lower()} under [{kind}], but {shows}: the amounts "
                f"are {'not ' if verdict == SAME else ''}in cents; remove that line"
            )
        _divided_by(con, table, q, CENTS_PER_UNIT)
        return replace(
            result,
            description=f"{result.description}; in cents ({shows}): divided by 100",
        )
    said = result.description
    close = kind == "deals" and col == "amount" and _close_amounts(raw, sources)
    if cents is False or (cents is None and not close):
        if compared is not None:
            said += f"; not compared with {twin!r} beside it (no row gives one amount in both): check it is "
            said += "not in cents"
        return replace(result, description=said)
    if cents is None:
        _refuse_cents_with_fractions(con, table, q, kind)
    example = con.execute(
        f"select {q} from {table} where regexp_full_match({q}, $plain) order by _row limit 1",
        {"plain": numbers.CANONICAL},
    ).fetchone()
    _divided_by(con, table, q, CENTS_PER_UNIT)
    # never rounded: the line shows what is stored (12500.5 stated as cents is 125.005)
    shown = f": {example[0]} is {(Decimal(str(example[0])) / CENTS_PER_UNIT).normalize():,f}" if example else ""
    why = (
        f"cents, as the mapping says (amount_in_cents = true{shown}), divided by 100"
        if cents
        else f"cents (Close exports amounts in cents{shown}), divided by 100; if they are not, state "
        f"amount_in_cents = false under [{kind}] in the mapping"
    )
    # a column whose plain numbers showed no separators says its unit alone
    said = "" if said.endswith(numbers.UNSHOWN) else f"{said}; in "
    return replace(result, description=f"{said}{why}")


def _refuse_cents_with_fractions(con: duckdb.DuckDBPyConnection, table: str, q: str, kind: str) -> None:
    """Close's headers say cents, but an amount with a fraction of a cent cannot be one: a file made like Close's
    export, in units. Which it is, the mapping says."""
    fraction = store.scalar(
        con,
        f"select {q} from {table} where regexp_full_match({q}, $plain) and cast({q} as decimal(38, 6)) % 1 <> 0 "
        "order by _row limit 1",
        {"plain": numbers.CANONICAL},
    )
    if fraction is not None:
        raise ImportRefused(
            f"the amounts have Close's column names (Close exports amounts in cents), but {fraction} has a fraction "
            f"of a cent, so they may be in units: state amount_in_cents = false (amounts as written) or true (cents, "
            f"divided by 100) under [{kind}] in the mapping"
        )


def _twin_compared(
    con: duckdb.DuckDBPyConnection, table: str, col: str, raw: RawFile, found_twin: tuple[str, str]
) -> tuple[str | None, str]:
    """An amount compared with its formatted twin: the verdict (None: no row gives one amount in both) and what the
    twin shows beside the amount, for the report."""
    sources = raw.sources.get(col, ())
    q = _quote(col)
    twin, same = found_twin
    t = _quote(twin)
    sample = f"twin_{table}"
    con.execute(
        f"create or replace temp table {sample} as select r._row, "
        f"regexp_replace(clean(r.{t}), $period, '', 'i') as shown, m.{q} as amount "
        f"from {raw.view} as r join {table} as m using (_row) where clean(r.{t}) is not null "
        f"and regexp_full_match(m.{q}, $plain) {same} limit {TWIN_ROWS}",
        {"plain": numbers.CANONICAL, "period": RECURRING_WORDS},
    )
    try:
        read, verdict, first = _twin_verdict(con, sample, None)
        tried = [(verdict, first)] if read.format is not None else []
        for option in read.options if read.format is None else ():
            tried.append(_twin_verdict(con, sample, option)[1:])
        verdict, first = next(
            (t for t in tried if t[0] in (SAME, CENTS)), next((t for t in tried if t[0] is not None), (None, None))
        )
        example = con.execute(
            f"select r.{t}, m.{q} from {raw.view} as r join {table} as m using (_row) where r._row = $row",
            {"row": first},
        ).fetchone()
    finally:
        con.execute(f"drop table if exists {sample}")
        con.execute(f"drop table if exists {sample}_try")
    if example is None:
        return None, ""
    return verdict, f"{twin!r} shows {example[0]!r} where {sources[0]!r} has {example[1]}"


# an amount's unit in the exports that write money in fractions of it: cents (Close), millionths (Google Ads' micros)
CENTS_PER_UNIT = 100
MICROS_PER_UNIT = 1_000_000


def _divided_by(con: duckdb.DuckDBPyConnection, table: str, q: str, per_unit: int) -> None:
    """An amount column in fractions of the currency's unit (cents, micros) made its units, in decimals: a double
    would write 50 micros 5e-05, which no amount reads."""
    con.execute(
        f"update {table} set {q} = (cast({q} as decimal(38, 6)) / {int(per_unit)})::decimal(38, 6)::varchar "
        f"where regexp_full_match({q}, $plain)",
        {"plain": numbers.CANONICAL},
    )


def _close_amounts(raw: RawFile, sources: Sequence[str]) -> bool:
    """Whether a file is Close's opportunities export and the amount is read from its amounts (in cents)."""
    return propose.is_close_export(raw.columns) and bool(sources) and all(propose.is_close_amount(s) for s in sources)


# a count of people given as a band, as CRMs export company sizes: 51-200, 1,001–5,000, 10001+
COUNT_RANGE = r"[0-9][0-9,.' ]*\s*([-–]\s*[0-9][0-9,.' ]*|\+)"


def _blank_ranges(con: duckdb.DuckDBPyConnection, table: str, col: str) -> str:
    """Blank the cells of a count that give a band (51-200): no one number is the count, and the row (a company's
    name, industry, owner) is worth keeping without it. What the report says of them ('' when none)."""
    q = _quote(col)
    found = con.execute(
        f"select count(*), min(trim({q})) from {table} where regexp_full_match(trim({q}), $band)", {"band": COUNT_RANGE}
    ).fetchone()
    if not found or not found[0]:
        return ""
    con.execute(f"update {table} set {q} = null where regexp_full_match(trim({q}), $band)", {"band": COUNT_RANGE})
    return f"{fmt_count(found[0], 'band')} such as {found[1]!r} read as blank: a band is no one number"


# an amount column whose header says its money is in millionths of the currency
MICROS = re.compile(r"micros?(?![a-z])", re.I)
# the most a spend row may cost per 1,000 impressions, in its currency's units, before its amounts are taken for
# millionths: Reddit's and Snapchat's APIs write $201.00 as 201000000 under a plain "spend", stored a million times too
# much (some $10,000 an impression). A real buy stays far below a million per thousand impressions even in currencies
# of small units (₩22,500 is $15, ₫500,000 $20), where 10,000 refused Korean search campaigns; millionths reach it
# from a cost of 1.00 per thousand impressions on. A buy that does cost more states amount_in_micros = false
MAX_COST_PER_MILLE = 1_000_000
# a file's impressions column: a header with "impression" in it, not a share or rate of them ("Search impr. share")
IMPRESSIONS = re.compile(r"impression", re.I)
_NOT_IMPRESSIONS = re.compile(r"share|rate|%|lost|cost|cpm|per", re.I)


def _refuse_unseen_micros(con: duckdb.DuckDBPyConnection, table: str, label: str, raw: RawFile, file_name: str) -> None:
    """Refuse a spend file whose amounts, divided by its impressions, cost more per 1,000 impressions than any ad buy
    on most rows (MAX_COST_PER_MILLE): its amounts are millionths with no "micro" in the header, or the columns are
    mixed up. Never divided in silence: the mapping says which."""
    shown = [c for c in raw.columns if IMPRESSIONS.search(c) and not _NOT_IMPRESSIONS.search(c)]
    if not shown:
        return
    i = f"try_cast(regexp_replace(trim(cast(r.{_quote(shown[0])} as varchar)), '[,.\\s'']', '', 'g') as double)"
    a = f"try_cast(m.{_quote('amount')} as double)"
    found = con.execute(
        f"select count(*) filter (where {a} / {i} * 1000 > $most), count(*), "
        f"arg_min(r._row, case when {a} / {i} * 1000 > $most then r._row end), "
        f"arg_min({a}, case when {a} / {i} * 1000 > $most then r._row end), "
        f"arg_min({i}, case when {a} / {i} * 1000 > $most then r._row end) "
        f"from {raw.view} as r join {table} as m using (_row) where {i} > 0 and {a} > 0",
        {"most": MAX_COST_PER_MILLE},
    ).fetchone()
    if not found or not found[1] or found[0] * 2 <= found[1]:
        return
    over, compared, row, amount, seen = found
    per_mille = amount / seen * 1000
    raise ImportRefused(
        f"{file_name}: column {label!r} gives {over:,} of {compared:,} rows a cost of more than "
        f"{MAX_COST_PER_MILLE:,} per 1,000 impressions (column {shown[0]!r}), which no ad buy costs: row {row} "
        f"spends {amount:,.0f} on {seen:,.0f} impressions ({per_mille:,.0f} per 1,000). If the amounts are in "
        f"millionths, as Reddit's and Snapchat's APIs write spend (201000000 for 201.00), state amount_in_micros = "
        f"true under [spend] in the mapping (they are divided by 1,000,000); if they are as written, state "
        f"amount_in_micros = false; else map the amount to the spend column"
    )


# an amount column whose header says its money is in thousands or millions (finance's sheets: "Spend (USD
# thousands)", "Cost ($K)", "Amount (000s)", "Spend (k€)", "Расход, тыс. руб."): 150 was stored as 150, not 150,000
_SIGN = r"[$€£¥₽₹]"
# the ISO codes beside which a k is a thousand ("(USD k)", "(k EUR)"): any 3 letters made "(Bank)" and "(Week)" too
_CODES = "|".join(code.lower() for code in numbers.CURRENCY_CODES)
HEADER_UNITS = (
    (
        1_000,
        "thousands",
        re.compile(
            rf"\bthousands?\b|(?<![0-9])(?<![0-9][ .,])'?000'?s?(?![0-9])|(?<![a-z])k\s*{_SIGN}|{_SIGN}\s*k(?![a-z])"
            rf"|\(\s*k\s*\)|\(\s*k\s*(?:{_CODES})\s*\)|\(\s*(?:{_CODES})\s*k\s*\)|\bk(?:usd|eur|gbp|chf)\b|\bтыс\b|тысяч"
            r"|\btsd\b|\btausend\b|\bmilliers?\b|\ben\s+miles\b|\bmigliaia\b|\bduizenden\b"
        ),
    ),
    (
        1_000_000,
        "millions",
        # not a bare "MN" (Minnesota): "USD mn" or "mn €" only
        re.compile(
            rf"\bmillions?\b|\bmio\b|\bmln\b|\bмлн\b|\bmillones\b|\bmilioni\b|\bmillionen\b"
            rf"|\b(?:{_CODES})\s*mn\b|\bmn\s*(?:{_CODES})\b|{_SIGN}\s*mn\b|\bmn\s*{_SIGN}"
        ),
    ),
    (100_000, "lakhs", re.compile(r"\blakhs?\b")),
    (10_000_000, "crores", re.compile(r"\bcrores?\b")),
)
# a unit no reader can be sure of: M is a thousand in some finance teams (Roman), a million in others, MM a million
UNSURE_UNITS = re.compile(
    rf"(?<![a-z])m{{1,2}}\s*{_SIGN}|{_SIGN}\s*m{{1,2}}(?![a-z])|\(\s*m{{1,2}}\s*\)|\(\s*mm\s*[a-z]{{3}}\s*\)|\bbillions?\b"
)
# a rate per thousand (a CPM) is no unit of the amount
PER_THOUSAND = re.compile(r"\bper\s+(thousand|mille|million|1[ ,.]?000)\b|\bcpm\b|‰")
# a cell with its own K/M/B suffix ("1.5k") is already read in units: in a thousands column it would be scaled twice
SCALED_CELL = r"(?i)[0-9]\s*(k|m|mn|bn|b)\s*$"


def _header_unit(con: duckdb.DuckDBPyConnection, table: str, col: str, label: str, file_name: str) -> str:
    """Multiply an amount column whose header states thousands or millions by them; what the report says ('' when
    the header states none). A header that is unsure (M, MM, both units) or cells with their own K/M is refused."""
    text = unicodedata.normalize("NFKC", label).lower()
    if MICROS.search(text) or PER_THOUSAND.search(text):
        return ""
    found = [(factor, words, m.group(0)) for factor, words, unit in HEADER_UNITS if (m := unit.search(text))]
    unsure = UNSURE_UNITS.search(text)
    if unsure or len(found) > 1:
        said = unsure.group(0) if unsure else " and ".join(repr(w) for _, _, w in found)
        raise ImportRefused(
            f"{file_name}: the header {label!r} says its amounts are in {said.strip()!r}, which may mean thousands or "
            'millions: rename the column so it says one of them ("thousands" or "millions"), or write the '
            "amounts in units"
        )
    if not found:
        return ""
    factor, words, written = found[0]
    q, kept = _quote(col), _quote(checks.original(col))
    scaled = con.execute(
        f"select min({kept}) from {table} where regexp_matches(trim({kept}), $suffix)", {"suffix": SCALED_CELL}
    ).fetchone()
    if scaled and scaled[0] is not None:
        raise ImportRefused(
            f"{file_name}: the header {label!r} says its amounts are in {words}, but {scaled[0]!r} has its own unit: "
            f"rename the column without {written.strip()!r}, or write every amount as a plain number"
        )
    con.execute(
        f"update {table} set {q} = (cast({q} as decimal(38, 6)) * {int(factor)})::decimal(38, 6)::varchar "
        f"where regexp_full_match({q}, $plain)",
        {"plain": numbers.CANONICAL},
    )
    return f"in {words} (the header says {written.strip()!r}): multiplied by {factor:,}"


def _read_as_count(
    con: duckdb.DuckDBPyConnection, table: str, col: str, undecided: numbers.ColumnFormat, exact: str
) -> numbers.ColumnFormat:
    """A count of people has no decimals: where a column's separators read both ways (1,200 or 1.200 alone),
    the way that groups thousands is the one a count can mean; said in the report."""
    example = undecided.examples[0]
    fmt = max(undecided.options, key=lambda f: numbers.parse_amount(example, f) or 0)
    result = numbers.normalise_amount_column(con, table, col, fmt, exact)
    if result.format is None:
        return result
    read = numbers.canonical_text(numbers.parse_amount(example, fmt) or Decimal(0))
    return numbers.ColumnFormat(fmt, f"{fmt.describe()}: a count has no decimals, so {example} is {read}")


def _select_list(
    con: duckdb.DuckDBPyConnection, kind: str, staging: str, file_columns: list[str], blank_later: bool = False
) -> str:
    """The table's columns from a staged file; with `blank_later` (the fast way), text cells go in as read except
    CLEAN_ON_INSERT's, and a blank cell whose blank has a meaning of its own is stored as '', for the row check
    on the stored rows to clean them and count it as blank."""
    exprs = []
    as_read = readers.staged_types(con, staging)
    for col, (dtype, required) in store.table_columns(con, kind).items():
        if col in file_columns:
            # rows whose values cannot be read are skipped before this runs; try_cast turns the empty
            # and blank cells that remain into nulls
            if dtype == "VARCHAR" and blank_later and col in CLEANED_AFTER:
                # cleaned on the stored rows, where the row check cleans them anyway (cleaning them here too
                # cost a fifth of the import); only the few with blanks around them are updated
                value = (
                    f"coalesce({_quote(col)}, '')"
                    if (kind, col) in values.BLANK_MEANS
                    else f"nullif({_quote(col)}, '')"
                )
            elif dtype == "VARCHAR" and blank_later and (kind, col) in values.BLANK_MEANS:
                value = f"coalesce(clean({_quote(col)}), '')"
            elif dtype == "VARCHAR":
                value = values.final_value(kind, col, f"clean({_quote(col)})")
                if col == checks.LEAD_REF and not blank_later:
                    # the fast way stores ids as read: its row check sends a file with e-mail ids in capitals
                    # here, where the report says they were lower-cased
                    value = f"email_id({value})"
            elif as_read[col] == dtype:
                value = _quote(col)
            else:
                # only rows that passed the row check are selected: their cells are known to be readable
                value = checks.typed(_quote(col), dtype, try_=True, checked=True)
            if dtype in ("TIMESTAMP", "DATE") and not required and not blank_later:
                # an optional date written as a zero date (1970-01-01) is blank, as the row check warned; the
                # fast way stores it as read, and its check on the stored rows sends it the staged way
                value = f"(case when {checks.placeholder(value)} then null else {value} end)"
        else:
            # a blank source is "unknown" where a source is required; a target without one is company-wide
            value = values.final_value(kind, col, f"null::{dtype}")
        exprs.append(f"{value} as {_quote(col)}")
    return ", ".join(exprs)


def _insert(con: duckdb.DuckDBPyConnection, kind: str, index: int, rows_sql: str) -> int:
    """Insert one file's kept rows; leads get their stage columns as they go in. Rows inserted."""
    if kind != "leads":
        return store.scalar(con, f"insert into {kind} by name {rows_sql}")
    con.execute(f"create or replace temp view import_rows_{index} as {rows_sql}")
    return store.scalar(con, f"insert into leads by name select * from lead_derivation('import_rows_{index}', 'deals')")


# the deals that named a lead before a deals import (_deals_that_lost_their_lead)
LED_DEALS = "deals_led_before"
# the sources the leads (and deals without a lead) had before a leads import (_spend_of_no_source)
SOURCES_BEFORE = "lead_sources_before"
# the stored touches without a source an import of touches keeps (after a replace removed its rows): the import's
# warning is of its own touches (trial 64: a 2-row append repeated "1 touch has no source" of the first file's)
UNSOURCED_BEFORE = "touches_unsourced_before"
# the stored touches per source an import of touches keeps: its warning of sources no lead has is of its own touches,
# the stored ones are noted (probe 79: a 2-row append of Paid Search and Email repeated the stored Direct Mail's)
TOUCH_SOURCES_BEFORE = "touch_sources_before"


def _before_writing(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """In the import's transaction, before its rows are written: keep the order of day and month each file's dates
    showed, for its next export (dates.stored_order); a deals import notes the deals that name a lead now."""
    for key, value in report.date_orders.items():
        # files of one export that disagreed keep nothing (dates.remember_order)
        if value:
            store.set_meta(con, key, value)
    for key, value in report.meta.items():
        store.set_meta(con, key, value)
    if report.kind in ("leads", "deals"):
        # the one change that moves the data's today: its table's horizon is this import's clock, as its row checks
        # were; the other table's stays its own import's (review 99)
        store.keep_import_horizon(con, report.kind)
    if report.kind == "deals":
        con.execute(f"create or replace temp table {LED_DEALS} as select deal_id from deals where lead_id is not null")
    if report.kind == "leads":
        # a demo's sources were never the user's: none of them is one the leads had
        had = "" if "leads" in store.demo_tables(con) else f" union {_LEAD_SOURCE_KEYS}"
        con.execute(f"create or replace temp table {SOURCES_BEFORE} as select null::varchar as k{had}")


def _write(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    kept: dict[int, str],
    id_col: str | None,
    also: Callable[[], None] | None,
    tell: Progress,
    files: Mapping[int, tuple[str, list[str]]] | None = None,
    raw: bool = True,
) -> None:
    """One transaction: replace or upsert the kept rows of each file, check the count, refresh derived data.
    `files`: each file's name and the table columns it gives (an upsert keeps the stored values of the others);
    `raw`: each file's cells as read are staged (staging_<index>), which the fast way does not do."""
    kind = report.kind
    # what the file's upgrade moved (store._say_sales_tools): said once, by this report, and removed with its rows
    upgraded = store.get_meta(con, store.UPGRADE_NOTE_KEY)
    # leads are written with their stage columns derived; only a deals import changes other leads'
    with store.transaction(con, stale=_stale_leads(kind)):
        orphans_before = _put_rows(con, report, kept, id_col, also, files, raw)
        _checks_after_writing(con, report, orphans_before)
        tell(0.85, "Refreshing the funnel tables")
        if upgraded:
            con.execute("delete from meta where key = $key", {"key": store.UPGRADE_NOTE_KEY})
    _after_commit(con, report)
    if upgraded:
        report.alerts.append(f"on upgrading the database file, {upgraded}")


def _stale_leads(kind: str) -> str:
    """The leads an import of `kind` derives again: only a deals import changes other leads' stages."""
    return store.STALE_LEADS if kind == "deals" else store.UNDERIVED_LEADS


def _put_rows(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    kept: dict[int, str],
    id_col: str | None,
    also: Callable[[], None] | None,
    files: Mapping[int, tuple[str, list[str]]] | None,
    raw: bool,
) -> int:
    """In the import's transaction: replace or upsert the kept rows and check their count; the deals that named a
    lead not stored before a leads import (to tell those it leaves apart)."""
    kind = report.kind
    orphans_before = _deals_without_their_lead(con) if kind == "leads" else 0
    if kind == "leads":
        _said_before(con)
    _before_writing(con, report)
    kept = _remove_replaced(con, report, kept, id_col, files, raw)
    if kind == "touches":
        con.execute(
            f"create or replace temp table {UNSOURCED_BEFORE} as select count(*) as n from touches where source is null"
        )
        con.execute(
            f"create or replace temp table {TOUCH_SOURCES_BEFORE} as select source, count(*) as n from touches "
            "where source is not null group by 1"
        )
    # reconcile on what the database says it inserted, not on what we meant to insert
    report.rows_loaded = sum(_insert(con, kind, index, sql) for index, sql in kept.items())
    con.execute(f"drop table if exists {REPLACED}")
    _drop_made(con, "upserted")
    if report.rows_loaded != report.total_read - report.rows_skipped:
        raise ImportRefused(
            f"{kind}: read {report.total_read:,} rows and skipped {report.rows_skipped:,} but loaded "
            f"{report.rows_loaded:,}; nothing was changed"
        )
    if also is not None:
        also()
    if kind in ("spend", "targets"):
        _whole_months(con, report)
    currency.keep(con, kind, report.mode, report.currency, report.in_dollars, report.currencies_fixed)
    report.demo_removed = store.remove_demo_tables_in_transaction(con, kind, report.rows_replaced)
    return orphans_before


def _checks_after_writing(con: duckdb.DuckDBPyConnection, report: ImportReport, orphans_before: int) -> None:
    """In the import's transaction, the rows written: link deals and leads, and warn of what the rows now mean."""
    kind = report.kind
    if kind in ("spend", "leads"):
        # after the demo rows went: the leads that stay are the ones spend is set against. after a leads import
        # too: a CRM that renamed a source (Salesforce's "Web" to "Website") leaves last month's spend on no lead
        _spend_of_no_source(con, report)
        campaigns.spend_of_no_campaign(con, report, _said_after(report))
    if kind in ("leads", "deals"):
        _check_linked(con, report, orphans_said=_deals_apart_from_their_lead(con, report, orphans_before))
        if kind == "deals":
            # after the linking: a Salesforce opportunities file names no lead, the leads' Converted
            # Opportunity ID links its deals again, and only those it does not link lost their lead
            _deals_that_lost_their_lead(con, report)
    if kind in ("touches", "leads", "deals", "spend"):
        # the touches meet the sources as the other tables write them now, whichever came last
        _touch_sources(con, report, warn=kind == "touches")


def _rehearse(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    kept: dict[int, str],
    id_col: str | None,
    also: Callable[[], None] | None,
    files: Mapping[int, tuple[str, list[str]]] | None,
    raw: bool = True,
) -> None:
    """A check: write the rows in a transaction rolled back, so that it says the warnings the import would say once
    its rows are in (a deals file naming none of the stored leads, MQLs without a date), which the Data page's check
    left out: it said "every row passed the checks" and the import then warned that the funnel shows no
    opportunity. Only the lines of the checks after the writing are taken; a database opened read-only is left as
    it is (the Data page's check runs on a writable copy, isolated.py)."""
    if report.kind not in config.REHEARSED_KINDS:
        return
    rows = stored_rows(con) + report.total_read - report.rows_skipped
    too_many = rows > config.CHECK_REHEARSAL_MAX_ROWS
    if too_many or not _writable(con):
        why = f"{rows:,} rows stored and to write, more than {config.CHECK_REHEARSAL_MAX_ROWS:,}"
        why = why if too_many else "the file is read-only"
        report.notes.append(
            f"the check did not write the rows to try them ({why}): what only the written rows show (deals that name "
            "no stored lead, stages without a date) is said by the import's report"
        )
        return
    trial = copy.deepcopy(report)
    con.execute("begin transaction")
    try:
        orphans_before = _put_rows(con, trial, kept, id_col, also, files, raw)
        before = (len(trial.alerts), len(trial.links), len(trial.notes))
        _checks_after_writing(con, trial, orphans_before)
        store.refresh_derived(con, _stale_leads(report.kind))
        _after_commit(con, trial, waiting=False)
    finally:
        con.execute("rollback")
    report.alerts += [a for a in trial.kept_on_append + trial.alerts[before[0] :] if a not in report.alerts]
    report.links += [a for a in trial.links[before[1] :] if a not in report.links]
    report.notes += [a for a in trial.notes[before[2] :] if a not in report.notes]


def stored_rows(con: duckdb.DuckDBPyConnection) -> int:
    """The stored leads, deals and touches: what a check's rehearsal re-derives (config.CHECK_REHEARSAL_MAX_ROWS)."""
    return int(
        store.scalar(
            con, "select (select count(*) from leads) + (select count(*) from deals) + (select count(*) from touches)"
        )
    )


def _writable(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection may write (a check's rehearsal rolls back what it writes)."""
    return not store.scalar(con, "select readonly from duckdb_databases() where database_name = current_database()")


def _after_commit(con: duckdb.DuckDBPyConnection, report: ImportReport, waiting: bool = True) -> None:
    """The report's warnings on the stage columns the commit derived, and on the deals that wait for their lead
    (`waiting`: a check says those of its own file in other words, _awaiting_said)."""
    kind = report.kind
    if kind == "leads":
        _stages_without_dates(con, report)
        _contacts_without_times(con, report)
        _disqualified_without_a_date(con, report)
        _moved_back(con, report)
    if kind in ("leads", "deals"):
        _accounts_apart(con, report)
        _customers_without_a_win(con, report)
        _rejected_customers(con, report)
        _reason_spellings(con, report)
        _stated_day(con, report)
    if kind == "accounts":
        _accounts_unmatched(con, report)
    # said at the end of every import while any deal waits, so a monthly routine cannot lose one unseen
    if waiting and (line := awaiting.waiting_line(con, kind)):
        report.alerts.append(line)


def _stated_day(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """A stated complete-through day the imported records no longer agree with, said (trial 98: a replace with older
    exports kept 30 Nov, which then counted for nothing, or for six weeks without a record, and nothing said it)."""
    # on the import's own connection: a check's rehearsal asks inside its transaction, which a cursor would not see
    latest = run_here(con, "latest_record").iloc[0]["recorded_at"]
    last = None if pd.isna(latest) else pd.Timestamp(latest).date()
    note = targets.stated_day_note(store.complete_through(con), last)
    if note:
        report.alerts.append(note[0].upper() + note[1:])
        report.stated_alerts.append(report.alerts[-1])


# the reason column of a table the pages group by reason_key (queries/macros/cleaning.sql), and its name in words
REASON_COLUMNS = {"leads": ("disqualify_reason", "rejection reason"), "deals": ("lost_reason", "lost reason")}
# how many merged spellings the note names
REASON_SPELLINGS_NAMED = 5


def _reason_spellings(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Say which spellings of a reason the pages count as one (case, spaces and underscores aside: 'price' with
    'Price'), each beside the most common spelling that names the group there (trial 61: two "Price" rows)."""
    column, words = REASON_COLUMNS[report.kind]
    table = report.kind
    found = con.execute(
        f"""
        with spelled as (
            select trim({column}) as spelling, count(*) as n
            from {table}
            where nullif(trim({column}), '') is not null
            group by 1
        ),
        ranked as (
            select *, row_number() over (partition by reason_key(spelling) order by n desc, spelling) as rank
            from spelled
        )
        select o.spelling, o.n, t.spelling, t.n
        from ranked as o
        join ranked as t on reason_key(t.spelling) = reason_key(o.spelling) and t.rank = 1
        where o.rank > 1
        order by t.n desc, t.spelling, o.n desc, o.spelling
        """
    ).fetchall()
    if not found:
        return
    pairs = "; ".join(f"{o!r} ({n:,}) counted with {t!r} ({tn:,})" for o, n, t, tn in found[:REASON_SPELLINGS_NAMED])
    more = (
        f"; and {fmt_count(len(found) - REASON_SPELLINGS_NAMED, 'more spelling')}"
        if len(found) > REASON_SPELLINGS_NAMED
        else ""
    )
    report.notes.append(
        f"{words}s written several ways are counted as one, named by the most common spelling (case, spaces and "
        f"underscores aside): {pairs}{more}"
    )


def _contacts_without_times(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn when the first contacts are dates without a time while the hand-overs they answer have times: the SLA
    counts the minutes between the two, which a date cannot give (a contact on the hand-over's day reads as at
    once, or before it)."""
    found = con.execute(
        "select count(*), count(*) filter (where first_contact_at::date = coalesce(sql_at, mql_at)::date) from leads "
        "where first_contact_at is not null and coalesce(sql_at, mql_at) is not null "
        "having bool_and(first_contact_at = date_trunc('day', first_contact_at)) "
        "and not bool_and(coalesce(sql_at, mql_at) = date_trunc('day', coalesce(sql_at, mql_at)))"
    ).fetchone()
    if found and found[0]:
        report.alerts.append(
            f"first_contact_at holds dates without a time ({fmt_count(found[0], 'lead')} with a hand-over), while "
            "the MQL and SQL dates have times: the SLA counts the minutes from the hand-over to the first contact, "
            f"which a date cannot give, so {fmt_count(found[1], 'lead')} contacted on the hand-over's day "
            f"{'counts' if found[1] == 1 else 'count'} as answered at once. Map the first contact's date and time "
            "(a date-time field of the CRM, such as HubSpot's First Outreach Date) for a compliance to trust"
        )


def _stages_without_dates(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn of MQLs and SQLs whose stage has no date: a status says they reached it, but no stage date column (nor
    a deal) dates it. The funnel counts them; a month's activity (the landing page's MQL and SQL tiles) cannot."""
    found = con.execute(
        "select count(*) filter (where is_mql and mql_entered_at is null), count(*) filter (where is_mql), "
        "count(*) filter (where is_sql and sql_entered_at is null), count(*) filter (where is_sql) from leads"
    ).fetchone()
    if not found or not (found[0] or found[2]):
        return
    parts = [
        f"{n:,} of {total:,} {stage}s"
        for n, total, stage in ((found[0], found[1], "MQL"), (found[2], found[3], "SQL"))
        if n
    ]
    report.alerts.append(
        f"{' and '.join(parts)} have no date for the stage (their status says they reached it, but no stage date "
        "column or deal dates it): the funnel counts them, but no month's activity can, so the landing page's MQL "
        "and SQL tiles for a month leave them out. Map the stage date columns (an MQL date, Salesforce's Converted "
        f"Date …) to count them in their month{_stage_dates_named(report)}"
    )


def _disqualified_without_a_date(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Say how many leads a status disqualifies without a date (Salesforce's Closed - Not Converted, HubSpot's Lead
    Status UNQUALIFIED: neither export dates it), where they count and what a date column would add; loudly when
    some have no MQL date, as an MQL by its status alone is one no more once its status says disqualified."""
    count, undated_mqls, examples = con.execute(
        "select count(*), count(*) filter (where not is_mql), list(lead_id order by lead_id)[:3] from leads "
        "where lower(lifecycle_stage) = 'disqualified' and disqualified_at is null"
    ).fetchone() or (0, 0, [])
    if not count:
        return
    said = (
        f"{fmt_count(count, 'lead')} (e.g. {', '.join(examples)}) disqualified by {'its' if count == 1 else 'their'} "
        "status without a date: counted as rejected by sales in cohort mode (in the month the lead was created), but "
        "in no month of activity mode, and with no time from hand-over to rejection. A date column of the "
        "disqualification mapped to disqualified_at (a custom field such as 'Disqualified Date') counts "
        f"{'it' if count == 1 else 'them'} in the month sales rejected {'it' if count == 1 else 'them'}"
    )
    if not undated_mqls:
        report.notes.append(said)
        return
    report.alerts.append(
        f"{said}. {fmt_count(undated_mqls, 'of them', 'of them')} {'has' if undated_mqls == 1 else 'have'} no MQL "
        "date: a lead that was an MQL by its status alone (such as Working - Contacted) before sales rejected it no "
        f"longer counts as an MQL. Map an MQL date column to keep such leads MQLs{_stage_dates_named(report, 'mql')}"
    )


# the names of an unread column that looks like a stage's date (Marketo's "Became an MQL Date", HubSpot's "Became a
# Marketing Qualified Lead Date", Salesforce's "Converted Date"): the warning that asks for one names the file's own
STAGE_DATE_NAMES: dict[str, re.Pattern[str]] = {
    "mql": re.compile(r"mql|marketing\W*qualified", re.IGNORECASE),
    "sql": re.compile(r"sql|sales\W*qualified|converted", re.IGNORECASE),
}
# a sales-accepted date (Marketo's "SAL Date"): SAL comes before SQL in Marketo's revenue cycle, so it is offered for
# sql_at only after the file's SQL date columns, as a fallback, and said to be a judgement (trial 54)
SAL_DATE_NAME = re.compile(r"\bsal\b|sales\W*accepted", re.IGNORECASE)


def _stage_date_line(report: ImportReport, stage: str, looks: re.Pattern[str]) -> str | None:
    """The mapping line for one stage's date from the file's unread columns named for it, after the columns already
    mapped (a list: the first non-blank fills a row); a SAL date only after an SQL date column; None for none."""
    mapped = report.stage_dates.get(f"{stage}_at", [])
    named = [c for c in report.unread_dates if looks.search(c)]
    sal = [c for c in report.unread_dates if stage == "sql" and SAL_DATE_NAME.search(c) and c not in named]
    if not named and not sal:
        return None
    listed = [*mapped, *named, *sal]
    written = f'"{listed[0]}"' if len(listed) == 1 else json.dumps(listed, ensure_ascii=False)
    line = f"{stage}_at = {written}"
    if sal:
        line += (
            f" ({', '.join(repr(c) for c in sal)}: the day sales accepted the lead, which in Marketo comes before "
            'SQL: a judgement call; map "sal" = "mql" under [leads.values.lifecycle_stage] if a SAL is no SQL)'
        )
    return line


def _stage_dates_named(report: ImportReport, only: str | None = None) -> str:
    """The words naming the file's unread columns that look like a stage's date, as the lines to map them; '' for
    none (trial 29: the warning asked for an MQL date column and did not name the file's "Became an MQL Date").
    A stage already mapped keeps its columns first (trial 54: the advice sql_at = "SAL Date" replaced SQL Date)."""
    found = [
        line
        for stage, looks in STAGE_DATE_NAMES.items()
        if only in (None, stage) and (line := _stage_date_line(report, stage, looks))
    ]
    if not found:
        return ""
    such = "such a column" if len(found) == 1 else "such columns"
    return f" (the file has {such}: under [leads.columns], {'; '.join(found)})"


def _moved_back(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Note the leads whose lifecycle stage is earlier than a stage they have a date for: moved back in the CRM
    (HubSpot's Lead or Other, recycled, beside an SQL date). Probe 34: counted at the stage dated and listed as
    stalled SQLs, with no word in the report."""
    count, examples = con.execute(
        "select count(*), list(lead_id || ' (' || lifecycle_stage || ', ' || "
        "case when sql_at is not null then 'SQL' else 'MQL' end || ' dated)' order by lead_id)"
        f"[:{reimport.EXAMPLES}] from leads where lower(lifecycle_stage) in ('lead', 'mql') "
        "and case when sql_at is not null then 2 when mql_at is not null then 1 else 0 end "
        "> case lower(lifecycle_stage) when 'mql' then 1 else 0 end"
    ).fetchone() or (0, [])
    if not count:
        return
    report.notes.append(
        f"{fmt_count(count, 'lead')} {'has' if count == 1 else 'have'} a lifecycle stage earlier than a stage dated "
        f"(moved back in the CRM, recycled: {', '.join(examples)}): the funnel counts "
        f"{'it' if count == 1 else 'them'} at the stage dated; the time in stage and the stalled lists leave "
        f"{'it' if count == 1 else 'them'} out"
    )


def _leads_where(con: duckdb.DuckDBPyConnection, condition: str) -> tuple[int, list[str]]:
    """The stored leads meeting a condition (SQL of the code's own, no value of a file): how many, and the first 3
    ids."""
    found = con.execute(f"select count(*), list(lead_id order by lead_id)[:3] from leads where {condition}").fetchone()
    return (found[0], found[1]) if found else (0, [])


def _customers_without_a_win(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn, when there are deals, of leads that are customers by their lifecycle stage alone: none of their deals
    is won, so the funnel counts them as customers without a customer date (HubSpot marks every contact of a
    company that won a deal a customer, and a deal of theirs may be missing from the export)."""
    count, examples = _leads_where(
        con,
        "is_customer and customer_entered_at is null and exists (select 1 from deals) and lead_id not in "
        "(select lead_id from deals where status = 'won' and lead_id is not null)",
    )
    if not count:
        return
    report.alerts.append(
        f"{fmt_count(count, 'lead')} (e.g. {', '.join(examples)}) {'is a customer' if count == 1 else 'are customers'} "
        "by the lifecycle stage alone: no deal of theirs among the deals is won, so the funnel counts "
        f"{'it' if count == 1 else 'them'} as {'a customer' if count == 1 else 'customers'} with no customer date (in "
        "no month, and none of the wins or revenue). A CRM may mark every contact of a company that won a deal a "
        "customer (HubSpot does); import the deals they won, or map their lifecycle stage to the stage they reached"
    )


def _rejected_customers(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn of leads disqualified by their lifecycle stage that have a won deal: counted as customers and as rejected
    by sales both (trial 107: Close's custom status Canceled, given to a customer who cancelled, made a $24,000 win
    a rejection in its source's rejection rate)."""
    # the stored is_customer of a lead whose lifecycle stage ranks below customer is its won deal (lead_derivation's
    # has_won_deal, derived in the commit): read, not the deals searched again (244 ms CPU at 10 M leads, review
    # rev107; 29 ms at 1 M)
    count, examples = _leads_where(con, "is_customer and lower(lifecycle_stage) = 'disqualified'")
    if not count:
        return
    report.alerts.append(
        f"{fmt_count(count, 'lead')} disqualified by the lifecycle stage {'has' if count == 1 else 'have'} a won "
        f"deal (e.g. {', '.join(examples)}): counted as {'a customer' if count == 1 else 'customers'} and as "
        "rejected by sales both (the Sources page's rejections and rejection rate). A status given to customers who "
        "left (Canceled, Churned) is no rejection: map it to customer under [leads.values.lifecycle_stage]"
    )


def _accounts_apart(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn when no deal names the account its lead has: the two files' account ids are of different kinds (a
    company name or domain derived with account_from beside a CRM's account ids); else note the deals booked on an
    account none of the leads belongs to (a parent company), which count for their lead's account."""
    same, other, example = con.execute(
        "select count(*) filter (where d.account_id = l.account_id), count(*) filter (where d.account_id <> "
        "l.account_id), arg_min([l.account_id, d.account_id], d.deal_id) filter (where d.account_id <> l.account_id) "
        "from deals as d join leads as l using (lead_id)"
    ).fetchone() or (0, 0, None)
    moved = _deals_counted_elsewhere(con)
    # a deal naming another lead's account (moved) has ids of the leads' kind (trial 42: a single such deal was
    # called "of different kinds")
    if other and not same and not moved:
        report.alerts.append(
            f"none of the {fmt_count(other, 'deal')} with a lead and an account names its lead's account (the "
            f"lead's {example[0]!r}, the deal's {example[1]!r}, …): the leads' and the deals' account ids are of "
            "different kinds. Counted by account, a deal counts for its lead's account where no lead has the "
            "account it names, and for the account of another lead where one has it. Give both the same kind of id "
            "(the CRM's account id on the leads, or account_from on the deals too)"
        )
        return
    report.notes += _deals_on_other_accounts(con)
    report.alerts += moved


def _accounts_unmatched(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn when none of the stored accounts is a stored lead's account (trial 42: a companies file beside leads whose
    accounts were derived from company names loaded in silence, and the account list named none of them); note how
    many no counted account has when some match. Nothing to say before a lead has an account."""
    of_leads, counted, total, examples = con.execute(
        "select count(*) filter (where account_id in (select account_id from leads)), "
        "count(*) filter (where account_id in (select account_id from account_rows)), count(*), "
        "list(account_id order by account_id) filter (where account_id not in (select account_id from account_rows))"
        f"[:{reimport.EXAMPLES}] from accounts where exists (select 1 from leads where account_id is not null)"
    ).fetchone() or (0, 0, 0, [])
    if not total or counted == total:
        return
    if not of_leads:
        report.alerts.append(
            f"none of the {fmt_count(total, 'account')} ({', '.join(examples)}, …) is a stored lead's account, so "
            "the account list names none of the leads' accounts: their account ids are of another kind. Accounts "
            "derived from company names or e-mail domains (account_from) have no CRM ids: map the leads' account_id "
            "to the CRM's company or account id (HubSpot's Associated Company ID, Salesforce's Account ID) to name "
            "them, or leave the accounts file out"
        )
        return
    report.notes.append(
        f"{fmt_count(total - counted, 'account')} of {total:,} ({', '.join(examples)}) "
        f"{'is' if total - counted == 1 else 'are'} the account of no stored lead or deal (a company without "
        "contacts or deals yet): not counted until one names it"
    )


def _compare_stored(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    kept: Mapping[int, str],
    id_col: str | None,
    files: Mapping[int, tuple[str, list[str]]] | None,
    raw: bool = True,
    dry_run: bool = False,
) -> None:
    """What the import does to the stored rows it updates or removes (reimport), said by the check before it too: a
    Data page user saw "every row passed the checks" and learnt that a won deal went back to open only after it had."""
    if id_col and files:
        if report.kind == "leads" and report.mode == "append":
            # compared as stored, the kept values applied in _upserted's order: the stored values of the columns a
            # file does not give, the stage reached, a migrated lead's blank stage dates and the first touch of one
            # migrated or named by e-mail; a row that ends identical is unchanged, not updated (mig3, tidy3: a lead
            # kept at its stored stage was counted updated)
            kept = _made(con, _stored_values_rows(con, "leads", kept, id_col, files, "leads"), "compared_values")
            kept = _made(con, reached_stages.reached_rows(kept, "leads"), "compared_reached")
            kept = _made(con, reached_stages.first_seen_rows(kept, "leads"), "compared_first_seen")
            kept = _made(con, reached_stages.migrated_dates_rows(kept, "leads"), "compared_migrated")
        reimport.compare_stored(con, report, kept, id_col, files, raw, dry_run)
        if report.kind == "leads":
            _sql_moved_from_a_deal(con, report, " union all ".join(kept.values()))
        _drop_made(con, "compared")
    elif report.kind == "targets" and report.mode == "replace":
        reimport.targets_removed(con, report, " union all ".join(kept.values()), dry_run)


def _deals_on_other_accounts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The note on deals booked on an account none of the leads belongs to (a parent company; the deal facts'
    account_booked_deals): counted by account, each counts for its lead's account, which reaches the deal's stage
    through its lead (trial 28: tied to the account it named, such a won deal counted for no account in any view)."""
    count, examples = con.execute(
        "select count(*), list(d.deal_id || ' on ' || d.account_id || ', its lead ' || l.lead_id || "
        f"coalesce(' in ' || l.account_id, '') order by d.deal_id)[:{reimport.EXAMPLES}] "
        "from account_booked_deals as b join deals as d using (deal_id) join leads as l using (lead_id)"
    ).fetchone() or (0, [])
    if not count:
        return []
    one = count == 1
    return [
        f"{fmt_count(count, 'deal')} {'is' if one else 'are'} booked on an account none of the leads belongs to "
        f"({'; '.join(examples)}): counted by account, {'it counts' if one else 'they count'} for "
        f"{'its' if one else 'their'} lead's account"
    ]


def _deals_counted_elsewhere(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warning on deals booked on another account than their lead's, one with leads of its own
    (account_moved_deals: a HubSpot deal whose company is not its contact's): counted by account each counts for the
    deal's account only (trial 42: such a won deal made both companies customers, the Funnel crediting one, the
    revenue the other)."""
    count, examples = con.execute(
        "select count(*), list(deal_id || ' counted for ' || account_id || ', not for ' || "
        "coalesce(lead_account_id, 'lead:' || lead_id) || ' of its lead ' || lead_id "
        f"order by deal_id)[:{reimport.EXAMPLES}] from account_moved_deals"
    ).fetchone() or (0, [])
    if not count:
        return []
    one = count == 1
    return [
        f"{fmt_count(count, 'deal')} {'is' if one else 'are'} booked on another account than "
        f"{'its' if one else 'their'} lead's ({'; '.join(examples)}): counted by account, "
        f"{'it counts' if one else 'they count'} for the deal's account, not the contact's, which reaches "
        "opportunity or customer only through deals of its own (the contact's lifecycle stage past SQL is taken as "
        "the other account's deal). If the deal is the contact's company's, book it on that company in the CRM"
    ]


def _remove_replaced(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    kept: dict[int, str],
    id_col: str | None,
    files: Mapping[int, tuple[str, list[str]]] | None,
    raw: bool = True,
) -> dict[int, str]:
    """Delete the stored rows the import replaces (all of them, those of the file's ids, or of its months); the
    kept rows to insert, with the stored values an upsert keeps."""
    kind = report.kind
    _compare_stored(con, report, kept, id_col, files, raw)
    # adding to a table of demo rows replaces them: the demo data goes with the first own import anyway,
    # and its rows could not be told from the new ones after the insert
    if report.mode == "replace" or kind in store.demo_tables(con):
        # a stored row on a skipped row of the file stays as stored (reimport.SKIPPED_IDS): bad input loses nothing
        kept_stored = (
            f" where {id_col} not in {reimport.skipped_ids()}" if id_col and kind not in store.demo_tables(con) else ""
        )
        report.rows_replaced = store.scalar(con, f"select count(*) from {kind}{kept_stored}")
        con.execute(f"delete from {kind}{kept_stored}")
    elif id_col:
        report.rows_replaced = store.scalar(
            con, f"select count(*) from {kind} where {id_col} in (select key from _ids)"
        )
        if report.rows_replaced:
            kept = _upserted(con, report, kept, id_col, files)
        con.execute(f"delete from {kind} where {id_col} in (select key from _ids)")
    elif kind in MONTH_KEYS:
        _replace_months(con, report, " union all ".join(kept.values()))
    return kept


def _upserted(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    kept: dict[int, str],
    id_col: str,
    files: Mapping[int, tuple[str, list[str]]] | None,
) -> dict[int, str]:
    """The kept rows of an append that replaces stored ones, with what the stored rows keep: the values of columns a
    file does not give; of a lead, the furthest stage reached and the first appearance (reached_stages)."""
    # a table, not a temporary one: DuckDB 2.0 can lose rows inserted into one inside a transaction. Dropped by
    # _write before the commit
    con.execute(
        f"create or replace table {REPLACED} as select * from {report.kind} where {id_col} in (select key from _ids)"
    )
    if report.kind == "leads":
        report.alerts += _created_later(con, " union all ".join(kept.values()))
    if files:
        kept = _keep_stored_values(con, report, kept, id_col, files)
    if report.kind == "leads":
        kept = _made(con, kept, "upserted_values")
        kept, said = reached_stages.keep_reached(con, kept, REPLACED)
        kept = _made(con, kept, "upserted_reached")
        kept, first_seen = reached_stages.keep_first_seen(con, kept, REPLACED)
        kept = _made(con, kept, "upserted_first_seen")
        kept, migrated = reached_stages.keep_migrated_dates(con, kept, REPLACED)
        kept = _made(con, kept, "upserted_migrated")
        report.alerts += said + first_seen + migrated
        report.kept_on_append += said + first_seen + migrated
    return kept


def _made(con: duckdb.DuckDBPyConnection, kept: Mapping[int, str], step: str) -> dict[int, str]:
    """Each file's kept rows made into a temporary table of `step` (KEPT_MADE), to be read from it."""
    out = {}
    for index, sql in kept.items():
        table = f"{KEPT_MADE}_{step}_{int(index)}"
        # one statement: DuckDB 2.0 can lose rows inserted into a temporary table inside the import's transaction
        con.execute(f"create or replace temp table {table} as {sql}")
        out[index] = f"select * from {table}"
    return out


def _drop_made(con: duckdb.DuckDBPyConnection, steps: str) -> None:
    """Drop the tables _made made for the steps named `steps`_…, once their rows are read (compared or inserted)."""
    made = con.execute(
        "select table_name from duckdb_tables() where temporary and starts_with(table_name, $prefix)",
        {"prefix": f"{KEPT_MADE}_{steps}_"},
    ).fetchall()
    for (table,) in made:
        con.execute(f"drop table if exists temp.{store.quote_identifier(table)}")


def _created_later(con: duckdb.DuckDBPyConnection, rows: str) -> list[str]:
    """Warn of stored leads an append replaces with a row created later: within one import the earliest-created row
    of an id is kept (a lead is created when it first appears), but an appended row replaces the stored one, which
    moves the lead to a later cohort, and to that row's source. A lead named by an e-mail address keeps its first
    appearance instead (reached_stages.keep_first_seen), as does a lead migrated from another CRM: only a CRM's own
    record ids are said here."""
    found = con.execute(
        f"select count(*), list(lead_id order by lead_id)[1:{checks.REPEATS_NAMED}] from leads as s "
        f"join ({rows}) as n using (lead_id) where n.created_at > s.created_at "
        f"and not {reached_stages.e_mail_id('lead_id')} and lead_id not in (select key from {reimport.MIGRATED_IDS})"
    ).fetchone()
    said = []
    if found and found[0]:
        count, ids = found
        said.append(
            f"{fmt_count(int(count), 'stored lead')} ({', '.join(map(str, ids))}{' …' if count > len(ids) else ''}) "
            f"{'is' if count == 1 else 'are'} replaced by a row created later: each now counts in its later month, "
            "with that row's source. If these rows are later submissions of the same people (a form-submissions "
            "export), import the earliest rows of each person, or the whole history with --mode replace; if they are "
            "re-exports of the stored records, check that their dates are read as the stored ones were (state "
            "date_format in a mapping file)"
        )
    return said + _created_earlier(con, rows)


def _created_earlier(con: duckdb.DuckDBPyConnection, rows: str) -> list[str]:
    """Say which stored leads an append gives an earlier creation month: they move to an earlier cohort, which a
    re-export of the same CRM record does only when its dates are read otherwise than before."""
    # before, only a later date was said: 33 leads of a US-written re-export read day first (3 Sep as 9 Mar) moved
    # months back without a line (trial 71)
    found = con.execute(
        f"select count(*), list(lead_id order by lead_id)[1:{checks.REPEATS_NAMED}] from leads as s "
        f"join ({rows}) as n using (lead_id) "
        "where date_trunc('month', n.created_at) < date_trunc('month', s.created_at) "
        f"and not {reached_stages.e_mail_id('lead_id')}"
    ).fetchone()
    if not found or not found[0]:
        return []
    count, ids = found
    return [
        f"{fmt_count(int(count), 'stored lead')} ({', '.join(map(str, ids))}{' …' if count > len(ids) else ''}) "
        f"{'gets' if count == 1 else 'get'} an earlier creation month from this file: each now counts in that "
        "month. A CRM record keeps its creation date, so if these rows are re-exports of the stored leads, check "
        "that their dates are read as the stored ones were (state date_format in a mapping file)"
    ]


# the shapes of a CRM's record ids, told apart for certain (checked in this order, every pattern of one matching):
# a number (HubSpot's Record ID, Pipedrive's, Zoho's), a Salesforce id (15 or 18 letters and digits, with both),
# a GUID (Dynamics 365's), an e-mail address (a list without ids). Another shape is none of these and says nothing
ID_SHAPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("numbers (as HubSpot, Pipedrive and Zoho number their records)", ("^[0-9]+$",)),
    ("Salesforce ids", ("^([a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})$", "[0-9]", "[a-zA-Z]")),
    ("GUIDs (as Dynamics 365 names its records)", ("^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$",)),
    ("e-mail addresses", ("^[^@\\s]+@[^@\\s]+$",)),
)


def _shape_case(column: str) -> tuple[dict[str, str], str]:
    """The bound patterns and SQL of an id's shape: its place in ID_SHAPES, null for another shape."""
    params = {f"shape{n}_{k}": p for n, (_, patterns) in enumerate(ID_SHAPES) for k, p in enumerate(patterns)}
    cases = " ".join(
        f"when {' and '.join(f'regexp_matches({column}, $shape{n}_{k})' for k in range(len(patterns)))} then {n}"
        for n, (_, patterns) in enumerate(ID_SHAPES)
    )
    return params, f"case {cases} end"


def _id_shape(con: duckdb.DuckDBPyConnection, ids: str) -> tuple[str, int] | None:
    """The one shape (ID_SHAPES) of all the ids a query gives, and how many there are; None when they are none, or
    of several shapes or of another."""
    params, shape = _shape_case("i")
    found = con.execute(
        f"select min(shape), max(shape), count(*), count(*) filter (where shape is null) from "
        f"(select {shape} as shape from ({ids}) as t(i) where i is not null)",
        params,
    ).fetchone()
    if not found or not found[2] or found[3] or found[0] != found[1]:
        return None
    return ID_SHAPES[found[0]][0], found[2]


def _leads_of_another_crm(con: duckdb.DuckDBPyConnection, kept: Mapping[int, str], names: list[str]) -> list[str]:
    """Warn when appended leads are named by ids of another shape than the stored ones (a Salesforce export after a
    HubSpot one): a person in both is two leads, matched by id only, and was counted twice without a word. The
    e-mail addresses that could tell are not stored, so the import cannot find them: the report says it."""
    stored = _id_shape(con, "select lead_id from leads")
    if stored is None:
        return _new_beside_mixed_ids(con, kept, names)
    said = []
    for index, query in kept.items():
        new = _id_shape(con, f"select lead_id from ({query})")
        if new is not None and new[0] != stored[0]:
            its = "its lead is" if new[1] == 1 else f"its {new[1]:,} leads are"
            said.append(
                f"{names[index]}: {its} named by {new[0]}, the "
                f"{fmt_count(stored[1], 'stored lead')} by {stored[0]}: another CRM's export. Leads are matched by "
                "id only (e-mail addresses are not stored), so a person in both exports is counted twice, in every "
                "stage and source. A migration's export names each migrated person's old id in a column of its own "
                "(Salesforce's 'HubSpot Contact ID'): map lead_id to that column, then this file's own id "
                '(lead_id = ["HubSpot Contact ID", "Lead ID"] under [leads.columns]: the first not blank names each '
                f"row; {config.BESIDE_A_PRESET}), so a migrated person keeps the stored lead. Only without such a "
                "column, and only if no deals "
                "export names the leads by the stored ids (a CRM's deals name people by its record id: HubSpot's "
                "Associated Contact IDs), map lead_id to the e-mail address in both files; else import each person "
                "from one CRM, or delete from this file the people the other export has, and import again"
            )
    return said


def _deals_of_another_crm(con: duckdb.DuckDBPyConnection, kept: Mapping[int, str], names: list[str]) -> list[str]:
    """Warn when appended deals share no id with the stored ones and are named by ids of another shape (Salesforce
    opportunities after HubSpot deals): a deal migrated from one CRM to the other is stored twice and counted twice,
    its won amount too, and its open copy stays open beside the won or lost one (trial 103: won 10 for $109,000
    where 9 for $94,000, without a word). The leads' counterpart is _leads_of_another_crm."""
    stored = _id_shape(con, "select deal_id from deals")
    if stored is None:
        return []
    said = []
    for index, query in kept.items():
        new = _id_shape(con, f"select deal_id from ({query})")
        if new is None or new[0] == stored[0]:
            continue
        found = con.execute(
            f"select (select count(*) from ({query}) where deal_id in (select deal_id from deals)), "
            f"(select list(deal_id order by deal_id)[1:{reimport.EXAMPLES}] from ({query})), "
            f"(select list(deal_id order by deal_id)[1:{reimport.EXAMPLES}] from deals)"
        ).fetchone()
        if not found or found[0]:
            continue
        _, theirs, ours = found
        its = "its deal is" if new[1] == 1 else f"its {new[1]:,} deals are"
        said.append(
            f"{names[index]}: {its} named by {new[0]}, such as {', '.join(theirs)}; the "
            f"{fmt_count(stored[1], 'stored deal')} by {stored[0]}, such as {', '.join(ours)}; none of its ids is "
            "stored: another CRM's export. A deal in both (migrated from one CRM to the other) is stored twice and "
            "counted twice: its amount in pipeline and revenue, a won copy beside an open one that stays open. A "
            "migration's export names each migrated deal's old id in a column of its own (Salesforce's 'HubSpot Deal "
            "ID'): map deal_id to that column, then this file's own id (deal_id = [\"HubSpot Deal ID\", "
            f'"Opportunity ID"] under [deals.columns]: the first not blank names each row; {config.BESIDE_A_PRESET}); '
            "without such a column, "
            "delete from this file the deals the other export has, and import again"
        )
    return said


# the kinds whose stored records a migration's export names by their old id in a column of its own, and their id
TWIN_IDS = {"leads": "lead_id", "deals": "deal_id"}
# the import's rows of twin_ids (queries/schema/tables.sql), written with its rows
TWINS = "import_twin_ids"


def _is_id_header(header: str) -> bool:
    """A header whose last word is id: "HubSpot Deal ID", "hubspot_contact_id", "HubSpotContactId", "レコードID" (not
    "Paid" or "Valid")."""
    folded = unicodedata.normalize("NFKC", header)
    if re.search(r"[a-z0-9](?:Id|ID)$", folded):
        return True
    if not re.search(r"id$", folded, re.IGNORECASE):
        return False
    before = folded[-3:-2]
    # a cased letter before it ends a word ("Paid"); a letter of a script without case has no spaces between words:
    # Japanese HubSpot's "レコードID", which the id filler named before it read headers by this (native_key's "id")
    return not before or not before.isalpha() or before.lower() == before.upper()


def _stored_ids_unread(
    con: duckdb.DuckDBPyConnection, kind: str, staged: _Staged, names: list[str], dry_run: bool
) -> list[str]:
    """Warn of a file's column, not read, that holds the ids of stored records while the rows are named by other ids
    (a Salesforce export's 'HubSpot Deal ID' or 'HubSpot Contact ID' after the HubSpot export, trial 103): each such
    record is stored twice, under the ids of two CRMs, and counted twice. Names the column, the rows, and the id
    list that settles it: the stored id where a row has one, else the row's own (the first not blank fills a row)."""
    id_col = TWIN_IDS[kind]
    noun = reimport.NOUNS[kind]
    canonical = store.table_columns(con, kind)
    canonical_keys = {propose.native_key(c) for c in canonical}
    said = []
    for index, mapped in staged.tables.items():
        raw = f"staging_{index}"
        labels = staged.labels.get(index, {})
        # a file without a mapping is read by its canonical headers (staged.read is empty then): a column the table
        # holds is read, never another CRM's id (review 104: a deals file appended again took its lead_id for one)
        read = staged.read.get(index, set()) | set(labels.values()) | set(canonical)
        candidates = [
            c
            for c in con.execute(f"select * from {raw} limit 0").fetchdf().columns
            if c != "_row" and c not in read and propose.native_key(c) not in canonical_keys and _is_id_header(c)
        ]
        for column in candidates:
            cell = f"clean(r.{_quote(column)})"
            # the migration's signature: the row's own id is new to the table, its column's is a stored record's
            migrated = (
                f"m._row not in {checks.skipped_rows(index)} and {cell} in (select {id_col} from {kind}) "
                f"and m.{id_col} not in (select {id_col} from {kind}) and m.{id_col} is distinct from {cell}"
            )
            count, examples = con.execute(
                f"select count(*), list(pair order by pair)[1:{reimport.EXAMPLES}] from (select distinct "
                f"m.{id_col} || ' = stored ' || {cell} as pair from {mapped} as m join {raw} as r using (_row) "
                f"where {migrated})"
            ).fetchone() or (0, [])
            if not count:
                continue
            one = count == 1
            own = labels.get(id_col, id_col)
            # kept with the rows (_after_insert): the data check stored_twice says it for as long as both are stored
            con.execute(
                f"insert into {TWINS} select distinct $kind, m.{id_col}, {cell}, $file, $column, $own from {mapped} "
                f"as m join {raw} as r using (_row) where {migrated}",
                {"kind": kind, "file": names[index], "column": column, "own": own},
            )
            line = f"{id_col} = {json.dumps([column, own], ensure_ascii=False)}"
            # before the rows go in, the file is imported otherwise; after, the import is undone first
            settle = (
                f"import it with {line}"
                if dry_run
                else f"{reimport.UNDO_ADVICE} and import this file again with {line}"
            )
            said.append(
                f"{names[index]}: {fmt_count(count, 'row')} {'has' if one else 'have'} in {column!r}, a column not "
                f"read, the id of a {noun} stored already ({'; '.join(examples)}{' …' if count > len(examples) else ''}"
                f"): {'it is' if one else 'they are'} the stored {noun}{'' if one else 's'} under the ids of another "
                f"CRM, stored twice and counted twice, in every stage{', amount' if kind == 'deals' else ''} and "
                f"source: {settle} under "
                f"[{kind}.columns] in a mapping (the first not blank names each row: the stored id where the {noun} "
                f"has one, else its own in {own!r}; {config.BESIDE_A_PRESET})"
            )
    return said


def _new_beside_mixed_ids(con: duckdb.DuckDBPyConnection, kept: Mapping[int, str], names: list[str]) -> list[str]:
    """With stored ids of several shapes (after another CRM's append), warn of a file adding new leads of one shape
    beside stored leads of another: a third tool's export (Mailchimp by e-mail after Pardot by number and
    ActiveCampaign by e-mail) counted a person in Pardot and Mailchimp twice without a word (trial 35)."""
    params, shape = _shape_case("lead_id")
    said = []
    for index, query in kept.items():
        new = _id_shape(con, f"select lead_id from ({query})")
        if new is None:
            continue
        position = next(n for n, (name, _) in enumerate(ID_SHAPES) if name == new[0])
        found = con.execute(
            f"select (select count(distinct lead_id) from ({query}) where lead_id not in (select lead_id from leads)), "
            f"(select count(*) from leads where {shape} is distinct from $position)",
            {**params, "position": position},
        ).fetchone()
        if not found or not found[0] or not found[1]:
            continue
        added, other = found
        said.append(
            f"{names[index]}: {fmt_count(added, 'new lead')} named by {new[0]}, beside "
            f"{fmt_count(other, 'stored lead')} named otherwise (another CRM's export): a person in both is counted "
            "twice, in every stage and source, as leads are matched by id only; import every tool's file with "
            "lead_id = \"Email\" (the e-mail address joins one tool's people to another's)"
        )
    return said


def _beside_the_stored(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    staged: _Staged,
    kept: Mapping[int, str],
    names: list[str],
    dry_run: bool,
) -> list[str]:
    """What the files do to the stored rows that the rows alone do not show: spend of other sources replaced,
    leads or deals of another CRM appended beside the stored ones."""
    if report.kind in store.demo_tables(con):
        return []
    if report.kind == "spend" and report.mode == "replace":
        return _spend_of_other_sources(con, staged.tables)
    if report.kind == "leads" and report.mode == "append":
        return (
            _leads_of_another_crm(con, kept, names)
            + _stored_ids_unread(con, "leads", staged, names, dry_run)
            + _stored_by_e_mail(con, staged, names)
        )
    if report.kind == "deals" and report.mode == "append":
        return (
            _deals_of_another_crm(con, kept, names)
            + _stored_ids_unread(con, "deals", staged, names, dry_run)
            + _deals_created_later(con, staged, kept, names)
        )
    return []


# the kinds with an owner column, which both count by (the SLA page's owners, the owner filter)
OWNER_KINDS = ("leads", "deals")


def _owner_spellings(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    staged: _Staged,
    kept: Mapping[int, str],
    names: list[str],
    replaced: bool = False,
) -> list[str]:
    """Warn of an owner written as an e-mail address in one place and as a name in another (trial 103: HubSpot's
    'Alex Morgan', Salesforce's 'alex.morgan@acme.com'): the address's local part, its dots and underscores read as
    spaces, is the name, whatever the case. One person counted as two owners; the value map line that unifies them is
    given, and no value is changed by the import itself. Only pairs with a spelling in this import are said; on a
    replace (`replaced`), the table's stored owners are left out, as the import deletes them (review 104: a file that
    wrote 'Alex Morgan' where the stored one had his address warned of two spellings of which one was going)."""
    files = [(i, q) for i, q in kept.items() if "owner" in staged.columns.get(i, [])]
    if not files:
        return []
    stored = [f"select owner from {table} where owner is not null" for table in OWNER_KINDS]
    if replaced:
        stored = [q for table, q in zip(OWNER_KINDS, stored, strict=True) if table != kind]
    in_file = " union all ".join(
        f"select owner, {i} as file_index from ({q}) where owner is not null" for i, q in files
    )
    found = con.execute(
        f"with file_owners as (select owner, min(file_index) as file_index, count(*) as n from ({in_file}) "
        "group by owner), "
        f"stored as ({' union '.join(stored)}), "
        "every_owner as (select owner from file_owners union select owner from stored), "
        "addresses as (select owner as address, lower(trim(regexp_replace(split_part(owner, '@', 1), '[._]+', ' ', "
        "'g'))) as name from every_owner where regexp_full_match(owner, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')) "
        "select a.address, o.owner, coalesce(fa.file_index, fo.file_index), fa.n, fo.n, "
        "a.address in (select owner from stored), o.owner in (select owner from stored) "
        "from addresses as a join every_owner as o on lower(trim(o.owner)) = a.name and not contains(o.owner, '@') "
        "left join file_owners as fa on fa.owner = a.address left join file_owners as fo on fo.owner = o.owner "
        "where fa.owner is not null or fo.owner is not null order by 1, 2"
    ).fetchall()
    if not found:
        return []

    def where(rows: int | None, stored: bool) -> str:
        said = [fmt_count(rows, "row") + " of this file"] if rows else []
        return ", ".join(said + (["stored"] if stored else []))

    pairs = [
        f"{address!r} ({where(n_address, address_stored)}) and {owner!r} ({where(n_owner, owner_stored)})"
        for address, owner, _index, n_address, n_owner, address_stored, owner_stored in found
    ]
    lines = "; ".join(f"{json.dumps(address)} = {json.dumps(owner)}" for address, owner, *_ in found)
    one = len(found) == 1
    return [
        f"{names[found[0][2]]}: {'an owner is' if one else f'{len(found)} owners are'} written both as an e-mail "
        f"address and as a name: {'; '.join(pairs)}: counted as two owners each (the SLA page's owners, the owner "
        f"filter and every breakdown by owner split them). If {'they are one person' if one else 'each pair is one'}, "
        f"name them one way: add {lines} ({'the line' if one else 'a line each'}) under [{kind}.values.owner] in "
        f"the mapping ({config.BESIDE_A_PRESET}; and under the other table's, leads or deals, for its files); the "
        "import changes no owner by itself"
    ]


def _deals_created_later(
    con: duckdb.DuckDBPyConnection, staged: _Staged, kept: Mapping[int, str], names: list[str]
) -> list[str]:
    """Warn of stored deals an append gives a creation in a later month: each moves to it (pipeline and deals
    created, the days to close), as a lead named by a CRM's record id does (_created_later; only a lead named by an
    e-mail address keeps its first creation, and no deal is). Trial 103: the deal_id list that names a migrated
    Salesforce opportunity by its HubSpot id moved 9004's creation from 5 Apr to 1 Jul, the migration's day, and only
    "closed_at moved" was said."""
    said = []
    for index, query in kept.items():
        count, examples = con.execute(
            f"select count(*), list(n.deal_id || ': ' || {reimport.when('s.created_at')} || ' → ' || "
            f"{reimport.when('n.created_at')} order by n.deal_id)[1:{reimport.EXAMPLES}] from deals as s "
            f"join ({query}) as n using (deal_id) "
            # the month is what moves a count (a later hour of the same day, or day of the month, changes none)
            "where date_trunc('month', n.created_at) > date_trunc('month', s.created_at)"
        ).fetchone() or (0, [])
        if not count:
            continue
        one = count == 1
        column = staged.labels.get(index, {}).get("created_at", "created_at")
        said.append(
            f"{names[index]}: {fmt_count(count, 'stored deal')} {'gets' if one else 'get'} a creation in a later "
            f"month from {column!r} ({'; '.join(examples)}{' …' if count > len(examples) else ''}): "
            f"{'it counts' if one else 'each counts'} in that later month (pipeline and deals created, the days to "
            "close), as the stored creation is replaced. A CRM keeps a record's creation date, but a migration's "
            "export dates a migrated deal by the day it ran: if the stored dates are the deals' own, undo the import "
            "and import this file with these rows' creation dates as stored"
        )
    return said


def _e_mail_column(columns: list[str]) -> str | None:
    """The file's first column of e-mail addresses by its header ("Email", Mailchimp's "Email Address")."""
    return next((c for c in columns if propose.native_key(c) in propose.E_MAIL_HEADERS), None)


def _stored_by_e_mail(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> list[str]:
    """Warn of a file's rows whose e-mail address is the id of a stored lead while the row names another id (Pardot
    keyed by its numeric Id after Mailchimp by e-mail): the person is counted twice. Trial 35: once the stored ids
    were of mixed shapes (_leads_of_another_crm says nothing then), a third tool's people were counted twice
    silently. Only the stored ids that are e-mail addresses are known: no other e-mail is stored."""
    said = []
    for index, (raw, column) in staged.e_mails.items():
        mapped = staged.tables[index]
        found = con.execute(
            f"select count(distinct f.id), list(distinct f.mail || ': file id ' || f.id || ', stored ' || f.mail)"
            f"[1:{reimport.EXAMPLES}] from (select email_id(clean(m.lead_id)) as id, "
            f"lower(clean(r.{_quote(column)})) as mail from {mapped} as m join {raw} as r using (_row) "
            f"where m._row not in {checks.skipped_rows(index)}) as f join leads as s on s.lead_id = f.mail "
            "where f.id <> f.mail"
        ).fetchone()
        if not found or not found[0]:
            continue
        # kept with the rows, as _stored_ids_unread keeps its pairs: the data check stored_twice says them after
        con.execute(
            f"insert into {TWINS} select distinct 'leads', f.id, f.mail, $file, $column, $own from (select "
            f"email_id(clean(m.lead_id)) as id, lower(clean(r.{_quote(column)})) as mail from {mapped} as m join {raw} "
            f"as r using (_row) where m._row not in {checks.skipped_rows(index)}) as f join leads as s on "
            "s.lead_id = f.mail where f.id <> f.mail",
            {"file": names[index], "column": column, "own": staged.labels.get(index, {}).get("lead_id", "lead_id")},
        )
        count, examples = found
        one = count == 1
        more = " …" if count > len(examples) else ""
        said.append(
            f"{names[index]}: {fmt_count(count, 'person', 'people')} in this file {'is' if one else 'are'} stored "
            f"under another id with the same e-mail ({'; '.join(sorted(examples))}{more}"
            f"): {'it' if one else 'they'} would be counted twice, in every stage and source; map lead_id = "
            f"{_quote(column)} in both files (every tool's export has the e-mail address)"
        )
    return said


def _same_e_mail_in_file(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> list[str]:
    """Warn of a leads file's rows of different ids with the same e-mail address (case aside), as _stored_by_e_mail
    warns of a file's person stored under another id: each id is counted as a lead and nothing is merged. Trial 54:
    a Marketo export's five duplicate people (one e-mail in capitals) made 405 leads of 400 people without a word."""
    said = []
    for index, (raw, column) in staged.e_mails.items():
        rows = (
            f"select m._row, email_id(clean(m.lead_id)) as id, lower(clean(r.{_quote(column)})) as mail "
            f"from {staged.tables[index]} as m join {raw} as r using (_row) "
            f"where m._row not in {checks.skipped_rows(index)} and m.lead_id is not null"
        )
        found = con.execute(
            f"select count(*), sum(ids), list(said order by first)[:{reimport.EXAMPLES}] from (select count(distinct "
            "id) as ids, min(_row) as first, mail || ': ' || string_agg('row ' || _row || ' id ' || id, ', ' "
            f"order by _row) as said from ({rows}) where mail <> '' group by mail having count(distinct id) > 1)"
        ).fetchone()
        if not found or not found[0]:
            continue
        count, ids, examples = found
        one = count == 1
        more = " …" if count > len(examples) else ""
        said.append(
            f"{names[index]}: {fmt_count(count, 'e-mail address', 'e-mail addresses')} {'is' if one else 'are'} on "
            f"rows of different ids ({'; '.join(examples)}{more}): counted as {fmt_count(ids, 'lead')}, one per id, "
            f"in every stage and source, where {'it is' if one else 'they are'} likely "
            f"{fmt_count(count, 'person', 'people')}; nothing was merged. If the rows are the same person, merge "
            f"them in the tool that exported the file (or delete the repeated rows) and import again, or map "
            f"lead_id = {_quote(column)} (each e-mail address one lead; deals must then name the people by it)"
        )
    return said


def _spend_of_other_sources(con: duckdb.DuckDBPyConnection, tables: Mapping[int, str]) -> list[str]:
    """Warn of the stored spend of sources and campaigns the replacing files do not have, as mapped or as written:
    one platform's file after another's (Microsoft Ads' paid_search campaigns after Google Ads') replaced all spend,
    and the first platform's was gone with one line of counts. A file that renames its sources by a value map brings
    them back as written."""
    pairs = []
    for table in tables.values():
        staged = readers.staged_types(con, table)
        campaign = "lower(trim(coalesce(campaign, '')))" if "campaign" in staged else "''"
        pairs += [
            f"select lower(trim({c})) as source, {campaign} as campaign from {table}"
            for c in ("source", "_raw_source")
            if c in staged
        ]
    if not pairs:
        return []
    gone = con.execute(
        f"select source || coalesce(' / ' || campaign, ''), sum(amount), count(*) from spend as s where not exists "
        f"(select 1 from ({' union all '.join(pairs)}) as n where n.source = lower(trim(s.source)) "
        "and n.campaign = lower(trim(coalesce(s.campaign, '')))) group by 1 order by 2 desc, 1"
    ).fetchall()
    if not gone:
        return []
    listed = ", ".join(f"{label} ({amount:,.2f} in {fmt_count(rows, 'row')})" for label, amount, rows in gone[:5])
    return [
        f"spend: the import replaces all stored spend, and removes that of sources and campaigns its files do not "
        f"have: {listed}{' …' if len(gone) > 5 else ''}. If it is another platform's spend, import its file beside "
        "the stored one with --mode append (which replaces only the months, sources and campaigns a file has); if it "
        "is the same spend under new names, nothing is lost"
    ]


def _stored_values_rows(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    kept: Mapping[int, str],
    id_col: str,
    files: Mapping[int, tuple[str, list[str]]],
    stored: str,
) -> dict[int, str]:
    """The kept rows of each file with the values of its stored row (in table `stored`) in the columns the file does
    not give, where _keep_stored_values keeps them."""
    spec = list(store.table_columns(con, kind))
    out = {}
    for index, sql in kept.items():
        absent = [c for c in spec if c not in files[index][1]]
        if not absent:
            out[index] = sql
            continue
        # a new row keeps what the file gives it (null, or 'unknown' for a lead's source)
        replaced = ", ".join(
            f"case when s.{id_col} is null then f.{_quote(c)} else s.{_quote(c)} end as {_quote(c)}" for c in absent
        )
        out[index] = f"select f.* replace ({replaced}) from ({sql}) as f left join {stored} as s using ({id_col})"
    return out


def _keep_stored_values(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    kept: dict[int, str],
    id_col: str,
    files: Mapping[int, tuple[str, list[str]]],
) -> dict[int, str]:
    """The kept rows of each file with the stored values of a replaced row in the columns the file does not give;
    the report names the columns that kept a value. An update exported as another view (no stage dates, no owner)
    replaced its rows whole and blanked them: a column the file has but leaves blank in a row stays blank."""
    kind = report.kind
    spec = list(store.table_columns(con, kind))
    out = _stored_values_rows(con, kind, kept, id_col, files, REPLACED)
    for index, sql in kept.items():
        name, columns = files[index]
        absent = [c for c in spec if c not in columns]
        if not absent:
            continue
        filled = con.execute(
            "select " + ", ".join(f"count(s.{_quote(c)})" for c in absent) + f" from ({sql}) as f "
            f"join {REPLACED} as s using ({id_col})"
        ).fetchone()
        assert filled is not None
        said = [c for c, n in zip(absent, filled, strict=True) if n]
        if said:
            report.kept_from_stored.append((name, said))
    return out


def _replace_months(con: duckdb.DuckDBPyConnection, report: ImportReport, rows: str) -> None:
    """Append spend or targets, which have no ids: a month of a source (campaign, team) the file has replaces the
    stored one. Appending January–February then February–March counted February twice."""
    kind = report.kind
    # a source by its key, as the pages match spend: "Paid Search" replaces paid_search
    key = ", ".join(f"coalesce({'source_key(source)' if c == 'source' else c}::varchar, '')" for c in MONTH_KEYS[kind])
    month_key = f"(date_trunc('month', month), {key})"
    _refuse_part_months(con, kind, rows, month_key)
    match = f"{month_key} in (select distinct {month_key} from ({rows}))"
    report.rows_replaced = store.scalar(con, f"select count(*) from {kind} where {match}")
    if kind == "spend" and report.rows_replaced:
        _say_campaigns_replaced(con, report, rows, match)
    elif kind == "targets" and report.rows_replaced:
        reimport.targets_replaced(con, report, rows, match)
    con.execute(f"delete from {kind} where {match}")
    if kind == "spend":
        _say_campaigns_left(con, report, rows, shared=bool(report.rows_replaced))


def _say_campaigns_replaced(con: duckdb.DuckDBPyConnection, report: ImportReport, rows: str, match: str) -> None:
    """Alert of the stored campaigns an appended spend file replaces, their old and new amounts: right for a
    re-import of the same platform, but Microsoft Ads' "Brand - Exact" appended after Google Ads' of the same name
    and source replaced it, and the month lost Google's 200 with only "2 existing rows replaced" said."""
    key = "date_trunc('month', month) as m, source_key(source) as s, coalesce(campaign, '') as c"
    found = con.execute(
        f"""
        with old as (select {key}, min(source) as source, min(campaign) as campaign, sum(amount) as amount
                     from spend where {match} group by all),
             new as (select {key}, sum(amount) as amount, max(month) as last, count(distinct month) as days
                     from ({rows}) group by all)
        select strftime(old.m, '%b %Y'), old.source, old.campaign, old.amount, new.amount,
            -- daily rows that stop before the month's end and spent less than the stored: an older export (the
            -- stored days are not kept, so "later" cannot be checked; spend does not shrink as days are added)
            case when new.amount < old.amount and new.days > 1 and new.last < last_day(old.m)
                then strftime(new.last, '%b %-d') end
        from old left join new using (m, s, c)
        -- a campaign whose amount the file repeats lost nothing: a re-import of the same export says nothing
        where new.amount is distinct from old.amount
        order by old.m, old.s, old.c
        """
    ).fetchall()
    if not found:
        return
    named = ", ".join(
        f"{'(no campaign)' if campaign is None else repr(campaign)} of {source} in {month} "
        f"({reimport.old_to_new(old, new)})"
        for month, source, campaign, old, new, _ in found[:CAMPAIGNS_NAMED]
    )
    more = f" and {len(found) - CAMPAIGNS_NAMED} more" if len(found) > CAMPAIGNS_NAMED else ""
    one, files = len(found) == 1, ", ".join(report.rows_read)
    early = [(month, last) for month, _s, _c, _o, _n, last in found if last]
    when = (
        f"The file's rows of {early[0][0]} end on {early[0][1]}, before the month's end, and spent less than the "
        f"stored: the file looks older than the stored export (or cut short); if so, {reimport.UNDO_ADVICE} and "
        "import the later export. If"
        if early
        else "Right when the file is a later export of the same platform; if"
    )
    report.alerts.append(
        f"spend: {files} replaced the stored {'campaign' if one else 'campaigns'} {named}{more} (stored amount → the "
        f"file's). {when} the stored rows are another "
        "platform's campaigns of the same name and source (Google Ads' and Microsoft Ads' 'Brand - Exact'), their "
        "spend is gone from those months: give one platform's file its own campaign names (a prefix such as "
        "'Bing - ' in the file) or another source in its mapping ([spend.constants] source), and import both "
        "platforms' spend again with --mode replace"
    )


# at most this many stored campaigns are named in the warning of campaigns an appended month leaves stored
CAMPAIGNS_NAMED = 5


def _say_campaigns_left(con: duckdb.DuckDBPyConnection, report: ImportReport, rows: str, shared: bool) -> None:
    """Warn of the stored campaigns that stay in a month and source the appended file replaced others of: a
    campaign renamed in the new export counted twice, one paused and left out of it may be right to keep. When the
    file names none of the stored campaigns of its months (`shared` false: another platform's export of the same
    source, LinkedIn's after Meta's), a note says they are kept, and --mode replace only for a renamed export."""
    # run after the delete: what is left of the file's months and sources are the campaigns it does not name
    left = con.execute(
        f"""
        select strftime(min(month), '%b %Y'), min(source), campaign, sum(amount)
        from spend
        where (date_trunc('month', month), source_key(source))
            in (select distinct date_trunc('month', month), source_key(source) from ({rows}))
        group by date_trunc('month', month), source_key(source), campaign
        order by date_trunc('month', month), source_key(source), campaign nulls first
        """
    ).fetchall()
    if not left:
        return
    named = ", ".join(
        f"{'(no campaign)' if campaign is None else repr(campaign)} of {source} in {month} ({amount:,.2f})"
        for month, source, campaign, amount in left[:CAMPAIGNS_NAMED]
    )
    more = f" and {len(left) - CAMPAIGNS_NAMED} more" if len(left) > CAMPAIGNS_NAMED else ""
    one, files = len(left) == 1, list(report.rows_read)
    whose = "month's" if one else "months'"
    if not shared:
        # the normal way to add a second platform: a warning with --mode replace in it was noise, and a replace
        # would remove the first platform's spend
        report.notes.append(
            f"spend: the stored {'campaign' if one else 'campaigns'} {named}{more} {'is' if one else 'are'} kept: "
            f"the append adds the campaigns of {', '.join(files)} beside {'it' if one else 'them'}, and the file names "
            "none of the stored campaigns of its months, as another platform's export of the same source does (right "
            "then: keep appending each platform's file). Only if the file is a new export of the same platform with "
            "every campaign renamed would that spend count twice (then import every month's spend again with --mode "
            "replace, which replaces the whole table)"
        )
        return
    report.alerts.append(
        f"spend: the stored {'campaign' if one else 'campaigns'} {named}{more} {'is' if one else 'are'} not in "
        f"{', '.join(files)} and {'stays' if one else 'stay'} beside the file's campaigns (an append replaces a month "
        f"of a source campaign by campaign). If the file is the {whose} whole spend (a "
        "campaign renamed), that spend counts twice: import every month's spend again with --mode replace, which "
        "replaces the whole table; if the file leaves out campaigns that spent (an export of enabled campaigns only), "
        "it is right to keep"
    )


def _refuse_part_months(con: duckdb.DuckDBPyConnection, kind: str, rows: str, month_key: str) -> None:
    """Refuse an append whose rows of a stored month begin after its 1st (days 16-31 of a daily report after days
    1-15): stored per month, the days already in cannot be told apart, so replacing the month would lose them and
    adding to it would count twice any day both files hold."""
    found = con.execute(
        f"select strftime(min(month), '%b %Y'), min(day(month)) from ({rows}) "
        f"where {month_key} in (select {month_key} from {kind}) "
        f"group by {month_key} having min(day(month)) > 1 order by 1 limit 1"
    ).fetchone()
    if found:
        raise ImportRefused(
            f"{kind}: the file's rows of {found[0]} begin on day {found[1]}, and {found[0]} is stored already; "
            "appended, a month replaces the stored one, which would lose the days before; import the whole month "
            "(its rows from the 1st), or replace the table with every month"
        )


# a source of the leads or of a deal without a stored lead: what spend and targets are set against (a deal counts by
# its lead's source; a source only deals of stored leads write, "Trade Show" on deals whose leads say events, has
# no row of leads to meet). the distinct sources first, then their keys: the key's regular expression on each of a
# million leads cost a leads import 0.4 s
_LEAD_SOURCE_KEYS = (
    "select source_key(source) from (select distinct source from leads where source is not null) union "
    "select source_key(source) from (select distinct source from deals where source is not null "
    "and (lead_id is null or lead_id not in (select lead_id from leads)))"
)


def _spend_of_no_source(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn of spend (and, after a leads import, source targets) whose source no lead or deal has: an ad platform
    names its channel its own way ("Google Ads") where the CRM wrote paid_search, or the CRM renamed a source since
    the spend was imported ("Web" to "Website"), and that spend would sit on a row of its own with no leads."""
    if not store.scalar(con, "select count(*) from leads"):
        return
    demo = set(store.demo_tables(con))
    # nothing stored to warn of: the leads' sources are not read (at a million leads that read cost 0.3 s)
    if "spend" not in demo and store.scalar(con, "select count(*) from (select 1 from spend limit 1)"):
        apart = con.execute(
            f"select source, count(*), sum(amount) from spend where source_key(source) not in ({_LEAD_SOURCE_KEYS}) "
            f"{_said_after(report)} group by 1 order by 3 desc, 1"
        ).fetchall()
        if apart:
            named = ", ".join(f"{s!r} ({fmt_count(n, 'row')}, {amount:,.2f})" for s, n, amount in apart[:5])
            more = f" and {len(apart) - 5} more" if len(apart) > 5 else ""
            stored = "stored " if report.kind != "spend" else ""
            report.alerts.append(
                f"{stored}spend of {named}{more} matches no source of the leads (nor of a deal without a lead): it "
                "shows on a row of its own, with no leads and a loss. Write the source as the leads do (a "
                "[spend.values.source] map, or the source constant in a mapping), or import the leads of that "
                f"source. {_settling_line(con, 'spend', apart[0][0], [s for s, _, _ in apart[:5]])}"
            )
    if (
        report.kind == "leads"
        and "targets" not in demo
        and store.scalar(con, "select count(*) from (select 1 from targets limit 1)")
    ):
        targets = con.execute(
            "select source, count(*) from targets where source is not null "
            f"and source_key(source) not in ({_LEAD_SOURCE_KEYS}) {_said_after(report)} group by 1 order by 1"
        ).fetchall()
        if targets:
            named = ", ".join(f"{s!r} ({fmt_count(n, 'row')})" for s, n in targets[:5])
            report.alerts.append(
                f"stored source targets of {named} match no source of the leads any more: the Sources page compares "
                f"them with no leads. {_settling_line(con, 'targets', targets[0][0])}"
            )


def _target_sources(con: duckdb.DuckDBPyConnection, report: ImportReport, rows: str) -> None:
    """Warn of the targets of a source no stored lead, deal or spend has (by source_key, as the Sources page
    meets them): a plan's "Marketing total" or a channel named its own way is a source of its own, compared with
    nothing. Then say once when a metric has targets per source and none for the whole company (_per_source_only).
    `rows`: SQL of the import's kept target rows."""
    own = [t for t in ("leads", "deals", "spend") if t not in store.demo_tables(con)]
    known = " union ".join(f"select source_key(source) from {t} where source is not null" for t in own)
    apart = (
        con.execute(
            f"select source, count(*) from ({rows}) where source is not null "
            f"and source_key(source) not in ({known}) group by 1 order by 2 desc, 1"
        ).fetchall()
        if known and store.scalar(con, f"select count(*) from ({known})")
        else []
    )
    if apart:
        named = ", ".join(f"{s!r} ({fmt_count(n, 'row')})" for s, n in apart[:5])
        more = f" and {len(apart) - 5} more" if len(apart) > 5 else ""
        report.alerts.append(
            f"targets: the source{'s' if len(apart) > 1 else ''} {named}{more} "
            f"match{'es' if len(apart) == 1 else ''} no source of the stored leads, deals or spend: "
            f"{'its targets are' if len(apart) == 1 else 'their targets are'} compared with nothing, and not with "
            "the company's figures either (a company-wide target has no source). If it is the whole company's "
            "target, leave its source blank (or write 'All sources') and import again; if it is a source, write it "
            "as the leads do (a [targets.values.source] map in a mapping file), or import that source's leads; a "
            "channel not launched yet needs nothing"
        )
    report.notes += _per_source_only(con, report, rows)


def _per_source_only(con: duckdb.DuckDBPyConnection, report: ImportReport, rows: str) -> list[str]:
    """The line for the metrics the import plans per source only in some month, with no company-wide row (an
    append's stored ones counted): the landing page and the report show the company, and said "no target" without
    a word of why."""
    appended = report.mode == "append" and "targets" not in store.demo_tables(con)
    stored = "union all select metric, month, source from targets" if appended else ""
    found = con.execute(
        f"select metric, month from (select metric, date_trunc('month', month) as month, source from ({rows}) "
        f"{stored}) group by metric, month having count(*) filter (where source is null) = 0 "
        f"and metric in (select metric from ({rows})) order by 1"
    ).fetchall()
    if not found:
        return []
    metrics = sorted({m for m, _ in found})
    months = fmt_count(len({month for _, month in found}), "month")
    one = len(metrics) == 1
    return [
        f"targets: {word_list(metrics)} {'has' if one else 'have'} targets per source only, in {months}, and none "
        f"for the whole company: the landing page and the report, which show the company, say 'no target' for "
        f"{'it' if one else 'them'} (a source filter shows the sources' sum). To set the company's, add a row "
        "without a source (or with 'All sources') for each month"
    ]


def _said_after(report: ImportReport) -> str:
    """SQL condition on the stored spend or targets a leads import warns of: a source some lead had before it (the
    CRM renamed it), or a month the leads cover. A target of a channel not launched yet (a podcast planned for next
    year) never matched a lead: warned on every leads import, it taught users to skip the warnings."""
    if report.kind != "leads":
        return ""
    return (
        f"and (source_key(source) in (select k from {SOURCES_BEFORE}) or month between "
        "(select date_trunc('month', min(created_at)) from leads) and (select max(created_at) from leads))"
    )


def _settling_line(con: duckdb.DuckDBPyConnection, kind: str, label: str, others: Sequence[str] | None = None) -> str:
    """The mapping lines that put a stored spend or target source and the leads' label for it under one name. The
    leads' label is named only where one source of the leads holds the stored one's key or the other way round
    (Salesforce's "Web" renamed "Website"), or a preset's source map renames the label to one of the leads' sources
    (HubSpot's "Email Marketing" to email); the leads' sources with no spend are listed as the likely others.
    `others`: every unmatched label (the first is `label`), each given its line where its leads' name is found
    (probe 93: "Offline Sources" had its line, "Email Marketing" none, though the preset maps both)."""
    sql = (
        "select source, source_key(source) like '%' || source_key($label) || '%' "
        "or source_key($label) like '%' || source_key(source) || '%', "
        f"source_key(source) not in (select source_key(source) from {kind} where source is not null) "
        "from leads where source is not null and source_key(source) <> source_key($unknown) "
        "group by 1 order by count(*) desc, 1"
    )
    rows = con.execute(sql, {"label": label, "unknown": config.UNKNOWN_SOURCE}).fetchall()
    fresh = [source for source, _, without in rows if without][:3]
    new = _leads_name(con, label) or "<the leads' name for it>"
    lines = [f'"{label}" = "{new}"'] + [
        f'"{other}" = "{found}"' for other in (others or [])[1:] if (found := _leads_name(con, other))
    ]
    candidates = f" (sources of the leads without {kind}: {', '.join(repr(f) for f in fresh)})" if fresh else ""
    return (
        f"If the CRM renamed {'it' if len(lines) == 1 else 'them'}{candidates}, settle it in a mapping file: "
        f"[{kind}.values.source] {', '.join(lines)} and import every {kind} file again with it (--mode replace, "
        "all in one command: an append keeps the stored rows of the old name), or "
        f'[leads.values.source] "{new}" = "{label}" and import the leads again. {checks.WITH_A_PRESET}'
    )


def _leads_name(con: duckdb.DuckDBPyConnection, label: str) -> str | None:
    """The leads' source a stored spend or target label stands for: the one source of the leads holding its key, or
    held in it, else the source a preset's leads map renames the label to when the leads have it; None if unsure."""
    rows = con.execute(
        "select source from leads where source is not null and source_key(source) <> source_key($unknown) "
        "and (source_key(source) like '%' || source_key($label) || '%' "
        "or source_key($label) like '%' || source_key(source) || '%') group by 1 order by count(*) desc, 1",
        {"label": label, "unknown": config.UNKNOWN_SOURCE},
    ).fetchall()
    if len(rows) == 1:
        return str(rows[0][0])
    for preset in ("hubspot", "salesforce"):
        leads = preset_mapping(preset, "leads")
        renamed = leads.values.get("source", {}).get(value_key(label)) if leads is not None else None
        if renamed is None:
            continue
        found = con.execute(
            "select min(source) from leads where source_key(source) = source_key($renamed)", {"renamed": renamed}
        ).fetchone()
        if found and found[0] is not None:
            return str(found[0])
    return None


def _touches_without_a_source(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn of this import's touches without a source: no attribution model credits them, and no one can say they
    were marketing's, so they make no deal marketing-influenced; the stored ones it kept are named apart (a note)."""
    total = store.scalar(con, "select count(*) from touches where source is null")
    # counted by _put_rows, which every touches import writes through before this
    kept = store.scalar(con, f"select n from {UNSOURCED_BEFORE}")
    count = total - kept
    stored = f" (and {fmt_count(kept, 'touch', 'touches')} stored before {'has' if kept == 1 else 'have'} none)"
    if count:
        report.alerts.append(
            f"{fmt_count(count, 'touch', 'touches')} of this import {'has' if count == 1 else 'have'} no source"
            f"{stored if kept else ''}: attribution credits "
            f"the deal's own source (its lead's) with {'its place' if count == 1 else 'their places'} on the deal's "
            f"path, and no deal counts as marketing-influenced by "
            f"{'it' if count == 1 else 'them'} (a touch of an unknown source may be sales' own work). Map a source "
            'column, or give the file one ([touches.constants] source = "webinar")'
        )
    elif kept:
        report.notes.append(
            f"{fmt_count(kept, 'touch', 'touches')} stored before this import {'has' if kept == 1 else 'have'} no "
            "source (none of this import's): attribution credits the deal's own source in "
            f"{'its place' if kept == 1 else 'their places'}, and no deal counts as marketing-influenced by "
            f"{'it' if kept == 1 else 'them'}"
        )


def _touch_sources(con: duckdb.DuckDBPyConnection, report: ImportReport, warn: bool) -> None:
    """Write a touch's source as the leads, deals and spend write it where only case, spaces, hyphens, dots or
    underscores differ (one spelling there), and warn of touch sources none of them has: attribution credits
    revenue by the touch's source, and the Sources page matches it to the leads' rows by name ('Partner' met no
    row of 'partner'). `warn`: say which touch sources none has (on an import of touches)."""
    # per source key, the spelling of the first table that has it (leads, then deals, then spend, which may write
    # it its own way), when that table has one
    if not warn and not store.scalar(con, "select count(*) from touches"):
        return  # no touch to write another way: an import of leads, deals or spend need not look at its sources
    # the distinct spellings first: a window over every lead's row cost a ten-million-lead import five seconds
    known = (
        "select key, min(source) as spelled, count(distinct source) as n from ("
        "select source_key(source) as key, source, min(rank) over (partition by source_key(source)) = rank as first "
        "from (select distinct source, rank from (select source, 1 as rank from leads union all "
        "select source, 2 from deals union all select source, 3 from spend) where source is not null)"
        ") where first group by key"
    )
    moved = con.execute(
        f"select t.source, k.spelled, count(*) from touches as t join ({known}) as k on k.key = source_key(t.source) "
        "where k.n = 1 and t.source <> k.spelled group by all order by 1"
    ).fetchall()
    if moved:
        con.execute(
            f"update touches set source = k.spelled from ({known}) as k "
            "where k.key = source_key(touches.source) and k.n = 1 and touches.source <> k.spelled"
        )
        written = ", ".join(f"{s!r} ({fmt_count(n, 'row')}) as {to!r}" for s, to, n in moved)
        report.notes.append(f"source of touches: {written}, as the leads, deals and spend write it")
    if warn:
        _touches_without_a_source(con, report)
    if not warn or not store.scalar(con, "select count(*) from leads"):
        return
    # per source, this import's touches (the count now less the stored ones it kept) and the stored ones
    apart = con.execute(
        f"select t.source, count(*) - coalesce(any_value(b.n), 0) as added, coalesce(any_value(b.n), 0) as stored "
        f"from touches as t left join {TOUCH_SOURCES_BEFORE} as b on b.source = t.source "
        f"where t.source is not null and source_key(t.source) not in (select key from ({known})) "
        "group by 1 order by 2 desc, 3 desc, 1"
    ).fetchall()
    _say_touch_sources_apart(report, [(s, a) for s, a, _ in apart if a], [(s, b) for s, a, b in apart if not a])


def _say_touch_sources_apart(report: ImportReport, added: list[tuple[str, int]], stored: list[tuple[str, int]]) -> None:
    """Warn of this import's touches of a source no lead, deal or spend has; note the stored ones (as for touches
    without a source, _touches_without_a_source)."""

    def named(found: list[tuple[str, int]]) -> str:
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        return ", ".join(f"{s!r} ({fmt_count(n, 'row')})" for s, n in found[:5]) + more

    if added:
        report.alerts.append(
            f"touches of {named(added)} name a source no lead, deal or spend has: the revenue attribution credits "
            "them shows on a row of its own on the Sources page, apart from the leads of the same channel. Write the "
            "source as the leads do (a [touches.values.source] map, or the source constant in a mapping)"
        )
    if stored:
        report.notes.append(
            f"touches stored before this import of {named(stored)} name a source no lead, deal or spend has (none "
            "of this import's): a row of its own on the Sources page"
        )


def _whole_months(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Spend and targets are kept per month: a day (a daily ad report, a target dated at the month's end or
    per week) is stored as its month, said in the report."""
    # the pages count a month when any of its days is in the view: a row dated 15 March counted in a view from 16
    # March (month >= 1 March) and in one to 15 March, and a target dated 31 January was pro-rated to one day
    days = store.scalar(con, f"select count(*) from {report.kind} where day(month) <> 1")
    if days:
        con.execute(f"update {report.kind} set month = date_trunc('month', month) where day(month) <> 1")
        report.notes.append(
            f"month: {fmt_count(days, 'row')} dated on another day than the 1st counted in "
            f"{'its' if days == 1 else 'their'} month ({report.kind} is kept per month: a month's days add up to it)"
        )


def _say_one_spelling(report: ImportReport, moved: list[tuple[str, list[tuple[str, int]]]]) -> None:
    """A line per source stored one way, and the value report's sources as they were stored."""
    renamed = {}
    for to, spellings in moved:
        written = ", ".join(f"{s!r} ({fmt_count(n, 'row')})" for s, n in spellings)
        report.notes.append(
            f"source: {written} stored as {to!r}, as the leads and deals write it: one source written several ways "
            "(case, spaces, hyphens, dots and underscores aside) is one row on every page"
        )
        renamed.update({s: to for s, _ in spellings})
    values = report.values
    if renamed and not values.empty:
        hit = (values["column"] == "source") & values["becomes"].isin(list(renamed))
        values.loc[hit, "how"] = values.loc[hit, "how"] + ", then one spelling of its source"
        values.loc[hit, "becomes"] = values.loc[hit, "becomes"].map(renamed)


def _one_spelling_per_source(con: duckdb.DuckDBPyConnection, kind: str) -> list[tuple[str, list[tuple[str, int]]]]:
    """Store a source the table writes several ways (case, spaces, hyphens, dots and underscores aside) one way
    (reimport.source_spellings, which the comparison with the stored rows reads too). Per source: the spelling kept,
    and the others with their rows."""
    moved = reimport.source_spellings(con, kind, f"select source from {kind}")
    for kept, spellings in moved:
        con.execute(
            f"update {kind} set source = $to where list_contains($spellings, source)",
            {"to": kept, "spellings": [s for s, _ in spellings]},
        )
    return moved


def _check_linked(con: duckdb.DuckDBPyConnection, report: ImportReport, orphans_said: bool) -> None:
    """After leads or deals are written: link deals to leads, one spelling per source, closed deals' dates."""
    if report.kind == "leads" and (brought := awaiting.bring(con)):
        report.links.append(awaiting.brought_line(brought))
    # after the demo rows went: a lead of the file never links to a demo deal about to be removed
    _link_deals(con, report, orphans_said=orphans_said)
    _say_one_spelling(report, _one_spelling_per_source(con, report.kind))
    if report.kind == "deals":
        _closed_without_a_date(con, report)
        report.alerts.extend(unknown_amounts.alerts(con))
    # of a leads import too: deals imported before their leads were read before the SQL had a time (mig3)
    _dated_on_their_sql_day(con, report)


def _deals_where(con: duckdb.DuckDBPyConnection, where: str) -> tuple[int, list[str]]:
    """How many deals (as `d`, with their lead as `l`) meet a condition, and three of them."""
    found = con.execute(
        "select count(*), list(d.deal_id order by d.deal_id)[:3] from deals as d left join leads as l using (lead_id) "
        f"where {where}"
    ).fetchone()
    return (found[0], found[1]) if found else (0, [])


def _deals_of_the_import(con: duckdb.DuckDBPyConnection, kind: str) -> str:
    """The deals (as `d`) an import of leads or deals touches: a deals import's own; a leads import's leads' stored
    deals (and those it brought in from aside, awaiting.bring). The fast way over no own leads keeps no ids (_ids):
    it replaced every lead, so every deal is of its leads."""
    if kind == "leads" and not store.scalar(
        con, "select count(*) > 0 from duckdb_tables() where temporary and table_name = '_ids'"
    ):
        return "true"
    return f"d.{'deal_id' if kind == 'deals' else 'lead_id'} in (select key from _ids)"


# a won deal without a close date still makes its lead a customer, dated at the deal's creation
FUNNEL_DATES_A_WIN = (
    " (while the funnel dates a won one's customer at the deal's creation, and the Funnel page says so beside its "
    "customers)"
)


# SQL of a deal (d) created on its lead's (l) SQL day without a time, before the SQL's time: read at the SQL's time
ON_SQL_DAY = (
    "d.created_at = date_trunc('day', d.created_at) and l.sql_at::date = d.created_at::date and l.sql_at > d.created_at"
)
# a close with a time before the SQL's would then come before the creation (review 105b): such a deal stays at
# midnight, out of order, and is said
CLOSES_BEFORE_THE_SQL = "d.closed_at > d.created_at and d.closed_at < l.sql_at"
# the deals so before a leads import, with their lead and its SQL time (_said_before); a table, not a temporary one,
# as REPLACED: dropped by _dated_on_their_sql_day before the commit
SAID_BEFORE = "import_closed_before_the_sql"


def _said_before(con: duckdb.DuckDBPyConnection) -> None:
    """Before a leads import writes: the stored deals read at midnight, closed before their lead's SQL time (warned
    by the import that made them so), with their lead and its SQL time (SAID_BEFORE)."""
    con.execute(
        f"create or replace table {SAID_BEFORE} as select d.deal_id, d.lead_id, l.sql_at from deals as d "
        f"join leads as l using (lead_id) where {ON_SQL_DAY} and {CLOSES_BEFORE_THE_SQL}"
    )


def _dated_on_their_sql_day(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Read a deal written without a time on its lead's SQL day, which has one, as created at the SQL's time (the
    earliest moment both allow), as a lead's stage date without a time on its creation day reads as the creation time
    (_same_day_as_creation): at midnight it was created before the SQL, and the funnel's in-order view counted its
    opportunity out of order (trial 103: Salesforce's lead converted on 7/1, a date, read 09:00, its opportunity
    created 7/1, a date too, read 00:00). A close at that midnight (a date alone on the creation day) moves with it."""
    on_day, closes_first = ON_SQL_DAY, CLOSES_BEFORE_THE_SQL
    # a leads import reads its leads' stored deals so (mig3): imported before their leads, they were read when the
    # lead's SQL was not stored, and stayed at midnight, out of order, unsaid
    ours = _deals_of_the_import(con, report.kind)
    noun = "deal" if report.kind == "deals" else "stored deal"
    warned = f"{ours} and {on_day} and {closes_first}"
    if report.kind == "leads":
        # said once: a deal already so before this import, with the same lead at the same SQL time, was said by the
        # import that made it so; each later leads import of the same file said it again (tidy3)
        warned += (
            f" and not exists (select 1 from {SAID_BEFORE} as w where w.deal_id = d.deal_id "
            "and w.lead_id = d.lead_id and w.sql_at = l.sql_at)"
        )
    _closed_before_the_sql(con, report, warned, noun)
    con.execute(f"drop table if exists {SAID_BEFORE}")
    on_sql_day = f"{ours} and {on_day} and not coalesce({closes_first}, false)"
    count, examples = _deals_where(con, on_sql_day)
    if not count:
        return
    moved = f"from leads as l where l.lead_id = d.lead_id and {on_sql_day}"
    if report.kind == "leads":
        # is_mql null: a leads import derives only the leads it writes, before this; their stage columns (the
        # opportunity in order) are derived again with the deals' new creation, as awaiting.bring does
        con.execute(
            "update leads set is_mql = null where lead_id in (select d.lead_id from deals as d join leads as l "
            f"using (lead_id) where {on_sql_day})"
        )
    con.execute(f"update deals as d set closed_at = l.sql_at {moved} and d.closed_at = d.created_at")
    con.execute(f"update deals as d set created_at = l.sql_at {moved}")
    report.notes.append(
        f"{fmt_count(count, noun)} (e.g. {', '.join(examples)}) created on the day of "
        f"{'its' if count == 1 else 'their'} lead's SQL, without a time, read as created at the SQL's time (a date "
        "alone is not before it), as a stage date without a time on its lead's creation day is read at the creation "
        "time: the in-order view counts the opportunity in order"
    )


def _sql_moved_from_a_deal(con: duckdb.DuckDBPyConnection, report: ImportReport, rows: str) -> None:
    """Warn of stored deals created at their lead's stored SQL time, to the minute, whose SQL the import's rows
    (`rows`) move later the same day: a deal whose cell was a date alone was read at the SQL's time
    (_dated_on_their_sql_day) and keeps it, now before the SQL. The stored deal cannot tell a date read so from a time
    exported (Salesforce converts a lead and creates its opportunity at one moment), so it is said, not moved."""
    found = con.execute(
        f"select count(*), list(said order by said)[:{reimport.EXAMPLES}] from (select distinct d.deal_id || "
        "': created ' || strftime(d.created_at, '%Y-%m-%d %H:%M') || ', the SQL ' || strftime(f.sql_at, '%H:%M') "
        f"as said from deals as d join leads as s using (lead_id) join ({rows}) as f using (lead_id) "
        "where d.created_at = s.sql_at and s.sql_at <> date_trunc('day', s.sql_at) "
        "and f.sql_at::date = s.sql_at::date and f.sql_at > s.sql_at)"
    ).fetchone()
    if not found or not found[0]:
        return
    count, examples = found
    one = count == 1
    report.alerts.append(
        f"{fmt_count(count, 'stored deal')} ({'; '.join(examples)}{' …' if count > len(examples) else ''}) "
        f"{'was' if one else 'were'} created at {'its' if one else 'their'} lead's stored SQL time, which this file "
        f"moves later the same day: if {'its creation was a date' if one else 'their creation was a date'} alone, "
        f"read at the SQL's time, {'it keeps' if one else 'they keep'} the old time, now before the SQL, and the "
        f"funnel's in-order view counts {'its opportunity' if one else 'their opportunities'} out of order. Import "
        "the deals again after this file to read a date alone at the new SQL time"
    )


def _closed_before_the_sql(con: duckdb.DuckDBPyConnection, report: ImportReport, where: str, noun: str) -> None:
    """Warn of deals written without a time on their lead's SQL day and closed before the SQL's time: read at
    midnight, before the SQL, the funnel's in-order view counts their opportunity out of order."""
    count, examples = _deals_where(con, where)
    if count:
        report.alerts.append(
            f"{fmt_count(count, noun)} (e.g. {', '.join(examples)}) created on the day of "
            f"{'its' if count == 1 else 'their'} lead's SQL, without a time, and closed before the SQL's time, read "
            f"as created at midnight, before the SQL: the funnel counts {'it' if count == 1 else 'them'}, but its "
            "in-order view (stages in order) does not. Export the deals' creation time (a date-time field) to count "
            f"{'it' if count == 1 else 'them'} in order"
        )


def _closed_without_a_date(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn of won and lost deals without a close date: they count when every date is shown but in no period."""
    # a period's wins, losses and revenue are the deals closed in it; a closed deal without a close date is in
    # none of them, so a month's win rate loses it (a lost one raises the rate) while the all-dates one keeps it
    found = con.execute(
        "select count(*) filter (where status = 'won'), count(*) filter (where status = 'lost'), "
        "list(deal_id order by deal_id)[:3] "
        # the file's deals only: an append of dated deals says nothing of the stored ones again
        "from deals where status in ('won', 'lost') and closed_at is null and deal_id in (select key from _ids)"
    ).fetchone()
    if found and (found[0] or found[1]):
        won, lost, examples = found
        report.alerts.append(
            f"{fmt_count(won + lost, 'closed deal')} ({won:,} won, {lost:,} lost; e.g. {', '.join(examples)}) "
            f"{'has' if won + lost == 1 else 'have'} no close date: counted when every date is shown but in no "
            f"month or period, so a period's win rate, wins and revenue leave {'it' if won + lost == 1 else 'them'} "
            f"out{FUNNEL_DATES_A_WIN if won else ''}. Map closed_at to the column with the close date (or the date "
            "the deal last changed stage)"
        )


def _deals_apart_from_their_lead(con: duckdb.DuckDBPyConnection, report: ImportReport, orphans_before: int) -> bool:
    """Warn of the deals a leads import left naming a lead that is not stored; whether it found some (its advice is
    then the one to give). A deals import's deals that name none where they named one are said after the linking."""
    if report.kind == "deals":
        return False
    orphaned = _deals_without_their_lead(con) - orphans_before
    if orphaned > 0:
        # their revenue moves from the leads' sources to the deals' own: say so. they still name a lead, so
        # without a source of their own they are of unknown origin, not sales-sourced (deal_origin)
        report.alerts.append(
            f"{fmt_count(orphaned, 'deal')} named a lead this import removed: they now count by their own "
            "source, no longer by their lead's; without one, of unknown origin (in neither marketing- nor "
            "sales-sourced); import those leads too (--mode append adds to the leads instead of replacing "
            "them), or import the deals again"
        )
    return orphaned > 0


def _deals_that_lost_their_lead(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Warn of deals whose stored row named a lead and that now name none: a HubSpot deals export leaves the
    contact blank once it is deleted or merged in the CRM, and such a deal without a source of its own counts as
    outbound, sales-sourced, where it counted by its lead's source."""
    found = con.execute(
        f"select deal_id, amount from deals where lead_id is null and deal_id in (select deal_id from {LED_DEALS}) "
        "order by deal_id"
    ).fetchall()
    con.execute(f"drop table if exists {LED_DEALS}")
    if not found:
        return
    ids = ", ".join(str(d) for d, _ in found[:5]) + (" …" if len(found) > 5 else "")
    total = sum(a or 0 for _, a in found)
    report.alerts.append(
        f"{fmt_count(len(found), 'deal')} ({ids}, {total:,.2f} in all) named a lead in the stored rows and this "
        "file names none (a contact deleted or merged in the CRM leaves the association blank): they now count as "
        "deals without a lead, by their own source, and as outbound, sales-sourced, when they have none. If they "
        "came from a lead, export the deals with their contact associated, or give them a source of their own"
    )


def _deals_without_their_lead(con: duckdb.DuckDBPyConnection) -> int:
    """Deals naming a lead_id that no stored lead has."""
    return store.scalar(
        con,
        "select count(*) from deals as d where d.lead_id is not null and not exists "
        "(select 1 from leads as l where l.lead_id = d.lead_id)",
    )


def _link_deals(con: duckdb.DuckDBPyConnection, report: ImportReport, orphans_said: bool = False) -> None:
    """Fill deals.lead_id from the leads' converted_deal_id (either file may come first); say so, and say loudly
    when no deal reaches a lead at all (unless the import already said which deals lost their lead, whose advice
    is the right one then)."""
    report.links += deal_links.link_lines(deal_links.link_deals(con))
    apart = deal_links.leads_reach_no_deal(con)
    if apart is not None and not orphans_said:
        other = (
            deal_links.other_id_column(con)
            or deal_links.lead_name_column(
                report.kind, [c for c in report.unread_columns if c not in report.unread_lead_ids]
            )
            or _unread_lead_ids_said(report)
        )
        report.alerts.append(deal_links.no_link_alert(apart, deal_links.salesforce_lengths(con), other))


def _unread_lead_ids_said(report: ImportReport) -> str:
    """The fix naming the deals file's unread column of each deal's person (the Salesforce preset reads no
    "Contact ID": trial 54's opportunities met none of the Marketo people); '' for none."""
    if not report.unread_lead_ids:
        return ""
    column = report.unread_lead_ids[0]
    return (
        f"the file's {column!r} names each deal's person and is not read: map lead_id = \"{column}\" under "
        '[deals.columns] (with salesforce_ids = ["lead_id"] under [deals] for a report\'s 15-character ids), once '
        "the leads are stored by the same ids (a marketing tool's export by its 'SFDC Contact ID' column)"
    )


def _clean_stored(con: duckdb.DuckDBPyConnection, kind: str, unclean: list[str]) -> None:
    """Clean the text cells the fast way stored as read, in the rows where one has blanks around it."""
    sets, changed = [], []
    for col in unclean:
        cleaned = f"clean({_quote(col)})"
        # a blank with a meaning of its own stays '' until check_stored gives it that meaning
        stored = f"coalesce({cleaned}, '')" if (kind, col) in values.BLANK_MEANS else cleaned
        sets.append(f"{_quote(col)} = {stored}")
        changed.append(f"padded({_quote(col)})")
    con.execute(f"update {kind} set {', '.join(sets)} where {' or '.join(changed)}")


class _NotClean(Exception):
    """The stored rows of the fast way have something to report: the transaction rolls back."""


def _import_clean_csv(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    path: Path,
    dry_run: bool,
    tell: Progress,
) -> ImportReport | None:
    """Replace the leads with one UTF-8 CSV of canonical columns that has nothing to report, the fast way.

    The import parses the file once: a scan of its raw lines, then the insert straight from the file, and the
    row check runs on the stored rows inside the transaction (on the stored columns it costs a fifth of a
    second parse of the file). A dry run checks the file itself instead of writing it. A file with anything to
    report, or a cell the reader cannot parse, returns None (a real import rolls back first) and takes the
    staged way, which names every problem with its row and the cell as the file has it.
    """
    view = "clean_csv"
    # timestamps are parsed as the file is read; text-to-timestamp casts after it cost a third more
    parsed = {c: t for c, (t, _) in store.table_columns(con, kind).items() if t == "TIMESTAMP"}
    columns = readers.csv_view(con, path, view, parsed)
    if columns is None:
        return None
    tell(0.0, f"Reading {path.name}")
    try:
        # the typed read drops a zone offset (10:00+05:00 reads as 10:00): a file with a time that has
        # one (or a NUL byte, which the staged way refuses by its line) takes the staged way, which moves
        # zoned times to the data's timezone. The same scan counts the lines the rows are reconciled with
        layout = readers.csv_layout(path, path.name)
        lines, zoned, extra = readers.line_scan(con, path, dates.ZONE_IN_LINE, layout)
        if zoned or extra:
            # a line with an empty field more than the header: the staged way refuses it, or (every line so)
            # reads it
            return None
        _check_columns(con, path, view, view, columns, kind)
        tally = [c for c in values.VALUE_COLUMNS if c in columns]
        if dry_run:
            return _checked_clean_csv(con, kind, path, view, columns, tally)
    except (ImportRefused, duckdb.Error):
        # refused columns, or a cell that does not parse: the staged way says which
        return None
    rows = lines - layout.header_lines
    if rows <= 0:
        # a header and nothing else: the staged way says so
        return None
    # no fraction above 0 until the rows are in: a roll-back hands the bar on to the staged way from 0
    tell(0.0, f"Reading and writing the rows of {path.name}")
    report = _written_clean_csv(con, kind, path, view, columns, tally, rows)
    if report is not None:
        tell(1.0, "Done")
    return report


def _written_clean_csv(
    con: duckdb.DuckDBPyConnection, kind: str, path: Path, view: str, columns: list[str], tally: list[str], rows: int
) -> ImportReport | None:
    """The real import of the fast way: the insert, then the row check on the stored rows; None after a
    roll-back when a row has something to report."""
    report = ImportReport(kind=kind, mode="replace", rows_read={path.name: rows})
    select = f"select {_select_list(con, kind, view, columns, blank_later=True)} from {view}"
    compared = _over_own_rows(con, kind)

    def check_stored() -> None:
        # the rows as stored hold the file's cleaned cells: the same checks and value counts as on the file
        con.execute(
            f"create or replace temp view import_stored as select {', '.join(map(_quote, columns))} from {kind}"
        )
        as_stored = [c for c in columns if c in CLEANED_AFTER]
        labels = _text_columns(con, kind, columns)
        found = checks.rows_and_problems(con, kind, "import_stored", columns, tally, as_stored, labels)
        # ids equal but for leading zeros: the staged way warns of them
        if found.with_problem or found.rows != report.rows_loaded or _marked_or_twin_ids(con, kind, columns):
            raise _NotClean
        if found.may_be_totals or _has_no_value_marks(con, columns):
            raise _NotClean
        report.values = values.report_from_counts(kind, found.counts, path.name)
        if found.unclean_cells:
            _clean_stored(con, kind, as_stored)
        for (table, col), meaning in values.BLANK_MEANS.items():
            if table == kind and col in columns:
                con.execute(
                    f"update {kind} set {_quote(col)} = $meaning where {_quote(col)} = ''", {"meaning": meaning}
                )
        report.formats += [(path.name, c, how) for c, how in local_times.read_lines(con, kind, columns, kind)]
        if kind == "leads":
            report.formats += [(path.name, col, how) for col, how in _same_day_as_creation_stored(con, columns)]

    try:
        if compared:
            # over own stored leads, what the replace removes, updates or empties of them is said
            _parse_once(con, select)
            parsed = f"select * from {FAST_ROWS}"
            _write(con, report, {0: parsed}, "lead_id", check_stored, _silent, {0: (path.name, columns)}, raw=False)
        else:
            # no ids kept: an earlier import's would name the leads of this one (_deals_of_the_import)
            con.execute("drop table if exists _ids")
            _write(con, report, {0: select}, None, check_stored, _silent)
    except (_NotClean, ImportRefused, duckdb.Error):
        # a row to report, a count that does not reconcile (a line break inside a quoted cell) or a cell that
        # does not parse: the transaction rolled back, and the staged way names what it is
        return None
    finally:
        con.execute(f"drop table if exists {FAST_ROWS}")
    return report


def _has_no_value_marks(con: duckdb.DuckDBPyConnection, columns: list[str], table: str = "import_stored") -> bool:
    """Whether a stored label cell is a CRM's mark for no value ('-None-'): the staged way reads it as blank and
    says so."""
    marked = [c for c in columns if c in config.NO_VALUE_COLUMNS]
    if not marked:
        return False

    # every mark holds one of config.NO_VALUE_MARK_WORDS (tests/unit/test_review59.py checks config's list): that
    # cheap test first, so the cleaning runs on those cells only (cleaning every label cell of a million rows took
    # 6 s, more than the insert)
    def holds_a_word(column: str) -> str:
        return " or ".join(f"{column} ilike '%{word}%'" for word in config.NO_VALUE_MARK_WORDS)

    test = " or ".join(
        f"(({holds_a_word(_quote(c))}) and no_value(clean({_quote(c)})) is null and clean({_quote(c)}) is not null)"
        for c in marked
    )
    return bool(store.scalar(con, f"select count(*) > 0 from {table} where {test}"))


def _marked_or_twin_ids(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> bool:
    """Whether the fast way leaves a file to the staged way for its ids: marked or rewritten ones
    (checks.has_marked_ids), or two equal but for leading zeros (zero_ids.has_twins)."""
    return checks.has_marked_ids(con, table, columns) or zero_ids.has_twins(con, table, "lead_id")


def _silent(_fraction: float, _text: str) -> None:
    """No progress to tell: the fast way's write is one step."""


def _checked_clean_csv(
    con: duckdb.DuckDBPyConnection, kind: str, path: Path, view: str, columns: list[str], tally: list[str]
) -> ImportReport | None:
    """The dry run of the fast way: the row check and value counts on the file itself, and a preview."""
    found = checks.rows_and_problems(con, kind, view, columns, tally, labels=_text_columns(con, kind, columns))
    if found.rows == 0 or found.with_problem or found.may_be_totals or _marked_or_twin_ids(con, view, columns):
        return None
    if _has_no_value_marks(con, columns, view):
        return None
    report = ImportReport(kind=kind, mode="replace", rows_read={path.name: found.rows})
    report.values = values.report_from_counts(kind, found.counts, path.name)
    report.formats += [(path.name, c, how) for c, how in local_times.read_lines(con, view, columns, kind)]
    select = f"select {_select_list(con, kind, view, columns)} from {view}"
    report.preview = con.execute(f"{select} limit {PREVIEW_ROWS}").df()
    if _over_own_rows(con, kind):
        try:
            _parse_once(con, select)
            files = {0: (path.name, columns)}
            _compare_stored(con, report, {0: f"select * from {FAST_ROWS}"}, "lead_id", files, raw=False, dry_run=True)
        finally:
            con.execute(f"drop table if exists {FAST_ROWS}")
    else:
        # no ids kept, as the real import (_written_clean_csv): an earlier import's would name the leads of this one
        # (_deals_of_the_import), and the rehearsal missed the notes on their deals the import then said (tidy3)
        con.execute("drop table if exists _ids")
    # the ids as the import stores them (cleaned), not the file's cells: "L9 " brings L9's deal
    if brought := awaiting.would_bring_line(con, f"select lead_id from ({select})"):
        report.links.append(brought)
    _rehearse(con, report, {0: select}, None, None, None, raw=False)
    return report


def _text_columns(con: duckdb.DuckDBPyConnection, kind: str, columns: list[str]) -> list[str]:
    """The file's columns the table stores as text: where a sheet's totals label can stand (a date or number cannot)."""
    spec = store.table_columns(con, kind)
    return [c for c in columns if spec.get(c, ("VARCHAR",))[0] == "VARCHAR"]


def _over_own_rows(con: duckdb.DuckDBPyConnection, kind: str) -> bool:
    """True when the table holds rows of one's own (not demo rows, which any import removes unsaid)."""
    return kind not in store.demo_tables(con) and store.scalar(con, f"select count(*) from {kind}") > 0


def _skipped_ids(con: duckdb.DuckDBPyConnection, staged: _Staged, id_col: str) -> None:
    """The ids on the files' skipped rows that no imported row has (reimport.SKIPPED_IDS): such a stored row is in
    the file and is kept as stored, never removed as not in it (trial 57); and apart, the ids on rows left out on
    purpose (reimport.LEFT_OUT_IDS: archived, or not kept by the mapping's keep line), which are not in the file."""
    cell = f"clean({_quote(id_col)})"
    # a row left out on purpose (archived in the CRM, not kept by the mapping's keep line) is not in the file: its
    # stored version goes as any row not in the file does (a renewal stored before the keep line stayed counted)
    on_purpose = ", ".join(f"'{reason}'" for reason in NOT_PROBLEMS)

    def ids(purposely: bool) -> str:
        parts = [
            f"select {checks.key_sql(id_col, cell)} as key from {staging} where _row in {checks.skipped_rows(i)} "
            f"and _row {'' if purposely else 'not '}in (select row_number from {checks.ISSUES} "
            f"where file_index = {i} and reason in ({on_purpose}))"
            for i, staging in staged.tables.items()
            if id_col in staged.columns[i]
        ] or ["select null::varchar as key"]
        return (
            f"select distinct key from ({' union all '.join(parts)}) where key is not null "
            "and key not in (select key from _ids where key is not null)"
        )

    con.execute(f"create or replace temp table {reimport.SKIPPED_IDS} as {ids(False)}")
    con.execute(f"create or replace temp table {reimport.LEFT_OUT_IDS} as {ids(True)}")


def _no_migrated_ids(con: duckdb.DuckDBPyConnection) -> None:
    """An import that names no stored record by a migration's old id: reimport.MIGRATED_IDS empty."""
    con.execute(
        f"create or replace temp table {reimport.MIGRATED_IDS} as "
        "select null::varchar as key, null::varchar as file, null::varchar as column_name, "
        "null::varchar as own_column where false"
    )


def _migrated_ids(con: duckdb.DuckDBPyConnection, kind: str, staged: _Staged, names: list[str]) -> None:
    """The stored records the files name by a migration's old id (reimport.MIGRATED_IDS): a row whose id came from an
    earlier column of the mapping's id list while the list's last, the row's own id, is filled with another
    (lead_id = ["HubSpot Contact ID", "Lead ID"]: Salesforce's lead 00Q…HM10A is HubSpot's stored 130). Such a row is
    the stored record as another CRM exported it after the migration, not a later state of it in the same CRM."""
    _no_migrated_ids(con)
    if kind not in TWIN_IDS:
        return
    for index, listed in staged.id_lists.items():
        earlier = [f"clean(r.{_quote(c)})" for c in listed[:-1]]
        own = f"clean(r.{_quote(listed[-1])})"
        column = " ".join(f"when {cell} is not null then $column_{n}" for n, cell in enumerate(earlier))
        con.execute(
            f"insert into {reimport.MIGRATED_IDS} select distinct k.key, $file, case {column} end, $own "
            f"from _ids as k join staging_{index} as r using (_row) where k._file_index = {index} "
            f"and coalesce({', '.join(earlier)}) is not null and {own} is not null "
            # one record's two spellings are not two records: a report's 15-character Salesforce id beside the
            # 18-character one of the same record (the preset's lead_id = ["Lead ID", "Id"]; review 105b)
            f"and salesforce_id(coalesce({', '.join(earlier)})) is distinct from salesforce_id({own}) "
            f"and k.key in (select {TWIN_IDS[kind]} from {kind})",
            {"file": names[index], "own": listed[-1]} | {f"column_{n}": c for n, c in enumerate(listed[:-1])},
        )


def _migrated_out_of_order(con: duckdb.DuckDBPyConnection, kind: str) -> list[str]:
    """Name the rows kept with stage dates out of order that are records migrated from another CRM (named by the
    stored id, _migrated_ids, or stored twice, TWINS): the new CRM's export dates such a record's creation by the
    migration, after what it did before it (trial 103: OP01A, HubSpot's 9004 won in May, created 7/1/2026), and the
    row's line said only to check the CRM's stage history."""
    if kind not in TWIN_IDS:
        return []
    id_col, noun = TWIN_IDS[kind], reimport.NOUNS[kind]
    line = (
        "'row ' || i.row_number || ': ' || coalesce(t.id || ' = stored ' || t.other_id, 'stored ' || m.key || "
        f"' (named in ''' || m.column_name || ''')') || ', created ' || {reimport.when('s.created_at')} || ' as stored'"
    )
    found = con.execute(
        f"select file, count(*), list(line order by row_number)[1:{reimport.EXAMPLES}] from (select distinct i.file, "
        f"i.row_number, {line} as line from {checks.ISSUES} as i join _ids as k on k._file_index = i.file_index "
        f"and k._row = i.row_number left join {reimport.MIGRATED_IDS} as m on m.key = k.key "
        f"left join {TWINS} as t on t.id = k.key and t.table_name = $kind "
        f"join {kind} as s on s.{id_col} = coalesce(m.key, t.other_id) "
        f"where i.reason = '{checks.OUT_OF_ORDER}') group by 1 order by 1",
        {"kind": kind},
    ).fetchall()
    said = []
    for name, count, examples in found:
        one = count == 1
        said.append(
            f"{name}: {fmt_count(count, 'row')} kept with stage dates out of order "
            f"{'is a migrated' if one else 'are migrated'} {noun}{'' if one else 's'} "
            f"({'; '.join(examples)}{' …' if count > len(examples) else ''}): the new CRM's export dates a migrated "
            f"{noun}'s creation by the migration, after what the {noun} did before it, so the order is the "
            "migration's, not the CRM's stage history"
        )
    return said


def _parse_once(con: duckdb.DuckDBPyConnection, select: str) -> None:
    """The fast way's rows parsed once into a temporary table, with the ids the comparison with the stored leads
    reads (reimport.compare_stored reads the new rows several times; outside the transaction: DuckDB 2.0 loses
    large temp-table inserts inside one)."""
    con.execute(f"create or replace temp table {FAST_ROWS} as {select}")
    con.execute(
        f"create or replace temp table _ids as select 0 as _file_index, row_number() over () as _row, "
        f"lead_id as key from {FAST_ROWS}"
    )
    # the fast way skips no row, and reads one id column (no record named by a migration's old id)
    for table in (reimport.SKIPPED_IDS, reimport.LEFT_OUT_IDS):
        con.execute(f"create or replace temp table {table} as select null::varchar as key where false")
    _no_migrated_ids(con)


@contextmanager
def _named_apart(paths: list[Path]) -> Iterator[list[Path]]:
    """The files under names of their own: the report names rows by file name, so a second contacts.csv (from
    another folder, or the Data page's second upload of that name) is read through a link named contacts (2).csv.
    The same file twice is refused: its rows would all be duplicates."""
    resolved = [p.resolve() for p in paths]
    twice = next((p for i, p in enumerate(paths) if resolved[i] in resolved[:i]), None)
    if twice is not None:
        raise ImportRefused(f"{twice.name} is given twice; give each file once")
    taken: set[str] = set()
    named: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="funnel_names_") as folder:
        for path in paths:
            name, n = path.name, 1
            while name in taken:
                n += 1
                name = f"{path.stem} ({n}){path.suffix}"
            taken.add(name)
            if name != path.name:
                link = Path(folder) / name
                link.symlink_to(path.resolve())
                path = link
            named.append(path)
        yield named


def _refuse_arguments(
    kind: str, paths: Sequence[object], mode: str, mapping: TableMapping | None, on_bad_rows: str
) -> None:
    """Refuse an import whose arguments make no sense, before anything is read."""
    if mapping is not None and mapping.kind != kind:
        raise ImportRefused(f"the mapping is for {mapping.kind}, not {kind}")
    if kind not in KINDS:
        raise ImportRefused(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if mode not in MODES:
        raise ImportRefused(f"unknown mode {mode!r}: use replace or append")
    if on_bad_rows not in ON_BAD_ROWS:
        raise ImportRefused(f"unknown on_bad_rows {on_bad_rows!r}: use skip or refuse")
    if not paths:
        raise ImportRefused("no file given")


# the problem rows' sheet rows and record ids (_issue_places)
ISSUE_PLACES = "_issue_places"
# the rows of each deals file that are open and have a close date (cleared: an expected close, not stored)
EXPECTED_CLOSES = "import_expected_closes"


@dataclass
class _Staged:
    """The files staged so far: each file's table and columns, and how its lead id column is labelled."""

    tables: dict[int, str] = field(default_factory=dict)
    columns: dict[int, list[str]] = field(default_factory=dict)
    lead_labels: list[str] = field(default_factory=list)
    # spend and targets: the file's columns a mapping does not read, which tell a file's rows apart all the same
    unread: dict[int, list[str]] = field(default_factory=dict)
    # deals and spend: per file with an amount column, the currency it states (None: none)
    currencies: dict[str, currency.Stated | None] = field(default_factory=dict)
    # per file whose account is derived (account_from): how, the mapped table's column of the file's value, its label
    account_notes: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    # per deals file whose status is read from yes/no columns: those columns, named (mapping.status_note)
    status_from: dict[int, str] = field(default_factory=dict)
    # per deals file whose mapping has [deals.lost_by]: its conditions said and the mapped column of the rows lost
    lost_by: dict[int, tuple[str, str]] = field(default_factory=dict)
    # per leads file with [leads.reached] rules: each rule's flag column, stage and wording (mapping.rule_note)
    rules: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)
    # the warnings of leads left out for a stage cell that is no stage, said again when no row is left to import
    left_out: list[str] = field(default_factory=list)
    # per file: the file's column each canonical column is read from, for the messages (team = "Team")
    labels: dict[int, Mapping[str, str]] = field(default_factory=dict)
    # leads: per file with an e-mail column (mapped or not), its table as read and that column
    e_mails: dict[int, tuple[str, str]] = field(default_factory=dict)
    # leads: per file, its table as read and its columns that name a person (an id or e-mail column the lead id is
    # not read from), which tell apart rows that share a lead id (_people_under_one_id)
    people: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    # per file: its rows skipped when its values were counted, and how to count them again (_values_of_imported)
    values: dict[int, tuple[int, Callable[[], pd.DataFrame]]] = field(default_factory=dict)
    # per deals file with open deals that have a close date (not stored): the file's column of that date
    expected_closes: dict[int, str] = field(default_factory=dict)
    # leads and deals with a mapping: per file, the file's columns the mapping reads (every one listed, fallbacks too)
    read: dict[int, set[str]] = field(default_factory=dict)
    # per workbook: the sheet row of its column names and its empty rows under them, left out (a data row's sheet row)
    sheets: dict[int, tuple[int, tuple[int, ...]]] = field(default_factory=dict)
    # leads and deals: per file whose mapping lists several id columns, the file's columns of the list in its order
    # (lead_id = ["HubSpot Contact ID", "Lead ID"]: a migration's old id, then the row's own; _migrated_ids)
    id_lists: dict[int, tuple[str, ...]] = field(default_factory=dict)


def sheet_row(data_row: int, header_row: int, blank_rows: Sequence[int]) -> int:
    """The sheet's own row of a data row (1 = the first under the column names), its empty rows counted back in."""
    row = header_row + data_row
    for blank in blank_rows:
        if blank > row:
            break
        row += 1
    return row


def _issue_places(con: duckdb.DuckDBPyConnection, staged: _Staged, id_col: str | None) -> str:
    """A table of where each problem row is, for whoever fixes the file (trial 57): a workbook's own row number and
    the record's id as the file writes it. Returns its name."""
    con.execute(f"create or replace temp table {ISSUE_PLACES} (file_index int, row_number bigint, sheet_row bigint)")
    for index, (header_row, blanks) in staged.sheets.items():
        rows = con.execute(
            f"select distinct row_number from {checks.ISSUES} where file_index = {int(index)}"
        ).fetchall()
        if rows:
            con.executemany(
                f"insert into {ISSUE_PLACES} values ({int(index)}, ?, ?)",
                [(row, sheet_row(row, header_row, blanks)) for (row,) in rows],
            )
    ids = [
        f"select {i} as file_index, _row as row_number, clean({_quote(id_col)})::varchar as record_id from {staging}"
        for i, staging in staged.tables.items()
        if id_col is not None and id_col in staged.columns[i]
    ] or ["select null::int as file_index, null::bigint as row_number, null::varchar as record_id where false"]
    con.execute(
        f"create or replace temp table {ISSUE_PLACES}_ids as select * from ({' union all '.join(ids)}) "
        f"where (file_index, row_number) in (select (file_index, row_number) from {checks.ISSUES})"
    )
    con.execute(
        f"create or replace temp table {ISSUE_PLACES} as select file_index, row_number, max(sheet_row) as sheet_row, "
        f"max(record_id) as record_id from (select file_index, row_number, sheet_row, null as record_id "
        f"from {ISSUE_PLACES} union all by name select file_index, row_number, null as sheet_row, record_id "
        f"from {ISSUE_PLACES}_ids) group by all"
    )
    return ISSUE_PLACES


def _rows_skipped(con: duckdb.DuckDBPyConnection, index: int) -> int:
    """How many rows of a file the checks skipped so far."""
    return store.scalar(
        con,
        f"select count(distinct row_number) from {checks.ISSUES} where file_index = {int(index)} "
        f"and action = '{checks.SKIPPED}'",
    )


def _values_of_imported(
    con: duckdb.DuckDBPyConnection, report: ImportReport, staged: _Staged, names: list[str]
) -> None:
    """Count a file's values again when checks across the files skipped more of its rows after they were counted
    (a deal kept aside for its unknown lead, a duplicate id in another file): the values add up to the rows imported,
    as the README says (trial 54: Stage's values added up to the 47 deals read, not the 41 imported)."""
    frames = []
    for index, (skipped_then, count_again) in staged.values.items():
        if _rows_skipped(con, index) != skipped_then:
            frames.append(count_again())
        else:
            frames.append(report.values[report.values["file"] == names[index]])
    if frames:
        report.values = pd.concat(frames, ignore_index=True)


def _check_layout(
    con: duckdb.DuckDBPyConnection, report: ImportReport, staging: str, columns: list[str], name: str
) -> None:
    """What the file as a whole is, before its rows are read: a grouped report is refused."""
    checks.refuse_grouped_report(con, staging, columns, name)
    if Path(name).suffix.lower() in readers.EXCEL_SUFFIXES:
        # a workbook may hold several tables on one sheet (a board's items and their subitems)
        checks.refuse_second_table(con, staging, columns, name)


def _copied_rows(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    mapping: TableMapping | None,
    mapped: tuple[str, list[str]],
    index: int,
    name: str,
) -> list[str]:
    """The warning of the rows of a file numbered by row (@row) that copy another row (checks.copied_rows)."""
    id_column = checks.ID_COLUMNS.get(kind)
    if mapping is None or id_column is None or mapping.columns.get(id_column) != (ROW_ID,):
        return []
    return checks.copied_rows(con, *mapped, id_column, index, name)


def _refuse_row_ids_appended(
    con: duckdb.DuckDBPyConnection, report: ImportReport, mapping: TableMapping | None, path: Path
) -> None:
    """Refuse an append of records numbered by row (@row) to a table that holds rows: a later export under another
    name would add every record again, and one whose rows moved would put a record in another's place, silently."""
    kind = report.kind
    id_column = checks.ID_COLUMNS.get(kind)
    if report.mode != "append" or mapping is None or id_column is None:
        return
    if mapping.columns.get(id_column) != (ROW_ID,) or kind in store.demo_tables(con):
        return
    stored = store.scalar(con, f"select count(*) from {_quote(kind)}")
    if stored:
        raise ImportRefused(
            f'{path.name}: its {kind} are numbered by row ({id_column} = "@row"), so they have no id and an append '
            f"cannot tell the file's records from the {fmt_count(stored, 'stored row')}: a later export would add "
            f"every one again, or put one record in another's place; import the full export with --mode replace "
            f"(the Data page's replace), or map an id column of the file to {id_column}"
        )


def _unread_by(mapping: TableMapping, columns: list[str], path: Path, said: list[str]) -> list[str]:
    """The file's columns a mapping reads nothing from, not already listed in `said` (none for a mapping that only
    states formats)."""
    if not mapping.columns:
        return []
    read = {name for names in resolve(mapping, columns, path)[0].values() for name in names}
    return [c for c in columns if c not in read and c not in said]


def _stage_and_check(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    staged: _Staged,
    index: int,
    path: Path,
    mapping: TableMapping | None,
    sheet: str | None,
) -> None:
    """Stage one file (mapped if a mapping is given), read its dates and amounts, record its row problems."""
    kind = report.kind
    if not path.is_file():
        raise ImportRefused(f"{path.name}: no such file")
    _refuse_row_ids_appended(con, report, mapping, path)
    staging = f"staging_{index}"
    encoding = (mapping.encoding, mapping.source) if mapping is not None and mapping.encoding else None
    file = readers.stage(con, path, staging, sheet, f"[{kind}]", encoding)
    # the columns and table of the file as staged; a mapping replaces both below
    columns, table = _canonical_spelling(con, report, file, path.name, bool(mapping and mapping.columns)), file.table
    if file.unsaved:
        report.alerts.append(
            f"{path.name}: {fmt_count(file.unsaved[0], 'formula cell')} had no saved value and read as blank (such as "
            f"{file.unsaved[1]!r}): a workbook saved by Excel or LibreOffice keeps each formula's value, one a program "
            "wrote does not; open it there and save it if those cells should hold values"
        )
    if file.rows == 0:
        raise ImportRefused(f"{path.name}: the file has a header but no data rows")
    if mapping is not None:
        mapping = fit_names(mapping, columns)
    raw_columns = list(columns)
    if path.suffix.lower() in readers.EXCEL_SUFFIXES:
        header_row = file.title.header_line if file.title else 1
        staged.sheets[index] = (header_row, tuple(sorted(file.blank_rows)))
        report.alerts += readers.sheet_warnings(
            path, file.sheet, _sheet_positions(file, columns), _read_by(mapping, columns, path), header_row
        )
    _check_layout(con, report, staging, columns, path.name)
    _layout_notes(report, path.name, file)
    if file.ragged:
        checks.record_ragged_rows(con, readers.ragged_table(table), index, path.name)
    report.alerts += keep_rows.leave_out(con, mapping, (staging, columns), index, path.name)
    id_columns = _id_columns(mapping, columns, path)
    report.notes += checks.strip_text_marks(con, table, id_columns, path.name)
    report.notes += checks.strip_decimal_ids(con, table, id_columns, path.name)
    labels: dict[str, str] = {}
    mapped: MappedFile | None = None
    if mapping is not None:
        # an append keeps the stored rows: the file's values are spelled as theirs are
        stored = kind if report.mode == "append" and kind not in store.demo_tables(con) else None
        mapped = apply_mapping(con, mapping, path, staging, columns, index, stored)
        _note_read(staged, (kind, index), mapping, columns, path)
        report.unread_columns += _unread_by(mapping, columns, path, report.unread_columns)
        staging, columns, labels = mapped.table, mapped.columns, mapped.labels
        table = staging
        report.notes += [f"{path.name}: {note}" for note in mapped.notes]
        report.alerts += mapped.alerts
        staged.account_notes.update({index: mapped.account_note} if mapped.account_note else {})
        staged.status_from.update({index: mapped.status_from} if mapped.status_from else {})
        staged.lost_by.update({index: mapped.lost_by} if mapped.lost_by else {})
        staged.rules.update({index: mapped.rules} if mapped.rules else {})
    _refuse_months_as_columns(kind, columns, raw_columns, path)
    checks.refuse_scientific_ids(con, staging, columns, path.name, labels)
    raw = _raw_file(con, mapping, raw_columns, path, index, file.title)
    report.unread_dates += [c for c in raw.unmapped if c not in report.unread_dates]
    _note_unread(con, report, mapping, raw_columns, (path, index))
    report.formats += _check_columns(con, path, staging, table, columns, kind, mapping, labels, raw, report)
    _three_decimal_amounts(con, (staging, table, columns), index, path.name, mapping, labels)
    report.notes += _per_period_values(con, (kind, index), path.name, (table, columns), raw_columns, labels)
    report.notes += _company_totals(con, kind, staging, table, columns, path.name, labels)
    report.alerts += open_by_default(con, mapping, mapped, (table, columns, raw_columns), index, path.name)
    # before the rows' checks: an expected close date that is not stored is not checked either (TBD, 1999-01-01)
    _expected_closes(con, kind, (staging, table), columns, (index, labels), staged)
    checks.check_rows(con, kind, staging, columns, index, path.name, labels)
    report.notes += _deleted_deals(con, kind, (staging, columns), index, path.name, labels)
    left_out = _stages_left_out(con, kind, index, (path.name, file.rows), labels)
    report.alerts += left_out
    staged.left_out += left_out
    report.alerts += _blank_dates_filled_elsewhere(con, kind, index, path, mapping, raw_columns)
    _skip_non_records(con, kind, f"staging_{index}", raw_columns, index, path.name)
    report.alerts += checks.record_sheet_totals(
        con, kind, (f"staging_{index}", raw_columns), (staging, columns), index, path.name, labels
    )
    report.alerts += _copied_rows(con, kind, mapping, (staging, columns), index, path.name)
    _totals_not_read(con, kind, index, path, mapping, raw_columns)
    report.alerts += checks.record_meta_summary(
        con, kind, (f"staging_{index}", staging, columns), index, path.name, labels
    )
    report.alerts += checks.record_labelled_totals(con, kind, staging, columns, index, path.name, labels)
    _check_money(con, report, staged, (index, path, file), (table, columns, raw_columns), mapping, labels, raw)
    file_values = partial(values.value_report, con, kind, staging, list(columns), path.name, mapped, index)
    report.values = pd.concat([report.values, file_values()], ignore_index=True)
    staged.values[index] = (_rows_skipped(con, index), file_values)
    report.notes += _e_mail_ids_note(con, staging, columns, path.name)
    report.notes += keep_rows.left_out_note(con, mapping, (table, columns), index, path.name)
    report.alerts += _what_the_file_lacks(con, kind, index, path, mapping, raw_columns, (staging, columns), labels)
    report.alerts += owner_ids.user_id_owners(con, kind, (staging, columns), path.name, labels.get("owner", "owner"))
    report.rows_read[path.name] = file.rows
    staged.tables[index], staged.columns[index], staged.labels[index] = staging, columns, labels
    staged.lead_labels.append(labels.get("lead_id", "lead_id"))
    if kind == "leads":
        _stage_people(staged, index, raw_columns, labels.get("lead_id", "lead_id"))


def _note_read(staged: _Staged, file: tuple[str, int], mapping: TableMapping, columns: list[str], path: Path) -> None:
    """Keep the file's columns a mapping reads: spend's and targets' others tell rows apart (staged.unread), leads'
    and deals' others may name the stored records by another CRM's id (_stored_ids_unread)."""
    kind, index = file
    if kind not in VALUE_COLUMN and kind not in TWIN_IDS:
        return
    resolved = resolve(mapping, columns, path)[0]
    read = {name for names in resolved.values() for name in names}
    staged.read[index] = read
    if len(listed := resolved.get(TWIN_IDS.get(kind, ""), ())) > 1:
        staged.id_lists[index] = listed
    if kind in VALUE_COLUMN and mapping.columns:
        # a mapping that only states formats reads the canonical columns, every one of the file's
        staged.unread[index] = [c for c in columns if c not in read]


def _stage_people(staged: _Staged, index: int, columns: list[str], lead_column: str) -> None:
    """Keep a leads file's columns that name people: its e-mail column and the person columns beside its lead id."""
    if e_mail := _e_mail_column(columns):
        staged.e_mails[index] = (f"staging_{index}", e_mail)
    if people := _person_columns(columns, lead_column):
        staged.people[index] = (f"staging_{index}", people)


def _three_decimal_amounts(
    con: duckdb.DuckDBPyConnection,
    tables: tuple[str, str, list[str]],
    index: int,
    name: str,
    mapping: TableMapping | None,
    labels: Mapping[str, str],
) -> None:
    """Warn, by row, of an amount read with three decimals (checks.record_three_decimals), unless a mapping states
    the column's separators."""
    staging, table, columns = tables
    stated = mapping is not None and mapping.number_format_of("amount")
    if "amount" not in columns or stated or checks.original("amount") not in readers.staged_types(con, table):
        return
    checks.record_three_decimals(con, staging, "amount", index, name, labels.get("amount", "amount"))


def _check_money(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    staged: _Staged,
    file_of: tuple[int, Path, readers.Staged],
    tables: tuple[str, list[str], list[str]],
    mapping: TableMapping | None,
    labels: Mapping[str, str],
    raw: RawFile,
) -> None:
    """The currency a file's amounts (or money targets) state, kept for the import's check against the stored
    money. `tables`: the mapped table, its columns and the file's columns as read."""
    index, path, file = file_of
    table, columns, raw_columns = tables
    if "amount" in columns:
        found = _currency_of_kept_rows(
            con, index, path, file, (table, raw_columns), mapping, labels, raw, report.alerts
        )
        staged.currencies[path.name] = _stated_currency(con, report, path.name, found, mapping)
        if note := currency.set_aside_note(con, path.name, f"staging_{index}", mapping, raw_columns):
            report.notes.append(note)
    elif report.kind == "targets" and {"metric", "value"} <= set(columns):
        _check_target_values(con, staged, (index, path), file, (table, raw_columns), labels, raw)


def _check_target_values(
    con: duckdb.DuckDBPyConnection,
    staged: _Staged,
    file_of: tuple[int, Path],
    file: readers.Staged,
    tables: tuple[str, list[str]],
    labels: Mapping[str, str],
    raw: RawFile,
) -> None:
    """A targets file's values: a count target in a sheet's percent cell skipped, and the currency of its money
    targets kept for the import's currency check, as a spend file's is. `tables`: the mapped table and the file's
    columns as read."""
    index, path = file_of
    table, raw_columns = tables
    row_formats = _value_formats(path, file, raw_columns, raw)
    _skip_percent_counts(con, (index, path.name), table, row_formats, labels.get("value", "value"))
    money, stated = currency.of_targets(
        con, path.name, (f"staging_{index}", table), raw_columns, labels, row_formats, checks.skipped_rows(index)
    )
    if money:
        staged.currencies[path.name] = stated


def _stated_currency(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    name: str,
    found: currency.Stated | None,
    mapping: TableMapping | None,
) -> currency.Stated | None:
    """A file's currency: the one its amounts name, else the one its mapping states (`currency = "EUR"`); refused
    when the two differ. Amounts that name none, with no mapping line to state it, are shown in the configured
    currency, which the report says (a German team's HubSpot amounts, plain 12500, were shown as $ without a word)."""
    if mapping is None:
        # a file of canonical columns is this product's own format: its plain amounts are in the configured currency
        return found
    if mapping.currency is None:
        return _no_currency_note(con, report, name, found)
    stated, source = mapping.currency, mapping.source
    dollar = found is not None and found.code == currency.BARE_DOLLAR and stated in currency.DOLLARS
    if found is not None and not currency.same_money(found.code, stated) and not dollar:
        raise ImportRefused(
            f'{name}: the amounts are in {found.code} ({found.how}), but {source} states currency = "{stated}"; '
            "correct the mapping's currency line, or remove it"
        )
    if found is not None and found.code != currency.BARE_DOLLAR:
        return found
    return currency.Stated(stated, f'as {source} states: currency = "{stated}"')


def _no_currency_note(
    con: duckdb.DuckDBPyConnection, report: ImportReport, name: str, found: currency.Stated | None
) -> currency.Stated | None:
    """Say that a deals file's amounts name no currency and are shown in the configured one (an append keeps the
    stored deals' currency: nothing to say then)."""
    kept = report.mode != "replace" and "deals" in store.stated_currencies(con)
    if found is None and report.kind == "deals" and not kept:
        symbol = config.CURRENCY_SYMBOL
        report.notes.append(
            f"{name}: the amounts name no currency, so they are shown with {symbol}, the configured currency; if they "
            f'are in another, say which in the mapping file: currency = "EUR" (its ISO code) under [deals]'
        )
    return found


def _currency_of_kept_rows(
    con: duckdb.DuckDBPyConnection,
    index: int,
    path: Path,
    file: readers.Staged,
    tables: tuple[str, list[str]],
    mapping: TableMapping | None,
    labels: Mapping[str, str],
    raw: RawFile,
    alerts: list[str],
) -> currency.Stated | None:
    """The currency a file with an amount column states, read from the rows it keeps (refused when they are in
    several): a report's totals row, skipped, often leaves its currency cell blank or "--". `tables`: the staged
    file's table and its columns as read; `alerts`: the report's warnings (a currency no code or name known)."""
    table, raw_columns = tables
    skipped = checks.skipped_rows(index)
    if mapping is not None:
        check_one_currency(con, mapping, f"staging_{index}", raw_columns, path, skipped)
    formats = _amount_formats(path, file, raw_columns, raw)
    return currency.of_file(
        con, path.name, f"staging_{index}", table, raw_columns, labels, mapping, formats, skipped, alerts
    )


# what a leads file needs for its funnel past the first stage, and for its sources: without either, every lead is a
# plain lead, or of the unknown source, which the counts show without a word of why
LEAD_STAGE_COLUMNS = ("lifecycle_stage", "mql_at", "sql_at")
# words in the names of the file's unread columns that may hold them, for the advice
STAGE_NAME_WORDS = ("status", "stage", "qualified", "mql", "sql")
# words of the columns marketing-automation tools qualify leads by, which a [leads.reached] rule reads: Pardot's
# Score and Grade, ActiveCampaign's Tags and Lead Score, Mailchimp's TAGS and MEMBER_RATING (whole words only);
# a grade or a star rating is named, not proposed for a threshold: Pardot's Grade is fit, Mailchimp's rating engagement
SCORE_NAME_WORDS = frozenset({"score"})
TAG_NAME_WORDS = stage_rules.TAG_WORDS
QUALIFYING_NAME_WORDS = SCORE_NAME_WORDS | TAG_NAME_WORDS | {"grade", "rating"}
SOURCE_NAME_WORDS = ("source", "channel", "origin", "medium", "quelle", "fuente", "fonte", "bron", "ソース")
# words (as propose.native_key writes a header) of a leads file's column that names each lead's company or account:
# HubSpot's "Record ID - Company", "Zugeordnete Unternehmens-ID", "ID d'entreprise associée", "関連付けられた会社のID",
# Salesforce's "Company", "Firma", "Société"; unread, counting by account takes each lead for its own account
ACCOUNT_NAME_WORDS = (
    *("company", "account", "unternehmen", "firma", "entreprise", "societe", "société", "compte", "empresa"),
    *("cuenta", "bedrijf", "azienda", "会社", "取引先"),
    # Pipedrive's "Person - Organization" (trial 58: left unread without a word)
    *("organization", "organisation", "organización", "organização", "organisatie", "organizzazione"),
)
# whole headers (as propose.native_key writes them) of a company column too short to look for inside other words
ACCOUNT_NAME_KEYS = frozenset({"org", "orgid", "orgname"})
# words of such a header that say it holds something else of the company (its size, owner, industry …)
NOT_ACCOUNT_WORDS = (
    *("size", "owner", "inhaber", "proprietaire", "propriétaire", "propietario", "proprietario", "eigenaar"),
    *("担当者", "industry", "branche", "revenue", "umsatz", "employee", "mitarbeiter", "type", "phone", "telefon"),
    *("country", "city", "address", "adresse", "currency", "wahrung", "währung", "moneda", "devise", "moeda", "通貨"),
    *("grootte", "größe", "grosse", "taille", "tamaño", "tamanho", "industrie", "sector", "secteur", "status"),
)
# headers with a stage word that hold no stage (as header_key writes them): Typeform's "Stage Date (UTC)", an internal
# time of the response
NO_STAGES = frozenset({"stagedate", "stagedateutc"})


def _archived_column(name: str, kind: str) -> bool:
    """Whether a column is the archived or deleted flag of the file's own records: no entity prefix, or the prefix of
    its table (Pipedrive's "Lead - Archived" in leads; its "Organization - Archived" in deals is another record's)."""
    entity, _, field_name = name.rpartition(propose.ENTITY_SEPARATOR)
    own = entity == "" or readers.header_key(entity) in ARCHIVED_ENTITIES[kind]
    return own and readers.header_key(field_name) in ARCHIVED_KEYS


# a yes/no column saying a record was archived or deleted in the CRM (Pipedrive's "Lead - Archived", Salesforce's
# IsDeleted in a Data Loader export of all records): such a row is skipped, and said
ARCHIVED_KEYS = frozenset({"archived", "isarchived", "deleted", "isdeleted"})
ARCHIVED_KINDS = ("leads", "deals")
ARCHIVED_ENTITIES = {"leads": ("lead", "contact"), "deals": ("deal", "opportunity")}


def _skip_non_records(
    con: duckdb.DuckDBPyConnection, kind: str, raw_view: str, raw_columns: list[str], index: int, file_name: str
) -> None:
    """Skip a leads or deals file's rows that are no lead or deal of the funnel: the rows that sum up a group of a
    grouped report (checks.record_group_summaries), and those its archived or deleted column says yes of
    (checks.ARCHIVED)."""
    if kind not in ARCHIVED_KINDS:
        return
    checks.record_group_summaries(con, raw_view, raw_columns, index, file_name)
    column = next((c for c in raw_columns if _archived_column(c, kind)), None)
    if column is None:
        return
    q = _quote(column)
    others = con.execute(
        f"select count(*) from {raw_view} where not list_contains($yes_no, value_key(coalesce(clean({q}), '')))",
        {"yes_no": [*TRUE_VALUES, *FALSE_VALUES, ""]},
    ).fetchone()
    if others and others[0]:
        # a count or a date of deletion, not a yes/no flag: nothing is read from it
        return
    con.execute(
        f"insert into {checks.ISSUES} select $index, $file, _row, $column, '{checks.ARCHIVED}', clean({q}), "
        f"'{checks.SKIPPED}' from {raw_view} where list_contains($yes, value_key(coalesce(clean({q}), '')))",
        {"index": index, "file": file_name, "column": column, "yes": list(TRUE_VALUES)},
    )


def _sheet_positions(file: readers.Staged, columns: list[str]) -> list[str]:
    """A sheet's column names by position: the staged columns with the nameless empty ones left out put back."""
    named = iter(columns)
    return [("" if n in file.dropped else next(named, "")) for n in range(1, len(columns) + len(file.dropped) + 1)]


def _amount_formats(path: Path, file: readers.Staged, columns: list[str], raw: RawFile) -> dict[str, int]:
    """A workbook's amount cells' number formats (of the columns the amount is read from) and their cells."""
    if path.suffix.lower() not in readers.EXCEL_SUFFIXES:
        return {}
    header_row = file.title.header_line if file.title else 1
    # the amount's first column the file has: a company-currency amount listed before each deal's own (Salesforce's
    # "Amount (converted)", HubSpot's "Amount in company currency"), whose cells are each in their own currency
    source = next((c for c in raw.sources.get("amount", ("amount",)) if c in columns), None)
    if source is None:
        return {}
    # only that column's cells are looked at in the sheet
    positions = [c if c == source else "" for c in _sheet_positions(file, columns)]
    return readers.sheet_number_formats(path, file.sheet, positions, header_row).get(source, {})


# the targets that count people or deals: a fraction of one is no count (revenue and pipeline are money)
COUNT_METRICS = tuple(m for m in config.TARGET_METRICS if m not in currency.MONEY_METRICS)
# a number format that shows its number as a percentage (0%, 0.0%), its quoted text and bracketed parts left out
PERCENT_FORMAT = re.compile(r'^(?:"[^"]*"|\[[^\]]*\]|\\.|[^%"\\])*%')


def _value_formats(path: Path, file: readers.Staged, columns: list[str], raw: RawFile) -> dict[int, str]:
    """A targets workbook's value cells' number formats, by data row (of the column the value is read from)."""
    if path.suffix.lower() not in readers.EXCEL_SUFFIXES:
        return {}
    source = next((c for c in raw.sources.get("value", ("value",)) if c in columns), None)
    positions = _sheet_positions(file, columns)
    if source is None or source not in positions:
        return {}
    header_row = file.title.header_line if file.title else 1
    return readers.sheet_row_formats(path, file.sheet, positions.index(source) + 1, header_row, file.blank_rows)


def _skip_percent_counts(
    con: duckdb.DuckDBPyConnection, file: tuple[int, str], table: str, row_formats: Mapping[int, str], label: str
) -> None:
    """Skip a count target whose sheet cell is formatted as a percentage: finance's "MQL to SQL rate" of 0.15 in a
    0% cell, mapped to sqls, was stored as 0.15 SQLs (the CSV's "15%" is refused as no number)."""
    rows = [row for row, code in row_formats.items() if PERCENT_FORMAT.match(code)]
    if not rows:
        return
    index, name = file
    written = _quote(checks.original("value"))
    cell = written if checks.original("value") in readers.staged_types(con, table) else "value"
    row = currency.row_number_sql(con, table)
    con.execute(
        f"insert into {checks.ISSUES} select $index, $name, {row}, $label, '{checks.PERCENT_COUNT}', "
        f"clean({cell}::varchar) || ' shown as a percentage', '{checks.SKIPPED}' from {table} "
        f"where list_contains($rows, {row}) and list_contains($counts, lower(trim(metric)))",
        {"index": index, "name": name, "label": label, "rows": rows, "counts": list(COUNT_METRICS)},
    )


def _count_targets_with_fractions(con: duckdb.DuckDBPyConnection, table: str, label: str, file_name: str) -> list[str]:
    """Warn of count targets written like thousands grouped with a dot but read with a fraction (1.200 MQLs read as
    1.2): the column's other values (a rate of 0.25) decided the dot is the decimal point. A plan's computed fraction
    (1250 / 12 = 104.1667) is no such value."""
    written = _quote(checks.original("value"))
    found = con.execute(
        f"select count(*), arg_min([metric, month::varchar, {written}], _row) from {table} "
        "where list_contains($counts, lower(trim(metric))) and regexp_full_match(value, $plain) "
        f"and cast(value as double) <> floor(cast(value as double)) and regexp_matches({written}, $grouped)",
        {"counts": list(COUNT_METRICS), "plain": numbers.CANONICAL, "grouped": r"(^|[^0-9])[0-9]{1,3}(\.[0-9]{3})+$"},
    ).fetchone()
    if not found or not found[0]:
        return []
    metric, month, value = found[1]
    return [
        f"{file_name}: {fmt_count(found[0], 'count target')} {'has' if found[0] == 1 else 'have'} a fraction (such as "
        f"{metric} {value} for {month}, column {label!r}), where a count has none: if the file groups thousands with "
        'a dot (1.200 for one thousand two hundred), state number_format = { decimal = ",", thousands = "." } under '
        "[targets] in a mapping file and import again"
    ]


def _grouped_labels(
    con: duckdb.DuckDBPyConnection, raw_view: str, raw_columns: list[str], labels: Mapping[str, str], file_name: str
) -> list[str]:
    """Warn of a status or stage column that writes each value once and leaves the rows under it blank: a grouped
    report saved without its subtotal lines, whose group label is on the group's first row only (the won group's
    other deals were read as open, in silence)."""
    said = []
    for column in dict.fromkeys(labels[t] for t in ("status", "stage") if labels.get(t) in raw_columns):
        cell = f"nullif(trim(cast({_quote(column)} as varchar)), '')"
        found = con.execute(
            f"select count(*) filter (where v is null), count(v), count(distinct v), "
            f"min(_row) filter (where v is not null) = min(_row), arg_min(v, _row) "
            f"from (select _row, {cell} as v from {raw_view})"
        ).fetchone()
        if not found:
            continue
        blanks, filled, distinct, first_filled, first = found
        if blanks >= 2 and filled >= 2 and filled == distinct and first_filled:
            said.append(
                f"{file_name}: column {column!r} writes each of its {filled:,} values once ({first!r} on the first "
                f"row) and leaves {fmt_count(blanks, 'row')} under them blank, as a grouped report writes a group's "
                "label on its first row only: those rows are read as a blank value, not as their group's. Export "
                "the report without groups (Salesforce: Details Only), or fill each label down, and import again"
            )
    return said


def _what_the_file_lacks(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    index: int,
    path: Path,
    mapping: TableMapping | None,
    raw_columns: list[str],
    staged: tuple[str, list[str]],
    labels: Mapping[str, str],
) -> list[str]:
    """Warnings for what a file's counts will lack or may misread: a leads file's stages or source, a deal's one-time
    value, a count target's thousands. `staged`: the staged (mapped) table and its columns."""
    table, columns = staged
    if kind == "targets" and {"metric", "value"} <= set(columns):
        return _count_targets_with_fractions(con, table, labels.get("value", "value"), path.name)
    if kind == "deals":
        grouped = _grouped_labels(con, f"staging_{index}", raw_columns, labels, path.name)
        if "amount" in columns and "annual" not in labels.get("amount", "").lower():
            return _recurring_values(con, f"staging_{index}", raw_columns, path.name) + grouped
        return grouped
    if kind == "leads" and mapping is not None:
        # a canonical file (no mapping) has only columns its author chose: nothing it lacks was overlooked
        read = _read_by(mapping, raw_columns, path)
        unread = [c for c in raw_columns if read is not None and c not in read]
        return _leads_without(columns, unread, path.name)
    return []


# a cell that reads as a date in another column of the file: digits with - / or . between, day, month and year
DATE_LIKE_CELL = r"^\s*[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}"


def _expected_closes(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    tables: tuple[str, str],
    columns: list[str],
    file_of: tuple[int, Mapping[str, str]],
    staged: _Staged,
) -> None:
    """An open deal's close date is when it is expected to close (SugarCRM's date_closed, Copper's Close Date), not
    when it closed: it is not stored. Its rows are kept in EXPECTED_CLOSES, and the file's column of the date in
    `staged`, for the report's count once every check has run (_expected_close_notes). `file_of`: the file's index
    and its labels."""
    if kind != "deals" or not {"status", "closed_at"} <= set(columns):
        return
    index, labels = file_of
    # `tables`: the staged rows (numbered) and the table they are read from (a canonical file's staged rows are a
    # view over the table the file was read into, which takes the update)
    staging, table = tables
    where = (
        "lower(trim(cast(status as varchar))) = 'open' and closed_at is not null "
        "and trim(cast(closed_at as varchar)) <> ''"
    )
    con.execute(f"create temp table if not exists {EXPECTED_CLOSES} (file_index integer, _row bigint)")
    con.execute(f"delete from {EXPECTED_CLOSES} where file_index = {int(index)}")
    con.execute(f"insert into {EXPECTED_CLOSES} select {int(index)}, _row from {staging} where {where}")
    if store.scalar(con, f"select count(*) from {EXPECTED_CLOSES} where file_index = {int(index)}"):
        con.execute(f"update {table} set closed_at = null where {where}")
        staged.expected_closes[index] = labels.get("closed_at", "closed_at")


def _archived_rows(con: duckdb.DuckDBPyConnection, index: int) -> tuple[str, str] | None:
    """The file's `Active` column and the condition of its rows archived (a no in it), when it has one."""
    raw = f"staging_{int(index)}"
    columns = [c for c in con.execute(f"select * from {raw} limit 0").fetchdf().columns if c != "_row"]
    found = [c for c in columns if readers.header_key(c) in checks.ARCHIVE_KEYS]
    if not found:
        return None
    no = ", ".join(f"'{v}'" for v in FALSE_VALUES)
    cell = f"lower(trim(cast(a.{store.quote_identifier(found[0])} as varchar)))"
    return found[0], f"_row in (select a._row from {raw} as a where {cell} in ({no}))"


def _expected_close_notes(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> list[str]:
    """Per deals file, how many of the open deals it imports had a close date, not stored: counted once every
    check has run, as a row skipped later (a bad amount or date, a repeated id, an unknown lead) is not imported
    (trial 74: 29 said where 27 were imported, 2 of them skipped for a bad amount and a bad date). The archived ones
    are not among them: _archived_opens warns of those."""
    said = []
    for index, label in staged.expected_closes.items():
        archived = _archived_rows(con, index)
        found = store.scalar(
            con,
            f"select count(*) from {EXPECTED_CLOSES} where file_index = {int(index)} "
            f"and _row not in {checks.skipped_rows(index)}" + (f" and not ({archived[1]})" if archived else ""),
        )
        # a last change of stage (Zendesk Sell's "Last Stage Change At", read as the close of the won and lost) is
        # no expected close on an open deal: it is when the deal entered its current stage (trial 110)
        if found and readers.header_key(label) in propose.LAST_STAGE_CHANGE:
            said.append(
                f"{names[index]}: {fmt_count(int(found), 'open deal')} had a date in {label!r}, when "
                f"{'it' if found == 1 else 'each'} entered its current stage, not a "
                "close: not stored (an open deal has not closed)"
            )
        elif found:
            said.append(
                f"{names[index]}: {fmt_count(int(found), 'open deal')} had a close date in {label!r}, "
                "taken as the date it is expected to close, not the date it closed: not stored (an open deal has "
                "not closed)"
            )
    return said + _stage_change_closes(con, staged, names)


def _stage_change_closes(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> list[str]:
    """Per deals file whose close is read from a last change of stage (propose.LAST_STAGE_CHANGE), a note of the won
    and lost deals it imports whose close is that date: the date a closed deal entered its won or lost stage."""
    # the close is an assumption on the data (the last stage a deal enters is its won or lost one): a closed deal
    # moved between stages after it closed (Lost to Unqualified) closes at that move, a month later, said nowhere
    # else (trial 110 review)
    said = []
    for index, labels in staged.labels.items():
        label = labels.get("closed_at", "")
        if readers.header_key(label) not in propose.LAST_STAGE_CHANGE or "status" not in staged.columns[index]:
            continue
        found = store.scalar(
            con,
            f"select count(*) from {staged.tables[index]} where lower(trim(cast(status as varchar))) in "
            "('won', 'lost') and closed_at is not null and trim(cast(closed_at as varchar)) <> '' "
            f"and _row not in {checks.skipped_rows(index)}",
        )
        if found:
            said.append(
                f"{names[index]}: {fmt_count(int(found), 'won or lost deal')} closed on "
                f"{'its' if found == 1 else 'their'} date in {label!r}, when {'it' if found == 1 else 'each'} "
                "entered its current stage: a deal moved to another stage after it was won or lost (Lost to "
                "Unqualified) closes at that move, not when it closed"
            )
    return said


def _archived_opens(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> list[str]:
    """Per deals file, a warning of the deals it imports as open that its `Active` column says are archived and
    that have a close date: Odoo's opportunities marked lost without a lost reason (trial 106)."""
    # Odoo 17's lost wizard leaves the reason optional: such a deal stays in its stage ("New", "Qualified"),
    # archived, with its Closed Date, so neither its stage nor a reason says lost, and it counted open unsaid
    said = []
    for index, label in staged.expected_closes.items():
        archived = _archived_rows(con, index)
        if archived is None:
            continue
        column, condition = archived
        ids = [
            str(r[0])
            for r in con.execute(
                f"select deal_id from {staged.tables[index]} where _row in (select _row from {EXPECTED_CLOSES} "
                f"where file_index = {int(index)} and _row not in {checks.skipped_rows(index)} and {condition}) "
                "order by _row"
            ).fetchall()
        ]
        if ids:
            said.append(
                f"{names[index]}: {fmt_count(len(ids), 'deal')} read as open {'is' if len(ids) == 1 else 'are'} "
                f"archived (column {column!r} False, e.g. {', '.join(ids[:3])}) with a date in {label!r}: counted "
                "open, without that date. Odoo archives an opportunity marked lost, and its lost reason may be left "
                "blank: if these were lost, read them so with [deals.lost_by] "
                f'{json.dumps(column, ensure_ascii=False)} = ["False"] in the mapping (or give them a lost reason in '
                "the file) and import it again"
            )
    return said


def _blank_dates_filled_elsewhere(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    index: int,
    path: Path,
    mapping: TableMapping | None,
    raw_columns: list[str],
) -> list[str]:
    """For a required date skipped as blank on some rows, the file's other columns that hold a date on those rows
    (Mailchimp's CONFIRM_TIME where OPTIN_TIME is blank) and the mapping line that takes them."""
    read = _read_by(mapping, raw_columns, path)
    if mapping is None or read is None:
        return []
    chosen = resolve(mapping, raw_columns, path)[0]
    types = _column_types(con, kind)
    said = []
    for target, names in chosen.items():
        if types.get(target) not in DATE_TYPES or names == (ROW_ID,):
            continue
        rows = [
            r
            for (r,) in con.execute(
                f"select row_number from {checks.ISSUES} where file_index = $i and reason = $reason and "
                "column_name = $label order by 1",
                {"i": index, "reason": checks.MISSING_VALUE, "label": names[0]},
            ).fetchall()
        ]
        if rows:
            said += _dates_elsewhere(con, kind, index, path.name, target, names, rows, read)
    return said


def _column_types(con: duckdb.DuckDBPyConnection, kind: str) -> dict[str, str]:
    """Canonical column -> its type, of one table."""
    return {c: t for c, (t, _) in store.table_columns(con, kind).items()}


def _dates_elsewhere(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    index: int,
    file_name: str,
    target: str,
    names: tuple[str, ...],
    rows: list[int],
    read: list[str],
) -> list[str]:
    """The line of _blank_dates_filled_elsewhere for one date column: the unread columns with a date on the rows."""
    others = [c for c in readers.staged_types(con, f"staging_{index}") if c != "_row" and c not in read]
    filled = []
    for column in others:
        cell = f"clean(cast({_quote(column)} as varchar))"
        n = store.scalar(
            con,
            f"select count(*) from staging_{index} where _row in (select unnest($rows)) and "
            f"regexp_matches({cell}, $pattern) and not regexp_full_match({cell}, $ip)",
            {"rows": rows, "pattern": DATE_LIKE_CELL, "ip": propose.IP_ADDRESS},
        )
        if n:
            filled.append((column, int(n)))
    if not filled:
        return []
    filled.sort(key=lambda found: -found[1])
    shown = ", ".join(str(r) for r in rows[: checks.REPEATS_NAMED]) + (" …" if len(rows) > checks.REPEATS_NAMED else "")
    # the line takes the columns that say when a record came (CONFIRM_TIME), never any date (LAST_CHANGED): those are
    # named, and the user decides
    came = [c for c, _ in filled if propose.creation_like(c, kind)]
    line = ", ".join(f'"{n}"' for n in (*names, *came))
    columns = [f"{c!r} ({fmt_count(n, 'row')})" for c, n in filled]
    advice = (
        f"to take it where the one before is blank, write {target} = [{line}] under [{kind}.columns]"
        if came
        else f"none of them says when a record came; if one does, add it to {target} under [{kind}.columns]"
        if kind in ("leads", "deals")
        else f"if one of them gives the {target} of those rows, add it to {target} under [{kind}.columns]"
    )
    return [
        f"{file_name}: {target} ({' or '.join(repr(n) for n in names)}) is blank on {fmt_count(len(rows), 'row')} "
        f"(rows {shown}), skipped as missing a required value; on those rows the file has a date in "
        f"{', '.join(columns)}: {advice}"
    ]


def _leads_without(columns: list[str], unread: list[str], file_name: str) -> list[str]:
    """Warnings for a mapped leads file that gives no stage (lifecycle stage, MQL or SQL date) or no source, naming
    the file's unread columns whose names suggest one."""

    def candidates(words: tuple[str, ...]) -> str:
        found = [c for c in unread if any(w in c.lower() for w in words) and readers.header_key(c) not in NO_STAGES]
        return f" (this file has {', '.join(map(repr, found[:3]))}, not read)" if found else ""

    alerts = []
    if not set(LEAD_STAGE_COLUMNS) & set(columns):
        alerts.append(
            f"{file_name}: no column gives the leads' stages (lifecycle_stage, mql_at or sql_at): every lead counts "
            "as a plain lead, so the funnel shows no MQL or SQL but those its deals make; map the lifecycle stage "
            "(or a status that is the stage, as Salesforce's Lead Status; HubSpot's Lead Status is not: see the "
            f"README) or the stage dates{candidates(STAGE_NAME_WORDS)}"
            f"{_reached_advice(unread)}{_qualifying_rule(unread)}"
        )
    if "source" not in columns:
        alerts.append(
            f"{file_name}: no column gives the leads' source: every lead's source is unknown, and no source's "
            f"leads, cost or return can be told apart; map the lead source{candidates(SOURCE_NAME_WORDS)}"
        )
    return alerts + _leads_without_account(columns, unread, file_name)


def _deleted_deals(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    table: tuple[str, list[str]],
    index: int,
    file_name: str,
    labels: Mapping[str, str],
) -> list[str]:
    """Deals whose unmapped status says deleted (checks.DELETED_STATUS_KEYS) skipped as deleted, not as an unknown
    stage to be named open, won or lost; the report's line on how many and their amount (rows a keep line left out
    are not counted again)."""
    if kind != "deals":
        return []
    staging, columns = table
    keys = {"keys": list(checks.DELETED_STATUS_KEYS), "index": index}
    con.execute(
        f"update {checks.ISSUES} set reason = '{checks.DELETED_DEAL}' where file_index = $index "
        f"and reason = '{checks.UNKNOWN_STAGE}' and list_contains($keys, value_key(coalesce(value, '')))",
        keys,
    )
    amount = "sum(try_cast(s.amount as double))" if "amount" in columns else "null::double"
    found = con.execute(
        f"select count(*), {amount}, any_value(i.value) from {checks.ISSUES} as i join {staging} as s "
        f"on s._row = i.row_number where i.file_index = $index and i.reason = '{checks.DELETED_DEAL}' and "
        f"i.row_number not in (select row_number from {checks.ISSUES} where file_index = $index "
        f"and reason = '{checks.LEFT_OUT}')",
        {"index": index},
    ).fetchone()
    if not found or not found[0]:
        return []
    rows, total, value = found
    money = f" (amount {plain_number(total)})" if total is not None else ""
    return [
        f"{file_name}: {fmt_count(rows, 'deal')} whose {labels.get('status', 'status')!r} is {value!r}{money} left out "
        "on purpose, as archived rows are: a deal deleted in the CRM is not open, won or lost and counts nowhere"
    ]


def _stages_left_out(
    con: duckdb.DuckDBPyConnection, kind: str, index: int, file: tuple[str, int], labels: Mapping[str, str]
) -> list[str]:
    """A warning for the leads skipped because their stage cell is no stage: each is a person missing from the lead
    count and its source's leads: ActiveCampaign's Tags mapped as the stage kept 2 of 6 contacts (MQL rate 100 %)."""
    if kind != "leads":
        return []
    found = con.execute(
        f"select value from {checks.ISSUES} where file_index = $index and action = '{checks.SKIPPED}' "
        f"and reason = '{checks.UNKNOWN_STAGE}' order by row_number",
        {"index": index},
    ).fetchall()
    if not found:
        return []
    name, rows = file
    column = labels.get("lifecycle_stage", "lifecycle_stage")
    values = list(dict.fromkeys(v for (v,) in found if v is not None))
    rule = stage_rules.rule_advice("mql", column, values) or (
        f"if {column!r} holds tags, scores or grades rather than a stage, write a rule under [leads.reached] instead "
        f"(mql = {stage_rules.RULE_EXAMPLE})"
    )
    return [
        f"{name}: {len(found):,} of {fmt_count(rows, 'person', 'people')} left out of the lead count (and of their "
        f"sources' leads), skipped because their {column!r} is no stage ({', '.join(map(repr, values[:4]))}"
        f"{' …' if len(values) > 4 else ''}): {rule}, and map lifecycle_stage to a stage column or to none, so every "
        f"row is a lead; or name each value under [leads.values.lifecycle_stage]"
    ]


def _reached_advice(unread: list[str]) -> str:
    """The [leads.reached] lines for the unread yes/no columns named for a stage (a sheet's "MQL?" and "SQL?"); ""
    when the file has none (trial 57: the warning said to map the status or the dates, which such a sheet lacks)."""
    named = {
        stage: next((c for c in unread if pattern.fullmatch(readers.header_key(c))), None)
        for stage, pattern in propose.STAGE_FLAG_HEADERS.items()
    }
    lines = [f'{stage} = "{column}"' for stage, column in named.items() if column]
    if not lines:
        return ""
    return (
        f"; a yes/no column that says a stage was reached is read under [leads.reached] in the mapping: "
        f"{' and '.join(lines)} (a yes counts the lead at that stage, with no date for it)"
    )


def _qualifying_rule(unread: list[str]) -> str:
    """The [leads.reached] rule to write for the unread columns a score or tags qualify leads by, named; "" when the
    file has none."""

    def words(name: str) -> set[str]:
        return set(re.split(r"[^0-9a-z]+", name.lower()))

    named = [c for c in unread if words(c) & QUALIFYING_NAME_WORDS]
    scores = [c for c in named if words(c) & SCORE_NAME_WORDS]
    tags = [c for c in named if words(c) & TAG_NAME_WORDS]
    if not named:
        return ""
    rules = ([f'mql = {{ column = "{scores[0]}", at_least = 100 }} with your threshold'] if scores else []) + (
        [f'mql = {{ column = "{tags[0]}", contains = "MQL" }} with the tag that means MQL'] if tags else []
    )
    return (
        f"; where a score or a tag qualifies a lead (this file has {', '.join(map(repr, named[:6]))}, not read), "
        f"write a rule under [leads.reached]: {' or '.join(rules) or 'mql = ' + stage_rules.RULE_EXAMPLE}"
    )


def _leads_without_account(columns: list[str], unread: list[str], file_name: str) -> list[str]:
    """A warning for a leads file whose company or account column is not read: counted by account, each lead is an
    account of its own (HubSpot's translated "Associated Company ID" once counted 8 accounts for 5)."""
    if "account_id" in columns:
        return []
    keys = {c: propose.native_key(c) for c in unread}
    found = [
        c
        for c, key in keys.items()
        if (key in ACCOUNT_NAME_KEYS or any(w in key for w in ACCOUNT_NAME_WORDS))
        and not any(w in key for w in NOT_ACCOUNT_WORDS)
    ]
    if not found:
        return []
    return [
        f"{file_name}: no column gives the leads' account, and the file has {', '.join(map(repr, found[:3]))}, not "
        "read: counted by account (Count by: account), each lead counts as an account of its own; map the company "
        'id as account_id under [leads.columns] (a column of company names with account_from = "company")'
    ]


def _company_totals(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    staging: str,
    table: str,
    columns: list[str],
    name: str,
    labels: Mapping[str, str],
) -> list[str]:
    """A plan's one Total (or All sources) row of a month and metric, in its source column, is its company-wide
    target, as a target without a source is; what the report says of them. Left a totals row (skipped) beside a
    blank-source row of that month and metric, beside another such row (per team), or on a team's row."""
    if kind != "targets" or not {"source", "month", "metric"} <= set(columns):
        return []
    # months are ISO text (or 2026-01, which the row check reads) by now (_check_columns), metrics as mapped; a
    # row of a week is of its month
    month = "date_trunc('month', coalesce(try_cast({t}.month as timestamp), try_strptime(trim({t}.month), '%Y-%m')))"
    metric = "lower(trim({t}.metric))"
    same = f"{month.format(t='o')} = {month.format(t='t')} and {metric.format(t='o')} = {metric.format(t='t')}"
    labelled = "(regexp_full_match({t}.source, $totals) or regexp_full_match({t}.source, $all))"
    team = " and coalesce(trim(t.team), '') = ''" if "team" in columns else ""
    when = (
        f"{labelled.format(t='t')}{team} and {month.format(t='t')} is not null "
        f"and coalesce({metric.format(t='t')}, '') <> '' "
        f"and not exists (select 1 from {staging} as o where o._row <> t._row and {same} "
        f"and (coalesce(trim(o.source), '') = '' or {labelled.format(t='o')}))"
    )
    params = {"totals": checks.TOTALS_LABEL, "all": checks.ALL_SOURCES}
    found = con.execute(f"select count(*), min(source), min(_row) from {staging} as t where {when}", params).fetchone()
    if not found or not found[0]:
        return []
    rows = [r for (r,) in con.execute(f"select _row from {staging} as t where {when}", params).fetchall()]
    # the rows are changed in the staged file's own table: an unmapped file's staging is a view over it
    row = "_row" if "_row" in readers.staged_types(con, table) else "rowid + 1"
    con.execute(f"update {table} set source = null where list_contains($rows, {row})", {"rows": rows})
    return [
        f"{name}: {fmt_count(found[0], 'row')} of {labels.get('source', 'source')} {found[1]!r} (such as row "
        f"{found[2]}) read as the company-wide target (a target without a source)"
    ]


@dataclass(frozen=True)
class RawFile:
    """A staged file as read, before a mapping: its view (with _row), the file columns each canonical column is read
    from (the first filled of a list), and its text columns no mapping reads whose names say they hold dates."""

    view: str = ""
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unmapped: tuple[str, ...] = ()
    # every column of the file as read, and the title lines above its column names (None: the names are line 1)
    columns: tuple[str, ...] = ()
    title: readers.Title | None = None

    def columns_as_read(self) -> spend_months.RawColumns:
        """The file's view, columns and title, as the spend check reads them."""
        return spend_months.RawColumns(self.view, self.columns, self.title)


# words of a column name that say it holds dates or times (Start Date, Created, closed_at …): the unmapped columns
# whose day and month order is looked at (dates.FileOrder); looking at every text column of a wide export cost
# seconds a column
DATE_NAME = re.compile(r"date|time|day|_at$|created|closed|modified|start|end|won|lost", re.IGNORECASE)


def _raw_file(
    con: duckdb.DuckDBPyConnection,
    mapping: TableMapping | None,
    columns: list[str],
    path: Path,
    index: int,
    title: readers.Title | None = None,
) -> RawFile:
    """The staged file as read (RawFile), for the columns of its staged (and mapped) table; `title`: its title
    lines."""
    view = f"staging_{index}"
    read = _read_by(mapping, columns, path)
    if read is None:
        own: dict[str, tuple[str, ...]] = {c: (c,) for c in columns} if mapping is None else {}
        return RawFile(view, own, columns=tuple(columns), title=title)
    typed = readers.staged_types(con, view)
    unmapped = tuple(c for c in columns if c not in read and typed.get(c) == "VARCHAR" and DATE_NAME.search(c))
    return RawFile(view, resolve(mapping, columns, path)[0] if mapping else {}, unmapped, tuple(columns), title)


def _read_by(mapping: TableMapping | None, columns: list[str], path: Path) -> list[str] | None:
    """The file columns a mapping reads (None: every one, or a mapping that does not fit the file, which the
    import refuses further on)."""
    if mapping is None or not mapping.columns:
        return None
    try:
        chosen = resolve(mapping, columns, path)[0]
    except ImportRefused:
        return None
    return [n for names in chosen.values() for n in names]


def _note_unread(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    mapping: TableMapping | None,
    columns: list[str],
    file: tuple[Path, int],
) -> None:
    """Keep what the advice on unread columns needs: a leads file's stage date columns and its unread Salesforce ids,
    a deals file's unread column of each deal's person."""
    if report.kind == "leads":
        _note_stage_dates(report, mapping, columns, file[0])
        _note_salesforce_ids(con, report, mapping, columns, file)
    if report.kind == "deals" and (read := _read_by(mapping, columns, file[0])) is not None:
        report.unread_lead_ids += [c for c in columns if c not in read and propose.native_key(c) in PERSON_ID_HEADERS]
        # a column of a header that names the lead by its Name (Copper's "Primary Contact") whose cells hold ids or
        # e-mail addresses (another CRM's): the advice is to read it as the lead id, not to key the leads by Name
        for column in columns:
            if column in read or readers.header_key(column) not in deal_links.LEAD_NAME_HEADERS:
                continue
            cells = con.execute(
                f"select distinct clean({_quote(column)}) from staging_{file[1]} limit {NAME_CHECK_CELLS}"
            ).fetchall()
            if deal_links.person_written_as([c for (c,) in cells if c is not None]) != "name":
                report.unread_lead_ids.append(column)


def _note_stage_dates(report: ImportReport, mapping: TableMapping | None, columns: list[str], path: Path) -> None:
    """Keep the file columns the mapping reads the stage dates from, for the advice naming unread ones."""
    if mapping is None or not mapping.columns:
        return
    try:
        chosen = resolve(mapping, columns, path)[0]
    except ImportRefused:
        return
    for target in ("mql_at", "sql_at"):
        known = report.stage_dates.setdefault(target, [])
        known += [n for n in chosen.get(target, ()) if n not in known]


# the distinct cells of a deals column named for the lead's Name whose writing (name, id, e-mail) is judged
NAME_CHECK_CELLS = 200
# a deals file's column naming each deal's person (as native_key writes it): Salesforce's "Contact ID"
PERSON_ID_HEADERS = ("contactid", "primarycontactid", "leadid")

# the meta key of the last leads import's unread columns of Salesforce ids (Marketo's "SFDC Contact ID"), by the
# ids' prefix (003 a contact, 00Q a lead), and the columns lead_id was read from: a deals import whose deals name
# such ids says how to import the leads for them to link (trial 54: every opportunity refused as of an unknown lead)
UNREAD_SALESFORCE_IDS = "leads_unread_salesforce_ids"
SALESFORCE_PERSON_ID = "(003|00Q)[0-9A-Za-z]{12}([0-9A-Za-z]{3})?"
SALESFORCE_PERSON = {"003": "contact", "00Q": "lead"}


def _note_salesforce_ids(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    mapping: TableMapping | None,
    columns: list[str],
    file: tuple[Path, int],
) -> None:
    """Keep (report.meta) the leads file's unread columns named for Salesforce ids whose cells are contact or lead
    ids, by prefix, with the columns lead_id is read from; '' for none (a leads import that reads them clears it)."""
    path, index = file
    try:
        chosen = resolve(mapping, columns, path)[0] if mapping is not None and mapping.columns else {}
    except ImportRefused:
        return
    read = {n for names in chosen.values() for n in names}
    kept: dict[str, list[str]] = {}
    for column in columns:
        if column in read or propose.native_key(column) not in propose.SALESFORCE_LEAD_ID_HEADERS:
            continue
        found = con.execute(
            f"select left(v, 3) from (select clean({_quote(column)}) as v from staging_{index}) "
            "where regexp_full_match(v, $shape) group by 1 order by count(*) desc limit 1",
            {"shape": SALESFORCE_PERSON_ID},
        ).fetchone()
        if found:
            kept.setdefault(found[0], []).append(column)
    lead_id = list(chosen.get("lead_id", ("lead_id",)))
    report.meta[UNREAD_SALESFORCE_IDS] = json.dumps({"lead_id": lead_id, **kept}) if kept else ""


def _ids_in_unread_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Say when the rows skipped for an unknown lead name Salesforce contact or lead ids that the leads file holds in
    a column its import did not read: the lead_id list that links them (Marketo keyed by its own Id)."""
    kept = json.loads(store.get_meta(con, UNREAD_SALESFORCE_IDS) or "{}")
    if not kept:
        return []
    found = con.execute(
        f"select left(value, 3), count(*), min(value) from {checks.ISSUES} where reason = $reason and "
        "regexp_full_match(value, $shape) group by 1 order by 2 desc",
        {"reason": checks.UNKNOWN_LEAD, "shape": SALESFORCE_PERSON_ID},
    ).fetchall()
    said = []
    for prefix, count, example in found:
        if prefix not in kept:
            continue
        listed = [*kept[prefix], *(c for c in kept["lead_id"] if c not in kept[prefix])]
        said.append(
            f"{fmt_count(count, 'row')} {'names its' if count == 1 else 'name their'} lead by a Salesforce "
            f"{SALESFORCE_PERSON[prefix]} id (such as "
            f"{example!r}); the leads file's {', '.join(repr(c) for c in kept[prefix])} holds such ids, not read: the "
            f"leads were stored by {', '.join(repr(c) for c in kept['lead_id'])}. Import the leads again with "
            f"lead_id = {json.dumps(listed, ensure_ascii=False)} under [leads.columns] (the Salesforce id where a "
            'person has one, else the other) and salesforce_ids = ["lead_id"] under [leads], then this file'
        )
    return said


def _id_fallback(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Per leads file with rows skipped for a missing id, the lead_id list that keeps them: the file's first other
    id column filled in every such row (trial 54: lead_id = "SFDC Contact ID" skipped 352 Marketo people not synced
    to Salesforce; ["SFDC Contact ID", "Id"] keeps them)."""
    said = []
    found = con.execute(
        f"select file_index, any_value(file), any_value(column_name), count(*) from {checks.ISSUES} "
        f"where reason = '{checks.MISSING_ID}' and action = '{checks.SKIPPED}' group by 1 order by 1"
    ).fetchall()
    for index, name, column, count in found:
        raw = f"staging_{index}"
        columns = [c for c in con.execute(f"select * from {raw} limit 0").fetchdf().columns if c != "_row"]
        if column not in columns:
            continue
        skipped = (
            f"(select row_number from {checks.ISSUES} where file_index = {index} and reason = '{checks.MISSING_ID}')"
        )
        filled = next(
            (
                c
                for c in columns
                if c != column
                # a header whose last word is id, as the migration check reads one: not "Paid" or "Valid"
                and _is_id_header(c)
                and store.scalar(
                    con, f"select count(*) from {raw} where _row in {skipped} and clean({_quote(c)}) <> ''"
                )
                == count
            ),
            None,
        )
        if filled is not None:
            said.append(
                f"{name}: {fmt_count(count, 'row')} without {column!r} {'has' if count == 1 else 'have'} {filled!r}: "
                f"to keep them, lead_id = {json.dumps([column, filled], ensure_ascii=False)} under [leads.columns] "
                "(the first of the list that is not blank fills a row)"
            )
    return said


def _refuse_months_as_columns(kind: str, columns: list[str], raw_columns: list[str], path: Path) -> None:
    """Refuse spend or targets laid out a column per month (a plan): the import reads a row per month."""
    if kind in VALUE_COLUMN and "month" not in columns and (months := propose.months_as_columns(raw_columns)):
        raise ImportRefused(f"{path.name}: {propose.wide_months_advice(months)}")


def _totals_not_read(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    index: int,
    path: Path,
    mapping: TableMapping | None,
    columns: list[str],
) -> None:
    """Spend and targets: skip the rows whose "Total" label is in the file's first column when no mapped column
    is read from it (Google Ads' "Campaign status"); a note elsewhere that starts with "Total:" is no label."""
    if kind in checks.TOTALS_CHECKED:
        first = [c for c in columns[:1] if c in _not_read(mapping, columns, path, store.table_columns(con, kind))]
        checks.record_totals_labels(con, f"staging_{index}", first, index, path.name)


def _not_read(mapping: TableMapping | None, columns: list[str], path: Path, canonical: Iterable[str]) -> list[str]:
    """The file's columns that no canonical column is read from (without column mappings: those not named as one)."""
    read = _read_by(mapping, columns, path)
    return [c for c in columns if c not in (set(canonical) if read is None else set(read))]


def _layout_notes(report: ImportReport, name: str, file: readers.Staged) -> None:
    """Say which encoding a CSV that is not UTF-8 was read in, which sheet of a workbook was read, which title lines
    above the header and which empty columns were left out, a report footer left out (and whether its count matches),
    and rows read without the empty field every one of them ends with."""
    rows, dropped, footer, trailing, title = file.rows, file.dropped, file.footer, file.trailing, file.title
    if file.encoding_note:
        report.notes.append(f"{name}: {file.encoding_note}")
    if file.encoding_warning:
        report.alerts.append(file.encoding_warning)
    if file.sheet_note:
        report.notes.append(f"{name}: {file.sheet_note}")
    if title is not None:
        report.notes.append(f"{name}: {title.note()}")
    if trailing:
        report.notes.append(
            f"{name}: every row ({fmt_count(trailing, 'row')}) has one empty field more than the header, at its end: "
            "read as the exporter's delimiter after the last field"
        )
    if dropped:
        where = ", ".join(str(n) for n in dropped)
        report.notes.append(f"{name}: left out {fmt_count(len(dropped), 'column')} without a name or a value ({where})")
    if footer is not None:
        report.notes.append(f"{name}: {footer.note()}")
        mismatch = footer.mismatch(rows)
        if mismatch:
            report.alerts.append(f"{name}: {mismatch}")


def _id_columns(mapping: TableMapping | None, columns: list[str], path: Path) -> dict[str, str]:
    """A staged file's columns that hold ids (checks.ID_LIKE_COLUMNS, or the file columns a mapping reads them
    from), each with the name the report gives it."""
    if mapping is None:
        return {c: c for c in checks.ID_LIKE_COLUMNS if c in columns}
    chosen = resolve(mapping, columns, path)[0]
    return {n: n for t in checks.ID_LIKE_COLUMNS for n in chosen.get(t, ()) if n in columns}


def _e_mail_ids_note(con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], file_name: str) -> list[str]:
    """Say how many lead ids of a file were e-mail addresses with capitals, stored lower-cased (checks.LEAD_REF)."""
    lowered = checks.e_mail_ids_in_capitals(con, staging) if checks.LEAD_REF in columns else 0
    if not lowered:
        return []
    written = fmt_count(lowered, "e-mail address", "e-mail addresses")
    return [f"{file_name}: lead_id: {written} written in capitals stored in lower case"]


def _not_new_business(
    con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str], mapping: TableMapping | None
) -> list[str]:
    """Per deals file, warnings of rows it imports that may not be new business: several pipelines
    (checks.several_pipelines), deal types of existing customers (checks.existing_business), Odoo's leads that are no
    opportunity (checks.odoo_leads). A mapping's keep line by deal type or pipeline chose the rows: the pipelines
    left (a partner pipeline's new business) are not said."""
    said = []
    conditions = mapping.keep if mapping is not None and mapping.keep else ()
    kept_by = {readers.header_key(column) for column, _ in conditions}
    chosen = bool(kept_by & (checks.PIPELINE_KEYS | checks.DEAL_TYPE_KEYS))
    for index in staged.tables:
        # the file's own columns (a pipeline or type column is one no mapping reads), over the rows not skipped
        raw = f"staging_{index}"
        columns = [c for c in con.execute(f"select * from {raw} limit 0").fetchdf().columns if c != "_row"]
        kept = f"(select * from {raw} where _row not in {checks.skipped_rows(index)})"
        by_type = (checks.existing_business, checks.odoo_leads)
        for check in by_type if chosen else (checks.several_pipelines, *by_type):
            found = check(con, kept, columns, names[index])
            said += [found] if found else []
    return said


def _check_across_files(
    con: duckdb.DuckDBPyConnection, kind: str, staged: _Staged, names: list[str], mode: str, lead_not_loaded: str
) -> list[str]:
    """Problems no single row shows: repeated ids, references to unknown leads, deals before their lead, repeated
    spend and target rows. What the report says of them beside the rows' problems."""
    id_col = KINDS[kind]
    said = []
    # unknown leads first: a repeated deal id keeps its first row that is imported, not one skipped for its lead
    # (a deal in last month's export under a contact merged away since, and in this month's under the one kept)
    if kind in ("deals", "touches") and all("lead_id" in c for c in staged.columns.values()):
        checks.collect_keys(con, "_refs", "lead_id", staged.tables)
        checks.skip_unknown_leads(con, "_refs", names, staged.lead_labels)
        if kind == "deals" and lead_not_loaded == "unknown":
            said += _count_without_lead(con, kind)
    if id_col:
        checks.collect_keys(con, "_ids", id_col, staged.tables, _kept_order(kind, staged))
        # the file's own name of the column (Record ID), as every other message names it
        labels = [staged.labels.get(i, {}).get(id_col, id_col) for i in range(len(names))]
        checks.skip_duplicates(con, "_ids", labels, names)
    if kind == "deals":
        for index, staging in staged.tables.items():
            file_labels = staged.labels.get(index, {})
            checks.warn_deals_before_leads(con, staging, staged.columns[index], (index, names[index]), file_labels)
    if kind == "touches":
        # an append keeps the stored touches (demo ones go with the import): a file's touch may be one of them
        stored = mode == "append" and "touches" not in store.demo_tables(con)
        return _repeated_touches(con, staged, names, stored)
    return said + (_check_repeated_rows(con, kind, staged, names) if kind in VALUE_COLUMN else [])


def _count_without_lead(con: duckdb.DuckDBPyConnection, kind: str) -> list[str]:
    """[deals] lead_not_loaded = "unknown": the deals of leads not loaded (deleted or merged away in the CRM) are
    imported and counted, of unknown origin, instead of kept aside for a lead no export will bring; unless their ids
    read as another spelling of loaded leads, which the line must not hide (review 94: deals naming 101 where 00101
    is loaded counted an email lead's $5,000 as of unknown origin). Before the deal ids are checked for repeats, so
    a repeated id keeps one row of those imported."""
    spelled = (
        checks.short_salesforce_ids(con, kind)
        + zero_ids.unknown_leads(con, kind)
        + _ids_in_unread_columns(con)
        + checks.unknown_leads_by_name(con, kind)
        + listed_ids.unknown_lists(con, kind)
    )
    if spelled:
        # the alerts say each of these again, with the fix: the deals wait as without the line
        return [
            'lead_not_loaded = "unknown" is not applied to this import: the lead ids of the deals that name no '
            "loaded lead look like another spelling of loaded leads (the alerts say how), so they are kept aside "
            "until read as those leads"
        ]
    said = _counted_without_lead(con)
    con.execute(f"delete from {checks.ISSUES} where reason = $reason", {"reason": checks.UNKNOWN_LEAD})
    return said


def _counted_without_lead(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The note on the deals that name a lead not loaded, imported under lead_not_loaded = "unknown": how many and
    which leads, counted of unknown origin."""
    count, examples = con.execute(
        f"select count(distinct key), list(distinct key order by key)[:{awaiting.LISTED}] from _refs as r "
        f"where key is not null and not exists (select 1 from {checks.KNOWN_LEADS} as l where l.lead_id = r.key)"
    ).fetchone() or (0, [])
    if not count:
        return []
    one = count == 1
    named = ", ".join(examples) + (f" and {count - awaiting.LISTED:,} more" if count > awaiting.LISTED else "")
    return [
        f"{fmt_count(count, 'lead')} named by deals {'is' if one else 'are'} not loaded ({named}): their deals are "
        'imported and counted, of unknown origin (lead_not_loaded = "unknown" under [deals]), not kept aside'
    ]


# the column whose lowest value decides which row of a repeated id is kept: a lead is created when it first appears,
# and a form-submissions export lists a person's submissions newest first. A deal's rows keep the first (a deal
# history export's first row is its opening; its later rows are no deal of their own)
KEPT_BY: dict[str, str] = {"leads": "created_at"}


def _kept_order(kind: str, staged: _Staged) -> dict[int, str]:
    """Per file, the SQL of the value that decides which row of a repeated id is kept (KEPT_BY)."""
    column = KEPT_BY.get(kind)
    return {
        i: f"try_cast(clean(cast({_quote(column)} as varchar)) as TIMESTAMP)"
        for i in staged.tables
        if column is not None and column in staged.columns[i]
    }


def _repeated_touches(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str], stored: bool) -> list[str]:
    """A touch repeated in every column (in the files, or stored already) is one touch, counted once: touches have
    no id, and an export over an overlapping range, appended, would count each touch of the overlap twice (a
    second touch moves every model's credit)."""
    columns = list(store.table_columns(con, "touches"))
    parts = [
        f"select {i} as _file_index, _row, 0 as _value, {_select_list(con, 'touches', staging, staged.columns[i])} "
        f"from {staging} where _row not in {checks.skipped_rows(i)}"
        for i, staging in staged.tables.items()
    ]
    con.execute(f"create or replace temp table import_compared as {' union all '.join(parts)}")
    # a source by its key, as the pages and the stored touches' spelling (canonical._touch_sources) read it; a
    # campaign or type whatever its case. Within the files a touch dated without a time is its own (two the same day
    # may be two); an overlapping export, appended, repeats the stored ones exactly, dated or timed
    keys = [_touch_key(c, "") for c in columns] + [
        "case when touched_at::time = '00:00:00' then (_file_index, _row) end"
    ]
    notes = checks.repeated_rows(con, "import_compared", keys, names, skip=True)
    same = " and ".join(f"{_touch_key(c, 't.')} is not distinct from {_touch_key(c, 'r.')}" for c in columns)
    if not stored:
        return notes
    found = con.execute(
        f"insert into {checks.ISSUES} select r._file_index, list_extract($files, r._file_index + 1), r._row, null, "
        f"'{checks.REPEATED_ROW}', 'a touch stored already', '{checks.SKIPPED}' from import_compared as r "
        f"where exists (select 1 from touches as t where {same}) "
        f"and (r._file_index, r._row) not in (select (_file_index, _row) from import_repeats)",
        {"files": names},
    ).fetchone()
    if found and found[0]:
        notes.append(
            f"{fmt_count(found[0], 'touch', 'touches')} of the files {'is' if found[0] == 1 else 'are'} stored "
            "already (the same lead, moment, source, campaign and type): counted once"
        )
    return notes


def _same_day_repeats(con: duckdb.DuckDBPyConnection, keys: list[str], names: list[str]) -> list[str]:
    """Say which touches dated without a time repeat another row of the files in every column: kept, as two visits
    the same day may be two, but a Salesforce Campaign Members report holds one row per campaign and lead, and
    there the repeat gave the campaign's source twice a deal's credit (trial 28)."""
    key = ", ".join(keys)
    found = con.execute(
        f"with dated as (select *, count(*) over (partition by {key}) as n from import_compared "
        # the rows kept: one stored already (an append of an overlapping export) is skipped, not kept
        "where touched_at::time = '00:00:00' and (_file_index, _row) not in (select (file_index, row_number) from "
        f"{checks.ISSUES} where action = '{checks.SKIPPED}')) "
        f"select count(*) - count(distinct ({key})), list(list_extract($files, _file_index + 1) || ' row ' || _row "
        f"order by _file_index, _row)[:{checks.REPEATS_NAMED}] from dated where n > 1",
        {"files": names},
    ).fetchone()
    if not found or not found[0]:
        return []
    count, rows = found
    one = count == 1
    return [
        f"{fmt_count(count, 'touch', 'touches')} dated without a time {'repeats' if one else 'repeat'} "
        f"another row in every column (lead, day, source, campaign and type; rows {', '.join(rows)}) and "
        f"{'is' if one else 'are'} kept as {'a touch' if one else 'touches'} of {'its' if one else 'their'} own: "
        "right for visits (two the same day may be two); a Campaign Members report has one row per campaign and "
        "lead, so there a repeat is the same touch counted twice and moves every model's credit: remove the "
        "repeated rows from the file and import it again"
    ]


def _touch_key(column: str, alias: str) -> str:
    """A touch's column as touches are compared: a source by its key, a campaign or type in lower case."""
    if column == "source":
        return f"source_key({alias}source)"
    if column in ("campaign", "touch_type"):
        return f"lower({alias}{_quote(column)})"
    return f"{alias}{_quote(column)}"


def _repeats_that_differ(con: duckdb.DuckDBPyConnection, kind: str, staged: _Staged, names: list[str]) -> list[str]:
    """Say when the rows skipped as a repeated id hold other values than the row kept: a history export (a row per
    stage change) or two exports of the same records, where the first row is not the one that counts; of leads
    created on other dates, that the earliest-created row was kept."""
    id_col = KINDS[kind]
    repeated = "(select key from _ids where key is not null group by key having count(*) > 1)"
    if id_col is None or not store.scalar(con, f"select count(*) from {repeated}"):
        return []
    columns = [c for c in store.table_columns(con, kind) if c != id_col]
    parts = [
        f"select {i} as _file_index, _row, {_select_list(con, kind, staging, staged.columns[i])} from {staging} "
        f"where _row in (select _row from _ids where _file_index = {i} and key in {repeated})"
        for i, staging in staged.tables.items()
    ]
    con.execute(
        f"create or replace temp table import_id_repeats as select k.key, k._order, r.* "
        f"from ({' union all '.join(parts)}) as r join _ids as k using (_file_index, _row)"
    )
    earliest = _earliest_kept(con, names) + _across_files(con, id_col, names)
    values_of = ", ".join(f"{_quote(c)} := r.{_quote(c)}" for c in columns)
    # within one file: ids repeated across files keep the last file's row (checks.KEPT_FIRST), said by _across_files
    found = con.execute(
        f"select count(distinct key), count(*), min((key, _file_index)) from (select key, _file_index, "
        f"to_json(struct_pack({values_of})) as v, first_value(v) over (partition by key, _file_index "
        f"order by {checks.KEPT_FIRST}) as kept from import_id_repeats as r "
        "where key not in (select key from import_created_apart)) where v <> kept"
    ).fetchone()
    if not found or not found[0]:
        return earliest
    ids, rows, (example, in_file) = found
    shown = con.execute(
        f"select * exclude (key, _order) from import_id_repeats where key = $key and _file_index = $file "
        f"order by {checks.KEPT_FIRST}",
        {"key": example, "file": in_file},
    ).df()
    first, other, column = _first_difference(shown, columns)
    where = f"row {first['_row']} of {names[int(first['_file_index'])]}"
    where_other = f"row {other['_row']} of {names[int(other['_file_index'])]}"
    return [
        *earliest,
        f"{fmt_count(int(rows), 'row')} {'repeats' if rows == 1 else 'repeat'} the {id_col} of another with other "
        f"values ({fmt_count(int(ids), 'id')}, such as {example}: {column} {_shown(first[column])} on {where}, "
        f"{_shown(other[column])} on {where_other}): only the first row of each id is imported. A file with a row "
        "per change (an opportunity history) is not a row per record: export the records themselves. A later "
        "export of the same records goes in on its own, with --mode append (the Data page's 'add to'), whose rows "
        "replace the stored ones",
    ]


def _person_columns(columns: list[str], lead_column: str) -> list[str]:
    """A leads file's columns that name a person, by their headers: the ones a lead id or an e-mail address is read
    from (Dynamics 365's hidden "(Do Not Modify) Lead" GUID, "Id", "Email"), when its lead id is read from another
    kind of column (a Name). Rows of one record id (a history export) with two e-mails are one person whose address
    changed, and two ids of one e-mail are said by _same_e_mail_in_file."""
    key = propose.native_key(lead_column)
    if key in (*propose.SYNONYMS["leads"]["lead_id"], *propose.E_MAIL_HEADERS):
        return []
    ids = tuple(k for k in propose.SYNONYMS["leads"]["lead_id"] if k not in propose.E_MAIL_HEADERS)
    # an e-mail tells people apart only beside a key that is a name: under a record number ("Lead Number") a second
    # address is one person's new one, and the warning's advice (key by the e-mail) split her in two (review 86)
    person = (*ids, *propose.E_MAIL_HEADERS) if "name" in key else ids
    return [c for c in columns if c != lead_column and propose.native_key(c) in person]


def _people_under_one_id(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> list[str]:
    """Warn of a leads file's rows that share a lead id but name different people in another column (an id or an
    e-mail address): Dynamics 365's leads keyed by Name, as its opportunities name them, merged two people of one
    name into one lead, and the report called them one lead created twice (trial 71). The rows are kept as repeated
    ids are (the first, or earliest-created, row of each id), as the deals can name no other key."""
    said = []
    for index, (raw, columns) in staged.people.items():
        differ = [(column, found) for column in columns if (found := _differing_people(con, index, raw, column))[0]]
        if not differ:
            continue
        column, (count, examples) = differ[0]
        also = f" (and {word_list([quoted(c) for c, _ in differ[1:]])})" if len(differ) > 1 else ""
        one = count == 1
        label = staged.lead_labels[index] if index < len(staged.lead_labels) else "lead_id"
        more = " …" if count > len(examples) else ""
        said.append(
            f"{names[index]}: {fmt_count(count, 'lead id')} ({label}) {'is' if one else 'are'} shared by rows of "
            f"different people, whose {quoted(column)}{also} differs ({'; '.join(examples)}{more}): only one row of "
            f"each id is imported, so {'these people are' if one else 'the people of each id are'} counted as one "
            f"lead, and a deal naming the id is credited to that one. Map lead_id to {quoted(column)} if the deals "
            "can name it; "
            "otherwise tell the people apart in the CRM (a name that is one person's only)"
        )
    return said


def _differing_people(con: duckdb.DuckDBPyConnection, index: int, raw: str, column: str) -> tuple[int, list[str]]:
    """The ids of a file's rows that share a lead id with other values in a person's column, and a few of them with
    their rows and values ("Thomas Evans: row 78 00bb…, row 611 0333…")."""
    repeated = "(select key from _ids where key is not null group by key having count(*) > 1)"
    cell = f"clean(r.{_quote(column)}::varchar)"
    found = con.execute(
        f"select count(*), list(said order by first)[:{reimport.EXAMPLES}] from (select min(k._row) as first, "
        f"k.key || ': ' || string_agg('row ' || k._row || ' ' || coalesce({cell}, 'blank'), ', ' order by k._row) "
        f"as said from _ids as k join {raw} as r using (_row) where k._file_index = {index} and k.key in {repeated} "
        f"group by k.key having count(distinct lower({cell})) > 1)"
    ).fetchone()
    return (int(found[0]), list(found[1])) if found and found[0] else (0, [])


def _across_files(con: duckdb.DuckDBPyConnection, id_col: str, names: list[str]) -> list[str]:
    """The line for ids in several of the files given (not created apart): the row of the last file that has each
    was kept, as if the files were imported one after another in the order given."""
    found = con.execute(
        "select count(*), arg_min((key, files, last), key) from (select key, count(distinct _file_index) as files, "
        "max(_file_index) as last from import_id_repeats where key not in (select key from import_created_apart) "
        "group by key having count(distinct _file_index) > 1)"
    ).fetchone()
    if not found or not found[0]:
        return []
    count, (example, files, last) = found
    one = count == 1
    return [
        f"{fmt_count(int(count), 'id')} ({id_col}) {'is' if one else 'are'} in several of the files given (such "
        f"as {example} in {files} files: the row of {names[int(last)]} kept, as the files were given in this order: "
        f"{', '.join(names)}): files given in one command go in as if imported one after another in that order, a "
        "later file's row replacing an earlier one's; if the files were not given oldest export first, undo the "
        "import and give them in that order"
    ]


def _earliest_kept(con: duckdb.DuckDBPyConnection, names: list[str]) -> list[str]:
    """The line for ids whose rows were created on other dates (leads, KEPT_BY): the earliest-created row of each was
    kept, named with its row and date and the rows it was kept over."""
    con.execute(
        "create or replace temp table import_created_apart as select key, "
        f"list((_file_index, _row, _order) order by {checks.KEPT_FIRST}) as rows from import_id_repeats "
        "group by key having count(distinct _order) > 1 order by key"
    )
    found = con.execute("select key, rows from import_created_apart").fetchall()
    if not found:
        return []

    def where(file_index: int, row: int) -> str:
        return f"row {row}" + (f" of {names[file_index]}" if len(names) > 1 else "")

    said = [
        f"{key}: {where(*rows[0][:2])}, created {_shown(pd.Timestamp(rows[0][2]))}, kept over "
        f"{', '.join(where(*r[:2]) for r in sorted(rows[1:]))}"
        for key, rows in found[: checks.REPEATS_NAMED]
    ]
    more = f"; and {len(found) - checks.REPEATS_NAMED} more" if len(found) > checks.REPEATS_NAMED else ""
    files = f" of {names[0]}" if len(names) == 1 else ""
    verb = "appears" if len(found) == 1 else "appear"
    return [
        f"{fmt_count(len(found), 'id')}{files} {verb} on several rows with other created dates; the earliest-created "
        f"row of each was kept, a lead being created when it first appears ({'; '.join(said)}{more}). Its other "
        "values (source, campaign) are that row's"
    ]


def _shown(value: object) -> str:
    """A stored value as the report writes it: blank for none, a date without a midnight time."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return "blank"
    if isinstance(value, pd.Timestamp):
        return fmt_date(value) if value == value.normalize() else fmt_datetime(value)
    return str(value)


def _first_difference(rows: pd.DataFrame, columns: list[str]) -> tuple[pd.Series, pd.Series, str]:
    """The first row, the first row that differs from it, and the first column they differ in."""

    def same(a: object, b: object) -> bool:
        return bool(pd.isna(a) and pd.isna(b)) or a == b

    first = rows.iloc[0]
    for _, row in rows.iloc[1:].iterrows():
        for column in columns:
            if not same(first[column], row[column]):
                return first, row, column
    raise ValueError("the rows do not differ")


def _check_repeated_rows(con: duckdb.DuckDBPyConnection, kind: str, staged: _Staged, names: list[str]) -> list[str]:
    """A spend or target row repeated (pasted twice) is counted once and said; a target given two values is
    refused. Per month both are summed, so a repeated row counted twice. The rows are compared as the file dates
    them: four weekly targets of 25 are four rows of a month of 100."""
    value = VALUE_COLUMN[kind]
    key = [c for c in store.table_columns(con, kind) if c != value]
    parts = []
    for index, staging in staged.tables.items():
        unread = staged.unread.get(index, [])
        # a column the mapping does not read (an ad, a region) tells rows apart: two ads' 40 are 80
        cells = ", ".join(f"clean(r.{_quote(c)})" for c in unread)
        raw = f"join staging_{index} as r using (_row)" if unread else ""
        typed = _select_list(con, kind, staging, staged.columns[index])
        # the date as the file wrote it (read to ISO text, time and all): the typed month keeps the day only, and
        # an hourly report's 13:00 and 14:00 rows of 5 are not one row
        parts.append(
            f"select {index} as _file_index, k._row, {', '.join(f'k.{_quote(c)}' for c in key)}, k.{value} as _value, "
            f"k._written, [{cells}]::varchar[] as _unread from (select _row, {typed}, clean(month) as _written "
            f"from {staging} where _row not in {checks.skipped_rows(index)}) as k {raw}"
        )
    # a source by its key, as the pages read it: "Paid Search" is paid_search
    keys = [*("source_key(source)" if c == "source" else _quote(c) for c in key), "_written", "_unread"]
    con.execute(f"create or replace temp table import_compared as {' union all '.join(parts)}")
    if kind == "targets":
        _refuse_two_values(con, keys, names)
        _refuse_split_targets(con, staged, names)
    else:
        _refuse_two_grains(con, names)
    return checks.repeated_rows(con, "import_compared", keys, names, skip=kind == "targets")


# a spend row dated by its month alone (2026-10, "Oct 2026" as read to ISO text), not by a day: a month's total
WHOLE_MONTH_WRITTEN = r"^\d{4}-\d{2}$"


def _refuse_two_grains(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Refuse spend of one source, campaign and month that one file of the import gives by day and another as the
    month's total (or a total of the source's month, without a campaign): added up, the month would count twice.
    In one file such a total row is skipped (checks.TOTALS_ROW), and two imports one after the other replace the
    month, so only files given together added both (Meta's daily export beside its monthly one: 300 + 300).

    A total without a campaign is the same money only when it is the sum of the daily file's rows of that source
    and month (as the one-file totals row is): LinkedIn's invoice of paid_social (500) beside Meta's daily
    campaign (100 + 200) is another platform's spend, 800 in all, and was refused."""
    found = con.execute(
        """
        with per_file as (
            select _file_index, source_key(source) as source, lower(campaign) as campaign,
                date_trunc('month', month) as month, bool_and(regexp_matches(_written, $whole)) as totalled,
                bool_or(regexp_matches(_written, $whole)) as any_totalled, count(*) as n, sum(_value) as amount
            from import_compared group by all
        ),
        daily as (
            select _file_index, source, month, sum(n) as n, sum(amount) as amount, count(*) as campaigns,
                any_value(campaign) as campaign
            from per_file where not any_totalled group by all
        )
        select d._file_index, d.n, d.amount, t._file_index, t.amount, d.source, d.campaign, false, d.month
        from per_file as d join per_file as t on t.source = d.source and t.month = d.month
            and t._file_index <> d._file_index and t.totalled and not d.any_totalled and t.campaign = d.campaign
        union all
        select d._file_index, d.n, d.amount, t._file_index, t.amount, d.source,
            case when d.campaigns = 1 then d.campaign end, true, d.month
        from daily as d join per_file as t on t.source = d.source and t.month = d.month
            and t._file_index <> d._file_index and t.totalled and t.campaign is null
            and abs(t.amount - d.amount) <= $tolerance * d.n
        order by 1, 4, 7
        limit 1
        """,
        {"whole": WHOLE_MONTH_WRITTEN, "tolerance": checks.SUM_TOLERANCE_PER_ROW},
    ).fetchone()
    if not found:
        return
    daily, rows, daily_amount, total, total_amount, source, campaign, of_all, month = found
    what = f"{source}{f' {campaign}' if campaign else ''} of {month.strftime('%b %Y')}"
    raise ImportRefused(
        f"{names[daily]} gives the spend of {what} by day ({fmt_count(rows, 'row')}, {plain_number(daily_amount)}) "
        f"and {names[total]} as the month's total{f' of {source} without a campaign' if of_all else ''} "
        f"({plain_number(total_amount)}): imported together, the month "
        f"would count twice. Import one of the two files (an import of a month replaces the month stored); "
        "nothing was changed"
    )


def _refuse_two_values(con: duckdb.DuckDBPyConnection, keys: list[str], names: list[str]) -> None:
    """Refuse a target given two values: which one the plan meant cannot be known."""
    found = con.execute(
        f"""
        select list((_file_index, _row, _value) order by _file_index, _row)[1:2], any_value(month),
            any_value(metric), any_value(source), any_value(team)
        from (select * from import_compared qualify row_number() over
              (partition by {", ".join(keys)}, _value order by _file_index, _row) = 1)
        group by {", ".join(keys)}
        having count(*) > 1
        order by min(_file_index), min(_row)
        limit 1
        """
    ).fetchone()
    if not found:
        return
    (first, second), month, metric, source, team = found
    month_text = month.strftime("%b %Y") if month.day == 1 else month.isoformat()
    whose = ", ".join(f"{name} {v}" for name, v in (("source", source), ("team", team)) if v is not None)
    rows = (
        f"{names[first[0]]}: rows {first[1]} and {second[1]}"
        if first[0] == second[0]
        else f"{names[first[0]]}, row {first[1]} and {names[second[0]]}, row {second[1]}"
    )
    raise ImportRefused(
        f"{rows} both give the {metric} target of {month_text}{f' ({whose})' if whose else ''}: "
        f"{plain_number(first[2])} and {plain_number(second[2])}; keep the right one, delete the other row and "
        "import again; nothing was changed"
    )


# at most this many rows of one target are quoted when they are refused as a split
SPLIT_ROWS_NAMED = 5


def _refuse_split_targets(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> None:
    """Refuse rows of one month, metric and source (none: company-wide) told apart only by a team or a column the
    mapping does not read: the pages read one target per month, metric and source, and added them up, so a finance
    plan's company revenue row (team blank, 15,000) beside its split by team (10,000 and 5,000) showed 30,000. Rows
    of other days of the month (four weekly targets of 25) are the month's parts and still add up."""
    found = con.execute(
        """
        select list((_file_index, _row, _value, team, _unread) order by _file_index, _row), any_value(month),
            any_value(metric), any_value(source), sum(_value)
        from (select * from import_compared qualify row_number() over
              (partition by month, metric, source_key(source), _written, team, _unread order by _file_index, _row) = 1)
        group by month, metric, source_key(source), _written
        having count(*) > 1
        order by min(_file_index), min(_row)
        limit 1
        """
    ).fetchone()
    if not found:
        return
    rows, month, metric, source, total = found
    month_text = month.strftime("%b %Y") if month.day == 1 else month.isoformat()
    whose = f"source {source}" if source is not None else "company-wide: no source"
    apart = _split_columns(staged, rows)
    named = rows[:SPLIT_ROWS_NAMED]
    shown = word_list(f"{plain_number(row[2])} ({_split_cells_said(staged, row)})" for row in named)
    more = f" and {len(rows) - SPLIT_ROWS_NAMED} more" if len(rows) > SPLIT_ROWS_NAMED else ""
    files = sorted({row[0] for row in rows})
    after = ":" if len(files) == 1 else ","
    where = "; ".join(f"{names[i]}{after} rows {word_list(str(r[1]) for r in named if r[0] == i)}" for i in files)
    told = word_list((repr(c) for c in apart), "or") if apart else "the file each is in"
    # files of one import that each give the target (two versions of a plan) have no column to map
    mapped = f"if {told} names the source, map it as the source" if apart else "if the files are two plans, import one"
    raise ImportRefused(
        f"{where}{more} all give the {metric} target of {month_text} ({whose}): {shown}, told apart only by "
        f"{told}, which the dashboard does not keep apart: a target is one per month, metric and source, so they "
        f"would be added up to {plain_number(total)}. If one row is the whole target and the others its split, keep "
        f"that row and delete the others; {mapped}; else add the rows up into one row (pre-aggregate) and import "
        "again; nothing was changed"
    )


def _split_cells_said(staged: _Staged, row: tuple[Any, ...]) -> str:
    """A target row's cells that may tell it apart, as the refusal quotes them: Team 'Sales'; Region blank."""
    return "; ".join(f"{name} {'blank' if cell is None else repr(cell)}" for name, cell in _split_cells(staged, row))


def _split_cells(staged: _Staged, row: tuple[Any, ...]) -> list[tuple[str, object]]:
    """The file's columns that may tell a target's rows apart (its team, the columns no mapping reads), and the
    row's cells in them."""
    index, team, unread = row[0], row[3], row[4]
    label = staged.labels.get(index, {}).get("team", "team")
    cells: list[tuple[str, object]] = [(label, team)] if "team" in staged.columns.get(index, []) else []
    return cells + list(zip(staged.unread.get(index, []), unread, strict=False))


def _split_columns(staged: _Staged, rows: list[tuple[Any, ...]]) -> list[str]:
    """The columns whose cells differ between the rows of one target, as the file names them."""
    seen: dict[str, set[object]] = {}
    for row in rows:
        for name, cell in _split_cells(staged, row):
            seen.setdefault(name, set()).add(cell)
    return [name for name, cells in seen.items() if len(cells) > 1]


def _date_advice(con: duckdb.DuckDBPyConnection, report: ImportReport, names: list[str], mapped: bool) -> str:
    """For a refusal whose first problem is an unreadable date: the date_format line that reads its column, from
    the file's values as read (its staged view), or the values no format reads. `mapped`: the view holds the file
    as read (a mapping reads it into another table); without one, its dates read are rewritten in it."""
    skipped = report.issues[report.issues["action"] == checks.SKIPPED]
    first = skipped.iloc[0]
    if first.reason not in (checks.BAD_DATE, checks.NO_YEAR) or first.file not in names:
        return ""
    # the mapping's date_format left the column unread while the file has other date columns it reads: the line to
    # write keeps its formats for them (a line for this column alone left Zoho's Created Time unread in turn)
    stated = [a for a in report.alerts if a.startswith(f"{first.file}, column {first.column_name}: ")]
    others = [c for f, c, how in report.formats if f == first.file and c != first.column_name and "date_format" in how]
    if stated and dates.STATED_UNREAD in stated[0] and others:
        return f"; {stated[0].split(': ', 1)[1]}"
    view = f"staging_{names.index(first.file)}"
    if first.column_name not in readers.staged_types(con, view):
        return ""
    return f"; {date_hints.format_advice(con, view, first.column_name, report.kind, rewritten=not mapped)}"


# rows left out on purpose, no problem of the file's: archived or deleted in the CRM, or not kept by the mapping's
# keep line. a deleted deal's stored version goes on a replace, as an archived one's (kept as a skipped row's, a won
# deal deleted since stayed counted while the report said it counts nowhere), and --strict does not refuse it
NOT_PROBLEMS = (checks.ARCHIVED, checks.DELETED_DEAL, checks.LEFT_OUT)
# rows left out that every unedited ad platform export has, reported but no reason for --strict to refuse it: its
# totals rows (Google Ads' "Total: Account"), a summary row, and an amount written as the platform's no value ("--")
NOT_STRICT_PROBLEMS = (*NOT_PROBLEMS, checks.TOTALS_ROW, checks.SUMMARY_ROW, checks.NO_AMOUNT_WRITTEN)


def _refuse_bad_rows(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    on_bad_rows: str,
    names: list[str],
    mapped: bool,
    lengths: list[str],
) -> None:
    """Refuse the import when any row is skipped under `refuse`, or when every row is; a row that repeats
    another (or a stored touch) is counted once, which is no problem: a file of them adds nothing, and says so.
    `lengths`: the line to add when leads are named by their other Salesforce id length, which "import the leads
    first" would hide (the leads were imported)."""
    # an archived record is left out on purpose: no problem of the file's either
    problems = report.rows_skipped - sum(report.skipped.get(r, 0) for r in (checks.REPEATED_ROW, *NOT_PROBLEMS))
    strict = report.rows_skipped - sum(report.skipped.get(r, 0) for r in (checks.REPEATED_ROW, *NOT_STRICT_PROBLEMS))
    if strict and on_bad_rows == "refuse":
        advice = _date_advice(con, report, names, mapped) + "".join(f"; {said}" for said in lengths)
        first = first_problem(report, NOT_STRICT_PROBLEMS)
        raise ImportRefused(f"{strict:,} rows have problems; the first: {first}{advice}")
    if problems and report.rows_skipped == report.total_read:
        # why cells were left unread (Excel day numbers in a CSV) says more than the advice of any reason
        said = [f" ({name}, column {col}: {how})" for name, col, how in report.formats if dates.SERIALS_UNREAD in how]
        unread = "".join(said)
        first = first_problem(report)
        advice = _date_advice(con, report, names, mapped) + "".join(f"; {said}" for said in lengths)
        raise ImportRefused(
            f"none of the {report.total_read:,} rows can be imported; the first problem: {first}{unread}{advice}"
        )


def _account_notes(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> list[str]:
    """Per file whose account is derived (account_from), how many of the rows loaded got one: the rows skipped (a
    missing date, a repeated id) get none stored, so they are not counted."""
    said = []
    for index, (how, raw, label) in staged.account_notes.items():
        kept = f"(select * from {staged.tables[index]} where _row not in {checks.skipped_rows(index)}) as kept"
        said.append(f"{names[index]}: {accounts.derivation_note(con, how, kept, _quote(raw), label)}")
    return said


def _status_notes(con: duckdb.DuckDBPyConnection, staged: _Staged, names: list[str]) -> list[str]:
    """Per deals file whose status is read from yes/no columns, its won, lost and open deals among the rows loaded
    (a formatted report's Total row, skipped, was counted open)."""
    said = []
    for index, named in staged.status_from.items():
        kept = f"(select * from {staged.tables[index]} where _row not in {checks.skipped_rows(index)}) as kept"
        said.append(f"{names[index]}: {status_note(con, named, kept)}")
    for index, (named, flag) in staged.lost_by.items():
        kept = f"(select * from {staged.tables[index]} where _row not in {checks.skipped_rows(index)}) as kept"
        said.append(f"{names[index]}: {lost_by_note(con, named, flag, kept)}")
    for index, rules in staged.rules.items():
        kept = f"(select * from {staged.tables[index]} where _row not in {checks.skipped_rows(index)}) as kept"
        said += [f"{names[index]}: {line}" for line in rule_note(con, rules, kept)]
    return said


def _import_staged(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    paths: list[Path],
    mapping: TableMapping | None,
    dry_run: bool,
    on_bad_rows: str,
    sheet: str | None,
    tell: Progress,
) -> ImportReport:
    """Stage and check every file in temporary tables, then write the kept rows in one transaction."""
    kind = report.kind
    id_col = KINDS[kind]
    names = [path.name for path in paths]
    staged = _Staged()
    # Everything is staged and checked in temporary tables before the transaction: nothing persistent
    # changes until every file has been read, and DuckDB 2.0 loses rows inserted into a temporary table
    # inside an explicit transaction once it spans several row groups.
    checks.create_issues_table(con)
    checks.create_known_leads(con, kind)
    con.execute(f"create or replace temp table {TWINS} as select * from twin_ids where false")
    unknown_amounts.start(con)
    for index, path in enumerate(paths):
        tell(0.6 * index / len(paths), f"Reading {path.name}")
        _stage_and_check(con, report, staged, index, path, mapping, sheet)
    tell(0.6, f"Checking {report.total_read:,} rows across the files")
    # a repeated target is counted once (a note); repeated spend is counted and asked about (an alert)
    said = _check_across_files(
        con, kind, staged, names, report.mode, mapping.lead_not_loaded if mapping is not None else "wait"
    )
    report.alerts += _repeats_that_differ(con, kind, staged, names)
    report.alerts += _people_under_one_id(con, staged, names) if kind == "leads" else []
    if kind == "spend":
        report.alerts += said
    else:
        report.notes += said
    if kind == "deals":
        report.alerts += _not_new_business(con, staged, names, mapping)
    if kind == "touches":
        report.alerts += _same_day_repeats(con, [_touch_key(c, "") for c in store.table_columns(con, kind)], names)
    lengths = checks.short_salesforce_ids(con, kind)
    # a deal's lead named without its leading zeros: said with the refusal too, as the lengths are
    lengths += zero_ids.unknown_leads(con, kind) + _ids_in_unread_columns(con) if kind in ("deals", "touches") else []
    lengths += _id_fallback(con) if kind == "leads" else []
    report.alerts += (
        lengths + checks.unknown_leads_by_name(con, kind) + listed_ids.unknown_lists(con, kind, report.lead_lists)
    )
    report.alerts += stage_default.unrecognised(con, staged.labels, report.rows_read) if kind == "leads" else []
    if id_col:
        report.alerts += zero_ids.check(con, kind, report.mode, names, staged.labels, id_col)
    _values_of_imported(con, report, staged, names)
    collect(con, report, _issue_places(con, staged, id_col))
    report.notes += _account_notes(con, staged, names) + _status_notes(con, staged, names)
    report.notes += _expected_close_notes(con, staged, names)
    report.alerts += _archived_opens(con, staged, names) if kind == "deals" else []
    _refuse_bad_rows(con, report, on_bad_rows, names, mapping is not None, lengths + staged.left_out)
    if staged.currencies:
        settled = currency.settle(con, kind, report.mode, staged.currencies)
        report.currency, report.in_dollars = settled.code, settled.dollars
        report.currencies_fixed = settled.fixed
        report.notes += settled.said
    kept = {
        i: f"select {_select_list(con, kind, staging, staged.columns[i])} from {staging} "
        f"where _row not in {checks.skipped_rows(i)}"
        for i, staging in staged.tables.items()
    }
    # a leads file's e-mail column only (staged.e_mails): its people repeated under two ids, then beside the stored
    report.alerts += _same_e_mail_in_file(con, staged, names) + _beside_the_stored(
        con, report, staged, kept, names, dry_run
    )
    # after the records counted twice: one person as two owners splits a table, counts nothing twice
    replaced = report.mode == "replace"
    report.alerts += _owner_spellings(con, kind, staged, kept, names, replaced) if kind in OWNER_KINDS else []
    if kind == "targets":
        _target_sources(con, report, " union all ".join(kept.values()))
    if id_col:
        con.execute(
            f"delete from _ids where (_file_index, _row) in (select (file_index, row_number) "
            f"from {checks.ISSUES} where action = '{checks.SKIPPED}')"
        )
        _skipped_ids(con, staged, id_col)
    _migrated_ids(con, kind, staged, names)
    report.alerts += _migrated_out_of_order(con, kind)
    files = {i: (names[i], staged.columns[i]) for i in staged.tables}
    if dry_run:
        report.preview = _preview(con, kind, staged)
        _compare_stored(con, report, kept, id_col, files, dry_run=True)
        report.links += _awaiting_said(con, kind, staged)
        _rehearse(con, report, kept, id_col, _after_insert(con, report, mapping, paths, staged, park=False), files)
        return report
    tell(0.7, f"Writing {report.total_read - report.rows_skipped:,} rows")
    _write(con, report, kept, id_col, _after_insert(con, report, mapping, paths, staged), tell, files)
    tell(1.0, "Done")
    return report


def _preview(con: duckdb.DuckDBPyConnection, kind: str, staged: _Staged) -> pd.DataFrame:
    """The first rows as they would be imported, in the files' order (a union's rows came in any order: the preview
    of one file began at its row 11)."""
    parts = [
        f"select {_select_list(con, kind, staging, staged.columns[i])}, {i} as _file_, _row as _row_ from {staging} "
        f"where _row not in {checks.skipped_rows(i)}"
        for i, staging in staged.tables.items()
    ]
    return con.execute(
        f"select * exclude (_file_, _row_) from ({' union all '.join(parts)}) order by _file_, _row_ "
        f"limit {PREVIEW_ROWS}"
    ).df()


def _after_insert(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    mapping: TableMapping | None,
    paths: list[Path],
    staged: _Staged,
    park: bool = True,
) -> Callable[[], None]:
    """What the transaction does once the rows are in: the attributes a deals file writes onto its leads, and the
    deals kept aside until their lead is imported (awaiting; not by a check's rehearsal, `park`)."""
    parked = _parked_deals(con, staged) if report.kind == "deals" and park else None

    def also() -> None:
        if mapping is not None and report.kind == "deals":
            for index, path in enumerate(paths):
                report.notes += apply_lead_updates(
                    con, mapping, path, f"staging_{index}", _imported_rows(con, staged, index)
                )
        if report.kind == "deals":
            report.alerts += _deal_sources_unused(con, mapping, staged)
        if parked is not None:
            report.alerts += awaiting.park(con, parked, report.mode == "replace")
        if park:
            # the records this import stored twice, under the ids of two CRMs (not by a check's rehearsal)
            con.execute(f"insert into twin_ids select * from {TWINS} except select * from twin_ids")

    return also


def _deal_sources_unused(con: duckdb.DuckDBPyConnection, mapping: TableMapping | None, staged: _Staged) -> list[str]:
    """A warning for deals that carry a source while their leads have none: a deal's source counts only for a deal
    without a lead (first touch is the lead's), so they count under unknown (trial 58: Pipedrive's "Source channel"
    is on the deal, its persons have none, and all revenue showed as unknown); with the line that copies it."""
    if mapping is not None and "source" in mapping.lead_attributes:
        return []
    found = con.execute(
        "select count(*), count(distinct d.lead_id), sum(d.amount) filter (where d.status = 'won') from deals as d "
        "join leads as l on l.lead_id = d.lead_id "
        f"where d.source is not null and coalesce(l.source, '{config.UNKNOWN_SOURCE}') = '{config.UNKNOWN_SOURCE}'"
    ).fetchone()
    if not found or not found[0]:
        return []
    deals, leads, won = found
    label = next((ls["source"] for ls in staged.labels.values() if "source" in ls), "source")
    money = f", won amount {plain_number(won)}" if won else ""
    return [
        f"{fmt_count(deals, 'deal')} of {fmt_count(leads, 'lead')} carry a source ({label!r}{money}) while their "
        f"leads have none: a deal's source is used only for deals without a lead (a lead's deals count for the "
        f"lead's source, its first touch), so these deals and their leads count under {config.UNKNOWN_SOURCE}; to "
        "give each lead its deals' source (the earliest created deal's), add to the mapping: "
        f'[deals.lead_attributes] source = "{label}"'
    ]


def _imported_rows(con: duckdb.DuckDBPyConnection, staged: _Staged, index: int) -> str:
    """SQL of a deals file's rows imported (none skipped), by _row, with their creation as stored (_created) and
    their other columns as stored (the lead attributes a deal gives its lead: mapping.apply_lead_updates)."""
    table = staged.tables[index]
    return (
        f"select _row_ as _row, created_at as _created, * exclude (_row_) from (select "
        f"{_select_list(con, 'deals', table, staged.columns[index])}, _row as _row_ from {table} "
        f"where _row not in {checks.skipped_rows(index)})"
    )


def _awaiting_said(con: duckdb.DuckDBPyConnection, kind: str, staged: _Staged) -> list[str]:
    """The check's lines on the deals kept aside for want of their lead: those a deals file would keep aside, those a
    leads file would bring in."""
    if kind == "deals":
        said = awaiting.would_wait_line(con, _parked_deals(con, staged))
    else:
        said = awaiting.would_bring_line(con) if kind == "leads" else ""
    return [said] if said else []


def _parked_deals(con: duckdb.DuckDBPyConnection, staged: _Staged) -> str:
    """SQL of the deals to keep aside until their lead is imported (awaiting): the rows skipped for an unknown lead
    and nothing else, in file and row order (awaiting.park keeps the first row of a deal id).

    Also when the stored leads are demo ones: they go with this import, so the deal's lead is as absent as on an
    empty database (the deal was lost while the report said it was kept aside)."""
    issues = checks.ISSUES
    return " union all ".join(
        f"select {_select_list(con, 'deals', staging, staged.columns[i])}, {i} as {awaiting.FILE_ORDER}, "
        f"_row as {awaiting.ROW_ORDER} from {staging} where _row in "
        f"(select row_number from {issues} where file_index = {i} and action = '{checks.SKIPPED}' "
        f"group by row_number having bool_and(reason = '{checks.UNKNOWN_LEAD}' and not {listed_ids.is_list('value')}))"
        for i, staging in staged.tables.items()
    )


def import_files(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    paths: Sequence[str | os.PathLike[str]],
    mode: str = "replace",
    mapping: TableMapping | None = None,
    dry_run: bool = False,
    on_bad_rows: str = "skip",
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files into one table in one transaction; report every row left out and why.

    Files that cannot make rows at all (unreadable, a required column missing, ambiguous dates) are
    refused and nothing changes. Rows with a problem are skipped and listed in the report, or refuse
    the whole import with `on_bad_rows="refuse"`. A dry run checks everything, keeps the first rows as
    they would be imported in `preview`, and changes nothing.
    """
    _refuse_arguments(kind, paths, mode, mapping, on_bad_rows)
    tell = progress or (lambda _fraction, _text: None)
    # one clock for the whole import: its row checks' "date after today" and the horizon it stores
    store.start_import_clock(con)
    with _named_apart([Path(p) for p in paths]) as files, store.memory_limit(con, config.IMPORT_MEMORY_LIMIT):
        try:
            # leads have no reference to check against other tables: a clean file can go straight in
            if kind == "leads" and mode == "replace" and mapping is None and len(files) == 1 and files[0].is_file():
                fast = _import_clean_csv(con, kind, files[0], dry_run, tell)
                if fast is not None:
                    return fast
            lists = mapping.multi_value.get("lead_id", ()) if mapping is not None and kind == "deals" else ()
            report = ImportReport(kind=kind, mode=mode, lead_lists=tuple(lists))
            return _import_staged(con, report, files, mapping, dry_run, on_bad_rows, sheet, tell)
        except duckdb.Error as exc:
            raise ImportRefused(
                f"{kind}: the database refused the rows ({str(exc).splitlines()[0]}); nothing was changed"
            ) from exc
        except OSError as exc:
            # the database's own file or its spill folder: a full disk, mostly
            raise ImportRefused(f"{kind}: {readers.io_problem('the database', exc)}; nothing was changed") from exc
