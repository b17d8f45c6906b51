"""Shared fixtures: an in-memory fixture database, and a fixture database file for the app."""

from __future__ import annotations

import duckdb
import pytest
from fixture_data import fixture_db, load

from dashboard import store


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
