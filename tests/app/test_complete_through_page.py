"""The Data page's "How far the exports run": the fixture's latest record is of 20 Mar 2025 (D4 created); stated
complete through 31 Mar 2025, March is whole (trial 49)."""

from __future__ import annotations

from datetime import date

from dashboard import store


def test_the_data_page_states_and_forgets_the_day(make_app, app_db):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Not stated: the data runs to its latest record, of 20 Mar 2025." in c.value for c in at.caption)
    at.date_input(key="complete_through_pick").set_value(date(2025, 3, 31)).run()
    at.button(key="complete_through_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("complete through 31 Mar 2025: every page counts to that day" in s.value for s in at.success)
    assert any("Stated: the exports are complete through 31 Mar 2025." in c.value for c in at.caption)
    con = store.connect(app_db)
    assert store.complete_through(con) == date(2025, 3, 31)
    con.close()
    # a day before the latest record changes nothing, and says why
    at.date_input(key="complete_through_pick").set_value(date(2025, 3, 10)).run()
    at.button(key="complete_through_save").click().run()
    assert any("Nothing was saved: the data already runs to 20 Mar 2025" in s.value for s in at.success)
    assert any("Stated: the exports are complete through 31 Mar 2025." in c.value for c in at.caption)
    at.button(key="complete_through_clear").click().run()
    assert any("Not stated: the data runs to its latest record, of 20 Mar 2025." in c.value for c in at.caption)
