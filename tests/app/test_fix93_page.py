"""Probe 93 on the Sources page (tests/unit/test_fix93.py counts the fixture): counted by account with a 180-day
window, the sentence under the table says which accounts won after the window, not "a customer is an account with a
won deal" (44 accounts had a won deal where the funnel counted 38)."""

from __future__ import annotations

from datetime import datetime

import account_fixture

T = datetime
# account X's first lead on 01-01 starts its window; its win DX1 closes on day 212, DX2 is a repeat; Y wins on day 22
LEADS = [
    ("x1", "X", T(2025, 1, 1), "paid_search", None, None, "Ann", None, None),
    ("x2", "X", T(2025, 5, 1), "email", None, None, "Ann", None, None),
    ("y1", "Y", T(2025, 1, 10), "email", None, None, "Ann", None, None),
]
DEALS = [
    ("DX1", "x2", "X", "Ann", T(2025, 6, 1), "won", T(2025, 8, 1), 1000.0, None),
    ("DX2", "x2", "X", "Ann", T(2025, 8, 5), "won", T(2025, 9, 1), 500.0, None),
    ("DY", "y1", "Y", "Ann", T(2025, 1, 15), "won", T(2025, 2, 1), 2000.0, None),
]


def _fill(con) -> None:
    account_fixture.load(con, LEADS, DEALS)


def test_sources_by_account_says_the_accounts_won_after_the_window(app_over):
    at = app_over(_fill, **{"from": "2025-01-01", "to": "2025-12-31", "count_by": "account", "window": "180"}).run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    captions = [c.value for c in at.caption]
    assert (
        "The funnel counts 1 customer account where 3 deals were won in this view by 2 accounts: 1 is a second or "
        "later win of the same account; 1 account won after the 180-day conversion window (from the account's first "
        "lead) and is not counted as a customer here (set the window to none to include it); Sources' won deals, new "
        "customer accounts and revenue count every deal of the view's accounts, whatever the window."
    ) in captions, captions
    assert not [c for c in captions if c.startswith("By account, a customer is an account with a won deal")]
    rows = at.dataframe[0].value.set_index("Source")
    # both accounts are new customers on Sources (X under paid search, its first lead's), the funnel counts Y alone
    assert int(rows["New customer accounts"].sum()) == 2, list(rows.columns)
