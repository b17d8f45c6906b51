"""A value a preset does not know falls to its "*" default; the advice in the report names the steps that work with a
preset (a mapping given with --preset replaces it), and following them reads the value."""

from __future__ import annotations

from pathlib import Path

from dashboard import cli, store

HEADER = "Record ID,Create Date,Lifecycle Stage,Original Source,Became a Sales Qualified Lead Date\n"
# three HubSpot contacts: an SQL, a lead, and one at a custom stage HubSpot's preset does not know
ROWS = (
    "101,2026-08-03 09:00,salesqualifiedlead,PAID_SEARCH,2026-08-07 10:00\n"
    "102,2026-08-04 09:00,lead,ORGANIC_SEARCH,\n"
    "103,2026-08-05 09:00,Sales Accepted Lead,ORGANIC_SEARCH,\n"
)


def sqls(db: str) -> int:
    con = store.connect(db, read_only=True)
    count = con.execute("select count(*) from leads where is_sql").fetchall()[0][0]
    con.close()
    return int(count)


def test_following_the_wildcard_advice_reads_the_custom_stage(tmp_path: Path, capsys):
    csv = tmp_path / "contacts.csv"
    csv.write_text(HEADER + ROWS, encoding="utf-8")
    db = str(tmp_path / "db.duckdb")
    assert cli.main(["import", "--db", db, "--kind", "leads", "--preset", "hubspot", str(csv)]) == 0
    out = capsys.readouterr()
    said = out.out + out.err
    assert "Sales Accepted Lead" in said
    assert "import with --mapping map.toml instead of --preset" in said
    # 101 only is an SQL: 103's stage fell to the default (lead)
    assert sqls(db) == 1
    mapping = tmp_path / "map.toml"
    assert cli.main(["map", "--kind", "leads", "--out", str(mapping), str(csv)]) == 0
    text = mapping.read_text(encoding="utf-8")
    assert "[leads.values.lifecycle_stage]" in text
    mapping.write_text(
        text.replace(
            "[leads.values.lifecycle_stage]\n", '[leads.values.lifecycle_stage]\n"Sales Accepted Lead" = "sql"\n'
        ),
        encoding="utf-8",
    )
    assert cli.main(["import", "--db", db, "--kind", "leads", "--mapping", str(mapping), str(csv)]) == 0
    # 101 and 103
    assert sqls(db) == 2
