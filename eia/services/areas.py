"""The areas an officer picks for a decision, from the context database.

Areas are ids of the database's areas, never matched from free text (see `Decision`). Without a
built database there is nothing to pick from: the list is empty and the face says how to build
it, so the wizard never blocks on the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eia.context.db import connect, database_path
from eia.context.model import AreaLevel


@dataclass(frozen=True)
class AreaChoice:
    id: str
    name: str
    level: str


def area_choices(database: Path | None = None) -> list[AreaChoice]:
    """The city first, then districts, then neighbourhoods, each by name; [] when not built."""
    path = database or database_path()
    if not path.is_file():
        return []
    con = connect(path, read_only=True)
    try:
        rows = con.execute("SELECT id, name, level FROM areas").fetchall()
    finally:
        con.close()
    ranks = {level.value: level.rank for level in AreaLevel}
    return [AreaChoice(id=id_, name=name, level=level) for id_, name, level
            in sorted(rows, key=lambda r: (ranks.get(r[2], len(ranks)), r[1]))]
