"""A change the page shows is saved, whatever arrives while it is being saved.

The timing that lost changes in the browser walk on a loaded machine (a click reaching the
server while a callback saves, a reload right after) is made certain here with Streamlit's own
runner: a small page whose first callback receives the second click, and maybe the stop a
reload sends. Streamlit alone loses the changes (run in a process of its own, since the app's
pages install the corrections in this one); with `eia.ui.streamlit_fixes` nothing is lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from eia.ui import streamlit_fixes
from tests.browser import REPO

PAGE = Path(__file__).parent / "fixtures" / "apps" / "late_click.py"
RUN = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1]).run()
at.session_state.click_arrives = True
at.session_state.page_goes_away = sys.argv[2] == "1"
at.text_input("a").input("typed").run()
print(json.dumps(at.session_state.saved))
"""


def saved(page_goes_away: bool, fixes: bool) -> list[list[str]]:
    run = subprocess.run(
        [sys.executable, "-c", RUN, str(PAGE), "1" if page_goes_away else "0"],
        capture_output=True, text=True, check=True, cwd=REPO,
        env={**os.environ, "EIA_TEST_STREAMLIT_FIXES": "on" if fixes else "off"})
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("page_goes_away", [False, True])
def test_streamlit_alone_loses_a_change_that_a_later_click_interrupts(
        page_goes_away: bool) -> None:
    """The reason for the corrections; when this fails, Streamlit no longer loses them and
    `eia.ui.streamlit_fixes` can go."""
    assert ["a", "typed"] not in saved(page_goes_away, fixes=False)


def test_a_later_click_waits_until_the_change_being_saved_is_saved_and_is_then_saved() -> None:
    assert saved(page_goes_away=False, fixes=True) == [["a", "typed"], ["b", "clicked later"]]


def test_a_page_that_goes_away_still_saves_what_was_typed_and_clicked_before() -> None:
    assert saved(page_goes_away=True, fixes=True) == [["a", "typed"], ["b", "clicked later"]]


def test_the_corrections_rely_on_one_run_at_a_time_per_session() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["fastReruns"] is False


def test_a_page_opening_waits_for_a_closed_page_to_save_but_never_for_one_that_died() -> None:
    closing = streamlit_fixes._ClosingPages()
    closing.add(1)
    threading.Timer(0.2, closing.done, args=(1,)).start()
    started = time.monotonic()
    closing.wait(5)
    assert 0.15 < time.monotonic() - started < 4  # woken by the save, not by the limit

    closing.add(2)  # its runner never saves
    started = time.monotonic()
    closing.wait(0.3)
    assert time.monotonic() - started >= 0.29
    started = time.monotonic()
    closing.wait(0.3)  # too old to wait for again
    assert time.monotonic() - started < 0.2
