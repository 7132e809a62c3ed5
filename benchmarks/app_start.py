"""The app's start, from process start to a healthy `/_stcore/health`, against a bare script's.

Issue 12 asks that `streamlit run app.py` be healthy at most twice as late as `streamlit run` of
a bare one-line script, with the same flags (headless, loopback, a free port, no file watcher,
no usage statistics). The two start in turn, PAIRS times, each on a port free at the time, in a
temporary folder as their store; the clock runs from just before the process is started to the
first answer 200 from the health endpoint (polled every 5 ms), and the server is then stopped.
The figures are the medians of each and the median of the pairs' ratios, of the wall clock and
of the server's CPU time (from its start to its stop, as the system counts a reaped child: on a
shared machine the CPU figures are the steadier).

Streamlit runs a page's script only when a browser session opens, so the health endpoint says
nothing of the app's own imports. The first page in a fresh process is therefore timed too: a
new Python process that opens the start page in AppTest and exits, against the same for the bare
script, also in turn and paired.

Run by hand: `.venv/bin/python benchmarks/app_start.py [--pairs 11]` (figures go in the README).
`--once app` (or `--once bare`) starts one server, waits until it is healthy, stops it and exits:
for timing whole processes from outside with any tool that times commands.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = 'import streamlit as st; st.write("Likvärdig")\n'
FLAGS = ("--server.headless=true", "--server.address=127.0.0.1",
         "--server.fileWatcherType=none", "--browser.gatherUsageStats=false")
Timing = tuple[float, float]
"""Wall and CPU seconds."""
FIRST_PAGE = ("import sys; from streamlit.testing.v1 import AppTest; "
              "at = AppTest.from_file(sys.argv[1], default_timeout=120).run(); "
              "sys.exit(1 if at.exception else 0)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                    timeout=1) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def children_cpu() -> float:
    """CPU seconds of the child processes reaped so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def start_to_health(script: Path, env: dict[str, str], limit: float = 120.0) -> Timing:
    """Seconds from starting `streamlit run script` to a healthy answer, and the server's CPU
    seconds (its stop included); the server is stopped."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), f"--server.port={port}",
               *FLAGS]
    cpu = children_cpu()
    begun = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while not healthy(port):
            if server.poll() is not None:
                raise SystemExit(f"{script.name} exited with {server.returncode} before health")
            if time.perf_counter() - begun > limit:
                raise SystemExit(f"{script.name} was not healthy within {limit:.0f} s")
            time.sleep(0.005)
        wall = time.perf_counter() - begun
    finally:
        stop(server)
    return wall, children_cpu() - cpu


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and whatever it started (its own process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def first_page(script: Path, env: dict[str, str]) -> Timing:
    """Wall and CPU seconds of a fresh Python process that opens the script's page in AppTest
    and exits."""
    cpu = children_cpu()
    begun = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", FIRST_PAGE, str(script)], cwd=ROOT, env=env,
                          capture_output=True, check=False)
    if done.returncode:
        raise SystemExit(f"the first page of {script.name} failed: {done.stderr[-2000:]!r}")
    return time.perf_counter() - begun, children_cpu() - cpu


def in_turn(timed: Callable[[Path], Timing], app: Path, bare: Path, pairs: int) -> str:
    """App and bare in turn (alternating which starts first) after one warm-up pair."""
    timed(app), timed(bare)
    rounds = []
    for number in range(pairs):
        if number % 2:
            theirs = timed(bare)
            rounds.append((timed(app), theirs))
        else:
            rounds.append((timed(app), timed(bare)))
    return "; CPU ".join(_figures([(a[part], b[part]) for a, b in rounds]) for part in (0, 1))


def _figures(rounds: list[tuple[float, float]]) -> str:
    """Medians of app and bare, and the median (and spread) of the pairs' ratios."""
    ratios = [a / b for a, b in rounds]
    return (f"{statistics.median(a for a, _ in rounds) * 1000:.0f} ms against the bare "
            f"script's {statistics.median(b for _, b in rounds) * 1000:.0f} ms, "
            f"{statistics.median(ratios):.2f}× (median of {len(rounds)} pairs' ratios, "
            f"{min(ratios):.2f}–{max(ratios):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=11)
    parser.add_argument("--once", choices=("app", "bare"),
                        help="start one server, wait for health, stop it and exit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eia-bench-start-") as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        (Path(folder) / "store").mkdir()
        env = {**os.environ, "EIA_ASSESSMENTS_DIR": str(Path(folder) / "store"),
               "EIA_CONTEXT_DB": str(Path(folder) / "no-context.duckdb")}
        env.pop("EIA_USERS_FILE", None)
        app = ROOT / "app.py"
        if args.once:
            start_to_health(app if args.once == "app" else bare, env)
            return
        health = in_turn(lambda script: start_to_health(script, env), app, bare, args.pairs)
        print(f"start to a healthy /_stcore/health: {health}")
        page = in_turn(lambda script: first_page(script, env), app, bare, args.pairs)
        print(f"first page in a fresh process (AppTest): {page}")


if __name__ == "__main__":
    main()
