"""User text made safe to place in any output format, before each renderer escapes it."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
"""Control characters, non-characters and lone surrogates: XML refuses them and no reader
wants them; a pasted text sometimes carries them."""


def clean(text: str) -> str:
    """Drop control characters and normalise line ends; newlines are kept for the caller."""
    return _FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """Clean text on one line (runs of whitespace, line breaks too, become one space): for
    document properties, which readers show on one line and terminals may print."""
    return " ".join(clean(text).split())
