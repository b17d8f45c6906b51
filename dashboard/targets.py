"""Which targets fit a view: the company's with no dimension filter, the selected sources' sum when only
sources are selected, none comparable under any other filter (a persona has no target of its own)."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries import run

COMPANY = "company"
SOURCES = "sources"
NOT_COMPARABLE = "not_comparable"


def scope(filters: Filters) -> str:
    """'company', 'sources' or 'not_comparable' for the view's dimension filters."""
    if filters.besides_source():
        return NOT_COMPARABLE
    return SOURCES if filters.values("source") else COMPANY


def params(filters: Filters) -> dict[str, Any]:
    """The view's SQL parameters plus the target scope and the sources whose targets count."""
    return {**filters.to_params(), "target_scope": scope(filters), "target_sources": list(filters.values("source"))}


def totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per metric (index): target and count_months over the view's dates, for the targets that fit the view.

    Under a source filter a metric counts only when every selected source has a target for it: a sum that
    leaves a source out would look like that source's promise was zero.
    """
    table = run(con, "target_totals", params(filters)).set_index("metric")
    if scope(filters) == SOURCES:
        table = table[table["count_sources"] >= len(filters.values("source"))]
    return table[["target", "count_months"]]


def company_metrics(con: duckdb.DuckDBPyConnection, filters: Filters) -> frozenset[str]:
    """The metrics the company has a target for in the view's dates, whatever its dimension filters: under a
    persona filter only these are "not comparable"; the others have no target, filtered or not."""
    return frozenset(totals(con, Filters(date_from=filters.date_from, date_to=filters.date_to)).index)


def comparable(filters: Filters) -> bool:
    """Whether the view has targets of its own (company-wide or per source)."""
    return scope(filters) != NOT_COMPARABLE
