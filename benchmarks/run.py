"""Benchmarks: demo generation, and a page's full uncached recompute after a filter change, vs pandas.

BENCH_LEADS (default 1,000,000) sets the size; BENCH_DB reuses a database file of that size.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from dashboard import demo, friction, metrics, overview, report, sla, sources, store
from dashboard.filters import Filters

END = datetime(2026, 11, 1)
VIEWS = [
    Filters(),
    Filters(date_from=date(2026, 1, 1), date_to=date(2026, 3, 31)),
    Filters(sources=("paid_search", "email"), personas=("CFO",)),
    Filters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), mode="activity", segments=("SMB",)),
    Filters(in_order=True, owners=("Alex Morgan", "Blake Chen")),
]


def timed(fn, repeat: int = 3) -> float:
    """Median wall time of fn() in seconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return median(runs)


def landing_page(con, f: Filters) -> None:
    """What the landing page's filtered view computes after a filter change (the cache misses)."""
    metrics.headline(con, f)
    metrics.monthly_entries(con, f)


def executive(con, f: Filters, period: str = "2026-10") -> None:
    """The landing page's executive view of one month: KPIs of four periods, coverage, sparklines, plan."""
    overview.kpis(con, f, period)
    overview.coverage(con, f, period)
    overview.alignment_months(con, f, period)
    overview.observed_rates(con, f, period)


def funnel_page(con, f: Filters) -> None:
    """What the funnel page computes after a filter change (cache misses), in its default view."""
    metrics.funnel(con, f)
    metrics.drilldown(con, f, "customer", "reached", 0)
    metrics.breakdown(con, f, "source")
    metrics.funnel(con, f.with_values("source", ["paid_search"]))
    metrics.funnel(con, f.with_values("source", ["email"]))


def funnel_page_other_views(con, f: Filters) -> tuple[float, float]:
    """Seconds for the cohorts view and for the time view, each computed alone."""
    cohorts = timed(lambda: metrics.cohorts(con, f), repeat=1)
    times = timed(
        lambda: (metrics.time_to_convert(con, f), metrics.time_to_convert_trend(con, f), metrics.stalled(con, f)),
        repeat=1,
    )
    return cohorts, times


def sla_page(con, f: Filters, settings: sla.SlaSettings) -> None:
    """What the SLA page computes after a filter change (cache misses)."""
    sla.summary(con, f, settings)
    sla.by_group(con, f, settings, "owner")
    sla.lead_list(con, f, settings, "waiting", 500)
    sla.lead_list(con, f, settings, "breached", 500)
    sla.speed_pays(con, f, settings)
    sla.marketing_delivery(con, f)
    metrics.breakdown(con, f, "source")


def sources_page(con, f: Filters) -> None:
    """The Sources page's queries: source table, every attribution model, sourced/influenced, trend, loop."""
    sources.source_table(con, f)
    sources.attribution(con, f)
    sources.sourced(con, f)
    sources.source_trend(con, f)
    sources.rejections(con, f)
    sources.rejected_leads(con, f, 500)
    sources.lost_reasons(con, f)


def friction_page(con, f: Filters) -> None:
    """The Friction page's queries: the finder (this and the previous period), seed checks, stalled, lift."""
    friction.analysis(con, f)
    friction.volume(con, f)
    friction.sql_quality(con, f)
    friction.retention(con, f)
    metrics.stalled(con, f)
    friction.stalled_by_owner(con, f)
    friction.stalled_leads(con, f, 500)


def pandas_landing(leads: pd.DataFrame, deals: pd.DataFrame, f: Filters) -> None:
    """The same numbers computed in pandas from the base tables."""
    per_lead = (
        deals[deals["lead_id"].notna()]
        .groupby("lead_id")
        .agg(has_won=("status", lambda s: (s == "won").any()), opp_at=("created_at", "min"))
    )
    df = leads.merge(per_lead, how="left", left_on="lead_id", right_index=True)
    for dim, field in (("source", "sources"), ("persona", "personas"), ("segment", "segments"), ("owner", "owners")):
        values = getattr(f, field)
        if values:
            df = df[df[dim].isin(values)]
    has_deal = df["opp_at"].notna()
    is_customer = df["has_won"].fillna(False).astype(bool)
    is_sql = has_deal | df["sql_at"].notna()
    is_mql = is_sql | df["mql_at"].notna()
    lo = pd.Timestamp(f.date_from) if f.date_from else pd.Timestamp.min
    hi = pd.Timestamp(f.date_to) + pd.Timedelta(days=1) if f.date_to else pd.Timestamp.max
    in_range = df["created_at"].between(lo, hi, inclusive="left")
    [int((in_range & m).sum()) for m in (in_range, is_mql, is_sql, has_deal, is_customer)]
    won = deals[deals["status"] == "won"]
    won["amount"].sum()
    monthly = df.assign(month=df["created_at"].dt.to_period("M"))
    monthly[in_range].groupby("month").size()


