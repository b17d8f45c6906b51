"""Read an amount column as its file writes it: separators decided per column, never guessed.

Exports write amounts in many ways: `R$ 100.000` (a dot groups thousands, a no-break space after the
currency), `$141.56K`, `(1,234)`, `1.234,56-`, `1'234.50`, `1 234 567,89`. A number read wrong is worse
than one refused, so:

- one grammar (`AMOUNT`) says what an amount looks like whatever its separators: blanks, a currency
  before or after, one sign (a leading or trailing minus, or parentheses), digits with separators, an
  exponent or a K/M/B suffix. Anything else (`12abc`, `2024-01-05`, `=1+1`, `nan`, `5%`) is not a number;
- which separator is the decimal one is decided once per column from all its values (`decide_format`):
  `1.234,56` shows it, `100.000` alone does not, and a column that never shows it is refused with the
  mapping line that settles it;
- the column is then rewritten as plain decimal text (`normalise_amount_column`), so the row check's
  strict cast only ever sees `-1234.5`, and a value that still is not a number is reported with its row.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import islice

import duckdb
import pyarrow as pa

from dashboard import store
from dashboard.importers import readers

DECIMALS: tuple[str, ...] = (".", ",")
THOUSANDS: tuple[str | None, ...] = (",", ".", " ", "'", None)
DEFAULT_DECIMAL = "."
NAMES = {".": "'.'", ",": "','", " ": "a space", "'": "an apostrophe"}
EXAMPLES_SHOWN = 3
# the description of a column none of whose values needs a separator (plain 1200): nothing to report
UNSHOWN = "(the default: no value shows its separators)"

# spaces that group thousands or follow a currency: normal, no-break, figure, thin, narrow no-break
SPACES = " \u00a0\u2007\u2009\u202f"
# the spaces above by name, for a report that quotes a cell: Python's repr wrote '1\u202f234,56\xa0€'
SPACE_NAMES = {
    "\u00a0": "no-break space",
    "\u2007": "figure space",
    "\u2009": "thin space",
    "\u202f": "narrow no-break space",
}


def readable(value: str) -> str:
    """A cell quoted for a person: its special spaces written as spaces and named after it, any other character
    that shows nothing escaped ('1 234,56 €', written with a narrow no-break space and a no-break space)."""
    body = "".join(" " if ch in SPACE_NAMES else ch if ch.isprintable() else repr(ch)[1:-1] for ch in value)
    named = list(dict.fromkeys(SPACE_NAMES[ch] for ch in value if ch in SPACE_NAMES))
    return f"'{body}'" + (f", written with a {' and a '.join(named)}" if named else "")


# marks that show nothing, which Hebrew and Arabic Excel write around dates and amounts to keep their direction
# (U+200E left-to-right and U+200F right-to-left marks, U+2066-U+2069 isolates), a zero-width space and a byte-order
# mark left inside a cell: removed from a date or number cell before it is read (none can be part of one)
INVISIBLE_MARKS = "[\u200b\u200e\u200f\ufeff\u2066-\u2069]"
# ’ (U+2019) is how Swiss exports often write the apostrophe that groups thousands
SEPARATOR = f"[.,'’{SPACES}]"
# ISO codes that exports write beside amounts; a list, not any 3 letters, so "12ABC" is text, not 12
CURRENCY_CODES: tuple[str, ...] = (
    "USD",
    "EUR",
    "GBP",
    "BRL",
    "JPY",
    "CNY",
    "INR",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "MXN",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "RON",
    "BGN",
    "ZAR",
    "RUB",
    "UAH",
    "KZT",
    "TRY",
    "KRW",
    "SGD",
    "HKD",
    "TWD",
    "ILS",
    "AED",
    "SAR",
    "QAR",
    "ARS",
    "CLP",
    "COP",
    "PEN",
    "UYU",
    "IDR",
    "MYR",
    "PHP",
    "THB",
    "VND",
    "NGN",
    "EGP",
    "KES",
    "MAD",
)
# the signs and words local exports write after an amount in place of a symbol: Turkey's TL ("12.500,50 TL"),
# Korea's 원, the Chinese 元 (yuan or New Taiwan dollars), Israel's ש"ח (also with the Hebrew gershayim), the Gulf's
# and Egypt's Arabic abbreviations (with or without their last dot) and the Greek word for the euro
LOCAL_SIGN_CODES: dict[str, str] = {
    "TL": "TRY",
    "원": "KRW",
    'ש"ח': "ILS",
    "ש״ח": "ILS",
    **{f"{sign}{dot}": code for sign, code in (("ر.س", "SAR"), ("د.إ", "AED"), ("ج.م", "EGP")) for dot in ("", ".")},
    "ευρώ": "EUR",
    "Ευρώ": "EUR",
}
# 元 is the yuan's and the New Taiwan dollar's (currency.SIGN_CODES): a sign, no one code
LOCAL_SIGNS = "|".join(re.escape(sign) for sign in sorted([*LOCAL_SIGN_CODES, "元"], key=len, reverse=True))
# a symbol, a symbol with a country prefix (US$, R$, NZ$, NT$), kr, zł, Japan's 円 after the amount, a local sign, or
# an ISO code
CURRENCY = rf"(?:[A-Z]{{1,3}}\$|[$€£¥₹₩₽₺₱₪₫฿₦¢円]|kr|zł|{LOCAL_SIGNS}|{'|'.join(CURRENCY_CODES)})"
# Japanese and Chinese exports write amounts in full-width characters ("￥1,234,567", "１２３"): read as their ASCII
# twins, one character for one, so the spans of a cell's digits stay where they are
FULL_WIDTH: dict[int, int] = {
    **{0xFF01 + i: 0x21 + i for i in range(94)},
    **{0xFFE5: ord("¥"), 0xFFE6: ord("₩"), 0x3000: ord(" ")},
}
# U+2212 is the typographic minus some reports export
MINUS = "-\u2212"
SIGN = r"[+\-\u2212]"
SCALES = {"k": 3, "m": 6, "mn": 6, "b": 9, "bn": 9}
AMOUNT = re.compile(
    rf"""
    \s*
    (?P<open>\(\s*)?                          # (1,234) is an accountant's negative
    (?P<sign>{SIGN}\s*)?                      # -$5
    (?:(?P<currency>{CURRENCY})\s*)?          # R$ 100.000, USD 1,200
    (?P<sign_after_currency>{SIGN}\s*)?       # $-5, USD -5
    # digits with any separators between them, or .5: which separator is which is decided per column
    (?P<digits>[0-9]+(?:{SEPARATOR}[0-9]+)*|[.,][0-9]+)
    (?:[eE](?P<exponent>[+-]?[0-9]{{1,3}}))?  # 1.5E+06; 1e9999 is not an amount
    (?:\s*(?P<scale>(?i:bn|mn|k|m|b)))?       # $141.56K, 5 M, 3bn (not MM: M and million at once)
    (?:\s*(?P<currency_after>{CURRENCY}))?    # 100 EUR, 5 €
    (?P<trailing_minus>\s*[\-\u2212])?        # 1.234,56- as SAP writes a credit
    (?P<close>\s*\))?
    \s*
    """,
    re.VERBOSE,
)
SPLIT = re.compile(f"({SEPARATOR})")
# a grouped number's first group: 1 to 3 digits, not starting with 0 (so 0.500 can only be a decimal)
FIRST_GROUP = re.compile("[1-9][0-9]{0,2}")
INDIAN_FIRST_GROUP = re.compile("[1-9][0-9]?")
# cells that say a row has no amount, read as an empty cell (not "0": a dash is also how accounting formats
# show zero, so the amount is unknown either way; an unknown amount adds nothing to a sum and no deal to an average)
# Google Ads writes "--" where a metric has no value
NO_AMOUNT: tuple[str, ...] = ("n/a", "na", "#n/a", "n.a.", "-", "--", "\u2013", "\u2014", "none", "null", "nil")
# what an amount is once normalised, and all the row check's cast accepts (no exponent, inf or nan)
CANONICAL = r"-?[0-9]+(\.[0-9]+)?"
CANONICAL_RE = re.compile(CANONICAL)
# cells that differ only in their digits are read alike (see _shape): every digit is a 9 in the shape
NINES = str.maketrans("012345678", "999999999")


@dataclass(frozen=True)
class NumberFormat:
    """A column's decimal separator and thousands separator (None: digits are not grouped)."""

    decimal: str = DEFAULT_DECIMAL
    thousands: str | None = ","

    def __post_init__(self) -> None:
        if self.decimal not in DECIMALS:
            raise ValueError(f"the decimal separator must be '.' or ',', not {self.decimal!r}")
        if self.thousands not in THOUSANDS or self.thousands == self.decimal:
            raise ValueError(f"the thousands separator cannot be {self.thousands!r} with decimal {self.decimal!r}")

    def describe(self) -> str:
        """The format in words, e.g. "decimal ',' and thousands '.'"."""
        grouping = f"thousands {NAMES[self.thousands]}" if self.thousands else "no thousands separator"
        return f"decimal {NAMES[self.decimal]} and {grouping}"

    def mapping_line(self) -> str:
        """The mapping file line that states this format."""
        return f'number_format = {{ decimal = "{self.decimal}", thousands = "{self.thousands or ""}" }}'


