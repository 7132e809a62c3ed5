"""Who may do what to an assessment, and which status each step leads to.

Pure rules, enforced by the services below every face: a page that forgets a check cannot let an
assessment into a state it must never reach. Every refusal is a ForbiddenError whose `rule`
names the rule broken, so faces and tests can tell them apart.

    draft ──submit──▶ in review ──approve──▶ approved ──archive──▶ archived
      ▲                 │   ▲                   │                    │
      │              return  submit             └──────reopen────────┤
      │                 ▼   │                                        ▼
      │              returned                              (a new draft revision)

In review, a reviewer judges each step (acceptable, to improve, must correct); a "must correct"
returns the assessment, its officer answers the comments while it is returned, and approval is
refused while a "must correct" stands unanswered. An officer attaches files while it is editable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from eia.errors import ForbiddenError
from eia.model import Assessment, EventKind, Status
from eia.users import Role, User

EDITABLE = frozenset({Status.draft, Status.returned})
LOCKED = frozenset({Status.approved, Status.archived})


@dataclass(frozen=True)
class Transition:
    """A workflow step: the statuses it starts from and the status it leads to."""

    event: EventKind
    sources: frozenset[Status]
    target: Status


TRANSITIONS: dict[EventKind, Transition] = {
    step.event: step for step in (
        Transition(EventKind.submitted, EDITABLE, Status.in_review),
        Transition(EventKind.returned, frozenset({Status.in_review}), Status.returned),
        Transition(EventKind.approved, frozenset({Status.in_review}), Status.approved),
        Transition(EventKind.archived, frozenset({Status.approved}), Status.archived),
        Transition(EventKind.reopened, LOCKED, Status.draft),
    )
}


class Act(StrEnum):
    """What a user can ask to do with an assessment."""

    read = "read"
    create = "create"
    edit = "edit"
    submit = "submit"
    return_ = "return"
    approve = "approve"
    archive = "archive"
    reopen = "reopen"
    follow_up = "follow_up"
    judge = "judge"
    reply = "reply"
    attach = "attach"


ACT_STATUSES = {Act.judge: frozenset({Status.in_review}), Act.reply: frozenset({Status.returned})}
"""The statuses the review acts need; they record, and move no status themselves."""

ACT_EVENT = {Act.submit: EventKind.submitted, Act.return_: EventKind.returned,
             Act.approve: EventKind.approved, Act.archive: EventKind.archived,
             Act.reopen: EventKind.reopened}


def _refuse(rule: str, message: str) -> ForbiddenError:
    return ForbiddenError(rule, message)


def check_status(assessment: Assessment, event: EventKind) -> Transition:
    """The transition, if the assessment's status allows it now."""
    transition = TRANSITIONS[event]
    if assessment.status not in transition.sources:
        allowed = " or ".join(sorted(status.value for status in transition.sources))
        raise _refuse("wrong-status",
                      f"assessment {assessment.id!r} is {assessment.status.value}: "
                      f"'{event.value}' needs it to be {allowed}")
    return transition


def can_read(user: User, organisation: str) -> bool:
    """Everyone with a role reads their own organisation's assessments; strategy and admin read
    every organisation's. An assessment saved before organisations existed is readable by all."""
    return (not organisation or organisation == user.organisation
            or user.has(Role.strategy) or user.has(Role.admin))


def check(act: Act, user: User, assessment: Assessment | None = None, *,
          blockers: Sequence[str] = ()) -> None:
    """Refuse, naming the rule, unless `user` may do `act` to `assessment` now.

    `blockers` are the reasons of the blocker flags the rules raise (submit is refused while
    any stands); the caller scores, this module stays free of the rules.
    """
    if act is Act.create:
        user.require(Role.case_officer, "create an assessment")
        return
    if assessment is None:
        raise ValueError(f"{act.value} needs an assessment")
    if not can_read(user, assessment.organisation):
        raise _refuse("other-organisation",
                      f"{user.name} ({user.id}) belongs to {user.organisation!r}, and assessment "
                      f"{assessment.id!r} to {assessment.organisation!r}")
    match act:
        case Act.read:
            return
        case Act.edit | Act.submit | Act.follow_up | Act.reply | Act.attach:
            _check_officer(user, assessment, act)
        case Act.return_ | Act.approve | Act.judge:
            _check_reviewer(user, assessment, act)
        case Act.archive | Act.reopen:
            if not user.has(Role.admin):
                _check_officer(user, assessment, act)
    if act in (Act.edit, Act.attach) and assessment.status not in EDITABLE:
        raise _refuse("not-editable",
                      f"assessment {assessment.id!r} is {assessment.status.value}: only a draft "
                      "or a returned assessment is edited"
                      + ("; reopen it to start a new revision" if assessment.status in LOCKED
                         else ""))
    if act is Act.follow_up and assessment.status not in LOCKED:
        raise _refuse("not-approved", f"assessment {assessment.id!r} is "
                      f"{assessment.status.value}: only an approved one is followed up")
    if act in ACT_EVENT:
        check_status(assessment, ACT_EVENT[act])
    if act in ACT_STATUSES and assessment.status not in ACT_STATUSES[act]:
        raise _refuse("wrong-status", f"assessment {assessment.id!r} is "
                      f"{assessment.status.value}: '{act.value}' needs it to be "
                      + " or ".join(sorted(status.value for status in ACT_STATUSES[act])))
    if act is Act.approve and (standing := assessment.standing_must_correct()):
        raise _refuse("must-correct-stands",
                      f"assessment {assessment.id!r} cannot be approved while a 'must correct' "
                      "stands unanswered on: " + ", ".join(j.step.value for j in standing))
    if act is Act.submit and blockers:
        raise _refuse("blockers-stand", f"assessment {assessment.id!r} cannot be submitted "
                      "while a blocker stands: " + "; ".join(blockers))


def _check_officer(user: User, assessment: Assessment, act: Act) -> None:
    user.require(Role.case_officer, f"{act.value} an assessment")
    if not assessment.is_officer(user.id):
        raise _refuse("not-an-officer",
                      f"{user.name} ({user.id}) is not an officer of assessment "
                      f"{assessment.id!r}, so may not {act.value} it")


def _check_reviewer(user: User, assessment: Assessment, act: Act) -> None:
    user.require(Role.reviewer, f"{act.value} an assessment")
    if user.id in assessment.editors() or assessment.is_officer(user.id):
        raise _refuse("reviewer-wrote-it",
                      f"{user.name} ({user.id}) wrote or edited assessment {assessment.id!r}, "
                      f"so may not {act.value} it: a second pair of eyes must")
