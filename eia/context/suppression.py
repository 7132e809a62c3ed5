"""Secondary suppression: a withheld count must not be recoverable from the figures shown.

Withholding a count of 3 women is pointless if the total (15) and the count of men (12) are
shown: 15 − 12 = 3. Figures broken down by a category add up to their total (give or take SCB's
perturbation, which leaves the difference close), so in every *line* of cells – the total of one
breakdown and its categories, everything else the same – a single hidden cell can be worked out
from the others. Where a line has exactly one hidden cell and that cell is withheld, the smallest
shown category of the line is withheld too; this repeats until no line gives a withheld cell
away (withholding one cell can expose another line, as with sex crossed with age).

A cell the source did not publish ('..') is unknown to a reader as well, so it protects a line
like a withheld one does. A line without its total has nothing to subtract from.

This covers breakdowns within one area. The areas of a city are not assumed to add up to it
(the bundled areas are not an official division), so no line runs across areas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import NamedTuple

from eia.context.model import TOTAL


class Cell(NamedTuple):
    """One observation of a count: its row id, what it belongs to (indicator, area, period,
    source), its breakdown codes in column order, and its value (None: not published)."""

    row: int
    table: Hashable
    codes: tuple[str, ...]
    value: float | None


def secondary(cells: Sequence[Cell], min_count: float) -> set[int]:
    """The row ids to withhold beyond those under `min_count`, so none of those can be derived."""
    tables: dict[Hashable, list[Cell]] = defaultdict(list)
    for cell in cells:
        tables[cell.table].append(cell)
    added: set[int] = set()
    for found in tables.values():
        added |= _table(found, min_count)
    return added


def _table(cells: list[Cell], min_count: float) -> set[int]:
    """Secondary suppression within one table, as a worklist of withheld cells: for each, every
    line through it; a line where it is the only hidden cell gives its smallest shown category
    up, which then joins the worklist. Lines are found only through the cells visited."""
    work = [cell for cell in cells if cell.value is not None and cell.value < min_count]
    if not work:
        return set()
    index = {cell.codes: cell for cell in cells}
    categories = [set(column) for column in zip(*index, strict=True)]
    hidden = {cell.row for cell in cells if cell.value is None or cell.value < min_count}
    added: set[int] = set()
    while work:
        codes = work.pop().codes
        for at, options in enumerate(categories):
            if TOTAL not in options:
                continue
            members = [member for code in options
                       if (member := index.get((*codes[:at], code, *codes[at + 1:]))) is not None]
            if (sum(member.row in hidden for member in members) != 1
                    or not any(member.codes[at] == TOTAL for member in members)):
                continue
            shown = [member for member in members
                     if member.codes[at] != TOTAL and member.row not in hidden]
            if shown:
                chosen = min(shown, key=lambda member: (member.value, member.row))
                added.add(chosen.row)
                hidden.add(chosen.row)
                work.append(chosen)
    return added
