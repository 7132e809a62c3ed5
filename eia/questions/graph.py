"""A question set's logic as a graph, so the strategy division can review it without YAML.

Three kinds of branching are drawn: which answers (or screenings) show which questions
(`show_if`), which answers force a level or raise a flag, and which outcome rules lead to which
outcome, tried in order. The graph is plain data built in one pure pass; `to_mermaid` and
`to_dot` write it out. Node ids are made from the set's own ids but only of ASCII letters,
digits and underscores (and unique), and every label is escaped for its format, so no text in
a set can break the diagram. The same set gives the same text, byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eia.flags import FlagCode
from eia.i18n import Lang
from eia.model import Level, Outcome, Subject
from eia.questions.schema import (
    AllOf,
    Answered,
    AnswerIs,
    AnyOf,
    Condition,
    HasFlag,
    InherentAtLeast,
    NegativeGroundsAtLeast,
    Not,
    Question,
    QuestionSet,
    ResidualAtLeast,
    ResultAll,
    ResultAny,
    ResultCondition,
    ResultNot,
    ScreenedIn,
)

LABEL_CHARS = 70
"""A question's text is cut to this many characters in its node: the id says the rest."""

KINDS = ("screening", "question", "condition", "level", "flag", "rule", "outcome")


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    """One of KINDS: it decides the shape."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""


@dataclass(frozen=True)
class Graph:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def edge(self, source: str, target: str) -> Edge | None:
        """The edge between two nodes, looked up by the ids the set uses (tests, the app)."""
        return next((e for e in self.edges if (e.source, e.target) == (source, target)), None)


@dataclass
class _Builder:
    question_set: QuestionSet
    lang: Lang
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def node(self, node_id: str, label: str, kind: str) -> str:
        self.nodes.setdefault(node_id, Node(node_id, label, kind))
        return node_id

    def link(self, source: str, target: str, label: str = "") -> None:
        edge = Edge(source, target, label)
        if edge not in self.edges:
            self.edges.append(edge)


def node_id(kind: str, name: str) -> str:
    """A diagram-safe id: the kind's prefix and the name with anything but [A-Za-z0-9] as `_`,
    and each `_` of the name doubled first, so `a.b_c` and `a_b.c` never meet."""
    prefix = {"screening": "S", "question": "Q", "condition": "C", "level": "L", "flag": "F",
              "rule": "R", "outcome": "O"}[kind]
    return f"{prefix}_" + re.sub(r"[^A-Za-z0-9]", "_", name.replace("_", "__"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _values(values: list[str | int | float | bool]) -> str:
    return ", ".join(str(value) for value in values)


def logic_graph(question_set: QuestionSet, lang: Lang = Lang.en) -> Graph:
    """The set's branching: show_if, forced levels and raised flags, and the outcome rules."""
    builder = _Builder(question_set, lang)
    for question in question_set.questions():
        if question.show_if is not None:
            target = _question(builder, question)
            _condition(builder, question.show_if, target, node_id("condition", question.id))
        for option in question.options:
            if option.forces_level is not None:
                builder.link(_question(builder, question), _level(builder, option.forces_level),
                             f"{option.value}: {_WORDS['forces'][lang]}")
        for rule in question.raises:
            builder.link(_question(builder, question), _flag(builder, rule.flag),
                         _values(list(rule.when)))
    _outcome_rules(builder, question_set)
    title = f"{question_set.id} {question_set.version}: {question_set.title(lang)}"
    return Graph(title=title, nodes=tuple(builder.nodes.values()), edges=tuple(builder.edges))


def _question(builder: _Builder, question: Question) -> str:
    return builder.node(node_id("question", question.id),
                        f"{question.id}: {_short(question.text(builder.lang))}", "question")


def _level(builder: _Builder, level: Level) -> str:
    word = _WORDS["level"][builder.lang]
    return builder.node(node_id("level", level.value), f"{word}: {level.label(builder.lang)}",
                        "level")


