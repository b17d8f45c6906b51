"""Trial 96 on the pages, in AppTest: the Accounts list filtered to a depth marks the account its row leaves out, and
the sidebar's Count options name accounts when the view counts them. The fixture (counted by hand in
tests/unit/test_fix96.py; the data's today: y1's creation, 2025-09-01, the default 180-day window):

- E1: e1 (2025-01-02) before its outbound won deal D2 (2025-01-20): 1 person engaged, judged.
- P1: p2 (2025-01-10), no deal: 1 person engaged, judged.
- Y1: y1 (2025-09-01), no deal: 1 person, younger than the window, so not in the depth table.
- S1: outbound won deal D1 (2025-01-05) before its only lead p1 (2025-02-01): nobody engaged (sales first).

The depth table's "1" row: 2 accounts (E1, P1); the list under "1": E1, P1, Y1, with Y1 marked.
"""

from __future__ import annotations

import account_fixture
import pytest
from fix96_fixture import DEALS, LEADS

from dashboard import store

PAGE = "pages/5_Accounts.py"


@pytest.fixture
def fixture_db_path(tmp_path) -> str:
    """This file's fixture instead of the shared one (make_app opens whatever this names)."""
    path = str(tmp_path / "t96.duckdb")
    con = store.connect(path)
    account_fixture.load(con, LEADS, DEALS)
    con.close()
    return path


def test_the_list_under_a_depth_marks_the_too_young_account(make_app):
    at = make_app(depth="1").run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.dataframe[0].value["Accounts"].tolist() == [2, 0, 0, 0]
    listed = at.dataframe[2].value
    assert listed["Account"].tolist() == ["E1", "P1", "Y1"]
    assert listed["In the depth table"].tolist() == [
        "yes",
        "yes",
        "no: younger than the conversion window, not judged yet",
    ]
    captions = [c.value for c in at.caption]
    assert (
        "3 accounts · showing 3 on page 1, biggest won revenue first. The depth table compares 2 of them (its “1” "
        "row); not compared, marked “no” under “In the depth table”: 1 younger than the conversion window, not judged "
        "yet."
    ) in captions


def test_the_count_options_name_the_unit(make_app):
    at = make_app(count_by="account").run()
    assert not at.exception, [e.message for e in at.exception]
    count = next(w for w in at.sidebar.radio if w.label == "Count")
    assert count.options[0].startswith("Cohort: accounts created in the range")
    at.switch_page(PAGE).run()
    count = next(w for w in at.sidebar.radio if w.label == "Count")
    assert count.options[0].startswith("Cohort: accounts created in the range")
    by_lead = make_app().run()
    count = next(w for w in by_lead.sidebar.radio if w.label == "Count")
    assert count.options[0] == "Cohort: leads created in the range, followed through the conversion window"
