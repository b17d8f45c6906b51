"""Sign-in and roles: Streamlit's OIDC sign-in (st.login) when secrets.toml has [auth], viewers and admins.

Without [auth] the dashboard is for the computer it runs on: everyone who reaches it from there is an
admin, and `make run` binds 127.0.0.1 (`python -m dashboard.auth` prints the address to bind).
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

import streamlit as st

from dashboard import config
from dashboard.formatting import md_text

LOOPBACK_ADDRESSES: tuple[str, ...] = (config.LOCAL_ADDRESS, "localhost", "::1")


class Role(StrEnum):
    """What a visitor may do."""

    SIGNED_OUT = "signed out"
    NONE = "no access"
    VIEWER = "viewer"
    ADMIN = "admin"


def parse_entries(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """'Ann@X.com, @Ops.example.com' or a list -> ('ann@x.com', '@ops.example.com'); a bare domain gets its '@'."""
    parts = value.split(",") if isinstance(value, str) else list(value or ())
    entries = [str(part).strip().lower() for part in parts]
    return tuple(dict.fromkeys(e if "@" in e else "@" + e for e in entries if e))


def matches(email: str, entries: Iterable[str]) -> bool:
    """True when the address is listed, or its domain is ('@example.com' is that domain, not its subdomains)."""
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not (local and at and domain) or "@" in domain:
        return False
    listed = set(entries)
    return email in listed or "@" + domain in listed


def role_for(user: Mapping[str, Any], admins: Iterable[str], viewers: Iterable[str]) -> Role:
    """The role of a signed-in (or not) st.user when sign-in is configured; admins may also view."""
    if not user.get("is_logged_in"):
        return Role.SIGNED_OUT
    email = user.get("email")
    if not isinstance(email, str) or str(user.get("email_verified", True)).lower() == "false":
        return Role.NONE  # no address, or one the provider says is not the user's: nothing to match
    if matches(email, admins):
        return Role.ADMIN
    return Role.VIEWER if matches(email, viewers) else Role.NONE


def _secrets() -> Mapping[str, Any]:
    """The app's secrets.toml, or nothing when there is none."""
    return st.secrets if st.secrets.load_if_toml_exists() else {}


def _user() -> Mapping[str, Any]:
    """What st.user says about the visitor."""
    return st.user.to_dict()


def auth_section(secrets: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """The [auth] section of secrets.toml (empty when sign-in is not configured)."""
    secrets = _secrets() if secrets is None else secrets
    return secrets.get("auth") or {}


def configured_entries(name: str, secrets: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """FUNNEL_ADMINS or FUNNEL_VIEWERS: a top-level key of secrets.toml (text or list), else the environment."""
    secrets = _secrets() if secrets is None else secrets
    return parse_entries(secrets[name] if name in secrets else os.environ.get(name))


def is_remote(peer: object) -> bool:
    """True for another computer's address (st.context.ip_address: the connection's peer, None for 127.0.0.1)."""
    if not isinstance(peer, str):
        return False
    try:
        address = ipaddress.ip_address(peer.split("%")[0])
    except ValueError:
        return True
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return not (mapped or address).is_loopback


def current_role() -> Role:
    """The visitor's role: from the sign-in and the lists, or admin on the server's own computer without sign-in."""
    secrets = _secrets()
    if not auth_section(secrets):
        return Role.NONE if is_remote(st.context.ip_address) else Role.ADMIN
    admins = configured_entries(config.ADMINS_ENV_VAR, secrets)
    return role_for(_user(), admins, configured_entries(config.VIEWERS_ENV_VAR, secrets))


def is_admin() -> bool:
    """True when the visitor may import, remove or restore data and edit the sales-owned sources."""
    return current_role() is Role.ADMIN


def admins_text(admins: Sequence[str]) -> str:
    """Whom to ask: the admins' addresses, else their domains."""
    people = [e for e in admins if not e.startswith("@")]
    if people:
        return ", ".join(people)
    if admins:
        return "an administrator at " + ", ".join(e[1:] for e in admins)
    return f"whoever runs this server (no administrator is set in {config.ADMINS_ENV_VAR})"


def whom_to_ask() -> str:
    """Whom a visitor without the right role should ask, from the configured admins."""
    return admins_text(configured_entries(config.ADMINS_ENV_VAR))


def providers(auth: Mapping[str, Any]) -> list[str | None]:
    """The sign-in buttons: None for a provider set in [auth] itself, then each [auth.NAME] provider."""
    named = [name for name, value in auth.items() if isinstance(value, Mapping) and name != "client_kwargs"]
    return ([None] if "client_id" in auth else []) + named or [None]


def _sign_out_button() -> None:
    st.button("Sign out", key="auth_sign_out", on_click=st.logout)


def require_viewer() -> Role:
    """Stop the page (st.stop) unless the visitor may see the numbers; otherwise show who is signed in."""
    role = current_role()
    secrets = _secrets()
    signed_in = bool(auth_section(secrets))
    if role in (Role.VIEWER, Role.ADMIN):
        if signed_in:
            with st.sidebar:
                st.caption(f"Signed in as {md_text(_user().get('email'))} ({role})")
                _sign_out_button()
        return role
    st.title(config.APP_TITLE)
    if role is Role.SIGNED_OUT:
        st.write("Sign in with your company account to see the marketing and sales funnel.")
        for provider in providers(auth_section(secrets)):
            label = "Sign in" if provider is None else f"Sign in with {provider.capitalize()}"
            args = () if provider is None else (provider,)
            st.button(label, type="primary", key=f"auth_sign_in_{provider}", on_click=st.login, args=args)
    elif not signed_in:
        st.error(
            "Sign-in is not configured, so this dashboard answers only on the computer it runs on. "
            "Configure sign-in (see the README, Security and deployment) to share it.",
            icon=":material/lock:",
        )
    else:
        st.error(
            f"You are signed in as {md_text(_user().get('email') or 'an account without an e-mail address')}, "
            f"but this dashboard is not shared with you. Ask {whom_to_ask()} for access.",
            icon=":material/lock:",
        )
        _sign_out_button()
    st.stop()
    return role  # not reached: st.stop ends the run


def bind_address(requested: str | None, sign_in_configured: bool) -> tuple[str, str]:
    """The address `make run` binds and the line it prints: FUNNEL_ADDRESS only when sign-in is configured."""
    local = f"listening on {config.LOCAL_ADDRESS} only"
    if requested and (sign_in_configured or requested in LOOPBACK_ADDRESSES):
        return requested, f"listening on {requested}" + (": everyone signs in" if sign_in_configured else "")
    if requested:
        return config.LOCAL_ADDRESS, (
            f"{config.ADDRESS_ENV_VAR}={requested} ignored without sign-in: {local}: configure sign-in to share it"
        )
    if sign_in_configured:
        return config.LOCAL_ADDRESS, f"{local}: set {config.ADDRESS_ENV_VAR} (e.g. 0.0.0.0) to share it"
    return config.LOCAL_ADDRESS, f"{local}: configure sign-in to share it"


def main() -> None:
    """Print the address to bind (stdout) and why (stderr), for `make run`."""
    address, message = bind_address(os.environ.get(config.ADDRESS_ENV_VAR, "").strip(), bool(auth_section()))
    print(message, file=sys.stderr)
    print(address)


if __name__ == "__main__":
    main()
