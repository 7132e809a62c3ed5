"""Text for a terminal: nothing a user typed can move the cursor, recolour or hide output.

Control characters (C0 but tab and newline, DEL, C1, whose 0x9b starts a CSI sequence) and the
bidirectional overrides that reorder what a reader sees are shown as visible escapes.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_ONE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str, *, single_line: bool = False) -> str:
    """The text with every control character escaped (newlines and tabs too if `single_line`)."""
    return (_UNSAFE_ONE_LINE if single_line else _UNSAFE).sub(_escape, text)
