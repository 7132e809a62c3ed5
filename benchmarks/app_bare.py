"""A bare Streamlit script made from the element tree of one AppTest run: the floor of a page.

`app_rerun.py` times a page of the app against what Streamlit alone takes to draw the same
elements. Writing that floor by hand would let it drift from the page as the page changes, so it
is made from what the page drew: the same widget kinds with the same labels, options, values and
keys, the same markdown, headings, alerts and HTML, the same Vega-Lite charts with the same spec
and data, in the same sidebar, columns, expanders, forms and bordered containers. No callbacks,
no store, no question set: only the drawing. What it cannot copy it counts, so the caller can
say so beside the figures.

Not a benchmark of its own.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.NumberInput_pb2 import NumberInput as NumberInputProto

HEAD = '''"""Made by benchmarks/app_bare.py from one run of an app page; not to be edited."""
import base64
import datetime
import json

import pyarrow as pa
import streamlit as st


def _table(encoded):
    return pa.ipc.open_stream(base64.b64decode(encoded)).read_all()


def _chart(made):
    spec = json.loads(made["spec"])
    if made["datasets"]:
        spec["datasets"] = {name: _table(data) for name, data in made["datasets"].items()}
    st.vega_lite_chart(_table(made["data"]) if made["data"] else None, spec)

'''

TEXTS = {"markdown": "st.markdown", "caption": "st.caption", "latex": "st.latex",
         "title": "st.title", "header": "st.header", "subheader": "st.subheader",
         "info": "st.info", "warning": "st.warning", "error": "st.error",
         "success": "st.success", "text": "st.text"}
"""Elements drawn from one body of text."""

VALUED = {"text_input": "st.text_input", "text_area": "st.text_area",
          "checkbox": "st.checkbox", "toggle": "st.toggle", "date_input": "st.date_input",
          "time_input": "st.time_input"}
"""Widgets drawn from a label and their current value."""


@dataclass
class Bare:
    """The script's lines, its chart data, and what was copied and what not, by kind."""

    lines: list[str] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    copied: Counter[str] = field(default_factory=Counter)
    not_copied: Counter[str] = field(default_factory=Counter)

    def script(self) -> str:
        constants = [f"CHART_{n} = {chart!r}\n" for n, chart in enumerate(self.charts)]
        constants += [f"TABLE_{n} = {table!r}\n" for n, table in enumerate(self.tables)]
        return HEAD + "".join(constants) + "\n" + "\n".join(self.lines) + "\n"

    def emit(self, depth: int, code: str) -> None:
        self.lines.append("    " * depth + code)


def bare_script(tree: Any) -> Bare:
    """The bare script of an AppTest's element tree (`at._tree` after a run)."""
    bare = Bare()
    for part in tree.children.values():
        if part.type == "main":
            _children(bare, part, 0)
        elif part.type == "sidebar" and part.children:
            bare.emit(0, "with st.sidebar:")
            _children(bare, part, 1)
    if not bare.lines:
        bare.emit(0, "pass")
    return bare


def _children(bare: Bare, block: Any, depth: int) -> None:
    before = len(bare.lines)
    for node in block.children.values():
        _node(bare, node, depth)
    if len(bare.lines) == before:
        bare.emit(depth, "pass")


def _node(bare: Bare, node: Any, depth: int) -> None:
    kind = node.type
    if hasattr(node, "children") and kind not in ("main", "sidebar"):
        _block(bare, node, depth)
        return
    code = _element(node, bare)
    if code is None:
        bare.not_copied[kind] += 1
        return
    bare.copied[kind] += 1
    bare.emit(depth, code)


