"""`python -m dashboard demo|import|map|undo|report|metrics|export|build`: the command line for automation."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from dashboard import (
    checks,
    config,
    demo,
    engine,
    friction,
    metrics,
    periods,
    sla,
    snapshots,
    sources,
    store,
    targets,
    undoing,
)
from dashboard import report as meeting_report
from dashboard.export import export_tables
from dashboard.filters import FilterOptions, Filters, not_in_data
from dashboard.formatting import fmt_pct, in_currency, quoted, round_half_away
from dashboard.importers import candidates, canonical, propose
from dashboard.importers.mapping import PRESETS
from dashboard.importers.report import ImportReport
from dashboard.importers.run import ImportOptions, run_import
from dashboard.importers.toml_writer import to_toml


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write YYYY-MM-DD)") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of DESIGN.md's command-line contract."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_demo = sub.add_parser("demo", help="replace all data with deterministic demo data")
    p_demo.add_argument("--db", help=f"database file (default: ${config.DB_ENV_VAR} or data/funnel.duckdb)")
    p_demo.add_argument("--leads", type=int, default=config.DEMO_DEFAULT_LEADS)
    p_demo.add_argument("--seed", type=int, default=config.DEMO_DEFAULT_SEED)
    p_demo.add_argument("--end", type=_date, help="the demo's last day (default: today)")

    p_undo = sub.add_parser("undo", help="make the snapshot before the last import (or change) current again")
    p_undo.add_argument("--db")

    p_done = sub.add_parser(
        "complete-through",
        help="say the exports are complete through a day, so a month whose last days had no record counts as whole",
    )
    p_done.add_argument("--db")
    p_done.add_argument("day", nargs="?", type=_date, help="the last day the exports cover (YYYY-MM-DD)")
    p_done.add_argument("--clear", action="store_true", help="forget the stated day: the latest record decides")

    p_imp = sub.add_parser("import", help="import files into one table, as one transaction")
    p_imp.add_argument("--db")
    p_imp.add_argument("--kind", required=True, choices=list(canonical.KINDS))
    p_imp.add_argument("--preset", default="canonical", choices=list(PRESETS))
    p_imp.add_argument("--mapping", help="a TOML mapping file for exports in other columns (see README)")
    # trial 100: the default was shown nowhere, and a partial file replaced every stored lead
    p_imp.add_argument(
        "--mode",
        default="replace",
        choices=list(canonical.MODES),
        help="replace (the default): the files are the whole table, and stored rows they do not have are removed; "
        "append: add the files' rows and update the stored ones they name again (leads, deals, accounts by id; "
        "spend and targets by month and source; touches are added), keeping the rest: for one month's or a "
        "filtered export",
    )
    p_imp.add_argument("--sheet", help="the sheet to read from XLSX files (default: the only visible sheet with rows)")
    p_imp.add_argument(
        "--strict", action="store_true", help="refuse the whole import when any row has a problem (default: skip it)"
    )
    p_imp.add_argument(
        "--timezone",
        help="the time zone of times written without one, such as Europe/Berlin (default: the data's, UTC)",
    )
    p_imp.add_argument("--report-csv", help="write every skipped or flagged row to this CSV file")
    p_imp.add_argument("files", nargs="+")

    p_map = sub.add_parser("map", help="propose a mapping file for an export, with the reason for each line")
    p_map.add_argument("--kind", required=True, choices=list(canonical.KINDS))
    p_map.add_argument("--sheet", help="the sheet to read from XLSX files (default: the only visible sheet with rows)")
    p_map.add_argument("--out", help="write the mapping to this TOML file (default: print it)")
    p_map.add_argument("file")

    p_rep = sub.add_parser("report", help="write the monthly meeting report as one self-contained HTML file")
    p_rep.add_argument("--db")
    p_rep.add_argument("--month", required=True, help="the month (YYYY-MM) or quarter (YYYY-Qn) to report on")
    p_rep.add_argument(
        "--out", required=True, help="the HTML file to write; a PDF is written beside it when Chromium is installed"
    )
    p_rep.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    _dimension_arguments(p_rep)
    _sla_arguments(p_rep)

    p_met = sub.add_parser("metrics", help="print the metrics for a filtered view")
    p_met.add_argument("--db")
    p_met.add_argument("--from", dest="date_from", type=_date, help="first day, inclusive")
    p_met.add_argument("--to", dest="date_to", type=_date, help="last day, inclusive")
    p_met.add_argument("--mode", choices=list(config.MODES), default="cohort")
    p_met.add_argument("--in-order", action="store_true", help="count a stage only when entered in order")
    p_met.add_argument(
        "--window",
        type=int,
        default=config.CONVERSION_WINDOW_DAYS,
        help="cohort mode: days after creation within which a stage counts (0: no limit)",
    )
    _dimension_arguments(p_met)
    p_met.add_argument(
        "--count-by",
        choices=list(config.COUNT_BY),
        default=config.DEFAULT_COUNT_BY,
        help="count the funnel, sources and friction by lead (people) or by account (companies; see Definitions)",
    )
    _sla_arguments(p_met)
    p_met.add_argument(
        "--model",
        choices=list(config.ATTRIBUTION_MODELS),
        default=config.DEFAULT_ATTRIBUTION_MODEL,
        help="attribution model for the sources section's revenue and ROI",
    )
    p_met.add_argument("--format", choices=["json", "table"], default="json")
    _engine_arguments(
        p_met,
        "--data",
        f"spark: the built tables' folder, or {config.SPARK_CATALOG_PREFIX}<database> "
        f"(default: ${config.SPARK_DATA_ENV_VAR})",
    )

    p_exp = sub.add_parser("export", help="write the canonical tables as Parquet files named after the tables")
    p_exp.add_argument("--db")
    p_exp.add_argument("--output", required=True, help="the folder to write leads.parquet, deals.parquet, …")

    p_build = sub.add_parser("build", help="derive the stage columns and write the tables both engines read")
    _engine_arguments(
        p_build,
        "--input",
        "the canonical tables: a folder of Delta tables, <table>.parquet or <table>.csv files, or "
        f"{config.SPARK_CATALOG_PREFIX}<database>",
        True,
    )
    p_build.add_argument("--output", required=True, help="the folder to write the built tables to")
    return parser


def _sla_arguments(parser: argparse.ArgumentParser) -> None:
    """The SLA agreement's options (metrics and report): the SLA page's settings, so both reproduce its figure."""
    parser.add_argument("--sla-minutes", type=int, default=config.SLA_RESPONSE_MINUTES, help="sales response SLA")
    parser.add_argument(
        "--sla-clock",
        "--clock-start",
        dest="sla_clock",
        choices=list(config.SLA_CLOCK_STARTS),
        default=config.SLA_DEFAULT_CLOCK,
        help="the date the SLA clock starts at: sql, or mql (a lead with no MQL date starts at its SQL date)",
    )
    parser.add_argument("--business-hours", action="store_true", help="count only business hours against the SLA")
    parser.add_argument(
        "--office-timezone",
        default=config.SLA_TIMEZONE,
        help="the zone business hours are read in (e.g. Europe/Berlin; the SLA page's Office timezone)",
    )
    # the page's other business-hours settings: without them the CLI could not reproduce the meeting's figure
    parser.add_argument(
        "--holidays", default="", help="days without business hours, YYYY-MM-DD comma separated (2026-11-26,2026-12-24)"
    )
    parser.add_argument("--day-start", default=config.SLA_DAY_START, help="business hours start (HH:MM)")
    parser.add_argument("--day-end", default=config.SLA_DAY_END, help="business hours end (HH:MM)")
    parser.add_argument(
        "--working-days",
        default=sla.workdays_text(config.SLA_WORKDAYS),
        help="days with business hours, comma separated (Mon,Tue,Wed,Thu,Fri)",
    )


def _dimension_arguments(parser: argparse.ArgumentParser) -> None:
    """--source, --persona… : repeatable, each value as the data stores it."""
    for dim in config.DIMENSIONS:
        parser.add_argument(
            f"--{dim}",
            action="append",
            default=[],
            metavar=dim.upper(),
            help=f"only this {dim} (repeat for several), as stored, case and spaces included; {config.NONE_LABEL} "
            f"for the blank ones; a value that starts with - is written --{dim}=-Direct",
        )


def _engine_arguments(parser: argparse.ArgumentParser, folder: str, help_text: str, required: bool = False) -> None:
    parser.add_argument(
        "--engine",
        choices=list(config.ENGINES),
        help=f"where the queries run (default: ${config.ENGINE_ENV_VAR} or {config.DEFAULT_ENGINE})",
    )
    parser.add_argument(folder, required=required, help=help_text)


def filters_from_args(args: argparse.Namespace) -> Filters:
    """The Filters that the metrics command's options describe."""
    f = Filters(
        date_from=args.date_from,
        date_to=args.date_to,
        mode=args.mode,
        in_order=args.in_order,
        window_days=args.window,
        count_by=args.count_by,
    )
    for dim in config.DIMENSIONS:
        f = f.with_values(dim, getattr(args, dim))
    return f


