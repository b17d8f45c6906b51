"""Which sources are sales' own: compared by key, kept in the database, and deciding the sourced split."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from db_copies import built_copy
from fixture_data import load

from dashboard import config, definitions, overview, sources, store
from dashboard.cli import main
from dashboard.filters import Filters

T = datetime

# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    ("A1", T(2025, 1, 2), "Inside Sales", None, None, None, None, None, None, None),
    ("A2", T(2025, 1, 3), "paid_search", None, None, None, None, None, None, None),
    ("A3", T(2025, 1, 4), "INSIDE_SALES", None, None, None, None, None, None, None),
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("D1", "A1", None, T(2025, 1, 10), "won", T(2025, 1, 20), 1000.0, None),  # Inside Sales
    ("D2", "A2", None, T(2025, 1, 12), "won", T(2025, 1, 25), 300.0, None),  # paid_search
    ("D3", None, None, T(2025, 1, 15), "won", T(2025, 1, 28), 500.0, "outbound"),
    ("D4", "A3", None, T(2025, 2, 1), "won", T(2025, 2, 10), 200.0, None),  # INSIDE_SALES
    ("D5", None, None, T(2025, 2, 5), "open", None, 700.0, "Outbound"),
]


@pytest.fixture
def sales_con():
    connection, _ = built_copy(f"{__name__} sales_con", lambda db, _folder: load(db, LEADS, DEALS))
    yield connection
    connection.close()


def by_month(con) -> dict[str, tuple[float, float, float, float]]:
    table = sources.sourced(con, Filters())
    return {
        str(r["month"])[:7]: (r["pipeline_marketing"], r["pipeline_sales"], r["revenue_marketing"], r["revenue_sales"])
        for r in table.to_dict("records")
    }


def test_source_key_lowers_trims_and_joins_separators(empty_con):
    got = [
        r[0]
        for r in empty_con.execute(
            "select source_key(v) from unnest(['Inside Sales', 'inside-sales', 'INSIDE_SALES', "
            "' Partner - Sales ', 'cold.email', 'a__b', '--x--']) as t(v)"
        ).fetchall()
    ]
    assert got == ["inside_sales", "inside_sales", "inside_sales", "partner_sales", "cold_email", "a_b", "x"]


def test_default_list_is_the_config_and_counts_spelling_variants_as_sales(sales_con):
    assert store.sales_sources(sales_con) == config.SALES_SOURCES
    assert store.sales_sources_are_default(sales_con)
    # by creation month. Jan: D2 paid_search 300 marketing; D1 Inside Sales 1000 + D3 outbound 500 sales.
    # Feb: D4 INSIDE_SALES 200 (won) + D5 Outbound 700 (open) sales.
    assert by_month(sales_con) == {
        "2025-01": (300.0, 1500.0, 300.0, 1500.0),
        "2025-02": (0.0, 900.0, 0.0, 200.0),
    }


def test_the_stored_list_changes_the_split(sales_con):
    before = store.data_version(sales_con)
    saved = store.set_sales_sources(sales_con, ["Paid Search"])
    assert saved == ("paid_search",)
    assert store.sales_sources(sales_con) == ("paid_search",)
    assert json.loads(store.get_meta(sales_con, store.SALES_SOURCES_KEY)) == ["paid_search"]
    assert store.data_version(sales_con) == before + 1
    # now only D2 (paid_search) is sales'; Inside Sales and outbound deals count as marketing's
    assert by_month(sales_con) == {
        "2025-01": (1500.0, 300.0, 1500.0, 300.0),
        "2025-02": (900.0, 0.0, 200.0, 0.0),
    }
    store.reset_sales_sources(sales_con)
    assert store.sales_sources(sales_con) == config.SALES_SOURCES
    assert store.data_version(sales_con) == before + 2
    assert by_month(sales_con)["2025-01"] == (300.0, 1500.0, 300.0, 1500.0)


def revenue_by_month(con, window: Filters) -> dict[str, tuple[float, float]]:
    table = overview.monthly_deals(con, window)
    return {
        str(r["month"])[:7]: (r["revenue_marketing"], r["revenue_sales"])
        for r in table.to_dict("records")
        if r["revenue"]
    }


def test_the_executive_view_splits_by_the_stored_list(sales_con):
    window = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 1))
    deals = revenue_by_month(sales_con, window)
    # revenue by close month: Jan D1 1000 + D2 300 + D3 500, Feb D4 200
    assert deals == {"2025-01": (300.0, 1500.0), "2025-02": (0.0, 200.0)}
    store.set_sales_sources(sales_con, ["outbound"])
    deals = revenue_by_month(sales_con, window)
    assert deals == {"2025-01": (1300.0, 500.0), "2025-02": (200.0, 0.0)}


def test_saving_keeps_keys_once_and_drops_blanks(sales_con):
    saved = store.set_sales_sources(sales_con, ["Inside Sales", "inside-sales", " SDR ", "", "cold.email"])
    assert saved == ("inside_sales", "sdr", "cold_email")
    # an empty list is allowed: every known source is then marketing's
    assert store.set_sales_sources(sales_con, []) == ()
    assert by_month(sales_con)["2025-01"] == (1800.0, 0.0, 1800.0, 0.0)


def test_a_settings_change_does_not_count_as_an_import(sales_con):
    store.set_meta(sales_con, "last_import_at", "2025-01-01T00:00:00")
    store.set_sales_sources(sales_con, ["outbound"])
    assert store.get_meta(sales_con, "last_import_at") == "2025-01-01T00:00:00"


def test_loaded_labels_say_what_their_deals_count_as(sales_con):
    labels = sources.source_labels(sales_con, ("inside_sales", "outbound"))
    got = {
        r["source"]: (r["count_leads"], r["count_deals"], r["source_key"], r["counted_as"])
        for r in labels.to_dict("records")
    }
    assert got == {
        "Inside Sales": (1, 1, "inside_sales", "Sales-sourced"),
        "INSIDE_SALES": (1, 1, "inside_sales", "Sales-sourced"),
        "paid_search": (1, 1, "paid_search", "Marketing-sourced"),
        "outbound": (0, 1, "outbound", "Sales-sourced"),
        "Outbound": (0, 1, "outbound", "Sales-sourced"),
    }


def test_sales_labels_are_the_loaded_labels_the_list_names(sales_con):
    assert sorted(sources.sales_labels(sales_con)) == ["INSIDE_SALES", "Inside Sales", "Outbound", "outbound"]
    store.set_sales_sources(sales_con, ["paid-search"])
    assert sources.sales_labels(sales_con) == ["paid_search"]


def test_definitions_name_the_list_in_use(sales_con):
    store.set_sales_sources(sales_con, ["Inside Sales", "bdr"])
    text = dict(definitions.sections(store.sales_sources(sales_con)))["Marketing-sourced and influenced"]
    assert "(Inside sales, BDR)" in text
    assert "(none listed)" in sources.sourced_definition(())


def test_cli_metrics_uses_the_stored_list(tmp_path, capsys):
    path = str(tmp_path / "sales.duckdb")
    con = store.connect(path)
    load(con, LEADS, DEALS)
    store.set_sales_sources(con, ["Paid Search"])
    con.close()
    assert main(["metrics", "--db", path, "--format", "json"]) == 0
    sourced = json.loads(capsys.readouterr().out)["sourced"]
    # D2 paid_search: 300 pipeline and revenue are sales'; D1 1000 + D3 500 + D4 200 won and D5 700 open are
    # marketing's
    assert sourced == {
        "sales_sources": ["paid_search"],
        "pipeline_marketing": 2400.0,
        "pipeline_sales": 300.0,
        "pipeline_unknown": 0.0,  # every deal's origin is known (leads A1-A3 have sources; D3, D5 their own)
        "pipeline_influenced": 0.0,
        "revenue_marketing": 1700.0,
        "revenue_sales": 300.0,
        "revenue_unknown": 0.0,
        "revenue_influenced": 0.0,
    }
    assert main(["metrics", "--db", path, "--format", "table"]) == 0
    assert "sales-owned sources: paid_search" in capsys.readouterr().out
