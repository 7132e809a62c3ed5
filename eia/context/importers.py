"""Turning one resource of a data package into observation rows, or refusing it with every reason.

The readers (`eia.context.readers`) give a table of raw cells; the resource's mapping turns each
row into an observation: codes mapped or checked against the indicators and areas of every package
being built and the fixed breakdown categories, figures parsed with the dialect's decimal mark and
scaled, a missing-value token kept as the row's status. Nothing is recomputed: values and status
flags are kept as published, a missing figure stays NULL with its token (e.g. '..') in `status`,
and each row keeps its upstream codes (and labels, where the file has them) as JSON.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from eia.context.db import DIMENSION_COLUMNS
from eia.context.model import (
    CATEGORIES,
    TOTAL,
    ColumnMap,
    DataPackage,
    Dimension,
    Indicator,
    IndicatorKind,
    Mapping,
    Resource,
)
from eia.context.readers import MAX_PROBLEMS, Problems, RawRow, Table, read_table
from eia.problems import Problem, field_path
from eia.yamlfile import Locations, YamlPath, where


class Observation(NamedTuple):
    """One row of `observations`, in the table's column order (so it can be inserted as is)."""

    indicator: str
    area: str
    period: str
    sex: str
    age_band: str
    birth_region: str
    disability: str
    education: str
    sexual_orientation: str
    gender_identity: str
    value: float | None
    base: int | None
    ci_low: float | None
    ci_high: float | None
    status: str | None
    source: str
    upstream: str


OBSERVATION_COLUMNS = list(Observation._fields)
assert OBSERVATION_COLUMNS[3:10] == DIMENSION_COLUMNS, "Observation must follow db.DDL"

_STANDARD_CODES: dict[Dimension, frozenset[str]] = {
    dimension: frozenset({TOTAL, *(c.code for c in categories)})
    for dimension, categories in CATEGORIES.items()
}
_PERIOD = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.:/–-]{0,39}$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_INTEGER = re.compile(r"^\+?\d{1,12}$")
MAX_BASE = 2**31 - 1
"""The largest base stored (DuckDB's INTEGER); far above any number of respondents."""


# --- What the build knows ---------------------------------------------------------------------


@dataclass
class Catalogue:
    """What a row may refer to (every package being built) and the rows seen so far."""

    indicators: dict[str, Indicator]
    areas: set[str]
    categories: dict[Dimension, frozenset[str]] = field(default_factory=lambda: _STANDARD_CODES)
    """The codes of each breakdown: the standard ones and those the sources declare."""
    seen: dict[tuple[Any, ...], tuple[str, int]] = field(default_factory=dict)
    """(indicator, area, period, breakdowns) -> (file name, row) where it was first seen."""


# --- Cells --------------------------------------------------------------------------------------


def code_text(raw: Any) -> str:
    """An upstream code as text, as the file shows it: a year held as a number reads '2021'."""
    if type(raw) is str:  # nearly every cell: CSV cells are all text
        return raw
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime) and raw.time() == datetime.min.time():
        return raw.date().isoformat()
    if isinstance(raw, (date, datetime)):
        return raw.isoformat()
    return str(raw)


def parse_number(raw: Any, decimal: str) -> float | None:
    """A finite number from a cell, or None if it is not one (text is read with the dialect's
    decimal mark; the other mark is refused, as it may be a thousands separator)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float, Decimal)):
        number = _as_float(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if decimal != ".":
            if "." in text:
                return None
            text = text.replace(decimal, ".")
        if not _NUMBER.fullmatch(text):
            return None
        number = float(text)
    else:
        return None
    return number if math.isfinite(number) else None


def _as_float(raw: int | float | Decimal) -> float:
    """A number as a float; one too large for a float (10**400) is infinite, so refused."""
    try:
        return float(raw)
    except OverflowError:
        return math.inf


def parse_count(raw: Any) -> int | None:
    """A whole number from 0 to MAX_BASE (an unweighted base), or None if the cell is not one."""
    if isinstance(raw, bool):
        return None
    count: int | None = None
    if isinstance(raw, int):
        count = raw
    elif isinstance(raw, (float, Decimal)) and math.isfinite(raw) and raw == int(raw):
        count = int(raw)
    elif isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        count = int(raw.strip())
    return count if count is not None and 0 <= count <= MAX_BASE else None


# --- The mapping --------------------------------------------------------------------------------


_CODE_FIELDS = ("indicator", "area", "period")
_NUMBER_FIELDS = ("value", "base", "ci_low", "ci_high")


@dataclass(frozen=True)
class _Target:
    """One of our fields: where it comes from and whether its codes still need checking."""

    name: str
    source: ColumnMap
    index: int | None
    """The column's position in the table; None for a constant."""
    checked: bool
    """True when every value it can take was checked up front (a constant, or a map's codes)."""


