"""What each categorical value of a file became: the value report of an import.

A stage, status or source that a map renamed, a default caught or nobody recognised changes the
funnel without any row being wrong, so the report lists every distinct value with its count and
what it became, and says loudly when a default decided it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import duckdb
import pandas as pd

from dashboard import config, store
from dashboard.formatting import quoted
from dashboard.importers import checks
from dashboard.importers.mapping import BY_MAP_STAGE, MappedFile, value_key
from dashboard.importers.propose import deal_status_of, open_stage

# the canonical columns whose values decide where a row counts
VALUE_COLUMNS: tuple[str, ...] = ("lifecycle_stage", "status", "metric", "source")
# distinct values listed per column; the rest are summed into one line
VALUES_LISTED = 50
VALUE_REPORT_COLUMNS = ["file", "column", "value", "rows", "becomes", "how"]
BLANK = "(blank)"
# a deal stage a map names open whose words say no open stage: it may be an ended one (a proposal names every
# value of the file, so "Sans suite" and "Abandonnée" were read as open without a word)
BY_MAP_OPEN = "by the map: open, though no word of it names an open stage"
# what a blank cell becomes where blank has a meaning of its own
BLANK_MEANS: dict[tuple[str, str], str] = {
    ("leads", "source"): config.UNKNOWN_SOURCE,
    ("spend", "source"): config.UNKNOWN_SOURCE,
}


# how the report names a value read as blank because it is a CRM's mark for no value (config.NO_VALUE_MARKS)
NO_VALUE_HOW = "a CRM's mark for no value: read as blank"


def is_no_value(value: str | None) -> bool:
    """Whether a cell is a CRM's mark for no value ('-None-'), read as blank in a label column."""
    return value is not None and value.strip().lower() in {m.lower() for m in config.NO_VALUE_MARKS}


def final_value(kind: str, column: str, expr: str) -> str:
    """SQL of the value a canonical text column is stored as (the importer's select list uses it too)."""
    if column in config.NO_VALUE_COLUMNS:
        expr = f"no_value({expr})"
    if column in ("status", "metric"):
        expr = f"lower({expr})"
    if (kind, column) in BLANK_MEANS:
        expr = f"coalesce({expr}, '{BLANK_MEANS[kind, column]}')"
    return expr


# a deal status that says the deal was deleted in the CRM, skipped on purpose (checks.DELETED_DEAL)
DELETED_HOW = "skipped: deleted in the CRM, left out on purpose (as archived rows are)"


def _skipped_how(kind: str, column: str, becomes: str) -> str:
    """Why a value no stage or metric reads is skipped: a deal deleted in the CRM on purpose, else as unknown."""
    if (kind, column) == ("deals", "status") and value_key(becomes) in checks.DELETED_STATUS_KEYS:
        return DELETED_HOW
    return "skipped: not a known stage or metric"


def _how(
    kind: str,
    column: str,
    raw: str | None,
    becomes: str | None,
    value_map: tuple[frozenset[str], bool] | None,
    decided_by: str | None = None,
) -> str:
    allowed = checks.ALLOWED_VALUES.get((kind, column))
    if becomes is not None and allowed and becomes.lower() not in allowed:
        return _skipped_how(kind, column, becomes)
    if decided_by:
        return decided_by
    if is_no_value(raw) and not (value_map is not None and value_key(raw or "") in value_map[0]):
        return NO_VALUE_HOW + (f", stored as {becomes}" if becomes else "")
    if value_map is not None:
        keys, wildcard = value_map
        if value_key(raw or "") in keys:
            if (kind, column, becomes) == ("deals", "status", "open") and raw and not open_stage(raw):
                return BY_MAP_OPEN
            return "by the map"
        if wildcard:
            return "BY THE MAP'S DEFAULT (*): not named in the map"
        return "as written: not named in the map"
    if raw is None:
        if kind == "targets" and column == "source":
            return "blank: a company-wide target"
        return f"blank: stored as {becomes}" if becomes else "blank"
    return "as written" if raw == becomes else "as written, case or spaces tidied"


# how the report names a stage a yes/no column raised ([leads.reached]) from what the value map read
RAISED_HOW = "raised by"


def _raised_how(
    before: str, becomes: str, flags: tuple[str, ...], value_map: tuple[frozenset[str], bool] | None, raw: str | None
) -> str:
    """What decided a stage a yes/no column raised: the flag, and what the map (or its default) read first
    ("raised by 'Converted' = yes to sql: the map's default (*) reads lead")."""
    named = " or ".join(repr(f) for f in flags)
    if value_map is not None and value_key(raw or "") not in value_map[0] and value_map[1]:
        read = f"not in the map, whose default (*) reads {before}"
    else:
        read = f"the map reads {before}"
    return f"{RAISED_HOW} {named} = yes to {becomes} ({read})"


