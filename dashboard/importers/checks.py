"""Row checks of a staged file: every problem becomes a row of `import_issues`, skipped or kept with a warning."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

import duckdb

from dashboard import config, queries, store
from dashboard.formatting import fmt_count, plain_number, word_list
from dashboard.importers import dates, numbers, readers, totals
from dashboard.importers.errors import ImportRefused

ISSUES = "import_issues"
# the leads a deals or touches import is checked against: the loaded ones, or none when they are demo
# leads that the import removes in its own transaction (own deals must not hang on demo leads)
KNOWN_LEADS = "import_known_leads"
SKIPPED = "skipped"
KEPT = "kept"

MISSING_ID = "missing id"
MISSING_VALUE = "missing required value"
# a spend row whose amount is written as no value (Google Ads' "--", "n/a"): no spend, left out, no error
NO_AMOUNT_WRITTEN = "amount written as no value"
DUPLICATE_ID = "duplicate id"
BAD_DATE = "unparseable date"
NO_YEAR = "unparseable date: no year"
BAD_NUMBER = "unparseable number"
NEGATIVE = "negative amount"
UNKNOWN_STAGE = "unknown stage"
UNKNOWN_METRIC = "unknown target metric"
UNKNOWN_LEAD = "unknown lead"
ARCHIVED = "archived in the CRM"
# Odoo's column saying a record is not archived, as its interfaces label `active` (English, French, Spanish, German,
# Dutch, Portuguese, Italian), as letters and digits in lower case
ARCHIVE_KEYS = frozenset({"active", "actif", "activo", "aktiv", "actief", "ativo", "attivo"})
# a deal whose status says it was deleted in the CRM (Pipedrive's "deleted"): no open, won or lost deal, left out of
# every count on purpose as an archived record is (trial 58: the advice to name it open, won or lost would have put 4
# deleted deals with a Won time into the win rate); keys as mapping.value_key writes them
DELETED_DEAL = "deleted in the CRM"
DELETED_STATUS_KEYS: tuple[str, ...] = ("deleted", "removed", "trashed")
# a row whose value in the column of the mapping's `keep` line is none of the values it keeps (keep_rows)
LEFT_OUT = "left out by the mapping keep line"
OUT_OF_ORDER = "stage dates out of order"
SEVERAL_LEADS = "several leads listed"
SEVERAL_ACCOUNTS = "several accounts listed"
BY_WILDCARD = "value read by the map's default"
NOT_A_SCORE = "score not a number"
THREE_DECIMALS = "amount with three decimals"
# a mapping given beside --preset replaces the preset (and is refused for the columns it then lacks): the steps
# that add one line to a preset's mapping
WITH_A_PRESET = (
    "With a preset, a mapping file given beside --preset replaces it: write the preset's mapping with "
    "`python -m dashboard map --kind KIND --out map.toml FILE`, add the line under its [KIND.values.source] table "
    "(or start that table), and import with --mapping map.toml instead of --preset"
)
LOST_BY_REASON = "open, with a lost reason"
SEVERAL_VALUES = "several values in one cell"
DEAL_BEFORE_LEAD = "deal dated before its lead"
DATE_OUT_OF_RANGE = "date out of range"
PLACEHOLDER_DATE = "placeholder date"
PLACEHOLDER_BLANKED = "placeholder date read as blank"
OLD_DATE = f"date before {config.DATE_PLAUSIBLE_FROM[:4]}"
FUTURE_DATE = "date after today"
# the no_future_dates check's horizon (queries/checks/no_future_dates.sql), which data_as_of leaves later dates out by:
# the import's own, fixed at its start (store.start_import_clock: its clock in the data's zone plus a day), which a
# leads or deals import then stores as the data's
FUTURE_HORIZON_SQL = f"getvariable('{store.IMPORT_HORIZON_VARIABLE}')::timestamp"
IMPLAUSIBLE = "implausibly large amount"
NEGATIVE_COUNT = "negative count"
NOT_WHOLE = "not a whole number"
WRONG_FIELDS = "wrong number of fields"
TOTALS_ROW = "a totals row"
LIKE_TOTALS_ROW = "amount of every other row"
LIKE_TOTALS_LABEL = "labelled like a total"
SUMMARY_ROW = "a summary row above the campaigns"
REPEATED_ROW = "repeated row"
NO_DURATION = "value per period without a duration"
PERCENT_COUNT = "a percentage for a count"
# at most this many repeated rows are named in the report's line of them
REPEATS_NAMED = 5
# a report's own total lines, as ad platforms and spreadsheets write them in a label column, in the languages they
# export in: "Total: Account", "Łącznie: konto", "合計: アカウント" (Google Ads), "Total of 3 campaigns" (TikTok),
# "Grand Total", "Gesamtergebnis", "Suma końcowa", "総計" (a pivot's), "Subtotal", "TOTAL (all channels)" — not a
# campaign called "Total Recall" (totals.STRONG; a subtotal beside its group's value, totals.WEAK, is judged by its
# amount: record_labelled_totals)
TOTALS_LABEL = totals.STRONG
# a plan's row for every source, in its source column: its company-wide target (canonical._company_totals), else a
# totals row. Finance labels it the company's too ("Company", "Company-wide", "Overall", "Total company"), which was
# stored as a source nobody has: every tile said "no target". Not "Marketing total": beside "Sales total" it is a
# team's part, not the company's
ALL_SOURCES = (
    r"(?i)\s*(all(\s+(sources|channels))?|company([\s-]+wide)?|(whole|entire|total|all)[\s-]+company"
    r"|company[\s-]+total|overall)\s*"
)
# a grouped report's lines under each group, in its first column: "Subtotal", "Count: 3". Not "Total" alone:
# an ad report ends with one, and a blank campaign above it is a row without a campaign, not a group
GROUP_SUMMARY_LABEL = r"(?i)\s*(sub-?totals?|count:\s*[0-9][0-9,.]*)\s*"
# the label columns of the tables whose rows a report may end with totals of: money and plans summed per month (a
# report may write its "Total" in the date column)
TOTALS_CHECKED: dict[str, tuple[str, ...]] = {
    "spend": ("campaign", "source", "month"),
    "targets": ("source", "team", "month"),
}

# what the user can do about each reason, shown next to its count
ADVICE: dict[str, str] = {
    WRONG_FIELDS: "the line has more or fewer fields than the header: two exports pasted together, or a cell "
    "holding the delimiter without quotes",
    MISSING_ID: "every row needs an id",
    MISSING_VALUE: "the column is required",
    NO_AMOUNT_WRITTEN: "the platform's mark for no value ('--' in Google Ads), read as no value: no spend is recorded "
    "for the row, which is left out and is no problem of the file's",
    DUPLICATE_ID: (
        "one row of each id was kept: a lead's earliest-created, else the first that passes its checks in the last "
        "file given that has it (as if the files were imported one after another)"
    ),
    REPEATED_ROW: "the same in every column as an earlier row, or as a stored touch: counted once",
    BAD_DATE: "use YYYY-MM-DD, or state date_format in a mapping file; a day no calendar has (30 February) is no date",
    NO_YEAR: "the date has no year ('Oct 3'), which is never guessed: type the year in the file's dates "
    "('Oct 3 2026'); a date_format without a year is refused",
    BAD_NUMBER: "amounts must be numbers (currency symbols and separators are fine); an approximate one is not "
    "guessed: to keep it, remove the sign or note around the number ('~5000', '5,000 (est.)' as 5000)",
    NEGATIVE: "refunds and credits are not revenue or spend",
    THREE_DECIMALS: "kept as read, but money has at most two decimals in most currencies: if the separator groups "
    "thousands here (€1.000 = one thousand), write the amount as the column's other values are, or state the "
    "separators in a mapping file (decimal and thousands under the table's section)",
    UNKNOWN_STAGE: (
        "name the value in the mapping file: a lead's under [leads.values.lifecycle_stage] as one of "
        f"{', '.join(config.STAGES)} or disqualified, a deal's under [deals.values.status] as open, won or lost "
        '(e.g. "Engaged" = "lead")'
    ),
    UNKNOWN_METRIC: f"use one of {', '.join(config.TARGET_METRICS)}",
    # not "kept aside": a touch never is, nor a deal of an import refused (the deals import's own line says it)
    UNKNOWN_LEAD: "import the leads first, or check the lead id column (a cell listing several ids, 51182;51000, is "
    'read as one unless the mapping has lead_id = [";", ", "] under [deals.multi_value])',
    LEFT_OUT: "the mapping's keep line imports only the rows holding one of its values (a renewal left out of new "
    "business): to count such rows, add their value to keep's values",
    ARCHIVED: (
        "an archived or deleted record is no longer in the funnel (the CRM's own lists leave it out); to count it, "
        "restore it in the CRM, or export without the archived column"
    ),
    DELETED_DEAL: (
        "a deal the CRM deleted is no open, won or lost deal: left out of every count and amount on purpose, as an "
        "archived record is; to count one, restore it in the CRM (naming the value open, won or lost under "
        "[deals.values.status] would count removed deals)"
    ),
    OUT_OF_ORDER: "kept as exported; check the CRM's stage history",
    SEVERAL_LEADS: "kept; credited to the loaded lead furthest along: one that reached SQL (an SQL date, or a stage of "
    "sql, as a yes/no column says it), else MQL (the same way), a dated stage before an undated one, else the furthest "
    "lifecycle stage (HubSpot makes every contact of a won deal's company a Customer, so opportunity and customer come "
    "last); ties: the first listed. '(furthest along)' marks a deal credited to another than the first listed",
    SEVERAL_ACCOUNTS: "kept; the first listed account was used (a person or a deal counts for one account)",
    # a mapping given with --preset replaces the preset, so a file of one line is refused: the advice is the
    # preset's mapping written out, the line added, and that file imported alone
    BY_WILDCARD: (
        'kept; the value is not in the map, so its "*" default was used: name it in a mapping file (with a preset: '
        "write the preset's mapping with `python -m dashboard map --kind KIND --out map.toml FILE`, add the value "
        "under its [KIND.values.COLUMN] table, and import with --mapping map.toml instead of --preset)"
    ),
    NOT_A_SCORE: "kept, without reaching the stage of the [leads.reached] rule whose score column it is (not read "
    "as 0): write the score as a number, or check that the rule names the score column",
    LOST_BY_REASON: "kept as lost: its status reads open, but it has a lost reason (Odoo leaves a lost opportunity "
    "in its stage and archives it); if it is still open, clear its lost reason, or map the status column that says "
    "won or lost",
    SEVERAL_VALUES: "kept as one value of its own ('Webinar, Paid Search' is not counted under Paid Search): a "
    "multi-select cell, as Notion and Airtable export one; keep one value per record in the tool, or map the column "
    "that holds one",
    DEAL_BEFORE_LEAD: "kept as exported; the deal was created or won before its lead was created",
    DATE_OUT_OF_RANGE: f"dates must fall between {config.DATE_MIN} and {config.DATE_MAX}",
    PLACEHOLDER_DATE: "the row needs this date, and a zero date is what an exporting tool writes for none: export "
    "the real date (or fill it in) and import again",
    PLACEHOLDER_BLANKED: "kept, without this date: a zero date is what an exporting tool writes for none, not a "
    "date the stage was reached on",
    FUTURE_DATE: "kept as exported, but a date more than a day after this import's clock (in the data's zone) is not "
    "the data's today, now or after: the pages count to the latest date before it until the next import of its "
    "table (leads or deals). A typo, or a deal set to won or lost with its planned closing date left in place; "
    "correct it in the CRM",
    OLD_DATE: "kept as exported; a CRM record dated this early is plausibly a typo or a default: check it in the CRM",
    NEGATIVE_COUNT: "a number of people cannot be below 0",
    NOT_WHOLE: "a number of people is a whole number (1,200 is fine)",
    TOTALS_ROW: "a report's total of other rows (its label says Total, or its amount is the sum of every other "
    "row's): counted too, the money, leads or deals would count twice",
    LIKE_TOTALS_ROW: "kept as its month's spend: it names no campaign and its amount is the sum of every other "
    "row's, but it is dated in a month of its own; if it is the report's total, delete it and import again",
    LIKE_TOTALS_LABEL: "kept as spend: its label reads like a total (a total word beside a value), but its amount "
    "is not the sum of the rows it would total (that value's rows, or its month's); if it is a total, delete it and "
    "import again",
    SUMMARY_ROW: "the first row, without a campaign and without the delivery, attribution and results every campaign "
    "has, is the total Ads Manager writes above the campaigns: never spend, whatever its amount (when it is not the "
    "sum of the rows kept, the report's warning says so: rows were removed from the export)",
    IMPLAUSIBLE: f"amounts above {config.AMOUNT_MAX:,.0f} are taken for a typo or a wrong column",
    PERCENT_COUNT: "the cell is formatted as a percentage (0.15 shown as 15%), a rate, and the metric counts people "
    "or deals: a rate is no count target (in CSV, 15% is refused too); map the row to no metric, or write the "
    "count itself",
    NO_DURATION: "the value is per period of its Duration Basis (per month, per hour …), and a deal's total is the "
    "value times its Duration: fill the Duration (a number of periods above 0), or set the basis to Fixed",
}
# the advice of a reason that differs by table: a deal has no "earliest-created" row kept (the first that passes its
# checks is), which the leads' advice said of deals too
ADVICE_OF_KIND: dict[tuple[str, str], str] = {
    ("deals", DUPLICATE_ID): (
        "one row of each id was kept: a deal's first row that passes its checks, in the last file given that has "
        "it (as if the files were imported one after another)"
    ),
    # a sheet's "TBD" or "~5000" dropped a won deal; blank, the deal is kept without an amount (as "n/a" is)
    ("deals", BAD_NUMBER): "amounts must be numbers (currency symbols and separators are fine); an approximate one "
    "is not guessed, and the whole deal is left out: to keep the amount, remove the sign or note around the number "
    "('~5000', '5,000 (est.)' as 5000); to keep the deal without an amount, blank the cell (a word such as 'TBD' "
    "is read as a blank: config.AMOUNT_PLACEHOLDERS)",
    ("accounts", DUPLICATE_ID): (
        "one row of each id was kept: an account's first row that passes its checks, in the last file given that "
        "has it (as if the files were imported one after another)"
    ),
}


# an unknown lead's advice without the [deals.multi_value] line: a touch's lead cell cannot be read as a list (the
# mapping refuses the line for touches), and a deals mapping that has the line reads a listed cell already
UNKNOWN_LEAD_READ = "import the leads first, or check the lead id column"


def left_out_rows() -> str:
    """SQL of the rows of file $index that the keep line's conditions left out so far."""
    return f"select row_number from {ISSUES} where file_index = $index and reason = '{LEFT_OUT}'"