def main() -> None:
    n = int(os.environ.get("BENCH_LEADS", "1000000"))
    db = os.environ.get("BENCH_DB") or str(Path(tempfile.mkdtemp()) / f"bench_{n}.duckdb")
    print(f"# benchmark at {n:,} leads, database {db}")
    con = store.connect(db)
    if store.table_counts(con)["leads"] != n:
        seconds = timed(lambda: demo.generate(con, leads=n, seed=42, end_at=END), repeat=1)
        print(f"demo generation: {seconds:.1f} s ({n / seconds:,.0f} leads/s)")
    counts = store.table_counts(con)
    print(f"rows: leads {counts['leads']:,}, deals {counts['deals']:,}")

    duck = [timed(lambda f=f: landing_page(con, f)) for f in VIEWS]
    print(
        f"landing page filtered view recompute (DuckDB, uncached): median {median(duck) * 1000:.0f} ms, "
        f"max {max(duck) * 1000:.0f} ms over {len(VIEWS)} filter sets"
    )
    exe = [timed(lambda f=f: executive(con, f), repeat=1) for f in VIEWS]
    whole = [d + e for d, e in zip(duck, exe, strict=True)]
    print(
        f"landing page's executive view of Oct 2026 (4 periods, coverage, sparklines, plan): median "
        f"{median(exe) * 1000:.0f} ms; whole landing page median {median(whole) * 1000:.0f} ms, max "
        f"{max(whole) * 1000:.0f} ms"
    )
    reporting = timed(lambda: report.build_html(con, Filters(), "2026-10"), repeat=1)
    print(f"monthly meeting report (HTML, Oct 2026): {reporting:.2f} s")
    funnel_only = [timed(lambda f=f: metrics.funnel(con, f)) for f in VIEWS]
    print(f"funnel query alone: median {median(funnel_only) * 1000:.0f} ms")
    page = [timed(lambda f=f: funnel_page(con, f)) for f in VIEWS]
    print(
        f"funnel page recompute, default view (5 queries, uncached): median {median(page) * 1000:.0f} ms, "
        f"max {max(page) * 1000:.0f} ms"
    )
    others = [funnel_page_other_views(con, f) for f in VIEWS]
    print(
        f"funnel page, switching to the cohorts view: median {median(c for c, _ in others) * 1000:.0f} ms; "
        f"to the time view: median {median(t for _, t in others) * 1000:.0f} ms"
    )

    around = [timed(lambda f=f: sla_page(con, f, sla.SlaSettings()), repeat=1) for f in VIEWS]
    business = sla.SlaSettings(business_hours=True)
    office = [timed(lambda f=f: sla_page(con, f, business), repeat=1) for f in VIEWS]
    print(
        f"SLA page recompute (7 queries, uncached): median {median(around) * 1000:.0f} ms around the clock, "
        f"{median(office) * 1000:.0f} ms in business hours"
    )

    src = [timed(lambda f=f: sources_page(con, f), repeat=1) for f in VIEWS]
    print(
        f"sources page recompute (7 queries, uncached): median {median(src) * 1000:.0f} ms, "
        f"max {max(src) * 1000:.0f} ms"
    )

    fri = [timed(lambda f=f: friction_page(con, f), repeat=1) for f in VIEWS]
    print(
        f"friction page recompute (11 queries, uncached): median {median(fri) * 1000:.0f} ms, "
        f"max {max(fri) * 1000:.0f} ms"
    )

    if n <= 2_000_000:
        leads = con.execute(
            "select lead_id, created_at, source, persona, segment, owner, mql_at, sql_at from leads"
        ).df()
        deals = con.execute("select lead_id, status, created_at, amount from deals").df()
        pand = [timed(lambda f=f: pandas_landing(leads, deals, f), repeat=1) for f in VIEWS]
        print(f"same numbers in pandas (data already in memory): median {median(pand) * 1000:.0f} ms")
        print(f"ratio pandas / DuckDB (the filtered view's numbers): {median(pand) / median(duck):.1f}x")
    else:
        print("pandas comparison skipped above 2 M leads (it would need the whole table in memory)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
