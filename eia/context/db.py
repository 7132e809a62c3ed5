"""The context database: its tables, where it lives, and how it is opened.

The app only ever reads it (several sessions at once may open one file read-only); `eia data
build` writes a new file beside it and renames it into place, so a reader never sees a half-built
database and a build never waits on a reader's lock.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from eia import settings
from eia.context.model import CATEGORIES, STANDARD, Category, Dimension

DIMENSION_COLUMNS = [dimension.value for dimension in Dimension]

DDL = f"""
CREATE TABLE sources (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    citation VARCHAR NOT NULL,
    licence VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL
);
CREATE TABLE indicators (
    id VARCHAR PRIMARY KEY,
    title_sv VARCHAR NOT NULL,
    title_en VARCHAR NOT NULL,
    definition_sv VARCHAR NOT NULL,
    definition_en VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    higher_is_better BOOLEAN,
    grounds VARCHAR[] NOT NULL,
    defined_by VARCHAR NOT NULL
);
CREATE TABLE areas (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    parent VARCHAR
);
CREATE TABLE categories (
    dimension VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    label_sv VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    comparison VARCHAR,
    reference BOOLEAN NOT NULL,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (dimension, code)
);
CREATE TABLE breakdowns (
    dimension VARCHAR PRIMARY KEY,
    ground VARCHAR NOT NULL,
    total_sv VARCHAR NOT NULL,
    total_en VARCHAR NOT NULL
);
CREATE TABLE observations (
    indicator VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    {", ".join(f"{column} VARCHAR NOT NULL DEFAULT 'total'" for column in DIMENSION_COLUMNS)},
    value DOUBLE,
    base INTEGER,
    ci_low DOUBLE,
    ci_high DOUBLE,
    status VARCHAR,
    source VARCHAR NOT NULL REFERENCES sources (id),
    upstream VARCHAR
);
CREATE TABLE build_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
"""
"""Indicators are shared: the real 2021 baseline and the synthetic demo both report
`afraid_out_alone`, so `defined_by` names the package that defined it and each observation
carries its own `source` (which says whether it is synthetic).
`observations.value` is NULL where the source publishes no figure (its `status` says why);
`upstream` keeps the source's own codes for the row as JSON, so nothing published is lost."""

CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
"""Extensions other than the built-in json and parquet would be downloaded, which fails (or hangs)
offline: never let DuckDB try."""


def database_path() -> Path:
    return settings.context_db()


def sources_path() -> Path:
    return settings.data_sources()


def connect(path: Path | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path or database_path()), read_only=read_only, config=CONFIG)


def create_schema(con: duckdb.DuckDBPyConnection,
                  categories: dict[Dimension, list[Category]] | None = None) -> None:
    """Create the tables and fill the vocabulary: the breakdowns with their grounds (from
    breakdowns.yaml), and the categories (the standard ones unless a build merged more)."""
    con.execute(DDL)
    chosen = CATEGORIES if categories is None else categories
    con.executemany(
        "INSERT INTO categories VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(d.value, c.code, c.label.sv, c.label.en, c.comparison, c.reference, ordinal)
         for d in Dimension for ordinal, c in enumerate(chosen.get(d, []))])
    con.executemany("INSERT INTO breakdowns VALUES (?, ?, ?, ?)",
                    [(d.value, b.ground.value, b.total.sv, b.total.en)
                     for d, b in STANDARD.items()])
