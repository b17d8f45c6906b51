"""Trial 95 on the SLA page (AppTest, the hand-counted fixture): working days put back in another order stay in week
order (the link keeps no days=Tue,…,Mon), a lead whose clock starts after the data's today is not waiting and the
page says so, and the Definitions page says what the SLA's words mean."""

from __future__ import annotations

from datetime import datetime

from app_helpers import metric_values
from fixture_data import LEADS, load


def open_sla(at):
    at.run()
    at.switch_page("pages/2_SLA.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_day_taken_out_and_put_back_keeps_week_order(make_app):
    at = open_sla(make_app(hours="business"))
    at.multiselect(key="sla_days").unselect("Mon").run()
    assert at.query_params["days"] == "Tue,Wed,Thu,Fri"
    at.multiselect(key="sla_days").select("Mon").run()
    assert not at.exception
    # Monday to Friday again: config's calendar, so the link names no days (and rollups.sla_exact holds: the stored
    # waits are read; test_fix95's sorted settings)
    assert "days" not in at.query_params


def test_a_clock_after_the_data_s_today_is_not_waiting(app_over):
    # the fixture's one lead waiting now is L8 (SQL 12 March, not contacted: overdue); L9's SQL is dated 2099
    future = ("L9", datetime(2025, 3, 1), "email", "CMO", "SMB", "Bob", "sql", None, datetime(2099, 1, 15, 10), None)
    at = open_sla(app_over(lambda con: load(con, [*LEADS, future])))
    assert metric_values(at)["Waiting now"] == "1"
    assert any("1 lead is dated to become an SQL after the data's today" in c.value for c in at.caption)
    waiting = at.dataframe[1].value
    assert "L9" not in set(waiting["Lead"])


def test_the_definitions_say_what_the_sla_words_mean(make_app):
    at = make_app().run()
    at.switch_page("pages/8_Definitions.py").run()
    text = " ".join(m.value for m in at.markdown)
    words = ["**Due**", "**Compliance**", "**Never contacted**", "30 days (the waiting horizon)"]
    words += ["**waiting, overdue**", "the SLA page's settings may differ", "closed inside its SLA window"]
    for w in words:
        assert w in text, w
