"""The portfolio's columnar index: one DuckDB file of every saved assessment's figures.

Aggregating over thousands of assessments must not open thousands of JSON files per query, so
the figures each one is counted with (its outcome, levels, flags, gaps, actions) are kept in
DuckDB tables declared in `eia.portfolio.columns`. The index is derived data, keyed on what the
store's listing already gives cheaply: each assessment's revision and its follow-up record's
revision. `refresh` compares those with what the index holds and replaces the rows of only the
assessments that changed, appeared or went; a missing, damaged or older-schema file is rebuilt.

DuckDB refuses a writer beside a reader at once (it never waits), so one file lock serialises
the refresh and each reading of the index across processes. Without a path the index lives in
memory (a memory store's), rebuilt the first time it is refreshed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from filelock import FileLock

from eia.portfolio.columns import SCHEMA_HASH, TABLES, Rows, check_row_widths, ddl, empty_rows

CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
"""No extension is ever downloaded: it fails (or hangs) offline."""

Key = tuple[int, int]
"""What tells an index entry from a changed assessment: (revision, follow-up revision)."""

_ARROW = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BOOLEAN": pa.bool_(),
          "DATE": pa.date32(), "TIMESTAMPTZ": pa.timestamp("us", tz="UTC")}


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did: how many assessments it read again, removed, and held in all."""

    read: int
    removed: int
    total: int
    rebuilt: bool


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table, from its declared columns (an ENUM travels as text)."""
    return pa.schema([(column.name, _ARROW.get(column.type, pa.string()))
                      for column in TABLES[table]])


def _arrow(table: str, rows: list[tuple[object, ...]]) -> pa.Table:
    names = [column.name for column in TABLES[table]]
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    return pa.Table.from_pydict(dict(zip(names, map(list, columns), strict=True)),
                                schema=arrow_schema(table))


class PortfolioIndex:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._memory: duckdb.DuckDBPyConnection | None = None

    def _lock(self) -> contextlib.AbstractContextManager[object]:
        if self.path is None:
            return contextlib.nullcontext()
        return FileLock(str(self.path) + ".lock")

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        if self.path is None:
            if self._memory is None:
                self._memory = duckdb.connect(":memory:", config=CONFIG)
            return self._memory
        return duckdb.connect(str(self.path), read_only=read_only, config=CONFIG)

    def _close(self, con: duckdb.DuckDBPyConnection) -> None:
        if con is not self._memory:
            con.close()

    def refresh(self, wanted: Mapping[str, Key], load: Callable[[str], Rows]) -> Refreshed:
        """Bring the index to `wanted` (id -> key), reading with `load` only what changed."""
        with self.refreshed(wanted, load) as (_, done):
            return done

    @contextlib.contextmanager
    def refreshed(self, wanted: Mapping[str, Key], load: Callable[[str], Rows]) -> Iterator[
            tuple[duckdb.DuckDBPyConnection, Refreshed]]:
        """Refresh, then hold the same connection for queries: one lock, one open (opening the
        file costs more than a query of a thousand assessments)."""
        with self._lock():
            con, rebuilt = self._writable()
            try:
                have = {} if rebuilt else _pairs(con)
                stale = sorted(key for key, value in wanted.items() if have.get(key) != value)
                gone = sorted(key for key in have if key not in wanted)
                rows = empty_rows()
                for key in stale:
                    for table, items in load(key).items():
                        rows[table] += items
                check_row_widths(rows)
                self._replace(con, [*stale, *gone], rows)
                total = con.sql("SELECT count(*) FROM assessments").fetchall()[0][0]
                yield con, Refreshed(read=len(stale), removed=len(gone), total=total,
                                     rebuilt=rebuilt)
            finally:
                self._close(con)

    def _writable(self) -> tuple[duckdb.DuckDBPyConnection, bool]:
        """A connection to write to, and whether the index was (re)created empty."""
        try:
            con = self._open(read_only=False)
            found = con.sql("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_name = 'meta'").fetchall()[0][0]
            if found and con.sql("SELECT schema FROM meta").fetchall() == [(SCHEMA_HASH,)]:
                return con, False
            self._close(con)
        except duckdb.Error:
            pass  # a damaged file is derived data: rebuilt below
        self._remove_files()
        con = self._open(read_only=False)
        for statement in ["CREATE TABLE meta (schema VARCHAR)", *ddl()]:
            con.execute(statement)
        con.execute("INSERT INTO meta VALUES (?)", [SCHEMA_HASH])
        return con, True

    def _remove_files(self) -> None:
        if self.path is None:
            if self._memory is not None:
                self._memory.close()
            self._memory = None
            return
        for file in (self.path, Path(str(self.path) + ".wal")):
            file.unlink(missing_ok=True)

    def _replace(self, con: duckdb.DuckDBPyConnection, keys: list[str], rows: Rows) -> None:
        """Delete the rows of `keys` from every table and insert the new ones, in one
        transaction, so a reader never sees an assessment half replaced."""
        con.execute("BEGIN TRANSACTION")
        try:
            if keys:
                con.register("replaced", pa.table({"id": pa.array(keys, pa.string())}))
                for table in TABLES:
                    con.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM replaced)")
                con.unregister("replaced")
            for table, items in rows.items():
                if items:
                    con.register("incoming", _arrow(table, items))
                    con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
                    con.unregister("incoming")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection to the index, held under its lock."""
        with self._lock():
            con = self._open(read_only=True)
            try:
                yield con
            finally:
                self._close(con)


def _pairs(con: duckdb.DuckDBPyConnection) -> dict[str, Key]:
    return {key: (revision, follow) for key, revision, follow in con.sql(
        "SELECT id, revision, follow_up_revision FROM assessments").fetchall()}
