"""Number and table formatting shared by pages, charts, reports and downloads."""

from __future__ import annotations

import pandas as pd

from dashboard import config


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


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as the UTF-8 CSV every download and export uses (no index column)."""
    return table.to_csv(index=False).encode("utf-8")


def fmt_count(value: int, noun: str, plural: str | None = None) -> str:
    """(1, 'row') -> '1 row'; (3, 'row') -> '3 rows'; thousands separated."""
    return f"{value:,} {noun if value == 1 else plural or noun + 's'}"
