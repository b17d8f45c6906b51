"""Trial 55 (the monthly meeting): a month without rows drawn as 0, not joined across; pipeline created not compared
on too few opportunities; the SLA's "nobody is waiting" true beside never-contacted leads; the quarter's pro rata
named as it is computed; a pro-rated plan written as the percentage reads it; no rejection shown as a flat 0 %.
Every number is counted by hand from the files written here."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from dashboard import changes, charts, friction, metrics, overview, rollups, sla, sources, store, targets
from dashboard.cli import main
from dashboard.filters import Filters

# events: 2 leads in Jul (L1 L2), none in Aug, 3 in Sep (L6 L7 L8); paid_search: 1 in Jul (L3), 2 in Aug (L4 L5),
# 1 in Sep (L9). MQLs: Jul L1 L3, none in Aug, Sep L6 L9. The data runs from 3 Jul to 10 Sep 2026.
GAP_LEADS = (
    "lead_id,created_at,source,mql_at\n"
    "L1,2026-07-03 10:00,events,2026-07-05 10:00\n"
    "L2,2026-07-20 10:00,events,\n"
    "L3,2026-07-10 10:00,paid_search,2026-07-12 10:00\n"
    "L4,2026-08-04 10:00,paid_search,\n"
    "L5,2026-08-25 10:00,paid_search,\n"
    "L6,2026-09-02 10:00,events,2026-09-04 10:00\n"
    "L7,2026-09-05 10:00,events,\n"
    "L8,2026-09-08 10:00,events,\n"
    "L9,2026-09-10 10:00,paid_search,2026-09-10 11:00\n"
)
JUL, AUG, SEP = "2026-07-01", "2026-08-01", "2026-09-01"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def gap_con(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "gap.duckdb")
    assert main(["import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", GAP_LEADS)]) == 0
    capsys.readouterr()
    con = store.connect(db, read_only=True)
    yield con
    con.close()


def per_month(df, stage: str) -> dict[str, int]:
    rows = df[df["stage"] == stage]
    return {m.strftime("%Y-%m-%d"): int(n) for m, n in zip(rows["month"], rows["count_entries"], strict=True)}


def test_a_month_without_entries_is_a_zero_row(gap_con):
    df = metrics.monthly_entries(gap_con, Filters(sources=("events",)))
    # events: leads Jul 2 (L1 L2), Aug 0, Sep 3 (L6 L7 L8); MQLs Jul 1 (L1), Aug 0, Sep 1 (L6)
    assert per_month(df, "lead") == {JUL: 2, AUG: 0, SEP: 3}
    assert per_month(df, "mql") == {JUL: 1, AUG: 0, SEP: 1}


def test_the_months_are_the_ranges_within_the_datas(gap_con):
    # Jun to Dec asked, the data runs 3 Jul – 10 Sep: no month before it starts or after it ends
    df = metrics.monthly_entries(gap_con, Filters(date_from=date(2026, 6, 1), date_to=date(2026, 12, 31)))
    # all sources: leads Jul 3 (L1 L2 L3), Aug 2 (L4 L5), Sep 4 (L6-L9); MQLs Jul 2 (L1 L3), Aug 0, Sep 2 (L6 L9)
    assert per_month(df, "lead") == {JUL: 3, AUG: 2, SEP: 4}
    assert per_month(df, "mql") == {JUL: 2, AUG: 0, SEP: 2}
    # a range of whole months, read from the rollup (which keeps no zero row): Aug's MQLs still a 0
    whole = Filters(date_from=date(2026, 7, 1), date_to=date(2026, 9, 30))
    assert rollups.entries_exact(whole)
    assert per_month(metrics.monthly_entries(gap_con, whole), "mql") == {JUL: 2, AUG: 0, SEP: 2}
    # within the range: Aug alone has no MQL, and one month is all the chart covers
    aug = Filters(date_from=date(2026, 8, 1), date_to=date(2026, 8, 31))
    assert per_month(metrics.monthly_entries(gap_con, aug), "lead") == {AUG: 2}
    assert per_month(metrics.monthly_entries(gap_con, aug), "mql") == {}


def test_the_entries_chart_draws_the_zero(gap_con):
    df = metrics.monthly_entries(gap_con, Filters(sources=("events",)))
    fig = charts.monthly_entries(df, through=date(2026, 9, 10))
    lines = {t.name: (tuple(str(x)[:10] for x in t.x), tuple(t.y)) for t in fig.data}
    # events' leads 2, 0, 3 and MQLs 1, 0, 1 (as above): August a point at 0
    assert lines["Lead"] == ((JUL, AUG, SEP), (2, 0, 3))
    assert lines["MQL"] == ((JUL, AUG, SEP), (1, 0, 1))
    # September, counted to the 10th, is still shaded and labelled as partial
    assert [a.text for a in fig.layout.annotations] == ["to 10 Sep"]


def test_the_source_trend_draws_the_zero(gap_con):
    trend = sources.source_trend(gap_con, Filters())
    events = trend[trend["source"] == "events"]
    # events' leads: Jul 2, Aug 0, Sep 3
    assert events["count_leads"].tolist() == [2, 0, 3]
    fig = charts.source_trend(trend, "count_leads", "Leads")
    lines = {t.name: (tuple(str(x)[:10] for x in t.x), tuple(t.y)) for t in fig.data}
    assert lines["Events"] == ((JUL, AUG, SEP), (2, 0, 3))
    # paid_search 1, 2, 1 (L3; L4 L5; L9)
    assert lines["Paid search"] == ((JUL, AUG, SEP), (1, 2, 1))
    # Aug's events have no MQL: no rejection rate (a gap), not 0 %
    rates = trend.loc[trend["source"] == "events", "rejection_rate"].tolist()
    assert rates[1] != rates[1]


# Oct 2026: 3 deals created (D1-D3, $9k each: $27k); Nov 2026: 5 (D4-D8, $10k + $10k + $10k + $9k + $9k: $48k);
# one lead per deal, so 3 opportunities in Oct and 5 in Nov. L9 on 2 Dec ends the data after November.
PIPE_LEADS = (
    "lead_id,created_at,source\n"
    + "".join(f"L{i},2026-{'10' if i <= 3 else '11'}-0{i},paid_search\n" for i in range(1, 9))
    + "L9,2026-12-02,paid_search\n"
)
PIPE_DEALS = "deal_id,lead_id,created_at,status,amount\n" + "".join(
    f"D{i},L{i},2026-{'10' if i <= 3 else '11'}-1{i},open,{10000 if i in (4, 5, 6) else 9000}\n" for i in range(1, 9)
)


@pytest.fixture
def pipe_con(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "pipe.duckdb")
    assert main(["import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", PIPE_LEADS)]) == 0
    assert main(["import", "--db", db, "--kind", "deals", write(tmp_path, "deals.csv", PIPE_DEALS)]) == 0
    capsys.readouterr()
    con = store.connect(db, read_only=True)
    yield con
    con.close()


def test_pipeline_created_is_not_compared_on_too_few_opportunities(pipe_con):
    pipeline = next(k for k in overview.kpis(pipe_con, Filters(), "2026-11") if k.key == "pipeline")
    # Oct $27k (3 deals), Nov $48k (5 deals): +77.8 % on 3 opportunities
    assert (pipeline.value, pipeline.previous) == (48000.0, 27000.0)
    changed = changes.summary(pipe_con, Filters(), "2026-11")
    # 3 opportunities in Oct, under 20: Opportunities not compared, and the pipeline they are the deals of neither
    assert "opportunities" in changed.small_base and "pipeline" in changed.not_compared
    assert overview.delta_text(pipeline, "2026-11", changed.not_compared) is None
    assert "Pipeline created" in (changed.note() or "")


# Nov 2026: L1 and L3 contacted 30 minutes after their SQL; L2 (SQL 3 Nov) never contacted, and its deal D1 (open)
# makes it "never contacted", not waiting. Nobody waits now.
SLA_LEADS = (
    "lead_id,created_at,source,sql_at,first_contact_at\n"
    "L1,2026-11-02 09:00,events,2026-11-02 10:00,2026-11-02 10:30\n"
    "L2,2026-11-03 09:00,events,2026-11-03 10:00,\n"
    "L3,2026-11-20 09:00,events,2026-11-20 10:00,2026-11-20 10:30\n"
)
SLA_DEALS = "deal_id,lead_id,created_at,status,amount\nD1,L2,2026-11-05 09:00,open,5000\n"


@pytest.fixture
def sla_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "sla.duckdb")
    assert main(["import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", SLA_LEADS)]) == 0
    assert main(["import", "--db", db, "--kind", "deals", write(tmp_path, "deals.csv", SLA_DEALS)]) == 0
    capsys.readouterr()
    return db


def test_nobody_waiting_is_not_said_to_mean_everyone_contacted(sla_db):
    con = store.connect(sla_db, read_only=True)
    try:
        summary = sla.summary(con, Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)), sla.SlaSettings())
    finally:
        con.close()
    # L2 never contacted (its deal open), nobody waiting
    assert (summary.never_contacted, summary.waiting_now) == (1, 0)
    assert summary.nobody_waiting() == (
        "Nobody is waiting now, but 1 lead handed over was never contacted (in the breach list below).",
        False,
    )
    # with none never contacted, the all-clear stands
    everyone = dataclasses.replace(summary, never_contacted=0)
    assert everyone.nobody_waiting() == ("Nobody is waiting: every handed-over lead has been contacted.", True)


# targets of $60k revenue and 28 MQLs for each of Oct, Nov, Dec 2026; the data runs 2 Oct – 5 Dec 2026; 6 MQLs in
# Dec (M1-M6, on the 1st to the 5th)
Q4_LEADS = "lead_id,created_at,source,mql_at\nL1,2026-10-02,events,\nL2,2026-12-05,events,\n" + "".join(
    f"M{i},2026-12-0{min(i, 5)},events,2026-12-0{min(i, 5)}\n" for i in range(1, 7)
)
Q4_TARGETS = "month,metric,value\n" + "".join(
    f"2026-{m},{metric},{value}\n" for m in ("10", "11", "12") for metric, value in (("revenue", 60000), ("mqls", 28))
)


@pytest.fixture
def q4_con(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "q4.duckdb")
    assert main(["import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", Q4_LEADS)]) == 0
    assert main(["import", "--db", db, "--kind", "targets", write(tmp_path, "targets.csv", Q4_TARGETS)]) == 0
    capsys.readouterr()
    con = store.connect(db, read_only=True)
    yield con
    con.close()


def test_the_quarters_pro_rata_is_named_month_by_month(q4_con):
    revenue = next(k for k in overview.kpis(q4_con, Filters(), "2026-Q4") if k.key == "revenue")
    # Oct $60k + Nov $60k whole + Dec $60k × 5/31 = $129,677.42 (not $180k × 66/92 = $129,130.43)
    assert revenue.target == pytest.approx(120000 + 60000 * 5 / 31)
    assert revenue.target_note == "pro rata by month: Oct–Nov 2026 whole, 5 of Dec 2026's 31 days"
    # a range cut at both ends: 15–31 Oct is 17 of its 31 days, Nov whole, 1–5 Dec 5 of 31
    table = targets.totals(q4_con, Filters(date_from=date(2026, 10, 15), date_to=date(2026, 12, 31)))
    assert targets.pro_rata_words(table, "mqls") == (
        "pro rata by month: 17 of Oct 2026's 31 days, Nov 2026 whole, 5 of Dec 2026's 31 days"
    )
    # one month cut: as before
    december = targets.totals(q4_con, Filters(date_from=date(2026, 12, 1), date_to=date(2026, 12, 31)))
    assert targets.pro_rata_words(december, "mqls") == "pro rata: 5 of 31 days"


def test_a_pro_rated_plan_is_written_as_the_percentage_reads_it(q4_con):
    december = Filters(date_from=date(2026, 12, 1), date_to=date(2026, 12, 31))
    mqls = next(c for c in friction.volume(q4_con, december) if c.metric == "mqls")
    # Dec's 28 MQLs × 5/31 days = 4.52 planned; 6 entered (M1-M6): 6 / 4.516 = 132.9 %, with the plan as 4.5 (not
    # "5", of which 6 is 120 %)
    assert mqls.sentence("MQLs") == ":green[**On target:**] 6 MQLs of 4.5 planned (132.9%); pro rata: 5 of 31 days"
    # short of it: 4.52 - 3 = 1.5 missing, not 2
    short = dataclasses.replace(mqls, actual=3)
    assert short.sentence("MQLs") == (
        ":red[**Short:**] 3 MQLs of 4.5 planned (66.4%), 1.5 missing; pro rata: 5 of 31 days"
    )
    # a whole plan stays a count
    assert (
        dataclasses.replace(mqls, target=28.0, target_note="")
        .sentence("MQLs")
        .endswith("6 MQLs of 28 planned (21.4%), 22 missing")
    )


def test_no_rejection_is_an_empty_rate_chart_that_says_why(gap_con):
    # the gap fixture has no disqualification at all: every month's rate is 0 or none (no MQL)
    trend = sources.source_trend(gap_con, Filters())
    assert trend["count_rejected"].sum() == 0
    fig = charts.source_trend(trend, "rejection_rate", "Rejected", percent=True, empty_note=sources.NO_REJECTIONS_NOTE)
    assert [a.text for a in fig.layout.annotations] == [sources.NO_REJECTIONS_NOTE]
    assert list(fig.layout.yaxis.range) == [0, 1] and fig.layout.yaxis.showticklabels is False
    # a rate with a value keeps its axis, from 0
    rated = trend.assign(rejection_rate=0.5)
    fig = charts.source_trend(rated, "rejection_rate", "Rejected", percent=True, empty_note=sources.NO_REJECTIONS_NOTE)
    assert not fig.layout.annotations and fig.layout.yaxis.range is None and fig.layout.yaxis.rangemode == "tozero"
