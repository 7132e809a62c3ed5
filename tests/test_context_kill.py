"""An import killed at any moment leaves the database matching its sources, and nothing behind.

`eia data import --replace` changes a source folder and rebuilds the database. A kill once left
the database out of date with its sources in 7 of 30 runs, and `.previous` and `.building` files
behind. Here the import is killed before each of its renames and deletions in turn (a process
that exits on the spot, as SIGKILL would), and also at random moments by a real SIGKILL; each
time the next command must find the old sources with the old database or the new with the new,
and no hidden file left.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eia.context import install
from eia.context.build import build, build_info, source_hash
from tests.test_context_import import FIXTURES

REPO = Path(__file__).resolve().parent.parent
EIA = str(Path(sys.executable).parent / "eia")

CRASH_AT = """
import os, shutil, sys
from pathlib import Path
from eia.context.build import add_source

limit, calls = int(sys.argv[1]), [0]

def crashing(original):
    def step(*args, **kwargs):
        if calls[0] == limit:
            os._exit(9)
        calls[0] += 1
        return original(*args, **kwargs)
    return step

for owner, name in [(Path, "rename"), (Path, "replace"), (Path, "unlink"), (shutil, "rmtree")]:
    setattr(owner, name, crashing(getattr(owner, name)))
add_source(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]),
           replace=True)
"""


def setting_up(root: Path) -> tuple[Path, Path, Path, Path]:
    """Sources with the survey, its database, and a changed survey to import in its place."""
    sources = root / "sources"
    for name in ("tiny-areas", "survey-csv"):
        shutil.copytree(FIXTURES / name, sources / name)
    db_path = root / "db" / "context.duckdb"
    build(sources, db_path)
    new = root / "new"
    shutil.copytree(FIXTURES / "survey-csv", new)
    data = new / "survey.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("43,5", "44,5"), encoding="utf-8")
    return sources, db_path, data, new / "datapackage.yaml"


def hidden(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def after_the_next_command(sources: Path, db_path: Path) -> str:
    """What the next command does first (recover under the lock); then the promise: the
    database was built from exactly the sources there are, and nothing hidden is left."""
    with install.locked(db_path):
        install.recover(sources, db_path)
    current = source_hash(sources)
    assert build_info(db_path)["source_hash"] == current
    assert hidden(sources) == [] and hidden(db_path.parent) == []
    return current


def test_an_import_killed_before_any_step_leaves_old_or_new_never_a_mix(tmp_path: Path) -> None:
    outcomes: list[bool] = []
    for limit in range(30):
        root = tmp_path / str(limit)
        sources, db_path, data, meta = setting_up(root)
        old = source_hash(sources)
        done = subprocess.run(
            [sys.executable, "-c", CRASH_AT, str(limit), str(data), str(meta), str(sources),
             str(db_path)], cwd=REPO, capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 9), done.stderr
        outcomes.append(after_the_next_command(sources, db_path) != old)
        if done.returncode == 0:
            break
    else:
        pytest.fail("the import never finished within 30 steps")
    assert outcomes[0] is False and outcomes[-1] is True, "both outcomes are reached"


def test_an_import_killed_at_random_moments_is_old_or_new_after_the_next_command(
        tmp_path: Path) -> None:
    """Real SIGKILLs of `eia data import --replace`, spread over the time an import takes."""
    rng = random.Random(16)
    env = {**os.environ}
    for run in range(6):
        root = tmp_path / str(run)
        sources, db_path, data, meta = setting_up(root)
        env.update(EIA_DATA_SOURCES=str(sources), EIA_CONTEXT_DB=str(db_path))
        command = [EIA, "data", "import", str(data), "--meta", str(meta),
                   "--replace"]
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.4))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        shown = subprocess.run([EIA, "data", "indicators"], cwd=REPO,
                               env=env, capture_output=True, text=True, timeout=120)
        assert shown.returncode == 0, shown.stderr
        assert build_info(db_path)["source_hash"] == source_hash(sources), f"run {run}"
        assert hidden(sources) == [] and hidden(db_path.parent) == [], f"run {run}"
