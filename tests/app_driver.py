"""Driving the app in Streamlit's AppTest: the keys of its fields, and starting it on a folder.

Shared by the app tests so each reads as what an officer does, not how widgets are found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def use_folder(monkeypatch: pytest.MonkeyPatch, folder: Path,
               context_db: Path | None = None) -> None:
    """A fresh store and the local demo mode; no context database unless one is given."""
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(folder))
    monkeypatch.setenv("EIA_CONTEXT_DB", str(context_db or folder / "no-context.duckdb"))
    monkeypatch.delenv("EIA_USERS_FILE", raising=False)


def app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def key(assessment_id: str, name: str) -> str:
    return f"f:{assessment_id}:{name}"


def step_buttons(at: AppTest) -> dict[str, str]:
    """The progress view: step key → its button's label (title and state)."""
    return {b.key.removeprefix("goto:"): b.label for b in at.sidebar.button
            if b.key and b.key.startswith("goto:")}


def go(at: AppTest, step: str) -> AppTest:
    return at.sidebar.button(key=f"goto:{step}").click().run()


def texts_on_page(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    parts += [s.value for s in at.success]
    return "\n".join(str(p) for p in parts)