def advice(reason: str, kind: str, lead_lists: tuple[str, ...] = ()) -> str:
    """What the user can do about a reason, in the words of the table imported; `lead_lists`: the separators the
    mapping in use reads a deal's lead cell at ([deals.multi_value] lead_id), so advice never asks for a line the
    mapping has (review L7: the HubSpot preset's deals were told to add the line it holds)."""
    if reason == UNKNOWN_LEAD and (kind != "deals" or lead_lists):
        read = word_list(f'"{s}"' for s in lead_lists)
        return UNKNOWN_LEAD_READ + (f" (the mapping splits a cell listing several ids at {read})" if read else "")
    return ADVICE_OF_KIND.get((kind, reason)) or ADVICE.get(reason, "")


# a row with several problems is skipped once, counted under the first of these it has ("also: …" the rest)
REASON_ORDER: tuple[str, ...] = (
    WRONG_FIELDS,
    LEFT_OUT,
    ARCHIVED,
    DELETED_DEAL,
    # a report's "Total" in its date column (Google Ads' Day, Microsoft Ads' TimePeriod), or a grouped report's
    # "Subtotal" row, is a totals row first: its blank or unreadable date, id or amount is only a consequence
    TOTALS_ROW,
    SUMMARY_ROW,
    MISSING_ID,
    NO_AMOUNT_WRITTEN,
    MISSING_VALUE,
    DUPLICATE_ID,
    REPEATED_ROW,
    BAD_DATE,
    NO_YEAR,
    DATE_OUT_OF_RANGE,
    BAD_NUMBER,
    PERCENT_COUNT,
    NO_DURATION,
    NOT_WHOLE,
    NEGATIVE,
    NEGATIVE_COUNT,
    IMPLAUSIBLE,
    UNKNOWN_STAGE,
    UNKNOWN_METRIC,
    UNKNOWN_LEAD,
)

ID_COLUMNS = {"leads": "lead_id", "deals": "deal_id", "accounts": "account_id"}
# the column naming a lead, in leads, deals and touches alike: an e-mail address in it is stored in lower case
# (the email_id macro), wherever it is read, so ANN@ACME.COM is the lead ann@acme.com and a duplicate of her
LEAD_REF = "lead_id"
# column types read with the amount grammar (numbers.normalise_amount_column): amounts, and counts of people
NUMBER_TYPES: tuple[str, ...] = ("DOUBLE", "INTEGER")
# checked dates from config (fromisoformat refuses anything else), written as SQL timestamp literals
DATE_BOUNDS_SQL = (
    f"timestamp '{datetime.combine(date.fromisoformat(config.DATE_MIN), time.min).isoformat(sep=' ')}'",
    f"timestamp '{datetime.combine(date.fromisoformat(config.DATE_MAX), time.max).isoformat(sep=' ')}'",
)
# a zero date as an exporting tool writes a blank one (config.PLACEHOLDER_DATES), and what it is
_PLACEHOLDERS = ", ".join(f"date '{day}'" for day in config.PLACEHOLDER_DATES)
_PLACEHOLDER_WORDS = " ".join(
    f"when date '{day}' then '{what.replace(chr(39), chr(39) * 2)}'" for day, what in config.PLACEHOLDER_DATES.items()
)


def placeholder(typed_cell: str) -> str:
    """SQL: a typed date or timestamp cell holds a placeholder date (any time of its day)."""
    return f"coalesce(cast({typed_cell} as DATE) in ({_PLACEHOLDERS}), false)"


def _placeholder_said(typed_cell: str) -> str:
    """SQL: '1970-01-01 is the Unix epoch's zero, a blank written by the exporting tool'."""
    day = f"cast({typed_cell} as DATE)"
    return (
        f"strftime({day}, '%Y-%m-%d') || ' is ' || (case {day} {_PLACEHOLDER_WORDS} end) "
        "|| ', a blank written by the exporting tool'"
    )


# a later stage dated before an earlier one: kept, because the export is the record, but flagged
ORDER_CHECKS: dict[str, tuple[tuple[str, str], ...]] = {
    # a first contact before the lead existed: a merged contact or a wrong column (the SLA counts it as contacted
    # before the clock)
    "leads": (
        ("mql_at", "created_at"),
        ("sql_at", "mql_at"),
        ("sql_at", "created_at"),
        ("first_contact_at", "created_at"),
    ),
    "deals": (("closed_at", "created_at"),),
}
# values the stage-like columns may hold once mapped; anything else would silently count as "lead"
ALLOWED_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("leads", "lifecycle_stage"): (*config.STAGES, "disqualified"),
    ("deals", "status"): ("open", "won", "lost"),
    ("targets", "metric"): config.TARGET_METRICS,
}


def record_three_decimals(
    con: duckdb.DuckDBPyConnection, staging: str, column: str, file_index: int, file_name: str, label: str
) -> None:
    """Record the rows whose amount was read with three digits after the decimal separator (€1.000 read as 1 in a
    column whose 1,500.50 shows '.' as the decimal point) as kept with a warning: money rarely has three decimals,
    and the separator may group thousands in that one cell."""
    q, kept = store.quote_identifier(column), store.quote_identifier(original(column))
    digits = f"try_cast(regexp_replace({kept}, '[^0-9]', '', 'g') as hugeint)"
    # only a cell the separator could have grouped (1.000, 12.250: one to three digits before it) is in doubt, and
    # none is where another cell was read with three decimals that no separator groups (1250.125, 1,250.125): a
    # column of Kuwaiti dinars or unit prices has three decimals by design (review 30b: every KWD row was warned)
    one_group = f"regexp_full_match(trim({kept}), '[^0-9]*[0-9]{{1,3}}[.,][0-9]{{3}}[^0-9]*')"
    con.execute(
        f"insert into {ISSUES} with read_three as (select _row, {kept} as written, {q} as value, {one_group} as "
        f"in_doubt from {staging} where regexp_matches({kept}, '[0-9][.,][0-9]{{3}}[^0-9]*$') "
        f"and round(abs(try_cast({q} as double)) * 1000) = {digits}) "
        f"select $file_index, $file_name, _row, $label, '{THREE_DECIMALS}', trim(written) || ' read as ' || value, "
        f"'{KEPT}' from read_three where in_doubt and not exists (select 1 from read_three where not in_doubt)",
        {"file_index": file_index, "file_name": file_name, "label": label},
    )


def original(column: str) -> str:
    """The staged column that keeps a rewritten column's cells as the file wrote them."""
    return f"_file_{column}"


def create_known_leads(con: duckdb.DuckDBPyConnection, kind: str) -> None:
    """The view of the leads this import's rows may point at (see KNOWN_LEADS)."""
    gone = kind != "leads" and "leads" in store.demo_tables(con)
    con.execute(f"create or replace temp view {KNOWN_LEADS} as select * from leads {'where false' if gone else ''}")


def create_issues_table(con: duckdb.DuckDBPyConnection) -> None:
    """An empty temporary table for this import's problems."""
    con.execute(
        f"create or replace temp table {ISSUES} (file_index integer, file varchar, row_number bigint, "
        "column_name varchar, reason varchar, value varchar, action varchar)"
    )


def record_ragged_rows(con: duckdb.DuckDBPyConnection, ragged: str, file_index: int, file_name: str) -> None:
    """Record the rows of a CSV that did not split into its header's columns (readers.ragged_table) as skipped;
    the value names the line and shows it shortened."""
    con.execute(
        f"insert into {ISSUES} select $file_index, $file_name, _row, null, '{WRONG_FIELDS}', value, '{SKIPPED}' "
        f"from {ragged}",
        {"file_index": file_index, "file_name": file_name},
    )