# every format a column may have; a cell shows what it can, by which of them read it and how
FORMATS: tuple[NumberFormat, ...] = tuple(NumberFormat(d, t) for d in DECIMALS for t in THOUSANDS if t != d)


@dataclass(frozen=True)
class ColumnFormat:
    """How a column's amounts are read: its format and how it was found, or None with the reason."""

    format: NumberFormat | None
    # decided: the format in words and the values that show it; undecided: why, as a sentence
    description: str
    examples: tuple[str, ...] = ()
    # the formats a mapping file could state to settle an undecided column, most likely first
    options: tuple[NumberFormat, ...] = ()
    # what settles an undecided column no mapping line can (amounts in several currencies)
    advice: str = ""

    @property
    def decided(self) -> bool:
        """Whether the column can be read."""
        return self.format is not None


@dataclass(frozen=True)
class _Reading:
    """Where a cell's digits are and what they mean under one format (the same for all cells of a shape)."""

    negative: bool
    whole: tuple[tuple[int, int], ...]  # spans of the integer part's digit groups
    fraction: tuple[int, int]  # span of the fraction's digits, empty when there is none
    exponent: tuple[int, int] | None  # span of the exponent's text, 1.5E+06
    scale: int  # power of ten of a K/M/B suffix


def fold_width(text: str) -> str:
    """A cell with its full-width characters as their ASCII twins ("￥１,２３４": ¥1,234), of the same length."""
    return text.translate(FULL_WIDTH)


