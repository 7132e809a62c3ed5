"""The workflow and roles, enforced in the core: every transition a role forbids is refused.

An independent table below says who may do what in which status; every combination of step,
user and status is tried through the services, and each forbidden one must be refused with the
rule it breaks while nothing is saved. A few are tried through the CLI too, with its exit code.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eia.cli import EXIT_FORBIDDEN, main
from eia.demo import demo_assessments
from eia.errors import ForbiddenError, InvalidInputError
from eia.model import Assessment, Status, Step, Verdict
from eia.services.assessments import COPIED_PARTS, AssessmentService
from eia.storage.memory import MemoryBackend
from eia.store import Store
from eia.users import Directory, Role, User

ORG = "helsingborg"


def person(user_id: str, *roles: Role, organisation: str = ORG) -> User:
    return User(id=user_id, name=user_id.replace("-", " ").title(), roles=frozenset(roles),
                organisation=organisation)


PEOPLE = {
    "officer": person("officer", Role.case_officer),
    "colleague": person("colleague", Role.case_officer),
    "reviewer": person("reviewer", Role.reviewer),
    "editing-reviewer": person("editing-reviewer", Role.case_officer, Role.reviewer),
    "reader": person("reader", Role.reader),
    "strategist": person("strategist", Role.strategy),
    "admin": person("admin", Role.admin),
    "other-city-reviewer": person("other-city-reviewer", Role.reviewer, organisation="malmo"),
}
DIRECTORY = Directory(users=list(PEOPLE.values()))
DEMO = demo_assessments()[0][0]
CONTENT = DEMO.model_dump(include=set(COPIED_PARTS))
"""The digital booking demo's answers: complete under its set, so no blocker stops a
submission."""

STEPS = ("edit", "submit", "return", "approve", "archive", "reopen", "judge", "reply", "attach")
SITUATIONS = (*(status.value for status in Status), "unanswered")
"""Each status, and one more: in review again while a "must correct" stands unanswered (its
officer resubmitted without answering)."""
STATUS_OF = {**{status.value: status for status in Status}, "unanswered": Status.in_review}
JUDGED_STEP = Step.consultation


def png() -> bytes:
    """A real one-pixel PNG, built here so the test needs no file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def allowed(step: str, who: str, situation: str) -> bool:
    """Who may do what, written out apart from the code under test."""
    status = STATUS_OF[situation]
    officer = who in ("officer", "editing-reviewer")  # editing-reviewer is a second officer
    reviewer_apart = who == "reviewer"  # the other reviewers wrote it or work elsewhere
    match step:
        case "edit" | "submit" | "attach":
            return officer and status in (Status.draft, Status.returned)
        case "reply":  # a returned assessment always has a comment to answer here
            return officer and status is Status.returned
        case "return" | "judge":
            return reviewer_apart and status is Status.in_review
        case "approve":
            return reviewer_apart and situation == "in_review"
        case "archive":
            return (officer or who == "admin") and status is Status.approved
        case "reopen":
            return (officer or who == "admin") and status in (Status.approved, Status.archived)
    raise AssertionError(step)


def service() -> AssessmentService:
    return AssessmentService(Store(MemoryBackend(), MemoryBackend()), DIRECTORY)


def in_status(situation: Status | str) -> tuple[AssessmentService, Assessment]:
    """A fresh assessment taken to a situation by the people allowed to."""
    svc = service()
    officer, reviewer = PEOPLE["officer"], PEOPLE["reviewer"]
    first = svc.create(officer, "ny-bokning", question_set=DEMO.question_set)
    first = svc.update(officer, first.id, expected_revision=1, changes={
        **CONTENT, "officers": [officer.ref(), PEOPLE["editing-reviewer"].ref()]})

    def judged() -> Assessment:
        return svc.judge(reviewer, first.id, JUDGED_STEP, Verdict.must_correct,
                         "Say what the pensioners' council said.")

    def submitted() -> Assessment:
        return svc.submit(officer, first.id)

    steps: dict[str, list[Callable[[], Assessment]]] = {
        "draft": [],
        "in_review": [submitted],
        "returned": [submitted, judged],
        "approved": [submitted, lambda: svc.approve(reviewer, first.id)],
        "archived": [submitted, lambda: svc.approve(reviewer, first.id),
                     lambda: svc.archive(officer, first.id)],
        "unanswered": [submitted, judged, submitted],
    }
    key = situation.value if isinstance(situation, Status) else situation
    current = first
    for step in steps[key]:
        current = step()
    assert current.status is STATUS_OF[key]
    return svc, current


