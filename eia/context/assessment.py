"""The context an assessment is scored with: the figures for its areas, per relevant ground."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict

from eia.context.db import connect, database_path
from eia.context.findings import GroupGap
from eia.context.model import CITY, GroundContext, SuppressionPolicy
from eia.context.queries import context_for, group_gaps
from eia.errors import EiaError
from eia.model import Assessment, Ground


class AssessmentContext(BaseModel):
    """The figures beside an assessment, the areas they are for, and chosen ids no area has."""

    model_config = ConfigDict(frozen=True)

    areas: list[str]
    unmatched: list[str]
    """Area ids the assessment names that the context database does not hold."""
    grounds: list[GroundContext]
    whole_city: bool = False
    """True when the officer chose no area, so the figures are for the city as a whole."""
    area_names: dict[str, str] = {}
    """The name of each area id the database holds, for readers: Drottninghög, not its id."""

    def area_name(self, area_id: str) -> str:
        return self.area_names.get(area_id, area_id)

    def findings(self) -> list[GroupGap]:
        return [gap for ground in self.grounds for gap in group_gaps(ground)]


def area_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every area the database holds, id to name."""
    return dict(con.execute("SELECT id, name FROM areas").fetchall())


def resolve_areas(known: dict[str, str],
                  area_ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """The chosen area ids the database holds, in the order chosen, and those it does not."""
    chosen = list(dict.fromkeys(area_ids))
    return [a for a in chosen if a in known], [a for a in chosen if a not in known]


def chosen_areas(names: dict[str, str],
                 area_ids: Sequence[str]) -> tuple[list[str], list[str], bool]:
    """The areas figures are read for, the chosen ids the database does not hold, and whether
    no area was chosen, so the figures are for the city as a whole."""
    areas, unmatched = resolve_areas(names, area_ids)
    whole_city = not area_ids
    return ([CITY] if whole_city else areas), unmatched, whole_city


def assessment_context(con: duckdb.DuckDBPyConnection, assessment: Assessment,
                       policy: SuppressionPolicy | None = None) -> AssessmentContext:
    """Context for every ground the assessment has not validly screened out."""
    names = area_names(con)
    areas, unmatched, whole_city = chosen_areas(names, assessment.decision.affected_areas)
    grounds = [context_for(con, ground, areas, policy=policy or SuppressionPolicy())
               for ground in Ground if assessment.is_relevant(ground)]
    return AssessmentContext(areas=areas, unmatched=unmatched, grounds=grounds,
                             whole_city=whole_city,
                             area_names={a: names[a] for a in areas if a in names})


class ContextMissingError(EiaError):
    """No context database where one is expected: scoring and export say so, never skip it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"no context database at {path}: build it with `eia data build`, set "
                         "EIA_CONTEXT_DB, or pass --no-context to go without figures")


def load_context(assessment: Assessment, db_path: Path | None = None) -> AssessmentContext:
    """The context for an assessment; ContextMissingError when the database is not built."""
    path = db_path or database_path()
    if not path.is_file():
        raise ContextMissingError(path)
    con = connect(path, read_only=True)
    try:
        return assessment_context(con, assessment)
    finally:
        con.close()
