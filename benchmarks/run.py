"""Benchmark: the project's page computations against vectorised pandas and Polars, interleaved, same numbers.

BENCH_LEADS (default 1,000,000) sets the demo's size; it is generated under a temporary folder that is
deleted at the end (BENCH_DB names a database to reuse instead, generated there when it does not have that
many leads). BENCH_ROUNDS (default 5, at least 5) sets the rounds. BENCH_BROWSER=1 adds the browser timings
(benchmarks/browser.py: a real streamlit server and headless Chromium).

What is compared: the funnel (count and still-in-window count per stage), the deal summary (open, won,
lost, revenue, median cycle) and the funnel by source. The project runs its dashboard functions (the
uncached path: Streamlit's caches are not involved, and DuckDB keeps no result cache); pandas and Polars
run on the same stored columns of `leads` and `deal_facts`, loaded once, their load time and memory
reported apart. The three must give identical numbers for every view and round, or the bench fails.
Every round runs every view with every engine and page, in an order rotated each round, and each view
varies per round (conversion window, dates or owner pair), so no engine meets a view it has seen before.
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import app_pages  # noqa: E402
import peers  # noqa: E402

from dashboard import changes, config, friction, metrics, overview, sla, snapshots, sources, store  # noqa: E402
from dashboard.filters import Filters  # noqa: E402

END = date(2026, 11, 1)
PERIOD = "2026-10"
ENGINES = ("project", "pandas", "polars")
COMPUTATIONS = ("funnel", "deals", "breakdown")
OWNERS = ("Alex Morgan", "Blake Chen", "Casey Patel", "Dana Kowalski", "Eli Novak", "Frankie Rossi", "Gray Okafor")

# name -> the view in round r: each round changes it a little (window, dates or owners)
VIEWS: dict[str, Callable[[int], Filters]] = {
    "all dates": lambda r: Filters(window_days=config.CONVERSION_WINDOW_DAYS - r),
    "one quarter": lambda r: Filters(
        date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), window_days=config.CONVERSION_WINDOW_DAYS - r
    ),
    "2 sources, CFO": lambda r: Filters(
        sources=("paid_search", "email"), personas=("CFO",), window_days=config.CONVERSION_WINDOW_DAYS - r
    ),
    "activity 2025, SMB": lambda r: Filters(
        date_from=date(2025, 1, 1), date_to=date(2025, 12, 31) - timedelta(days=r), mode="activity", segments=("SMB",)
    ),
    "in order, 2 owners": lambda r: Filters(
        in_order=True, owners=(OWNERS[r % len(OWNERS)], OWNERS[(r + 3) % len(OWNERS)])
    ),
}

# the child that generates the demo reports its own peak (VmHWM): a child's ru_maxrss starts at its parent's
DEMO_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from dashboard.cli import main
start = time.perf_counter()
code = main(["demo", "--db", {db!r}, "--leads", "{n}", "--end", "{end}"])
seconds = time.perf_counter() - start
hwm = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(f"RESULT {{seconds}} {{int(hwm) / 1024}}")
sys.exit(code)
"""


def rss_mib() -> float:
    """This process's resident memory now."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def peak_mib() -> float:
    """This process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(db: Path, n: int) -> None:
    """The demo of n leads through the command line, in a child process; print its time and peak memory."""
    code = DEMO_CHILD.format(root=str(ROOT), db=str(db), n=n, end=END.isoformat())
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"demo generation failed:\n{done.stdout}\n{done.stderr}")
    seconds, peak = (float(x) for x in done.stdout.split("RESULT ")[1].split())
    print(f"demo generation ({n:,} leads, `python -m dashboard demo`): {seconds:.1f} s, peak memory {peak:,.0f} MiB")


# ---- the project's pages, as today: what each computes after a filter change (every cache missed) --------


def landing_page(con, f: Filters) -> None:
    """The landing page: the executive view of one month (which ignores the sidebar's dates), then the filtered
    headline, its customers-and-wins sentence and the monthly entries."""
    executive = overview.executive_view(f)
    # as streamlit_app.py: the tiles, coverage, planner, alignment chart and undated stages in one computation
    landing = overview.landing(con, executive, PERIOD)
    changes.summary(con, executive, PERIOD, landing.data_end, landing.data_first)
    metrics.headline(con, f)
    metrics.customers_and_wins(con, f)
    metrics.monthly_entries(con, f)
    metrics.undated_stages(con, f)


