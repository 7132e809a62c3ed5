"""Building the context database from `data/sources/`: everything checked first, then one write.

Each source is a folder holding a `datapackage.yaml` (and its data files, or a generator that
writes them). The build reads and checks every package and every row before it writes anything;
then it writes a new database file beside the old one in one transaction and renames it into
place. A failed build leaves the previous database as it was and no temporary file behind; a
reader that has the old file open keeps reading it.

`build_info` records the tool version, the schema and a SHA-256 over the source files' names and
bytes, never a time, so building the same sources twice gives the same contents, and
`ensure_built` can tell whether the sources changed since the last build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import duckdb
from pydantic import BaseModel

from eia import __version__
from eia.context import db, install
from eia.context.descriptor import DESCRIPTOR, read_package
from eia.context.importers import OBSERVATION_COLUMNS, Catalogue, Observation, import_resource
from eia.context.model import (
    CATEGORIES,
    TOTAL,
    Area,
    AreaLevel,
    Category,
    DataPackage,
    Dimension,
    Indicator,
    SourceInfo,
)
from eia.context.readers import Problems
from eia.problems import ProblemsError, field_path
from eia.yamlfile import Locations, YamlPath, where

SCHEMA_HASH = hashlib.sha256(db.DDL.encode("utf-8")).hexdigest()
"""A change of the tables makes an old database stale even when the sources are the same."""

_NEEDS_PARENT = {AreaLevel.district, AreaLevel.neighbourhood}
"""Parts of a municipality: they are shown and compared within it, so they need a parent."""


@dataclass(frozen=True)
class Source:
    """One data package as found on disk: its descriptor, where its data files are read from."""

    package: DataPackage
    descriptor: Path
    folder: Path
    locations: Locations


class BuildReport(BaseModel):
    """What a build wrote, for the CLI to print and the tests to read."""

    db_path: Path
    source_hash: str
    packages: list[str]
    counts: dict[str, int]
    seconds: float
    added: Path | None = None
    """The source folder an import added or replaced."""


@dataclass
class Contents:
    """Everything the database will hold, checked."""

    sources: list[SourceInfo] = field(default_factory=list)
    indicators: list[tuple[Indicator, str]] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    categories: dict[Dimension, list[Category]] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)


# --- Finding and loading sources -------------------------------------------------------------


def descriptors(sources_dir: Path) -> list[Path]:
    """Every `<sources_dir>/*/datapackage.yaml`, in a fixed order (folders starting with '.'
    are work in progress, e.g. an import being staged, and are left out)."""
    return sorted((path for path in sources_dir.glob(f"*/{DESCRIPTOR}")
                   if not path.parent.name.startswith(".")), key=lambda path: path.parent.name)


def source_hash(sources_dir: Path, staged: dict[str, Path] | None = None) -> str:
    """SHA-256 over the name and bytes of every source file, in a fixed order; `staged` maps
    a source's name to a folder that will stand in its place (an import being prepared)."""
    digest = hashlib.sha256()
    folders = {descriptor.parent.name: descriptor.parent
               for descriptor in descriptors(sources_dir)} if sources_dir.is_dir() else {}
    folders.update(staged or {})
    for name in sorted(folders):
        folder = folders[name]
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = f"{name}/{path.relative_to(folder).as_posix()}"
            if any(part.startswith(".") for part in Path(relative).parts):
                continue
            data = path.read_bytes()
            digest.update(f"{relative}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def load_sources(sources_dir: Path, generated_dir: Path,
                 problems: Problems) -> list[Source]:
    """Every package under `sources_dir`, each checked on its own; problems are collected."""
    found = descriptors(sources_dir)
    if not found:
        problems.add(str(sources_dir), None, "", "no-sources",
                     f"no */{DESCRIPTOR} under {sources_dir}")
    sources: list[Source] = []
    for descriptor in found:
        source = load_source(descriptor, generated_dir, problems)
        if source is not None:
            sources.append(source)
    return sources


