"""A review round in the core: judgements per step, "must correct" returns, the officer answers,
approval waits for the answers, and everything is in the history with who and when."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eia.demo import write_demo_assessments
from eia.errors import ForbiddenError, InvalidInputError
from eia.model import Assessment, EventKind, Status, Step, Verdict
from eia.services.assessments import AssessmentService
from tests.test_workflow import PEOPLE, in_status

OFFICER, REVIEWER = PEOPLE["officer"], PEOPLE["reviewer"]


def test_a_whole_review_round_returns_is_corrected_and_approved() -> None:
    svc, review = in_status(Status.in_review)
    judged_at = review.revision

    returned = svc.judge_steps(REVIEWER, review.id, [
        (Step.decision, Verdict.acceptable, ""),
        (Step.consultation, Verdict.must_correct, "Say what the pensioners' council said."),
        (Step.actions, Verdict.to_improve, "Name who answers the phone line."),
    ])

    assert returned.status is Status.returned
    assert [j.step for j in returned.standing_must_correct()] == [Step.consultation]
    assert [j.step for j in returned.comments_to_answer()] == [Step.consultation, Step.actions]
    assert {j.revision for j in returned.judgements} == {judged_at}
    assert [(e.kind, e.by.id) for e in returned.history[-2:]] == [
        (EventKind.judged, "reviewer"), (EventKind.returned, "reviewer")]
    assert returned.history[-1].note == "must correct: consultation"
    assert svc.work_lists(OFFICER).returned_to_me[0].comments_to_answer == 2

    consultations = [c.model_dump() for c in returned.consultations]
    consultations[0]["what_they_said"] = "Rådet vill kunna ringa och boka."
    corrected = svc.update(OFFICER, review.id, expected_revision=returned.revision,
                           changes={"consultations": consultations})
    svc.reply(OFFICER, review.id, Step.consultation, "Added what the council said.")
    answered = svc.reply(OFFICER, review.id, Step.actions, "The contact centre's manager.")
    assert answered.standing_must_correct() == [] and answered.comments_to_answer() == []
    assert answered.judgements[1].replied_by == OFFICER.ref()
    resubmitted = svc.submit(OFFICER, review.id)

    since = svc.since_judgement(REVIEWER, review.id, use_context=False)
    assert since is not None and since.before == judged_at
    paths = {change.path: change for change in since.changes}
    assert paths["consultations[0].what_they_said"].after == "Rådet vill kunna ringa och boka."
    assert paths["judgements[2].reply"].after == "Added what the council said."
    assert "status" not in paths  # in review then and now
    assert corrected.revision < resubmitted.revision

    approved = svc.approve(REVIEWER, review.id)
    assert approved.status is Status.approved
    kinds = [e.kind for e in approved.history if e.revision > judged_at]
    assert kinds == [EventKind.judged, EventKind.returned, EventKind.saved, EventKind.replied,
                     EventKind.replied, EventKind.submitted, EventKind.approved]


def test_approval_is_refused_while_a_must_correct_stands_unanswered() -> None:
    svc, review = in_status("unanswered")
    with pytest.raises(ForbiddenError) as refused:
        svc.approve(REVIEWER, review.id)
    assert refused.value.rule == "must-correct-stands"
    assert "consultation" in str(refused.value)
    assert svc.store.get(review.id) == review


def test_a_later_judgement_of_the_step_supersedes_the_must_correct() -> None:
    svc, review = in_status("unanswered")
    svc.judge(REVIEWER, review.id, Step.consultation, Verdict.acceptable, "Fine as it is.")
    assert svc.approve(REVIEWER, review.id).status is Status.approved


@pytest.mark.parametrize("verdict", [Verdict.to_improve, Verdict.must_correct])
@pytest.mark.parametrize("comment", ["", "  "])
def test_a_judgement_short_of_acceptable_must_say_what_to_change(
        verdict: Verdict, comment: str) -> None:
    svc, review = in_status(Status.in_review)
    with pytest.raises(InvalidInputError, match=r"judgement of step 'actions': .*(comment|write)"):
        svc.judge(REVIEWER, review.id, Step.actions, verdict, comment)
    assert svc.store.get(review.id) == review


def test_a_reply_needs_a_comment_to_answer_and_words() -> None:
    svc, returned = in_status(Status.returned)
    with pytest.raises(InvalidInputError, match="no comment on step 'actions'"):
        svc.reply(OFFICER, returned.id, Step.actions, "Nothing was asked.")
    with pytest.raises(InvalidInputError, match="write a reply"):
        svc.reply(OFFICER, returned.id, Step.consultation, " ")
    assert svc.store.get(returned.id) == returned


def test_judgements_are_written_by_the_core_alone() -> None:
    svc, returned = in_status(Status.returned)
    with pytest.raises(InvalidInputError, match="cannot change judgements"):
        svc.update(OFFICER, returned.id, expected_revision=returned.revision,
                   changes={"judgements": []})
    forged = returned.model_copy(update={"judgements": []})
    with pytest.raises(ForbiddenError, match="written-by-workflow"):
        svc.store.save(forged, expected_revision=returned.revision, by=OFFICER.ref())
    assert svc.store.get(returned.id) == returned


def test_reopening_starts_a_new_review_and_the_approved_revision_keeps_its_own() -> None:
    svc, review = in_status("unanswered")
    svc.judge(REVIEWER, review.id, Step.consultation, Verdict.acceptable)
    approved = svc.approve(REVIEWER, review.id)
    reopened = svc.reopen(OFFICER, review.id)
    assert reopened.judgements == []
    assert svc.store.get_revision(review.id, approved.revision).judgements == approved.judgements
    assert len(approved.judgements) == 2


def test_files_saved_before_reviews_existed_still_load() -> None:
    """A schema-2 file written before judgements and attachments existed loads unchanged."""
    _, draft = in_status(Status.draft)
    document = json.loads(draft.to_json())
    del document["judgements"], document["attachments"]
    older = Assessment.from_json(json.dumps(document))
    assert older.judgements == [] and older.attachments == []
    assert older == draft


def test_the_demo_shows_a_review_round_and_a_follow_up(tmp_path: Path) -> None:
    list(write_demo_assessments(tmp_path))
    svc = AssessmentService.for_folder(tmp_path)
    reader = svc.user("demo-reader")
    rooms = svc.get(reader, "demo-changing-rooms").assessment
    assert rooms.status is Status.approved and rooms.standing_must_correct() == []
    must = next(j for j in rooms.judgements if j.verdict is Verdict.must_correct)
    assert must.step is Step.consultation and must.answered and rooms.comments_to_answer() == []
    since = svc.diff(reader, rooms.id, must.revision, rooms.revision, use_context=False)
    added = [c for c in since.changes if c.path.startswith("consultations[2]")]
    assert added and all(change.kind == "added" for change in added)
    record = svc.follow_up(reader, rooms.id)
    assert record is not None and record.outcome_held is True
    assert record.assessment_revision == rooms.revision
    assert record.history[0].at.date() > rooms.follow_up.due  # recorded after its date
    assert svc.work_lists(svc.user("demo-officer"), today=rooms.follow_up.due).follow_up_due \
        == []


def test_the_store_records_only_judgements_and_attachments_and_never_on_an_approved_one() -> None:
    svc, done = in_status(Status.approved)
    with pytest.raises(InvalidInputError, match="not a record"):
        svc.store.record(done.id, EventKind.judged, expected_revision=done.revision,
                         by=REVIEWER.ref(), changes={"status": Status.draft})
    with pytest.raises(ForbiddenError, match="not-editable"):
        svc.store.record(done.id, EventKind.judged, expected_revision=done.revision,
                         by=REVIEWER.ref(), changes={"judgements": []})
    assert svc.store.get(done.id) == done
