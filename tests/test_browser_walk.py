"""A case officer completes a whole assessment in the real app, in Debian's chromium, by mouse
and keyboard: the decision about closing a branch library, as the demo library assessment has
it. On the way the page is reloaded, a step is opened from its deep link in a new page, the back
button is used, the connection drops and the server crashes; every value typed before each of
them is still there after. At the end the statement's PDF is downloaded, read back, and its
fingerprint matches the saved assessment. The clicks and keystrokes are counted.

Screenshots of the start page, a ground step with its figures and the result page go to the
test's folder, and to `docs/` (where the README shows them) with `UPDATE_SCREENSHOTS=1`.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect, sync_playwright
from pypdf import PdfReader

from eia.model import Action, Assessment, Subject
from eia.questions import get_question_set
from eia.services.assessments import AssessmentService
from eia.services.wizard import plan
from tests.browser import REPO, TIMEOUT_MS, Counted, Served, launch, settle, wait_for

AID = "walk-library"
TITLE = "Filialbiblioteket i Drottninghög stängs"
SET = get_question_set("helsingborg", "1.1")
SCREENED_IN = {Subject.age, Subject.socioeconomic, Subject.children}
NO_REASON = "Förslaget ändrar inget som hänger på den här grunden."
HASTE = os.environ.get("EIA_WALK_HASTE") == "1"
"""Each act follows the one before without waiting for the page to settle, so changes arrive
while the app is still saving and drawing the previous ones (`scripts/walk-under-load`)."""


@pytest.fixture
def app(tmp_path: Path, context_db: Path) -> Iterator[Served]:
    served = Served({"EIA_ASSESSMENTS_DIR": str(tmp_path / "store"),
                     "EIA_CONTEXT_DB": str(context_db), "EIA_USERS_FILE": ""},
                    log=tmp_path / "server.log")
    served.start()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return REPO / "docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path


OPEN_QUESTIONS = """prefix => [...document.querySelectorAll(`[class*="${prefix}"]`)]
    .filter(e => e.querySelector('[role=radiogroup]') && !e.querySelector('input:checked'))
    .map(e => [...e.classList].find(c => c.startsWith(prefix)))"""
"""The keyed containers of the questions on the page whose radio group has no answer."""


def css_key(key: str) -> str:
    """The class Streamlit gives a keyed element's container (`st-key-` and the key with every
    character outside [A-Za-z0-9_-] as a dash)."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


