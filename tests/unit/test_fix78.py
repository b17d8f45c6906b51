"""Fix 78 (trials 74 and 76): the import report's count of open deals with a close date counts the deals imported,
a deal dated before its lead names the file's column, the Data page's Amount format choice says when the import
will refuse a column, and `map` on spend files. Files written here, a few rows; every count worked out by hand."""

from __future__ import annotations

from dashboard.cli import main
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.numbers import NumberFormat
from dashboard.mapping_ui import amount_format_hint


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_open_deals_with_a_close_date_are_counted_among_the_deals_imported(empty_con, tmp_path):
    # 7 rows. Open with a close date: D1, D2 (amount 'call me': skipped), D3 (created 'not a date': skipped), D6
    # (D1 again: a repeated id, the first row kept, so skipped) and D7 -> imported: D1 and D7, so 2. D4 is won (its
    # close date is stored), D5 is open with no close date. Before: 5 (D1, D2, D3, D6, D7: counted before the rows'
    # checks skipped any)
    deals = write(
        tmp_path,
        "deals.csv",
        "deal_id,created_at,status,closed_at,amount\n"
        "D1,2026-03-01,open,2026-06-30,100\n"
        "D2,2026-03-02,open,2026-07-01,call me\n"
        "D3,not a date,open,2026-07-02,300\n"
        "D4,2026-03-04,won,2026-04-01,400\n"
        "D5,2026-03-05,open,,500\n"
        "D1,2026-03-06,open,2026-05-01,600\n"
        "D7,2026-03-07,open,2026-08-01,700\n",
    )
    report = import_files(empty_con, "deals", [deals])
    assert empty_con.execute("select count(*) from deals").fetchone()[0] == 4  # D1, D4, D5, D7
    said = [n for n in report.notes if "had a close date" in n]
    assert said == [
        "deals.csv: 2 open deals had a close date in 'closed_at', taken as the date it is expected to close, not the "
        "date it closed: not stored (an open deal has not closed)"
    ]
    # and none of the imported open deals has one stored
    assert empty_con.execute(
        "select count(*) from deals where status = 'open' and closed_at is not null"
    ).fetchone() == (0,)


def test_a_deal_dated_before_its_lead_names_the_files_columns(empty_con, tmp_path):
    # lead L1 created 2026-05-01. Deal X1 opened 2026-04-01 and closed 2026-04-15: both before the lead, on row 1;
    # X2 opened 2026-05-10, closed 2026-06-01: after. By hand: row 1, its columns 'Opened' and 'Closed On' (the
    # file's), never created_at or closed_at
    leads = write(tmp_path, "leads.csv", "lead_id,created_at,source\nL1,2026-05-01,web\n")
    import_files(empty_con, "leads", [leads])
    deals = write(
        tmp_path,
        "deals.csv",
        "Deal Ref,Contact,Opened,Outcome,Closed On,Value\n"
        "X1,L1,2026-04-01,won,2026-04-15,1000\n"
        "X2,L1,2026-05-10,won,2026-06-01,2000\n",
    )
    toml = write(
        tmp_path,
        "deals.toml",
        '[deals.columns]\ndeal_id = "Deal Ref"\nlead_id = "Contact"\ncreated_at = "Opened"\nstatus = "Outcome"\n'
        'closed_at = "Closed On"\namount = "Value"\n',
    )
    report = import_files(empty_con, "deals", [deals], mapping=load_mapping(toml)["deals"])
    assert empty_con.execute("select count(*) from deals").fetchone()[0] == 2
    said = report.issues.fillna("")
    before = said[said["reason"].eq("deal dated before its lead")]
    assert [(int(r.row_number), r.column_name) for r in before.itertuples()] == [(1, "Closed On")]
    assert before["also"].tolist() == ["deal dated before its lead in Opened"]


