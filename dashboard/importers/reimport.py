"""What an import does to the stored rows besides adding: rows updated, removed or left out, stage dates cleared
or moved, deals taken back to open, stored values a file has no column for. A monthly re-export imported in the
wrong order, appended when it is a full export, or replaced with a filtered one changed the numbers with only
"N existing rows replaced" said (trial 24)."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from dashboard import config, store
from dashboard.formatting import fmt_count, word_list
from dashboard.importers import currency, dates, propose
from dashboard.importers.errors import ImportRefused
from dashboard.importers.report import ImportReport

# an appended file holding at least this share of the stored ids is taken for a full export: the stored ids it
# leaves out were deleted or merged in the CRM. A monthly incremental file (this month's new and changed records)
# holds far fewer of the stored ids, and its missing ids say nothing
FULL_EXPORT_SHARE = 0.75
# ids (or targets) named as examples in a warning
EXAMPLES = 3
# the dates a record gains as it moves on: a later export keeps them, an older one (or another view) lacks them
STAGE_DATES: dict[str, tuple[str, ...]] = {
    "leads": ("mql_at", "sql_at", "first_contact_at", "disqualified_at"),
    "deals": ("closed_at",),
}
NOUNS: dict[str, str] = {"leads": "lead", "deals": "deal", "accounts": "account"}
# columns the import fills again after writing: a deal's lead_id from the leads' Converted Opportunity ID (a
# Salesforce opportunities report has no lead column); the deals it does not link are said after the linking
REDERIVED: dict[str, tuple[str, ...]] = {"deals": ("lead_id",)}
# a stored value that only says the file had none: losing it loses nothing
NO_VALUE: dict[tuple[str, str], str] = {("leads", "source"): "unknown"}
UNDO = "python -m dashboard undo --db <the database>"
# the same advice for the command line and the Data page, whose controls have names of their own
UNDO_ADVICE = f"undo the import (the Data page's Undo the last change, or `{UNDO}`)"
APPEND = "--mode append (on the Data page: add / update by id)"
# the ids of the file's skipped rows that no row imported has, as stored and compared (canonical._skipped_ids): the
# stored rows of these ids are in the file, on a bad row, and are kept as stored by a replace too
SKIPPED_IDS = "import_skipped_ids"
# the ids on rows left out on purpose (archived or deleted in the CRM, not kept by the mapping's keep line): not in
# the file
LEFT_OUT_IDS = "import_left_out_ids"
# the stored records a migration's export names by their old id (an id list's earlier column, the row's own id in its
# last: lead_id = ["HubSpot Contact ID", "Lead ID"]), with that column and the row's own (canonical._migrated_ids); key,
# file, column_name, own_column
MIGRATED_IDS = "import_migrated_ids"


def _instead(dry_run: bool, what: str) -> str:
    """The way back from an import that was a mistake: before it (a check), import something else; after it, undo
    it first."""
    return f"import {what} instead" if dry_run else f"{UNDO_ADVICE} and import {what}"


def when(column: str) -> str:
    """SQL text of a stored or imported date as a person reads it: the day, with the time when it has one."""
    return (
        f"case when {column} = date_trunc('day', {column}) then strftime({column}, '%Y-%m-%d') "
        f"else strftime({column}, '%Y-%m-%d %H:%M') end"
    )


def _given(files: Mapping[int, tuple[str, list[str]]]) -> tuple[set[str], set[str]]:
    """The table columns every file gives, and those some file gives."""
    columns = [set(given) for _name, given in files.values()]
    return set.intersection(*columns), set.union(*columns)


def compare_stored(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    kept: Mapping[int, str],
    id_col: str,
    files: Mapping[int, tuple[str, list[str]]],
    raw: bool = True,
    dry_run: bool = False,
) -> None:
    """Before the stored rows of an id table go: count the rows updated, new and removed, and say what the file
    takes back (a won deal to open, a stage date cleared or moved) or drops (a column it does not have). `raw`:
    the files' cells as read are staged, where a Last Modified Date column is found (a canonical file has none);
    `dry_run`: a check, said before the import so that nothing is lost by trying it."""
    kind = report.kind
    if kind in store.demo_tables(con) or not store.scalar(con, f"select count(*) from {kind}"):
        return
    rows = " union all ".join(kept.values())
    con.execute(f"create or replace temp view import_new_rows as {rows}")
    _as_spelled(con, kind, id_col, rows, report.mode)
    stored, updated, in_file = con.execute(
        f"select (select count(*) from {kind}), (select count(*) from {kind} where {id_col} in "
        f"(select key from _ids)), (select count(distinct key) from _ids)"
    ).fetchone() or (0, 0, 0)
    report.rows_updated, report.rows_new = updated, in_file - updated
    _kept_skipped(con, report, kind, id_col)
    every, some = _given(files)
    # an append keeps the stored values of the columns a file does not give, so they are compared only where every
    # file gives them; a replace empties them, so every column is (trial 100: a replace counted each stored row the
    # file has as "updated", 25 where 8 changed)
    compared = every if report.mode == "append" else set(store.table_columns(con, kind))
    report.rows_unchanged = _unchanged(con, kind, id_col, compared, some)
    left_out = con.execute(
        f"select list({id_col} order by {id_col})[:{EXAMPLES}] from {kind} "
        f"where {id_col} not in (select key from _ids) and {id_col} not in {skipped_ids()} "
        f"and {id_col} not in {left_out_ids()}"
    ).fetchone()
    report.removed_examples = list(left_out[0] or []) if left_out else []
    # a stored row whose id is on a skipped row is in the file: kept, not removed as if it were not
    stored -= report.rows_kept_skipped
    report.rows_removed = stored - updated if report.mode == "replace" else 0
    noun = NOUNS.get(kind, "row")
    purposely, purposely_examples = con.execute(
        f"select count(*), list({id_col} order by {id_col})[:{EXAMPLES}] from {kind} where {id_col} in {left_out_ids()}"
    ).fetchone() or (0, [])
    report.rows_removed_on_purpose = purposely if report.mode == "replace" else 0
    if purposely:
        report.alerts.append(_left_out_on_purpose(kind, noun, purposely, list(purposely_examples), report, dry_run))
    # every kind a replace removes rows of is warned, leads too: a partial leads file (one month's new contacts)
    # replaced 26 stored leads with only "26 stored rows removed as not in the file" on the count line (trial 100)
    not_in_file = report.rows_removed - (purposely if report.mode == "replace" else 0)
    if report.mode == "replace" and not_in_file:
        names = [name for name, _columns in files.values()]
        report.alerts.append(_removed_alert(kind, noun, not_in_file, report.removed_examples, names, dry_run))
    if report.mode == "append" and stored - purposely > updated and updated >= FULL_EXPORT_SHARE * stored:
        lost = _what_goes(con, kind, id_col)
        report.alerts.append(_left_out_alert(noun, stored - purposely - updated, stored, report.removed_examples, lost))
    back = (_modified_before(con, kind, id_col, files) if raw else []) + _going_back(
        con, kind, id_col, every, report.mode
    )
    if back:
        report.alerts.append(f"{kind}: {'; '.join(back)} — {_older_or_not(con, kind, dry_run)}")
    if report.mode == "replace":
        dropped = _dropped_columns(con, kind, id_col, some)
        if dropped:
            report.alerts.append(
                f"{kind}: {word_list(dropped)} {'would be' if dry_run else 'is' if len(dropped) == 1 else 'are'} "
                "removed: this file has no column for "
                f"{'it' if len(dropped) == 1 else 'them'} (a column left out of the export's view?); add the column "
                f"to the export, or import the file with {APPEND}, which keeps the stored values of the columns "
                "a file does not give"
            )


def skipped_ids() -> str:
    """SQL of the ids on the file's skipped rows that no imported row has (none when the import staged no file)."""
    return f"(select key from {SKIPPED_IDS} where key is not null)"


