"""The HTML statement a city publishes on its website: accessible (axe-core finds nothing to
fault, in a real browser), in the statement's language, holding every word of the content
model, with user text printed as typed and the fingerprint where `eia verify` reads it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from eia.demo import demo_assessments
from eia.i18n import Lang
from eia.services.scoring import score_assessment
from eia.services.statements import statement_of
from eia.statement.html import render_html
from eia.statement.make import read_token
from eia.statement.model import Chart, Statement
from eia.statement.plain import one_line
from tests.browser import launch
from tests.browser import violations as axe_violations
from tests.statement_samples import ASSESSMENT_ID, HOSTILE, SCRIPTS, scripts, swedish


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser.new_page()
        browser.close()


def library(lang: Lang, context_db: Path) -> Statement:
    [assessment] = [a for a, _ in demo_assessments() if a.id == "demo-branch-library"]
    return statement_of(score_assessment(assessment, database=context_db), lang)


def violations(page: Page, document: str) -> list[tuple[str, str]]:
    page.set_content(document)
    return [(rule, help_) for rule, help_, _ in axe_violations(page)]


@pytest.mark.parametrize("lang", list(Lang))
def test_a_demo_statement_with_charts_has_no_accessibility_violations(
        page: Page, lang: Lang, context_db: Path) -> None:
    statement = library(lang, context_db)
    assert any(isinstance(b, Chart) for s in statement.annex for b in s.blocks)
    assert violations(page, render_html(statement)) == []


def test_every_script_and_hostile_text_have_no_accessibility_violations(page: Page) -> None:
    assert violations(page, render_html(scripts())) == []


def test_the_page_speaks_the_statements_language_and_shows_every_script(page: Page) -> None:
    page.set_content(render_html(scripts()))
    assert page.locator("html").get_attribute("lang") == "sv-SE"
    text = page.locator("main").inner_text()
    assert all(quote in text for quote in SCRIPTS.values())
    arabic = page.get_by_text(SCRIPTS["arabic"], exact=True).first
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"


def test_user_text_prints_as_typed(page: Page) -> None:
    page.set_content(render_html(swedish()))
    assert HOSTILE in page.locator("main").inner_text()
    assert page.locator("main script").count() == 0 and page.locator("main b").count() == 0


def test_headings_and_tables_carry_structure(page: Page) -> None:
    statement = swedish()
    page.set_content(render_html(statement))
    assert page.locator("h1").count() == 1
    assert page.locator("h2").first.inner_text() == statement.summary.heading
    assert page.locator("thead th[scope=col]").count() > 0
    assert page.locator("table caption").count() > 0


def test_each_chart_picture_has_its_description_as_alternative_text(context_db: Path) -> None:
    statement = library(Lang.sv, context_db)
    document = render_html(statement)
    charts = [b for s in statement.annex for b in s.blocks if isinstance(b, Chart)]
    alts = [html.unescape(a) for a in re.findall(r'<img alt="([^"]*)"', document)]
    assert len(alts) >= len(charts)
    assert all(any(one_line(chart.description) in alt for alt in alts) for chart in charts)


def test_the_fingerprint_is_on_the_last_line_and_verify_reads_it() -> None:
    data = render_html(swedish()).encode("utf-8")
    token = read_token(data)
    assert token is not None and token.assessment_id == ASSESSMENT_ID


def test_the_same_statement_gives_the_same_page() -> None:
    assert render_html(swedish()) == render_html(swedish())
