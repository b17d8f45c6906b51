"""`python -m dashboard export`: the canonical tables as Parquet files named after the tables."""

from __future__ import annotations

import json

import duckdb
from fixture_data import add_source_extras

from dashboard import store
from dashboard.cli import main
from dashboard.export import export_tables, sql_string

LEAD_COLUMNS = [
    "lead_id",
    "account_id",
    "created_at",
    "source",
    "campaign",
    "persona",
    "segment",
    "industry",
    "region",
    "owner",
    "lifecycle_stage",
    "mql_at",
    "sql_at",
    "first_contact_at",
    "disqualified_at",
    "disqualify_reason",
    # the deal the lead converted into (Salesforce's ConvertedOpportunityId): a base column, exported
    "converted_deal_id",
]


def test_export_writes_each_table_with_its_canonical_columns_only(con, tmp_path):
    add_source_extras(con)
    written = export_tables(con, tmp_path / "out")
    # the fixture: 8 leads, 5 deals (D1..D5), 4 touches of L1, 4 spend rows, no targets
    assert written == {"leads": 8, "deals": 5, "touches": 4, "spend": 4, "targets": 0}
    reader = duckdb.connect()
    leads = reader.execute(
        "select * from read_parquet($p) order by lead_id", {"p": str(tmp_path / "out/leads.parquet")}
    )
    assert [d[0] for d in leads.description] == LEAD_COLUMNS  # no derived stage column leaves the file
    rows = leads.fetchall()
    assert [r[0] for r in rows] == [f"L{i}" for i in range(1, 9)]
    assert rows[0][4] == "brand_q1" and rows[6][15] == "no budget"  # L1's campaign, L7's rejection reason
    deals = reader.execute(
        "select deal_id, status, amount from read_parquet($p) order by deal_id",
        {"p": str(tmp_path / "out/deals.parquet")},
    )
    assert deals.fetchall() == [
        ("D1", "won", 1000.0),
        ("D2", "lost", 500.0),
        ("D3", "won", 3000.0),
        ("D4", "open", 2000.0),
        ("D5", "open", 700.0),
    ]
    spend = reader.execute("select sum(amount) from read_parquet($p)", {"p": str(tmp_path / "out/spend.parquet")})
    assert spend.fetchone()[0] == 400.0 + 100.0 + 300.0 + 250.0
    # nothing saved: Spark falls back to the configured sales-owned sources, as DuckDB does; the data's horizon
    # travels (trial 98: the data's today reads it on either engine)
    meta = json.loads((tmp_path / "out/meta.json").read_text())
    assert meta == {key: store.get_meta(con, key) for key in ("leads_horizon", "deals_horizon")}


def test_export_carries_the_saved_sales_sources(con, tmp_path):
    store.set_sales_sources(con, ["Inside Sales"])
    export_tables(con, tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    horizons = {key: store.get_meta(con, key) for key in ("leads_horizon", "deals_horizon")}
    assert meta == {"sales_sources": '["inside_sales"]', **horizons}


def test_cli_export(fixture_db_path, tmp_path, capsys):
    assert main(["export", "--db", fixture_db_path, "--output", str(tmp_path / "x")]) == 0
    assert "leads 8, deals 5, touches 0, spend 0, targets 0" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == [
        "deals.parquet",
        "leads.parquet",
        "meta.json",
        "spend.parquet",
        "targets.parquet",
        "touches.parquet",
    ]


def test_a_folder_name_with_a_quote_stays_a_name(con, tmp_path):
    folder = tmp_path / "it's here"
    export_tables(con, folder)
    assert (folder / "leads.parquet").exists()
    assert sql_string("a'b") == "'a''b'"
