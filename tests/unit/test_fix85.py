"""Probe 79 (Salesforce exports, multi-touch attribution), counted by hand: map reads a campaign members export's
Campaign Type as the touch's source and lists a report's 15-character lead ids; the metrics JSON says when the view's
won deals' touches have no source; a touch-only source is a filter the command line takes; a stored touch-only
source is noted, not warned again; the source CSV names its model; the every-model table is written in the main
table's money style; one row gets no superlative; money rounds halves away from zero and the rows still add up."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import cli, config, formatting, sources, store, tables
from dashboard.filters import Filters
from dashboard.formatting import fmt_money_column
from dashboard.importers.canonical import import_files
from dashboard.importers.propose import proposal_for, stage_file

# LA (Webinar), LB (Paid), LC (Email); won deals DA 1000 (1 Feb), DB 3000 (5 Feb), DC 2000 (10 Feb, no touches)
LEADS = "lead_id,created_at,source\nLA,2025-01-01,Webinar\nLB,2025-01-02,Paid\nLC,2025-01-03,Email\n"
DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount\n"
    "DA,LA,2025-02-01,won,2025-02-20,1000\n"
    "DB,LB,2025-02-05,won,2025-02-25,3000\n"
    "DC,LC,2025-02-10,won,2025-02-28,2000\n"
)
# no source column: DA's path 2 touches, DB's 1 (LB's 20 Feb touch is after DB's creation: off its path)
SOURCELESS = "lead_id,touched_at\nLA,2025-01-10\nLA,2025-01-20\nLB,2025-01-15\nLB,2025-02-20\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def load(con: duckdb.DuckDBPyConnection, tmp_path: Path, touches: str) -> None:
    """The leads and deals above, and the touches given."""
    for kind, text in (("leads", LEADS), ("deals", DEALS), ("touches", touches)):
        import_files(con, kind, [write(tmp_path, f"{kind}.csv", text)])


# --- 1. map: Campaign Type as the touches' source; the page and JSON say when touches have no source


def test_map_reads_a_campaign_members_campaign_type_as_the_source(tmp_path):
    members = write(
        tmp_path,
        "members.csv",
        "Campaign Name,Campaign Type,Lead ID,Status,Member First Associated Date\n"
        "SaaStr 2026,Trade Show,00Q5g00000jgQnc,Responded,6/28/2026 8:20 PM\n"
        "Newsletter Aug,Email,00Q5g00000YDLka,Sent,7/12/2026 8:48 PM\n",
    )
    p = proposal_for("touches", stage_file(members), {})
    assert p.mapping.columns["source"] == ("Campaign Type",)
    assert p.reasons["columns.source"].startswith("no source or channel column: 'Campaign Type'")
    assert "Campaign Type" not in p.unused
    # both ids have 15 letters and digits: stored in their 18-character form, as the leads' preset stores them
    assert p.mapping.salesforce_ids == frozenset({"lead_id"})
    # a real source column wins over the campaign's type
    both = write(tmp_path, "both.csv", "Lead ID,Channel,Campaign Type,Date\n00Q5g00000jgQnc,Email,Webinar,2026-06-28\n")
    assert proposal_for("touches", stage_file(both), {}).mapping.columns["source"] == ("Channel",)


def test_map_lists_an_opportunities_reports_15_character_lead_ids(tmp_path):
    head = "Opportunity ID,Opportunity Name,Stage,Amount,Created Date,Close Date,Lead Source,Lead ID\n"
    opps = write(
        tmp_path,
        "opps.csv",
        head + '0065g00000r1Utk,Acme,Closed Won,"26,445.00",7/1/2026,7/22/2026,Web,00Q5g00000jgQnc\n',
    )
    p = proposal_for("deals", stage_file(opps), {})
    assert p.mapping.columns["lead_id"] == ("Lead ID",)
    assert p.mapping.salesforce_ids == frozenset({"deal_id", "lead_id"})
    assert "lead_id ('Lead ID')" in p.reasons["salesforce_ids"]
    # numbers are no Salesforce ids: left as they are
    numbered = write(
        tmp_path, "numbered.csv", head + "0065g00000r1Utk,Acme,Closed Won,100,7/1/2026,7/22/2026,Web,1001\n"
    )
    assert "lead_id" not in proposal_for("deals", stage_file(numbered), {}).mapping.salesforce_ids


def test_the_metrics_json_says_the_won_deals_touches_have_no_source(empty_con, tmp_path):
    load(empty_con, tmp_path, SOURCELESS)
    said = cli.metrics_document(empty_con, Filters())["sourceless_touches"]
    # DA (2 touches) and DB (1 on its path) of the 3 won deals; DC has no touches; no touch has a source
    assert {k: v for k, v in said.items() if k != "note"} == {
        "won_deals": 3,
        "deals": 2,
        "touches": 3,
        "models_alike": True,
    }
    assert said["note"].startswith(
        "2 of the 3 won deals in this view have touches with no source on their path (3 touches): a touch without a "
        "source is credited to the deal's own source, so every model credits the revenue as first touch does and the "
        "models' columns are the same."
    )
    # every model: Webinar 1000, Paid 3000, Email 2000, as first touch
    wide = sources.attribution(empty_con, Filters()).set_index("source")
    for model in config.ATTRIBUTION_MODELS:
        assert wide[model].to_dict() == {"Paid": 3000.0, "Email": 2000.0, "Webinar": 1000.0}
    # an Email touch of LA on 25 Jan: DA's path has a source now; its two sourceless touches still counted
    import_files(
        empty_con,
        "touches",
        [write(tmp_path, "more.csv", "lead_id,touched_at,source\nLA,2025-01-25,Email\n")],
        mode="append",
    )
    said = sources.sourceless_touches(empty_con, Filters()).as_dict()
    assert (said["deals"], said["touches"], said["models_alike"]) == (2, 3, False)
    assert "differ less than the touches would make them" in str(said["note"])


def test_no_note_when_every_touch_has_a_source(empty_con, tmp_path):
    load(empty_con, tmp_path, "lead_id,touched_at,source\nLA,2025-01-10,Email\n")
    assert sources.sourceless_touches(empty_con, Filters()).note() is None


# --- 3. a source only touches carry is a filter the command line takes (the view has no leads: said)

TOUCH_ONLY = "lead_id,touched_at,source\nLA,2025-01-10,Direct Mail\nLA,2025-01-20,Webinar\n"


@pytest.fixture
def direct_mail(tmp_path: Path) -> str:
    """A database file: the leads and deals above, LA's touches Direct Mail (10 Jan) and Webinar (20 Jan)."""
    path = str(tmp_path / "dm.duckdb")
    con = store.connect(path)
    load(con, tmp_path, TOUCH_ONLY)
    con.close()
    return path


