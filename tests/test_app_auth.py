"""Who may use the app, in Streamlit's AppTest with `st.user` set as the identity provider would
set it: the local demo mode without a users file; with one, an error page until login is
configured, then the sign-in page, the signed-in person as the users file names them (roles
from the file, never from the token), and a refusal naming an identity that is in no one's
entry. The real login against a real provider is in tests/test_browser_login.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from eia.services.assessments import AssessmentService
from eia.users import load_directory
from tests.test_users import USERS

APP = str(Path(__file__).resolve().parent.parent / "app.py")
AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                 "cookie_secret": "a-long-random-string-for-tests-only",
                 "client_id": "likvardig", "client_secret": "not-a-secret",
                 "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}
ANNA = {"is_logged_in": True, "email": "Anna.Lind@Helsingborg.se", "name": "Anna Lind",
        "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ"}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store, no context database, and the users file of tests/test_users.py: Anna Lind
    (case officer) signs in by e-mail or subject."""
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(tmp_path))
    monkeypatch.setenv("EIA_CONTEXT_DB", str(tmp_path / "no-context.duckdb"))
    users = tmp_path / "users.yaml"
    users.write_text(USERS, encoding="utf-8")
    monkeypatch.setenv("EIA_USERS_FILE", str(users))
    return tmp_path


def app(user: dict[str, object], secrets: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = user
    at.secrets = AUTH if secrets is None else secrets
    return at.run()


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error]
    parts += [i.value for i in at.info] + [t.value for t in at.title]
    parts += [c.value for c in at.code]
    return "\n".join(str(p) for p in parts)


def sidebar_text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.sidebar.markdown)


def english(at: AppTest) -> AppTest:
    return at.sidebar.radio(key="lang").set_value("en").run()


def test_without_a_users_file_the_local_demo_mode_runs_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(tmp_path))
    monkeypatch.setenv("EIA_CONTEXT_DB", str(tmp_path / "no-context.duckdb"))
    monkeypatch.delenv("EIA_USERS_FILE", raising=False)
    at = app({"is_logged_in": False})  # even with [auth] configured: no file, no sign-in
    assert not at.exception
    assert "Lokalt demoläge" in page_text(at)
    assert at.sidebar.selectbox(key="user_id").value == "demo-officer"
    assert [b.label for b in at.button if b.key in ("sign-in", "sign-out")] == []


def test_a_users_file_without_login_configured_is_an_error_page_in_both_languages(
        folder: Path) -> None:
    at = app(ANNA, secrets={"unrelated": "a secrets file without an [auth] section"})
    assert not at.exception
    assert "Inloggning är inte inställd" in at.error[0].value
    assert "[auth]" in at.error[0].value
    assert "Mitt arbete" not in page_text(at)
    assert "Login is not configured" in english(at).error[0].value
    assert not [b for b in at.button if b.key == "sign-in"]


def test_someone_not_signed_in_sees_only_the_sign_in_page(folder: Path) -> None:
    at = app({"is_logged_in": False})
    assert not at.exception
    assert at.title[0].value == "Logga in"
    assert at.button(key="sign-in").label == "Logga in"
    assert "Mitt arbete" not in page_text(at)
    assert not [s for s in at.sidebar.selectbox if s.key == "user_id"]
    assert english(at).button(key="sign-in").label == "Sign in"


def test_a_signed_in_person_acts_as_their_user_with_the_roles_of_the_users_file(
        folder: Path) -> None:
    token = {**ANNA, "groups": ["admins", "reviewers"], "roles": ["admin"]}
    at = app(token)
    assert not at.exception
    assert at.title[0].value == "Mitt arbete"
    shown = sidebar_text(at)
    assert "Inloggad som **Anna Lind**" in shown
    assert "Roller: Handläggare" in shown  # not the token's groups or roles
    assert "Administratör" not in shown and "Granskare" not in shown
    assert at.sidebar.button(key="sign-out").label == "Logga ut"
    assert not [s for s in at.sidebar.selectbox if s.key == "user_id"]  # no picker
    assert "Lokalt demoläge" not in page_text(at)

    at.text_input(key="new-id").input("signed-in-draft")
    at.text_input(key="new-title").input("Kortare öppettider")
    at.button(key="FormSubmitter:new-assessment-Skapa").click().run()
    service = AssessmentService.for_folder(folder, load_directory(folder / "users.yaml"))
    saved = service.get(service.user("anna.lind"), "signed-in-draft").assessment
    assert [event.by.id for event in saved.history] == ["anna.lind"]


def test_the_subject_alone_signs_in_when_the_token_has_no_email(folder: Path) -> None:
    at = app({"is_logged_in": True, "sub": "0F8FAD5B-D9CB-469F-A165-70867728950E"})
    assert not at.exception
    assert "Inloggad som **Anna Lind**" in sidebar_text(at)


def test_an_identity_in_no_ones_entry_is_refused_by_name_with_how_to_add_it(
        folder: Path) -> None:
    at = app({"is_logged_in": True, "email": "okand@helsingborg.se", "sub": "x-42",
              "name": "Okänd Person"})
    assert not at.exception
    assert at.title[0].value == "Du finns inte bland användarna"
    assert "`okand@helsingborg.se / x-42`" in at.error[0].value
    assert "EIA_USERS_FILE" in page_text(at)
    assert at.code[0].value.strip() == "identities: [okand@helsingborg.se, x-42]"
    assert "Mitt arbete" not in page_text(at)
    assert "user_id" not in at.session_state
    assert at.button(key="sign-out").label == "Logga ut"
    assert "no Likvärdig user has that identity" in english(at).error[0].value


def test_signing_out_returns_to_the_sign_in_page(folder: Path) -> None:
    at = app(ANNA)
    at.sidebar.button(key="sign-out").click().run()
    assert at.user == {"is_logged_in": False}
    at.run()
    assert at.button(key="sign-in").label == "Logga in"
    assert "Mitt arbete" not in page_text(at)