def left_out_ids() -> str:
    """SQL of the ids on rows the file leaves out on purpose (archived, or not kept by the mapping's keep line)."""
    return f"(select key from {LEFT_OUT_IDS} where key is not null)"


def _left_out_on_purpose(
    kind: str, noun: str, count: int, examples: list[str], report: ImportReport, dry_run: bool
) -> str:
    """The stored records on rows the file leaves out on purpose: a replace removes them (their rows are not
    imported), an append keeps them as stored, still counted (review 58: a renewal stored before a keep line was
    called "not in the file" and advised an append, which kept it)."""
    one, more = count == 1, ", …" if count > EXAMPLES else ""
    said = f"{kind}: {fmt_count(count, f'stored {noun}')} ({', '.join(examples)}{more}) {'is' if one else 'are'} on "
    said += "rows this file leaves out on purpose (the mapping's keep line, or archived or deleted in the CRM)"
    if report.mode == "replace":
        went = "would be" if dry_run else "was" if one else "were"
        return f"{said}: {went} removed, as the rows are not imported"
    return (
        f"{said}: an append keeps {'it' if one else 'them'} as stored, still counted; import the file with "
        "--mode replace to remove them"
    )


def _kept_skipped(con: duckdb.DuckDBPyConnection, report: ImportReport, kind: str, id_col: str) -> None:
    """Count the stored rows whose id is on a skipped row of the file, kept as stored, and warn of a replace's: they
    keep their stored values, not the file's (trial 57: a replace that skipped 172 of 180 leads for year-less dates
    removed them as "not in the file", and the funnel fell from 180 leads to 8)."""
    count, examples = con.execute(
        f"select count(*), list({id_col} order by {id_col})[:{EXAMPLES}] from {kind} where {id_col} in {skipped_ids()}"
    ).fetchone() or (0, [])
    report.rows_kept_skipped, report.kept_skipped_examples = count, list(examples or [])
    if not count or report.mode != "replace":
        return
    noun, one = NOUNS.get(kind, "row"), count == 1
    stated = store.stated_currencies(con).get(kind)
    if stated and report.currency and not currency.same_money(stated, report.currency):
        # the kept rows' amounts are in the stored currency: a replace in another would add the two up
        raise ImportRefused(
            f"{kind}: {fmt_count(count, f'stored {noun}')} ({', '.join(report.kept_skipped_examples)}) in {stated} "
            f"would be kept beside this file's amounts in {report.currency} (their rows in the file are skipped): "
            f"fix the skipped rows first, or convert the amounts to {stated}"
        )
    more = ", …" if count > EXAMPLES else ""
    report.alerts.append(
        f"{kind}: {fmt_count(count, f'stored {noun}')} ({', '.join(report.kept_skipped_examples)}{more}) "
        f"{'is' if one else 'are'} in the file on a skipped row and {'is' if one else 'are'} kept as stored, not "
        f"removed: {'its' if one else 'their'} values are the stored ones, not the file's; fix the skipped rows "
        "(listed below) and import the file again to update them"
    )


