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