def typed(expr: str, dtype: str, try_: bool = False, checked: bool = False) -> str:
    """SQL that turns a text cell into its canonical type; surrounding spaces are ignored, empty is null.
    `checked`: the row passed the row check, so a date cell is known to be plain ISO (no test again)."""
    if dtype == "DOUBLE":
        # amounts arrive as plain decimal text (numbers.normalise_amount_column wrote them so); DuckDB's
        # own cast would also read inf, nan, Infinity, 1e5 or 1_000 and let a cell the importer could
        # not read through, so only -1234.5 is a number here
        expr = f"clean({expr})"
        plain = f"regexp_full_match({expr}, {_literal(numbers.CANONICAL)})"
        if try_:
            return f"(case when {plain} then cast({expr} as DOUBLE) end)"
        return f"cast(case when {plain} then {expr} else error('not a number: ' || {expr}) end as DOUBLE)"
    if dtype == "INTEGER":
        # a count written as a whole number (1200, or 1200.0 from a spreadsheet's number); DuckDB's own cast
        # would round 12.5 to 13 without a word
        expr = f"clean({expr}::varchar)"
        whole = f"regexp_full_match({expr}, '-?[0-9]+(\\.0+)?')"
        cast = f"try_cast(regexp_replace({expr}, '\\.0+$', '') as INTEGER)"
        if try_:
            return f"(case when {whole} then {cast} end)"
        return f"coalesce(case when {whole} then {cast} end, error('not a whole number: ' || {expr}))"
    if dtype == "DATE":
        # spend and target sheets name months as 2025-01: the month's first day
        expr = f"trim({expr})"
        # or as their reports do: 01.2025, 1/2025, January 2025, Jan 2025 (a year of four digits: never a day)
        month_year = r"(\d{1,2})[./-](\d{4})"
        named = f"try_strptime(replace({expr}, '.', ''), ['%B %Y', '%b %Y'])"
        expr = (
            f"(case when regexp_full_match({expr}, '\\d{{4}}-\\d{{1,2}}') then {expr} || '-01' "
            f"when regexp_full_match({expr}, '{month_year}') then regexp_extract({expr}, '{month_year}', 2) || '-' || "
            f"lpad(regexp_extract({expr}, '{month_year}', 1), 2, '0') || '-01' "
            f"when {named} is not null then strftime({named}, '%Y-%m-%d') else {expr} end)"
        )
    if dtype == "TIMESTAMP":
        # DuckDB reads ' 2025-01-01 10:00 ' but not '2025-01-01 ': clean first (cheap when nothing to trim).
        # dates.read_date_column rewrote every cell it could read as plain ISO (trimmed); a cell that still
        # needs reading (10:00 PM, a zone DuckDB does not know) is not a date here, where DuckDB's own cast
        # would drop its tail. The test runs on the raw cell: on clean(...) it cost seven cleans a cell
        if try_ and not checked:
            return f"(case when {dates.candidate(expr)} then null else try_cast(clean({expr}) as TIMESTAMP) end)"
        return f"{'try_cast' if try_ else 'cast'}(clean({expr}) as TIMESTAMP)"
    if dtype == "DATE" and try_ and not checked:
        return f"(case when {dates.candidate(expr)} then null else try_cast({expr} as DATE) end)"
    return f"{'try_cast' if try_ else 'cast'}({expr} as {dtype})"


def _problem(condition: str, column: str, reason: str, value: str) -> tuple[str, str]:
    """A row condition and the struct that describes the problem when it holds."""
    struct = f"{{'column_name': {_literal(column)}, 'reason': {_literal(reason)}, 'value': {value}}}"
    return condition, f"case when {condition} then {struct} end"


def _literal(text: str) -> str:
    # column names come from the file's header; they are SQL string literals here, never identifiers
    return queries.sql_literal(text)


def _missing(kind: str, col: str, empty: str, shown: str | None, label: str, reason: str) -> list[tuple[str, str]]:
    """A required cell's emptiness as a problem; a spend amount written as the platform's no value ("--" in Google
    Ads), read as blank, is said apart: no spend, no problem of the file's (`shown`: the cell as written)."""
    written = f"coalesce({shown}, '')" if shown else "''"
    if (kind, col) != ("spend", "amount") or shown is None:
        return [_problem(empty, label, reason, written)]
    marked = f"coalesce(lower(trim({shown})) in ({', '.join(_literal(m) for m in numbers.NO_AMOUNT)}), false)"
    return [
        _problem(f"{empty} and {marked}", label, NO_AMOUNT_WRITTEN, written),
        _problem(f"{empty} and not {marked}", label, reason, written),
    ]


def _column_problems(
    kind: str, col: str, n: int, dtype: str, required: bool, parsed: bool, label: str, shown: str
) -> list[tuple[str, str]]:
    """The problems one cleaned (v_n) and typed (t_n) cell can have, as conditions and descriptions."""
    v, t = f"v_{n}", f"t_{n}"
    problems = []
    if required and col != "source":
        reason = MISSING_ID if ID_COLUMNS.get(kind) == col else MISSING_VALUE
        # a column read typed is empty where its value is null: testing the text would cast every cell back
        # an amount written "-" or "n/a" is blank when read, and the example shows what the file has
        problems += _missing(kind, col, f"{t if parsed else v} is null", shown if shown != v else None, label, reason)
    if dtype in ("TIMESTAMP", "DATE") and not parsed:
        yearless = f"regexp_full_match({v}, {_literal(dates.NO_YEAR)})"
        problems.append(_problem(f"{v} is not null and {t} is null and not {yearless}", label, BAD_DATE, v))
        problems.append(_problem(f"{v} is not null and {t} is null and {yearless}", label, NO_YEAR, v))
    elif dtype != "VARCHAR" and not parsed:
        reason = NOT_WHOLE if dtype == "INTEGER" else BAD_NUMBER
        problems.append(_problem(f"{v} is not null and {t} is null", label, reason, v))
    if dtype in ("TIMESTAMP", "DATE"):
        # a year 0 or 9999 cannot be shown or computed with; it is a typo, not a date
        # literals from config, not parameters: a parameter here made the fast import's count a sixth slower
        outside = f"({t} < {DATE_BOUNDS_SQL[0]} or {t} > {DATE_BOUNDS_SQL[1]})"
        zero = f"z_{n}"  # placeholder(t), prepared once per cell (_row_problems)
        problems.append(_problem(f"{outside} and not {zero}", label, DATE_OUT_OF_RANGE, v))
        # a zero date is no date: a required one skips its row, an optional one is read as blank
        reason = PLACEHOLDER_DATE if required else PLACEHOLDER_BLANKED
        problems.append(_problem(zero, label, reason, _placeholder_said(t)))
        early = f"({t} >= {DATE_BOUNDS_SQL[0]} and {t} < timestamp '{config.DATE_PLAUSIBLE_FROM}' and not {zero})"
        problems.append(_problem(early, label, OLD_DATE, v))
    if dtype == "DOUBLE":
        problems.append(_problem(f"{t} < 0", label, NEGATIVE, shown))
        problems.append(_problem(f"{t} > {float(config.AMOUNT_MAX)!r}", label, IMPLAUSIBLE, shown))
    if dtype == "INTEGER":
        problems.append(_problem(f"{t} < 0", label, NEGATIVE_COUNT, shown))
    if col in TOTALS_CHECKED.get(kind, ()):
        labelled = f"regexp_full_match({v}, {_literal(TOTALS_LABEL)})"
        if (kind, col) == ("targets", "source"):
            labelled = f"({labelled} or regexp_full_match({v}, {_literal(ALL_SOURCES)}))"
        problems.append(_problem(labelled, label, TOTALS_ROW, v))
    allowed = ALLOWED_VALUES.get((kind, col))
    if allowed:
        reason = UNKNOWN_METRIC if col == "metric" else UNKNOWN_STAGE
        listed = ", ".join(_literal(a) for a in allowed)
        problems.append(_problem(f"{v} is not null and lower({v}) not in ({listed})", label, reason, v))
    return problems


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
        if dtype in ("TIMESTAMP", "DATE"):
            # a placeholder date (placeholder), tested once per cell here: three conditions of the cell and the
            # order checks read it, and tested in each of them it made the row check two thirds slower
            prepared.append(f"{placeholder(t)} as z_{n}")
        # an amount as the file wrote it ("(500)"), kept by canonical._check_columns before the rewrite
        shown = f"w_{n}" if dtype in NUMBER_TYPES and original(col) in as_read else v
        if shown != v:
            prepared.append(f"clean({q(original(col))}) as {shown}")
        problems += _column_problems(kind, col, n, dtype, required, parsed, labels.get(col, col), shown)
    label = next((c for c in ("campaign", "source") if c in columns), None)
    if kind == "spend" and "amount" in columns and label:
        prepared += _summary_row_windows(columns, label)
        problems.append(_problem(_SUMMARY_ROW, labels.get("amount", "amount"), TOTALS_ROW, "v_amount_"))
        problems.append(_problem(_MAYBE_SUMMARY_ROW, labels.get("amount", "amount"), LIKE_TOTALS_ROW, "v_amount_"))
    problems += _future_problems(kind, columns, labels)
    for later, earlier in ORDER_CHECKS.get(kind, ()):
        if later in columns and earlier in columns:
            a, b = columns.index(later), columns.index(earlier)
            value = f"v_{a} || ' is before ' || {_literal(labels.get(earlier, earlier))} || ' ' || v_{b}"
            # a placeholder date is read as blank (or skips its row): it is in no order
            in_order = f"t_{a} < t_{b} and not z_{a} and not z_{b}"
            problems.append(_problem(in_order, labels.get(later, later), OUT_OF_ORDER, value))
    return prepared, problems


# the dates the no_future_dates check reads, per table: a deal's close date only when it is won or lost
FUTURE_CHECKED: dict[str, tuple[str, ...]] = {
    "leads": ("created_at", "mql_at", "sql_at", "first_contact_at", "disqualified_at"),
    "deals": ("created_at", "closed_at"),
}