class Officer:
    """The officer at work on one assessment: each act through the mouse or keyboard, counted."""

    def __init__(self, page: Page, store: Path) -> None:
        self.page = page
        self.hands = Counted(page)
        self.store = store

    def field(self, name: str) -> Locator:
        return self.page.locator(css_key(f"f:{AID}:{name}"))

    def saved(self) -> Assessment:
        service = AssessmentService.for_folder(self.store)
        return service.get(service.user(), AID).assessment

    def choose(self, name: str, index: int = 0) -> None:
        """Click the option at `index` of a radio group, and wait until the app shows it. In
        haste a click can land while the page still moves: it is made again, as an officer
        would who sees it did not take."""
        options = self.field(name).locator("[data-testid=stRadioOption]")
        for _ in range(3 if HASTE else 1):
            self.hands.click(options.nth(index))
            try:
                expect(options.nth(index).locator("input")).to_be_checked(timeout=5_000)
                break
            except AssertionError:
                continue
        expect(options.nth(index).locator("input")).to_be_checked()
        self.settle()

    def answer(self, question: str, value: str) -> None:
        found = SET.question(question)
        assert found is not None, question
        self.choose(f"q:{question}", [o.value for o in found.options].index(value))

    def settle(self) -> None:
        """Wait for the page to settle after each act, as an officer waits for "Sparad";
        in haste (`scripts/walk-under-load`) go straight on to the next act."""
        if not HASTE:
            settle(self.page)

    def answer_the_rest(self) -> None:
        """Every question on the step still unanswered gets its first option; an answer can
        show another question (and move the others), so look again after each."""
        for _ in range(40):
            settle(self.page)  # the scan must not find questions of the run before
            open_ = self.page.evaluate(OPEN_QUESTIONS, f"st-key-f-{AID}-q-")
            if not open_:
                return
            first = self.page.locator(f".{open_[0]} [data-testid=stRadioOption]").first
            self.hands.click(first)
            expect(first.locator("input")).to_be_checked()
        raise AssertionError("questions kept appearing")

    def write(self, name: str, text: str) -> None:
        """Type into a text field and leave it: a text area sends its value on blur."""
        box = self.field(name).locator("textarea, input").first
        self.hands.type(box, text)
        self.hands.press("Tab")
        expect(box).to_have_value(text)
        self.settle()

    def pick(self, name: str, option: str) -> None:
        """Pick from a multiselect by typing the start of the option and pressing Enter."""
        self.hands.type(self.field(name).locator("input"), option)
        self.hands.press("Enter")
        self.hands.press("Escape")
        expect(self.field(name)).to_contain_text(option)
        self.settle()

    def date(self, name: str, iso: str) -> None:
        """A date field is three segments (year, month, day) and a calendar button: type the
        digits from the year on, each segment moving to the next when full, then leave the
        field (past the button: the date is sent when focus leaves the whole field)."""
        field = self.field(name)
        self.hands.click(field.locator("[data-type=year]"))
        digits = iso.replace("-", "")
        self.page.keyboard.type(digits)
        self.hands.keys += len(digits)
        self.hands.press("Tab")
        self.hands.press("Tab")
        year, month, day = iso.split("-")
        for segment, value in (("year", year), ("month", month), ("day", day)):
            expect(field.locator(f"[data-type={segment}]")).to_have_text(value)
        self.settle()

    def next_step(self, title: str) -> None:
        self.hands.click(self.page.get_by_role("button", name="Nästa →"))
        self.on_step(title)

    def open_step(self, key: str, title: str, timeout: float = 15_000) -> None:
        self.hands.click(self.page.locator(css_key(f"goto:{key}")).get_by_role("button"))
        self.on_step(title, timeout)

    def on_step(self, title: str, timeout: float = 15_000) -> None:
        expect(self.page.get_by_role("heading", name=title, exact=True, level=2)).to_be_visible(
            timeout=timeout)
        self.settle()

    def add(self, button: str, first: str) -> None:
        """Add an item to one of the step's lists: its one required text, then its button."""
        add = self.page.get_by_role("button", name=button)
        form = self.page.get_by_test_id("stForm").filter(has=add)
        self.hands.type(form.locator("textarea, input").first, first)
        self.hands.click(add)
        expect(form.locator("textarea, input").first).to_have_value("")


def test_an_officer_completes_the_library_assessment_and_nothing_typed_is_lost(
        app: Served, tmp_path: Path, shots: Path) -> None:
    store = tmp_path / "store"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 1000},
                                      accept_downloads=True)
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            officer = Officer(page, store)
            try:
                _walk(officer, app, context, shots)
            except Exception:
                page.screenshot(path=str(tmp_path / "failure.png"))  # what the officer saw
                raise
            print(f"the library assessment took {officer.hands.clicks} clicks and "
                  f"{officer.hands.keys} keystrokes")
        finally:
            context.close()
            browser.close()


