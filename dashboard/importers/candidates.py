"""The file's columns that could fill a required column nothing fills, for the refusal that says it is missing.

"required column created_at is missing" leaves the user to find the column among dozens; the file's values show
which could be it (dates for a date, one value per row for an id, few words for a status), so the refusal names
them, with an example each, and the mapping line to write.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import NamedTuple

import duckdb

from dashboard import config, store
from dashboard.importers import dates, numbers, propose, readers, spend_months, totals

# a refusal names at most this many candidates
MAX_LISTED = 5
# a status or stage column holds at most this many distinct values (won, lost, open …), and shows this many
FEW_VALUES = 12
VALUES_SHOWN = 3
DATE_TYPES = ("TIMESTAMP", "DATE")
_TOTALS = re.compile(totals.STRONG)
# the columns filled with a label from a short list, whose candidates are columns of few distinct words
LABELLED = frozenset({"status", "stage", "lifecycle_stage", "metric", "source"})
# the word for campaign in a column's name (as letters, lower case), in the languages ad platforms export in: a
# campaign's type ("Kampagnentyp": Suche, Performance Max) or status is no lead source, whose advice offered it (trial
# 76: a German Google Ads export's campaign type was proposed as the source; the English "Campaign type" never was)
CAMPAIGN_WORDS = ("campaign", "kampagne", "campagne", "campagna", "campana", "campanha", "kampanj", "kampanya")
# a cell written as an amount ("1,250.40", "€5,190.00", "(500)") or as no value ("--", "n/a"): a column mostly of
# them is money, never a list of labels (Google Ads' Cost and Meta's "Amount spent (EUR)" were offered as the source)
AMOUNT_LIKE = r"^[-+(]?\s*[$€£¥]?\s*[0-9][0-9.,' ]*\s*([$€£¥%]|[A-Z]{3})?\)?$"


class Facts(NamedTuple):
    """What one column's values show: its rows, filled cells, distinct values, the filled cells that read as dates,
    that are written as an id can be and that are plain numbers, its first filled value and first distinct ones,
    and the cells that are a totals row's label."""

    rows: int
    filled: int
    distinct: int
    dated: int
    id_like: int
    numeric: int
    first: str
    few: list[str]
    totals_labels: int = 0
    amounts: int = 0


def _facts(con: duckdb.DuckDBPyConnection, view: str, column: str) -> Facts:
    """The facts of one column of the staged view."""
    v = f"nullif(trim({store.quote_identifier(column)}::varchar), '')"
    dated = (
        "(try_cast(v as TIMESTAMP) is not null or regexp_matches(v, $numeric) or regexp_matches(v, $named) "
        "or regexp_matches(v, $zoned) or regexp_matches(v, $year_first) or regexp_matches(v, $month_year))"
    )
    row = con.execute(
        f"select count(*), count(v), count(distinct v), count(*) filter (where {dated}), "
        # an id has no blank inside and is no amount ($12,000.00, 1500.50), however unique
        "count(*) filter (where regexp_matches(v, '^[^\\s$€£¥]+$') and not regexp_matches(v, '^[0-9,]*[.][0-9]+$')), "
        "count(*) filter (where try_cast(v as double) is not null), "
        # a blank cell is no value (None among them crashed a touch's date column's advice)
        f"arg_min(v, _row) filter (where v is not null), "
        f"(list(distinct v order by v) filter (where v is not null))[:{FEW_VALUES + 1}], "
        "count(*) filter (where regexp_full_match(v, $totals)), "
        "count(*) filter (where regexp_matches(v, $amount) or list_contains($no_amount, lower(v))) "
        f"from (select {v} as v, _row from {view})",
        {
            "numeric": dates.NUMERIC,
            "named": dates.NAMED_MONTH,
            "zoned": dates.ISO_ZONED,
            "year_first": dates.YEAR_FIRST,
            "month_year": dates.MONTH_YEAR,
            "totals": totals.STRONG,
            "amount": AMOUNT_LIKE,
            "no_amount": list(numbers.NO_AMOUNT),
        },
    ).fetchone()
    assert row is not None
    rows, filled, distinct, dated, id_like, numeric, first, few, labelled, amounts = row
    return Facts(rows, filled, distinct, dated, id_like, numeric, first or "", list(few or []), labelled, amounts)


def _fits(target: str, dtype: str, f: Facts) -> str | None:
    """What a column shows that fits the target (an example value, or a few values), None when it does not."""
    if not f.filled:
        return None
    if dtype in DATE_TYPES:
        # a report's "Total" row in its date column (Microsoft Advertising's, under "Gregorian date") is no date the
        # column lacks: the import skips it as a totals row
        return f"such as {f.first!r}" if f.dated and f.dated == f.filled - f.totals_labels else None
    # a column mostly of dates is a date column, whatever else a few of its cells hold (Google Ads' "Day", whose
    # footers write "--", was offered as a spend file's source: trial 51)
    if f.dated * 2 > f.filled:
        return None
    if target.endswith("_id"):
        return f"such as {f.first!r}" if f.filled == f.rows == f.distinct == f.id_like else None
    labels = (
        1 < f.distinct <= FEW_VALUES and f.distinct < f.filled and f.numeric < f.filled and f.amounts * 2 <= f.filled
    )
    # a column with a totals row's label is a report's campaigns, not a list of labels (Quora's "Campaign", whose
    # last row is "Total", was offered as a spend file's source)
    totalled = any(_TOTALS.fullmatch(v) for v in f.few)
    if target in LABELLED and labels and not totalled:
        return f"values {', '.join(map(repr, f.few[:VALUES_SHOWN]))}"
    return None


