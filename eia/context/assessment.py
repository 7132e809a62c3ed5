"""The context an assessment is scored with: the figures for its areas, per relevant ground."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict

from eia.context.db import connect, database_path
from eia.context.findings import GroupGap
from eia.context.model import CITY, GroundContext, SuppressionPolicy
from eia.context.queries import context_for, group_gaps
from eia.model import Assessment, Ground


class AssessmentContext(BaseModel):
    """The figures beside an assessment, the areas they are for, and names no area matched."""

    model_config = ConfigDict(frozen=True)

    areas: list[str]
    unmatched: list[str]
    grounds: list[GroundContext]

    def findings(self) -> list[GroupGap]:
        return [gap for ground in self.grounds for gap in group_gaps(ground)]


def _folded(text: str) -> str:
    """'Drottninghög' and 'drottninghog' match, as a person typing would expect."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def resolve_areas(con: duckdb.DuckDBPyConnection,
                  names: Sequence[str]) -> tuple[list[str], list[str]]:
    """Area ids for the names an officer wrote (by id or name); the city when none match."""
    rows = con.execute("SELECT id, name FROM areas ORDER BY id").fetchall()
    by_key = {_folded(key): area_id for area_id, name in rows for key in (area_id, name)}
    found: list[str] = []
    unmatched: list[str] = []
    for name in names:
        key = _folded(name)
        contained = [folded for folded in by_key if folded and folded in key]
        match = by_key.get(key) or (by_key[max(contained, key=len)] if contained else None)
        if match is None:
            unmatched.append(name)
        elif match not in found:
            found.append(match)
    return found or [CITY], unmatched


def assessment_context(con: duckdb.DuckDBPyConnection, assessment: Assessment,
                       policy: SuppressionPolicy | None = None) -> AssessmentContext:
    """Context for every ground the assessment has not validly screened out."""
    areas, unmatched = resolve_areas(con, assessment.decision.affected_areas)
    grounds = [context_for(con, ground, areas, policy=policy or SuppressionPolicy())
               for ground in Ground if assessment.is_relevant(ground)]
    return AssessmentContext(areas=areas, unmatched=unmatched, grounds=grounds)


def load_context(assessment: Assessment, db_path: Path | None = None) -> AssessmentContext | None:
    """The context for an assessment when a context database has been built, else None."""
    path = db_path or database_path()
    if not path.is_file():
        return None
    con = connect(path, read_only=True)
    try:
        return assessment_context(con, assessment)
    finally:
        con.close()
