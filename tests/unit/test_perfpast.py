"""past_window.sql (the Friction page's count of open leads the conversion window leaves out) tests each lead's stage
and its date in one boolean case instead of working out open_leads' stage name and date for every lead created before
the window: the same count as open_leads(…, true) counted where not is_moved_back and not is_undated (the query it
replaces, kept here as OPEN_LEADS_COUNT), on random data and views. The hand-counted cases stay in
test_friction40.py (2 of the rejected_by_status fixture, 0 under an autumn range and without a window)."""

from __future__ import annotations

from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_perffric import any_views
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)

from dashboard import config, metrics, queries
from dashboard.filters import Filters

# the count as main's past_window.sql read it (17ec933): open_leads' rows, not moved back and dated
OPEN_LEADS_COUNT = """
select count(*) as count_past_window
from open_leads($view, $stall_lead, $stall_mql, $stall_sql, $stall_opportunity, true)
where not is_moved_back and not is_undated
"""


@PROPS
@given(data=datasets(), base=any_views(), window=st.sampled_from([0, 1, 30, 90, config.CONVERSION_WINDOW_DAYS]))
def test_the_past_window_count_is_open_leads_counted(mem, data, base, window):  # noqa: F811
    load(mem, *data)
    view = Filters(
        date_from=base.date_from,
        date_to=base.date_to,
        in_order=base.in_order,
        mode=base.mode,
        window_days=window,
        count_by=base.count_by,
    )
    params = metrics.stall_params(view)
    expected = int(mem.execute(OPEN_LEADS_COUNT, queries._bind(OPEN_LEADS_COUNT, params)).fetchone()[0])
    got = int(queries.run(mem, "past_window", params).iloc[0]["count_past_window"])
    assert got == expected
