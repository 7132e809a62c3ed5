"""The groups an officer names as affected on a ground, from the context database's breakdown
categories (women; aged 65–84; born abroad), so that the figures chosen are about them.

A reference category (born in Sweden) is what others are compared with, never a group of its
own, so it is not offered. Without a built database the list is empty and the face says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eia.context.db import connect, database_path
from eia.i18n import Text, t
from eia.model import Ground


@dataclass(frozen=True)
class GroupChoice:
    dimension: str
    code: str
    label: Text
    ground: Ground | None

    @property
    def key(self) -> str:
        return f"{self.dimension}={self.code}"


def group_choices(database: Path | None = None) -> list[GroupChoice]:
    """Every category but the references, by ground in the Act's order, then as listed."""
    path = database or database_path()
    if not path.is_file():
        return []
    con = connect(path, read_only=True)
    try:
        rows = con.execute(
            "SELECT c.dimension, c.code, c.label_sv, c.label_en, b.ground, c.ordinal "
            "FROM categories c LEFT JOIN breakdowns b USING (dimension) "
            "WHERE NOT c.reference").fetchall()
    finally:
        con.close()
    order = {ground.value: index for index, ground in enumerate(Ground)}
    rows.sort(key=lambda r: (order.get(r[4], len(order)), r[0], r[5]))
    return [GroupChoice(dimension=dimension, code=code, label=t(sv, en),
                        ground=Ground(ground) if ground in Ground.__members__ else None)
            for dimension, code, sv, en, ground, _ in rows]