def _match(text: str) -> re.Match[str] | None:
    """The grammar's match of a cell, or None when it is not one amount (two signs, two currencies)."""
    m = AMOUNT.fullmatch(fold_width(text))
    if m is None:
        return None
    signs = sum(1 for g in ("open", "sign", "sign_after_currency", "trailing_minus") if m[g])
    if bool(m["open"]) != bool(m["close"]) or signs > 1:
        return None  # (5, --5, -(5), -5-
    if m["currency"] and m["currency_after"]:
        return None  # $5 USD
    if m["exponent"] and m["scale"]:
        return None  # 1e3K
    return m


def _whole_groups(groups: list[str], separators: list[str], fmt: NumberFormat, exponent: bool) -> int | None:
    """How many digit groups make the integer part under a format (the rest is the fraction), or None."""
    # spaces of every kind group alike, and ’ is the apostrophe
    separators = ["'" if s == "’" else " " if s in SPACES else s for s in separators]
    whole = len(groups)
    if fmt.decimal in separators:
        # the decimal separator comes once, after every thousands separator
        if separators.count(fmt.decimal) > 1 or separators[-1] != fmt.decimal:
            return None
        whole -= 1
    grouping = separators[: whole - 1]
    if grouping:
        # 1,234,567: a first group of 1-3 digits, then groups of exactly 3; 1,23,4 is not a number
        if exponent or any(s != fmt.thousands for s in grouping):
            return None
        if not FIRST_GROUP.fullmatch(groups[0]) or any(len(g) != 3 for g in groups[1:whole]):
            return whole if _indian(groups[:whole], fmt) else None
    return whole


def _indian(whole: list[str], fmt: NumberFormat) -> bool:
    """Whether the integer part's groups are grouped as India writes them, in lakhs and crores (1,00,000 and
    12,50,00,000): the last group of 3 digits, every one before it of 2, the first of 1 or 2; commas only."""
    return (
        fmt.thousands == ","
        and len(whole) >= 3
        and len(whole[-1]) == 3
        and all(len(g) == 2 for g in whole[1:-1])
        and INDIAN_FIRST_GROUP.fullmatch(whole[0]) is not None
    )


def _digit_groups(m: re.Match[str]) -> tuple[list[str], list[str]]:
    """The digit groups of a matched cell and the separators between them."""
    pieces = SPLIT.split(m["digits"])
    return pieces[0::2], pieces[1::2]


def _reading(text: str, fmt: NumberFormat) -> _Reading | None:
    """How a cell reads in a column of format `fmt`, or None if it is not a number there."""
    m = _match(text)
    if m is None:
        return None
    groups, separators = _digit_groups(m)
    whole = _whole_groups(groups, separators, fmt, bool(m["exponent"]))
    if whole is None:
        return None
    spans, start = [], m.start("digits")
    for group in groups:
        spans.append((start, start + len(group)))
        start += len(group) + 1  # every separator is one character
    end = m.end("digits")
    signs = (m["sign"] or "") + (m["sign_after_currency"] or "") + (m["trailing_minus"] or "")
    return _Reading(
        negative=bool(m["open"]) or any(c in MINUS for c in signs),
        whole=tuple(spans[:whole]),
        fraction=spans[-1] if whole < len(groups) else (end, end),
        exponent=m.span("exponent") if m["exponent"] else None,
        scale=SCALES[m["scale"].lower()] if m["scale"] else 0,
    )


def _amount(text: str, reading: _Reading) -> Decimal | None:
    """The exact amount of a cell read as `reading` says, or None beyond what a DOUBLE holds."""
    text = fold_width(text)
    whole = "".join(text[a:b] for a, b in reading.whole) or "0"
    fraction = text[slice(*reading.fraction)] or "0"
    power = reading.scale + (int(text[slice(*reading.exponent)]) if reading.exponent else 0)
    # built from text, a Decimal is exact: $141.56K is 141560, not 141559.99999999997
    amount = Decimal(f"{'-' if reading.negative else ''}{whole}.{fraction}E{power}")
    return None if math.isinf(float(amount)) else amount


def parse_amount(text: str, fmt: NumberFormat) -> Decimal | None:
    """The exact amount a cell writes in a column of format `fmt`, or None if it is not a number."""
    reading = _reading(text, fmt)
    return None if reading is None else _amount(text, reading)


