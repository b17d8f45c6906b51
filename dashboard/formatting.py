"""Numbers, dates and codes written for people: the one house style of pages, charts, reports and downloads.

The rules (every page, chart, tile and the report follow them; tables apply them through dashboard.tables):
- Money carries the symbol of the data's currency (money_symbol: the one its imports stated, else
  config.CURRENCY_SYMBOL) and never cents, and has one style on screen: compact (fmt_money, 3 significant digits:
  $950, $45.6k, $1.23M) on tiles, in sentences, on chart axes and in tables, so a table never says "$5,567,060"
  beside a sentence's "$5.57M". A table's money cells stay numbers (tables.styled writes them), so a click on the
  header sorts by the exact amount; exact amounts are in the CSV downloads (the Sources table has
  its own), the `metrics` JSON and the charts' hovers. fmt_money_full ($3,602,760) is only for echoing an amount
  typed into an input, which a number field cannot write with separators.
- Counts have thousands separators (11,998). Measured rates and shares have one decimal (fmt_pct: 12.3%, "87.8%
  of the period gone"); a threshold from the configuration is written as it is set ("under the agreed 80%").
- Durations: minutes under two hours (119 min), hours under two days (2.0 h, 47 h), then days (3.5 days,
  1,079 days): whole hours and days from 10 up, one decimal below. One lead's wait beside its verdict (fmt_wait) is
  never written less than it is: a minute's fraction with one decimal (60.5 min), hours and days rounded up.
- Dates in the UI have no seconds or microseconds (2025-02-14 09:30); CSV downloads keep ISO seconds.
- A value that cannot be known (None, NaN, NaT) is an en dash, "–", never "None" or "nan".
- Codes (no_budget, waiting_overdue, stage codes) are shown as words (label_code); so are source, campaign, region
  and industry codes (label_value: paid_search -> Paid search, north_america -> North America), wherever a value
  reaches the screen or the report; a source the company spells itself ("Inside Sales", "Website") stays as it is.
  Filters, links and the database keep the stored value, and colours are keyed by it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype
from typing_extensions import TypeIs

from dashboard import config

# per page run (a context of its own): one server may serve data in euros while a test formats dollars
_SYMBOL: ContextVar[str] = ContextVar("money_symbol", default=config.CURRENCY_SYMBOL)


def use_currency(code: str | None) -> None:
    """Show money in this context with the currency's symbol (an ISO code; None: config.CURRENCY_SYMBOL): a page
    run's, in the thread Streamlit runs it in."""
    _SYMBOL.set(_symbol_of(code))


@contextmanager
def in_currency(code: str | None) -> Iterator[None]:
    """Write money with the currency's symbol inside the block only (a command's or a report's output)."""
    token = _SYMBOL.set(_symbol_of(code))
    try:
        yield
    finally:
        _SYMBOL.reset(token)


def _symbol_of(code: str | None) -> str:
    return config.CURRENCY_SYMBOL if code is None else config.CURRENCY_SYMBOLS.get(code, f"{code}\u00a0")


def money_symbol() -> str:
    """The symbol money is written with here: '$', '€', 'CHF ' (a code without a symbol of its own)."""
    return _SYMBOL.get()


DASH = "–"  # an en dash: the one mark for a value that cannot be known
MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24
MINUTES_PER_DAY = MINUTES_PER_HOUR * HOURS_PER_DAY
_CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+|[a-z]+")

