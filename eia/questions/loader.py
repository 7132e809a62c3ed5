"""Strict loading of question sets: safe YAML, no duplicate keys, every error with file and line.

A set is a folder holding `set.yaml`; its `sections` list holds section mappings inline or the
names of YAML files beside it, one section each, so that each ground can live in its own file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from eia.problems import Problem, ProblemsError, field_path
from eia.questions.schema import QuestionSet, Section

SET_FILE = "set.yaml"
_INCLUDE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.ya?ml$")

Path_ = tuple[str | int, ...]
Locations = dict[Path_, tuple[str, int]]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader where only true/false are booleans (so option `no` stays the string "no")."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _locate(node: yaml.Node, file: str, path: Path_, out: Locations) -> list[Problem]:
    """Record the line of every key and item, and report duplicate keys, walking the node tree."""
    out[path] = (file, node.start_mark.line + 1)
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(file=file, line=line, field=field_path([*path, key]),
                            code="duplicate-key",
                            message=f"key {key!r} appears twice (first on line {seen[key]})")
                )
            seen[key] = line
            out[(*path, key)] = (file, line)
            problems += _locate(value_node, file, (*path, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _locate(item, file, (*path, index), out)
    return problems


def _read_yaml(file: Path, path: Path_, out: Locations) -> Any:
    """Parse one YAML file safely; record where each key is; refuse duplicate keys."""
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemsError([Problem(file=name, code="unreadable", message=str(error))]) from error
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ProblemsError([Problem(file=name, line=1, code="empty", message="file is empty")])
        problems = _locate(node, name, path, out)
        if problems:
            raise ProblemsError(problems)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ProblemsError(
            [Problem(file=name, line=mark.line + 1 if mark else None, code="yaml-syntax",
                     message=f"{error.problem or error}")]
        ) from error
    finally:
        loader.dispose()


def _where(locations: Locations, loc: Path_, fallback: str) -> tuple[str, int | None]:
    """The file and line of the deepest located prefix of a pydantic error location."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in locations:
            return locations[loc[:end]]
    return fallback, None


def _clean_loc(loc: tuple[str | int, ...]) -> Path_:
    """Drop the union-member tags pydantic adds (e.g. 'AnswerIs') so the path matches the YAML."""
    return tuple(part for part in loc if isinstance(part, int) or not part[:1].isupper())


def _to_problems(error: ValidationError, locations: Locations, fallback: str) -> list[Problem]:
    problems: list[Problem] = []
    for item in error.errors():
        loc = _clean_loc(item["loc"])
        file, line = _where(locations, loc, fallback)
        message = item["msg"].removeprefix("Value error, ")
        problems.append(Problem(file=file, line=line, field=field_path(loc), code=item["type"],
                                message=message))
    unique = list(dict.fromkeys(problems))
    return unique


def load_question_set(path: str | Path) -> QuestionSet:
    """Load and check a set folder (or its set.yaml); raise ProblemsError naming file and line."""
    path = Path(path)
    set_file = path / SET_FILE if path.is_dir() else path
    if not set_file.is_file():
        raise ProblemsError([Problem(file=str(set_file), code="missing",
                                     message="no question set here (expected a set.yaml)")])
    locations: Locations = {}
    data = _read_yaml(set_file, (), locations)
    if not isinstance(data, dict):
        raise ProblemsError([Problem(file=str(set_file), line=1, code="not-a-mapping",
                                     message="a question set must be a mapping of keys")])
    data["sections"] = _resolve_sections(data.get("sections"), set_file, locations)
    try:
        return QuestionSet.model_validate(data)
    except ValidationError as error:
        raise ProblemsError(_to_problems(error, locations, str(set_file))) from error


def _resolve_sections(sections: Any, set_file: Path, locations: Locations) -> Any:
    """Replace each included file name by the section it holds, keeping its own line numbers."""
    if not isinstance(sections, list):
        return sections
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
    if problems:
        raise ProblemsError(problems)
    return resolved


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