def load_source(descriptor: Path, generated_dir: Path, problems: Problems,
                folder: Path | None = None) -> Source | None:
    """One package; its files are read from `folder` (default: beside the descriptor), or from
    `generated_dir/<name>` when a generator writes them."""
    try:
        package, locations = read_package(descriptor, check_files=folder is None)
    except ProblemsError as error:
        problems.extend(error.problems)
        return None
    if package.name != descriptor.parent.name and folder is None:
        file, line = where(locations, ("name",), str(descriptor))
        problems.add(file, line, "name", "misplaced-package",
                     f"the folder is {descriptor.parent.name!r} but the package is named "
                     f"{package.name!r}; they must agree")
    data_folder = folder or descriptor.parent
    if package.eia.generator is not None:
        data_folder = generated_dir / package.name
    return Source(package, descriptor, data_folder, locations)


# --- Merging what several packages define ------------------------------------------------------

Defined = TypeVar("Defined", SourceInfo, Indicator, Area)


def _merge(sources: Sequence[Source],
           items: Callable[[DataPackage], Sequence[tuple[YamlPath, Defined]]],
           what: str, problems: Problems) -> list[tuple[Defined, Source]]:
    """Items several packages define by id: identical definitions merge, different ones are a
    problem naming both files (the first package in folder order keeps the id)."""
    first: dict[str, tuple[Defined, Source, YamlPath]] = {}
    merged: list[tuple[Defined, Source]] = []
    for source in sources:
        for at, item in items(source.package):
            if item.id not in first:
                first[item.id] = (item, source, at)
                merged.append((item, source))
                continue
            earlier, other, other_at = first[item.id]
            if earlier != item:
                file, line = where(source.locations, at, str(source.descriptor))
                _, other_line = where(other.locations, other_at, str(other.descriptor))
                problems.add(file, line, field_path(at), f"conflicting-{what}",
                             f"{what} {item.id!r} is defined differently in "
                             f"{other.descriptor}:{other_line}; define it once or identically")
    return merged


def _listed(key: str, found: Sequence[Defined]) -> list[tuple[YamlPath, Defined]]:
    return [(("eia", key, index), item) for index, item in enumerate(found)]


def _check_areas(areas: list[tuple[Area, Source]], problems: Problems) -> None:
    """A parent is a known area of a larger level (a county's municipality, a municipality's
    district); districts and neighbourhoods need one."""
    levels = {area.id: area.level for area, _ in areas}
    for area, source in areas:
        index = source.package.eia.areas.index(area)
        at = ("eia", "areas", index, "parent")
        file, line = where(source.locations, at, str(source.descriptor))
        parent = levels.get(area.parent or "")
        if area.parent is None and area.level in _NEEDS_PARENT:
            problems.add(file, line, field_path(at), "bad-parent",
                         f"{area.id!r} is a {area.level.value}; it needs a parent area")
        elif area.parent is not None and (parent is None or parent.rank >= area.level.rank):
            problems.add(file, line, field_path(at), "bad-parent",
                         f"{area.id!r} is a {area.level.value}; its parent must be a known area "
                         f"of a larger level (got {area.parent!r})")


def _merge_categories(sources: Sequence[Source],
                      problems: Problems) -> dict[Dimension, list[Category]]:
    """The standard categories and those the sources add; a code declared twice must be
    declared identically, and a comparison must be a category of the same breakdown."""
    merged = {dimension: list(categories) for dimension, categories in CATEGORIES.items()}
    declared: list[tuple[Category, Dimension, Source, YamlPath]] = []
    for source in sources:
        for dimension, categories in source.package.eia.categories.items():
            for index, added in enumerate(categories):
                at: YamlPath = ("eia", "categories", dimension.value, index)
                declared.append((added, dimension, source, at))
                known = next((c for c in merged[dimension] if c.code == added.code), None)
                if known is None:
                    merged[dimension].append(added)
                elif known != added:
                    file, line = where(source.locations, at, str(source.descriptor))
                    problems.add(file, line, field_path(at), "conflicting-category",
                                 f"{dimension.value} {added.code!r} is already declared "
                                 "differently; use another code or declare it identically")
    for added, dimension, source, at in declared:
        codes = {category.code for category in merged[dimension]}
        if added.comparison is not None and added.comparison not in codes:
            file, line = where(source.locations, (*at, "comparison"), str(source.descriptor))
            problems.add(file, line, field_path((*at, "comparison")), "unknown-category",
                         f"comparison {added.comparison!r} is not a {dimension.value} category")
    return merged


