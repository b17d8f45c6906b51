"""The idle server gives DuckDB's block cache back (dashboard.idle_memory): only when nothing has run for a while,
never while a query runs, and with the memory limit as it was."""

from __future__ import annotations

import time

import duckdb
import pytest

from dashboard import idle_memory, queries


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _cached_mib(con: duckdb.DuckDBPyConnection) -> float:
    # the blocks of stored tables DuckDB keeps in memory after reading them
    used = con.execute(
        "select coalesce(sum(memory_usage_bytes), 0) from duckdb_memory() where tag = 'BASE_TABLE'"
    ).fetchall()[0][0]
    return used / 2**20


@pytest.fixture
def reader(tmp_path) -> duckdb.DuckDBPyConnection:
    """A read-only connection (as the server opens its snapshot) to a file of 4 M doubles, its blocks read once."""
    path = tmp_path / "blocks.duckdb"
    writer = duckdb.connect(str(path))
    writer.execute("create table t as select random() as x, range as i from range(4000000)")
    writer.close()
    con = duckdb.connect(str(path), read_only=True)
    con.execute("select sum(x), sum(i) from t").fetchall()
    yield con
    con.close()


def test_an_idle_reader_gives_its_cached_blocks_back_and_keeps_its_limit(reader) -> None:
    clock = Clock()
    trim = idle_memory.IdleTrim(idle_seconds=10, keep="1MB", clock=clock)
    trim.watch(reader)
    limit = reader.execute("select current_setting('memory_limit')").fetchall()[0][0]
    with trim.busy():
        pass
    cached = _cached_mib(reader)
    # 4 M doubles and 4 M integers: tens of MiB of blocks, whatever the compression
    assert cached > 10
    clock.now += 9.9
    assert not trim.trim_if_idle()
    assert _cached_mib(reader) == cached
    clock.now += 0.2
    assert trim.trim_if_idle()
    assert _cached_mib(reader) <= 1
    assert reader.execute("select current_setting('memory_limit')").fetchall()[0][0] == limit
    # the data reads the same afterwards
    assert reader.execute("select count(*), min(i), max(i) from t").fetchall() == [(4000000, 0, 3999999)]


def test_no_trim_while_a_query_runs_nor_twice_for_one_idle_spell(reader) -> None:
    clock = Clock()
    trim = idle_memory.IdleTrim(idle_seconds=10, keep="1MB", clock=clock)
    trim.watch(reader)
    with trim.busy():
        clock.now += 60
        assert not trim.trim_if_idle()
        assert _cached_mib(reader) > 10
    clock.now += 10
    assert trim.trim_if_idle()
    clock.now += 60
    # nothing has run since: nothing to give back
    assert not trim.trim_if_idle()


def test_a_closed_connection_is_passed_over(tmp_path, reader) -> None:
    clock = Clock()
    trim = idle_memory.IdleTrim(idle_seconds=1, keep="1MB", clock=clock)
    gone = duckdb.connect(str(tmp_path / "gone.duckdb"))
    trim.watch(gone)
    trim.watch(reader)
    gone.close()
    with trim.busy():
        pass
    clock.now += 2
    assert trim.trim_if_idle()
    assert _cached_mib(reader) <= 1


def test_every_query_file_run_counts_as_activity(monkeypatch, con) -> None:
    clock = Clock()
    trim = idle_memory.IdleTrim(idle_seconds=10, keep="1MB", clock=clock)
    monkeypatch.setattr(idle_memory, "SERVER", trim)
    clock.now += 60
    queries.run(con, "date_bounds")
    # the query just ended: the idle spell starts now
    assert not trim.trim_if_idle()
    clock.now += 10
    assert trim.trim_if_idle()


def test_the_daemon_trims_on_its_own(reader) -> None:
    trim = idle_memory.IdleTrim(idle_seconds=0.2, keep="1MB")
    trim.watch(reader)
    limit = reader.execute("select current_setting('memory_limit')").fetchall()[0][0]
    with trim.busy():
        pass
    trim.start(every=0.05)
    try:
        deadline = time.monotonic() + 10
        while _cached_mib(reader) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        # the daemon may still be resetting the limit: the fixture closes the connection only after it stopped
        trim.stop()
    assert not trim._thread.is_alive()
    assert _cached_mib(reader) <= 1
    assert reader.execute("select current_setting('memory_limit')").fetchall()[0][0] == limit


def test_a_size_that_is_not_a_size_is_refused() -> None:
    with pytest.raises(ValueError, match="not like"):
        idle_memory.IdleTrim(keep="1GB'; drop table leads; --")
