"""The fingerprint that ties a statement to the saved assessment it was made from.

It is the SHA-256 of the assessment's canonical JSON (`Assessment.to_json()`, exactly the bytes
the JSON store writes), so any backend can recompute it from the saved revision. A statement
carries it in its text for people, and as `<id>@<revision>:<sha256>` in one fixed place that
`eia verify` reads back: the PDF's document information (`/EIAFingerprint`), the Word file's
custom property, the last line of a Markdown or HTML statement (a comment). Never from the
text, where a user may have quoted another assessment's token.

Attachments are covered too: the saved revision records each one's SHA-256 (their bytes are
kept as blobs under it), so a statement matches only the attachments it lists.
"""

from __future__ import annotations

import hashlib
import re

from pydantic import BaseModel, ConfigDict

from eia.model import ID_PATTERN, Assessment

PDF_KEY = "/EIAFingerprint"
_TOKEN_RE = re.compile(r"(" + ID_PATTERN.strip("^$") + r")@(\d+):([0-9a-f]{64})")


class Token(BaseModel):
    model_config = ConfigDict(frozen=True)

    assessment_id: str
    revision: int
    sha256: str

    def __str__(self) -> str:
        return f"{self.assessment_id}@{self.revision}:{self.sha256}"


def sha256_of(assessment: Assessment) -> str:
    return hashlib.sha256(assessment.to_json().encode("utf-8")).hexdigest()


def token_of(assessment: Assessment) -> Token:
    return Token(assessment_id=assessment.id, revision=assessment.revision,
                 sha256=sha256_of(assessment))


def find_token(text: str) -> Token | None:
    """The first fingerprint token in a text (a PDF property or the statement's own words)."""
    match = _TOKEN_RE.search(text)
    if match is None:
        return None
    return Token(assessment_id=match.group(1), revision=int(match.group(2)),
                 sha256=match.group(3))


COMMENT_LINE = "<!-- eia-fingerprint: {token} -->"
"""The last line of a Markdown or HTML statement. User text can never write it: both escape
`<`."""


def comment_line(token: str) -> str:
    return COMMENT_LINE.format(token=token)


def read_comment_line(text: str) -> Token | None:
    """The token on the text's last line, if that line is exactly the fingerprint comment."""
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    before, _, after = COMMENT_LINE.partition("{token}")
    if not (last.startswith(before) and last.endswith(after)):
        return None
    value = last[len(before):len(last) - len(after)]
    token = find_token(value)
    return token if token is not None and str(token) == value else None
