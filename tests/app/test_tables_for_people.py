"""Every table on every page speaks to people: labelled headers (no column names), no "None" or "nan" in a cell."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from app_helpers import shown_cells
from fixture_data import add_source_extras

from dashboard import store, tables

# each page, and each analysis of the pages that show one at a time, on the hand-counted fixture with its
# spend, touches and rejections; window 0 judges every lead (the fixture's leads are young)
VIEWS = [
    ("streamlit_app.py", {}),
    ("pages/1_Funnel.py", {"view": "breakdown"}),
    ("pages/1_Funnel.py", {"view": "cohorts", "step": "sql", "list": "dropped"}),
    ("pages/1_Funnel.py", {"view": "time"}),
    ("pages/2_SLA.py", {}),
    ("pages/2_SLA.py", {"by": "month"}),
    *[("pages/3_Sources.py", {"src_view": v}) for v in ("roi", "sourced", "trend", "rejected", "lost")],
    ("pages/3_Sources.py", {"by": "campaign"}),
    *[("pages/4_Friction.py", {"fr_view": v}) for v in ("checks", "stalled", "ideal")],
    ("pages/5_Accounts.py", {}),
    ("pages/8_Definitions.py", {}),
    ("pages/9_Data.py", {}),
]
# counting by account: the same tables with account headers, and lists of accounts (first lead, account key)
VIEWS += [
    ("streamlit_app.py", {"count_by": "account"}),
    ("pages/1_Funnel.py", {"view": "time", "count_by": "account"}),
    ("pages/3_Sources.py", {"src_view": "roi", "count_by": "account"}),
    ("pages/4_Friction.py", {"fr_view": "stalled", "count_by": "account"}),
    ("pages/4_Friction.py", {"fr_view": "ideal", "count_by": "account"}),
]
# no table here on the fixture: the Definitions page is words; no friction point is flagged on eight leads
NO_TABLE = ("pages/8_Definitions.py",)
# the names the queries give their columns, e.g. lead_id, clock_started_at, minutes_waited
FULL_MONEY = re.compile(r"\$\d{1,3}(,\d{3})+|\$\d+\.\d\d\b")
RAW_NAMES = {name for name, spec in tables.COLUMNS.items() if name != spec.label}


def unreadable_cells(frame: pd.DataFrame) -> list[tuple[str, object]]:
    """(header, value) of each cell Streamlit would draw as "None" (a missing value) or that reads None/nan."""
    bad = []
    for header in frame.columns:
        for value in frame[header]:
            missing = value is None or (not isinstance(value, str) and pd.isna(value))
            if missing or (isinstance(value, str) and value.strip().lower() in ("none", "nan", "nat")):
                bad.append((header, value))
    return bad


@pytest.mark.parametrize(("page", "query"), VIEWS, ids=[f"{p}-{'-'.join(q.values())}" for p, q in VIEWS])
def test_no_column_name_and_no_none_in_any_table(make_app, app_db, page, query):
    con = store.connect(app_db)
    add_source_extras(con)
    con.close()
    at = make_app(window="0", **query).run()
    if page != "streamlit_app.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    # the views without a table on this fixture: charts and sentences only
    assert len(at.dataframe) > 0 or query.get("src_view") in ("sourced", "trend") or page in NO_TABLE, query
    for element in at.dataframe:
        frame = element.value
        headers = [str(h) for h in frame.columns]
        assert not [h for h in headers if "_" in h or h in RAW_NAMES], headers
        assert unreadable_cells(frame) == [], headers
        # money in the one style of the page's tiles and sentences ($1.2k), never in full ($1,200) or with cents
        written = shown_cells(element)
        full = [v for column in written for v in written[column] if FULL_MONEY.search(str(v))]
        assert full == [], headers
