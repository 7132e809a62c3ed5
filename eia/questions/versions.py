"""Versions of a question set: installed, published and draft, and the steps between them.

The strategy division tunes a set without touching Python: it copies a version into a draft (a
writable folder, `EIA_QUESTION_SET_DRAFTS`), edits its files, checks them with the loader and
publishes the draft with a changelog line. Publishing moves the draft into the published folder
the registry searches (`EIA_QUESTION_SETS_PUBLISHED`), records who published it and the SHA-256
of every file (`eia.questions.published`) and makes the files read-only: a published version is
final, because every assessment answered under it is re-scored under it. Only drafts are ever
written. Who may take these steps is checked by `eia.services.question_sets`.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from eia import settings
from eia.errors import ForbiddenError, InvalidIdError, InvalidInputError, NotFoundError
from eia.problems import Problem, ProblemsError
from eia.questions.loader import SET_FILE, is_set_file_name, load_question_set
from eia.questions.published import RECORD_FILE, integrity_problems, read_record, write_record
from eia.questions.registry import available_sets, get_question_set, version_key
from eia.questions.schema import SET_ID_PATTERN, VERSION_PATTERN, QuestionSet
from eia.storage import fsio
from eia.yamlfile import MAX_BYTES, read_yaml

_SET_ID_RE = re.compile(SET_ID_PATTERN)
_VERSION_RE = re.compile(VERSION_PATTERN)
_READ_ONLY_FILE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
_READ_ONLY_FOLDER = _READ_ONLY_FILE | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH


class VersionStatus(StrEnum):
    installed = "installed"
    """Shipped with the package or in a folder of `EIA_QUESTION_SETS`: read-only here."""
    published = "published"
    """Published by the strategy division: final, with its record."""
    draft = "draft"
    """Being edited; no assessment can be answered under it."""


class SetVersion(BaseModel):
    """One version of a set as a list of versions shows it."""

    model_config = ConfigDict(frozen=True)

    set_id: str
    version: str
    status: VersionStatus
    path: Path
    changelog: str | None = None
    published_by: str | None = None
    published_at: datetime | None = None
    problems: list[Problem] = []
    """For a published version: every file changed since publishing (it is refused then)."""


# --- finding versions ------------------------------------------------------------------------


def check_set_id(set_id: str) -> str:
    """A set id is a plain slug before it becomes part of a path."""
    if not isinstance(set_id, str) or not _SET_ID_RE.fullmatch(set_id):
        raise InvalidIdError(set_id, f"{set_id!r} is not a set id (lower-case letters, digits, "
                                     "'.', '_' and '-')")
    return set_id


def check_version(version: str) -> str:
    """A version is numbers and dots (1.2 or 1.2.3) before it becomes part of a path."""
    if not isinstance(version, str) or not _VERSION_RE.fullmatch(version):
        raise InvalidIdError(version, f"{version!r} is not a version such as 1.2 or 1.2.1")
    return version


def _changelog(folder: Path) -> str | None:
    """The `changelog` of a set.yaml, read without checking the whole set (a list stays fast)."""
    try:
        data, _ = read_yaml(folder / SET_FILE)
    except ProblemsError:
        return None
    found = data.get("changelog") if isinstance(data, dict) else None
    return found if isinstance(found, str) else None


def _drafts(set_id: str | None) -> list[SetVersion]:
    root = settings.question_set_drafts()
    pattern = f"{set_id}/*" if set_id else "*/*"
    return [SetVersion(set_id=folder.parent.name, version=folder.name,
                       status=VersionStatus.draft, path=folder, changelog=_changelog(folder))
            for folder in root.glob(pattern)
            if folder.is_dir() and _VERSION_RE.fullmatch(folder.name)
            and _SET_ID_RE.fullmatch(folder.parent.name)] if root.is_dir() else []


def _registered(set_id: str | None) -> list[SetVersion]:
    found: list[SetVersion] = []
    for location in available_sets():
        if set_id is not None and location.id != set_id:
            continue
        if not location.published:
            found.append(SetVersion(set_id=location.id, version=location.version,
                                    status=VersionStatus.installed, path=location.path,
                                    changelog=_changelog(location.path)))
            continue
        problems = integrity_problems(location.path)
        try:
            record = read_record(location.path)
        except ProblemsError:
            found.append(SetVersion(set_id=location.id, version=location.version,
                                    status=VersionStatus.published, path=location.path,
                                    problems=problems))
            continue
        found.append(SetVersion(set_id=location.id, version=location.version,
                                status=VersionStatus.published, path=location.path,
                                changelog=record.changelog, published_by=record.published_by,
                                published_at=record.published_at, problems=problems))
    return found


def list_versions(set_id: str | None = None) -> list[SetVersion]:
    """Every version of one set (or of all sets): installed, published and draft, oldest first."""
    if set_id is not None:
        check_set_id(set_id)
    found = [*_registered(set_id), *_drafts(set_id)]
    return sorted(found, key=lambda item: (item.set_id, version_key(item.version),
                                           list(VersionStatus).index(item.status)))


def find_version(set_id: str, version: str) -> SetVersion:
    """The version by id and number, whatever its status; NotFoundError names it."""
    check_set_id(set_id)
    check_version(version)
    for found in list_versions(set_id):
        if found.version == version:
            return found
    raise NotFoundError(f"{set_id} {version}", what="question set version")


def load_version(set_id: str, version: str) -> QuestionSet:
    """A version's checked set, a draft included (the registry serves only the others)."""
    found = find_version(set_id, version)
    if found.status is VersionStatus.draft:
        return load_question_set(found.path, expected=(set_id, version))
    return get_question_set(set_id, version)


