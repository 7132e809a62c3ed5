"""What the browser tests share: the real app served on loopback, Debian's chromium driven by
Playwright, the officer's clicks and keystrokes counted, and axe-core's verdict on a page.

Chromium is never downloaded (`playwright install` fails here): `scripts/setup test` installs
Debian's, and every browser test fails, never skips, when it is missing.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, Playwright, expect

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
TIMEOUT_MS = 30_000
expect.set_options(timeout=15_000)  # a shared, loaded machine is slower than a user's


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


class Served:
    """`streamlit run app.py` on one loopback port; it can crash and start again on that port."""

    def __init__(self, env: Mapping[str, str], log: Path | None = None) -> None:
        self.env = {**os.environ, **env}
        self.log = log
        """Where the server's own output goes (kept for a failing test's reader)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port",
             str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO, env=self.env, stdout=subprocess.DEVNULL, stderr=self._log())
        wait_healthy(self.url, self.server)

    def _log(self) -> int | IO[bytes]:
        return self.log.open("ab") if self.log else subprocess.DEVNULL

    def crash(self) -> None:
        """Killed as a crash kills it: no shutdown, no goodbye to the browser."""
        assert self.server is not None
        self.server.send_signal(signal.SIGKILL)
        self.server.wait()

    def stop(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        self.server.terminate()
        try:
            self.server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()


@contextmanager
def served(env: Mapping[str, str]) -> Iterator[Served]:
    app = Served(env)
    app.start()
    try:
        yield app
    finally:
        app.stop()


def launch(playwright: Playwright) -> Browser:
    assert Path(CHROMIUM).exists(), "chromium is missing: run `bash scripts/setup test` as root"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


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


SETTLED = """() => !document.querySelector('[data-stale=true]')
    && !document.querySelector('[data-testid=stStatusWidget]')"""


def settle(page: Page) -> None:
    """Wait until the app's run is over: nothing left from the run before, no run going."""
    page.wait_for_timeout(300)  # a run starts a moment after the event that asks for it
    page.wait_for_function(SETTLED)


def violations(page: Page) -> list[tuple[str, str, list[str]]]:
    """axe-core's WCAG findings on the page once its run is over (Streamlit fades what is
    left from the run before, which would read as low contrast): rule, help, first places."""
    if page.url.startswith("http"):  # an app page, not a document set as content
        settle(page)
    found = Axe().run(page).response["violations"]
    return [(v["id"], v["help"], [str(n["target"]) for n in v["nodes"][:3]]) for v in found]


def wait_for(condition: Callable[[], bool], seconds: float = 30,
             what: str = "the change was not saved in time") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)