class _Mapper:
    """Applies a resource's mapping to raw rows; one per resource."""

    def __init__(self, package: DataPackage, resource: Resource, table: Table,
                 catalogue: Catalogue, problems: Problems) -> None:
        self.package, self.resource, self.table = package, resource, table
        self.catalogue, self.problems = catalogue, problems
        self.mapping: Mapping = resource.eia.mapping
        self.missing = set(resource.schema_.missing_values)
        self.decimal = resource.dialect.decimal
        self.index = {name: position for position, name in enumerate(table.columns)}
        self.skips = [(self.index[column], set(codes))
                      for column, codes in self.mapping.skip.items() if column in self.index]
        self.targets = {name: self._target(name, source)
                        for name, source in self._sources().items()}
        self.codes = [self.targets[name] for name in _CODE_FIELDS]
        self.dimensions = [self.targets.get(dimension.value) for dimension in Dimension]
        # the row's upstream codes: every column but those stored in a column of their own
        own = {self.targets[n].index for n in (*_NUMBER_FIELDS, "status") if n in self.targets}
        self.upstream = [(name, position, table.labels.get(name))
                         for position, name in enumerate(table.columns) if position not in own]
        self.file_name = Path(table.file).name
        self.source_id = package.eia.source.id
        self.mapped = [target for target in self.targets.values()
                       if target.index is not None and target.source.map is not None
                       and target.name in (*_CODE_FIELDS, *DIMENSION_COLUMNS)]
        self.unmapped: dict[str, dict[str, str]] = {}
        """Codes found in no map, per our field, with their upstream labels."""

    def _sources(self) -> dict[str, ColumnMap]:
        mapping = self.mapping
        found: dict[str, ColumnMap] = {"indicator": mapping.indicator, "area": mapping.area,
                                       "period": mapping.period, "value": mapping.value}
        for name in ("base", "ci_low", "ci_high", "status"):
            if (source := getattr(mapping, name)) is not None:
                found[name] = source
        if "status" not in found and self.table.status_column:
            found["status"] = ColumnMap(column=self.table.status_column)
        for dimension, source in mapping.dimensions.items():
            found[dimension.value] = source
        return found

    def _target(self, name: str, source: ColumnMap) -> _Target:
        index = None if source.column is None else self.index.get(source.column)
        return _Target(name, source, index, source.column is None or source.map is not None)

    def missing_columns(self) -> list[str]:
        """Columns the mapping names that the file lacks."""
        named = [source.column for source in self._sources().values() if source.column]
        named += list(self.mapping.skip)
        return [column for column in dict.fromkeys(named) if column not in self.index]

    # --- one row

    def observation(self, row: RawRow) -> Observation | None:
        """The row as an observation; None if it is skipped or has problems (they are added)."""
        cells = row.cells
        if any(code_text(cells[index]) in codes for index, codes in self.skips):
            return None
        if self._unmapped(cells):
            return None
        before = len(self.problems.items) + self.problems.dropped
        indicator, area, period = (self._code(row, target) for target in self.codes)
        dims = [TOTAL if target is None else self._code(row, target)
                for target in self.dimensions]
        value, status = self._value(row)
        base = self._count(row, "base")
        low, high = self._number(row, "ci_low"), self._number(row, "ci_high")
        if low is not None and high is not None and low > high:
            self._problem(row, self.targets["ci_low"], "bad-interval",
                          f"ci_low {low} is above ci_high {high}")
        if indicator in self.catalogue.indicators:
            self._check_range(row, self.catalogue.indicators[indicator],
                              {"value": value, "ci_low": low, "ci_high": high})
        if len(self.problems.items) + self.problems.dropped > before:
            return None
        observation = Observation(indicator, area, period, *dims, value, base, low, high, status,
                                  self.source_id, self._upstream(cells))
        self._check_duplicate(row, observation)
        return observation

    def _check_range(self, row: RawRow, indicator: Indicator,
                     numbers: dict[str, float | None]) -> None:
        """Figures after scaling must be possible for their indicator: a percentage lies in
        0–100 and a count is not negative (a file of shares 0–1 needs `scale: 100`)."""
        low, high, what = value_range(indicator)
        for name, number in numbers.items():
            if number is None or ((low is None or number >= low)
                                  and (high is None or number <= high)):
                continue
            self._problem(row, self.targets[name], "out-of-range",
                          f"{name} {number:g} (after scale {self.mapping.scale:g}) is not "
                          f"{what} as {indicator.id} ({indicator.unit}) needs")

    def _problem(self, row: RawRow, target: _Target | None, code: str, message: str) -> None:
        column = (target.source.column or f"mapping.{target.name}") if target else ""
        prefix = f"{row.where}: " if row.where else ""
        self.problems.add(self.table.file, row.number, column or "", code, prefix + message)

    def _raw(self, row: RawRow, target: _Target) -> Any:
        return target.source.value if target.index is None else row.cells[target.index]

    def _code(self, row: RawRow, target: _Target) -> str:
        """Our code for an upstream code: mapped, or as written where the mapping has no map."""
        if target.index is None:  # a constant, checked once by check_mapping
            return target.source.value or ""
        raw = code_text(row.cells[target.index])
        if raw == "" or raw in self.missing:
            self._problem(row, target, "missing-code", f"no {target.name} code in this row")
            return ""
        source = target.source
        if source.map is not None:  # _unmapped let only mapped codes through
            return source.map[raw]
        if not target.checked:
            self._check_code(row, target, raw)
        return raw

    def _unmapped(self, cells: tuple[Any, ...]) -> bool:
        """Whether a code of the row is not in its column's map: the row is left out, silently
        with `unmapped: skip`, else the code is collected for one problem per column."""
        found = False
        for target in self.mapped:
            raw = code_text(cells[target.index])
            if raw in target.source.map or raw == "" or raw in self.missing:
                continue
            if target.source.unmapped == "error":
                labels = self.table.labels.get(target.source.column or "", {})
                self.unmapped.setdefault(target.name, {})[raw] = labels.get(raw, "")
            found = True
        return found

    def report_unmapped(self) -> None:
        """One problem per column whose codes are not all mapped, naming every such code."""
        for name, codes in self.unmapped.items():
            target = self.targets[name]
            listed = ", ".join(f"{code!r}" + (f" ({label})" if label else "")
                               for code, label in codes.items())
            self.problems.add(
                self.table.file, self.table.header_line, target.source.column or "",
                "unmapped-code",
                f"{len(codes)} {target.name} code{'s' if len(codes) > 1 else ''} of column "
                f"{target.source.column!r} neither mapped nor skipped: {listed}. Map them, list "
                f"them under skip, or set `unmapped: skip` to keep only the codes mapped")

    def _check_code(self, row: RawRow, target: _Target, code: str) -> None:
        message = code_problem(target.name, code, self.catalogue)
        if message:
            self._problem(row, target, problem_code(target.name), message)

    def _value(self, row: RawRow) -> tuple[float | None, str | None]:
        """The figure (scaled) and its status: a missing-value token becomes NULL and is kept."""
        target = self.targets["value"]
        raw = self._raw(row, target)
        status = self._status(row)
        if raw is None and self.resource.format in ("pxweb", "kolada"):
            return None, status
        token = code_text(raw)
        if isinstance(raw, str | type(None)) and token in self.missing:
            return None, status if status is not None else (token or None)
        number = parse_number(raw, self.decimal)
        if number is None:
            self._problem(row, target, "not-a-number", f"value {token!r} is not a number")
            return None, status
        return number * self.mapping.scale, status

    def _status(self, row: RawRow) -> str | None:
        target = self.targets.get("status")
        if target is None:
            return None
        text = code_text(self._raw(row, target))
        return text or None

    def _present(self, row: RawRow, name: str) -> tuple[_Target, Any] | None:
        """The cell mapped to `name`, or None when unmapped, empty or a missing-value marker."""
        target = self.targets.get(name)
        if target is None:
            return None
        raw = self._raw(row, target)
        if raw is None or (isinstance(raw, str) and raw in self.missing):
            return None
        return target, raw

    def _number(self, row: RawRow, name: str) -> float | None:
        present = self._present(row, name)
        if present is None:
            return None
        target, raw = present
        number = parse_number(raw, self.decimal)
        if number is None:
            self._problem(row, target, "not-a-number", f"{name} {code_text(raw)!r} is not a number")
            return None
        return number * self.mapping.scale

    def _count(self, row: RawRow, name: str) -> int | None:
        present = self._present(row, name)
        if present is None:
            return None
        target, raw = present
        count = parse_count(raw)
        if count is None:
            self._problem(row, target, "bad-base",
                          f"{name} {code_text(raw)!r} is not a whole number from 0 to "
                          f"{MAX_BASE:,}")
        return count

    def _upstream(self, cells: tuple[Any, ...]) -> str:
        """The row's own codes (and labels, where the file has them) as JSON."""
        kept: dict[str, Any] = {}
        for name, position, labels in self.upstream:
            code = code_text(cells[position])
            kept[name] = {"code": code, "label": labels.get(code, code)} if labels else code
        return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))

    def _check_duplicate(self, row: RawRow, observation: Observation) -> None:
        key = observation[:10]
        at = f"row {row.line}" if row.number else f"cell {row.where}"
        first = self.catalogue.seen.setdefault(key, (self.file_name, at))
        if first != (self.file_name, at):
            breakdown = ", ".join(f"{name}={code}" for name, code in
                                  zip(DIMENSION_COLUMNS, key[3:], strict=True) if code != TOTAL)
            self.problems.add(
                self.table.file, row.number, self.targets["value"].source.column or "",
                "duplicate-row",
                f"{row.where + ': ' if row.where else ''}a second figure for {key[0]} in "
                f"{key[1]} {key[2]} ({breakdown or 'total'}); the first is at "
                f"{first[0]} {first[1]}")


