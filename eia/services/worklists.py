"""The start page's work lists, from the listing's summaries alone (no assessment is parsed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from pydantic import BaseModel, ConfigDict

from eia.model import Status
from eia.store import Summary
from eia.users import Role, User


class WorkLists(BaseModel):
    """What waits for one user: their drafts, what was returned to them, what waits for their
    review, and approved assessments whose follow-up is due and not yet recorded."""

    model_config = ConfigDict(frozen=True)

    my_drafts: list[Summary]
    returned_to_me: list[Summary]
    waiting_for_my_review: list[Summary]
    follow_up_due: list[Summary]


def newest_first(summaries: Sequence[Summary]) -> list[Summary]:
    """The most recently changed first; never saved ones (no time) last, then by id."""
    oldest = datetime.min.replace(tzinfo=UTC)
    by_id = sorted(summaries, key=lambda s: s.id)
    return sorted(by_id, key=lambda s: s.updated_at or oldest, reverse=True)


def work_lists(user: User, summaries: list[Summary], today: date,
               followed_up: Callable[[str], bool]) -> WorkLists:
    """`summaries` are those the user may read, in the order the lists keep;
    `followed_up(id)` says if a record exists."""
    mine = [s for s in summaries if user.id in s.officers]
    reviews = ([s for s in summaries if s.status is Status.in_review
                and user.id not in s.editors and user.id not in s.officers]
               if user.has(Role.reviewer) else [])
    due = [s for s in mine if s.status is Status.approved and s.follow_up_due is not None
           and s.follow_up_due <= today and not followed_up(s.id)]
    return WorkLists(
        my_drafts=[s for s in mine if s.status is Status.draft],
        returned_to_me=[s for s in mine if s.status is Status.returned],
        waiting_for_my_review=reviews,
        follow_up_due=due,
    )
