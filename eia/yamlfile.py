"""Strict reading of YAML that people edit: safe, no duplicate keys, every problem with its line.

Question sets and data-package descriptors are both edited by hand, so both are read here: the
YAML is composed into nodes first (they carry line numbers, and a duplicate key is still
visible there), then checked against a pydantic model whose errors are mapped back to the file,
line and key that caused them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from eia.problems import Problem, ProblemsError, field_path

YamlPath = tuple[str | int, ...]
Locations = dict[YamlPath, tuple[str, int]]
"""Where each key or item was written: its path in the data -> (file, 1-based line)."""
Members = Callable[[str], type[BaseModel] | None]
"""Which model a pydantic union tag (e.g. 'AnswerIs') names, if it names one."""
Choice = tuple[YamlPath, str, bool]

_SCALAR_TAGS = {"str", "int", "float", "bool"}


class StrictLoader(yaml.SafeLoader):
    """SafeLoader where only true/false are booleans (so option `no` stays the string "no")."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def no_members(tag: str) -> type[BaseModel] | None:
    """For models without tagged unions: no pydantic loc part is a union tag."""
    return None


# --- Reading ------------------------------------------------------------------------------------


def read_yaml(
    file: Path, prefix: YamlPath = (), into: Locations | None = None
) -> tuple[Any, Locations]:
    """Parse one YAML file safely; return the data and where each key is; refuse duplicate keys.

    `prefix` places the file inside a larger document (an included section) and `into` collects
    the locations of several files in one map, so a problem in an included file names that file.
    """
    locations: Locations = {} if into is None else into
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemsError([Problem(file=name, code="unreadable", message=str(error))]) from error
    try:
        return _parse(text, name, prefix, locations), locations
    except yaml.YAMLError as error:
        raise ProblemsError([_syntax_problem(error, name, text)]) from error


def _parse(text: str, name: str, prefix: YamlPath, out: Locations) -> Any:
    """Compose the node tree first: it has the lines, and duplicate keys are still visible."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ProblemsError([Problem(file=name, line=1, code="empty", message="file is empty")])
        problems = locate(node, name, prefix, out, set())
        if problems:
            raise ProblemsError(problems)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def locate(
    node: yaml.Node, file: str, path: YamlPath, out: Locations, walked: set[int]
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
            problems += locate(value_node, file, (*path, key), out, walked)
            out[(*path, key)] = (file, line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += locate(item, file, (*path, index), out, walked)
    return problems


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


def where(locations: Locations, loc: YamlPath, fallback: str) -> tuple[str, int | None]:
    """The file and line of the deepest located prefix of a pydantic error location."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in locations:
            return locations[loc[:end]]
    return fallback, None


# --- Validation errors as problems ------------------------------------------------------------


def _keys(member: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in member.model_fields.items()]


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _fits(tag: str, node: Any, members: Members) -> bool:
    """Whether the YAML at a union is written as this member: it has one of the member's keys."""
    member = members(tag)
    return member is None or (isinstance(node, dict) and bool(set(_keys(member)) & node.keys()))


def clean_loc(loc: YamlPath, data: Any, members: Members = no_members) -> tuple[
        YamlPath, list[Choice]]:
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
        if isinstance(part, str) and not is_key and (part in _SCALAR_TAGS or members(part)):
            choices.append((tuple(path), part, _fits(part, node, members)))
            continue
        path.append(part)
        node = _child(node, part)
    return tuple(path), choices


def problems_from_validation(
    error: ValidationError, data: Any, locations: Locations, fallback: str,
    members: Members = no_members,
) -> list[Problem]:
    """One problem per error, keeping of a union only the member its keys ask for.

    Without that, one mistyped flag in an outcome rule is reported as some twenty missing keys
    of conditions nobody wrote; a union that fits no member is one problem listing the keys.
    """
    found: list[Problem | YamlPath] = []
    fitting: set[YamlPath] = set()
    tried: dict[YamlPath, list[str]] = {}
    for item in error.errors():
        at = (item.get("ctx") or {}).get("at", ())
        path, choices = clean_loc((*item["loc"], *at), data, members)
        misfit = _first_misfit(choices, fitting)
        if misfit is None:
            file, line = where(locations, path, fallback)
            found.append(Problem(file=file, line=line, field=field_path(path), code=item["type"],
                                 message=item["msg"].removeprefix("Value error, ")))
            continue
        at_union, tag = misfit
        if at_union not in tried:
            found.append(at_union)
        tried.setdefault(at_union, []).append(tag)
    problems = [
        _no_member(entry, tried[entry], locations, fallback, members)
        if isinstance(entry, tuple) else entry
        for entry in found
        if isinstance(entry, Problem) or entry not in fitting
    ]
    return list(dict.fromkeys(problems))


def _first_misfit(choices: list[Choice], fitting: set[YamlPath]) -> tuple[YamlPath, str] | None:
    """The first union on an error's path whose member the YAML is not written as, if any."""
    for at_union, tag, fits in choices:
        if not fits:
            return at_union, tag
        fitting.add(at_union)
    return None


def _no_member(at_union: YamlPath, tags: list[str], locations: Locations, fallback: str,
               members: Members) -> Problem:
    """One problem for a union written as none of its members, naming the keys that would do."""
    models = [member for tag in dict.fromkeys(tags) if (member := members(tag))]
    keys = [_keys(member)[0] for member in models]
    file, line = where(locations, at_union, fallback)
    return Problem(file=file, line=line, field=field_path(at_union), code="unknown-condition",
                   message=f"a condition needs one of the keys {', '.join(keys)}")


def validate(model: type[BaseModel], data: Any, locations: Locations, fallback: str,
             members: Members = no_members) -> Any:
    """Validate data read by `read_yaml` against a model, or raise problems naming file and line."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ProblemsError(
            problems_from_validation(error, data, locations, fallback, members)) from error
