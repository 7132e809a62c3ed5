"""Reading the context database: which figures speak to a ground, suppressed and compared.

Every figure leaves this module already judged fit to publish: counts on too few people and survey
figures on too few respondents are withheld here, not in the UI, and so is any count that would
give a withheld one away (secondary suppression, `eia.context.suppression`), so no page, chart or
export can leak them. A figure always compares a group with its comparison group in the same
indicator, area, period and source, so a gap never mixes real and synthetic figures or two
vintages. Each side of a figure carries its category codes beside its label.

Which figures speak to a ground:
  (a) rows broken down by the ground's breakdown (e.g. sex), each compared with the row identical in
      everything but that breakdown, which holds the category's comparison group (or 'total') – so
      crossed rows compare like with like (women 65–84 against men 65–84);
  (b) indicators that name the ground themselves, in an area against the larger area it lies in
      (its municipality, or the largest area above it), and, for a ground with no breakdown of its
      own (religion), through all their breakdowns;
  (c) for socioeconomic status, every indicator in an area against that larger area (the plan's
      socioeconomic lens is where people live).
Without a period, each indicator's latest period per area and source is used, so a real baseline
is never hidden behind a newer synthetic demo figure. Periods compare as text ('2021' < '2025').
The breakdowns, their categories, labels and grounds are read from the database (breakdowns.yaml
and what the sources added), never from code.

Everything is read with parameterised SQL in DuckDB: one query finds the figures and joins each
to its comparison row, one reads the count tables for secondary suppression, and small ones read
the vocabulary and the names and parents of areas, indicators and sources. Python only shapes
the rows that come back. Connections should be read-only (`eia.context.db.connect`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import duckdb

from eia.context.db import DIMENSION_COLUMNS
from eia.context.findings import GroupGap
from eia.context.model import (
    DIMENSION_GROUND,
    TOTAL,
    AreaLevel,
    Dimension,
    EvidenceGap,
    Figure,
    GroundContext,
    IndicatorInfo,
    IndicatorKind,
    Measure,
    SuppressionPolicy,
)
from eia.context.suppression import Cell, secondary
from eia.i18n import Lang, Text, format_number, t
from eia.model import Ground

WORSE_OFF_MARGIN = 0.10
"""Without confidence intervals on both sides, a group counts as worse off when it is on the worse
side by at least this share of the comparison value (10 %): register figures have no sampling
error, but a gap of a few per cent is within year-to-year noise and would flag almost everything."""

Z95 = 1.959963984540054
"""The normal quantile for a two-sided 95 % interval."""

GROUND_DIMENSION: dict[Ground, Dimension] = {g: d for d, g in DIMENSION_GROUND.items()}
"""The breakdown that speaks to a ground (religion has none), as breakdowns.yaml declares it."""

DEFAULT_POLICY = SuppressionPolicy()
"""Counts under 5 and survey figures on under 30 respondents are withheld (SuppressionPolicy)."""

_DIMENSIONS = list(Dimension)


@dataclass
class _Vocabulary:
    """The breakdowns and categories of one database (breakdowns.yaml and what its sources
    added), read once per call, with the labels built from them remembered for the call."""

    labels: dict[tuple[str, str], Text]
    order: dict[tuple[str, str], int]
    comparisons: dict[tuple[str, str], str | None]
    references: frozenset[tuple[str, str]]
    totals: dict[str, Text]
    built: dict[tuple[tuple[str, str], ...], Text] = field(default_factory=dict)

    def label(self, parts: tuple[tuple[str, str], ...]) -> Text:
        """'Women, aged 65–84': the compared category first, then the row's other breakdowns."""
        found = self.built.get(parts)
        if found is None:
            texts = [self.totals[d] if code == TOTAL else self.labels.get((d, code), t(code, code))
                     for d, code in parts]
            head, rest = texts[0], texts[1:]
            found = self.built[parts] = t(
                ", ".join([head.sv, *(_lower_first(x.sv) for x in rest)]),
                ", ".join([head.en, *(_lower_first(x.en) for x in rest)]))
        return found

    def mirror(self, dimension: str, code: str, comparison: str) -> bool:
        """Whether this comparison is the other half of one listed already: men against women
        once women against men is there (the category that comes first is kept)."""
        return (self.comparisons.get((dimension, comparison)) == code
                and self.order.get((dimension, code), 0)
                > self.order.get((dimension, comparison), 0))