def funnel_page(con, f: Filters, section: str = "breakdown") -> None:
    """The Funnel page showing one of its analyses (pages/1_Funnel.py SECTIONS; the breakdown by default): the funnel,
    its notes and the drill-down's first page, then that analysis alone, as the page computes them. Results that
    depend on the data alone (the sidebar's options, the data's dates) are left out: cached on a server."""
    funnel = metrics.funnel(con, f)
    if funnel["count_leads"].sum() == 0:
        metrics.empty_funnel_words(con, f)
        return
    if f.mode != "cohort":
        metrics.undated_stages(con, f)
    metrics.customers_and_wins(con, f)
    metrics.drilldown(con, f, config.STAGES[-1], "reached", 0)
    if section == "breakdown":
        # the comparison's two funnels: the first two values of the breakdown, as the page picks them
        values = metrics.named_values(metrics.breakdown(con, f, "source"))
        for value in values[:2] if len(values) >= 2 else []:
            metrics.funnel(con, f.with_values("source", [value]))
    elif section == "cohorts":
        metrics.cohorts(con, f)
    elif section == "time":
        metrics.times_to_convert(con, f)  # the table and the trend, one scan
        metrics.stalled(con, f)
        metrics.past_window_count(con, f)
    else:
        raise ValueError(f"the Funnel page has no analysis {section!r}")


def sla_page(con, f: Filters, settings: sla.SlaSettings) -> None:
    """The SLA page."""
    sla.overview(con, f, settings)  # the summary tiles and the response bands, one scan
    sla.by_group(con, f, settings, "owner")
    sla.lead_lists(con, f, settings, 500)  # the waiting and breach lists, one scan
    sla.marketing_delivery(con, f)
    metrics.breakdown(con, f, "source")


def sources_page(con, f: Filters) -> None:
    """The Sources page."""
    sources.source_table(con, f)
    sources.attribution(con, f)
    sources.sourced(con, f)
    sources.source_trend(con, f)
    sources.rejections(con, f)
    sources.rejected_leads(con, f, 500)
    sources.lost_reasons(con, f)


def friction_page(con, f: Filters) -> None:
    """The Friction page."""
    friction.analysis(con, f)
    friction.volume(con, f)
    friction.sql_quality(con, f)
    friction.retention(con, f)
    metrics.stalled_overview(con, f, 500)  # the stalled counts, owners and list, one scan


PAGES: dict[str, Callable[[Any, Filters], None]] = {
    "Landing": landing_page,
    "Funnel": funnel_page,
    # its other analyses, one at a time on the page (a filter change recomputes only the one shown)
    "Funnel, cohorts": lambda con, f: funnel_page(con, f, "cohorts"),
    "Funnel, time": lambda con, f: funnel_page(con, f, "time"),
    "SLA": lambda con, f: sla_page(con, f, sla.SlaSettings()),
    "SLA, business hours": lambda con, f: sla_page(con, f, sla.SlaSettings(business_hours=True)),
    "Sources": sources_page,
    "Friction": friction_page,
}


def project_numbers(con, f: Filters) -> dict[str, Callable[[], tuple]]:
    """The three computations through the dashboard's own functions, in the peers' shape."""

    def funnel() -> tuple:
        df = metrics.funnel(con, f)
        return tuple((r.stage, int(r.count_leads), int(r.count_in_progress)) for r in df.itertuples())

    def deals() -> tuple:
        d = metrics.deal_summary(con, f)
        return (d.open, d.won, d.lost, d.revenue, d.median_cycle_days)

    def breakdown() -> tuple:
        df = metrics.breakdown(con, f, "source")
        return tuple((r.value, r.stage, int(r.count_leads)) for r in df.itertuples())

    return {"funnel": funnel, "deals": deals, "breakdown": breakdown}


def load_peers(con) -> tuple[dict[str, Any], datetime]:
    """Load the peers' data once each; print load time, resident memory added and the frames' own size."""
    frames = {}
    for name, load, size in (
        ("pandas", peers.pandas_frames, lambda fs: sum(int(df.memory_usage(deep=True).sum()) for df in fs)),
        ("polars", peers.polars_frames, lambda fs: sum(int(df.estimated_size()) for df in fs)),
    ):
        gc.collect()
        before = rss_mib()
        start = time.perf_counter()
        frames[name] = load(con)
        seconds = time.perf_counter() - start
        gc.collect()
        print(
            f"load into {name}: {seconds:.2f} s; resident memory +{rss_mib() - before:,.0f} MiB "
            f"(frames {size(frames[name]) / 2**20:,.0f} MiB), process peak so far {peak_mib():,.0f} MiB"
        )
    return frames, peers.as_of(con)


