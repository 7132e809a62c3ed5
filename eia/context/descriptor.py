"""Reading a source's `datapackage.yaml` strictly, with every problem's file, line and field.

A descriptor is written by hand (or copied from an upstream portal and extended with our `eia`
mapping), so it is read like a question set: safe YAML, duplicate keys refused, unknown keys in our
part refused, and the data files it names checked to be plain files beside it.
"""

from __future__ import annotations

import re
from pathlib import Path

from eia.context.model import DataPackage
from eia.problems import Problem, ProblemsError, field_path
from eia.yamlfile import Locations, read_yaml, validate, where

DESCRIPTOR = "datapackage.yaml"
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
"""A data file is named plainly and lives beside its descriptor: a name from a descriptor never
becomes a path outside the source's folder."""


def descriptor_file(path: Path) -> Path:
    """The descriptor of a source folder, or the file itself when given one."""
    return path / DESCRIPTOR if path.is_dir() else path


def load_package(path: str | Path, *, check_files: bool = True) -> DataPackage:
    """Load and check one descriptor (or the folder holding it); raise ProblemsError if broken."""
    return read_package(path, check_files=check_files)[0]


def read_package(path: str | Path, *, check_files: bool = True) -> tuple[DataPackage, Locations]:
    """A checked descriptor and where each of its keys was written, for later problems.

    A generated package (`eia.generator`) has no files yet: only their names are checked. So is
    every package when `check_files` is off (its files are checked where they are read).
    """
    file = descriptor_file(Path(path))
    if not file.is_file():
        raise ProblemsError([Problem(file=str(file), code="missing",
                                     message=f"no data package here (expected a {DESCRIPTOR})")])
    data, locations = read_yaml(file)
    if not isinstance(data, dict):
        raise ProblemsError([Problem(file=str(file), line=1, code="not-a-mapping",
                                     message="a data package must be a mapping of keys")])
    package: DataPackage = validate(DataPackage, data, locations, str(file))
    exists = check_files and package.eia.generator is None
    problems = [*_duplicates(package, locations, str(file)),
                *_file_problems(package, file.parent, locations, str(file), exists=exists)]
    if problems:
        raise ProblemsError(problems)
    return package, locations


def _duplicates(package: DataPackage, locations: Locations, fallback: str) -> list[Problem]:
    """Two resources, indicators or areas with one id would silently hide one of them."""
    groups = {
        ("resources", "name"): [resource.name for resource in package.resources],
        ("eia", "indicators", "id"): [indicator.id for indicator in package.eia.indicators],
        ("eia", "areas", "id"): [area.id for area in package.eia.areas],
    }
    problems: list[Problem] = []
    for (*path, key), ids in groups.items():
        first: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in first:
                at = (*path, index, key)
                file, line = where(locations, at, fallback)
                earlier = f"{path[-1]}[{first[item_id]}]"
                problems.append(Problem(
                    file=file, line=line, field=_field(at), code="duplicate-id",
                    message=f"{key} {item_id!r} is used twice (first at {earlier})"))
            first.setdefault(item_id, index)
    return problems


def _file_problems(package: DataPackage, folder: Path, locations: Locations, fallback: str,
                   *, exists: bool) -> list[Problem]:
    """Each resource names a plain file beside the descriptor (that exists, unless generated)."""
    problems: list[Problem] = []
    for index, resource in enumerate(package.resources):
        at = ("resources", index, "path")
        file, line = where(locations, at, fallback)
        if not _FILE_NAME.fullmatch(resource.path) or resource.path in {DESCRIPTOR}:
            problems.append(Problem(
                file=file, line=line, field=_field(at), code="bad-path",
                message=f"{resource.path!r} is not a plain file name beside {DESCRIPTOR}"))
        elif exists and not (folder / resource.path).is_file():
            problems.append(Problem(file=file, line=line, field=_field(at), code="missing-file",
                                    message=f"{resource.path!r} does not exist in {folder}"))
    return problems


def _field(at: tuple[str | int, ...]) -> str:
    return field_path(at)
