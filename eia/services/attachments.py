"""Checking a file an officer attaches: its name, its size, and what its content really is.

The type is read from the bytes with `filetype` (a kept-up library, not a table of magic bytes of
our own), which also tells a Word document from an Excel workbook inside their zip containers.
CSV has no signature: it must decode as UTF-8 and parse as rows of one width. The name must
agree with the content, so a program renamed `minutes.pdf` is refused, not stored.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype

from eia.errors import InvalidInputError
from eia.model import WINDOWS_RESERVED, AttachmentType

SUFFIXES: dict[AttachmentType, tuple[str, ...]] = {
    AttachmentType.pdf: (".pdf",),
    AttachmentType.docx: (".docx",),
    AttachmentType.xlsx: (".xlsx",),
    AttachmentType.csv: (".csv",),
    AttachmentType.png: (".png",),
    AttachmentType.jpeg: (".jpg", ".jpeg"),
}
MEDIA_TYPES: dict[AttachmentType, str] = {
    AttachmentType.pdf: "application/pdf",
    AttachmentType.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentType.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    AttachmentType.csv: "text/csv",
    AttachmentType.png: "image/png",
    AttachmentType.jpeg: "image/jpeg",
}
_BY_MEDIA_TYPE = {media: kind for kind, media in MEDIA_TYPES.items()}
_ALLOWED = ", ".join(suffix for suffixes in SUFFIXES.values() for suffix in suffixes)
_PATH_CHARACTERS = frozenset('/\\:*?"<>|')
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
"""Control and format characters (a right-to-left override turns `gnp.pdf` into `fdp.png` on
screen), surrogates, private and unassigned code points: none belongs in a file name."""
MAX_NAME = 255
CSV_DELIMITERS = ",;\t"


class AttachmentRefusedError(InvalidInputError):
    """A file that is not attached, with the reason (`code`) and the file named."""

    def __init__(self, name: str, code: str, message: str) -> None:
        self.code = code
        super().__init__(f"{name!r} was not attached: {message} [{code}]")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    type: AttachmentType
    size: int


def safe_name(name: str) -> str:
    """The original name as shown to readers; a name that tries to be a path is refused.

    Never a path on disk (the bytes are kept under their SHA-256), but a name with folders, control
    characters or a device name would mislead whoever saves the file again.
    """
    shown = name[:80]  # the error quotes it with repr, control characters escaped
    cleaned = unicodedata.normalize("NFC", name).strip()
    stem = cleaned.rsplit(".", 1)[0].lower()
    if (not cleaned or cleaned.startswith(".") or ".." in cleaned or cleaned.endswith(".")
            or len(cleaned) > MAX_NAME or stem in WINDOWS_RESERVED
            or any(c in _PATH_CHARACTERS or unicodedata.category(c) in _HIDDEN_CATEGORIES
                   for c in cleaned)):
        raise AttachmentRefusedError(shown, "hostile-name",
                                     "give the file a plain name, without folders, control "
                                     f"characters or '..', of at most {MAX_NAME} characters")
    return " ".join(cleaned.split())


def check_file(data: bytes, name: str, limit: int) -> CheckedFile:
    """The file's safe name, type and size, or AttachmentRefusedError saying why not."""
    shown = safe_name(name)
    if not data:
        raise AttachmentRefusedError(shown, "empty", "the file is empty")
    if len(data) > limit:
        raise AttachmentRefusedError(shown, "too-large", f"it is {len(data):,} bytes, and the "
                                     f"limit is {limit:,} (EIA_MAX_ATTACHMENT_BYTES)")
    suffix = "." + shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    claimed = next((kind for kind, suffixes in SUFFIXES.items() if suffix in suffixes), None)
    if claimed is None:
        raise AttachmentRefusedError(shown, "unsupported-type",
                                     f"only {_ALLOWED} files are attached; the name ends in "
                                     f"{suffix or 'no suffix'}")
    found = _content_type(data)
    if found is None and _is_csv(data):
        found = AttachmentType.csv
    if found is not claimed:
        what = found.label("en") if found else "none of the accepted types"
        raise AttachmentRefusedError(shown, "type-mismatch", f"the name says "
                                     f"{claimed.label('en')}, but the content is {what}")
    if found in (AttachmentType.docx, AttachmentType.xlsx) and not _whole_zip(data):
        raise AttachmentRefusedError(shown, "damaged", f"the {found.label('en')} is damaged "
                                     "or cut short (its zip container does not read)")
    return CheckedFile(name=shown, type=found, size=len(data))


def _content_type(data: bytes) -> AttachmentType | None:
    kind = filetype.guess(data)
    return None if kind is None else _BY_MEDIA_TYPE.get(kind.mime)


def _is_csv(data: bytes) -> bool:
    """UTF-8 text (a BOM allowed) whose lines parse as CSV rows of one width, at least two
    columns wide, with one of the usual delimiters."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if "\x00" in text:
        return False
    for delimiter in CSV_DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(text, newline=""),
                                              delimiter=delimiter, strict=True) if row]
        except csv.Error:
            continue
        widths = {len(row) for row in rows}
        if rows and len(widths) == 1 and widths.pop() >= 2:
            return True
    return False


def _whole_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.testzip() is None
    except (zipfile.BadZipFile, EOFError, ValueError):
        return False