def attempt(svc: AssessmentService, step: str, user: User, assessment: Assessment) -> Any:
    match step:
        case "edit":
            return svc.update(user, assessment.id, expected_revision=assessment.revision,
                              changes={"conclusion": {"summary": f"edited by {user.id}"}})
        case "submit":
            return svc.submit(user, assessment.id)
        case "return":
            return svc.return_for_changes(user, assessment.id, note="Describe the phone line.")
        case "approve":
            return svc.approve(user, assessment.id, sign_off_role="Head of unit")
        case "archive":
            return svc.archive(user, assessment.id)
        case "reopen":
            return svc.reopen(user, assessment.id)
        case "judge":
            return svc.judge(user, assessment.id, Step.actions, Verdict.to_improve,
                             "Name who answers the phone line.")
        case "reply":
            return svc.reply(user, assessment.id, JUDGED_STEP, "Added what the council said.")
        case "attach":
            return svc.attach(user, assessment.id, png(), "minnesanteckningar.png")
    raise AssertionError(step)


CASES = list(product(STEPS, PEOPLE, SITUATIONS))
FORBIDDEN = [case for case in CASES if not allowed(*case)]


def test_the_table_forbids_most_and_allows_some() -> None:
    assert len(CASES) == 9 * 8 * 6 == 432
    assert len(FORBIDDEN) == 432 - 28  # the 28 allowed combinations of the table above


@pytest.mark.parametrize(("step", "who", "situation"), FORBIDDEN,
                         ids=[f"{s}-{w}-{st}" for s, w, st in FORBIDDEN])
def test_every_forbidden_transition_is_refused_and_changes_nothing(
        step: str, who: str, situation: str) -> None:
    svc, before = in_status(situation)
    with pytest.raises(ForbiddenError) as refused:
        attempt(svc, step, PEOPLE[who], before)
    assert refused.value.rule  # named, e.g. "reviewer-wrote-it"
    assert svc.store.get(before.id) == before


ALLOWED = [case for case in CASES if allowed(*case)]


@pytest.mark.parametrize(("step", "who", "situation"), ALLOWED,
                         ids=[f"{s}-{w}-{st}" for s, w, st in ALLOWED])
def test_every_allowed_transition_goes_through(step: str, who: str, situation: str) -> None:
    svc, before = in_status(situation)
    after = attempt(svc, step, PEOPLE[who], before)
    assert after.revision == before.revision + 1
    assert after.history[-1].by == PEOPLE[who].ref()


@pytest.mark.parametrize(("who", "rule"), [
    ("editing-reviewer", "reviewer-wrote-it"),
    ("officer", "needs-reviewer"),
    ("reader", "needs-reviewer"),
    ("other-city-reviewer", "other-organisation"),
    ("admin", "needs-reviewer"),
])
def test_each_refusal_names_its_rule(who: str, rule: str) -> None:
    svc, review = in_status(Status.in_review)
    with pytest.raises(ForbiddenError) as refused:
        svc.approve(PEOPLE[who], review.id)
    assert refused.value.rule == rule
    assert f"[{rule}]" in str(refused.value)


def test_submitting_is_refused_while_a_blocker_stands() -> None:
    svc = service()
    officer = PEOPLE["officer"]
    blank = svc.create(officer, "tomt-forslag")
    with pytest.raises(ForbiddenError) as refused:
        svc.submit(officer, blank.id)
    assert refused.value.rule == "blockers-stand"
    assert "screen" in str(refused.value).lower()


def test_a_reviewer_who_edited_an_earlier_revision_may_not_approve() -> None:
    svc, draft = in_status(Status.draft)
    editing_reviewer = PEOPLE["editing-reviewer"]
    svc.update(editing_reviewer, draft.id, expected_revision=draft.revision,
               changes={"officers": [editing_reviewer.ref()]}, note="takes it over")
    svc.submit(editing_reviewer, draft.id)
    with pytest.raises(ForbiddenError, match="wrote or edited"):
        svc.approve(editing_reviewer, draft.id)


def test_a_return_must_say_what_to_change() -> None:
    svc, review = in_status(Status.in_review)
    with pytest.raises(InvalidInputError, match="what must change"):
        svc.return_for_changes(PEOPLE["reviewer"], review.id, note=" ")


def test_reading_is_limited_to_the_organisation_unless_strategy() -> None:
    svc, draft = in_status(Status.draft)
    with pytest.raises(ForbiddenError, match="other-organisation"):
        svc.get(PEOPLE["other-city-reviewer"], draft.id)
    assert svc.list(PEOPLE["other-city-reviewer"]).items == []
    assert [s.id for s in svc.list(PEOPLE["strategist"]).items] == [draft.id]
    assert svc.get(PEOPLE["reader"], draft.id).assessment == draft


def test_a_copy_takes_the_answers_and_evidence_but_not_people_review_or_history() -> None:
    svc, done = in_status(Status.approved)
    copy = svc.create(PEOPLE["colleague"], "ny-bokning-2028", copy_from=done.id)
    assert copy.answers == done.answers and copy.evidence == done.evidence
    assert [o.id for o in copy.officers] == ["colleague"]
    assert copy.status is Status.draft and copy.sign_off is None
    assert [e.kind.value for e in copy.history] == ["created"]
    assert copy.history[0].note == f"copy of {done.id}"


