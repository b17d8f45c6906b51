"""Values from the data, the URL and uploaded files render as literal text: no image, link or colour Markdown
reaches the page; and the copies of uploads are deleted once they are not needed."""

from __future__ import annotations

from pathlib import Path

from dashboard import store

IMAGE = "![x](http://host/p.png)"
IMAGE_SHOWN = r"!\[x\](http\://host/p\.png)"
LINK = "[Session expired - log in again](http://evil.example/login)"
LINK_SHOWN = r"\[Session expired - log in again\](http\://evil\.example/login)"


def texts(at) -> list[str]:
    """Every piece of Markdown the page (and its sidebar) rendered."""
    kinds = ("markdown", "caption", "info", "warning", "success", "error", "title", "header", "subheader")
    return [element.value for kind in kinds for element in getattr(at, kind)]


def assert_no_markup(at, *raw: str) -> None:
    for value in texts(at):
        for markup in raw:
            assert markup not in value, value


def rename_source(path: str, old: str, new: str) -> None:
    con = store.connect(path)
    with store.transaction(con):
        con.execute("update leads set source = $new where source = $old", {"old": old, "new": new})
    con.close()


def test_a_source_named_like_an_image_is_shown_as_text(make_app, app_db):
    # organic_search brings the most revenue (D3, 3,000): the callout names it
    rename_source(app_db, "organic_search", IMAGE)
    at = make_app(source=[IMAGE]).run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert_no_markup(at, IMAGE)
    shown = texts(at)
    # the view's caption (the URL's source is in the data) and the callout, escaped
    assert any(IMAGE_SHOWN in t and "cohort mode" in t for t in shown), shown
    # its one row: "brings $3k", no superlative over itself (probe 79)
    assert any(t.startswith(f"- **{IMAGE_SHOWN}** brings $3k") for t in shown), shown


def test_a_link_in_a_url_parameter_is_shown_as_text(make_app):
    at = make_app(persona=[LINK], source=[":red[Call +1 555 0100 now]"]).run()
    assert not at.exception, [e.message for e in at.exception]
    assert_no_markup(at, LINK, ":red[")
    notices = " ".join(w.value for w in at.warning)
    assert LINK_SHOWN in notices and r"\:red\[Call +1 555 0100 now\]" in notices


def test_a_refused_upload_quotes_its_values_as_text(make_app):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    at.radio(key="imp_bad_rows").set_value("refuse").run()
    at.selectbox(key="imp_kind").set_value("deals").run()
    rows = f"deal_id,created_at,status\nd1,2025-01-01,{IMAGE}\n".encode()
    at.file_uploader(key="imp_files_deals_0").upload("deals.csv", rows, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    assert_no_markup(at, IMAGE)
    assert any(IMAGE_SHOWN in e.value for e in at.error), [e.value for e in at.error]


def test_upload_copies_are_deleted_after_the_import_and_when_removed(make_app):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    leads = b"lead_id,created_at,source\nown-1,2025-04-01,email\n"
    at.file_uploader(key="imp_files_leads_0").upload("leads.csv", leads, "text/csv").run()
    folder = Path(at.session_state["_upload_dir"])
    assert (folder / "leads.csv").read_bytes() == leads
    # removed from the uploader: the copy goes
    at.file_uploader(key="imp_files_leads_0").clear().run()
    assert not folder.exists()
    at.file_uploader(key="imp_files_leads_0").upload("leads.csv", leads, "text/csv").run()
    folder = Path(at.session_state["_upload_dir"])
    assert folder.is_dir()
    at.button(key="imp_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not folder.exists()
    assert "_upload_dir" not in at.session_state
