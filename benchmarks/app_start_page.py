"""The app's start page with 10,000 saved assessments against the same page with 10.

Issue 12 asks that the start page with 10,000 saved assessments take at most twice what it takes
with 10. Both stores hold real saved assessments: drafts created through the project's store
(`Store.create`, revision 1 with its "created" event and the listing's index), all with the
local demo officer as officer, so every one of them is in "my drafts", the longest list the page
has. The stores are made once and kept in the temp folder, keyed by count and by the schema and
summary versions; `--fresh` makes them again (10,000 took half a minute here, on eight threads:
each save waits mostly on fsync).

The page is the default one (no query parameters), in Swedish, acting as the demo officer, in
Streamlit's AppTest. After a first run and warm-up rounds, the two pages rerun in turn RUNS
times; the figures are the medians of each and the median of the rounds' ratios, wall clock and
CPU time of the process. Below the page, one listing of each store through the service (the page
asks for two a rerun) is timed the same way, so the share the listing has is seen in one run.

Run by hand: `.venv/bin/python benchmarks/app_start_page.py [--count 10000] [--small 10]
[--runs 11] [--fresh]` (figures go in the README).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app_timing import APP, Side, open_page, paired, setup_apptest, timed

from eia.model import SCHEMA_VERSION, Assessment, QuestionSetRef
from eia.questions import DEFAULT_SET_ID, latest_version
from eia.services.assessments import AssessmentService
from eia.store import SUMMARY_VERSION, store_at
from eia.users import directory

DEPARTMENTS = ("Kulturförvaltningen", "Skol- och fritidsförvaltningen",
               "Vård- och omsorgsförvaltningen", "Stadsbyggnadsförvaltningen",
               "Arbetsmarknadsförvaltningen")
CACHE = Path(tempfile.gettempdir()) / "eia-bench-start-page"


def make_store(folder: Path, count: int) -> None:
    """`count` drafts of the demo officer, through the project's store, a minute apart (the
    newest made last). Saves run on a few threads: each waits mostly on fsync."""
    officer = directory().default
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    moment = threading.local()
    store = store_at(folder, lambda: moment.at)
    question_set = QuestionSetRef(id=DEFAULT_SET_ID, version=latest_version(DEFAULT_SET_ID))

    def create(index: int) -> None:
        department = DEPARTMENTS[index % len(DEPARTMENTS)]
        moment.at = start + timedelta(minutes=index)
        draft = Assessment.model_validate({
            "id": f"bench-{index:05d}", "organisation": officer.organisation,
            "officers": [officer.ref()], "question_set": question_set,
            "decision": {"title": f"Beslut nummer {index} om {department.lower()}",
                         "diary_number": f"KS 2026/{index:05d}", "department": department,
                         "committee": "Kommunstyrelsen"}})
        store.create(draft, by=officer.ref())

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, range(count)))


def cached_store(count: int, fresh: bool) -> Path:
    """The store of `count` drafts, made unless a complete one of this version is kept."""
    place = CACHE / f"{count}-schema{SCHEMA_VERSION}-summary{SUMMARY_VERSION}"
    done = place / "complete"
    if fresh or not done.is_file():
        shutil.rmtree(place, ignore_errors=True)
        (place / "store").mkdir(parents=True)
        print(f"making {count} saved assessments in {place / 'store'} ...", flush=True)
        make_store(place / "store", count)
        done.write_text(f"{count}\n", encoding="utf-8")
    return place / "store"


def start_page(store: Path, count: int) -> Side:
    env = {"EIA_ASSESSMENTS_DIR": str(store),
           "EIA_CONTEXT_DB": str(store.parent / "no-context.duckdb")}
    side = open_page(APP, env, name=f"{count} assessments")
    headings = " ".join(str(h.value) for h in [*side.test.header, *side.test.subheader])
    if f"({count})" not in headings:  # the page must show them all as the demo officer's
        raise SystemExit(f"the start page with {count} assessments shows: {headings}")
    return side


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--fresh", action="store_true", help="make the stores again")
    args = parser.parse_args()
    setup_apptest()
    os.environ.pop("EIA_USERS_FILE", None)  # the local demo mode: the demo officer acts
    stores = cached_store(args.count, args.fresh), cached_store(args.small, args.fresh)
    large, small = start_page(stores[0], args.count), start_page(stores[1], args.small)
    print(f"elements drawn: {len(list(large.test.button))} buttons with {args.count}, "
          f"{len(list(small.test.button))} with {args.small}")
    result = paired(large.rerun, small.rerun, args.runs)
    print(result.line(f"start page with {args.count:,} assessments",
                      f"the same page with {args.small}"))
    listing = paired(listing_of(stores[0]), listing_of(stores[1]), args.runs)
    print(listing.line(f"below it, one listing of {args.count:,} (AssessmentService.list)",
                       f"one of {args.small}"))


def listing_of(store: Path) -> Callable[[], tuple[float, float]]:
    """One listing of the store as the start page asks for it (it asks twice a rerun: the
    work lists and the choice of an assessment to copy)."""
    service = AssessmentService.for_folder(store)
    officer = service.user()
    return timed(lambda: service.list(officer))


if __name__ == "__main__":
    main()
