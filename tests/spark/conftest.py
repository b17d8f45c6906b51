"""One local Spark session for the whole test session (1 shuffle partition, no UI); Spark tests are marked
`spark` and skipped when pyspark, sqlglot or Java is missing."""

from __future__ import annotations

import contextlib
import io
import shutil

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("sqlglot")
if shutil.which("java") is None:
    pytest.skip("the Spark tests need Java (make test installs default-jre-headless)", allow_module_level=True)

from fixture_data import fixture_db

from dashboard import snapshots, spark_engine
from dashboard.cli import main
from dashboard.export import export_tables

# tiny tables: one shuffle partition (Spark's 200 by default are 200 empty tasks per join), no adaptive re-planning
SETTINGS = {
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "1",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
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
def built_by_cli(spark, tmp_path_factory):
    """The hand-counted fixture (with spend, touches, campaigns, rejections) as a DuckDB file, exported to Parquet
    and built by `python -m dashboard build --engine spark`, once for every Spark test (a build takes seconds):
    (DuckDB file, the exported folder, the built folder, what the command printed and its exit code)."""
    folder = tmp_path_factory.mktemp("parity")
    fixture_db(str(folder / "f.duckdb"), extras=True)
    con = snapshots.open_read_only(folder / "f.duckdb")
    export_tables(con, folder / "canonical")
    con.close()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(
            ["build", "--engine", "spark", "--input", str(folder / "canonical"), "--output", str(folder / "built")]
        )
    return folder / "f.duckdb", folder / "canonical", folder / "built", printed.getvalue(), code


@pytest.fixture(scope="session")
def built(built_by_cli):
    """(DuckDB file, built folder) of the fixture: the tables both engines read."""
    db_file, _, folder, _, code = built_by_cli
    assert code == 0
    return db_file, folder


@pytest.fixture(scope="module")
def engines(spark, built):
    """The fixture on both engines: a read-only DuckDB connection and the Spark engine over the built tables."""
    db_file, folder = built
    con = snapshots.open_read_only(db_file)
    yield con, spark_engine.SparkEngine.from_folder(spark, folder)
    con.close()