def collect(sources: Sequence[Source], problems: Problems) -> Contents:
    """Merge definitions and read every row; the contents are complete only without problems."""
    infos = _merge(sources, lambda p: [(("eia", "source"), p.eia.source)], "source", problems)
    indicators = _merge(sources, lambda p: _listed("indicators", p.eia.indicators), "indicator",
                        problems)
    areas = _merge(sources, lambda p: _listed("areas", p.eia.areas), "area", problems)
    _check_areas(areas, problems)
    categories = _merge_categories(sources, problems)
    catalogue = Catalogue({indicator.id: indicator for indicator, _ in indicators},
                          {area.id for area, _ in areas},
                          {dimension: frozenset({TOTAL, *(c.code for c in found)})
                           for dimension, found in categories.items()})
    contents = Contents(
        sources=[info for info, _ in infos],
        indicators=[(indicator, source.package.name) for indicator, source in indicators],
        areas=[area for area, _ in areas], categories=categories)
    for source in sources:
        _generate(source, [area for area, _ in areas], problems)
        for resource in source.package.resources:
            contents.observations += import_resource(
                source.package, resource, source.folder, catalogue, problems,
                descriptor=str(source.descriptor), locations=source.locations)
    return contents


def _generate(source: Source, areas: list[Area], problems: Problems) -> None:
    """Write a generated source's files (the synthetic demo) before they are read."""
    if source.package.eia.generator != "synthetic":
        return
    from eia.context import synthetic  # written beside this module; imported only when used

    try:
        synthetic.generate(source.package, source.folder, areas=areas)
    except (ValueError, OSError) as error:
        file, line = where(source.locations, ("eia", "generator"), str(source.descriptor))
        problems.add(file, line, "eia.generator", "generator-failed", str(error))


# --- Writing ------------------------------------------------------------------------------------


def _observation_table(rows: list[Observation]) -> Any:
    """The rows as an Arrow table, so DuckDB inserts 100,000 rows in one statement.

    pyarrow (which streamlit requires) is imported here, not at the top: the CLI starts faster."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [()] * len(OBSERVATION_COLUMNS)
    types = {"value": pa.float64(), "base": pa.int32(), "ci_low": pa.float64(),
             "ci_high": pa.float64()}
    return pa.table({name: pa.array(column, type=types.get(name, pa.string()))
                     for name, column in zip(OBSERVATION_COLUMNS, columns, strict=True)})


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str,
                 rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows into a table; none is fine (a package of area names has no indicators)."""
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", list(rows))


def _insert(con: duckdb.DuckDBPyConnection, contents: Contents) -> None:
    _insert_rows(con, "sources", [(s.id, s.title, s.publisher, s.citation, s.licence, s.url,
                                   s.synthetic) for s in contents.sources])
    _insert_rows(con, "indicators", [
        (i.id, i.title.sv, i.title.en, i.definition.sv, i.definition.en, i.unit, i.kind.value,
         i.higher_is_better, [g.value for g in i.grounds], package)
        for i, package in contents.indicators])
    _insert_rows(con, "areas", [(a.id, a.name, a.level.value, a.parent) for a in contents.areas])
    observations = _observation_table(contents.observations)
    con.register("staged_observations", observations)
    # stored by area, so a query for a few areas skips the others' blocks (2-3 times faster)
    con.execute(f"INSERT INTO observations ({', '.join(OBSERVATION_COLUMNS)}) "
                f"SELECT {', '.join(OBSERVATION_COLUMNS)} FROM staged_observations "
                "ORDER BY area, indicator, period")
    con.unregister("staged_observations")