def _removed_alert(
    kind: str, noun: str, removed: int, examples: list[str], files: list[str], dry_run: bool = False
) -> str:
    """The stored records a replace removes because the file does not have them, naming the file(s)."""
    one = removed == 1
    went = ("would be" if dry_run else "was" if one else "were") + " removed"
    named = f"{word_list(files)} {'is' if len(files) == 1 else 'are'}" if files else "the file is"
    return (
        f"{kind}: {fmt_count(removed, f'stored {noun}')} {'is' if one else 'are'} not in the file and {went} "
        f"(e.g. {', '.join(examples)}): right when {named} a full export and {'it was' if one else 'they were'} "
        f"deleted or merged in the CRM; if it holds only part of the {kind} (one month's, a filtered view), "
        f"{_instead(dry_run, f'it with {APPEND}')}"
    )


def _left_out_alert(noun: str, missing: int, stored: int, examples: list[str], lost: str = "") -> str:
    """The stored records an append of what looks like a full export leaves out, and keeps; `lost`: what a replace
    would remove with them (won deals and their revenue)."""
    one = missing == 1
    # trial 49: a monthly delta holding 34 of 40 stored deals was advised a replace that would have removed won deals
    # of earlier months (September's revenue 37,500 -> 0): the advice says what it would remove
    return (
        f"{fmt_count(missing, f'stored {noun}')} {'is' if missing == 1 else 'are'} not in this file (e.g. "
        f"{', '.join(examples)}), which has {stored - missing:,} of the {stored:,} stored: if it is a full export, "
        f"{'it was' if one else 'they were'} deleted or merged in the CRM and still count{'s' if one else ''}; "
        f"then only, import it with --mode replace, which removes {'it' if one else 'all ' + str(missing)}{lost}; "
        "if the file holds only part of the records (one month's changes, a filtered view), keep it appended"
    )


