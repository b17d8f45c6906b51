"""fixt (trial 65): the Funnel page's time view says who is not timed and why, what a trend point's month is and
which month is partial; its cohorts view offers the counts as a CSV. The five leads of tests/trial65_fixture.py,
counted by hand there (the data ends 11 Jul)."""

from __future__ import annotations

from fixture_data import load
from trial65_fixture import LEADS


def _fill(con) -> None:
    load(con, LEADS, [])


def test_the_time_view_accounts_for_every_lead_not_timed(app_over):
    # window 30: at MQL 4 (A1, A2 by its SQL, A3, A4), timed 2; A3 has no MQL date, A2's MQL is on day 40.
    # At SQL 2 (A1, A2), timed 1; A2's SQL is before its MQL. The trend's months: June and July; July counted to 11 Jul
    at = app_over(_fill, window="30", view="time").run()
    at.switch_page("pages/1_Funnel.py").run()
    assert not at.exception, [e.message for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any(
        "of the 4 leads at MQL, 1 with no MQL date of their own and 1 whose MQL date is more than 30 days after the "
        "creation"
        in c
        and "of the 2 leads at SQL, 1 whose SQL date is before the MQL date" in c
        for c in captions
    ), captions
    assert any("placed by the month the later stage was reached" in c for c in captions), captions
    assert any(c.startswith("Jul 2026 is counted to 11 Jul only") for c in captions), captions


def test_the_cohorts_view_offers_its_counts_as_csv(app_over):
    at = app_over(_fill, window="0", view="cohorts").run()
    at.switch_page("pages/1_Funnel.py").run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the cohorts as CSV" in labels, labels
