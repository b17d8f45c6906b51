"""The deal facts join a deal to its lead from the leads the deals name (a semi join on the deals' lead ids), not from
every lead: the ten-million-lead demo ran out of memory in its one transaction when v_deal_facts (with the lead's id
and owner, derived version 48) joined the deals to all the leads. Counted by hand on tests/account_fixture.py with a
deal whose lead is not stored, and the plan read: the leads are read once, under the semi join."""

from __future__ import annotations

import json
from datetime import datetime

import account_fixture
import pytest

from dashboard import store

# a deal naming a lead no file gave (a HubSpot contact merged away): no stored lead, no owner of its lead
GHOST = ("D6", "zz", None, "Dee", datetime(2025, 3, 12), "open", None, 50.0, None)


@pytest.fixture
def mem():
    connection = store.connect(":memory:")
    account_fixture.load(connection, account_fixture.LEADS, [*account_fixture.DEALS, GHOST])
    yield connection
    connection.close()


def test_each_deal_meets_its_stored_lead_by_hand(mem):
    rows = mem.execute(
        "select deal_id, has_stored_lead, lead_owner, account_id, unit_account_id, source, persona "
        "from deal_facts order by deal_id"
    ).fetchall()
    # D1 is a2's (Bob, A1, email, CMO); D2 b1's (Ann, A2, email, CMO); D3 and D4 outbound, no lead, their own
    # accounts; D5 n2's (Bob, no account: organic_search, CMO); D6 names zz, which no file gave: no lead values, and
    # its origin unknown (a lead id, no source of its own)
    assert rows == [
        ("D1", True, "Bob", "A1", "A1", "email", "CMO"),
        ("D2", True, "Ann", "A2", "A2", "email", "CMO"),
        ("D3", False, None, "A3", "A3", "outbound", None),
        ("D4", False, None, "A4", "A4", "outbound", None),
        ("D5", True, "Bob", None, None, "organic_search", "CMO"),
        ("D6", False, None, None, None, "unknown", None),
    ]


def _nearest_joins(node: dict, joins: tuple, found: list) -> None:
    """The join type nearest above each scan of the leads that reads their ids (the outbound spelling's scan of the
    sources alone is no join input)."""
    info = node.get("extra_info", {})
    leads = node["name"] == "SEQ_SCAN" and str(info.get("Table", "")).endswith(".leads")
    if leads and "lead_id" in info.get("Projections", []):
        found.append(joins[-1] if joins else None)
    if "JOIN" in node["name"]:
        joins = (*joins, info.get("Join Type"))
    for child in node.get("children", []):
        _nearest_joins(child, joins, found)


def test_the_deal_facts_read_the_leads_once_under_a_semi_join(mem):
    # before: two right joins of the deals to every lead (each built over or probed by all ten million)
    plan = json.loads(mem.execute("explain (format json) select * from v_deal_facts").fetchall()[0][1])
    found: list = []
    for node in plan:
        _nearest_joins(node, (), found)
    assert found == ["SEMI"]