def test_a_touch_only_source_is_a_filter_with_its_credit(direct_mail, capsys):
    code = cli.main(
        ["metrics", "--db", direct_mail, "--source", "Direct Mail", "--model", "linear", "--format", "json"]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    doc = json.loads(out.out)
    # DA's path: Direct Mail, Webinar: 1000 / 2 = 500 to Direct Mail; no lead has it: the funnel is empty
    assert [(r["source"], r["leads"], r["revenue"]) for r in doc["sources"]] == [("Direct Mail", 0, 500.0)]
    assert doc["funnel"][0]["count"] == 0
    assert "note: --source 'Direct Mail': only touches carry it" in out.err
    # a value no row has is still refused
    assert cli.main(["metrics", "--db", direct_mail, "--source", "Direct Mai"]) == 2


# --- 4. a stored touch-only source is noted by a later import, not warned of again


def test_an_append_notes_the_stored_touch_only_source(empty_con, tmp_path):
    load(empty_con, tmp_path, TOUCH_ONLY)
    more = write(tmp_path, "more.csv", "lead_id,touched_at,source\nLB,2025-01-25,Paid\n")
    report = import_files(empty_con, "touches", [more], mode="append")
    assert not any("Direct Mail" in a for a in report.alerts), report.alerts
    assert any(
        n.startswith("touches stored before this import of 'Direct Mail' (1 row) name a source no lead")
        for n in report.notes
    ), report.notes
    # another Direct Mail touch: warned of, with this import's one row (not the 2 stored now)
    again = write(tmp_path, "again.csv", "lead_id,touched_at,source\nLB,2025-01-26,Direct Mail\n")
    report = import_files(empty_con, "touches", [again], mode="append")
    assert any(a.startswith("touches of 'Direct Mail' (1 row) name a source no lead") for a in report.alerts)


# --- 5. the CSV names its model; the every-model table in the main table's money style


def test_the_source_csv_names_its_model(empty_con, tmp_path):
    load(empty_con, tmp_path, TOUCH_ONLY)
    f = Filters()
    rows = sources.with_model(sources.source_table(empty_con, f), sources.attribution(empty_con, f), "u_shaped")
    read = list(csv.DictReader(io.StringIO(sources.table_csv(rows).decode("utf-8-sig"))))
    header = list(read[0])
    assert header[header.index("attributed_revenue") + 1] == "attribution_model"
    # U-shaped, two touches: 50 / 50 of DA's 1000
    by = {r["source"]: r for r in read}
    assert (
        by["Direct Mail"]["attribution_model"] == "u_shaped" and float(by["Direct Mail"]["attributed_revenue"]) == 500
    )
    campaigns = sources.with_model(sources.source_table(empty_con, f, "campaign"), pd.DataFrame(), "linear", "campaign")
    read = list(csv.DictReader(io.StringIO(sources.table_csv(campaigns, "campaign").decode("utf-8-sig"))))
    assert {r["attribution_model"] for r in read} == {"first_touch"}


def test_the_every_model_table_is_written_as_the_main_table():
    models = list(config.ATTRIBUTION_MODELS)
    amounts = [29_940.0, 242_985.31, 776_588.06]  # 1,049,513.37 in all
    credited = pd.DataFrame({"source": ["Web", "Email", "Webinar"], **{m: amounts for m in models}})
    credited.attrs[sources.SHARED_ATTR] = 1_049_513.37
    # the main table's revenue and pipeline: $29.9k and $58.6k need one decimal of $k
    beside = pd.DataFrame({"source": ["Web", "Email"], "attributed_revenue": [29_940.0, 58_600.98]})
    frame, _ = tables.display(sources.models_table(credited, beside=beside))
    decimals = frame.attrs[tables.MONEY_DECIMALS_ATTR]
    for label in config.ATTRIBUTION_MODELS.values():
        # before: $30k, $243k, $777k and a total of $1M (the rows' $k had no decimal, no row was in $M)
        assert fmt_money_column(frame[label], decimals) == ["$29.9k", "$243k", "$777k", "$1.05M"]


# --- 6. one row: no superlative


def test_one_row_gets_no_superlative(empty_con, tmp_path):
    load(empty_con, tmp_path, TOUCH_ONLY)
    webinar = Filters(sources=("Webinar",))
    table = sources.with_model(
        sources.source_table(empty_con, webinar), sources.attribution(empty_con, webinar), "linear", chosen=("Webinar",)
    )
    lines = sources.callouts(table, webinar)
    # linear: DA's 1000 half to Webinar, of the 6000 won in all (DB 3000, DC 2000)
    assert lines[0] == (
        "**Webinar** brings $500 (8.3% of the $6k won across every source in this view's dates and other filters)."
    )
    assert "No spend recorded for Webinar: its cost and ROI are not shown." in lines


# --- 7. money to the cent, halves away from zero; the rows still add up


def test_money_rounds_halves_away_from_zero_as_written():
    # round() went by the binary value: 156411.395 to .39 while 154759.345 went to .35
    assert cli.in_cents({"revenue": 156_411.395, "spend": 154_759.345, "roi": 0.125}) == {
        "revenue": 156_411.40,
        "spend": 154_759.35,
        "roi": 0.125,
    }
    # .13 + .13 + .25 is .51: the cent taken back from the first rounded up
    assert formatting.cents_adding_up([0.125, 0.125, 0.25], 0.5) == [0.12, 0.13, 0.25]
    # .33 three times is .99: the cent given to the first
    assert formatting.cents_adding_up([1 / 3, 1 / 3, 1 / 3], 1.0) == [0.34, 0.33, 0.33]
    # rows that are not all of the total (a source filter's): each rounded alone
    assert formatting.cents_adding_up([0.125], 10.0) == [0.13]


def test_the_json_rows_add_up_to_the_revenue_shared_out(empty_con, tmp_path):
    three = "lead_id,touched_at,source\nLA,2025-01-10,Paid\nLA,2025-01-15,Email\nLA,2025-01-20,Webinar\n"
    load(empty_con, tmp_path, three)
    doc = cli.in_cents(cli.metrics_document(empty_con, Filters(), model="linear"))
    revenue = {r["source"]: r["revenue"] for r in doc["sources"]}
    # DA's 1000 three ways (333.33 each, and a cent to one), DB's 3000 to Paid, DC's 2000 to Email
    assert sorted([revenue["Webinar"], revenue["Paid"] - 3000, revenue["Email"] - 2000]) == pytest.approx(
        [333.33, 333.33, 333.34]
    )
    assert round(sum(revenue.values()), 2) == doc["sources"][0]["attributed_out_of"] == 6000.0


def test_by_account_the_sourceless_note_does_not_call_the_models_alike(empty_con, tmp_path):
    # review 87: LA (Webinar, 1 Jan) and LB (Paid, 2 Jan) one account ACC, LC its own; no touch has a source. By
    # account first touch credits ACC's first lead's source, Webinar, for DB too (Webinar 4000, Email 2000), while the
    # other models credit a sourceless touch to the deal's own source (Webinar 1000, Paid 3000): not the same
    leads = "lead_id,created_at,source,account_id\nLA,2025-01-01,Webinar,ACC\nLB,2025-01-02,Paid,ACC\n"
    leads += "LC,2025-01-03,Email,\n"
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", leads)])
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    import_files(empty_con, "touches", [write(tmp_path, "touches.csv", SOURCELESS)])
    by_account = Filters(count_by="account")
    wide = sources.attribution(empty_con, by_account).set_index("source")
    first = wide["first_touch"].to_dict()
    assert (first.get("Webinar"), first.get("Email"), first.get("Paid", 0.0)) == (4000.0, 2000.0, 0.0)
    assert wide["linear"].to_dict().get("Paid") == 3000.0
    said = sources.sourceless_touches(empty_con, by_account).as_dict()
    assert (said["deals"], said["touches"], said["models_alike"]) == (2, 3, False)
    assert "the models' columns are the same" not in str(said["note"])
    assert "counting by account, credits the account's source (its first touch's)" in str(said["note"])
    # by lead the same touches make the models alike
    assert sources.sourceless_touches(empty_con, Filters()).as_dict()["models_alike"] is True


def test_the_csv_rounds_half_cents_as_the_json_does(empty_con, tmp_path):
    # review 87: DA 1,000.01 shared linearly over LA's two touches (Webinar, Email) is 500.005 each, which a float
    # holds as 500.00499999…: pandas' round wrote 500.0 in the CSV where the JSON, halves away from zero, has 500.01
    deals = DEALS.replace("DA,LA,2025-02-01,won,2025-02-20,1000", "DA,LA,2025-02-01,won,2025-02-20,1000.01")
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", deals)])
    touches = "lead_id,touched_at,source\nLA,2025-01-10,Webinar\nLA,2025-01-20,Email\n"
    import_files(empty_con, "touches", [write(tmp_path, "touches.csv", touches)])
    f = Filters()
    rows = sources.with_model(sources.source_table(empty_con, f), sources.attribution(empty_con, f), "linear")
    read = {r["source"]: r for r in csv.DictReader(io.StringIO(sources.table_csv(rows).decode("utf-8-sig")))}
    # Webinar 500.005 -> 500.01; Email 500.005 + LC's DC 2,000 (no touches: its own source) = 2,500.005 -> 2500.01
    assert read["Webinar"]["attributed_revenue"] == "500.01"
    assert read["Email"]["attributed_revenue"] == "2500.01"