def canonical_text(amount: Decimal) -> str:
    """Plain decimal text of an amount, as the row check reads it: -1234567.89, 141560, never 1E+5."""
    # format(..., "f") is exact at any size (normalize() would round to 28 digits)
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _shape(text: str) -> str:
    """A cell with every digit a 9, and a 0 appended when its first digit is 0.

    The grammar treats all digits alike except a grouped number's first one (0.500 cannot be grouped),
    so cells of one shape read alike: a column's thousands of amounts have a few dozen shapes, each
    matched once, and every cell of a shape is then read by slicing its digits out.
    """
    text = fold_width(text)
    shape = text.translate(NINES)
    first = shape.find("9")
    return shape + "0" if first >= 0 and text[first] == "0" else shape


def _shapes(values: Iterable[str]) -> dict[str, list[str]]:
    """The cells grouped by shape, in their order."""
    shapes: dict[str, list[str]] = {}
    for value in values:
        shapes.setdefault(_shape(value), []).append(value)
    return shapes


def _misfit(value: str, fmt: NumberFormat) -> bool:
    """A cell the format cannot read that still looks like plain decimal text to the row check's cast.

    Left as written it would be read wrong, not reported: 100.000 beside 1 234,50 means a hundred
    thousand, but the cast reads a hundred. DuckDB's trim also strips no-break spaces, so any blank counts.
    """
    return parse_amount(value, fmt) is None and CANONICAL_RE.fullmatch(value.strip()) is not None


@dataclass
class _Evidence:
    """What a column's cells show about its separators, with a few cells that show it."""

    decimals: dict[str, list[str]] = field(default_factory=dict)
    thousands: dict[str, list[str]] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)
    ambiguous_separator: str = ""

    def add(self, seen: dict[str, list[str]], key: str, value: str) -> None:
        shown = seen.setdefault(key, [])
        if len(shown) < EXAMPLES_SHOWN:
            shown.append(value)


def _collect(shapes: Iterable[list[str]]) -> _Evidence:
    """Try one cell of each shape in every format: it shows the decimal separator when every format
    that reads it agrees on it, and is ambiguous when those formats read different numbers."""
    evidence = _Evidence()
    for cells in shapes:
        value = cells[0]
        m = _match(value)
        if m is None:
            continue  # no format reads it
        groups, separators = _digit_groups(m)
        if not separators:
            continue  # 1200 reads the same in every format
        # how many groups make the integer part, per format that reads the cell: the number it reads
        fits = {
            fmt: w for fmt in FORMATS if (w := _whole_groups(groups, separators, fmt, bool(m["exponent"]))) is not None
        }
        decimals = {fmt.decimal for fmt in fits}
        thousands = {fmt.thousands for fmt in fits}
        if len(decimals) == 1:
            evidence.add(evidence.decimals, decimals.pop(), value)  # 12,5 or 1.234,56 or 1.234.567
        if len(thousands) == 1 and (thousand := next(iter(thousands))) is not None:
            evidence.add(evidence.thousands, thousand, value)  # 1.234,56 or 1 234
        if len(set(fits.values())) > 1:
            # only 100.000 or 1,234 reads two ways: one separator, then 3 digits
            evidence.ambiguous += cells[: EXAMPLES_SHOWN - len(evidence.ambiguous)]
            evidence.ambiguous_separator = evidence.ambiguous_separator or separators[0]
    return evidence


def _other(separator: str) -> str:
    return "," if separator == "." else "."


def _misfits(shapes: Mapping[str, list[str]], fmt: NumberFormat, how: str) -> ColumnFormat | None:
    """The refusal when some cells cannot be read in the column's format yet would pass as numbers."""
    misfits = (cell for cells in shapes.values() if _misfit(cells[0], fmt) for cell in cells)
    found = list(islice(misfits, EXAMPLES_SHOWN))
    if not found:
        return None
    return ColumnFormat(
        None,
        f"values such as {', '.join(found)} are not written with {fmt.describe()} ({how}), and read as "
        "plain numbers they would be wrong",
        tuple(found),
        _options(found[0], exclude=fmt),
    )


def _options(example: str, exclude: NumberFormat | None = None) -> tuple[NumberFormat, ...]:
    """Formats that read an example, one per different reading: the lines a mapping file may state."""
    preferred = (NumberFormat(",", "."), NumberFormat(".", ","), *FORMATS)
    options: dict[Decimal, NumberFormat] = {}
    for fmt in preferred:
        amount = parse_amount(example, fmt)
        if fmt != exclude and amount is not None:
            options.setdefault(amount, fmt)
    return tuple(options.values())[:2]


# one currency under its several spellings: $ beside USD in one column is one currency; a $ beside CAD is not
# (a bare $ is read as US dollars only beside them). ¥ (yen or yuan) and kr (four crowns) stand for themselves
SAME_CURRENCY = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "R$": "BRL",
    "₹": "INR",
    "₩": "KRW",
    "円": "JPY",
    "zł": "PLN",
    "₽": "RUB",
    "₺": "TRY",
    "₱": "PHP",
    "₪": "ILS",
    "₫": "VND",
    "฿": "THB",
    "₦": "NGN",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "MX$": "MXN",
    # Taiwan's dollar: its own currency, never the US one
    "NT$": "TWD",
    **LOCAL_SIGN_CODES,
}


