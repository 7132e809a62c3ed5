"""A review round between two people signed in at a real OpenID Connect provider on loopback,
each in a browser of their own: the reviewer returns the assessment with "must correct", the
officer answers the comment and submits again, the reviewer approves. Who judged, who replied
and who signed off are the signed-in people from the users file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Browser, Page, expect, sync_playwright

from eia.model import Assessment, Status, Step, Verdict
from eia.services.assessments import AssessmentService
from eia.users import load_directory
from tests.browser import REPO, TIMEOUT_MS, launch, served, settle, wait_for
from tests.test_browser_login import ANNA, sign_in
from tests.test_users import USERS

RASMUS = User(sub="5e1c2a70-reviewer", claims={"email": "rasmus.berg@helsingborg.se",
                                                 "name": "Rasmus Berg (IdP)"})
PEOPLE = USERS + "    identities: [rasmus.berg@helsingborg.se]\n"
AID = "pool-hours"
COMMENT = "Pensionärsrådet är inte hört om den digitala bokningen."


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, Path]:
    """An assessment Anna wrote and submitted; the store and the users file."""
    users = tmp_path / "users.yaml"
    users.write_text(PEOPLE, encoding="utf-8")
    folder = tmp_path / "store"
    folder.mkdir()
    shutil.copy(REPO / "assessments" / "demo-digital-booking.json", folder)
    service = AssessmentService.for_folder(folder, users=load_directory(users))
    anna = service.user("anna.lind")
    service.create(anna, AID, title="Digital bokning av besök", copy_from="demo-digital-booking")
    service.submit(anna, AID)
    return folder, users


@pytest.fixture
def app_url(tmp_path: Path, store: tuple[Path, Path]) -> Iterator[str]:
    folder, users = store
    with run_server_in_thread(user_claims=(ANNA, RASMUS)) as provider:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "another-long-random-string-for-this-test"\n'
            'client_id = "likvardig-test"\n'
            'client_secret = "not-a-secret"\n'
            'server_metadata_url = "http://127.0.0.1:'
            f'{provider.server_port}/.well-known/openid-configuration"\n', encoding="utf-8")
        with served({"EIA_ASSESSMENTS_DIR": str(folder),
                     "EIA_CONTEXT_DB": str(tmp_path / "no-context.duckdb"),
                     "EIA_USERS_FILE": str(users),
                     "STREAMLIT_SECRETS_FILES": str(secrets)}) as app:
            yield app.url


def saved(store: tuple[Path, Path]) -> Assessment:
    folder, users = store
    service = AssessmentService.for_folder(folder, users=load_directory(users))
    return service.get(service.user("anna.lind"), AID).assessment


def signed_in(browser: Browser, url: str, user: User, name: str) -> Page:
    """A browser of the person's own (its own cookies), signed in at the provider."""
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, url, user.sub)
    expect(page.get_by_test_id("stSidebar").get_by_text(name, exact=True)).to_be_visible()
    settle(page)
    return page


def test_two_signed_in_people_go_through_a_review_round(
        app_url: str, store: tuple[Path, Path]) -> None:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            reviewer = signed_in(browser, app_url, RASMUS, "Rasmus Berg")
            officer = signed_in(browser, app_url, ANNA, "Anna Lind")

            expect(reviewer.get_by_role("heading", name="Väntar på min granskning (2)")
                   ).to_be_visible()
            reviewer.goto(f"{app_url}/review?assessment={AID}&lang=sv")
            settle(reviewer)
            reviewer.get_by_role("radiogroup", name="Bedömning av steget Samråd och dialog"
                                 ).get_by_text("Måste rättas").click()
            reviewer.get_by_label("Kommentar till steget Samråd och dialog").fill(COMMENT)
            reviewer.get_by_role("button", name="Spara bedömningen").click()
            settle(reviewer)
            wait_for(lambda: saved(store).status is Status.returned)

            officer.reload()
            settle(officer)
            expect(officer.get_by_role("heading", name="Återsända till mig (1)")).to_be_visible()
            officer.goto(f"{app_url}/wizard?assessment={AID}&step=consultation&lang=sv")
            settle(officer)
            expect(officer.get_by_text(COMMENT)).to_be_visible()
            officer.get_by_label("Ditt svar på kommentaren om Samråd och dialog").fill(
                "Föreningen hördes den 4 mars.")
            officer.get_by_role("button", name="Skicka svaret").click()
            wait_for(lambda: not saved(store).standing_must_correct())
            settle(officer)
            officer.goto(f"{app_url}/review?assessment={AID}&lang=sv")
            settle(officer)
            officer.get_by_role("button", name="Skicka för granskning").click()
            wait_for(lambda: saved(store).status is Status.in_review)

            reviewer.reload()
            settle(reviewer)
            reviewer.get_by_role("button", name="Godkänn bedömningen").click()
            wait_for(lambda: saved(store).status is Status.approved)
        finally:
            browser.close()
    approved = saved(store)
    [judgement] = approved.judgements
    assert (judgement.step, judgement.verdict, judgement.by.id) == (
        Step.consultation, Verdict.must_correct, "rasmus.berg")
    assert judgement.replied_by is not None and judgement.replied_by.id == "anna.lind"
    assert approved.sign_off is not None and approved.sign_off.by.id == "rasmus.berg"
