"""One local Spark session for the whole test session (1 shuffle partition, no UI); Spark tests are marked
`spark` and skipped when pyspark, sqlglot or Java is missing."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("sqlglot")
if shutil.which("java") is None:
    pytest.skip("the Spark tests need Java (make test installs default-jre-headless)", allow_module_level=True)

from fixture_data import fixture_db

from dashboard import snapshots, spark_engine
from dashboard.export import export_tables

# tiny tables: one shuffle partition (Spark's 200 by default are 200 empty tasks per join), no adaptive re-planning
SETTINGS = {
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "1",
    "spark.sql.adaptive.enabled": "false",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/spark/" in str(item.fspath):
            item.add_marker(pytest.mark.spark)


@pytest.fixture(scope="session")
def spark():
    """A local Spark session in UTC, sized for tiny tables."""
    session = spark_engine.session("local[2]", SETTINGS)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def built(spark, tmp_path_factory):
    """The hand-counted fixture (with spend, touches, campaigns, rejections) as a DuckDB file, and the tables Spark
    built from its export: (DuckDB file, built folder), made once for every Spark test."""
    folder = tmp_path_factory.mktemp("parity")
    fixture_db(str(folder / "f.duckdb"), extras=True)
    con = snapshots.open_read_only(folder / "f.duckdb")
    export_tables(con, folder / "canonical")
    con.close()
    spark_engine.build(spark, folder / "canonical", folder / "built")
    return folder / "f.duckdb", folder / "built"


@pytest.fixture(scope="module")
def engines(spark, built):
    """The fixture on both engines: a read-only DuckDB connection and the Spark engine over the built tables."""
    db_file, folder = built
    con = snapshots.open_read_only(db_file)
    yield con, spark_engine.SparkEngine.from_folder(spark, folder)
    con.close()