def _future_problems(kind: str, columns: list[str], labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """A date after the no_future_dates horizon (the import's clock plus a day), named by row: kept, but not the data's
    today (refresh.sql's data_as_of); an open deal's close date is the one sales expects, and may lie ahead."""
    problems = []
    for col in FUTURE_CHECKED.get(kind, ()):
        if col not in columns:
            continue
        n = columns.index(col)
        ahead = f"(t_{n} > {FUTURE_HORIZON_SQL} and not z_{n})"
        if col == "closed_at":
            if "status" not in columns:
                continue
            ahead = f"({ahead} and coalesce(lower(v_{columns.index('status')}), 'open') <> 'open')"
        # the date as read ('2027-01-03'; its time when it has one), not the typed cell's microseconds
        said = f"replace(strftime(t_{n}, '%Y-%m-%d %H:%M'), ' 00:00', '')"
        problems.append(_problem(ahead, labels.get(col, col), FUTURE_DATE, said))
    return problems


# the row checks' reasons that keep the row, with a warning
KEPT_REASONS = (OUT_OF_ORDER, LIKE_TOTALS_ROW, PLACEHOLDER_BLANKED, OLD_DATE, FUTURE_DATE)
# a total against the sum of the rows it totals: within the cents they were rounded to, per row summed
SUM_TOLERANCE_PER_ROW = 0.005
# a summary row without a label (Meta's, above its campaigns), in the names _summary_row_windows gives: the file's
# only row without a campaign (blank, or "--" as Google Ads writes it), its first or last, of the one source every
# row has (a mapping may give every row the same) and of their month (or, first, of the earliest), and its amount
# the sum of every other row's (within the cents they were rounded to). All of it, so that a row of 1,000 beside 400
# and 600 of another source, a sheet of months without campaigns, or February's budget of 5,000 after January's
# campaigns of 3,000 and 2,000, is not one
_SUMMING_ROW = (
    "unlabelled_ and n_unlabelled_ = 1 and (_row = first_row_ or _row = last_row_) and one_source_ "
    "and n_rows_ >= 3 and amount_ > 0 "
    f"and abs(2 * amount_ - sum_amount_) <= {SUM_TOLERANCE_PER_ROW} * n_rows_"
)
_SUMMARY_ROW = f"{_SUMMING_ROW} and one_month_"
# the same row alone in a month of its own: a month's budget, or a total dated apart from what it sums; kept as
# that month's spend, and said
_MAYBE_SUMMARY_ROW = f"{_SUMMING_ROW} and not one_month_"


def _no_label(cell: str) -> str:
    """SQL: a cleaned label cell holds no label: blank, or written as none (Google Ads' "--" in its totals rows'
    campaign, "-", "—", "n/a")."""
    return f"({cell} is null or regexp_full_match({cell}, {_literal(totals.NO_LABEL)}))"


def _summary_row_windows(columns: list[str], label: str) -> list[str]:
    """The select list items _SUMMARY_ROW reads, over the cleaned (v_n) and typed (t_n) cells of the file."""
    a, lbl = columns.index("amount"), columns.index(label)
    source = f"v_{columns.index('source')}" if "source" in columns and label != "source" else None
    same = f"({source} is null or min({source}) over () = max({source}) over ())" if source else "true"
    month = f"date_trunc('month', t_{columns.index('month')})" if "month" in columns else None
    # every row in one month, or (a summary over a report broken down by month, dated by its start) the earliest
    # month, which another row has too: a row alone in its month is that month's own spend
    one_month = (
        f"(min({month}) over () = max({month}) over () "
        f"or ({month} = min({month}) over () and count(*) over (partition by {month}) > 1))"
        if month
        else "true"
    )
    return [
        f"v_{a} as v_amount_",
        f"t_{a} as amount_",
        f"{_no_label(f'v_{lbl}')} as unlabelled_",
        f"sum(case when {_no_label(f'v_{lbl}')} then 1 else 0 end) over () as n_unlabelled_",
        "min(_row) over () as first_row_",
        "max(_row) over () as last_row_",
        f"{same} as one_source_",
        f"{one_month} as one_month_",
        "count(*) over () as n_rows_",
        f"sum(t_{a}) over () as sum_amount_",
    ]


# the columns holding a record's id or another record's
ID_LIKE_COLUMNS = ("lead_id", "deal_id", "account_id", "converted_deal_id")
# a long number id as a spreadsheet rewrites it when it saves the file: 123456789012 becomes 1.23457E+11 (1,23457E+11
# in a European one)
SCIENTIFIC_ID = r"^\s*[0-9]([.,][0-9]+)?[eE]\+[0-9]+\s*$"
# a whole number id written as a decimal one (1000.0)
DECIMAL_ID = r"[0-9]+[.]0+"


def has_marked_ids(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> bool:
    """Whether an id column holds an id a spreadsheet marked ('00123) or rewrote (1.23457E+11), or one written as a
    decimal number (1000.0): the fast way stores ids as read, so such a file takes the staged way, which strips the
    mark and the '.0' and refuses the rewritten ones."""
    found = [
        # the plain tests first: a regular expression on each of ten million ids would cost seconds
        f"starts_with(ltrim({q}::varchar), $mark) or ((contains({q}::varchar, 'E+') or contains({q}::varchar, 'e+')) "
        f"and regexp_matches({q}::varchar, $sci)) or (contains({q}::varchar, '.') "
        f"and regexp_full_match(trim({q}::varchar), $decimal))"
        for q in (store.quote_identifier(c) for c in ID_LIKE_COLUMNS if c in columns)
    ]
    if not found:
        return False
    sql = f"select exists (select 1 from {table} where {' or '.join(found)})"
    return bool(store.scalar(con, sql, {"mark": "'", "sci": SCIENTIFIC_ID, "decimal": DECIMAL_ID}))


def strip_text_marks(con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, str], name: str) -> list[str]:
    """Drop the apostrophe a spreadsheet writes before an id to keep it text ('00123) from a staged file's id
    columns (file column -> what the report calls it), before anything reads them; what the report says."""
    # kept, '00123 is another id than the 00123 a deals file names: its deals would be refused as of no lead
    said = []
    for column, label in columns.items():
        q = store.quote_identifier(column)
        cell = f"ltrim({q}::varchar)"
        marked = f"starts_with({cell}, $mark) and length(trim({cell})) > 1"
        # the file's own example: a fixed '00123 read as one of its ids where the file holds a real 00123
        example = con.execute(f"select min(trim({cell})) from {table} where {marked}", {"mark": "'"}).fetchone()
        found = con.execute(
            f"update {table} set {q} = substr({cell}, 2) where {marked}",
            {"mark": "'"},
        ).fetchone()
        if found and found[0] and example:
            said.append(
                f"{name}: {label}: {fmt_count(found[0], 'id')} began with an apostrophe, a spreadsheet's mark for "
                f"text ({example[0]}), stored without it"
            )
    return said


def strip_decimal_ids(con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, str], name: str) -> list[str]:
    """Drop the .0 of whole-number ids written as decimal numbers (1000.0, as pandas writes whole numbers of a column
    with a blank) from a staged file's id columns; what the report says."""
    # kept, 1000.0 is another id than the 1000 the leads file has: the deals naming it would be refused as of no lead.
    # each id on its own, so every file and every stored table spells one id alike (schema/decimal_ids.sql); v1.0
    # is no number and stays as written
    said = []
    types = readers.staged_types(con, table)
    for column, label in columns.items():
        if types.get(column) != "VARCHAR":
            continue
        q = store.quote_identifier(column)
        decimal = f"contains({q}, '.') and regexp_full_match(trim({q}), $decimal)"
        count, example = con.execute(
            f"select count(*), min(trim({q})) from {table} where {decimal}", {"decimal": DECIMAL_ID}
        ).fetchone() or (0, None)
        if not count:
            continue
        con.execute(
            f"update {table} set {q} = regexp_replace(trim({q}), '[.]0+$', '') where {decimal}", {"decimal": DECIMAL_ID}
        )
        said.append(
            f"{name}: {label}: {fmt_count(count, 'whole-number id')} written as a decimal number, such as "
            f"{example!r} (as a program that read the ids as numbers writes them), stored without the .0"
        )
    return said


def refuse_scientific_ids(
    con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], name: str, labels: Mapping[str, str]
) -> None:
    """Refuse a file whose ids a spreadsheet rewrote in scientific notation: their last digits are lost, so
    several records share one id (kept as duplicates, the others dropped) and deals name leads that do not exist."""
    for column in (c for c in ID_LIKE_COLUMNS if c in columns):
        q = store.quote_identifier(column)
        found = con.execute(
            f"select count(*), min(_row), arg_min({q}::varchar, _row) from {staging} "
            f"where regexp_matches({q}::varchar, $sci)",
            {"sci": SCIENTIFIC_ID},
        ).fetchone()
        if not found or not found[0]:
            continue
        count, row, value = found
        raise ImportRefused(
            f"{name}: column {labels.get(column, column)!r} holds {fmt_count(count, 'id')} in scientific notation "
            f"(row {row}: {value!r}): a spreadsheet turned long number ids into rounded numbers, so different "
            "records now share one id. Export the file again from the CRM and import it as it comes, without "
            "opening and saving it in Excel (or format that column as Text before saving)"
        )


def refuse_grouped_report(con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], name: str) -> None:
    """Refuse a report grouped by its first column (Salesforce's formatted export) that writes each group's value
    on its first row only: the other rows of a group would be read without it."""
    # a formatted report ends each group with "Subtotal" and "Count: 3" lines and writes (or merges) the group's
    # owner, stage or source once; its blank cells are the group's value, which no row-by-row read can know
    if len(columns) < 2:
        return
    q = store.quote_identifier
    first = f"trim({q(columns[0])}::varchar)"
    rest = " or ".join(f"nullif(trim({q(c)}::varchar), '') is not null" for c in columns[1:])
    found = con.execute(
        f"""
        select
            list(_row order by _row) filter (where regexp_full_match({first}, $label))[:2],
            list(_row order by _row) filter (where coalesce({first}, '') = '' and ({rest}))[:3],
            count(*) filter (where coalesce({first}, '') = '' and ({rest})),
            list({first} order by _row) filter (where regexp_full_match({first}, $label))[:2]
        from {staging}
        where coalesce({first}, '') = '' or {first} ilike '%subtotal%' or {first} ilike '%sub-total%'
            or {first} ilike 'count:%'
        """,
        {"label": GROUP_SUMMARY_LABEL},
    ).fetchone()
    if not found or not found[0] or not found[1]:
        return
    summary, blank, count_blank, labels = found
    raise ImportRefused(
        f"{name} is a grouped report: row {summary[0]} ({labels[0]!r}) sums up a group, and {columns[0]!r} is "
        f"written on each group's first row only (blank in {fmt_count(count_blank, 'row')}, such as row "
        f"{blank[0]}), so those rows would be read without it. Export the report without groups (Salesforce: "
        "Export, then 'Details Only'), or write the value on every row and delete the summary rows"
    )


# a row naming this many of the header's columns, and at most one other thing (its own "Date"), is a row of column
# names
NAMES_ROW_MIN = 3


def refuse_second_table(con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], name: str) -> None:
    """Refuse a sheet that holds a second table under the first: a row of column names not in the header's places
    (monday.com's subitems, under each item: "Name, Owner, Status, Date" one column to the right). Its rows would
    be read as rows of the first table (a subitem's task as a lead, its date as a creation)."""
    if len(columns) < NAMES_ROW_MIN:
        return
    q = store.quote_identifier
    known = [c.strip().lower() for c in columns]
    cells = [f"lower(trim({q(c)}::varchar))" for c in columns]
    named = " + ".join(f"coalesce(list_contains($known, {cell}), false)::int" for cell in cells)
    filled = " + ".join(f"(coalesce({cell}, '') <> '')::int" for cell in cells)
    in_place = " + ".join(f"coalesce({cell} = {_literal(k)}, false)::int" for cell, k in zip(cells, known, strict=True))
    found = con.execute(
        f"select _row, [{', '.join(f'trim({q(c)}::varchar)' for c in columns)}] from {staging} "
        f"where ({named}) >= {NAMES_ROW_MIN} and ({named}) >= ({filled}) - 1 and ({in_place}) < ({named}) "
        "order by _row limit 1",
        {"known": known},
    ).fetchone()
    if not found:
        return
    row, cells_of_row = found
    first = next(i for i, c in enumerate(cells_of_row) if c)
    listed = ", ".join(repr(c) for c in cells_of_row if c)
    raise ImportRefused(
        f"{name}: row {row} holds column names ({listed}, from column {_letter(first + 1)}) in other places than the "
        "header's: the rows under it are another table's (a board's subitems, each a task of the item above), and "
        "would be read as rows of this one. Export without them (monday.com: export the board without subitems, or "
        "delete those rows) and import again"
    )