def _campaign_like(kind: str, column: str) -> bool:
    """Whether a column's name says it holds campaigns or what they are ("Campaign", "Campaign name", "Kampagne",
    "utm_campaign", "Campaign type", "Kampagnentyp")."""
    key = readers.header_key(column)
    return any(word in key for word in CAMPAIGN_WORDS) or key in propose.SYNONYMS.get(kind, {}).get("campaign", ())


def _says_it(kind: str, target: str, column: str, f: Facts) -> bool:
    """Whether a column's name (a creation date's) or values (a status's won or lost, a stage's funnel stage)
    say it is the target."""
    if target == "created_at":
        return kind in propose.SYNONYMS and propose.creation_like(column, kind)
    if target not in LABELLED:
        # a date's or an id's values say nothing of won or lost (a touch's touched_at reached here with a blank)
        return False
    return any(propose.deal_status_of(v) or v.strip().lower() in config.STAGES for v in f.few)


def _close_dates_last(found: list[tuple[str, str]], first: list[str], kind: str) -> list[tuple[str, str]]:
    """A creation date's candidates without the close dates when a creation-like column is among them, else with
    the close dates last: a deal's close date proposed as its creation date would date every deal at its end. A
    last change's date is never one (ZoomInfo's "Last Updated Date" was offered as the leads' creation date)."""
    found = [c for c in found if c[0] in first or not propose.updated_like(c[0])]
    close = [c for c in found if c[0] not in first and propose.close_like(c[0], kind)]
    rest = [c for c in found if c not in close]
    return rest if first else rest + close


def _updated_only(columns: Sequence[str]) -> str:
    """What a refusal says when a file's only dates are of a record's last change (none of its creation)."""
    listed = ", ".join(repr(c) for c in columns[:MAX_LISTED])
    return (
        f"; the file's only dates say when a record last changed or was active ({listed}), not when it came, so none "
        "is a creation date: export the file again with the records' creation date"
    )


def _what(target: str, dtype: str) -> str:
    """What the values of a column that could fill the target do."""
    if dtype in DATE_TYPES:
        return "read as dates"
    return "are one per row" if target.endswith("_id") else "are a few labels, repeated"


def missing_advice(
    con: duckdb.DuckDBPyConnection, view: str, columns: Sequence[str], kind: str, target: str, dtype: str
) -> str:
    """The columns of a file that could fill a required column (at most MAX_LISTED, creation-like names first for
    a creation date) and the mapping line that chooses the first; '' when none could."""
    if not view or not columns or not (dtype in DATE_TYPES or target.endswith("_id") or target in LABELLED):
        return ""
    if kind == "spend" and target == "month" and (weeks := spend_months.weeks_unmapped(con, view, columns, "the file")):
        # a weekly report's Week column is dates all the same: what mapping it would do is the reason to give
        return f"; {weeks}"
    found = []
    first: list[str] = []
    for column in columns:
        if column.startswith("_") or (target == "source" and _campaign_like(kind, column)):
            # a campaign is no source: the campaign column is never offered as one
            continue
        facts = _facts(con, view, column)
        shown = _fits(target, dtype, facts)
        if shown is not None:
            found.append((column, shown))
            if _says_it(kind, target, column, facts):
                first.append(column)
    # the columns whose name or values say they are it come first (stable: the file's order otherwise)
    found.sort(key=lambda c: c[0] not in first)
    if target == "created_at":
        dated = [c for c, _ in found]
        found = _close_dates_last(found, first, kind)
        if not found and dated:
            return _updated_only(dated)
    if not found:
        return f"; no column of the file has values that {_what(target, dtype)}"
    listed = ", ".join(f"{c!r} ({shown})" for c, shown in found[:MAX_LISTED])
    more = f" and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    return (
        f"; the file's columns whose values {_what(target, dtype)}: {listed}{more}; choose one in the mapping, "
        f'such as [{kind}.columns] {target} = "{found[0][0]}"'
    )


def only_date_column(con: duckdb.DuckDBPyConnection, view: str, columns: Sequence[str]) -> str | None:
    """The file's one column whose values read as dates, None when none or several do: a touches file's touched_at
    then has no other column it could be (trial 64: map left "Event Timestamp (America/New_York)" unfilled, and the
    import refused the file until the user wrote it in)."""
    dated = [c for c in columns if not c.startswith("_") and _fits("touched_at", "TIMESTAMP", _facts(con, view, c))]
    return dated[0] if len(dated) == 1 else None


def source_advice(kind: str) -> str:
    """What a spend or touches file without a source column is told: one ad platform's export is one source."""
    return (
        f"; {kind} is set against the leads of its source: map the column naming the channel, or give the whole "
        f'file one in a mapping ([{kind}.constants] source = "paid_search")'
    )


def with_only_touch_date(p: propose.Proposal, staged: propose.StagedFile) -> propose.Proposal:
    """A touches proposal with touched_at filled when nothing filled it and the file has exactly one column of
    dates (only_date_column): it can be no other; several, or none, stay for the user to choose."""
    if p.mapping.kind != "touches" or "touched_at" not in p.missing:
        return p
    column = only_date_column(staged.con, staged.staging, p.unused)
    if column is None:
        return p
    mapping = dataclasses.replace(p.mapping, columns={**p.mapping.columns, "touched_at": (column,)})
    return dataclasses.replace(
        p,
        mapping=mapping,
        reasons={**p.reasons, "columns.touched_at": "the file's only column of dates"},
        missing=tuple(m for m in p.missing if m != "touched_at"),
        unused=tuple(u for u in p.unused if u != column),
    )
