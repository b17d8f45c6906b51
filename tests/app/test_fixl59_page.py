"""Fix l59 on the Data page: the sample of problem rows names each row's record id; a CSV has no sheet row column."""

from __future__ import annotations

# by hand: X2's amount 12abc is no number: 1 row skipped, shown with its record id X2; X1 and X3 to import
DEALS = b"deal_id,created_at,status,amount\nX1,2026-11-02,won,100\nX2,2026-11-03,won,12abc\nX3,2026-11-04,open,TBD\n"


def test_the_problem_rows_show_the_record_id(make_app):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    at.selectbox(key="imp_kind").set_value("deals").run()
    at.file_uploader(key="imp_files_deals_0").upload("deals.csv", DEALS, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    sample = next(d.value for d in at.dataframe if "record id" in d.value.columns)
    assert "sheet row" not in sample.columns
    assert sample[["row", "record id", "value"]].values.tolist() == [[2, "X2", "12abc"]]
