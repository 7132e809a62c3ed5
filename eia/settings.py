"""Every `EIA_*` setting, read in one place, with the defaults the README's table documents.

Paths default to the project's own folders (the checkout the package runs from), never to the
working folder: the same command must read the same data wherever it is run from. An installed
package that sits in no checkout falls back to the working folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from eia.errors import InvalidInputError

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    """The checkout holding this package, if it is one (it has data/sources); else the cwd."""
    if (_PACKAGE_PARENT / "pyproject.toml").is_file() and (_PACKAGE_PARENT / "data").is_dir():
        return _PACKAGE_PARENT
    return Path.cwd()


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, what it sets and its default, for docs and tests."""

    name: str
    description: str
    default: str

    def raw(self) -> str:
        return os.environ.get(self.name, "").strip()


ASSESSMENTS_DIR = Setting(
    "EIA_ASSESSMENTS_DIR", "Folder of saved assessments (the JSON file backend).",
    "<project>/assessments")
CONTEXT_DB = Setting(
    "EIA_CONTEXT_DB", "The context database that scoring, export and the app read.",
    "<project>/data/context.duckdb")
DATA_SOURCES = Setting(
    "EIA_DATA_SOURCES", "Folder of source packages that `eia data build` reads.",
    "<project>/data/sources")
QUESTION_SETS = Setting(
    "EIA_QUESTION_SETS", "Extra folders of question sets, separated like PATH.", "(none)")
QUESTION_SET_DRAFTS = Setting(
    "EIA_QUESTION_SET_DRAFTS", "Writable folder of draft question set versions the strategy "
    "division edits.", "<project>/question-sets/drafts")
QUESTION_SETS_PUBLISHED = Setting(
    "EIA_QUESTION_SETS_PUBLISHED", "Folder that publishing moves drafts into; the registry finds "
    "sets there.", "<project>/question-sets/published")
USERS_FILE = Setting(
    "EIA_USERS_FILE", "The users and roles file; without it the local single-user demo mode runs.",
    "(none: local mode)")

SCB_API = Setting(
    "EIA_SCB_API", "Base address of Statistics Sweden's PxWeb API v2 (`eia data fetch scb`).",
    "https://statistikdatabasen.scb.se/api/v2")
KOLADA_API = Setting(
    "EIA_KOLADA_API", "Base address of the Kolada API v3 (`eia data fetch kolada`).",
    "https://api.kolada.se/v3")

MAX_ATTACHMENT_BYTES = Setting(
    "EIA_MAX_ATTACHMENT_BYTES", "The largest file an officer may attach, in bytes.",
    "20000000 (20 MB)")
DEFAULT_MAX_ATTACHMENT_BYTES = 20_000_000
"""Room for scanned minutes or a data file, small enough that a store of thousands stays lean."""

ALL: tuple[Setting, ...] = (ASSESSMENTS_DIR, CONTEXT_DB, DATA_SOURCES, QUESTION_SETS,
                            QUESTION_SET_DRAFTS, QUESTION_SETS_PUBLISHED, USERS_FILE, SCB_API,
                            KOLADA_API, MAX_ATTACHMENT_BYTES)


def _path(setting: Setting, default: Path) -> Path:
    raw = setting.raw()
    return Path(raw).expanduser() if raw else default


def assessments_dir() -> Path:
    return _path(ASSESSMENTS_DIR, project_root() / "assessments")


def context_db() -> Path:
    return _path(CONTEXT_DB, project_root() / "data" / "context.duckdb")


def data_sources() -> Path:
    return _path(DATA_SOURCES, project_root() / "data" / "sources")


def generated_dir() -> Path:
    """Where generated sources (the synthetic demo data) write their files; not committed."""
    return project_root() / "data" / "generated"


def question_set_paths() -> list[Path]:
    return [Path(part).expanduser() for part in QUESTION_SETS.raw().split(os.pathsep) if part]


def question_set_drafts() -> Path:
    return _path(QUESTION_SET_DRAFTS, project_root() / "question-sets" / "drafts")


def published_question_sets() -> Path:
    return _path(QUESTION_SETS_PUBLISHED, project_root() / "question-sets" / "published")


def scb_api() -> str:
    return (SCB_API.raw() or SCB_API.default).rstrip("/")


def kolada_api() -> str:
    return (KOLADA_API.raw() or KOLADA_API.default).rstrip("/")


def users_file() -> Path | None:
    raw = USERS_FILE.raw()
    return Path(raw).expanduser() if raw else None


def max_attachment_bytes() -> int:
    """The configured size limit; a value that is not a positive whole number is refused by name,
    never read as "no limit"."""
    raw = MAX_ATTACHMENT_BYTES.raw().replace("_", "")
    if not raw:
        return DEFAULT_MAX_ATTACHMENT_BYTES
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidInputError(f"{MAX_ATTACHMENT_BYTES.name}={MAX_ATTACHMENT_BYTES.raw()!r}: "
                                "give the largest attachment as a positive whole number of bytes")
    return int(raw)
