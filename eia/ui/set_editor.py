"""A draft of a question set edited in the app: its weights and thresholds, its questions'
text and option scores, any file as YAML, and the loader's problems by file and line.

Every edit changes the file's text (`eia.questions.yamledit` keeps the comments) and is saved
through `eia.services.question_sets`, which checks the role and then the whole draft; the page
shows what the check found after every save. Publishing and discarding end the draft here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
import yaml

from eia.errors import EiaError
from eia.i18n import Text
from eia.problems import Problem, ProblemsError
from eia.questions.versions import SetVersion
from eia.questions.yamledit import PathPart, parameters, set_value
from eia.services import question_sets
from eia.ui import flash, set_preview, texts
from eia.ui.safe import md
from eia.ui.session import lang, tr, user

SET_FILE = "set.yaml"
CONTEXT_LINES = 2
"""Lines shown before and after a faulty line."""
PAGE_SLOT = "question-sets"
"""Where the page says what publishing or discarding did, after the draft is gone."""
YAML_KEY = "qs-yaml"
MONOSPACE = (f"<style>.st-key-{YAML_KEY} textarea {{ font-family: 'Source Code Pro', "
             "monospace; }</style>")
"""YAML's meaning is in its indentation, which only a fixed-width font shows."""
MODES = {"parameters": texts.TAB_PARAMETERS, "questions": texts.TAB_QUESTIONS,
         "yaml": texts.TAB_YAML, "preview": texts.TAB_PREVIEW}


def editor(draft: SetVersion) -> None:
    """The draft's editor, its problems, and the steps that end it."""
    st.header(tr(texts.EDITOR, version=draft.version))
    flash.show("editor")
    labels = {name: tr(text) for name, text in MODES.items()}
    mode = st.radio(tr(texts.EDITOR, version=draft.version), list(MODES), horizontal=True,
                    format_func=labels.__getitem__, key=f"qs:mode:{draft.version}",
                    label_visibility="collapsed")
    files = question_sets.draft_files(draft.set_id, draft.version)
    if mode == "parameters":
        _parameters(draft, files[SET_FILE])
    elif mode == "questions":
        _questions(draft, files)
    elif mode == "yaml":
        _yaml(draft, files)
    problems = question_sets.validate_draft(draft.set_id, draft.version)
    if mode == "preview":
        set_preview.preview(draft, broken=bool(problems))
    problem_list(problems)
    _publish(draft)
    _discard(draft)


def problem_line(problem: Problem) -> str:
    """A problem as the editor names it: the file's name, the line and the field."""
    return tr(texts.PROBLEM_AT, file=md(Path(problem.file).name), line=problem.line or "–",
              field=md(problem.field or "–"), message=md(problem.message))


def problem_list(problems: list[Problem]) -> None:
    if not problems:
        st.success(tr(texts.DRAFT_SOUND))
        return
    st.error(tr(texts.DRAFT_PROBLEMS, n=len(problems)) + "\n\n"
             + "\n".join(f"- {problem_line(problem)}" for problem in problems))


def _save(draft: SetVersion, name: str, old: str, new: str) -> None:
    """Save a file the structured editor changed, and say so on the next run."""
    if new == old:
        st.info(tr(texts.NOTHING_CHANGED))
        return
    try:
        question_sets.save_draft_file(user(), draft.set_id, draft.version, name, new)
    except EiaError as error:
        st.error(tr(texts.YAML_NOT_SAVED, error=md(str(error))))
        return
    flash.later("success", tr(texts.SAVED, file=name), "editor")
    st.rerun()


def _edited(text: str, name: str, changes: list[tuple[list[PathPart], Any, Any]]) -> str:
    """`text` with every changed value written in; unchanged ones leave it as it was."""
    for path, old, new in changes:
        if new != old:
            text = set_value(text, path, new, name)
    return text


def _text(data: Any) -> str:
    """A parameter's or question's bilingual description in the UI's language."""
    if isinstance(data, dict) and set(data) >= {"sv", "en"}:
        return str(Text(sv=data["sv"], en=data["en"])(lang()))
    return str(data or "")


def _number(label: str, value: Any, key: str) -> float:
    """A number input; "%g" shows a threshold of 2 as 2 and a score of 1.5 as 1.5."""
    return st.number_input(label, value=float(value or 0), min_value=0.0, step=0.5, format="%g",
                           key=key)


def _parameters(draft: SetVersion, text: str) -> None:
    """A number per scoring parameter of set.yaml, saved together."""
    st.caption(tr(texts.PARAMETERS_HELP))
    data = _load(text)
    found = list(parameters(data.get("scoring", {}), ("scoring",)))
    with st.form(f"qs:parameters:{draft.version}"):
        columns = st.columns(2)
        changes = []
        for number, (path, parameter) in enumerate(found):
            with columns[number % 2]:
                name = ".".join(map(str, path[1:]))
                changes.append(([*path, "value"], parameter["value"], _number(
                    f"{name} ({parameter['unit']})", parameter["value"],
                    f"qs:p:{draft.version}:{'.'.join(map(str, path))}")))
                st.caption(md(_text(parameter.get("description"))))
        submitted = st.form_submit_button(tr(texts.SAVE), type="primary")
    if submitted:
        _save(draft, SET_FILE, text, _edited(text, SET_FILE, changes))