# a currency column's values as CRMs write them when they are not ISO codes: the currency's name (Dynamics 365's
# "US Dollar", "Euro", "Pound Sterling"), in English and, for the currencies most used, as Dynamics writes them in
# French, German, Spanish, Portuguese, Italian and Dutch. Matched as currency_name_key writes them: case, accents,
# punctuation and a plural "s" ignored ("US Dollars", "u.s. dollar", "EUROS"). A name of several currencies
# ("Dollar", "Peso", "Pound", "Krone") is none of them
CURRENCY_NAMES: dict[str, tuple[str, ...]] = {
    "USD": (
        "US Dollar", "U.S. Dollar", "United States Dollar", "American Dollar", "Dollar US", "Dollar américain",
        "Dollar des États-Unis", "US-Dollar", "Amerikanischer Dollar", "Dólar estadounidense", "Dólar americano",
        "Dólar norte-americano", "Dollaro statunitense", "Dollaro americano", "Amerikaanse dollar",
        "Δολάριο ΗΠΑ", "Δολάριο Ηνωμένων Πολιτειών", 'דולר ארה"ב', "דולר אמריקאי", "دولار أمريكي", "دولار امريكي",
        "미국 달러", "美元",
    ),
    # the Greek, Hebrew and Arabic names beside the codes are how those CRMs' currency columns write them
    "EUR": ("Euro", "Ευρώ", "יורו", "يورو"),
    "GBP": (
        "Pound Sterling", "Pounds Sterling", "British Pound", "British Pound Sterling", "UK Pound", "Sterling",
        "Livre sterling", "Pfund Sterling", "Britisches Pfund", "Libra esterlina", "Sterlina britannica",
        "Brits pond",
    ),
    "JPY": ("Japanese Yen", "Yen", "Yen japonais", "Japanischer Yen", "Yen japonés", "Iene", "Iene japonês"),
    "CNY": (
        "Chinese Yuan", "Yuan", "Renminbi", "Chinese Renminbi", "Yuan Renminbi", "Chinese Yuan Renminbi", "RMB",
        "人民币",
    ),
    "INR": ("Indian Rupee", "Roupie indienne", "Indische Rupie", "Rupia india", "Rupia indiana"),
    "CHF": ("Swiss Franc", "Franc suisse", "Schweizer Franken", "Franco suizo", "Franco suíço", "Franco svizzero"),
    "CAD": ("Canadian Dollar", "Dollar canadien", "Kanadischer Dollar", "Dólar canadiense", "Dólar canadense"),
    "AUD": ("Australian Dollar", "Dollar australien", "Australischer Dollar", "Dólar australiano"),
    "NZD": ("New Zealand Dollar",),
    "MXN": ("Mexican Peso", "Peso mexicain", "Mexikanischer Peso", "Peso mexicano"),
    "BRL": ("Brazilian Real", "Brazilian Reais", "Real brésilien", "Brasilianischer Real", "Real brasileño",
            "Real brasileiro", "Real", "Reais"),
    "SEK": ("Swedish Krona", "Swedish Kronor", "Svensk krona", "Svenska kronor", "Schwedische Krone"),
    "NOK": ("Norwegian Krone", "Norwegian Kroner", "Norsk krone", "Norske kroner"),
    "DKK": ("Danish Krone", "Danish Kroner", "Dansk krone", "Danske kroner", "Dänische Krone"),
    "PLN": ("Polish Zloty", "Zloty", "Złoty", "Polski złoty"),
    "CZK": ("Czech Koruna", "Czech Crown", "Česká koruna", "Kč"),
    "HUF": ("Hungarian Forint", "Forint", "Ft"),
    "RON": ("Romanian Leu", "Romanian Lei", "New Romanian Leu", "Leu românesc"),
    "BGN": ("Bulgarian Lev",),
    "ZAR": ("South African Rand", "Rand"),
    # Russian CRMs (amoCRM, Bitrix24, 1C) write the ruble's own abbreviation, its word, or RUR, its code before 1998
    "RUB": ("Russian Ruble", "Russian Rouble", "Российский рубль", "Рубль", "Рубли", "Рублей", "Руб", "RUR"),
    "UAH": ("Ukrainian Hryvnia", "Hryvnia", "Гривня", "Грн"),
    "KZT": ("Kazakhstani Tenge", "Tenge", "Тенге"),
    "TRY": ("Turkish Lira", "Türk lirası", "Türk Lirası"),
    "KRW": ("South Korean Won", "Korean Won", "원", "대한민국 원", "원화"),
    "SGD": ("Singapore Dollar",),
    "HKD": ("Hong Kong Dollar",),
    "TWD": ("New Taiwan Dollar", "Taiwan Dollar", "Taiwanese Dollar", "新台幣", "新臺幣"),
    "ILS": ("Israeli New Shekel", "New Israeli Shekel", "Israeli Shekel", "Shekel", "שקל חדש", "שקל", 'ש"ח'),
    "AED": ("UAE Dirham", "United Arab Emirates Dirham", "Emirati Dirham", "درهم إماراتي"),
    "SAR": ("Saudi Riyal", "ريال سعودي"),
    "QAR": ("Qatari Riyal", "Qatari Rial"),
    "ARS": ("Argentine Peso", "Peso argentino"),
    "CLP": ("Chilean Peso", "Peso chileno"),
    "COP": ("Colombian Peso", "Peso colombiano"),
    "PEN": ("Peruvian Sol", "Peruvian Nuevo Sol", "Sol peruano"),
    "UYU": ("Uruguayan Peso", "Peso uruguayo"),
    "IDR": ("Indonesian Rupiah", "Rupiah", "Rp"),
    "MYR": ("Malaysian Ringgit", "Ringgit", "RM"),
    "PHP": ("Philippine Peso", "Peso filipino"),
    "THB": ("Thai Baht", "Baht"),
    "VND": ("Vietnamese Dong",),
    "NGN": ("Nigerian Naira", "Naira"),
    "EGP": ("Egyptian Pound", "جنيه مصري"),
    "KES": ("Kenyan Shilling",),
    "MAD": ("Moroccan Dirham",),
}  # fmt: skip


