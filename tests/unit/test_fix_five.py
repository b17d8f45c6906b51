"""Six silent misreadings found by a tester (probe 18), each written small and counted by hand."""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl

from dashboard.cli import main


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(tmp_path, capsys, kind, path, *args: str) -> tuple[int, str, str]:
    """Import one file into tmp_path/x.duckdb: (exit code, what it printed, what it said on stderr)."""
    code = main(["import", "--db", str(tmp_path / "x.duckdb"), "--kind", kind, *args, str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(tmp_path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def sheet(tmp_path, name, rows):
    """An XLSX file of these rows; a datetime cell formatted as US Excel shows it."""
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(list(row))
    for cell in ws["B"][1:]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "m/d/yyyy"
    path = tmp_path / name
    book.save(path)
    return path


LEADS_MAP = '[leads.columns]\nlead_id = "Lead ID"\ncreated_at = "Created Date"\n'


def test_date_cells_that_excel_may_have_swapped_in_a_day_first_column_are_refused(tmp_path, capsys):
    # 01/03/2024 (1 March) became a date cell for 3 January; 15/03/2024 stayed text: the column is day first, so
    # the cell's day 3 may be the month
    path = sheet(
        tmp_path,
        "mixed.xlsx",
        [("Lead ID", "Created Date"), ("L1", dt.datetime(2024, 1, 3)), ("L2", "15/03/2024"), ("L3", "20/04/2024")],
    )
    code, _out, err = imported(tmp_path, capsys, "leads", path, "--mapping", str(write(tmp_path, "m.toml", LEADS_MAP)))
    assert code != 0
    assert "mixed.xlsx" in err and "'Created Date'" in err
    assert "row 2 is a date cell" in err and "row 3 is the text '15/03/2024'" in err
    assert "formatted as text" in err and "export it again as CSV" in err


def test_date_cells_with_a_day_past_12_or_without_text_dates_read_as_before(tmp_path, capsys):
    # L1 is 20 January as a cell (day 20 cannot be a month: not swapped), L2 text 15/03/2024 day first: 1 in Jan,
    # 1 in Mar. A second file with only date cells (day 3 and 4) keeps them: Jan 1 + Feb 1
    path = sheet(
        tmp_path,
        "late.xlsx",
        [("Lead ID", "Created Date"), ("L1", dt.datetime(2024, 1, 20)), ("L2", "15/03/2024")],
    )
    mapping = write(tmp_path, "m.toml", LEADS_MAP)
    code, _out, err = imported(tmp_path, capsys, "leads", path, "--mapping", str(mapping))
    assert code == 0, err
    assert stored(tmp_path, "select created_at::date::varchar from leads order by 1") == [
        ("2024-01-20",),
        ("2024-03-15",),
    ]
    only = sheet(
        tmp_path,
        "cells.xlsx",
        [("Lead ID", "Created Date"), ("M1", dt.datetime(2024, 1, 3)), ("M2", dt.datetime(2024, 2, 4))],
    )
    code, _out, err = imported(tmp_path, capsys, "leads", only, "--mapping", str(mapping), "--mode", "append")
    assert code == 0, err
    assert stored(tmp_path, "select created_at::date::varchar from leads where lead_id like 'M%' order by 1") == [
        ("2024-01-03",),
        ("2024-02-04",),
    ]


INSIGHTLY = (
    "Opportunity Id,Bid Amount,Bid Type,Bid Duration,Date Created,Actual Close Date,Opportunity State\n"
    "1,500,Per Month,12,2024-01-05,2024-02-01,Won\n"
    "2,12000,Fixed Bid,,2024-01-10,2024-02-20,Won\n"
    "3,80,Per Hour,50,2024-02-10,2024-03-10,Won\n"
    "4,50000,Fixed Bid,,2024-02-15,2024-03-15,Lost\n"
)
INSIGHTLY_MAP = (
    '[deals.columns]\ndeal_id = "Opportunity Id"\ncreated_at = "Date Created"\nclosed_at = "Actual Close Date"\n'
    'status = "Opportunity State"\namount = "{amount}"\n'
    '[deals.values.status]\n"won" = "won"\n"lost" = "lost"\n'
)


def test_insightly_bids_per_period_are_multiplied_by_their_duration(tmp_path, capsys):
    # won: 500 × 12 = 6,000 + 12,000 (fixed) + 80 × 50 = 4,000 → 22,000; lost 50,000 fixed, as written
    path = write(tmp_path, "opps.csv", INSIGHTLY)
    mapping = write(tmp_path, "m.toml", INSIGHTLY_MAP.format(amount="Bid Amount"))
    code, out, err = imported(tmp_path, capsys, "deals", path, "--mapping", str(mapping))
    assert code == 0, err
    assert "2 deals have a value per period (column 'Bid Type'" in out
    assert stored(tmp_path, "select status, sum(amount)::int from deals group by 1 order by 1") == [
        ("lost", 50000),
        ("won", 22000),
    ]


def test_insightly_opportunity_value_is_proposed_and_read_as_written(tmp_path, capsys):
    # Opportunity Value is already the bid times its duration: 6,000 + 12,000 = 18,000 won, not multiplied again
    path = write(
        tmp_path,
        "opps2.csv",
        "Opportunity Id,Opportunity Value,Bid Amount,Bid Type,Bid Duration,Date Created,Actual Close Date,"
        "Opportunity State\n1,6000,500,Per Month,12,2024-01-05,2024-02-01,Won\n"
        "2,12000,12000,Fixed Bid,,2024-01-10,2024-02-20,Won\n",
    )
    assert main(["map", "--kind", "deals", str(path)]) == 0
    assert 'amount = "Opportunity Value"' in capsys.readouterr().out
    mapping = write(tmp_path, "m.toml", INSIGHTLY_MAP.format(amount="Opportunity Value"))
    code, out, err = imported(tmp_path, capsys, "deals", path, "--mapping", str(mapping))
    assert code == 0, err
    assert "value per period" not in out and "recurring value" not in out
    assert stored(tmp_path, "select sum(amount)::int from deals where status = 'won'") == [(18000,)]


SPEND_MAP = '[spend.columns]\nmonth = "month"\nsource = "source"\namount = "{amount}"\n'


def test_an_amount_header_in_thousands_or_millions_multiplies_its_amounts(tmp_path, capsys):
    # 150 + 200.5 thousands = 150,000 + 200,500 = 350,500; Cost (in millions) 2 and 0.5 = 2,500,000
    for header, cells, total in (
        ("Spend (USD thousands)", ("150", "200.5"), 350_500),
        ("Cost ($K)", ("150", "200.5"), 350_500),
        ("Amount (000s)", ("150", "200.5"), 350_500),
        ("Spend (k€)", ("150", "200.5"), 350_500),
        ("Расход, тыс. руб.", ("150", "200.5"), 350_500),
        ("Cost (in millions)", ("2", "0.5"), 2_500_000),
    ):
        (tmp_path / "x.duckdb").unlink(missing_ok=True)
        path = write(
            tmp_path,
            "s.csv",
            f'month,source,"{header}"\n2024-01,paid_search,{cells[0]}\n2024-02,paid_search,{cells[1]}\n',
        )
        mapping = write(tmp_path, "m.toml", SPEND_MAP.format(amount=header))
        code, out, err = imported(tmp_path, capsys, "spend", path, "--mapping", str(mapping))
        assert code == 0, (header, err)
        assert "multiplied by 1,000" in out, header
        assert stored(tmp_path, "select sum(amount)::int from spend") == [(total,)], header


def test_an_amount_header_whose_unit_is_unsure_is_refused(tmp_path, capsys):
    # $M is a thousand to some (Roman), a million to others; a 1.5k cell under a thousands header: scaled twice
    for header, cell, said in (("Spend ($M)", "150", "'$m'"), ("Spend (USD thousands)", "1.5k", "'1.5k'")):
        path = write(tmp_path, "s.csv", f'month,source,"{header}"\n2024-01,paid_search,{cell}\n')
        mapping = write(tmp_path, "m.toml", SPEND_MAP.format(amount=header))
        code, _out, err = imported(tmp_path, capsys, "spend", path, "--mapping", str(mapping))
        assert code != 0 and said in err and "s.csv" in err, (header, err)
    # a plain header and a rate per thousand read as before: 150
    path = write(tmp_path, "s.csv", "month,source,Cost per 1000 impressions\n2024-01,paid_search,150\n")
    mapping = write(tmp_path, "m.toml", SPEND_MAP.format(amount="Cost per 1000 impressions"))
    code, _out, err = imported(tmp_path, capsys, "spend", path, "--mapping", str(mapping))
    assert code == 0, err
    assert stored(tmp_path, "select sum(amount)::int from spend") == [(150,)]


BITRIX = (
    "ID;Stage;Income;Created;Closed\n"
    "21;Invoice paid;1000;05.01.2024 10:00:00;Y\n"
    "22;Completed;2000;06.01.2024 10:00:00;Y\n"
    "23;Rejected;3000;13.01.2024 10:00:00;Y\n"
    "24;In progress;4000;14.01.2024 10:00:00;N\n"
)
BITRIX_MAP = (
    '[deals.columns]\ndeal_id = "ID"\nstage = "Stage"\nstatus = "Stage"\ncreated_at = "Created"\namount = "Income"\n'
    '[deals.status_flags]\nclosed = ["Closed"]\n[deals.values.status]\n"in progress" = "open"\n{more}'
)


def test_a_closed_deal_whose_stage_is_neither_won_nor_lost_is_refused_not_lost(tmp_path, capsys):
    # 2 closed deals (21, 22) whose stages no word reads won or lost: refused, each stage named; 23's Rejected says
    # it ended, lost when closed (as Bitrix24's Analyse failure)
    path = write(tmp_path, "bx.csv", BITRIX)
    mapping = write(tmp_path, "m.toml", BITRIX_MAP.format(more='"invoice paid" = "open"\n'))
    code, _out, err = imported(tmp_path, capsys, "deals", path, "--mapping", str(mapping))
    assert code != 0
    assert "bx.csv: 2 closed deals ('Closed' says yes)" in err
    assert "'Completed' 1, 'Invoice paid' 1." in err
    assert "[deals.values.status]" in err and '"Invoice paid" = "won or lost"' in err
    # said: 21 and 22 won (1,000 + 2,000 = 3,000), 23 lost, 24 open by its flag
    more = '"invoice paid" = "won"\n"completed" = "won"\n'
    write(tmp_path, "m.toml", BITRIX_MAP.format(more=more))
    code, _out, err = imported(tmp_path, capsys, "deals", path, "--mapping", str(mapping))
    assert code == 0, err
    assert stored(tmp_path, "select status, count(*), sum(amount)::int from deals group by 1 order by 1") == [
        ("lost", 1, 3000),
        ("open", 1, 4000),
        ("won", 2, 3000),
    ]


def test_the_proposal_leaves_a_closed_stage_that_is_no_won_or_lost_word_to_the_user(tmp_path, capsys):
    # Invoice paid and Completed are closed (Y): not proposed open; In progress (N) is
    path = write(tmp_path, "bx.csv", BITRIX)
    assert main(["map", "--kind", "deals", str(path)]) == 0
    out = capsys.readouterr().out
    assert '"in progress" = "open"' in out
    assert '# "invoice paid" = ?' in out and '# "completed" = ?' in out
    assert '"invoice paid" = "open"' not in out and '"*" = "open"' not in out


ADS_MAP = (
    '[spend.columns]\nmonth = "Day"\ncampaign = "Campaign"\namount = "Cost"\n'
    '[spend.constants]\nsource = "paid_search"\n'
)


def test_an_append_that_replaces_stored_campaigns_says_which_with_both_amounts(tmp_path, capsys):
    # Google Ads: Brand - Exact 120 + 80 = 200 and Generic - Broad 1,000 in March; Microsoft Ads appended: Brand -
    # Exact 50 replaces Google's 200 (the same name and source): March 1,000 + 50 = 1,050, said with 200 → 50
    mapping = write(tmp_path, "m.toml", ADS_MAP)
    google = write(
        tmp_path,
        "gads.csv",
        "Day,Campaign,Cost\n2024-03-01,Brand - Exact,120\n2024-03-02,Brand - Exact,80\n"
        "2024-03-01,Generic - Broad,1000\n",
    )
    code, _out, err = imported(tmp_path, capsys, "spend", google, "--mapping", str(mapping))
    assert code == 0, err
    bing = write(tmp_path, "msads.csv", "Day,Campaign,Cost\n2024-03-01,Brand - Exact,50\n")
    code, out, err = imported(tmp_path, capsys, "spend", bing, "--mapping", str(mapping), "--mode", "append")
    assert code == 0, err
    assert (
        "WARNING: spend: msads.csv replaced the stored campaign 'Brand - Exact' of paid_search in Mar 2024 "
        "(200.00 → 50.00)" in out
    )
    assert "another platform's campaigns of the same name" in out and "[spend.constants] source" in out
    assert stored(tmp_path, "select sum(amount)::int from spend") == [(1050,)]


def test_totals_labels_in_more_languages_are_not_counted_as_spend(tmp_path, capsys):
    # Spring 100 + Retarget 50 + Spring 25 = 175; the dated totals row (175) is skipped whatever its language
    for label in ("Ukupno", "Skupaj", "Toplam Sonuç", "Somme totale", "Итого по всем", "Sumatoria"):
        (tmp_path / "x.duckdb").unlink(missing_ok=True)
        path = write(
            tmp_path,
            "t.csv",
            "Day,Campaign,Cost\n2024-03-01,Spring,100.00\n2024-03-02,Retarget,50.00\n2024-03-03,Spring,25.00\n"
            f"2024-03-31,{label},175.00\n",
        )
        code, _out, err = imported(
            tmp_path, capsys, "spend", path, "--mapping", str(write(tmp_path, "m.toml", ADS_MAP))
        )
        assert code == 0, (label, err)
        assert stored(tmp_path, "select sum(amount)::int from spend") == [(175,)], label
