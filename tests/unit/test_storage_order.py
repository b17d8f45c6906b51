"""Leads are stored in created_at order (so a date range skips row groups), and the order they are stored in
never changes a number: the same data stored shuffled gives the same pages."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from fixture_data import DEALS, LEADS, load

from dashboard import demo, friction, metrics, sla, sources, store
from dashboard.filters import Filters

END = datetime(2026, 6, 1)
VIEWS = {
    "all dates": Filters(),
    "one quarter": Filters(date_from=date(2026, 1, 1), date_to=date(2026, 3, 31)),
    "a month, no window": Filters(date_from=date(2025, 11, 1), date_to=date(2025, 11, 30), window_days=0),
    "a month, 30-day window, in order": Filters(
        date_from=date(2025, 9, 1), date_to=date(2025, 9, 30), window_days=30, in_order=True
    ),
    "activity, two sources": Filters(
        date_from=date(2025, 6, 1), date_to=date(2025, 12, 31), mode="activity", sources=("email", "paid_search")
    ),
}


def stored_in_created_order(con) -> bool:
    # rowid is the storage position of a row
    dates = [r[0] for r in con.execute("select created_at from leads order by rowid").fetchall()]
    return dates == sorted(dates)


def test_a_full_derivation_stores_the_leads_in_created_order(empty_con):
    # the fixture's leads handed over newest first, then all derived at once (a rewrite of the table)
    load(empty_con, list(reversed(LEADS)), DEALS)
    assert stored_in_created_order(empty_con)
    assert [r[0] for r in empty_con.execute("select lead_id from leads order by rowid").fetchall()] == [
        "L1",
        "L2",
        "L3",
        "L4",
        "L5",
        "L6",
        "L7",
        "L8",
    ]


def test_upgrading_a_file_of_an_older_version_sorts_its_leads(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = store.connect(path)
    load(con)
    shuffle(con)
    assert not stored_in_created_order(con)
    store.set_meta(con, "derived_version", "6")
    con.close()
    reopened = store.connect(path)
    assert stored_in_created_order(reopened)
    reopened.close()


def shuffle(con) -> None:
    # the same rows in an order unrelated to created_at (by a hash of the id)
    con.execute("create table shuffled as select * from leads order by hash(lead_id)")
    con.execute("delete from leads")
    con.execute("insert into leads by name select * from shuffled")
    con.execute("drop table shuffled")


def page_numbers(con, view: Filters) -> dict[str, object]:
    settings = sla.SlaSettings()
    return {
        "funnel": metrics.funnel(con, view),
        "deals": metrics.deal_summary(con, view),
        "breakdown": metrics.breakdown(con, view, "source"),
        "cohorts": metrics.cohorts(con, view),
        "stalled": metrics.stalled(con, view),
        "sla": sla.summary(con, view, settings),
        "sources": sources.source_table(con, view),
        "friction": friction.find(con, view),
    }


@pytest.fixture(scope="module")
def sorted_and_shuffled():
    sorted_con = store.connect(":memory:")
    demo.generate(sorted_con, leads=3000, seed=5, end_at=END)
    # the demo writes its chunks sorted; a rewrite of every lead sorts the whole table
    store.refresh_derived(sorted_con, "true")
    shuffled_con = store.connect(":memory:")
    demo.generate(shuffled_con, leads=3000, seed=5, end_at=END)
    shuffle(shuffled_con)
    yield sorted_con, shuffled_con
    sorted_con.close()
    shuffled_con.close()


def test_the_shuffled_copy_is_really_out_of_order(sorted_and_shuffled):
    sorted_con, shuffled_con = sorted_and_shuffled
    assert stored_in_created_order(sorted_con)
    assert not stored_in_created_order(shuffled_con)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_sorted_and_shuffled_storage_give_identical_numbers(sorted_and_shuffled, view):
    sorted_con, shuffled_con = sorted_and_shuffled
    ordered, shuffled = page_numbers(sorted_con, view), page_numbers(shuffled_con, view)
    assert ordered["funnel"]["count_leads"].iloc[0] > 0 or view.mode == "activity"
    for name, value in ordered.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value.reset_index(drop=True), shuffled[name].reset_index(drop=True), obj=name)
        else:
            assert value == shuffled[name], name
