"""Fix 79, counted by hand: the Sources page's unspent-months warning reads the funnel rollup where it is exact for
the source (the same rows as the scan, by hand and for random data); the friction points' deal size and unjudged
steps are read once per view (the page, the report, the metrics JSON); not_rates and the side-by-side cells test a
rate with stats.is_rate; the stalled list's cap note takes the stalled table."""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock

import pandas as pd
from fixture_data import add_source_extras, load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, SOURCES, datasets, mem  # noqa: F401 (mem is a fixture)
from test_rollups import any_views
from trial70_fixture import LEAD_WINS, OUTBOUND, stake_leads

from dashboard import friction, report, rollups, sources, store
from dashboard.cli import metrics_document
from dashboard.filters import Filters

T = datetime
UNSPENT = ["source", "count_leads", "count_leads_unspent", "first_unspent_month", "last_unspent_month"]


def _rows(table: pd.DataFrame) -> list[list[object]]:
    return [[r[0], int(r[1]), int(r[2]), str(r[3])[:10], str(r[4])[:10]] for r in table[UNSPENT].itertuples(False)]


def _scan(con, view: Filters):
    with mock.patch.object(rollups, "breakdown_exact", return_value=False):
        return sources.unspent_months(con, view)


def _paths(con, views: list[Filters]) -> list[bool | None]:
    """Whether each view's unspent_months read the rollup (its use_rollup parameter)."""
    with mock.patch.object(sources, "run", wraps=sources.run) as spy:
        for view in views:
            sources.unspent_months(con, view)
        return [c.args[2].get("use_rollup") for c in spy.call_args_list]


def test_unspent_months_from_the_rollup_by_hand(con):
    add_source_extras(con)
    # spend: paid_search Jan and Feb, email Jan, webinar Feb (no lead); organic_search none (not named). leads by
    # created month: paid_search L1, L2 (Jan), L7 (Mar); email L3 (Jan), L4 (Feb), L8 (Mar). all dates: paid_search's
    # March lead has no spend of its month (1 of 3), email's February and March leads (2 of 3)
    expected = [
        ["email", 3, 2, "2025-02-01", "2025-03-01"],
        ["paid_search", 3, 1, "2025-03-01", "2025-03-01"],
    ]
    assert _paths(con, [Filters()]) == [True]
    assert _rows(sources.unspent_months(con, Filters())) == expected
    assert _rows(_scan(con, Filters())) == expected
    # February to March: the spend of February only (paid_search's, webinar's); paid_search's L7 (Mar) has none of
    # its month (1 of 1); email has no spend in these months, so its leads are not said (no cost figure of its own)
    spring = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 3, 31))
    expected = [["paid_search", 1, 1, "2025-03-01", "2025-03-01"]]
    assert _rows(sources.unspent_months(con, spring)) == expected
    assert _rows(_scan(con, spring)) == expected
    # a source filter: email's row alone, both ways
    email = Filters(sources=("email",))
    assert _rows(sources.unspent_months(con, email)) == [["email", 3, 2, "2025-02-01", "2025-03-01"]]
    assert _rows(_scan(con, email)) == [["email", 3, 2, "2025-02-01", "2025-03-01"]]


def test_unspent_months_scans_where_the_rollup_is_not_exact(con):
    add_source_extras(con)
    views = [
        Filters(),
        Filters(date_from=date(2025, 1, 2)),  # not a month's first day
        Filters(mode="activity"),
        Filters(count_by="account"),
        Filters(personas=("CFO",)),  # a filter spend is not split by: no spend, the scan's empty answer
        Filters(sources=("email",)),
    ]
    assert _paths(con, views) == [True, False, False, False, False, True]
    # from 2 January: L1 (5 Jan) and the rest as all dates, counted by the scan
    assert _rows(sources.unspent_months(con, views[1])) == [
        ["email", 3, 2, "2025-02-01", "2025-03-01"],
        ["paid_search", 3, 1, "2025-03-01", "2025-03-01"],
    ]


@st.composite
def spends(draw) -> list[tuple[date, str, float]]:
    """Spend rows for the random leads' sources (a, b, c; some in upper case, matched by key) and months (Jan–May
    2025), some of zero (no spend of that month)."""
    months = [date(2025, m, 1) for m in range(1, 6)]
    rows = draw(st.lists(st.tuples(st.sampled_from(months), st.sampled_from(SOURCES), st.sampled_from([0.0, 100.0]))))
    return [(m, s.upper() if draw(st.booleans()) else s, amount) for m, s, amount in rows]


@PROPS
@given(data=datasets(), view=st.one_of(any_views(), any_views(whole_months=True)), spend=spends())
def test_unspent_months_counts_the_scans_whichever_path_it_takes(mem, data, view, spend):  # noqa: F811
    load(mem, *data)
    with store.transaction(mem):
        mem.execute("delete from spend")
        if spend:
            mem.executemany("insert into spend (month, source, amount) values (?, ?, ?)", spend)
    assert _paths(mem, [view]) == [rollups.breakdown_exact(view, "source")]
    pd.testing.assert_frame_equal(sources.unspent_months(mem, view), _scan(mem, view))


EVERY = Filters(window_days=0)


