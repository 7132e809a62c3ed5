"""The portfolio service: the figures over every assessment a user may read, kept current.

The index (`eia.portfolio.index`) lives beside a file store as `.portfolio.duckdb` (the
store's listing skips dot-files) and in memory for any other store. Before each reading it is
brought up to date with the store's listing: an assessment is read and scored again only when
its revision, or its follow-up record's, differs from the one indexed, so a save shows in the
next query and an unchanged store costs one listing.

An assessment counts with its approved result when it has one, else with its score now under
its own set version, without the context figures (reading them for thousands of assessments
would take minutes): the flags only figures raise count where an approved result holds them.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

import duckdb

from eia.errors import EiaError
from eia.model import Assessment
from eia.portfolio.columns import Rows, rows_of
from eia.portfolio.figures import Figures, Filters, figures
from eia.portfolio.index import Key, PortfolioIndex, Refreshed
from eia.problems import Problem, ProblemsError
from eia.questions import get_question_set
from eia.rules import Result, score
from eia.services.assessments import AssessmentService
from eia.storage.backend import StoredRevision
from eia.storage.files import FileBackend
from eia.store import Store
from eia.users import User
from eia.workflow import LOCKED, can_read

INDEX_FILE = ".portfolio.duckdb"

_MEMORY: weakref.WeakKeyDictionary[Store, PortfolioIndex] = weakref.WeakKeyDictionary()
"""The in-memory index of each store kept elsewhere than in files, while the store lives."""


def index_for(store: Store) -> PortfolioIndex:
    if isinstance(store.backend, FileBackend):
        return PortfolioIndex(store.backend.root / INDEX_FILE)
    return _MEMORY.setdefault(store, PortfolioIndex(None))


def counted_result(assessment: Assessment) -> tuple[Result, bool]:
    """The result an assessment is counted with, and whether it is the approved one."""
    if assessment.approved_result is not None:
        return Result.model_validate(assessment.approved_result), True
    question_set = get_question_set(assessment.question_set.id, assessment.question_set.version)
    return score(assessment, question_set), False


def _rows(store: Store, key: str, recorded: bool, problems: list[Problem]) -> Rows:
    """`recorded`: a follow-up record of its own is kept (the listing says so)."""
    assessment = store.get(key)
    # only an approved (or since archived) assessment is followed up; asking for the others
    # would read their file again, looking for a record an old schema-1 file kept inside. A
    # record kept beside one since reopened is still read, for its history (the audit trail)
    follow_up = store.follow_up(key) if recorded or assessment.status in LOCKED else None
    try:
        result, as_approved = counted_result(assessment)
    except (EiaError, ProblemsError, ValueError) as error:
        problems.append(Problem(file=key, code="not-scored", message=str(error)))
        result, as_approved = None, False
    return rows_of(assessment, result, follow_up, as_approved=as_approved)


def _wanted(store: Store) -> tuple[dict[str, Key], list[Problem], set[str]]:
    """What the index must hold (id -> revision and follow-up revision), from the listings;
    the problems of unreadable files; the organisations listed."""
    listing = store.list()
    follow_ups = {summary["id"]: int(summary["revision"]) for summary in
                  store.follow_ups.summaries(_follow_up_summary).summaries}
    wanted = {item.id: (item.revision, follow_ups.get(item.id, 0)) for item in listing.items}
    return wanted, list(listing.problems), {item.organisation for item in listing.items}


def refresh(store: Store) -> tuple[Refreshed, list[Problem]]:
    """The store's index brought up to date, and the problems met."""
    wanted, problems, _ = _wanted(store)
    return index_for(store).refresh(wanted, _loader(store, wanted, problems)), problems


def _loader(store: Store, wanted: dict[str, Key], problems: list[Problem]
            ) -> Callable[[str], Rows]:
    return lambda key: _rows(store, key, wanted[key][1] > 0, problems)


def _follow_up_summary(stored: StoredRevision) -> dict[str, object]:
    """A follow-up's summary for a backend rebuilding its index: its id and revision."""
    return {"id": stored.key, "revision": stored.number}


def readable_organisations(user: User, organisations: set[str]) -> tuple[str, ...]:
    """The organisations whose assessments the user may count: the workflow's read rule."""
    return tuple(sorted(org for org in organisations if can_read(user, org)))


class Portfolio:
    """What the page and `eia portfolio` read: figures with the problems met on the way."""

    def __init__(self, figures: Figures, refreshed: Refreshed, problems: list[Problem]) -> None:
        self.figures = figures
        self.refreshed = refreshed
        self.problems = problems


@dataclass(frozen=True)
class Indexed:
    """The index brought up to date and held open, with what a user may count in it."""

    con: duckdb.DuckDBPyConnection
    readable: tuple[str, ...]
    """The organisations whose assessments the user may read."""
    refreshed: Refreshed
    problems: list[Problem]


@contextlib.contextmanager
def indexed(service: AssessmentService, user: User) -> Iterator[Indexed]:
    """The store's index, current, held under its lock: the portfolio, the follow-up report
    and the audit trail all query it this way, so they count alike."""
    store = service.store
    wanted, problems, organisations = _wanted(store)
    with index_for(store).refreshed(wanted, _loader(store, wanted, problems)) as (con, done):
        yield Indexed(con, readable_organisations(user, organisations), done, problems)


def portfolio(service: AssessmentService, user: User, filters: Filters | None = None,
              today: date | None = None) -> Portfolio:
    """The figures over every assessment `user` may read that `filters` selects."""
    with indexed(service, user) as index:
        result = figures(index.con, replace(filters or Filters(), readable=index.readable),
                         today or date.today())
    return Portfolio(result, index.refreshed, index.problems)
