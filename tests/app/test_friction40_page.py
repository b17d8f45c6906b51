"""Trial 40 on the pages (AppTest, the hand-counted fixture: 8 leads, data up to 2025-03-20): in activity mode the
stalled counts say they are as of the data's last day whatever the dates picked, and the past-window caption is
left out when the window leaves no open lead out."""

from __future__ import annotations

from app_helpers import metric_values

# activity mode, January 2025: only L1-L3 entered a stage then, yet the stalled leads are L3 (an MQL for 54 days)
# and L4 (an SQL for 43 days, entered in February), as in every other view: 0 / 1 / 1 / 0
ACTIVITY_JANUARY = {"mode": "activity", "from": "2025-01-01", "to": "2025-01-31"}


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_friction_stalled_in_activity_mode_says_the_dates_do_not_apply(make_app):
    at = make_app(fr_view="stalled", **ACTIVITY_JANUARY).run()
    at.switch_page("pages/4_Friction.py").run()
    assert not at.exception, [e.message for e in at.exception]
    values = metric_values(at)
    assert [values[f"Stalled {s}"] for s in ("Lead", "MQL", "SQL", "Opportunity")] == ["0", "1", "1", "0"]
    captions = _captions(at)
    assert "Activity mode: these are the leads open now, as of the data's last day." in captions
    assert "The date range picked does not apply here" in captions
    # every fixture lead is younger than the 180-day window: no open lead is left out, so no caption of them
    assert "Not counted here: open leads" not in captions


def test_funnel_time_in_stage_in_activity_mode_says_the_dates_do_not_apply(make_app):
    at = make_app(view="time", **ACTIVITY_JANUARY).run()
    at.switch_page("pages/1_Funnel.py").run()
    assert not at.exception, [e.message for e in at.exception]
    captions = _captions(at)
    assert "Activity mode: these are the leads open now, as of the data's last day." in captions
    assert "Not counted here: open leads" not in captions
