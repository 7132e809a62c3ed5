"""The start page's paging in Streamlit's AppTest: newest first, a page at a time with "show
more", counts and search over everything, and a copy-from list of the most recent matches."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from eia.services.assessments import AssessmentService
from eia.ui import start
from tests.test_app_wizard import app, use_folder

COUNT = 25


def ticks() -> Iterator[datetime]:
    moment = datetime(2026, 3, 1, 9, tzinfo=UTC)
    while True:
        yield moment
        moment += timedelta(minutes=1)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """COUNT drafts of the demo officer, `draft-00` the oldest and `draft-24` the newest."""
    use_folder(monkeypatch, tmp_path)
    clock = ticks()
    service = AssessmentService.for_folder(tmp_path, clock=lambda: next(clock))
    officer = service.user()
    for number in range(COUNT):
        service.create(officer, f"draft-{number:02d}", title=f"Utkast nummer {number:02d}")
    return tmp_path


def opened(at: AppTest) -> list[str]:
    """The ids the "my drafts" list shows, in order."""
    return [b.key.removeprefix("open:my_drafts:") for b in at.button
            if b.key and b.key.startswith("open:my_drafts:")]


def more(at: AppTest) -> AppTest:
    return at.button(key="more:my_drafts").click().run()


def test_a_long_list_shows_the_newest_page_and_counts_them_all(folder: Path) -> None:
    at = app()
    assert not at.exception
    assert any(f"({COUNT})" in h.value for h in at.header)
    assert opened(at) == [f"draft-{n:02d}" for n in range(24, 14, -1)]
    assert "Visar de 10 senast ändrade av 25." in [c.value for c in at.caption]
    assert at.button(key="more:my_drafts").label == "Visa 10 till"


def test_show_more_adds_a_page_until_all_are_shown(folder: Path) -> None:
    at = more(app())
    assert opened(at)[10:] == [f"draft-{n:02d}" for n in range(14, 4, -1)]
    assert at.button(key="more:my_drafts").label == "Visa 5 till"
    at = more(at)
    assert len(opened(at)) == COUNT
    assert not [b for b in at.button if b.key == "more:my_drafts"]


def test_search_looks_through_every_assessment_not_only_the_page(folder: Path) -> None:
    at = app()
    at.text_input(key="search").input("nummer 03").run()
    assert opened(at) == ["draft-03"]
    assert any("(1)" in h.value for h in at.header)


def test_copy_from_offers_the_most_recent_matches(folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(start, "COPY_CHOICES", 5)
    at = app()
    assert at.selectbox(key="new-copy-from").options[1:] == [
        f"Utkast nummer {n:02d} (draft-{n:02d})" for n in range(24, 19, -1)]
    assert "Här finns de 5 senast ändrade av 25." in " ".join(c.value for c in at.caption)
    at.text_input(key="search").input("draft-01").run()
    assert at.selectbox(key="new-copy-from").options[1:] == ["Utkast nummer 01 (draft-01)"]
    at.text_input(key="new-id").input("copy-of-old")
    at.selectbox(key="new-copy-from").set_value("draft-01")
    at.button(key="FormSubmitter:new-assessment-Skapa").click().run()
    assert not at.exception
    service = AssessmentService.for_folder(folder)
    assert "copy-of-old" in [s.id for s in service.list(service.user()).items]


def test_the_paging_speaks_english_too(folder: Path) -> None:
    at = app(lang="en")
    assert "Showing the 10 most recently changed of 25." in [c.value for c in at.caption]
    assert at.button(key="more:my_drafts").label == "Show 10 more"