def _load(text: str) -> dict[str, Any]:
    """A file's data for the structured editor; empty when it does not parse (the problems
    below name why, and the YAML view mends it)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _questions(draft: SetVersion, files: dict[str, str]) -> None:
    """One question of one section file: its text in both languages and its options' scores."""
    names = [name for name in files if name != SET_FILE]
    name = st.selectbox(tr(texts.QUESTION_FILE), names, key=f"qs:qfile:{draft.version}")
    if name is None:
        return
    text = files[name]
    questions = [q for q in _load(text).get("questions") or [] if isinstance(q, dict)]
    if not questions:
        st.markdown(tr(texts.NO_QUESTIONS))
        return
    index = st.selectbox(tr(texts.QUESTION_PICK), range(len(questions)),
                         format_func=lambda i: str(questions[i].get("id", i)),
                         key=f"qs:q:{draft.version}:{name}")
    question = questions[index]
    at = f"qs:q:{draft.version}:{name}:{index}"
    changes: list[tuple[list[PathPart], Any, Any]] = []
    with st.form(f"{at}:form"):
        wording = question.get("text")
        if isinstance(wording, dict):
            for language, label in (("sv", texts.QUESTION_TEXT_SV), ("en", texts.QUESTION_TEXT_EN)):
                changes.append((["questions", index, "text", language], wording.get(language),
                                st.text_area(tr(label), value=wording.get(language, ""),
                                             key=f"{at}:text:{language}")))
        for number, option in enumerate(question.get("options") or []):
            old = option.get("score", 0)
            changes.append((["questions", index, "options", number, "score"], old,
                            _number(tr(texts.OPTION_SCORE, option=_text(option.get("label"))),
                                    old, f"{at}:score:{number}")))
        submitted = st.form_submit_button(tr(texts.SAVE), type="primary")
    if submitted:
        _save(draft, name, text, _edited(text, name, changes))


def _yaml(draft: SetVersion, files: dict[str, str]) -> None:
    """A file's text to edit; saved as typed, its problems shown beside their lines. The text
    typed stays in the field whatever the save says."""
    name = st.selectbox(tr(texts.YAML_FILE), list(files), key=f"qs:yfile:{draft.version}")
    if name is None:
        return
    key = f"qs:yaml:{draft.version}:{name}"
    st.session_state.setdefault(key, files[name])
    st.html(MONOSPACE)
    with st.container(key=YAML_KEY), st.form(f"{key}:form"):
        st.text_area(tr(texts.YAML_TEXT, file=name), key=key, height=420)
        submitted = st.form_submit_button(tr(texts.SAVE), type="primary")
    if not submitted:
        return
    typed = st.session_state[key]
    try:
        problems = question_sets.save_draft_file(user(), draft.set_id, draft.version, name, typed)
    except EiaError as error:
        st.error(tr(texts.YAML_NOT_SAVED, error=md(str(error))))
        return
    here = [problem for problem in problems if Path(problem.file).name == name]
    if not problems:
        st.success(tr(texts.SAVED, file=name))
    elif here:
        st.warning(tr(texts.YAML_REFUSED))
    for problem in here:
        _lines_around(typed, problem)


def _lines_around(text: str, problem: Problem) -> None:
    """The faulty line with its neighbours, marked with ► (not by colour alone)."""
    if problem.line is None:
        return
    lines = text.splitlines()
    first = max(1, problem.line - CONTEXT_LINES)
    last = min(len(lines), problem.line + CONTEXT_LINES)
    shown = "\n".join(f"{'►' if number == problem.line else ' '} {number:4} | {lines[number - 1]}"
                      for number in range(first, last + 1))
    st.markdown(f"**{problem_line(problem)}**")
    st.caption(tr(texts.LINES_AROUND, line=problem.line, file=md(Path(problem.file).name)))
    st.code(shown, language="text")


def _act(doing: Callable[[], Any]) -> list[Problem] | None:
    """Run a step that ends the draft; its problems (or the refusal) when it is refused."""
    try:
        doing()
    except ProblemsError as error:
        return error.problems
    except EiaError as error:
        return [Problem(file=SET_FILE, code="refused", message=str(error))]
    return None


def _publish(draft: SetVersion) -> None:
    st.subheader(tr(texts.PUBLISH))
    with st.form(f"qs:publish:{draft.version}"):
        line = st.text_input(tr(texts.CHANGELOG_LINE), key=f"qs:changelog:{draft.version}")
        submitted = st.form_submit_button(tr(texts.PUBLISH), type="primary")
    if not submitted:
        return
    refused = _act(lambda: question_sets.publish_draft(user(), draft.set_id, draft.version,
                                                       line))
    if refused:
        st.error(tr(texts.PUBLISH_REFUSED) + "\n\n"
                 + "\n".join(f"- {problem_line(problem)}" for problem in refused))
        return
    flash.later("success", tr(texts.PUBLISHED_DONE, version=draft.version), PAGE_SLOT)
    st.rerun()


def _discard(draft: SetVersion) -> None:
    with st.expander(tr(texts.DISCARD)):
        if st.button(tr(texts.DISCARD_SURE, version=draft.version),
                     key=f"qs:discard:{draft.version}"):
            refused = _act(lambda: question_sets.discard_draft(user(), draft.set_id,
                                                               draft.version))
            if refused:
                st.error("\n".join(f"- {problem_line(problem)}" for problem in refused))
                return
            flash.later("success", tr(texts.DISCARDED, version=draft.version), PAGE_SLOT)
            st.rerun()
