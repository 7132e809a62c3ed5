"""Question sets: YAML data the strategy division edits, the schema it must meet, and its loader."""

from eia.questions.loader import json_schema, json_schema_text, load_question_set
from eia.questions.registry import (
    DEFAULT_SET_ID,
    available_sets,
    get_question_set,
    latest_version,
)
from eia.questions.schema import Kind, Question, QuestionSet, Section, Step

__all__ = [
    "DEFAULT_SET_ID",
    "Kind",
    "Question",
    "QuestionSet",
    "Section",
    "Step",
    "available_sets",
    "get_question_set",
    "json_schema",
    "json_schema_text",
    "latest_version",
    "load_question_set",
]
