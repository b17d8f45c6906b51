"""The Data page's import check in a child process with a wall-clock and a memory limit.

One upload (a huge or hostile file) could otherwise take the server's memory and cores from every other
user for minutes. The child opens the current snapshot read-only, dry-runs the import and sends back the
report or the refusal (pickled); the server kills it at the time limit, and the memory limit (the child's
address space, RLIMIT_AS, plus DuckDB's own memory_limit inside it) makes an oversized check fail in the
child, never in the server. The child also runs at a lower CPU priority so pages stay responsive.

Run as `python -m dashboard.importers.isolated RESULT_FILE MEMORY_MB` with the pickled
(database path, options, files) on stdin.
"""

from __future__ import annotations

import os
import pickle
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb

from dashboard import config
from dashboard.importers.canonical import ImportReport, stored_rows
from dashboard.importers.errors import ImportRefused
from dashboard.importers.run import ImportOptions

# DuckDB gets this share of the child's address-space limit: the rest is for Python, pandas and the
# libraries' own reservations (thread stacks, allocator arenas), which count against RLIMIT_AS too
DUCKDB_SHARE = 0.5
# the child's exit code when it ran out of memory but could still say so
OUT_OF_MEMORY_EXIT = 3


def _names(paths: Sequence[str | os.PathLike[str]]) -> str:
    return ", ".join(Path(p).name for p in paths)


def _advice(options: ImportOptions) -> str:
    command = f"python -m dashboard import --kind {options.kind} --preset {options.preset} --mode {options.mode}"
    if options.mapping_path:
        command += f" --mapping {shlex.quote(Path(options.mapping_path).name)}"
    if options.sheet:
        command += f" --sheet {shlex.quote(options.sheet)}"
    return f"split the file, or import it with the command line on the server: {command} FILE"


def checked_import(
    db_path: str | os.PathLike[str],
    options: ImportOptions,
    paths: Sequence[str | os.PathLike[str]],
    seconds: float | None = None,
    memory_mb: int | None = None,
) -> ImportReport | ImportRefused:
    """Dry-run an import in a child process within `seconds` and `memory_mb` (config's limits by default):
    its report or refusal, or a refusal saying which limit stopped it and what to do instead."""
    seconds = config.IMPORT_CHECK_SECONDS if seconds is None else seconds
    memory_mb = config.IMPORT_CHECK_MEMORY_MB if memory_mb is None else memory_mb
    job = pickle.dumps((str(db_path), options, [str(p) for p in paths]))
    with tempfile.TemporaryDirectory(prefix="funnel_check_") as folder:
        out = Path(folder) / "result.pickle"
        try:
            done = subprocess.run(
                [sys.executable, "-m", __name__, str(out), str(memory_mb)],
                input=job,
                cwd=config.ROOT,
                # fewer malloc arenas: each reserves address space that counts against the limit unused
                env={**os.environ, "MALLOC_ARENA_MAX": "2"},
                capture_output=True,
                timeout=seconds,
            )
        except subprocess.TimeoutExpired:
            # subprocess.run killed the child: its memory and cores are free again
            return ImportRefused(
                f"The check of {_names(paths)} stopped after {seconds:g} s, the limit for a check on this "
                f"server; {_advice(options)}"
            )
        if done.returncode == 0 and out.exists():
            return pickle.loads(out.read_bytes())
    if done.returncode == OUT_OF_MEMORY_EXIT:
        return ImportRefused(
            f"The check of {_names(paths)} needed more than {memory_mb:,} MB, the limit for a check on this "
            f"server; {_advice(options)}"
        )
    if done.returncode > 0:
        # a fault of the check itself, not of a limit: shown as the error it is, not dressed as a refusal
        raise RuntimeError(f"the import check failed: {done.stderr.decode(errors='replace')[-2000:]}")
    # killed by a signal before it could report: an allocator aborting at the memory limit, mostly
    return ImportRefused(
        f"The check of {_names(paths)} stopped before it finished (exit code {done.returncode}), most likely "
        f"because it needed more than {memory_mb:,} MB; {_advice(options)}"
    )


def _writable_copy(con: duckdb.DuckDBPyConnection, folder: Path, kind: str) -> duckdb.DuckDBPyConnection:
    """A read-write copy of the snapshot a read-only connection reads, in `folder`: a leads or deals check writes its
    rows in a transaction it rolls back, to say the warnings the import says once its rows are in
    (canonical._rehearse). Another kind, or more stored rows than config.CHECK_REHEARSAL_MAX_ROWS, has no rehearsal,
    and no copy: the connection as it is."""
    if kind not in config.REHEARSED_KINDS or stored_rows(con) > config.CHECK_REHEARSAL_MAX_ROWS:
        return con
    found = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    con.close()
    copy = folder / "check.duckdb"
    shutil.copyfile(str(found[0]) if found else "", copy)
    return duckdb.connect(str(copy))


def _child(out: Path, memory_mb: int) -> int:
    """In the child: limit memory, dry-run the job read from stdin, write the pickled result to `out`."""
    import duckdb

    from dashboard import snapshots
    from dashboard.importers import readers
    from dashboard.importers.run import run_import

    limit = memory_mb * 1024**2
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # a crash at the limit leaves no core file of this size behind
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(config.IMPORT_CHECK_NICENESS)
    db_path, options, paths = pickle.loads(sys.stdin.buffer.read())
    try:
        with tempfile.TemporaryDirectory(prefix="funnel_check_db_") as folder:
            con = _writable_copy(snapshots.open_read_only(db_path), Path(folder), options.kind)
            con.execute(f"set memory_limit = '{int(memory_mb * DUCKDB_SHARE)}MB'")
            result: ImportReport | ImportRefused = run_import(con, options, paths, dry_run=True)
            con.close()
    except ImportRefused as exc:
        result = exc
    except OSError as exc:  # the copy cannot be read (disk, permissions): what the user can do about it
        result = ImportRefused(readers.io_problem("the upload", exc))
    except (MemoryError, duckdb.OutOfMemoryException):
        return OUT_OF_MEMORY_EXIT
    out.write_bytes(pickle.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_child(Path(sys.argv[1]), int(sys.argv[2])))
