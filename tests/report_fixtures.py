"""A hand-counted store over two years, for the follow-up report and the audit trail.

Seven assessments (none of them DEMO) made from the demos' content through the service, with a
clock the builder moves, so each was created, approved and followed up on a known day. Their
actions' due dates and follow-up dates are set to fall in 2025 (the previous period) or 2026
(the period). What each counts for is written beside it; the tests assert those counts.

2025: rooms-2025 (created 02-03, approved 03-03; actions due 06-01 and 09-01, followed up 11-15:
done, not done; follow-up due 11-01), booking-2025 (created 04-01, approved 05-02; no evidence
gaps and no context figures; actions due 08-01, 08-01, 10-01 and 2026-02-01; follow-up due
2026-03-01, never recorded), library-2025 (created 10-01, a draft).
2026: booking-2026 (created 01-10, approved 02-10; actions due 06-01, 06-01, 2027-02-15 and
09-01; follow-up due 2027-03-01), rooms-2026 (created 03-01, approved 04-01; actions due 05-01
and 07-01, followed up 10-15: done, changed; follow-up due 10-01), library-2026 and
library-2026b (created 06-01 and 08-01, drafts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from eia.demo import QUESTION_SET, demo_assessments
from eia.model import FollowUpRecord, QuestionSetRef
from eia.services.assessments import COPIED_PARTS, AssessmentService
from eia.users import LOCAL_USERS, load_directory

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
PREVIOUS = (date(2025, 1, 1), date(2025, 12, 31))
TODAY = date(2027, 6, 1)


@dataclass
class Clock:
    now: datetime = datetime(2025, 1, 1, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: str) -> None:
        self.now = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)


def _content(demo_id: str) -> dict[str, Any]:
    found = next(a for a, _ in demo_assessments() if a.id == demo_id)
    return found.model_dump(mode="json", include=set(COPIED_PARTS))


def _dated(content: dict[str, Any], dues: list[str], follow_up: str) -> dict[str, Any]:
    actions = [{**action, "due": due} for action, due in zip(content["actions"], dues,
                                                              strict=True)]
    return {**content, "actions": actions, "follow_up": {"due": follow_up}}


def service_at(store: Path, clock: Clock) -> AssessmentService:
    return AssessmentService.for_folder(store, load_directory(LOCAL_USERS), clock,
                                        approve_with_context=False)


def build_store(store: Path) -> Clock:
    """Write the seven assessments; returns the clock (left at the last act)."""
    clock = Clock()
    service = service_at(store, clock)
    officer, reviewer = service.user("demo-officer"), service.user("demo-reviewer")
    booking, rooms, library = (_content(f"demo-{name}") for name in (
        "digital-booking", "changing-rooms", "branch-library"))

    def make(key: str, created: str, content: dict[str, Any], approved: str | None = None,
             results: list[tuple[str, str]] | None = None, recorded: str = "") -> None:
        clock.at(created)
        made = service.create(officer, key, question_set=QuestionSetRef(**QUESTION_SET))
        service.update(officer, key, expected_revision=made.revision, changes=content)
        if approved is None:
            return
        service.submit(officer, key)
        clock.at(approved)
        done = service.approve(reviewer, key)
        if results is not None:
            clock.at(recorded)
            service.record_follow_up(officer, FollowUpRecord(
                id=key, assessment_revision=done.revision, results=[
                    {"action_id": action, "result": result} for action, result in results]))

    make("rooms-2025", "2025-02-03", _dated(rooms, ["2025-06-01", "2025-09-01"], "2025-11-01"),
         "2025-03-03", [("golv-till-tak", "done"), ("skyltar", "not_done")], "2025-11-15")
    bare = {**booking, "evidence": {**booking["evidence"], "gaps": [], "context_figures": []}}
    make("booking-2025", "2025-04-01", _dated(
        bare, ["2025-08-01", "2025-08-01", "2025-10-01", "2026-02-01"], "2026-03-01"),
        "2025-05-02")
    make("library-2025", "2025-10-01", library)
    make("booking-2026", "2026-01-10", _dated(
        booking, ["2026-06-01", "2026-06-01", "2027-02-15", "2026-09-01"], "2027-03-01"),
        "2026-02-10")
    make("rooms-2026", "2026-03-01", _dated(rooms, ["2026-05-01", "2026-07-01"], "2026-10-01"),
         "2026-04-01", [("golv-till-tak", "done"), ("skyltar", "changed")], "2026-10-15")
    make("library-2026", "2026-06-01", library)
    make("library-2026b", "2026-08-01", library)
    return clock


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-counted store, written once for a module's tests (each test copies it)."""
    store = tmp_path_factory.mktemp("report") / "store"
    build_store(store)
    return store
