"""Trial 48's page findings in AppTest, on the fixture of tests/unit/test_fix48.py (counted by hand there).

Accounts ACME (Acme Inc, Software), GLOBEX (Globex, Retail), NORTH (Northwind, Logistics: outbound deals only,
without a source) and lead:x1 (no account, Media). Customer accounts: NORTH (D2, won 2026-03-10) and ACME (D1).
"""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import import_files
from tests.unit.test_fix48 import ACCOUNTS, DEALS, LEADS


@pytest.fixture
def fixture_db_path(tmp_path) -> str:
    """The trial 48 fixture instead of the shared one (make_app opens whatever this names)."""
    path = str(tmp_path / "fix48.duckdb")
    con = store.connect(path)
    try:
        for kind, text in (("accounts", ACCOUNTS), ("leads", LEADS), ("deals", DEALS)):
            file = tmp_path / f"{kind}.csv"
            file.write_text(text, encoding="utf-8")
            import_files(con, kind, [str(file)])
    finally:
        con.close()
    return path


def open_page(make_app, script: str, **query: str):
    at = make_app(window="0", **query).run()
    at.switch_page(script).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def count_by(at):
    return next(w for w in at.sidebar.radio if w.label == "Count by")


def test_the_accounts_page_says_it_counts_accounts(make_app):
    at = open_page(make_app, "pages/5_Accounts.py")
    switch = count_by(at)
    # the switch shows accounts, switched off, whatever the visitor picked for the other pages (leads here)
    assert (switch.value, switch.disabled) == ("account", True)
    assert "This page always counts accounts" in " ".join(c.value for c in at.sidebar.caption)
    # the visitor's choice is kept: the Funnel page still counts leads (4 leads, not 4 accounts: its header)
    at.switch_page("pages/1_Funnel.py").run()
    assert not at.exception
    assert (count_by(at).value, count_by(at).disabled) == ("lead", False)


def test_the_funnel_drill_down_names_the_accounts(make_app):
    at = open_page(make_app, "pages/1_Funnel.py", count_by="account")
    # the customer accounts, newest first: NORTH (D2, 2026-03-10) then ACME (D1, 2026-03-01), with their names
    drill = at.dataframe[1].value
    assert drill["Account"].tolist() == ["NORTH", "ACME"]
    assert drill["Name"].tolist() == ["Northwind", "Acme Inc"]
    # NORTH's source is outbound, not unknown
    assert drill["Source"].tolist()[0] == "Outbound"


def test_the_by_account_industry_breakdown_uses_the_companies(make_app):
    at = open_page(make_app, "pages/1_Funnel.py", count_by="account", view="breakdown", breakdown="industry")
    text = " ".join(str(m.value) for m in [*at.caption, *at.markdown, *at.info])
    # four industries, one account each: Logistics, Media, Retail, Software (before: "(none)" for three of them)
    assert "The 4 parts add up to the total at every stage: 4 accounts" in text
