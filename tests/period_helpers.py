"""What the period tests (test_fix91.py, test_fixstart.py) read: a period's tiles by key, and the report's words."""

from __future__ import annotations

import re

import duckdb

from dashboard import overview
from dashboard.filters import Filters


def kpis(con: duckdb.DuckDBPyConnection, period: str, filters: Filters | None = None) -> dict[str, overview.Kpi]:
    """The period's tiles by key, under the view (none: the whole data)."""
    return {k.key: k for k in overview.kpis(con, filters or Filters(), period)}


def report_text(page: str) -> str:
    """The report's words without its tags (cells and lines joined by a bar)."""
    body = page.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " | ", body))
