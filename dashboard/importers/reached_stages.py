"""What an append keeps of a stored lead whatever the new row says: the furthest stage it reached and, for a person
named by e-mail address, its first appearance. Trial 35: Pardot (MQL by score), then ActiveCampaign, then a Mailchimp
file whose only tag for Ann was "Newsletter" took her from MQL back to lead without a word (the funnel counts stages
reached: a lead who reached MQL has reached it), and a later tool's row moved Cara's creation and first-touch source
from Pardot's Website to ActiveCampaign's Webinar."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from dashboard import config
from dashboard.formatting import fmt_count
from dashboard.importers import reimport

# ids named in a report line
EXAMPLES = reimport.EXAMPLES
# the source a stored lead has when its file had none: the later row's source is no loss of it
NO_SOURCE = reimport.NO_VALUE["leads", "source"]
# the lifecycle stage of a lead sales rejected, off the ladder
DISQUALIFIED = "disqualified"

# an e-mail address as the email_id macro tells one (queries/macros/cleaning.sql): one @, a dot in its domain, no spaces
E_MAIL_PATTERN = r"[^@\s\x{00A0}]+@[^@\s\x{00A0}]+\.[^@\s\x{00A0}]+"


def e_mail_id(column: str) -> str:
    """SQL: the id is an e-mail address: a person's key that every tool exports alike, where a CRM's record id (a
    number, a Salesforce id) is one tool's own."""
    return f"(contains({column}, '@') and regexp_full_match({column}, '{E_MAIL_PATTERN}'))"


def _rank(column: str) -> str:
    """SQL: a lifecycle stage's place on the ladder (lead 1 … customer 5); null for another value (disqualified)."""
    ladder = ", ".join(f"'{stage}'" for stage in config.STAGES)
    return f"list_position([{ladder}], lower({column}))"


def _going_back(new: str, stored: str) -> str:
    """SQL: the new row (alias `new`) names an earlier stage than the stored one reached (alias `stored`), without
    a disqualification; a blank stage is the first (it says nothing reached)."""
    # a row that dates stages is the CRM's own history: its earlier lifecycle stage is a lead moved back (recycled),
    # which its dates keep counted and the stalled lists leave out; kept at the stored stage, an append listed it as a
    # stalled SQL again (the review's moved.py). A score or tag tool's row dates nothing: its stage says nothing back
    return (
        f"{stored}.lead_id is not null and {_rank(stored + '.lifecycle_stage')} > "
        f"coalesce({_rank(new + '.lifecycle_stage')}, case when {new}.lifecycle_stage is null then 1 end) "
        f"and {new}.disqualified_at is null and {new}.mql_at is null and {new}.sql_at is null"
    )


def _rejection_dropped(new: str, stored: str) -> str:
    """SQL: the stored lead was rejected (a disqualified date or stage) and the new row (alias `new`) says it is still
    a lead or an MQL (or blank), dating nothing later than the stored lead: an older export's row, which would take
    the rejection back."""
    # a row that moves the lead on (sql or later) is a rejected lead converted after all; one that dates stages is the
    # CRM's own history (a recycled lead), as _going_back reads it. Trial 49: an October row put back as MQLs 3 leads
    # the November export had rejected, and no line said so
    return (
        f"{stored}.lead_id is not null and ({stored}.disqualified_at is not null "
        f"or lower({stored}.lifecycle_stage) = '{DISQUALIFIED}') "
        f"and coalesce({_rank(new + '.lifecycle_stage')}, case when {new}.lifecycle_stage is null then 1 end) < "
        f"{config.STAGES.index('sql') + 1} "
        # dating nothing later than the stored lead: a rejected MQL's older row carries the same MQL date (review 53)
        f"and {new}.disqualified_at is null "
        f"and coalesce({new}.mql_at <= {stored}.mql_at, {new}.mql_at is null) "
        f"and coalesce({new}.sql_at <= {stored}.sql_at, {new}.sql_at is null)"
    )