def run_rounds(con, frames: dict[str, Any], today: datetime, rounds: int) -> tuple[dict, list[str]]:
    """Every round, every view: each engine's three computations and each page, in rotated order."""
    times: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    failures: list[str] = []
    for r in range(rounds):
        for view_name, view in VIEWS.items():
            f = view(r)
            jobs = {
                "project": project_numbers(con, f),
                **{peer: peers.numbers(peer, *frames[peer], f, today) for peer in ("pandas", "polars")},
            }
            tasks = [(engine, comp, jobs[engine][comp]) for comp in COMPUTATIONS for engine in ENGINES]
            tasks += [("page", page, lambda p=page, f=f: PAGES[p](con, f)) for page in PAGES]
            tasks += [("app", page, app_pages.timer(page, f)) for page in app_pages.SCRIPTS]
            shift = r * 5 % len(tasks)
            results: dict[tuple[str, str], Any] = {}
            for engine, what, fn in tasks[shift:] + tasks[:shift]:
                start = time.perf_counter()
                results[engine, what] = fn()
                times[engine, what, view_name].append(time.perf_counter() - start)
            for comp in COMPUTATIONS:
                mine = results["project", comp]
                for other in ("pandas", "polars"):
                    if results[other, comp] != mine:
                        failures.append(
                            f"{comp} differs, view '{view_name}' round {r} ({f}):\n  project {mine}\n"
                            f"  {other:7} {results[other, comp]}"
                        )
        print(f"round {r + 1}/{rounds} done")
    return times, failures


def ms(values: list[float]) -> float:
    """Median in milliseconds."""
    return median(values) * 1000


def report(times: dict, rounds: int) -> None:
    """Medians per computation and view, with ratios; then the pages."""
    print(f"\n## same numbers, three engines: median ms of {rounds} interleaved rounds (ratio = project / peer)")
    print(f"{'computation':<10} {'view':<20} {'project':>8} {'pandas':>8} {'polars':>8} {'/pandas':>8} {'/polars':>8}")
    for comp in COMPUTATIONS:
        for view_name in [*VIEWS, "all views"]:
            med = {}
            for engine in ENGINES:
                if view_name == "all views":
                    med[engine] = ms([t for v in VIEWS for t in times[engine, comp, v]])
                else:
                    med[engine] = ms(times[engine, comp, view_name])
            print(
                f"{comp:<10} {view_name:<20} {med['project']:>8.0f} {med['pandas']:>8.0f} {med['polars']:>8.0f} "
                f"{med['project'] / med['pandas']:>7.2f}x {med['project'] / med['polars']:>7.2f}x"
            )
    print(f"\n## pages' computations as PAGES lists them (functions, nothing cached): median ms of {rounds} rounds")
    print(f"{'page':<20} " + " ".join(f"{v[:12]:>12}" for v in VIEWS) + f" {'max':>8}")
    for page in PAGES:
        meds = [ms(times["page", page, v]) for v in VIEWS]
        print(f"{page:<20} " + " ".join(f"{m:>12.0f}" for m in meds) + f" {max(meds):>8.0f}")
    print(f"\n## pages' own scripts after a filter change (AppTest, data-only results cached): median ms of {rounds}")
    print(f"{'page':<20} " + " ".join(f"{v[:12]:>12}" for v in VIEWS) + f" {'max':>8}")
    for page in app_pages.SCRIPTS:
        meds = [ms(times["app", page, v]) for v in VIEWS]
        print(f"{page:<20} " + " ".join(f"{m:>12.0f}" for m in meds) + f" {max(meds):>8.0f}")


def main() -> None:
    n = int(os.environ.get("BENCH_LEADS", "1000000"))
    rounds = max(5, int(os.environ.get("BENCH_ROUNDS", "5")))
    own_db = os.environ.get("BENCH_DB")
    folder = None if own_db else Path(tempfile.mkdtemp(prefix="funnel-bench-"))
    db = Path(own_db) if own_db else folder / f"bench_{n}.duckdb"
    print(f"# benchmark at {n:,} leads, {rounds} rounds, database {db}, {os.cpu_count()} cores")
    print("# a shared machine: other work moves every figure; the interleaving spreads it over all engines")
    try:
        if not db.exists() or store.table_counts(snapshots.open_read_only(db))["leads"] != n:
            generate(db, n)
        else:
            print(f"demo generation skipped (its peak memory is not measured): {db} holds {n:,} leads")
        con = snapshots.open_read_only(db)  # as the dashboard reads it
        counts = store.table_counts(con)
        print(f"rows: leads {counts['leads']:,}, deals {counts['deals']:,}; process memory {rss_mib():,.0f} MiB")
        frames, today = load_peers(con)
        app_pages.prepare(db)
        times, failures = run_rounds(con, frames, today, rounds)
        report(times, rounds)
        print(f"\npeak resident memory of this process (DuckDB + both peers' frames): {peak_mib():,.0f} MiB")
        if os.environ.get("BENCH_BROWSER") == "1":
            import browser

            del frames
            gc.collect()
            browser.run(db)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    if failures:
        print(f"\nFAILED: the engines disagree in {len(failures)} case(s):", *failures, sep="\n")
        sys.exit(1)
    print("\nall three engines gave identical numbers for every view and round")


if __name__ == "__main__":
    main()
