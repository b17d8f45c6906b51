"""Mapping files: columns, constants, value maps, date formats, lead lookups — and their errors."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping

MAPPING = """
[leads]
date_format = "%d/%m/%Y"

[leads.columns]
lead_id = "Contact ID"
created_at = "Created"
source = "Origin"

[leads.constants]
lifecycle_stage = "mql"

[leads.values.source]
"Google Ads" = "paid_search"
"" = "blank"

[deals]
[deals.columns]
deal_id = "Deal"
lead_id = "Contact ID"
closed_at = "Won"

[deals.constants]
status = "won"

[deals.from_lead]
created_at = "created_at"

[deals.lead_attributes]
segment = "Segment"
"""

LEADS = "Contact ID,Created,Origin\nc1,31/01/2025,Google Ads\nc2,01/02/2025,\nc3,02/02/2025,referral\n"
DEALS = "Deal,Contact ID,Won,Segment\nd1,c1,2025-02-15 10:00:00,SMB\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def mapping(tmp_path):
    return load_mapping(write(tmp_path, "crm.toml", MAPPING))


def test_mapped_import(empty_con, tmp_path, mapping):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)], mapping=mapping["leads"])
    rows = empty_con.execute(
        "select lead_id, created_at::date::varchar, source, lifecycle_stage from leads order by lead_id"
    ).fetchall()
    # day-first dates; "Google Ads" mapped, blank kept apart, unmapped values pass through
    assert rows == [
        ("c1", "2025-01-31", "paid_search", "mql"),
        ("c2", "2025-02-01", "blank", "mql"),
        ("c3", "2025-02-02", "referral", "mql"),
    ]
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)], mapping=mapping["deals"])
    deal = empty_con.execute("select lead_id, status, created_at::varchar, closed_at::varchar from deals").fetchall()
    assert deal == [("c1", "won", "2025-01-31 00:00:00", "2025-02-15 10:00:00")]
    assert store.scalar(empty_con, "select segment from leads where lead_id = 'c1'") == "SMB"
    assert store.scalar(empty_con, "select is_customer from lead_stages where lead_id = 'c1'") is True


def test_date_not_matching_the_format_names_file_row_and_column(con, tmp_path, mapping):
    bad = write(tmp_path, "leads.csv", "Contact ID,Created,Origin\nc1,31/01/2025,x\nc2,01-02-2025,x\n")
    with pytest.raises(ImportRefused, match=r"leads\.csv, row 2, column Created: unparseable date: '01-02-2025'"):
        import_files(con, "leads", [bad], mapping=mapping["leads"], on_bad_rows="refuse")
    assert store.table_counts(con)["leads"] == 8


def test_column_missing_from_the_file(empty_con, tmp_path, mapping):
    bad = write(tmp_path, "leads.csv", "Contact ID,Origin\nc1,x\n")
    with pytest.raises(ImportRefused, match=r"column 'Created' named in crm\.toml is not in the file"):
        import_files(empty_con, "leads", [bad], mapping=mapping["leads"])


def test_mapping_to_a_column_that_does_not_exist(empty_con, tmp_path):
    m = load_mapping(write(tmp_path, "m.toml", '[leads.columns]\nlead_id = "id"\nfavourite_colour = "c"\n'))
    with pytest.raises(ImportRefused, match="'favourite_colour' is not a canonical leads column"):
        import_files(empty_con, "leads", [write(tmp_path, "l.csv", "id,c\n1,red\n")], mapping=m["leads"])


def test_a_list_separator_is_refused_for_a_column_that_reads_no_list(empty_con, tmp_path):
    # a source list "web;event" would be read as one source, "web;event", in silence
    text = '[leads.columns]\nlead_id = "id"\ncreated_at = "d"\nsource = "s"\n[leads.multi_value]\nsource = ";"\n'
    m = load_mapping(write(tmp_path, "m.toml", text))
    leads = write(tmp_path, "l.csv", "id,d,s\n1,2026-01-01,web;event\n")
    with pytest.raises(
        ImportRefused, match=r"\[leads.multi_value\] reads lead_id of deals and account_id; not 'source'"
    ):
        import_files(empty_con, "leads", [leads], mapping=m["leads"])


def test_bad_mapping_files(tmp_path):
    with pytest.raises(ImportRefused, match="not valid TOML"):
        load_mapping(write(tmp_path, "a.toml", "[leads\n"))
    with pytest.raises(ImportRefused, match=r"\[people\] is not a table"):
        load_mapping(write(tmp_path, "b.toml", "[people]\n"))
    with pytest.raises(ImportRefused, match="unknown keys colums"):
        load_mapping(write(tmp_path, "c.toml", "[leads.colums]\nlead_id = 'x'\n"))
    with pytest.raises(ImportRefused, match="no such mapping file"):
        load_mapping(tmp_path / "missing.toml")


def test_mapping_for_another_table(empty_con, tmp_path, mapping):
    with pytest.raises(ImportRefused, match="the mapping is for deals, not leads"):
        import_files(empty_con, "leads", [write(tmp_path, "l.csv", LEADS)], mapping=mapping["deals"])