def _with_stored(kept: Mapping[int, str], replaced: str, columns: str) -> dict[int, str]:
    """Each file's kept rows (alias f) with `columns` replaced by expressions reading the stored lead (alias s)."""
    return {
        index: f"select f.* replace ({columns}) from ({sql}) as f left join {replaced} as s using (lead_id)"
        for index, sql in kept.items()
    }


def reached_rows(kept: Mapping[int, str], replaced: str) -> dict[int, str]:
    """The kept rows with the stored lifecycle stage and rejection where keep_reached keeps them."""
    back, rejected = _going_back("f", "s"), _rejection_dropped("f", "s")
    return _with_stored(
        kept,
        replaced,
        f"case when {back} or {rejected} then s.lifecycle_stage else f.lifecycle_stage end as lifecycle_stage, "
        f"case when {rejected} then s.disqualified_at else f.disqualified_at end as disqualified_at",
    )


def keep_reached(
    con: duckdb.DuckDBPyConnection, kept: Mapping[int, str], replaced: str
) -> tuple[dict[int, str], list[str]]:
    """The kept rows with the stored lifecycle stage where a row names an earlier one, and the stored rejection
    where a row would drop it; the report's lines ("2 leads stay MQL: the file says lead (ann@acme.com …)")."""
    back, rejected = _going_back("f", "s"), _rejection_dropped("f", "s")
    out = reached_rows(kept, replaced)
    rows = " union all ".join(kept.values())
    found = con.execute(
        f"select case when {rejected} then '{DISQUALIFIED}' else lower(s.lifecycle_stage) end as stage, count(*), "
        f"list(distinct coalesce(lower(f.lifecycle_stage), 'a blank stage')), "
        f"list(f.lead_id order by f.lead_id)[1:{EXAMPLES}] from ({rows}) as f "
        f"join {replaced} as s using (lead_id) where {back} or {rejected} group by all"
    ).fetchall()
    found.sort(key=lambda row: -config.STAGES.index(row[0]) if row[0] in config.STAGES else 1)
    said = [_kept_line(*row) for row in found]
    return out, said


def _kept_line(stage: str, count: int, new: list[str], ids: list[str]) -> str:
    """The report's line of the leads an append keeps at their stored stage, or rejected."""
    named = f"({', '.join(ids)}{' …' if count > len(ids) else ''})"
    if stage == DISQUALIFIED:
        return (
            f"{fmt_count(count, 'lead')} stay{'s' if count == 1 else ''} disqualified: the file says "
            f"{' or '.join(sorted(new))} with no later date {named}, where the stored lead{'' if count == 1 else 's'} "
            f"{'was' if count == 1 else 'were'} rejected by sales; a rejection stored is kept on append (an older "
            "export's row would take it back) — use --mode replace to overwrite"
        )
    return (
        f"{fmt_count(count, 'lead')} stay{'s' if count == 1 else ''} {config.STAGE_LABELS.get(stage, stage)}: the "
        f"file says {' or '.join(sorted(new))} {named}; reached stages "
        "are kept on append (a lead who reached a stage has reached it) — use --mode replace to overwrite"
    )


def _first_seen_later() -> str:
    """SQL: the file's row (f) of a lead named by e-mail address or migrated says it was created after the stored
    one (s)."""
    migrated = f"f.lead_id in (select key from {reimport.MIGRATED_IDS})"
    return f"s.lead_id is not null and f.created_at > s.created_at and ({e_mail_id('f.lead_id')} or {migrated})"