def _what_goes(con: duckdb.DuckDBPyConnection, kind: str, id_col: str) -> str:
    """' (2 won deals among them, 37,500 of revenue)': what a replace would remove with the stored records an
    append leaves out ('' when none of them is won)."""
    if kind != "deals":
        return ""
    won, revenue = con.execute(
        f"select count(*), coalesce(sum(amount), 0) from {kind} where status = 'won' "
        f"and {id_col} not in (select key from _ids)"
    ).fetchone() or (0, 0)
    if not won:
        return ""
    return f" ({fmt_count(won, 'won deal')} among them, {float(revenue):,.0f} of revenue)"


def _older_or_not(con: duckdb.DuckDBPyConnection, kind: str, dry_run: bool) -> str:
    """What the going back says of the file: an older export when its latest record was created before the stored
    records' latest; else a change the CRM may have made (a won deal lost later), to check."""
    file_latest, stored_latest = con.execute(
        f"select (select max(created_at)::date from import_new_rows), (select max(created_at)::date from {kind})"
    ).fetchone() or (None, None)
    if file_latest is not None and stored_latest is not None and file_latest < stored_latest:
        return (
            f"this file looks older than what is stored (its latest record created {file_latest}, the stored ones' "
            f"{stored_latest}), and an older export takes back later changes: {_instead(dry_run, 'the later export')}"
        )
    # trial 49: a real Closed Won -> Closed Lost in November's export was called "an older export … undo"
    return (
        "right when the CRM made the change (a deal lost after it was won, a lead moved back); if this file is an "
        f"older export than what is stored, {_instead(dry_run, 'the later export')}"
    )


def _unchanged(con: duckdb.DuckDBPyConnection, kind: str, id_col: str, given: set[str], some: set[str]) -> int:
    """The stored rows the file updates with the values they have (in the columns `given`; a re-derived column only
    where some file gives it, in `some`)."""
    # a column the import fills again is not compared when no file has it (the file's empty cell says nothing), but
    # when a file gives it, it is the file's value: a deal moved to another lead was counted unchanged (review 101)
    rederived = [c for c in REDERIVED.get(kind, ()) if c not in some]
    columns = [c for c in store.table_columns(con, kind) if c in given and c != id_col and c not in rederived]
    same = " and ".join(_same(c) for c in columns)
    return int(
        store.scalar(
            con,
            f"select count(distinct s.{id_col}) from {kind} as s join import_new_rows as f using ({id_col}) "
            f"where {same or 'true'}",
        )
        or 0
    )


def _same(column: str) -> str:
    """SQL: the stored row's value of `column` is the one the file's row stores."""
    quoted = store.quote_identifier(column)
    return f"s.{quoted} is not distinct from f.{quoted}"


# the table's sources written several ways: the table whose spelling is kept beside each (the import's rows' sources
# as they will be stored, _as_spelled)
SPELLINGS = "import_source_spellings"
# the tables whose source is stored one spelling per source, each beside the other's
SPELLED = {"leads": "deals", "deals": "leads"}


def source_spellings(
    con: duckdb.DuckDBPyConnection, kind: str, rows: str, other: str | None = None
) -> list[tuple[str, list[tuple[str, int]]]]:
    """Per source the table's rows (`rows`: SQL of their source column) write several ways (case, spaces, hyphens,
    dots and underscores aside), the spelling stored: the other table's (`other`: SQL of its source column, the
    stored table by default) where it has one (only this table changes, so the two meet), else the one most rows
    use; with the others of this table's rows and their counts."""
    # spend, targets and the sales-owned list meet a source by its key, but the pages count by label: 'Paid
    # Search' beside 'PAID_SEARCH' were two rows, and a month's spend went to one of them, halving its leads
    found = con.execute(
        f"""
        with labels as (
            select source, count(*) filter (where from_kind) as n_here, count(*) as n
            from (select source, true as from_kind from ({rows})
                  union all select source, false from ({other or f"select source from {SPELLED[kind]}"}))
            where source is not null
            group by 1
        )
        select list((source, n_here) order by source = $unknown desc, n > n_here desc, n desc, source)
        from labels
        group by source_key(source)
        having count(*) > 1 and count(*) filter (where n_here > 0) > 0
        order by 1
        """,
        {"unknown": config.UNKNOWN_SOURCE},
    ).fetchall()
    out = []
    for (labels,) in found:
        moved = [(source, n_here) for source, n_here in labels[1:] if n_here]
        if moved:
            out.append((labels[0][0], moved))
    return out


