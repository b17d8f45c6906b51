"""Friction finder, seed checks, stalled leads and lift on fixtures whose every number is set by hand."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from dashboard import definitions, friction, store
from dashboard.cli import metrics_document
from dashboard.filters import Filters
from dashboard.stats import clearly_lower, wilson

T = datetime


def test_wilson_interval_against_published_values():
    # 8 of 10: 0.4902-0.9433; 0 of 10: 0-0.2775 (Wilson 1927 / Newcombe 1998 tables)
    assert wilson(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)


def test_clearly_lower_needs_separate_intervals_and_enough_leads():
    assert clearly_lower(80, 400, 200, 400)  # 20 % vs 50 %: 0.165-0.240 vs 0.451-0.549
    assert not clearly_lower(8, 20, 200, 400)  # too few leads to judge
    assert not clearly_lower(180, 400, 200, 400)  # 45 % vs 50 %: the intervals overlap


def add_leads(con, rows):
    """rows: (lead_id, created_at, persona, source, is_sql, won)."""
    with store.transaction(con):
        for lead_id, created, persona, source, is_sql, won in rows:
            con.execute(
                "insert into leads (lead_id, created_at, source, persona, segment, owner, mql_at, sql_at) "
                "values ($1, $2, $3, $4, 'SMB', 'o', $5, $6)",
                [
                    lead_id,
                    created,
                    source,
                    persona,
                    created + timedelta(days=1),
                    created + timedelta(days=2) if is_sql else None,
                ],
            )
            if won:
                con.execute(
                    "insert into deals (deal_id, lead_id, created_at, status, closed_at, amount) "
                    "values ($1, $2, $3, 'won', $4, 1000)",
                    ["D" + lead_id, lead_id, created + timedelta(days=3), created + timedelta(days=5)],
                )


def period(prefix, start, persona_rates):
    """Leads created over 20 days from start; per persona (count, sqls, wins); sources alternate x/y."""
    rows = []
    for persona, (count, sqls, wins) in persona_rates.items():
        for i in range(count):
            rows.append(
                (f"{prefix}{persona}{i}", start + timedelta(days=i % 20), persona, "xy"[i % 2], i < sqls, i < wins)
            )
    return rows


# a 30-day conversion window, and one lead created in June (outside the range) moves the data's last day
# there: every February and January lead is old enough to have converted, so none is left out as young
FEB = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28), window_days=30)
LATE = [("late", T(2025, 6, 30), "Z", "x", False, False)]


@pytest.fixture
def planted(empty_con):
    # February: persona B converts MQL->SQL at 20 % (80 of 400) against 50 % for A and 40 % for the
    # small persona C (8 of 20); half of A's SQLs win 1000 each, B and C win nothing.
    # January (the previous 28 days): B converted at 50 %.
    add_leads(empty_con, period("f", T(2025, 2, 1), {"A": (400, 200, 100), "B": (400, 80, 0), "C": (20, 8, 0)}))
    add_leads(empty_con, period("j", T(2025, 1, 5), {"A": (400, 200, 0), "B": (400, 200, 0)}))
    add_leads(empty_con, LATE)
    return empty_con


def test_segments_of_the_very_same_leads_are_one_point(empty_con):
    # persona P is exactly source s1 (50 MQLs, no SQL), persona Q exactly s2 (50 MQLs, all SQL): P and s1 are
    # each 0 of 50 against the rest's 50 of 50, with the same leads, so one point names both. In the planted
    # fixture below sources x and y also count alike, but hold different leads, and stay apart.
    start = T(2025, 1, 1)
    rows = [(f"p{i}", start + timedelta(days=i % 20), "P", "s1", False, False) for i in range(50)]
    rows += [(f"q{i}", start + timedelta(days=i % 20), "Q", "s2", True, False) for i in range(50)]
    add_leads(empty_con, rows)
    flags = friction.find(empty_con, Filters(window_days=0))
    rest = flags[flags["kind"] == "rest"]
    assert rest["segment"].tolist() == ["persona P and source s1 (the same leads)"]
    assert rest.iloc[0]["message"].startswith(
        "MQL→SQL for persona P and source s1 (the same leads) is 0.0% against 100.0% for the rest (-100.0 points, "
        # with no window the 50 MQLs never closed out are still open (fixw3: the sentence says so)
        "50 MQLs, 50 of them still open)"
    )


def test_a_planted_drop_is_flagged_and_a_small_sample_is_not(planted):
    flags = friction.find(planted, FEB)
    got = sorted(zip(flags["stage"], flags["segment"], flags["kind"], strict=True))
    # B: MQL->SQL against the rest (A + C: 208 of 420) and against January (200 of 400), and
    # SQL->Opportunity (0 of 80 against 100 of 208); C's 8 of 20 is too small to judge. B's fall also
    # pulls the whole funnel (288 of 820 against 400 of 800 in January) and both sources (x and y
    # split every persona evenly: 144 of 410 each, against 200 of 400) below January; against each
    # other the sources differ by nothing. Segment, owner and region hold every lead: the whole funnel.
    assert got == [
        ("MQL→SQL", "persona B", "previous"),
        ("MQL→SQL", "persona B", "rest"),
        ("MQL→SQL", "source X", "previous"),
        ("MQL→SQL", "source Y", "previous"),
        ("MQL→SQL", "the whole funnel", "previous"),
        ("SQL→Opportunity", "persona B", "rest"),
    ]
    rest = flags[(flags["stage"] == "MQL→SQL") & (flags["kind"] == "rest")].iloc[0]
    assert (rest["rate"], rest["baseline"], rest["count_from"]) == (0.2, pytest.approx(208 / 420), 400)
    # missing SQLs (208/420 - 0.2) x 400, of which 100 in 288 SQLs become customers, at 1000 each
    assert rest["value_at_stake"] == pytest.approx((208 / 420 - 0.2) * 400 * 100 / 288 * 1000)
    # the rest: 208 SQLs of 420 MQLs = 49.5 %; 20.0 - 49.5 = -29.5 points
    expected = "MQL→SQL for persona B is 20.0% against 49.5% for the rest (-29.5 points, 400 MQLs)"
    assert rest["message"].startswith(expected)
    assert "of revenue at stake" in rest["message"]
    previous = flags[(flags["kind"] == "previous") & (flags["segment"] == "persona B")].iloc[0]
    assert "fell from 50.0% to 20.0% against the previous period" in previous["message"]
    # ranked by revenue at stake: the whole funnel's 820 MQLs at -15 points come first
    assert flags.iloc[0]["segment"] == "the whole funnel"
    assert flags["value_at_stake"].is_monotonic_decreasing


def test_no_friction_without_a_difference(empty_con):
    add_leads(empty_con, period("f", T(2025, 2, 1), {"A": (200, 100, 0), "B": (200, 96, 0)}) + LATE)
    flags = friction.find(empty_con, FEB)
    # only the whole funnel's SQL->customer (0 of 196) falls under the 20 % benchmark
    assert flags[["stage", "segment", "kind"]].values.tolist() == [["SQL→Customer", "the whole funnel", "benchmark"]]


def test_friction_section_of_the_json(planted):
    doc = metrics_document(planted, FEB)
    assert {f["segment"] for f in doc["friction"]} == {"persona B", "source X", "source Y", "the whole funnel"}
    first = doc["friction"][0]
    assert set(first) >= {"stage", "segment", "kind", "value", "baseline", "significant", "message"}
    assert first["significant"] is True


def test_lift_and_ideal_lead(planted):
    lifted = friction.lift(planted, FEB).set_index(["dimension", "value"])
    # won per lead: A 100/400, B 0/400, C 0/20; overall 100/820
    assert lifted.loc[("persona", "A"), "rate_customer"] == 0.25
    assert lifted.loc[("persona", "A"), "lift_customer"] == pytest.approx(0.25 / (100 / 820))
    assert lifted.loc[("persona", "B"), "lift_customer"] == 0.0
    assert friction.overall_rate(friction.lift(planted, FEB)) == pytest.approx(100 / 820)
    ideal = friction.ideal_lead(friction.lift(planted, FEB))
    assert [(i["dimension"], i["value"]) for i in ideal] == [("persona", "A")]


def test_seed_checks_on_the_fixture(con):
    from fixture_data import add_source_extras

    add_source_extras(con)
    with store.transaction(con):
        con.execute(
            "insert into targets (month, metric, value) values ('2025-01-01', 'leads', 5), ('2025-02-01', 'leads', 4)"
        )
        con.execute("insert into targets (month, metric, value) values ('2025-02-01', 'sqls', 1)")
        # D1 (L1, closed 02-01) activated; D3 (L5, closed 03-15) churned 60 days after signing
        con.execute("update deals set activated_at = '2025-02-10' where deal_id = 'D1'")
        con.execute("update deals set churned_at = '2025-05-14', account_id = 'A1' where deal_id = 'D3'")
        con.execute("update deals set account_id = 'A1' where deal_id = 'D1'")
    checks = {c.metric: c for c in friction.volume(con, Filters())}
    # leads entered: 8 against 5 + 4; SQLs entered by their own date: L1 L2 L4 L8 + L5 and L6 by a later stage
    assert (checks["leads"].actual, checks["leads"].target, checks["leads"].short) == (8, 9.0, True)
    assert checks["mqls"].target is None and not checks["mqls"].short
    assert checks["sqls"].target == 1.0 and not checks["sqls"].short
    quality = friction.sql_quality(con, Filters())
    # SQLs: L1 L2 L4 L5 L6 L8; of those L8 was disqualified (no reason given)
    assert quality[["reason", "count_rejected", "count_sqls"]].values.tolist() == [["no reason recorded", 1, 6]]
    r = friction.retention(con, Filters())
    assert (r.won, r.activated, r.churned_early, r.accounts, r.repeat_accounts) == (2, 1, 1, 1, 1)
    assert (r.activation_rate, r.early_churn_rate, r.repeat_rate) == (0.5, 0.5, 1.0)


def test_stalled_leads_list_and_owners(con):
    listed = friction.stalled_leads(con, Filters(), 100)
    # as of 2025-03-20: L3 (Ann) an MQL for 54 days, L4 (Bob) an SQL for 43 days; longest first
    assert listed[["lead_id", "stage", "owner"]].values.tolist() == [["L3", "mql", "Ann"], ["L4", "sql", "Bob"]]
    assert friction.stalled_leads(con, Filters(), 1)["lead_id"].tolist() == ["L3"]
    owners = friction.stalled_by_owner(con, Filters())
    assert owners[["owner", "mql", "sql", "total"]].values.tolist() == [["Ann", 1, 0, 1], ["Bob", 0, 1, 1]]
    assert b"lead_id,stage,owner" in friction.stalled_leads_csv(con, Filters())


def test_method_in_words_names_the_comparison_period():
    assert "previous 28 days" in friction.describe_method(FEB)
    assert "pick a date range" in friction.describe_method(Filters())


def test_percentages_in_the_method_and_definitions_are_written_without_a_space():
    texts = [friction.describe_method(FEB), *(body for _, body in definitions.sections())]
    assert any("95% (Wilson)" in text for text in texts[1:]) and "95% (Wilson)" in texts[0]
    assert not [text for text in texts if re.search(r"\d %", text)]


def test_young_leads_are_not_friction_yet(planted):
    # with the default 180-day window every February lead is younger than the window before June 30:
    # none of them is judged
    young = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28))
    assert friction.find(planted, young).empty
    assert friction.step_rates(planted, young)["lead"].tolist() == [0]


def test_analysis_is_find_and_lift_from_one_read(planted):
    flags, lifted = friction.analysis(planted, FEB)
    assert flags.equals(friction.find(planted, FEB))
    assert lifted.equals(friction.lift(planted, FEB))


def test_volume_against_target_in_words_with_a_one_decimal_rate():
    # 1,200 of 1,500 planned is 80.0 %, 300 missing; 2 of 3 is 66.7 %
    short = friction.VolumeCheck("sqls", 1200, 1500.0)
    assert short.sentence("SQLs") == ":red[**Short:**] 1,200 SQLs of 1,500 planned (80.0%), 300 missing"
    assert friction.VolumeCheck("sqls", 2, 3.0).sentence("SQLs").endswith("(66.7%), 1 missing")


def test_the_ideal_lead_s_average_names_the_leads_it_is_taken_over(con):
    # #15: the ideal lead's average (3.1 % on the demo) counts only leads older than the window, the Funnel page's
    # (3.0 %) every lead: the sentence says which. The fixture's data ends 20 Mar 2025 (D4 created); with a 30-day
    # window the leads created by 18 Feb count: L1 L2 L3 L4 L5, of which L1 (won 27 days after creation) and L5
    # (29 days) became customers -> 2 of 5, where the funnel's 2 customers are of all 8 leads
    view = Filters(window_days=30)
    assert friction.average_words(friction.lift(con, view), view) == (
        "40.0% of the 5 leads created more than 30 days before the data's last day; younger ones may still "
        "convert, so they are left out"
    )
    # no window: nobody is too young; every lead of the view counts, as on the Funnel page (2 of 8)
    whole = Filters(window_days=0)
    assert friction.average_words(friction.lift(con, whole), whole) == "25.0% of the 8 leads in this view"


def test_more_customers_than_leads_in_activity_mode_is_no_rate_and_no_crash():
    # activity mode: 3 customers entered in the dates, 2 leads created in them (source a); the Wilson interval of
    # 3 of 2 has no square root: the row gets no rate, no interval and no lift, the rest are as counted
    rates = pd.DataFrame(
        {
            "dimension": ["all", "source", "source"],
            "value": ["all", "a", "b"],
            "lead": [6, 2, 4],
            "mql": [6, 2, 4],
            "sql": [4, 2, 2],
            "opportunity": [4, 3, 1],
            "customer": [4, 3, 1],
        }
    )
    lifted = friction._lift(rates).set_index("value")
    assert pd.isna(lifted.at["a", "rate_customer"]) and pd.isna(lifted.at["a", "low_customer"])
    assert pd.isna(lifted.at["a", "lift_customer"])
    assert lifted.at["b", "rate_customer"] == 0.25 and lifted.at["all", "rate_customer"] == pytest.approx(4 / 6)
    assert lifted.at["b", "lift_customer"] == pytest.approx(0.25 / (4 / 6))


def test_the_volume_checks_and_sql_quality_say_why_their_sqls_differ(con):
    # February 2025, cohort: L4, L5 and L6 created, all SQLs in the funnel (L6 by its exported stage alone);
    # entered in February with a date: L4 (sql_at 02-05) and L5 (its deal, 02-20): 2, as the targets count
    february = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28))
    checks = friction.volume(con, february)
    assert friction.entries_note(checks, 3, "SQLs", february) == (
        "The top of the funnel and the SQL shortfall count each stage entered in these dates, by lead, as targets "
        "are set: 2 SQLs; SQL quality counts the 3 SQLs of this view's funnel (of the leads created in these dates). "
        # L6's SQL is known from its exported stage alone: no date, so in no count of entries (trial 61)
        "1 lead of the view reached SQL with no date for the stage: the funnel counts it, no count of entries can."
    )
    # January: L1 and L2, SQLs on 01-08 and 01-15, in both counts: nothing to explain
    january = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert friction.entries_note(friction.volume(con, january), 2, "SQLs", january) == ""
    # no SQL check at all (no leads in the range): nothing to compare, no sentence
    assert friction.entries_note([], 3, "SQLs", february) == ""