def next_version(set_id: str) -> str:
    """The next minor version after the newest a set has in any status (1.1 → 1.2)."""
    versions = [found.version for found in list_versions(set_id)]
    if not versions:
        raise NotFoundError(set_id, what="question set")
    major, minor = version_key(max(versions, key=version_key))[:2]
    return f"{major}.{minor + 1}"


# --- drafts ----------------------------------------------------------------------------------


def _draft(set_id: str, version: str, doing: str) -> SetVersion:
    """The draft to change; a version that is installed or published is refused by name."""
    check_set_id(set_id)
    check_version(version)
    draft = next((found for found in _drafts(set_id) if found.version == version), None)
    if draft is not None:
        return draft
    found = find_version(set_id, version)
    raise ForbiddenError(
        f"{found.status.value}-version-is-final",
        f"may not {doing} {set_id} {version}: it is {found.status.value} and never changes, "
        "because assessments are re-scored under it; make a draft from it instead")


def set_top_level(text: str, key: str, value: str, file: str) -> str:
    """set.yaml's text with one top-level key's value replaced, every other line kept as it was.

    A textual edit, so the comments and layout the strategy division wrote survive; the value's
    continuation lines (a folded or multi-line value) go with it.
    """
    lines = text.splitlines(keepends=True)
    start = next((index for index, line in enumerate(lines)
                  if re.match(rf"{re.escape(key)}\s*:(\s|$)", line)), None)
    if start is None:
        raise ProblemsError([Problem(file=file, field=key, code="missing-key",
                                     message=f"set.yaml has no top-level `{key}:` line to set")])
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    replacement = f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
    return "".join([*lines[:start], replacement, *lines[end:]])


def _staged_copy(source: Path, parent: Path) -> Path:
    """A fresh, writable copy of a set folder's files in a hidden folder beside its target, so
    that the target appears whole or not at all (the record of a published source is left)."""
    parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".staging-", dir=parent))
    for file in sorted(source.iterdir()):
        if file.is_file() and not file.is_symlink() and file.name != RECORD_FILE:
            shutil.copyfile(file, staged / file.name)
    return staged


@contextmanager
def _staged(source: Path, parent: Path, key: str, value: str) -> Iterator[Path]:
    """A staged copy of a set folder with one top-level key of its set.yaml set (a textual
    edit, so comments stay), removed again if anything in the block fails: no half-made
    version is ever left beside the others."""
    staged = _staged_copy(source, parent)
    try:
        set_file = staged / SET_FILE
        set_file.write_text(set_top_level(set_file.read_text(encoding="utf-8"), key, value,
                                          str(source / SET_FILE)), encoding="utf-8")
        yield staged
    except (OSError, ProblemsError):
        shutil.rmtree(staged, ignore_errors=True)
        raise


def _move_into_place(staged: Path, target: Path) -> None:
    """Give a staged folder its name; refused if that version appeared meanwhile."""
    try:
        staged.rename(target)
    except OSError as error:
        shutil.rmtree(staged, ignore_errors=True)
        raise ProblemsError([Problem(file=str(target), code="version-exists",
                                     message=f"{target.name} already exists: {error}")]) from error
    fsio.fsync_folder(target.parent)


def _refuse_existing(set_id: str, version: str) -> None:
    taken = [found for found in list_versions(set_id) if found.version == version]
    if taken:
        raise ProblemsError([Problem(
            file=str(taken[0].path), field="version", code="version-exists",
            message=f"{set_id} {version} already exists ({taken[0].status.value}); choose "
                    f"another version, such as {next_version(set_id)}")])