def _letter(number: int) -> str:
    """A sheet column's letters from its 1-based number (1 A, 27 AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def record_group_summaries(
    con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], file_index: int, file_name: str
) -> None:
    """Record as totals rows the rows of a leads or deals file whose first column sums up a group ("Subtotal",
    "Count: 3", "Grand Totals (12 records)"): a grouped report whose group value was filled in on every row still
    has them, and read as a lead or deal each is one too many (or skipped for a blank date, by luck)."""
    if not columns:
        return
    q = store.quote_identifier(columns[0])
    con.execute(
        f"insert into {ISSUES} select $index, $file, _row, $column, '{TOTALS_ROW}', trim({q}), '{SKIPPED}' "
        f"from {staging} where regexp_full_match(trim({q}), $label) or regexp_full_match(trim({q}), $grand)",
        {
            "index": file_index,
            "file": file_name,
            "column": columns[0],
            "label": GROUP_SUMMARY_LABEL,
            "grand": "(?i)" + readers.GRAND_TOTALS.pattern,
        },
    )


# the kinds whose rows are records (a lead, a deal, a touch): a row a sheet labels as a total in any of its cells is
# none of them. A hand-kept pipeline sheet's "October subtotal", "TOTAL" and "Won total" rows (a month-end date, a
# blank or won status, a sum as amount) were stored as deals: revenue read 26,800 where it was 13,400
SHEET_TOTALS_KINDS = ("leads", "deals", "touches")
# what a totals row kept would have done besides counting twice, per kind
SHEET_TOTALS_HARM = {"deals": " (a subtotal's blank status read as an open deal, its sum as pipeline or revenue)"}
# a cell longer than this is a note, never a totals label
SHEET_LABEL_MAX = 60
# at most this many totals rows are named in the warning of them
SHEET_TOTALS_NAMED = 4


def record_sheet_totals(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    raw: tuple[str, list[str]],
    mapped: tuple[str, list[str]],
    file_index: int,
    file_name: str,
    labels: Mapping[str, str],
) -> list[str]:
    """Leads, deals and touches: skip as totals rows those a cell labels as a total (`raw`: the file as read and its
    columns; `mapped`: its mapped table and columns). A total word alone or with a scope ("Total", "Subtotal", "Grand
    total", "Sum", "TOTAL (all)") in any cell; a value beside one ("October subtotal", "Won total", "Total Nov") in
    the id column or a first column read as no other; elsewhere only when the row's amount is the sum of the rows
    above it since the previous totals row (a "Budget total" note beside another deal's amount is kept). Returns the
    warning."""
    if kind not in SHEET_TOTALS_KINDS:
        return []
    table, columns = raw
    id_column = ID_COLUMNS.get(kind, LEAD_REF)
    # the first column unless it is read as another column (a company named "Acme Total" is no label)
    others = {f for t, f in labels.items() if t != id_column} if labels else set(columns) - {id_column}
    first = {c for c in (*columns[:1], labels.get(id_column, id_column)) if c in columns and c not in others}
    q = store.quote_identifier
    cells = ", ".join(
        f"{{'name': {_literal(c)}, 'cell': clean({q(c)}::varchar), 'first': {str(c in first).lower()}, 'k': {k}}}"
        for k, c in enumerate(columns)
    )
    row_candidate = may_hold_total(columns)
    con.execute(
        "create or replace temp table import_sheet_labels as select _row, c.name as name_, c.cell as cell_, "
        "c.first as first_, c.k as _k, "
        "regexp_full_match(c.cell, $strong) or regexp_full_match(c.cell, $group) as strong_, "
        "regexp_extract(c.cell, $weak, 1) <> '' or regexp_full_match(regexp_extract(c.cell, $weak, 2), $period) "
        f"as weak_ from (select _row, unnest(list_filter([{cells}], lambda x: length(x.cell) <= {SHEET_LABEL_MAX} "
        f"and regexp_matches(x.cell, $candidate))) as c from {table} where {row_candidate})",
        {
            "strong": totals.STRONG,
            "group": GROUP_SUMMARY_LABEL,
            "weak": totals.WEAK,
            "period": totals.PERIOD,
            "candidate": totals.CANDIDATE,
        },
    )
    con.execute(
        "delete from import_sheet_labels where not (strong_ or weak_) or _row in (select row_number from "
        f"{ISSUES} where file_index = $index and reason = '{TOTALS_ROW}')",
        {"index": file_index},
    )
    id_file_column = labels.get(id_column) if labels else id_column
    if id_file_column in columns:
        # the ids come from the file: a row with an id of its own is a record unless its id cell is the label (a
        # lead whose last name is Sum, in the report's first column, was skipped as a total; a deal of the company
        # Total whose amount was the sum of the rows above, too); a totals row without an id is a missing id anyway
        con.execute("delete from import_sheet_labels where name_ <> $id", {"id": id_file_column})
    elif kind != "deals":
        # no amount to sum: only a total word alone in the first column (a lead tracker's TOTAL row); a name or a
        # company elsewhere ("Total", "Suma", "Jenny Sum") is a person's
        con.execute("delete from import_sheet_labels where not (strong_ and first_)")
    else:
        # a pipeline sheet numbered by row: a label in its first column, or elsewhere beside the sum of the rows above
        con.execute("update import_sheet_labels set strong_ = false where not first_")
    con.execute(
        "update import_sheet_labels set first_ = true where not first_ and not strong_ and _row in "
        f"({_sums_above(con, mapped, raw)})"
    )
    found = con.execute(
        "select _row, arg_min(name_, [(not strong_)::int, _k]), arg_min(cell_, [(not strong_)::int, _k]) "
        "from import_sheet_labels where strong_ or first_ group by _row order by _row"
    ).fetchall()
    if found:
        con.executemany(
            f"insert into {ISSUES} values ($1, $2, $3, $4, '{TOTALS_ROW}', $5, '{SKIPPED}')",
            [(file_index, file_name, row, name, cell) for row, name, cell in found],
        )
    return _sheet_totals_warning(kind, file_name, found)


def may_hold_total(columns: Sequence[str]) -> str:
    """SQL that a row may hold a total word in one of these columns (totals.CANDIDATE over its cells joined): one
    test a row, as a test of each cell cost a 200,000-lead import 4 s."""
    joined = ", ".join(f"{store.quote_identifier(c)}::varchar" for c in columns)
    return f"regexp_matches(concat_ws(chr(31), {joined}), {_literal(totals.CANDIDATE)})"


def _sums_above(con: duckdb.DuckDBPyConnection, mapped: tuple[str, list[str]], raw: tuple[str, list[str]]) -> str:
    """SQL of the labelled rows (import_sheet_labels) of a mapped file (`raw`: as read) whose amount is the sum of
    the amounts of the rows above it since the previous labelled or blank row (a sheet's groups are set apart so),
    within the cents they were rounded to (none without an amount column)."""
    staging, columns = mapped
    if "amount" not in columns:
        return "select null::bigint where false"
    q = store.quote_identifier
    types = readers.staged_types(con, staging)
    amount = q("amount") if types.get("amount") == "DOUBLE" else typed(q("amount"), "DOUBLE", try_=True)
    # blank as the file writes it: a value map reads a blank status as open
    blank = " and ".join(f"nullif(trim({q(c)}::varchar), '') is null" for c in raw[1])
    return (
        f"with a as (select _row, {amount} as amount_, _row in (select _row from import_sheet_labels) as label_, "
        f"_row in (select _row from {raw[0]} where {blank}) as blank_ from {staging}), g as (select *, count(*) "
        "filter (where label_ or blank_) over (order by _row rows between unbounded preceding and 1 preceding) as "
        "group_ from a), s as (select t._row, t.amount_, (select [count(o.amount_), "
        "sum(o.amount_)] from g as o where o.group_ = t.group_ and not o.label_ and o._row < t._row) as sum_ from g "
        "as t where t.label_) select _row from s where amount_ is not null and sum_[1] > 1 and "
        f"abs(amount_ - sum_[2]) <= {SUM_TOLERANCE_PER_ROW} * sum_[1]"
    )


def _sheet_totals_warning(kind: str, file_name: str, found: list[tuple[int, str, str]]) -> list[str]:
    """The warning of the rows skipped as labelled totals: (row, column, cell) each."""
    if not found:
        return []
    listed = ", ".join(f"row {row} ({cell!r} in {name!r})" for row, name, cell in found[:SHEET_TOTALS_NAMED])
    more = f" and {len(found) - SHEET_TOTALS_NAMED:,} more" if len(found) > SHEET_TOTALS_NAMED else ""
    record = {"leads": "lead", "deals": "deal", "touches": "touch"}[kind]
    return [
        f"{file_name}: skipped {fmt_count(len(found), 'row')} labelled as a total, never a {record}: {listed}{more}. "
        f"A sheet's subtotal and total rows repeat the rows above them: counted as {kind} they would count twice"
        f"{SHEET_TOTALS_HARM.get(kind, '')}. If one is a real {record}, rename the cell and import again"
    ]


# at most this many copies are named in the warning of rows numbered by row that copy another
COPIES_NAMED = 3


def copied_rows(
    con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], id_column: str, file_index: int, file_name: str
) -> list[str]:
    """The warning of a file numbered by row (@row) whose kept rows equal an earlier kept row in every mapped column:
    a row pasted twice in a sheet, which with its row number as id is two records (a won deal counted twice)."""
    q = store.quote_identifier
    compared = [c for c in columns if c != id_column]
    if not compared:
        return []
    cells = ", ".join(q(c) for c in compared)
    found = con.execute(
        f"select _row, first_ from (select _row, min(_row) over (partition by {cells}) as first_ from {staging} "
        f"where _row not in {skipped_rows(file_index)}) where _row <> first_ order by _row"
    ).fetchall()
    if not found:
        return []
    listed = ", ".join(f"row {row} = row {first}" for row, first in found[:COPIES_NAMED])
    more = f" and {len(found) - COPIES_NAMED:,} more" if len(found) > COPIES_NAMED else ""
    copies = "1 row is a copy" if len(found) == 1 else f"{len(found):,} rows are copies"
    return [
        f"{file_name}: {copies} of another row ({listed}{more}), the same in every column read, each counted: pasted "
        f'twice? The ids are row numbers ({id_column} = "@row"), so the import cannot tell. Give the file an id '
        "column (map it to " + id_column + ") or remove the copy, and import again"
    ]


def record_totals_labels(
    con: duckdb.DuckDBPyConnection, raw: str, unread: list[str], file_index: int, file_name: str
) -> None:
    """Record as totals rows the rows of a spend or targets file whose label sits in one of these columns, which
    the mapping does not read (Google Ads writes "Total: Account" in its first column, "Campaign status", with the
    campaign blank)."""
    # the read label columns are checked with the rest of the row (TOTALS_CHECKED); these would pass as a
    # campaign-less row of money that is the sum of the others, counted twice. One label is enough to skip a row
    if not unread:
        return
    q = store.quote_identifier
    cells = ", ".join(f"{{'name': {_literal(c)}, 'cell': clean({q(c)}::varchar)}}" for c in unread)
    con.execute(
        f"insert into {ISSUES} select $file_index, $file_name, _row, c.name, '{TOTALS_ROW}', c.cell, '{SKIPPED}' "
        f"from (select _row, list_filter([{cells}], lambda x: regexp_full_match(x.cell, $label))[1] as c "
        f"from {raw}) where c is not null",
        {"file_index": file_index, "file_name": file_name, "label": TOTALS_LABEL},
    )


# the columns of Meta's Ads Manager export that its summary row (the first, without a campaign) leaves blank and a
# campaign's row fills: its delivery, attribution and results (as letters and digits, lower case). A blank campaign
# in a file without them may be a campaign's spend whose name was not filled in, and is kept; so is one in a file
# whose only such column is "Results", which a hand-kept sheet may have too
META_SUMMARY_BLANKS = frozenset(
    {"campaigndelivery", "adsetdelivery", "addelivery", "attributionsetting", "results", "resultindicator"}
)
META_ONLY = META_SUMMARY_BLANKS - {"results"}


def record_meta_summary(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    staged: tuple[str, str, list[str]],
    file_index: int,
    file_name: str,
    labels: Mapping[str, str],
) -> list[str]:
    """Spend: skip Meta's summary row whatever its amount (`staged`: the file as read, its mapped table and its
    columns): the first row, without a campaign while every other row has one, and blank in each of Meta's
    delivery, attribution and results columns the file has. Found by its amount alone, it was counted as spend when
    a campaign row had been deleted from the export (1,020.25 beside campaigns of 920.25). Returns the warning when
    its amount is not the sum of the rows kept."""
    raw, staging, columns = staged
    if kind != "spend" or "campaign" not in columns or "amount" not in columns:
        return []
    blanks = [c for c in readers.staged_types(con, raw) if readers.header_key(c) in META_SUMMARY_BLANKS]
    if not any(readers.header_key(c) in META_ONLY for c in blanks):
        return []
    q = store.quote_identifier
    types = readers.staged_types(con, staging)
    amount = q("amount") if types.get("amount") == "DOUBLE" else typed(q("amount"), "DOUBLE", try_=True)
    empty = " and ".join(f"nullif(trim(r.{q(c)}::varchar), '') is null" for c in blanks)
    found = con.execute(
        f"with rows_ as (select s._row, clean(s.campaign::varchar) as campaign_, {amount} as amount_, "
        f"clean(s.amount::varchar) as written_ from {staging} as s), "
        f"kept_ as (select * from rows_ where _row not in {skipped_rows(file_index)}) "
        "select f._row, f.amount_, f.written_, (select sum(amount_) from kept_ where _row <> f._row), "
        "(select count(*) from kept_ where _row <> f._row) "
        f"from rows_ as f join {raw} as r using (_row) where f._row = (select min(_row) from rows_) "
        f"and f.campaign_ is null and {empty} and f._row in (select _row from kept_) "
        "and (select count(*) from rows_ where campaign_ is null) = 1 and (select count(*) from rows_) >= 2"
    ).fetchone()
    if found is None:
        return []
    row, summary, written, kept, n = found
    con.execute(
        f"insert into {ISSUES} values ($index, $file, $row, $column, '{SUMMARY_ROW}', $value, '{SKIPPED}')",
        {
            "index": file_index,
            "file": file_name,
            "row": row,
            "column": labels.get("amount", "amount"),
            "value": written,
        },
    )
    if summary is not None and kept is not None and abs(summary - kept) <= SUM_TOLERANCE_PER_ROW * (n + 1):
        return []
    return [
        f"{file_name}: row {row} is Meta's summary row (no campaign, and blank {word_list([repr(c) for c in blanks])}"
        f"), skipped, never spend: its amount {_amount_text(summary)} is not the sum of the "
        f"{fmt_count(n, 'row')} kept ({_amount_text(kept)}), so rows were removed from the export or the file was "
        "edited; the spend imported is the rows kept. If a campaign is missing, export the report again"
    ]


# at most this many rows kept beside a label that reads like a total are named in the report's warning
LIKE_TOTALS_NAMED = 3
# a spend file's label columns whose cells record_labelled_totals reads, as the file writes them
SPEND_LABELS = ("campaign", "source")
# a weak label's amount against a sum of rows, in the names _weak_label_sums gives: within the cents they were
# rounded to
_SUMS = "(amount_ is not null and {s}[1] > 0 and abs(amount_ - {s}[2]) <= " + f"{SUM_TOLERANCE_PER_ROW} * {{s}}[1])"
# a weak label totals the rows of the value it is beside (as a source or a campaign) in its month; a value that is
# a month or the whole ("Nov", "Monthly", "All") and names no rows, its month's rows of its source, of all sources,
# or the file's
_WEAK_TOTAL = (
    f"{_SUMS.format(s='by_source')} or {_SUMS.format(s='by_campaign')} or (by_source[1] = 0 and by_campaign[1] = 0 "
    f"and period_ and ({_SUMS.format(s='of_source')} or {_SUMS.format(s='of_month')} or {_SUMS.format(s='of_file')}))"
)


def record_labelled_totals(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    staging: str,
    columns: list[str],
    file_index: int,
    file_name: str,
    labels: Mapping[str, str],
) -> list[str]:
    """Spend: record as totals rows the rows kept so far whose campaign or source cell, as the file writes it (before
    a value map), is a totals label (totals.STRONG, totals.ALL_LABEL), or a value beside a total word (totals.WEAK:
    a pivot's "paid_search Ergebnis", "Total paid_search", a sheet's "Nov total") whose amount is the sum of the
    rows it totals (_WEAK_TOTAL). A weak label whose amount sums none of them is a campaign's own name ("Total
    Recall Promo"): kept, with a warning, which is returned."""
    named = [c for c in SPEND_LABELS if c in columns]
    if kind != "spend" or "amount" not in columns or not named:
        return []
    _label_cells(con, staging, columns, file_index)
    params = {"index": file_index, "file": file_name, "labels": [labels.get(c, c) for c in named]}
    cells = " union all ".join(
        f"select _row, {n} as n_, {c}_ as cell_ from import_label_cells where regexp_matches({c}_, $candidate)"
        for n, c in enumerate(named)
    )
    # the value beside the total word: after it, or before it
    weak = " ".join(
        f"when regexp_extract(cell_, $weak, {g}) <> '' then regexp_extract(cell_, $weak, {g})" for g in "12"
    )
    con.execute(
        "create or replace temp table import_label_totals as select * from (select _row, n_, cell_, "
        "regexp_full_match(cell_, $strong) or regexp_full_match(cell_, $all) as strong_, "
        f"lower(trim(case {weak} end)) as value_ from ({cells})) where strong_ or value_ is not null",
        {"candidate": totals.CANDIDATE, "strong": totals.STRONG, "all": totals.ALL_LABEL, "weak": totals.WEAK},
    )
    # a strong label is enough: its row's first such cell names it
    con.execute(
        f"insert into {ISSUES} select $index, $file, _row, list_extract($labels, n_ + 1), '{TOTALS_ROW}', cell_, "
        f"'{SKIPPED}' from (select *, row_number() over (partition by _row order by n_) as k from "
        "import_label_totals where strong_) where k = 1",
        params,
    )
    # a weak label beside a value that names no rows and no month is a campaign's own name ("Total Recall Promo"),
    # summed by the totals around it like any campaign
    con.execute(
        "alter table import_label_totals add column own_name_ boolean default false; "
        "update import_label_totals as w set own_name_ = true where not strong_ "
        "and not regexp_full_match(value_, $period) and not exists (select 1 from import_label_cells as o "
        "where o._row not in (select _row from import_label_totals) "
        "and (lower(o.source_) = w.value_ or lower(o.campaign_) = w.value_))",
        {"period": totals.PERIOD},
    )
    # a weak one by its amount: its row's cell that sums its rows, else its first (kept, and said)
    first = f"[({_WEAK_TOTAL})::int, -n_]"
    con.execute(
        "create or replace temp table import_label_judged as select _row, arg_max(n_, "
        f"{first}) as n_, bool_or({_WEAK_TOTAL}) as sums_, arg_max(cell_, {first}) as cell_, any_value(amount_) "
        f"as amount_ from ({_weak_label_sums()}) group by _row",
        {"period": totals.PERIOD},
    )
    con.execute(
        f"insert into {ISSUES} select $index, $file, _row, list_extract($labels, n_ + 1), case when sums_ then "
        f"'{TOTALS_ROW}' else '{LIKE_TOTALS_LABEL}' end, cell_, case when sums_ then '{SKIPPED}' else '{KEPT}' end "
        "from import_label_judged",
        params,
    )
    kept = con.execute(
        "select _row, list_extract($labels, n_ + 1), cell_, amount_ from import_label_judged where not sums_ "
        "order by _row",
        {"labels": params["labels"]},
    ).fetchall()
    return _like_totals_kept(file_name, kept)


def _label_cells(con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], file_index: int) -> None:
    """import_label_cells: the rows of a staged spend file kept so far, with their amount, their month and their
    source and campaign cells as the file writes them (a mapped column's, before its value map)."""
    q = store.quote_identifier
    types = readers.staged_types(con, staging)

    def cell(column: str) -> str:
        if column not in columns:
            return "null::varchar"
        raw = f"_raw_{column}"
        return f"clean({q(raw if raw in types else column)}::varchar)"

    def typed_cell(column: str, dtype: str) -> str:
        return q(column) if types.get(column) == dtype else typed(q(column), dtype, try_=True)

    month = f"date_trunc('month', {typed_cell('month', 'DATE')})" if "month" in columns else "null::date"
    con.execute(
        f"create or replace temp table import_label_cells as select _row, {typed_cell('amount', 'DOUBLE')} as "
        f"amount_, {month} as month_, {cell('source')} as source_, {cell('campaign')} as campaign_ from {staging} "
        f"where _row not in {skipped_rows(file_index)}"
    )


def _weak_label_sums() -> str:
    """SQL of every weak label cell (import_label_totals, its row labelled by no strong one) with its row's amount,
    whether its value is a month or the whole (period_), and the count and sum of the rows no label calls a total
    (a campaign's own name is none): of its value as a source or a campaign in its month, of its month and source,
    of its month, of the file."""
    others = "import_label_cells as o where o._row not in (select _row from import_label_totals where not own_name_)"
    month = f"select [count(*), sum(o.amount_)] from {others} and o.month_ is not distinct from c.month_"
    return f"""
        select w._row, w.n_, w.cell_, c.amount_, regexp_full_match(w.value_, $period) as period_,
            ({month} and lower(o.source_) = w.value_) as by_source,
            ({month} and lower(o.campaign_) = w.value_) as by_campaign,
            ({month} and o.source_ is not distinct from c.source_) as of_source,
            ({month}) as of_month,
            (select [count(*), sum(o.amount_)] from {others}) as of_file
        from import_label_totals as w join import_label_cells as c using (_row)
        where w._row not in (select _row from import_label_totals where strong_)
    """


def _like_totals_kept(file_name: str, kept: list[tuple[int, str, str, float | None]]) -> list[str]:
    """The warning of the rows kept beside a label that reads like a total: (row, column, label, amount) each."""
    if not kept:
        return []
    listed = ", ".join(
        f"row {row} ({cell!r} in column {column!r}, {_amount_text(amount)})"
        for row, column, cell, amount in kept[:LIKE_TOTALS_NAMED]
    )
    more = f" and {len(kept) - LIKE_TOTALS_NAMED:,} more" if len(kept) > LIKE_TOTALS_NAMED else ""
    return [
        f"{file_name}: kept as spend {fmt_count(len(kept), 'row')} labelled like a total, whose amount is not the sum "
        f"of the rows the label would total: {listed}{more}; if such a row is a report's total, delete it and import "
        "again, or its money counts twice"
    ]


def _amount_text(amount: float | None) -> str:
    """An amount for a message: 1,850.5, or 'no amount'."""
    return "no amount" if amount is None else plain_number(amount)


# a deals export's pipeline column, as letters and digits in lower case: HubSpot's "Pipeline", Pipedrive's
# "Deal - Pipeline", Zoho's "Pipeline", a Salesforce record type named so; and as localized exports name it (Dutch
# "Pijplijn", French "Pipeline de vente", Spanish "Canalización", Japanese "パイプライン", in lower case as written:
# header_key keeps no kana), else a renewal pipeline's wins count as new customers with no warning
PIPELINE_KEYS = frozenset(
    {
        "pipeline",
        "dealpipeline",
        "pipelinename",
        "dealpipelinename",
        "pijplijn",
        "dealpijplijn",
        "pipelinedevente",
        "pipelinedeventes",
        "pipelinedelatransaction",
        "canalizacion",
        "pipelinedeventas",
        "embudo",
        "pipelinedevendas",
        "funildevendas",
        "vertriebspipeline",
        "dealpipelinenaam",
        "パイプライン",
        "取引パイプライン",
        "商談パイプライン",
    }
)


def _value_counts(
    con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], keys: frozenset[str], pattern: str = ".+"
) -> tuple[str, list[tuple[str, int]]] | None:
    """The first column whose header is one of keys, with its values matching pattern and their counts, most first."""
    found = [c for c in columns if readers.header_key(c) in keys or c.strip().lower() in keys]
    if not found:
        return None
    q = store.quote_identifier(found[0])
    rows = con.execute(
        # one value whatever its case or spaces ("Sales Pipeline", "sales  pipeline")
        f"select min(trim({q}::varchar)) as v, count(*) from {staging} "
        f"where nullif(trim({q}::varchar), '') is not null and regexp_matches({q}::varchar, $pattern) "
        f"group by lower(regexp_replace(trim({q}::varchar), '\\s+', ' ', 'g')) order by 2 desc, 1",
        {"pattern": pattern},
    ).fetchall()
    return found[0], rows


