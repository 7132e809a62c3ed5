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
    withheld = {cell.row for cell in cells if cell.value is not None and cell.value < min_count}
    hidden = withheld | {cell.row for cell in cells if cell.value is None}
    added: set[int] = set()
    lines = _lines(cells)
    changed = bool(withheld)
    while changed:
        changed = False
        for total, parts in lines:
            members = [total, *parts]
            hidden_here = [cell for cell in members if cell.row in hidden]
            if len(hidden_here) != 1 or hidden_here[0].row not in withheld | added:
                continue
            shown = [cell for cell in parts if cell.row not in hidden]
            if not shown:
                continue
            chosen = min(shown, key=lambda cell: (cell.value, cell.row))
            added.add(chosen.row)
            hidden.add(chosen.row)
            changed = True
    return added


def _lines(cells: Sequence[Cell]) -> list[tuple[Cell, list[Cell]]]:
    """Every (total, categories) line: cells alike in all but one breakdown, with its total."""
    width = len(cells[0].codes) if cells else 0
    lines: list[tuple[Cell, list[Cell]]] = []
    for at in range(width):
        grouped: dict[tuple[Hashable, tuple[str, ...]], list[Cell]] = defaultdict(list)
        for cell in cells:
            grouped[cell.table, cell.codes[:at] + cell.codes[at + 1:]].append(cell)
        for members in grouped.values():
            totals = [cell for cell in members if cell.codes[at] == TOTAL]
            parts = [cell for cell in members if cell.codes[at] != TOTAL]
            if totals and parts:
                lines.append((totals[0], parts))
    return lines