def value_range(indicator: Indicator) -> tuple[float | None, float | None, str]:
    """The figures an indicator can take: (lowest, highest, in words)."""
    if indicator.unit.strip() == "%" or indicator.kind in (IndicatorKind.proportion,
                                                           IndicatorKind.share):
        return 0.0, 100.0, "between 0 and 100"
    if indicator.kind is IndicatorKind.count:
        return 0.0, None, "0 or more"
    return None, None, "a number"


def problem_code(name: str) -> str:
    """The problem code for a code that cannot stand for our field `name`."""
    return {"indicator": "unknown-indicator", "area": "unknown-area",
            "period": "bad-period"}.get(name, "unknown-category")


def code_problem(name: str, code: str, catalogue: Catalogue) -> str | None:
    """Why a code cannot stand for our field `name`, or None if it can."""
    if name == "indicator":
        if code not in catalogue.indicators:
            return f"indicator {code!r} is not defined by any data package"
        return None
    if name == "area":
        return None if code in catalogue.areas else f"area {code!r} is not a known area"
    if name == "period":
        return None if _PERIOD.fullmatch(code) else f"period {code!r} is not a period"
    dimension = Dimension(name)
    if code not in catalogue.categories[dimension]:
        allowed = ", ".join(sorted(catalogue.categories[dimension]))
        return (f"{code!r} is not a {name} category (one of {allowed}); a source declares "
                "more under eia.categories")
    return None


