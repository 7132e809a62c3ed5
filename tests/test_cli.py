"""The `eia` command, as a user at a terminal meets it.

Each test runs the command the way the help texts show it and checks what the user relies on: what
is printed, the exit code, and that nothing outside the folder given is touched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from eia.cli import EXIT_CONFLICT, EXIT_NOT_FOUND, EXIT_REFUSED, EiaGroup, main
from eia.model import Assessment, Ground

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "eia" / "questions" / "helsingborg" / "1.0"
README = ROOT / "README.md"

DEMO_OUTCOMES = {
    "demo-digital-booking": "adjust_proposal",
    "demo-changing-rooms": "no_major_change",
    "demo-branch-library": "stop_and_rethink",
}


def eia(*args: str | Path) -> Result:
    """Run `eia ARGS...` and return what it printed (stdout and stderr apart) and its exit code."""
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture(autouse=True)
def no_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command run without --dir must never reach the repository's own assessments folder."""
    monkeypatch.setenv("EIA_ASSESSMENTS_DIR", str(tmp_path / "default-folder"))


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "assessments"
    result = eia("demo", "--dir", folder)
    assert result.exit_code == 0, result.output
    return folder


# --- questions -------------------------------------------------------------------------------


def test_questions_validate_checks_the_installed_set() -> None:
    result = eia("questions", "validate")
    assert result.exit_code == 0, result.output
    assert "ok: helsingborg 1.0" in result.stdout
    assert result.stderr == ""


def test_questions_validate_names_the_file_line_and_field_of_a_mistake(tmp_path: Path) -> None:
    broken = tmp_path / "1.0"
    shutil.copytree(DEFAULT_SET, broken)
    section = broken / "10-age.yaml"
    lines = section.read_text(encoding="utf-8").splitlines(keepends=True)
    step = lines.index("step: impact\n")
    lines.insert(step + 1, "colour: blue\n")  # a key the schema does not know
    section.write_text("".join(lines), encoding="utf-8")

    result = eia("questions", "validate", broken)

    assert result.exit_code == 1
    assert "ok:" not in result.stdout
    assert f"{section}:{step + 2}" in result.stderr  # file and 1-based line of the bad key
    assert "colour" in result.stderr


def test_questions_validate_leaves_a_good_copy_alone(tmp_path: Path) -> None:
    copy = tmp_path / "1.0"
    shutil.copytree(DEFAULT_SET, copy)
    result = eia("questions", "validate", copy)
    assert result.exit_code == 0, result.output
    assert "ok: helsingborg 1.0" in result.stdout and str(copy) in result.stdout


@pytest.mark.parametrize("args", [[], ["--part", "set"]])
def test_questions_schema_describes_set_yaml(args: list[str]) -> None:
    result = eia("questions", "schema", *args)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["title"] == "QuestionSet"
    assert {"Question", "Section"} <= set(schema["$defs"])
    assert schema["additionalProperties"] is False  # an editor flags an unknown key too


def test_questions_schema_of_a_section_file() -> None:
    result = eia("questions", "schema", "--part", "section")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["title"] == "Section"  # the document itself is a Section
    assert "Question" in schema["$defs"]
    assert "questions" in schema["properties"]


# --- demo ------------------------------------------------------------------------------------


def test_demo_writes_three_assessments_and_never_overwrites_them(tmp_path: Path) -> None:
    folder = tmp_path / "assessments"

    first = eia("demo", "--dir", folder)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [f"wrote {id_}" for id_ in DEMO_OUTCOMES]
    files = sorted(folder.glob("demo-*.json"))
    assert [path.stem for path in files] == sorted(DEMO_OUTCOMES)
    written = {path: path.read_bytes() for path in files}

    second = eia("demo", "--dir", folder)
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines() == [f"kept {id_}" for id_ in DEMO_OUTCOMES]
    assert {path: path.read_bytes() for path in folder.glob("demo-*.json")} == written


def test_demo_uses_the_folder_from_the_environment(tmp_path: Path) -> None:
    result = eia("demo")
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in (tmp_path / "default-folder").glob("demo-*.json")) == sorted(
        DEMO_OUTCOMES
    )


# --- assessments list / show -----------------------------------------------------------------