def counts(contents: Contents) -> dict[str, int]:
    return {"sources": len(contents.sources), "indicators": len(contents.indicators),
            "areas": len(contents.areas), "observations": len(contents.observations)}


def write_new(contents: Contents, db_path: Path, info: dict[str, str], tag: str) -> Path:
    """Write a new database file beside `db_path` in one transaction; return its path. On a
    failure nothing is left; after a kill, the next command's recovery deletes it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = install.building_path(db_path, tag)
    try:
        con = db.connect(temporary, read_only=False)
        try:
            con.execute("BEGIN TRANSACTION")
            db.create_schema(con, contents.categories)
            _insert(con, contents)
            con.executemany("INSERT INTO build_info VALUES (?, ?)", sorted(info.items()))
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        temporary.with_name(temporary.name + ".wal").unlink(missing_ok=True)
    return temporary


# --- The build ----------------------------------------------------------------------------------


def generated_path(db_path: Path) -> Path:
    """Generated sources are written beside the database (data/generated by default), so a
    build into a test's folder never writes into the repository."""
    return db_path.parent / "generated"


def prepare(sources: Sequence[Source], problems: Problems) -> Contents:
    """Check and read every source; raise ProblemsError with all problems found, if any."""
    contents = collect(sources, problems)
    problems.raise_if_any()
    return contents


def build(sources_dir: Path | None = None, db_path: Path | None = None) -> BuildReport:
    """Build the context database from every package under `sources_dir`.

    Nothing is written unless every package and every row is sound."""
    started = time.perf_counter()
    sources_dir = sources_dir or db.sources_path()
    db_path = db_path or db.database_path()
    with install.locked(db_path):
        install.recover(sources_dir, db_path)
        problems = Problems()
        digest = source_hash(sources_dir) if sources_dir.is_dir() else ""
        sources = load_sources(sources_dir, generated_path(db_path), problems)
        problems.raise_if_any()
        contents = prepare(sources, problems)
        report, building = _write(contents, sources, digest, db_path, started)
        building.replace(db_path)
    return report


def _write(contents: Contents, sources: Sequence[Source], digest: str, db_path: Path,
           started: float) -> tuple[BuildReport, Path]:
    """Write the new database beside `db_path`; the caller renames it into place."""
    numbers = counts(contents)
    info = {"tool_version": __version__, "schema_hash": SCHEMA_HASH, "source_hash": digest,
            "packages": ",".join(source.package.name for source in sources),
            **{f"rows_{table}": str(number) for table, number in numbers.items()}}
    building = write_new(contents, db_path, info, f"{os.getpid()}.{uuid.uuid4().hex}")
    report = BuildReport(db_path=db_path, source_hash=digest,
                         packages=[source.package.name for source in sources], counts=numbers,
                         seconds=round(time.perf_counter() - started, 3))
    return report, building


def build_info(db_path: Path) -> dict[str, str]:
    """What a database records about its build; empty if it cannot be read."""
    try:
        con = db.connect(db_path, read_only=True)
    except duckdb.Error:
        return {}
    try:
        return dict(con.execute("SELECT key, value FROM build_info").fetchall())
    except duckdb.Error:
        return {}
    finally:
        con.close()


def ensure_built(sources_dir: Path | None = None, db_path: Path | None = None) -> bool:
    """Build if the database is missing or was built from other sources (or another schema);
    return whether it built. The app calls this on first start."""
    sources_dir = sources_dir or db.sources_path()
    db_path = db_path or db.database_path()
    with install.locked(db_path):
        install.recover(sources_dir, db_path)
        info = build_info(db_path) if db_path.is_file() else {}
        if (info.get("source_hash") == source_hash(sources_dir)
                and info.get("schema_hash") == SCHEMA_HASH):
            return False
    build(sources_dir, db_path)
    return True


