"""The Data page of a file upgraded from DERIVED_VERSION 49 says how many deals of the sales-prospecting tools moved
to sales-sourced (tests/unit/test_upgrade_sales_tools.py counts them by hand)."""

from __future__ import annotations

from fixture_data import load

from tests.unit.test_upgrade_sales_tools import DEALS, LEADS, NOTE


def _of_49(con) -> None:
    load(con, LEADS, DEALS)
    # as the code of version 49 left it: its derivation and its own code version (the page's read-only snapshot
    # upgrades a file whose code version is not this one's)
    con.execute("update meta set value = '49' where key = 'derived_version'")
    con.execute("update meta set value = 'of-version-49' where key = 'code_version'")


def test_the_data_page_of_a_file_upgraded_from_49_says_the_deals_moved(app_over):
    at = app_over(_of_49).run()
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    infos = " ".join(i.value for i in at.info)
    assert f"On upgrading the database file, {NOTE}." in infos