def _vocabulary(con: duckdb.DuckDBPyConnection) -> _Vocabulary:
    categories = con.execute("SELECT dimension, code, label_sv, label_en, comparison, reference, "
                             "ordinal FROM categories").fetchall()
    totals = con.execute("SELECT dimension, total_sv, total_en FROM breakdowns").fetchall()
    return _Vocabulary(
        labels={(d, code): t(sv, en) for d, code, sv, en, *_ in categories},
        order={(d, code): ordinal for d, code, *_, ordinal in categories},
        comparisons={(d, code): comparison for d, code, _, _, comparison, *_ in categories},
        references=frozenset((d, code) for d, code, *_, reference, _ in categories if reference),
        totals={d: t(sv, en) for d, sv, en in totals})


def _area_comparisons(con: duckdb.DuckDBPyConnection, areas: Sequence[str]) -> dict[str, str]:
    """The larger area each asked area is compared with: the municipality it lies in, or, for
    an area above any municipality, the largest area it belongs to (a county in its country).
    An area that is itself that area (the city asked about itself) has none."""
    parents = {id_: (level, parent) for id_, level, parent in con.execute(
        "SELECT id, level, parent FROM areas").fetchall()}
    found: dict[str, str] = {}
    for area in areas:
        chain, current = [], area
        while current in parents and current not in chain:
            chain.append(current)
            current = parents[current][1]
        larger = [a for a in chain[1:] if parents[a][0] == AreaLevel.municipality.value]
        compared = larger[0] if larger else (chain[-1] if chain else area)
        if compared != area:
            found[area] = compared
    return found


# --- SQL -----------------------------------------------------------------------------------------


def _all_total(alias: str) -> str:
    return " AND ".join(f"{alias}.{column} = 'total'" for column in DIMENSION_COLUMNS)


_PAIR_COLUMNS = ", ".join(
    ["g.indicator", "g.area", "g.period", "g.source",
     *(f"g.{column}" for column in DIMENSION_COLUMNS),
     "g.value", "g.base", "g.ci_low", "g.ci_high", "g.status",
     "r.indicator IS NOT NULL AS found", "r.value", "r.base", "r.ci_low", "r.ci_high",
     "r.status", "g.row", "r.row"])
_SCOPE_COLUMNS = ", ".join(["indicator", "area", "period", "source", *DIMENSION_COLUMNS,
                            "value", "base", "ci_low", "ci_high", "status", "rowid AS row"])


def _latest(name: str, rows: str, period: str | None) -> tuple[str, str]:
    """Rows (`rows` is a FROM ... WHERE ...) in the period asked, or else in each indicator's
    latest period per area and source: a CTE `name`, and the join that keeps a table to those
    (indicator, area, period, source). An aggregate and a semi-join, not a window: 2–3 times
    faster in DuckDB on tens of thousands of rows."""
    if period is not None:
        return f"{name} AS (SELECT g.* {rows})", ""
    cte = f"""{name}_latest AS (
            SELECT g.indicator, g.area, g.source, max(g.period) AS period {rows}
            GROUP BY ALL),
        {name} AS (
            SELECT g.* {rows}
            AND (g.indicator, g.area, g.source, g.period) IN (
                SELECT (indicator, area, source, period) FROM {name}_latest))"""
    return cte, f"{name}_latest"


