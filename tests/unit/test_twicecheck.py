"""The stored_twice data check (queries/checks/stored_twice.sql) joins the few pairs an import kept (twin_ids) to the
stored ids, not the ids to the pairs: it ran after every import and built a hash table over every stored lead and deal
id, about 260 ms of CPU at ten million leads with no pair at all. Its rows counted by hand."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from dashboard import checks, queries, store

T = datetime(2026, 7, 1)


@pytest.fixture
def mem():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def _load(con, leads: list[str], deals: list[str], twins: list[tuple]) -> None:
    con.executemany("insert into leads (lead_id, created_at) values (?, ?)", [(i, T) for i in leads])
    con.executemany("insert into deals (deal_id, created_at, status) values (?, ?, 'open')", [(i, T) for i in deals])
    if twins:
        con.executemany("insert into twin_ids values (?, ?, ?, 'sf.csv', 'HubSpot ID', 'Id')", twins)


def test_the_pairs_whose_two_ids_are_stored_by_hand(mem):
    # L1 = L2 both stored: a row (its pair written twice by two imports: one row); L3's other id LX is not stored, and
    # D1 = L1 names a lead's id as a deal's: no row; D1 = D2 both stored: a row
    _load(
        mem,
        ["L1", "L2", "L3"],
        ["D1", "D2"],
        [
            ("leads", "L1", "L2"),
            ("leads", "L1", "L2"),
            ("leads", "L3", "LX"),
            ("deals", "D1", "L1"),
            ("deals", "D1", "D2"),
        ],
    )
    rows = checks.violations(mem, "stored_twice")
    assert list(rows.itertuples(index=False, name=None)) == [
        ("deals", "D1", "D2", "sf.csv", "HubSpot ID", "Id"),
        ("leads", "L1", "L2", "sf.csv", "HubSpot ID", "Id"),
    ]


def _lead_scan_rows(con, sql: str) -> list[int]:
    """The rows each scan of the leads produced when the query ran (explain analyze's profile)."""
    con.execute("pragma enable_profiling = 'json'")
    tree = json.loads(con.execute("explain analyze " + sql).fetchall()[0][1])
    con.execute("pragma disable_profiling")
    found: list[int] = []

    def walk(node: dict) -> None:
        if str(node.get("extra_info", {}).get("Table", "")).split(".")[-1] == "leads":
            found.append(int(node["intermediate_rows"]))
        for child in node.get("children", []) + node.get("operator", []):
            walk(child)

    walk(tree)
    return found


def test_no_pair_reads_next_to_no_lead(mem):
    # 20,000 leads, no pair: the old check read every lead id into its semi join's hash table (20,000 rows); the
    # pairs' empty hash table ends each scan of the leads at its first vectors
    _load(mem, [f"L{i}" for i in range(20_000)], ["D1"], [])
    sql = queries.sql_text("checks/stored_twice")
    scanned = _lead_scan_rows(mem, sql)
    assert scanned and max(scanned) < 10_000
