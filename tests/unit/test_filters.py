"""The Filters value object: URL round trip, bad URL values, SQL parameters, caption."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from dashboard.filters import FilterOptions, Filters, describe_dates

OPTIONS = FilterOptions(
    values={"source": ("email", "paid_search"), "persona": ("CFO", "CMO"), "owner": ("Ann",)},
    min_date=date(2025, 1, 1),
    max_date=date(2025, 12, 31),
)


def test_url_round_trip():
    f = Filters(
        date_from=date(2025, 2, 1),
        date_to=date(2025, 2, 28),
        mode="activity",
        in_order=True,
        window_days=90,
        sources=("paid_search", "email"),
        personas=("CFO",),
    )
    query = {k: v if isinstance(v, list) else [v] for k, v in f.to_query().items()}
    back, notices = Filters.from_query(query, OPTIONS)
    assert back == f and notices == []


def test_default_filters_write_an_empty_query():
    assert Filters().to_query() == {}


def test_unknown_and_malformed_url_values_are_dropped_with_notices():
    query = {"from": ["2025-13-01"], "mode": ["weekly"], "source": ["email", "tv"], "persona": ["CFO"]}
    f, notices = Filters.from_query(query, OPTIONS)
    assert f == Filters(sources=("email",), personas=("CFO",))
    assert len(notices) == 3
    assert any("'tv'" in n for n in notices)
    assert any("2025-13-01" in n for n in notices)


def test_reversed_dates_in_url_are_dropped():
    f, notices = Filters.from_query({"from": ["2025-03-01"], "to": ["2025-01-01"]}, OPTIONS)
    assert f.date_from is None and f.date_to is None and notices


def test_params_make_the_last_day_inclusive():
    p = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31), sources=("b", "a")).to_params()["view"]
    assert p["date_from"] == datetime(2025, 1, 1)
    assert p["date_to"] == datetime(2025, 2, 1)
    assert p["sources"] == ["a", "b"]
    assert p["personas"] == []


def test_params_are_one_view_struct_of_a_fixed_shape():
    # every field every time (None for an open date), so every query binds the same struct
    open_view = Filters().to_params()["view"]
    narrow = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31), owners=("Ann",)).to_params()["view"]
    assert list(open_view) == list(narrow)
    assert open_view["date_from"] is None and open_view["date_to"] is None
    assert open_view["mode"] == "cohort" and open_view["owners"] == [] and narrow["owners"] == ["Ann"]


def test_invalid_filters_are_refused():
    with pytest.raises(ValueError):
        Filters(mode="weekly")
    with pytest.raises(ValueError):
        Filters(date_from=date(2025, 2, 1), date_to=date(2025, 1, 1))


def test_filters_are_hashable_and_order_insensitive():
    assert hash(Filters(sources=("a", "b"))) == hash(Filters(sources=("b", "a")))


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (None, None, "All dates"),
        (date(2026, 10, 1), date(2026, 10, 31), "Oct 2026"),
        (date(2026, 7, 1), date(2026, 9, 30), "Q3 2026"),
        (date(2025, 1, 1), date(2025, 12, 31), "2025"),
        (date(2026, 10, 3), date(2026, 10, 9), "03 Oct 2026 – 09 Oct 2026"),
    ],
)
def test_describe_dates(start, end, text):
    assert describe_dates(start, end) == text


def test_caption():
    f = Filters(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31), sources=("paid_search",), personas=("CFO",))
    assert f.caption() == "Oct 2026 · cohort mode (180-day window) · Paid search · CFO persona"
    assert Filters(mode="activity").caption() == "All dates · activity mode"
    assert Filters(window_days=0).caption() == "All dates · cohort mode"


def test_describe_mode():
    from dashboard.filters import describe_mode

    assert describe_mode(Filters()).startswith("Cohort mode: all leads, each followed for 180 days after creation.")
    oct_ = Filters(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31), window_days=0)
    assert describe_mode(oct_).startswith("Cohort mode: leads created in Oct 2026, followed to the end of the data.")
    # activity mode says each stage counts its own entries (test_fix_labels), then the order rule
    in_order = describe_mode(replace(oct_, mode="activity", in_order=True))
    assert in_order.startswith("Activity mode: each stage counts the leads that entered it in Oct 2026. ")
    assert in_order.endswith(" A stage counts only when entered after the previous one.")
    # one end open: "created in Up to 15 Oct 2026" once
    up_to = Filters(date_to=date(2026, 10, 15), window_days=0)
    assert describe_mode(up_to).startswith("Cohort mode: leads created up to 15 Oct 2026, followed to the end")
    since = replace(up_to, date_from=date(2025, 2, 1), date_to=None, mode="activity")
    assert describe_mode(since).startswith(
        "Activity mode: each stage counts the leads that entered it from 01 Feb 2025."
    )


def test_dates_at_the_end_of_a_heading_keep_a_month_s_capital():
    # "The filtered view: nov 2026" once: lower() took the month's capital with the sentence's
    from datetime import date

    from dashboard.filters import dates_in_heading

    assert dates_in_heading(None, None) == "all dates"
    assert dates_in_heading(date(2026, 11, 1), date(2026, 11, 30)) == "Nov 2026"
    assert dates_in_heading(date(2025, 2, 1), None) == "from 01 Feb 2025"
    assert dates_in_heading(None, date(2025, 2, 3)) == "up to 03 Feb 2025"
