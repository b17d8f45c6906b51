"""Trial 100's findings: the SLA page's cost of breaches, the import's warnings and counts, the monthly report's
advice when the data's last days hold no record, the Lead velocity tile's words."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest

from dashboard import changes, cli, clock, overview, queries, sla, store, targets
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


# October and November leads; November's last record on Friday 27 Nov, the 28th-30th without one (a weekend)
QUIET_END = """lead_id,created_at,source
O1,2026-10-05 09:00,web
N1,2026-11-02 09:00,web
N2,2026-11-27 10:00,web
"""


def _imported_on(con, tmp_path, monkeypatch, moment: datetime) -> None:
    """The leads imported with the clock (the data's zone) fixed at `moment`: the last import's day."""
    monkeypatch.setattr(clock, "now", lambda: moment)
    import_files(con, "leads", [write(tmp_path, "leads.csv", QUIET_END)])


def test_a_month_cut_by_days_without_a_record_names_the_fix(empty_con, tmp_path, monkeypatch):
    # imported on 7 Dec: the exports can be stated complete through 30 Nov (27 Nov + 3 quiet days, before 7 Dec)
    _imported_on(empty_con, tmp_path, monkeypatch, datetime(2026, 12, 7, 3, 28))
    fix = (
        "if the exports run to 30 Nov 2026 and the days after 27 Nov simply had no record (a weekend, a holiday), "
        'state it on the Data page under "How far the exports run", or with '
        "`python -m dashboard complete-through 2026-11-30`"
    )
    [(sentence, _, _)] = changes.summary(empty_con, Filters(), "2026-11").lines()
    assert sentence == (
        "Not compared: Nov 2026 has data for 27 days only (to 27 Nov 2026), and set against the whole of Oct 2026 "
        f"every number would read as a fall. I{fix[1:]}, and Nov 2026 is compared whole."
    )
    # the landing page opens on October, and says why and how to open on November
    assert overview.default_period_note(empty_con, "2026-10", date(2026, 11, 27)) == (
        f"Oct 2026 is shown, the last whole month: Nov 2026 has data to 27 Nov 2026 only; {fix}, and this page "
        "opens on it, whole."
    )
    # a period the user picked is not the default: nothing to explain
    assert overview.default_period_note(empty_con, "2026-09", date(2026, 11, 27)) == ""
    # a week of quiet days at most (config.STATED_QUIET_DAYS): data to 23 Nov is advised, to 22 Nov (8 days) not
    assert targets.statable_end(empty_con, "2026-11", date(2026, 11, 23)) == date(2026, 11, 30)
    assert targets.statable_end(empty_con, "2026-11", date(2026, 11, 22)) is None
    # the day named is one the command accepts
    assert store.set_complete_through(empty_con, date(2026, 11, 30)) == date(2026, 11, 27)


def test_a_month_still_going_on_at_the_import_is_not_advised_to_be_stated_whole(empty_con, tmp_path, monkeypatch):
    # imported on 28 Nov: November was not over, so no complete-through day can make it whole (it would be refused)
    _imported_on(empty_con, tmp_path, monkeypatch, datetime(2026, 11, 28, 9, 0))
    [(sentence, _, _)] = changes.summary(empty_con, Filters(), "2026-11").lines()
    assert sentence.endswith("every number would read as a fall. Pick a whole month or quarter to see what changed.")
    assert overview.default_period_note(empty_con, "2026-10", date(2026, 11, 27)) == (
        "Oct 2026 is shown, the last whole month: Nov 2026 has data to 27 Nov 2026 only; pick it above to see it so "
        "far."
    )


class WithoutUnspentMonths:
    """An engine that runs the query files on DuckDB but cannot run the spend_months section's query, as Spark
    cannot when counting by account (spark_sql.Untranslatable)."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def run_query(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        if name == "unspent_months":
            raise NotImplementedError("counting by account runs on DuckDB only: the Spark build has no accounts")
        return queries.run(self.con, name, params)

    def get_meta(self, key: str) -> str | None:
        return None


def test_a_spend_months_query_the_engine_cannot_run_is_named_and_nothing_is_printed(con, capsys):
    # before: the NotImplementedError (on Spark Untranslatable) came out of metrics_document as a traceback
    args = cli.build_parser().parse_args(["metrics", "--engine", "spark", "--data", "x"])
    assert cli._metrics_command(WithoutUnspentMonths(con), args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        "error: the spend_months section cannot be computed on this engine: counting by account runs on DuckDB "
        "only: the Spark build has no accounts" in err
    )


# MQLs from the data's first day, 2 Sep 2026, to its last, Fri 27 Nov: Q4 is counted to 27 Nov, and its lead velocity
# set against the same days of Q3, 1 Jul - 27 Aug, which are before the data's first day; Q3 itself holds the two
# September MQLs
SEPTEMBER_START = """lead_id,created_at,source,mql_at
S1,2026-09-02 09:00,web,2026-09-03 09:00
S2,2026-09-10 09:00,web,2026-09-11 09:00
O1,2026-10-05 09:00,web,2026-10-06 09:00
N1,2026-11-27 09:00,web,2026-11-27 10:00
"""


def test_lead_velocity_against_days_before_the_data_says_what_the_other_tiles_say(empty_con, tmp_path, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 7, 3, 28))
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", SEPTEMBER_START)])
    tiles = {k.key: k for k in overview.kpis(empty_con, Filters(), "2026-Q4")}
    # the MQLs tile: Q3 holds 2 Sep - 30 Sep only, and Q4 has an MQL on the days that mirror Q3's missing ones
    assert tiles["mqls"].previous_note == "the data starts on 2 Sep 2026"
    velocity = tiles["lead_velocity"]
    # before: no note, and the report's "no data for Q3 2026"
    assert velocity.previous_note == "the data starts on 2 Sep 2026"
    assert (velocity.value, velocity.previous) == (None, None)
    assert velocity.withheld == "not shown: the data starts on 2 Sep 2026, inside Q3 2026"


