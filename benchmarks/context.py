"""Median time of `context_for` on a context database of a million observations.

The database has the shape the real one will have, only bigger: 30 indicators x 31 areas (the city,
6 districts, 24 neighbourhoods) x 9 periods x 123 breakdown rows (totals, each breakdown on its
own, and sex x age, sex x birth region, sex x disability, sex x education, age x birth region).
It is generated in DuckDB itself (a cross join of small tables), so building it takes seconds.
It is built twice, rows stored as importers write them and sorted by area, and timed on each: a
query reads one or two areas, so the layout decides how much of the table DuckDB must scan.

Run by hand: `.venv/bin/python benchmarks/context.py` (figures go in the README).
"""

from __future__ import annotations

import itertools
import statistics
import tempfile
import time
from pathlib import Path

from eia.context.db import DIMENSION_COLUMNS, connect, create_schema
from eia.context.model import CATEGORIES, CITY, Dimension, IndicatorKind
from eia.context.queries import area_ids, context_for
from eia.model import Ground

INDICATORS = 30
DISTRICTS = 6
NEIGHBOURHOODS = 24
PERIODS = [str(year) for year in range(2017, 2026)]
CROSSED = [(Dimension.sex, Dimension.age_band), (Dimension.sex, Dimension.birth_region),
           (Dimension.sex, Dimension.disability), (Dimension.sex, Dimension.education),
           (Dimension.age_band, Dimension.birth_region)]
KINDS = [IndicatorKind.proportion, IndicatorKind.proportion, IndicatorKind.rate,
         IndicatorKind.count, IndicatorKind.amount]
GROUNDS = [[], [], ["religion"], ["ethnic_origin", "religion"], ["disability"], ["age"]]


def breakdowns() -> list[tuple[str, ...]]:
    """Every breakdown row of one indicator, area and period, as a code per dimension."""
    rows: list[dict[Dimension, str]] = [{}]
    rows += [{d: c.code} for d in Dimension for c in CATEGORIES[d]]
    for first, second in CROSSED:
        rows += [{first: a.code, second: b.code}
                 for a, b in itertools.product(CATEGORIES[first], CATEGORIES[second])]
    return [tuple(row.get(d, "total") for d in Dimension) for row in rows]


LAYOUTS = {
    "as imported (indicator, period, area)": "indicator, period, n, k",
    "sorted by area (area, indicator, period)": "area, indicator, period, k",
}
"""Importers write rows per indicator and period, so one area's rows are spread over the whole
table; a build that sorts by area lets DuckDB skip the row groups of other areas."""


def build(path: Path, order: str) -> int:
    """Write the benchmark database, rows in `order`; return its number of observations."""
    con = connect(path, read_only=False)
    create_schema(con)
    con.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)", [
        ("ramboll", "Baseline", "Ramboll", "Ramboll 2021", "cited", "", False),
        ("demo", "Synthetic demo data", "Likvärdig", "Synthetic demo data", "CC0-1.0", "",
         True)])
    areas = [(CITY, "Helsingborg", "municipality", None)]
    areas += [(f"district_{i:02d}", f"District {i}", "district", CITY) for i in range(DISTRICTS)]
    areas += [(f"hood_{i:02d}", f"Neighbourhood {i}", "neighbourhood",
               f"district_{i % DISTRICTS:02d}") for i in range(NEIGHBOURHOODS)]
    con.executemany("INSERT INTO areas VALUES (?, ?, ?, ?)", areas)
    con.executemany("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (f"indicator_{i:02d}", f"Indikator {i}", f"Indicator {i}", "Definition", "Definition",
         "%", KINDS[i % len(KINDS)].value, i % 2 == 0, GROUNDS[i % len(GROUNDS)], "benchmark")
        for i in range(INDICATORS)])
    columns = ", ".join(f"{c} VARCHAR" for c in DIMENSION_COLUMNS)
    con.execute(f"CREATE TEMP TABLE bd (k INTEGER, {columns})")
    con.executemany(f"INSERT INTO bd VALUES (?, {', '.join('?' for _ in DIMENSION_COLUMNS)})",
                    [(k, *row) for k, row in enumerate(breakdowns())])
    con.execute("CREATE TEMP TABLE a AS SELECT row_number() OVER () - 1 AS n, id FROM areas")
    con.execute("CREATE TEMP TABLE p AS SELECT unnest($periods) AS period", {"periods": PERIODS})
    # One INSERT ... SELECT over a cross join of small tables: no Python loop over the rows.
    con.execute(f"""
        INSERT INTO observations
        SELECT indicator, area, period, {", ".join(f"x.{c}" for c in DIMENSION_COLUMNS)},
               CASE WHEN h % 97 = 0 THEN NULL
                    WHEN kind = 'count' THEN h % 400
                    WHEN kind = 'amount' THEN 150000 + h % 200000
                    ELSE (h % 1000) / 10.0 END AS value,
               CASE WHEN kind = 'proportion' THEN 10 + (h // 1000) % 1500 END AS base,
               NULL, NULL,
               CASE WHEN h % 97 = 0 THEN '..' END AS status,
               CASE WHEN period = '2021' AND indicator < 'indicator_05' THEN 'ramboll'
                    ELSE 'demo' END AS source,
               NULL
        FROM (SELECT i.id AS indicator, i.kind, a.id AS area, a.n, p.period, bd.*,
                     hash(i.id, a.id, p.period, bd.k) % 1000000 AS h
              FROM indicators i CROSS JOIN p CROSS JOIN a CROSS JOIN bd) x
        ORDER BY {order}
    """)
    count = con.execute("SELECT count(*) FROM observations").fetchall()[0][0]
    con.close()
    return count


def median_call(path: Path) -> tuple[list[float], list[int]]:
    """Time 50 calls of `context_for` over every ground, one area or the city and an area, and
    the latest or a given period; return the times (after 5 warm-up calls) and figure counts."""
    con = connect(path)  # read-only, as the app opens it
    areas = area_ids(con)
    calls = [(ground, [areas[(i * 7) % len(areas)]] if i % 3 else [CITY, areas[-1 - i % 20]],
              None if i % 4 else PERIODS[i % len(PERIODS)])
             for i, ground in zip(range(50), itertools.cycle(Ground))]
    for ground, chosen, period in calls[:5]:
        context_for(con, ground, chosen, period)
    times, figures = [], []
    for ground, chosen, period in calls:
        start = time.perf_counter()
        context = context_for(con, ground, chosen, period)
        times.append(time.perf_counter() - start)
        figures.append(len(context.figures))
    con.close()
    return times, figures


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for index, (layout, order) in enumerate(LAYOUTS.items()):
            path = Path(folder) / f"context-{index}.duckdb"
            start = time.perf_counter()
            rows = build(path, order)
            built = time.perf_counter() - start
            times, figures = median_call(path)
            small = [t for t, n in zip(times, figures, strict=True) if n <= 500]
            print(f"{layout}: {rows:,} observations, built in {built:.1f} s "
                  f"({path.stat().st_size / 1e6:.0f} MB)")
            print(f"  context_for, {len(times)} calls over {len(Ground)} grounds "
                  f"({min(figures)}–{max(figures)} figures, median "
                  f"{statistics.median(figures):.0f}): median {statistics.median(times) * 1000:.1f}"
                  f" ms, max {max(times) * 1000:.1f} ms; the {len(small)} calls with at most 500 "
                  f"figures: median {statistics.median(small) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
