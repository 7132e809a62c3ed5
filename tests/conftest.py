"""Fixtures several test modules share."""

from __future__ import annotations

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