def value_report(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    table: str,
    columns: list[str],
    file_name: str,
    mapped: MappedFile | None,
    file_index: int | None = None,
) -> pd.DataFrame:
    """One row per distinct value of each categorical column of one staged file: count, result, and why; without
    the rows of file `file_index` its rows' checks skipped (Google Ads' "Total: Account" was listed as "read by its
    default (*) as paid_search", then skipped; a HubSpot contact without a Create Date was counted under its
    'Marketing Qualified Lead', so the values added up to the rows read, not those imported), but for those skipped
    for the value itself (an unknown stage), which the lines name."""
    q = store.quote_identifier
    totals = (
        f" where _row not in (select row_number from {checks.ISSUES} where file_index = {int(file_index)} "
        f"and action = '{checks.SKIPPED}' and reason not in ('{checks.UNKNOWN_STAGE}', '{checks.UNKNOWN_METRIC}', "
        f"'{checks.DELETED_DEAL}'))"
        if file_index is not None
        else ""
    )
    labels: Mapping[str, str] = mapped.labels if mapped else {}
    decided_by: Mapping[str, str] = mapped.decided_by if mapped else {}
    rows = []
    for column in VALUE_COLUMNS:
        if column not in columns:
            continue
        raw_col = mapped.raw_columns.get(column) if mapped else column
        if raw_col is None:
            # a constant or a value taken from the lead: one value for every row, nothing to list
            continue
        raw = f"clean({q(raw_col)})"
        # a lead's stage as the map read it, before a yes/no column raised it ([leads.reached]); else as stored
        by_map = BY_MAP_STAGE if column == "lifecycle_stage" and mapped and mapped.reached_from else "null"
        result = con.execute(
            f"select {raw} as raw, {final_value(kind, column, f'clean({q(column)})')} as becomes, count(*) as n, "
            f"any_value({by_map}) as by_map from {table}{totals} group by raw, becomes order by n desc, raw nulls first"
        ).fetchall()
        value_map = mapped.value_maps.get(column) if mapped else None
        decided_values = mapped.decided_values.get(column) if mapped else None
        for raw_value, becomes, n, before in result[:VALUES_LISTED]:
            by_flags = decided_by.get(column) if decided_values is None or becomes in decided_values else None
            if mapped and before is not None and before != becomes and becomes in mapped.reached_from:
                by_flags = _raised_how(before, becomes, mapped.reached_from[becomes], value_map, raw_value)
            rows.append(
                {
                    "file": file_name,
                    "column": labels.get(column, column),
                    "value": BLANK if raw_value is None else raw_value,
                    "rows": n,
                    "becomes": "" if becomes is None else becomes,
                    "how": _how(kind, column, raw_value, becomes, value_map, by_flags),
                }
            )
        rest = result[VALUES_LISTED:]
        if rest:
            rows.append(
                {
                    "file": file_name,
                    "column": labels.get(column, column),
                    "value": f"{len(rest):,} other values",
                    "rows": sum(r[2] for r in rest),
                    "becomes": "…",
                    "how": "see the file",
                }
            )
    return pd.DataFrame(rows, columns=VALUE_REPORT_COLUMNS)


def loud_lines(values: pd.DataFrame) -> list[str]:
    """Sentences for values a default decided or nobody recognised ("5,303 × 'Nurturing' → lead by the default")."""
    lines = []
    for r in values.itertuples():
        if r.how.startswith("BY THE MAP'S DEFAULT"):
            lines.append(
                f"{r.rows:,} × {quoted(r.value)} in {r.column} is not in the map: read by its default (*) as "
                f"{r.becomes}" + _says_otherwise(r.value, r.becomes)
            )
        elif r.how.startswith(RAISED_HOW):
            lines.append(f"{r.rows:,} × {quoted(r.value)} in {r.column} read as {r.becomes}: {r.how}")
        elif r.how == BY_MAP_OPEN:
            lines.append(
                f"{r.rows:,} × {quoted(r.value)} in {r.column} read as open, as the map says, though no word of it "
                'names an open stage: if it is an ended stage, write it as "lost" (or "won") under '
                "[deals.values.status]"
            )
        elif r.how.startswith(NO_VALUE_HOW):
            lines.append(
                f"{r.rows:,} × {quoted(r.value)} in {r.column} is a CRM's mark for no value (an empty pick list): "
                "read as blank"
                + (f" (stored as {r.becomes}, as a blank is)" if r.becomes else "")
                + ", not as a value of its own"
            )
        elif r.how == DELETED_HOW:
            lines.append(f"{r.rows:,} × {quoted(r.value)} in {r.column} {DELETED_HOW}")
        elif r.how.startswith("skipped"):
            lines.append(f"{r.rows:,} × {quoted(r.value)} in {r.column} skipped: not a known stage or metric")
    return lines