def _values_in_data(con: Any, filters: Filters) -> bool:
    """Whether every filter value is one the data has (matched as a dashboard link matches it); if not, say which
    and what the data has: a mistyped or space-padded source would otherwise print a funnel of zeros."""
    if not any(filters.values(dim) for dim in config.DIMENSIONS):
        return True
    # any value some lead, deal or spend row carries passes (a deal owner who owns no lead, a source with spend
    # only): the sidebar's list (filter_options) would refuse values with real numbers behind them
    options = metrics.known_values(con, filters.count_by)
    unknown = {dim: not_in_data(options, dim, filters.values(dim)) for dim in config.DIMENSIONS}
    for dim, values in unknown.items():
        # counting by lead, a value only the accounts file has is the data's all the same: say where it applies
        accounts_only = [v for v in values if options.only_by_account(dim, v)]
        if accounts_only:
            print(
                f"error: --{dim} {', '.join(quoted(v) for v in accounts_only)}: {_accounts_only(dim)}", file=sys.stderr
            )
        if values := [v for v in values if v not in accounts_only]:
            print(
                f"error: --{dim} {', '.join(quoted(v) for v in values)}: {_known_values(options, dim)}", file=sys.stderr
            )
    if not any(unknown.values()) and (touched := metrics.touch_only_sources(con, filters.sources)):
        print(f"note: {touch_only_note(touched)}", file=sys.stderr)
    return not any(unknown.values())