# --- Adding a source ----------------------------------------------------------------------------


def add_source(file: Path, meta: Path, sources_dir: Path | None = None,
               db_path: Path | None = None, *, replace: bool = False) -> BuildReport:
    """Check FILE against its descriptor META together with every existing source, then copy
    both into `<sources_dir>/<package name>/` and rebuild. On any problem nothing is copied and
    the database stays as it was."""
    started = time.perf_counter()
    sources_dir = sources_dir or db.sources_path()
    db_path = db_path or db.database_path()
    with install.locked(db_path):
        install.recover(sources_dir, db_path)
        return _add_source(file, meta, sources_dir, db_path, replace=replace, started=started)


def _add_source(file: Path, meta: Path, sources_dir: Path, db_path: Path, *, replace: bool,
                started: float) -> BuildReport:
    """Check, stage the files and the new database beside their places, then commit both."""
    problems = Problems()
    new = load_source(meta, generated_path(db_path), problems, folder=file.parent)
    if new is None:
        problems.raise_if_any()
    assert new is not None
    _check_single_resource(new, file, problems)
    target = sources_dir / new.package.name
    _check_target(target, file, meta, replace, problems)
    existing = [source for source in _existing(sources_dir, generated_path(db_path), problems)
                if source.package.name != new.package.name]
    problems.raise_if_any()
    sources = sorted([*existing, new], key=lambda source: source.package.name)
    contents = prepare(sources, problems)
    tag = f"{os.getpid()}.{uuid.uuid4().hex}"
    staging, previous = install.staging_paths(target, tag)
    building: Path | None = None
    try:
        install.stage(staging, {DESCRIPTOR: meta, file.name: file})
        digest = source_hash(sources_dir, {new.package.name: staging})
        report, building = _write(contents, sources, digest, db_path, started)
        install.commit(install.Plan(target=target.absolute(), staging=staging.absolute(),
                                    previous=previous.absolute(),
                                    building=building.absolute(),
                                    db_path=db_path.absolute()))
    finally:  # on a failure before the commit, the old folder and database stay
        shutil.rmtree(staging, ignore_errors=True)
        if building is not None:
            building.unlink(missing_ok=True)
    return report.model_copy(update={"added": target})


def _existing(sources_dir: Path, generated_dir: Path, problems: Problems) -> list[Source]:
    """The sources already there; none at all is fine when adding the first."""
    found = Problems()
    sources = load_sources(sources_dir, generated_dir, found) if sources_dir.is_dir() else []
    problems.extend([problem for problem in found.all() if problem.code != "no-sources"])
    return sources


def _check_single_resource(new: Source, file: Path, problems: Problems) -> None:
    resources = new.package.resources
    if len(resources) != 1 or resources[0].path != file.name:
        file_, line = where(new.locations, ("resources",), str(new.descriptor))
        problems.add(file_, line, "resources", "bad-import",
                     f"an imported package has exactly one resource, whose path is "
                     f"{file.name!r}")
    if new.package.eia.generator is not None:
        file_, line = where(new.locations, ("eia", "generator"), str(new.descriptor))
        problems.add(file_, line, "eia.generator", "bad-import",
                     "a generated source cannot be imported")


def _check_target(target: Path, file: Path, meta: Path, replace: bool,
                  problems: Problems) -> None:
    """An existing source folder is replaced only when asked, or when it holds the same files."""
    if not target.exists() or replace:
        return
    held = {path.name: path.read_bytes() for path in target.iterdir() if path.is_file()}
    if held != {file.name: file.read_bytes(), DESCRIPTOR: meta.read_bytes()}:
        problems.add(str(target), None, "", "source-exists",
                     f"{target} already holds another version of this source; "
                     "use --replace to replace it")
