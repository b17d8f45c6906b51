"""The Sources table's won deals without an amount, counted by hand: in Won, not in Revenue, and said under the table,
in the report and in the metrics JSON."""

from __future__ import annotations

import pytest
from db_copies import built_copy
from fixture_data import NO_AMOUNT_DEALS as DEALS
from fixture_data import NO_AMOUNT_LEADS as LEADS
from fixture_data import load

from dashboard import config, report, sources
from dashboard.filters import Filters


@pytest.fixture
def con(tmp_path):
    connection, _ = built_copy(f"{__name__} con", lambda db, _folder: load(db, LEADS, DEALS), tmp_path / "w.duckdb")
    yield connection
    connection.close()


def test_each_source_counts_its_wins_without_an_amount(con):
    table = sources.source_table(con, Filters()).set_index("source")
    assert table.loc["web", ["count_won", "count_won_without_amount", "revenue"]].tolist() == [2, 1, 1000]
    assert table.loc["email", ["count_won", "count_won_without_amount", "revenue"]].tolist() == [1, 1, 0]


def test_the_caveat_names_the_rows_and_their_count(con):
    rows = sources.with_model(
        sources.source_table(con, Filters()), sources.attribution(con, Filters()), config.DEFAULT_ATTRIBUTION_MODEL
    )
    # 1 + 1 = 2 wins without an amount; a tie of one each is named in source order (email before web)
    assert sources.revenue_caveat(rows) == (
        "Revenue leaves out 2 won deals without an amount (Email 1, Web 1): they count in Won and add nothing to "
        "revenue, ROI or ROAS."
    )


def test_no_caveat_when_every_win_has_an_amount(con, tmp_path):
    load(con, LEADS, [DEALS[0]])
    rows = sources.source_table(con, Filters())
    assert sources.revenue_caveat(rows) is None


def test_the_json_records_carry_the_count(con):
    records = {r["source"]: r for r in sources.source_records(con, Filters(), config.DEFAULT_ATTRIBUTION_MODEL)}
    assert (records["web"]["won"], records["web"]["won_without_amount"], records["web"]["revenue"]) == (2, 1, 1000.0)
    assert (records["email"]["won"], records["email"]["won_without_amount"]) == (1, 1)


def test_the_report_says_it_under_its_sources_table(con):
    html = report.build_html(con, Filters(), "2026-11", base="http://x")
    assert "Revenue leaves out 2 won deals without an amount (Email 1, Web 1)" in html