def _accounts_only(dim: str) -> str:
    """Why a value only the accounts file carries is refused counting by lead (the sidebar does not offer it)."""
    one = config.DIMENSIONS[dim].lower()
    return f"only the accounts file has this {one} (no lead carries it): it applies with --count-by account"


def touch_only_note(touched: Sequence[str]) -> str:
    """Why a filter on a source only touches carry shows no leads: a source filter keeps leads by their own source."""
    named = ", ".join(quoted(s) for s in touched)
    return (
        f"--source {named}: only touches carry it, no lead, deal or spend row; a source filter keeps leads by their "
        "own source, so the funnel, deals and costs are empty and its sources row holds only the revenue its touches "
        "earned (the view's won deals whose path it is on)"
    )


def _known_values(options: FilterOptions, dim: str) -> str:
    """Why a filter value was refused, and the values the data has (the first CLI_VALUES_LISTED)."""
    known = options.values.get(dim, ())
    if not known:
        return f"not in the data, which has no {config.DIMENSION_PLURALS[dim]}"
    listed = ", ".join(quoted(v) for v in known[: config.CLI_VALUES_LISTED])
    more = f" and {len(known) - config.CLI_VALUES_LISTED:,} more" if len(known) > config.CLI_VALUES_LISTED else ""
    # the blank value is listed last, so a long list may leave it out: `--owner ""` is how one would guess it
    blank = f"; {quoted(config.NONE_LABEL)} picks the blank ones" if config.NONE_LABEL in known else ""
    return (
        "not in the data (a value matches a stored one exactly, case and spaces included); "
        f"its {config.DIMENSION_PLURALS[dim]}: {listed}{more}{blank}"
    )


def _sla_section(con: Any, filters: Filters, settings: sla.SlaSettings) -> dict[str, Any]:
    """The `sla` section: the summary, the agreement in words, whether its minutes are business minutes, and the
    warning when most contacted leads were contacted before their clock started (null: none)."""
    service = sla.summary(con, filters, settings)
    return {
        **service.as_dict(),
        "agreement": settings.describe(),
        "business_minutes": settings.business_hours,
        "warning": service.before_clock_warning(settings.clock_start, "metrics --sla-clock mql") or None,
    }


# the table's names for the sla section's minutes in business hours: working time, not clock minutes
BUSINESS_MINUTE_KEYS = {"median_minutes": "median_business_minutes", "p95_minutes": "p95_business_minutes"}


class SectionFailed(RuntimeError):
    """A section of the metrics document could not be computed on the engine in use."""


