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
from pydantic import BaseModel, ValidationError

from eia.problems import Problem, ProblemsError, field_path
from eia.questions import schema
from eia.questions.schema import QuestionSet, Section

SET_FILE = "set.yaml"
_INCLUDE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.ya?ml$")
_SCALAR_TAGS = {"str", "int", "float", "bool"}

Path_ = tuple[str | int, ...]
Locations = dict[Path_, tuple[str, int]]
Choice = tuple[Path_, str, bool]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader where only true/false are booleans (so option `no` stays the string "no")."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _locate(
    node: yaml.Node, file: str, path: Path_, out: Locations, walked: set[int]
) -> list[Problem]:
    """Record the line of every key and item, and report duplicate keys, walking the node tree.

    A key's own line wins over the line its value starts on, so a problem names the key. A node
    reached again through an alias is not walked again: a recursive alias would never end.
    """
    out[path] = (file, node.start_mark.line + 1)
    if id(node) in walked:
        return []
    walked.add(id(node))
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
            seen.setdefault(key, line)
            problems += _locate(value_node, file, (*path, key), out, walked)
            out[(*path, key)] = (file, line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _locate(item, file, (*path, index), out, walked)
    return problems


def _read_yaml(file: Path, path: Path_, out: Locations) -> Any:
    """Parse one YAML file safely; record where each key is; refuse duplicate keys."""
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemsError([Problem(file=name, code="unreadable", message=str(error))]) from error
    try:
        return _parse(text, name, path, out)
    except yaml.YAMLError as error:
        raise ProblemsError([_syntax_problem(error, name, text)]) from error


def _parse(text: str, name: str, path: Path_, out: Locations) -> Any:
    """Compose the node tree first: it has the lines, and duplicate keys are still visible."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ProblemsError([Problem(file=name, line=1, code="empty", message="file is empty")])
        problems = _locate(node, name, path, out, set())
        if problems:
            raise ProblemsError(problems)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _syntax_problem(error: yaml.YAMLError, file: str, text: str) -> Problem:
    """A YAML error on its line; a reader error (a control character) only knows its position."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"{error.problem or error}"
    elif isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        message = str(error).splitlines()[0]
    else:
        line, message = None, str(error)
    return Problem(file=file, line=line, code="yaml-syntax", message=message)


def _where(locations: Locations, loc: Path_, fallback: str) -> tuple[str, int | None]:
    """The file and line of the deepest located prefix of a pydantic error location."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in locations:
            return locations[loc[:end]]
    return fallback, None


def _member(tag: str) -> type[BaseModel] | None:
    """The schema model a pydantic union tag (e.g. 'AnswerIs') names, if it names one."""
    member = getattr(schema, tag, None)
    return member if isinstance(member, type) and issubclass(member, BaseModel) else None


def _keys(member: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in member.model_fields.items()]


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _fits(tag: str, node: Any) -> bool:
    """Whether the YAML at a union is written as this member: it has one of the member's keys."""
    member = _member(tag)
    return member is None or (isinstance(node, dict) and bool(set(_keys(member)) & node.keys()))


def _clean_loc(loc: Path_, data: Any) -> tuple[Path_, list[Choice]]:
    """The error's path in the YAML without pydantic's union tags, and the union members on it.

    A part is a tag (e.g. 'AnswerIs', 'str') only where the YAML has no such key, so a mistyped
    key such as `Text` is still named. Each choice is (where, tag, whether the YAML fits it).
    """
    path: list[str | int] = []
    choices: list[Choice] = []
    node = data
    for part in loc:
        if part == "[key]":  # pydantic's mark for a refused mapping key: the path names it
            continue
        is_key = isinstance(node, dict) and part in node
        if isinstance(part, str) and not is_key and (part in _SCALAR_TAGS or _member(part)):
            choices.append((tuple(path), part, _fits(part, node)))
            continue
        path.append(part)
        node = _child(node, part)
    return tuple(path), choices


def _to_problems(
    error: ValidationError, data: Any, locations: Locations, fallback: str
) -> list[Problem]:
    """One problem per error, keeping of a condition only the member its keys ask for.

    Without that, one mistyped flag in an outcome rule is reported as some twenty missing keys
    of conditions nobody wrote; a condition that fits no member is one problem listing the keys.
    """
    found: list[Problem | Path_] = []
    fitting: set[Path_] = set()
    tried: dict[Path_, list[str]] = {}
    for item in error.errors():
        at = (item.get("ctx") or {}).get("at", ())
        path, choices = _clean_loc((*item["loc"], *at), data)
        misfit = _first_misfit(choices, fitting)
        if misfit is None:
            file, line = _where(locations, path, fallback)
            found.append(Problem(file=file, line=line, field=field_path(path), code=item["type"],
                                 message=item["msg"].removeprefix("Value error, ")))
            continue
        where, tag = misfit
        if where not in tried:
            found.append(where)
        tried.setdefault(where, []).append(tag)
    problems = [
        _no_member(entry, tried[entry], locations, fallback) if isinstance(entry, tuple) else entry
        for entry in found
        if isinstance(entry, Problem) or entry not in fitting
    ]
    return list(dict.fromkeys(problems))


def _first_misfit(choices: list[Choice], fitting: set[Path_]) -> tuple[Path_, str] | None:
    """The first union on an error's path whose member the YAML is not written as, if any."""
    for where, tag, fits in choices:
        if not fits:
            return where, tag
        fitting.add(where)
    return None


def _no_member(where: Path_, tags: list[str], locations: Locations, fallback: str) -> Problem:
    """One problem for a condition written as none of its kinds, naming the keys that would do."""
    members = [member for tag in dict.fromkeys(tags) if (member := _member(tag))]
    keys = [_keys(member)[0] for member in members]
    file, line = _where(locations, where, fallback)
    return Problem(file=file, line=line, field=field_path(where), code="unknown-condition",
                   message=f"a condition needs one of the keys {', '.join(keys)}")


def _placement(data: dict[str, Any], expected: tuple[str, str], locations: Locations,
               fallback: str) -> list[Problem]:
    """The folders `<id>/<version>/` must agree with the file, or a lookup returns another set."""
    problems: list[Problem] = []
    for key, wanted in zip(("id", "version"), expected, strict=True):
        found = data.get(key)
        if isinstance(found, str) and found != wanted:  # not a string: the schema refuses it
            file, line = _where(locations, (key,), fallback)
            problems.append(Problem(
                file=file, line=line, field=key, code="misplaced-set",
                message=f"the folder says {key} {wanted!r} but the file says {found!r}"))
    return problems


def load_question_set(path: str | Path, expected: tuple[str, str] | None = None) -> QuestionSet:
    """Load and check a set folder (or its set.yaml); raise ProblemsError naming file and line.

    `expected` is the (id, version) the set's folders promise; the registry passes it.
    """
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
    problems = _placement(data, expected, locations, str(set_file)) if expected else []
    if "sections" in data:
        data["sections"], include_problems = _resolve_sections(data["sections"], set_file,
                                                               locations)
        if include_problems:
            raise ProblemsError([*problems, *include_problems])
    try:
        question_set = QuestionSet.model_validate(data)
    except ValidationError as error:
        problems += _to_problems(error, data, locations, str(set_file))
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
