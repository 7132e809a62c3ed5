"""Reading a source file into a `Table` of raw cells, each row with the number a person looks up.

- csv: DuckDB's `read_csv` with the dialect's delimiter and header and every column as text, so a
  ragged row is reported (DuckDB's rejects give its line) and a bad cell is named by the mapping,
  not cast away. The header is row 1; blank lines count, as they do in an editor.
- xlsx: openpyxl (DuckDB's excel extension would need a download); the named sheet or the first.
- parquet: DuckDB's built-in `read_parquet`; rows are counted from 1.
- pxweb: a JSON-stat 2.0 dataset. Its columns are the dimension ids plus `value` (the cell's figure)
  and `status` (its status flag, e.g. '..'). `id`/`size` give the order of the dimensions, the last
  varying fastest; a row is one cell, numbered by its position in `value` plus 1, and a problem
  names that position and the cell's codes.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from eia.context.db import CONFIG
from eia.context.model import Resource
from eia.problems import Problem, ProblemsError

MAX_PROBLEMS = 50
"""Enough to fix a file in one go; a file with a wrong delimiter would otherwise list every row."""

MAX_JSON_BYTES = 64_000_000
"""The largest JSON-stat file read; checked before the file is read."""
MAX_PX_CELLS = 2_000_000
"""The most cells a JSON-stat cube may declare (SCB's API gives at most 150,000 per call);
checked before anything is allocated per cell."""

PX_VALUE = "value"
PX_STATUS = "status"


# --- Problems -----------------------------------------------------------------------------------


class Problems:
    """Problems found so far across a build, kept up to a cap and counted beyond it."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        self.cap = cap
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, file: str, line: int | None, column: str, code: str, message: str) -> None:
        if len(self.items) < self.cap:
            self.items.append(Problem(file=file, line=line, field=column, code=code,
                                      message=message))
        else:
            self.dropped += 1

    def extend(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.add(problem.file, problem.line, problem.field, problem.code, problem.message)

    @property
    def full(self) -> bool:
        return len(self.items) >= self.cap

    def all(self) -> list[Problem]:
        """The problems kept, and one more saying how many were left out."""
        if not self.dropped:
            return list(self.items)
        last = self.items[-1]
        return [*self.items, Problem(file=last.file, code="more-problems",
                                     message=f"{self.dropped} more problems not listed")]

    def raise_if_any(self) -> None:
        if self.items:
            raise ProblemsError(self.all())


# --- Raw tables ---------------------------------------------------------------------------------


class RawRow(NamedTuple):
    line: int
    """The row as a person counts it in the file (pxweb: the cell's position in `value` + 1)."""
    cells: tuple[Any, ...]
    where: str = ""
    """Said before a row's problem where a line would not say it (pxweb: the cell's codes)."""

    @property
    def number(self) -> int | None:
        """The line a problem names: none for a cell of a cube, which its codes name."""
        return None if self.where else self.line


@dataclass
class Table:
    """A file read as columns of raw cells, before any mapping."""

    file: str
    columns: list[str]
    rows: Iterator[RawRow]
    header_line: int | None = None
    status_column: str | None = None
    """A column holding the format's own status flag, used when the mapping names none."""
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """Upstream labels of codes per column, kept with each row (JSON-stat has them)."""


def read_table(path: Path, resource: Resource, problems: Problems) -> Table | None:
    """Read a resource's file by its format; None (with problems added) if it cannot be read."""
    if not path.is_file():
        problems.add(str(path), None, "", "missing-file", f"{path.name} does not exist")
        return None
    readers = {"csv": read_csv, "xlsx": read_xlsx, "parquet": read_parquet, "pxweb": read_pxweb,
               "kolada": read_kolada}
    return readers[resource.format](path, resource, problems)


def _duplicate_columns(file: str, columns: list[str], line: int | None,
                       problems: Problems) -> bool:
    """Empty or repeated column names make a mapping ambiguous."""
    ok = True
    for index, name in enumerate(columns):
        if not name:
            problems.add(file, line, f"column {index + 1}", "empty-header",
                         f"column {index + 1} has no name in the header")
            ok = False
        elif name in columns[:index]:
            problems.add(file, line, name, "duplicate-column", f"column {name!r} appears twice")
            ok = False
    return ok


# --- CSV ----------------------------------------------------------------------------------------

_ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16",
              "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1"}