def metrics_document(
    con: Any, filters: Filters, settings: sla.SlaSettings | None = None, model: str = config.DEFAULT_ATTRIBUTION_MODEL
) -> dict[str, Any]:
    """The JSON contract of `metrics --format json` for one view.

    On an engine other than DuckDB a section that fails raises SectionFailed naming it: no section is left out
    or printed half-computed.
    """
    sections = {
        "funnel": lambda: metrics.funnel_records(metrics.funnel(con, filters), filters.mode == "activity"),
        "deals": lambda: metrics.deal_summary(con, filters).as_dict(),
        "customers_and_wins": lambda: metrics.customers_and_wins(con, filters).as_dict(filters),
        "sources": lambda: sources.source_records(con, filters, model),
        # the view's won deals whose touches have no source: every model credits them as first touch (probe 79)
        "sourceless_touches": lambda: sources.sourceless_touches(con, filters).as_dict(),
        "campaigns": lambda: sources.campaign_records(con, filters),
        "sourced": lambda: sources.sourced_totals(con, filters),
        "sla": lambda: _sla_section(con, filters, settings or sla.SlaSettings()),
        # per step the days the Funnel page shows, and who is not timed and why (trial 65: not scriptable before)
        "time_to_convert": lambda: metrics.time_to_convert_records(con, filters),
    }
    # count_by says what the funnel, sources and friction counts are: 'lead' or 'account'
    # currency: the ISO code the imports stated for the amounts (null: none did, the amounts are plain numbers);
    # spend_months: the whole months whose spend the sources' cost figures count (null ends: open)
    start, end = sources.spend_months(filters)
    doc: dict[str, Any] = {
        "filters": filters.caption(),
        "count_by": filters.count_by,
        "currency": store.currency(con),
        # a query, so a section too: on Spark by account it raised Untranslatable as a traceback, outside every
        # section, where the README promises the section named (trial 100)
        "spend_months": _section(
            con,
            "spend_months",
            lambda: {
                "from": start and start.isoformat(),
                "to": end and end.isoformat(),
                "note": sources.spend_months_note(filters),
                # leads created in months without their source's spend: cost per lead, CAC and ROI read low (trial 76)
                "unspent_note": sources.unspent_months_note(
                    sources.unspent_months(con, filters), escape=str, unit=filters.count_by
                ),
            },
        ),
    }
    # data_ends: the data's last day and whether the range runs past it (a month to date compared with a whole one
    # reads as a fall: a script comparing two documents had no word of it)
    doc["data_ends"] = _section(con, "data_ends", lambda: data_ends(targets.data_last_day(con), filters))
    # data_starts: the data's first day and whether the range starts before it (a month the data starts inside
    # counted as whole read as a fall, or set beside the next month as a rise)
    doc["data_starts"] = _section(con, "data_starts", lambda: data_starts(targets.data_first_day(con), filters))
    # the friction messages write money: in the data's currency
    with in_currency(doc["currency"]):
        for name, compute in sections.items():
            doc[name] = _section(con, name, compute)
        # friction: the flags; friction_pending: the points left unjudged for their still-open entries (no window);
        # friction_note: why nothing could be judged, as the page says it (an empty list is no all clear then);
        # friction_not_judged: activity mode's steps left unjudged as some leads reached a stage of theirs with no
        # date (null: none), from the same read of them as the points (undated_steps ran twice here before)
        empty = not any(row["count"] for row in doc["funnel"])
        doc.update(_section(con, "friction", lambda: friction.json_sections(con, filters, empty)))
        # awaiting_lead: the deals kept aside for want of their lead, in none of the sections above (the whole data
        # set, not the view; a built folder's as export carried them)
        doc["awaiting_lead"] = _section(con, "awaiting_lead", lambda: metrics.awaiting_lead(con).as_dict())
    # undated_stages: in activity mode, the leads that reached MQL or SQL with no date for it, in no month's count
    doc["undated_stages"] = _section(con, "undated_stages", lambda: metrics.undated_section(con, filters))
    return doc


def data_ends(last: date | None, filters: Filters) -> dict[str, Any]:
    """{date, partial, note}: the data's last day, and true when the range's end is after it (counted only so far)."""
    partial = last is not None and filters.date_to is not None and filters.date_to > last
    note = (
        f"the range ends on {filters.date_to:%-d %b %Y}, after the data's last day ({last:%-d %b %Y}): its last "
        "days have no data yet, so its counts are to date, not whole"
        if partial and filters.date_to and last
        else None
    )
    return {"date": last and last.isoformat(), "partial": partial, "note": note}


def data_starts(first: date | None, filters: Filters) -> dict[str, Any]:
    """{date, partial, note}: the data's first day, and true when the range starts before it (its first days hold
    no data, so its counts are from that day, not the whole range's), as data_ends for the range's end. A first day
    in its month's first week counts that month whole (targets.counted_from), as the landing page and report do."""
    start = targets.counted_from(first)
    partial = start is not None and filters.date_from is not None and filters.date_from < start
    note = (
        f"the range starts on {filters.date_from:%-d %b %Y}, before the data's first day ({first:%-d %b %Y}): its "
        "first days have no data, so its counts are from that day, not whole"
        if partial and filters.date_from and first
        else None
    )
    return {"date": first and first.isoformat(), "partial": partial, "note": note}


