"""Deals a status map's "*" default read as open though they carry a close date: a custom pipeline's won or lost
stages ("Renewed", "Contract signed", "Churned") that no preset names, said loudly with what fixes it."""

from __future__ import annotations

import duckdb

from dashboard import store
from dashboard.formatting import fmt_count, plain_number
from dashboard.importers import checks
from dashboard.importers.mapping import MappedFile, TableMapping

# stage values named in the warning, most deals first
STAGES_NAMED = 6


def open_by_default(
    con: duckdb.DuckDBPyConnection,
    mapping: TableMapping | None,
    mapped: MappedFile | None,
    tables: tuple[str, list[str], list[str]],
    index: int,
    file_name: str,
) -> list[str]:
    """The warning on deals read as open by the status map's default (*), not by a won/closed flag, whose close date
    is filled: how many, their amount, their stages, and the two fixes (export the won and closed flags, or map the
    stages). Run before the open deals' close dates are cleared (canonical._expected_closes)."""
    table, columns, file_columns = tables
    if mapping is None or mapped is None or "closed_at" not in columns or "status" not in mapped.value_maps:
        return []
    keys, wildcard = mapped.value_maps["status"]
    if not wildcard:
        return []
    q = store.quote_identifier
    raw = q(mapped.raw_columns["status"])
    by_flags = " and not _by_flags_status" if "status" in mapped.flag_rows else ""
    amount = "sum(try_cast(amount as double))" if "amount" in columns else "null::double"
    found = con.execute(
        f"select {raw}, count(*), {amount} from {table} "
        "where lower(trim(cast(status as varchar))) = 'open' and closed_at is not null "
        f"and trim(cast(closed_at as varchar)) <> '' and not list_contains($keys, value_key(coalesce({raw}, '')))"
        f"{by_flags} and _row not in {checks.skipped_rows(index)} group by 1 order by 2 desc, 1",
        {"keys": list(keys)},
    ).fetchall()
    if not found:
        return []
    count = sum(int(n) for _, n, _ in found)
    total = sum(float(a or 0) for _, _, a in found)
    money = f" (amount {plain_number(total)})" if "amount" in columns else ""
    stages = ", ".join(f"{v!r} {n:,}" for v, n, _ in found[:STAGES_NAMED])
    stages += f" and {len(found) - STAGES_NAMED} more" if len(found) > STAGES_NAMED else ""
    pipelines = checks.pipelines_of(con, f"staging_{index}")
    several = f" The file's deals are of {len(pipelines)} pipelines: a pipeline's own stages are none of the map's." * (
        len(pipelines) > 1
    )
    return [
        f"{file_name}: {fmt_count(count, 'deal')}{money} read as OPEN by the map's default (*) though a close date "
        f"is filled, of stages the map does not name ({stages}).{several} If a stage is won or lost, its wins, "
        "revenue or losses are missing, its amount counts as open pipeline and its close dates are not stored. "
        f"{_flags_advice(mapping, file_columns)}, or name each stage under [deals.values.status] as "
        '"won", "lost" or "open" (write the mapping with `python -m dashboard map --kind deals --out map.toml FILE` '
        "and import with --mapping map.toml)"
    ]


def _flags_advice(mapping: TableMapping, file_columns: list[str]) -> str:
    """How to have the CRM's own won and closed flags decide every pipeline's status."""
    won = mapping.status_flags.get("won", ())
    closed = mapping.status_flags.get("closed", ())
    if won and closed:
        missing = [names[0] for names in (won, closed) if not set(names) & set(file_columns)]
        named = " and ".join(repr(n) for n in missing) or f"{won[0]!r} and {closed[0]!r}"
        return (
            f"Export the deals with {named} too (this mapping reads them, and they say won and closed for every "
            "pipeline)"
        )
    return (
        "Export the CRM's won and closed yes/no columns and name them under [deals.status_flags] "
        '(won = ["Is Closed Won"], closed = ["Is Deal Closed?"] in HubSpot; IsWon and IsClosed in Salesforce)'
    )