"""DuckDB's name for each encoding a dialect may give (model.Encoding)."""

_REJECT_CODES = {"MISSING COLUMNS": "ragged-row", "TOO MANY COLUMNS": "ragged-row",
                 "UNQUOTED VALUE": "bad-quote", "INVALID ENCODING": "bad-encoding"}


def read_csv(path: Path, resource: Resource, problems: Problems) -> Table | None:
    """A CSV read by DuckDB as text, with DuckDB's rejected rows reported by line and column;
    a file that is not in the dialect's encoding at all is one problem, not a crash."""
    file, dialect = str(path), resource.dialect
    encoding = _ENCODINGS[dialect.encoding]
    try:
        return _read_csv(path, resource, encoding, problems)
    except (UnicodeError, duckdb.Error) as error:
        problems.add(file, None, "", "bad-encoding",
                     f"cannot be read as {dialect.encoding}: {str(error).splitlines()[0]}")
        return None


def _read_csv(path: Path, resource: Resource, encoding: str,
              problems: Problems) -> Table | None:
    file, dialect = str(path), resource.dialect
    lines = _record_lines(path, dialect.delimiter, encoding, header=dialect.header)
    columns = _csv_columns(file, resource, lines.header, problems)
    if columns is None:
        return None
    rows, rejects = _duckdb_csv(path, columns, resource, encoding)
    reported: set[int] = set()
    for line, column, kind, message, text in rejects:
        if line not in reported:  # a short row is rejected once per missing column
            reported.add(line)
            problems.add(file, line, column, _REJECT_CODES.get(kind, "bad-csv"),
                         f"{message} (the row reads {text!r})")
    if rejects:
        return None
    numbers = lines.data
    if len(numbers) != len(rows):  # the two readers disagree on a quirk: count rows instead
        numbers = list(range(2 if dialect.header else 1, len(rows) + 2))
    return Table(file=file, columns=columns, header_line=1 if dialect.header else None,
                 rows=(RawRow(line, cells) for line, cells in zip(numbers, rows, strict=False)))


class _Lines(NamedTuple):
    header: list[str] | None
    data: list[int]


def _record_lines(path: Path, delimiter: str, encoding: str, *, header: bool) -> _Lines:
    """The line each record starts on, counted as an editor counts them.

    DuckDB gives no line number for a good row and skips blank lines, so the lines are counted
    here by Python's csv reader (same quoting rules); the header is the first record.
    """
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    starts: list[int] = []
    names: list[str] | None = None
    try:
        with path.open(encoding=python_encoding, errors="replace", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True)
            start = 1
            for record in reader:
                if record and header and names is None:
                    names = record
                elif record:
                    starts.append(start)
                start = reader.line_num + 1
    except csv.Error:
        pass  # DuckDB reports the broken row; the count check falls back to counting rows
    return _Lines(names, starts)


def _csv_columns(file: str, resource: Resource, header: list[str] | None,
                 problems: Problems) -> list[str] | None:
    """The column names: the header's, which must agree with the schema's fields if it has any."""
    fields = [spec.name for spec in resource.schema_.fields]
    if not resource.dialect.header:
        if not fields:
            problems.add(file, None, "", "no-columns",
                         "a file without a header needs schema.fields to name its columns")
            return None
        return fields
    if not header:
        problems.add(file, 1, "", "empty", "the file has no header row")
        return None
    if fields and header != fields:
        problems.add(file, 1, "", "header-mismatch",
                     f"the header {header} differs from schema.fields {fields}")
        return None
    return header if _duplicate_columns(file, header, 1, problems) else None


