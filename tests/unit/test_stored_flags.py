"""is_rejected and is_closed_out, stored per lead (lead_derivation) and per account (account_facts.sql) since derived
version 27, counted by hand from six leads and three deals; an older file gets them on its upgrade.

| lead | account | created    | lifecycle    | disqualified | deal        |
|------|---------|------------|--------------|--------------|-------------|
| a1   | ACME    | 2026-10-01 |              |              | d1 lost     |
| a2   | ACME    | 2026-10-02 |              |              | d2 open     |
| b1   |         | 2026-10-03 | disqualified |              |             |
| c1   |         | 2026-10-04 |              | 2026-10-10   |             |
| c2   |         | 2026-10-05 |              | 2026-10-06   | d3 won      |
| e1   |         | 2026-10-06 | lead         |              |             |

Rejected: a disqualification date or a disqualified lifecycle stage (b1, c1, c2). Closed out: no open deal, not a
customer, and rejected or with a (lost) deal: a1 (its only deal lost), b1, c1; not c2 (a customer) nor a2 (open deal).
By account, ACME has a2's open deal: not closed out, and not rejected (none of its leads is); b1, c1, c2 and e1 are
accounts of their own, flagged as their lead.
"""

from __future__ import annotations

from pathlib import Path

from dashboard import store
from dashboard.importers.canonical import import_files

LEADS = (
    "lead_id,account_id,created_at,source,lifecycle_stage,disqualified_at\n"
    "a1,ACME,2026-10-01,web,,\n"
    "a2,ACME,2026-10-02,web,,\n"
    "b1,,2026-10-03,web,disqualified,\n"
    "c1,,2026-10-04,web,,2026-10-10\n"
    "c2,,2026-10-05,web,,2026-10-06\n"
    "e1,,2026-10-06,web,lead,\n"
)
DEALS = (
    "deal_id,lead_id,created_at,closed_at,status,amount\n"
    "d1,a1,2026-10-08,2026-10-20,lost,100\n"
    "d2,a2,2026-10-09,,open,200\n"
    "d3,c2,2026-10-09,2026-10-25,won,300\n"
)
BY_LEAD = {
    "a1": (False, True),
    "a2": (False, False),
    "b1": (True, True),
    "c1": (True, True),
    "c2": (True, False),
    "e1": (False, False),
}
BY_ACCOUNT = {
    "ACME": (False, False),
    "lead:b1": (True, True),
    "lead:c1": (True, True),
    "lead:c2": (True, False),
    "lead:e1": (False, False),
}


def _load(con, tmp_path: Path) -> None:
    for kind, text in (("leads", LEADS), ("deals", DEALS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        import_files(con, kind, [str(path)])


def _flags(con, table: str, key: str) -> dict[str, tuple[bool, bool]]:
    rows = con.execute(f"select {key}, is_rejected, is_closed_out from {table}").fetchall()
    return {k: (r, c) for k, r, c in rows}


def test_the_flags_are_stored_per_lead_and_per_account(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    assert _flags(empty_con, "leads", "lead_id") == BY_LEAD
    assert _flags(empty_con, "account_facts", "account_id") == BY_ACCOUNT


def test_a_file_of_the_previous_version_gets_the_flags_on_its_upgrade(tmp_path):
    path = tmp_path / "old.duckdb"
    con = store.connect(path)
    _load(con, tmp_path)
    # as a version-26 file has them: the columns added empty by `alter table ... add column`
    con.execute("update leads set is_rejected = null, is_closed_out = null")
    store.set_meta(con, "derived_version", "26")
    con.close()
    con = store.connect(path)
    assert store.get_meta(con, "derived_version") == store.DERIVED_VERSION
    assert _flags(con, "leads", "lead_id") == BY_LEAD
    assert _flags(con, "account_facts", "account_id") == BY_ACCOUNT
    con.close()