def _context_sql(breakdowns: Sequence[tuple[Dimension, bool]], n_areas: int, n_pairs: int,
                 period: str | None) -> str:
    """One query for (a), (b) and (c) and every breakdown asked; every value is a parameter.

    `observations` is read once (the chosen areas, and the larger areas they are compared
    with) into `scope`; the groups and their comparison rows are all taken from there. Each
    breakdown is (dimension, only the indicators in `$only`); area comparisons are the pairs
    ($p<i>, $c<i>): area and the larger area it is compared with."""
    areas_in = ", ".join(f"$a{i}" for i in range(n_areas))
    larger_in = ", ".join(f"$c{i}" for i in range(n_pairs))
    larger_totals = f"(area IN ({larger_in}) AND {_all_total('observations')})"
    if not breakdowns:
        scope = f"area IN ({areas_in}, {larger_in}) AND {_all_total('observations')}"
    elif n_pairs:
        scope = f"(area IN ({areas_in}) OR {larger_totals})"
    else:
        scope = f"area IN ({areas_in})"
    if period is not None:
        scope += " AND period = $period"
    parts = [f"scope AS MATERIALIZED (SELECT {_SCOPE_COLUMNS} FROM observations WHERE {scope})"]
    unions = []
    for index, (dimension, only_listed) in enumerate(breakdowns):
        d = dimension.value
        same = " AND ".join(f"r.{c} = g.{c}" for c in DIMENSION_COLUMNS if c != d)
        listed = " AND list_contains($only, g.indicator)" if only_listed else ""
        cte, latest = _latest(
            f"breakdown{index}",
            f"FROM scope g WHERE g.area IN ({areas_in}) AND g.{d} <> 'total'{listed}", period)
        parts.append(cte)
        candidates = "scope" if not latest else (
            f"(SELECT * FROM scope WHERE (indicator, area, source, period) IN "
            f"(SELECT (indicator, area, source, period) FROM {latest}))")
        unions.append(f"""
            SELECT {_PAIR_COLUMNS}, '{d}' AS dimension, COALESCE(c.comparison, 'total')
            FROM breakdown{index} g
            LEFT JOIN categories c ON c.dimension = '{d}' AND c.code = g.{d}
            LEFT JOIN {candidates} r
              ON r.indicator = g.indicator AND r.area = g.area AND r.period = g.period
             AND r.source = g.source AND r.{d} = COALESCE(c.comparison, 'total') AND {same}""")
    if n_pairs:
        pairs = ", ".join(f"($p{i}, $c{i})" for i in range(n_pairs))
        parts.append(f"pairs (area, larger) AS (VALUES {pairs})")
        cte, _ = _latest("area_rows", "FROM scope g WHERE g.area IN (SELECT area FROM pairs) "
                         f"AND list_contains($named, g.indicator) AND {_all_total('g')}", period)
        parts.append(cte)
        unions.append(f"""
            SELECT {_PAIR_COLUMNS}, NULL::VARCHAR, p.larger
            FROM area_rows g
            JOIN pairs p ON p.area = g.area
            LEFT JOIN (SELECT * FROM scope WHERE {_all_total("scope")}) r
              ON r.area = p.larger AND r.indicator = g.indicator AND r.period = g.period
             AND r.source = g.source""")
    return f"WITH {', '.join(parts)} {' UNION ALL '.join(unions)}"


# --- measures ------------------------------------------------------------------------------------


def wilson_interval(percent: float, base: int) -> tuple[float, float]:
    """The 95 % Wilson score interval, in percent, of `percent` % of `base` respondents.

    Wilson rather than the normal approximation because it stays inside 0–100 and is honest for
    the small groups and extreme shares that equality data is full of."""
    p, n, z2 = percent / 100, base, Z95 * Z95
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half) * 100, min(1.0, centre + half) * 100


@lru_cache(maxsize=16)
def _withheld_count(policy: SuppressionPolicy) -> Text:
    n = policy.min_count
    return t(f"Färre än {n} personer", f"Fewer than {n} people")


@lru_cache(maxsize=16)
def _withheld_base(policy: SuppressionPolicy) -> Text:
    n = policy.min_base
    return t(f"Färre än {n} svarande", f"Fewer than {n} respondents")


