"""What the core refuses, as one family of errors, so every face can catch and explain them.

Each kind maps to one exit code of the `eia` command (see the README), so scripts can tell a
refused input from a conflict, a missing assessment or a forbidden step without reading text.
"""

from __future__ import annotations

from eia.problems import ProblemsError


class EiaError(Exception):
    """Anything the core refuses or cannot do; a face can catch this one class."""


class InvalidInputError(EiaError, ValueError):
    """An argument or a document that cannot be right; nothing was read or written."""


class InvalidIdError(InvalidInputError):
    """An id that is not a plain slug; refused before it can become part of a path."""

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        super().__init__(reason)


class CorruptRecordError(InvalidInputError, ProblemsError):
    """A stored record that cannot be trusted; each problem names where it is kept."""


class NotFoundError(EiaError, LookupError):
    """No assessment (or no such revision of it) is saved."""

    def __init__(self, key: str, revision: int | None = None, *, what: str = "assessment") -> None:
        self.id = key
        self.revision = revision
        message = f"{what} {key!r}"
        if revision is not None:
            message = f"revision {revision} of {message}"
        super().__init__(f"{message} is not saved")


class ConflictError(EiaError):
    """The change was made from a revision that is no longer the saved one; nothing was written."""

    def __init__(self, key: str, expected: int | None, actual: int | None) -> None:
        self.id = key
        self.expected = expected
        self.actual = actual
        if expected is None:
            message = (f"{key!r} already exists (revision {actual}); choose another id or open "
                       "the saved one")
        elif actual is None:
            message = f"{key!r} was edited from revision {expected} but is no longer saved"
        else:
            message = (f"{key!r} was changed by someone else: this edit started from revision "
                       f"{expected} but revision {actual} is saved; reload it and apply the "
                       "changes again")
        super().__init__(message)


class ForbiddenError(EiaError, PermissionError):
    """The acting user may not do this, or the workflow does not allow it now; `rule` names why.

    `rule` is a stable code (e.g. `reviewer-wrote-it`) that tests and faces can rely on.
    """

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        super().__init__(f"{message} [{rule}]")
