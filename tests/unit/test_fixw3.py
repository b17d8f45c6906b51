"""fixw3 (trial 61): with no conversion window a step's still-open entries are said, and a fall against the previous
period that the open pipeline alone makes is not judged; the friction table's intervals; the JSON's reason for an
empty friction list."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from trial61_fixture import add_deals

from dashboard import friction, store
from dashboard.cli import metrics_document
from dashboard.filters import Filters

T = datetime
# February 2025 (28 days); its previous period is 4-31 January
FEB = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28), window_days=0)


@pytest.fixture
def open_pipeline(empty_con):
    # January: 40 opportunities, 30 won and 10 lost (0 open): 75.0 %. February: 40 opportunities, 8 won, 2 lost and
    # 30 still open: 20.0 %. 8/40 (Wilson 0.105-0.348) is clearly under 30/40 (0.598-0.858), but were the 30 open
    # ones won, 38/40 would be no fall: not judged yet
    add_deals(empty_con, "j", T(2025, 1, 5), "web", won=30, lost=10, still_open=0)
    add_deals(empty_con, "f", T(2025, 2, 1), "web", won=8, lost=2, still_open=30)
    return empty_con


PENDING = (
    "Opportunity→Customer for the whole funnel is 20.0% against 75.0% in the previous period, but 30 of its 40 "
    "opportunities are still open (0 of 40 then): were they to convert, it would not be clearly lower, so it is not "
    "judged yet."
)


def test_a_fall_made_by_the_open_pipeline_is_not_judged(open_pipeline):
    # main flagged "Opportunity→Customer for the whole funnel fell from 75.0% to 20.0% against the previous period"
    assert friction.find(open_pipeline, FEB).empty
    points, _ = friction.analysis(open_pipeline, FEB)
    assert points["message"].tolist() == [PENDING]
    note = friction.pending_note(points)
    assert note is not None and note.startswith(PENDING)


def test_the_json_lists_the_pending_point_apart(open_pipeline):
    doc = metrics_document(open_pipeline, FEB)
    assert doc["friction"] == []
    [pending] = doc["friction_pending"]
    assert (pending["message"], pending["still_open"], pending["count_from"]) == (PENDING, 30, 40)
    assert pending["significant"] is False
    # 80 leads were judged (no window): not the "Nothing could be judged" case
    assert doc["friction_note"] is None


@pytest.fixture
def open_segment(empty_con):
    # February alone: source x 40 opportunities, 8 won, 2 lost, 30 open (20.0 %); source y 40, 30 won, 10 lost
    # (75.0 %). Against the rest of the view, as old as x's, x's open ones are judged as misses, and said
    add_deals(empty_con, "x", T(2025, 2, 1), "x", won=8, lost=2, still_open=30)
    add_deals(empty_con, "y", T(2025, 2, 1), "y", won=30, lost=10, still_open=0)
    return empty_con


def test_a_point_against_the_rest_says_how_many_are_still_open(open_segment):
    flags = friction.find(open_segment, FEB)
    rest = flags[flags["kind"] == "rest"]
    assert rest["segment"].tolist() == ["source X"]
    assert rest.iloc[0]["message"].startswith(
        "Opportunity→Customer for source X is 20.0% against 75.0% for the rest (-55.0 points, 40 opportunities, "
        "30 of them still open)"
    )


def test_the_friction_table_carries_both_intervals(open_segment):
    point = friction.find(open_segment, FEB).set_index("segment").loc["source X"]
    # Wilson 95 % by hand: 8 of 40 = 0.1050-0.3476; 30 of 40 = 0.5981-0.8581
    assert (point["low_rate"], point["high_rate"]) == pytest.approx((0.1050, 0.3476), abs=1e-4)
    assert (point["low_baseline"], point["high_baseline"]) == pytest.approx((0.5981, 0.8581), abs=1e-4)


def test_the_json_says_why_nothing_could_be_judged(open_pipeline):
    # the default 180-day window: all 80 leads were created within 180 days of the data's last day (Feb 2025)
    doc = metrics_document(open_pipeline, Filters())
    assert doc["friction"] == []
    assert doc["friction_note"].startswith(
        "Nothing could be judged in this view: 0 of its leads were created more than 180 days before the data's "
        "last day"
    )


def test_a_benchmark_gap_the_open_mqls_could_close_is_not_judged(empty_con):
    # 100 leads of February, all MQLs, 10 of them SQLs and 90 open (neither disqualified nor lost): MQL→SQL 10.0 %
    # (Wilson to 17.4 %) is clearly under the benchmark's 20 %, but were the 90 open ones to convert it would not be
    start = T(2025, 2, 1)
    with store.transaction(empty_con):
        for i in range(100):
            created = start + timedelta(days=i % 20)
            empty_con.execute(
                "insert into leads (lead_id, created_at, source, owner, mql_at, sql_at) values ($1, $2, 'web', 'o', "
                "$3, $4)",
                [f"m{i}", created, created + timedelta(days=1), created + timedelta(days=2) if i < 10 else None],
            )
    # main: "MQL→SQL for the whole funnel is 10.0%, under the benchmark's 20.0% (-10.0 points, 100 MQLs)."
    assert friction.find(empty_con, FEB).empty
    points, _ = friction.analysis(empty_con, FEB)
    assert points["message"].tolist() == [
        "MQL→SQL for the whole funnel is 10.0% under the benchmark's 20.0%, but 90 of its 100 MQLs are still open: "
        "were they to convert, it would not be clearly lower, so it is not judged yet."
    ]