def test_work_lists_show_each_user_what_waits_for_them() -> None:
    svc, review = in_status(Status.in_review)
    svc.create(PEOPLE["officer"], "eget-utkast")
    officer_lists = svc.work_lists(PEOPLE["officer"])
    assert [s.id for s in officer_lists.my_drafts] == ["eget-utkast"]
    assert [s.id for s in svc.work_lists(PEOPLE["reviewer"]).waiting_for_my_review] == [
        review.id]
    assert svc.work_lists(PEOPLE["editing-reviewer"]).waiting_for_my_review == []
    svc.return_for_changes(PEOPLE["reviewer"], review.id, note="Describe the phone line.")
    assert [s.id for s in svc.work_lists(PEOPLE["officer"]).returned_to_me] == [review.id]


def test_follow_up_is_due_after_its_date_until_it_is_recorded() -> None:
    from datetime import date

    from eia.model import FollowUpRecord

    svc, done = in_status(Status.approved)
    due = done.follow_up.due
    assert due is not None
    officer = PEOPLE["officer"]
    assert svc.work_lists(officer, today=due).follow_up_due[0].id == done.id
    assert svc.work_lists(officer, today=date.fromordinal(due.toordinal() - 1)).follow_up_due \
        == []
    svc.record_follow_up(officer, FollowUpRecord(id=done.id,
                                                 assessment_revision=done.revision,
                                                 outcome_held=True))
    assert svc.work_lists(officer, today=due).follow_up_due == []
    assert svc.store.get(done.id) == done


# --- the same from the shell ------------------------------------------------------------------


def run(folder: Path, *args: str) -> Any:
    return CliRunner().invoke(main, [*args, "--dir", str(folder)])


def test_a_demo_goes_through_the_whole_workflow_from_the_shell(tmp_path: Path) -> None:
    folder = tmp_path / "assessments"
    assert run(folder, "demo").exit_code == 0
    steps = [
        ("submit", "demo-branch-library", "demo-officer", "in_review"),
        ("return", "demo-branch-library", "demo-reviewer", "returned"),
        ("submit", "demo-branch-library", "demo-officer", "in_review"),
        ("approve", "demo-branch-library", "demo-reviewer", "approved"),
        ("reopen", "demo-branch-library", "demo-officer", "draft"),
    ]
    for step, assessment_id, who, status in steps:
        extra = ["--note", "Describe the mobile library."] if step == "return" else []
        result = run(folder, "assessments", step, assessment_id, "--as", who, *extra)
        assert result.exit_code == 0, result.output
        assert f"now {status}" in result.stdout
    history = run(folder, "assessments", "history", "demo-branch-library")
    kinds = [line.split("\t")[2] for line in history.stdout.splitlines()]
    assert kinds == ["created", "saved", "submitted", "returned", "submitted", "approved",
                     "reopened"]


@pytest.mark.parametrize(("step", "assessment_id", "who", "rule"), [
    ("approve", "demo-digital-booking", "demo-officer", "needs-reviewer"),
    ("approve", "demo-digital-booking", "demo-reader", "needs-reviewer"),
    ("return", "demo-branch-library", "demo-reviewer", "wrong-status"),
    ("submit", "demo-digital-booking", "demo-colleague", "not-an-officer"),
    ("reopen", "demo-changing-rooms", "demo-reviewer", "needs-case-officer"),
    ("archive", "demo-branch-library", "demo-officer", "wrong-status"),
    ("approve", "demo-changing-rooms", "demo-reviewer", "wrong-status"),
])
def test_the_shell_refuses_what_the_role_forbids_with_exit_code_6(
        tmp_path: Path, step: str, assessment_id: str, who: str, rule: str) -> None:
    folder = tmp_path / "assessments"
    assert run(folder, "demo").exit_code == 0
    before = (folder / f"{assessment_id}.json").read_bytes()
    result = run(folder, "assessments", step, assessment_id, "--as", who, "--note", "x")
    assert result.exit_code == EXIT_FORBIDDEN, result.output
    assert f"[{rule}]" in result.stderr and "Traceback" not in result.output
    assert (folder / f"{assessment_id}.json").read_bytes() == before


def test_an_approved_revision_keeps_the_score_it_was_approved_with(
        monkeypatch: pytest.MonkeyPatch) -> None:
    svc, done = in_status(Status.approved)
    reader = PEOPLE["reader"]
    kept = svc.score(reader, done.id)
    assert kept.as_approved
    assert kept.result.model_dump(mode="json") == done.approved_result

    def changed_rules(*_: object, **__: object) -> None:
        raise AssertionError("an approved revision is not scored again")

    monkeypatch.setattr("eia.services.scoring.score", changed_rules)
    assert svc.score(reader, done.id).result == kept.result
    with pytest.raises(AssertionError, match="not scored again"):
        svc.score(reader, done.id, rescore=True)
