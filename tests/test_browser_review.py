"""A review round in the real app, in Debian's chromium, in the local demo mode where the
sidebar's "you are acting as" switches between the fictitious officer and reviewer: the reviewer
returns the assessment with "must correct" on the consultation, the officer adds the missing
consultation and its minutes, answers the comment beside the step and submits again, and the
reviewer sees what changed and approves. axe-core finds nothing on the result page as the
reviewer sees it, nor on the revisions and follow-up pages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from eia.model import Assessment, Status, Step, Verdict
from eia.services.assessments import AssessmentService
from tests.browser import (
    REPO,
    TIMEOUT_MS,
    Served,
    launch,
    served,
    settle,
    violations,
    wait_for,
)

AID = "booking-review"
TITLE = "Digital bokning av besök"
OFFICER = "Alva Demo (fiktiv handläggare)"
REVIEWER = "Cecilia Demo (fiktiv granskare)"
COMMENT = "Pensionärsrådet är inte hört; gör det och för in det i samrådsloggen."


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """An assessment the officer has submitted: a copy of the demo booking assessment."""
    folder = tmp_path / "store"
    folder.mkdir()
    shutil.copy(REPO / "assessments" / "demo-digital-booking.json", folder)
    service = AssessmentService.for_folder(folder)
    officer = service.user("demo-officer")
    service.create(officer, AID, title=TITLE, copy_from="demo-digital-booking")
    service.submit(officer, AID)
    return folder


@pytest.fixture
def app(tmp_path: Path, store: Path) -> Iterator[Served]:
    with served({"EIA_ASSESSMENTS_DIR": str(store),
                 "EIA_CONTEXT_DB": str(tmp_path / "no-context.duckdb"),
                 "EIA_USERS_FILE": ""}) as running:
        yield running


def saved(store: Path) -> Assessment:
    service = AssessmentService.for_folder(store)
    return service.get(service.user(), AID).assessment


def act_as(page: Page, person: str) -> None:
    """Pick the person in the sidebar's "Du arbetar som"."""
    page.get_by_label("Du arbetar som", exact=False).click()
    page.get_by_role("option", name=person).click()
    settle(page)
    expect(page.get_by_label("Du arbetar som", exact=False)).to_have_value(person)


def start(page: Page, app: Served) -> None:
    page.goto(f"{app.url}/?lang=sv")  # the default page has no path of its own
    settle(page)
    expect(page.get_by_role("heading", name="Mitt arbete")).to_be_visible()


def open_from_list(page: Page) -> None:
    page.get_by_role("button", name=f"Öppna: {TITLE}").click()
    settle(page)


def test_a_reviewer_returns_the_officer_corrects_and_the_reviewer_approves(
        app: Served, store: Path) -> None:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            start(page, app)

            # the reviewer finds it waiting, opens the result page, and returns it
            act_as(page, REVIEWER)
            # ours and the demo it was copied from
            expect(page.get_by_role("heading", name="Väntar på min granskning (2)")).to_be_visible()
            open_from_list(page)
            expect(page.get_by_role("heading", name="Granskning")).to_be_visible()
            assert violations(page) == []
            consultation = page.get_by_role("radiogroup",
                                            name="Bedömning av steget Samråd och dialog")
            consultation.get_by_text("Måste rättas").click()
            page.get_by_label("Kommentar till steget Samråd och dialog").fill(COMMENT)
            page.get_by_role("radiogroup", name="Bedömning av steget Underlag").get_by_text(
                "Godtagbar").click()
            page.get_by_role("button", name="Spara bedömningen").click()
            settle(page)
            expect(page.get_by_text("skickad tillbaka till handläggaren", exact=False)
                   ).to_be_visible()
            assert saved(store).status is Status.returned

            # the officer finds it returned, adds the consultation and answers beside the step
            act_as(page, OFFICER)
            start(page, app)
            expect(page.get_by_role("heading", name="Återsända till mig (1)")).to_be_visible()
            open_from_list(page)
            page.goto(f"{app.url}/wizard?assessment={AID}&step=consultation&lang=sv")
            settle(page)
            expect(page.get_by_text(COMMENT)).to_be_visible()
            before = len(saved(store).consultations)
            page.get_by_label("Vilka har ni talat med?").last.fill("Pensionärsrådet")
            page.get_by_role("button", name="Lägg till samråd").click()
            wait_for(lambda: len(saved(store).consultations) == before + 1)
            settle(page)
            page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
                files=[{"name": "protokoll.csv", "mimeType": "text/csv",
                        "buffer": "datum;grupp\n2027-03-03;pensionärsrådet\n".encode()}])
            expect(page.get_by_text("protokoll.csv är bifogad.")).to_be_visible()
            assert [a.name for a in saved(store).attachments] == ["protokoll.csv"]
            settle(page)
            page.get_by_label("Ditt svar på kommentaren om Samråd och dialog").fill(
                "Pensionärsrådet hördes den 3 mars; det står nu i samrådsloggen.")
            page.get_by_role("button", name="Skicka svaret").click()
            settle(page)
            wait_for(lambda: not saved(store).standing_must_correct())
            page.get_by_role("link", name="Resultat och inskick").click()
            settle(page)
            page.get_by_role("button", name="Skicka för granskning").click()
            settle(page)
            expect(page.get_by_text("Bedömningen är skickad för granskning.")).to_be_visible()

            # the reviewer sees what changed since the judgement, and approves
            act_as(page, REVIEWER)
            page.get_by_text("Vad som har ändrats sedan den senaste bedömningen").click()
            expect(page.get_by_text("Pensionärsrådet", exact=False).first).to_be_visible()
            page.get_by_role("button", name="Godkänn bedömningen").click()
            settle(page)
            expect(page.get_by_text("Bedömningen är godkänd och låst.")).to_be_visible()
            approved = saved(store)
            assert approved.status is Status.approved
            assert [(j.step, j.verdict) for j in approved.judgements] == [
                (Step.evidence, Verdict.acceptable), (Step.consultation, Verdict.must_correct)]
            assert approved.judgements[1].replied_by is not None
            assert approved.sign_off is not None and approved.sign_off.by.id == "demo-reviewer"

            # the revisions and the follow-up pages have no axe findings either
            page.goto(f"{app.url}/history?assessment={AID}&lang=sv")
            settle(page)
            expect(page.get_by_role("heading", name="Svar och innehåll")).to_be_visible()
            assert violations(page) == []
            page.goto(f"{app.url}/follow-up?assessment={AID}&lang=sv")
            settle(page)
            expect(page.get_by_role("button", name="Spara uppföljningen")).to_be_visible()
            assert violations(page) == []
        finally:
            browser.close()
