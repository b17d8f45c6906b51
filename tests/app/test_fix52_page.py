"""Trial 52 on the pages: the deals kept aside for want of their lead said on the landing, Sources and Data pages
(they are in none of the numbers), and the Data page's uploader belonging to the table chosen."""

from __future__ import annotations

from dashboard import store

LEADS = b"lead_id,created_at,source\nown-1,2025-04-01,email\n"
# kept aside (named leads not loaded): K1 won 12,500, K2 won 2,400, K3 open 25,200, K4 lost 700
AWAITING = [
    ("K1", "P9001", "won", 12500.0),
    ("K2", "P9002", "won", 2400.0),
    ("K3", "P9003", "open", 25200.0),
    ("K4", "P9004", "lost", 700.0),
]
NOTICE = "4 deals (2 won, €14.9k; €25.2k open) name leads that are not loaded and are not counted"


def keep_aside(path: str) -> None:
    con = store.connect(path)
    with store.transaction(con):
        for deal_id, lead_id, status, amount in AWAITING:
            closed = "null" if status == "open" else "timestamp '2025-03-20'"
            con.execute(
                f"insert into {store.AWAITING_TABLE} (deal_id, lead_id, created_at, status, closed_at, amount) "
                f"values (?, ?, timestamp '2025-03-01', ?, {closed}, ?)",
                [deal_id, lead_id, status, amount],
            )
        # the deals' currency as an import that stated it keeps it
        store.set_meta(con, store.CURRENCY_KEY.format("deals"), "EUR")
    con.close()


def warnings(at) -> list[str]:
    # as read, without the Markdown escapes (€14\\.9k)
    return [w.value.replace("\\", "") for w in at.warning]


def test_the_landing_sources_and_data_pages_say_the_deals_kept_aside(make_app, app_db):
    keep_aside(app_db)
    at = make_app().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(NOTICE in w for w in warnings(at)), warnings(at)
    for page in ("pages/3_Sources.py", "pages/9_Data.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        assert any(NOTICE in w for w in warnings(at)), (page, warnings(at))


def test_the_uploader_belongs_to_the_table_chosen(make_app):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    at.file_uploader(key="imp_files_leads_0").upload("leads.csv", LEADS, "text/csv").run()
    assert any("is imported into **leads**" in c.value for c in at.caption)
    assert at.button(key="imp_go").label == "Import 1 rows into leads"
    # another table: its own uploader, empty; the leads file is not offered as deals
    at.selectbox(key="imp_kind").set_value("deals").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.file_uploader(key="imp_files_deals_0").label.startswith("Files for Deals")
    assert not at.file_uploader(key="imp_files_deals_0").value
    assert not any(b.key == "imp_go" for b in at.button)
    # back to leads: that table's uploader starts empty too (the file of before is not mixed with a new one)
    at.selectbox(key="imp_kind").set_value("leads").run()
    assert not at.file_uploader(key="imp_files_leads_0").value
    assert not any(b.key == "imp_go" for b in at.button)
