"""Every page of the app, in both languages, in Debian's chromium: axe-core finds no WCAG
violation, the page's `<html lang>` is the UI's language, and a step is completed by keyboard
alone. The pages are those of the demo library assessment: the start page, every step of the
wizard (its ground steps with their figures among them) and the result page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from eia.questions import get_question_set
from eia.services.assessments import AssessmentService
from eia.services.wizard import plan
from tests.browser import REPO, TIMEOUT_MS, Served, launch, settle, violations

LIBRARY = "demo-branch-library"
HEADINGS = {"sv": ("Mitt arbete", "Resultat"), "en": ("My work", "Result")}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, context_db: Path) -> Iterator[Served]:
    """The app over a copy of the demo assessments, with the bundled figures."""
    store = tmp_path_factory.mktemp("store")
    for demo in (REPO / "assessments").glob("demo-*.json"):
        shutil.copy(demo, store / demo.name)
    served = Served({"EIA_ASSESSMENTS_DIR": str(store), "EIA_CONTEXT_DB": str(context_db),
                     "EIA_USERS_FILE": ""})
    served.start()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture(scope="module")
def page(app: Served) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page(viewport={"width": 1280, "height": 1000})
        tab.set_default_timeout(TIMEOUT_MS)
        yield tab
        browser.close()


def library_steps() -> list[str]:
    service = AssessmentService.for_folder(REPO / "assessments")
    library = service.get(service.user(), LIBRARY).assessment
    return [step.key for step in plan(library, get_question_set("helsingborg", "1.1"))]


def opened(page: Page, app: Served, path: str, lang: str) -> Page:
    page.goto(f"{app.url}/{path}{'&' if '?' in path else '?'}lang={lang}")
    settle(page)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    return page


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_has_no_accessibility_violations_in_either_language(
        app: Served, page: Page, lang: str) -> None:
    start, result = HEADINGS[lang]
    found: dict[str, list[tuple[str, str, list[str]]]] = {}
    opened(page, app, "", lang)  # the start page is the root
    expect(page.get_by_role("heading", name=start)).to_be_visible()
    found["start"] = violations(page)
    for step in library_steps():
        opened(page, app, f"wizard?assessment={LIBRARY}&step={step}", lang)
        found[step] = violations(page)
    opened(page, app, f"review?assessment={LIBRARY}", lang)
    expect(page.get_by_role("heading", name=f"{result}:", exact=False)).to_be_visible()
    found["review"] = violations(page)
    assert {where: faults for where, faults in found.items() if faults} == {}
    assert len(found) == len(library_steps()) + 2


def test_a_step_is_answered_and_left_by_keyboard_alone(app: Served, page: Page) -> None:
    """From the top of the decision step: Tab to a question and choose with the arrow keys,
    Tab to the diary number and type it, Tab to "Next" and press Enter: the next step opens
    at its top, and the next Tab goes on from its heading."""
    opened(page, app, f"wizard?assessment={LIBRARY}&step=decision", "sv")

    def tab_to(selector: str, limit: int = 150) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => document.activeElement.matches('{selector}')"):
                return
        raise AssertionError(f"{selector} cannot be reached by keyboard")

    who = f".st-key-f-{LIBRARY}-q-decision-who_is_affected"
    tab_to(f"{who} input[type=radio]")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"{who} input").nth(1)).to_be_checked()
    diary = f".st-key-f-{LIBRARY}-decision-diary_number"
    tab_to(f"{diary} input")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("KN 2027/1")
    tab_to(".st-key-next button")
    page.keyboard.press("Enter")
    # the next step opens at its top, the keyboard on its heading (not on a button far below)
    heading = page.get_by_role("heading", name="Relevansbedömning", level=2)
    expect(heading).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    page.keyboard.press("Tab")
    assert heading.evaluate("h => Boolean(h.compareDocumentPosition(document.activeElement)"
                            " & Node.DOCUMENT_POSITION_FOLLOWING)")
    service = AssessmentService.for_folder(Path(app.env["EIA_ASSESSMENTS_DIR"]))
    saved = service.get(service.user(), LIBRARY).assessment
    assert saved.decision.diary_number == "KN 2027/1"
    assert saved.answers["decision.who_is_affected"].value == "indirectly"
