"""Collects scenario files: answered assessments in YAML with the outcome and flags they must get.

Each `*.yaml` here holds a list of scenarios. A failure names the file, the scenario and every
expectation that was not met, so the scenarios document the rules better than prose.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

from eia.context.findings import GroupGap
from eia.flags import FlagCode
from eia.model import Assessment, Direction, Ground, Level, Outcome
from eia.questions import get_question_set
from eia.rules import Result, score


class GroundExpectation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    direction: Direction | None = None
    inherent: Level | None = None
    residual: Level | None = None


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recommended_outcome: Outcome | None = None
    flags: list[FlagCode] = Field(default_factory=list)
    not_flags: list[FlagCode] = Field(default_factory=list)
    grounds: dict[Ground, GroundExpectation] = Field(default_factory=dict)
    recorded: list[str] | None = None
    """The answered questions no rule reads, listed as recorded, not scored (engine 2)."""


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    rationale: str = ""
    """Why practice expects this result: the two lines a practitioner would say."""
    question_set: dict[str, str] = Field(
        default_factory=lambda: {"id": "helsingborg", "version": "1.0"})
    assessment: dict[str, Any]
    context: list[GroupGap] = Field(default_factory=list)
    expect: Expectation
    xfail: str | None = None
    """Practice expects this, the rules do not give it yet: the reason, and the change that would
    fix it. Marked strict, so the scenario fails loudly once the rules agree."""


def unmet(scenario: Scenario, result: Result) -> list[str]:
    """Every expectation the result does not meet, as readable lines."""
    expect, misses = scenario.expect, []
    got = result.recommended_outcome.value
    if expect.recommended_outcome and got is not expect.recommended_outcome:
        misses.append(f"outcome: expected {expect.recommended_outcome.value}, got {got.value} "
                      f"({result.recommended_outcome.trace.reason.en})")
    codes = {flag.code for flag in result.flags}
    misses += [f"flag {code.value} expected but not raised (raised: {sorted(codes)})"
               for code in expect.flags if code not in codes]
    misses += [f"flag {code.value} raised but must not be: "
               f"{next(f.reason.en for f in result.flags if f.code is code)}"
               for code in expect.not_flags if code in codes]
    if expect.recorded is not None and result.recorded != expect.recorded:
        misses.append(f"recorded, not scored: expected {expect.recorded}, got {result.recorded}")
    for ground, wanted in expect.grounds.items():
        actual = result.ground(ground)
        for field, value in wanted.model_dump(exclude_none=True).items():
            figure = getattr(actual, field)
            if figure.value != value:
                misses.append(f"{ground.value}.{field}: expected {value}, got {figure.value} "
                              f"({figure.trace.reason.en})")
    return misses


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        refs = self.scenario.question_set
        assessment = Assessment.model_validate(
            {"id": "scenario", "question_set": refs, **self.scenario.assessment})
        result = score(assessment, get_question_set(refs["id"], refs["version"]),
                       self.scenario.context)
        misses = unmet(self.scenario, result)
        if misses:
            raise ScenarioMismatchError(misses)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioMismatchError):
            return f"scenario {self.name!r} in {self.path.name}:\n  " + "\n  ".join(
                excinfo.value.args[0])
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


class ScenarioMismatchError(Exception):
    pass


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[ScenarioItem]:
        for raw in yaml.safe_load(self.path.read_text(encoding="utf-8")):
            scenario = Scenario.model_validate(raw)
            item = ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)
            if scenario.xfail:
                item.add_marker(pytest.mark.xfail(strict=True, reason=scenario.xfail))
            yield item


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> ScenarioFile | None:
    if file_path.suffix == ".yaml" and file_path.parent == Path(__file__).parent:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None
