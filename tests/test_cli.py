"""The `quizapp` command line: validate and export, through the real console entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import main

BAD = Path(__file__).resolve().parent / "data" / "bad"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_validate_default_questions_folder() -> None:
    code, out, _ = run("validate")
    assert code == 0
    lines = out.splitlines()
    assert [line.split(" : ")[0] for line in lines] == ["openai-saga", "royaume-uni-2022"]
    assert all(" faits, " in line and " questions, " in line for line in lines)


def test_validate_reports_errors_and_fails(tmp_path: Path, saga_path: Path) -> None:
    shutil.copytree(saga_path, tmp_path / "saga")
    shutil.copy(BAD / "unknown_field.yaml", tmp_path / "broken.yaml")
    code, out, err = run("validate", str(tmp_path / "saga"), str(tmp_path / "broken.yaml"))
    assert code == 1
    assert out.splitlines()[0].startswith("openai-saga : ")
    assert f"{tmp_path.name}/broken.yaml:7:5: champ inconnu « speeker » : vouliez-vous dire « speaker » ?" in out
    assert "Traceback" not in out + err


def test_validate_with_env_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, _ = run("validate", env={"QUIZAPP_QUESTIONS": str(tmp_path / "empty")})
    assert code == 1 and "aucun deck ici" in out


def test_export_json(tmp_path: Path) -> None:
    target = tmp_path / "bank.json"
    code, _, err = run("export", "--format", "json", "--deck", "openai-saga", "-o", str(target))
    assert code == 0, err
    records = json.loads(target.read_text(encoding="utf-8"))
    keys = {"id", "deck", "kind", "format", "prompt", "choices", "answer", "accepted", "items", "explanation", "source", "facts"}
    keys |= {"tags", "difficulty", "number", "tolerance"}
    assert records and all(set(r) == keys for r in records)
    kinds = {r["kind"] for r in records}
    assert {"flashcard", "chronology", "truefalse", "quote"} <= kinds
    chrono = next(r for r in records if r["kind"] == "chronology")
    assert isinstance(chrono["answer"], list) and sorted(chrono["answer"]) == sorted(chrono["choices"])
    quiz = next(r for r in records if r["format"] == "choice")
    assert quiz["answer"] in quiz["choices"] and len(quiz["choices"]) == 4
    assert len({r["id"] for r in records}) == len(records)


def test_export_to_stdout_is_reproducible() -> None:
    first, second = run("export"), run("export")
    assert first[0] == 0 and first[1] == second[1]
    assert run("export", "--seed", "5")[1] != first[1]


def test_export_unknown_deck() -> None:
    code, out, err = run("export", "--deck", "nope")
    assert code == 1 and "deck inconnu « nope »" in err and out == ""


def test_export_refuses_invalid_decks(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    shutil.copy(BAD / "overlap.yaml", tmp_path / "d" / "deck.yaml")
    code, out, err = run("export", "--questions", str(tmp_path))
    assert code == 1 and out == "" and "d/deck.yaml:14:12:" in err
