"""Schema creation, transactions and the stage-semantics tables."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from dashboard import store


def test_schema_creates_every_canonical_table(empty_con):
    tables = {r[0] for r in empty_con.execute("select table_name from information_schema.tables").fetchall()}
    assert {"leads", "deals", "touches", "spend", "targets", "meta", "lead_stages", "deal_facts"} <= tables
    assert store.table_counts(empty_con) == {"leads": 0, "deals": 0, "touches": 0, "spend": 0, "targets": 0}


def test_connect_twice_keeps_data(tmp_path):
    path = str(tmp_path / "x.duckdb")
    con = store.connect(path)
    with store.transaction(con):
        con.execute("insert into leads (lead_id, created_at) values ('a', timestamp '2025-01-01')")
    con.close()
    con = store.connect(path)
    assert store.table_counts(con)["leads"] == 1
    assert store.scalar(con, "select source from leads") == "unknown"
    assert store.scalar(con, "select count(*) from lead_stages") == 1


def test_failed_transaction_leaves_data_and_derived_tables_as_they_were(con):
    before = store.data_version(con)
    with pytest.raises(RuntimeError), store.transaction(con):
        con.execute("delete from leads")
        raise RuntimeError("boom")
    assert store.table_counts(con)["leads"] == 8
    assert store.scalar(con, "select count(*) from lead_stages") == 8
    assert store.data_version(con) == before


def test_commit_refreshes_derived_tables_and_bumps_version(con):
    before = store.data_version(con)
    with store.transaction(con):
        con.execute("delete from leads where lead_id = 'L7'")
    assert store.scalar(con, "select count(*) from lead_stages") == 7
    assert store.data_version(con) == before + 1


def stage_row(con, lead_id):
    cols = "is_mql, is_sql, is_opportunity, is_customer"
    return con.execute(f"select {cols} from lead_stages where lead_id = $id", {"id": lead_id}).fetchall()[0]


def test_sql_without_mql_date_counts_as_mql(con):
    assert stage_row(con, "L4") == (True, True, False, False)


def test_won_deal_makes_its_lead_a_customer_and_everything_before(con):
    assert stage_row(con, "L5") == (True, True, True, True)


def test_lifecycle_stage_alone_implies_the_stages_before(con):
    assert stage_row(con, "L6") == (True, True, False, False)


def test_lost_deal_is_an_opportunity_not_a_customer(con):
    assert stage_row(con, "L2") == (True, True, True, False)


def test_out_of_order_dates_break_the_in_order_chain(con):
    row = con.execute("select is_mql, mql_in_order, sql_in_order from lead_stages where lead_id = 'L8'").fetchall()[0]
    assert row == (True, False, False)


def test_entry_dates_borrow_from_the_next_stage(con):
    row = con.execute(
        "select mql_entered_at::date::varchar, sql_entered_at::date::varchar, opportunity_entered_at::date::varchar,"
        " customer_entered_at::date::varchar from lead_stages where lead_id = 'L5'"
    ).fetchall()[0]
    assert row == ("2025-02-20", "2025-02-20", "2025-02-20", "2025-03-15")


def test_deal_without_lead_keeps_its_own_source_and_date(con):
    row = con.execute("select source, owner, cohort_at::date::varchar from deal_facts where deal_id = 'D4'").fetchall()
    assert row == [("outbound", "Ann", "2025-03-20")]


def test_memory_limit_is_restored_after_an_import_even_a_refused_one(empty_con, tmp_path):
    from dashboard.importers.canonical import ImportRefused, import_files

    before = store.scalar(empty_con, "select current_setting('memory_limit')")
    bad = tmp_path / "bad.csv"
    bad.write_text("lead_id\nx\n", encoding="utf-8")
    with pytest.raises(ImportRefused):
        import_files(empty_con, "leads", [bad])
    assert store.scalar(empty_con, "select current_setting('memory_limit')") == before
    with store.memory_limit(empty_con, "512MB"):
        assert store.scalar(empty_con, "select current_setting('memory_limit')") in ("512.0 MiB", "488.2 MiB")
    with pytest.raises(ValueError, match="is not like"), store.memory_limit(empty_con, "1GB'; drop table leads; --"):
        pass


def test_a_new_database_is_a_copy_of_an_empty_one_written_by_this_code(tmp_path):
    # one file filled, then a second file and an in-memory database: both start empty, with this version's schema,
    # macros and meta (a copy of the process's template, never of a database written since)
    first = store.connect(str(tmp_path / "first.duckdb"))
    first.execute("insert into leads (lead_id, created_at) values ('L1', timestamp '2025-01-02 03:04:05')")
    first.close()
    for second in (store.connect(str(tmp_path / "second.duckdb")), store.connect(":memory:")):
        assert second.execute("select count(*) from leads").fetchone() == (0,)
        assert store.is_current(second)
        assert store.get_meta(second, "derived_version") == store.DERIVED_VERSION
        assert store.get_meta(second, "last_import_at") is None
        # the macros came along, and the views over the tables
        assert second.execute("select clean('  Paid  search ')").fetchone() == ("Paid  search",)
        assert second.execute("select count(*) from lead_stages").fetchone() == (0,)
        second.close()
    reopened = store.connect(str(tmp_path / "first.duckdb"))
    assert reopened.execute("select lead_id from leads").fetchall() == [("L1",)]


def test_a_new_database_is_made_when_the_template_was_cleaned_away(tmp_path):
    # a temp-folder cleaner on a long-running server removed the process's empty copy: the next database is still made
    store.connect(":memory:").close()
    shutil.rmtree(store._template[0].parent)
    for con in (store.connect(str(tmp_path / "after.duckdb")), store.connect(":memory:")):
        assert store.table_counts(con)["leads"] == 0
        assert store.is_current(con)
        con.close()
    assert [p.name for p in tmp_path.iterdir()] == ["after.duckdb"]


def test_an_older_file_is_upgraded_under_the_import_memory_cap(tmp_path, monkeypatch):
    path = str(tmp_path / "old.duckdb")
    con = store.connect(path)
    con.execute("update meta set value = '19' where key = 'derived_version'")
    con.close()
    limits = []
    derive = store.refresh_derived

    def recording(con, stale=store.STALE_LEADS):
        limits.append(store.scalar(con, "select current_setting('memory_limit')"))
        derive(con, stale)

    monkeypatch.setattr(store, "refresh_derived", recording)
    con = store.connect(path)
    # config.IMPORT_MEMORY_LIMIT is 1GB: DuckDB reads it back as 953.6 MiB; the default (80 % of the machine) after
    assert limits == ["953.6 MiB"]
    assert store.scalar(con, "select current_setting('memory_limit')") != "953.6 MiB"
    assert store.get_meta(con, "derived_version") == store.DERIVED_VERSION


def test_a_failed_upgrade_says_its_own_cause_and_leaves_the_file(tmp_path, monkeypatch):
    path = str(tmp_path / "old.duckdb")
    con = store.connect(path)
    con.execute("update meta set value = '19' where key = 'derived_version'")
    con.close()

    def failing(con, stale=store.STALE_LEADS):
        # a failure inside DuckDB aborts the transaction, as running out of memory or disk does
        con.execute("select error('out of disk while deriving')")

    monkeypatch.setattr(store, "refresh_derived", failing)
    with pytest.raises(duckdb.Error, match="out of disk while deriving"):
        store.connect(path)
    monkeypatch.undo()
    # nothing of the upgrade was kept: the next opening upgrades the file
    raw = store.connect(path, read_only=True)
    assert store.get_meta(raw, "derived_version") == "19"
