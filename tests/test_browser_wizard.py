"""The real app in a real browser: `streamlit run app.py` on a free port, driven by Playwright
through Debian's chromium. An officer creates an assessment, answers a question, reloads, and
finds the answer still there; the page's language is the UI's. Two tabs on one assessment: the
stale one is told who saved, keeps its text and can load the newer version. The screenshots
are written to the test's own folder, and to `docs/` (where the README shows them) when
`UPDATE_SCREENSHOTS=1` is set, so an ordinary run leaves the checkout as it was.

This test fails, never skips, when chromium is missing: `scripts/setup test` installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from eia.model import Assessment
from eia.services.assessments import AssessmentService
from tests.browser import (  # free_port and wait_healthy: other browser tests take them here
    REPO,
    TIMEOUT_MS,
    Counted,
    free_port,
    launch,
    served,
    wait_for,
    wait_healthy,
)

AID = "browser-library"
__all__ = ["free_port", "wait_healthy"]


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app on loopback over an empty store, in the local demo mode."""
    with served({"EIA_ASSESSMENTS_DIR": str(tmp_path),
                 "EIA_CONTEXT_DB": str(tmp_path / "no-context.duckdb"),
                 "EIA_USERS_FILE": ""}) as app:
        yield app.url, tmp_path


def saved(folder: Path) -> Assessment:
    service = AssessmentService.for_folder(folder)
    return service.get(service.user(), AID).assessment


def saved_answer(folder: Path, question: str) -> object:
    answer = saved(folder).answer(question)
    return answer.value if answer else None


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go: docs/ when asked to refresh the README's pictures."""
    return REPO / "docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path


def test_an_officer_creates_answers_reloads_and_finds_the_answer(
        app_url: tuple[str, Path], shots: Path) -> None:
    url, folder = app_url
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            officer = Counted(page)
            page.goto(url)
            expect(page.get_by_role("heading", name="Mitt arbete")).to_be_visible()
            expect(page.locator("html")).to_have_attribute("lang", "sv")
            expect(page.get_by_text("Lokalt demoläge")).to_be_visible()

            officer.type(page.get_by_label("Id (små bokstäver, siffror och bindestreck)"), AID)
            officer.type(page.get_by_label("Beslutets titel"), "Filialbiblioteket stänger")
            officer.click(page.get_by_role("button", name="Skapa"))
            page.wait_for_url(f"**/wizard?*assessment={AID}*")
            expect(page.get_by_role("heading", name="Filialbiblioteket stänger")).to_be_visible()

            choice = "En neddragning eller nedläggning"
            officer.click(page.get_by_text(choice, exact=True))
            expect(page.get_by_text("Sparad", exact=False).first).to_be_visible()
            wait_for(lambda: saved_answer(folder, "decision.kind_of_decision")
                      == "reduction_or_closure")

            description = "Öppet två dagar i veckan i stället för fem."
            officer.type(page.get_by_label("Beskrivning av förslaget"), description)
            officer.press("Tab")  # a text area sends its value on blur
            wait_for(lambda: saved(folder).decision.description == description)

            page.reload()
            expect(page.get_by_role("heading", name="Filialbiblioteket stänger")).to_be_visible()
            expect(page.get_by_role("radio", name=choice)).to_be_checked()
            expect(page.get_by_label("Beskrivning av förslaget")).to_have_value(description)
            expect(page.locator("html")).to_have_attribute("lang", "sv")
            page.screenshot(path=str(shots / "app-wizard-decision-sv.png"),
                            full_page=False)

            # the sidebar's result page keeps the open assessment, and says what blocks it
            officer.click(page.get_by_role("link", name="Resultat och inskick"))
            expect(page.get_by_text("Rekommenderad slutsats", exact=False)).to_be_visible()
            assert f"assessment={AID}" in page.url

            officer.click(page.get_by_text("English", exact=True))
            expect(page.get_by_text("Recommended outcome", exact=False)).to_be_visible()
            expect(page.locator("html")).to_have_attribute("lang", "en")
            print(f"browser test: {officer.clicks} clicks, {officer.keys} keystrokes")
            assert officer.clicks == 7
            assert officer.keys == len(AID) + len("Filialbiblioteket stänger") + len(
                description) + 1
        finally:
            browser.close()


def test_two_tabs_on_one_assessment_the_stale_one_is_told_and_keeps_its_text(
        app_url: tuple[str, Path]) -> None:
    url, folder = app_url
    service = AssessmentService.for_folder(folder)
    service.create(service.user(), AID, title="Filialbiblioteket stänger")
    link = f"{url}/wizard?assessment={AID}&step=decision"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            first, second = browser.new_page(), browser.new_page()
            for tab in (first, second):
                tab.set_default_timeout(TIMEOUT_MS)
                tab.goto(link)
                expect(tab.get_by_role("heading", name="Filialbiblioteket stänger")).to_be_visible()
            first.get_by_label("Diarienummer").fill("KS 2026/1")
            first.keyboard.press("Tab")
            wait_for(lambda: saved(folder).decision.diary_number == "KS 2026/1")

            mine = "Min text som inte får försvinna"
            second.get_by_label("Beskrivning av förslaget").fill(mine)
            second.keyboard.press("Tab")
            expect(second.get_by_text("sparade en nyare version", exact=False)).to_be_visible()
            expect(second.get_by_label("Din osparade text")).to_have_value(mine)
            assert saved(folder).decision.description == ""

            second.get_by_role("button", name="Hämta den nyare versionen").click()
            expect(second.get_by_label("Diarienummer")).to_have_value("KS 2026/1")
        finally:
            browser.close()
