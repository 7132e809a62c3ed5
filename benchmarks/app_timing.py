"""What the app's benchmarks share: AppTest set up for timing, and paired, interleaved runs.

Not a benchmark of its own. `app_rerun.py` and `app_start_page.py` import it (a script's folder
is on `sys.path` when Python runs it).
"""

from __future__ import annotations

import logging
import os
import statistics
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from streamlit.logger import set_log_level
from streamlit.testing.v1 import AppTest, local_script_runner

APP = Path(__file__).resolve().parent.parent / "app.py"


def setup_apptest() -> None:
    """AppTest as the benchmarks use it: waiting on the script's thread (see `_join_script`),
    without the warnings Streamlit logs on every run outside `streamlit run`."""
    fair_wait()
    set_log_level("error")
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context",
                 "streamlit.runtime.state.session_state_proxy"):
        logging.getLogger(name).disabled = True


def _join_script(runner: local_script_runner.LocalScriptRunner, timeout: float = 3) -> None:
    """Wait for the script's thread, which ends with the run (a runner serves one run).

    AppTest's own wait scans the whole list of the run's events every millisecond. There is an
    event per element drawn, so that scan grows with the square of a page's size and competes
    with the script for the interpreter: on the start page with 10,000 rows it cost 20 of a
    rerun's 80 seconds. No real server waits that way, so the benchmarks do not time it.
    """
    thread = runner._script_thread
    if thread is not None:
        thread.join(timeout)
    if not runner.script_stopped():
        runner.request_stop()
        runner.join()
        raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")


def fair_wait() -> None:
    """Time the script, not AppTest's polling (see `_join_script`)."""
    local_script_runner.require_widgets_deltas = _join_script


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set these variables for one run and restore the others' values after it."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass(frozen=True)
class Side:
    """One page to time: an AppTest already run once, and the settings it runs under."""

    name: str
    test: AppTest
    env: Mapping[str, str]

    def rerun(self) -> tuple[float, float]:
        """Wall and CPU seconds of one rerun (CPU of the whole process: AppTest runs the script
        in a thread of its own)."""
        with environment(self.env):
            return timed(self.test.run)()


def open_page(script: Path, env: Mapping[str, str], query: Mapping[str, str] | None = None,
              name: str = "") -> Side:
    """Open the page and run it once (imports, caches, the first read of the store)."""
    test = AppTest.from_file(str(script), default_timeout=600)
    for key, value in (query or {}).items():
        test.query_params[key] = value
    with environment(env):
        test.run()
    if test.exception:
        raise SystemExit(f"{name or script}: {test.exception[0].value}")
    return Side(name or script.name, test, env)


@dataclass(frozen=True)
class Paired:
    """Medians of ours and of the floor, and the median of the rounds' ratios (ours/floor)."""

    ours_ms: float
    floor_ms: float
    ratio: float
    ours_cpu_ms: float
    floor_cpu_ms: float
    cpu_ratio: float
    runs: int

    def line(self, ours: str, floor: str) -> str:
        return (f"{ours}: {self.ours_ms:.1f} ms against {floor}: {self.floor_ms:.1f} ms, "
                f"{self.ratio:.2f}× (CPU {self.ours_cpu_ms:.1f} ms against "
                f"{self.floor_cpu_ms:.1f} ms, {self.cpu_ratio:.2f}×; median of {self.runs} "
                "interleaved pairs)")


def ms(found: list[float]) -> float:
    return statistics.median(found) * 1000


def timed(work: Callable[[], object]) -> Callable[[], tuple[float, float]]:
    """`work` as a run that returns its wall and CPU seconds, for `paired`."""
    def run() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        return time.perf_counter() - wall, time.process_time() - cpu
    return run


def paired(ours: Callable[[], tuple[float, float]], floor: Callable[[], tuple[float, float]],
           runs: int, warmup: int = 3) -> Paired:
    """Run both in turn (each returns its wall and CPU seconds), `runs` rounds after `warmup`
    rounds, alternating which goes first so that neither always follows the other; a busy
    moment weighs on both alike."""
    for _ in range(warmup):
        ours(), floor()
    rounds: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for number in range(runs):
        if number % 2:
            theirs = floor()
            rounds.append((ours(), theirs))
        else:
            rounds.append((ours(), floor()))
    return Paired(
        ours_ms=ms([o[0] for o, _ in rounds]), floor_ms=ms([f[0] for _, f in rounds]),
        ratio=statistics.median(o[0] / f[0] for o, f in rounds),
        ours_cpu_ms=ms([o[1] for o, _ in rounds]), floor_cpu_ms=ms([f[1] for _, f in rounds]),
        cpu_ratio=statistics.median(o[1] / f[1] if f[1] else float("nan") for o, f in rounds),
        runs=runs)
