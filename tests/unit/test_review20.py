"""What a review of the translated-exports fixes found, each on a file counted by hand: a Salesforce sheet's last
record named Sum, date cells under a header's offset, headers that only look like currency columns, a row of blanks."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import is_currency_column, load_mapping, preset_mapping
from dashboard.importers.propose import proposal_for, stage_file

FOOTER = ["Confidential Information - Do Not Distribute", "Copyright (c) 2000-2025 salesforce.com, inc."]


def sheet(tmp_path, name, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_last_record_whose_first_cell_is_a_total_word_is_a_record(empty_con, tmp_path):
    # 3 leads, the last one Kevin Sum's (a partner), then a blank row and Salesforce's footer: 3 leads, not 2
    path = sheet(
        tmp_path,
        "leads.xlsx",
        [
            ["Last Name", "First Name", "Lead ID", "Created Date", "Lead Source"],
            ["Meyer", "Anna", "00Q5e000001AbCdEAK", "2025-01-05", "Web"],
            ["Lopez", "Juan", "00Q5e000001AbCeEAK", "2025-01-06", "Web"],
            ["Sum", "Kevin", "00Q5e000001AbCfEAK", "2025-01-07", "Partner"],
            [],
            [FOOTER[0]],
            [FOOTER[1]],
        ],
    )
    import_files(empty_con, "leads", [path], mapping=preset_mapping("salesforce", "leads"))
    got = empty_con.execute("select count(*), count(*) filter (where source = 'partner') from leads").fetchone()
    assert got == (3, 1)


def test_a_row_of_blank_cells_is_skipped_not_a_crash(empty_con, tmp_path):
    # L1, L2, a row whose one cell is a space, L3: 3 leads, the blank row skipped for its missing id
    path = sheet(
        tmp_path,
        "blanks.xlsx",
        [
            ["Lead ID", "Created Date", "Email", "Lead Source"],
            ["L1", "2025-01-05", "a@x.com", "Web"],
            ["L2", "2025-01-06", "b@x.com", "Web"],
            [" "],
            ["L3", "2025-01-07", "c@x.com", "Web"],
            [" "],
        ],
    )
    import_files(empty_con, "leads", [path], mapping=preset_mapping("salesforce", "leads"))
    assert empty_con.execute("select count(*) from leads").fetchone() == (3,)


def test_date_cells_under_a_header_offset_keep_their_day(empty_con, tmp_path):
    # Excel date cells (no time) under "Created Date (GMT+01:00)": 1 February and 1 March, not the days before
    path = sheet(
        tmp_path,
        "days.xlsx",
        [["Id", "Created Date (GMT+01:00)", "Source"], [1, date(2025, 2, 1), "web"], [2, date(2025, 3, 1), "web"]],
    )
    toml = '[leads.columns]\nlead_id = "Id"\ncreated_at = "Created Date (GMT+01:00)"\nsource = "Source"\n'
    mapping = load_mapping(write(tmp_path, "m.toml", toml))["leads"]
    import_files(empty_con, "leads", [path], mapping=mapping)
    got = [r[0] for r in empty_con.execute("select created_at::date::varchar from leads order by 1").fetchall()]
    assert got == ["2025-02-01", "2025-03-01"]


@pytest.mark.parametrize(
    ("header", "is_currency"),
    [
        ("Billing recurrence", False),  # re-currenc-e
        ("Occurrence", False),
        ("Récurrence de facturation", False),
        ("Local currency value", False),  # an amount in a currency
        ("Currency Amount", False),
        ("Amount (original currency)", False),
        ("Währungsbetrag", False),
        ("Montant en devise", False),
        ("Amount Currency", True),  # the currency of an amount
        ("Deal value currency", True),
        ("Betragswährung", True),
        ("Devise du montant", True),
        ("Moneda del importe", True),
        ("deal_currency", True),
    ],
)
def test_headers_that_only_look_like_a_currency_column(header, is_currency):
    assert is_currency_column(header) is is_currency


@pytest.mark.parametrize("column", ["Billing recurrence", "Local currency value", "Umsatz Fremdwährung"])
def test_a_deals_file_with_such_a_column_imports_as_proposed(empty_con, tmp_path, column):
    # 3 deals, 2 won (100 + 200): the sixth column is no currency (Monthly/Annual, or numbers)
    values = ("Monthly", "Annual", "Monthly") if column == "Billing recurrence" else ("90", "180", "270")
    text = (
        f"Deal ID,Stage,Created,Close date,Value,{column}\n"
        f"1,Won,2025-01-05,2025-02-01,100,{values[0]}\n"
        f"2,Won,2025-01-06,2025-02-02,200,{values[1]}\n"
        f"3,Proposal,2025-01-07,,300,{values[2]}\n"
    )
    path = write(tmp_path, "deals.csv", text)
    p = proposal_for("deals", stage_file(path), {})
    import_files(empty_con, "deals", [path], mapping=p.mapping)
    won = "select count(*) filter (where status = 'won'), sum(amount) filter (where status = 'won') from deals"
    assert empty_con.execute(won).fetchone() == (2, 300.0)