def _as_spelled(con: duckdb.DuckDBPyConnection, kind: str, id_col: str, rows: str, mode: str) -> None:
    """The import's rows (import_new_rows) with the source each will be stored with: the import writes one spelling
    per source after its rows are in (source_spellings), so a row is compared as it will be stored, every column
    alike ('web' beside a stored 'Web' is stored 'Web'; review 101: an identical re-import said "would update 1
    stored row")."""
    if kind not in SPELLED or "source" not in store.table_columns(con, kind):
        return
    # the table's rows once the import is in: the file's, and the stored ones it keeps (a replace keeps those on
    # its skipped rows, an append those whose ids it does not have)
    kept = f"{id_col} in {skipped_ids()}" if mode == "replace" else f"{id_col} not in (select key from _ids)"
    after = f"select source from ({rows}) union all select source from {kind} where {kept}"
    spelled = source_spellings(con, kind, after, _other_after(kind, id_col, rows, kept))
    renamed = [(spelling, to) for to, moved in spelled for spelling, _ in moved]
    if not renamed:
        return
    # made whole by one statement, as the skipped ids are: DuckDB 2.0 can lose rows inserted into a temporary table
    # inside the import's transaction
    con.execute(
        f"create or replace temp table {SPELLINGS} as select unnest($spellings::varchar[]) as spelling, "
        "unnest($kept::varchar[]) as kept",
        {"spellings": [s for s, _ in renamed], "kept": [k for _, k in renamed]},
    )
    con.execute(
        f"create or replace temp view import_new_rows as select n.* replace (coalesce(r.kept, n.source) as source) "
        f"from ({rows}) as n left join {SPELLINGS} as r on r.spelling = n.source"
    )


def _other_after(kind: str, id_col: str, rows: str, kept: str) -> str | None:
    """SQL of the other table's sources once the import is in; None when the import leaves it as stored."""
    if kind != "leads":
        return None
    # a leads import first brings in the deals kept aside whose lead it stores (awaiting.bring), each in place of a
    # stored row of its id, and only then picks one spelling per source: their spelling counts (review 105a)
    ready = (
        f"select * from {store.AWAITING_TABLE} where lead_id in (select {id_col} from ({rows})) "
        f"or lead_id in (select {id_col} from leads where {kept})"
    )
    return (
        f"select source from deals where deal_id not in (select deal_id from ({ready})) "
        f"union all select source from ({ready})"
    )


def _going_back(con: duckdb.DuckDBPyConnection, kind: str, id_col: str, given: set[str], mode: str) -> list[str]:
    """What the file takes back of the stored records it updates: won or lost deals to open, stage dates cleared
    or moved (only in the columns every file gives: an upsert keeps the stored value of the others)."""
    noun = NOUNS.get(kind, "row")
    said = []
    if kind == "deals" and "status" in given:
        for status, count, examples in con.execute(
            f"select s.status, count(*), list(s.{id_col} order by s.{id_col})[:{EXAMPLES}] from {kind} as s "
            f"join import_new_rows as f using ({id_col}) where s.status in ('won', 'lost') and f.status = 'open' "
            "group by all order by 1 desc"
        ).fetchall():
            said.append(
                f"{fmt_count(count, f'stored {noun}')} go{'es' if count == 1 else ''} back from {status} to open "
                f"(e.g. {', '.join(examples)})"
            )
    dates = [c for c in STAGE_DATES.get(kind, ()) if c in given]
    if not dates:
        return said
    # an append keeps a migrated lead's stored stage date its row leaves blank (reached_stages.keep_migrated_dates
    # says it); a replace writes the blank, so the date is lost and said here (review 105b: two SQL dates went unsaid)
    kept = kind == "leads" and mode == "append"
    migrated = f"s.{id_col} in (select key from {MIGRATED_IDS})" if kept else "false"
    cleared = " union all ".join(
        f"select s.{id_col} as id, '{c}' as col, {when('s.' + c)} as old, {when('f.' + c)} as new "
        f"from {kind} as s join import_new_rows as f using ({id_col}) "
        f"where s.{c} is not null and f.{c} is distinct from s.{c} and not (f.{c} is null and {migrated})"
        for c in dates
    )
    for lost, count, examples in con.execute(
        f"select new is null, count(distinct id), list(id || ': ' || col || ' ' || old || "
        f"coalesce(' → ' || new, '') order by id, col)[:{EXAMPLES}] from ({cleared}) group by all order by 1 desc"
    ).fetchall():
        what = "lose a stage date they had" if lost else "have a stage date moved from the stored one"
        if count == 1:
            what = what.replace("lose", "loses").replace("they", "it").replace("have", "has")
        said.append(f"{fmt_count(count, noun)} {what} (e.g. {', '.join(examples)})")
    return said