def _duckdb_csv(path: Path, columns: list[str], resource: Resource,
                encoding: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every row as text, and DuckDB's rejects as (line, column, kind, message, row text)."""
    con = duckdb.connect(config=CONFIG)
    try:
        rows = con.execute(
            "SELECT * FROM read_csv(?, delim = ?, header = ?, columns = ?, auto_detect = false, "
            "quote = '\"', escape = '\"', strict_mode = true, store_rejects = true, "
            "encoding = ?)",
            [str(path), resource.dialect.delimiter, resource.dialect.header,
             dict.fromkeys(columns, "VARCHAR"), encoding]).fetchall()
        rejects = con.execute(
            "SELECT line, coalesce(column_name, 'column ' || column_idx), error_type::VARCHAR, "
            "error_message, csv_line FROM reject_errors ORDER BY line, column_idx").fetchall()
    finally:
        con.close()
    return rows, rejects


# --- xlsx ---------------------------------------------------------------------------------------


def read_xlsx(path: Path, resource: Resource, problems: Problems) -> Table | None:
    """A sheet read by openpyxl: typed cells as Excel holds them; the header is row 1."""
    import openpyxl  # only needed for this format
    from openpyxl.utils import get_column_letter

    file = str(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        problems.add(file, None, "", "unreadable", f"not an Excel workbook: {error}")
        return None
    try:
        if resource.sheet is not None and resource.sheet not in workbook.sheetnames:
            problems.add(file, None, "", "missing-sheet",
                         f"no sheet {resource.sheet!r} (the workbook has {workbook.sheetnames})")
            return None
        sheet = workbook[resource.sheet] if resource.sheet else workbook.worksheets[0]
        raw = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _xlsx_table(file, raw, resource, problems, get_column_letter)


def _xlsx_table(file: str, raw: list[tuple[Any, ...]], resource: Resource, problems: Problems,
                letter: Callable[[int], str]) -> Table | None:
    """The sheet's rows as a table: trailing empty header cells and empty rows are not data."""
    fields = [spec.name for spec in resource.schema_.fields]
    if resource.dialect.header:
        if not raw:
            problems.add(file, 1, "", "empty", "the sheet has no header row")
            return None
        header = list(raw[0])
        while header and header[-1] is None:
            header.pop()
        columns = ["" if name is None else str(name).strip() for name in header]
        if fields and columns != fields:
            problems.add(file, 1, "", "header-mismatch",
                         f"the header {columns} differs from schema.fields {fields}")
            return None
        if not _duplicate_columns(file, columns, 1, problems):
            return None
        first = 2
    elif fields:
        columns, first = fields, 1
    else:
        problems.add(file, None, "", "no-columns",
                     "a sheet without a header needs schema.fields to name its columns")
        return None
    data = raw[first - 1:]
    width = len(columns)
    rows: list[RawRow] = []
    for number, cells in enumerate(data, start=first):
        if all(cell is None for cell in cells):
            continue
        extra = [i for i, cell in enumerate(cells[width:], start=width) if cell is not None]
        if extra:
            problems.add(file, number, f"column {letter(extra[0] + 1)}", "ragged-row",
                         f"a cell outside the {width} named columns holds {cells[extra[0]]!r}")
            continue
        rows.append(RawRow(number, tuple(cells[:width]) + (None,) * (width - len(cells))))
    return Table(file=file, columns=columns, rows=iter(rows),
                 header_line=1 if resource.dialect.header else None)


# --- Parquet ------------------------------------------------------------------------------------


def read_parquet(path: Path, resource: Resource, problems: Problems) -> Table | None:
    """A Parquet file read by DuckDB with its own types; rows are counted from 1."""
    file = str(path)
    con = duckdb.connect(config=CONFIG)
    try:
        result = con.execute("SELECT * FROM read_parquet(?)", [file])
        columns = [column[0] for column in result.description]
        rows = result.fetchall()
    except duckdb.Error as error:
        problems.add(file, None, "", "unreadable", f"not a Parquet file: {error}")
        return None
    finally:
        con.close()
    return Table(file=file, columns=columns,
                 rows=(RawRow(number, cells) for number, cells in enumerate(rows, start=1)))


# --- PX-Web JSON-stat 2.0 -------------------------------------------------------------------------


class _Dimension(NamedTuple):
    id: str
    codes: list[str]
    labels: dict[str, str]


def read_pxweb(path: Path, resource: Resource, problems: Problems) -> Table | None:
    """A JSON-stat 2.0 dataset as one row per cell, in id/size order, the last fastest."""
    file = str(path)
    data = read_json(path, problems)
    if data is None:
        return None
    before = len(problems.items) + problems.dropped
    dimensions = _px_dimensions(file, data, problems)
    if dimensions is None:
        return None
    total = math.prod(len(dimension.codes) for dimension in dimensions)
    values = _px_cells(file, data.get("value"), total, PX_VALUE, problems)
    statuses = _px_cells(file, data.get("status"), total, PX_STATUS, problems, optional=True)
    if values is None or statuses is None or len(problems.items) + problems.dropped > before:
        return None
    columns = [*(dimension.id for dimension in dimensions), PX_VALUE, PX_STATUS]
    return Table(file=file, columns=columns, status_column=PX_STATUS,
                 rows=_px_rows(dimensions, values, statuses),
                 labels={dimension.id: dimension.labels for dimension in dimensions})


def _px_rows(dimensions: list[_Dimension], values: list[Any],
             statuses: list[Any]) -> Iterator[RawRow]:
    names = [dimension.id for dimension in dimensions]
    for position, codes in enumerate(itertools.product(*(d.codes for d in dimensions))):
        where = ", ".join(f"{name}={code}" for name, code in zip(names, codes, strict=True))
        yield RawRow(position + 1, (*codes, values[position], statuses[position]), where)


def read_json(path: Path, problems: Problems) -> Any:
    """The parsed file, or None (with a problem) when it is too large, not JSON or nested
    beyond what Python's parser takes."""
    file = str(path)
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        problems.add(file, None, "", "too-large",
                     f"the file has {size:,} bytes; at most {MAX_JSON_BYTES:,} are read")
        return None
    try:
        return json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.add(file, getattr(error, "lineno", None), "", "bad-json", f"not JSON: {error}")
    except RecursionError:
        problems.add(file, None, "", "bad-json", "nested far too deep to be statistics")
    return None


def _px_dimensions(file: str, data: Any, problems: Problems) -> list[_Dimension] | None:
    """The dimensions in `id` order, each with its codes in `category.index` order."""
    if not isinstance(data, dict) or data.get("class", "dataset") != "dataset":
        problems.add(file, None, "class", "bad-jsonstat", "expected a JSON-stat 2.0 dataset")
        return None
    ids, sizes = data.get("id"), data.get("size")
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)
            and isinstance(sizes, list) and all(type(s) is int and s >= 0 for s in sizes)
            and len(ids) == len(sizes) and len(set(ids)) == len(ids)):
        problems.add(file, None, "id", "bad-jsonstat",
                     "`id` and `size` must be lists of equal length: distinct dimension ids "
                     "and their numbers of categories")
        return None
    cells = math.prod(sizes)
    if cells > MAX_PX_CELLS:
        problems.add(file, None, "size", "too-large",
                     f"`size` {sizes} declares {cells:,} cells; at most {MAX_PX_CELLS:,} are "
                     "read (fetch the table in parts)")
        return None
    described = data.get("dimension")
    if not isinstance(described, dict):
        problems.add(file, None, "dimension", "bad-jsonstat", "`dimension` is missing")
        return None
    dimensions = [_px_dimension(file, name, described.get(name), size, problems)
                  for name, size in zip(ids, sizes, strict=True)]
    if any(dimension is None for dimension in dimensions):
        return None
    return [dimension for dimension in dimensions if dimension is not None]