def first_seen_rows(kept: Mapping[int, str], replaced: str) -> dict[int, str]:
    """The kept rows with the stored creation, source and campaign where keep_first_seen keeps them."""
    later = _first_seen_later()
    # the source and campaign go with the creation (the first touch), unless the first record had no source
    # the stored campaign only where it has one: a first record without a campaign dropped a later tool's (the review)
    first = ", ".join(
        f"case when {later}{'' if column == 'created_at' else f' and s.source <> {NO_SOURCE!r}'} "
        f"then {'coalesce(s.campaign, f.campaign)' if column == 'campaign' else 's.' + column} else f.{column} end "
        f"as {column}"
        for column in ("created_at", "source", "campaign")
    )
    return _with_stored(kept, replaced, first)


def migrated_dates_rows(kept: Mapping[int, str], replaced: str) -> dict[int, str]:
    """The kept rows with the stored stage dates of a migrated lead where its row leaves them blank
    (keep_migrated_dates)."""
    migrated = f"s.lead_id in (select key from {reimport.MIGRATED_IDS})"
    return _with_stored(
        kept,
        replaced,
        ", ".join(
            f"case when {migrated} then coalesce(f.{c}, s.{c}) else f.{c} end as {c}"
            for c in reimport.STAGE_DATES["leads"]
        ),
    )


def keep_first_seen(
    con: duckdb.DuckDBPyConnection, kept: Mapping[int, str], replaced: str
) -> tuple[dict[int, str], list[str]]:
    """The kept rows with the stored creation, source and campaign of a lead named by e-mail address, or migrated
    from another CRM (reimport.MIGRATED_IDS), where the row says it was created later: a person is created when the
    first tool saw them, with that record's source (one CRM's record id keeps taking the file's date, a record
    re-exported; canonical._created_later says it)."""
    migrated = f"f.lead_id in (select key from {reimport.MIGRATED_IDS})"
    later = _first_seen_later()
    out = first_seen_rows(kept, replaced)
    rows = " union all ".join(kept.values())
    found = con.execute(
        f"select {migrated} and not {e_mail_id('f.lead_id')} as moved_in, count(*), "
        f"list(f.lead_id || ' ' || strftime(s.created_at, '%Y-%m-%d %H:%M') || ' ' || s.source || "
        f"' (file: ' || strftime(f.created_at, '%Y-%m-%d %H:%M') || ' ' || coalesce(f.source, '') || ')' "
        f"order by f.lead_id)[1:{EXAMPLES}] from ({rows}) as f join {replaced} as s using (lead_id) where {later} "
        "group by all order by 1"
    ).fetchall()
    said = []
    for moved_in, count, examples in found:
        one = count == 1
        named = f"({'; '.join(examples)}{' …' if count > len(examples) else ''})"
        if moved_in:
            said.append(_migrated_first_line(con, rows, replaced, later, count, named))
            continue
        said.append(
            f"{fmt_count(count, 'lead')} named by e-mail address {'keeps its' if one else 'keep their'} stored "
            f"creation and source, earlier than this file's {named}: a person is created when the first tool saw "
            "them, with that record's source; use --mode replace to overwrite"
        )
    return out, said


