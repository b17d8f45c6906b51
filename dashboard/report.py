"""The monthly meeting report: one self-contained HTML file (and a PDF when Chromium is there)."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import plotly.graph_objects as go
import plotly.offline

from dashboard import (
    changes,
    charts,
    checks,
    clock,
    config,
    definitions,
    friction,
    metrics,
    overview,
    periods,
    sla,
    sources,
    store,
    targets,
)
from dashboard.filters import Filters, describe_mode
from dashboard.formatting import (
    WORD_JOINER,
    fmt_count,
    fmt_int,
    fmt_money_column,
    fmt_pct,
    fmt_return,
    in_currency,
    is_missing,
    label_value,
)
from dashboard.queries import run

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
STYLE = f"""
body {{ font-family: -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px;
       padding: 0 1rem; color: #222; }}
/* a chart takes the width it has up to what fits the printed page: on a phone it fits the screen */
.chart {{ width: 100%; max-width: {config.REPORT_CHART_WIDTH}px; }}
/* a table wider than a phone's screen scrolls inside its box; the page never scrolls sideways */
.scroll {{ overflow-x: auto; }}
h1 {{ margin-bottom: 0; }} .caption {{ color: #666; margin-top: .3rem; }}
table {{ border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .95rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
.alert {{ background: #fff4e5; border-left: 4px solid #f18f01; padding: .5rem .8rem; margin: .4rem 0; }}
.up {{ color: #2f7d32; }} .down {{ color: #c62828; }}
section {{ page-break-inside: avoid; }}
/* on paper the page's own margins are enough: the charts keep the whole printable width */
@media print {{ body {{ padding: 0; }} }}
"""
# the charts are at most as wide as the printed page (.chart above), so the PDF cuts no label off
PAGE_STYLE = f"@page {{ margin: {config.REPORT_PAGE_MARGIN}; }}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


# escaped characters are parked in Unicode's private use area while the markup is read
ESCAPED = 0xE000


def _markdown(text: str) -> str:
    """The little markdown the definitions use (bold, bullet lists, pipe tables) as HTML, everything escaped."""
    out: list[str] = []
    table: list[list[str]] = []
    items: list[str] = []

    def inline(line: str) -> str:
        # a backslash-escaped character (formatting.md_text: a source named **x**) is that character, never markup
        # (and md_text's word joiners, there for Streamlit's emoji and arrows, are not needed in the report)
        line = line.replace(WORD_JOINER, "")
        hidden = re.sub(r"\\([!-/:-@\[-`{-~])", lambda m: chr(ESCAPED + ord(m.group(1))), line)
        marked = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(hidden))
        return re.sub("[\ue000-\ue07f]", lambda m: html.escape(chr(ord(m.group()) - ESCAPED)), marked)

    def flush() -> None:
        if table:
            head, *rows = [r for r in table if not all(set(c) <= {"-", ":", " "} for c in r)]
            out.append(_table(head, [[inline(c) for c in r] for r in rows]))
            table.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            table.append([c.strip() for c in stripped.strip("|").split("|")])
        elif stripped.startswith("- "):
            items.append(stripped[2:])
        else:
            flush()
            if stripped:
                out.append(f"<p>{inline(stripped)}</p>")
    flush()
    return "".join(out)


def _chart(fig: go.Figure) -> str:
    # the charts draw from the plotly.js included once in the page: no network is needed to open the file. No
    # fixed width: a chart fills its box (.chart: at most REPORT_CHART_WIDTH, what an A4 page prints) and redraws
    # when the window changes, so a 390 px phone sees it whole; a chart that sets its own height (the funnel's
    # room for the hand-over line) keeps it
    height = max(fig.layout.height or 0, config.REPORT_CHART_HEIGHT)
    fig.update_layout(width=None, height=height, autosize=True)
    # labels beside the bars (the funnel's counts and rates) are sized for the page's width, not the app's
    fig.update_annotations(font_size=config.REPORT_ANNOTATION_SIZE)
    drawn = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        config={"staticPlot": True, "responsive": True},
        default_width="100%",
        default_height=f"{height}px",
    )
    return f'<div class="chart">{drawn}</div>'


def _change(
    kpi: overview.Kpi,
    period: str,
    not_compared: tuple[str, ...],
    cut_at: date | None = None,
    after_data: date | None = None,
) -> str:
    before = html.escape(periods.label(periods.previous(period)))
    if after_data is not None:
        # no data in the period: nothing to set against the period before (its zeros read as a 100 % fall)
        name = html.escape(periods.label(period))
        return f"not compared: no data for {name} yet (the data ends on {after_data:%-d %b %Y})"
    if cut_at is not None:
        # the period is counted only so far: that, not the previous period's size, is why nothing is compared
        # (every row read "too few in Nov 2026" against a November of 144 leads)
        days = (cut_at - periods.bounds(period)[0]).days + 1
        return (
            f"not compared: {html.escape(periods.label(period))} is counted to {cut_at:%-d %b} only "
            f"({fmt_count(days, 'day')}), {before} whole"
        )
    if kpi.previous_note:
        # the data starts inside the previous period: a part of it is no base ("+457.1%" on one month of three)
        return html.escape(f"not compared, {kpi.previous_note}")
    if kpi.previous is None:
        return f"no data for {before}"
    if kpi.key in not_compared:
        # as the "what changed" note above says: too few in the previous period to read a change from
        return f"not compared: too few in {before}"
    if kpi.small_previous:
        # the previous period's own velocity rests on the MQLs of the period before it
        base = html.escape(periods.label(periods.previous(periods.previous(period))))
        return f"not compared: {before}'s rests on too few MQLs in {base}"
    text = overview.delta_text(kpi, period)
    if text is None:
        return "–"
    better = (
        (kpi.value or 0) >= (kpi.previous or 0) if kpi.higher_is_better else (kpi.value or 0) <= (kpi.previous or 0)
    )
    return f'<span class="{"up" if better else "down"}">{html.escape(text)}</span>'


def _through(data_end: date | None) -> str:
    """' · data through 4 Dec 2026': the data's last day, which a complete period's report never named."""
    return f" · data through {data_end:%-d %b %Y}" if data_end else ""


def _generated() -> str:
    """The time the report is written, with its time zone ('2026-12-06 19:23 UTC'): a bare wall-clock time read
    as the reader's own."""
    # the product's clock, in the data's zone (config.DATA_TIMEZONE) as the report's dates are, not the machine's
    now = clock.now().replace(tzinfo=ZoneInfo(config.DATA_TIMEZONE))
    return f"{now:%Y-%m-%d %H:%M} {now.tzname() or now.strftime('UTC%z')}"


def _sla_table(service: sla.SlaSummary, agreement: sla.SlaSettings) -> str:
    """The period's speed to lead: compliance, the leads due and the four parts they add up to (the SLA page's and
    the JSON's due_parts: "Never contacted 4" beside 18 due hid 10 overdue leads not contacted yet), and the
    response times."""
    parts = [config.CODE_LABELS[part] for part in sla.DUE_PARTS]
    # without a first-contact time in the data nothing about contact is known: "–", not 0
    counts = [fmt_int(getattr(service, part)) if service.contact_times else "–" for part in sla.DUE_PARTS]
    table = _table(
        ["SLA compliance", "Leads due", *parts, "Median response", "95th percentile"],
        [
            [
                fmt_pct(service.compliance),
                fmt_int(service.eligible) if service.contact_times else "–",
                *counts,
                agreement.duration(service.median_minutes),
                agreement.duration(service.p95_minutes),
            ]
        ],
    )
    overdue = config.CODE_LABELS["waiting_overdue"]
    return table + (
        f'<p class="caption">The leads due are the sum of {html.escape(", ".join(parts[:-1]))} and '
        f"{html.escape(overdue)} (not contacted yet, and past the SLA at the data's last event). "
        "The response times are those of the contacted leads.</p>"
    )


def _friction_note(in_period: Filters, base: str) -> str:
    """How the friction points are counted (as the period's funnel above), with a link opening the Friction page
    on that same count: its default counts the leads created in its dates, whose rates differ."""
    url = changes.page_url("pages/4_Friction.py", in_period.to_query(), base)
    return (
        f'<p class="caption">Counted as the funnel above. {html.escape(describe_mode(in_period))} '
        f'<a href="{html.escape(url)}">The Friction page with these dates and this count</a> shows the same points; '
        "its default, the leads created in the dates and followed after, gives other rates.</p>"
    )


def _awaiting_html(con: duckdb.DuckDBPyConnection) -> str:
    """The pages' warning on the deals kept aside for want of their lead (in none of the numbers); '' when none."""
    words = metrics.awaiting_lead(con).sentence()
    return f'<div class="alert">{html.escape(words)}.</div>' if words else ""


def _stored_twice_html(con: duckdb.DuckDBPyConnection) -> str:
    """The landing page's warning on records stored twice under the ids of two CRMs (every number counts them
    twice, checks.stored_twice_notice); '' when none."""
    words = checks.stored_twice_notice(con)
    return f'<div class="alert">{html.escape(words)}</div>' if words else ""


def build_html(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    period: str,
    base: str | None = None,
    settings: sla.SlaSettings | None = None,
) -> str:
    """The report for one month or quarter under the view's dimension filters; its links open the dashboard at
    base (the app passes the address its reader uses; else changes.app_url()); its SLA figures under the
    agreement `settings` (None: config's)."""
    # its money in the data's currency, whoever asks (the app, the command line)
    with in_currency(store.currency(con)):
        return _html(con, filters, period, base or changes.app_url(), settings or sla.SlaSettings())


def _html(con: duckdb.DuckDBPyConnection, filters: Filters, period: str, base: str, agreement: sla.SlaSettings) -> str:
    name = periods.label(period)
    in_period = overview.period_filters(filters, period)
    cohort = in_period.mode == "cohort"
    # the data's days read once for every section that ends at it, not once per section
    bounds = run(con, "date_bounds").iloc[0]
    data_days = targets.bounds_days(bounds)
    data_end = data_days[1]
    # the tiles, the coverage's win rates and the alignment chart's months from one pass over the deals, as the
    # landing page reads them (overview.landing): kpis and coverage apart read the trailing year's deals twice
    tiles = overview.kpi_parts(
        con, filters, period, bounds, agreement, trailing=overview.trailing_days(con, period, data_end)
    )
    kpis = tiles.kpis
    by_key = {k.key: k for k in kpis}
    deals = (tiles.outcomes[overview.TRAILING].deals, tiles.outcomes[period].deals)
    cover = overview.coverage(con, filters, period, data_end, deals)
    alerts = overview.alerts(by_key, cover, filters, period)
    changed = changes.summary(con, filters, period, data_end, data_days[0])
    kpi_rows = [
        [
            html.escape(k.label),
            overview.tile_value(k),
            _change(k, period, changed.not_compared, changed.cut_at, changed.after_data),
            html.escape(overview.tile_caption(k, period, with_previous=False)),
        ]
        for k in kpis
    ]
    credited = sources.attribution(con, in_period)
    table = sources.with_model(
        sources.source_table(con, in_period), credited, config.DEFAULT_ATTRIBUTION_MODEL, chosen=in_period.sources
    )
    # what the Sources page's dash means, in words (the report's table has room): never a zero cost or an
    # infinite ROI
    no_spend = sources.spend_cell_words(in_period)
    no_leads = sources.no_leads_note(table, sources.loaded_source_labels(con))
    no_amount = sources.revenue_caveat(table, escape=str)
    unspent = sources.unspent_months_note(sources.unspent_months(con, in_period), escape=str, unit=in_period.count_by)
    spend_note = (
        ""
        if sources.spend_fits(in_period)
        else f'<p class="caption">{html.escape(sources.no_spend_message(in_period))}</p>'
    )
    shown = sources.display_table(table.head(config.BREAKDOWN_TOP_N * 2))
    # one column, one style: every cell of a unit with the same decimals
    revenue_cells = fmt_money_column(shown["attributed_revenue"])
    spend_cells = fmt_money_column(shown["spend"])
    source_rows = [
        [
            html.escape(label_value("source", r["source"])),
            fmt_int(r["count_leads"]),
            fmt_int(r["count_won"]),
            revenue,
            # one money style in the table, as the revenue beside it; the ROI as the Sources page writes it
            no_spend if is_missing(r["spend"]) else html.escape(spend),
            no_spend if is_missing(r["roi"]) else fmt_return(r["roi"]),
        ]
        for r, revenue, spend in zip(shown.to_dict("records"), revenue_cells, spend_cells, strict=True)
    ]
    # the dashboard's pages count the period's leads as a cohort by default: one sentence sets their numbers apart
    cohort_view = dataclasses.replace(in_period, mode="cohort", window_days=filters.window_days)
    # the period's leads that reached MQL or SQL with no date: in none of its counts by date (the landing page's note)
    undated = overview.undated_stages(con, filters, period)
    apart = overview.two_counts_sentence(
        period, filters.window_days, by_key, metrics.headline(con, cohort_view), "report", undated.get("mql", 0)
    )
    undated_note = metrics.undated_activity_note(undated, f"in {name}")
    service = sla.summary(con, in_period, agreement)
    # most contacted leads reached before their clock started: the compliance measured nothing (trial 59)
    before_clock = service.before_clock_warning(agreement.clock_start, "report --sla-clock mql")
    # the points, the deal size and the unjudged steps from one read of each (the deal size was read twice)
    found = friction.points_analysis(con, in_period)
    points, lifted = found.points, found.lifted
    flags, pending = friction.judged(points), friction.pending_note(points)
    # the period is counted by activity: steps with stages reached undated are not judged, and said so
    undated_steps = found.unjudged
    unjudged = undated_steps.note()
    # revenue at stake is valued at the won deals from leads: the wins without one left out, said (lead_deals)
    deal_note = found.deals.note()
    # and steps with more entries at their end than at their start (45 wins in a month of 36 SQLs) are no rate
    over = friction.not_rates(lifted, in_period, undated_steps)
    if over:
        unjudged = f"{unjudged} {over['note']}" if unjudged else over["note"]
    # the data starts inside the period or one it is compared with: said once, as the landing page's caption does
    starts = overview.data_start_note(period, data_days[0], data_end, overview.not_compared_with(by_key))
    empty = overview.empty_view_note(filters, period, by_key)
    parts = [
        f"<h1>Monthly meeting report — {html.escape(name)}</h1>",
        f'<p class="caption">{html.escape(in_period.caption())}{html.escape(_through(data_end))} · generated '
        f"{_generated()} from the funnel dashboard</p>",
        f'<p class="caption">{html.escape(starts)}</p>' if starts else "",
        f'<div class="alert">{html.escape(empty)}</div>' if empty else "",
        f'<p class="caption">{html.escape(apart)}</p>' if apart else "",
        f'<p class="caption">{html.escape(undated_note)}</p>' if undated_note else "",
        _stored_twice_html(con),
        _awaiting_html(con),
        changes.html_section(changed, base),
        "<section><h2>Alerts</h2>"
        + (
            "".join(f'<div class="alert">{html.escape(a.message)}</div>' for a in alerts)
            or "<p>No threshold crossed.</p>"
        )
        + "</section>",
        "<section><h2>Headline numbers</h2>"
        + _table(["KPI", name, "Against the previous period", "Target and last year"], kpi_rows)
        + "</section>",
        "<section><h2>The funnel</h2>"
        # the period is counted by activity (each stage's own entries): counts only, as the Funnel page draws them
        + _chart(charts.funnel(metrics.funnel(con, in_period), show_dropoff=cohort, rates=cohort))
        + f"<p>{html.escape(metrics.customers_and_wins(con, in_period).sentence(in_period))}</p></section>",
        "<section><h2>Revenue alignment</h2>"
        + f"<p>{html.escape(cover.sentence())}</p>"
        + _chart(
            charts.alignment(
                overview.alignment_months(con, filters, period, data_days, tiles.months),
                through=overview.counted_through(period, data_end),
            )
        )
        + "</section>",
        f"<section><h2>Sources (revenue by {html.escape(config.ATTRIBUTION_MODELS[config.DEFAULT_ATTRIBUTION_MODEL])})"
        "</h2>"
        + _table(["Source", "Leads", "Won", "Revenue", "Spend", "ROI"], source_rows)
        + spend_note
        + (f'<p class="caption">{html.escape(no_leads)}</p>' if no_leads else "")
        + (f'<p class="caption">{html.escape(no_amount)}</p>' if no_amount else "")
        + (f'<p class="caption">{html.escape(unspent)}</p>' if unspent else "")
        + (f'<p class="caption">{html.escape(apart)}</p>' if apart else "")
        + "</section>",
        "<section><h2>Speed to lead</h2>"
        + f"<p>{html.escape(agreement.describe())}</p>"
        + (f'<div class="alert">{html.escape(before_clock)}</div>' if before_clock else "")
        + _sla_table(service, agreement)
        + "</section>",
        f"<section><h2>Top friction points in {html.escape(name)}</h2>"
        + (
            "<ol>" + "".join(f"<li>{html.escape(m)}</li>" for m in flags["message"].head(5)) + "</ol>"
            if not flags.empty
            else f"<p>No step of any segment {'judged here ' if unjudged else ''}is clearly worse than its "
            "comparison.</p>"
        )
        + (f'<p class="caption">Not judged yet: {html.escape(pending)}</p>' if pending else "")
        + (f'<p class="caption">{html.escape(deal_note)}</p>' if deal_note and not flags.empty else "")
        + (f'<div class="alert">{html.escape(unjudged)}</div>' if unjudged else "")
        + _friction_note(in_period, base)
        + "</section>",
        "<section><h2>Definitions</h2>"
        + "".join(
            f"<h3>{html.escape(t)}</h3>{_markdown(text)}"
            for t, text in definitions.sections(store.sales_sources(con), agreement)
        )
        + "</section>",
    ]
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        # a phone lays the page out at its own width (without this, at 980 px, then shrunk)
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Monthly meeting report — {html.escape(name)}</title><style>{STYLE}{PAGE_STYLE}</style>"
        f"<script>{plotly.offline.get_plotlyjs()}</script></head><body>" + "".join(parts) + "</body></html>"
    )


def chromium() -> str | None:
    """The Chromium executable, if the machine has one."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def to_pdf(html_path: Path, pdf_path: Path, browser: str | None = None) -> Path | None:
    """Print the report to PDF with headless Chromium; None when there is no Chromium."""
    browser = browser or chromium()
    if browser is None:
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=10000",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf_path}",
                html_path.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return pdf_path if pdf_path.exists() else None


def build_pdf(con: duckdb.DuckDBPyConnection, filters: Filters, period: str, base: str | None = None) -> bytes:
    """The report printed to PDF by headless Chromium (check chromium() first: without it this raises)."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("printing the report to PDF needs Chromium, which is not installed")
    with tempfile.TemporaryDirectory(prefix="funnel_report_") as folder:
        html_path = Path(folder) / "report.html"
        html_path.write_text(build_html(con, filters, period, base), encoding="utf-8")
        pdf = to_pdf(html_path, Path(folder) / "report.pdf", browser)
        if pdf is None:
            raise RuntimeError("Chromium did not write the PDF")
        return pdf.read_bytes()
