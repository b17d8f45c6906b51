"""Where one import's time goes: a leads CSV (canonical columns) imported into a new DuckDB file, each step timed.

Usage: python benchmarks/import_profile.py LEADS.csv [DB]. Prints wall and CPU seconds per step (the line scan, the
insert with the stage columns, the row check, the deal facts and credits, the account tables, the rollups and the SLA
facts, each table apart, the data checks, each apart) and in all, then DuckDB's own read_csv of the same file into a
table, the yardstick of `benchmarks/import_bench.py`. The steps are timed by wrapping the importer's own functions in
this process (the account, rollup and SLA scripts run statement by statement, as store runs them); nothing of the
import changes.
"""

from __future__ import annotations

import re
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

from dashboard import checks, queries, rollups, store  # noqa: E402
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


def _each_statement(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> None:
    # queries.run_statements with each statement timed, under the table, view or macro it writes
    for statement in re.split(r";\s*\n", queries._strip_comments(sql)):
        if statement.strip():
            made = re.search(r"create or replace (?:temp )?(?:table|macro|view) (\w+)", statement)
            label = f"  {made.group(1) if made else statement.strip()[:28]}"
            _timed(label, lambda s=statement: con.execute(s, queries._bind(s, params or {})))


def _refresh_accounts(con: duckdb.DuckDBPyConnection) -> None:
    # store._refresh_accounts, statement by statement
    store._drop_tables_now_views(con, ("account_facts", "account_groups"))
    for name in ("schema/account_facts", "schema/account_groups", store.ACCOUNT_DEALS_SCRIPT):
        _each_statement(con, queries.sql_text(name))


def _refresh_rollups(con: duckdb.DuckDBPyConnection) -> None:
    # store.refresh_rollups, statement by statement
    _timed(
        "rollups (schema/rollup.sql)",
        lambda: _each_statement(con, queries.sql_text(store.ROLLUP_SCRIPT), rollups.build_params()),
    )
    _timed(
        "sla facts", lambda: _each_statement(con, queries.sql_text(store.SLA_FACTS_SCRIPT), rollups.sla_build_params())
    )


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
    each_check = checks.violations
    checks.violations = lambda c, name: _timed(f"  {name}", lambda: each_check(c, name))
    _wrap(store, "refresh_derived", "refresh_derived, in all")
    _wrap(store, "refresh_deal_facts", "deal facts, data_as_of")
    _wrap(store, "refresh_deal_credits", "deal credits")
    store._refresh_accounts = lambda con: _timed("account tables", lambda: _refresh_accounts(con))
    store.refresh_rollups = _refresh_rollups
    wall, cpu = time.perf_counter(), time.process_time()
    report = canonical.import_files(con, "leads", [csv])
    total = time.perf_counter() - wall, time.process_time() - cpu
    con.close()
    print(f"# one import of {csv.name}: {report.rows_loaded:,} leads; seconds (wall, CPU of all threads)")
    for label, (w, c) in TIMES.items():
        print(f"{label:32s} {w:7.2f} {c:7.2f}")
    print(f"{'importer, in all':32s} {total[0]:7.2f} {total[1]:7.2f}")
    plain = duckdb.connect(str(folder / "read_csv.duckdb"))
    plain.execute("set enable_progress_bar = false")
    wall, cpu = time.perf_counter(), time.process_time()
    plain.execute("create table leads as select * from read_csv($p, header = true)", {"p": str(csv)})
    duck = time.perf_counter() - wall, time.process_time() - cpu
    plain.close()
    print(f"{'duckdb read_csv into a table':32s} {duck[0]:7.2f} {duck[1]:7.2f}")
    print(f"importer / read_csv: {total[0] / duck[0]:.2f}x wall, {total[1] / duck[1]:.2f}x CPU")
    # a 10 M run leaves gigabytes: never keep them (a DB named on the command line stays)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
