"""Trial 98 (F1, F4) on the landing page: tests/fix98future_fixture.py's rows (five leads 3 Oct - 14 Nov 2025, lead F
created 20 Dec 2099, C's deal won with its close date 15 Jan 2099 left ahead, D's won on 12 Nov 2025 for $500). The
"All dates" tiles count 5 leads, 1 won deal, $500 (were 6, 2, $1.5k), and the stage entries per month end on Nov 2025
(no 2099 point for F's creation or C's win)."""

from __future__ import annotations

import json

import pytest
from fix98future_fixture import DEALS, LEADS
from fixture_data import load

from dashboard import store


@pytest.fixture
def fixture_db_path(tmp_path) -> str:
    """This file's data instead of the shared fixture (make_app opens whatever this names)."""
    path = str(tmp_path / "future98.duckdb")
    con = store.connect(path)
    load(con, LEADS, DEALS)
    con.close()
    return path


def test_all_dates_and_the_monthly_chart_stop_at_the_data_s_today(make_app):
    at = make_app().run()
    assert not at.exception, [e.message for e in at.exception]
    # the filtered view's tiles come last: leads A-E, MQL A C D, SQL C D, opportunities C D, won D2 ($500)
    filtered = {m.label: m.value for m in at.metric[-6:]}
    assert filtered == {
        "Leads": "5",
        "MQLs": "3",
        "SQLs": "2",
        "Opportunities": "2",
        "Won deals": "1",
        "Revenue": "$500",
    }
    chart = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if [t.get("name") for t in json.loads(c.proto.spec)["data"]][:1] == ["Lead"]
    )
    months = {str(x)[:7] for trace in chart["data"] for x in trace["x"]}
    assert months == {"2025-10", "2025-11"}
