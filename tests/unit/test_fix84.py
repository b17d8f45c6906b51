"""Trial 78's findings 2–6 on the Funnel page, every number counted by hand from LEADS and ACCOUNTS
(tests/trial78_fixture.py):

| lead | account | created    | persona | owner | segment | lifecycle | mql        | sql        |
|------|---------|------------|---------|-------|---------|-----------|------------|------------|
| a1   | ACC1    | 2026-03-02 | CFO     | Ann   |         | sql       |            |            |
| a2   | ACC1    | 2026-03-03 | CTO     | Ann   |         | sql       | 2026-03-05 | 2026-03-08 |
| b1   |         | 2026-03-04 |         |       |         | sql       |            |            |
| c1   |         | 2026-03-06 | CFO     | Bob   | SMB     | mql       | 2026-03-10 |            |
| d1   |         | 2026-03-07 |         | Bob   |         | lead      |            |            |
| e1   |         | 2026-03-11 | CTO     | Bob   |         | sql       |            | 2026-03-15 |
| p1   | ACC2    | 2026-03-09 | CFO     | Ann   |         | lead      |            |            |

Accounts file: ACC1 segment Partner, industry Software; ACC2 segment Prospect. No lead carries Partner, Prospect or
Software: counting by lead they are no lead's (the leads' only segment is c1's SMB).

Activity mode, March. By lead: MQL entries a2 (5 Mar), c1 (10 Mar), e1 (15 Mar: its SQL date dates its MQL);
SQL entries a2 (8 Mar), e1 (15 Mar); a1 and b1 reached MQL and SQL with no date at all: 2 and 2 in no month.
By account (ACC1 = a1 + a2, ACC2 = p1, the others accounts of their own): 6 accounts; MQL ACC1 (a2's 5 Mar),
lead:c1, lead:e1 = 3; SQL ACC1 (8 Mar), lead:e1 = 2. ACC1 is dated by a2, so only lead:b1 is in no month: 1 MQL and
1 SQL account (before: the leads' 2 and 2, a1 counted though ACC1 is counted in March).

Time to convert, activity, by lead, Lead→MQL: at MQL a2, c1, e1 (3); e1 has no MQL date of its own (dated by its
SQL's): 1 not timed, and the funnel counts it in March (not one of a1 and b1, in no month).
"""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest
from db_copies import built_copy
from trial78_fixture import fill

from dashboard import config, metrics, store
from dashboard.cli import main
from dashboard.filters import Filters

MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}


@pytest.fixture
def con():
    connection, _ = built_copy(f"{__name__} con", lambda db, _folder: fill(db))
    yield connection
    connection.close()


# finding 2: values only the accounts file has apply counting by account, on the page and on the command line alike


def test_the_options_name_the_values_only_the_accounts_file_has(con):
    options = metrics.filter_options(con)
    # c1's SMB the one segment a lead carries, the other six leads blank: "(none)" last (a filter value: fix83)
    assert options.values["segment"] == ("SMB", "Partner", "Prospect", "(none)")
    assert options.account_only["segment"] == ("Partner", "Prospect")
    assert options.account_only["industry"] == ("Software",)
    assert options.account_only["persona"] == ()
    # by lead the sidebar offers the leads' own; a chosen accounts-only value stays (the switch keeps the choice)
    assert options.offered("segment", "lead") == ("SMB", "(none)")
    assert options.offered("segment", "lead", ["Partner"]) == ("SMB", "Partner", "(none)")
    assert options.offered("segment", "account") == ("SMB", "Partner", "Prospect", "(none)")
    # no lead has an industry: by lead nothing to filter ("(none)" alone would pick every lead, review 87)
    assert options.offered("industry", "lead") == ()
    assert options.offered("industry", "account") == ("Software", "(none)")


def test_the_command_line_refuses_the_same_values_by_lead_saying_where_they_apply(con):
    assert metrics.known_values(con, "lead").values["segment"] == ("SMB", "(none)")
    assert metrics.known_values(con, "account").values["segment"] == ("SMB", "Partner", "Prospect", "(none)")
    # by lead no industry at all (every lead blank), so "(none)" is refused too (review 87: it picked every lead)
    assert metrics.known_values(con, "lead").values["industry"] == ()
    assert metrics.known_values(con, "account").values["industry"] == ("Software", "(none)")
    assert metrics.known_values(con, "lead").only_by_account("segment", "Partner")


