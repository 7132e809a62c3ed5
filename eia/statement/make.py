"""Rendering a statement, and checking a statement file against the store.

The services make the statement (`eia.services.statements`); the content builder and the
renderers stay pure.
"""

from __future__ import annotations

import io
import zipfile
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from pypdf import PdfReader

from eia.errors import NotFoundError
from eia.statement.docx import CUSTOM_PROPERTIES, render_docx
from eia.statement.docx import read_fingerprint as read_docx_fingerprint
from eia.statement.fingerprint import PDF_KEY, Token, find_token, read_comment_line
from eia.statement.html import render_html
from eia.statement.markdown import render_markdown
from eia.statement.model import Statement
from eia.statement.pdf import render_pdf
from eia.store import Store


class Format(StrEnum):
    pdf = "pdf"
    docx = "docx"
    md = "md"
    html = "html"

    @classmethod
    def of(cls, path: Path) -> Format:
        """The format a file name asks for, by its suffix."""
        return cls(path.suffix.lower().lstrip("."))


def render(statement: Statement, fmt: Format) -> bytes:
    match fmt:
        case Format.pdf:
            return render_pdf(statement)
        case Format.docx:
            return render_docx(statement)
        case Format.md:
            return render_markdown(statement).encode("utf-8")
        case Format.html:
            return render_html(statement).encode("utf-8")


def read_token(data: bytes) -> Token | None:
    """The fingerprint a statement file carries, read only where the renderer put it: the
    PDF's document information (`/EIAFingerprint`), the Word file's custom property
    `EIAFingerprint`, the last line of a Markdown or HTML file. Never from the text: a
    user's answer may quote another assessment's token."""
    if data.startswith(b"%PDF"):
        info = PdfReader(io.BytesIO(data)).metadata or {}
        value = str(info.get(PDF_KEY, ""))
        token = find_token(value)
        return token if token is not None and str(token) == value else None
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            name = CUSTOM_PROPERTIES.membername
            if name not in archive.namelist():
                return None
            return read_docx_fingerprint(archive.read(name))
    return read_comment_line(data.decode("utf-8", "replace"))


class Verification(BaseModel):
    model_config = ConfigDict(frozen=True)

    ok: bool
    token: Token | None
    saved_sha256: str | None
    message: str


def verify(data: bytes, store: Store) -> Verification:
    """Whether a statement was made from the assessment revision it names, unchanged since.

    The SHA-256 is compared with that of the revision's bytes as stored, never with a copy
    re-serialised through today's model, so a field added to the model breaks no statement.
    """
    token = read_token(data)
    if token is None:
        return Verification(ok=False, token=None, saved_sha256=None,
                            message="no Likvärdig fingerprint found in this file")
    try:
        saved = store.stored(token.assessment_id, token.revision)
    except NotFoundError:
        return Verification(ok=False, token=token, saved_sha256=None,
                            message=f"assessment {token.assessment_id} has no saved revision "
                                    f"{token.revision} in this store")
    actual = saved.sha256
    if actual != token.sha256:
        return Verification(ok=False, token=token, saved_sha256=actual, message=(
            f"does NOT match: the statement names {token.assessment_id} revision "
            f"{token.revision} with SHA-256 {token.sha256}, but that revision's SHA-256 is "
            f"{actual}"))
    return Verification(ok=True, token=token, saved_sha256=actual, message=(
        f"matches {token.assessment_id} revision {token.revision} (SHA-256 {actual})"))