def _flag(builder: _Builder, code: FlagCode) -> str:
    word = _WORDS["flag_node"][builder.lang]
    return builder.node(node_id("flag", code.value), f"{word}: {code.label(builder.lang)}",
                        "flag")


def _condition(builder: _Builder, condition: Condition, target: str, at: str) -> None:
    """Edges from what a condition reads to `target`; all/any/not become a node of their own."""
    lang = builder.lang
    match condition:
        case AnswerIs(answer=qid, in_=wanted):
            builder.link(node_id("question", qid), target, _values(wanted))
            _ensure_question(builder, qid)
        case Answered(answered=qid):
            builder.link(node_id("question", qid), target, _WORDS["answered"][lang])
            _ensure_question(builder, qid)
        case ScreenedIn(screened_in=subject):
            source = builder.node(node_id("screening", subject.value),
                                  f"{_WORDS['screening'][lang]}: {Subject(subject).label(lang)}",
                                  "screening")
            builder.link(source, target, _WORDS["screened_in"][lang])
        case AllOf(all=parts) | AnyOf(any=parts):
            word = _WORDS["all" if isinstance(condition, AllOf) else "any"][lang]
            gate = builder.node(at, word, "condition")
            for index, part in enumerate(parts):
                _condition(builder, part, gate, f"{at}_{index}")
            builder.link(gate, target)
        case Not(not_=inner):
            gate = builder.node(at, _WORDS["not"][lang], "condition")
            _condition(builder, inner, gate, f"{at}_n")
            builder.link(gate, target)


def _ensure_question(builder: _Builder, qid: str) -> None:
    """A question read by a condition is drawn even if nothing else points at it (the loader
    has checked that it exists)."""
    question = builder.question_set.question(qid)
    if question is not None:
        _question(builder, question)


def _outcome_rules(builder: _Builder, question_set: QuestionSet) -> None:
    """Each rule in order: it leads to its outcome when it holds, else to the next rule."""
    lang = builder.lang
    otherwise = _WORDS["otherwise"][lang]
    previous: str | None = None
    for rule in question_set.outcomes.rules:
        rule_node = builder.node(node_id("rule", rule.id),
                                 f"{rule.id}: {_describe(rule.when, lang)}", "rule")
        if previous is not None:
            builder.link(previous, rule_node, otherwise)
        for source, label in _reads(builder, rule.when):
            builder.link(source, rule_node, label)
        builder.link(rule_node, _outcome(builder, rule.outcome), _WORDS["holds"][lang])
        previous = rule_node
    if previous is not None:
        builder.link(previous, _outcome(builder, question_set.outcomes.default), otherwise)


def _outcome(builder: _Builder, outcome: Outcome) -> str:
    return builder.node(node_id("outcome", outcome.value), outcome.label(builder.lang), "outcome")


_WORDS = {
    "residual": {Lang.en: "after actions ≥", Lang.sv: "efter åtgärder ≥"},
    "inherent": {Lang.en: "before actions ≥", Lang.sv: "före åtgärder ≥"},
    "grounds": {Lang.en: "negative grounds ≥", Lang.sv: "grunder med negativ påverkan ≥"},
    "flag": {Lang.en: "flag", Lang.sv: "flagga"},
    "not": {Lang.en: "not", Lang.sv: "inte"},
    "all": {Lang.en: "all", Lang.sv: "alla"},
    "any": {Lang.en: "any", Lang.sv: "någon"},
    "answered": {Lang.en: "answered", Lang.sv: "besvarad"},
    "screened_in": {Lang.en: "screened in", Lang.sv: "relevant"},
    "forces": {Lang.en: "forces", Lang.sv: "tvingar"},
    "holds": {Lang.en: "holds", Lang.sv: "gäller"},
    "otherwise": {Lang.en: "otherwise", Lang.sv: "annars"},
    "screening": {Lang.en: "Screening", Lang.sv: "Relevans"},
    "level": {Lang.en: "Level", Lang.sv: "Nivå"},
    "flag_node": {Lang.en: "Flag", Lang.sv: "Flagga"},
}
"""The diagram's own words, in both languages."""


