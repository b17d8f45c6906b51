"""Trial 98 on the Data page, by hand: leads L1 5 Oct, L2 20 Oct, L3 3 Nov, L4 14 Nov 16:30 and L9 8 Dec 03:35,
imported with the clock at 7 Dec 2026 03:28 (data's zone): horizon 8 Dec 03:28, the data runs to 14 Nov. With the
clock past L9 (9 Dec 12:00), Save of 30 Nov is accepted (main: "Nothing was saved: the data already runs to 8 Dec
2026" under a caption of 14 Nov). A stated 30 Nov after a replace with leads to 14 Oct (47 days) is said not counted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fix98_fixture import IMPORT_CLOCK, LATER_CLOCK, LEADS, OLDER_LEADS, at_clock

from dashboard import store
from dashboard.importers.canonical import import_files


def _filled(folder: Path, monkeypatch, older: bool = False):
    def fill(con) -> None:
        at_clock(monkeypatch, IMPORT_CLOCK)
        path = folder / "leads.csv"
        path.write_text(LEADS, encoding="utf-8")
        import_files(con, "leads", [path])
        at_clock(monkeypatch, LATER_CLOCK)
        if older:
            store.set_complete_through(con, date(2026, 11, 30))
            path.write_text(OLDER_LEADS, encoding="utf-8")
            import_files(con, "leads", [path])

    return fill


def test_the_data_page_states_30_nov_after_the_clock_passed_a_record_flagged_at_the_import(
    app_over, tmp_path, monkeypatch
):
    at = app_over(_filled(tmp_path, monkeypatch)).run()
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Not stated: the data runs to its latest record, of 14 Nov 2026." in c.value for c in at.caption)
    at.date_input(key="complete_through_pick").set_value(date(2026, 11, 30)).run()
    at.button(key="complete_through_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("complete through 30 Nov 2026: every page counts to that day" in s.value for s in at.success)
    # 16 days after 14 Nov: more than a week without a record, said beside the day
    assert any(
        c.value
        == "Stated: the exports are complete through 30 Nov 2026. But the stated day 30 Nov 2026 is 16 days after the "
        "latest record (14 Nov 2026) and still counts: those 16 days without a record count as quiet, not missing; if "
        "these exports end earlier, state their day or forget it."
        for c in at.caption
    ), [c.value for c in at.caption]


def test_the_data_page_says_a_stated_day_no_longer_counts_after_older_exports(app_over, tmp_path, monkeypatch):
    at = app_over(_filled(tmp_path, monkeypatch, older=True)).run()
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(
        c.value.startswith(
            "Stated: the exports are complete through 30 Nov 2026. But the stated day 30 Nov 2026 is 47 days after "
            "the latest record (14 Oct 2026) and no longer counts"
        )
        for c in at.caption
    ), [c.value for c in at.caption]
