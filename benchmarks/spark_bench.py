"""Benchmark: the funnel, sources and friction computations on DuckDB (the embedded file) and on Spark local mode,
in the same run, interleaved, medians; the numbers of both must be identical every round or the bench fails.

BENCH_LEADS (default 10,000,000, the issue's figure) sets the demo's size, generated under a temporary folder with
`python -m dashboard demo`, exported with `export` and built on Spark with `build --engine spark` (all timed).
BENCH_ROUNDS (default 5) sets the rounds; each round varies the conversion window so neither engine meets a view it
has seen. FUNNEL_SPARK_MASTER (default local[*]) or SPARK_REMOTE picks the Spark to measure; in local mode
BENCH_SPARK_DRIVER_MEMORY (default 8g) is the driver's heap, where local mode does all its work (Spark's own
default, 1g, is sized for a client that sends work to executors).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import config, friction, metrics, snapshots, sources, spark_engine  # noqa: E402
from dashboard.filters import Filters  # noqa: E402

DRIVER_MEMORY = os.environ.get("BENCH_SPARK_DRIVER_MEMORY", "8g")
COMPUTATIONS: dict[str, Callable[[Any, Filters], Any]] = {
    "funnel": lambda con, f: metrics.funnel_records(metrics.funnel(con, f)),
    "sources": lambda con, f: sources.source_records(con, f, config.DEFAULT_ATTRIBUTION_MODEL),
    "friction": lambda con, f: friction.friction_records(con, f),
}


def _timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = step()
    return time.perf_counter() - start, out


def _cli(*args: str) -> float:
    seconds, _ = _timed(lambda: subprocess.run([sys.executable, "-m", "dashboard", *args], check=True, cwd=ROOT))
    return seconds


def main() -> int:
    """Generate, export, build; then every round times each computation on both engines, in alternating order."""
    leads = int(os.environ.get("BENCH_LEADS", "10000000"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    folder = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    try:
        db = folder / "bench.duckdb"
        print(f"demo of {leads:,} leads: {_cli('demo', '--db', str(db), '--leads', str(leads)):.1f} s")
        print(f"export to Parquet: {_cli('export', '--db', str(db), '--output', str(folder / 'canonical')):.1f} s")
        local = {} if os.environ.get("SPARK_REMOTE") else {"spark.driver.memory": DRIVER_MEMORY}
        spark = spark_engine.session(conf=local)
        seconds, _ = _timed(lambda: spark_engine.build(spark, folder / "canonical", folder / "built"))
        where = os.environ.get("SPARK_REMOTE") or spark.conf.get("spark.master", "Spark Connect")
        print(f"build on Spark ({where}): {seconds:.1f} s")
        engines = {
            "duckdb": snapshots.open_read_only(db),
            "spark": spark_engine.SparkEngine.from_folder(spark, folder / "built"),
        }
        times: dict[tuple[str, str], list[float]] = defaultdict(list)
        for r in range(rounds):
            view = Filters(window_days=config.CONVERSION_WINDOW_DAYS - r)
            order = list(engines) if r % 2 == 0 else list(reversed(engines))
            for name, compute in COMPUTATIONS.items():
                results = {}
                for engine in order:
                    seconds, results[engine] = _timed(lambda e=engine, c=compute, v=view: c(engines[e], v))
                    times[(name, engine)].append(seconds)
                if results["duckdb"] != results["spark"]:
                    print(f"error: {name} differs between the engines in round {r + 1}", file=sys.stderr)
                    return 1
        print(f"\nmedian of {rounds} rounds, {leads:,} leads (identical numbers every round)")
        print(f"{'computation':<12}{'duckdb s':>10}{'spark s':>10}{'ratio':>8}")
        for name in COMPUTATIONS:
            duck, on_spark = median(times[(name, "duckdb")]), median(times[(name, "spark")])
            print(f"{name:<12}{duck:>10.2f}{on_spark:>10.2f}{on_spark / duck:>8.1f}")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