@lru_cache(maxsize=64)
def _not_published(status: str | None) -> Text:
    if status:
        return t(f"Inte publicerad av källan ({status})", f"Not published by the source ({status})")
    return t("Ingen siffra från källan", "No figure from the source")


SECONDARY = t("Döljs så att en dold siffra inte kan räknas fram ur den och summan",
              "Withheld so that a withheld figure cannot be worked out from it and the total")

NO_COMPARISON = t("Källan har ingen siffra för jämförelsegruppen",
                  "The source has no figure for the comparison group")


def _measure(label: Text, code: str, codes: tuple[tuple[str, str], ...], kind: IndicatorKind,
             row: Sequence[Any], found: bool, policy: SuppressionPolicy, *,
             secondary: bool = False) -> Measure:
    """One side of a comparison, withheld when it rests on too few people.

    `row` is (value, base, ci_low, ci_high, status). A withheld measure keeps only its label,
    its upstream status and the reason: value, base and interval are dropped here."""
    named = {"label": label, "code": code, "codes": codes}
    if not found:
        return Measure(**named, value=None, suppressed=NO_COMPARISON, withheld="no_comparison")
    value, base, ci_low, ci_high, status = row
    if value is None:
        return Measure(**named, value=None, status=status, suppressed=_not_published(status),
                       withheld="unpublished")
    if kind is IndicatorKind.count and value < policy.min_count:
        return Measure(**named, value=None, status=status, suppressed=_withheld_count(policy),
                       withheld="count")
    if secondary:
        return Measure(**named, value=None, status=status, suppressed=SECONDARY,
                       withheld="secondary")
    if base is not None and base < policy.min_base:
        return Measure(**named, value=None, status=status, suppressed=_withheld_base(policy),
                       withheld="base")
    if (kind is IndicatorKind.proportion and base and ci_low is None and ci_high is None
            and 0 <= value <= 100):
        ci_low, ci_high = wilson_interval(value, base)
    return Measure(**named, value=value, base=base, ci_low=ci_low, ci_high=ci_high,
                   status=status)


def _worse_off(group: Measure, comparison: Measure, kind: IndicatorKind,
               higher_is_better: bool) -> bool | None:
    """Whether the group is worse off than chance or noise would explain; None if unknowable.

    A count says how many, not how well off: 37 women and 33 men receiving home care tells
    nothing about either group's conditions, so counts are never judged."""
    if group.value is None or comparison.value is None or kind is IndicatorKind.count:
        return None
    gap = group.value - comparison.value
    if (gap < 0) is not higher_is_better or gap == 0:
        return False
    low, high = group.ci_low, group.ci_high
    c_low, c_high = comparison.ci_low, comparison.ci_high
    if low is not None and high is not None and c_low is not None and c_high is not None:
        return high < c_low if higher_is_better else low > c_high
    return abs(gap) >= WORSE_OFF_MARGIN * abs(comparison.value)


# --- labels --------------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- the query -----------------------------------------------------------------------------------


# Where things are in a result row: see _PAIR_COLUMNS, then the dimension and the comparison code
# (for an area comparison, the larger area's id).
_CODES = slice(4, 4 + len(DIMENSION_COLUMNS))
_VALUE = _CODES.stop
_GROUP = slice(_VALUE, _VALUE + 5)
_FOUND = _VALUE + 5
_COMPARISON = slice(_FOUND + 1, _FOUND + 6)
_ROWS = (_FOUND + 6, _FOUND + 7)
_DIMENSION, _CMP = _FOUND + 8, _FOUND + 9


