"""Reading a stored JSON document that may have been edited by hand, with every problem located.

`json` gives a position only for syntax errors; `locate` finds the line of every key so that a
validation problem in a hand-edited file points at its line too. Any backend's bytes go through
here, so a damaged record is reported the same way wherever it is kept.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from eia.errors import CorruptRecordError
from eia.problems import Problem, field_path

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


def corrupt(origin: str, code: str, message: str, line: int | None = None,
            field: str = "") -> CorruptRecordError:
    return CorruptRecordError(
        [Problem(file=origin, line=line, field=field, code=code, message=message)])


def parse_json(data: bytes, origin: str) -> tuple[Any, str]:
    """The parsed document and its text; refuses non-UTF-8, bad syntax and duplicate keys."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise corrupt(origin, "not-utf8", "is not UTF-8 text", line=line) from None
    duplicates: list[str] = []
    try:
        document = json.loads(text, object_pairs_hook=_duplicate_finder(duplicates))
    except json.JSONDecodeError as error:
        raise corrupt(origin, "json-syntax", f"not valid JSON: {error.msg} (column {error.colno})",
                      line=error.lineno) from None
    except RecursionError:
        raise corrupt(origin, "json-too-deep", "nested too deeply to be an assessment") from None
    if duplicates:
        _, repeated = locate(text)
        raise CorruptRecordError([
            Problem(file=origin, line=line, field=field_path(loc), code="duplicate-key",
                    message=f"key {loc[-1]!r} appears more than once in the same object")
            for loc, line in repeated
        ] or [Problem(file=origin, code="duplicate-key", message="a key appears twice")])
    return document, text


def validate_document(model: type[M], document: Any, text: str, origin: str) -> M:
    """Validate a parsed document; each problem names the line of the field it is about."""
    try:
        return model.model_validate(document)
    except ValidationError as error:
        locations, _ = locate(text)
        problems = [
            Problem(file=origin, line=line_of(locations, item["loc"]),
                    field=field_path(item["loc"]), code=item["type"],
                    message=item["msg"].removeprefix("Value error, "))
            for item in error.errors()
        ]
        raise CorruptRecordError(list(dict.fromkeys(problems))) from None


def _duplicate_finder(found: list[str]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            found.append("duplicate")
        return result

    return hook


_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def locate(text: str) -> tuple[dict[Loc, int], list[tuple[Loc, int]]]:
    """The line of every key and item of JSON already known to parse, and any repeated keys.

    Best effort: on anything unexpected it returns what it has.
    """
    tokens: list[tuple[str, int]] = []
    line, last = 1, 0
    for match in _TOKEN_RE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        tokens.append((match.group(), line))
    locations: dict[Loc, int] = {}
    repeated: list[tuple[Loc, int]] = []

    def value(index: int, loc: Loc) -> int:
        token, at = tokens[index]
        locations.setdefault(loc, at)
        if token == "{":
            index += 1
            seen: set[str] = set()
            while tokens[index][0] != "}":
                key_token, key_line = tokens[index]
                key = json.loads(key_token)
                if key in seen:
                    repeated.append(((*loc, key), key_line))
                seen.add(key)
                locations[(*loc, key)] = key_line
                index = value(index + 2, (*loc, key))  # skip the key and the colon
                if tokens[index][0] == ",":
                    index += 1
            return index + 1
        if token == "[":
            index += 1
            position = 0
            while tokens[index][0] != "]":
                index = value(index, (*loc, position))
                position += 1
                if tokens[index][0] == ",":
                    index += 1
            return index + 1
        return index + 1

    with contextlib.suppress(IndexError, ValueError, RecursionError):
        value(0, ())
    return locations, repeated


def line_of(locations: dict[Loc, int], loc: Sequence[str | int]) -> int | None:
    """The line of the deepest part of a pydantic error location found in the file."""
    parts = tuple(loc)
    for end in range(len(parts), -1, -1):
        if parts[:end] in locations:
            return locations[parts[:end]]
    return None
