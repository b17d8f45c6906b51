"""Trial 26 on the Data page: the check before an import says which stored rows it would remove, the import says
which it removed, and undo says which rows came back."""

from __future__ import annotations

from dashboard import cli

# the fixture holds 8 own leads, L1 to L8; this file keeps L1 and L2 and brings N1: 2 updated, 1 new, 6 removed
MONTH = b"lead_id,created_at,source\nL1,2025-01-05,email\nL2,2025-01-10,paid_search\nN1,2025-04-01,email\n"


def open_data(make_app):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_check_and_the_import_of_a_leads_replace_name_the_stored_leads_removed(make_app):
    at = open_data(make_app)
    at.selectbox(key="imp_kind").set_value("leads").run()
    at.file_uploader(key="imp_files_leads_0").upload("month.csv", MONTH, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    # the page writes the text escaped for Markdown (e\\.g\\.)
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert (
        "Stored rows: would update 2 stored rows, add 1 new; would remove 6 stored rows not in the file "
        "(e.g. L3, L4, L5)." in warnings
    )
    at.button(key="imp_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    # the page writes the text escaped for Markdown (e\\.g\\.)
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Stored rows: 2 stored rows updated, 1 new; 6 stored rows removed as not in the file (e.g. L3, L4, L5)." in (
        warnings
    )


def test_undo_on_the_data_page_says_the_rows_that_came_back(make_app, app_db, tmp_path):
    csv = tmp_path / "month.csv"
    csv.write_bytes(MONTH)
    # 8 stored leads, then 3 after the replace
    assert cli.main(["import", "--db", app_db, "--kind", "leads", str(csv)]) == 0
    at = open_data(make_app)
    at.checkbox(key="undo_confirm").check().run()
    at.button(key="undo_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    said = " ".join(s.value for s in at.success)
    assert "The last change was undone" in said
    assert "Rows: leads 3 → 8." in said


def test_the_last_imports_report_is_kept_for_every_visitor_until_the_data_changes_otherwise(make_app, app_db, tmp_path):
    csv = tmp_path / "month.csv"
    csv.write_bytes(MONTH)
    # imported from the command line: a Data page session that did not import sees its report
    assert cli.main(["import", "--db", app_db, "--kind", "leads", str(csv)]) == 0
    at = open_data(make_app)
    expanders = [e for e in at.expander if e.label.startswith("The report of the last import (Leads, ")]
    assert len(expanders) == 1
    text = expanders[0].get("code")[0].value
    assert "leads: 3 rows loaded (2 stored rows updated, 1 new; 6 stored rows removed as not in the file" in text
    # the demo replaces the data: the report of the import before it no longer describes it
    assert cli.main(["demo", "--db", app_db, "--leads", "50"]) == 0
    at = open_data(make_app)
    assert not [e for e in at.expander if e.label.startswith("The report of the last import")]