def _block(bare: Bare, node: Any, depth: int) -> None:
    kind = node.type
    children = list(node.children.values())
    if children and all(child.type == "column" for child in children):
        name = f"cols_{len(bare.lines)}"
        bare.emit(depth, f"{name} = st.columns({len(children)})")
        for number, column in enumerate(children):
            bare.emit(depth, f"with {name}[{number}]:")
            _children(bare, column, depth + 1)
        bare.copied["columns"] += 1
        return
    if kind == "expander":
        opener = f"st.expander({node.label!r})"
    elif kind == "form":
        opener = f"st.form({node.proto.form.form_id!r})"
    else:
        border = bool(getattr(getattr(node.proto, "flex_container", None), "border", False))
        opener = f"st.container(border={border})"
    bare.copied[kind] += 1
    bare.emit(depth, f"with {opener}:")
    _children(bare, node, depth + 1)


def _key(node: Any) -> str:
    return f", key={node.key!r}" if getattr(node, "key", None) else ""


def _element(node: Any, bare: Bare) -> str | None:
    """One line of the bare script for an element, or None when it is not copied."""
    kind, proto = node.type, node.proto
    if kind in TEXTS:
        return f"{TEXTS[kind]}({proto.body!r})"
    if kind == "divider":
        return "st.divider()"
    if kind == "html":
        unsafe = ", unsafe_allow_javascript=True" if "<script" in proto.body else ""
        return f"st.html({proto.body!r}{unsafe})"
    if kind == "code":
        return f"st.code({proto.code_text!r}, language={proto.language or None!r})"
    if kind == "button":
        if proto.is_form_submitter:
            return f"st.form_submit_button({proto.label!r}, type={proto.type or 'secondary'!r})"
        return f"st.button({proto.label!r}, type={proto.type or 'secondary'!r}{_key(node)})"
    if kind == "vega_lite_chart":
        return _chart(proto, bare)
    if kind == "dataframe" and proto.HasField("arrow_data") and proto.arrow_data.data:
        bare.tables.append(_encoded(proto.arrow_data))
        return f"st.dataframe(_table(TABLE_{len(bare.tables) - 1}))"
    return _widget(node)


def _widget(node: Any) -> str | None:
    kind, proto = node.type, node.proto
    if kind not in (*VALUED, "radio", "selectbox", "multiselect", "number_input"):
        return None
    common = f"help={proto.help or None!r}, disabled={proto.disabled!r}{_key(node)}"
    if kind in VALUED:
        return f"{VALUED[kind]}({proto.label!r}, value={node.value!r}, {common})"
    if kind == "radio":
        return (f"st.radio({proto.label!r}, {list(node.options)!r}, index={node.index!r}, "
                f"horizontal={proto.horizontal!r}, {common})")
    if kind == "selectbox":
        return (f"st.selectbox({proto.label!r}, {list(node.options)!r}, index={node.index!r}, "
                f"{common})")
    if kind == "multiselect":
        chosen = [node.options[i] for i in node.indices]
        return (f"st.multiselect({proto.label!r}, {list(node.options)!r}, default={chosen!r}, "
                f"{common})")
    if kind == "number_input":
        whole = proto.data_type == NumberInputProto.DataType.INT
        typed = int if whole else float
        value = None if node.value is None else typed(node.value)
        low = typed(proto.min) if proto.has_min else None
        return (f"st.number_input({proto.label!r}, value={value!r}, min_value={low!r}, "
                f"step={typed(proto.step)!r}, {common})")
    return None


def _chart(proto: Any, bare: Bare) -> str:
    """The chart's spec and data as the app sent them; the bare script decodes and sends them
    again, which is what Streamlit does for any chart it is given ready."""
    bare.charts.append({
        "spec": proto.spec,
        "data": _encoded(proto.data) if proto.HasField("data") and proto.data.data else None,
        "datasets": {named.name: _encoded(named.data) for named in proto.datasets},
    })
    return f"_chart(CHART_{len(bare.charts) - 1})"


def _encoded(arrow: Any) -> str:
    """Arrow IPC bytes as the app sent them, in base64 for the script's text."""
    return base64.b64encode(arrow.data).decode("ascii")
