"""Open or create the DuckDB file, keep its schema and derived tables, run transactions."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from dashboard import checks, clock, config, idle_memory, rollups
from dashboard.engine import QueryEngine
from dashboard.queries import run, run_script, sql_text


def _script(name: str) -> str:
    # as the page queries read it: with the config lists it names written in (queries.sql_text)
    return sql_text(name)


# the layers of queries/ that live in the database, in the order they are created: tables, then the
# derivation and views over them (the accounts' after the leads'); macros after the derived data (cleaning's
# source_key first, the scope macros before the funnel and sla macros that read them)
# the cleaning macros before the views: the deal facts key the touches' sources (source_key)
SCHEMA_SCRIPTS: tuple[str, ...] = (
    "schema/tables",
    # the horizons the data's today (refresh.sql, run before MACRO_SCRIPTS are written) and no_future_dates read
    "macros/horizons",
    "schema/derivation",
    "macros/cleaning",
    "schema/views",
    "schema/accounts",
)
MACRO_SCRIPTS: tuple[str, ...] = ("macros/cleaning", "macros/scope", "macros/funnel", "macros/sla")
# the Accounts page's buying groups read the scope and funnel macros
MACRO_SCRIPTS += ("macros/buying_groups",)
# the table macros a scan and its rollup's file share (one job each: the files stay apart, as DuckDB plans every branch)
MACRO_SCRIPTS += (
    "macros/reason_label",
    "macros/breakdown_ranks",
    "macros/marketing_attainment",
    "macros/rejection_reasons",
    "macros/stalled_parts",
)
# the funnel and entries rollups, rebuilt last with the derived data (they count with the funnel macros)
ROLLUP_SCRIPT = "schema/rollup"
# the SLA page's waits per started lead (after the rollups: measured against the data's today, with the sla macros)
SLA_FACTS_SCRIPT = "schema/sla_facts"
# the deals booked on an account none of the leads belongs to, which the deal facts read (both engines)
BOOKED_DEALS_SCRIPT = "schema/booked_deals"
# the deal facts and the data's today (data_as_of, data_days), run with refresh_params
REFRESH_SCRIPT = "schema/refresh"
# the attribution models' shares of each won deal's revenue (a query, stored as the table deal_credits)
DEAL_CREDITS_QUERY = "schema/deal_credits"
# the deals tied to their accounts, a copy of the deal facts with the accounts' values (after the account tables)
ACCOUNT_DEALS_SCRIPT = "schema/account_deals"


def _scripts(names: Iterable[str]) -> str:
    return "\n".join(_script(name) for name in names)


BASE_TABLES: tuple[str, ...] = ("leads", "deals", "touches", "spend", "targets")
# tables an import may fill that no count needs: the accounts' names and attributes (not demo data; a
# database without their rows counts exactly as before)
OPTIONAL_TABLES: tuple[str, ...] = ("accounts",)
# deals skipped for want of their lead, kept aside until a leads import brings it (importers/awaiting.py): they
# belong to the data set whose deals were imported, so whatever replaces every deal empties it too
AWAITING_TABLE = "deals_awaiting_lead"
# the counts of those deals that `export` carries in meta.json (a built folder has no such table)
AWAITING_KEY = "awaiting_lead"
# Raise when the derived tables' definition changes, so files made by older versions are rebuilt.
# 8: account_facts (counting by account); 9: funnel_rollup; 10: account_groups; 11: the rollup of stages reached only
# 12: account_facts and account_groups views over one table, account_rows; 13: entries_rollup; 14: e-mail lead ids
# in lower case (schema/email_ids.sql, run once on the upgrade); 15: ids without a spreadsheet's text mark
# (schema/text_marks.sql, run once on the upgrade); 16: deal_facts.first_touched_at (the Sources page's influence);
# 17: whole-number ids without a decimal's .0 (schema/decimal_ids.sql, run once on the upgrade); 18: the first
# touch of deal_facts is the first marketing touch (none of a sales-owned source, sales_keys); 19:
# deal_facts.has_lead (a deal of a lead of unknown source is of unknown origin, not sales-sourced); 20: deal_credits
# (each won deal's attribution shares, stored: the Sources page ranked every path's touches on each render); 21:
# deal_facts.has_lead is "names a lead", stored or not (a deal whose contact was deleted is of unknown origin)
# 22: a deal booked on an account none of the leads belongs to counts for its lead's account (schema/booked_deals.sql)
# 23: the cohort funnel's window test in one stored integer per stage (<stage>_reach_seconds, lead_derivation)
# 24: by account a deal counts for one account: a deal named on another account with leads of its own no longer
# takes its lead's account to its stage (schema/accounts.sql account_moved_deals)
# 25: a stage reached without a date of its own after a dated earlier stage is tested by that stage's date
# (window_entry: a dated MQL no longer counts inside the window for an undated SQL), and the rollup's young_* leave
# out leads closed out (disqualified, or deals all lost)
# 26: accounts take both rules of leads: the window tests an undated stage by the dated one before it, and an account
# whose every lead is rejected, one by its status alone, is rejected (account_rows.lifecycle_stage 'disqualified')
# 27: is_rejected and is_closed_out stored per lead and per account (lead_derivation, account_facts.sql), which every
# cohort count read from five columns, the lifecycle stage's text among them
# 28: is_moved_back and is_stage_unknown stored per lead and per account, which the stalled leads and the rejection
# queries read from the lifecycle stage's text
# 29: a deal without a lead and without a source is 'outbound' (deal_facts, account_facts), not 'unknown'; an
# account's segment, industry and region are its accounts-table row's when it has one, else its first lead's
# 30: deal_facts.is_unsourced (no lead, no source of its own): sales-sourced whatever the sales-owned list
# 31: data_as_of leaves out dates after the no_future_dates horizon (a closed deal's planned closing date ahead)
# 32: deal_facts.is_first_win_of_lead and is_first_win_of_account (a new customer, for CAC), which the Sources page
# found per view
# 33: entries_rollup counts the stages reached with no date, by created month (undated_stages_rollup.sql)
# 34: funnel_rollup counts the MQLs reached and the rejections the Sources page's trend shows (source_trend_rollup.sql)
# 35: deal_facts spells the outbound default as the data spells outbound when it has it ("Outbound")
# 36: account_facts' window moments are the earliest of its members' own (an undated SQL counted at its MQL's date),
# and order_after_seconds, those of its members in order at the stage, which ordered mode tests (trial 72)
# 37: account_facts.<stage>_order_entered_at, the in-order members' earliest entry (ordered activity by account)
# 38: account_facts.is_moved_back from its leads' (a lead moved back and none now at the account's furthest dated
# stage), not from its lifecycle stage, which is null: a one-lead account recycled from SQL was a stalled SQL;
# and account_facts.has_order_open_member, a member that may still enter a stage in order (ordered "still in window")
# 39: data_days (the data's first and last day and today, which date_bounds read from the leads and deals five times
# a landing page), account_deals (the deals joined to their accounts, which every view counted by account joined)
# and account_entries_rollup (an account's entries per month, which the entries chart by account scanned)
# 40: open_window_leads (the leads open now under the default window, the stalled overview's) and rejections_rollup
# (the Sources page's rejections per month, source, persona and reason), rebuilt with the rollups (the two were 39
# on two branches apart: a file one of them wrote must derive again)
# 41: sla_facts (the SLA page's waits per started lead, around the clock and in business hours)
# 42: account_rows' source and campaign: a deal booked on the account without its lead and created before its
# first lead is its first touch (trial 96: a sales-first account's outbound win was credited to its first lead's
# paid_search)
# 43: sla_facts: an uncontacted lead waits until its close (rejection, opportunity) if earlier than today, and a
# clock after the data's today is left out (trial 95; 42 and 43 were one number on two branches apart: a file
# one of them wrote must derive again)
# 44: data_as_of reads the horizon stored at the last leads or deals import (HORIZON_KEY), not the refresh's clock,
# and keeps the latest record apart (recorded_at)
# 45: account_funnel_rollup and account_old_combinations (funnel_rollup's counts of the accounts: the funnel,
# breakdown, step rates and same-members test counted by account read them; 44 on its own branch)
# 46: the rollups leave out records dated after the data's end (scope.sql data_end: trial 98, a lead of 20 Dec and a
# win closing 15 Jan 2027 counted in "All dates" and Q4 where the data ends on 14 Nov; 44 on its own branch)
# 47: data_as_of reads a horizon per table (HORIZON_KEYS: leads against the last leads import's, deals against the
# last deals import's), the single data_horizon upgraded to both (review 99; 46 on its own branch)
# 48: deal_facts.has_stored_lead and lead_owner (the landing page's customers and wins reads a won deal's lead from the
# deal: it joined the won deals to every lead); funnel_rollup_days and account_funnel_rollup_days (the funnel rollup per
# reach day: the breakdown and the Sources table of any conversion window from a rollup; every window but the default
# scanned the leads)
# 49: twin_ids (the leads and deals an import found stored under the ids of two CRMs: a Salesforce export's 'HubSpot
# Deal ID' after the HubSpot export), which the data check stored_twice reads (trial 103)
# 50: the default sales-owned sources name the prospecting tools (Apollo, ZoomInfo, Sales Navigator...), which
# deal_facts' origin reads: a file derived before counted their deals marketing-sourced (trial 108)
DERIVED_VERSION = "50"
# the first version whose default sales-owned sources name the sales-prospecting tools (config.SALES_TOOL_SOURCES)
SALES_TOOLS_VERSION = 50
# meta key: the line an upgrade keeps on what it moved without a word otherwise (_say_sales_tools), shown on the Data
# page and said once by the next import's report, which removes it (as a sales-owned list saved meanwhile does)
UPGRADE_NOTE_KEY = "upgrade_note"
# the first version whose stored e-mail lead ids are in lower case
EMAIL_IDS_VERSION = 14
# the first version whose stored ids have no leading apostrophe ('00123)
TEXT_MARKS_VERSION = 15
# the first version whose stored whole-number ids have no .0 (1000.0)
DECIMAL_IDS_VERSION = 17
# the scripts that write the tables stored over the derived leads (the deal facts and the data's today, the accounts'
# tables, the rollups), beside the schema and macros they read
# config's SLA defaults: rollups.sla_build_settings measures sla_facts under them
SLA_BUILD_CONFIG = (
    config.SLA_RESPONSE_MINUTES,
    config.SLA_DEFAULT_CLOCK,
    config.SLA_DAY_START,
    config.SLA_DAY_END,
    config.SLA_WORKDAYS,
    config.SLA_HOLIDAYS,
    config.DATA_TIMEZONE,
    config.SLA_TIMEZONE,
)
DERIVED_TABLE_SCRIPTS: tuple[str, ...] = (
    BOOKED_DEALS_SCRIPT,
    REFRESH_SCRIPT,
    DEAL_CREDITS_QUERY,
    "schema/account_facts",
    "schema/account_groups",
    ACCOUNT_DEALS_SCRIPT,
    ROLLUP_SCRIPT,
    SLA_FACTS_SCRIPT,
)
# the schema, macros and table scripts a file was last written with: a read-only reader of a file written by another
# version of the code has it rewritten first (read-only, it cannot create its own macros), and its stored tables are
# built again by this code's scripts and macros (_write_schema; a stored table kept an old macro's answer)
# (the attribution's half-life too: the stored shares were counted with it; and the SLA settings sla_facts is measured
# under, which rollups.sla_exact compares a view's with: a stored wait of an old default would pass as the new one's;
# and the days a stated complete-through day counts for after the latest record, which data_as_of was stored under)
CODE_VERSION = hashlib.sha1(
    (
        DERIVED_VERSION
        + _scripts((*SCHEMA_SCRIPTS, *DERIVED_TABLE_SCRIPTS))
        + _scripts(MACRO_SCRIPTS)
        + str(config.TIME_DECAY_HALF_LIFE_DAYS)
        + repr(SLA_BUILD_CONFIG)
        + str(config.COMPLETE_THROUGH_MAX_DAYS)
    ).encode("utf-8"),
    usedforsecurity=False,
).hexdigest()[:16]
# the leads table's base columns: those schema/tables.sql creates it with (a base column added later is in the
# create statement too, and added to older files by an alter)
_LEADS_CREATED = re.search(r"^create table if not exists leads \((.*?)^\);", _script("schema/tables"), re.M | re.S)
BASE_LEAD_COLUMNS: tuple[str, ...] = tuple(
    re.findall(r"^\s+(\w+) ", _LEADS_CREATED.group(1) if _LEADS_CREATED else "", re.M)
)
# stage columns kept on each lead row by refresh_derived, as schema/tables.sql adds them to leads (the one list)
DERIVED_LEAD_COLUMNS: tuple[str, ...] = tuple(
    c
    for c in re.findall(
        r"^alter table leads add column if not exists (\w+)", _script("schema/tables"), flags=re.MULTILINE
    )
    if c not in BASE_LEAD_COLUMNS
)
# leads to derive again: never derived, or touched by a deal now or before (a deal added, changed or
# removed changes only its own lead's stages)
STALE_LEADS = "is_mql is null or is_opportunity or lead_id in (select lead_id from deals where lead_id is not null)"
# leads written without their stage columns (by tests, the demo, or a hand-made update)
UNDERIVED_LEADS = "is_mql is null"
# above this share of stale leads the table is rewritten: updating all 10 M leads in place took 143 s,
# 288k of them 0.9 s; the rewrite upgraded the 1 M demo in 2.0 s
REWRITE_SHARE = 0.2
# meta keys: the base tables whose rows the demo generator wrote (JSON list); before it, one flag said
# the whole database was demo data ("true"), which reads as all five tables
DEMO_TABLES_KEY = "demo_tables"
LEGACY_DEMO_KEY = "is_demo"
# meta key: the sales-owned sources in use (JSON list of keys); absent means config.SALES_SOURCES
SALES_SOURCES_KEY = "sales_sources"
# the data_version of the last change to the rows (rows_version)
ROWS_VERSION_KEY = "rows_version"
# the last day the user says the exports are complete through (set_complete_through): the data's today
COMPLETE_THROUGH_KEY = "complete_through"
# the no_future_dates horizon of each table (clock.horizon: the clock of the last import of that table, in the data's
# zone, plus a day), which data_as_of and the check read: fixed at that import, so a later refresh (a targets import,
# the stated day, the sales-owned list) never moves the data's today; an undo restores it with the rest of meta (trial
# 98: a record dated 8 Dec 03:35, flagged at a 7 Dec 03:28 import, became today at the first refresh after 03:35).
# one per table: a deals import's clock says nothing of when the leads export was taken (review 99: a deals import 12
# minutes after the leads made a lead flagged at the leads import, 24 h 7 min after its clock, the data's today)
HORIZON_KEYS: dict[str, str] = {"leads": "leads_horizon", "deals": "deals_horizon"}
# the one horizon of both tables an older version stored (DERIVED_VERSION 44, 45): upgraded to both keys
LEGACY_HORIZON_KEY = "data_horizon"
# the session variable holding an import's horizon from its start (start_import_clock): its row checks and the
# horizon it stores read the one clock
IMPORT_HORIZON_VARIABLE = "import_horizon"
# the tables holding amounts, and the meta key of the currency an import stated for one (importers.currency); a
# revenue target is in the data's currency, whatever it is
MONEY_TABLES: tuple[str, ...] = ("deals", "spend")
CURRENCY_KEY = "currency:{}"
# meta key: a money table whose import wrote its amounts with a bare $ and named no currency: some dollar, which is
# never the euro or the pound (a later euro file is refused against it)
DOLLARS_KEY = "dollars:{}"


def connect(path: str | os.PathLike[str] | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database: read-write (creating the file, upgrading an older one, writing the schema and the
    query macros into it) or read-only (a snapshot the dashboard reads, as a writer left it; see
    dashboard.snapshots, which upgrades a file whose `is_current` is false before reading it)."""
    target = config.db_path(path)
    if read_only:
        return duckdb.connect(str(target), read_only=True)
    if str(target) == ":memory:":
        return _memory_from_template()
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    _copy_template_if_new(Path(target))
    con = duckdb.connect(str(target))
    if is_current(con) and get_meta(con, "derived_version") == DERIVED_VERSION:
        # written by this very code: its schema, derived tables and macros are the ones the scripts below would
        # write again (a quarter of a second, on every command and every test database)
        return con
    _write_schema(con)
    return con


