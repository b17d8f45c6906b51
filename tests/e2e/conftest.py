"""A real `streamlit run` server on a free port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from secrets import token_hex

import account_fixture
import pytest
from db_copies import built_copy
from fixture_data import add_source_extras, load
from playwright.sync_api import expect

from dashboard import config, store

# a ceiling, not a wait: on a loaded 2-core CI machine a rerun after a filter change took longer than
# Playwright's 5 s default (a filter test read the old "8" leads); a passing check returns as soon as it holds
expect.set_options(timeout=15_000)

CHROMIUM = "/usr/bin/chromium"


def _chromium_or_skip() -> str:
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing in CI: `make test` installs Debian's chromium when run as root")
    pytest.skip("Chromium is not installed (apt-get install -y chromium); browser tests skipped outside CI")


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Launch Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        "executable_path": _chromium_or_skip(),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(
    folder: Path, extras: bool = False, secrets: str = "", env: dict[str, str] | None = None
) -> tuple[str, subprocess.Popen, object]:
    """Start `streamlit run` on a free port over folder/e2e.duckdb; return its URL, process and log."""
    db = str(folder / "e2e.duckdb")
    # a copy of the fixture file built once per session: each fresh server's own import took a second or more
    built_copy(f"e2e fixture extras={extras}", lambda con, _folder: _fill(con, extras), db)[0].close()
    port = _free_port()
    # secrets only from `secrets` (none: no sign-in), never from the developer's own .streamlit/secrets.toml
    secrets_file = folder / "secrets.toml"
    if secrets:
        secrets_file.write_text(secrets, encoding="utf-8")
    log = open(folder / "streamlit.log", "w")  # noqa: SIM115 - closed by _stop
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(Path(config.ROOT) / "streamlit_app.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--secrets.files",
            str(secrets_file),
        ],
        cwd=config.ROOT,
        env={**os.environ, config.DB_ENV_VAR: db, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return url, proc, log
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc, log)
            raise RuntimeError("streamlit did not start:\n" + (folder / "streamlit.log").read_text())
        time.sleep(0.3)


def _fill(con, extras: bool) -> None:
    """The hand-counted fixture, with the Sources page's extras if asked (as fixture_data.fixture_db writes it)."""
    load(con)
    if extras:
        add_source_extras(con)


def _stop(proc: subprocess.Popen, log) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """Serve the app over the hand-counted fixture database; yield its base URL."""
    _chromium_or_skip()
    url, proc, log = _serve(tmp_path_factory.mktemp("server"))
    yield url
    _stop(proc, log)


@pytest.fixture
def fresh_server(tmp_path) -> Iterator[str]:
    """A server of its own, for tests that change the data."""
    _chromium_or_skip()
    url, proc, log = _serve(tmp_path)
    yield url
    _stop(proc, log)


@pytest.fixture(scope="session")
def sources_server(tmp_path_factory) -> Iterator[str]:
    """A server over the fixture plus spend, touches and rejections (the Sources page's data), started once for the
    modules that read it (no test changes its data)."""
    _chromium_or_skip()
    url, proc, log = _serve(tmp_path_factory.mktemp("sources"), extras=True)
    yield url
    _stop(proc, log)


@pytest.fixture(scope="module")
def accounts_server(tmp_path_factory) -> Iterator[str]:
    """A server over the accounts fixture (tests/account_fixture.py), written before a page opens the file."""
    _chromium_or_skip()
    folder = tmp_path_factory.mktemp("accounts")
    url, proc, log = _serve(folder)
    con = store.connect(str(folder / "e2e.duckdb"))
    account_fixture.load(con)
    con.close()
    yield url
    _stop(proc, log)


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[str]:
    """A real OpenID Connect provider on localhost (oidc-provider-mock); its form signs in any e-mail typed."""
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as provider:
        yield f"http://localhost:{provider.server_port}"


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory, oidc_provider) -> Iterator[str]:
    """A server with sign-in through `oidc_provider`: admin ann@admins.test, viewers @viewers.test."""
    _chromium_or_skip()
    secrets = (
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'  # Streamlit fills in {port}
        f'cookie_secret = "{token_hex(32)}"\n'
        'client_id = "funnel-dashboard-e2e"\n'
        f'client_secret = "{token_hex(16)}"\n'
        f'server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"\n'
    )
    roles = {config.ADMINS_ENV_VAR: "ann@admins.test", config.VIEWERS_ENV_VAR: "@viewers.test"}
    url, proc, log = _serve(tmp_path_factory.mktemp("auth"), secrets=secrets, env=roles)
    yield url
    _stop(proc, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder runs a real server and browser: marked e2e (`make test-fast` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
