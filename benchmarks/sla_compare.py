"""The SLA page's computations on two database files, interleaved: before and after a change of the SLA macros.

Usage: python benchmarks/sla_compare.py BEFORE.duckdb AFTER.duckdb [ROUNDS]. A file read read-only runs the macros
stored in it, so BEFORE is a copy of a database written by the old code and AFTER the same data opened read-write
once by the new code (`python -c "from dashboard import store; store.connect('AFTER.duckdb').close()"`). For each
setting (around the clock, business hours) and view (all dates, one year), the summary and bands, the owner table
and the two lead lists run on both files in alternating order, ROUNDS times (default 5, at least 5); the medians are
printed, and the two files' results must be identical, or the script fails.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from dashboard import sla  # noqa: E402
from dashboard.filters import Filters  # noqa: E402

VIEWS = {"all dates": Filters(), "2025": Filters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))}


def _same(name: str, before: Any, after: Any) -> bool:
    """Whether two results of one computation are identical."""
    if name == "summary and bands":
        return bool(before.summary == after.summary and before.bands.equals(after.bands))
    if name == "lead lists":
        return all(before[k].equals(after[k]) for k in before)
    return bool(before.equals(after))


def main() -> None:
    before_path, after_path = sys.argv[1], sys.argv[2]
    rounds = max(5, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    cons = {"before": duckdb.connect(before_path, read_only=True), "after": duckdb.connect(after_path, read_only=True)}
    failures = []
    print(f"{'setting':<16} {'view':<10} {'computation':<18} {'before ms':>10} {'after ms':>10} {'ratio':>7}")
    for hours in (False, True):
        settings = sla.SlaSettings(business_hours=hours)
        for view, f in VIEWS.items():
            jobs: dict[str, Callable[[duckdb.DuckDBPyConnection], Any]] = {
                "summary and bands": lambda c, f=f, s=settings: sla.overview(c, f, s),
                "owner table": lambda c, f=f, s=settings: sla.by_group(c, f, s, "owner"),
                "lead lists": lambda c, f=f, s=settings: sla.lead_lists(c, f, s, 500),
            }
            for name, job in jobs.items():
                times: dict[str, list[float]] = {"before": [], "after": []}
                results: dict[str, Any] = {}
                for r in range(rounds):
                    for side in ("before", "after") if r % 2 else ("after", "before"):
                        start = time.perf_counter()
                        results[side] = job(cons[side])
                        times[side].append(time.perf_counter() - start)
                b, a = median(times["before"]) * 1000, median(times["after"]) * 1000
                setting = "business hours" if hours else "around the clock"
                print(f"{setting:<16} {view:<10} {name:<18} {b:>10.0f} {a:>10.0f} {b / a:>6.2f}x", flush=True)
                if not _same(name, results["before"], results["after"]):
                    failures.append(f"{setting}, {view}, {name}")
    if failures:
        sys.exit("FAILED: the two files give different results for: " + "; ".join(failures))
    print("both files gave identical results for every setting, view and computation")


if __name__ == "__main__":
    main()
