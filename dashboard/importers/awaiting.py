"""Deals skipped for want of their lead, kept aside until a leads import brings the lead.

A HubSpot deal names its contact ("Associated Contact IDs"); when the deals export is imported before the contacts
export that has a new contact, the deal is skipped (its lead is unknown). It was lost for good: importing the
contacts afterwards did not bring it back, and no later import said so (revenue 28,000 where the CRM said 31,000).
Salesforce opportunities never were: they name no lead, and the lead's Converted Opportunity ID links them later
(deal_links). So a skipped deal is kept aside here, whole, and moved into deals by the leads import that brings its
lead; until then every import says how many deals wait.
"""

from __future__ import annotations

import duckdb

from dashboard import store
from dashboard.formatting import fmt_count

AWAITING = store.AWAITING_TABLE
# the columns a deals import gives its kept-aside rows so the first row of a deal id is the one kept
FILE_ORDER = "_awaiting_file"
ROW_ORDER = "_awaiting_row"
# the deals named by id in the report's lines (the rest counted)
LISTED = 3
# a lead no export will bring (deleted or merged away in the CRM): the mapping line that counts its deals (probe 93:
# none was said, and the page's advice, a blank lead id, counts a deal as outbound, sales-sourced)
GONE = (
    "a lead deleted or merged away in the CRM never comes: import the deals again with a mapping holding [deals] "
    'and lead_not_loaded = "unknown" (beside a preset too: --preset hubspot --mapping FILE) and its deals count, of '
    "unknown origin"
)


def park(con: duckdb.DuckDBPyConnection, rows_sql: str, replace: bool) -> list[str]:
    """Inside a deals import's transaction, after its rows went in: keep aside the deals `rows_sql` gives (the rows
    skipped for an unknown lead alone, with their file and row order). A replace starts the list anew (the file is
    every deal); a deal this import wrote leaves the list. The report's lines on the stored deals left as they were."""
    if replace:
        con.execute(f"delete from {AWAITING}")
    # no temporary table: DuckDB 2.0 can lose rows inserted into one inside a transaction
    con.execute(f"create or replace temp view import_parked as {rows_sql}")
    # _ids: the deal ids this import wrote; the later import's row of a deal id replaces the one kept before
    con.execute(
        f"delete from {AWAITING} where deal_id in (select deal_id from import_parked) "
        "or deal_id in (select key from _ids)"
    )
    # a deal id the file gives twice, both rows for an unknown contact: the first row of the file waits, as a
    # repeated deal keeps its first row that is imported (an arbitrary one could wait for the wrong contact)
    con.execute(
        f"insert into {AWAITING} by name select * exclude ({FILE_ORDER}, {ROW_ORDER}) from import_parked "
        "where deal_id not in (select key from _ids where key is not null) "
        f"qualify row_number() over (partition by deal_id order by {FILE_ORDER}, {ROW_ORDER}) = 1"
    )
    return _stored_not_updated(con)