def _listed(rows: list[tuple[str, int]], shown: int = 6) -> str:
    """Values with their counts, the first few of them: 'Sales' 12, 'Renewals' 3 and 2 more."""
    more = f" and {len(rows) - shown} more" if len(rows) > shown else ""
    return ", ".join(f"{v!r} {n:,}" for v, n in rows[:shown]) + more


def pipelines_of(con: duckdb.DuckDBPyConnection, staging: str) -> list[tuple[str, int]]:
    """The pipelines of a staged deals file with their deal counts, most first (none: no pipeline column)."""
    columns = [c for c in con.execute(f"select * from {staging} limit 0").fetchdf().columns if c != "_row"]
    found = _value_counts(con, staging, columns, PIPELINE_KEYS)
    return found[1] if found else []


# the mapping line that keeps some rows of a file only (README "Mapping files"), as the warnings below suggest it
KEEP_ADVICE = '[deals] keep = {{ column = "{column}", values = [{values}] }} in a mapping file (see README)'


def several_pipelines(con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], name: str) -> str | None:
    """A warning when a deals file holds deals of several pipelines, which the funnel counts as one."""
    # a renewal or upsell pipeline's wins are not new customers: counted with the new-business pipeline, they
    # raise its win rate and credit their revenue to the source of a lead won long ago, and nothing says so
    found = _value_counts(con, staging, columns, PIPELINE_KEYS)
    if found is None or len(found[1]) < 2:
        return None
    column, rows = found
    by_pipeline = KEEP_ADVICE.format(column=column, values=json.dumps(rows[0][0], ensure_ascii=False))
    typed = _value_counts(con, staging, columns, DEAL_TYPE_KEYS, EXISTING_BUSINESS)
    # a deal type says new business in every pipeline: keeping one pipeline left a partner pipeline's new customers
    # out, and kept that pipeline's upsells (trial 56)
    advice = (
        f"keep the rows whose {typed[0]!r} is new business (see the warning on it), which keeps every pipeline's "
        f"new business; keeping one pipeline's rows alone ({by_pipeline}) leaves the others' new business out"
        if typed and typed[1]
        else f"keep its pipeline's rows alone: {by_pipeline}"
    )
    return (
        f"{name}: the deals are of {len(rows)} pipelines (column {column!r}: {_listed(rows)}), all counted as one "
        "funnel: a renewal's or an upsell's win counts as a new customer of its lead's source. To count new "
        f"business only, {advice}"
    )