def currency_name_key(text: str) -> str:
    """A currency's name as CURRENCY_NAMES are matched: lower case, without accents or punctuation, each word
    without a plural "s" ("U.S. Dollars" -> "u s dollar", "Złoty" -> "zloty")."""
    plain = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.findall(r"[^\W\d_]+", plain)
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


_CODE_OF_NAME = {currency_name_key(name): code for code, names in CURRENCY_NAMES.items() for name in names}
# "USD - US Dollar", "Euro (EUR)", "EUR €": an ISO code beside the currency's name or sign
_CODE_IN_TEXT = re.compile(r"(?<![A-Za-z])(" + "|".join(CURRENCY_CODES) + r")(?![A-Za-z])")


def currency_code_of(text: str | None) -> str | None:
    """The ISO code a currency column's cell names: a code in any case ("usd"), a sign of one currency ("€"), a
    currency's name ("US Dollar", "Euros", "Pound Sterling"), or a code beside its own name or sign ("USD - US
    Dollar"); None for anything else (a blank, "Dollar", "-99", an id)."""
    if text is None or not text.strip():
        return None
    cell = text.strip()
    if cell.upper() in CURRENCY_CODES:
        return cell.upper()
    if cell in SAME_CURRENCY and cell != "$":
        return SAME_CURRENCY[cell]
    if (named := _CODE_OF_NAME.get(currency_name_key(cell))) is not None:
        return named
    codes = set(_CODE_IN_TEXT.findall(cell))
    if len(codes) != 1:
        return None
    code = codes.pop()
    rest = _CODE_IN_TEXT.sub(" ", cell).strip(" -–—:()[]/,")
    if not rest or rest == "$":
        # a $ beside a code is that code's dollar (or peso)
        return code
    return code if (_CODE_OF_NAME.get(currency_name_key(rest)) or SAME_CURRENCY.get(rest)) == code else None


# a $ amount written with a dot between thousands or a decimal comma ("$ 25.000.000", "$ 1.234,56"): Latin America's
# peso sign, never a US dollar, so beside "US$ 5.000" in one column it is another currency
_LOCAL_DOLLAR = re.compile(r".*[0-9]\.[0-9]{3}\.[0-9]{3}(?![0-9]).*|.*[0-9]\.[0-9]{3},[0-9]+.*|.*[0-9],[0-9]{1,2}")


def _currencies(shapes: Mapping[str, list[str]]) -> dict[str, str]:
    """The currencies a column's cells name (one spelling each: $ and USD are one), with a cell naming each."""
    written = {
        cells[0]: m and (m["currency"] or m["currency_after"]) for cells in shapes.values() if (m := _match(cells[0]))
    }
    # one column writes one $: a peso's when any of its $ amounts is written as pesos are
    local = any(sign == "$" and _LOCAL_DOLLAR.fullmatch(cell.strip()) for cell, sign in written.items())
    found: dict[str, str] = {}
    for cell, sign in written.items():
        if sign:
            found.setdefault("$" if sign == "$" and local else SAME_CURRENCY.get(sign, sign), cell)
    return found


def _mixed_currencies(shapes: Mapping[str, list[str]]) -> ColumnFormat | None:
    """The refusal of a column whose amounts are in several currencies: adding them up means nothing."""
    found = _currencies(shapes)
    if len(found) < 2:
        return None
    shown = list(found.items())[:EXAMPLES_SHOWN]
    return ColumnFormat(
        None,
        "values are in several currencies ("
        + ", ".join(f"{cell} in {code}" for code, cell in shown)
        + "), which cannot be added up",
        tuple(cell for _, cell in shown),
        advice="export the amounts converted to one currency (HubSpot: 'Amount in company currency'; Salesforce: "
        "'Amount (converted)'; Dynamics 365: 'Est. Revenue (Base)') and read that column as the amount, or import "
        "one currency's rows only: a database's money is in one currency",
    )