def test_the_cli_says_a_value_of_the_accounts_file_applies_by_account(tmp_path, capsys):
    path = str(tmp_path / "f84.duckdb")
    connection = store.connect(path)
    fill(connection)
    connection.close()
    assert main(["metrics", "--db", path, "--count-by", "lead", "--segment", "Partner"]) == 2
    err = capsys.readouterr().err
    assert "--segment 'Partner': only the accounts file has this segment" in err
    assert "it applies with --count-by account" in err
    # by account it counts: ACC1 (a1, a2) is the one Partner account, an SQL in cohort mode
    assert main(["metrics", "--db", path, "--count-by", "account", "--segment", "Partner", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["count"] for r in doc["funnel"]] == [1, 1, 1, 0, 0]


def test_an_empty_funnel_by_lead_says_the_value_is_an_accounts(con):
    view = Filters(segments=("Partner",))
    assert metrics.funnel(con, view)["count_leads"].sum() == 0
    words = metrics.empty_funnel_words(con, view)
    assert words.startswith("Segment 'Partner': the accounts file's alone (no lead carries it)")
    assert "Switch Count by to Accounts (companies)" in words
    # a lead's own value that matches nothing in the dates keeps the generic words
    assert metrics.empty_funnel_words(con, Filters(segments=("SMB",), date_from=date(2026, 5, 1))).startswith(
        "No leads match this view"
    )


# finding 3: by account the note counts the accounts left out


def test_the_undated_note_counts_accounts_by_account(con):
    by_account = Filters(mode="activity", count_by="account", **MARCH)
    assert metrics.funnel(con, by_account)["count_leads"].tolist() == [6, 3, 2, 0, 0]
    assert metrics.undated_stages(con, by_account) == {"mql": 1, "sql": 1}
    section = metrics.undated_section(con, by_account)
    assert section is not None
    assert section["note"].startswith(
        "Not counted here: of the accounts created in Mar 2026, 1 account reached MQL and 1 account reached SQL with "
        "no date for the stage nor a later one in any of their leads or deals (a status"
    )
    # by lead, a1 and b1
    by_lead = Filters(mode="activity", **MARCH)
    assert metrics.funnel(con, by_lead)["count_leads"].tolist() == [7, 3, 2, 0, 0]
    assert metrics.undated_stages(con, by_lead) == {"mql": 2, "sql": 2}
    assert metrics.undated_section(con, by_lead)["note"].startswith(
        "Not counted here: of the leads created in Mar 2026, 2 leads reached MQL and 2 leads reached SQL"
    )


# finding 4: the heatmap says it counts cohorts whatever the mode


def test_the_cohorts_caption_says_cohorts_in_activity_mode():
    activity = metrics.cohorts_caption(Filters(mode="activity", count_by="account", **MARCH), "accounts")
    assert activity.startswith("Share of each month's new accounts that reached each stage within 180 days.")
    assert (
        "These are cohorts whatever the Count choice: each of the accounts counted in the month it was created, at "
        "every stage it reached within 180 days, where the activity funnel above counts the stage entries dated in "
        "the range, so the numbers differ."
    ) in activity
    assert "whatever the Count choice" not in metrics.cohorts_caption(Filters(**MARCH), "leads")


# finding 5: the time to convert's "no date of its own" are not the note's leads in no month


def test_the_time_to_convert_caption_says_a_later_stage_dates_them(con):
    view = Filters(mode="activity", **MARCH)
    times = metrics.time_to_convert(con, view).set_index("to_stage")
    assert int(times.loc["mql", "count_reached"]) == 3
    assert int(times.loc["mql", "count_undated"]) == 1
    note = metrics.not_timed_note(times.reset_index(), view)
    assert note is not None
    assert (
        "of the 3 leads at MQL, 1 with no MQL date of their own (dated by a later stage's date, by which the funnel "
        "counts them)"
    ) in note
    # cohort mode keeps its words: a stage with no date at all is among them there
    cohort = Filters(**MARCH)
    cohort_note = metrics.not_timed_note(metrics.time_to_convert(con, cohort), cohort)
    assert cohort_note is not None and "dated by a later stage" not in cohort_note


# finding 6: a blank owner or persona reads "(none)" in the list, as in the breakdown; the CSV keeps it blank


def test_the_drilldown_names_blank_values_as_the_breakdown_does(con):
    rows = metrics.drilldown(con, Filters(**MARCH), "lead").set_index("lead_id")
    assert rows.loc["b1", "owner"] == config.NONE_LABEL == "(none)"
    assert rows.loc["b1", "persona"] == "(none)"
    assert rows.loc["d1", "persona"] == "(none)"
    assert rows.loc["d1", "owner"] == "Bob"
    assert (rows["owner"] == "(none)").sum() == 1
    breakdown = metrics.breakdown(con, Filters(**MARCH), "owner")
    assert "(none)" in breakdown["value"].tolist()
    csv = pd.read_csv(io.BytesIO(metrics.drilldown_csv(con, Filters(**MARCH), "lead")))
    assert csv.set_index("lead_id")["owner"].isna().sum() == 1
    assert "(none)" not in csv["owner"].astype(str).tolist()
