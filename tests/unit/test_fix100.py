"""Trial 100's findings: the SLA page's cost of breaches, the import's warnings and counts, the monthly report's
advice when the data's last days hold no record, the Lead velocity tile's words."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import sla, store
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

BAND_COLUMNS = ["band_order", "within_sla", "count_leads", "count_young", "count_won", "count_won_grown", "revenue"]


def bands_of(*rows: tuple[int, bool, int, int, int, int, float | None]) -> pd.DataFrame:
    """A "does speed pay?" table as sla.speed_pays gives it, reduced to the columns the cost reads."""
    return pd.DataFrame(list(rows), columns=BAND_COLUMNS)


# trial 100's November view: 3 leads within the SLA (0–5 min), one a customer worth $6,000; one contacted late (60+)
# and not a customer; one overdue and still waiting (band 6), handed over 4.5 days before the data's end
TRIAL = bands_of(
    (1, True, 3, 0, 1, 1, 6000.0),
    (4, False, 1, 0, 0, 0, None),
    (6, False, 1, 0, 0, 0, None),
)


def test_a_lead_still_waiting_is_not_priced_as_a_breach():
    # within 1 of 3, breached 0 of 1 (the waiting lead left out): 1 × 1/3 × $6,000 = $2,000; before 2 × 1/3 × 6,000
    counts = sla.stake_counts(TRIAL)
    assert (counts.within, counts.within_won, counts.breached, counts.breached_won) == (3, 1, 1, 0)
    assert sla.revenue_at_stake(TRIAL) == pytest.approx(2000.0)


def test_too_few_leads_put_no_dollar_figure_on_the_breaches():
    note = sla.stake_note(TRIAL, Filters(mode="activity", window_days=180))
    assert "$" not in note
    assert note == (
        "Too few leads to put a cost on the breaches: 3 leads handed over within the SLA (1 became a customer) "
        "against 1 breached (0). A gap in the lead-to-customer rate is judged from 30 leads on each side, as on the "
        "Friction page. In activity mode leads created less than the 180-day conversion window ago are included: "
        "some may still become customers."
    )
    # cohort mode applies its own young-lead rule in the counts: nothing to add about it
    assert sla.stake_note(TRIAL, Filters(window_days=180)).endswith("as on the Friction page.")


def test_a_gap_within_chance_puts_no_dollar_figure_on_the_breaches():
    # 12 of 40 (30 %) against 8 of 40 (20 %): Wilson 95 % for 12/40 is 0.181–0.454, for 8/40 0.105–0.348: overlap
    bands = bands_of((1, True, 40, 0, 12, 12, 12_000.0), (4, False, 40, 0, 8, 8, 8_000.0))
    assert sla.stake_note(bands, Filters(window_days=0)) == (
        "No cost put on the breaches: 40 leads handed over within the SLA (12 became customers) against 40 breached "
        "(8), a gap within chance (the two rates' confidence intervals overlap, as the Friction page judges a gap)."
    )


def test_a_clear_gap_on_enough_leads_is_priced():
    # 30 of 40 (75 %) against 5 of 40 (12.5 %): Wilson 0.598–0.858 against 0.055–0.261, apart. 35 wins, $35,000:
    # $1,000 a win; 40 breaches × (0.75 − 0.125) × $1,000 = $25,000
    bands = bands_of((1, True, 40, 0, 30, 30, 30_000.0), (4, False, 40, 0, 5, 5, 5_000.0))
    assert sla.revenue_at_stake(bands) == pytest.approx(25_000.0)
    assert sla.stake_note(bands, Filters(window_days=0)) == (
        "Leads contacted within the SLA became customers more often than those that were not. At the observed "
        "difference, the breaches in this view cost about **$25k** of revenue (breached leads × gap in the "
        "lead-to-customer rate × average won deal; 40 leads handed over within the SLA (30 became customers) against "
        "40 breached (5))."
    )


STORED_LEADS = """lead_id,created_at,source
a1,2026-10-01 09:00,email
a2,2026-10-02 09:00,email
a3,2026-10-03 09:00,direct
a4,2026-10-04 09:00,direct
"""
# November's new contacts only, with one October lead updated: a partial file, not a full export
NOVEMBER_DELTA = """lead_id,created_at,source
a4,2026-10-04 09:00,paid_search
a5,2026-11-02 09:00,email
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_leads_replace_that_removes_stored_leads_warns_with_the_way_back(empty_con, tmp_path, dry_run):
    import_files(empty_con, "leads", [write(tmp_path, "leads_oct.csv", STORED_LEADS)])
    report = import_files(empty_con, "leads", [write(tmp_path, "contacts_nov.csv", NOVEMBER_DELTA)], dry_run=dry_run)
    # a1, a2, a3 are stored and not in the file: 3 removed; the warning names the file, undo and --mode append
    went = "would be removed" if dry_run else "were removed"
    way_back = (
        "import it with --mode append (on the Data page: add / update by id) instead"
        if dry_run
        else "undo the import (the Data page's Undo the last change, or `python -m dashboard undo --db <the "
        "database>`) and import it with --mode append (on the Data page: add / update by id)"
    )
    assert report.alerts == [
        f"leads: 3 stored leads are not in the file and {went} (e.g. a1, a2, a3): right when contacts_nov.csv is a "
        "full export and they were deleted or merged in the CRM; if it holds only part of the leads (one month's, a "
        f"filtered view), {way_back}"
    ]
    assert f"WARNING: {report.alerts[0]}" in report.summary(dry_run=dry_run)
    assert store.scalar(empty_con, "select count(*) from leads") == (4 if dry_run else 2)

