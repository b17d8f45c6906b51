"""Shared fixtures: an in-memory fixture database, and a fixture database file for the app."""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest
from fixture_data import fixture_db, load

from dashboard import queries, store


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


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The query files run from here on, by name (queries.run reads each one's text through sql_text)."""
    counted: Counter[str] = Counter()
    original = queries.sql_text

    def counting(name: str) -> str:
        counted[name] += 1
        return original(name)

    monkeypatch.setattr(queries, "sql_text", counting)
    return counted
