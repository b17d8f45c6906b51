"""`build --engine spark`: the stage columns derived on Spark equal DuckDB's, from Parquet or canonical CSV, and
`metrics --engine spark` prints the JSON `metrics --db` prints."""

from __future__ import annotations

import json
import shutil

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fixture_data import fixture_db

from dashboard import snapshots, spark_engine, store, targets
from dashboard.cli import main
from dashboard.export import export_tables, sql_string


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    folder = tmp_path_factory.mktemp("build")
    fixture_db(str(folder / "f.duckdb"), extras=True)
    con = snapshots.open_read_only(folder / "f.duckdb")
    export_tables(con, folder / "parquet")
    (folder / "csv").mkdir()
    for table in store.BASE_TABLES:
        target = sql_string(str(folder / "csv" / f"{table}.csv"))
        # the canonical columns only, as a CRM's export in canonical form would be
        columns = ", ".join(store.table_columns(con, table))
        con.execute(f"copy (select {columns} from {table}) to {target} (header)")
    yield folder, con
    con.close()


def _rows(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple]:
    return con.execute(f"select * from {relation} order by lead_id").fetchall()


def _empty_as_null(rows: list[tuple]) -> list[tuple]:
    # an empty CSV cell is no value, as the importer's clean() reads it (the fixture stores L8's reason as '')
    return [tuple(None if v == "" else v for v in row) for row in rows]


def _same_leads(con: duckdb.DuckDBPyConnection, folder, empty_as_null: bool) -> None:
    """DuckDB reads the leads Spark wrote into `folder`: same columns, same order, same values as its own."""
    built = f"read_parquet({sql_string(str(folder / 'leads.parquet' / '*.parquet'))})"
    columns = [d[0] for d in con.execute(f"select * from {built} limit 0").description]
    assert columns == [d[0] for d in con.execute("select * from leads limit 0").description]
    expected = _rows(con, "leads")
    assert _rows(con, built) == (_empty_as_null(expected) if empty_as_null else expected)


def test_spark_derives_the_leads_duckdb_derives_from_parquet(built_by_cli, fixture):
    # the session's build (conftest): `build --engine spark` on the fixture's `export` (Parquet)
    _, _, folder, printed, code = built_by_cli
    assert code == 0
    assert "leads 8, deals 5, touches 4, spend 4, targets 0" in printed
    _same_leads(fixture[1], folder, empty_as_null=False)


def test_spark_derives_the_leads_duckdb_derives_from_csv(spark, fixture, capsys):
    folder, con = fixture
    assert (
        main(["build", "--engine", "spark", "--input", str(folder / "csv"), "--output", str(folder / "built_csv")]) == 0
    )
    assert "leads 8, deals 5, touches 4, spend 4, targets 0" in capsys.readouterr().out
    _same_leads(con, folder / "built_csv", empty_as_null=True)


def test_metrics_json_is_the_same_on_both_engines(built, capsys):
    db_file, folder = built
    # the command's plumbing (filters, SLA and model options, the JSON); every section under more views, business
    # hours included, is compared in test_parity.py
    view = ["--from", "2025-01-01", "--to", "2025-02-28", "--sla-minutes", "30", "--model", "linear"]
    assert main(["metrics", "--db", str(db_file), *view]) == 0
    on_duckdb = json.loads(capsys.readouterr().out)
    assert main(["metrics", "--engine", "spark", "--data", str(folder), *view]) == 0
    assert json.loads(capsys.readouterr().out) == on_duckdb
    # leads created Jan-Feb: L1..L6; the funnel counted by hand in tests/unit/test_cli.py
    assert [s["count"] for s in on_duckdb["funnel"]] == [6, 6, 5, 3, 2]


def _as_delta(source, target, partition_by: list[str] | None = None) -> None:
    """The exported tables as Delta tables (`target/<table>`), each written twice: a first version of other rows
    that the second overwrites, so a reader that took the folder's Parquet files for the table would count both."""
    deltalake = pytest.importorskip("deltalake")
    for table in store.BASE_TABLES:
        rows = pq.read_table(str(source / f"{table}.parquet"))
        by = partition_by if table == "leads" else None
        deltalake.write_deltalake(str(target / table), pa.concat_tables([rows, rows]), partition_by=by)
        deltalake.write_deltalake(str(target / table), rows, mode="overwrite", partition_by=by)


def test_a_delta_input_is_read_at_its_current_version(spark, fixture, capsys):
    folder, con = fixture
    _as_delta(folder / "parquet", folder / "delta")
    # the leads' folder holds the overwritten version's file too: 8 leads, not 24
    assert len(list((folder / "delta" / "leads").glob("*.parquet"))) == 2
    assert main(["build", "--engine", "spark", "--input", str(folder / "delta"), "--output", str(folder / "b_d")]) == 0
    assert "leads 8, deals 5, touches 4, spend 4, targets 0" in capsys.readouterr().out
    _same_leads(con, folder / "b_d", empty_as_null=False)


