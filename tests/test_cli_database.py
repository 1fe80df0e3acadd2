"""One rule for every command that opens the database: --instance / --database (or their variables),
and each command says which folder and database it used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from quizapp.cli import main, where

DATABASE_COMMANDS = [["serve"], ["create-admin", "x"], ["set-role", "x", "author"]]
PASSWORD_INPUT = "une phrase de passe\nune phrase de passe\n"


pytestmark = pytest.mark.usefixtures("command_environment")


def roles(database: Path) -> dict[str, str]:
    con = sqlite3.connect(database)
    try:
        return dict(con.execute("SELECT username, role FROM users"))
    finally:
        con.close()


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=lambda c: c[0])
def test_every_database_command_takes_the_same_options(command: list[str]) -> None:
    help_text = CliRunner().invoke(main, [command[0], "--help"]).output
    assert "--instance" in help_text and "QUIZAPP_INSTANCE" in help_text
    assert "--database" in help_text and "QUIZAPP_SQLALCHEMY_DATABASE_URI" in help_text


def test_create_admin_and_set_role_write_where_they_are_told_and_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served, other = tmp_path / "served", tmp_path / "other"
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(other))  # the option wins over the variable
    created = CliRunner().invoke(main, ["create-admin", "root", "--instance", str(served)], input=PASSWORD_INPUT)
    assert created.exit_code == 0, created.output
    assert "administrateur « root » prêt" in created.output
    assert f"dossier d'instance : {served}" in created.output
    assert f"base : sqlite:///{served / 'quizapp.sqlite'}" in created.output
    assert roles(served / "quizapp.sqlite") == {"root": "admin"}
    changed = CliRunner().invoke(main, ["set-role", "root", "author", "--instance", str(served)])
    assert changed.exit_code == 0, changed.output
    assert "« root » est maintenant author" in changed.output
    assert f"base : sqlite:///{served / 'quizapp.sqlite'}" in changed.output
    assert roles(served / "quizapp.sqlite") == {"root": "author"}
    assert not (other / "quizapp.sqlite").exists()


def test_the_variables_are_the_same_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "inst"))
    monkeypatch.setenv("QUIZAPP_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    created = CliRunner().invoke(main, ["create-admin", "root"], input=PASSWORD_INPUT)
    assert created.exit_code == 0, created.output
    assert f"base : sqlite:///{tmp_path / 'elsewhere.sqlite'}" in created.output
    assert roles(tmp_path / "elsewhere.sqlite") == {"root": "admin"}
    assert not (tmp_path / "inst" / "quizapp.sqlite").exists()


def test_database_option_and_a_refusal_name_the_database(tmp_path: Path) -> None:
    database = tmp_path / "chosen.sqlite"
    args = ["--instance", str(tmp_path / "inst"), "--database", f"sqlite:///{database}"]
    missing = CliRunner().invoke(main, ["set-role", "ghost", "admin", *args])
    assert missing.exit_code == 1
    assert "Aucun compte « ghost »." in missing.output and f"base : sqlite:///{database}" in missing.output
    assert CliRunner().invoke(main, ["create-admin", "root", *args], input=PASSWORD_INPUT).exit_code == 0
    assert roles(database) == {"root": "admin"}


def test_a_password_in_the_database_url_is_not_printed(tmp_path: Path) -> None:
    app = Flask("quizapp", instance_path=str(tmp_path))
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://quiz:s3cret@db.example/quiz"
    text = where(app)
    assert "s3cret" not in text and "quiz:***@db.example" in text
