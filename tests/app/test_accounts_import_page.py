"""The Data page imports a HubSpot companies export into the optional accounts table: the check's counts,
the import, and "Loaded now" (hand-counted: 4 rows, one repeats an id, so 3 accounts)."""

from __future__ import annotations

from app_helpers import metric_values
from test_data_page import loaded

from dashboard import config, snapshots
from dashboard.mapping_ui import _token

COMPANIES = (
    b"Record ID,Company name,Industry,Number of Employees,Company owner,Country/Region\n"
    b'501,"Acme, Inc.",Software,"1,200",Ann,United States\n'
    b"502,Globex GmbH,Retail,35,Bob,Germany\n"
    b"502,Globex AG,Retail,36,Bob,Germany\n"
    b"503,Initech,,,,\n"
)


def test_a_hubspot_companies_export_is_checked_then_imported_as_accounts(make_app):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    assert loaded(at)["accounts"] == 0
    at.selectbox(key="imp_kind").set_value("accounts").run()
    at.selectbox(key="imp_preset").set_value("hubspot").run()
    at.file_uploader(key="imp_files_accounts_0").upload("companies.csv", COMPANIES, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    tiles = metric_values(at)
    assert (tiles["Rows read"], tiles["Will be imported"], tiles["Skipped"]) == ("4", "3", "1")
    reasons = next(t.value for t in at.table if "Reason" in t.value.columns)
    assert reasons[["Rows", "Reason", "What happened"]].values.tolist() == [[1, "duplicate id", "skipped"]]
    at.button(key="imp_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert loaded(at)["accounts"] == 3
    con = snapshots.open_read_only(str(config.db_path()))
    rows = con.execute("select account_id, name, employees from accounts order by 1").fetchall()
    con.close()
    assert rows == [("501", "Acme, Inc.", 1200), ("502", "Globex GmbH", 35), ("503", "Initech", None)]


def test_an_accounts_file_in_other_columns_is_mapped_on_the_page(make_app):
    plain = b"Company,Domain,Employees,Account Owner\nAcme Inc.,acme.com,120,Ann\nGlobex,globex.de,,Bob\n"
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    at.selectbox(key="imp_kind").set_value("accounts").run()
    at.file_uploader(key="imp_files_accounts_0").upload("plain.csv", plain, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    token = _token("accounts", ["Company", "Domain", "Employees", "Account Owner"])
    assert at.selectbox(key=f"map_{token}_name").value == "Company"
    # nothing is taken for the id unasked: the domain is chosen by hand
    at.selectbox(key=f"map_{token}_account_id").set_value("Domain").run()
    assert not at.exception, [e.message for e in at.exception]
    assert metric_values(at)["Will be imported"] == "2"
    at.button(key="imp_go").click().run()
    con = snapshots.open_read_only(str(config.db_path()))
    rows = con.execute("select account_id, name, employees, owner from accounts order by 1").fetchall()
    con.close()
    assert rows == [("acme.com", "Acme Inc.", 120, "Ann"), ("globex.de", "Globex", None, "Bob")]
