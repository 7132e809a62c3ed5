"""Every `EIA_*` setting: read in one module, documented in the README, the same from any folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eia import settings

ROOT = Path(__file__).resolve().parent.parent


def test_paths_are_the_projects_wherever_the_command_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in settings.ALL:
        monkeypatch.delenv(setting.name, raising=False)
    monkeypatch.chdir(tmp_path)
    assert settings.context_db() == ROOT / "data" / "context.duckdb"
    assert settings.data_sources() == ROOT / "data" / "sources"
    assert settings.assessments_dir() == ROOT / "assessments"
    assert settings.question_set_paths() == []
    assert settings.question_set_drafts() == ROOT / "question-sets" / "drafts"
    assert settings.published_question_sets() == ROOT / "question-sets" / "published"
    assert settings.users_file() is None


def test_each_variable_overrides_its_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.CONTEXT_DB.name, str(tmp_path / "c.duckdb"))
    monkeypatch.setenv(settings.ASSESSMENTS_DIR.name, str(tmp_path / "a"))
    monkeypatch.setenv(settings.QUESTION_SETS.name, f"{tmp_path / 'x'}:{tmp_path / 'y'}")
    monkeypatch.setenv(settings.USERS_FILE.name, str(tmp_path / "users.yaml"))
    assert settings.context_db() == tmp_path / "c.duckdb"
    assert settings.assessments_dir() == tmp_path / "a"
    assert settings.question_set_paths() == [tmp_path / "x", tmp_path / "y"]
    assert settings.users_file() == tmp_path / "users.yaml"


def test_no_module_but_settings_reads_the_environment() -> None:
    readers = [path.relative_to(ROOT).as_posix() for path in (ROOT / "eia").rglob("*.py")
               if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text("utf-8"))]
    assert readers == ["eia/settings.py"]


def test_the_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `EIA_")]
    assert sorted(re.findall(r"`(EIA_\w+)`", "\n".join(table))) == sorted(
        setting.name for setting in settings.ALL)