# a deals export's deal type column, as letters and digits in lower case: Salesforce's "Type" ("Existing Customer -
# Upgrade"), HubSpot's "Deal Type" ("Existing Business", internally "existingbusiness"), and as localized exports
# name it: German "Deal-Typ",
# French "Type de transaction", Spanish "Tipo de negocio", Portuguese "Tipo de negócio", Dutch "Dealtype", Italian
# "Tipo di trattativa", Japanese "取引タイプ" (in lower case as written: header_key keeps no kana or kanji)
DEAL_TYPE_KEYS = frozenset(
    {
        "type",
        "dealtype",
        "opportunitytype",
        "typ",
        "dealtyp",
        "opportunitytyp",
        "typedetransaction",
        "typedaffaire",
        "typedopportunite",
        "tipo",
        "tipodenegocio",
        "tipodeoportunidad",
        "tipodenegociacao",
        "typedeal",
        "tipodiaffare",
        "tipoditrattativa",
        "tipodiopportunita",
        "取引タイプ",
        "取引の種類",
        "商談タイプ",
        "商談の種類",
        "種類",
        "タイプ",
    }
)
# a deal type naming business with a customer the company already has, in English and as the localized CRMs write
# it: "Bestehendes Geschäft", "Affaires existantes", "Negocio existente", "Negócio existente", "Bestaande klant",
# "Cliente esistente", "既存ビジネス", and renewals/upsells ("Verlängerung", "Renouvellement", "Renovación",
# "Renovação", "Verlenging", "Rinnovo", "更新", "アップセル")
EXISTING_BUSINESS = (
    r"(?i)(existing|renew|up-?sell|upgrade|downgrade|expansion|cross-?sell|replacement"
    r"|bestehend|verl[äa]ngerung|erweiterung|existant|renouvel|existente|renovaci[óo]n|renova[çc][ãa]o|bestaand"
    r"|verlenging|uitbreiding|esistente|rinnov|既存|更新|アップセル|クロスセル)"
)


def _keep_the_others(
    con: duckdb.DuckDBPyConnection,
    staging: str,
    columns: list[str],
    column: str,
    rows: list[tuple[str, int]],
    default: str,
) -> str:
    """The keep line that imports the rows of the deal type column's other values than `rows`' (`default` when the
    file has none)."""
    every = _value_counts(con, staging, columns, DEAL_TYPE_KEYS)
    said = {v for v, _ in rows}
    others = [v for v, _ in (every[1] if every else []) if v not in said] or [default]
    return KEEP_ADVICE.format(column=column, values=", ".join(json.dumps(v, ensure_ascii=False) for v in others))


def existing_business(con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], name: str) -> str | None:
    """A warning when a deals file's type column says some deals are with existing customers."""
    # the funnel counts every won deal as a new customer of its lead's source, as with a renewal pipeline
    found = _value_counts(con, staging, columns, DEAL_TYPE_KEYS, EXISTING_BUSINESS)
    if found is None or not found[1]:
        return None
    column, rows = found
    return (
        f"{name}: {fmt_count(sum(n for _, n in rows), 'deal')} of existing customers by column {column!r} "
        f"({_listed(rows)}), counted as new business: a renewal's or an upgrade's win counts as a new customer of "
        "its lead's source. To count new business only, keep the other rows alone: "
        + _keep_the_others(con, staging, columns, column, rows, "New Business")
    )


# Odoo's crm.lead keeps leads and opportunities in one model, told apart by its Type: "Lead" or "Opportunity"
# ("Piste" / "Opportunité", "Iniciativa" / "Oportunidad" in its French and Spanish interfaces). A lead row of a
# deals file is no opportunity: counted as a deal it was an opportunity of its lead, its expected revenue pipeline,
# and its loss (spam, not interested) lowered the win rate (trial 106)
ODOO_LEAD_TYPE = r"(?i)^\s*(lead|piste|iniciativa)\s*$"


def odoo_leads(con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], name: str) -> str | None:
    """A warning when a deals file's type column says some rows are Odoo leads, not opportunities."""
    found = _value_counts(con, staging, columns, DEAL_TYPE_KEYS, ODOO_LEAD_TYPE)
    if found is None or not found[1]:
        return None
    column, rows = found
    return (
        f"{name}: {fmt_count(sum(n for _, n in rows), 'row')} of type {rows[0][0]!r} by column {column!r} (Odoo's "
        "leads, not converted to opportunities), counted as deals: each makes its lead an opportunity, its expected "
        "revenue open pipeline, and a lost one (spam, not interested) a lost deal in the win rate. To import the "
        "opportunities alone: " + _keep_the_others(con, staging, columns, column, rows, "Opportunity")
    )


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
    # the cheap filter finds the few rows with a problem; only those build the list of what is wrong. The
    # filter runs as an aggregate's filter: in a WHERE, DuckDB pushes it below the select list and repeats
    # each typed cell in every condition that reads it (three times the cost at two million rows)
    any_problem = " or ".join(f"({condition})" for condition, _ in problems)
    cells = f"(select _row, {', '.join(prepared)} from {staging})"
    con.execute(
        f"create or replace temp table import_flagged as "
        f"select unnest(list(_row) filter (where {any_problem})) as _row from {cells}"
    )
    found = f"list_filter([{', '.join(struct for _, struct in problems)}], lambda x: x is not null)"
    con.execute(
        f"insert into {ISSUES} select $file_index, $file_name, _row, p.column_name, p.reason, p.value, "
        f"case when p.reason in ({', '.join(map(_literal, KEPT_REASONS))}) then '{KEPT}' else '{SKIPPED}' end "
        f"from (select _row, unnest({found}) as p from {cells} where _row in (select _row from import_flagged))",
        {"file_index": file_index, "file_name": file_name},
    )


@dataclass(frozen=True)
class RowCheck:
    """What one read of a staged file's rows found (checks.rows_and_problems)."""

    rows: int
    # rows with any problem (skipped or warned) or repeating an earlier id
    with_problem: int
    # for each tallied column its values (cleaned; '' for blank) with their counts
    counts: dict[str, dict[str, int]]
    # cells of the `as_stored` columns that cleaning changes (blanks around them)
    unclean_cells: int = 0
    # rows whose `labels` columns may hold a totals label (may_hold_total)
    may_be_totals: int = 0


def clean_text(value: str) -> str:
    """A cell as the SQL macro clean() keeps it, '' for blank (as the tallies spell blank)."""
    return value.strip(" \t\u00a0")


def rows_and_problems(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    staging: str,
    columns: list[str],
    tally: Sequence[str] = (),
    as_stored: Sequence[str] = (),
    labels: Sequence[str] = (),
) -> RowCheck:
    """Rows of a staged file, rows that have a problem, the value counts of `tally` columns, how many cells of the
    `as_stored` columns (tallied too, stored uncleaned) cleaning changes, and how many rows may hold a totals label
    in the `labels` columns, all in one read."""
    prepared, problems = _row_problems(con, kind, staging, columns, {})
    any_problem = " or ".join(f"({condition})" for condition, _ in problems) or "false"
    id_col = ID_COLUMNS.get(kind)
    # the ids that repeat, counted in the same read: ids present minus distinct ids (a second read of
    # the file to group them cost two thirds of this one)
    repeats = (
        f"count(v_{columns.index(id_col)}) - count(distinct v_{columns.index(id_col)})" if id_col in columns else "0"
    )
    if LEAD_REF in columns:
        # an e-mail id written with capitals is stored lower-cased, which the report says: the checked way's work
        lead = f"v_{columns.index(LEAD_REF)}"
        repeats += f" + count(*) filter (where {key_sql(LEAD_REF, lead)} <> {lead})"
    q = store.quote_identifier
    # an as-stored column is tallied as stored and its distinct values cleaned below: a test of every cell
    # cost a fifth of the import, a count of a stored column's values next to nothing
    counted = [*tally, *(c for c in as_stored if c not in tally)]
    raw = [f"{q(c)} as r_{columns.index(c)}" for c in as_stored]
    tallies = "".join(
        f", histogram(coalesce({'r' if c in as_stored else 'v'}_{columns.index(c)}, ''))" for c in counted
    )
    # the totals-label test in the same read: a read of its own cost the fast way 0.25 s a million rows
    label_test = [f"{may_hold_total(labels) if labels else 'false'} as label_"]
    rows, with_problem, repeated, labelled, *histograms = con.execute(
        f"select count(*), count(*) filter (where {any_problem}), {repeats}, count(*) filter (where label_){tallies} "
        f"from (select {', '.join(prepared + raw + label_test)} from {staging})"
    ).fetchall()[0]
    counts: dict[str, dict[str, int]] = {}
    unclean = 0
    for col, histogram in zip(counted, histograms, strict=True):
        merged: dict[str, int] = {}
        for value, n in (histogram or {}).items():
            cleaned = clean_text(value) if col in as_stored else value
            unclean += n if cleaned != value else 0
            merged[cleaned] = merged.get(cleaned, 0) + n
        counts[col] = merged
    return RowCheck(rows, with_problem + repeated, {c: counts[c] for c in tally}, unclean, labelled)


