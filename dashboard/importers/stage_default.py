"""Leads whose stage the lifecycle map did not know, read by its default: said plainly when they are most of a file,
as a column that is not the lifecycle stage reads so (HubSpot's Lead Status: "Neu", "Offen" all read as lead)."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from dashboard.formatting import fmt_count
from dashboard.importers import checks

# values named in the warning
NAMED = 3


def unrecognised(
    con: duckdb.DuckDBPyConnection, labels: Mapping[int, Mapping[str, str]], rows_read: Mapping[str, int]
) -> list[str]:
    """Per leads file whose lifecycle stage column the map's "*" default read in more than half the rows: how many of
    its rows' stages were not recognised, what they were read as, and what to check (the import said only "kept with
    a warning: value read by the map's default ('Neu -> lead')", which sounded harmless)."""
    found = con.execute(
        f"select file_index, any_value(file), column_name, count(*), "
        "list(distinct split_part(value, ' -> ', 1) order by split_part(value, ' -> ', 1)) "
        "filter (where split_part(value, ' -> ', 1) <> '')[1:$named], "
        "mode(split_part(value, ' -> ', 2)) "
        f"from {checks.ISSUES} where reason = $reason group by file_index, column_name order by 1",
        {"reason": checks.BY_WILDCARD, "named": NAMED},
    ).fetchall()
    said = []
    for index, file_name, column, count, examples, read_as in found:
        rows = rows_read.get(file_name, 0)
        if column != labels.get(index, {}).get("lifecycle_stage") or count * 2 <= rows:
            continue
        named = ", ".join(repr(v) for v in examples)
        said.append(
            f"{file_name}: {count:,} of {fmt_count(rows, 'row')}' stages in {column!r} were not recognised "
            f"({named or 'blank'}) and were read as {read_as} by the map's \"*\" default, so the funnel's MQLs and "
            f"SQLs may be too few: check that {column!r} is the lifecycle stage (HubSpot's Lifecycle Stage, in German "
            "'Lifecycle-Phase' or 'Lebenszyklusphase'; its Lead Status is not a stage), and name the stages of its "
            "values under [leads.values.lifecycle_stage]"
        )
    return said
