"""Access rules: e-mail and domain lists, case, the provider's word on the address, no default admin, local
use without sign-in, and the address `make run` binds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dashboard import auth, config
from dashboard.auth import Role

ADMINS = auth.parse_entries("ann@x.com, @ops.example.com")
VIEWERS = auth.parse_entries("@example.com")


def signed_in(email: str | None, **claims: object) -> dict:
    return {"is_logged_in": True, "email": email, **claims}


def test_entries_are_lower_case_addresses_or_domains_and_blanks_are_dropped():
    assert auth.parse_entries(" Ann@X.com, @Ops.Example.COM ,,example.org,ann@x.com") == (
        "ann@x.com",
        "@ops.example.com",
        "@example.org",  # a bare domain is a domain
    )
    assert auth.parse_entries(["B@y.com", " "]) == ("b@y.com",)
    assert auth.parse_entries(None) == ()
    assert auth.parse_entries("") == ()


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("ann@x.com", True),
        ("ANN@X.COM ", True),  # case and blanks do not matter
        ("bob@x.com", False),  # ann is listed, not her domain
        ("bob@ops.example.com", True),
        ("bob@OPS.example.com", True),
        ("bob@eu.ops.example.com", False),  # a domain entry is that domain, not its subdomains
        ("bob@ops.example.com.evil.io", False),
        ("mallory@evil.io@ops.example.com", False),  # not one address
        ("@ops.example.com", False),  # no one's address
        ("", False),
    ],
)
def test_an_address_matches_itself_or_its_domain(email, expected):
    assert auth.matches(email, ADMINS) is expected


@pytest.mark.parametrize(
    ("user", "role"),
    [
        ({"is_logged_in": False}, Role.SIGNED_OUT),
        ({"email": "ann@x.com"}, Role.SIGNED_OUT),  # an e-mail without a sign-in is no one
        (signed_in("Ann@X.com"), Role.ADMIN),
        (signed_in("joe@ops.example.com"), Role.ADMIN),
        (signed_in("vic@example.com"), Role.VIEWER),
        (signed_in("eve@elsewhere.io"), Role.NONE),
        (signed_in(None), Role.NONE),
        (signed_in("vic@example.com", email_verified=True), Role.VIEWER),
        (signed_in("ann@x.com", email_verified=False), Role.NONE),  # the provider says it is not hers
        (signed_in("ann@x.com", email_verified="false"), Role.NONE),
    ],
)
def test_roles_from_the_lists(user, role):
    assert auth.role_for(user, ADMINS, VIEWERS) is role


def test_an_admin_is_an_admin_even_when_the_viewers_list_names_the_address():
    assert auth.role_for(signed_in("ann@x.com"), ADMINS, ("ann@x.com",)) is Role.ADMIN


def test_there_is_no_default_admin():
    assert auth.role_for(signed_in("ann@x.com"), (), ()) is Role.NONE
    assert auth.role_for(signed_in("ann@x.com"), (), VIEWERS) is Role.NONE


def test_lists_come_from_secrets_first_then_the_environment(monkeypatch):
    monkeypatch.setenv(config.ADMINS_ENV_VAR, "env@x.com")
    monkeypatch.delenv(config.VIEWERS_ENV_VAR, raising=False)
    secrets = {config.ADMINS_ENV_VAR: ["Sec@X.com", "@ops.example.com"]}
    assert auth.configured_entries(config.ADMINS_ENV_VAR, secrets) == ("sec@x.com", "@ops.example.com")
    assert auth.configured_entries(config.ADMINS_ENV_VAR, {}) == ("env@x.com",)
    assert auth.configured_entries(config.VIEWERS_ENV_VAR, {}) == ()


AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s", "client_id": "c"}}


def test_without_sign_in_everyone_on_this_computer_is_admin(monkeypatch):
    monkeypatch.setattr(auth, "_secrets", dict)
    monkeypatch.setattr(auth, "_user", lambda: {"is_logged_in": False})
    assert auth.current_role() is Role.ADMIN  # no Streamlit session: st.context.ip_address is None
    monkeypatch.setattr(auth, "is_remote", lambda peer: True)
    assert auth.current_role() is Role.NONE


def test_with_sign_in_the_role_comes_from_the_user_and_the_lists(monkeypatch):
    monkeypatch.delenv(config.ADMINS_ENV_VAR, raising=False)
    monkeypatch.setattr(auth, "_secrets", lambda: {**AUTH, config.ADMINS_ENV_VAR: "ann@x.com"})
    monkeypatch.setattr(auth, "_user", lambda: {"is_logged_in": False})
    assert auth.current_role() is Role.SIGNED_OUT
    monkeypatch.setattr(auth, "_user", lambda: signed_in("ann@x.com"))
    assert auth.current_role() is Role.ADMIN and auth.is_admin()
    monkeypatch.setattr(auth, "_user", lambda: signed_in("vic@example.com"))
    assert auth.current_role() is Role.NONE  # no viewers configured


@pytest.mark.parametrize(
    ("peer", "remote"),
    [(None, False), ("127.0.0.1", False), ("::1", False), ("::ffff:127.0.0.1", False), ("10.1.2.3", True)],
)
def test_only_a_loopback_peer_is_this_computer(peer, remote):
    assert auth.is_remote(peer) is remote


def test_whom_to_ask_names_addresses_else_domains():
    assert auth.admins_text(ADMINS) == "ann@x.com"
    assert auth.admins_text(("@ops.example.com",)) == "an administrator at ops.example.com"
    assert config.ADMINS_ENV_VAR in auth.admins_text(())


def test_sign_in_buttons_for_the_default_and_named_providers():
    assert auth.providers({"client_id": "c", "client_kwargs": {"prompt": "login"}}) == [None]
    assert auth.providers({"redirect_uri": "u", "google": {"client_id": "g"}, "okta": {"client_id": "o"}}) == [
        "google",
        "okta",
    ]


@pytest.mark.parametrize(
    ("requested", "sign_in", "address", "says"),
    [
        ("", False, "127.0.0.1", "listening on 127.0.0.1 only: configure sign-in to share it"),
        ("0.0.0.0", False, "127.0.0.1", "FUNNEL_ADDRESS=0.0.0.0 ignored without sign-in"),
        ("localhost", False, "localhost", "listening on localhost"),
        ("", True, "127.0.0.1", "set FUNNEL_ADDRESS (e.g. 0.0.0.0) to share it"),
        ("0.0.0.0", True, "0.0.0.0", "listening on 0.0.0.0: everyone signs in"),
    ],
)
def test_the_server_leaves_this_computer_only_with_sign_in_and_an_address(requested, sign_in, address, says):
    bound, message = auth.bind_address(requested, sign_in)
    assert bound == address
    assert says in message


def run_helper(folder, address: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(folder), "PYTHONPATH": str(config.ROOT), config.ADDRESS_ENV_VAR: address}
    env.pop("STREAMLIT_SECRETS_FILES", None)
    return subprocess.run(
        [sys.executable, "-m", "dashboard.auth"], cwd=folder, env=env, capture_output=True, text=True, check=True
    )


def test_make_runs_helper_reads_the_secrets_file_streamlit_reads(tmp_path):
    done = run_helper(tmp_path, "0.0.0.0")
    assert done.stdout.strip() == "127.0.0.1"
    assert "configure sign-in to share it" in done.stderr
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "x"\nclient_id = "c"\n'
    )
    assert run_helper(tmp_path, "0.0.0.0").stdout.strip() == "0.0.0.0"