def _write_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Write this version's schema and macros into a new or older file (deriving its leads again when the
    derivation changed)."""
    _drop_tables_now_views(con, ("lead_stages",))
    con.execute(_scripts(SCHEMA_SCRIPTS))
    written = get_meta(con, "derived_version")
    # capped as an import is: an older derivation derives every lead again and rewrites them in order, which took
    # 6.4 GiB at 10 M leads uncapped (DuckDB spills to its temporary directory instead)
    with memory_limit(con, config.IMPORT_MEMORY_LIMIT):
        _upgrade(con, written)
    set_meta(con, "code_version", CODE_VERSION)


def _upgrade(con: duckdb.DuckDBPyConnection, written: str | None) -> None:
    """Bring a file written by an older derivation (or a new one) to this version, in one transaction; a file of this
    derivation written by other code keeps its leads' stage columns and has the tables stored over them built again
    (this code's macros and scripts: CODE_VERSION hashes them all, so a changed macro never leaves a stored answer
    counted by its old definition)."""
    con.execute("begin transaction")
    try:
        if written == DERIVED_VERSION:
            # the file has every table the macros read; the account tables and rollups below count with them
            con.execute(_scripts(MACRO_SCRIPTS))
            refresh_derived(con, "false")
        else:
            _rederive(con, written)
            _say_sales_tools(con, written)
        # refresh_derived wrote the macros too (the file's code version is not this one)
        set_meta(con, "derived_version", DERIVED_VERSION)
    except BaseException:
        # the file stays as it was, and the cause is what the user sees: resetting the memory cap inside the
        # aborted transaction would fail with "Current transaction is aborted" instead
        con.execute("rollback")
        raise
    con.execute("commit")


def _rederive(con: duckdb.DuckDBPyConnection, written: str | None) -> None:
    """Inside _upgrade: an older file's one-time fixes of its ids, then every lead derived again."""
    if written is not None and int(written) < EMAIL_IDS_VERSION:
        con.execute(_script("schema/email_ids"))
    if written is not None and int(written) < TEXT_MARKS_VERSION:
        con.execute(_script("schema/text_marks"))
    if written is not None and int(written) < DECIMAL_IDS_VERSION:
        con.execute(_script("schema/decimal_ids"))
    # every lead: a new version may add a column that no lead has yet (and the rewrite sorts them)
    refresh_derived(con, "true")


