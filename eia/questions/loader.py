"""Strict loading of question sets: safe YAML, no duplicate keys, every error with file and line.

A set is a folder holding `set.yaml`; its `sections` list holds section mappings inline or the
names of YAML files beside it, one section each, so that each ground can live in its own file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from eia import settings
from eia.problems import Problem, ProblemsError
from eia.questions import schema
from eia.questions.schema import QuestionSet, Section
from eia.yamlfile import (
    Locations,
    StrictLoader,
    YamlPath,
    problems_from_validation,
    read_yaml,
    where,
)

SET_FILE = "set.yaml"
PACKAGE_SETS = Path(__file__).parent
_INCLUDE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.ya?ml$")
_VERSION_FOLDER_RE = re.compile(schema.VERSION_PATTERN)
Path_ = YamlPath
_StrictLoader = StrictLoader
"""Kept importable here: tests and older callers read YAML the way the loader does with it."""


def _member(tag: str) -> type[BaseModel] | None:
    """The schema model a pydantic union tag (e.g. 'AnswerIs') names, if it names one."""
    member = getattr(schema, tag, None)
    return member if isinstance(member, type) and issubclass(member, BaseModel) else None


def _read_yaml(file: Path, path: Path_, out: Locations) -> Any:
    """Read one file of the set into the shared location map (see eia.yamlfile.read_yaml)."""
    return read_yaml(file, path, out)[0]


def _placement(data: dict[str, Any], expected: tuple[str | None, str], locations: Locations,
               fallback: str) -> list[Problem]:
    """The folders `<id>/<version>/` must agree with the file, or a lookup returns another set."""
    problems: list[Problem] = []
    for key, wanted in zip(("id", "version"), expected, strict=True):
        found = data.get(key)  # not a string: the schema refuses it
        if wanted is not None and isinstance(found, str) and found != wanted:
            file, line = where(locations, (key,), fallback)
            problems.append(Problem(
                file=file, line=line, field=key, code="misplaced-set",
                message=f"the folder says {key} {wanted!r} but the file says {found!r}"))
    return problems


def search_paths() -> list[Path]:
    """Where the registry looks for `<id>/<version>/set.yaml`: the package's sets, the folders
    of `EIA_QUESTION_SETS`, then the versions the strategy division has published."""
    return [PACKAGE_SETS, *settings.question_set_paths(), settings.published_question_sets()]


def is_set_file_name(name: str) -> bool:
    """Whether a name is a plain YAML file name that a set folder may hold (never a path)."""
    return bool(_INCLUDE_RE.fullmatch(name))


def folder_promise(folder: Path) -> tuple[str | None, str] | None:
    """The (id, version) a set's folder promises, else None; the id None when it promises none.

    A folder named like a version promises that version wherever it lies. Its parent names the
    set only where the registry looks (a search path's `<id>/<version>/`): a draft copied to
    `~/drafts/1.2` promises 1.2 but no id. Without this, a set passes `eia questions validate`
    and is refused (or mistaken for another) once installed.
    """
    folder = folder.absolute()
    if not _VERSION_FOLDER_RE.fullmatch(folder.name):
        return None
    installed = any(folder.parent.parent == root.absolute() for root in search_paths())
    return (folder.parent.name if installed else None), folder.name


def load_question_set(path: str | Path,
                      expected: tuple[str | None, str] | None = None) -> QuestionSet:
    """Load and check a set folder (or its set.yaml); raise ProblemsError naming file and line.

    `expected` is the (id, version) the set's folders promise; the registry passes it, and
    without it a folder laid out as `<id>/<version>/` promises its own (`folder_promise`).
    """
    path = Path(path)
    set_file = path / SET_FILE if path.is_dir() else path
    expected = expected or folder_promise(set_file.parent)
    if not set_file.is_file():
        raise ProblemsError([Problem(file=str(set_file), code="missing",
                                     message="no question set here (expected a set.yaml)")])
    locations: Locations = {}
    data = _read_yaml(set_file, (), locations)
    if not isinstance(data, dict):
        raise ProblemsError([Problem(file=str(set_file), line=1, code="not-a-mapping",
                                     message="a question set must be a mapping of keys")])
    problems = _placement(data, expected, locations, str(set_file)) if expected else []
    if "sections" in data:
        data["sections"], include_problems = _resolve_sections(data["sections"], set_file,
                                                               locations)
        if include_problems:
            raise ProblemsError([*problems, *include_problems])
    try:
        question_set = QuestionSet.model_validate(data)
    except ValidationError as error:
        problems += problems_from_validation(error, data, locations, str(set_file),
                                             _member)
        raise ProblemsError(problems) from error
    if problems:
        raise ProblemsError(problems)
    return question_set


def _resolve_sections(
    sections: Any, set_file: Path, locations: Locations
) -> tuple[Any, list[Problem]]:
    """Replace each included file name by the section it holds, keeping its own line numbers."""
    if not isinstance(sections, list):
        return sections, []
    resolved: list[Any] = []
    problems: list[Problem] = []
    for index, entry in enumerate(sections):
        if not isinstance(entry, str):
            resolved.append(entry)
            continue
        file, line = locations.get(("sections", index), (str(set_file), None))
        if not _INCLUDE_RE.fullmatch(entry):
            problems.append(Problem(file=file, line=line, field=f"sections[{index}]",
                                    code="bad-include",
                                    message=f"{entry!r} is not a YAML file name in this folder"))
            continue
        included = set_file.parent / entry
        if not included.is_file():
            problems.append(Problem(file=file, line=line, field=f"sections[{index}]",
                                    code="missing-include", message=f"{entry!r} does not exist"))
            continue
        try:
            resolved.append(_read_yaml(included, ("sections", index), locations))
        except ProblemsError as error:
            problems += error.problems
    return resolved, problems


def json_schema(part: str = "set") -> dict[str, Any]:
    """A JSON Schema for editors: of set.yaml (`set`) or of an included section file."""
    if part == "section":
        return Section.model_json_schema(by_alias=True)
    schema = QuestionSet.model_json_schema(by_alias=True)
    schema["properties"]["sections"]["items"] = {
        "anyOf": [
            {"$ref": "#/$defs/Section"},
            {"type": "string", "pattern": _INCLUDE_RE.pattern,
             "description": "a YAML file beside set.yaml holding one section"},
        ]
    }
    return schema


def json_schema_text(part: str = "set") -> str:
    return json.dumps(json_schema(part), indent=2, ensure_ascii=False) + "\n"
