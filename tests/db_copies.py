"""Databases a test fixture builds the same way for every test, built once per process and copied for each test."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import duckdb

from dashboard import store

# databases built once per worker process by built_copy, by key: (the built file, what its build returned, the
# code's state it was built under)
_BUILT: dict[str, tuple[Path, Any, dict[str, int]]] = {}
_BUILT_FOLDER: list[Path] = []
# environment variables that change from test to test without changing what a build writes
_NOT_STATE = frozenset({"PYTEST_CURRENT_TEST"})


def _code_state() -> dict[str, int]:
    """Every attribute of the project's modules by identity, and the environment: a test that patched a setting or
    a function (monkeypatch) before its database was built would have it built under the patch."""
    # but not pytest's PYTEST_CURRENT_TEST, which names the test running: it made every test build again
    state = {f"env {k}": hash(v) for k, v in os.environ.items() if k not in _NOT_STATE}
    for name, module in list(sys.modules.items()):
        if name == "dashboard" or name.startswith("dashboard."):
            state.update((f"{name}.{attr}", id(value)) for attr, value in vars(module).items())
    return state


def _same_code(built: dict[str, int], now: dict[str, int]) -> bool:
    # a module imported since the build played no part in it
    return all(now.get(key) == value for key, value in built.items()) and all(
        key in built for key in now if key.startswith("env ")
    )


def built_copy(
    key: str, build: Callable[[duckdb.DuckDBPyConnection, Path], Any], target: str | Path | None = None
) -> tuple[duckdb.DuckDBPyConnection, Any]:
    """A copy of the database `build(con, folder)` fills (in memory, or the file `target`), and what build returned.

    The build runs once per process and key, into a file of its own with its input files written in `folder`; each
    caller gets a fresh copy, so a test that changes its database changes no other test's. For fixtures that import
    the same files into a new database for every test: an import is about a second, a copy a few milliseconds."""
    if not _BUILT_FOLDER:
        folder = Path(tempfile.mkdtemp(prefix="funnel-built-"))
        atexit.register(shutil.rmtree, folder, True)
        _BUILT_FOLDER.append(folder)
    if key not in _BUILT or not _same_code(_BUILT[key][2], _code_state()):
        # built again (and kept) under the state this test runs under
        folder = Path(tempfile.mkdtemp(dir=_BUILT_FOLDER[0]))
        # built where the fixture built it (in memory, or in a file), then kept in a file
        made = store.connect(":memory:" if target is None else str(folder / "built.duckdb"))
        returned = build(made, folder)
        if target is None:
            made.execute("attach $path as built", {"path": str(folder / "built.duckdb")})
            made.execute("copy from database memory to built")
            made.execute("detach built")
        else:
            made.execute("checkpoint")
        made.close()
        _BUILT[key] = (folder / "built.duckdb", returned, _code_state())
    path, returned, _ = _BUILT[key]
    if target is None:
        # as store.connect(":memory:") copies its empty template
        copy = duckdb.connect(":memory:")
        copy.execute("attach $path as built (read_only)", {"path": str(path)})
        copy.execute("copy from database built to memory")
        copy.execute("detach built")
        return copy, deepcopy(returned)
    shutil.copyfile(path, target)
    return store.connect(str(target)), deepcopy(returned)