def _say_sales_tools(con: duckdb.DuckDBPyConnection, written: str | None) -> None:
    """Inside _upgrade: keep the line saying how many deals of a file derived before SALES_TOOLS_VERSION moved from
    marketing- to sales-sourced (their source a prospecting tool the default list names since) and how many a tool's
    touch alone had made marketing-influenced, for the Data page and the next import's report (UPGRADE_NOTE_KEY);
    nothing for a new file, a list saved on the Data page (its sources did not change) or no such deal."""
    if written is None or int(written) >= SALES_TOOLS_VERSION or get_meta(con, SALES_SOURCES_KEY) is not None:
        return
    found = con.execute(_script("schema/sales_tools_moved"), {"tools": list(config.SALES_TOOL_SOURCES)}).fetchone()
    deals, pipeline, won, revenue, uninfluenced, uninfluenced_pipeline, uninfluenced_revenue = found or (0,) * 7
    said = []
    if deals:
        said.append(
            f"{deals:,} deal{'' if deals == 1 else 's'} sourced by one ({pipeline:,.2f} of pipeline; {won:,} won, "
            f"{revenue:,.2f} of revenue), counted marketing-sourced before this file was upgraded, "
            f"{'is' if deals == 1 else 'are'} sales-sourced now"
        )
    if uninfluenced:
        # a tool's touch was a marketing touch under the old list: deal_facts.first_touched_at leaves it out now, and
        # the Sources page's influenced pipeline and revenue fell without a word (review of tidy4: 300 of 300)
        said.append(
            f"{uninfluenced:,} deal{'' if uninfluenced == 1 else 's'} ({uninfluenced_pipeline:,.2f} of pipeline, "
            f"{uninfluenced_revenue:,.2f} of revenue won) marketing-influenced before by a touch of one alone "
            f"{'is' if uninfluenced == 1 else 'are'} no longer influenced"
        )
    if not said:
        return
    set_meta(
        con,
        UPGRADE_NOTE_KEY,
        "this version counts the sales-prospecting tools (Apollo, ZoomInfo, Sales Navigator, …) among the default "
        f"sales-owned sources: {'; '.join(said)}. Save the sales-owned sources on the Data page without them to count "
        "them as marketing's",
    )


