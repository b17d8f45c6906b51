"""Trial 76, counted by hand: leads created in months their source has no spend loaded for (an ad export ending
before the CRM's) are said beside cost per lead, CAC and ROI, which set the other months' spend against them."""

from __future__ import annotations

from datetime import date

import pandas as pd
from trial76_fixture import load_with_spend

from dashboard import sources, store
from dashboard.cli import metrics_document
from dashboard.filters import Filters


def _con():
    con = store.connect(":memory:")
    load_with_spend(con)
    return con


def test_leads_of_months_without_spend_are_said():
    con = _con()
    rows = sources.unspent_months(con, Filters())
    # all dates: paid_search's 3 leads, 1 of them (P3) in December, which has no spend; web has no spend at all
    assert rows[["source", "count_leads", "count_leads_unspent"]].values.tolist() == [["paid_search", 3, 1]]
    first, last = (pd.Timestamp(rows.at[0, c]).date() for c in ("first_unspent_month", "last_unspent_month"))
    assert (first, last) == (date(2026, 12, 1), date(2026, 12, 1))
    note = sources.unspent_months_note(rows)
    assert note is not None
    assert note == (
        "Some leads were created in months with no spend loaded for their source (Paid search: 1 of its 3 leads, "
        "created in Dec 2026): the cost per lead, MQL, SQL and opportunity and CAC set the spend of the other months "
        "against them too, so they read lower, and ROI and ROAS higher, than the months with spend give. Load the "
        "spend of those months, or choose the months the spend covers."
    )
    # counting by account the same accounts (each lead its own), named as accounts
    assert sources.unspent_months_note(rows, unit="account").startswith(
        "Some accounts were created in months with no spend loaded for their source (Paid search: 1 of its 3 accounts"
    )
    # October to November: every lead's month has spend, nothing to say
    autumn = Filters(date_from=date(2026, 10, 1), date_to=date(2026, 11, 30))
    assert sources.unspent_months(con, autumn).empty
    assert sources.unspent_months_note(sources.unspent_months(con, autumn)) is None
    # the JSON says it beside the spend months
    assert metrics_document(con, Filters())["spend_months"]["unspent_note"] == note
    con.close()


def test_the_report_says_it_for_a_quarter_that_runs_past_the_spend():
    from dashboard import report

    con = _con()
    text = report.build_html(con, Filters(), "2026-Q4")
    # Q4: Oct and Nov have spend, December's P3 has none
    assert (
        "Some leads were created in months with no spend loaded for their source (Paid search: 1 of its 3 leads, "
        in text
    )
    con.close()
