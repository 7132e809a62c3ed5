"""The real sign-in in a real browser: an OpenID Connect provider on loopback
(`oidc-provider-mock`, the test extra), `streamlit run app.py` with a users file and a secrets
file of its own (`secrets.files`, so the checkout's `.streamlit/` is left as it was), and
Debian's chromium driven by Playwright. A person in the users file signs in at the provider,
lands on the start page under the users file's name and roles (not the token's groups or role
claim), and signs out; a person in no one's entry is refused by name.

This test fails, never skips, when chromium or the provider is missing: `scripts/setup test`
installs both.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Page, expect, sync_playwright

from tests.browser import TIMEOUT_MS, launch, served, violations
from tests.test_app_auth import USERS

GROUPS = [str(uuid.UUID(int=random.Random(n).getrandbits(128), version=4)) for n in range(20)]
"""Group object ids as random as real ones, so they compress no better in the cookie."""
ANNA = User(sub="0f8fad5b-d9cb-469f-a165-70867728950e",
            claims={"email": "anna.lind@helsingborg.se", "name": "Anna Lind (IdP)",
                    "groups": GROUPS, "roles": ["admin"]})
"""A case officer whose token also carries groups and an admin role claim, both ignored."""
STRANGER = User(sub="okand-42", claims={"email": "okand@example.org", "name": "Okänd"})


@pytest.fixture
def provider() -> Iterator[str]:
    """A real OpenID Connect provider on loopback; any client id and secret are accepted."""
    with run_server_in_thread(user_claims=(ANNA, STRANGER)) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def app_url(tmp_path: Path, provider: str) -> Iterator[str]:
    """The app with a users file and `[auth]` pointing at the provider."""
    users = tmp_path / "users.yaml"
    users.write_text(USERS, encoding="utf-8")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'  # Streamlit fills in {port}
        'cookie_secret = "a-long-random-string-for-this-test-only"\n'
        'client_id = "likvardig-test"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    with served({"EIA_ASSESSMENTS_DIR": str(tmp_path),
                 "EIA_CONTEXT_DB": str(tmp_path / "no-context.duckdb"),
                 "EIA_USERS_FILE": str(users),
                 "STREAMLIT_SECRETS_FILES": str(secrets)}) as app:  # = --secrets.files
        yield app.url


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 1000})
            tab.set_default_timeout(TIMEOUT_MS)
            yield tab
        finally:
            browser.close()


def sign_in(page: Page, url: str, subject: str) -> float:
    """From the app's sign-in page through the provider's form and back; the seconds it took."""
    page.goto(url)
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    assert violations(page) == []
    started = time.monotonic()
    page.get_by_role("button", name="Logga in").click()
    page.get_by_placeholder("sub").fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    return time.monotonic() - started


def auth_cookie_bytes(page: Page) -> int:
    """What Streamlit's identity cookies (claims and tokens, in chunks when large) add to the
    Cookie header of every request: the app's websocket refuses a header line over 8 KB."""
    return sum(len(c["name"]) + len(c["value"]) + 3 for c in page.context.cookies()
               if c["name"].startswith("_streamlit_user"))


def test_a_user_signs_in_at_the_provider_sees_their_name_and_signs_out(
        app_url: str, page: Page) -> None:
    seconds = sign_in(page, app_url, ANNA.sub)
    expect(page.get_by_role("heading", name="Mitt arbete")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Anna Lind", exact=True)).to_be_visible()  # the users file's name
    expect(sidebar.get_by_text("Roller: Handläggare")).to_be_visible()
    expect(sidebar.get_by_text("Administratör")).to_have_count(0)
    expect(page.get_by_text("Lokalt demoläge")).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    print(f"sign-in round trip {seconds:.2f} s; identity cookies with {len(GROUPS)} groups: "
          f"{auth_cookie_bytes(page)} bytes")

    page.reload()  # the identity cookie keeps the person signed in
    expect(sidebar.get_by_text("Anna Lind", exact=True)).to_be_visible()

    sidebar.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="End session").click()  # the provider's own sign-out
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    assert auth_cookie_bytes(page) == 0
    page.reload()
    expect(page.get_by_role("button", name="Logga in")).to_be_visible()
    expect(page.get_by_role("heading", name="Mitt arbete")).to_have_count(0)


def test_an_identity_in_no_ones_entry_is_refused_by_name(app_url: str, page: Page) -> None:
    sign_in(page, app_url, STRANGER.sub)
    expect(page.get_by_role("heading", name="Du finns inte bland användarna")).to_be_visible()
    expect(page.get_by_text("okand@example.org / okand-42")).to_be_visible()
    expect(page.get_by_role("heading", name="Mitt arbete")).to_have_count(0)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert violations(page) == []
