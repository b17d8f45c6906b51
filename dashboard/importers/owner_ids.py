"""Owners given as Salesforce user ids: a Data Loader export gives a lead's OwnerId (005…, 15 or 18 characters)
where a report names the owner ("Lead Owner"), and the Owner filter compares owners as written, so a lead owned by
0055g00000AbCdE and a deal owned by Ann Lee are never the same owner (trial L6). Warned with the file, the column and
examples; the values are kept as the file has them."""

from __future__ import annotations

import duckdb

from dashboard import store
from dashboard.formatting import fmt_count, word_list

# a Salesforce user's id: key prefix 005, then 12 characters (15) or 15 (18, the case-safe form)
USER_ID = "005[0-9A-Za-z]{12}([0-9A-Za-z]{3})?"
# the examples a warning names
EXAMPLES = 3
# the table whose owners a filter matches with the file's (the Owner filter reads both)
OTHER = {"leads": "deals", "deals": "leads"}


def user_id_owners(
    con: duckdb.DuckDBPyConnection, kind: str, staged: tuple[str, list[str]], file_name: str, label: str
) -> list[str]:
    """The warning when a leads or deals file's owner column holds Salesforce user ids (`staged`: the staged table
    and its canonical columns; `label`: the file's name of the column); [] otherwise."""
    table, columns = staged
    if kind not in OTHER or "owner" not in columns:
        return []
    q = store.quote_identifier("owner")
    found = f"from {table} where regexp_full_match(trim({q}), $pattern)"
    rows = store.scalar(con, f"select count(*) {found}", {"pattern": USER_ID})
    other = OTHER[kind]
    if not rows:
        # the other order of the same mismatch: this file names its owners, the other table's stored give ids (leads
        # of Data Loader imported before the deals of a report said nothing before, the reverse order warned)
        return _stored_id_owners(con, kind, table, file_name, label)
    named = con.execute(
        f"select distinct owner from {other} where owner is not null and not regexp_full_match(owner, $pattern) "
        "order by owner limit 1",
        {"pattern": USER_ID},
    ).fetchone()
    # the other table's owners ids too (both exports from Data Loader), or none stored: an id matches an id, and
    # nothing is there to mismatch (review 104: a false alarm)
    if named is None:
        return []
    examples = [
        v
        for (v,) in con.execute(
            f"select distinct trim({q}) as v {found} order by v limit $examples",
            {"pattern": USER_ID, "examples": EXAMPLES},
        ).fetchall()
    ]
    # the column a Salesforce report names the owner in (the presets read it before OwnerId)
    by_name = "Lead Owner" if kind == "leads" else "Opportunity Owner"
    verb = "gives" if rows == 1 else "give"
    return [
        f"{file_name}, column {label!r}: {fmt_count(rows, 'row')} {verb} the owner as a Salesforce user id (such as "
        f"{word_list([repr(e) for e in examples])}), not a name: the Owner filter compares owners as written, so "
        f"these {kind} will not match their owner's {other}, whose owners are names (such as {named[0]!r}). Kept as "
        f"written; to filter by owner across {kind} and {other}, export the owner's name (a report's {by_name!r} "
        "column, or Owner.Name in Data Loader) and import again"
    ]


def _stored_id_owners(con: duckdb.DuckDBPyConnection, kind: str, table: str, file_name: str, label: str) -> list[str]:
    """The warning when a file without owner ids names its owners and the other table's stored owners are Salesforce
    user ids (the same mismatch as user_id_owners', imported in the other order); [] otherwise."""
    q = store.quote_identifier("owner")
    named = con.execute(
        f"select min(trim({q})) from {table} where trim({q}) <> '' and not regexp_full_match(trim({q}), $pattern)",
        {"pattern": USER_ID},
    ).fetchone()
    if named is None or named[0] is None:
        return []
    other = OTHER[kind]
    # the distinct owners first: the pattern then runs on a few hundred owners, not on every stored lead
    rows, examples = con.execute(
        f"with o as (select owner, count(*) as n from {other} where owner is not null group by 1) "
        "select sum(n), list(owner order by owner)[:$examples] from o where regexp_full_match(owner, $pattern)",
        {"pattern": USER_ID, "examples": EXAMPLES},
    ).fetchone() or (None, None)
    if not rows:
        return []
    by_name = "Lead Owner" if other == "leads" else "Opportunity Owner"
    stored = fmt_count(int(rows), "stored " + other.removesuffix("s"))
    return [
        f"{file_name}, column {label!r}: the owners are names (such as {named[0]!r}), and "
        f"{stored} {'gives' if rows == 1 else 'give'} the owner as a Salesforce user id (such as "
        f"{word_list([repr(e) for e in examples])}): the Owner filter compares owners as written, so these {kind} "
        f"will not match their owner's {other}. Kept as written; to filter by owner across {kind} and {other}, export "
        f"the {other} with the owner's name (a report's {by_name!r} column, or Owner.Name in Data Loader) and import "
        f"the {other} again"
    ]
