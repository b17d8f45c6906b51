"""Review 66 of trial 64's fixes: the every-model table adds up to the revenue shared out under a source filter, the
JSON says what the credits were shared out of, and the Data page fills a touches file's only date column as `map`
does. Counted by hand on test_fixa's three won deals whose paths cross sources."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_fixa import crossed  # noqa: F401 (a fixture)

from dashboard import config, sources, tables
from dashboard.filters import Filters


def test_the_models_table_adds_up_to_the_revenue_shared_out_under_a_source_filter(crossed):  # noqa: F811
    # won: DA 1000 (LA, Webinar), DB 3000 (LB, Paid), DC 2000 (LC, Paid): 6000 shared out under every model.
    # linear: Webinar 500 (DA) + 1000 (DB) = 1500, the sources not chosen 4500; first touch (the lead's own source):
    # Webinar 1000 (DA), not chosen 5000. the total row: 6000 for every model (before: 1500 linear, 1000 first touch)
    table = sources.models_table(sources.attribution(crossed, Filters(sources=("Webinar",))))
    rows = {r["source"]: r for r in table.to_dict("records")}
    assert list(rows) == ["Webinar", config.NOT_CHOSEN_LABEL, tables.TOTAL_ROW]
    assert (rows["Webinar"]["linear"], rows[config.NOT_CHOSEN_LABEL]["linear"]) == (1500.0, 4500.0)
    assert (rows["Webinar"]["first_touch"], rows[config.NOT_CHOSEN_LABEL]["first_touch"]) == (1000.0, 5000.0)
    assert {rows[tables.TOTAL_ROW][m] for m in config.ATTRIBUTION_MODELS} == {6000.0}


def test_the_models_table_has_no_row_of_sources_not_chosen_without_a_filter(crossed):  # noqa: F811
    # every source is a row: Webinar, Paid, Email (linear 1500, 3500, 1000) and the total, 6000
    table = sources.models_table(sources.attribution(crossed, Filters()))
    assert sorted(table["source"]) == sorted(["Webinar", "Paid", "Email", tables.TOTAL_ROW])
    assert table.set_index("source").loc[tables.TOTAL_ROW, "linear"] == 6000.0


def test_the_json_says_what_the_credit_was_shared_out_of(crossed):  # noqa: F811
    # Webinar's linear credit 1500 of the 6000 won across every source; its own lead's deal won 1000
    records = sources.source_records(crossed, Filters(sources=("Webinar",)), "linear")
    assert [(r["source"], r["revenue"], r["attributed_out_of"], r["won"]) for r in records] == [
        ("Webinar", 1500.0, 6000.0, 1)
    ]


def _touches_mapping() -> None:
    import streamlit as st

    from dashboard import mapping_ui

    class Upload:
        name = "log.csv"
        file_id = "log-1"

        def getvalue(self) -> bytes:
            return b"Lead ID,Event Timestamp (America/New_York),Channel\nL1,2026-08-25 12:00:00,Webinar\n"

    made = mapping_ui.mapping_step("touches", [Upload()], None)
    st.text(made.data.decode() if made else "no mapping")


def test_the_data_page_fills_a_touches_files_only_date_column():
    # one column of dates: touched_at can be no other (before: left unfilled on the page, filled by `map` alone)
    at = AppTest.from_function(_touches_mapping).run()
    assert not at.exception, [e.message for e in at.exception]
    assert 'touched_at = "Event Timestamp (America/New_York)"' in at.text[0].value
