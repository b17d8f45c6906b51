"""Demo data per table: marked by the generator, removed with the first import of your own, or on request."""

from __future__ import annotations

from datetime import datetime

import pytest
from db_copies import built_copy

from dashboard import demo, store, ui
from dashboard.cli import main
from dashboard.importers.run import ImportOptions, run_import

END = datetime(2026, 11, 1)
ALL = ["leads", "deals", "touches", "spend", "targets"]


def _demo(con, _folder) -> None:
    # seed 2: its 200 leads have won, lost and open deals (seed 1's buying groups have no open deal left)
    demo.generate(con, leads=200, seed=2, end_at=END)


@pytest.fixture
def demo_con():
    # generated once, each test given an in-memory copy
    con, _ = built_copy("test_demo_data", _demo)
    yield con
    con.close()


def counts(con) -> dict[str, int]:
    """Rows per base table, read with plain SQL (not through the code under test)."""
    return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in ALL}


def won_demo_lead(con) -> str:
    """A demo lead with a won deal: an own lead with the same id must not inherit the win."""
    return con.execute("select min(lead_id) from deals where status = 'won' and lead_id is not null").fetchall()[0][0]


def own_leads(tmp_path, first_id: str = "own-1"):
    path = tmp_path / "own_leads.csv"
    path.write_text(
        f"lead_id,created_at,source\n{first_id},2026-10-01,Inside Sales\nown-2,2026-10-02,email\nown-3,2026-10-03,\n",
        encoding="utf-8",
    )
    return path


def test_the_generator_marks_all_five_tables(demo_con):
    assert store.demo_tables(demo_con) == ALL
    assert store.is_demo(demo_con)
    assert store.demo_counts(demo_con) == counts(demo_con)
    assert counts(demo_con)["leads"] == 200


def test_an_old_file_that_says_is_demo_has_all_five_demo_tables(empty_con):
    store.set_meta(empty_con, "is_demo", "true")
    assert store.demo_tables(empty_con) == ALL
    store.set_meta(empty_con, "is_demo", "false")
    assert store.demo_tables(empty_con) == []
    assert not store.is_demo(empty_con)


def test_first_own_import_removes_every_demo_table_in_its_transaction(demo_con, tmp_path):
    before = counts(demo_con)
    taken = won_demo_lead(demo_con)
    report = run_import(demo_con, ImportOptions(kind="leads"), [own_leads(tmp_path, first_id=taken)])
    assert counts(demo_con) == {"leads": 3, "deals": 0, "touches": 0, "spend": 0, "targets": 0}
    assert store.demo_tables(demo_con) == []
    assert not store.is_demo(demo_con)
    assert report.demo_removed == before
    assert f"removed the demo data: leads 200, deals {before['deals']:,}" in report.summary()
    # the own lead that shares an id with a demo customer is derived again without the demo deals
    row = demo_con.execute(
        "select is_mql, is_opportunity, is_customer, revenue from leads where lead_id = $id", {"id": taken}
    ).fetchall()
    assert row == [(False, False, False, 0.0)]
    assert store.scalar(demo_con, "select count(*) from deal_facts") == 0


def test_a_second_import_removes_nothing(demo_con, tmp_path):
    run_import(demo_con, ImportOptions(kind="leads"), [own_leads(tmp_path)])
    deals = tmp_path / "deals.csv"
    deals.write_text("deal_id,lead_id,created_at,status,amount\nd1,own-1,2026-10-05,open,100\n", encoding="utf-8")
    report = run_import(demo_con, ImportOptions(kind="deals"), [deals])
    assert report.demo_removed == {}
    assert "demo data" not in report.summary()
    assert counts(demo_con) == {"leads": 3, "deals": 1, "touches": 0, "spend": 0, "targets": 0}


