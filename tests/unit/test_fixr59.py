"""Fix r59: the data's days read once per page path (the Sources trend and the Friction checks take the days the
sidebar's filter_options read). Every number is counted by hand from the files written here."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard import changes, config, friction, metrics, overview, queries, sources, store
from dashboard.cli import main
from dashboard.filters import Filters

# events: 2 leads in Jul (L1 L2), none in Aug, 3 in Sep (L6 L7 L8); paid_search: 1 in Jul (L3), 2 in Aug (L4 L5),
# 1 in Sep (L9). The data runs from 3 Jul to 10 Sep 2026.
LEADS = (
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


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def leads_con(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "leads.duckdb")
    assert main(["import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", LEADS)]) == 0
    capsys.readouterr()
    con = store.connect(db, read_only=True)
    yield con
    con.close()


def test_the_sources_trend_reads_the_data_days_once(leads_con, reads):
    # the page's path: the sidebar's filter_options, then the trend with the days it read
    options = metrics.filter_options(leads_con)
    trend = sources.source_trend(leads_con, Filters(), 2, (options.min_date, options.max_date))
    # one read of date_bounds (filter_options'); before, source_trend read it a second time for its months
    assert reads["date_bounds"] == 1
    events = trend[trend["source"] == "events"]
    # events' leads: Jul 2 (L1 L2), Aug 0, Sep 3 (L6 L7 L8): the months are the data's 3, as when read here
    assert events["count_leads"].tolist() == [2, 0, 3]
    assert trend.equals(sources.source_trend(leads_con, Filters(), 2))


def test_the_friction_checks_read_the_data_days_once(leads_con, reads):
    options = metrics.filter_options(leads_con)
    checks = friction.volume(leads_con, Filters(), (options.min_date, options.max_date))
    # one read of date_bounds (filter_options'); before, volume read it again
    assert reads["date_bounds"] == 1
    # 9 leads (L1-L9), 4 MQLs (L1 L3 L6 L9), none of them an SQL; no target set
    assert {c.metric: (c.actual, c.target) for c in checks} == {
        "leads": (9, None),
        "mqls": (4, None),
        "sqls": (0, None),
    }
    assert checks == friction.volume(leads_con, Filters())


def test_view_months_takes_the_days(leads_con, reads):
    options = metrics.filter_options(leads_con)
    months = metrics.view_months(leads_con, Filters(), (options.min_date, options.max_date))
    assert reads["date_bounds"] == 1
    # 3 Jul to 10 Sep 2026: Jul, Aug, Sep
    assert [m.isoformat() for m in months] == ["2026-07-01", "2026-08-01", "2026-09-01"]


def test_the_no_value_macro_reads_the_config_list(monkeypatch):
    # the file names the list; it holds no copy of the marks
    raw = queries.query_path("macros/cleaning").read_text(encoding="utf-8")
    assert "'-none-'" not in raw and "{{no_value_marks}}" in raw
    # a mark added to config (through the list sql_text writes in) is read as no value by the macro: 1 of the 2
    # cells below is a mark, the other a real label
    monkeypatch.setitem(queries._CONFIG_LISTS, "no_value_marks", (*queries._CONFIG_LISTS["no_value_marks"], "n/a!"))
    queries.sql_text.cache_clear()
    try:
        con = duckdb.connect()
        con.execute(queries.sql_text("macros/cleaning"))
        assert con.execute("select no_value('N/A!'), no_value('Events')").fetchone() == (None, "Events")
        # each of config's 5 marks (Copper's "No Source" since trial 109), as a CRM writes it (mixed case), is no value
        marks = [con.execute("select no_value(?)", [m]).fetchone()[0] for m in config.NO_VALUE_MARKS]
        assert marks == [None, None, None, None, None]
    finally:
        queries.sql_text.cache_clear()


def _deals_con(tmp_path: Path, per_lead: int, leadless: int = 0) -> duckdb.DuckDBPyConnection:
    """5 leads in Oct 2026 (L1-L5) and 5 in Nov (L6-L10), each with `per_lead` open deals created in its month ($1,000
    each in Oct, $1,200 in Nov), and `leadless` deals without a lead in each month (same amounts); L11 on 2 Dec ends
    the data after November."""
    leads = "lead_id,created_at,source\n" + "".join(
        f"L{i},2026-{'10' if i <= 5 else '11'}-0{1 + i % 5},paid_search\n" for i in range(1, 11)
    )
    leads += "L11,2026-12-02,paid_search\n"
    rows = []
    for i in range(1, 11):
        month, amount = ("10", 1000) if i <= 5 else ("11", 1200)
        rows += [f"D{i}x{k},L{i},2026-{month}-{10 + k},open,{amount}" for k in range(per_lead)]
    for month, amount in (("10", 1000), ("11", 1200)):
        rows += [f"S{month}x{k},,2026-{month}-{10 + k},open,{amount}" for k in range(leadless)]
    deals = "deal_id,lead_id,created_at,status,amount\n" + "\n".join(rows) + "\n"
    folder = tmp_path / f"{per_lead}x{leadless}"
    folder.mkdir()
    db = str(folder / "deals.duckdb")
    assert main(["import", "--db", db, "--kind", "leads", write(folder, "leads.csv", leads)]) == 0
    assert main(["import", "--db", db, "--kind", "deals", write(folder, "deals.csv", deals)]) == 0
    return store.connect(db, read_only=True)


def _pipeline(con: duckdb.DuckDBPyConnection) -> tuple[overview.Kpi, changes.Changes]:
    tile = next(k for k in overview.kpis(con, Filters(), "2026-11") if k.key == "pipeline")
    return tile, changes.summary(con, Filters(), "2026-11")


def test_pipeline_created_rests_on_the_deals_created(tmp_path, capsys):
    con = _deals_con(tmp_path, per_lead=5)
    capsys.readouterr()
    tile, changed = _pipeline(con)
    # Oct: 5 leads × 5 deals = 25 deals, $25,000; Nov: 25 deals, $30,000: +20.0 %
    assert (tile.value, tile.previous) == (30000.0, 25000.0)
    # 5 opportunities in Oct (the leads whose first deal it is), under 20: Opportunities not compared ...
    assert "opportunities" in changed.small_base
    # ... but Pipeline created sums Oct's 25 deals, not under 20: compared (before, it rested on the 5 opportunities)
    assert "pipeline" not in changed.not_compared
    assert overview.delta_text(tile, "2026-11", changed.not_compared) == "+20.0% vs Oct"
    assert "Pipeline created" not in (changed.note() or "")
    con.close()
    # 5 leads × 2 deals = 10 deals in Oct ($10,000) and in Nov ($12,000): under 20, not compared
    con = _deals_con(tmp_path, per_lead=2)
    capsys.readouterr()
    tile, changed = _pipeline(con)
    assert (tile.value, tile.previous) == (12000.0, 10000.0)
    assert "pipeline" in changed.not_compared
    assert overview.delta_text(tile, "2026-11", changed.not_compared) is None
    assert "Pipeline created" in (changed.note() or "")
    con.close()


def test_pipeline_created_counts_the_deals_without_a_lead(tmp_path, capsys):
    con = _deals_con(tmp_path, per_lead=3, leadless=5)
    capsys.readouterr()
    tile, changed = _pipeline(con)
    # Oct: 5 leads × 3 deals + 5 without a lead = 20 deals, $20,000; Nov: 20 deals, $24,000: +20.0 %, compared
    # (15 deals of leads alone would be under 20)
    assert (tile.value, tile.previous) == (24000.0, 20000.0)
    assert "pipeline" not in changed.not_compared
    assert overview.delta_text(tile, "2026-11", changed.not_compared) == "+20.0% vs Oct"
    con.close()
