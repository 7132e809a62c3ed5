"""The figures beside a ground's questions in the real app and Debian's chromium: the charts are
drawn, the synthetic mark and the table are on the page, axe finds nothing to fault (a chart
without intervals once left an unnamed, empty graphic), and ticking a figure saves it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from eia.model import Ground
from tests.browser import TIMEOUT_MS, launch, served, violations, wait_for
from tests.test_app_evidence import AID, saved, start

CHARTS = "[data-testid='stVegaLiteChart'] svg"


def test_a_ground_step_draws_its_figures_accessibly_and_a_tick_saves(
        tmp_path: Path, context_db: Path) -> None:
    # no area and no group: the city's figures at large, some without intervals
    start(tmp_path, areas=[], groups={})
    env = {"EIA_ASSESSMENTS_DIR": str(tmp_path), "EIA_CONTEXT_DB": str(context_db),
           "EIA_USERS_FILE": ""}
    with served(env) as app, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{app.url}/wizard?assessment={AID}&step=impact-sex")
        page.get_by_role("heading", name="Siffror för den här grunden").wait_for()
        page.wait_for_function(f"document.querySelectorAll(\"{CHARTS}\").length >= 3",
                               timeout=TIMEOUT_MS)
        expect(page.get_by_text("SYNTETISKA DATA – påhittade siffror.").first).to_be_visible()
        expect(page.get_by_role("table").first).to_be_visible()
        named = "[data-testid='stVegaLiteChart'][aria-label^='Stapeldiagram: Förvärvsarbetande']"
        expect(page.locator(named)).to_have_count(1)
        assert violations(page) == []
        page.get_by_text("Hänvisa till ”Förvärvsarbetande” i konsekvensbeskrivningen").click()
        wait_for(lambda: [r.indicator for r in saved(tmp_path).evidence.context_figures]
                 == ["employment_rate"])
        assert saved(tmp_path).evidence.context_figures[0].grounds == [Ground.sex]
        browser.close()