# the dates a stored record holds: its last change came on or after each of them
RECORD_DATES: dict[str, tuple[str, ...]] = {
    "leads": ("created_at", *STAGE_DATES["leads"]),
    "deals": ("created_at", "closed_at", "activated_at", "churned_at"),
}


def _modified_column(con: duckdb.DuckDBPyConnection, index: int) -> str | None:
    """The one column of a file as staged that says when each record last changed (None: none, or several)."""
    names = [d[0] for d in con.execute(f"select * from staging_{index} limit 0").description]
    found = [n for n in names if propose.modified_like(n)]
    return found[0] if len(found) == 1 else None


def _moment(cell: str) -> str:
    """SQL of a Last Modified Date cell as the file's other dates are read: a time with an offset or Z moved to the
    data's timezone (HubSpot's 2026-10-01T22:00:00-05:00 is stored 2026-10-02 03:00), one without read as written."""
    # a plain cast drops the offset: an identical re-import then read as older than its own creation date
    zoned = f"try_cast(regexp_replace(trim({cell}), ' ([+-][0-9])', '\\1') as timestamptz)"
    return (
        f"(case when regexp_matches(trim({cell}), $zoned) then timezone($tz, {zoned}) "
        f"else try_cast(trim({cell}) as timestamp) end)"
    )


def _modified_before(
    con: duckdb.DuckDBPyConnection, kind: str, id_col: str, files: Mapping[int, tuple[str, list[str]]]
) -> list[str]:
    """The file's rows last modified (by its Last Modified Date) before a date their stored record already holds:
    the stored record is newer, and the file's row replaces it with an older state. Only cells that read as a date
    with certainty (ISO) are compared; others say nothing."""
    if kind not in RECORD_DATES:
        return []
    latest = f"greatest({', '.join('s.' + c for c in RECORD_DATES[kind])})"
    said = []
    for index, (name, _columns) in files.items():
        column = _modified_column(con, index)
        if column is None:
            continue
        cell = _moment(f"r.{store.quote_identifier(column)}")
        count, examples = con.execute(
            f"select count(*), list(k.key || ': modified ' || {when(cell)} || ', the stored one has ' || "
            f"{when(latest)} "
            f"order by k.key)[:{EXAMPLES}] from _ids as k join staging_{index} as r using (_row) "
            f"join {kind} as s on s.{id_col} = k.key where k._file_index = {index} "
            # by the day: an export's modified times may be UTC (Salesforce's ...Z) and the stored dates local
            f"and {cell}::date < ({latest})::date",
            {"tz": config.DATA_TIMEZONE, "zoned": dates.ISO_ZONED},
        ).fetchone() or (0, [])
        if count:
            one = count == 1
            said.append(
                f"{fmt_count(count, 'row')} of {name} {'was' if one else 'were'} last modified ({column}) before a "
                f"date {'its' if one else 'their'} stored {NOUNS[kind]} already has (e.g. {', '.join(examples)}): "
                f"the stored {NOUNS[kind]}{'' if one else 's'} {'is' if one else 'are'} newer than the file's "
                f"{'row' if one else 'rows'}, which replaced {'it' if one else 'them'}"
            )
    return said


def _dropped_columns(con: duckdb.DuckDBPyConnection, kind: str, id_col: str, given: set[str]) -> list[str]:
    """'the stored first_contact_at of 4 leads' per column no file gives whose stored value a replace loses on
    the records the file has."""
    noun = NOUNS.get(kind, "row")
    rederived = REDERIVED.get(kind, ())
    absent = [c for c in store.table_columns(con, kind) if c not in given and c != id_col and c not in rederived]
    if not absent:
        return []
    counted = ", ".join(
        f"count({c}) filter (where {c}::varchar is distinct from $none_{i})" for i, c in enumerate(absent)
    )
    found = con.execute(
        f"select {counted} from {kind} where {id_col} in (select key from _ids)",
        {f"none_{i}": NO_VALUE.get((kind, c)) for i, c in enumerate(absent)},
    ).fetchone()
    assert found is not None
    return [f"the stored {c} of {fmt_count(n, noun)}" for c, n in zip(absent, found, strict=True) if n]


