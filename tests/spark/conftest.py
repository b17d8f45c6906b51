"""One local Spark session for the whole test session (2 shuffle partitions, no UI); Spark tests are marked
`spark` and skipped when pyspark, sqlglot or Java is missing."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("sqlglot")
if shutil.which("java") is None:
    pytest.skip("the Spark tests need Java (make test installs default-jre-headless)", allow_module_level=True)

from dashboard import spark_engine


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/spark/" in str(item.fspath):
            item.add_marker(pytest.mark.spark)


@pytest.fixture(scope="session")
def spark():
    """A local Spark session in UTC, sized for tiny tables."""
    session = spark_engine.session("local[2]", {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"})
    yield session
    session.stop()
