"""What the context data says about a group, in the form the rules read.

The context layer (DuckDB) produces these; the rules only need to know, per ground, which groups
the figures show are already worse off than their comparison group, and where that came from.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from eia.i18n import Text
from eia.model import Ground


class GroupGap(BaseModel):
    """One indicator comparing a group with its comparison group in one area and period."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ground: Ground
    indicator: str
    title: Text
    group: Text
    comparison: Text
    value: float
    comparison_value: float
    unit: str
    area: str
    period: str
    worse_off: bool
    synthetic: bool
    source: str
    group_codes: tuple[tuple[str, str], ...] = ()
    """The group's breakdown categories as (dimension, code): (('sex', 'women'),
    ('age_band', '65_84')); empty for an area compared with the city."""

    def is_about(self, codes: dict[str, str]) -> bool:
        """Whether this figure's group is the named group (or a part of it named more
        narrowly)."""
        return is_about(self.group_codes, self.area, codes)


def is_about(group_codes: tuple[tuple[str, str], ...], area: str, codes: dict[str, str]) -> bool:
    """Whether a figure's group (its breakdown codes, in `area`) is the named group or a part
    of it named more narrowly: every named category matches, an area by the figure's area."""
    mine = dict(group_codes)
    return all(mine.get(dimension) == code if dimension != "area" else area == code
               for dimension, code in codes.items())
