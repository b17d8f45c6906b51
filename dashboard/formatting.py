"""Number and table formatting shared by pages, charts, reports and downloads."""

from __future__ import annotations

import re

import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

from dashboard import config

# a cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# what Markdown (GitHub's, with Streamlit's additions) can read as markup in one line of text; a backslash
# makes each plain text. Links, images and :colour[…] directives need [ ]; HTML and autolinks < >; maths $;
# bare links http:// www. and a@b.c a colon before a letter or slash, a dot before a word character, an @;
# emphasis * ~ ` and _ at a word's edge (paid_search stays as it is); lists, headings and quotes a first - + # > =
_MARKDOWN_SPECIAL = re.compile(r"^\d+[.)]|[\\`*<>\[\]|~$&@]|(?<!\w)_|_(?!\w)|:(?=[A-Za-z/])|\.(?=\w)|^[-+#>=]")


def fmt_int(value: float | None) -> str:
    """1234567 -> '1,234,567'; None -> '–'."""
    return "–" if value is None else f"{value:,.0f}"


def fmt_pct(value: float | None, digits: int = 1) -> str:
    """0.1234 -> '12.3%'; None -> '–'."""
    return "–" if value is None else f"{value:.{digits}%}"


def fmt_money(value: float | None) -> str:
    """Compact money: 1234567 -> '$1.23M', 45600 -> '$45.6k', 950 -> '$950'."""
    if value is None:
        return "–"
    sign, v = ("-" if value < 0 else ""), abs(value)
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if v >= threshold:
            return f"{sign}{config.CURRENCY_SYMBOL}{v / threshold:.3g}{suffix}"
    return f"{sign}{config.CURRENCY_SYMBOL}{v:,.0f}"


def fmt_minutes(value: float | None) -> str:
    """42.4 -> '42 min'; None -> '–'."""
    return "–" if value is None else f"{value:,.0f} min"


def csv_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, with a ' in front (OWASP's advice); anything else as is.

    A carriage return inside a cell becomes a line feed: the CSV writer quotes a cell with a line feed, but
    not one with a lone carriage return, which a spreadsheet reads as a new row (whose first cell could be
    a formula)."""
    if not isinstance(value, str):
        return value
    safe = "'" + value if value.startswith(FORMULA_START) else value
    return safe.replace("\r\n", "\n").replace("\r", "\n") if "\r" in safe else safe


def _csv_safe_column(column: pd.Series) -> pd.Series:
    if is_numeric_dtype(column) or is_datetime64_any_dtype(column) or is_bool_dtype(column):
        return column  # numbers stay numbers: -5 is not a formula
    try:
        risky = (
            column.str.startswith(FORMULA_START, na=False) | column.str.contains("\r", na=False, regex=False)
        ).astype(bool)
    except (AttributeError, TypeError):  # not text: dates, lists… in an object column
        risky = column.map(lambda v: csv_safe(v) is not v).astype(bool)
    if not risky.any():
        return column
    out = column.astype(object)
    out[risky] = [csv_safe(v) for v in column[risky]]
    return out


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as the UTF-8 CSV every download and export uses (no index column); text cells (and headers)
    that start with = + - @ tab or carriage return get a ' in front, so no spreadsheet runs them (csv_safe)."""
    safe = pd.DataFrame({i: _csv_safe_column(table.iloc[:, i]) for i in range(table.shape[1])}, index=table.index)
    safe.columns = [csv_safe(name) for name in table.columns]
    return safe.to_csv(index=False).encode("utf-8")


def md_text(value: object) -> str:
    """Any value (a source, a URL parameter, a file name…) as Markdown that Streamlit shows as exactly that text.

    Every character that could start markup there (links, images, HTML and autolinks, :red[…] colour directives,
    $…$ maths, emphasis, lists and headings) gets a backslash; line breaks become spaces.
    """
    # "12. x" at the start would be a numbered list: the backslash goes before its dot
    return _MARKDOWN_SPECIAL.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], " ".join(str(value).splitlines()))


def fmt_count(value: int, noun: str, plural: str | None = None) -> str:
    """(1, 'row') -> '1 row'; (3, 'row') -> '3 rows'; thousands separated."""
    return f"{value:,} {noun if value == 1 else plural or noun + 's'}"
