"""Where one import's time goes: a leads CSV (canonical columns) imported into a new DuckDB file, each step timed.

Usage: python benchmarks/import_profile.py LEADS.csv [DB]. Prints wall and CPU seconds per step (the line scan, the
insert with the stage columns, the row check, the account tables, the rollup, the data checks) and in all, then
DuckDB's own read_csv of the same file into a table, the yardstick of `benchmarks/import_bench.py`. The steps are
timed by wrapping the importer's own functions in this process; nothing of the import changes.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from dashboard import checks, rollups, store  # noqa: E402
from dashboard.importers import canonical  # noqa: E402

TIMES: dict[str, tuple[float, float]] = {}


def _add(label: str, wall: float, cpu: float) -> None:
    before = TIMES.get(label, (0.0, 0.0))
    TIMES[label] = (before[0] + wall, before[1] + cpu)


def _timed(label: str, step: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    out = step()
    _add(label, time.perf_counter() - wall, time.process_time() - cpu)
    return out


def _wrap(module: Any, name: str, label: str) -> None:
    original = getattr(module, name)
    setattr(module, name, lambda *a, **k: _timed(label, lambda: original(*a, **k)))


def _statement_runner(con: duckdb.DuckDBPyConnection) -> Callable[[str, str], None]:
    return lambda label, sql: _timed(label, lambda: con.execute(sql))


def _refresh(con: duckdb.DuckDBPyConnection, stale: str = store.STALE_LEADS) -> None:
    # store.refresh_derived step by step, for an import whose leads get their stage columns with the insert (a
    # clean leads CSV, the fast way): a staged import derives them here, which this profile does not split
    if store.scalar(con, f"select count(*) filter (where {stale}) from leads"):
        raise SystemExit("this profile times a clean leads CSV (canonical columns, nothing to report) only")
    run = _statement_runner(con)
    _timed("deal facts, data_as_of", lambda: store.refresh_deal_facts(con))
    run("account tables (one grouping)", store._script("schema/account_facts"))
    run("account_groups (a view)", store._script("schema/account_groups"))
    if store.get_meta(con, "code_version") != store.CODE_VERSION:
        run("query macros", store._scripts(store.MACRO_SCRIPTS))
    _timed("funnel rollup", lambda: store.run_script(con, store.ROLLUP_SCRIPT, rollups.build_params()))


def main() -> None:
    csv = Path(sys.argv[1])
    folder = Path(tempfile.mkdtemp(prefix="import_profile_"))
    db = Path(sys.argv[2]) if len(sys.argv) > 2 else folder / "profile.duckdb"
    db.unlink(missing_ok=True)
    con = store.connect(str(db))  # a new file: its schema is written here, not timed
    _wrap(canonical.readers, "line_scan", "line scan")
    _wrap(canonical, "_insert", "insert (parse, stage columns)")
    _wrap(canonical.checks, "rows_and_problems", "row check")
    _wrap(checks, "run_all", "data checks")
    store.refresh_derived = _refresh
    wall, cpu = time.perf_counter(), time.process_time()
    report = canonical.import_files(con, "leads", [csv])
    total = time.perf_counter() - wall, time.process_time() - cpu
    con.close()
    print(f"# one import of {csv.name}: {report.rows_loaded:,} leads; seconds (wall, CPU of all threads)")
    for label, (w, c) in TIMES.items():
        print(f"{label:32s} {w:7.1f} {c:7.1f}")
    print(f"{'importer, in all':32s} {total[0]:7.1f} {total[1]:7.1f}")
    plain = duckdb.connect(str(folder / "read_csv.duckdb"))
    plain.execute("set enable_progress_bar = false")
    wall, cpu = time.perf_counter(), time.process_time()
    plain.execute("create table leads as select * from read_csv($p, header = true)", {"p": str(csv)})
    duck = time.perf_counter() - wall, time.process_time() - cpu
    plain.close()
    print(f"{'duckdb read_csv into a table':32s} {duck[0]:7.1f} {duck[1]:7.1f}")
    print(f"importer / read_csv: {total[0] / duck[0]:.2f}x wall, {total[1] / duck[1]:.2f}x CPU")
    # a 10 M run leaves gigabytes: never keep them (a DB named on the command line stays)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
