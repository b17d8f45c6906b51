"""Trial 64 on the Sources page: a source filter keeps the chosen source's attribution row as it is, says so, and
sets the callout's share against the view's won revenue."""

from __future__ import annotations

from fixture_data import add_source_extras

from dashboard import store


def test_a_source_filter_keeps_the_sources_credit_and_says_so(make_app, app_db):
    con = store.connect(app_db)
    add_source_extras(con)
    con.close()
    at = make_app(source="email", model="linear").run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    rows = {r["Source"]: r for r in at.dataframe[0].value.to_dict("records")}
    # linear: D1 (1000; touches webinar, paid_search, email) a third each; D3 (3000) organic_search, no touches.
    # email's leads have no deal, yet email is on D1's path: 1000 / 3 filtered as unfiltered (before: 0)
    assert list(rows) == ["Email"]
    assert rows["Email"]["Revenue (Linear)"] == 333.0  # the page rounds its amounts
    # 333.33 of the 4000 won in the view: 8.3 % (before: no share, the rows shown summing to 0)
    said = [m.value for m in at.markdown]
    assert (
        "- **Email** brings $333 (8.3% of the $4k won across every source in this view's dates and other filters)."
    ) in said
    assert any(c.value.startswith("A source filter keeps the chosen sources' rows") for c in at.caption)
    assert any(c.value.startswith("Total won revenue is $4k under every model") for c in at.caption)
