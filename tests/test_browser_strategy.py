"""The strategy division's pages in Debian's chromium, as the fictitious strategist picked in
the local demo mode: axe-core finds no WCAG violation on the portfolio (its charts, tables and
downloads) nor on the question sets page with its drawn logic and a what-if's table."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import Served, settle, violations
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
