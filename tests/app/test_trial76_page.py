"""Trial 76 on the Sources page: leads created in months without their source's spend are warned of beside cost per
lead, CAC and ROI (tests/unit/test_trial76.py counts the fixture)."""

from __future__ import annotations

from trial76_fixture import load_with_spend


def test_the_sources_page_warns_of_leads_in_months_without_spend(app_over):
    at = app_over(load_with_spend).run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert any(
        w.startswith("Some leads were created in months with no spend loaded for their source (Paid search: 1 of its 3")
        for w in warnings
    ), warnings
    # the months the spend covers: no warning
    at.query_params["from"], at.query_params["to"] = "2026-10-01", "2026-11-30"
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not any(w.value.startswith("Some leads were created in months") for w in at.warning)
