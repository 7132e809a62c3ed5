"""The strategy division's pages in Debian's chromium, as the fictitious strategist picked in
the local demo mode: axe-core finds no WCAG violation on the portfolio (its charts, tables and
downloads) nor on the question sets page with its drawn logic and a what-if's table; and the
issue's story end to end (a draft's weight changed, its what-if, publishing, the portfolio, the
follow-up report as PDF, the audit trail)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser import REPO, Served, served, settle, violations
from tests.test_browser_pages import app, opened, page  # noqa: F401 - the shared fixtures

ACTING_AS = {"sv": "Du arbetar som", "en": "You are acting as"}
CHARTS = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
GRAPH = "[data-testid='stGraphVizChart'] svg"
STRATEGIST = {"sv": "Dan Demo (fiktiv strateg)", "en": "Dan Demo (fiktiv strateg)"}


def as_strategist(tab: Page, lang: str) -> None:
    """Pick the strategist in the sidebar's picker; the page runs again as them."""
    tab.get_by_label(ACTING_AS[lang], exact=False).click()
    tab.get_by_role("option", name=STRATEGIST[lang]).click()
    settle(tab)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_strategy_pages_have_no_accessibility_violations(
        app: Served, page: Page, lang: str) -> None:  # noqa: F811
    found = {}
    opened(page, app, "portfolio", lang)
    as_strategist(page, lang)
    expect(page.locator(CHARTS).last).to_be_visible()  # drawn, not their placeholders
    found["portfolio"] = violations(page)
    opened(page, app, "question-sets", lang)
    as_strategist(page, lang)
    expect(page.locator(GRAPH).first).to_be_visible()
    target = page.get_by_role("combobox", name={"sv": "Jämför med version",
                                                "en": "Compare with version"}[lang])
    target.click()
    page.keyboard.type("1.1")
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_role("button", name="demo-", exact=False).first).to_be_visible()
    found["question-sets"] = violations(page)
    assert {where: faults for where, faults in found.items() if faults} == {}


@pytest.fixture
def own_app(tmp_path: Path, context_db: Path) -> Iterator[Served]:
    """The app over a copy of the demos with draft and published folders of its own, so the
    version this test publishes is no other test's newest."""
    store = tmp_path / "store"
    store.mkdir()
    for demo in (REPO / "assessments").glob("demo-*.json"):
        shutil.copy(demo, store / demo.name)
    with served({"EIA_ASSESSMENTS_DIR": str(store), "EIA_CONTEXT_DB": str(context_db),
                 "EIA_USERS_FILE": "", "EIA_QUESTION_SET_DRAFTS": str(tmp_path / "drafts"),
                 "EIA_QUESTION_SETS_PUBLISHED": str(tmp_path / "published")}) as running:
        yield running


def shot(tab: Page, name: str, folder: Path) -> None:
    """A screenshot to look at: in `EIA_SCREENSHOTS` when set, else beside the test's files."""
    where = Path(os.environ.get("EIA_SCREENSHOTS") or folder)
    where.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=where / f"{name}.png", full_page=True)


def test_the_strategist_tunes_publishes_and_reports(own_app: Served, page: Page,  # noqa: F811
                                                    tmp_path: Path) -> None:
    """Issue 14: a weight changed in a draft, who it would affect, published, the portfolio
    read and the follow-up report downloaded, all in the app; axe finds nothing on the way."""
    found = {}
    opened(page, own_app, "question-sets", "en")
    as_strategist(page, "en")
    page.get_by_role("button", name="New draft from version 1.1").click()
    settle(page)
    expect(page.get_by_text("Draft 1.2 is made.")).to_be_visible()
    page.get_by_role("spinbutton", name="thresholds.medium (points)").fill("2")
    page.get_by_role("button", name="Save", exact=True).click()
    settle(page)
    expect(page.get_by_text("Saved in set.yaml.")).to_be_visible()
    expect(page.get_by_text("The draft reads without problems.")).to_be_visible()
    page.get_by_role("heading", name="Edit draft 1.2").scroll_into_view_if_needed()
    shot(page, "editor", tmp_path)
    found["editor"] = violations(page)
    for mode, shown in (("YAML", "The file's text (set.yaml)"), ("Preview", "Step to preview")):
        page.get_by_text(mode, exact=True).click()
        settle(page)
        expect(page.get_by_label(shown).first).to_be_visible()
        found[mode] = violations(page)
        shot(page, mode.lower(), tmp_path)

    target = page.get_by_role("combobox", name="Compare with version")
    target.click()
    page.keyboard.type("1.2")
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_text("2 of 3 assessments would change under version 1.2")).to_be_visible()
    expect(page.get_by_role("button", name="demo-changing-rooms", exact=False)).to_be_visible()
    page.get_by_text("2 of 3 assessments would change", exact=False).scroll_into_view_if_needed()
    shot(page, "what-if", tmp_path)
    found["what-if"] = violations(page)

    page.get_by_label("What this version changes (one line, required)").fill(
        "Medium threshold lowered to 2 points")
    page.get_by_role("button", name="Publish", exact=True).click()
    settle(page)
    expect(page.get_by_text("Version 1.2 is published and never changes again.")).to_be_visible()
    expect(page.get_by_text("1.2 is published and never changes. Make a draft")).to_be_visible()

    opened(page, own_app, "portfolio", "en")
    as_strategist(page, "en")
    expect(page.get_by_text("3 assessments are counted", exact=False)).to_be_visible()
    expect(page.locator(CHARTS).last).to_be_visible()

    opened(page, own_app, "report", "en")
    as_strategist(page, "en")
    page.get_by_role("button", name="Make the report").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = PdfReader(download.value.path())
    assert pdf.pages[0].extract_text().strip()
    found["report"] = violations(page)

    opened(page, own_app, "audit", "en")
    as_strategist(page, "en")
    expect(page.get_by_text("acts.", exact=False)).to_be_visible()
    found["audit"] = violations(page)
    assert {where: faults for where, faults in found.items() if faults} == {}
