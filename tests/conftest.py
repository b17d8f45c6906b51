"""Shared fixtures: an in-memory fixture database, and a fixture database file for the app."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest
from db_copies import built_copy
from fixture_data import load

from dashboard import queries, store

# the Spark files are one unit of work for pytest-xdist's --dist loadfile, sent first: one worker starts one JVM
# and builds the Spark fixture once while the other runs the rest. By default each file is a unit, units go out by
# their number of tests, most first, so the four small Spark files went last and the run ended on one worker
# starting Spark (the other idle), or on two workers each starting a JVM of their own
SPARK_TESTS = "tests/spark/"


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Under --dist loadfile: the Spark files as one unit, scheduled before every other file."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SparkFirst(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return SPARK_TESTS if nodeid.startswith(SPARK_TESTS) else super()._split_scope(nodeid)

        def _assign_work_unit(self, node) -> None:
            if SPARK_TESTS in self.workqueue:
                self.workqueue.move_to_end(SPARK_TESTS, last=False)
            super()._assign_work_unit(node)

    return SparkFirst(config, log)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """An in-memory database holding the hand-counted fixture."""
    connection, _ = built_copy("fixture", _load_fixture)
    yield connection
    connection.close()


def _load_fixture(con: duckdb.DuckDBPyConnection, _folder: Path) -> None:
    load(con)


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
    # the file fixture_db(path) writes
    built_copy("fixture file", _load_fixture, path)[0].close()
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