# a cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# ... unless it is a plain negative number (-20, -1.5), which a spreadsheet reads as that number, not a formula. a
# + stays guarded: +4915112345678 unguarded is read as the number 4915112345678, the phone's + lost (review 30a)
_PLAIN_NUMBER = re.compile(r"-(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# what Markdown (GitHub's, with Streamlit's additions) can read as markup in one line of text; a backslash
# makes each plain text. Links, images and :colour[…] directives need [ ]; HTML and autolinks < >; maths $;
# bare links http:// www. and a@b.c a colon before a letter or slash, a dot before a word character, an @;
# emphasis * ~ ` and _ at a word's edge (paid_search stays as it is); lists, headings and quotes a first - + # > =
_MARKDOWN_SPECIAL = re.compile(r"^\d+[.)]|[\\`*<>\[\]|~$&@]|(?<!\w)_|_(?!\w)|:(?=[A-Za-z/])|\.(?=\w)|^[-+#>=]")
# what Streamlit's page rewrites in the text a backslash leaves: :rocket: and :+1: to emoji, :material/home: and
# :material_home: to icons, :streamlit: to its logo, and a lone -> <- <-> -- >= <= ~= to → ← ↔ — ≥ ≤ ≈. A word
# joiner (U+2060, invisible, no line break) after the colon or the first mark leaves them as typed
WORD_JOINER = "\u2060"
_SHORTCODE = re.compile(r":(?=[\w+\-/]+:)")
_TYPOGRAPHY = re.compile(r"(?<!\S)(?:<->|->|<-|--|>=|<=|~=)(?!\S)")


def is_missing(value: object) -> TypeIs[None]:
    """True for None, NaN, NaT and pd.NA: a value that cannot be known, shown as DASH (typed as None so that
    the type checker knows a value that is not missing is a number)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array is a value, not a missing one
        return False


def fmt_int(value: float | None) -> str:
    """A count with thousands separators: 1234567 -> '1,234,567', 1999999.5 -> '2,000,000'; missing -> '–'."""
    return DASH if is_missing(value) else f"{value:,.0f}"


def fmt_decimal(value: float | None, digits: int = 1) -> str:
    """A number with separators and `digits` decimals: 2579.084 -> '2,579.1'; missing -> '–'."""
    return DASH if is_missing(value) else f"{value:,.{digits}f}"


def fmt_plan(value: float | None) -> str:
    """A planned count: whole as a count, one decimal when pro rata made it a fraction (4.52 MQLs -> '4.5'), so that
    the percentage beside it (6 of 4.52: 132.9 %) reads from what is written ("6 of 5 planned (132.9%)" did not)."""
    if is_missing(value):
        return DASH
    return fmt_int(value) if round(float(value), 6).is_integer() else fmt_decimal(value)


def round_half_away(value: float, digits: int) -> float:
    """The value rounded to `digits` decimals as a person rounds, halves away from zero as they are written
    (0.25 -> 0.3, 1.25 -> 1.3, -0.125 at 2 -> -0.13): Python's and the browser's float rounding wrote ROAS 1.25 as
    "1.2×" and ROI 0.25 as "0.2×"."""
    if not math.isfinite(value):
        return value
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(exact)


def cents_adding_up(values: Sequence[float], total: float) -> list[float]:
    """Amounts to the cent, halves away from zero (round_half_away), that add up to the total to the cent, as the
    amounts themselves do: where the rounded ones add up to a cent or more off, each such cent is taken from (or given
    to) the amount rounding moved most the other way (largest remainder), the first in order among equal ones.
    Probe 79's U-shaped credits rounded one by one added up to $0.01 more than the won revenue they share."""
    cents = Decimal("0.01")
    exact = [Decimal(repr(float(v))) for v in values]
    rounded = [v.quantize(cents, rounding=ROUND_HALF_UP) for v in exact]
    off = int((Decimal(repr(float(total))).quantize(cents, rounding=ROUND_HALF_UP) - sum(rounded)) / cents)
    # more cents off than amounts: the total is not theirs (a source filter's rows), nothing to make up
    if off and abs(off) <= len(rounded):
        # a cent added where rounding took the most off, taken where it added the most
        order = sorted(range(len(exact)), key=lambda i: (exact[i] - rounded[i]) * (1 if off < 0 else -1))
        for i in order[: abs(off)]:
            rounded[i] += cents if off > 0 else -cents
    return [float(v) for v in rounded]


def fmt_multiple(value: float | None) -> str:
    """A ratio or lift as a multiple, always one decimal, so a column of them lines up: 4 -> '4.0×',
    3.14 -> '3.1×', 1.25 -> '1.3×' (halves away from zero), -0.034 -> '-0.0×' (the minus keeps a small loss
    visible); missing -> '–'."""
    if is_missing(value):
        return DASH
    return f"{'-' if value < 0 else ''}{round_half_away(abs(value), 1):,.1f}×"


def fmt_return(value: float | None) -> str:
    """A return on investment, (revenue − cost) ÷ cost, as a signed percentage with one decimal: 1.027 ->
    '+102.7%', 0.25 -> '+25.0%', -1 -> '-100.0%' (as a multiple "1.0×" read like break-even, ROAS's unit);
    missing -> '–'."""
    if is_missing(value):
        return DASH
    shown = round_half_away(value * 100, 1)
    return f"{'+' if shown > 0 else '-' if shown < 0 else ''}{abs(shown):,.1f}%"


def fmt_pct(value: float | None, digits: int = 1, sign: bool = False) -> str:
    """A rate with one decimal, halves away from zero as a reader rounds: 0.1234 -> '12.3%', 9/16 -> '56.3%' (the
    float format rounds halves to even: '56.2%'); sign: '+56.3%'; missing -> '–'."""
    if is_missing(value):
        return DASH
    if not math.isfinite(value):
        return f"{value:{'+' if sign else ''}.{digits}%}"
    return f"{_pct_decimal(value, digits):{'+' if sign else ''}.{digits}f}%"


def _pct_decimal(value: float, digits: int) -> Decimal:
    # the decimal the float is written as, times 100: 0.145 is 14.5 %, not 14.499999999999998
    return Decimal(repr(float(value))).scaleb(2).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def pct_number(value: float, digits: int = 1) -> float:
    """A rate as the percentage fmt_pct writes, as a number (a CSV's or an input's): 23/80 -> 28.8, where
    round(0.2875 * 100, 1) gives 28.7 (the product is 28.749999999999996); a non-finite value as it is."""
    if not math.isfinite(value):
        return value
    return float(_pct_decimal(value, digits))


def fmt_points(rate: float, baseline: float) -> str:
    """The gap between two rates in points, as the difference of the two rates as fmt_pct shows them (27.749 %
    against 37.451 % reads 27.7 % and 37.5 %: '-9.8', which is what a reader subtracting them gets, not '-9.7')."""
    shown = [float(fmt_pct(r).rstrip("%")) for r in (rate, baseline)]
    return f"{shown[0] - shown[1]:+.1f}"


_MONEY_UNITS = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
MONEY_DIGITS = 3  # significant digits of compact money


def _money_unit(value: float, keep_zeros: bool = False) -> tuple[float, str, int]:
    """The unit (divisor, suffix) of an amount in compact money and the decimals its 3 significant digits need
    there, trailing zeros dropped unless `keep_zeros`: 2_260_000 -> (1e6, 'M', 2), 2_300_000 -> (1e6, 'M', 1),
    126_000 -> (1e3, 'k', 0), 950 -> (1, '', 0)."""
    v = _significant(abs(value))  # rounded first: 999,999.5 is $1M, not $1000k
    for threshold, suffix in _MONEY_UNITS:
        if v >= threshold:
            places = max(0, MONEY_DIGITS - len(str(int(v // threshold))))
            while places and not keep_zeros and f"{v / threshold:.{places}f}".endswith("0"):  # $2.3M on its own
                places -= 1
            return threshold, suffix, places
    return 1.0, "", 0


def _significant(value: float) -> float:
    """A non-negative amount at MONEY_DIGITS significant digits, halves away from zero as a person rounds them
    (132,500 -> 133,000 as 3,500 -> 4,000: ':.3g' rounded halves to even and wrote "$132k" beside "$4k", trial 51)."""
    if not math.isfinite(value) or value == 0:
        return value
    exact = Decimal(repr(float(value)))
    return float(exact.quantize(Decimal(1).scaleb(exact.adjusted() + 1 - MONEY_DIGITS), rounding=ROUND_HALF_UP))


def _money_in(value: float, unit: tuple[float, str, int]) -> str:
    threshold, suffix, decimals = unit
    # halves away from zero, as _money_unit rounds ('.0f' rounds them to even)
    amount = abs(value) / threshold
    # beyond 1e15 there is no half left to round (and Decimal's 28 digits overflow near the largest double)
    shown = round_half_away(amount, decimals) if amount < 1e15 else amount
    sign = "-" if value < 0 and shown > 0 else ""
    return f"{sign}{money_symbol()}{shown:,.{decimals}f}{suffix}"


def fmt_money(value: float | None) -> str:
    """Compact money for a tile or a sentence (3 significant digits): 1234567 -> '$1.23M', 45600 -> '$45.6k',
    999999.5 -> '$1M', 950 -> '$950', -1200 -> '-$1.2k'; missing -> '–'. A column of amounts: fmt_money_column."""
    if is_missing(value):
        return DASH
    if math.isinf(value):
        return f"{'-' if value < 0 else ''}{money_symbol()}inf"
    return _money_in(value, _money_unit(value))


def money_decimals(values: Iterable[float | None]) -> dict[str, int]:
    """The decimals of each unit (k, M, B) in a column of compact money: the most any of its amounts needs, at most
    the 3 significant digits of the unit's largest amount."""
    amounts = [float(v) for v in values if not is_missing(v) and not math.isinf(float(v))]
    decimals: dict[str, int] = {}
    largest: dict[str, float] = {}
    for amount in amounts:
        _, suffix, places = _money_unit(amount)
        decimals[suffix] = max(decimals.get(suffix, 0), places)
        largest[suffix] = max(largest.get(suffix, 0.0), abs(amount))
    for suffix, top in largest.items():
        decimals[suffix] = min(decimals[suffix], _money_unit(top, keep_zeros=True)[2])
    return decimals


def table_money_decimals(columns: Iterable[Iterable[float | None]]) -> dict[str, int]:
    """The decimals of each unit shared by a table's money columns (the most any column uses), so one amount is
    written one way in the whole table: the Sources step table wrote $1,000 "$1k" under Cost / SQL and "$1.00k"
    under Cost / opp."""
    shared: dict[str, int] = {}
    for column in columns:
        for suffix, places in money_decimals(column).items():
            shared[suffix] = max(shared.get(suffix, 0), places)
    return shared


def fmt_money_column(values: Iterable[float | None], decimals: dict[str, int] | None = None) -> list[str]:
    """A column of compact money in one style: each amount in its own unit (k, M, B) and every cell of a unit with
    the same decimals: the most any of them needs, at most the 3 significant digits of the unit's largest amount
    ($2.30M beside $2.26M, never $2.3M; $134k beside $8k, not $8.06k; $3k beside $1k); missing -> '–'. `decimals`:
    a table's shared ones (table_money_decimals), never more than 3 significant digits of the cell itself."""
    cells = list(values)
    shared = money_decimals(cells) if decimals is None else decimals
    out = []
    for cell in cells:
        if is_missing(cell) or math.isinf(float(cell)):
            out.append(fmt_money(cell))
            continue
        threshold, suffix, _ = _money_unit(float(cell))
        places = min(shared.get(suffix, 0), _money_unit(float(cell), keep_zeros=True)[2])
        out.append(_money_in(float(cell), (threshold, suffix, places)))
    return out


def fmt_money_full(value: float | None) -> str:
    """Full money for tables and exact amounts, whole units: 3602760.4 -> '$3,602,760'; missing -> '–'."""
    if is_missing(value):
        return DASH
    shown = round_half_away(abs(value), 0) if abs(value) < 1e15 else abs(value)  # halves away, as compact money
    return f"{'-' if value <= -0.5 else ''}{money_symbol()}{shown:,.0f}"  # -0.4 is $0, not -$0


WHOLE_FROM = 10  # hours and days from 10 up are whole ("1,079 days"), below it one decimal ("2.0 h", "3.5 days")


def _amount(value: float) -> str:
    # compared as shown: 9.96 is "10", not "10.0"; one rule for every hour and day figure, so "1,078.6 days"
    # never stands next to "1,043 days"
    return f"{value:,.0f}" if round(value, 1) >= WHOLE_FROM else f"{value:,.1f}"


def fmt_duration(minutes: float | None) -> str:
    """A duration given in minutes: '42 min' under two hours, then hours ('2.0 h', '9.5 h', '47 h') under two days,
    then days ('3.5 days', '1,078 days'): whole from 10 up, one decimal below; missing -> '–'."""
    if is_missing(minutes):
        return DASH
    sign, m = ("-" if minutes < 0 else ""), abs(minutes)
    # compared as shown (rounded), so 119.6 minutes is "2 h", not "120 min"; no round(): infinity stays "inf"
    if m < MINUTES_PER_HOUR * 2 - 0.5:
        return f"{sign}{m:,.0f} min"
    if m / MINUTES_PER_HOUR < HOURS_PER_DAY * 2 - 0.05:
        return f"{sign}{_amount(m / MINUTES_PER_HOUR)} h"
    return f"{sign}{_amount(m / MINUTES_PER_DAY)} days"


def fmt_business_duration(minutes: float | None) -> str:
    """Working time given in minutes: '42 min' under two hours, then business hours ('9.5 business h', '2,016
    business h'), never days: a day of 24 hours is no working day (2,016 business hours read "84 days");
    missing -> '–'."""
    if is_missing(minutes):
        return DASH
    sign, m = ("-" if minutes < 0 else ""), abs(minutes)
    if m < MINUTES_PER_HOUR * 2 - 0.5:
        return f"{sign}{m:,.0f} min"
    return f"{sign}{_amount(m / MINUTES_PER_HOUR)} business h"


def round_up(value: float, digits: int) -> float:
    """The value rounded up to `digits` decimals, as a wait is written (60.5 -> 61 at 0, 60.04 -> 60.1 at 1); float
    noise below a millionth is dropped first, so 601.0000000000001 tenths stay 60.1, not 60.2."""
    if not math.isfinite(value):
        return value
    exact = Decimal(repr(round(float(value), 6))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_CEILING)
    return float(exact)


def _wait_amount(value: float) -> str:
    # as _amount writes hours and days, rounded up, but from 10 up whole only when whole: 10.02 h rounded up to
    # "11 h" read over a 620-minute SLA (10.3 h) a lead still waiting within it (review 86); 8.01 is "8.1 h"
    tenths = round_up(value, 1)
    return f"{tenths:,.0f}" if tenths >= WHOLE_FROM and tenths.is_integer() else f"{tenths:,.1f}"


def fmt_wait(minutes: float | None, business: bool = False) -> str:
    """One lead's wait beside its verdict against the SLA: as fmt_duration (business: fmt_business_duration) writes
    it, but never less than the wait: minutes whole when whole, else with one decimal ('60 min', '60.5 min', 60.04
    -> '60.1 min'), hours and days rounded up at the precision shown (480.5 min -> '8.1 h'). Rounded to the nearest,
    60.5 minutes read "60 min" beside "Contacted late" under a 60-minute SLA (trial 67); rounded up at the
    precision shown, a wait over a whole number of minutes always reads over it; missing -> '–'."""
    if is_missing(minutes):
        return DASH
    sign, m = ("-" if minutes < 0 else ""), abs(minutes)
    shown = round_up(m, 1)
    if shown < MINUTES_PER_HOUR * 2:
        return f"{sign}{shown:,.0f} min" if shown.is_integer() else f"{sign}{shown:,.1f} min"
    if business:
        return f"{sign}{_wait_amount(m / MINUTES_PER_HOUR)} business h"
    if round_up(m / MINUTES_PER_HOUR, 1) < HOURS_PER_DAY * 2:
        return f"{sign}{_wait_amount(m / MINUTES_PER_HOUR)} h"
    return f"{sign}{_wait_amount(m / MINUTES_PER_DAY)} days"


def fmt_minutes(value: float | None) -> str:
    """A duration in minutes, as fmt_duration writes it (kept for callers of the old name)."""
    return fmt_duration(value)


def fmt_days(value: float | None) -> str:
    """A number of days as fmt_duration writes days: 3.25 -> '3.2 days', 1078.6 -> '1,079 days'; missing -> '–'."""
    return DASH if is_missing(value) else f"{_amount(value)} days"


def fmt_date(value: object) -> str:
    """A date or timestamp as a day: '2025-02-14'; missing -> '–'."""
    return DASH if is_missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def fmt_datetime(value: object) -> str:
    """A timestamp to the minute, no seconds or microseconds: '2025-02-14 09:30' (midnight: the day only)."""
    if is_missing(value):
        return DASH
    stamp = pd.Timestamp(value)
    return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%d %H:%M")


def label_code(value: object) -> str:
    """A code as words: a stage code its stage label ('sql' -> 'SQL'), a configured code its label,
    any other snake_case code capitalised ('no_budget' -> 'No budget'); other text as it is; missing -> '–'."""
    if is_missing(value):
        return DASH
    text = str(value)
    known = config.STAGE_LABELS.get(text) or config.CODE_LABELS.get(text) or config.VALUE_LABELS.get(text)
    if known:
        return known
    if _CODE.fullmatch(text):
        words = [w.upper() if w in config.CODE_CAPITALS else config.CODE_BRANDS.get(w, w) for w in text.split("_") if w]
        sentence = " ".join(words)
        return sentence[:1].upper() + sentence[1:]
    return text


def label_account(key: object) -> str:
    """An account key as people read it: a lead without a company is an account of its own, keyed 'lead:<lead id>'
    in the data ('lead:L123' -> 'No company (lead L123)'); a company's key as it is; missing -> '–'."""
    if is_missing(key):
        return DASH
    text = str(key)
    if text.startswith(config.LONE_LEAD_KEY_PREFIX):
        return config.LONE_LEAD_ACCOUNT_LABEL.format(lead_id=text.removeprefix(config.LONE_LEAD_KEY_PREFIX))
    return text


def label_value(dimension: str, value: object) -> str:
    """A stored value of a dimension as people read it: a source, campaign, region or industry code in words
    ('paid_search' -> 'Paid search', 'events' -> 'Events', 'north_america' -> 'North America'), a value that is not
    a code ('Inside Sales') and other dimensions' values (personas, segments, owners) as the data spells them;
    missing -> '–'. The one place a dimension value becomes its label."""
    if is_missing(value):
        return DASH
    return label_code(value) if dimension in config.WORDED_DIMENSIONS else str(value)


def csv_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, with a ' in front (OWASP's advice); anything else, a plain
    negative number written as text ('-20') included, as is.

    A carriage return inside a cell becomes a line feed: the CSV writer quotes a cell with a line feed, but
    not one with a lone carriage return, which a spreadsheet reads as a new row (whose first cell could be
    a formula)."""
    if not isinstance(value, str):
        return value
    safe = "'" + value if value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value) else value
    return safe.replace("\r\n", "\n").replace("\r", "\n") if "\r" in safe else safe


def _csv_safe_column(column: pd.Series) -> pd.Series:
    if is_datetime64_any_dtype(column):
        return column.dt.floor("s")  # ISO seconds: microseconds are noise in a spreadsheet
    if is_numeric_dtype(column) or is_bool_dtype(column):
        return column  # numbers stay numbers: -5 is not a formula
    try:
        formula = column.str.startswith(FORMULA_START, na=False) & ~column.str.fullmatch(_PLAIN_NUMBER, na=False)
        risky = (formula | column.str.contains("\r", na=False, regex=False)).astype(bool)
    except (AttributeError, TypeError):  # not text: dates, lists… in an object column
        risky = column.map(lambda v: csv_safe(v) is not v).astype(bool)
    if not risky.any():
        return column
    out = column.astype(object)
    out[risky] = [csv_safe(v) for v in column[risky]]
    return out


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as the UTF-8 CSV every download and export uses (no index column); text cells (and headers)
    that start with = + - @ tab or carriage return get a ' in front, so no spreadsheet runs them, unless they are a
    plain negative number such as -20 (csv_safe)."""
    safe = pd.DataFrame({i: _csv_safe_column(table.iloc[:, i]) for i in range(table.shape[1])}, index=table.index)
    safe.columns = [csv_safe(name) for name in table.columns]
    return safe.to_csv(index=False).encode("utf-8")


def md_text(value: object) -> str:
    """Any value (a source, a URL parameter, a file name…) as Markdown that Streamlit shows as exactly that text.

    Every character that could start markup there (links, images, HTML and autolinks, :red[…] colour directives,
    $…$ maths, emphasis, lists and headings) gets a backslash; line breaks become spaces. What Streamlit rewrites
    after reading the Markdown (:rocket: to an emoji, :material/home: to an icon, a lone -> to an arrow) gets an
    invisible word joiner instead: ':\u2060rocket: launch'.
    """
    text = _TYPOGRAPHY.sub(lambda m: m.group()[0] + WORD_JOINER + m.group()[1:], " ".join(str(value).splitlines()))
    text = _SHORTCODE.sub(":" + WORD_JOINER, text)
    # "12. x" at the start would be a numbered list: the backslash goes before its dot
    return _MARKDOWN_SPECIAL.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)


def quoted(value: object) -> str:
    """A value from the data in a message, as the file wrote it between plain quotes: C:\\leads -> 'C:\\leads'
    (repr doubled the backslash); a line break or tab inside shows as \\n, \\r, \\t; missing -> '–'."""
    if is_missing(value):
        return DASH
    return "'" + str(value).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'"


def fmt_count(value: int, noun: str, plural: str | None = None) -> str:
    """(1, 'row') -> '1 row'; (3, 'row') -> '3 rows'; thousands separated."""
    return f"{value:,} {noun if value == 1 else plural or noun + 's'}"


def with_article(noun: str) -> str:
    """'lead' -> 'a lead'; 'account' -> 'an account' (by its first letter, as the nouns the pages count read)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def plain_number(value: float) -> str:
    """70,000 or 12.5: a number as a person writes it, for a message."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def word_list(words: Iterable[str], conjunction: str = "and") -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b and c' (or 'a, b or c' with conjunction 'or'); no serial comma."""
    items = list(words)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def other_group(dimension: str, count: int) -> str:
    """The name of the bucket of a dimension's values past a chart's top N: 'Other sources (4)'."""
    return config.OTHER_GROUP_LABEL.format(plural=config.DIMENSION_PLURALS[dimension], count=fmt_int(count))