def context_for(con: duckdb.DuckDBPyConnection, ground: Ground, areas: Sequence[str],
                period: str | None = None,
                policy: SuppressionPolicy = DEFAULT_POLICY) -> GroundContext:
    """Every figure that speaks to `ground` in `areas` (and `period`, else each latest), suppressed
    and compared, with an evidence gap where the data is silent. Pure read: never writes.

    Figures come ordered by indicator, area (in the order asked), period, source, then area
    comparisons before breakdowns, each breakdown in the order of its categories (plain rows
    before crossed ones), so the same call always gives the same result. A comparison of counts
    is listed once (women against men, not also men against women): counts are never judged."""
    wanted = list(dict.fromkeys(areas))
    larger = _area_comparisons(con, wanted)
    names = _area_names(con, [*wanted, *larger.values()])
    vocabulary = _vocabulary(con)
    figures: list[tuple[tuple[Any, ...], Figure]] = []
    dimension = GROUND_DIMENSION.get(ground)
    indicators = con.execute(
        "SELECT id, title_sv, title_en, unit, kind, higher_is_better, "
        "list_contains(grounds, $ground) FROM indicators ORDER BY id",
        {"ground": ground.value}).fetchall()
    # (b) and (c) only for areas that lie in a larger one; a count in a neighbourhood against
    # the city's count compares sizes of places, not groups, so counts are left out
    named = [row[0] for row in indicators
             if row[4] != IndicatorKind.count.value and (row[6] or ground is Ground.socioeconomic)
             ] if larger else []
    # a ground with no breakdown of its own (religion) is spoken to by the indicators that name
    # it, through every breakdown they have (religion-related violations by sex, by birth region)
    direct = [row[0] for row in indicators if row[6]] if dimension is None else []
    breakdowns: list[tuple[Dimension, bool]] = []
    if wanted and dimension is not None:
        breakdowns.append((dimension, False))
    if wanted and direct:
        breakdowns += [(other, True) for other in Dimension]
    pairs = list(larger.items()) if named else []
    if named or breakdowns:
        params: dict[str, Any] = {f"a{i}": area for i, area in enumerate(wanted)}
        for i, (area, compared) in enumerate(pairs):
            params.update({f"p{i}": area, f"c{i}": compared})
        if named:
            params["named"] = named
        if direct and breakdowns:
            params["only"] = direct
        if period is not None:
            params["period"] = period
        rows = con.execute(_context_sql(breakdowns, len(wanted), len(pairs), period),
                           params).fetchall()
        meta = {row[0]: row[1:6] for row in indicators}
        sources = {row[0]: row[1:] for row in con.execute(
            "SELECT id, citation, licence, synthetic FROM sources").fetchall()}
        counts = {row[0] for row in indicators if row[4] == IndicatorKind.count.value}
        tables = {tuple(row[0:4]) for row in rows if row[0] in counts}
        shape = _Shape(vocabulary, names, {area: i for i, area in enumerate(wanted)}, policy,
                       _secondary_rows(con, tables, policy) if tables else set())
        infos: dict[tuple[str, str], IndicatorInfo] = {}
        for row in rows:
            if shape.left_out(row, meta[row[0]][3]):
                continue
            indicator, source = row[0], row[3]
            info = infos.get((indicator, source))
            if info is None:
                title_sv, title_en, unit, kind, better = meta[indicator]
                citation, licence, synthetic = sources[source]
                info = infos[indicator, source] = IndicatorInfo(
                    id=indicator, title=t(title_sv, title_en), unit=unit,
                    kind=IndicatorKind(kind), higher_is_better=better, source=source,
                    citation=citation, licence=licence, synthetic=synthetic)
            figures.append(shape.figure(row, info))
    figures.sort(key=lambda pair: pair[0])
    result = [figure for _, figure in figures]
    return GroundContext(ground=ground, areas=list(areas), period=period, figures=result,
                         gaps=_gaps(ground, wanted, names, period, result))


