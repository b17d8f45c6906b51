"""Trial L3 on the Data page: a stated complete-through day keeps the last import's report shown, and the page's
undo says it undid the stated day, with the data's today after it."""

from __future__ import annotations

from datetime import datetime

from test_check_says_page import open_data

from dashboard import cli, clock

# imported on 7 Dec: b3 (27 Nov 09:00) is the latest record, so 30 Nov can be stated (3 days on, before the import)
LEADS = b"lead_id,created_at,source\nb1,2026-11-20 10:00,web\nb2,2026-11-24 10:00,web\nb3,2026-11-27 09:00,web\n"


def test_a_stated_day_keeps_the_report_and_the_page_s_undo_names_it(make_app, app_db, tmp_path, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 7, 3, 28))
    csv = tmp_path / "leads.csv"
    csv.write_bytes(LEADS)
    assert cli.main(["import", "--db", app_db, "--kind", "leads", str(csv)]) == 0
    assert cli.main(["complete-through", "--db", app_db, "2026-11-30"]) == 0
    at = open_data(make_app)
    # before: no expander, the stated day's new data version hid the report
    expanders = [e for e in at.expander if e.label.startswith("The report of the last import (Leads, ")]
    assert len(expanders) == 1 and "leads: 3 rows loaded" in expanders[0].get("code")[0].value
    at.checkbox(key="undo_confirm").check().run()
    at.button(key="undo_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    said = " ".join(s.value for s in at.success)
    # before: only "the data is as it was after the import of …" and "Rows: the same counts as before the undo."
    undid = "Undid the stated complete-through day 30 Nov 2026; data as of 27 Nov 2026 09:00 (the data's last event)."
    assert undid in said