def new_draft(set_id: str, from_version: str, new_version: str | None = None) -> SetVersion:
    """Copy any version into a new draft, with the next free version unless one is given.

    `version` is set in the copy's set.yaml by a textual edit, so its comments stay.
    """
    source = find_version(set_id, from_version)
    if source.problems:
        raise ProblemsError(source.problems)
    version = check_version(new_version) if new_version else next_version(set_id)
    _refuse_existing(set_id, version)
    parent = settings.question_set_drafts() / set_id
    with _staged(source.path, parent, "version", version) as staged:
        _move_into_place(staged, parent / version)
    return find_version(set_id, version)


def draft_files(set_id: str, version: str) -> dict[str, str]:
    """Every YAML file of a draft by name, as an editor shows them (set.yaml first)."""
    folder = _draft(set_id, version, "read as a draft").path
    names = sorted((file.name for file in folder.iterdir()
                    if file.is_file() and is_set_file_name(file.name)),
                   key=lambda name: (name != SET_FILE, name))
    return {name: (folder / name).read_text(encoding="utf-8") for name in names}


def write_draft_file(set_id: str, version: str, name: str, text: str) -> Path:
    """Write one file of a draft as the editor sent it (a new section file too); atomic.

    Only a draft is written: an installed or published version is refused by name.
    """
    if not isinstance(name, str) or not is_set_file_name(name) or name == RECORD_FILE:
        raise InvalidIdError(name, f"{name!r} is not a YAML file name a set may hold "
                                   "(letters, digits, '.', '_', '-', ending in .yaml or .yml)")
    folder = _draft(set_id, version, "edit").path
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise InvalidInputError(f"{name}: {len(data):,} bytes; a set's file holds at most "
                                f"{MAX_BYTES:,}")
    temp, _ = fsio.write_temp(folder, f".{name}", data)
    fsio.replace(temp, folder / name)
    return folder / name


def validate_draft(set_id: str, version: str) -> list[Problem]:
    """The loader's problems with the draft, each naming file and line; empty when it is sound."""
    folder = _draft(set_id, version, "check as a draft").path
    try:
        load_question_set(folder, expected=(set_id, version))
    except ProblemsError as error:
        return error.problems
    return []


def delete_draft(set_id: str, version: str) -> None:
    """Throw a draft away; an installed or published version is refused by name."""
    folder = _draft(set_id, version, "discard").path
    shutil.rmtree(folder)
    if not any(folder.parent.iterdir()):
        folder.parent.rmdir()


# --- publishing ------------------------------------------------------------------------------


def changelog_entry(version: str, line: str) -> str:
    """The changelog as the installed sets write it: `1.2: what changed`."""
    line = line.strip()
    return line if line.startswith(f"{version}:") else f"{version}: {line}"


def _publish_problems(draft: SetVersion, changelog_line: str) -> list[Problem]:
    set_file = str(draft.path / SET_FILE)
    problems: list[Problem] = []
    if not changelog_line.strip():
        problems.append(Problem(file=set_file, field="changelog", code="empty-changelog",
                                message="say in one line what this version changes"))
    elif "\n" in changelog_line.strip() or "\r" in changelog_line:
        problems.append(Problem(file=set_file, field="changelog", code="multi-line-changelog",
                                message="the changelog is one line"))
    if any(found.version == draft.version and found.status is not VersionStatus.draft
           for found in list_versions(draft.set_id)):
        problems.append(Problem(file=set_file, field="version", code="already-published",
                                message=f"{draft.set_id} {draft.version} already exists and is "
                                        "never changed; give the draft a new version"))
    return problems + validate_draft(draft.set_id, draft.version)


def publish(set_id: str, version: str, changelog_line: str, by_user: str) -> SetVersion:
    """Make a draft a published version: final, read-only, and recorded (who, when, why, the
    SHA-256 of every file); refused with every problem if the draft is not ready.

    The changelog line replaces set.yaml's `changelog`. The draft is gone afterwards.
    """
    draft = _draft(set_id, version, "publish")
    problems = _publish_problems(draft, changelog_line)
    if problems:
        raise ProblemsError(problems)
    changelog = changelog_entry(version, changelog_line)
    parent = settings.published_question_sets() / set_id
    with _staged(draft.path, parent, "changelog", changelog) as staged:
        load_question_set(staged, expected=(set_id, version))
        write_record(staged, set_id, version, by_user, datetime.now().astimezone(),
                     changelog)
        for file in staged.iterdir():
            file.chmod(_READ_ONLY_FILE)
        _move_into_place(staged, parent / version)
    (parent / version).chmod(_READ_ONLY_FOLDER)
    shutil.rmtree(draft.path)
    return find_version(set_id, version)