def _secondary_rows(con: duckdb.DuckDBPyConnection, tables: set[tuple[Any, ...]],
                    policy: SuppressionPolicy) -> set[int]:
    """The rows to withhold beside withheld counts (see eia.context.suppression), in the count
    tables (indicator, area, period, source) the figures come from, and any other table the
    same lists of indicators, areas, periods and sources give (harmless: more rows protected).
    Their rows are read in one scan, areas and periods as IN lists so DuckDB skips other areas'
    row groups; only tables holding a withheld count are looked at further."""
    keys = [sorted(set(column)) for column in zip(*tables, strict=True)]
    params: dict[str, Any] = {"i": keys[0], "s": keys[3]}
    params.update({f"a{n}": area for n, area in enumerate(keys[1])})
    params.update({f"p{n}": period for n, period in enumerate(keys[2])})
    areas = ", ".join(f"$a{n}" for n in range(len(keys[1])))
    periods = ", ".join(f"$p{n}" for n in range(len(keys[2])))
    rows = con.execute(f"""
        SELECT rowid, indicator, area, period, source, {", ".join(DIMENSION_COLUMNS)}, value
        FROM observations
        WHERE area IN ({areas}) AND period IN ({periods}) AND list_contains($i, indicator)
          AND list_contains($s, source)""", params).fetchall()
    width = len(DIMENSION_COLUMNS)
    cells = [Cell(row[0], row[1:5], tuple(row[5:5 + width]), row[5 + width]) for row in rows]
    small = {cell.table for cell in cells
             if cell.value is not None and cell.value < policy.min_count}
    return secondary([cell for cell in cells if cell.table in small], policy.min_count)


def _as_a_whole(name: str) -> Text:
    return t(f"{name} som helhet", f"{name} as a whole")


@dataclass
class _Shape:
    """Turns result rows into figures for one call, building each Measure once: an observation
    is often the group of one figure and the comparison of others (women against men, men
    against women; every age band against one total)."""

    vocabulary: _Vocabulary
    names: dict[str, str]
    position: dict[str, int]
    policy: SuppressionPolicy
    secondary: set[int]
    """Rows withheld so that a withheld count cannot be worked out from them."""
    measures: dict[tuple[int | None, bool], Measure] = field(default_factory=dict)
    sides: dict[tuple[str, str, tuple[str, ...]], Any] = field(default_factory=dict)
    """Labels, codes and order per (dimension, comparison, codes): rows repeat them per period
    and indicator."""

    def left_out(self, row: Sequence[Any], kind: str) -> bool:
        """A reference group (born in Sweden, ...) is what others are compared with, not a
        group; the mirror of a comparison of counts repeats it."""
        dimension = row[_DIMENSION]
        if dimension is None:
            return False
        code = row[_CODES][DIMENSION_COLUMNS.index(dimension)]
        return (dimension, code) in self.vocabulary.references or (
            kind == IndicatorKind.count.value
            and self.vocabulary.mirror(dimension, code, row[_CMP]))

    def figure(self, row: Sequence[Any], info: IndicatorInfo) -> tuple[tuple[Any, ...], Figure]:
        indicator, area, period, source = row[0:4]
        dimension, by_area = row[_DIMENSION], row[_DIMENSION] is None
        area_name = self.names.get(area, area)
        codes = tuple(row[_CODES])
        if by_area:
            sides = ((t(area_name, area_name), area, ()),
                     (_as_a_whole(self.names.get(row[_CMP], row[_CMP])), row[_CMP], ()))
            order: tuple[Any, ...] = (-1, (), ())
        else:
            key = (dimension, row[_CMP] or TOTAL, codes)
            if key not in self.sides:
                self.sides[key] = self._sides(*key)
            sides, order = self.sides[key]
        group = self._measure(row[_ROWS[0]], by_area, sides[0], info.kind, row[_GROUP], True)
        comparison = self._measure(row[_ROWS[1]] if row[_FOUND] else None, by_area, sides[1],
                                   info.kind, row[_COMPARISON], row[_FOUND])
        # rounded so that 3.2 − 2.1 is 1.1 in every export, not 1.1000000000000005
        gap = (None if group.value is None or comparison.value is None
               else round(group.value - comparison.value, 9))
        figure = Figure(indicator=info, area=area, area_name=area_name, period=period,
                        dimension=dimension, group=group, comparison=comparison, gap=gap,
                        worse_off=_worse_off(group, comparison, info.kind, info.higher_is_better))
        key = (indicator, self.position.get(area, len(self.position)), area, period, source,
               *order)
        return key, figure

    def _sides(self, dimension: str, cmp: str, codes: tuple[str, ...]) -> tuple[
            tuple[tuple[Text, str, tuple[tuple[str, str], ...]], ...], tuple[Any, ...]]:
        """(label, code, codes) of the group and of its comparison, and the figure's place in
        the order: the plain breakdown first, then each crossed one (women, men; women 65–84,
        men 65–84)."""
        at = DIMENSION_COLUMNS.index(dimension)
        code = codes[at]
        crossed = tuple((d, c) for d, c in zip(DIMENSION_COLUMNS, codes, strict=True)
                        if c != TOTAL and d != dimension)
        order = (_DIMENSIONS.index(Dimension(dimension)), *(tuple(
            (DIMENSION_COLUMNS.index(d), self.vocabulary.order.get((d, c), 999), c)
            for d, c in pairs) for pairs in (crossed, ((dimension, code),))))

        def own(category: str) -> tuple[tuple[str, str], ...]:
            return tuple((d, category if d == dimension else c)
                         for d, c in zip(DIMENSION_COLUMNS, codes, strict=True)
                         if (category if d == dimension else c) != TOTAL)

        label = self.vocabulary.label
        return ((label(((dimension, code), *crossed)), code, own(code)),
                (label(((dimension, cmp), *crossed)), cmp, own(cmp))), order

    def _measure(self, row_id: int | None, by_area: bool,
                 side: tuple[Text, str, tuple[tuple[str, str], ...]], kind: IndicatorKind,
                 values: Sequence[Any], found: bool) -> Measure:
        key = (row_id, by_area)
        measure = self.measures.get(key) if row_id is not None else None
        if measure is None:
            label, code, codes = side
            measure = _measure(label, code, codes, kind, values, found, self.policy,
                               secondary=row_id in self.secondary)
            if row_id is not None:
                self.measures[key] = measure
        return measure