def _px_dimension(file: str, name: str, described: Any, size: int,
                  problems: Problems) -> _Dimension | None:
    at = f"dimension.{name}.category"
    category = described.get("category") if isinstance(described, dict) else None
    if not isinstance(category, dict):
        problems.add(file, None, at, "bad-jsonstat", f"dimension {name!r} has no category")
        return None
    labels = category.get("label") if isinstance(category.get("label"), dict) else {}
    index = category.get("index")
    if index is None and len(labels) == 1:  # JSON-stat lets a single category omit its index
        index = list(labels)
    codes = _px_codes(index)
    if codes is None or len(codes) != size:
        problems.add(file, None, f"{at}.index", "bad-jsonstat",
                     f"dimension {name!r} must list {size} category codes (its `size`) in "
                     "`index`, as a list or as code -> position 0..n-1")
        return None
    return _Dimension(name, codes, {code: str(labels.get(code, code)) for code in codes})


def _px_codes(index: Any) -> list[str] | None:
    """Codes in order, from a list or from a code -> position object."""
    if isinstance(index, list) and all(isinstance(code, str) for code in index):
        return list(index) if len(set(index)) == len(index) else None
    if isinstance(index, dict) and all(type(pos) is int for pos in index.values()):
        if sorted(index.values()) != list(range(len(index))):
            return None
        return sorted(index, key=index.__getitem__)
    return None