def _friction_reads(fn) -> tuple[int, int]:
    """How often lead_deal_size.sql and undated_steps run while `fn` does."""
    with (
        mock.patch.object(friction, "run", wraps=friction.run) as runs,
        mock.patch.object(friction, "undated_steps", wraps=friction.undated_steps) as undated,
    ):
        fn()
    return sum(c.args[1] == "lead_deal_size" for c in runs.call_args_list), undated.call_count


def test_the_deal_size_and_the_unjudged_steps_are_read_once_per_view():
    con = store.connect(":memory:")
    # trial 70's leads: the ten customers' wins at $2,000 (W01–W09, E01) and two outbound wins of $20,000 without a
    # lead; events' Lead→MQL 4 of 40 against web's 40 of 40 is the one point
    load(con, stake_leads(), LEAD_WINS + OUTBOUND)
    doc: dict = {}
    assert _friction_reads(lambda: doc.update(metrics_document(con, EVERY))) == (1, 1)
    assert {k: doc["friction_deal_size"][k] for k in ("avg_deal_size", "won", "won_without_lead")} == {
        "avg_deal_size": 2000.0,
        "won": 10,
        "won_without_lead": 2,
    }
    assert [r["segment"] for r in doc["friction"]] == ["source Events"]
    assert doc["friction_not_judged"] is None  # cohort mode judges every step
    found = friction.points_analysis(con, EVERY)
    assert found.deals.note() == (
        "Revenue at stake values a missing customer at $2k, the average of the 10 won deals with an amount that came "
        "from a lead; 2 won deals without a lead (outbound, sales' own) are left out: they never went through these "
        "steps."
    )
    # the monthly report of March 2025 (the wins' month): once each too
    assert _friction_reads(lambda: report.build_html(con, EVERY, "2025-03")) == (1, 1)
    con.close()


def test_the_metrics_json_reads_activity_modes_unjudged_steps_once():
    con = store.connect(":memory:")
    # U1 at MQL by its status alone (no date), U2 an MQL dated 4 Jan, U3 a lead: activity mode leaves the steps into
    # and out of MQL unjudged, 1 lead reached MQL undated
    load(
        con,
        [
            ("U1", T(2026, 1, 2), "web", None, None, "Ann", "mql", None, None, None),
            ("U2", T(2026, 1, 3), "web", None, None, "Ann", "mql", T(2026, 1, 4), None, None),
            ("U3", T(2026, 1, 5), "web", None, None, "Ann", "lead", None, None, None),
        ],
        [],
    )
    activity = Filters(mode="activity", window_days=0)
    doc: dict = {}
    assert _friction_reads(lambda: doc.update(metrics_document(con, activity))) == (1, 1)
    assert doc["friction_not_judged"]["steps"] == ["Lead→MQL", "MQL→SQL"]
    assert doc["friction_not_judged"]["undated"] == {"mql": 1}
    # the keys after friction_deal_size as before: friction_not_judged, awaiting_lead
    keys = list(doc)
    assert keys[keys.index("friction_deal_size") + 1 : keys.index("friction_deal_size") + 3] == [
        "friction_not_judged",
        "awaiting_lead",
    ]
    con.close()


def test_not_rates_and_the_side_by_side_cells_read_is_rate():
    with mock.patch.object(friction, "is_rate", wraps=friction.is_rate) as rule:
        # 45 wins of 36 SQLs: no rate; 0 of 0: no entry, an empty step ('–', the interval of nothing 0–100 %)
        assert friction._side_cell(45, 36) == friction.OVER_COUNTED_CELL
        assert friction._side_cell(0, 0) == "– (0.0%–100.0%, 0)"
        # 10 of 40 = 25.0 %
        assert friction._side_cell(10, 40).startswith("25.0% (")
        assert (45, 36) in [c.args for c in rule.call_args_list]
        rule.reset_mock()
        # activity counts: the whole view 40 leads, 20 MQLs, 10 SQLs, 12 opportunities (more than its SQLs), 2
        # customers; source a: 30, 15, 4, 6 (more than its 4 SQLs), 1; source b: 10, 5, 6 (more than its 5 MQLs), 6, 1
        rates = pd.DataFrame(
            [("all", "all", 40, 20, 10, 12, 2), ("source", "a", 30, 15, 4, 6, 1), ("source", "b", 10, 5, 6, 6, 1)],
            columns=["dimension", "value", "lead", "mql", "sql", "opportunity", "customer"],
        )
        said = friction.not_rates(rates, Filters(mode="activity"))
        assert said is not None
        # the whole view's SQL→Opportunity (12 of 10); of single segments a's SQL→Opportunity (6 of 4) and b's
        # MQL→SQL (6 of 5): 2 steps
        assert (said["steps"], said["segment_steps"]) == (["SQL→Opportunity"], 2)
        assert (6, 5) in [c.args for c in rule.call_args_list]


def test_the_stalled_cap_note_takes_the_stalled_table():
    # per stage: 0 leads, 400 MQLs, 571 SQLs, 0 opportunities stalled: 971, the list's 500 rows
    stages = pd.DataFrame({"stage": ["lead", "mql", "sql", "opportunity"], "count_stalled": [0, 400, 571, 0]})
    assert friction.list_cap_note(500, stages, "leads") == (
        "The 500 longest waiting shown; the CSV has all 971 stalled leads."
    )
    assert friction.list_cap_note(971, stages, "leads") is None
    assert friction.stalled_count(stages) == 971
