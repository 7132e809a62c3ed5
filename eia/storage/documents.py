"""What a backend needs to know of a stored document: its revision number, and where its lines are.

A backend treats a revision as opaque bytes except for one thing: the top-level integer `revision`,
which numbers it. Reading that number is also where a damaged or hand-edited file is first noticed,
so every reason it cannot be read becomes a Problem that names the file, the line and the field.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from eia.errors import CorruptRecordError
from eia.problems import Problem

MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
"""A document larger than this is reported, not read: a hand-made giant must not exhaust memory."""

Loc = tuple[str | int, ...]


def corrupt(origin: str, code: str, message: str, *, line: int | None = None,
            field: str = "") -> CorruptRecordError:
    """One problem with a stored record, as the error that carries it."""
    return CorruptRecordError(
        [Problem(file=origin, line=line, field=field, code=code, message=message)]
    )


def document_number(data: bytes, origin: str) -> int:
    """The top-level `revision` of a stored document; CorruptRecordError if there is none.

    The whole document is parsed, since JSON has no cheaper way to find a top-level key, but
    nothing else in it is checked: that is the domain layer's job.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise corrupt(origin, "not-utf8", "is not UTF-8 text", line=line) from None
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise corrupt(origin, "json-syntax", f"not valid JSON: {error.msg} (column {error.colno})",
                      line=error.lineno) from None
    except RecursionError:
        raise corrupt(origin, "json-too-deep", "is nested too deeply to be read") from None
    if not isinstance(document, dict):
        raise corrupt(origin, "not-an-object", "is not a JSON object")
    if "revision" not in document:
        raise corrupt(origin, "missing-revision", "has no top-level `revision` number",
                      field="revision")
    number = document["revision"]
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        locations, _ = locate(text)
        raise corrupt(origin, "invalid-revision",
                      f"its `revision` must be a whole number from 1, not {number!r}",
                      line=locations.get(("revision",)), field="revision")
    return number


_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def locate(text: str) -> tuple[dict[Loc, int], list[tuple[Loc, int]]]:
    """The line of every key and item of JSON already known to parse, and any repeated keys.

    json gives positions only for syntax errors; this lets a problem in a hand-edited file point
    at its line too. Best effort: on anything unexpected it returns what it has.
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