def skipped_rows(index: int) -> str:
    """SQL list of the data rows of file `index` that are skipped."""
    return f"(select row_number from {ISSUES} where file_index = {index} and action = '{SKIPPED}')"


def key_sql(column: str, cell: str) -> str:
    """SQL of an id as it is stored and compared, from its cleaned cell: a lead's e-mail address in lower case."""
    return f"email_id({cell})" if column == LEAD_REF else cell


def e_mail_ids_in_capitals(con: duckdb.DuckDBPyConnection, staging: str) -> int:
    """Rows of a staged file whose lead id is an e-mail address written with capitals (stored lower-cased)."""
    cell = f"clean({store.quote_identifier(LEAD_REF)})"
    return store.scalar(con, f"select count(*) from {staging} where {key_sql(LEAD_REF, cell)} <> {cell}")


def collect_keys(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    stagings: Mapping[int, str],
    order: Mapping[int, str] | None = None,
) -> None:
    """One temporary table of (_file_index, _row, key, written, _order) over the rows of every file not skipped yet:
    the id as stored and compared, and as the file writes it; `order`, per file, the SQL of the value that decides
    which row of a repeated id is kept (the lowest; none: the first in the files)."""
    q = store.quote_identifier
    cell = f"clean({q(column)})"
    parts = [
        f"select {i} as _file_index, _row, {key_sql(column, cell)} as key, {cell} as written, "
        f"{(order or {}).get(i, 'null::timestamp')} as _order from {staging} where _row not in {skipped_rows(i)}"
        for i, staging in stagings.items()
    ]
    con.execute(f"create or replace temp table {table} as {' union all '.join(parts)}")


# which row of a repeated id is kept: the lowest _order (a lead's earliest creation), then the one of the last file
# given, the first in that file. Files given in one command go in as if imported one after another in that order: a
# later file's row is a later export's (trial 49: Sep, Oct and Nov in one command kept September's statuses, customers
# 3 where month by month gave 37); within one file the first row (a history export's first row is the record's)
KEPT_FIRST = "_order nulls last, _file_index desc, _row"


def skip_duplicates(con: duckdb.DuckDBPyConnection, ids: str, labels: list[str], files: list[str]) -> None:
    """Keep one row of every id across the files (the lowest _order, then the first); record the others as
    skipped, under each file's own name of the id column (`labels`)."""
    con.execute(
        f"insert into {ISSUES} select _file_index, list_extract($files, _file_index + 1), _row, "
        "list_extract($labels, _file_index + 1), "
        # the id as the file writes it: a duplicate of another case (ANN@ACME.COM) is quoted as written
        f"'{DUPLICATE_ID}', written || case when (kept_file, kept_row) < (_file_index, _row) then ' (first on row ' "
        "else ' (kept: row ' end || kept_row || ' of ' || list_extract($files, kept_file + 1) || ')', "
        f"'{SKIPPED}' from (select *, first_value(_file_index) over w as kept_file, "
        f"first_value(_row) over w as kept_row, row_number() over w as n from {ids} "
        # the window runs only over ids that repeat: a grouping finds them far cheaper than sorting all
        f"where key in (select key from {ids} where key is not null group by key having count(*) > 1) "
        f"window w as (partition by key order by {KEPT_FIRST})) where n > 1",
        {"files": files, "labels": labels},
    )


def repeated_rows(
    con: duckdb.DuckDBPyConnection, rows: str, keys: list[str], files: list[str], skip: bool
) -> list[str]:
    """Find the rows (_file_index, _row, _value and the `keys` expressions) that repeat an earlier one; with `skip`
    keep the first and record the others as skipped. Per file, the line the report says of them."""
    con.execute(
        f"create or replace temp table import_repeats as select * from (select _file_index, _row, "
        "first_value(_file_index) over w as first_file, first_value(_row) over w as first_row, "
        f"row_number() over w as n from {rows} window w as (partition by {', '.join(keys)}, _value "
        "order by _file_index, _row)) where n > 1"
    )
    if skip:
        con.execute(
            f"insert into {ISSUES} select _file_index, list_extract($files, _file_index + 1), _row, null, "
            f"'{REPEATED_ROW}', '= row ' || first_row || case when first_file <> _file_index then ' of ' || "
            f"list_extract($files, first_file + 1) else '' end, '{SKIPPED}' from import_repeats",
            {"files": files},
        )
    notes = []
    for index, n, pairs in con.execute(
        "select _file_index, count(*), list((_row, first_file, first_row) order by _row) from import_repeats "
        "group by 1 order by 1"
    ).fetchall():
        named = ", ".join(
            f"row {row} = row {first_row}{'' if first_file == index else f' of {files[first_file]}'}"
            for row, first_file, first_row in pairs[:REPEATS_NAMED]
        )
        more = f" and {n - REPEATS_NAMED} more" if n > REPEATS_NAMED else ""
        said = "1 row repeats another row" if n == 1 else f"{n:,} rows repeat other rows"
        if skip:
            notes.append(f"{files[index]}: {said} ({named}{more}): {'counted once' if n == 1 else 'each counted once'}")
        else:
            # spend: two payments of one amount on one day and campaign are possible, a row pasted twice too; the
            # file cannot tell which, so both count and the user is asked
            notes.append(
                f"{files[index]}: {said} in every column ({named}{more}): both counted, as two payments; if a row "
                "was pasted twice, delete it and import again"
            )
    return notes


def skip_unknown_leads(con: duckdb.DuckDBPyConnection, refs: str, files: list[str], labels: list[str]) -> None:
    """Deals and touches must point at a loaded lead; deals without any lead id (outbound) are fine."""
    con.execute(
        f"insert into {ISSUES} select _file_index, list_extract($files, _file_index + 1), _row, "
        f"list_extract($labels, _file_index + 1), '{UNKNOWN_LEAD}', key, '{SKIPPED}' from {refs} as r "
        f"where key is not null and not exists (select 1 from {KNOWN_LEADS} as l where l.lead_id = r.key)",
        {"files": files, "labels": labels},
    )


def short_salesforce_ids(con: duckdb.DuckDBPyConnection, kind: str) -> list[str]:
    """Say when rows skipped for an unknown lead name a stored lead by its other Salesforce id length (a report's
    15 characters against Data Loader's or a preset's 18, or the other way round): the mapping line that links
    them. Both forms are one record for certain: the 18-character one is the 15 with its capitals' checksum."""
    found = con.execute(
        f"select count(*) filter (where length(i.value) = 15 and exists (select 1 from {KNOWN_LEADS} as l "
        "where l.lead_id = salesforce_id(i.value) and l.lead_id <> i.value)), "
        "min(i.value) filter (where length(i.value) = 15), "
        f"count(*) filter (where length(i.value) = 18 and exists (select 1 from {KNOWN_LEADS} as l "
        "where length(l.lead_id) = 15 and salesforce_id(l.lead_id) = i.value)), "
        f"min(i.value) filter (where length(i.value) = 18) from {ISSUES} as i where i.reason = '{UNKNOWN_LEAD}'"
    ).fetchone()
    assert found is not None
    short, short_example, long, long_example = found
    said = []
    if short:
        said.append(
            f"{fmt_count(short, 'row')} name a stored lead by its 15-character Salesforce id (such as "
            f"{short_example!r}), where the leads were stored with 18 characters: add "
            f'salesforce_ids = ["lead_id"] under [{kind}] in this file\'s mapping, and import again'
        )
    if long:
        said.append(
            f"{fmt_count(long, 'row')} name a stored lead by its 18-character Salesforce id (such as "
            f"{long_example!r}), where the leads were stored with the 15 characters of a report: add the line "
            'salesforce_ids = ["lead_id"] under [leads] in the leads\' mapping (or import them with --preset '
            "salesforce), import the leads again, then this file"
        )
    return said


# a lead id cell that reads as a person's name: two or more words of letters in any script, parted by spaces, no
# digit ("Susanna Stubberod", "Jörg Müller"; not a slug id such as acme-corp)
PERSON_NAME = r"\p{L}[\p{L}'.-]*( +\p{L}[\p{L}'.-]*)+"


def unknown_leads_by_name(con: duckdb.DuckDBPyConnection, kind: str) -> list[str]:
    """Say when the rows skipped for an unknown lead name their lead as a person, not an id (Dynamics 365's
    "Originating Lead" holds the lead's name): the column cannot link them, whatever leads are imported."""
    found = con.execute(
        f"select file, column_name, count(*) filter (where regexp_full_match(trim(value), $name)), "
        f"min(value) filter (where regexp_full_match(trim(value), $name)) from {ISSUES} "
        f"where reason = '{UNKNOWN_LEAD}' "
        "group by all having count(*) filter (where regexp_full_match(trim(value), $name)) * 2 > count(*) "
        "order by file",
        {"name": PERSON_NAME},
    ).fetchall()
    if not found:
        return []
    # the stored leads keyed by their names too (Dynamics' leads mapped with lead_id = "Name"): the names are the
    # right key, the leads are missing. before, the advice said to map a column of ids the user had mapped (trial 71:
    # the default "My Open Leads" view leaves the qualified leads out, 119 of 128 deals skipped)
    named_ids = store.scalar(
        con,
        "select count(*) > 0 and count(*) filter (where regexp_full_match(trim(lead_id), $name)) * 2 > count(*) "
        "from leads",
        {"name": PERSON_NAME},
    )
    if named_ids:
        return [
            f"{file}: the column {column!r} names {fmt_count(n, 'lead')} ({value!r} …) that the stored leads, keyed by "
            f"their names too, do not have, so those {kind} were skipped: the leads export may leave them out (a "
            "filtered view, such as Dynamics' default My Open Leads, leaves out the qualified ones): import every "
            f"lead, then these {kind} again"
            for file, column, n, value in found
        ]
    return [
        f"{file}: the column {column!r} names {fmt_count(n, 'lead')} as a person ({value!r}), not by the leads' id, so "
        f"those {kind} match no stored lead and were skipped: map lead_id to a column of lead ids (the one the leads "
        f"file's lead_id reads), or leave lead_id out to keep the {kind} without a lead"
        for file, column, n, value in found
    ]


def warn_deals_before_leads(
    con: duckdb.DuckDBPyConnection,
    staging: str,
    columns: list[str],
    file_of: tuple[int, str],
    labels: Mapping[str, str],
) -> None:
    """Deals created or closed before their lead was created are kept, with a warning: the export is
    the record, but such a deal makes the lead's time to convert negative and often means a merged
    or re-created contact. `file_of`: the file's index and name; `labels`: the file's own column of each canonical
    one, which the warning names as the other row problems do (trial 74 read "column closed_at" for 'Close Date')."""
    file_index, file_name = file_of
    if "lead_id" not in columns:
        return
    q = store.quote_identifier
    dated = [c for c in ("created_at", "closed_at") if c in columns]
    for col in dated:
        ts = typed(f"s.{q(col)}", "TIMESTAMP", try_=True)
        con.execute(
            f"insert into {ISSUES} select $file_index, $file_name, s._row, $col, '{DEAL_BEFORE_LEAD}', "
            f"clean(s.{q(col)}) || ' is before the lead''s creation ' || strftime(l.created_at, '%Y-%m-%d %H:%M'), "
            f"'{KEPT}' from {staging} as s join {KNOWN_LEADS} as l on l.lead_id = email_id(clean(s.lead_id)) "
            # a placeholder date (1970-01-01) is stored as blank: it is before no lead
            f"where {ts} < l.created_at and not {placeholder(ts)} and s._row not in {skipped_rows(file_index)}",
            {"file_index": file_index, "file_name": file_name, "col": labels.get(col, col)},
        )
