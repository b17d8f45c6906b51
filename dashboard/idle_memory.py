"""Give DuckDB's block cache back to the machine when the dashboard server has been idle for a while.

A read-only DuckDB connection keeps the blocks it has read cached until its memory limit (80 % of the machine)
forces them out; an idle server at 10 M leads held 708 MiB that way. Lowering the limit evicts them (the way
DuckDB's maintainers advise) and resetting it restores the default at once. It is done only when no query is
running, under the same lock a query takes to start: every query file (queries.run) and every one-value read
(store.scalar: meta, counts) marks itself busy. A read outside both (a page's own cursor) could meet the low
limit for the few milliseconds of a trim; none needs more than a few kilobytes.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

from dashboard import config


class IdleTrim:
    """Counts the computations running on watched connections; trims their block caches once all have been idle."""

    def __init__(
        self,
        idle_seconds: float = config.IDLE_TRIM_SECONDS,
        keep: str = config.IDLE_KEEP_MEMORY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", keep):
            raise ValueError(f"memory size {keep!r} is not like '32MB'")
        self.idle_seconds = idle_seconds
        self.keep = keep
        self._clock = clock
        self._lock = threading.Lock()
        self._running = 0
        self._last_done = clock()
        self._trimmed = True
        self._connections: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def watch(self, con: duckdb.DuckDBPyConnection) -> None:
        """Trim this connection's cache when idle (held weakly: a closed snapshot's connection is let go)."""
        with self._lock:
            self._connections.add(con)

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Mark a block as a running computation: no trim starts before it ends."""
        with self._lock:
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._last_done = self._clock()
                self._trimmed = False

    def trim_if_idle(self) -> bool:
        """Shrink every watched connection's block cache when nothing has run for idle_seconds; True if it did."""
        with self._lock:
            if self._running or self._trimmed or self._clock() - self._last_done < self.idle_seconds:
                return False
            for con in list(self._connections):
                _shrink(con, self.keep)
            self._trimmed = True
            return True

    def start(self, every: float = config.IDLE_CHECK_SECONDS) -> None:
        """Check for idleness in a daemon thread (once per process; later calls do nothing)."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._loop, args=(every,), name="idle-memory", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the daemon thread and wait for a trim under way to finish (a watched connection can then be closed)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self, every: float) -> None:
        # DuckDB refuses to close a connection while another thread still uses it: stop() waits for this loop
        while not self._stop.wait(every):
            self.trim_if_idle()


def _shrink(con: duckdb.DuckDBPyConnection, keep: str) -> None:
    try:
        cur = con.cursor()
    except duckdb.Error:
        # closed meanwhile (its snapshot was replaced): its memory went with it
        return
    try:
        # SET takes no bound parameters; keep is a checked size, never user text
        cur.execute(f"set memory_limit = '{keep}'")
    except duckdb.Error:
        # blocks pinned by a reader outside busy() (a page's small bookkeeping query): nothing to give back now
        pass
    finally:
        with contextlib.suppress(duckdb.Error):
            cur.execute("reset memory_limit")
        cur.close()


# the dashboard server's one instance: ui registers its read connections and marks its computations
SERVER = IdleTrim()