def test_a_delta_table_partitioned_by_its_paths_is_refused_by_name(spark, fixture, capsys):
    folder, _ = fixture
    _as_delta(folder / "parquet", folder / "delta_by_source", partition_by=["source"])
    args = ["build", "--engine", "spark", "--input", str(folder / "delta_by_source"), "--output", str(folder / "x")]
    assert main(args) == 2
    said = capsys.readouterr().err
    assert "leads is a Delta table partitioned by source" in said
    assert "delta-spark" in said
    assert not (folder / "x" / "leads.parquet").exists()


def test_a_delta_table_with_deletion_vectors_is_refused_and_one_built_over_itself_is_kept(spark, fixture, capsys):
    deltalake = pytest.importorskip("deltalake")
    folder, _ = fixture
    _as_delta(folder / "parquet", folder / "delta_dv")
    # deletion vectors: rows deleted inside a file, which its Parquet alone still holds
    leads = deltalake.DeltaTable(str(folder / "delta_dv" / "leads"))
    leads.alter.add_feature(deltalake.TableFeatures.DeletionVectors, allow_protocol_versions_increase=True)
    assert main(["build", "--engine", "spark", "--input", str(folder / "delta_dv"), "--output", str(folder / "y")]) == 2
    assert "leads is a Delta table that needs deletionVectors" in capsys.readouterr().err
    # the output is the input: each table would be overwritten while read; refused, the Delta tables intact
    _as_delta(folder / "parquet", folder / "delta_in_place")
    same = str(folder / "delta_in_place")
    assert main(["build", "--engine", "spark", "--input", same, "--output", same]) == 2
    assert "build writes" in capsys.readouterr().err
    assert deltalake.DeltaTable(str(folder / "delta_in_place" / "leads")).to_pyarrow_table().num_rows == 8


def test_catalog_tables_are_read_as_a_folder_s(spark, built, capsys):
    db_file, folder = built
    # the built tables as the session catalog's global_temp.leads, global_temp.deals, ...
    for table in store.BASE_TABLES:
        spark.read.parquet(str(folder / f"{table}.parquet")).createOrReplaceGlobalTempView(table)
    view = ["--from", "2025-01-01", "--to", "2025-02-28", "--model", "first_touch"]
    assert main(["metrics", "--db", str(db_file), *view]) == 0
    on_duckdb = json.loads(capsys.readouterr().out)
    assert main(["metrics", "--engine", "spark", "--data", "catalog:global_temp", *view]) == 0
    printed = capsys.readouterr()
    assert json.loads(printed.out) == on_duckdb
    # the fixture saves no sales-owned sources of its own, so the default ones decide on both engines; the note
    # says a catalog could not have carried them
    assert "catalog:global_temp holds no saved sales-owned sources" in printed.err
    # leads created Jan-Feb: L1..L6, as test_metrics_json_is_the_same_on_both_engines counts them
    assert [s["count"] for s in on_duckdb["funnel"]] == [6, 6, 5, 3, 2]


def test_a_catalog_without_the_tables_is_named(spark, capsys):
    assert main(["metrics", "--engine", "spark", "--data", "catalog:no_such_database"]) == 2
    assert "the Spark catalog has no table no_such_database.leads" in capsys.readouterr().err
    assert main(["metrics", "--engine", "spark", "--data", "catalog:x; drop table y"]) == 2
    assert "name a database as catalog:<database>" in capsys.readouterr().err
    assert main(["metrics", "--engine", "spark", "--data", "catalog:crm_ünïcode"]) == 2
    assert "name a database as catalog:<database>" in capsys.readouterr().err


def test_metrics_on_a_folder_that_was_not_built_says_so(spark, fixture, capsys):
    folder, _ = fixture
    assert main(["metrics", "--engine", "spark", "--data", str(folder / "parquet")]) == 2
    assert "the leads have no stage columns: build them first" in capsys.readouterr().err


def test_a_folder_built_by_an_older_version_is_asked_to_be_built_again(spark, built_by_cli):
    _, _, folder, _, _ = built_by_cli
    tables = spark_engine.read_tables(spark, folder)
    # as version 22 built it: no reach_seconds (the cohort funnel's window test, version 23)
    tables["leads"] = tables["leads"].drop("mql_reach_seconds", "customer_reach_seconds")
    with pytest.raises(ValueError, match=r"no mql_reach_seconds, customer_reach_seconds \(built by an older version\)"):
        spark_engine.SparkEngine(spark, tables)


def test_the_stated_complete_through_day_is_the_data_s_today_on_spark_too(spark, built, tmp_path):
    # the fixture's latest record is of 20 Mar 2025 (D4 created); its exports stated complete through 31 Mar
    # (store.set_complete_through, carried in meta.json by export and build): both engines end the data there
    _, folder = built
    copy = tmp_path / "built"
    shutil.copytree(folder, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    assert targets.data_last_day(spark_engine.SparkEngine.from_folder(spark, copy)).isoformat() == "2025-03-20"
    meta[store.COMPLETE_THROUGH_KEY] = "2025-03-31"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    assert targets.data_last_day(spark_engine.SparkEngine.from_folder(spark, copy)).isoformat() == "2025-03-31"