def test_import_help_says_what_each_mode_does_and_that_replace_is_the_default(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "--mode {replace,append} replace (the default): the files are the whole table, and stored rows they do not "
        "have are removed; append: add the files' rows and update the stored ones they name again" in text
    )


# of the stored a1-a4: a1 as stored, a2 from another source, a5 new; a3 and a4 not in the file
MIXED = """lead_id,created_at,source
a1,2026-10-01 09:00,email
a2,2026-10-02 09:00,paid_search
a5,2026-11-02 09:00,email
"""


def test_an_append_counts_new_updated_and_unchanged_rows_that_add_up_to_the_rows_imported(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads_oct.csv", STORED_LEADS)])
    report = import_files(empty_con, "leads", [write(tmp_path, "mixed.csv", MIXED)], mode="append")
    # 3 = 1 updated (a2) + 1 unchanged (a1) + 1 new (a5); before, a5 was not named
    assert "leads: 3 rows upserted (1 existing row updated, 1 row already stored unchanged, 1 new)" in report.summary()


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_replace_counts_only_the_stored_rows_it_changes_as_updated(empty_con, tmp_path, dry_run):
    import_files(empty_con, "leads", [write(tmp_path, "leads_oct.csv", STORED_LEADS)])
    report = import_files(empty_con, "leads", [write(tmp_path, "mixed.csv", MIXED)], dry_run=dry_run)
    # before: a1, as stored in every column, was counted "updated" with a2 (2 stored rows updated)
    if dry_run:
        assert report.changes(dry_run=True) == (
            "would update 1 stored row, leave 1 already stored unchanged, add 1 new; would remove 2 stored rows not "
            "in the file (e.g. a3, a4)"
        )
    else:
        assert (
            "leads: 3 rows loaded (1 stored row updated, 1 row already stored unchanged, 1 new; 2 stored rows removed "
            "as not in the file (e.g. a3, a4))"
        ) in report.summary()
