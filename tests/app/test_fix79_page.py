"""Fix 79 on the Friction page (AppTest over trial 70's hand-counted leads, tests/trial70_fixture.py): the friction
points and the deal-size note under them read lead_deal_size.sql once."""

from __future__ import annotations

from unittest import mock

from fixture_data import load
from trial70_fixture import LEAD_WINS, OUTBOUND, stake_leads

from dashboard import friction


def test_the_points_and_their_deal_size_note_read_the_deal_size_once(app_over):
    at = app_over(lambda con: load(con, stake_leads(), LEAD_WINS + OUTBOUND), fr_view="points", window="0").run()
    with mock.patch.object(friction, "run", wraps=friction.run) as runs:
        at.switch_page("pages/4_Friction.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # events' Lead→MQL 4 of 40 against web's 40 of 40: the one point, valued at the ten lead wins' $2,000 (the two
    # outbound $20,000 wins left out)
    said = [m.value.replace("\\", "") for m in at.markdown]  # Markdown escapes
    assert any("Lead→MQL for source Events is 10.0% against 100.0% for the rest" in m for m in said)
    assert any(
        "Revenue at stake values a missing customer at $2k, the average of the 10 won deals with an amount that came "
        "from a lead; 2 won deals without a lead" in c.value
        for c in at.caption
    )
    assert [c.args[1] for c in runs.call_args_list].count("lead_deal_size") == 1
