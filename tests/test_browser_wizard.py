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
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright

from eia.model import Assessment
from eia.services.assessments import AssessmentService

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
"""Debian's chromium (never `playwright install`: it downloads a browser, which fails here)."""
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
AID = "browser-library"
TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url}/_stcore/health did not answer within {seconds} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app on loopback over an empty store, in the local demo mode."""
    port = free_port()
    env = {**os.environ, "EIA_ASSESSMENTS_DIR": str(tmp_path),
           "EIA_CONTEXT_DB": str(tmp_path / "no-context.duckdb")}
    env.pop("EIA_USERS_FILE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server)
        yield url, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class Counted:
    """The officer's clicks and keystrokes, counted as the test makes them."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.clicks = 0
        self.keys = 0

    def click(self, locator: Locator) -> None:
        locator.click()
        self.clicks += 1

    def type(self, locator: Locator, text: str) -> None:
        locator.click()
        self.clicks += 1
        locator.press_sequentially(text)
        self.keys += len(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.keys += 1


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
        served: tuple[str, Path], shots: Path) -> None:
    assert Path(CHROMIUM).exists(), "chromium is missing: run `bash scripts/setup test` as root"
    url, folder = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            officer = Counted(page)
            page.goto(url)
            expect(page.get_by_role("heading", name="Mitt arbete")).to_be_visible()
            expect(page.locator("html")).to_have_attribute("lang", "sv")
            expect(page.get_by_text("Lokalt demoläge")).to_be_visible()
            page.screenshot(path=str(shots / "app-start-sv.png"), full_page=True)

            officer.type(page.get_by_label("Id (små bokstäver, siffror och bindestreck)"), AID)
            officer.type(page.get_by_label("Beslutets titel"), "Filialbiblioteket stänger")
            officer.click(page.get_by_role("button", name="Skapa"))
            page.wait_for_url(f"**/wizard?*assessment={AID}*")
            expect(page.get_by_role("heading", name="Filialbiblioteket stänger")).to_be_visible()

            choice = "En neddragning eller nedläggning"
            officer.click(page.get_by_text(choice, exact=True))
            expect(page.get_by_text("Sparad", exact=False).first).to_be_visible()
            _wait_for(lambda: saved_answer(folder, "decision.kind_of_decision")
                      == "reduction_or_closure")

            description = "Öppet två dagar i veckan i stället för fem."
            officer.type(page.get_by_label("Beskrivning av förslaget"), description)
            officer.press("Tab")  # a text area sends its value on blur
            _wait_for(lambda: saved(folder).decision.description == description)

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
            page.screenshot(path=str(shots / "app-result-sv.png"), full_page=False)

            officer.click(page.get_by_text("English", exact=True))
            expect(page.get_by_text("Recommended outcome", exact=False)).to_be_visible()
            expect(page.locator("html")).to_have_attribute("lang", "en")
            print(f"browser test: {officer.clicks} clicks, {officer.keys} keystrokes")
            assert officer.clicks == 7
            assert officer.keys == len(AID) + len("Filialbiblioteket stänger") + len(
                description) + 1
        finally:
            browser.close()


def _wait_for(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the change was not saved in time")
        time.sleep(0.1)


def test_two_tabs_on_one_assessment_the_stale_one_is_told_and_keeps_its_text(
        served: tuple[str, Path]) -> None:
    assert Path(CHROMIUM).exists(), "chromium is missing: run `bash scripts/setup test` as root"
    url, folder = served
    service = AssessmentService.for_folder(folder)
    service.create(service.user(), AID, title="Filialbiblioteket stänger")
    link = f"{url}/wizard?assessment={AID}&step=decision"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            first, second = browser.new_page(), browser.new_page()
            for tab in (first, second):
                tab.set_default_timeout(TIMEOUT_MS)
                tab.goto(link)
                expect(tab.get_by_role("heading", name="Filialbiblioteket stänger")).to_be_visible()
            first.get_by_label("Diarienummer").fill("KS 2026/1")
            first.keyboard.press("Tab")
            _wait_for(lambda: saved(folder).decision.diary_number == "KS 2026/1")

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
