"""Shared fixtures: an in-memory fixture database, and a fixture database file for the app."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from fixture_data import fixture_db, load

from dashboard import store

SPARK_TESTS = Path(__file__).parent / "spark"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup` (make test), one worker runs a file's tests (its module fixtures built once) and one
    runs every Spark test (one Spark session and one built fixture, not one per worker: half a minute each)."""
    for item in items:
        path = Path(item.path)
        item.add_marker(pytest.mark.xdist_group("spark" if SPARK_TESTS in path.parents else str(path)))


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """An in-memory database holding the hand-counted fixture."""
    connection = store.connect(":memory:")
    load(connection)
    yield connection
    connection.close()


@pytest.fixture
def empty_con() -> duckdb.DuckDBPyConnection:
    """An in-memory database with the schema and no rows."""
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def fixture_db_path(tmp_path) -> str:
    """A database file holding the hand-counted fixture."""
    path = str(tmp_path / "fixture.duckdb")
    fixture_db(path)
    return path