def targets_removed(con: duckdb.DuckDBPyConnection, report: ImportReport, rows: str, dry_run: bool = False) -> None:
    """A replace of the targets: the stored ones whose month, metric, source and team the file has (updated) and
    those it does not (removed, named): a file of one month's plan removed every other month's."""
    if "targets" in store.demo_tables(con):
        return
    key = "(date_trunc('month', month), metric, coalesce(source, ''), coalesce(team, ''))"
    found = con.execute(
        f"select count(*) filter (where {key} in (select {key} from ({rows}))), "
        f"count(*) filter (where {key} not in (select {key} from ({rows}))), "
        f"list(strftime(month, '%b %Y') || ' ' || metric || coalesce(' of ' || source, '') || "
        f"coalesce(' of team ' || team, '') || ' ' || value order by month, metric, source, team) "
        f"filter (where {key} not in (select {key} from ({rows}))) from targets"
    ).fetchone()
    if not found:
        return
    report.rows_updated, report.rows_removed = found[0], found[1]
    if not found[1]:
        return
    named = [_plain_target(t) for t in found[2][:EXAMPLES]]
    more = f" and {found[1] - EXAMPLES} more" if found[1] > EXAMPLES else ""
    report.removed_examples = named
    report.alerts.append(
        f"targets: {fmt_count(found[1], 'stored target')} {'is' if found[1] == 1 else 'are'} not in "
        f"{', '.join(report.rows_read)} and {'would be' if dry_run else 'was' if found[1] == 1 else 'were'} removed "
        f"({', '.join(named)}{more}): right when the file is the whole plan; if it revises part of it, "
        f"{_instead(dry_run, f'it with {APPEND}')}, which replaces only the months, metrics, sources and teams it has"
    )


def _plain_target(text: str) -> str:
    """'Sep 2026 leads 12.0' -> 'Sep 2026 leads 12': a target's value as written."""
    head, _, value = text.rpartition(" ")
    return f"{head} {_plain(float(value))}"


def old_to_new(old: float | None, new: float | None) -> str:
    """'400.00 → 300.00': a stored amount and the one that replaced it (0 for none)."""
    return f"{old or 0:,.2f} → {new or 0:,.2f}"


def targets_replaced(con: duckdb.DuckDBPyConnection, report: ImportReport, rows: str, match: str) -> None:
    """Alert of the stored targets an appended file changes, old → new, as spend says its replaced amounts:
    last month's plan appended after this month's revised one took October back from 30,000 to 15,000 unsaid."""
    key = "date_trunc('month', month) as m, metric, coalesce(source, '') as s, coalesce(team, '') as t"
    found = con.execute(
        f"""
        with old as (select {key}, sum(value) as value from targets where {match} group by all),
             new as (select {key}, sum(value) as value from ({rows}) group by all)
        select strftime(old.m, '%b %Y') || ' ' || old.metric || coalesce(' of ' || nullif(old.s, ''), '')
            || coalesce(' of team ' || nullif(old.t, ''), ''), old.value, new.value
        from old left join new using (m, metric, s, t)
        where new.value is distinct from old.value
        order by old.m, old.metric, old.s, old.t
        """
    ).fetchall()
    if not found:
        return
    named = ", ".join(f"{what} ({_plain(old)} → {_plain(new)})" for what, old, new in found[:EXAMPLES])
    more = f" and {len(found) - EXAMPLES} more" if len(found) > EXAMPLES else ""
    report.alerts.append(
        f"targets: {', '.join(report.rows_read)} changed the stored {'target' if len(found) == 1 else 'targets'} "
        f"{named}{more} (stored → the file's): right when the file is the later plan; if it is an older one, "
        f"{UNDO_ADVICE}"
    )


def _plain(value: float | None) -> str:
    """12 or 15,000 or 0.25: a target's value as written (0 for none)."""
    number = value or 0
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"
