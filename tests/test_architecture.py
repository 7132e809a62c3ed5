"""The domain core stays free of the UI: it is tested, scripted and reused without Streamlit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "eia"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_the_ui_imports_streamlit() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] == "streamlit" for name in imported_modules(path))
    ]
    assert offenders == []


def test_scoring_and_the_cli_load_without_streamlit() -> None:
    code = ("import sys, eia.cli, eia.rules, eia.store, eia.demo; "
            "print('streamlit' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "False"


def _imports_of(relative: str) -> set[str]:
    """Every eia module a module or package imports, as dotted names."""
    target = PACKAGE / relative
    paths = [target] if target.suffix else list(target.rglob("*.py"))
    return {name for path in paths for name in imported_modules(path) if name.startswith("eia")}


CORE = ["model.py", "migrations.py", "rules.py", "flags.py", "store.py", "storage", "workflow.py",
        "users.py", "questions", "errors.py", "jsondoc.py", "settings.py", "i18n.py"]


@pytest.mark.parametrize("part", CORE)
def test_the_core_never_imports_statement_cli_ui_or_services(part: str) -> None:
    forbidden = ("eia.statement", "eia.cli", "eia.cli_data", "eia.ui", "eia.services",
                 "eia.charts", "eia.demo")
    assert sorted(n for n in _imports_of(part) if n.startswith(forbidden)) == []


def test_context_never_imports_statement_or_rules() -> None:
    assert sorted(n for n in _imports_of("context")
                  if n.startswith(("eia.statement", "eia.rules", "eia.services"))) == []


FACES = [face for face in ("cli.py", "cli_data.py", "ui", "demo.py", "../app.py")
         if (PACKAGE / face).exists()]


@pytest.mark.parametrize("face", FACES)
def test_faces_call_services_never_the_store_or_a_backend(face: str) -> None:
    reached = {n for n in _imports_of(face) if n == "eia.store" or n.startswith("eia.storage")}
    assert reached == set()
