"""What a second review found in the fixes for finance sheets, Insightly bids, XLSX dates, totals words, Salesforce
Total rows and spend appends; each file is counted by hand."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping, preset_mapping
from dashboard.importers.propose import proposal_for, stage_file

SPEND_TOML = '[spend.columns]\nmonth = "Month"\nsource = "Source"\ncampaign = "Campaign"\namount = "{amount}"\n'


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def spend_of(empty_con, tmp_path, header, cell):
    path = write(tmp_path, "s.csv", f"Month,Source,Campaign,{header}\n2025-01-01,Google Ads,Brand,{cell}\n")
    mapping = load_mapping(write(tmp_path, "s.toml", SPEND_TOML.format(amount=header)))["spend"]
    import_files(empty_con, "spend", [path], mapping=mapping)
    return empty_con.execute("select sum(amount) from spend").fetchone()[0]


@pytest.mark.parametrize(
    ("header", "stored"),
    [
        ("Spend (Bank)", 150.0),  # a word of four letters ending in k is no thousand
        ("Spend (Week)", 150.0),
        ("Spend - MN", 150.0),  # Minnesota, not millions
        ("Spend (USD k)", 150_000.0),
        ("Spend (k EUR)", 150_000.0),
        ("Spend (USD mn)", 150_000_000.0),
    ],
)
def test_only_a_stated_unit_multiplies_the_amounts(empty_con, tmp_path, header, stored):
    assert spend_of(empty_con, tmp_path, header, "150") == stored


def test_bid_types_that_are_no_period_are_read_as_whole_values_and_said(empty_con, tmp_path):
    # a contractor's bids: a 50,000 lump sum over 90 days and a 20,000 hard bid over 30 days are 50,000 and 20,000
    text = (
        "Deal ID,Deal Name,Bid Amount,Bid Type,Bid Duration,Stage,Create Date,Close Date\n"
        "1,School roof,50000,Lump Sum,90,Closed Won,2025-01-05,2025-02-01\n"
        "2,Office fitout,20000,Hard Bid,30,Closed Won,2025-01-06,2025-02-02\n"
    )
    path = write(tmp_path, "bid.csv", text)
    report = import_files(empty_con, "deals", [path], mapping=proposal_for("deals", stage_file(path), {}).mapping)
    got = [r[0] for r in empty_con.execute("select amount from deals order by deal_id").fetchall()]
    assert got == [50000.0, 20000.0]
    assert any("holds Hard Bid 1, Lump Sum 1: neither a fixed value nor a period" in a for a in report.alerts)


def test_a_currency_column_of_iso_numeric_codes_is_a_currency_column(empty_con, tmp_path):
    # 978 is EUR, 840 USD: two currencies, refused as before (they were added up: 2,000)
    text = (
        "Deal ID,Deal Name,Amount,Currency,Stage,Create Date,Close Date\n"
        "1,A,1000,978,Closed Won,2025-01-05,2025-02-01\n2,B,1000,840,Closed Won,2025-01-06,2025-02-02\n"
    )
    path = write(tmp_path, "numcur.csv", text)
    with pytest.raises(ImportRefused, match="several currencies"):
        import_files(empty_con, "deals", [path], mapping=proposal_for("deals", stage_file(path), {}).mapping)


def test_a_notes_column_with_a_date_cell_and_a_day_first_note_refuses_nothing(empty_con, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["month", "source", "campaign", "amount", "Notes"])
    book.active.append([date(2025, 3, 1), "Google Ads", "Brand", 100, date(2025, 3, 4)])
    book.active.append([date(2025, 3, 1), "Google Ads", "Generic", 200, "15/03/2025 call agency"])
    book.save(tmp_path / "notes.xlsx")
    toml = '[spend.columns]\nmonth = "month"\nsource = "source"\ncampaign = "campaign"\namount = "amount"\n'
    import_files(
        empty_con, "spend", [tmp_path / "notes.xlsx"], mapping=load_mapping(write(tmp_path, "n.toml", toml))["spend"]
    )
    assert empty_con.execute("select count(*), sum(amount) from spend").fetchone() == (2, 300.0)


def test_a_campaign_named_somme_is_spend(empty_con, tmp_path):
    # four French campaigns, two of them in the Somme: 100 + 200 + 250 + 50 = 600, nothing skipped
    text = (
        "month,source,campaign,amount\n2025-03-01,Google Ads,Aisne,100\n2025-03-01,Google Ads,Oise,200\n"
        "2025-03-01,Google Ads,Somme,250\n2025-03-01,Google Ads,Somme - Immobilier,50\n"
    )
    import_files(empty_con, "spend", [write(tmp_path, "somme.csv", text)], on_bad_rows="refuse")
    assert empty_con.execute("select count(*), sum(amount) from spend").fetchone() == (4, 600.0)


@pytest.mark.parametrize("total", [["Total", "Count: 2", None, 1700], ["Total", None, "-", 1700]])
def test_a_salesforce_total_row_with_a_count_or_a_dash_is_left_out(empty_con, tmp_path, total):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Opportunity Owner", "Opportunity ID", "Stage", "Amount", "Created Date", "Won", "Closed"])
    sheet.append(["Max", "0065g00000OPP01", "Closed Won", 1000, "2025-01-20", 1, 1])
    sheet.append(["Eva", "0065g00000OPP02", "Prospecting", 700, "2025-02-05", 0, 0])
    sheet.append(total)
    sheet.append([])
    sheet.append(["Confidential Information - Do Not Distribute"])
    sheet.append(["Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."])
    book.save(tmp_path / "sf.xlsx")
    # strict: a skipped row would refuse the file; 2 deals imported
    report = import_files(
        empty_con, "deals", [tmp_path / "sf.xlsx"], mapping=preset_mapping("salesforce", "deals"), on_bad_rows="refuse"
    )
    assert (report.total_read, report.rows_skipped) == (2, 0)


def test_a_spend_append_of_the_same_amounts_says_nothing_of_replaced_campaigns(empty_con, tmp_path):
    text = "month,source,campaign,amount\n2025-03-01,Google Ads,Brand,100\n2025-03-01,Google Ads,Generic,200\n"
    path = write(tmp_path, "sp.csv", text)
    import_files(empty_con, "spend", [path])
    report = import_files(empty_con, "spend", [path], mode="append")
    assert not [a for a in report.alerts if "replaced the stored" in a]
    assert empty_con.execute("select sum(amount) from spend").fetchone() == (300.0,)