def _px_cells(file: str, cells: Any, total: int, key: str, problems: Problems,
              *, optional: bool = False) -> list[Any] | None:
    """`value` or `status` as one entry per cell: a list, an object keyed by position, or (for
    status) one string for every cell."""
    if cells is None and optional:
        return [None] * total
    if isinstance(cells, str) and optional:
        return [cells] * total
    if isinstance(cells, list):
        if len(cells) == total or (optional and len(cells) <= total):
            return cells + [None] * (total - len(cells))
        problems.add(file, None, key, "bad-jsonstat",
                     f"`{key}` has {len(cells)} cells but the product of `size` is {total}")
        return None
    if isinstance(cells, dict):
        found: list[Any] = [None] * total
        for position, cell in cells.items():
            if not (position.isdigit() and int(position) < total):
                problems.add(file, None, f"{key}.{position}", "bad-jsonstat",
                             f"`{key}` names cell {position!r}, outside 0..{total - 1}")
                return None
            found[int(position)] = cell
        return found
    problems.add(file, None, key, "bad-jsonstat", f"`{key}` must be a list or an object")
    return None


# --- Kolada API v3 --------------------------------------------------------------------------------

KOLADA_COLUMNS = ["kpi", "municipality", "period", "gender", "value", "status", "count"]
"""A Kolada response as a table: one row per value (one KPI, municipality, year and gender)."""


def read_kolada(path: Path, resource: Resource, problems: Problems) -> Table | None:
    """A response of Kolada's `/v3/data/kpi/...`: `values` is a list of (kpi, municipality,
    period) entries, each with its own `values` per gender (T, K, M). A row is named by those
    codes, not by a line."""
    file = str(path)
    data = read_json(path, problems)
    if data is None:
        return None
    entries = data.get("values") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.add(file, None, "values", "bad-kolada", "expected an object with a `values` list")
        return None
    rows: list[RawRow] = []
    for index, entry in enumerate(entries):
        genders = entry.get("values") if isinstance(entry, dict) else None
        if not isinstance(genders, list) or not all(isinstance(g, dict) for g in genders):
            problems.add(file, None, f"values[{index}]", "bad-kolada",
                         "each entry needs kpi, municipality, period and a `values` list")
            continue
        for value in genders:
            cells = (entry.get("kpi"), entry.get("municipality"), entry.get("period"),
                     value.get("gender"), value.get("value"), value.get("status") or None,
                     value.get("count"))
            where = ", ".join(f"{name}={cell}" for name, cell in zip(KOLADA_COLUMNS[:4], cells,
                                                                     strict=False))
            rows.append(RawRow(len(rows) + 1, cells, where))
        if len(rows) > MAX_PX_CELLS:
            problems.add(file, None, "values", "too-large",
                         f"more than {MAX_PX_CELLS:,} values; fetch fewer years or KPIs at once")
            return None
    return Table(file=file, columns=KOLADA_COLUMNS, rows=iter(rows), status_column="status")
