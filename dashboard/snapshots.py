"""Snapshots: every write builds the next database file beside the current one and swaps it in atomically.

The dashboard reads the current snapshot read-only, so a command-line import never waits for it, a
page never sees half an import, and a process killed mid-import leaves the old file as it was. Writers
are serialised by a lock file that names its holder; the previous snapshots are kept (hard links, so
keeping one costs no copy) for "undo last import".
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from dashboard import config, store
from dashboard.importers.errors import ImportRefused

TMP_MARK = ".next-"
ALIAS_MARK = ".read-"


class Busy(ImportRefused):
    """Another write holds the lock; the message names who and since when (a refusal: nothing changed)."""


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def previous(path: Path, n: int = 1) -> Path:
    """The n-th snapshot before the current one."""
    return path.with_name(f"{path.name}.{n}")


@contextmanager
def _locked(path: Path, holder: str, wait_seconds: float) -> Iterator[None]:
    """Hold the write lock for a block; wait up to `wait_seconds` for it, then raise Busy naming the holder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(path), "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    who = handle.read().strip() or "another process"
                    raise Busy(f"the data is being changed by {who}; try again when it has finished") from None
                time.sleep(0.1)
        # the OS drops the lock when the holder dies (kill -9 included), so a stale lock cannot block
        handle.seek(0)
        handle.truncate()
        handle.write(f"{holder} ({getpass.getuser()}, pid {os.getpid()}, since {datetime.now():%H:%M:%S})")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _rotate(path: Path) -> None:
    """Keep the current snapshot as the previous one (a hard link), dropping the oldest beyond the limit."""
    keep = config.SNAPSHOTS_KEPT
    previous(path, keep).unlink(missing_ok=True)
    for n in range(keep - 1, 0, -1):
        if previous(path, n).exists():
            os.replace(previous(path, n), previous(path, n + 1))
    if path.exists():
        os.link(path, previous(path, 1))


@contextmanager
def writing(
    path: str | os.PathLike[str] | None = None, holder: str = "an import", wait_seconds: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to the next snapshot: a copy of the current file, swapped in when the block
    ends without an error (nothing changes otherwise). One writer at a time; others wait, then get Busy."""
    target = Path(config.db_path(path))
    wait = config.WRITE_LOCK_WAIT_SECONDS if wait_seconds is None else wait_seconds
    with _locked(target, holder, wait):
        # a copy left by a writer that was killed: nobody else can be writing while we hold the lock
        for stale in target.parent.glob(f"{target.name}{TMP_MARK}*"):
            stale.unlink(missing_ok=True)
        nxt = target.with_name(f"{target.name}{TMP_MARK}{os.getpid()}")
        if target.exists():
            shutil.copyfile(target, nxt)
        con = store.connect(nxt)
        try:
            yield con
            # everything in the file itself, no write-ahead log beside it, before it becomes current
            con.execute("checkpoint")
        except BaseException:
            con.close()
            nxt.unlink(missing_ok=True)
            Path(f"{nxt}.wal").unlink(missing_ok=True)
            raise
        con.close()
        _rotate(target)
        os.replace(nxt, target)


def undo(path: str | os.PathLike[str] | None = None, holder: str = "undo") -> bool:
    """Make the previous snapshot current again (the current one is dropped); False when there is none."""
    target = Path(config.db_path(path))
    with _locked(target, holder, config.WRITE_LOCK_WAIT_SECONDS):
        if not previous(target).exists():
            return False
        os.replace(previous(target), target)
        for n in range(2, config.SNAPSHOTS_KEPT + 1):
            if previous(target, n).exists():
                os.replace(previous(target, n), previous(target, n - 1))
        return True


def can_undo(path: str | os.PathLike[str] | None = None) -> bool:
    """True when a previous snapshot is kept."""
    return previous(Path(config.db_path(path))).exists()


def identity(path: str | os.PathLike[str] | None = None) -> tuple[int, int] | None:
    """What changes when a new snapshot is swapped in (inode and modification time); None without a file."""
    try:
        st = os.stat(config.db_path(path))
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def open_read_only(path: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current snapshot, through an alias of its own.

    The alias (a hard link named after the file's identity) keeps the connection on this snapshot when the
    next one is swapped in, and lets a process that also writes the file open it read-write beside it
    (DuckDB refuses two configurations of one path in a process). Aliases of older snapshots are removed;
    connections still open on them keep reading. A missing file, or one written by an older version, is
    first created or upgraded through a snapshot write.
    """
    target = Path(config.db_path(path))
    for _ in range(2):
        if not target.exists():
            with writing(target, holder="the first start of the dashboard"):
                pass
        st = os.stat(target)
        # named after the file's identity: a file changed in place (by a writer that is not a snapshot)
        # gets a new alias, so DuckDB opens it afresh instead of reusing the instance of the old contents
        alias = target.with_name(f".{target.name}{ALIAS_MARK}{st.st_ino}-{st.st_mtime_ns}")
        if not alias.exists():
            with contextlib.suppress(FileExistsError):
                os.link(target, alias)
        for old in target.parent.glob(f".{target.name}{ALIAS_MARK}*"):
            if old != alias:
                old.unlink(missing_ok=True)
        con = store.connect(alias, read_only=True)
        if store.is_current(con):
            return con
        con.close()
        with writing(target, holder="an upgrade of the database file"):
            pass
    raise RuntimeError(f"{target.name} could not be upgraded to this version's schema")
