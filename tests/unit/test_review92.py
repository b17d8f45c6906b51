"""Review 92: the accounts' copy of the deal facts (account_deals) follows an edit of the sales-owned sources, as the
deal facts do. The list decides a deal's first marketing touch; the copy kept the old one, so the Sources page's
influenced pipeline and revenue counted by account stayed as before the edit while counted by lead they moved."""

from __future__ import annotations

from datetime import datetime

from fixture_data import add_source_extras

from dashboard import config, sources, store
from dashboard.filters import Filters


def first_touch(con, table: str) -> datetime | None:
    return con.execute(f"select first_touched_at from {table} where deal_id = 'D1'").fetchone()[0]


def test_the_accounts_copy_of_a_deals_first_touch_follows_the_sales_sources(con):
    # L1's touches before D1: webinar 01-01, paid_search 01-05, email 01-09 (tests/fixture_data.py TOUCHES)
    add_source_extras(con)
    assert first_touch(con, "account_deals") == datetime(2025, 1, 1)
    # webinar owned by sales: D1's first marketing touch is paid_search's, 01-05
    store.set_sales_sources(con, [*config.SALES_SOURCES, "webinar"])
    assert first_touch(con, "deal_facts") == datetime(2025, 1, 5)
    assert first_touch(con, "account_deals") == datetime(2025, 1, 5)
    # all three owned by sales: no marketing touch left
    store.set_sales_sources(con, [*config.SALES_SOURCES, "webinar", "paid_search", "email"])
    assert first_touch(con, "account_deals") is None
    store.reset_sales_sources(con)
    assert first_touch(con, "account_deals") == datetime(2025, 1, 1)


def test_influenced_money_by_account_moves_with_the_list_as_by_lead(con):
    add_source_extras(con)
    by_account = Filters(count_by="account")
    before = sources.sourced(con, by_account)
    store.set_sales_sources(con, [*config.SALES_SOURCES, "webinar", "paid_search", "email"])
    after = sources.sourced(con, by_account)
    # D1 (won 1,000, L1's only deal) was influenced by marketing touches; with every touch's source owned by sales it
    # is not, by account as by lead
    influenced = [c for c in after.columns if "influenced" in c]
    assert influenced
    assert after[influenced].sum().sum() < before[influenced].sum().sum()
    by_lead = sources.sourced(con, Filters())
    assert after[influenced].sum().sum() == by_lead[influenced].sum().sum()
