"""Named, ordered migrations that bring a saved assessment up to the current schema version.

A saved revision is never rewritten: its bytes stay as they were (statements fingerprint them).
Migrations run on reading, and the next save writes the current version. Each migration is a
pure function from one version's JSON to the next, with a name and a test of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Document = dict[str, Any]


@dataclass(frozen=True)
class Migrated:
    """The assessment at the current version, and a follow-up record the old file held."""

    assessment: Document
    follow_up: Document | None


@dataclass(frozen=True)
class Migration:
    source: int
    name: str
    apply: Callable[[Document], Migrated]


def _person(name: object) -> Document:
    """A name typed before users existed: kept as written, tied to no user."""
    return {"id": None, "name": name}


def users_areas_follow_up(document: Document) -> Migrated:
    """Schema 1 → 2.

    - typed names (case officer, sign-off, the `by` of events) become user references that keep
      the name and name no user;
    - affected areas were free text matched to areas at scoring time, which silently dropped or
      widened places; the text moves to `area_note` and no area is chosen until an officer picks
      them from the list;
    - follow-up results move out of the assessment into a record kept beside it;
    - the organisation stays unknown (empty): such a file is readable by every organisation.
    """
    data = dict(document)
    decision = dict(data.get("decision") or {})
    officer = decision.pop("case_officer", "")
    data["officers"] = [_person(officer)] if isinstance(officer, str) and officer.strip() else []
    areas = decision.pop("affected_areas", []) or []
    if areas:
        decision["area_note"] = ", ".join(str(area) for area in areas)
    decision["affected_areas"] = []
    data["decision"] = decision
    sign_off = data.get("sign_off")
    if isinstance(sign_off, dict) and "name" in sign_off:
        sign_off = dict(sign_off)
        sign_off["by"] = _person(sign_off.pop("name"))
        data["sign_off"] = sign_off
    data["history"] = [{**event, "by": _person(event.get("by"))} if isinstance(event, dict)
                       else event for event in data.get("history") or []]
    follow_up = dict(data.get("follow_up") or {})
    data["follow_up"] = {"due": follow_up.pop("due", None)}
    record = None
    if follow_up.get("results") or follow_up.get("comment") or follow_up.get("outcome_held") \
            is not None:
        record = {"schema_version": 2, "id": data.get("id"),
                  "assessment_revision": data.get("revision") or 1,
                  "results": follow_up.get("results") or [],
                  "outcome_held": follow_up.get("outcome_held"),
                  "comment": follow_up.get("comment") or ""}
    data["schema_version"] = 2
    return Migrated(assessment=data, follow_up=record)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(source=1, name="users-areas-follow-up", apply=users_areas_follow_up),
)


def migrate_with_follow_up(document: Any) -> Migrated:
    """Apply every migration the document's version needs, in order.

    Anything that is not an object of a known older version passes through unchanged, so the
    model's own validation reports it with its field.
    """
    if not isinstance(document, dict):
        return Migrated(assessment=document, follow_up=None)
    follow_up = None
    for migration in MIGRATIONS:
        if document.get("schema_version") == migration.source:
            step = migration.apply(document)
            document, follow_up = step.assessment, step.follow_up or follow_up
    return Migrated(assessment=document, follow_up=follow_up)


def migrate(document: Any) -> Any:
    return migrate_with_follow_up(document).assessment

