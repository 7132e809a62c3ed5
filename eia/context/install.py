"""Putting a new database and a new source folder into place together, even across a kill.

An import changes two things at once: a folder under `data/sources/` and the database built
from all of them. Neither rename can be undone by a process that is killed, so an import
prepares both beside their places first (a hidden staging folder, a hidden `.building` file),
then writes a small journal naming the renames still to do. The journal is the commit point:

- killed before it is written: the next command finds hidden leftovers and no journal, and
  deletes them; the old sources and the old database still match;
- killed after: the next command finds the journal and finishes the renames, so the new
  sources and the new database match.

Every command that reads or writes the database holds an exclusive lock on its folder (an
advisory `flock`, released by the kernel when a process dies) while it recovers, builds or
imports, so a recovery never deletes what another living process is preparing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock
from pydantic import BaseModel, ConfigDict

_STAGING, _PREVIOUS, _BUILDING = ".importing", ".previous", ".building"


class Plan(BaseModel):
    """The renames that put an import in place, as the journal records them."""

    model_config = ConfigDict(frozen=True)

    target: Path
    staging: Path
    previous: Path
    building: Path
    db_path: Path


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.import.json")


def building_path(db_path: Path, tag: str) -> Path:
    """Where a new database is written before it is renamed over `db_path`."""
    return db_path.with_name(f".{db_path.name}.{tag}{_BUILDING}")


def staging_paths(target: Path, tag: str) -> tuple[Path, Path]:
    """The hidden folders beside a source folder: the new files, and the old folder kept
    until the import is done. Folders starting with '.' are never read as sources."""
    return (target.with_name(f".{target.name}.{tag}{_STAGING}"),
            target.with_name(f".{target.name}.{tag}{_PREVIOUS}"))


@contextmanager
def locked(db_path: Path) -> Iterator[None]:
    """Hold the database's lock: one build, import or recovery at a time, across processes and
    on every platform (a lock file in the temporary folder, so the data folder holds only data;
    not `fcntl`, which Windows lacks)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:16]
    with FileLock(Path(tempfile.gettempdir()) / f"eia-context-{key}.lock"):
        yield


def stage(staging: Path, files: dict[str, Path]) -> None:
    """Copy files into the staging folder and flush them to disk."""
    staging.mkdir(parents=True)
    for name, path in files.items():
        shutil.copyfile(path, staging / name)
        with (staging / name).open("rb") as copied:
            os.fsync(copied.fileno())


def commit(plan: Plan) -> None:
    """Write the journal (the point of no return), then do the renames it names."""
    journal = journal_path(plan.db_path)
    written = journal.with_name(journal.name + ".tmp")
    with written.open("w", encoding="utf-8") as handle:
        handle.write(plan.model_dump_json())
        handle.flush()
        os.fsync(handle.fileno())
    written.replace(journal)
    _finish(plan)


def _finish(plan: Plan) -> None:
    """Do whatever renames of a plan are not done yet; safe to run again after a kill."""
    if plan.staging.exists():
        if plan.target.exists() and not plan.previous.exists():
            plan.target.rename(plan.previous)
        plan.staging.rename(plan.target)
    if plan.building.exists():
        plan.building.replace(plan.db_path)
    shutil.rmtree(plan.previous, ignore_errors=True)
    journal_path(plan.db_path).unlink(missing_ok=True)


def recover(sources_dir: Path, db_path: Path) -> None:
    """Finish an import whose journal was written; delete what any other kill left behind.

    Call with the lock held."""
    journal = journal_path(db_path)
    if journal.is_file():
        _finish(Plan.model_validate(json.loads(journal.read_text(encoding="utf-8"))))
    journal.with_name(journal.name + ".tmp").unlink(missing_ok=True)
    if db_path.parent.is_dir():
        for leftover in db_path.parent.glob(f".{db_path.name}.*{_BUILDING}*"):
            leftover.unlink(missing_ok=True)
    if sources_dir.is_dir():
        for leftover in sources_dir.glob(f".*{_STAGING}"):
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in sources_dir.glob(f".*{_PREVIOUS}"):
            _restore(leftover)


def _restore(previous: Path) -> None:
    """A previous folder without a journal: put it back if its source is gone, else drop it."""
    name = previous.name[1:].rsplit(".", 2)[0]
    target = previous.with_name(name)
    if target.exists():
        shutil.rmtree(previous, ignore_errors=True)
    else:
        previous.rename(target)