# a new database starts as a copy of an empty one this process wrote with the scripts above: 0.17 s of schema and
# macro scripts become a file copy (every import's first snapshot, the demo, every test database)
_TEMPLATE_LOCK = threading.Lock()
_template: list[Path] = []


def _template_file() -> Path:
    with _TEMPLATE_LOCK:
        # written again when gone (a temp-folder cleaner on a server that runs for weeks)
        if not _template or not _template[0].is_file():
            folder = Path(tempfile.mkdtemp(prefix="funnel-template-"))
            atexit.register(shutil.rmtree, folder, True)
            made = duckdb.connect(str(folder / "empty.duckdb"))
            _write_schema(made)
            made.execute("checkpoint")
            made.close()
            _template[:] = [folder / "empty.duckdb"]
        return _template[0]


def _copy_template_if_new(target: Path) -> None:
    if target.exists() or Path(f"{target}.wal").exists():
        return
    # copied beside the target, then linked to its name: a file another writer created meanwhile is kept as it is,
    # and no reader ever opens a half-copied file
    copy = target.with_name(f"{target.name}.new-{os.getpid()}-{threading.get_ident()}")
    try:
        shutil.copyfile(_template_file(), copy)
        os.link(copy, target)
    except FileExistsError:
        pass
    finally:
        copy.unlink(missing_ok=True)