def _migrated_first_line(
    con: duckdb.DuckDBPyConnection, rows: str, replaced: str, later: str, count: int, named: str
) -> str:
    """The report's line of the migrated leads that keep their stored creation and source: the file, the id column,
    and per stored source how many leads the file's source would have moved, to which."""
    # the files and columns of every lead kept, the sources only of those the file relabels (review 105b: a file
    # relabelling none said "named by the stored id in )", its file and column read from the relabelled alone)
    files, columns, own, moved = con.execute(
        "select list(distinct file order by file), list(distinct column_name order by column_name), "
        "list(distinct own_column order by own_column), "
        "list(n || ' ' || stored || if(n = 1, ' lead', ' leads') || ' the file calls ' || theirs "
        "order by n desc, stored, theirs) filter (where relabelled) from (select "
        "any_value(m.file) as file, any_value(m.column_name) as column_name, any_value(m.own_column) as own_column, "
        "s.source as stored, f.source as theirs, "
        f"s.source <> {NO_SOURCE!r} and source_key(f.source) is distinct from source_key(s.source) as relabelled, "
        f"count(*) as n from ({rows}) as f join {replaced} as s using (lead_id) join {reimport.MIGRATED_IDS} as m on "
        f"m.key = f.lead_id where {later} group by all) as m"
    ).fetchone() or ([], [], [], [])
    sources = f" By source: {', '.join(moved)}." if moved else ""
    # said of a migration and of a fallback id list alike (a marketing tool's "SFDC Lead ID" before its own "Id"):
    # "migrated leads" was wrong of the second (tidy3)
    return (
        f"{', '.join(files or [])}: {_named_by_stored_id(count, columns, own)} "
        f"{'keeps its' if count == 1 else 'keep their'} stored creation and source, earlier than this file's {named}: "
        "the stored record was created when first seen, with its first-touch source; an export naming it under "
        "another id of its own (a new CRM's after a migration, another tool's) dates it later and relabels its "
        "source; first touch cannot change, so the stored one is kept."
        f"{sources} A stored lead without a source takes the file's"
    )


def _named_by_stored_id(count: int, columns: list[str] | None, own: list[str] | None) -> str:
    """'2 leads named by the stored id in 'HubSpot Contact ID' (their own id in 'Lead ID')': the leads a file names
    by a stored id while its row's own id is another (reimport.MIGRATED_IDS), and the columns of each."""
    one = count == 1
    return (
        f"{fmt_count(count, 'lead')} named by the stored id in {' or '.join(repr(c) for c in columns or [])} "
        f"({'its' if one else 'their'} own id in {' or '.join(repr(c) for c in own or [])})"
    )


def keep_migrated_dates(
    con: duckdb.DuckDBPyConnection, kept: Mapping[int, str], replaced: str
) -> tuple[dict[int, str], list[str]]:
    """The kept rows with the stored stage dates of a migrated lead (reimport.MIGRATED_IDS) where its row leaves them
    blank, and the report's line. The new CRM's export cannot know a date the old one recorded: Salesforce's Converted
    Date is blank on a lead it never converted, though HubSpot had it an SQL (trial 103: 'Closed - Not Converted'
    cleared HubSpot's sql_at of lead 130, SQLs 18 where 19 reached it). A date the row gives is the row's."""
    dates = reimport.STAGE_DATES["leads"]
    out = migrated_dates_rows(kept, replaced)
    rows = " union all ".join(kept.values())
    blanks = " union all ".join(
        f"select f.lead_id, '{c}' as col, {reimport.when('s.' + c)} as stored, m.file, m.column_name, m.own_column "
        f"from ({rows}) as f join {replaced} as s using (lead_id) join {reimport.MIGRATED_IDS} as m "
        f"on m.key = f.lead_id where f.{c} is null and s.{c} is not null"
        for c in dates
    )
    found = con.execute(
        f"select count(distinct lead_id), list(distinct col order by col), list(distinct column_name), "
        f"list(lead_id || ': ' || col || ' ' || stored order by lead_id, col)[1:{EXAMPLES}], "
        f"list(distinct file), list(distinct own_column) from ({blanks})"
    ).fetchone()
    if not found or not found[0]:
        return out, []
    count, columns, named_by, examples, files, own = found
    one = count == 1
    return out, [
        f"{', '.join(sorted(files))}: {_named_by_stored_id(count, sorted(named_by), sorted(own))} "
        f"{'keeps its' if one else 'keep their'} stored "
        f"{' and '.join(columns)} where the file's {'is' if len(columns) == 1 else 'are'} blank "
        f"({'; '.join(examples)}{' …' if count > len(examples) else ''}): an export under another id cannot know a "
        "stage date the stored record has (a new CRM's after a migration: Salesforce leaves Converted Date blank on a "
        "lead it did not convert), and a lead who reached a stage has reached it. A date the file gives replaces the "
        "stored one"
    ]