# currencies written without a minor unit in practice: an amount of theirs with one separator before three digits
# (NT$1,235, ￦1,235, ¥ aside, which is the yuan's too) is whole units, never 1.235
NO_MINOR_UNIT = frozenset({"JPY", "KRW", "TWD", "CLP", "VND", "IDR", "HUF", "ISK"})


def _whole_currency(shapes: Mapping[str, list[str]]) -> str | None:
    """The currency of no minor unit every currency-marked cell of a column names (one code, NO_MINOR_UNIT), if any,
    when every cell is so marked."""
    found = _currencies(shapes)
    marked = all((m := _match(cells[0])) and (m["currency"] or m["currency_after"]) for cells in shapes.values())
    code = next(iter(found)) if len(found) == 1 else None
    return code if marked and code in NO_MINOR_UNIT else None


def _ambiguous(evidence: _Evidence, thousands: str | None) -> ColumnFormat:
    """The refusal of a column whose separator may be a decimal point or group thousands, no value saying which."""
    # 100.000 is a hundred thousand or a hundred, and no value in the column says which
    shown, sep = evidence.ambiguous, evidence.ambiguous_separator
    return ColumnFormat(
        None,
        f"values such as {', '.join(shown)} can be read with the separator as a decimal point or as a "
        "thousands separator, and no value in the column shows which",
        tuple(shown),
        # the separator as thousands (100.000 is a hundred thousand), or as the decimal point
        (
            NumberFormat(_other(sep), sep),
            NumberFormat(sep, thousands if thousands not in (None, sep) else _other(sep)),
        ),
    )


def _decide(
    shapes: Mapping[str, list[str]], declared: NumberFormat | None, stated: str = "the mapping file"
) -> ColumnFormat:
    mixed = _mixed_currencies(shapes)
    if mixed is not None:
        return mixed
    if declared is not None:
        misfit = _misfits(shapes, declared, f"as {stated} states")
        return misfit or ColumnFormat(declared, f"{declared.describe()} (stated in the mapping file)")
    evidence = _collect(shapes.values())
    if len(evidence.decimals) > 1:
        dot, comma = evidence.decimals["."], evidence.decimals[","]
        return ColumnFormat(
            None,
            f"values such as {dot[0]} need '.' as the decimal separator and values such as {comma[0]} need ','",
            (dot[0], comma[0]),
            (NumberFormat(",", "."), NumberFormat(".", ",")),
        )
    decimal = next(iter(evidence.decimals), None)
    if len(evidence.thousands) > 1:
        found = [(t, shown[0]) for t, shown in evidence.thousands.items()]
        return ColumnFormat(
            None,
            "values group thousands in different ways: " + ", ".join(f"{value} with {NAMES[t]}" for t, value in found),
            tuple(value for _, value in found),
            tuple(NumberFormat(decimal or _other(t), t) for t, _ in found if t != decimal),
        )
    thousands = next(iter(evidence.thousands), None)
    whole = _whole_currency(shapes) if decimal is None and evidence.ambiguous else None
    if whole is not None:
        # NT$1,235 and ￦1,235 are 1,235: their currencies write no minor unit, so the separator groups thousands
        decimal, thousands = _other(evidence.ambiguous_separator), evidence.ambiguous_separator
    elif decimal is None and evidence.ambiguous:
        return _ambiguous(evidence, thousands)
    fmt = NumberFormat(decimal or DEFAULT_DECIMAL, thousands or _other(decimal or DEFAULT_DECIMAL))
    return _decided(shapes, evidence, fmt, whole)


def _decided(
    shapes: Mapping[str, list[str]], evidence: _Evidence, fmt: NumberFormat, whole: str | None
) -> ColumnFormat:
    """A column read with the separators its values show (`whole`: its currency of no minor unit, which settled
    them), refused where a value does not fit them."""
    shown = [*evidence.decimals.get(fmt.decimal, [])[:2], *evidence.thousands.get(fmt.thousands or "", [])[:2]]
    shown = list(dict.fromkeys(shown or (evidence.ambiguous if whole else [])))[:EXAMPLES_SHOWN]
    misfit = _misfits(shapes, fmt, f"as values such as {', '.join(shown)} show" if shown else "the default")
    if misfit:
        return misfit
    if not shown:
        return ColumnFormat(fmt, f"{fmt.describe()} {UNSHOWN}")
    description = f"{fmt.describe()} (from values such as {', '.join(shown)})"
    if whole is not None:
        description = f"{fmt.describe()} (the amounts are in {whole}, which has no minor unit)"
    read_as = [f"{v} as {canonical_text(d)}" for v in evidence.ambiguous if (d := parse_amount(v, fmt)) is not None]
    if read_as:
        description += f"; so {', '.join(read_as)}"
    return ColumnFormat(fmt, description, tuple(shown))


