"""One value of a set's YAML changed in its text: only that value's characters change, so the
strategy division's comments and layout survive the app's structured editor."""

from __future__ import annotations

import pytest
import yaml

from eia.problems import ProblemsError
from eia.questions.yamledit import parameters, set_value

TEXT = """\
# a comment that stays
scoring:
  thresholds:
    low:
      value: 2   # points
      unit: points
options:
  - value: "yes"
    score: 0
  - value: partly
    label: {sv: Delvis, en: Partly}
help:
  sv: >-
    Lång hjälp
    på två rader.
  en: Short.
"""


def changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(old.splitlines(), new.splitlines(), strict=True) if a != b]


def test_a_number_is_replaced_and_its_comment_kept() -> None:
    new = set_value(TEXT, ["scoring", "thresholds", "low", "value"], 3.0)
    assert changed_lines(TEXT, new) == [("      value: 2   # points", "      value: 3   # points")]


def test_a_fraction_is_written_as_one() -> None:
    new = set_value(TEXT, ["options", 0, "score"], 1.5)
    assert yaml.safe_load(new)["options"][0]["score"] == 1.5


def test_a_missing_key_is_added_to_its_block_or_flow_mapping() -> None:
    new = set_value(TEXT, ["options", 1, "score"], 2)
    assert yaml.safe_load(new)["options"][1] == {"value": "partly", "score": 2,
                                                 "label": {"sv": "Delvis", "en": "Partly"}}
    flow = set_value(TEXT, ["options", 1, "label", "xx"], 1)
    assert "label: {xx: 1, sv: Delvis, en: Partly}" in flow


def test_a_folded_text_becomes_one_quoted_line_and_the_next_key_stays() -> None:
    new = set_value(TEXT, ["help", "sv"], 'Ny "hjälp": kort')
    assert yaml.safe_load(new)["help"] == {"sv": 'Ny "hjälp": kort', "en": "Short."}
    assert new.endswith('  sv: "Ny \\"hjälp\\": kort"\n  en: Short.\n')


def test_a_path_the_file_lacks_is_refused_by_name() -> None:
    with pytest.raises(ProblemsError, match="no such mapping"):
        set_value(TEXT, ["scoring", "nowhere", "value"], 1)
    with pytest.raises(ProblemsError, match="not a single value"):
        set_value(TEXT, ["scoring", "thresholds"], 1)


def test_the_parameters_are_found_with_their_paths() -> None:
    found = list(parameters(yaml.safe_load(TEXT)["scoring"], ("scoring",)))
    assert [(path, parameter["value"]) for path, parameter in found] == [
        (("scoring", "thresholds", "low"), 2)]