# --- evidence gaps -------------------------------------------------------------------------------


def _area_names(con: duckdb.DuckDBPyConnection, areas: Sequence[str]) -> dict[str, str]:
    if not areas:
        return {}
    marks = ", ".join(f"$a{i}" for i in range(len(areas)))
    return dict(con.execute(f"SELECT id, name FROM areas WHERE id IN ({marks})",
                            {f"a{i}": a for i, a in enumerate(areas)}).fetchall())


def _gaps(ground: Ground, areas: Sequence[str], names: dict[str, str], period: str | None,
          figures: Sequence[Figure]) -> list[EvidenceGap]:
    """Say where the data is silent: areas without any figure, and figures none of which can be
    shown (all too few to publish, or not published by the source)."""
    when = (t(period, period) if period is not None
            else t("senaste tillgängliga period", "latest available period"))
    sv, en = ground.label(Lang.sv).lower(), ground.label(Lang.en).lower()
    gaps: list[EvidenceGap] = []
    covered = {figure.area for figure in figures}
    silent = [area for area in areas if area not in covered]
    if silent or not figures:
        listed = ", ".join(names.get(area, area) for area in silent) or "–"
        gaps.append(EvidenceGap(ground=ground, reason=t(
            f"Inga siffror i kontextdatabasen belyser {sv} för {listed} ({when.sv}).",
            f"No figures in the context database speak to {en} for {listed} ({when.en}).")
            if not figures else t(
            f"Siffror om {sv} saknas för {listed} ({when.sv}).",
            f"There are no figures on {en} for {listed} ({when.en}).")))
    if not figures or any(f.group.value is not None and f.comparison.value is not None
                          for f in figures):
        return gaps
    listed = ", ".join(names.get(area, area) for area in areas if area in covered)
    if any(m.withheld in ("count", "base") for f in figures for m in (f.group, f.comparison)):
        gaps.append(EvidenceGap(ground=ground, reason=t(
            f"Siffrorna om {sv} för {listed} ({when.sv}) bygger på för få personer för att "
            "kunna visas.",
            f"The figures on {en} for {listed} ({when.en}) rest on too few people to be "
            "published.")))
    else:
        gaps.append(EvidenceGap(ground=ground, reason=t(
            f"Källorna publicerar inga jämförbara siffror om {sv} för {listed} ({when.sv}).",
            f"The sources publish no comparable figures on {en} for {listed} ({when.en}).")))
    return gaps