def decide_format(
    values: Iterable[str], declared: NumberFormat | None = None, stated: str = "the mapping file"
) -> ColumnFormat:
    """The decimal and thousands separators of a column, from all its values (or as a mapping file declares;
    `stated`: what declares it, as the refusal names it)."""
    return _decide(_shapes(dict.fromkeys(values)), declared, stated)


def refusal_message(file_name: str, column: str, kind: str, result: ColumnFormat) -> str:
    """Why an undecided amount column is refused, with the mapping lines that settle it."""
    if result.decided:
        raise ValueError("the column's format is decided; there is nothing to refuse")
    example = result.examples[0] if result.examples else None
    readings = [parse_amount(example, fmt) if example is not None else None for fmt in result.options]
    # say what each line makes of the example when each reads it (a mixed column's example may fit one only)
    explain = all(r is not None for r in readings)
    ways = [
        fmt.mapping_line() + (f" if {example} means {canonical_text(r)}" if explain and r is not None else "")
        for fmt, r in zip(result.options, readings, strict=True)
    ]
    where = f"{file_name}, column {column}: {result.description}"
    if not ways:
        return f"{where}; {result.advice or 'correct them in the file'}"
    return (
        f"{where}; state the separators under [{kind}] in a mapping file (--mapping FILE; beside a --preset, a file of "
        f"that section and line alone adds them to the preset): {' or '.join(ways)}"
    )


def normalise_amount_column(
    con: duckdb.DuckDBPyConnection, table: str, column: str, declared: NumberFormat | None, exact: str = "false"
) -> ColumnFormat:
    """Decide a staged text column's number format and rewrite its amounts in place as plain decimal text.

    Cells that are not amounts stay exactly as the file wrote them, so the row check reports them with
    their row. Nothing is rewritten when the format is undecided: the caller refuses the file. `exact`: SQL true
    for the rows whose cell is a number already written plainly (a sheet's number cell, readers.exact_rows):
    they neither decide the separators nor are read with them, so 188.955 stays 188.955 beside "1.234,50 €".
    """
    q = store.quote_identifier(column)
    if readers.staged_types(con, table)[column] != "VARCHAR":
        # read typed (Parquet, Excel numbers): the reader holds numbers, not text
        return ColumnFormat(declared or NumberFormat(), "numbers as the file stores them")
    blanked = blank_no_values(con, table, q)
    result = _normalise_text_column(con, table, q, declared, exact)
    if blanked and result.format is not None:
        shown = ", ".join(f"{value!r} {n}" for value, n in blanked)
        total = sum(n for _, n in blanked)
        result = replace(
            result, description=f"{result.description}; {total} written as no amount ({shown}) read as blank"
        )
    return result


def blank_no_values(con: duckdb.DuckDBPyConnection, table: str, q: str) -> list[tuple[str, int]]:
    """Set cells that say there is no value (N/A, a dash) to blank, as an empty cell is: the row is kept without
    the amount (a won deal is still won) or the date (a lead never MQL) instead of being skipped as unparseable.
    Returns each such spelling with its count, for the report."""
    params = {"tokens": list(NO_AMOUNT)}
    found = con.execute(
        f"select trim({q}), count(*) from {table} where list_contains($tokens, lower(trim({q}))) group by 1 order by 1",
        params,
    ).fetchall()
    if found:
        con.execute(f"update {table} set {q} = null where list_contains($tokens, lower(trim({q})))", params)
    return [(value, n) for value, n in found]


def _normalise_text_column(
    con: duckdb.DuckDBPyConnection, table: str, q: str, declared: NumberFormat | None, exact: str
) -> ColumnFormat:
    """normalise_amount_column for a column staged as text."""
    # each distinct cell is read once, in Python; the column is rewritten by one update in DuckDB
    distinct = f"select distinct {q} from {table} where {q} is not null and not {exact} order by 1"
    values = [v for (v,) in con.execute(distinct).fetchall()]
    shapes = _shapes(values)
    result = _decide(shapes, declared)
    if result.format is None:
        return result
    originals, canonicals = [], []
    for cells in shapes.values():
        reading = _reading(cells[0], result.format)
        if reading is None:
            continue  # not a number: the row check reports each such cell
        for cell in cells:
            amount = _amount(cell, reading)
            if amount is None:
                # beyond a DOUBLE: 1 and 400 zeros would be cast to inf, not reported
                if CANONICAL_RE.fullmatch(cell.strip()):
                    return ColumnFormat(None, f"values such as {cell[:20]}… are too large to be amounts", (cell,))
                continue
            text = canonical_text(amount)
            if text != cell:
                originals.append(cell)
                canonicals.append(text)
    if originals:
        name = "_amount_canonical"
        con.register(name, pa.table({"original": pa.array(originals, pa.string()), "canonical": canonicals}))
        try:
            # every row is set, unread cells to themselves: DuckDB's UPDATE ... FROM join is 40 times
            # slower when it leaves a few rows of a column out (1 M rows: 16 s against 0.3 s)
            con.execute(
                f"update {table} set {q} = coalesce((select m.canonical from {name} as m where m.original = {q}), {q}) "
                f"where not {exact}"
            )
        finally:
            con.unregister(name)
    return result
