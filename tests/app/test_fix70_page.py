"""Trial 70 on the Friction page (AppTest over the hand-counted leads of tests/unit/test_fix70.py): a June counted by
activity with 40 wins and 30 new SQLs shows the page, not an error, and says why steps are no rate; the ideal lead's
side by side shows "–" where an owner has more customers than leads; revenue at stake is valued at the won deals
that came from a lead; the stalled list says when it stops short."""

from __future__ import annotations

from datetime import datetime, timedelta

from fixture_data import load
from trial70_fixture import LEAD_WINS, OUTBOUND, stake_leads

from dashboard import config

T = datetime


def _june_leads() -> list[tuple]:
    """As tests/unit/test_fix70.py: web W01–W40 (owner Ann W01–W20, Cid W21–W40) created 1–20 Jan 2025, MQL the day
    after, SQL 30 days after, each won on 10 Jun 2025 (a deal created 20 Feb); web W41 (Ann) created 20 Jun 2025;
    events E01–E30 (owner Bob) created 1–15 Jun 2025, MQL and SQL in June, no deal."""
    rows = []
    for i in range(1, 41):
        created = T(2025, 1, (i - 1) % 20 + 1)
        owner = "Ann" if i <= 20 else "Cid"
        rows.append(
            (f"W{i:02d}", created, "web", None, None, owner, "customer", created + timedelta(days=1),
             created + timedelta(days=30), None)
        )  # fmt: skip
    rows.append(("W41", T(2025, 6, 20), "web", None, None, "Ann", "lead", None, None, None))
    for i in range(1, 31):
        created = T(2025, 6, (i - 1) % 15 + 1)
        rows.append(
            (f"E{i:02d}", created, "events", None, None, "Bob", "sql", created + timedelta(days=1),
             created + timedelta(days=2), None)
        )  # fmt: skip
    return rows


JUNE_DEALS = [
    (f"D{i:02d}", f"W{i:02d}", None, T(2025, 2, 20), "won", T(2025, 6, 10), 1000.0, None) for i in range(1, 41)
]
JUNE = {"mode": "activity", "from": "2025-06-01", "to": "2025-06-30", "window": "0"}


# the ten customers' wins at $2,000 (W01–W09, E01) and two outbound wins without a lead at $20,000
STAKE_DEALS = LEAD_WINS + OUTBOUND


def _friction(app_over, leads, deals, view: str, **query: str):
    at = app_over(lambda con: load(con, leads, deals), fr_view=view, **query).run()
    at.switch_page("pages/4_Friction.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_month_with_more_wins_than_new_sqls_shows_the_points_and_says_why(app_over):
    # before: "This app has encountered an error" (wilson(40, 30) in the benchmark rows)
    at = _friction(app_over, _june_leads(), JUNE_DEALS, "points", **JUNE)
    warnings = [w.value for w in at.warning]
    assert any(
        w.startswith(
            "Not judged, as no conversion rate: Opportunity→Customer of the whole view (40 customers entered against "
            "0 opportunities) and 2 steps of single segments"
        )
        for w in warnings
    ), warnings
    assert [s.value for s in at.success] == [
        "No step of any segment judged here is clearly worse than its comparison in this view."
    ]


def test_the_ideal_lead_side_by_side_gives_no_rate_above_100_percent(app_over):
    # owners by leads created in June: Bob 30, Ann 1 (W41), Cid 0; Ann has 20 customers in June against 1 lead: her
    # Lead→Customer and Opportunity→Customer are no rate. Before: wilson(20, 1) raised "math domain error"
    at = _friction(app_over, _june_leads(), JUNE_DEALS, "ideal", trait="owner", **JUNE)
    pair = at.dataframe[-1].value
    ann = dict(zip(pair.iloc[:, 0], pair["Ann"], strict=True))
    assert ann["Lead→Customer"] == "– (more entered the later stage: not a rate)"
    assert ann["Opportunity→Customer"] == "– (more entered the later stage: not a rate)"
    assert not any("%" in cell and cell.split("%")[0].split(".")[0].isdigit() and float(cell.split("%")[0]) > 100
                   for cell in pair["Ann"])  # fmt: skip
    captions = [c.value for c in at.caption]
    assert (
        "– (not a rate): more entered the later stage than the earlier one in these dates: activity counts are not a "
        "conversion rate; each stage is counted by its own date, so the two are not the same leads." in captions
    )
    assert (
        "A rate shown – beside leads: more SQLs or customers entered in these dates than leads were created in them, "
        "and activity counts are not a conversion rate." in captions
    )


def test_revenue_at_stake_is_valued_at_the_wins_from_leads_and_says_so(app_over):
    # 36 missing MQLs × 10 customers of 44 MQLs × $2,000 (the ten lead wins) = $16,363.64; before × $5,000 (with the
    # two outbound $20,000 wins) = $40.9k
    at = _friction(app_over, stake_leads(), STAKE_DEALS, "points", window="0")
    # markdown escapes (md_text): read without the backslashes
    bullets = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("- Lead→MQL")]
    assert bullets == [
        "- Lead→MQL for source Events is 10.0% against 100.0% for the rest (-90.0 points, 40 leads, 36 of them still "
        "open); about $16.4k of revenue at stake."
    ]
    captions = [c.value for c in at.caption]
    assert any("the average won deal of the view's deals that came from a lead" in c for c in captions), captions
    assert any(
        c.startswith("Revenue at stake values a missing customer at")
        and "the average of the 10 won deals with an amount that came from a lead; 2 won deals without a lead "
        "(outbound, sales' own) are left out"
        in c
        for c in captions
    ), captions


def test_the_stalled_list_says_it_shows_the_longest_only(app_over, monkeypatch):
    # window 0, as of 15 Mar 2025: stalled leads E05–E40 (36, at Lead since January), MQLs W21–W40 and E03–E04 (22),
    # SQLs W10–W20 and E02 (12) = 70; a list of 5 rows says so
    monkeypatch.setattr(config, "FRICTION_LIST_ROWS", 5)
    at = _friction(app_over, stake_leads(), STAKE_DEALS, "stalled", window="0")
    captions = [c.value for c in at.caption]
    assert "The 5 longest waiting shown; the CSV has all 70 stalled leads." in captions