def _reads(builder: _Builder, condition: ResultCondition) -> list[tuple[str, str]]:
    """The level and flag nodes an outcome condition reads, with how it reads them."""
    words = {key: value[builder.lang] for key, value in _WORDS.items()}
    match condition:
        case ResidualAtLeast(residual_at_least=level):
            return [(_level(builder, level), words["residual"])]
        case InherentAtLeast(inherent_at_least=level):
            return [(_level(builder, level), words["inherent"])]
        case HasFlag(flag=code):
            return [(_flag(builder, code), words["flag"])]
        case ResultAll(all=parts) | ResultAny(any=parts):
            return [read for part in parts for read in _reads(builder, part)]
        case ResultNot(not_=inner):
            return [(source, f"{words['not']} {label}")
                    for source, label in _reads(builder, inner)]
    return []


def _describe(condition: ResultCondition, lang: Lang) -> str:
    """An outcome condition in one line, e.g. `after actions ≥ High`, `any(flag …, …)`."""
    words = {key: value[lang] for key, value in _WORDS.items()}
    match condition:
        case ResidualAtLeast(residual_at_least=level):
            return f"{words['residual']} {level.label(lang)}"
        case InherentAtLeast(inherent_at_least=level):
            return f"{words['inherent']} {level.label(lang)}"
        case NegativeGroundsAtLeast(negative_grounds_at_least=count):
            return f"{words['grounds']} {count}"
        case HasFlag(flag=code):
            return f"{words['flag']} {code.label(lang)}"
        case ResultAll(all=parts) | ResultAny(any=parts):
            word = words["all" if isinstance(condition, ResultAll) else "any"]
            return f"{word}(" + ", ".join(_describe(part, lang) for part in parts) + ")"
        case ResultNot(not_=inner):
            return f"{words['not']}({_describe(inner, lang)})"
    raise TypeError(f"unknown condition {condition!r}")


# --- Writing it out ----------------------------------------------------------------------------

_MERMAID_SHAPES = {"screening": ('(["', '"])'), "question": ('["', '"]'),
                   "condition": ('{"', '"}'), "level": ('[["', '"]]'), "flag": ('>"', '"]'),
                   "rule": ('{{"', '"}}'), "outcome": ('(("', '"))')}
_DOT_SHAPES = {"screening": "oval", "question": "box", "condition": "diamond",
               "level": "box3d", "flag": "note", "rule": "hexagon", "outcome": "doublecircle"}


def mermaid_text(text: str) -> str:
    """A label safe inside mermaid's quotes: entity codes for what mermaid would parse."""
    text = " ".join(text.split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                       ("|", "#124;"), ("`", "#96;")):
        text = text.replace(char, code)
    return text


def dot_text(text: str) -> str:
    """A label safe inside a DOT double-quoted string."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def to_mermaid(graph: Graph) -> str:
    lines = ["---", f'title: "{mermaid_text(graph.title)}"', "---", "flowchart LR"]
    for node in graph.nodes:
        start, end = _MERMAID_SHAPES[node.kind]
        lines.append(f"    {node.id}{start}{mermaid_text(node.label)}{end}")
    for edge in graph.edges:
        label = f'|"{mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"    {edge.source} -->{label} {edge.target}")
    return "\n".join(lines) + "\n"


def to_dot(graph: Graph) -> str:
    lines = ["digraph question_set {", f'  label="{dot_text(graph.title)}";', "  labelloc=t;",
             "  rankdir=LR;", '  node [fontname="DejaVu Sans"];']
    for node in graph.nodes:
        lines.append(f'  {node.id} [shape={_DOT_SHAPES[node.kind]}, '
                     f'label="{dot_text(node.label)}"];')
    for edge in graph.edges:
        label = f' [label="{dot_text(edge.label)}"]' if edge.label else ""
        lines.append(f"  {edge.source} -> {edge.target}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"
