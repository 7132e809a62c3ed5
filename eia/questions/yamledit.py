"""One value of a set's YAML file changed in its text, every other character kept.

The app's structured editor changes a weight, a threshold, an option's score or a question's
text; the strategy division's comments and layout in the file must survive that, and no YAML
library here writes YAML back with its comments. So the value's node is found by libyaml (its
marks give the exact character span) and only that span is replaced: a number as written, a
text as a double-quoted scalar (JSON's escapes are YAML's too). A key not yet written (an option
without `score`) is added in front of its mapping's first key, at the same indentation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import yaml

from eia.problems import Problem, ProblemsError

PathPart = str | int
YamlPath = Sequence[PathPart]


def _scalar(value: float | str) -> str:
    """The value as YAML text: whole numbers without `.0`, any text double-quoted."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _child(node: yaml.Node, part: PathPart) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _missing(file: str, path: YamlPath, why: str) -> ProblemsError:
    return ProblemsError([Problem(file=file, field=".".join(map(str, path)), code="no-such-value",
                                  message=why)])


def set_value(text: str, path: YamlPath, value: float | str, file: str = "set.yaml") -> str:
    """`text` with the scalar at `path` replaced by `value`, or the key added to its mapping."""
    node: yaml.Node | None = yaml.compose(text)
    for part in path[:-1]:
        node = _child(node, part) if node is not None else None
    if not isinstance(node, yaml.MappingNode):
        raise _missing(file, path, "the file has no such mapping")
    target = _child(node, path[-1])
    if target is None:
        start = node.start_mark.index
        if node.flow_style:
            start += 1
            added = f"{path[-1]}: {_scalar(value)}, "
        else:
            added = f"{path[-1]}: {_scalar(value)}\n{' ' * node.start_mark.column}"
        return text[:start] + added + text[start:]
    if not isinstance(target, yaml.ScalarNode):
        raise _missing(file, path, "the value there is not a single value")
    start, end = target.start_mark.index, target.end_mark.index
    kept = text[start:end]
    trailing = kept[len(kept.rstrip("\n")):] if target.style in ("|", ">") else ""
    return text[:start] + _scalar(value) + trailing + text[end:]


def parameters(data: object, at: tuple[PathPart, ...] = ()) -> Iterator[tuple[tuple[PathPart, ...],
                                                                              dict]]:
    """Every scoring parameter of a set.yaml's data (a mapping with `value` and `unit`), with
    its path, in the order the file writes them."""
    if isinstance(data, dict):
        if "value" in data and "unit" in data:
            yield at, data
            return
        for key, inner in data.items():
            yield from parameters(inner, (*at, key))