def _memory_from_template() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("attach $path as template (read_only)", {"path": str(_template_file())})
    con.execute("copy from database template to memory")
    con.execute("detach template")
    return con


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the file holds the schema, derived columns and macros of this version (a read-only
    reader can use it as it is)."""
    has_meta = scalar(con, "select count(*) from information_schema.tables where table_name = 'meta'")
    return bool(has_meta) and get_meta(con, "code_version") == CODE_VERSION


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> Any:
    """First value of the first row (None when no row), with the result fully consumed."""
    # a running query for the server's idle trim (dashboard.idle_memory): it never lowers the limit under one
    with idle_memory.SERVER.busy():
        rows = con.execute(sql, params or {}).fetchall()
    return rows[0][0] if rows else None


def _drop_tables_now_views(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
    # older files stored these as tables; they are views now (lead_stages over leads since derived version 6,
    # account_facts and account_groups over account_rows since 12): a view cannot replace a table
    for name in names:
        kind = scalar(con, "select table_type from information_schema.tables where table_name = $name", {"name": name})
        if kind == "BASE TABLE":
            con.execute(f"drop table {name}")


def refresh_derived(con: duckdb.DuckDBPyConnection, stale: str = STALE_LEADS) -> None:
    """Derive the stage columns of the leads matching `stale` (SQL over leads), then the deal facts.

    Call inside the import transaction. Importers that insert leads with their stage columns
    already derived pass a narrower condition.
    """
    count, total = con.execute(f"select count(*) filter (where {stale}), count(*) from leads").fetchall()[0]
    derived = ", ".join(DERIVED_LEAD_COLUMNS)
    if count and count > REWRITE_SHARE * total:
        # no temporary table here: DuckDB 2.0 can lose rows inserted into one inside a transaction
        # a rewrite stores the leads in created_at order: row groups then cover few days each, and a scan for a
        # date range skips the others (zone maps). An import keeps its file's order (CRM exports come in
        # creation or id order): sorting ten million rows inside it cost several times the import itself
        con.execute(
            "create or replace table lead_rewrite as "
            "select * from lead_derivation('leads', 'deals') order by created_at"
        )
        con.execute("delete from leads")
        con.execute("insert into leads by name select * from lead_rewrite")
        con.execute("drop table lead_rewrite")
    elif count:
        con.execute(f"create or replace temp view stale_leads as select * from leads where {stale}")
        sets = ", ".join(f"{c} = d.{c}" for c in DERIVED_LEAD_COLUMNS)
        con.execute(
            f"update leads set {sets} from (select lead_id, {derived} from "
            "lead_derivation('stale_leads', 'deals')) as d where leads.lead_id = d.lead_id"
        )
    refresh_deal_facts(con)
    refresh_deal_credits(con)
    _refresh_accounts(con)
    # after data_as_of: the rollup's "still in window" counts are measured against the data's today; the
    # macros it counts with bind to deal_facts, which exists from here on (a new file has them only now). a file
    # this code wrote keeps them: writing them again took a quarter of a small import's transaction
    if get_meta(con, "code_version") != CODE_VERSION:
        con.execute(_scripts(MACRO_SCRIPTS))
        # scope.sql's data_end() reads data_days in a subquery: the stored day again (the rollups count under it)
        store_data_end(con)
    refresh_rollups(con)


def refresh_rollups(con: duckdb.DuckDBPyConnection) -> None:
    """The rollups (schema/rollup.sql) and the SLA page's stored waits (schema/sla_facts.sql), after data_as_of."""
    run_script(con, ROLLUP_SCRIPT, rollups.build_params())
    run_script(con, SLA_FACTS_SCRIPT, rollups.sla_build_params())


def _refresh_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """The account tables (schema/account_facts.sql) and the buying groups' view over them, from the derived leads
    and deal facts."""
    _drop_tables_now_views(con, ("account_facts", "account_groups"))
    con.execute(_script("schema/account_facts"))
    con.execute(_script("schema/account_groups"))
    con.execute(_script(ACCOUNT_DEALS_SCRIPT))


def refresh_deal_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Write the sales-owned sources in use as keys (sales_keys), then the deal facts and the data's today
    (schema/refresh.sql), which read them."""
    _ensure_horizon(con)
    con.execute("delete from sales_keys")
    con.execute("insert into sales_keys select unnest($keys::varchar[])", {"keys": list(sales_sources(con))})
    # the deal facts tie a deal booked on an account without leads to its lead's account: that list first
    con.execute(_script(BOOKED_DEALS_SCRIPT))
    run_script(con, REFRESH_SCRIPT, refresh_params())
    store_data_end(con)


def refresh_params() -> dict[str, Any]:
    """The config values schema/refresh.sql is run with (on DuckDB and on Spark)."""
    # bound, not written into the SQL: the 31 days set_complete_through refuses a later stated day by is the one
    # data_as_of stops counting it at
    return {"complete_through_max_days": config.COMPLETE_THROUGH_MAX_DAYS}


def store_data_end(con: duckdb.DuckDBPyConnection) -> None:
    """Store the data's end (scope.sql data_end, after data_days) as a macro of one constant timestamp."""
    # scope.sql defines data_end() as a scalar subquery on data_days, right for any file but opaque to the planner:
    # inside in_view, which every scan filters with, it cost the account list its top-N late materialisation (the
    # deal owner of all 120 accounts read for a page of 10, test_perfacct). written here whenever data_days is, the
    # planner sees a constant. a macro cannot take a bound parameter, so the day is written in: a timestamp the
    # file itself gave, formatted by Python, never a user's text
    end = scalar(con, "select (max(max_date) + interval 1 day)::timestamp from data_days")
    literal = "timestamp '9999-12-31'" if end is None else f"timestamp '{end.isoformat(sep=' ')}'"
    con.execute(f"create or replace macro data_end() as {literal}")


def start_import_clock(con: duckdb.DuckDBPyConnection) -> datetime:
    """Fix an import's horizon (clock.horizon) at its start, as a session variable its row checks read
    (importers.checks.FUTURE_HORIZON_SQL) and keep_import_horizon stores; returns it."""
    at = clock.horizon()
    con.execute(f"set variable {IMPORT_HORIZON_VARIABLE} = $at::timestamp", {"at": at})
    return at