def test_the_amount_format_choice_says_when_the_import_refuses_or_skips_the_column():
    where = "amount from 'Value'"
    # US amounts under '1.234,56': 980.50 is plain decimal text that format cannot read, so the import refuses the
    # column (read as a plain number it would be wrong); '1,234.56' reads it as 980.5
    said = amount_format_hint(where, ["1,250.50", "980.50"], NumberFormat(",", "."))
    assert said is not None
    assert said.startswith("amount from 'Value': the import will refuse this column: values such as 980.50 ")
    assert "(as the Amount format chosen states)" in said
    assert said.endswith("; choose as the Amount format '1,234.56' if 980.50 means 980.5")
    # German amounts under '1,234.56': 1.250,50 and 980,50 read in no way with '.' as the decimal point, so their
    # 2 rows are skipped as not a number (12 reads either way); the values show ',' as the decimal point
    said = amount_format_hint(where, ["1.250,50", "980,50", "12"], NumberFormat(".", ","))
    assert said == (
        "amount from 'Value': 2 values such as 1.250,50, 980,50 cannot be read with decimal '.' and thousands ',', "
        "and the rows that hold them will be skipped as not a number; choose '1.234,56' (or 'detect') as the "
        "Amount format"
    )
    # detected: 1.250 and 12.500 are a thousand and more, or one and twelve, and no value says which
    said = amount_format_hint(where, ["1.250", "12.500", "980"], None)
    assert said is not None and "the import will refuse this column" in said
    assert said.endswith(
        "; choose as the Amount format '1.234,56' if 1.250 means 1250, or '1,234.56' if 1.250 means 1.25"
    )
    # review 86: a zero is read too (0,00 is 0.0, no failure): under '1,234.56' the 2 German values are skipped
    said = amount_format_hint(where, ["1.234,56", "0,00"], NumberFormat(".", ","))
    assert said is not None and said.startswith("amount from 'Value': 2 values such as 1.234,56, 0,00 cannot be read")
    said = amount_format_hint(where, ["0,00", "0,00"], NumberFormat(".", ","))
    assert said is not None and said.startswith("amount from 'Value': 2 values such as 0,00, 0,00 cannot be read")
    # a choice that reads every value, and detect on values that show their separators: nothing to say
    assert amount_format_hint(where, ["1.250,50", "980,50"], NumberFormat(",", ".")) is None
    assert amount_format_hint(where, ["1,250.50", "980.50"], None) is None


def test_map_gives_a_weekly_reports_reason_not_no_dates(tmp_path, capsys):
    # Google Ads by week (trial 76): the weeks start on Mondays 2026-09-21, 09-28 and 10-05; the totals row writes
    # '--' in Week. By hand, one week crosses a month's end: 2026-09-28 to 2026-10-04 (Sep 28-30 and Oct 1-4), 1 row
    weekly = write(
        tmp_path,
        "weekly.csv",
        "Campaign,Week,Cost\n"
        "Brand,2026-09-21,100.00\n"
        "Brand,2026-09-28,200.00\n"
        "Brand,2026-10-05,300.00\n"
        "Total: Account,--,600.00\n",
    )
    assert main(["map", "--kind", "spend", "--out", str(tmp_path / "w.toml"), str(weekly)]) == 0
    err = capsys.readouterr().err
    month = [line for line in err.splitlines() if line.startswith("warning: weekly.csv, month:")]
    assert len(month) == 1
    assert "no column of the file has values that read as dates" not in month[0]
    assert "the column 'Week' holds weeks, and mapped as the month it is refused: 1 row run from one month" in month[0]
    assert "the week from 2026-09-28 to 2026-10-04 crosses a month's end" in month[0]
    assert "export the report with a breakdown by month or by day" in month[0]


def _source_warning(tmp_path, capsys, name: str, text: str) -> str:
    """`map --kind spend` on a file: its warning of the source, nothing filling it."""
    path = write(tmp_path, name, text)
    assert main(["map", "--kind", "spend", "--out", str(tmp_path / f"{name}.toml"), str(path)]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if line.startswith(f"warning: {name}, source:")]
    assert len(said) == 1
    return said[0]


def test_a_campaign_type_is_never_offered_as_the_source(tmp_path, capsys):
    # a German Google Ads export (trial 76): Kampagnentyp holds Suche and Performance Max (and '--' on the totals
    # row), the campaigns' type, not the channel the leads came by. Alone, no column is offered, as for the English
    # "Campaign type"; beside a Kanal column (Google Ads, Meta: 2 values over 4 rows), Kanal is the one offered
    alone = _source_warning(
        tmp_path,
        capsys,
        "de1.csv",
        "Kampagne,Kampagnentyp,Tag,Kosten\n"
        'Brand,Suche,01.09.2026,"272,84"\n'
        'PMax,Performance Max,01.09.2026,"100,00"\n'
        'Brand,Suche,02.09.2026,"10,00"\n'
        'Gesamt: Konto,--,--,"382,84"\n',
    )
    assert "Kampagnentyp" not in alone
    assert alone.endswith("no column of the file has values that are a few labels, repeated")
    beside = _source_warning(
        tmp_path,
        capsys,
        "de2.csv",
        "Kampagne,Kampagnentyp,Kanal,Tag,Kosten\n"
        'Brand,Suche,Google Ads,01.09.2026,"272,84"\n'
        'PMax,Performance Max,Google Ads,01.09.2026,"100,00"\n'
        'Retarget,Display,Meta,02.09.2026,"50,00"\n'
        'Brand,Suche,Google Ads,02.09.2026,"10,00"\n',
    )
    assert "Kampagnentyp" not in beside
    assert beside.endswith(
        "the file's columns whose values are a few labels, repeated: 'Kanal' (values 'Google Ads', 'Meta'); choose one "
        'in the mapping, such as [spend.columns] source = "Kanal"'
    )