def test_list_json_is_an_array_of_summaries(demo_dir: Path) -> None:
    result = eia("assessments", "list", "--dir", demo_dir, "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert isinstance(items, list)
    assert [item["id"] for item in items] == sorted(DEMO_OUTCOMES)
    for item in items:
        assert {"id", "status", "title"} <= set(item)
        assert item["title"].startswith("DEMO")
    assert {item["id"]: item["status"] for item in items} == {
        "demo-digital-booking": "in_review",
        "demo-changing-rooms": "approved",
        "demo-branch-library": "draft",
    }


def test_list_marks_demo_assessments(demo_dir: Path) -> None:
    result = eia("assessments", "list", "--dir", demo_dir)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for line, assessment_id in zip(lines, sorted(DEMO_OUTCOMES), strict=True):
        assert line.startswith(f"{assessment_id}\t")
        assert line.endswith("[DEMO]")


def test_list_does_not_mark_a_real_assessment_as_demo(demo_dir: Path) -> None:
    real = Assessment(id="ny-taxa", revision=1,
                      question_set={"id": "helsingborg", "version": "1.0"},
                      decision={"title": "Ny taxa för bibliotekslokaler"})
    (demo_dir / "ny-taxa.json").write_text(real.to_json(), encoding="utf-8")
    result = eia("assessments", "list", "--dir", demo_dir)
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if line.startswith("ny-taxa\t")]
    assert "Ny taxa för bibliotekslokaler" in line
    assert "[DEMO]" not in line


