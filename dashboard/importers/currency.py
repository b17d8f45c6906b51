"""Which currency a file's amounts are in, and whether it fits the money already stored.

Amounts are added up, divided into one another (ROI, CAC, ROAS) and shown with one symbol, so the money of a
database is in one currency. A file states its currency in its amount column's header ("Amount spent (EUR)"), in
its cells ("€1,200", "1.200 EUR") or in a currency column of one value (Pipedrive's "Deal - Currency"; with a
converted amount beside it, the company's currency). A bare "$" names no one currency (Canada's and Australia's
dollars) but is never the euro; a "¥" or "kr" is a currency of its own (yen or yuan, four crowns), read as the code
a header or currency column beside it names (kr beside SEK is SEK). An import in another currency than the stored
money is refused; an import that states none is read in the stored one, and the report says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import duckdb

from dashboard import config, store
from dashboard.formatting import fmt_count, word_list
from dashboard.importers import checks, numbers, readers
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import (
    TableMapping,
    converted_columns,
    count_currencies,
    currency_columns_here,
    is_currency_column,
    own_amount_of,
    same_amounts,
)

# the spellings that name one currency: ISO codes and the symbols numbers.SAME_CURRENCY gives one code
_NAMED = {**{code: code for code in numbers.CURRENCY_CODES}, **numbers.SAME_CURRENCY}
_NAMED.pop("$", None)
# a currency in a header: a code or a symbol standing apart from letters ("Amount (EUR)", "Cost €", "Value in GBP"),
# or a code in any case after an underscore or a bracket, as warehouse exports and TikTok write it ("spend_usd",
# "cost (eur)", "Cost (Eur)")
_IN_HEADER = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(map(re.escape, _NAMED), key=len, reverse=True)) + r")(?![A-Za-z])"
    r"|(?<=[_(])(?i:(" + "|".join(code.lower() for code in numbers.CURRENCY_CODES) + r"))(?![A-Za-z])"
)
# a bare $ names some dollar: no currency of its own, but never the euro or the pound
BARE_DOLLAR = "$"
# (Brazil's real and Taiwan's dollar are written R$ and NT$ but are not what a bare $ may mean here: a bare-$ file
# beside NT$ amounts could be US dollars, some 30 times as much)
DOLLARS = frozenset(
    code for sign, code in numbers.SAME_CURRENCY.items() if sign.endswith("$") and code not in ("BRL", "TWD")
)
# cells worth reading for a currency: any with a character an amount's digits, signs and separators do not have
_NOT_PLAIN = "[^0-9.,'’\\s()+\\-\u2212]"


# a number format's parts that name no currency: colours, conditions and locale tags in brackets ([Red], [>=100],
# [$-409]), and the padding and fill of a character (_€ leaves a euro's width of space, *- repeats a dash); its
# quoted text and [$€-2] tags may name one
_FORMAT_BRACKETS = re.compile(r"\[(?!\$)[^\]]*\]")
_FORMAT_PADDING = re.compile(r"[_*].")
_FORMAT_CURRENCY_TAG = re.compile(r"\[\$([^\]\-]*)(?:-([^\]]*))?\]")
# the money signs and words a format may show (€, $, ¥, kr …): one that names no ISO code (¥, kr) is still a
# currency, apart from every other
_SIGNS = re.compile(r"[$¥£€₹₩₽₺₱₪₫฿₦¢元円원]|\b(kr|Kč|zł|Ft|lei|Rs|CHF|Fr)\b\.?")
# a sign several currencies write, and which: beside a header or currency column naming one of them it is that one
# ("15 000,00 kr" in a column headed SEK is Swedish crowns; 元 is the yuan's and the New Taiwan dollar's character)
SIGN_CODES: dict[str, set[str]] = {"kr": {"SEK", "NOK", "DKK", "ISK"}, "¥": {"JPY", "CNY"}, "元": {"CNY", "TWD", "HKD"}}
# the direction marks Arabic and Hebrew Excel writes inside a format's sign ("[$ر.س.\u200f-401]")
_BIDI_MARKS = "\u200e\u200f\u061c"
# a quoted literal of a number format, a doubled quote inside it being one quote (Hebrew Excel's "ש""ח")
_FORMAT_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
# the locale after a dollar sign in a tag says which dollar ([$$-409] US, [$$-C09] Australia, [$$-80A] Mexico)
DOLLAR_LOCALES = {
    "409": "USD",
    "C09": "AUD",
    "1009": "CAD",
    "1409": "NZD",
    "80A": "MXN",
    "3C09": "HKD",
    "1004": "SGD",
}


def in_number_format(code: str) -> str | None:
    """The currency a spreadsheet number format shows ("[$€-x-euro2] #,##0.00" EUR, '"£"#,##0' GBP, '#,##0.00
    [$USD]' USD, "[$$-409]" USD, '"$"#,##0 "USD"' USD; a bare "$" BARE_DOLLAR); a sign no one currency owns ("¥",
    "kr") as written, which names no ISO code but differs from every other (beside a code, it is that code's); ""
    for several; None when it shows none."""
    signs = []
    for sign, locale in _FORMAT_CURRENCY_TAG.findall(code):
        sign = _bare_sign(sign)
        # any sign in a tag is a currency (Excel writes [$TL-41F], [$NT$-404], [$ر.س.\u200f-401]): one not known
        # here is a currency of its own, never the stored money's
        signs.append(DOLLAR_LOCALES.get(locale.upper(), sign) if sign == BARE_DOLLAR else _NAMED.get(sign, sign))
    # a backslash shows the character after it as it is (\€); padding and fill show none
    rest = re.sub(r"\\(.)", r"\1", code)
    rest = _FORMAT_PADDING.sub("", _FORMAT_CURRENCY_TAG.sub("", _FORMAT_BRACKETS.sub("", rest)))
    for quoted in _FORMAT_QUOTED.findall(rest):
        # a quoted code or sign ("USD", "TL", "ש""ח", "원"), else the signs in quoted text ("k€", " €/Monat")
        bare = _bare_sign(quoted.replace('""', '"'))
        code_in = _NAMED.get(bare.upper(), _NAMED.get(bare))
        signs += [code_in] if code_in else [m.group(0) for m in _SIGNS.finditer(quoted)]
    signs += [m.group(0) for m in _SIGNS.finditer(_FORMAT_QUOTED.sub("", rest))]
    return _one_of(signs)


def _bare_sign(text: str) -> str:
    """A currency sign as a format writes it, without the spaces and direction marks around it."""
    return text.strip(" " + _BIDI_MARKS + numbers.SPACES)


def _one_of(signs: list[str]) -> str | None:
    """in_number_format's answer from the signs and codes a format shows."""
    codes, dollar, apart = set(), False, set()
    for sign in filter(None, signs):
        named = _NAMED.get(sign.upper(), _NAMED.get(sign))
        if named is not None:
            codes.add(named)
        elif sign == BARE_DOLLAR:
            dollar = True
        else:
            apart.add(sign.rstrip("."))
    if len(codes) > 1 or (codes and dollar and not codes <= DOLLARS) or (not codes and dollar and apart):
        return ""
    if codes:
        return codes.pop()
    if dollar:
        return BARE_DOLLAR
    if len(apart) > 1:
        return ""
    return apart.pop() if apart else None


def _in_number_formats(file_name: str, formats: Mapping[str, int]) -> tuple[str, str] | None:
    """The one currency the amount cells' number formats name (with a format naming it), refused when they name
    several: a workbook's cells each shown in their own currency (€25,000 beside £60,000) cannot be added up."""
    cells: dict[str, tuple[int, str]] = {}
    for code, n in formats.items():
        if (named := in_number_format(code)) is not None:
            count, first = cells.get(named, (0, code))
            cells[named] = (count + n, first)
    codes = set(cells) - {BARE_DOLLAR}
    if "" in cells or len(codes) > 1 or (BARE_DOLLAR in cells and codes - DOLLARS):
        listed = ", ".join(
            f"{c or 'several in one format'} {n:,} cell{'s' if n > 1 else ''} ({f!r})"
            for c, (n, f) in sorted(cells.items())
        )
        raise ImportRefused(
            f"{file_name}: the amounts are in several currencies (the cells' number formats: {listed}), which cannot "
            "be added up; convert them to one currency first (or export the amount in the company's currency as "
            "well), or import one currency's rows only: a database's money is in one currency"
        )
    if not cells:
        return None
    code = next(iter(codes), BARE_DOLLAR)
    # a sign of several currencies (¥, kr) or of none known here ([$XYZ-1]) is stated as written: a currency apart
    # from every other, read as the stored money's only when it is one of that sign's (SIGN_CODES)
    return code, f"the cells' number format {cells[code][1]!r}"


@dataclass(frozen=True)
class Stated:
    """A file's currency and how the file says it, for the report."""

    code: str
    how: str


def in_header(name: str) -> str | None:
    """The one currency a column's header names ("Amount spent (EUR)" -> EUR), else None."""
    found = {_NAMED.get(spelled, lower.upper()) for spelled, lower in _IN_HEADER.findall(name)}
    return found.pop() if len(found) == 1 else None


def _without_currency(name: str) -> str:
    return readers.header_key(_IN_HEADER.sub("", name))


def same_money_columns(amount: str, header: Sequence[str]) -> list[tuple[str, str]]:
    """The columns of a header that hold the amount column's money in another currency, with their currency: an
    ad export's "Cost (USD)" beside its "Cost (EUR)" (the header the same but for the currency it names)."""
    mine = in_header(amount)
    if mine is None:
        return []
    key = _without_currency(amount)
    return [
        (name, code)
        for name in header
        if name != amount and (code := in_header(name)) not in (None, mine) and _without_currency(name) == key
    ]


def _kept(con: duckdb.DuckDBPyConnection, table: str, skipped: str | None) -> str:
    """SQL true for the rows of a staged table (by its _row, else its rowid) not in `skipped` (SQL list)."""
    if not skipped:
        return "true"
    row = "_row" if "_row" in readers.staged_types(con, table) else "rowid + 1"
    return f"{row} not in {skipped}"


def _in_cells(
    con: duckdb.DuckDBPyConnection, table: str, column: str, skipped: str | None, where: str = "true"
) -> tuple[str, str] | None:
    """The one currency the amount cells of the rows not `skipped` (SQL list) name, with a cell naming it (the cells
    as the file wrote them); `where`: SQL condition on the rows looked at besides."""
    written = checks.original(column)
    q = store.quote_identifier(written)
    if written not in readers.staged_types(con, table):
        return None
    cells = [
        r[0]
        for r in con.execute(
            f"select distinct {q} from {table} where {_kept(con, table, skipped)} and ({where}) "
            f"and regexp_matches({q}, $marks) limit 1000",
            {"marks": _NOT_PLAIN},
        ).fetchall()
    ]
    found: dict[str, str] = {}
    for cell in cells:
        m = numbers.AMOUNT.fullmatch(numbers.fold_width(cell))
        spelled = m and (m["currency"] or m["currency_after"])
        if spelled:
            # a sign of no one ISO code ("15 000,00 kr", "¥150,000") is a currency all the same, never the stored
            # money's by default
            found.setdefault(_NAMED.get(spelled, spelled), cell)
    # several: numbers refused the column already (amounts in several currencies); $ beside USD is USD
    if len(found) > 1:
        found.pop(BARE_DOLLAR, None)
    return next(iter(found.items())) if len(found) == 1 else None


@dataclass(frozen=True)
class InColumn:
    """The currency a currency column names for a file's amounts: its ISO code (None: a value that names no known
    currency, such as SugarCRM's "-99"), how the report says it was found, and the value as the file writes it."""

    code: str | None
    how: str
    written: str
    # the currency column, and the rows it was read on when they are the company's (a converted amount beside)
    column: str = ""
    rows: str = ""


def _in_code_column(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    mapping: TableMapping | None,
    file_columns: Sequence[str],
    skipped: str | None,
) -> InColumn | None:
    """The currency a mapped currency column names in the rows not `skipped` (SQL list): its one currency (the
    mapping refused several), or with a converted amount beside it the company's (the currency of the rows whose
    converted amount is their own: the file's amount in each row's own currency, mapped or beside the converted one
    as "Est. Revenue" is beside "Est. Revenue (Base)"). A code, a sign or a currency's name ("Euro", "US Dollar")
    gives its ISO code; any other value is said as written."""
    if mapping is None:
        return None
    codes = currency_columns_here(con, mapping, raw, file_columns)
    if not codes:
        return None
    q = store.quote_identifier
    converted = converted_columns(mapping, file_columns)
    own = [c for c in mapping.columns.get("amount", ()) if c in file_columns and c not in converted]
    if converted and not own and (twin := own_amount_of(converted[0], file_columns)) is not None:
        own = [twin]
    same = same_amounts(q(converted[0]), q(own[0])) if converted and own else "true"
    found = count_currencies(
        mapping,
        con.execute(
            f"select clean({q(codes[0])}), count(*) from {raw} where {same} and {_kept(con, raw, skipped)} "
            f"and clean({q(codes[0])}) is not null group by 1"
        ).fetchall(),
    )
    ordered = found.ordered()
    # several, and no converted amount to tell the company's: the mapping refused the file, or its amounts are all
    # converted to a currency no row says (no row's own amount to compare)
    if not ordered or (len(ordered) > 1 and not (converted and own)):
        return None
    key = ordered[0][0]
    how = f"column {codes[0]!r}"
    # a bare $ is some dollar, as in an amount's cell
    code = BARE_DOLLAR if key == BARE_DOLLAR else _NAMED.get(key)
    written = found.counts[key][0]
    if code is not None and written.strip().upper() != code:
        how += f", written {written!r}"
    rows = f"the rows whose {converted[0]!r} is their {own[0]!r}" if converted and own else ""
    if rows:
        # the company's currency: of the rows whose converted amount is their own
        how += f", of {rows}" + _read_converted(con, raw, mapping, (codes[0], converted[0]), key, skipped)
    return InColumn(code, how, written, codes[0], rows)


def _read_converted(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    mapping: TableMapping,
    columns: tuple[str, str],
    company: str,
    skipped: str | None,
) -> str:
    """The rows in another currency than the company's that were read from their converted amount ("1 row in EUR
    read from its 'Est. Revenue (Base)'"); '' when none is (the report only said the company's currency)."""
    code, converted = (store.quote_identifier(c) for c in columns)
    found = count_currencies(
        mapping,
        con.execute(
            f"select clean({code}), count(*) from {raw} where clean({converted}) is not null and "
            f"{_kept(con, raw, skipped)} and clean({code}) is not null group by 1"
        ).fetchall(),
    )
    others = [(found.shown(k), n) for k, n in found.ordered() if k != company]
    if not others:
        return ""
    n = sum(count for _, count in others)
    listed = ", ".join(f"{shown} {count:,}" for shown, count in others)
    its = "its" if n == 1 else "their"
    return f"; {fmt_count(n, 'row')} in another currency ({listed}) read from {its} {columns[1]!r}"


def unknown_currency_alert(file_name: str, kind: str, column: InColumn, stated: Stated | None) -> str:
    """What the report says of a currency column's value that names no currency known here: never ignored."""
    read = (
        f"the amounts are read as {stated.code} ({stated.how})"
        if stated is not None
        else "the amounts are stored with no currency (an amount shows no symbol of its own, and a later file "
        "naming a currency is read as in it)"
    )
    where = f" (on {column.rows}: the company's currency)" if column.rows else ""
    # SugarCRM writes -99 for its system currency, whichever the administrator chose
    sugar = " (SugarCRM's -99 is its system currency, whichever that is)" if column.written.strip() == "-99" else ""
    return (
        f"{file_name}: the currency column {column.column!r} names {column.written!r}{where}, which is no ISO code "
        f"or currency name known here{sugar}: {read}. State its code in the mapping file: "
        # a placeholder, not an example code: a pasted "USD" would state a guess (SugarCRM's -99 may be the euro)
        f'{json.dumps(column.written, ensure_ascii=False)} = "<its ISO code, such as EUR>" under '
        f"[{kind}.currency_names]"
    )


def of_file(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    raw: str,
    staging: str,
    file_columns: Sequence[str],
    labels: Mapping[str, str],
    mapping: TableMapping | None,
    number_formats: Mapping[str, int] | None = None,
    skipped: str | None = None,
    alerts: list[str] | None = None,
) -> Stated | None:
    """The currency a staged file (with an amount column) states for its amounts (None: it names none); refused
    when two ways disagree. `number_formats`: a sheet's amount cells' number formats and their cells; `skipped`:
    SQL list of the rows left out (a report's totals row), whose cells say nothing; `alerts`: where a currency
    column's value that names no known currency is warned of."""
    ways: list[tuple[str, str]] = []
    column = _in_code_column(con, raw, mapping, file_columns, skipped)
    formatted = _in_number_formats(file_name, number_formats) if number_formats else None
    # a bare $ in the amount column's number format is the export's format for every row, whatever each row's
    # currency (Dynamics 365 shows a euro deal's Est. Revenue as "$"#,##0.00): a currency column beside it says the
    # rows' own
    if formatted and not (column is not None and formatted[0] == BARE_DOLLAR):
        ways.append(formatted)
    header = labels.get("amount", "amount")
    if code := in_header(header):
        ways.append((code, f"the header {header!r}"))
    # every row's amount cell, a skipped totals row's too: a sheet may show the currency on its total alone (€350)
    if cells := _in_cells(con, staging, "amount", None):
        ways.append((cells[0], f"values such as {numbers.readable(cells[1])}"))
    if column is not None and column.code is not None:
        ways.append((column.code, column.how))
    try:
        stated = _one_stated(file_name, ways)
    except ImportRefused as refused:
        raise ImportRefused(f"{refused}{_settled_by(mapping, file_columns, column, ways)}") from None
    if column is not None and column.code is None and alerts is not None:
        alerts.append(unknown_currency_alert(file_name, mapping.kind if mapping else "deals", column, stated))
    return stated


def _settled_by(
    mapping: TableMapping | None, file_columns: Sequence[str], column: InColumn | None, ways: list[tuple[str, str]]
) -> str:
    """The mapping line that settles a currency column against the amount's header or cells, when those agree on one
    currency (trial 54: "Total Spent (USD)" beside LinkedIn's Currency = EUR): the amount column stated as in the
    company's one currency, which sets the currency column aside; '' when none does."""
    if mapping is None or column is None:
        return ""
    others = {code for code, how in ways if how != column.how}
    amounts = [c for c in mapping.columns.get("amount", ()) if c in file_columns]
    if len(others) != 1 or not amounts:
        return ""
    code = next(iter(others))
    listed = ", ".join(json.dumps(c, ensure_ascii=False) for c in amounts)
    code_line = " in place of its code line" if "code" in mapping.one_currency else ""
    return (
        f". If every amount of {word_list([repr(c) for c in amounts])} is in {code} whatever column {column.column!r} "
        f"says (converted before the export or by hand), write under [{mapping.kind}.one_currency] in the mapping"
        f"{code_line}: converted = [{listed}]; column {column.column!r} is then not read, and the report says so"
    )


def set_aside_note(
    con: duckdb.DuckDBPyConnection, file_name: str, raw: str, mapping: TableMapping | None, file_columns: Sequence[str]
) -> str | None:
    """What the report says of a currency column the mapping sets aside: every amount column it reads is stated as
    converted, in the company's one currency, so the column's values (named with their counts) are not read."""
    if mapping is None or mapping.kind not in ("deals", "spend") or "code" in mapping.one_currency:
        return None
    amounts = [c for c in mapping.columns.get("amount", ()) if c in file_columns]
    stated = [c for c in mapping.one_currency.get("converted", ()) if c in file_columns]
    if not amounts or not all(c in stated for c in amounts):
        return None
    unread = [c for c in file_columns if is_currency_column(c) and c not in amounts]
    if not unread:
        return None
    q = store.quote_identifier(unread[0])
    found = con.execute(
        f"select clean({q}::varchar), count(*) from {raw} where clean({q}::varchar) is not null "
        "group by 1 order by 2 desc, 1 limit 6"
    ).fetchall()
    values = ", ".join(f"{v!r} {n:,}" for v, n in found[:5]) + (" …" if len(found) > 5 else "")
    return (
        f"{file_name}: column {unread[0]!r} ({values or 'blank'}) not read: the mapping's "
        f"[{mapping.kind}.one_currency] states {word_list([repr(c) for c in stated])} as converted, "
        "every amount in one currency"
    )


def _one_stated(file_name: str, ways: list[tuple[str, str]]) -> Stated | None:
    """The one currency the ways a file states one agree on (None: it states none); refused when they disagree."""
    named = {code for code, _ in ways if code in numbers.CURRENCY_CODES}
    ways = [(code, how) for code, how in ways if not SIGN_CODES.get(code, set()) & named]
    codes = {code for code, _ in ways} - {BARE_DOLLAR}
    dollar = any(code == BARE_DOLLAR for code, _ in ways)
    if len(codes) > 1 or (dollar and codes - DOLLARS):
        said = ", ".join(f"{how} says {code}" for code, how in ways)
        raise ImportRefused(
            f"{file_name}: the amounts' currency is unclear ({said}); correct the file so that it names one currency"
        )
    # a code over a bare $ (US$ values in a column headed USD): the code says which dollar
    ways.sort(key=lambda way: way[0] == BARE_DOLLAR)
    return Stated(ways[0][0], ways[0][1]) if ways else None


# the target metrics that are money (config.TARGET_METRICS): the others count people or deals, in no currency
MONEY_METRICS = ("revenue", "pipeline")


def row_number_sql(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """SQL of a staged table's data row number: its _row, else its rowid + 1."""
    return "_row" if "_row" in readers.staged_types(con, table) else "rowid + 1"


def of_targets(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    tables: tuple[str, str],
    file_columns: Sequence[str],
    labels: Mapping[str, str],
    row_formats: Mapping[int, str],
    skipped: str | None = None,
) -> tuple[bool, Stated | None]:
    """Whether a targets file keeps money targets (revenue, pipeline), and the currency it states for them, as a
    spend or deals file states its own: the value's header ("Target (USD)"), its cells ("$15,000.00"), a currency
    column ("Currency": USD) or a sheet's number format, read on the money rows only (an MQL target is no money).
    `tables`: the file as read (with _row) and as mapped; `row_formats`: a sheet's value cells' number formats by
    data row."""
    raw, table = tables
    money = f"lower(trim(metric)) in ({', '.join(repr(m) for m in MONEY_METRICS)})"
    rows = [
        r
        for (r,) in con.execute(
            f"select {row_number_sql(con, table)} from {table} where {_kept(con, table, skipped)} and {money}"
        ).fetchall()
    ]
    if not rows:
        return False, None
    ways: list[tuple[str, str]] = []
    formats: dict[str, int] = {}
    for row in rows:
        if row in row_formats:
            formats[row_formats[row]] = formats.get(row_formats[row], 0) + 1
    if formats and (formatted := _in_number_formats(file_name, formats)):
        ways.append(formatted)
    header = labels.get("value", "value")
    if code := in_header(header):
        ways.append((code, f"the header {header!r}"))
    if cells := _in_cells(con, table, "value", skipped, money):
        ways.append((cells[0], f"values such as {numbers.readable(cells[1])}"))
    ways += _in_any_code_column(con, file_name, raw, [c for c in file_columns if c != header], rows)
    return True, _one_stated(file_name, ways)


def _in_any_code_column(
    con: duckdb.DuckDBPyConnection, file_name: str, raw: str, file_columns: Sequence[str], rows: list[int]
) -> list[tuple[str, str]]:
    """The currency a column of the file named as a currency column ("Currency", "Currency code") gives the `rows`
    (data row numbers), as (code, how); refused when it names several. A value no currency is known by is one of
    its own, never the stored money's."""
    column = next((c for c in file_columns if is_currency_column(c)), None)
    if column is None:
        return []
    q = store.quote_identifier(column)
    found = count_currencies(
        None,
        con.execute(
            f"select clean({q}::varchar), count(*) from {raw} where list_contains($rows, _row) "
            f"and clean({q}::varchar) is not null group by 1",
            {"rows": rows},
        ).fetchall(),
    )
    ordered = found.ordered()
    if len(ordered) > 1:
        counts = ", ".join(f"{found.shown(value)} {fmt_count(n, 'row')}" for value, n in ordered[:5])
        raise ImportRefused(
            f"{file_name}: the money targets are in several currencies (column {column!r}: {counts}), which cannot "
            "be added up; convert them to one currency first, or import one currency's rows only: a database's "
            "money is in one currency"
        )
    if not ordered:
        return []
    key, written = ordered[0][0], found.counts[ordered[0][0]][0]
    code = BARE_DOLLAR if key == BARE_DOLLAR else _NAMED.get(key, key)
    how = f"column {column!r}" + (f", written {written!r}" if written.strip().upper() != code else "")
    return [(code, how)]


@dataclass(frozen=True)
class Settled:
    """An import's currency (ISO code; None: not stated), whether its amounts were written with a bare $ and no
    code (some dollar), and what the report says of it."""

    code: str | None
    dollars: bool
    said: list[str]
    # the money tables whose currency this import fixes (table -> code): stored amounts that named none and
    # were read in this one (this import's own, read in the stored money's), kept so from now on (keep)
    fixed: dict[str, str] = field(default_factory=dict)


def same_money(a: str | None, b: str | None) -> bool:
    """Whether two currencies stated are one: the same, or a sign several currencies write (¥, kr) and one of them."""
    return a == b or (
        a is not None and b is not None and (b in SIGN_CODES.get(a, set()) or a in SIGN_CODES.get(b, set()))
    )


def settle(con: duckdb.DuckDBPyConnection, kind: str, mode: str, stated: Mapping[str, Stated | None]) -> Settled:
    """The currency an import's amounts are in (None: not stated) and what the report says of it; `stated` has the
    files with an amount column. Refused when they disagree, or name another currency than the money stored (a
    bare $ included, when the stored money is not in dollars)."""
    named = {name: s for name, s in stated.items() if s is not None and s.code != BARE_DOLLAR}
    dollars = {name: s for name, s in stated.items() if s is not None and s.code == BARE_DOLLAR}
    codes = {s.code for s in named.values()}
    # one file's ¥ beside another's JPY: the code says which yen; the report says the sign was read so
    signs = {c for c in codes if any(other in SIGN_CODES.get(c, set()) for other in codes)}
    codes -= signs
    named = {name: s for name, s in named.items() if s.code not in signs} | {
        name: s for name, s in named.items() if s.code in signs
    }
    if len(codes) > 1 or (dollars and codes - DOLLARS):
        listed = "; ".join(f"{name}: {s.code} ({s.how})" for name, s in {**named, **dollars}.items())
        raise ImportRefused(
            f"{kind}: the files are in different currencies ({listed}), which cannot be added up; convert them to one "
            "currency first, or import one currency's files only"
        )
    stored = store.stated_currencies(con)
    in_dollars = [t for t in store.dollar_tables(con) if t not in stored and not (t == kind and mode == "replace")]
    # money stored without a currency was shown in the stored money's (a database of plain deals beside EUR spend,
    # from before the deals' currency was kept): it keeps that one, so a replace of the spend cannot relabel it
    # (review 59: the next month's EUR spend was refused as mixing with "USD" deals the pages showed in €)
    shown = next(iter(stored.values()), None)
    carried = dict.fromkeys(_unstated(con, kind, mode, stored), shown) if shown else {}
    if mode == "replace":
        stored.pop(kind, None)
    stored.update(carried)
    code = next(iter(codes), None)
    if code and code not in DOLLARS and in_dollars:
        name, first = next(iter(named.items()))
        raise ImportRefused(
            f"{name}: the amounts are in {code} ({first.how}), but the stored {in_dollars[0]} are in dollars (written "
            f"with $): sums, ROI and CAC would mix the two. Convert the amounts to dollars before importing"
        )
    theirs = next(((t, c) for t, c in stored.items() if not same_money(c, code) and (code or dollars)), None)
    if theirs and (code or theirs[1] not in DOLLARS):
        name, first = next(iter({**named, **dollars}.items()))
        raise ImportRefused(
            f"{name}: the amounts are in {code or 'dollars'} ({first.how}), but the stored {theirs[0]} are in "
            f"{theirs[1]}: sums, ROI and CAC would mix the two. Convert the amounts to {theirs[1]} before importing "
            f"(or, when the file has a column of the amounts in {theirs[1]}, map that one as the "
            f"{'value' if kind == 'targets' else 'amount'})"
        )
    kept = [
        f"the stored {table} name no currency: kept in {known}, as they were shown" for table, known in carried.items()
    ]
    if code is None:
        if not stored or not stated:
            return Settled(None, bool(dollars), kept, dict(carried))
        table, known = next(iter(stored.items()))
        said = [f"{kind}: the amounts name no currency: read as {known}, the currency of the stored {table}", *kept]
        # kept with the rows: a later replace of the stored table in another currency must not relabel them
        fixed = {kind: known} if kind in store.MONEY_TABLES and not dollars else {}
        return Settled(None, bool(dollars), said, {**carried, **fixed})
    name, first = next(iter(named.items()))
    _refuse_against_default(con, kind, mode, stored, code, f"{name}: the amounts are in {code} ({first.how})")
    said = [f"{name}: amounts in {code} ({first.how})", *kept]
    # a sign several currencies write (¥, kr) beside one of their codes is read as that code, and said
    said += [f"{other}: amounts in {s.code} ({s.how}), read as {code}" for other, s in named.items() if s.code in signs]
    if kind not in store.MONEY_TABLES:
        # targets keep no currency of their own (keep): checked against the stored money, they settle nothing
        return Settled(code, False, said, dict(carried))
    coded = next((c for t, c in stored.items() if c in SIGN_CODES.get(code, set())), None)
    if coded is not None:
        said[0] += f", read as {coded}, the currency of the stored money"
        code = coded
    said += [
        f"the stored {table} in {sign} are taken to be in {code}, which {sign} writes, and shown so from now on"
        for table, sign in stored.items()
        if sign in SIGN_CODES and code in SIGN_CODES[sign]
    ]
    # money stored without a currency is read in this one from now on: said, never done in silence
    unstated = _unstated(con, kind, mode, stored)
    said += [f"the stored {table} name no currency: read as {code} too, and kept so" for table in unstated]
    return Settled(code, False, said, {**carried, **dict.fromkeys(unstated, code)})


def default_code() -> str | None:
    """The ISO code of amounts that name no currency: the one config.CURRENCY_SYMBOL shows (None: no one code)."""
    return next((code for code, sign in config.CURRENCY_SYMBOLS.items() if sign == config.CURRENCY_SYMBOL), None)


def _refuse_against_default(
    con: duckdb.DuckDBPyConnection, kind: str, mode: str, stored: Mapping[str, str], code: str, what: str
) -> None:
    """Refuse amounts in `code` when stored money of the user's own names no currency and so is read in the
    configured one (deals of plain numbers shown in $): taking the new currency would relabel it in silence."""
    default = default_code()
    if kind not in store.MONEY_TABLES or default is None or same_money(code, default):
        return
    dollars = set(store.dollar_tables(con))
    table = next((t for t in _unstated(con, kind, mode, stored) if t not in dollars), None)
    if table is None:
        return
    raise ImportRefused(
        f"{what}, but the stored {table} name no currency and are read as {default}, the configured currency: "
        f"sums, ROI and CAC would mix {code} with {default}, and nothing was changed. Convert the amounts to "
        f"{default} before importing; or, when the stored {table} are in fact in {code}, import them again first "
        f'with `currency = "{code}"` under [{table}] in the mapping (mode replace)'
    )


def _unstated(con: duckdb.DuckDBPyConnection, kind: str, mode: str, stored: Mapping[str, str]) -> list[str]:
    """The money tables with rows of the user's own (not demo) whose imports stated no currency; the table being
    replaced left out."""
    demo = set(store.demo_tables(con))
    return [
        table
        for table in store.MONEY_TABLES
        if table not in stored
        and table not in demo
        and not (table == kind and mode == "replace")
        and store.scalar(con, f"select count(*) > 0 from {table}")
    ]


def keep(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    mode: str,
    code: str | None,
    dollars: bool = False,
    fixed: Mapping[str, str] | None = None,
) -> None:
    """Store a deals or spend import's currency with its table (inside the import's transaction): an append that
    names none keeps the stored one; a replace that names none leaves the table's amounts without one. Amounts
    written with a bare $ are kept as some dollar's, until a file names the currency. `fixed` (Settled.fixed): the
    tables whose amounts named none and were read in a currency, kept in it from now on."""
    if kind not in store.MONEY_TABLES:
        return
    key, dollars_key = store.CURRENCY_KEY.format(kind), store.DOLLARS_KEY.format(kind)
    if code is not None or mode == "replace":
        con.execute("delete from meta where key in ($key, $dollars_key)", {"key": key, "dollars_key": dollars_key})
    if code is not None:
        store.set_meta(con, key, code)
        # the stored ¥ or kr settled by this import's code (said by `settle`): one currency, shown by its code
        for table, sign in store.stated_currencies(con).items():
            if code in SIGN_CODES.get(sign, set()):
                store.set_meta(con, store.CURRENCY_KEY.format(table), code)
    elif dollars:
        store.set_meta(con, dollars_key, "true")
    for table, known in (fixed or {}).items():
        store.set_meta(con, store.CURRENCY_KEY.format(table), known)