# words of a custom pipeline's stage after the deal ended, as _hint_words writes them, and the status they suggest:
# a renewal pipeline's "Renewed" and "Churned", a partner pipeline's "Contract signed", "Invoice sent", "Paid". Only a
# hint in the report (never a reading): "Contract signed" also holds the open word "contract", which silenced it
ENDED_HINTS: dict[str, str] = {
    **dict.fromkeys(("signed", "renewed", "paid", "invoiced", "invoice", "booked", "purchased"), "won"),
    **dict.fromkeys(("churned", "churn", "cancelled", "canceled", "terminated", "expired"), "lost"),
}

# words that say the ended step has not come ("Not yet signed", "Invoice pending"): no hint
NOT_YET = frozenset({"not", "no", "yet", "pending", "awaiting", "waiting", "due", "before", "to"})


def _hint_words(value: str) -> list[str]:
    """A stage's words in lower case ("Contract signed": contract, signed)."""
    return [w for w in re.split(r"[^\w]+", value.lower()) if w]


def _ended_hint(value: str) -> str:
    """For a stage the map's default made open whose words suggest the deal ended ("Contract signed", "Renewed",
    "Churned"): the word, the status it suggests and the map line; empty for the rest."""
    words = _hint_words(value)
    word = next((w for w in words if w in ENDED_HINTS), None)
    if word is None or set(words) & NOT_YET:
        return ""
    suggested = ENDED_HINTS[word]
    return (
        f': "{word}" suggests an ended stage ({suggested}?): if so, its deals are missing from the '
        f"{'wins and revenue' if suggested == 'won' else 'lost deals'} and count as open pipeline; map it: "
        f"[deals.values.status] {json.dumps(value, ensure_ascii=False)} = {json.dumps(suggested)}, or export the "
        "CRM's won and closed flags (HubSpot's 'Is Closed Won' and 'Is Deal Closed?')"
    )


def _says_otherwise(value: str, becomes: str) -> str:
    """For a deal status the map's default made open though its words say won or lost ("Closed won (Enterprise
    pipeline)", a custom pipeline's closed stage): what that does to the numbers and the two ways to fix it."""
    said = deal_status_of(value) if becomes == "open" else None
    if said is None:
        hint = _ended_hint(value) if becomes == "open" else ""
        return hint or (
            ': if it is an ended stage, add it to [deals.values.status] as "lost" (or "won")'
            if becomes == "open" and not open_stage(value)
            else ""
        )
    money = "its revenue is not counted, and its win is missing" if said == "won" else "it is counted as open pipeline"
    return (
        f", though it reads as a {said} stage: {money}. Export the CRM's won and closed flags (HubSpot's 'Is Closed "
        f"Won' and 'Is Deal Closed?' say it for every pipeline), or map the value: [deals.values.status] "
        f"{json.dumps(value, ensure_ascii=False)} = {json.dumps(said)}"
    )


def value_lines(values: pd.DataFrame) -> list[str]:
    """One line per file and column: each value with its count and what it became, most frequent first."""
    lines = []
    for (file, column), group in values.groupby(["file", "column"], sort=False):
        parts = [
            f"{quoted(r.value)} {r.rows:,}" + ("" if r.becomes == r.value else f" → {r.becomes or 'blank'}")
            for r in group.itertuples()
        ]
        lines.append(f"{file}, values of {column}: {'; '.join(parts)}")
    return lines


def report_from_counts(kind: str, counts: Mapping[str, Mapping[str, int]], file_name: str) -> pd.DataFrame:
    """The value report of a file read without a mapping, from each column's value counts ('' = blank)."""
    rows = []
    for column, tally in counts.items():
        ordered = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
        for raw, n in ordered[:VALUES_LISTED]:
            value = raw or None
            becomes = BLANK_MEANS.get((kind, column)) if value is None else value
            if column in ("status", "metric") and becomes:
                becomes = becomes.lower()
            rows.append(
                {
                    "file": file_name,
                    "column": column,
                    "value": BLANK if value is None else value,
                    "rows": n,
                    "becomes": becomes or "",
                    "how": _how(kind, column, value, becomes, None),
                }
            )
        rest = ordered[VALUES_LISTED:]
        if rest:
            rows.append(
                {
                    "file": file_name,
                    "column": column,
                    "value": f"{len(rest):,} other values",
                    "rows": sum(n for _, n in rest),
                    "becomes": "…",
                    "how": "see the file",
                }
            )
    return pd.DataFrame(rows, columns=VALUE_REPORT_COLUMNS)
