"""is_moved_back and is_stage_unknown, stored per lead (lead_derivation) and per account (account_facts.sql) since
derived version 28, counted by hand from eight leads and one deal; an older file gets them on its upgrade.

| lead | account | lifecycle    | mql_at     | sql_at     | disqualified | deal   |
|------|---------|--------------|------------|------------|--------------|--------|
| m1   | ACME    | lead         | 2026-10-03 |            |              |        |
| m2   | ACME    | mql          | 2026-10-04 | 2026-10-05 |              |        |
| m3   |         | mql          | 2026-10-04 |            |              |        |
| m4   |         | lead         | 2026-10-03 |            |              | d1 open|
| u1   |         | disqualified |            |            |              |        |
| u2   |         | Disqualified | 2026-10-02 |            |              |        |
| u3   |         |              |            |            | 2026-10-09   |        |
| u4   |         | DISQUALIFIED |            |            | 2026-10-09   |        |

Moved back: not an opportunity, its lifecycle stage lead or mql, and a dated stage past it (mql_at past lead, sql_at
past mql): m1 (lead, with an MQL date), m2 (mql, with an SQL date); not m3 (mql, no later date), not m4 (an
opportunity: its deal). Stage unknown: a disqualified lifecycle stage (any case) and never an MQL: u1 and u4; not u2
(an MQL), not u3 (rejected by a date, no such stage). By account (derived version 38, trial 88) ACME is moved back: it
reached SQL through m2 and no lead of it is at SQL now (m2 moved back to MQL, m1 to lead); before, read from its
lifecycle stage (null), it never was. u1 alone is an account rejected by its status alone at an unknown stage.
"""

from __future__ import annotations

from pathlib import Path

from dashboard import store
from dashboard.importers.canonical import import_files

LEADS = (
    "lead_id,account_id,created_at,source,lifecycle_stage,mql_at,sql_at,disqualified_at\n"
    "m1,ACME,2026-10-01,web,lead,2026-10-03,,\n"
    "m2,ACME,2026-10-01,web,mql,2026-10-04,2026-10-05,\n"
    "m3,,2026-10-01,web,mql,2026-10-04,,\n"
    "m4,,2026-10-01,web,lead,2026-10-03,,\n"
    "u1,,2026-10-01,web,disqualified,,,\n"
    "u2,,2026-10-01,web,Disqualified,2026-10-02,,\n"
    "u3,,2026-10-01,web,,,,2026-10-09\n"
    "u4,,2026-10-01,web,DISQUALIFIED,,,2026-10-09\n"
)
DEALS = "deal_id,lead_id,created_at,closed_at,status,amount\nd1,m4,2026-10-08,,open,100\n"
# (is_moved_back, is_stage_unknown)
BY_LEAD = {
    "m1": (True, False),
    "m2": (True, False),
    "m3": (False, False),
    "m4": (False, False),
    "u1": (False, True),
    "u2": (False, False),
    "u3": (False, False),
    "u4": (False, True),
}


def _load(con, tmp_path: Path) -> None:
    for kind, text in (("leads", LEADS), ("deals", DEALS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        import_files(con, kind, [str(path)])


def _flags(con, table: str, key: str) -> dict[str, tuple[bool, bool]]:
    rows = con.execute(f"select {key}, is_moved_back, is_stage_unknown from {table}").fetchall()
    return {k: (m, u) for k, m, u in rows}


def test_the_flags_are_stored_per_lead_and_per_account(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    assert _flags(empty_con, "leads", "lead_id") == BY_LEAD
    by_account = _flags(empty_con, "account_facts", "account_id")
    assert by_account["ACME"] == (True, False)
    assert by_account["lead:u1"] == (False, True)
    assert by_account["lead:m3"] == (False, False)


def test_a_file_of_the_previous_version_gets_the_flags_on_its_upgrade(tmp_path):
    path = tmp_path / "old.duckdb"
    con = store.connect(path)
    _load(con, tmp_path)
    # as a version-27 file has them: the columns added empty by `alter table ... add column`
    con.execute("update leads set is_moved_back = null, is_stage_unknown = null")
    store.set_meta(con, "derived_version", "27")
    con.close()
    con = store.connect(path)
    assert store.get_meta(con, "derived_version") == store.DERIVED_VERSION
    assert _flags(con, "leads", "lead_id") == BY_LEAD
    con.close()
