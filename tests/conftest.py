"""Fixtures several test modules share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eia.context.build import build

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def context_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sources (real 2021 figures, areas, synthetic demo) built once per run."""
    db_path = tmp_path_factory.mktemp("context") / "context.duckdb"
    build(REPO / "data" / "sources", db_path)
    return db_path


@pytest.fixture(autouse=True, scope="session")
def no_project_question_set_versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Drafts or versions published in the checkout itself never change what a test reads
    (a published 1.2 would become every test's newest version)."""
    folder = tmp_path_factory.mktemp("question-sets")
    patch = pytest.MonkeyPatch()
    patch.setenv("EIA_QUESTION_SET_DRAFTS", str(folder / "drafts"))
    patch.setenv("EIA_QUESTION_SETS_PUBLISHED", str(folder / "published"))
    yield
    patch.undo()