def _section(con: Any, name: str, compute: Callable[[], Any]) -> Any:
    """One section of the JSON; on an engine other than DuckDB a failure names the section (SectionFailed)."""
    if isinstance(con, duckdb.DuckDBPyConnection):
        return compute()
    try:
        return compute()
    except Exception as exc:
        raise SectionFailed(f"the {name} section cannot be computed on this engine: {exc}") from exc


def _print_friction(doc: dict[str, Any]) -> None:
    """The table format's friction points, or why none could be judged, those not judged yet for their still-open
    entries, and the steps activity mode left unjudged."""
    print("\nfriction")
    # with steps left unjudged (activity mode, stages reached undated) an empty list is no all clear for them
    unjudged = doc.get("friction_not_judged") or doc.get("friction_not_rates")
    clear = "no step judged here stands out" if unjudged else "no friction point stands out"
    for row in doc["friction"] or [{"message": doc["friction_note"] or clear}]:
        print(f"  {row['message']}")
    for row in doc["friction_pending"]:
        print(f"  not judged yet: {row['message']}")
    if (doc.get("friction_not_judged") or {}).get("note"):
        print(f"  note: {doc['friction_not_judged']['note']}")
    if (doc.get("friction_not_rates") or {}).get("note"):
        print(f"  note: {doc['friction_not_rates']['note']}")


def _print_funnel(doc: dict[str, Any]) -> None:
    """The funnel's rows, the first stage named by the view's unit (the JSON's stage key stays "lead")."""
    # by account the first stage is the account, as every page calls it (trial 96: "lead" and "leads of the
    # previous stage" here, "Account" everywhere else)
    unit = doc["count_by"]
    print(f"{'stage':<12}{'count':>10}{'% prev':>9}{'% first':>9}{'in window':>11}")
    for row in doc["funnel"]:
        prev = "" if row["pct_of_previous"] is None else fmt_pct(row["pct_of_previous"])
        first = "" if row["pct_of_first"] is None else fmt_pct(row["pct_of_first"])
        waiting = f"{row['still_in_window']:,}" if row["still_in_window"] else ""
        stage = unit if row["stage"] == config.STAGES[0] else row["stage"]
        print(f"{stage:<12}{row['count']:>10,}{prev:>9}{first:>9}{waiting:>11}")
    if any(row["still_in_window"] for row in doc["funnel"]):
        print(
            f"in window: {unit}s of the previous stage not there yet, neither disqualified nor lost, still inside the "
            "conversion window (not dropped; with no window: not converted yet)"
        )


def _print_table(doc: dict[str, Any]) -> None:
    print(doc["filters"])
    if doc["awaiting_lead"]["note"]:
        print(f"warning: {doc['awaiting_lead']['note']}")
    if (doc.get("undated_stages") or {}).get("note"):
        print(f"note: {doc['undated_stages']['note']}")
    _print_funnel(doc)
    _print_sources(doc)
    _print_friction(doc)
    for section in ("deals", "sla"):
        print(f"\n{section}")
        names = BUSINESS_MINUTE_KEYS if section == "sla" and doc[section].get("business_minutes") else {}
        rows = {names.get(key, key): value for key, value in doc[section].items()}
        # the longest key and two spaces: "contacted_before_clock0" ran the value into its key
        width = max(map(len, rows), default=0) + 2
        for key, value in rows.items():
            print(f"  {key:<{width}}{'' if value is None else value}")


def _print_sources(doc: dict[str, Any]) -> None:
    # the sources' "leads" field counts the view's unit: leads, or accounts with --count-by account
    unit = f"{doc['count_by']}s"
    print(f"\n{'source':<18}{unit:>8}{'won':>6}{'revenue':>12}{'spend':>10}{'roi':>8}")
    for row in doc["sources"]:
        spend = "" if row["spend"] is None else f"{row['spend']:,.0f}"
        roi = "" if row["roi"] is None else f"{row['roi']:.2f}"
        print(f"{row['source']:<18}{row['leads']:>8,}{row['won']:>6,}{row['revenue']:>12,.0f}{spend:>10}{roi:>8}")
    sourced = doc["sourced"]
    print(f"\nsales-owned sources: {', '.join(sourced['sales_sources']) or 'none'}")
    for kind in ("pipeline", "revenue"):
        # the deals of unknown origin are named where there are some (the JSON always has the key)
        whos = (
            ("marketing", "sales", "unknown", "influenced")
            if sourced[f"{kind}_unknown"]
            else ("marketing", "sales", "influenced")
        )
        parts = ", ".join(f"{who} {sourced[f'{kind}_{who}']:,.0f}" for who in whos)
        print(f"  {kind:<10}{parts}")