def test_a_dry_run_changes_nothing(demo_con, tmp_path):
    before, version = counts(demo_con), store.data_version(demo_con)
    report = run_import(demo_con, ImportOptions(kind="leads"), [own_leads(tmp_path)], dry_run=True)
    assert counts(demo_con) == before
    assert store.demo_tables(demo_con) == ALL
    assert store.data_version(demo_con) == version
    # what the Data page puts in the check: the rows the real import would remove
    report.demo_removed = store.demo_counts(demo_con)
    assert f"would remove the demo data: leads 200, deals {before['deals']:,}" in report.summary(dry_run=True)


def test_remove_demo_tables(demo_con):
    before, version = counts(demo_con), store.data_version(demo_con)
    assert store.remove_demo_tables(demo_con) == before
    assert counts(demo_con) == dict.fromkeys(ALL, 0)
    assert store.demo_tables(demo_con) == []
    assert store.data_version(demo_con) == version + 1
    assert store.remove_demo_tables(demo_con) == {}
    assert store.data_version(demo_con) == version + 1


def test_removing_part_of_the_demo_keeps_your_tables_and_derives_leads_again(demo_con):
    # as if the leads were yours and the rest demo data
    with store.transaction(demo_con):
        store.mark_demo_tables(demo_con, ["deals", "spend", "targets"])
    before = counts(demo_con)
    won = "select count(*) filter (where revenue > 0), count(*) filter (where has_open_deal) from leads"
    with_revenue, with_open_deal = demo_con.execute(won).fetchall()[0]
    assert with_revenue > 0 and with_open_deal > 0
    assert store.remove_demo_tables(demo_con) == {
        "deals": before["deals"],
        "spend": before["spend"],
        "targets": before["targets"],
    }
    assert counts(demo_con) == {"leads": 200, "deals": 0, "touches": before["touches"], "spend": 0, "targets": 0}
    # no deal is left, so no lead has won revenue or an open deal any more (their exported lifecycle stage
    # alone still makes some of them opportunities and customers)
    assert demo_con.execute(won).fetchall() == [(0, 0)]


def test_mark_demo_tables_takes_base_tables_only(empty_con):
    with pytest.raises(ValueError, match="not base tables: meta"):
        store.mark_demo_tables(empty_con, ["leads", "meta"])


def test_the_banner_names_the_tables_of_a_partial_demo():
    assert ui.demo_notice([]) is None
    assert ui.demo_notice(ALL).startswith("You are looking at generated demo data.")
    assert ui.demo_notice(["deals", "spend", "targets"]).startswith(
        "Deals, spend and targets are generated demo data; the rest is yours."
    )
    assert ui.demo_notice(["spend"]).startswith("Spend is generated demo data")


def test_cli_import_over_the_demo_says_what_it_removed(tmp_path, capsys):
    path = str(tmp_path / "demo.duckdb")
    assert main(["demo", "--db", path, "--leads", "200", "--seed", "1", "--end", "2026-11-01"]) == 0
    con = store.connect(path)
    before = counts(con)
    con.close()
    capsys.readouterr()
    # adding to a table of demo data replaces it: nothing of the demo is kept to add to
    assert main(["import", "--db", path, "--kind", "leads", "--mode", "append", str(own_leads(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "leads holds demo data: importing with --mode replace" in out
    assert f"removed the demo data: leads 200, deals {before['deals']:,}, touches {before['touches']:,}" in out
    con = store.connect(path)
    assert counts(con) == {"leads": 3, "deals": 0, "touches": 0, "spend": 0, "targets": 0}
    con.close()


def test_appending_into_a_demo_table_through_the_importer_keeps_no_demo_row(demo_con, tmp_path):
    from dashboard.importers.canonical import import_files

    con = demo_con
    path = tmp_path / "own.csv"
    path.write_text("lead_id,created_at\nown1,2025-01-01\nown2,2025-01-02\n", encoding="utf-8")
    report = import_files(con, "leads", [path], mode="append")
    assert sorted(r[0] for r in con.execute("select lead_id from leads").fetchall()) == ["own1", "own2"]
    assert report.demo_removed["leads"] == 200
