"""Question sets: YAML data the strategy division edits, the schema it must meet, its loader,
its versions (installed, published, draft) and the diff between two of them."""

from eia.questions.loader import json_schema, json_schema_text, load_question_set
from eia.questions.registry import (
    DEFAULT_SET_ID,
    available_sets,
    get_question_set,
    latest_version,
)
from eia.questions.schema import Kind, Question, QuestionSet, Section, Step
from eia.questions.setdiff import ChangeKind, SetChange, SetDiff, diff_sets
from eia.questions.versions import SetVersion, VersionStatus, list_versions, load_version

__all__ = [
    "DEFAULT_SET_ID",
    "ChangeKind",
    "Kind",
    "Question",
    "QuestionSet",
    "Section",
    "SetChange",
    "SetDiff",
    "SetVersion",
    "Step",
    "VersionStatus",
    "available_sets",
    "diff_sets",
    "get_question_set",
    "json_schema",
    "json_schema_text",
    "latest_version",
    "list_versions",
    "load_question_set",
    "load_version",
]
