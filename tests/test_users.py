"""People and roles: from a users file named by EIA_USERS_FILE, or the local demo mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from eia.errors import ForbiddenError, NotFoundError
from eia.problems import ProblemsError
from eia.users import LOCAL_USERS, Role, directory, load_directory

USERS = """\
users:
  - id: anna.lind
    name: Anna Lind
    roles: [case_officer]
    organisation: helsingborg
    identities: [Anna.Lind@Helsingborg.se, 0f8fad5b-d9cb-469f-a165-70867728950e]
  - id: rasmus.berg
    name: Rasmus Berg
    roles: [reviewer, reader]
    organisation: helsingborg
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "users.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_signed_in_identity_maps_to_its_user_by_email_or_subject(tmp_path: Path) -> None:
    people = load_directory(write(tmp_path, USERS))
    assert not people.local
    by_email = people.for_identity("anna.lind@helsingborg.se")
    by_subject = people.for_identity(None, "0f8fad5b-d9cb-469f-a165-70867728950e")
    assert by_email is not None and by_email.id == "anna.lind"
    assert by_subject == by_email
    assert people.for_identity("someone@else.se") is None


def test_roles_come_from_the_file_and_are_not_implied(tmp_path: Path) -> None:
    people = load_directory(write(tmp_path, USERS))
    rasmus = people.get("rasmus.berg")
    assert rasmus.roles == {Role.reviewer, Role.reader}
    with pytest.raises(ForbiddenError, match="needs-case-officer"):
        rasmus.require(Role.case_officer, "create an assessment")
    with pytest.raises(NotFoundError):
        people.get("nobody")


@pytest.mark.parametrize(("text", "where"), [
    (USERS.replace("[case_officer]", "[case_officer, mayor]"), ":4"),
    (USERS.replace("id: rasmus.berg", "id: anna.lind"), "unique"),
    (USERS.replace("    name: Rasmus Berg\n", "    name: '  '\n"), ":8"),
    (USERS + "    groups: [a, b]\n", ":11"),
], ids=["unknown role", "duplicate id", "blank name", "groups claim"])
def test_a_broken_users_file_is_refused_naming_file_and_line(
        tmp_path: Path, text: str, where: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProblemsError) as refused:
        load_directory(path)
    assert any(str(path) in str(p) and where in str(p) for p in refused.value.problems), (
        refused.value.problems)


def test_without_a_users_file_the_local_demo_mode_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EIA_USERS_FILE", raising=False)
    people = directory()
    assert people.local and people == load_directory(LOCAL_USERS)
    assert all(user.demo and "Demo" in user.name for user in people.users)
    assert people.default.id == "demo-officer"


def test_the_users_file_is_read_from_the_setting(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EIA_USERS_FILE", str(write(tmp_path, USERS)))
    assert [user.id for user in directory().users] == ["anna.lind", "rasmus.berg"]
