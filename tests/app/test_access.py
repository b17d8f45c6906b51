"""Every page gated by sign-in and role (AppTest seeds st.user and the secrets; the browser test signs in for real)."""

from __future__ import annotations

import pytest

from dashboard import auth, config
from dashboard.formatting import md_text

# every page but the landing page (config.PAGES lists it first)
PAGES = [script for script, _, _ in config.PAGES[1:]]
SECRETS = {
    config.ADMINS_ENV_VAR: "ann@x.com",
    config.VIEWERS_ENV_VAR: "@viewers.test",
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-a-secret-just-a-test-value",
        "client_id": "funnel",
        "client_secret": "not-a-secret",
        "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
    },
}
OWN_LEADS = b"lead_id,created_at,source\nown-1,2025-04-01,email\nown-2,2025-04-02,webinar\n"


def app_as(make_app, user: dict, monkeypatch):
    monkeypatch.delenv(config.ADMINS_ENV_VAR, raising=False)
    monkeypatch.delenv(config.VIEWERS_ENV_VAR, raising=False)
    at = make_app()
    at.secrets = dict(SECRETS)
    at.user = user
    return at.run()


def shows_nothing(at) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.metric) == 0 and len(at.dataframe) == 0 and len(at.sidebar.multiselect) == 0
    assert len(at.get("plotly_chart")) == 0 and len(at.sidebar.date_input) == 0


def test_signed_out_every_page_shows_only_a_sign_in_button(make_app, monkeypatch):
    at = app_as(make_app, {"is_logged_in": False}, monkeypatch)
    for page in [None, *PAGES]:
        if page:
            at.switch_page(page).run()
        shows_nothing(at)
        assert [t.value for t in at.title] == [config.APP_TITLE]
        assert [b.label for b in at.button] == ["Sign in"]


def test_a_signed_in_stranger_is_told_whom_to_ask(make_app, monkeypatch):
    at = app_as(make_app, {"is_logged_in": True, "email": "eve@elsewhere.test"}, monkeypatch)
    for page in [None, "pages/9_Data.py"]:
        if page:
            at.switch_page(page).run()
        shows_nothing(at)
        assert "not shared with you. Ask ann@x.com for access." in at.error[0].value
        assert [b.label for b in at.button] == ["Sign out"]


def test_a_viewer_sees_numbers_and_cannot_change_the_data(make_app, monkeypatch):
    at = app_as(make_app, {"is_logged_in": True, "email": "Vic@Viewers.test"}, monkeypatch)
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.metric) > 0
    assert at.sidebar.caption[0].value == f"Signed in as {md_text('Vic@Viewers.test')} (viewer)"
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.dataframe) == 2  # what is loaded, and the sources with what their deals count as
    assert any("are for admins: ask ann@x.com." in i.value for i in at.info)
    assert len(at.get("file_uploader")) == 0
    assert at.multiselect(key="sales_sources_pick").disabled
    assert [b.label for b in at.main.button] == []  # no import, save, reset, remove or restore
    assert len(at.get("popover")) == 0


def test_an_admin_may_import(make_app, monkeypatch):
    at = app_as(make_app, {"is_logged_in": True, "email": "ann@x.com"}, monkeypatch)
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not any("for admins" in i.value for i in at.info)
    at.file_uploader(key="imp_files_leads_0").upload("own.csv", OWN_LEADS, "text/csv").run()
    at.button(key="imp_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    loaded = dict(zip(at.dataframe[0].value["Table"], at.dataframe[0].value["Rows"], strict=True))
    assert loaded["Leads"] == 2


def test_without_sign_in_another_computer_sees_nothing(make_app, monkeypatch):
    monkeypatch.setattr(auth, "is_remote", lambda peer: True)
    at = make_app().run()
    shows_nothing(at)
    assert "Sign-in is not configured" in at.error[0].value


@pytest.mark.parametrize("page", [None, "pages/9_Data.py"])
def test_without_sign_in_this_computer_is_admin(make_app, page):
    at = make_app().run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    assert len(at.sidebar.multiselect) > 0
    assert not any("Signed in as" in c.value for c in at.sidebar.caption)
    if page:
        assert len(at.get("file_uploader")) == 2 and len(at.get("popover")) == 1  # restore (no demo to remove)
