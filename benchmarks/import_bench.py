"""Import benchmark: a leads CSV through the importer vs DuckDB's own read_csv into a table.

BENCH_IMPORT_ROWS (default 1,000,000) sets the size, BENCH_ROUNDS (default 5) the rounds: the three imports
run interleaved, round after round, and the medians are printed, so a slow spell of the machine weighs on
all three alike; CPU time (all threads) is printed beside wall time, as the ratio a shared machine disturbs
least. Each run is a fresh process, and its peak memory is read from /proc/self/status (VmHWM): ru_maxrss
would carry over the parent's peak across exec. BENCH_STAGED=0 leaves out the staged import (at 10 M it takes
longer than the two others together); BENCH_IMPORT_CSV=FILE imports that leads CSV (canonical columns) instead of
writing one from a new demo.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
import duckdb
from dashboard import store
from dashboard.importers.canonical import import_files
how, csv, db = sys.argv[1:4]
start, cpu = time.perf_counter(), time.process_time()
if how == "importer":
    con = store.connect(db)
    import_files(con, "leads", [csv])
    rows = store.scalar(con, "select count(*) from leads")
else:
    con = duckdb.connect(db)
    con.execute("create table leads as select * from read_csv($p, header = true)", {{"p": csv}})
    rows = con.execute("select count(*) from leads").fetchall()[0][0]
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak_mib = int(status.split()[0]) / 1024
print(json.dumps({{"rows": rows, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mib": peak_mib}}))
"""


def run(how: str, csv: Path, folder: Path) -> dict:
    """One import in a fresh process; its rows, seconds and peak memory."""
    db = folder / f"{how}.duckdb"
    db.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), how, str(csv), str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="import_bench_"))
    try:
        _bench(folder)
    finally:
        # a 10 M run leaves 4 GB of files: never keep them
        shutil.rmtree(folder, ignore_errors=True)


def _bench(folder: Path) -> None:
    from dashboard import demo, store

    n = int(os.environ.get("BENCH_IMPORT_ROWS", "1000000"))
    given = os.environ.get("BENCH_IMPORT_CSV")
    csv = Path(given) if given else folder / "leads.csv"
    staged = os.environ.get("BENCH_STAGED", "1") != "0"
    flawed = folder / "leads_with_a_duplicate.csv"
    if not given or staged:
        con = store.connect(str(folder / "source.duckdb"))
        if given:
            con.execute("create or replace table file_leads as select * from read_csv($p, header = true)", {"p": given})
            source, columns = "file_leads", "*"
        else:
            demo.generate(con, leads=n, seed=42, end_at=datetime(2026, 11, 1))
            # the columns a leads export has (the stored stage columns are the importer's to derive)
            source = "leads"
            columns = ", ".join(c for c in store.table_columns(con, "leads") if c != "lifecycle_stage")
            con.execute(f"copy (select {columns} from leads) to '" + str(csv).replace("'", "''") + "'")
        if staged:
            # the same rows and one more that repeats the first lead's id: the import names it, so the file
            # takes the staged way
            con.execute(
                f"copy (select {columns} from {source} union all "
                f"(select {columns} from {source} order by lead_id limit 1)) to '"
                + str(flawed).replace("'", "''")
                + "'"
            )
        con.close()
    size = csv.stat().st_size / 2**20
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    what = f"{csv.name} (given)" if given else f"{n:,} demo leads"
    print(f"# import benchmark: {what}, {size:,.0f} MiB CSV, median of {rounds} interleaved rounds")
    runs: dict[str, list[dict]] = {"ours": [], "duck": [], **({"staged": []} if staged else {})}
    for _ in range(rounds):
        runs["ours"].append(run("importer", csv, folder))
        runs["duck"].append(run("read_csv", csv, folder))
        if staged:
            runs["staged"].append(run("importer", flawed, folder))
    med = {
        key: {m: statistics.median(r[m] for r in results) for m in ("seconds", "cpu_seconds", "peak_mib", "rows")}
        for key, results in runs.items()
    }
    for name, key in (
        ("importer, a clean file (validated, one transaction)", "ours"),
        ("importer, the file with one duplicate row (staged, problem named)", "staged"),
        ("duckdb read_csv into a table", "duck"),
    ):
        if key not in med:
            continue
        r = med[key]
        each = ", ".join(f"{x['seconds']:.1f}" for x in runs[key])
        print(
            f"{name}: {r['rows']:,.0f} rows in {r['seconds']:.1f} s ({each}), {r['rows'] / r['seconds']:,.0f} rows/s, "
            f"CPU {r['cpu_seconds']:.1f} s, peak {r['peak_mib']:,.0f} MiB"
        )
    ratios = [o["seconds"] / d["seconds"] for o, d in zip(runs["ours"], runs["duck"], strict=True)]
    ours, duck = med["ours"], med["duck"]
    print(
        f"importer / read_csv time: {ours['seconds'] / duck['seconds']:.2f}x for the clean file "
        f"(per round {', '.join(f'{x:.2f}' for x in ratios)})"
        + (f", {med['staged']['seconds'] / duck['seconds']:.2f}x for the one with a problem to name" if staged else "")
    )
    # CPU time (all threads of the process) is what a busy machine disturbs least: it is the fairer ratio there
    print(
        f"importer / read_csv CPU time: {ours['cpu_seconds'] / duck['cpu_seconds']:.2f}x for the clean file"
        + (f", {med['staged']['cpu_seconds'] / duck['cpu_seconds']:.2f}x for the one with a problem" if staged else "")
    )


if __name__ == "__main__":
    main()
