"""The sentence under the funnel that reconciles customers with won deals says what the data shows: with an owner
filter, a deal owned by someone other than its lead's owner was blamed on the conversion window ("set the window to
none"), on stage order, or on a first win before the dates, whatever the filters were (an independent analyst's
finding: every one of those was false for lead L01 owned by bob, whose one won deal D01 was amy's)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import metrics
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

# L1 is bob's lead; its one deal D1, won 15 days after it was created, is amy's. L2 is amy's lead and deal, won.
LEADS = "lead_id,created_at,source,owner\nL1,2026-01-05,paid_search,bob\nL2,2026-01-06,paid_search,amy\n"
DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount,owner\n"
    "D1,L1,2026-01-10,won,2026-01-20,100,amy\n"
    "D2,L2,2026-01-11,won,2026-01-21,100,amy\n"
)


@pytest.fixture
def owned(empty_con, tmp_path):
    for kind, text in (("leads", LEADS), ("deals", DEALS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        import_files(empty_con, kind, [path])
    return empty_con


AMY_OUTSIDE = (
    "The funnel counts 1 customer (leads) where 2 deals were won in this view: 1 lead outside this view's leads "
    "won a deal in it (the deal's owner is in the view, the lead's owner is not)."
)


@pytest.mark.parametrize(
    "view",
    [
        Filters(owners=("amy",)),
        Filters(owners=("amy",), window_days=0),
        Filters(owners=("amy",), window_days=0, in_order=True),
        Filters(owners=("amy",), mode="activity", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31)),
    ],
)
def test_amy_s_deal_of_bob_s_lead_is_said_to_be_outside_her_leads(owned, view):
    # amy: customers L2 (1); won deals D1, D2 (2); D1's lead L1 is bob's, whatever the window, order or mode
    both = metrics.customers_and_wins(owned, view)
    assert (both.customers, both.won, both.won_leads_not_customers, both.won_leads_outside) == (1, 2, 1, 1)
    assert both.sentence(view) == AMY_OUTSIDE


def test_bob_s_customer_whose_win_is_amy_s_is_said_so(owned):
    bob = Filters(owners=("bob",))
    # bob: customer L1 (its win D1 counts it); won deals of bob's: none. Not a lifecycle stage, not a missing date
    both = metrics.customers_and_wins(owned, bob)
    assert (both.customers, both.won, both.customers_without_win, both.customers_won_elsewhere) == (1, 0, 1, 1)
    assert both.sentence(bob) == (
        "The funnel counts 1 customer (leads) where 0 deals were won in this view: 1 customer won outside this view "
        "(the won deal has an owner other than the lead's)."
    )


def test_the_window_is_still_named_when_it_is_the_reason(owned):
    # amy, window 10 days: L2 won 15 days after creation, outside it; D1 is still bob's lead's
    view = Filters(owners=("amy",), window_days=10)
    both = metrics.customers_and_wins(owned, view)
    assert (both.customers, both.won, both.won_leads_not_customers, both.won_leads_outside) == (0, 2, 2, 1)
    assert both.sentence(view) == (
        "The funnel counts 0 customers (leads) where 2 deals were won in this view: 1 lead outside this view's leads "
        "won a deal in it (the deal's owner is in the view, the lead's owner is not); 1 lead won after the 10-day "
        "conversion window and is not counted as a customer here (set the window to none to include it)."
    )
