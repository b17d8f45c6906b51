"""Trial 56: a HubSpot portal with Sales, Renewals and Partner pipelines. Custom pipelines' closed stages read open
by the preset's "*" are said loudly; a mapping's keep line imports new business only; a deal listing several
contacts is credited to the one furthest along."""

from __future__ import annotations

import pytest

from dashboard import metrics, sources, store
from dashboard.filters import Filters
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping, preset_mapping
from dashboard.importers.run import ImportOptions, run_import
from dashboard.importers.values import _says_otherwise

# HubSpot makes every contact of a won deal's company a Customer: only the stage dates tell them apart.
# 301 a cold subscriber (no MQL/SQL date), 302 the real SQL, 303 an MQL, 304 a new champion met at renewal time
CONTACTS = (
    "Record ID,Create Date,Lifecycle Stage,Original Source,Became a Marketing Qualified Lead Date,"
    "Became a Sales Qualified Lead Date\n"
    "301,2025-01-02 09:00,Customer,Paid Social,,\n"
    "302,2025-01-03 09:00,Customer,Direct Traffic,2025-01-10 09:00,2025-01-12 09:00\n"
    "303,2025-01-04 09:00,Customer,Email Marketing,2025-01-11 09:00,\n"
    "304,2025-02-01 09:00,Customer,Organic Search,,\n"
    "305,2025-01-05 09:00,Lead,Referrals,,\n"
    "306,2025-01-06 09:00,Lead,Referrals,,\n"
)
# the brief's columns, no Is Closed Won / Is Deal Closed?; 9202 a Renewals pipeline's won stage, 9204 an open one
DEALS = (
    "Record ID,Deal Name,Pipeline,Deal Stage,Deal Type,Amount,Create Date,Close Date,Associated Contact IDs\n"
    "9201,Acme new,Sales Pipeline,Closed won,New Business,10000,2025-01-13,2025-02-10,301;302;303\n"
    "9202,Acme renewal,Renewals,Renewed,Existing Business,4000,2025-03-01,2025-03-20,304\n"
    "9203,Beta new,Sales Pipeline,Closed won,New Business,6000,2025-01-20,2025-02-15,303\n"
    "9204,Acme renewal 2,Renewals,Renewal due,Existing Business,3000,2025-03-05,2025-04-30,304\n"
    "9205,Gamma new,Sales Pipeline,Closed lost,New Business,500,2025-01-21,2025-02-20,306;305\n"
)
# the same deals with HubSpot's flags, which decide every pipeline's status
DEALS_FLAGGED = (
    "Record ID,Pipeline,Deal Stage,Amount,Create Date,Close Date,Associated Contact IDs,Is Closed Won,Is Deal Closed?\n"
    "9201,Sales Pipeline,Closed won,10000,2025-01-13,2025-02-10,302,true,true\n"
    "9202,Renewals,Renewed,4000,2025-03-01,2025-03-20,304,true,true\n"
    "9204,Renewals,Renewal due,3000,2025-03-05,2025-04-30,304,false,false\n"
    "9206,Partner Pipeline,Contract signed,2000,2025-03-06,2025-03-25,303,,\n"
)
MAPPING = """
[deals]
{keep}

[deals.columns]
deal_id = "Record ID"
lead_id = "Associated Contact IDs"
status = "Deal Stage"
created_at = "Create Date"
closed_at = "Close Date"
amount = "Amount"

[deals.multi_value]
lead_id = ";"

[deals.values.status]
"closed won" = "won"
"closed lost" = "lost"
"renewed" = "won"
"*" = "open"
"""
NEW_BUSINESS = 'keep = { column = "Deal Type", values = ["New Business"] }'


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _contacts(con, tmp_path):
    import_files(con, "leads", [_write(tmp_path, "contacts.csv", CONTACTS)], mapping=preset_mapping("hubspot", "leads"))


def _with_mapping(con, tmp_path, keep):
    """The deals imported with MAPPING (keep: its keep line, or none)."""
    mapping = load_mapping(_write(tmp_path, "map.toml", MAPPING.format(keep=keep)))["deals"]
    return import_files(con, "deals", [_write(tmp_path, "deals.csv", DEALS)], mapping=mapping)


def _new_customers_and_revenue(con):
    rows = sources.source_records(con, Filters(), "first_touch")
    return sum(r["new_customers"] for r in rows), sum(r["revenue"] for r in rows)


# 1. custom pipelines' closed stages read open by the preset's "*"


def test_deals_read_open_by_the_default_with_a_close_date_are_said_with_their_amount(empty_con, tmp_path):
    _contacts(empty_con, tmp_path)
    path = _write(tmp_path, "deals.csv", DEALS)
    report = import_files(empty_con, "deals", [path], mapping=preset_mapping("hubspot", "deals"))
    said = [a for a in report.alerts if "read as OPEN by the map's default" in a]
    # not in the preset's map, with a close date: 9202 Renewed 4,000 and 9204 Renewal due 3,000 = 2 deals, 7,000
    assert len(said) == 1
    assert said[0].startswith("deals.csv: 2 deals (amount 7,000) read as OPEN by the map's default (*)")
    assert "('Renewal due' 1, 'Renewed' 1)" in said[0]
    assert "of 2 pipelines" in said[0]
    assert "'Is Closed Won' and 'Is Deal Closed?'" in said[0]
    # what the warning is about: 2 won (9201, 9203), 1 lost (9205), 2 open (9202, 9204)
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.won, d.lost, d.open) == (2, 1, 2)


