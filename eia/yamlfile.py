"""Strict reading of YAML that people edit: safe, no duplicate keys, every problem with its line.

Question sets and data-package descriptors are both edited by hand, so both are read here:
libyaml (PyYAML's C parser) composes the YAML into nodes (they carry line numbers, and a
duplicate key is still visible there); one walk over the nodes builds the data and records every
line; then a pydantic model checks the data, and its errors are mapped back to the file, line
and key that caused them. A file is refused unread above MAX_BYTES, and nesting deeper than
MAX_DEPTH is refused before any data is built from it.
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


MAX_BYTES = 1_000_000
"""The largest YAML file read (a question set's files are 2–30 KB, a descriptor a few KB): a
file far larger is a mistake or an attack, and is refused before it is parsed."""
MAX_DEPTH = 40
"""The deepest nesting of mappings and lists read (the question schema needs about 12)."""


class StrictLoader(yaml.CSafeLoader):
    """libyaml's safe loader where only true/false are booleans (so option `no` stays "no")."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
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
    A file over MAX_BYTES or nested deeper than MAX_DEPTH is refused before it is built.
    """
    locations: Locations = {} if into is None else into
    name = str(file)
    data = _read_bytes(file, name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ProblemsError([Problem(
            file=name, line=line, code="not-utf8",
            message=f"byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8"),
        ]) from error
    try:
        return _parse(data, name, prefix, locations), locations
    except yaml.YAMLError as error:
        raise ProblemsError([_syntax_problem(error, name, data)]) from error


def _read_bytes(file: Path, name: str) -> bytes:
    """The file's bytes, refused unread when it is larger than MAX_BYTES."""
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise ProblemsError([Problem(
                file=name, code="too-large",
                message=f"the file has {size:,} bytes; at most {MAX_BYTES:,} are read")])
        return file.read_bytes()
    except OSError as error:
        raise ProblemsError([Problem(file=name, code="unreadable", message=str(error))]) from error


def _parse(data: bytes, name: str, prefix: YamlPath, out: Locations) -> Any:
    """Compose the node tree in libyaml (it has the lines, and duplicate keys are still
    visible), then build the data from it in one walk that also records every line."""
    loader = StrictLoader(data)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ProblemsError([Problem(file=name, line=1, code="empty", message="file is empty")])
        built, problems = build(loader, node, name, prefix, out)
        if problems:
            raise ProblemsError(problems)
        return built
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_COLLECTIONS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_Slot = tuple[yaml.Node, YamlPath, int, "int | None", Any, "str | int | Any"]


def build(loader: StrictLoader, node: yaml.Node, file: str, path: YamlPath,
          out: Locations) -> tuple[Any, list[Problem]]:
    """The data of a node tree, the line of every key and item, and the problems found:
    repeated keys and nesting deeper than MAX_DEPTH.

    A key's own line wins over the line its value starts on, so a problem names the key. A node
    reached again through an alias is the same object, built once: a recursive alias ends. The
    walk keeps its own stack, so no nesting can exhaust Python's; scalars are built by the
    loader's own constructors (only true/false are booleans), every other tag is refused.
    """
    constructors = loader.yaml_constructors
    problems: list[Problem] = []
    built: dict[int, Any] = {}
    root: list[Any] = [None]
    stack: list[_Slot] = [(node, path, 0, None, root, 0)]
    while stack:
        current, at, depth, key_line, parent, slot = stack.pop()
        out[at] = (file, key_line or current.start_mark.line + 1)
        if isinstance(current, yaml.ScalarNode):
            tag = current.tag
            parent[slot] = current.value if tag == _STR else constructors.get(
                tag, constructors[None])(loader, current)
            continue
        if id(current) in built:
            parent[slot] = built[id(current)]
            continue
        if current.tag not in _COLLECTIONS:  # e.g. !!python/object: refused, never run
            constructors[None](loader, current)
        if depth >= MAX_DEPTH:
            problems.append(Problem(
                file=file, line=current.start_mark.line + 1, field=field_path(at),
                code="too-deep", message=f"nested deeper than {MAX_DEPTH} levels"))
            continue
        if isinstance(current, yaml.SequenceNode):
            items: list[Any] = [None] * len(current.value)
            built[id(current)] = parent[slot] = items
            stack.extend((item, (*at, index), depth + 1, None, items, index)
                         for index, item in reversed(list(enumerate(current.value))))
            continue
        mapping: dict[Any, Any] = {}
        built[id(current)] = parent[slot] = mapping
        stack.extend(reversed([
            (value_node, (*at, text), depth + 1, line, mapping,
             text if key_node.tag == _STR else _key(loader, key_node))
            for text, line, key_node, value_node in _pairs(current, file, at, problems)]))
    return root[0], sorted(problems, key=lambda problem: problem.line or 0)


def _key(loader: StrictLoader, node: yaml.Node) -> Any:
    """A mapping key that is not plain text: a scalar, built as a value is (`1:` is the
    number 1)."""
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(
            None, None, "a key must be a plain value, not a mapping or a list", node.start_mark)
    return loader.yaml_constructors.get(node.tag, loader.yaml_constructors[None])(loader, node)


_Pair = tuple[str, int, yaml.Node, yaml.Node]


def _pairs(node: yaml.MappingNode, file: str, at: YamlPath, problems: list[Problem],
           ) -> list[_Pair]:
    """A mapping's keys (as text, with their line) and key and value nodes, those merged in by
    `<<: *anchor` first so that the keys written here win; a key written twice here is added to
    `problems` on its second line."""
    merged: list[_Pair] = []
    own: list[_Pair] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [
                value_node]
            for source in reversed(sources):
                if not isinstance(source, yaml.MappingNode) or source is node:
                    raise yaml.constructor.ConstructorError(
                        None, None, "`<<` merges only other mappings", source.start_mark)
                merged[:0] = _pairs(source, file, at, [])
            continue
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key in seen:
            problems.append(Problem(
                file=file, line=line, field=field_path([*at, key]), code="duplicate-key",
                message=f"key {key!r} appears twice (first on line {seen[key]})"))
        seen.setdefault(key, line)
        own.append((key, line, key_node, value_node))
    return merged + own


def _syntax_problem(error: yaml.YAMLError, file: str, data: bytes) -> Problem:
    """A YAML error on its line; a reader error (a control character) only knows its byte."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"{error.problem or error}"
    elif isinstance(error, yaml.reader.ReaderError):
        line = data.count(b"\n", 0, error.position) + 1
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
