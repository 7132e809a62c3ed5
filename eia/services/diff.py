"""What changed between two revisions of an assessment: answers, score and flags, and who.

Pure: two assessments and their scores in, a list of changes out. Each change names its place
by a path a reader can follow (`answers.age.digital_exclusion`, `impacts.age.direction`,
`actions[a1].owner`, `answers.age.digital_exclusion#note` for an answer's note). Empty values
(nothing, "", an empty list) count as absent, so filling in a field reads as "added".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, JsonValue

from eia.model import Assessment, Event, UserRef
from eia.rules import Result

DIFFED_PARTS = ("status", "decision", "screening", "evidence", "impacts", "answers",
                "perspectives", "alternatives", "cumulative", "previous", "consultations",
                "actions", "conclusion", "follow_up", "officers", "judgements", "attachments")
"""Everything an officer or a reviewer changes; the history and revision number are shown apart."""

_KEYS = ("id",)
"""What names an item of a list: an action by its id; items without one go by their place.
Judgements (by number) and attachments (by SHA-256) are shown one line each."""

ChangeKind = Literal["added", "removed", "changed"]


class Change(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    kind: ChangeKind
    before: JsonValue = None
    after: JsonValue = None


class RevisionDiff(BaseModel):
    """The changes from revision `before` to revision `after`, with who made the later one."""

    model_config = ConfigDict(frozen=True)

    id: str
    before: int
    after: int
    by: UserRef | None
    at: datetime | None
    events: list[Event]
    """What happened in between, oldest first (the revisions after `before`, up to `after`)."""
    changes: list[Change]
    """Content, judgements and attachments."""
    score: list[Change]
    """The recommended outcome, each ground's direction and levels, and the flags."""

    def items(self) -> list[dict[str, Any]]:
        """Every change as a plain object for `--json`: first the revisions themselves (path
        `revision`, the later one with who made it and when), then content, then the score."""
        later = {"revision": self.after, "by": self.by.model_dump(mode="json") if self.by
                 else None, "at": self.at.isoformat() if self.at else None}
        head = Change(path="revision", kind="changed", before={"revision": self.before},
                      after=later)
        return [change.model_dump(mode="json") for change in [head, *self.changes, *self.score]]


def flatten(value: Any, path: str = "") -> dict[str, JsonValue]:
    """Leaves by path; lists of named items by name, lists of plain values kept whole."""
    if _empty(value):
        return {}
    if isinstance(value, dict):
        leaves: dict[str, JsonValue] = {}
        for key, item in value.items():
            leaves.update(flatten(item, f"{path}.{key}" if path else str(key)))
        return leaves
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        leaves = {}
        for place, item in enumerate(value):
            leaves.update(flatten(item, f"{path}[{_name(item, place)}]"))
        return leaves
    return {path: value}


def _name(item: Any, place: int) -> str:
    if isinstance(item, dict):
        for key in _KEYS:
            if not _empty(item.get(key)):
                return str(item[key])
    return str(place)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _content(assessment: Assessment) -> dict[str, JsonValue]:
    data = assessment.model_dump(mode="json", include=set(DIFFED_PARTS) - {
        "answers", "judgements", "attachments"})
    leaves = flatten(data)
    for question_id, answer in assessment.answers.items():  # the question id keeps its dots
        leaves.update(flatten(answer.value, f"answers.{question_id}"))
        leaves.update(flatten(answer.note, f"answers.{question_id}#note"))
    for judgement in assessment.judgements:  # one line each, and the officer's reply
        path = f"judgements[{judgement.number}]"
        leaves[path] = (f"{judgement.step.value}: {judgement.verdict.value}"
                        + (f" – {judgement.comment}" if judgement.comment else ""))
        leaves.update(flatten(judgement.reply, f"{path}.reply"))
    for attachment in assessment.attachments:
        leaves[f"attachments[{attachment.sha256[:12]}]"] = (
            f"{attachment.name} ({attachment.type.value}, {attachment.size} bytes)")
    return leaves


def _score(result: Result) -> dict[str, JsonValue]:
    leaves: dict[str, JsonValue] = {"score.recommended_outcome":
                                    result.recommended_outcome.value.value}
    for ground in result.grounds:
        prefix = f"score.{ground.ground.value}"
        leaves[f"{prefix}.screening"] = ground.screening.value.value
        leaves[f"{prefix}.direction"] = (ground.direction.value.value
                                         if ground.direction.value else None)
        leaves[f"{prefix}.level_before_actions"] = ground.inherent.value.value
        leaves[f"{prefix}.level_after_actions"] = ground.residual.value.value
    for flag in result.flags:
        subject = f".{flag.subject.value}" if flag.subject else ""
        leaves[f"flags.{flag.code.value}{subject}"] = flag.severity.value
    leaves["score.unanswered"] = sorted(result.unanswered)
    return {path: value for path, value in leaves.items() if not _empty(value)}


def compare(before: dict[str, JsonValue], after: dict[str, JsonValue]) -> list[Change]:
    """The leaves added, removed and changed, in path order."""
    changes = []
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        if path not in before:
            changes.append(Change(path=path, kind="added", after=new))
        elif path not in after:
            changes.append(Change(path=path, kind="removed", before=old))
        elif old != new:
            changes.append(Change(path=path, kind="changed", before=old, after=new))
    return changes


def revision_diff(before: Assessment, after: Assessment, score_before: Result,
                  score_after: Result) -> RevisionDiff:
    """The diff of two revisions of one assessment, given each one's score."""
    if before.id != after.id:
        raise ValueError(f"cannot compare {before.id!r} with {after.id!r}: not one assessment")
    last = after.history[-1] if after.history else None
    return RevisionDiff(
        id=after.id, before=before.revision, after=after.revision,
        by=last.by if last else None, at=last.at if last else None,
        events=[event for event in after.history if event.revision > before.revision],
        changes=compare(_content(before), _content(after)),
        score=compare(_score(score_before), _score(score_after)))
