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
    """The row ids to withhold beyond those under `min_count`, so none of those can be derived.

    A worklist of withheld cells: for each, every line through it; a line where it is the only
    hidden cell gives its smallest shown category up, which then joins the worklist."""
    index = {(cell.table, cell.codes): cell for cell in cells}
    seen: dict[tuple[Hashable, int], set[str]] = defaultdict(set)
    for cell in cells:
        for at, code in enumerate(cell.codes):
            seen[cell.table, at].add(code)
    hidden = {cell.row for cell in cells if cell.value is None or cell.value < min_count}
    work = [cell for cell in cells if cell.value is not None and cell.value < min_count]
    added: set[int] = set()
    while work:
        cell = work.pop()
        for at in range(len(cell.codes)):
            line = [index.get((cell.table, (*cell.codes[:at], code, *cell.codes[at + 1:])))
                    for code in seen[cell.table, at]]
            members = [member for member in line if member is not None]
            total = [member for member in members if member.codes[at] == TOTAL]
            if not total or sum(member.row in hidden for member in members) != 1:
                continue
            shown = [member for member in members
                     if member.codes[at] != TOTAL and member.row not in hidden]
            if shown:
                chosen = min(shown, key=lambda member: (member.value, member.row))
                added.add(chosen.row)
                hidden.add(chosen.row)
                work.append(chosen)
    return added