# --- what the rules and the UI read ------------------------------------------------------------


def group_gaps(context: GroundContext) -> list[GroupGap]:
    """The figures whose comparison could be judged, in the form the scoring rules read."""
    return [
        GroupGap(ground=context.ground, indicator=f.indicator.id, title=f.indicator.title,
                 group=f.group.label, comparison=f.comparison.label,
                 value=f.group.value, comparison_value=f.comparison.value,
                 unit=f.indicator.unit, area=f.area, period=f.period, worse_off=f.worse_off,
                 synthetic=f.synthetic, source=f.indicator.citation,
                 group_codes=f.group.codes)
        for f in context.figures
        if f.worse_off is not None and f.group.value is not None
        and f.comparison.value is not None
    ]


def indicator_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute("SELECT id FROM indicators ORDER BY id").fetchall()]


def area_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The city first, then districts, then neighbourhoods, each by id."""
    levels = {level.value: level.rank for level in AreaLevel}
    rows = con.execute("SELECT id, level FROM areas").fetchall()
    return [id_ for id_, level in sorted(rows, key=lambda r: (levels.get(r[1], len(levels)),
                                                              r[0]))]


# --- plain text for the CLI ---------------------------------------------------------------------


def _side(measure: Measure, unit: str, lang: Lang) -> str:
    label = measure.label(lang)
    if measure.value is None:
        reason = measure.suppressed(lang) if measure.suppressed else (measure.status or "")
        return f"{label}: – ({reason})"
    text = f"{label}: {format_number(measure.value, lang)} {unit}"
    if measure.ci_low is not None and measure.ci_high is not None:
        text += f" [{format_number(measure.ci_low, lang)}–{format_number(measure.ci_high, lang)}]"
    if measure.status:
        text += f" ({measure.status})"
    return text


def format_context(context: GroundContext, lang: Lang | str) -> str:
    """A plain-text table of the figures, then the evidence gaps: what `eia data show` prints."""
    lang = Lang(lang)
    sv = lang is Lang.sv
    header = (["Indikator", "Område", "Period", "Grupp", "Jämförelse", "Skillnad", "Sämre",
               "Källa"] if sv else
              ["Indicator", "Area", "Period", "Group", "Comparison", "Gap", "Worse off",
               "Source"])
    rows = [header]
    for f in context.figures:
        unit = f.indicator.unit
        gap = "–" if f.gap is None else f"{'+' if f.gap > 0 else ''}{format_number(f.gap, lang)}"
        worse = {True: "JA" if sv else "YES", False: "nej" if sv else "no", None: "–"}[f.worse_off]
        source = f.indicator.source + ((" SYNTETISK" if sv else " SYNTHETIC")
                                       if f.synthetic else "")
        rows.append([f.indicator.title(lang), f.area_name, f.period,
                     _side(f.group, unit, lang), _side(f.comparison, unit, lang), gap, worse,
                     source])
    lines = [f"{context.ground.label(lang)} – " + ", ".join(context.areas)
             + f" ({context.period or ('senaste' if sv else 'latest')})"]
    if len(rows) > 1:
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for index, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                         .rstrip())
            if index == 0:
                lines.append("  ".join("-" * w for w in widths))
    else:
        lines.append("Inga siffror." if sv else "No figures.")
    if any(f.synthetic for f in context.figures):
        lines.append("SYNTETISK = påhittade demonstrationsdata, inte verkliga siffror." if sv
                     else "SYNTHETIC = made-up demonstration data, not real figures.")
    for gap in context.gaps:
        lines.append(("Kunskapslucka: " if sv else "Evidence gap: ") + gap.reason(lang))
    return "\n".join(lines)
