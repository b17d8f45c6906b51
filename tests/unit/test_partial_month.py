"""The monthly meeting on 5 Dec when the data ends inside the month (probe 33): like-for-like comparisons, one data's
today, the SLA's "now" and "does speed pay?" without leads too young to have converted — every number by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from db_copies import built_copy
from fixture_data import load

from dashboard import changes, config, metrics, overview, periods, report, sla, store, targets
from dashboard.filters import Filters

T = datetime

# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    # Dec 2025: 1–5 Dec has Y1, Y2 (2 leads, 2 MQLs); the whole month 4 leads, 3 MQLs
    (
        "Y1",
        T(2025, 12, 2),
        "email",
        "CFO",
        "SMB",
        "Ann",
        "customer",
        T(2025, 12, 2),
        T(2025, 12, 2, 10),
        T(2025, 12, 2, 10, 3),
    ),
    ("Y2", T(2025, 12, 3), "email", "CFO", "SMB", "Ann", "sql", T(2025, 12, 3), T(2025, 12, 3, 10), T(2025, 12, 3, 13)),
    ("Y3", T(2025, 12, 20), "email", "CFO", "SMB", "Ann", "mql", T(2025, 12, 20), None, None),
    ("Y4", T(2025, 12, 28), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    # Oct 2026: 1 MQL
    ("O1", T(2026, 10, 10), "email", "CFO", "SMB", "Ann", "mql", T(2026, 10, 10), None, None),
    # Nov 2026: 4 MQLs, of which 1–5 Nov holds N1, N2 (2)
    ("N1", T(2026, 11, 2), "email", "CFO", "SMB", "Ann", "mql", T(2026, 11, 2), None, None),
    ("N2", T(2026, 11, 3), "email", "CFO", "SMB", "Ann", "mql", T(2026, 11, 3), None, None),
    ("N3", T(2026, 11, 15), "email", "CFO", "SMB", "Ann", "mql", T(2026, 11, 15), None, None),
    ("N4", T(2026, 11, 20), "email", "CFO", "SMB", "Ann", "mql", T(2026, 11, 20), None, None),
    ("N5", T(2026, 11, 25), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    # Dec 2026 so far: 4 leads, 4 MQLs; the last creation or stage date is 4 Dec, the last event D4's first
    # contact on 5 Dec 09:15
    ("D1", T(2026, 12, 1), "email", "CFO", "SMB", "Ann", "mql", T(2026, 12, 1), None, None),
    (
        "D2",
        T(2026, 12, 2),
        "email",
        "CFO",
        "SMB",
        "Ann",
        "sql",
        T(2026, 12, 2),
        T(2026, 12, 2, 10),
        T(2026, 12, 2, 10, 4),
    ),
    (
        "D3",
        T(2026, 12, 3),
        "email",
        "CFO",
        "SMB",
        "Ann",
        "sql",
        T(2026, 12, 3),
        T(2026, 12, 3, 10),
        T(2026, 12, 3, 10, 5),
    ),
    (
        "D4",
        T(2026, 12, 4),
        "email",
        "CFO",
        "SMB",
        "Ann",
        "sql",
        T(2026, 12, 4),
        T(2026, 12, 4, 10),
        T(2026, 12, 5, 9, 15),
    ),
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source: Y1 won 1,000 39 days after its creation
DEALS = [("E1", "Y1", "Ann", T(2025, 12, 10), "won", T(2026, 1, 10), 1000.0, None)]


@pytest.fixture
def con():
    connection, _ = built_copy(f"{__name__} con", lambda db, _folder: load(db, LEADS, DEALS))
    yield connection
    connection.close()


def kpis(con, period: str) -> dict[str, overview.Kpi]:
    return {k.key: k for k in overview.kpis(con, Filters(), period)}


def test_the_datas_today_is_data_as_of_on_every_page(con):
    # the last creation or stage date is 4 Dec, but D4 was first contacted on 5 Dec 09:15: the SLA page measured to
    # 5 Dec while the overview said "the data ends on 4 Dec"
    assert targets.data_last_day(con) == date(2026, 12, 5)
    assert metrics.filter_options(con).max_date == date(2026, 12, 5)
    assert targets.data_as_of(con) == T(2026, 12, 5, 9, 15)
    caption = overview.period_caption(Filters(), "2026-12", targets.data_last_day(con))
    assert "The data ends on 5 Dec 2026, 5 days into Dec 2026" in caption
    assert "Last year's figures are the same days, 1–5 Dec 2026 against 1–5 Dec 2025." in caption


def test_last_year_is_the_same_days_not_the_whole_month(con):
    k = kpis(con, "2026-12")
    # 1–5 Dec 2026: D1–D4 = 4 leads, 4 MQLs; 1–5 Dec 2025: Y1, Y2 = 2 leads, 2 MQLs (the whole of Dec 2025: 4 and 3)
    assert (k["leads"].value, k["leads"].last_year) == (4, 2)
    assert (k["mqls"].value, k["mqls"].last_year) == (4, 2)
    assert overview.comparisons_text(k["leads"], "2026-12") == "no target · 1–5 Dec 2025: 2 (+100.0%)"
    assert overview.comparisons_text(k["mqls"], "2026-12") == "no target · 1–5 Dec 2025: 2 (+100.0%)"


def test_a_whole_month_keeps_the_whole_of_last_years(con):
    # Dec 2025 against Dec 2024, before the data's first day: no data, and no like-for-like name
    k = kpis(con, "2025-12")
    assert (k["leads"].value, k["leads"].last_year_label) == (4, "")


def test_partial_lead_velocity_compares_the_same_days_of_the_month_before(con, monkeypatch):
    monkeypatch.setattr(config, "CHANGES_MIN_BASE", 2)
    velocity = kpis(con, "2026-12")["lead_velocity"]
    # 4 MQLs on 1–5 Dec against N1, N2 on 1–5 Nov: (4 − 2) ÷ 2 = +100 %, not (4 − 4) ÷ 4 = 0 against all November
    assert velocity.value == pytest.approx(1.0)
    assert overview.tile_value(velocity) == "100.0%"
    assert overview.tile_caption(velocity, "2026-12") == "no target · 1–5 Dec 2026 against 1–5 Nov 2026"


def test_partial_lead_velocity_on_too_few_mqls_is_not_shown_and_says_why(con):
    velocity = kpis(con, "2026-12")["lead_velocity"]
    # 2 MQLs on 1–5 Nov, under the 20 a base needs
    assert overview.tile_value(velocity) == "–"
    assert overview.tile_caption(velocity, "2026-12") == (
        "no target · 1–5 Dec 2026 against 1–5 Nov 2026 · not shown: 2 MQLs in 1–5 Nov 2026, too few to read a "
        "growth rate from (under 20)"
    )


def test_a_whole_months_velocity_on_too_few_mqls_is_withheld_as_the_note_says(con):
    velocity = kpis(con, "2026-11")["lead_velocity"]
    changed = changes.summary(con, Filters(), "2026-11")
    # November's 4 MQLs against October's 1: +300 % on one MQL; the note lists Lead velocity as not compared
    assert velocity.value == pytest.approx(3.0)
    assert "lead_velocity" in changed.not_compared
    assert overview.tile_value(velocity) == "–"
    assert overview.tile_caption(velocity, "2026-11").endswith(
        "not shown: 1 MQL in Oct 2026, too few to read a growth rate from (under 20)"
    )


def test_the_report_says_the_month_is_partial_not_that_the_one_before_had_too_few(con):
    changed = changes.summary(con, Filters(), "2026-12")
    leads = kpis(con, "2026-12")["leads"]
    assert changed.cut_at == date(2026, 12, 5)
    assert report._change(leads, "2026-12", changed.not_compared, changed.cut_at) == (
        "not compared: Dec 2026 is counted to 5 Dec only (5 days), Nov 2026 whole"
    )
    page = report.build_html(con, Filters(), "2026-12")
    assert "too few in Nov 2026" not in page
    assert "1–5 Dec 2025: 2 (+100.0%)" in page


def test_the_sla_page_names_its_now(con):
    assert sla.now_words(con) == "as of 5 Dec 2026 09:15 (the data's last event)"


def test_does_speed_pay_leaves_out_leads_younger_than_the_window(con):
    bands = sla.speed_pays(con, Filters(), sla.SlaSettings()).set_index("band")
    # due: Y1 3 min, D2 4 min, D3 5 min (0–5 min); Y2 180 min, D4 23 h 15 min (60+); created less than 180 days
    # before 5 Dec 2026: D2, D3, D4. 0–5 min: 3 leads, 2 young, Y1 won of the 1 older; 60+: 2, 1 young, 0 of 1
    assert bands.loc["0–5 min", ["count_leads", "count_young", "count_won"]].tolist() == [3, 2, 1]
    assert bands.loc["60+ min", ["count_leads", "count_young", "count_won"]].tolist() == [2, 1, 0]
    assert bands.loc["0–5 min", "won_rate"] == 1.0 and bands.loc["60+ min", "won_rate"] == 0.0
    # 1 older breach × (1/1 − 0/1) × the average won deal 1,000 = 1,000 (with the young: 2 × 1/3 × 1,000 = 667)
    assert sla.revenue_at_stake(bands.reset_index()) == pytest.approx(1000.0)
    assert sla.young_note(bands.reset_index(), Filters()).startswith(
        "3 leads of these, created less than the 180-day conversion window ago, are counted but left out"
    )


def test_same_days_and_their_names():
    # a month back from 31 Mar is the last day of February
    assert periods.same_days("2026-03", date(2026, 3, 31), 1) == (date(2026, 2, 1), date(2026, 2, 28))
    assert periods.same_days("2026-12", date(2026, 12, 4), 12) == (date(2025, 12, 1), date(2025, 12, 4))
    assert periods.days_label(date(2025, 12, 1), date(2025, 12, 4)) == "1–4 Dec 2025"
    assert periods.days_label(date(2026, 10, 1), date(2026, 11, 4)) == "1 Oct – 4 Nov 2026"


# probe 34, finding 1: contacts moved back in the CRM (HubSpot's lifecycle set back to Lead while the MQL and SQL
# dates stay) are counted at their furthest dated stage, but are not waiting with sales there
RECYCLED = [
    # R1: lifecycle Lead with MQL and SQL dates (recycled); R2: a plain SQL; both SQL since 3 Mar
    ("R1", T(2026, 3, 1), "email", "CFO", "SMB", "Ann", "lead", T(2026, 3, 2), T(2026, 3, 3), None),
    ("R2", T(2026, 3, 1), "email", "CFO", "SMB", "Bob", "sql", T(2026, 3, 2), T(2026, 3, 3), None),
    # the data's today: 10 Apr, 38 days after the SQL dates (the SQL threshold is 14)
    ("R3", T(2026, 4, 10), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
]


def test_a_lead_moved_back_in_the_crm_is_not_a_stalled_sql():
    con = store.connect(":memory:")
    load(con, RECYCLED, [])
    found = metrics.stalled_overview(con, Filters(), None)
    sql = found.stages.set_index("stage").loc["sql"]
    # only R2 waits at SQL; R1 is left out and counted apart
    assert (sql["count_in_stage"], sql["count_stalled"], sql["count_moved_back"]) == (1, 1, 1)
    assert found.leads["lead_id"].tolist() == ["R2"]
    assert metrics.moved_back_note(found.stages, Filters()) == (
        "Not counted here: 1 lead at SQL, moved back in the CRM (a lifecycle stage earlier than the stage dated: "
        "recycled to marketing). The funnel counts them at the stage dated; they are not waiting with sales there."
    )
    # the funnel still counts R1 as an SQL: R1, R2
    assert metrics.funnel(con, Filters()).set_index("stage").at["sql", "count_leads"] == 2
    con.close()


def test_the_json_says_the_range_ends_after_the_data(con):
    from dashboard import cli

    december = Filters(date_from=date(2026, 12, 1), date_to=date(2026, 12, 31))
    ends = cli.metrics_document(con, december)["data_ends"]
    # the data's last day is 5 Dec (D4's first contact); the range runs to 31 Dec
    assert (ends["date"], ends["partial"]) == ("2026-12-05", True)
    november = Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    assert cli.metrics_document(con, november)["data_ends"] == {"date": "2026-12-05", "partial": False, "note": None}


def test_a_heading_says_to_when_the_range_runs_past_the_data():
    assert periods.to_date_words(date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 5)) == (
        " · to 5 Dec 2026 (the data's last day)"
    )
    # a whole month before the data's last day, or a range after it, says nothing
    assert periods.to_date_words(date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 5)) == ""
    assert periods.to_date_words(date(2027, 1, 1), date(2027, 1, 31), date(2026, 12, 5)) == ""


def test_the_import_report_counts_leads_moved_back_in_the_crm(tmp_path):
    from dashboard.importers.canonical import import_files

    path = tmp_path / "leads.csv"
    # 103: lifecycle lead with an SQL date; 104: mql with an SQL date; 105: an SQL as its dates say
    path.write_text(
        "lead_id,created_at,lifecycle_stage,mql_at,sql_at\n"
        "103,2026-03-01,lead,2026-03-02,2026-03-03\n"
        "104,2026-03-01,mql,2026-03-02,2026-03-04\n"
        "105,2026-03-01,sql,2026-03-02,2026-03-05\n",
        encoding="utf-8",
    )
    con = store.connect(":memory:")
    report = import_files(con, "leads", [path])
    assert (
        "2 leads have a lifecycle stage earlier than a stage dated (moved back in the CRM, recycled: 103 (lead, SQL "
        "dated), 104 (mql, SQL dated)): the funnel counts them at the stage dated; the time in stage and the stalled "
        "lists leave them out"
    ) in report.notes
    con.close()
