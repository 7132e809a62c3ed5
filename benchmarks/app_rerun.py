"""One rerun of a ground step of the wizard against a bare Streamlit script of the same elements.

Issue 12 asks that a rerun of a ground step take at most twice what a bare Streamlit script with
the same widgets takes. The page is the age step (`?assessment=demo-branch-library&step=
impact-age`) of a copy of the demo library assessment in a temporary store, with a context
database built from the bundled sources (so the groups to pick, and any figures or charts the
step shows, are there), in Streamlit's AppTest, acting as the demo officer, in Swedish.

The floor is made from that page's own element tree by `app_bare.py`: the same widgets (kinds,
labels, options, values, keys), markdown, headings, alerts, charts and containers, in the
sidebar and the main area, and nothing else. So the floor follows the page when it changes;
what the generator cannot copy is counted and printed beside the figures.

After a first run of each and warm-up rounds, the two rerun in turn RUNS times; the figures are
the medians of each and the median of the rounds' ratios, wall clock and CPU time of the process.

Run by hand: `.venv/bin/python benchmarks/app_rerun.py [--step impact-age] [--runs 101]
[--context PATH] [--keep]` (figures go in the README). `--context` uses a built database
instead of building one; `--keep` leaves the temporary folder (and the bare script) in place.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from app_bare import bare_script
from app_timing import APP, open_page, paired, setup_apptest

from eia.context.build import build

ROOT = Path(__file__).resolve().parent.parent
DEMO = "demo-branch-library"


def kinds(tree: Any) -> Counter[str]:
    """Every element and block by kind, below the main area and the sidebar."""
    found: Counter[str] = Counter()
    stack = [part for part in tree.children.values() if part.type in ("main", "sidebar")]
    while stack:
        node = stack.pop()
        for child in getattr(node, "children", {}).values():
            found[child.type] += 1
            stack.append(child)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--step", default="impact-age")
    parser.add_argument("--runs", type=int, default=101)
    parser.add_argument("--context", type=Path, help="a built context database to use")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    setup_apptest()
    folder = Path(tempfile.mkdtemp(prefix="eia-bench-rerun-"))
    try:
        store = folder / "store"
        store.mkdir()
        shutil.copy(ROOT / "assessments" / f"{DEMO}.json", store)
        database = args.context or folder / "context.duckdb"
        if args.context is None:
            build(ROOT / "data" / "sources", database)
        env = {"EIA_ASSESSMENTS_DIR": str(store), "EIA_CONTEXT_DB": str(database)}
        ours = open_page(APP, env, {"assessment": DEMO, "step": args.step}, name="the step")
        ours.rerun()  # the floor is made from a rerun's tree, as timed
        bare = bare_script(ours.test._tree)
        script = folder / "bare_page.py"
        script.write_text(bare.script(), encoding="utf-8")
        floor = open_page(script, {}, name="the bare script")
        drawn, again = kinds(ours.test._tree), kinds(floor.test._tree)
        print(f"{DEMO}, step {args.step}: {sum(drawn.values())} elements drawn "
              f"({', '.join(f'{n} {k}' for k, n in drawn.most_common())})")
        charts = drawn["vega_lite_chart"] + drawn["arrow_vega_lite_chart"]
        print(f"charts: {charts} on the page, {again['vega_lite_chart']} in the bare script")
        if bare.not_copied:
            print(f"not copied into the bare script: {dict(bare.not_copied)}")
        if drawn - bare.not_copied != again:
            print(f"the bare script draws otherwise: {dict(again)}")
        result = paired(ours.rerun, floor.rerun, args.runs)
        print(result.line(f"rerun of {args.step}", "the bare script"))
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
