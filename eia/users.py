"""People and their roles, mapped from the signed-in identity by a configuration file.

The file (its path in `EIA_USERS_FILE`) lists each user with an id, a display name, the
identities that sign in as them (e-mail or the provider's subject), roles and an organisation.
Roles come from this file, never from a groups claim of the identity provider: a token carrying
many groups outgrows the session cookie. Without a file, a local single-user mode runs the demo:
its people are fictitious and say so.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from eia import settings
from eia.errors import ForbiddenError, NotFoundError
from eia.i18n import t
from eia.model import LabelledEnum, RequiredShortText, Slug, UserId, UserRef
from eia.yamlfile import read_yaml, validate


class Role(LabelledEnum):
    case_officer = "case_officer"
    reviewer = "reviewer"
    strategy = "strategy"
    reader = "reader"
    admin = "admin"


Role.register_labels({
    Role.case_officer: t("Handläggare", "Case officer"),
    Role.reviewer: t("Granskare", "Reviewer"),
    Role.strategy: t("Strateg", "Strategy division"),
    Role.reader: t("Läsare", "Reader"),
    Role.admin: t("Administratör", "Administrator"),
})

Identity = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1,
                                            max_length=320)]


class User(BaseModel):
    """Someone who acts in the tool; every service call names one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: UserId
    name: RequiredShortText
    roles: frozenset[Role] = Field(min_length=1)
    organisation: Slug
    identities: frozenset[Identity] = frozenset()
    """E-mail addresses or identity-provider subjects that sign in as this user."""
    demo: bool = False

    def ref(self) -> UserRef:
        return UserRef(id=self.id, name=self.name)

    def has(self, role: Role) -> bool:
        """Roles are not implied by others: an administrator is no reviewer unless named one."""
        return role in self.roles

    def require(self, role: Role, doing: str) -> None:
        if not self.has(role):
            raise ForbiddenError(f"needs-{role.value.replace('_', '-')}",
                                 f"{self.name} ({self.id}) may not {doing}: it needs the role "
                                 f"{role.label('en')}")


class Directory(BaseModel):
    """Everyone who may act, as read from the users file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    users: list[User] = Field(min_length=1)
    local: bool = False
    """True in the local single-user mode, which says so on every page."""

    @model_validator(mode="after")
    def _unique(self) -> Directory:
        ids = [user.id for user in self.users]
        seen = [identity for user in self.users for identity in user.identities]
        if len(set(ids)) != len(ids):
            raise ValueError("user ids must be unique: "
                             f"{sorted({i for i in ids if ids.count(i) > 1})}")
        if len(set(seen)) != len(seen):
            raise ValueError("an identity signs in as more than one user: "
                             f"{sorted({i for i in seen if seen.count(i) > 1})}")
        return self

    def get(self, user_id: str) -> User:
        for user in self.users:
            if user.id == user_id:
                return user
        raise NotFoundError(user_id, what="user")

    def for_identity(self, *identities: str | None) -> User | None:
        """The user a signed-in identity (e-mail, subject) maps to; None if it maps to nobody."""
        wanted = {identity.strip().lower() for identity in identities if identity}
        return next((user for user in self.users if user.identities & wanted), None)

    @property
    def default(self) -> User:
        """The user the local mode acts as when nobody is named."""
        return self.users[0]


LOCAL_USERS = Path(__file__).with_name("demo_users.yaml")
"""The fictitious people of the local single-user demo mode."""


def load_directory(path: Path) -> Directory:
    """Read a users file; every problem is named by file, line and field."""
    data, locations = read_yaml(path)
    return validate(Directory, data, locations, str(path))


@lru_cache(maxsize=8)
def _cached(path: Path, mtime_ns: int) -> Directory:
    return load_directory(path)


def directory() -> Directory:
    """The configured users, or the local demo mode when no users file is set."""
    configured = settings.users_file()
    if configured is None:
        return _cached(LOCAL_USERS, LOCAL_USERS.stat().st_mtime_ns)
    return _cached(configured, configured.stat().st_mtime_ns)
