"""The arguments every backend refuses alike, checked before anything is read or written.

Kept apart from the backends so that each (files, memory, a database later) refuses the same
inputs with the same errors, and the contract tests hold for all of them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from eia.errors import CorruptRecordError, InvalidIdError, InvalidInputError
from eia.model import check_id
from eia.storage.backend import JsonDict
from eia.storage.documents import MAX_DOCUMENT_BYTES, document_number

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


def valid_key(key: object) -> str:
    """A key is an assessment id; it is checked before it can become part of a path."""
    try:
        return check_id(key)  # type: ignore[arg-type]
    except ValueError as error:
        raise InvalidIdError(key, str(error)) from None


def valid_number(value: object, what: str = "a revision") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"{what} is a whole number from 1, not {value!r}")
    return value


def valid_bytes(value: object, what: str) -> bytes:
    if not isinstance(value, bytes):
        raise InvalidInputError(f"{what} is bytes, not {type(value).__name__}")
    return value


def valid_sha256(value: object) -> str:
    """A blob's name is its SHA-256 in lower-case hex, and nothing else can become a path."""
    if not isinstance(value, str) or not _SHA256_RE.fullmatch(value):
        raise InvalidInputError(f"a blob is named by its SHA-256 (64 lower-case hex digits), "
                                f"not {value!r}")
    return value


def checked_commit(key: object, number: object, data: object, summary: JsonDict,
                   expected: object) -> tuple[str, dict[str, Any]]:
    """The key and a private copy of the summary, once the commit's arguments are known good.

    A revision whose own `revision` is not `number` would be read back as another one, so it is
    refused here rather than stored.
    """
    key = valid_key(key)
    if expected is not None:
        valid_number(expected, "the expected revision")
    number = valid_number(number)
    following = 1 if expected is None else expected + 1  # type: ignore[operator]
    if number != following:
        raise InvalidInputError(
            f"revision {number} of {key!r} cannot follow "
            f"{'nothing' if expected is None else f'revision {expected}'}: "
            f"the next one is {following}")
    data = valid_bytes(data, "a revision")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(f"revision {number} of {key!r} is larger than "
                                f"{MAX_DOCUMENT_BYTES // 2**20} MiB and could not be read back")
    try:
        held = document_number(data, f"{key}@{number}")
    except CorruptRecordError as error:
        raise InvalidInputError(f"revision {number} of {key!r} is not a JSON document with a "
                                f"top-level revision number: {error}") from None
    if held != number:
        raise InvalidInputError(f"the document says revision {held}, but is committed as "
                                f"revision {number} of {key!r}")
    try:
        copy = json.loads(json.dumps(summary, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise InvalidInputError(f"the summary of {key!r} is not plain JSON: {error}") from None
    if not isinstance(copy, dict):
        raise InvalidInputError(f"the summary of {key!r} is a JSON object, not {copy!r}")
    return key, copy
