"""A statement's fingerprint is the SHA-256 of the revision's bytes as stored, so it survives
any later change of the model: an issued statement verifies for as long as its revision is kept."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from eia.demo import write_demo_assessments
from eia.i18n import Lang
from eia.model import Assessment
from eia.services.assessments import AssessmentService
from eia.statement.make import Format
from eia.store import store_at
from eia.users import LOCAL_USERS, load_directory


@pytest.fixture
def service(tmp_path: Path) -> AssessmentService:
    list(write_demo_assessments(tmp_path))
    return AssessmentService(store_at(tmp_path), load_directory(LOCAL_USERS))


def test_a_statement_still_verifies_after_the_model_gains_a_field(
        service: AssessmentService, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = service.user("demo-reader")
    statement = service.export(reader, "demo-changing-rooms", Format.md, Lang.en,
                               use_context=False).data
    assert service.verify(statement).ok

    class Grown(Assessment):
        """Tomorrow's model: one more field, with a default."""

        equality_budget: int = 0

    monkeypatch.setattr("eia.store.Assessment", Grown)
    saved = service.get(reader, "demo-changing-rooms")
    assert isinstance(saved.assessment, Grown)
    reserialised = hashlib.sha256(saved.assessment.to_json().encode()).hexdigest()
    assert reserialised != saved.sha256  # hashing today's re-serialisation would have broken it
    assert service.verify(statement).ok
