"""What a backend needs to know of a stored document: its revision number.

A backend treats a revision as opaque bytes except for one thing: the top-level integer `revision`,
which numbers it. Reading that number is also where a damaged or hand-edited file is first noticed,
so every reason it cannot be read becomes a Problem that names the file, the line and the field
(`eia.jsondoc` reads and locates; the domain layer validates the rest of the document).
"""

from __future__ import annotations

from eia.jsondoc import corrupt, locate, parse_json

MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
"""A document larger than this is reported, not read: a hand-made giant must not exhaust memory."""


def document_number(data: bytes, origin: str) -> int:
    """The top-level `revision` of a stored document; CorruptRecordError if there is none.

    The whole document is parsed (JSON has no cheaper way to find a top-level key, and a repeated
    key would make the number ambiguous), but nothing else in it is checked.
    """
    document, text = parse_json(data, origin)
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
