"""Random leads in accounts and their deals over half a year, for the property tests that load them with
tests/account_fixture.py: test_perfland.py's wider data and test_landingperf.py's smaller, from one strategy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import strategies as st

BASE = datetime(2025, 1, 1)


@dataclass(frozen=True)
class Sizes:
    """How much account_data draws: at most `leads` leads in `accounts` (None: no account), MQL and SQL that many days
    after creation, at most `orphans` deals without a lead of their own, with those lead ids and accounts."""

    leads: int
    accounts: tuple[str | None, ...]
    mql_days: tuple[int, int]
    sql_days: tuple[int, int]
    orphans: int
    orphan_leads: tuple[str | None, ...] = (None,)
    orphan_accounts: tuple[str | None, ...] = (None,)
    # a lead's deal may be in no account though its lead is in one (the deal's own account left empty)
    deal_without_account: bool = False


# test_perfland.py's: deals without a stored lead (a "ghost" lead id) and in accounts no lead is in (A3)
WIDE = Sizes(
    leads=14,
    accounts=(None, "A0", "A1", "A2"),
    mql_days=(-10, 60),
    sql_days=(0, 90),
    orphans=3,
    orphan_leads=(None, "ghost"),
    orphan_accounts=(None, "A0", "A3"),
    deal_without_account=True,
)
# test_landingperf.py's: fewer leads and accounts, shorter steps, deals without a lead in no account
SMALL = Sizes(leads=12, accounts=(None, "A0", "A1"), mql_days=(-5, 40), sql_days=(0, 60), orphans=2)


def _deal(draw, deal_id, lead_id, account, after):
    status = draw(st.sampled_from(["open", "won", "lost"]))
    created = after + timedelta(days=draw(st.integers(-5, 60)))
    closed = None if status == "open" else created + timedelta(days=draw(st.integers(0, 60)))
    amount = draw(st.one_of(st.none(), st.integers(0, 5000).map(float)))
    return (deal_id, lead_id, account, "o", created, status, closed, amount, draw(st.sampled_from([None, "outbound"])))


def _lead(draw, i: int, sizes: Sizes) -> tuple:
    created = BASE + timedelta(days=draw(st.integers(0, 150)))
    account = draw(st.sampled_from(sizes.accounts))
    mql = draw(st.one_of(st.none(), st.integers(*sizes.mql_days)))
    sql = draw(st.one_of(st.none(), st.integers(*sizes.sql_days)))
    return (
        f"L{i}",
        account,
        created,
        draw(st.sampled_from(["s", "t"])),
        draw(st.sampled_from(["p", "q"])),
        "SMB",
        draw(st.sampled_from(["o", "r"])),
        None if mql is None else created + timedelta(days=mql),
        None if sql is None else created + timedelta(days=sql),
    )


@st.composite
def account_data(draw, sizes: Sizes = WIDE):
    """Leads in accounts (or none), their deals, and deals without a lead (or a stored one), over half a year."""
    leads, deals = [], []
    for i in range(draw(st.integers(0, sizes.leads))):
        lead = _lead(draw, i, sizes)
        leads.append(lead)
        account, created = lead[1], lead[2]
        for j in range(draw(st.integers(0, 2))):
            own = draw(st.sampled_from([None, account])) if sizes.deal_without_account else account
            deals.append(_deal(draw, f"D{i}_{j}", f"L{i}", own, created))
    for k in range(draw(st.integers(0, sizes.orphans))):
        # drawn in this order in both tests before they shared it: the account, then the lead id
        account = draw(st.sampled_from(sizes.orphan_accounts))
        deals.append(_deal(draw, f"O{k}", draw(st.sampled_from(sizes.orphan_leads)), account, BASE))
    return leads, deals