def _stored_not_updated(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warning on stored deals whose new row waits for its lead: the stored row stays in the numbers until then
    (a HubSpot deal moved to a contact created after the contacts export was kept as it was, silently)."""
    count, examples = con.execute(
        f"select count(*), list(a.deal_id || ' (lead ' || a.lead_id || ')' order by a.deal_id)[:{LISTED}] "
        f"from {AWAITING} as a where a.deal_id in (select deal_id from deals)"
    ).fetchone() or (0, [])
    if not count:
        return []
    one = count == 1
    return [
        f"{fmt_count(count, 'stored deal')} {'is' if one else 'are'} not updated: this file names "
        f"{'a lead' if one else 'leads'} not loaded ({_named(examples, count)}); the stored "
        f"{'row stays' if one else 'rows stay'} in the numbers until the leads import that brings "
        f"{'that lead' if one else 'those leads'} replaces {'it' if one else 'them'} with the new one"
    ]


def bring(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Inside a leads import's transaction: move the deals kept aside whose lead is now stored into deals, in place
    of a stored row of that id (an older version of the deal, on its previous lead); their leads are derived again
    on commit. The ids of the deals moved."""
    ready = f"select deal_id from {AWAITING} as a where exists (select 1 from leads as l where l.lead_id = a.lead_id)"
    # the leads of the stored rows replaced lose a deal: their stages are derived again too
    con.execute(
        f"update leads set is_mql = null where lead_id in (select lead_id from deals where deal_id in ({ready}))"
    )
    con.execute(f"delete from deals where deal_id in ({ready})")
    moved = sorted(
        row[0]
        for row in con.execute(
            f"insert into deals by name select * from {AWAITING} where deal_id in ({ready}) returning deal_id"
        ).fetchall()
    )
    con.execute(f"delete from {AWAITING} where lead_id in (select lead_id from leads)")
    if moved:
        con.execute(
            "update leads set is_mql = null where lead_id in (select lead_id from deals where deal_id in "
            "(select unnest($moved::varchar[])))",
            {"moved": moved},
        )
    return moved


def brought_line(moved: list[str]) -> str:
    """The report's line on the deals a leads import brought in with their lead."""
    named = _named(moved[:LISTED], len(moved))
    return (
        f"{fmt_count(len(moved), 'deal')} skipped earlier for want of {'its' if len(moved) == 1 else 'their'} lead "
        f"imported now that the lead is loaded ({named})"
    )


def waiting_line(con: duckdb.DuckDBPyConnection, kind: str) -> str:
    """The line every import ends with while deals wait for their lead: how many, which, and what brings them in;
    '' when none does."""
    count, examples = con.execute(
        f"select count(*), list(deal_id || ' (lead ' || lead_id || ')' order by deal_id)[:{LISTED}] from {AWAITING}"
    ).fetchone() or (0, [])
    if not count:
        return ""
    one = count == 1
    how = (
        f"{'it is' if one else 'they are'} imported by the leads import that brings {'its' if one else 'their'} lead; "
        + GONE
        if kind != "leads"
        else f"{'its lead is' if one else 'their leads are'} not among the leads stored: import the leads export "
        f"that has {'it' if one else 'them'} (--mode append adds to the leads), and the "
        f"{'deal comes' if one else 'deals come'} in with {'it' if one else 'them'}"
    )
    return _aside_line(count, examples, "is" if one else "are", how)


def _aside_line(count: int, examples: list[str], verb: str, how: str) -> str:
    """'2 deals skipped for want of their lead are kept aside, in none of the numbers (…): <how>'."""
    return (
        f"{fmt_count(count, 'deal')} skipped for want of {'its' if count == 1 else 'their'} lead {verb} kept aside, "
        f"in none of the numbers ({_named(examples, count)}): {how}"
    )


def _named(examples: list[str], count: int) -> str:
    """'D1, D2, D3 and 4 more': the examples named, and how many more there are of `count`."""
    return ", ".join(examples) + (f" and {count - LISTED:,} more" if count > LISTED else "")


def would_wait_line(con: duckdb.DuckDBPyConnection, rows_sql: str) -> str:
    """The check's line on the deals `rows_sql` gives (skipped for want of their lead): kept aside by the import, in
    none of the numbers until their lead comes; '' when none is. The check had only said "skipped: unknown lead"."""
    count, examples = con.execute(
        f"select count(distinct deal_id), list(distinct deal_id || ' (lead ' || lead_id || ')' order by deal_id || "
        f"' (lead ' || lead_id || ')')[:{LISTED}] from ({rows_sql})"
    ).fetchone() or (0, [])
    if not count:
        return ""
    one = count == 1
    how = f"{'it is' if one else 'they are'} imported by the leads import that brings {'its' if one else 'their'} lead"
    return _aside_line(count, examples, "would be", f"{how}; {GONE}")


def would_bring_line(con: duckdb.DuckDBPyConnection, ids_sql: str = "select key from _ids") -> str:
    """The check of a leads import: the deals kept aside whose lead its file has (`ids_sql`: the file's lead ids),
    which the import brings in; '' when none (or none waits: the file is not read then)."""
    if not store.scalar(con, f"select count(*) from {AWAITING}"):
        return ""
    moved = [
        row[0]
        for row in con.execute(
            f"select deal_id from {AWAITING} where lead_id in ({ids_sql}) order by deal_id"
        ).fetchall()
    ]
    if not moved:
        return ""
    named = _named(moved[:LISTED], len(moved))
    one = len(moved) == 1
    return (
        f"{fmt_count(len(moved), 'deal')} kept aside for want of {'its' if one else 'their'} lead would be imported "
        f"with {'it' if one else 'them'} ({named})"
    )