def keep_import_horizon(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Inside a leads or deals import's transaction: its horizon becomes that table's (the one thing that moves it)."""
    at = scalar(con, f"select getvariable('{IMPORT_HORIZON_VARIABLE}')::timestamp") or clock.horizon()
    set_meta(con, HORIZON_KEYS[table], at.isoformat(timespec="seconds"))


def horizon(con: duckdb.DuckDBPyConnection | QueryEngine, table: str | None = None) -> datetime | None:
    """The stored horizon of a table (HORIZON_KEYS), else the later of the two (the last leads or deals import's);
    None before any lead or deal."""
    tables = [table] if table else list(HORIZON_KEYS)
    stored = [datetime.fromisoformat(raw) for t in tables if (raw := get_meta(con, HORIZON_KEYS[t])) is not None]
    return max(stored, default=None)


def last_import_day(con: duckdb.DuckDBPyConnection | QueryEngine) -> date | None:
    """The day of the last leads or deals import in the data's zone (its stored clock: the horizon less
    config.FUTURE_HORIZON_DAYS); None before any."""
    at = horizon(con)
    return None if at is None else (at - timedelta(days=config.FUTURE_HORIZON_DAYS)).date()


def _ensure_horizon(con: duckdb.DuckDBPyConnection) -> None:
    """Store a horizon per table for data that has none: a file written before it was stored (at its upgrade), or
    rows written without an import (tests, a hand-made update); an empty file (the template new files copy) gets
    none."""
    missing = [key for key in HORIZON_KEYS.values() if get_meta(con, key) is None]
    if not missing or not scalar(con, "select exists (select 1 from leads) or exists (select 1 from deals)"):
        return
    # a file of versions 44-45 kept one horizon for both tables: each takes it
    legacy = get_meta(con, LEGACY_HORIZON_KEY)
    for key in missing:
        set_meta(con, key, legacy or _upgrade_horizon(con))
    con.execute("delete from meta where key = $key", {"key": LEGACY_HORIZON_KEY})


def _upgrade_horizon(con: duckdb.DuckDBPyConnection) -> str:
    """The horizon of a file that never stored one: its last import's time plus a day, else the clock now's."""
    # the latest import's time is the best clock an older file keeps of when its data came (written in the
    # machine's zone, by datetime.now()); a file without one (never imported into) takes the clock now. It is the
    # last import of any kind (a targets, spend or accounts import writes it too): the time of the last leads or
    # deals import is not kept apart (the last import's report names only the last kind), so a file whose last
    # import was targets days after the leads gets a horizon days late (review 99 L1: one it had already shown)
    raw = get_meta(con, "last_import_at")
    at = clock.now() if raw is None else _in_data_zone(datetime.fromisoformat(raw))
    return clock.horizon(at).isoformat(timespec="seconds")


def _in_data_zone(local: datetime) -> datetime:
    """A naive time of the machine's zone as the naive time of the data's zone."""
    return local.astimezone(ZoneInfo(config.DATA_TIMEZONE)).replace(tzinfo=None)


def refresh_deal_credits(con: duckdb.DuckDBPyConnection) -> None:
    """Store each won deal's attribution shares (schema/deal_credits.sql) from the deal facts and the touches."""
    # the sales-owned list does not enter a path, so saving it (refresh_deal_facts alone) leaves these as they are
    con.execute(
        f"create or replace table deal_credits as {_script(DEAL_CREDITS_QUERY)}",
        {"half_life_days": config.TIME_DECAY_HALF_LIFE_DAYS},
    )


@contextmanager
def memory_limit(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """Cap DuckDB's memory for a block (it spills to its temporary directory), then return to the default.

    The default (80 % of the machine) is restored with RESET: the setting reads back rounded
    ("18.8 GiB"), so setting that text again would not give the same limit.
    """
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit):
        raise ValueError(f"memory limit {limit!r} is not like '1GB'")
    # SET takes no bound parameters; the value is a checked size, never user text
    con.execute(f"set memory_limit = '{limit}'")
    try:
        yield
    finally:
        con.execute("reset memory_limit")


@contextmanager
def transaction(
    con: duckdb.DuckDBPyConnection, stale: str = STALE_LEADS, derive: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run a block as one transaction: derived data refreshed on commit (leads matching `stale`) and the data
    checks run on it (their failures kept for the Data page), nothing kept on error.

    `derive=False` is for a change of settings kept in meta (no row of a base table changes): nothing is
    derived again and the last import time stays, but the data version still advances, so every cached
    result computed under the old setting is dropped.
    """
    con.execute("begin transaction")
    try:
        yield con
        if derive:
            refresh_derived(con, stale)
            set_meta(con, "last_import_at", datetime.now().isoformat(timespec="seconds"))
            set_meta(con, checks.FAILURES_KEY, json.dumps(checks.run_all(con)))
        bump_data_version(con, rows=derive)
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Store one key/value fact about the data."""
    con.execute("insert or replace into meta (key, value) values ($key, $value)", {"key": key, "value": value})


def get_meta(con: duckdb.DuckDBPyConnection | QueryEngine, key: str) -> str | None:
    """Read one key/value fact about the data, or None."""
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return con.get_meta(key)
    return scalar(con, "select value from meta where key = $key", {"key": key})


def bump_data_version(con: duckdb.DuckDBPyConnection, rows: bool = True) -> None:
    """Advance the counter that cached results are keyed on, so no page shows stale numbers; `rows`: the change is
    to the rows (an import, the demo, an upgrade), not only to a setting kept in meta (transaction's derive=False),
    and rows_version follows."""
    current = int(get_meta(con, "data_version") or 0)
    if not rows and get_meta(con, ROWS_VERSION_KEY) is None:
        # a file from before the key: its rows last changed at this version or before, never after
        set_meta(con, ROWS_VERSION_KEY, str(current))
    set_meta(con, "data_version", str(current + 1))
    if rows:
        set_meta(con, ROWS_VERSION_KEY, str(current + 1))


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the counter of committed changes to the data."""
    return int(get_meta(con, "data_version") or 0)


def rows_version(con: duckdb.DuckDBPyConnection) -> int:
    """The data_version of the last change to the rows: a change of a setting alone (the day the exports are
    complete through, the sales-owned sources) leaves it, so the last import's report stays its report."""
    kept = get_meta(con, ROWS_VERSION_KEY)
    return data_version(con) if kept is None else int(kept)


def table_counts(con: duckdb.DuckDBPyConnection, optional: bool = False) -> dict[str, int]:
    """Row count of every base table; with `optional`, of the optional tables the file has too (a file from before
    the accounts table has none to count)."""
    tables: tuple[str, ...] = BASE_TABLES
    if optional:
        kept = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
        tables += tuple(t for t in OPTIONAL_TABLES if t in kept)
    return {t: int(scalar(con, f"select count(*) from {t}")) for t in tables}


def demo_tables(con: duckdb.DuckDBPyConnection | QueryEngine) -> list[str]:
    """The base tables whose rows are demo data, in BASE_TABLES order (a file from before the per-table
    marks that says is_demo = true has all five)."""
    raw = get_meta(con, DEMO_TABLES_KEY)
    if raw is None:
        return list(BASE_TABLES) if get_meta(con, LEGACY_DEMO_KEY) == "true" else []
    marked = set(json.loads(raw))
    return [t for t in BASE_TABLES if t in marked]


def mark_demo_tables(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> None:
    """Record which base tables hold demo rows (call inside the transaction that writes them)."""
    chosen = set(tables)
    unknown = chosen - set(BASE_TABLES)
    if unknown:
        raise ValueError(f"not base tables: {', '.join(sorted(unknown))}")
    set_meta(con, DEMO_TABLES_KEY, json.dumps([t for t in BASE_TABLES if t in chosen]))
    con.execute("delete from meta where key = $key", {"key": LEGACY_DEMO_KEY})
    # demo rows replaced whatever an import stated of these tables' currency
    forget_currencies(con, chosen)


def forget_currencies(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> None:
    """Drop the currency imports stated for these tables: their rows went (or demo rows replaced them)."""
    keys = [key.format(t) for t in tables if t in MONEY_TABLES for key in (CURRENCY_KEY, DOLLARS_KEY)]
    con.execute("delete from meta where list_contains($keys, key)", {"keys": keys})


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """True while any base table still holds demo data."""
    return bool(demo_tables(con))


def demo_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of every table that holds demo data (table -> rows): what removing the demo data takes away."""
    return {t: scalar(con, f"select count(*) from {t}") for t in demo_tables(con)}


def remove_demo_tables_in_transaction(
    con: duckdb.DuckDBPyConnection, replaced: str | None = None, replaced_rows: int = 0
) -> dict[str, int]:
    """Inside a write transaction: empty every demo table, clear the demo marks, and return table -> rows
    removed ({} when no table holds demo data).

    `replaced` is a table whose rows the caller has just swapped for its own (an import with replace):
    its new rows stay, and the `replaced_rows` demo rows it swapped out are reported as removed. Leads
    that stay lose their derived stages to the demo deals removed here and are derived again on commit.
    """
    removed: dict[str, int] = {}
    tables = demo_tables(con)
    for table in tables:
        if table == replaced:
            removed[table] = replaced_rows
            continue
        if table == "deals":
            # stage columns of the leads that stay were derived from these deals
            con.execute("update leads set is_mql = null where lead_id in (select lead_id from deals)")
            # a deal kept aside beside demo deals would come back into the numbers with a later leads import
            con.execute(f"delete from {AWAITING_TABLE}")
        removed[table] = scalar(con, f"select count(*) from {table}")
        con.execute(f"delete from {table}")
        forget_currencies(con, [table])
    if tables:
        mark_demo_tables(con, ())
    return removed


def remove_demo_tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Remove the rows of every demo table in one transaction; table -> rows removed ({} when none)."""
    if not is_demo(con):
        return {}
    with transaction(con):
        return remove_demo_tables_in_transaction(con)


def stated_currencies(con: duckdb.DuckDBPyConnection | QueryEngine) -> dict[str, str]:
    """The currency (ISO code) of each money table whose import stated one; demo and empty tables left out."""
    demo = set(demo_tables(con))
    found = {}
    for table in MONEY_TABLES:
        code = get_meta(con, CURRENCY_KEY.format(table))
        if code is None or table in demo:
            continue
        # a Spark folder is built from tables that have rows
        if not isinstance(con, duckdb.DuckDBPyConnection) or scalar(con, f"select count(*) > 0 from {table}"):
            found[table] = code
    return found


def dollar_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The money tables with rows of the user's own whose amounts were written with a bare $ and no currency."""
    demo = set(demo_tables(con))
    return [
        table
        for table in MONEY_TABLES
        if table not in demo
        and get_meta(con, DOLLARS_KEY.format(table)) is not None
        and scalar(con, f"select count(*) > 0 from {table}")
    ]


def currency(con: duckdb.DuckDBPyConnection | QueryEngine) -> str | None:
    """The currency the data's amounts are in (ISO code), None when no import stated one; an import in another
    currency than the stored money is refused, so there is one at most."""
    return next(iter(stated_currencies(con).values()), None)


def sales_sources(con: duckdb.DuckDBPyConnection | QueryEngine) -> tuple[str, ...]:
    """The sales-owned sources in use (keys): the list saved on the Data page, else config.SALES_SOURCES."""
    raw = get_meta(con, SALES_SOURCES_KEY)
    return config.SALES_SOURCES if raw is None else tuple(json.loads(raw))


def sales_sources_are_default(con: duckdb.DuckDBPyConnection | QueryEngine) -> bool:
    """True when no list has been saved, so the config's default is in use."""
    return get_meta(con, SALES_SOURCES_KEY) is None


def source_keys(con: duckdb.DuckDBPyConnection, labels: Iterable[str]) -> tuple[str, ...]:
    """Labels as the keys they are compared by (the source_key macro), blanks dropped, first of each kept."""
    keys = scalar(con, "select list_transform($labels::varchar[], lambda s: source_key(s))", {"labels": list(labels)})
    return tuple(dict.fromkeys(k for k in keys or () if k))


def set_sales_sources(con: duckdb.DuckDBPyConnection, labels: Iterable[str]) -> tuple[str, ...]:
    """Save the sales-owned sources (as keys) in one transaction; every cached result is recomputed. Returns
    the keys saved."""
    keys = source_keys(con, labels)
    with transaction(con, derive=False):
        set_meta(con, SALES_SOURCES_KEY, json.dumps(list(keys)))
        # the upgrade's line (_say_sales_tools) said the tools' deals are sales-sourced and asked for this very save:
        # kept, the Data page and the next import's report said so of deals the saved list may count as marketing's
        con.execute("delete from meta where key = $key", {"key": UPGRADE_NOTE_KEY})
        _refresh_sales_dependent(con)
    return keys


def reset_sales_sources(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """Go back to config.SALES_SOURCES (the saved list is forgotten) in one transaction; returns it."""
    with transaction(con, derive=False):
        con.execute("delete from meta where key = $key", {"key": SALES_SOURCES_KEY})
        _refresh_sales_dependent(con)
    return config.SALES_SOURCES


def _refresh_sales_dependent(con: duckdb.DuckDBPyConnection) -> None:
    """What the sales-owned list decides: which deals marketing touched (the deal facts) and the accounts' copy of
    the deal facts (account_deals), whose account tables the list leaves as they are; and the rollups when the
    data's today moved meanwhile."""
    before = scalar(con, "select max(as_of) from data_as_of")
    refresh_deal_facts(con)
    con.execute(_script(ACCOUNT_DEALS_SCRIPT))
    # the deal facts write the data's today again, against the stored horizon: it stays as it was (trial 98), unless
    # the file had none stored yet; the rollups' "still in window" counts and sla_facts' waits are measured to today
    if scalar(con, "select max(as_of) from data_as_of") != before:
        refresh_rollups(con)


def complete_through(con: duckdb.DuckDBPyConnection | QueryEngine) -> date | None:
    """The last day the exports are stated complete through (set_complete_through), or None."""
    raw = get_meta(con, COMPLETE_THROUGH_KEY)
    return None if raw is None else date.fromisoformat(raw)


def set_complete_through(con: duckdb.DuckDBPyConnection, day: date | None, today: date | None = None) -> date | None:
    """State the last day the exports are complete through (None: forget it), in one transaction, and return the
    data's own last day (its latest record). The data's today is then the end of that day when no record is dated
    as late: a month whose last day had no record was counted in part, its targets pro rata, the headline a month
    behind (trial 49: a Salesforce export through 30 Nov whose last lead came on the 29th). `today` is the latest day
    the exports can be complete through: the day of the last leads or deals import in the data's zone (its stored
    clock, last_import_day) unless given, not the wall clock's (review 99: exports imported on 7 Dec were accepted as
    complete through 12 Dec on 13 Dec)."""
    with transaction(con, derive=False):
        con.execute("delete from meta where key = $key", {"key": COMPLETE_THROUGH_KEY})
        # against the stored horizon, as the pages' data_as_of was: the latest record named is the pages' (trial 98:
        # a refresh against the clock named 8 Dec, a record past the import's horizon, where every page said 14 Nov)
        refresh_deal_facts(con)
        last = scalar(con, "select max(as_of)::date from data_as_of where as_of > timestamp '1970-01-01'")
        if day is not None:
            _check_complete_through(day, last, today or last_import_day(con) or clock.today())
            set_meta(con, COMPLETE_THROUGH_KEY, day.isoformat())
            refresh_deal_facts(con)
        # the rollup's "still in window" counts are measured against the data's today
        refresh_rollups(con)
    return last


def can_state_complete_through(day: date, last: date | None, today: date | None) -> bool:
    """Whether set_complete_through would accept `day` for data whose latest record is of `last`, last imported on
    `today` (the same rule, so that no advice names a day the command then refuses)."""
    if today is None:
        return False
    try:
        _check_complete_through(day, last, today)
    except ValueError:
        return False
    return True


def _check_complete_through(day: date, last: date | None, today: date) -> None:
    """Refuse a stated last day the data contradicts or cannot vouch for (ValueError saying what to do)."""
    if last is None:
        raise ValueError("no lead or deal is loaded yet: import the exports first, then say how far they run")
    if day < last:
        raise ValueError(
            f"the data already runs to {last:%-d %b %Y} (its latest record): a day before it changes nothing; "
            "leave it unset"
        )
    if day > today:
        raise ValueError(
            f"the exports were imported on {today:%-d %b %Y}: they cannot be complete through a later day "
            f"({day:%-d %b %Y})"
        )
    if (day - last).days > config.COMPLETE_THROUGH_MAX_DAYS:
        raise ValueError(
            f"{day:%-d %b %Y} is {(day - last).days} days after the data's latest record ({last:%-d %b %Y}): an "
            f"export that quiet for more than {config.COMPLETE_THROUGH_MAX_DAYS} days is more likely cut short; "
            "check it, or import a later one"
        )


def has_data(con: duckdb.DuckDBPyConnection | QueryEngine) -> bool:
    """True when at least one lead or deal is loaded."""
    return bool(run(con, "has_data").iloc[0, 0])


def loaded_rows(con: duckdb.DuckDBPyConnection | QueryEngine) -> dict[str, int]:
    """Rows loaded per table: leads, deals, spend, targets."""
    row = run(con, "loaded_rows").iloc[0]
    return {table: int(row[f"count_{table}"]) for table in ("leads", "deals", "spend", "targets")}


def only_plans_words(loaded: Mapping[str, int]) -> str:
    """'only spend (2 rows) is': what is loaded beside no lead or deal, in words; '' when nothing is."""
    held = [f"{t} ({loaded[t]:,} row{'s' if loaded[t] != 1 else ''})" for t in ("spend", "targets") if loaded.get(t)]
    if not held:
        return ""
    return f"only {' and '.join(held)} {'is' if len(held) == 1 else 'are'}"


def clear_all(con: duckdb.DuckDBPyConnection) -> None:
    """Remove every row of every base table, as one transaction."""
    with transaction(con):
        for table in (*BASE_TABLES, *OPTIONAL_TABLES, AWAITING_TABLE):
            con.execute(f"delete from {table}")
        mark_demo_tables(con, ())
        forget_currencies(con, MONEY_TABLES)


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, tuple[str, bool]]:
    """Column name -> (DuckDB type, is required) of what a canonical table's rows are made of, in table order."""
    rows = con.execute(
        "select column_name, data_type, is_nullable from information_schema.columns "
        "where table_name = $table and table_schema = 'main' order by ordinal_position",
        {"table": table},
    ).fetchall()
    derived = DERIVED_LEAD_COLUMNS if table == "leads" else ()
    return {name: (dtype, nullable == "NO") for name, dtype, nullable in rows if name not in derived}


def quote_identifier(name: str) -> str:
    """A column name from a file header, quoted so it can never be read as SQL."""
    return '"' + name.replace('"', '""') + '"'
