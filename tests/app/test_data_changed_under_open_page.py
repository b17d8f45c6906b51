"""A page left open while the data changes (an import or a removal in another tab): a filter value the data no
longer has is taken out of the filters with a sentence (it used to vanish without a word, and the page showed the
whole company under a heading the viewer still read as Email), and a date picker still holding the old range no
longer crashes the page once everything is removed (a trial's Funnel page did)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dashboard import snapshots, store
from dashboard.importers.canonical import import_files

# the replacing leads: web only, 2 leads (W1 an MQL) -> the funnel reads 2 leads, 1 MQL
NEW_LEADS = """lead_id,created_at,source,lifecycle_stage,mql_at
W1,2025-02-01 09:00,web,mql,2025-02-02 09:00
W2,2025-02-03 09:00,web,lead,
"""


def _open_funnel(make_app):
    at = make_app().run()
    at.switch_page("pages/1_Funnel.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_source_that_leaves_the_data_is_removed_from_the_filters_with_a_sentence(make_app, app_db, tmp_path: Path):
    at = _open_funnel(make_app)
    at.multiselect(key="flt_source").set_value(["email"]).run()
    assert at.query_params["source"] in ("email", ["email"])
    # another tab replaces the leads: email (L3, L4, L8 of the fixture) is gone
    path = tmp_path / "new.csv"
    path.write_text(NEW_LEADS, encoding="utf-8")
    with snapshots.writing(app_db, holder="test") as writer:
        import_files(writer, "leads", [str(path)], mode="replace")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert any("Removed Source 'Email' from the filters: not in the data any more" in w for w in warnings), warnings
    assert at.multiselect(key="flt_source").value == []
    assert "source" not in at.query_params


def test_the_page_survives_an_old_date_range_after_all_data_is_removed(make_app, app_db):
    at = _open_funnel(make_app)
    old_range = at.date_input(key="flt_dates").value
    assert old_range == (date(2025, 1, 5), date(2025, 3, 20))  # the fixture's first and last day
    with snapshots.writing(app_db, holder="test") as writer:
        store.clear_all(writer)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    # the browser, not yet redrawn, sends the picker's old range with the next rerun
    at.date_input(key="flt_dates").set_value(old_range).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("No data is loaded yet" in i.value for i in at.info)
