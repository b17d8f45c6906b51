"""The Data page after an undo (trial 74): the sales-owned sources picker shows the list in use again, not the undone
one, which a second Save wrote back."""

from __future__ import annotations

from dashboard import config, snapshots, store


def test_the_sales_sources_picker_follows_an_undo(make_app, app_db):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    at.multiselect(key="sales_sources_pick").set_value(["outbound", "paid_search"]).run()
    at.button(key="sales_sources_save").click().run()
    assert at.multiselect(key="sales_sources_pick").value == ["outbound", "paid_search"]
    # the save undone (from the command line, or the page's undo): the default list is in use again
    assert snapshots.undo(app_db)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("This is the default list." in m.value for m in at.markdown)
    # before: the picker still held paid_search, and Save wrote it back
    assert at.multiselect(key="sales_sources_pick").value == list(config.SALES_SOURCES)
    at.button(key="sales_sources_save").click().run()
    con = store.connect(app_db)
    assert store.sales_sources(con) == tuple(config.SALES_SOURCES)
    con.close()
