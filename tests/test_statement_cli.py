"""Exporting statements and checking them against the saved assessment, as a reviewer would."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from eia.cli import EXIT_FAILED, EXIT_REFUSED, EXIT_USAGE, main
from eia.demo import write_demo_assessments
from eia.services.assessments import AssessmentService
from eia.users import LOCAL_USERS, load_directory

Run = Callable[..., Result]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "assessments"
    list(write_demo_assessments(folder))
    return folder


@pytest.fixture
def eia(context_db: Path, store: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("EIA_CONTEXT_DB", str(context_db))
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(store))

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, [str(arg) for arg in args])

    return run


@pytest.mark.parametrize("suffix", ["pdf", "docx", "md", "html"])
def test_an_exported_statement_verifies_against_the_saved_assessment(
        eia: Run, tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"library.{suffix}"
    exported = eia("assessments", "export", "demo-branch-library", "-o", output)
    assert exported.exit_code == 0, exported.output
    checked = eia("verify", output)
    assert checked.exit_code == 0, checked.output
    assert "matches demo-branch-library revision 2" in checked.stdout


def test_a_saved_file_edited_by_hand_is_caught_when_a_statement_is_verified(
        eia: Run, store: Path, tmp_path: Path) -> None:
    output = tmp_path / "rooms.pdf"
    assert eia("assessments", "export", "demo-changing-rooms", "-o", output).exit_code == 0
    saved = store / "demo-changing-rooms.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["decision"]["title"] += " (edited by hand)"
    saved.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    checked = eia("verify", output)
    assert checked.exit_code == EXIT_REFUSED
    assert "differs from its kept revision" in checked.stderr and "tampered" in checked.stderr


def test_a_kept_revision_edited_by_hand_no_longer_verifies(
        eia: Run, store: Path, tmp_path: Path) -> None:
    output = tmp_path / "booking.pdf"
    assert eia("assessments", "export", "demo-digital-booking", "--revision", "2",
               "-o", output).exit_code == 0
    kept = store / ".revisions" / "demo-digital-booking" / "000002.json"
    kept.write_bytes(kept.read_bytes().replace(b"bara digitalt", b"mest digitalt"))
    checked = eia("verify", output)
    assert checked.exit_code == EXIT_FAILED
    assert "does NOT match" in checked.stderr


def test_a_forged_fingerprint_does_not_verify(eia: Run, tmp_path: Path) -> None:
    output = tmp_path / "booking.md"
    assert eia("assessments", "export", "demo-digital-booking", "-o", output).exit_code == 0
    text = output.read_text(encoding="utf-8")
    forged = tmp_path / "forged.md"
    token_start = text.index("demo-digital-booking@")
    sha = text[token_start:].split(":", 1)[1][:64]
    forged.write_text(text.replace(sha, "0" * 64), encoding="utf-8")
    checked = eia("verify", forged)
    assert checked.exit_code == 1 and "does NOT match" in checked.stderr


def test_a_file_without_a_fingerprint_is_reported(eia: Run, tmp_path: Path) -> None:
    other = tmp_path / "minutes.md"
    other.write_text("# Minutes of the consultation\n", encoding="utf-8")
    checked = eia("verify", other)
    assert checked.exit_code == 1 and "no Likvärdig fingerprint" in checked.stderr


def test_export_refuses_a_file_name_without_a_known_format(eia: Run, tmp_path: Path) -> None:
    result = eia("assessments", "export", "demo-branch-library", "-o", tmp_path / "out.txt")
    assert result.exit_code == EXIT_USAGE and "use --format" in result.stderr
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("suffix", ["pdf", "docx", "md", "html"])
def test_a_token_quoted_in_user_text_is_not_taken_for_the_statements_own(
        eia: Run, store: Path, tmp_path: Path, suffix: str) -> None:
    """The fingerprint is read only where the renderer put it, never from what a user typed:
    a title quoting another assessment's token still verifies against its own revision."""
    service = AssessmentService.for_folder(store, load_directory(LOCAL_USERS))
    officer = service.user("demo-officer")
    library = service.get(officer, "demo-branch-library").assessment
    quoting = library.decision.title + " (see demo-changing-rooms@4:" + "ab" * 32 + ")"
    service.update(officer, library.id, expected_revision=library.revision,
                   changes={"decision": {**library.decision.model_dump(), "title": quoting}})
    output = tmp_path / f"library.{suffix}"
    exported = eia("assessments", "export", "demo-branch-library", "-o", output)
    assert exported.exit_code == 0, exported.output
    checked = eia("verify", output)
    assert checked.exit_code == 0, checked.output
    assert "matches demo-branch-library revision 3" in checked.stdout


def test_a_token_only_in_the_text_of_a_file_is_not_a_fingerprint(
        eia: Run, tmp_path: Path) -> None:
    """A Markdown file that quotes a token anywhere but on its last line, as the comment the
    renderer writes, carries no fingerprint."""
    output = tmp_path / "library.md"
    assert eia("assessments", "export", "demo-branch-library", "-o", output).exit_code == 0
    text = output.read_text(encoding="utf-8")
    body, _last = text.rstrip("\n").rsplit("\n", 1)
    quoted = tmp_path / "quoted.md"
    quoted.write_text(body + "\n", encoding="utf-8")
    checked = eia("verify", quoted)
    assert checked.exit_code == 1 and "no Likvärdig fingerprint" in checked.stderr
