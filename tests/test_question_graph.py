"""The set's logic drawn: the strategy division reviews branching without reading YAML.

A diagram is only useful if it is right (each show_if, forced level and outcome rule is an edge
from what it reads to what it decides) and if it always renders (ids and labels safe for
mermaid and DOT, whatever the set's text holds), and it must not change between runs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from eia.cli import main
from eia.i18n import Lang
from eia.questions import get_question_set, load_question_set
from eia.questions.graph import logic_graph, node_id, to_dot, to_mermaid

TINY = Path(__file__).parent / "fixtures" / "question_sets" / "tiny" / "1.0"
SAFE_ID = re.compile(r"^[A-Z]_[A-Za-z0-9_]+$")


def q(question_id: str) -> str:
    return node_id("question", question_id)


def test_a_show_if_on_an_answer_is_an_edge_labelled_with_its_values() -> None:
    graph = logic_graph(load_question_set(TINY))

    edge = graph.edge(q("disability.access"), q("disability.note"))
    assert edge is not None and edge.label == "most, few"


def test_a_nested_show_if_goes_through_its_all_any_and_not() -> None:
    graph = logic_graph(load_question_set(TINY))
    gate = node_id("condition", "sex.description")

    assert graph.edge(gate, q("sex.description")) is not None
    assert {n.label for n in graph.nodes if n.id.startswith(gate)} == {"all", "any", "not"}
    assert graph.edge(q("sex.usage_gap"), f"{gate}_0").label == "yes, dont_know"
    assert graph.edge(q("sex.groups"), f"{gate}_0").label == "answered"
    assert graph.edge(node_id("screening", "children"), f"{gate}_1").label == "screened in"
    assert graph.edge(f"{gate}_1", gate) is not None  # the not, into the all


def test_an_answer_that_forces_a_level_is_an_edge_to_that_level() -> None:
    graph = logic_graph(get_question_set("helsingborg", "1.1"))

    edge = graph.edge(q("age.digital_exclusion"), node_id("level", "high"))
    assert edge is not None and edge.label == "digital_only: forces"


def test_an_answer_that_raises_a_flag_is_an_edge_to_that_flag() -> None:
    graph = logic_graph(get_question_set("helsingborg", "1.1"))

    assert graph.edge(q("cumulative.same_neighbourhood"),
                      node_id("flag", "cumulative_impact")).label == "yes"


def test_outcome_rules_lead_to_their_outcome_in_order_then_the_default() -> None:
    graph = logic_graph(load_question_set(TINY))
    first, second = node_id("rule", "high_after_actions"), node_id("rule", "several_grounds")

    assert graph.edge(first, node_id("outcome", "stop_and_rethink")).label == "holds"
    assert graph.edge(first, second).label == "otherwise"
    assert graph.edge(second, node_id("outcome", "adjust_proposal")).label == "holds"
    assert graph.edge(second, node_id("outcome", "no_major_change")).label == "otherwise"
    assert graph.edge(node_id("level", "high"), first).label == "after actions ≥"
    assert graph.edge(node_id("flag", "intersectional"), second).label == "flag"
    assert graph.edge(node_id("level", "high"), second).label == "not after actions ≥"


def test_node_ids_are_safe_and_never_collide() -> None:
    assert node_id("question", "a.b_c") != node_id("question", "a_b.c")
    for question_set in (load_question_set(TINY), get_question_set("helsingborg", "1.1")):
        graph = logic_graph(question_set)
        ids = [node.id for node in graph.nodes]
        assert len(ids) == len(set(ids))
        assert all(SAFE_ID.fullmatch(node_id_) for node_id_ in ids)
        assert {e.source for e in graph.edges} | {e.target for e in graph.edges} <= set(ids)


def test_labels_with_quotes_and_brackets_stay_inside_their_node(tmp_path: Path) -> None:
    folder = tmp_path / "tiny" / "1.0"
    shutil.copytree(TINY, folder)
    file = folder / "impact_disability.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "en: Anything more about access?",
        'en: "Say \\"more\\" | <b>[x]</b> {y} #1; end\\\\"'), encoding="utf-8")
    graph = logic_graph(load_question_set(folder), Lang.en)

    mermaid = to_mermaid(graph)
    note = next(line for line in mermaid.splitlines() if line.strip().startswith(
        q("disability.note") + "["))
    inner = note.split('["', 1)[1].rsplit('"]', 1)[0]
    assert not set('"<>|`') & set(inner)
    assert "#quot;more#quot;" in inner
    dot = to_dot(graph)
    line = next(line for line in dot.splitlines() if line.strip().startswith(
        q("disability.note") + " "))
    assert line.endswith('end\\\\"];') and '\\"more\\"' in line
    assert _dot_is_balanced(dot)


def _dot_is_balanced(text: str) -> bool:
    """Every double quote outside an escape pairs up and braces balance outside strings."""
    depth, inside, escaped = 0, False, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and inside:
            escaped = True
        elif char == '"':
            inside = not inside
        elif not inside and char in "{}":
            depth += 1 if char == "{" else -1
    return depth == 0 and not inside


def test_the_default_sets_draw_well_formed_and_the_same_every_time() -> None:
    for version in ("1.0", "1.1"):
        question_set = get_question_set("helsingborg", version)
        dot = to_dot(logic_graph(question_set, Lang.sv))
        assert dot == to_dot(logic_graph(question_set, Lang.sv))
        assert dot.startswith("digraph question_set {") and _dot_is_balanced(dot)
        mermaid = to_mermaid(logic_graph(question_set))
        assert mermaid.splitlines()[3] == "flowchart LR"
        for line in mermaid.splitlines()[4:]:
            assert re.fullmatch(r'    [A-Z]_\w+(\S+".*"\S+| -->(\|".*"\|)? [A-Z]_\w+)', line), line


def test_the_command_draws_a_set_by_id_or_by_folder() -> None:
    runner = CliRunner()
    by_id = runner.invoke(main, ["questions", "graph", "helsingborg", "--version", "1.1",
                                 "--format", "dot", "--lang", "en"])
    assert by_id.exit_code == 0, by_id.output
    assert f'{q("age.digital_exclusion")} -> {node_id("level", "high")}' in by_id.output
    by_folder = runner.invoke(main, ["questions", "graph", str(TINY)])
    assert by_folder.exit_code == 0, by_folder.output
    assert by_folder.output.startswith("---\ntitle:")
    unknown = runner.invoke(main, ["questions", "graph", "nope"])
    assert unknown.exit_code == 3 and "nope" in unknown.output