# --- One resource -------------------------------------------------------------------------------


def check_mapping(package: DataPackage, index: int, catalogue: Catalogue, descriptor: str,
                  locations: Locations | None = None) -> list[Problem]:
    """Codes the descriptor itself sets (constants and a map's targets), named where written."""
    mapping = package.resources[index].eia.mapping
    base: YamlPath = ("resources", index, "eia", "mapping")
    problems: list[Problem] = []
    fields: dict[str, tuple[ColumnMap | None, YamlPath]] = {
        name: (getattr(mapping, name), (*base, name)) for name in _CODE_FIELDS}
    for dimension, source in mapping.dimensions.items():
        fields[dimension.value] = (source, (*base, "dimensions", dimension.value))
    for name, (source, at) in fields.items():
        if source is None:
            continue
        written = ([((*at, "value"), source.value)] if source.value is not None else
                   [((*at, "map", key), ours) for key, ours in (source.map or {}).items()])
        for path, code in written:
            message = code_problem(name, code, catalogue)
            if message:
                file, line = where(locations or {}, path, descriptor)
                problems.append(Problem(file=file, line=line, field=field_path(path),
                                        code=problem_code(name),
                                        message=message))
    return problems


def import_resource(package: DataPackage, resource: Resource, folder: Path,
                    catalogue: Catalogue, problems: Problems | None = None,
                    *, descriptor: str | None = None,
                    locations: Locations | None = None) -> list[Observation]:
    """Every observation of one resource, checked against the catalogue.

    With `problems` given, problems are added there (a build collects them over all files) and
    the rows returned may be incomplete; without it, any problem raises ProblemsError and no
    rows are returned.
    """
    own = problems is None
    found = Problems() if problems is None else problems
    before = len(found.items) + found.dropped
    index = package.resources.index(resource)
    found.extend(check_mapping(package, index, catalogue,
                               descriptor or str(folder / "datapackage.yaml"), locations))
    rows = _read_rows(package, resource, folder / resource.path, catalogue, found)
    if own:
        found.raise_if_any()
    return rows if len(found.items) + found.dropped == before else []


def _read_rows(package: DataPackage, resource: Resource, path: Path, catalogue: Catalogue,
               problems: Problems) -> list[Observation]:
    table = read_table(path, resource, problems)
    if table is None:
        return []
    mapper = _Mapper(package, resource, table, catalogue, problems)
    missing = mapper.missing_columns()
    for column in missing:
        problems.add(table.file, table.header_line, column, "missing-column",
                     f"the mapping names column {column!r}, which the file does not have "
                     f"(it has {', '.join(table.columns)})")
    if missing:
        return []
    rows: list[Observation] = []
    for row in table.rows:
        observation = mapper.observation(row)
        if observation is not None:
            rows.append(observation)
        if problems.full and problems.dropped > 10 * MAX_PROBLEMS:
            break  # far past the cap: the file is wrong throughout, stop counting
    mapper.report_unmapped()
    return rows