def _walk(officer: Officer, app: Served, context: BrowserContext, shots: Path) -> None:
    page, hands = officer.page, officer.hands
    page.goto(app.url)
    expect(page.get_by_role("heading", name="Mitt arbete")).to_be_visible()
    page.screenshot(path=str(shots / "app-start-sv.png"))
    hands.type(page.get_by_label("Id (små bokstäver, siffror och bindestreck)"), AID)
    hands.type(page.get_by_label("Beslutets titel"), TITLE)
    hands.click(page.get_by_role("button", name="Skapa"))
    officer.on_step("Ärendet")

    # the decision
    officer.answer("decision.kind_of_decision", "reduction_or_closure")
    officer.answer("decision.who_is_affected", "directly")
    officer.write("decision:diary_number", "KN 2026/0303")
    officer.write("decision:department", "Kulturförvaltningen")
    officer.pick("decision:affected_areas", "Drottninghög")
    description = ("Filialen stängs för att nå sparkravet. Besökarna hänvisas till "
                   "stadsbiblioteket i centrum.")
    officer.write("decision:description", description)
    officer.answer_the_rest()
    wait_for(lambda: officer.saved().decision.description == description)

    # screening: three subjects in, the others out with a reason
    officer.next_step("Relevansbedömning")
    for subject in Subject:
        if subject in SCREENED_IN:
            officer.choose(f"screening:{subject.value}", 0)
        else:
            officer.choose(f"screening:{subject.value}", 1)
            officer.write(f"screening_reason:{subject.value}", NO_REASON)
    wait_for(lambda: len(officer.saved().screening) == len(Subject))

    # the browser's back button returns to the step before, forward comes back
    officer.next_step("Underlag")
    page.go_back()
    officer.on_step("Relevansbedömning")
    page.go_forward()
    officer.on_step("Underlag")
    officer.answer_the_rest()
    officer.add("Lägg till kunskapslucka", "Hur många av besökarna kan ta sig till centrum.")
    officer.write("evidence.gaps:0:plan", "Resvaneenkät bland besökarna.")

    # the age step: its figures beside the questions, the officer's judgement
    officer.open_step("impact-age", "Konsekvenser: ålder")
    officer.answer_the_rest()
    officer.pick("impact:age:affected_groups", "65–84 år")
    officer.choose("impact:age:direction", 0)
    officer.choose("impact:age:severity", 1)
    officer.choose("impact:age:likelihood", 2)
    officer.write("impact:age:people_affected", "1200")
    harm = "Äldre som inte kan åka till centrum förlorar sitt bibliotek."
    officer.write("impact:age:description", harm)
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart).to_be_visible()
    chart.evaluate("element => element.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(shots / "app-ground-step-sv.png"))

    # a reload in the middle: every value typed so far is there
    page.reload()
    officer.on_step("Konsekvenser: ålder")
    expect(officer.field("impact:age:description").locator("textarea")).to_have_value(harm)
    expect(officer.field("impact:age:people_affected").locator("input")).to_have_value("1200")
    expect(officer.field("impact:age:affected_groups")).to_contain_text("65–84 år")

    # the deep link opens the same step, with the same values, in a new page
    other = context.new_page()
    other.goto(page.url)
    expect(other.get_by_role("heading", name="Konsekvenser: ålder")).to_be_visible()
    expect(other.locator(css_key(f"f:{AID}:impact:age:description")).locator("textarea")
           ).to_have_value(harm)
    other.close()

    officer.open_step("impact-socioeconomic", "Konsekvenser: socioekonomisk status")
    officer.answer_the_rest()
    officer.choose("impact:socioeconomic:direction", 0)
    officer.choose("impact:socioeconomic:severity", 2)
    officer.choose("impact:socioeconomic:likelihood", 2)
    officer.write("impact:socioeconomic:description",
                  "Invånare med låga inkomster förlorar gratis studieplatser och datorer.")

    # the connection drops and comes back: what was saved stays, and saving goes on
    context.set_offline(True)
    page.wait_for_timeout(1500)
    context.set_offline(False)
    officer.open_step("perspectives", "Barnets rättigheter, nationella minoriteter och "
                                      "intersektionalitet")
    officer.answer_the_rest()
    officer.write("children:best_interests", "Barnen förlorar läxhjälpen i stadsdelen.")

    for key, title in (("alternatives", "Alternativ"), ("cumulative", "Samlade konsekvenser"),
                       ("previous", "Tidigare analys"), ("consultation", "Samråd och dialog")):
        officer.open_step(key, title)
        officer.answer_the_rest()

    officer.open_step("actions", "Åtgärder")
    officer.answer_the_rest()
    officer.add("Lägg till åtgärd", "Bokbussen stannar i Drottninghög en gång i veckan.")
    officer.write("action:a1:owner", "Bibliotekschef")
    officer.date("action:a1:due", "2027-03-01")
    officer.choose("action:a1:decided", 0)
    officer.choose("action:a1:effect:age", 2)
    # the crash comes once the page has saved all four (in haste a save may still be under
    # way, and a killed server finishes nothing)
    wait_for(lambda: _action_saved(officer.saved().actions[0]))

    # the server crashes and starts again: the page reconnects and shows what was saved
    app.crash()
    expect(page.get_by_test_id("stStatusWidget")).to_be_visible()  # the page sees it is gone
    app.start()
    page.reload()  # what an officer does when the page says it lost the server
    officer.on_step("Åtgärder", timeout=60_000)  # a new server imports the app anew
    officer.settle()
    expect(officer.field("action:a1:owner").locator("input")).to_have_value("Bibliotekschef")
    expect(officer.field("action:a1:due").locator("[data-type=year]")).to_have_text("2027")
    expect(officer.field("action:a1:decided").locator("input").nth(0)).to_be_checked()
    expect(officer.field("action:a1:effect:age").locator("input").nth(2)).to_be_checked()

    officer.open_step("conclusion", "Slutsats")
    officer.answer_the_rest()
    officer.choose("conclusion:chosen_outcome", 1)
    officer.write("conclusion:justification",
                  "Filialen kan samlokaliseras med fritidsgården i stället för att stängas.")
    officer.open_step("follow_up", "Uppföljning")
    officer.answer_the_rest()
    officer.write("q:follow_up.how_will_you_know", "Utlån och besök i stadsdelen.")
    officer.date("follow_up:due", "2027-09-01")

    # every step is done, and everything typed is saved
    wait_for(lambda: officer.saved().follow_up.due is not None)
    missing = {step.key: step.missing for step in plan(officer.saved(), SET) if step.missing}
    assert missing == {}
    progress = page.locator("[class*='st-key-goto-'] button")
    expect(progress.filter(has_text="saknas")).to_have_count(0)
    saved = officer.saved()
    assert saved.decision.affected_areas == ["drottninghog"]
    assert saved.impacts["age"].people_affected == 1200
    assert [g.label for g in saved.impacts["age"].affected_groups] == ["65–84 år"]
    assert saved.actions[0].effects["age"].value == "reduces"
    assert saved.follow_up.due.isoformat() == "2027-09-01"
    assert saved.evidence.gaps[0].plan == "Resvaneenkät bland besökarna."

    # the result page: the statement downloaded and read back, then submitted
    hands.click(page.get_by_role("button", name="Till resultatet →"))
    expect(page.get_by_role("heading", name=re.compile("Rekommenderad slutsats"))).to_be_visible()
    page.screenshot(path=str(shots / "app-result-sv.png"))
    with page.expect_download() as download:
        hands.click(page.get_by_role("button", name="Ladda ner PDF"))
    pdf = Path(download.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages[:2])
    assert TITLE in text and "KN 2026/0303" in text
    service = AssessmentService.for_folder(officer.store)
    checked = service.verify(pdf)
    assert checked.ok and checked.token is not None
    assert checked.token.revision == officer.saved().revision
    hands.click(page.get_by_role("button", name="Skicka för granskning"))
    expect(page.get_by_text("Bedömningen är skickad för granskning.")).to_be_visible()
    assert officer.saved().status.value == "in_review"


def _action_saved(action: Action) -> bool:
    """The first action holds its owner, due date, decision and effect on age, as typed."""
    return (action.owner == "Bibliotekschef" and action.due == date(2027, 3, 1)
            and action.decided is True and bool(action.effects))
