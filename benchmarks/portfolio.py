"""Times of the portfolio over COUNT generated assessments, beside a bare DuckDB scan.

Run by hand: `.venv/bin/python benchmarks/portfolio.py [COUNT]` (default 1,000; figures go in the
README). It writes COUNT assessments into a temporary file store, each a variant of one of the
three demos (another id, organisation, department, committee, meeting year, status, and a
random part of its answers and cited figures dropped, so outcomes and flags vary), committed
straight through the file backend with the summary the domain would give it. Then it times:

- the cold build of the index (every assessment read, scored or its approved result taken,
  and its rows written);
- a refresh when nothing changed (the store's listing compared with the index) and after one
  save;
- each query of `eia.portfolio.figures.figures` (every figure, one filter) on the built index;
- the same through `eia.services.portfolio.portfolio`, as the page and the command call it
  (the refresh check, then the query);
- the floor: a bare DuckDB scan of the same index (`SELECT recommended, count(*) ... GROUP BY`),
  over the same connection kind.

`--replicate K` then copies every row of the built index K-1 more times under new ids (the
store is not touched) and times the queries and the floor again, on K × COUNT assessments: a
100,000-assessment index from 10,000 written (`portfolio.py 10000 --replicate 10`) without
writing and scoring 100,000 files first.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from eia.model import Assessment, Status
from eia.portfolio.columns import TABLES
from eia.portfolio.figures import Filters, figures
from eia.portfolio.index import PortfolioIndex
from eia.questions import get_question_set
from eia.rules import score
from eia.services.assessments import AssessmentService
from eia.services.portfolio import index_for, portfolio, refresh
from eia.storage.files import FileBackend
from eia.store import Summary

REPO = Path(__file__).resolve().parent.parent
ORGANISATIONS = ["helsingborg", "malmo", "lund"]
COMMITTEES = ["Kulturnämnden", "Kommunstyrelsen", "Skol- och fritidsnämnden",
              "Vård- och omsorgsnämnden", "Stadsbyggnadsnämnden"]
DEPARTMENTS = ["Kulturförvaltningen", "Stadsledningsförvaltningen", "Skol- och fritids",
               "Vård- och omsorg", "Stadsbyggnad"]
STATUSES = [Status.draft, Status.in_review, Status.returned, Status.approved]
TODAY = date(2027, 10, 1)

FILTERS = {
    "no filter": Filters(),
    "one committee": Filters(committees=("Kulturnämnden",)),
    "year 2026, approved": Filters(years=(2026,), statuses=(Status.approved,)),
    "set version 1.1, two organisations": Filters(set_versions=("helsingborg@1.1",),
                                                  organisations=("malmo", "lund")),
}


def variant(base: Assessment, index: int, rng: random.Random) -> Assessment:
    """One generated assessment: a demo with its facts and part of its answers varied."""
    data = base.model_dump(mode="json")
    key = f"bench-{index:06d}"
    status = rng.choice(STATUSES)
    first = data["history"][0]
    data.update(id=key, revision=1, status=status.value, organisation=rng.choice(ORGANISATIONS),
                history=[{**first, "revision": 1}], judgements=[], attachments=[],
                sign_off=None, approved_result=None)
    data["decision"].update(title=f"Beslut {index}", department=rng.choice(DEPARTMENTS),
                            committee=rng.choice(COMMITTEES),
                            meeting_date=f"{rng.randint(2023, 2027)}-{rng.randint(1, 12):02d}-15")
    data["answers"] = {qid: answer for qid, answer in data["answers"].items()
                       if rng.random() > 0.3}
    if rng.random() < 0.4:
        data["evidence"]["context_figures"] = []
    assessment = Assessment.model_validate(data)
    if status is Status.approved:
        question_set = get_question_set(assessment.question_set.id,
                                        assessment.question_set.version)
        result = score(assessment, question_set).model_dump(mode="json")
        sign_off = {"by": first["by"], "role": "", "signed_on": "2026-12-01"}
        assessment = Assessment.model_validate({**assessment.model_dump(mode="json"),
                                                "approved_result": result,
                                                "sign_off": sign_off})
    return assessment


def write_store(root: Path, count: int) -> None:
    demos = [Assessment.from_json(path.read_bytes())
             for path in sorted((REPO / "assessments").glob("demo-*.json"))]
    backend = FileBackend(root)
    rng = random.Random(14)
    for index in range(count):
        assessment = variant(demos[index % len(demos)], index, rng)
        data = (assessment.model_dump_json(indent=2) + "\n").encode("utf-8")
        backend.commit(assessment.id, 1, data, Summary.of(assessment).model_dump(mode="json"),
                       expected=None)


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_ms(action: Callable[[], object], runs: int) -> float:
    return statistics.median(seconds(action) for _ in range(runs)) * 1000


def time_queries(index: PortfolioIndex, label: str) -> None:
    with index.reading() as con:
        total = con.sql("SELECT count(*) FROM assessments").fetchall()[0][0]
        for name, chosen in FILTERS.items():
            print(f"{label}figures over {total:,}, {name}: "
                  f"{median_ms(lambda c=chosen: figures(con, c, TODAY), 15):.1f} ms")
        bare = "SELECT recommended, count(*) FROM assessments GROUP BY recommended"
        print(f"{label}bare DuckDB scan of the same index: "
              f"{median_ms(lambda: con.sql(bare).fetchall(), 15):.1f} ms")


def replicate(index: PortfolioIndex, times: int) -> None:
    """Every row of the index `times` - 1 more times, each copy's ids suffixed `-k`."""
    assert index.path is not None
    con = duckdb.connect(str(index.path))
    try:
        for table in TABLES:
            con.execute(f"CREATE TEMP TABLE original_{table} AS SELECT * FROM {table}")
            for copy in range(1, times):
                con.execute(f"INSERT INTO {table} SELECT * REPLACE (id || '-{copy}' AS id) "
                            f"FROM original_{table}")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def main(count: int, times: int = 1) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        print(f"writing {count} assessments …", flush=True)
        write_store(root, count)
        service = AssessmentService.for_folder(root)
        strategist = service.user("demo-strategist")
        service.store.list()  # the listing index built, as any earlier page view would
        cold = seconds(lambda: refresh(service.store))
        print(f"cold build of the index ({count} read and scored): {cold * 1000:,.0f} ms")
        print(f"refresh, nothing changed: {median_ms(lambda: refresh(service.store), 5):.0f} ms")
        index = index_for(service.store)
        size = index.path.stat().st_size if index.path else 0
        print(f"index file: {size / 2**20:.1f} MiB")

        time_queries(index, "")
        for name, chosen in FILTERS.items():
            print(f"portfolio() (refresh check + figures), {name}: "
                  f"{median_ms(lambda c=chosen: portfolio(service, strategist, c, TODAY), 5):.0f}"
                  " ms")
        officer = service.user("demo-officer")
        item = next(item for item in service.list(officer).items
                    if item.status in (Status.draft, Status.returned)
                    and officer.id in item.officers)
        current = service.store.get(item.id)
        service.update(officer, item.id, expected_revision=current.revision,
                       changes={"decision": {**current.decision.model_dump(mode="json"),
                                             "title": "Ändrad"}})
        print(f"refresh after one save: {seconds(lambda: refresh(service.store)) * 1000:.0f} ms")
        if times > 1:
            replicate(index, times)
            time_queries(index, "replicated: ")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    replicas = 1
    if "--replicate" in arguments:
        at = arguments.index("--replicate")
        replicas = int(arguments[at + 1])
        del arguments[at:at + 2]
    main(int(arguments[0]) if arguments else 1000, replicas)