def test_list_of_a_folder_that_does_not_exist_is_empty(tmp_path: Path) -> None:
    result = eia("assessments", "list", "--dir", tmp_path / "nothing-here", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_show_prints_the_saved_assessment_as_json(demo_dir: Path) -> None:
    result = eia("assessments", "show", "demo-branch-library", "--dir", demo_dir)
    assert result.exit_code == 0, result.output
    stored = Assessment.from_json((demo_dir / "demo-branch-library.json").read_bytes())
    assert Assessment.from_json(result.stdout) == stored


# --- assessments score -----------------------------------------------------------------------


@pytest.mark.parametrize(("assessment_id", "outcome"), DEMO_OUTCOMES.items())
def test_score_prints_the_recommended_outcome_grounds_and_flags(
    demo_dir: Path, assessment_id: str, outcome: str
) -> None:
    result = eia("assessments", "score", assessment_id, "--dir", demo_dir)
    assert result.exit_code == 0, result.output
    score = json.loads(result.stdout)
    assert score["id"] == assessment_id
    assert score["recommended_outcome"] == outcome
    assert score["recommended_outcome_trace"]["rule"].startswith("outcome.")
    assert [ground["ground"] for ground in score["grounds"]] == [g.value for g in Ground]
    assert isinstance(score["flags"], list)
    for flag in score["flags"]:
        assert {"code", "severity", "trace"} <= set(flag)


def test_score_reason_is_in_the_language_asked_for(demo_dir: Path) -> None:
    swedish = json.loads(eia("assessments", "score", "demo-branch-library", "--dir", demo_dir,
                             "--lang", "sv").stdout)
    english = json.loads(eia("assessments", "score", "demo-branch-library", "--dir", demo_dir,
                             "--lang", "en").stdout)
    assert swedish["recommended_outcome_label"] == "Förslaget bör inte genomföras i nuvarande form"
    assert english["recommended_outcome_label"] == "Stop and rethink"
    assert "Socioekonomisk status" in swedish["reason"]
    assert "Socioeconomic status" in english["reason"]


def test_score_explain_in_swedish(demo_dir: Path) -> None:
    result = eia("assessments", "score", "demo-branch-library", "--dir", demo_dir,
                 "--explain", "--lang", "sv")
    assert result.exit_code == 0, result.output
    first_line = result.stdout.splitlines()[0]
    assert first_line.startswith("Förslaget bör inte genomföras i nuvarande form: ")
    assert "Socioekonomisk status" in result.stdout
    assert "Stop and rethink" not in result.stdout


def test_score_explain_in_english(demo_dir: Path) -> None:
    result = eia("assessments", "score", "demo-branch-library", "--dir", demo_dir,
                 "--explain", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("Stop and rethink: ")
    assert "Socioeconomic status" in result.stdout
    assert "Förslaget bör inte genomföras i nuvarande form" not in result.stdout


def test_score_explain_defaults_to_swedish(demo_dir: Path) -> None:
    result = eia("assessments", "score", "demo-digital-booking", "--dir", demo_dir, "--explain")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Förslaget behöver ändras: ")


# --- mistakes and damaged files --------------------------------------------------------------


@pytest.mark.parametrize("command", ["show", "score"])
def test_an_unknown_id_is_named_in_the_error(demo_dir: Path, command: str) -> None:
    result = eia("assessments", command, "no-such-assessment", "--dir", demo_dir)
    assert result.exit_code == EXIT_NOT_FOUND
    assert "no-such-assessment" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("bad_id", ["../secret", "../secret.json", "/etc/passwd", "Demo.X"])
@pytest.mark.parametrize("command", ["show", "score"])
def test_an_id_that_is_not_a_plain_name_reads_nothing(
    tmp_path: Path, command: str, bad_id: str
) -> None:
    folder = tmp_path / "assessments"
    folder.mkdir()
    secret = Assessment(id="secret", question_set={"id": "helsingborg", "version": "1.0"},
                        decision={"title": "SECRET outside the folder"})
    (tmp_path / "secret.json").write_text(secret.to_json(), encoding="utf-8")

    result = eia("assessments", command, bad_id, "--dir", folder)

    assert result.exit_code == EXIT_REFUSED
    assert isinstance(result.exception, SystemExit)  # a message, not a crash
    assert "Traceback" not in result.output
    assert "invalid assessment id" in result.stderr
    assert "SECRET" not in result.output
    assert result.stdout == ""


@pytest.fixture
def damaged_dir(demo_dir: Path) -> Path:
    (demo_dir / "half-saved.json").write_text('{"schema_version": 1, "id": "half-sa',
                                              encoding="utf-8")
    return demo_dir


def test_list_still_lists_the_good_files_beside_a_damaged_one(damaged_dir: Path) -> None:
    result = eia("assessments", "list", "--dir", damaged_dir)
    assert result.exit_code == 0, result.output
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == sorted(DEMO_OUTCOMES)
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    assert len(problems) == 1
    assert str(damaged_dir / "half-saved.json") in problems[0]


def test_list_json_stays_valid_json_beside_a_damaged_file(damaged_dir: Path) -> None:
    result = eia("assessments", "list", "--dir", damaged_dir, "--json")
    assert result.exit_code == 0, result.output
    assert [item["id"] for item in json.loads(result.stdout)] == sorted(DEMO_OUTCOMES)
    assert "half-saved.json" in result.stderr


@pytest.mark.parametrize("command", ["show", "score"])
def test_a_damaged_file_is_named_when_asked_for(damaged_dir: Path, command: str) -> None:
    result = eia("assessments", command, "half-saved", "--dir", damaged_dir)
    assert result.exit_code == EXIT_REFUSED
    assert isinstance(result.exception, SystemExit)
    assert f"error: {damaged_dir / 'half-saved.json'}:1" in result.stderr
    assert result.stdout == ""


# --- documentation ---------------------------------------------------------------------------


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    yield prefix, group
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


ALL_COMMANDS = list(_commands(main))


def test_the_command_tree_is_what_the_tests_cover() -> None:
    assert [" ".join(path) for path, _ in ALL_COMMANDS] == [
        "", "assessments", "assessments answer", "assessments approve", "assessments archive",
        "assessments attach", "assessments diff", "assessments export", "assessments history",
        "assessments judge", "assessments list", "assessments new", "assessments reopen",
        "assessments return", "assessments score", "assessments show", "assessments submit",
        "assessments upgrade", "audit",
        "data", "data build", "data fetch", "data fetch kolada", "data fetch scb",
        "data import", "data indicators", "data show",
        "demo", "portfolio", "questions", "questions diff", "questions discard",
        "questions draft", "questions graph", "questions publish", "questions schema",
        "questions validate", "questions versions", "questions what-if", "report",
        "report follow-up", "users", "users list",
        "verify",
    ]


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS,
                         ids=[" ".join(path) or "eia" for path, _ in ALL_COMMANDS])
def test_every_command_has_an_example_in_its_help(path: tuple[str, ...],
                                                  command: click.Command) -> None:
    assert command.help and "Example" in command.help
    result = eia(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    shown = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("eia")]
    assert shown, "the example should be a command line starting with eia"
    for line in shown:
        assert line.split()[1:1 + len(path)] == list(path) or not path


def test_the_readme_mentions_every_command_and_subcommand() -> None:
    text = README.read_text(encoding="utf-8")
    for path, _ in ALL_COMMANDS[1:]:
        command = " ".join(("eia", *path))
        assert command in text, f"README.md does not mention `{command}`"


# --- exit codes, JSON and start-up ------------------------------------------------------------


def test_a_stale_revision_is_a_conflict_with_exit_code_4(demo_dir: Path) -> None:
    result = eia("assessments", "submit", "demo-branch-library", "--revision", "1",
                 "--dir", demo_dir)
    assert result.exit_code == EXIT_CONFLICT
    assert "revision 2 is saved" in result.stderr


def test_an_unknown_user_is_not_found(demo_dir: Path) -> None:
    result = eia("assessments", "list", "--as", "mallory", "--dir", demo_dir)
    assert result.exit_code == EXIT_NOT_FOUND and "mallory" in result.stderr


def test_validate_and_verify_speak_json(demo_dir: Path, tmp_path: Path) -> None:
    checked = json.loads(eia("questions", "validate", "--json").stdout)
    assert [(c["id"], c["version"], c["ok"]) for c in checked] == [
        ("helsingborg", "1.0", True), ("helsingborg", "1.1", True)]
    statement = tmp_path / "rooms.md"
    assert eia("assessments", "export", "demo-changing-rooms", "--no-context", "-o", statement,
               "--dir", demo_dir).exit_code == 0
    verified = eia("verify", statement, "--dir", demo_dir, "--json")
    assert verified.exit_code == 0
    assert json.loads(verified.stdout)["ok"] is True


def test_a_title_cannot_drive_the_terminal(demo_dir: Path) -> None:
    title = "Ny taxa\x1b[2J\x1b[Hhidden\x9b31m"
    created = eia("assessments", "new", "ny-taxa", "--title", title, "--dir", demo_dir)
    assert created.exit_code == 0, created.output
    listed = eia("assessments", "list", "--dir", demo_dir).stdout
    assert "\x1b" not in listed and "\x9b" not in listed
    assert "Ny taxa\\u001b[2J\\u001b[Hhidden\\u009b31m" in listed


@pytest.mark.parametrize("args", [["--help"], ["assessments", "list"]])
def test_help_and_listing_load_no_heavy_library(args: list[str]) -> None:
    code = (f"import sys\nfrom eia.cli import main\ntry:\n    main({args!r})\n"
            "except SystemExit:\n    pass\nprint(sorted(m for m in ('duckdb', 'altair', "
            "'reportlab', 'vl_convert') if m in sys.modules), file=sys.stderr)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stderr.strip().splitlines()[-1]
    assert loaded == "[]"


def test_python_dash_m_eia_is_the_command() -> None:
    result = subprocess.run([sys.executable, "-m", "eia", "--version"], capture_output=True,
                            text=True, check=True)
    assert result.stdout.startswith("eia, version ")


def test_the_help_line_of_a_lazy_command_is_its_own() -> None:
    context = click.Context(main)
    for name, (_, line) in EiaGroup.LAZY.items():
        command = main.get_command(context, name)
        assert command is not None and command.help is not None
        assert command.help.split("\n")[0].rstrip(".") == line.rstrip(".")


# --- review from the shell -------------------------------------------------------------------


def test_a_review_round_from_the_shell(demo_dir: Path) -> None:
    base = ["--dir", demo_dir]
    judged = eia("assessments", "judge", "demo-digital-booking", "consultation", "--verdict",
                 "must_correct", "--comment", "Säg vad pensionärsrådet sa.",
                 "--as", "demo-reviewer", *base)
    assert judged.exit_code == 0, judged.output
    assert judged.stdout == ("judged demo-digital-booking consultation: must_correct; "
                             "now returned, r5\n")
    answered = eia("assessments", "answer", "demo-digital-booking", "consultation",
                   "--reply", "Rådet vill kunna ringa.", "--as", "demo-officer", *base)
    assert answered.exit_code == 0, answered.output
    assert "0 comments left to answer" in answered.stdout
    history = eia("assessments", "history", "demo-digital-booking", *base).stdout
    assert [line.split("\t")[2] for line in history.splitlines()][-3:] == [
        "judged", "returned", "replied"]


@pytest.mark.parametrize(("args", "code", "says"), [
    (["judge", "demo-digital-booking", "actions", "--verdict", "acceptable",
      "--as", "demo-officer"], 6, "[needs-reviewer]"),
    (["judge", "demo-branch-library", "actions", "--verdict", "acceptable",
      "--as", "demo-reviewer"], 6, "[wrong-status]"),
    (["judge", "demo-digital-booking", "actions", "--verdict", "to_improve",
      "--as", "demo-reviewer"], EXIT_REFUSED, "needs a comment"),
    (["judge", "demo-digital-booking", "actions", "--verdict", "acceptable", "--revision", "1",
      "--as", "demo-reviewer"], EXIT_CONFLICT, "reload it"),
    (["judge", "demo-digital-booking", "nowhere", "--verdict", "acceptable",
      "--as", "demo-reviewer"], 2, "nowhere"),
    (["judge", "demo-missing", "actions", "--verdict", "acceptable", "--as", "demo-reviewer"],
     EXIT_NOT_FOUND, "not saved"),
    (["answer", "demo-branch-library", "actions", "--reply", "x", "--as", "demo-officer"],
     6, "[wrong-status]"),
    (["answer", "demo-digital-booking", "actions", "--reply", "x", "--as", "demo-officer"],
     6, "[wrong-status]"),
    (["attach", "demo-changing-rooms", "README.md", "--as", "demo-officer"], 6,
     "[not-editable]"),
])
def test_the_review_commands_refuse_with_the_documented_exit_codes(
        demo_dir: Path, args: list[str], code: int, says: str) -> None:
    before = {path.name: path.read_bytes() for path in demo_dir.glob("demo-*.json")}
    result = eia("assessments", *[str(ROOT / a) if a == "README.md" else a for a in args],
                 "--dir", demo_dir)
    assert result.exit_code == code, result.output
    assert says in result.stderr and "Traceback" not in result.output
    assert {path.name: path.read_bytes() for path in demo_dir.glob("demo-*.json")} == before
