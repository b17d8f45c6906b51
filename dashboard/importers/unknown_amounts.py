"""Deals without an amount: a word for an amount not known yet (TBD) read as a blank, and the report's lines on the
won and open deals that have none (revenue and the open pipeline leave them out)."""

from __future__ import annotations

import duckdb

from dashboard import config, store
from dashboard.formatting import fmt_count
from dashboard.importers import readers

# the deals whose amount a placeholder word gave, per import: (stored id, column as the file names it, the word)
PLACEHOLDERS = "_amount_placeholders"
# at most this many deal ids are named per word
SHOWN_IDS = 10
# what an unknown amount leaves out, per status
LEFT_OUT = {
    "won": "revenue and the average deal leave {them} out",
    "open": "the open pipeline leaves {them} out",
    "lost": "the amounts lost leave {them} out",
}
# the deals this import wrote (as d), in status order
IMPORTED = "select d.* from deals as d where d.deal_id in (select key from _ids)"


def start(con: duckdb.DuckDBPyConnection) -> None:
    """An empty list of placeholder amounts for the import that begins."""
    con.execute(f"create or replace temp table {PLACEHOLDERS} (deal_id varchar, label varchar, written varchar)")


def _word(q: str) -> str:
    """SQL of a cell as compared with the placeholder words: trimmed, in lower case, spaces collapsed."""
    return f"lower(regexp_replace(trim({q}), '\\s+', ' ', 'g'))"


def blank_placeholders(con: duckdb.DuckDBPyConnection, table: str, label: str) -> list[tuple[str, int]]:
    """Set a staged deals file's amounts written as a placeholder word to blank, remembering each deal; each word as
    written with its count, for the column's "read as" line."""
    if readers.staged_types(con, table).get("amount") != "VARCHAR":
        # read typed (Parquet, a sheet of number cells): numbers, no word among them
        return []
    q = store.quote_identifier("amount")
    where = f"list_contains($words, {_word(q)})"
    params = {"words": list(config.AMOUNT_PLACEHOLDERS)}
    found = con.execute(
        f"select trim({q}), count(*) from {table} where {where} group by 1 order by 2 desc, 1", params
    ).fetchall()
    if not found:
        return []
    con.execute(f"create temp table if not exists {PLACEHOLDERS} (deal_id varchar, label varchar, written varchar)")
    has_id = "deal_id" in readers.staged_types(con, table)
    key = "clean(deal_id)" if has_id else "null"
    con.execute(
        f"insert into {PLACEHOLDERS} select {key}, $label, trim({q}) from {table} where {where}",
        {**params, "label": label},
    )
    con.execute(f"update {table} set {q} = null where {where}", params)
    return [(word, n) for word, n in found]


def _placeholder_alerts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Per status, the imported deals whose amount was a placeholder word, naming the column, the word and ids."""
    rows = con.execute(
        f"select d.status, p.label, p.written, list(distinct d.deal_id order by d.deal_id) "
        f"from ({IMPORTED}) as d join (select distinct * from {PLACEHOLDERS}) as p using (deal_id) "
        "where d.amount is null group by all order by 1, 4"
    ).fetchall()
    out = []
    for status in LEFT_OUT:
        of_status = [(label, written, ids) for s, label, written, ids in rows if s == status]
        if not of_status:
            continue
        count = sum(len(ids) for _, _, ids in of_status)
        words = "; ".join(
            f"{written!r} in column {label}: {', '.join(ids[:SHOWN_IDS])}{' …' if len(ids) > SHOWN_IDS else ''}"
            for label, written, ids in of_status
        )
        them = "it" if count == 1 else "them"
        out.append(
            f"{fmt_count(count, f'{status} deal')} {'has' if count == 1 else 'have'} no amount ({words}): "
            f"kept and counted as {status}, but {LEFT_OUT[status].format(them=them)} (a word for an amount not "
            "known yet is read as a blank cell). Write the amount in the file when it is known"
        )
    return out


def _blank_amounts(con: duckdb.DuckDBPyConnection, status: str) -> tuple[int, list[str]]:
    """The imported deals of a status without an amount that no placeholder word gave, and three of their ids."""
    found = con.execute(
        f"select count(*), list(deal_id order by deal_id)[:3] from ({IMPORTED}) where status = $status "
        f"and amount is null and deal_id not in (select deal_id from {PLACEHOLDERS} where deal_id is not null)",
        {"status": status},
    ).fetchone()
    return (found[0], found[1]) if found else (0, [])


def alerts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The report's lines on the won and open deals this import wrote without an amount (trial 57: a won deal's TBD
    dropped it, and open deals without one were not said)."""
    said = []
    count, examples = _blank_amounts(con, "won")
    if count:
        said.append(
            f"{fmt_count(count, 'won deal')} (e.g. {', '.join(examples)}) {'has' if count == 1 else 'have'} no "
            f"amount: counted as {'a win' if count == 1 else 'wins'}, but revenue and the average deal leave "
            f"{'it' if count == 1 else 'them'} out (a blank is not read as 0). Map amount to the column with the "
            "deal's value, or fill it in the CRM"
        )
    count, examples = _blank_amounts(con, "open")
    if count:
        said.append(
            f"{fmt_count(count, 'open deal')} (e.g. {', '.join(examples)}) {'has' if count == 1 else 'have'} no "
            f"amount: counted as open, but the open pipeline leaves {'it' if count == 1 else 'them'} out (a blank "
            "is not read as 0), so it reads too low. Fill the amounts in the file or the CRM"
        )
    return said + _placeholder_alerts(con)
