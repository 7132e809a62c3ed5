"""The record a published question set version keeps of who published it, when, and its files.

A published version is final: assessments answered under it are re-scored under it for years, so
a quiet edit on disk would change their results. `published.yaml` beside `set.yaml` holds the
SHA-256 of every file as it was published; the registry refuses the version when one no longer
matches, naming the file.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from eia.model import UserId
from eia.problems import Problem, ProblemsError
from eia.questions.schema import Version
from eia.yamlfile import read_yaml, validate

RECORD_FILE = "published.yaml"
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class PublishedRecord(BaseModel):
    """Who published a version, when, why, and the fingerprint of each of its files."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    set: str
    version: Version
    published_by: UserId
    published_at: AwareDatetime
    changelog: str = Field(min_length=1)
    files: dict[str, Sha256] = Field(min_length=1)


def file_hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file of a set folder except the record itself, by name."""
    return {file.name: hashlib.sha256(file.read_bytes()).hexdigest()
            for file in sorted(folder.iterdir())
            if file.is_file() and file.name != RECORD_FILE}


def write_record(folder: Path, set_id: str, version: str, by_user: str, at: datetime,
                 changelog: str) -> PublishedRecord:
    """Fingerprint the folder as it is now and write the record beside its files."""
    record = PublishedRecord(set=set_id, version=version, published_by=by_user,
                             published_at=at, changelog=changelog, files=file_hashes(folder))
    header = ("# Written when this version was published; never edit it or the files it names:\n"
              "# the registry refuses the version once a file no longer matches its SHA-256.\n")
    body = yaml.safe_dump(record.model_dump(mode="json"), sort_keys=False, allow_unicode=True,
                          width=100)
    (folder / RECORD_FILE).write_text(header + body, encoding="utf-8")
    return record


def read_record(folder: Path) -> PublishedRecord:
    """The record of a published folder; refused with file and line when it is broken."""
    file = folder / RECORD_FILE
    if not file.is_file():
        raise ProblemsError([Problem(
            file=str(file), code="no-publish-record",
            message="a published version must hold the record written when it was published")])
    data, locations = read_yaml(file)
    record: PublishedRecord = validate(PublishedRecord, data, locations, str(file))
    return record


def integrity_problems(folder: Path) -> list[Problem]:
    """Every file of a published folder that was changed, removed or added since publishing."""
    try:
        recorded = read_record(folder).files
    except ProblemsError as error:
        return error.problems
    found = file_hashes(folder)
    problems = [
        Problem(file=str(folder / name), code="changed-after-publishing",
                message="this file of a published version no longer matches the SHA-256 "
                        f"recorded in {RECORD_FILE}; a published version is never edited: "
                        "restore the file and make a new draft for the change")
        for name, digest in recorded.items() if name in found and found[name] != digest]
    problems += [Problem(file=str(folder / name), code="removed-after-publishing",
                         message=f"{RECORD_FILE} records this file, but it is gone")
                 for name in recorded if name not in found]
    problems += [Problem(file=str(folder / name), code="added-after-publishing",
                         message=f"this file was added after publishing; {RECORD_FILE} does "
                                 "not record it")
                 for name in found if name not in recorded]
    return problems