def test_with_the_won_and_closed_flags_only_the_rows_they_leave_blank_are_said(empty_con, tmp_path):
    _contacts(empty_con, tmp_path)
    path = _write(tmp_path, "deals.csv", DEALS_FLAGGED)
    report = import_files(empty_con, "deals", [path], mapping=preset_mapping("hubspot", "deals"))
    said = [a for a in report.alerts if "read as OPEN by the map's default" in a]
    # the flags decide 9202 (won) and 9204 (open); 9206's are blank, its stage not in the map: 1 deal, 2,000
    assert len(said) == 1
    assert said[0].startswith("deals.csv: 1 deal (amount 2,000) read as OPEN")
    assert "('Contract signed' 1)" in said[0] and "of 3 pipelines" in said[0]
    # 9201 and 9202 won (10,000 + 4,000); 9204 and 9206 open
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.won, d.lost, d.open, d.revenue) == (2, 0, 2, 14000.0)


def test_an_ended_word_beside_an_open_one_still_gets_its_hint():
    # "contract" is an open word; "signed" suggests won: the hint is shown, the stage is not read so
    assert '"Contract signed" = "won"' in _says_otherwise("Contract signed", "open")
    assert '"Renewed" = "won"' in _says_otherwise("Renewed", "open")
    assert '"Churned" = "lost"' in _says_otherwise("Churned", "open")
    assert _says_otherwise("Contract sent", "open") == ""
    assert "= " not in _says_otherwise("Renewal due", "open")


# 2. a mapping's keep line


def test_keep_imports_new_business_only(empty_con, tmp_path):
    _contacts(empty_con, tmp_path)
    report = _with_mapping(empty_con, tmp_path, NEW_BUSINESS)
    # 9202 and 9204 (Existing Business, 4,000 + 3,000) left out; 9201, 9203, 9205 imported
    assert report.skipped == {"left out by the mapping keep line": 2}
    assert sorted(r[0] for r in empty_con.execute("select deal_id from deals").fetchall()) == ["9201", "9203", "9205"]
    assert any(
        "kept only the rows whose 'Deal Type' is 'New Business' (the mapping's keep); left out 2 rows (amount "
        "7,000): 'Existing Business' 2" in n
        for n in report.notes
    )
    # no pipeline warning: the keep line chose the rows
    assert not [a for a in report.alerts if "pipelines" in a]
    # new customers: 302 (9201, 10,000) and 303 (9203, 6,000) = 2, revenue 16,000; 304 is no customer
    assert _new_customers_and_revenue(empty_con) == (2, 16000.0)


def test_without_keep_the_renewal_makes_a_new_customer(empty_con, tmp_path):
    _contacts(empty_con, tmp_path)
    report = _with_mapping(empty_con, tmp_path, "")
    # 304's renewal (4,000) is its first win: 3 new customers, 20,000; the warnings name the keep line
    assert _new_customers_and_revenue(empty_con) == (3, 20000.0)
    types = [a for a in report.alerts if "of existing customers by column 'Deal Type'" in a]
    assert 'keep = { column = "Deal Type", values = ["New Business"] }' in types[0]
    # with a deal type column, the pipelines' warning points to it: keeping one pipeline loses the others' new
    # business
    pipes = [a for a in report.alerts if "pipelines (column 'Pipeline'" in a]
    assert "keep the rows whose 'Deal Type' is new business" in pipes[0]
    assert 'keep = { column = "Pipeline", values = ["Sales Pipeline"] }' in pipes[0]


def test_keep_refuses_a_missing_column_or_no_row_kept(empty_con, tmp_path):
    _contacts(empty_con, tmp_path)
    with pytest.raises(ImportRefused, match="keep names column 'Type', which the file does not have"):
        _with_mapping(empty_con, tmp_path, 'keep = { column = "Type", values = ["New Business"] }')
    with pytest.raises(ImportRefused, match="keep leaves out every row"):
        _with_mapping(empty_con, tmp_path, 'keep = { column = "Deal Type", values = ["Newbusiness"] }')
    with pytest.raises(ImportRefused, match="must name a column and its values"):
        _with_mapping(empty_con, tmp_path, 'keep = { column = "Deal Type" }')


# 3. a deal listing several contacts


def test_several_contacts_credit_the_one_furthest_along(empty_con, tmp_path):
    _contacts(empty_con, tmp_path)
    report = _with_mapping(empty_con, tmp_path, "")
    leads = dict(
        empty_con.execute("select deal_id, lead_id from deals where deal_id not in ('9202', '9204')").fetchall()
    )
    # 9201 lists 301 (no date), 302 (SQL date), 303 (MQL date): 302; 9205 lists 306 and 305, both Lead without
    # dates: a tie, the first listed (306)
    assert leads == {"9201": "302", "9203": "303", "9205": "306"}
    several = report.issues[report.issues["reason"] == "several leads listed"]["value"].tolist()
    assert several == ["301;302;303 -> 302 (furthest along)", "306;305 -> 306"]
    # the deal's source is its SQL's (Direct Traffic), not the cold subscriber's (Paid Social)
    assert store.scalar(empty_con, "select source from leads where lead_id = '302'") == store.scalar(
        empty_con, "select l.source from deals d join leads l using (lead_id) where d.deal_id = '9201'"
    )


def test_a_keep_line_alone_beside_a_preset_adds_to_it(empty_con, tmp_path):
    _contacts(empty_con, tmp_path)
    keep = _write(tmp_path, "keep.toml", f"[deals]\n{NEW_BUSINESS}\n")
    options = ImportOptions(kind="deals", preset="hubspot", mapping_path=str(keep))
    report = run_import(empty_con, options, [_write(tmp_path, "deals.csv", DEALS)])
    # the preset reads the file, the keep line leaves 9202 and 9204 out: 9201, 9203, 9205 (2 won: 10,000 + 6,000)
    assert report.skipped == {"left out by the mapping keep line": 2}
    assert _new_customers_and_revenue(empty_con) == (2, 16000.0)
