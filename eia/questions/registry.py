"""Finding question sets by id and version.

Every version a set has had stays on disk (`<set id>/<version>/set.yaml`), because each
assessment is re-read and re-scored under the version it was answered with. Sets shipped with the
package live beside this module; a city adds its own folders through `EIA_QUESTION_SETS`
(paths separated as in PATH); versions the strategy division publishes land in
`EIA_QUESTION_SETS_PUBLISHED`, and are refused once a file there differs from when it was
published.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from eia import settings
from eia.problems import Problem, ProblemsError
from eia.questions.loader import (  # noqa: F401 (PACKAGE_SETS, search_paths: kept here)
    PACKAGE_SETS,
    SET_FILE,
    load_question_set,
    search_paths,
)
from eia.questions.published import integrity_problems
from eia.questions.schema import QuestionSet

DEFAULT_SET_ID = "helsingborg"

Fingerprint = tuple[tuple[str, int, int], ...]


class SetLocation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    version: str
    path: Path
    published: bool = False
    """In the published folder: final, and checked against its record before it is read."""


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers, so 1.10 sorts after 1.9."""
    return tuple(int(part) for part in version.split("."))


def available_sets() -> list[SetLocation]:
    """Every `<id>/<version>/set.yaml` on the search path, oldest version first."""
    found: list[SetLocation] = []
    published = settings.published_question_sets().absolute()
    for root in search_paths():
        for set_file in sorted(root.glob(f"*/*/{SET_FILE}")):
            version_dir = set_file.parent
            if all(part.isdigit() for part in version_dir.name.split(".")):
                found.append(SetLocation(id=version_dir.parent.name, version=version_dir.name,
                                         path=version_dir,
                                         published=root.absolute() == published))
    return sorted(found, key=lambda loc: (loc.id, version_key(loc.version)))


def latest_version(set_id: str = DEFAULT_SET_ID) -> str:
    versions = [loc.version for loc in available_sets() if loc.id == set_id]
    if not versions:
        raise ProblemsError([Problem(file=set_id, code="unknown-set",
                                     message=f"no question set with id {set_id!r}")])
    return versions[-1]


def _fingerprint(folder: Path) -> Fingerprint:
    """Name, modification time and size of every YAML file of a set, so that any edit shows.

    Not only the newest time: a file copied back with its old time (cp -p, rsync -t, unzip) is
    an edit too, and an included section file may end in `.yml`.
    """
    stats = sorted((file.name, file.stat()) for file in folder.iterdir()
                   if file.suffix in (".yaml", ".yml") and file.is_file())
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)


@lru_cache(maxsize=64)
def _load_cached(location: SetLocation, fingerprint: Fingerprint) -> QuestionSet:
    """Keyed on every file's time and size, so an edited set is read again (and a published
    one checked again against its record)."""
    if location.published and (problems := integrity_problems(location.path)):
        raise ProblemsError(problems)
    return load_question_set(location.path, expected=(location.id, location.version))


def get_question_set(set_id: str = DEFAULT_SET_ID, version: str | None = None) -> QuestionSet:
    """The set with this id and version (the newest if no version is given), checked and cached.

    A set whose file disagrees with its folders is refused, or asking for one set would give
    another.
    """
    version = version or latest_version(set_id)
    for location in available_sets():
        if location.id == set_id and location.version == version:
            return _load_cached(location, _fingerprint(location.path))
    raise ProblemsError([Problem(file=f"{set_id}/{version}", code="unknown-version",
                                 message=f"question set {set_id!r} has no version {version!r}")])
