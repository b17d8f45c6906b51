"""A deal's lead cell that lists several ids ("51182;51000", as HubSpot writes a deal's associated contacts): read as
one id it matches no lead, and importing the leads first would not help; the report says how to read the list."""

from __future__ import annotations

import duckdb

from dashboard import config
from dashboard.formatting import fmt_count
from dashboard.importers import checks

# two or more ids parted by ";" (a space after it)
LIST_OF_IDS = r"\s*[^;\s][^;]*(\s*;\s*[^;\s][^;]*)+\s*"
# or by "," when each is an id, a word with a digit ("51182, 51000", "L-12,L-13") or an e-mail address (a lead id the
# project reads, review 64: "jane@acme.com, john@acme.com"): a name-keyed sheet's "Doe, Jane" or "Acme, Inc." is one
# lead's name, not a list (its deal is kept aside for its lead); not a number written with thousands separators
# ("1,234,567"), which a spreadsheet makes of one id
ID_PART = r"([^;,\s]*[0-9][^;,\s]*|[^@;,\s]+@[^@;,\s]+\.[^@;,\s]+)"
COMMA_IDS = rf"\s*{ID_PART}(\s*,\s*{ID_PART})+\s*"
THOUSANDS = r"\s*[0-9]{1,3}(,[0-9]{3})+\s*"


def is_list(cell: str) -> str:
    """SQL: a cell (an SQL expression) lists several ids."""
    return (
        f"coalesce(regexp_full_match({cell}, '{LIST_OF_IDS}') or (regexp_full_match({cell}, '{COMMA_IDS}') "
        f"and not regexp_full_match({cell}, '{THOUSANDS}')), false)"
    )


def unknown_lists(con: duckdb.DuckDBPyConnection, kind: str, read: tuple[str, ...] = ()) -> list[str]:
    """Per file and column, the rows skipped for an unknown lead whose cell lists several ids: what the cell holds,
    and the [deals.multi_value] line that reads each id (the check had said "import the leads first"); `read`: the
    separators the mapping in use has on that line already, which the advice only adds to."""
    found = con.execute(
        f"select file, column_name, count(*), min(value), bool_or(contains(value, ';')), "
        f"bool_or(regexp_matches(value, ',[^ ]')) from {checks.ISSUES} "
        f"where reason = '{checks.UNKNOWN_LEAD}' and {is_list('value')} group by all order by file, column_name"
    ).fetchall()
    said = []
    for file_name, column, count, example, semicolon, bare_comma in found:
        needed = [s for s, on in ((";", semicolon), (", ", True), (",", bare_comma)) if on]
        how = (
            _line_advice(needed, read)
            if kind == "deals"
            else "split the cell into one row per lead id, or map a column of one lead id"
        )
        said.append(
            f"{file_name}: {fmt_count(count, 'row')} skipped for an unknown lead hold several lead ids in one cell of "
            f"{column!r} (such as {example!r}), and no lead is called so; importing the leads first would not help: "
            f"{how}"
        )
    return said


def _line_advice(needed: list[str], read: tuple[str, ...]) -> str:
    """The [deals.multi_value] line to add, or (the mapping has one: the HubSpot preset's ";", ", ") the separators to
    add to it (review L7: the line the preset holds was asked for)."""
    listed = ", ".join(f'"{s}"' for s in [*read, *(s for s in needed if s not in read)])
    if not read:
        return (
            f"add the line lead_id = [{listed}] under [deals.multi_value] in the mapping (each listed id is read, "
            "and the deal is credited to the listed lead furthest along), and import again"
        )
    has = ", ".join(f'"{s}"' for s in read)
    return (
        f"the mapping reads the cell at {has} only: write lead_id = [{listed}] under [deals.multi_value] in a mapping "
        f"({config.BESIDE_A_PRESET}), and import again"
    )