def _links_note() -> str:
    """Where the report's links point, and how to change it."""
    if os.environ.get(config.APP_URL_ENV_VAR):
        return f"its links open the dashboard at {os.environ[config.APP_URL_ENV_VAR]}"
    return (
        f"its links open the dashboard at {config.DEFAULT_APP_URL}: set {config.APP_URL_ENV_VAR} to the address "
        "your team uses"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "map":
        return _map_command(args)
    if args.command in ("demo", "import", "undo"):
        return _write_command(args)
    if args.command == "complete-through":
        return _complete_command(args)
    if args.command == "build" or (args.command == "metrics" and engine.engine_name(args.engine) == "spark"):
        return _spark_command(args)
    if not _database_exists(args.db):
        return 2
    try:
        # a read-only view of the current snapshot: reading never waits for an import, nor blocks one
        con = snapshots.open_read_only(args.db)
    except Exception as exc:  # a corrupt file: say which and why
        print(f"error: cannot open the database {config.db_path(args.db)}: {exc}", file=sys.stderr)
        return 2
    if args.command == "export":
        written = export_tables(con, args.output)
        print(f"tables written to {args.output}: " + ", ".join(f"{k} {v:,}" for k, v in written.items()))
        return 0
    if args.command in ("report", "metrics") and not _holds_data(con, args.db):
        return 2
    if args.command == "report":
        return _report_command(con, args)
    return _metrics_command(con, args)


# the tables a report or the metrics count from: none of them holding a row is a database nothing was imported into
# (a mistyped --db or FUNNEL_DB that the dashboard created), whose report of zeros would read as a real month
COUNTED_TABLES = ("leads", "deals", "spend")


def _holds_data(con: duckdb.DuckDBPyConnection, db: str | None) -> bool:
    """Whether the database holds leads, deals or spend to count; if not, say so."""
    try:
        loaded = store.loaded_rows(con)
    except duckdb.Error:  # a DuckDB file that is no funnel database: nothing to count either
        loaded = {}
    if any(loaded.get(table) for table in COUNTED_TABLES):
        return True
    print(f"error: the database {config.db_path(db)} holds no leads or deals: import data first", file=sys.stderr)
    return False


def _report_command(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> int:
    """Write the monthly meeting report (HTML, and PDF when Chromium is there)."""
    try:
        periods.parse(args.month)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        settings = _sla_settings_from_args(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    filters = Filters()
    for dim in config.DIMENSIONS:
        filters = filters.with_values(dim, getattr(args, dim))
    if not _values_in_data(con, filters):
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(meeting_report.build_html(con, filters, args.month, settings=settings), encoding="utf-8")
    print(f"report for {periods.label(args.month)} written to {out}; {_links_note()}")
    if not args.no_pdf:
        pdf = meeting_report.to_pdf(out, out.with_suffix(".pdf"))
        print(f"PDF written to {pdf}" if pdf else "no PDF: Chromium is not installed")
    return 0


def _database_exists(db: str | None) -> bool:
    """Whether the database to read exists; if not, say so (opening it would create an empty one)."""
    path = config.db_path(db)
    if path.exists():
        return True
    # a mistyped path would otherwise print a month of zeros, or write a report of one, as if they were real
    print(
        f"error: no database at {path}; check the --db path, or create one with `python -m dashboard import` "
        "(or `demo`)",
        file=sys.stderr,
    )
    return False


def _undo_command(args: argparse.Namespace) -> int:
    """undo: the previous snapshot made current again, saying what changed (rows per table) and which import the data
    is as after."""
    try:
        lines = undoing.undo_lines(args.db)
    except snapshots.Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if lines is None:
        print("nothing to undo: no earlier snapshot is kept")
        return 1
    print("\n".join(lines))
    return 0


def _complete_command(args: argparse.Namespace) -> int:
    """complete-through: state (or with --clear forget) the last day the exports are complete through."""
    if (args.day is None) != args.clear:
        print("error: give the day the exports are complete through (YYYY-MM-DD), or --clear", file=sys.stderr)
        return 2
    if not _database_exists(args.db):
        return 2
    try:
        with snapshots.writing(args.db, holder="python -m dashboard complete-through") as con:
            last = store.set_complete_through(con, args.day)
    except (ValueError, snapshots.Busy) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("the database was not changed", file=sys.stderr)
        return 1
    latest = f"the latest record is of {last:%-d %b %Y}" if last else "no record is loaded"
    if args.day is None:
        print(f"the stated day is forgotten: the data runs to its latest record ({latest})")
    else:
        print(f"the exports are complete through {args.day:%-d %b %Y} ({latest}): the pages count to that day")
    return 0


def _write_command(args: argparse.Namespace) -> int:
    """demo, import and undo: each builds the next snapshot (or goes back one) while the dashboard keeps reading."""
    if args.command == "undo":
        return _undo_command(args)
    try:
        with snapshots.writing(args.db, holder=f"python -m dashboard {args.command}") as con:
            if args.command == "demo":
                end = None if args.end is None else demo.datetime.combine(args.end, demo.datetime.min.time())
                demo.generate(con, leads=args.leads, seed=args.seed, end_at=end)
                counts = store.table_counts(con)
                print(
                    f"demo data written to {config.db_path(args.db)}: "
                    + ", ".join(f"{k} {v:,}" for k, v in counts.items())
                )
                return 0
            report = _run_import(con, args)
            failed = checks.describe(checks.failures(con), con)
    except canonical.ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("the database was not changed", file=sys.stderr)
        return 1
    print(report.summary())
    if failed:
        # the rows went in (a check names a fault of the data, not of the file): say it where the import is read
        print("data checks that fail after this import (the Data page lists them too):")
        print("\n".join(f"  - {line}" for line in failed))
    if args.report_csv:
        Path(args.report_csv).write_bytes(report.issues_csv())
        print(f"{report.issues_total:,} problem rows written to {args.report_csv}")
    return 0


def _run_import(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> ImportReport:
    mode = args.mode
    if mode == "append" and args.kind in store.demo_tables(con):
        # the demo data goes with the first import of your own: nothing of it is kept to add to
        print(f"{args.kind} holds demo data: importing with --mode replace (the demo data is removed)")
        mode = "replace"
    options = ImportOptions(
        kind=args.kind,
        preset=args.preset,
        mapping_path=args.mapping,
        mode=mode,
        on_bad_rows="refuse" if args.strict else "skip",
        sheet=args.sheet,
        timezone=args.timezone,
    )
    return run_import(con, options, args.files)


def _encoding_lines(name: str, staged: propose.StagedFile) -> None:
    """map: how the file's text was read (a code page, UTF-8 written twice), and text that looks garbled."""
    if staged.encoding_note:
        print(f"note: {name}: {staged.encoding_note}", file=sys.stderr)
    if staged.encoding_warning:
        print(f"warning: {staged.encoding_warning}", file=sys.stderr)


def _map_command(args: argparse.Namespace) -> int:
    """map: the proposed mapping of one file as TOML, printed or written to --out."""
    path = Path(args.file)
    try:
        staged = propose.stage_file(path, args.sheet)
    except canonical.ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    name = Path(args.out).name if args.out else "proposed.toml"
    p = candidates.with_only_touch_date(propose.proposal_for(args.kind, staged, propose.saved_mappings(), name), staged)
    text = propose.header_comment(p, path.name) + to_toml({args.kind: p.mapping}, {args.kind: p.reasons})
    _encoding_lines(path.name, staged)
    # the notes: what the user should know of the file (the key that joins other tools' exports)
    for word, said in [*(("warning", w) for w in p.warnings), *(("note", n) for n in p.notes)]:
        print(f"{word}: {path.name}: {said}", file=sys.stderr)
    if p.missing:
        print(f"warning: nothing in {path.name} fills {', '.join(p.missing)}: edit the mapping", file=sys.stderr)
    for column in p.missing:
        # the file's own columns that could fill it: the user chooses among a few, not among every column; a
        # spend file's campaigns are no source (an ad platform's export is one source, stated as a constant)
        dtype = propose.canonical_columns(args.kind)[column][0]
        campaign = p.mapping.columns.get("campaign", ()) if column == "source" else ()
        offered = [h for h in staged.header if h not in campaign]
        found = candidates.missing_advice(staged.con, staged.staging, offered, args.kind, column, dtype)
        if column == "source" and args.kind in ("spend", "touches"):
            found = candidates.source_advice(args.kind) + found
        if found:
            print(f"warning: {path.name}, {column}: {found.removeprefix('; ')}", file=sys.stderr)
    if "month" in p.missing and (months := propose.months_as_columns(p.unused)):
        print(f"warning: {propose.wide_months_advice(months)}", file=sys.stderr)
    for said in propose.number_format_advice(staged, path.name, args.kind, p.mapping):
        print(f"warning: {said}", file=sys.stderr)
    if not args.out:
        print(text, end="")
        return 0
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"mapping for {args.kind} written to {args.out}")
    return 0


def _spark_command(args: argparse.Namespace) -> int:
    """build, and metrics --engine spark: the same SQL on a Spark session (pyspark and sqlglot installed)."""
    if engine.engine_name(args.engine) != "spark":
        print("error: build runs on Spark: add --engine spark", file=sys.stderr)
        return 2
    try:
        from dashboard import spark_engine
    except ImportError as exc:
        needs = "the Spark engine needs pyspark and sqlglot (pip install -r requirements-spark.txt)"
        print(f"error: {needs}: {exc}", file=sys.stderr)
        return 2
    spark = spark_engine.session()
    if args.command == "build":
        try:
            counts = spark_engine.build(spark, args.input, args.output)
        except (FileNotFoundError, ValueError) as exc:
            # a table missing from the input, or a Delta table that cannot be read exactly here
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"tables built in {args.output}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        return 0
    folder = args.data or os.environ.get(config.SPARK_DATA_ENV_VAR)
    if not folder:
        print(f"error: name the built tables' folder with --data or ${config.SPARK_DATA_ENV_VAR}", file=sys.stderr)
        return 2
    try:
        con = spark_engine.SparkEngine.from_folder(spark, folder)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if engine.is_catalog(folder):
        # the saved sales-owned sources travel in a folder's meta.json; a catalog has none to read
        print(
            f"note: {folder} holds no saved sales-owned sources: the default ones "
            f"({', '.join(config.SALES_SOURCES)}) decide what is sales-sourced",
            file=sys.stderr,
        )
    return _metrics_command(con, args)


# holidays, day start and end, working days as the agreement has them when metrics is not told otherwise
_BUSINESS_DEFAULTS = ((), sla.DEFAULT_DAY_START, sla.DEFAULT_DAY_END, tuple(config.SLA_WORKDAYS))


def _sla_settings_from_args(args: argparse.Namespace) -> sla.SlaSettings:
    """The SLA agreement of metrics' options; a value that cannot be read is refused (ValueError), never dropped."""
    holidays, bad = sla.parse_holidays(args.holidays)
    if bad:
        raise ValueError(sla.bad_holidays_message(bad, ignored=False))
    workdays, bad_days = sla.parse_workdays(args.working_days)
    if bad_days:
        raise ValueError(f"--working-days: {', '.join(bad_days)} not a day name ({', '.join(config.WEEKDAY_NAMES)})")
    start, end = sla.parse_clock_time(args.day_start), sla.parse_clock_time(args.day_end)
    if start is None or end is None:
        raise ValueError("--day-start and --day-end are times written HH:MM (09:00)")
    if not args.business_hours and (holidays, start, end, workdays) != _BUSINESS_DEFAULTS:
        print("note: holidays, day start and end and working days count only with --business-hours", file=sys.stderr)
    return sla.SlaSettings(
        minutes=args.sla_minutes,
        clock_start=args.sla_clock,
        business_hours=args.business_hours,
        timezone=args.office_timezone,
        day_start=start,
        day_end=end,
        workdays=workdays,
        holidays=holidays,
    )


def _metrics_command(con: duckdb.DuckDBPyConnection | engine.QueryEngine, args: argparse.Namespace) -> int:
    """metrics: every section of the JSON contract, or a table, for the filters given."""
    try:
        settings = _sla_settings_from_args(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    filters = filters_from_args(args)
    if not _values_in_data(con, filters):
        return 2
    try:
        doc = metrics_document(con, filters, settings, args.model)
    except SectionFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("no metrics were printed: a section that cannot be computed is not guessed", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(in_cents(doc), indent=2))
    else:
        _print_table(doc)
    return 0


# keys of the JSON whose numbers are money: written to the cent (a sum of 4999.99 and 12500 printed as
# 18349.989999999998). "value_at_stake", not "value": a friction point's value is its rate (0.188 read 0.19)
MONEY_KEY = re.compile(r"revenue|pipeline|deal_size|spend|cost|amount|cac|value_at_stake")


# durations to a millionth of their unit: a p95 of 363 minutes printed as 362.9999999999997 (trial 67), the float
# noise of an interpolated percentile, read as a number nobody measured
DURATION_KEY = re.compile(r"minutes|days|hours")
DURATION_DECIMALS = 6


def in_cents(doc: Any, key: str = "") -> Any:
    """The metrics document with its money rounded to the cent and its durations to a millionth; counts and rates
    as they are."""
    if isinstance(doc, dict):
        return {k: in_cents(v, str(k)) for k, v in doc.items()}
    if isinstance(doc, list):
        return [in_cents(v, key) for v in doc]
    if isinstance(doc, float) and MONEY_KEY.search(key) and math.isfinite(doc):
        # halves away from zero as the value is written (its shortest repr), as the pages round: round() went by the
        # binary value, 156,411.395 to .39 and 154,759.345 to .35 (probe 79)
        return round_half_away(doc, 2)
    if isinstance(doc, float) and DURATION_KEY.search(key) and math.isfinite(doc):
        return round(doc, DURATION_DECIMALS)
    return doc
