"""Trial 108: an Apollo.io Contacts export and its Deals export, imported as `map` proposes them.
Fixture: tests/trial108_fixture.py (30 contacts, 5 deals); every expected figure counted by hand from it."""

from __future__ import annotations

from dashboard import metrics, sources
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from tests.propose_helpers import proposed, write
from tests.trial108_fixture import CONTACTS_CSV, DEALS_CSV


def load(con, tmp_path, deals_csv=DEALS_CSV):
    """Both files imported as `map` proposes them."""
    for kind, name, text in (("leads", "apollo_contacts.csv", CONTACTS_CSV), ("deals", "apollo_deals.csv", deals_csv)):
        path = write(tmp_path, name, text)
        import_files(con, kind, [path], mapping=proposed(tmp_path, kind, path))


def test_the_apollo_exports_read_as_counted_by_hand(empty_con, tmp_path):
    load(empty_con, tmp_path)
    # no Apollo stage is a funnel stage but Not Interested (disqualified), and no deal names a contact: 30 leads only
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist() == [30, 0, 0, 0, 0]
    owners = dict(empty_con.execute("select coalesce(owner, '-'), count(*) from leads group by 1").fetchall())
    assert owners == {"Ana Ruiz": 13, "Ben Cole": 13, "-": 4}
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.open, d.won, d.lost, d.revenue) == (2, 2, 1, 20500.0)
    assert abs(d.win_rate - 2 / 3) < 1e-12 and d.median_cycle_days == 48.0


def test_deals_sourced_by_apollo_are_sales_sourced(empty_con, tmp_path):
    # Apollo is where reps find and sequence their prospects: a deal whose source is Apollo is the reps' outbound.
    # Before: all 43,500 of pipeline and the 20,500 won counted as marketing-sourced, without a word
    load(empty_con, tmp_path)
    s = sources.sourced_totals(empty_con, Filters())
    assert (s["pipeline_marketing"], s["pipeline_sales"], s["pipeline_unknown"]) == (0.0, 43500.0, 0.0)
    assert (s["revenue_marketing"], s["revenue_sales"]) == (0.0, 20500.0)


def test_a_source_written_apollo_io_or_zoominfo_is_sales_sourced(empty_con, tmp_path):
    # a CRM's Lead Source picklist writes the tool as "Apollo.io" or "ZoomInfo": the same key rule as "Inside Sales"
    rows = DEALS_CSV.splitlines()
    rows[1] = rows[1].replace(",Apollo,", ",Apollo.io,")  # won 12,000
    rows[2] = rows[2].replace(",Apollo,", ",ZoomInfo,")  # won 8,500
    rows[4] = rows[4].replace(",Apollo,", ",Webinar,")  # open 15,000: marketing's
    load(empty_con, tmp_path, "\n".join(rows) + "\n")
    s = sources.sourced_totals(empty_con, Filters())
    assert (s["pipeline_marketing"], s["pipeline_sales"]) == (15000.0, 28500.0)
    assert (s["revenue_marketing"], s["revenue_sales"]) == (0.0, 20500.0)


def test_apollos_given_up_contact_stages_are_disqualified(empty_con, tmp_path):
    # Apollo's Do Not Contact (unsubscribed) and Bad Data (bounced) are given up, as Not Interested: 3 + 1 + 1 = 5
    # dropped before MQL; the other 25 (Cold 6, Approaching 6, Interested 5, Replied 4, Unresponsive 3, Changed Job
    # 1), created 2 Sep to 25 Nov, are inside the window. Before: Do Not Contact and Bad Data were leads still in it
    load(empty_con, tmp_path)
    mql = metrics.funnel(empty_con, Filters()).set_index("stage").loc["mql"]
    assert (mql["count_in_progress"], mql["count_dropped"]) == (25, 5)
    stages = dict(empty_con.execute("select lifecycle_stage, count(*) from leads group by 1").fetchall())
    assert stages == {"lead": 25, "disqualified": 5}
