"""Problems found in a file a person wrote or edited, each pointing at where to look."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict


class Problem(BaseModel):
    """One thing wrong with an input: which file, which line, which field, what and why."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int | None = None
    field: str = ""
    code: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message} ({self.code})"


class ProblemsError(ValueError):
    """Raised with every problem found, not just the first, so one edit can fix them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def field_path(loc: Sequence[str | int]) -> str:
    """Render a pydantic error location as `sections[2].questions[0].text.sv`."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path
