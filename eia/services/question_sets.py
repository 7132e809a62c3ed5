"""Question set versions as every face uses them: the strategy division's steps, role-checked.

Listing versions, reading a draft, checking it and comparing two versions are open to anyone
who may use the tool (a set is no secret, and a reviewer may want to see what changed). Making,
editing, publishing and discarding a draft need the role `strategy`, checked here before
anything is written, so the CLI and the app refuse alike.
"""

from __future__ import annotations

from eia.problems import Problem
from eia.questions.setdiff import SetDiff, diff_sets
from eia.questions.versions import (
    SetVersion,
    delete_draft,
    draft_files,
    list_versions,
    load_version,
    new_draft,
    publish,
    validate_draft,
    write_draft_file,
)
from eia.users import Role, User

__all__ = ["compare", "discard_draft", "draft_files", "list_versions", "publish_draft",
           "save_draft_file", "start_draft", "validate_draft"]


def start_draft(user: User, set_id: str, from_version: str,
                new_version: str | None = None) -> SetVersion:
    """Copy a version into a new draft (the next free version unless one is given)."""
    user.require(Role.strategy, "make a question set draft")
    return new_draft(set_id, from_version, new_version)


def save_draft_file(user: User, set_id: str, version: str, name: str,
                    text: str) -> list[Problem]:
    """Write one file of a draft as the editor sent it; return what the draft's check finds
    now, so the editor shows at once which file and line the edit broke."""
    user.require(Role.strategy, "edit a question set draft")
    write_draft_file(set_id, version, name, text)
    return validate_draft(set_id, version)


def discard_draft(user: User, set_id: str, version: str) -> None:
    user.require(Role.strategy, "discard a question set draft")
    delete_draft(set_id, version)


def publish_draft(user: User, set_id: str, version: str, changelog_line: str) -> SetVersion:
    """Publish a draft in the acting user's name; see `eia.questions.versions.publish`."""
    user.require(Role.strategy, "publish a question set version")
    return publish(set_id, version, changelog_line, by_user=user.id)


def compare(set_id: str, old: str, new: str) -> SetDiff:
    """What changed from version `old` to `new`, each installed, published or a draft."""
    return diff_sets(load_version(set_id, old), load_version(set_id, new))
