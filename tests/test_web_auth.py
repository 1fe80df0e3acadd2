"""Accounts: registration rules, argon2id hashes, session renewal, throttled log-ins, admin command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from quizapp.cli import main
from quizapp.extensions import db
from quizapp.models import User

from .conftest import PASSWORD, Clock, login, make_app, register
from .webhelpers import another_connection


def test_register_logs_in_and_hashes_with_argon2id(app: Flask, client: FlaskClient) -> None:
    response = register(client, "Alice")
    assert response.status_code == 302
    assert "Se déconnecter (alice)" in client.get("/").get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "alice"))
        assert user is not None and user.role == "learner"
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_default_hash_parameters_meet_owasp(tmp_path: Path, clock: Clock) -> None:
    from argon2 import extract_parameters

    app = make_app(tmp_path, clock, fast_hash=False)
    client = app.test_client()
    assert register(client).status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash))
    params = extract_parameters(stored)
    assert params.type.name == "ID"
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2  # OWASP ASVS: argon2id, 19 MiB, t=2


def test_password_length_rules(client: FlaskClient) -> None:
    short = register(client, "bob", "7chars!")
    assert short.status_code == 400 and "8" in short.get_data(as_text=True)
    long_ok = register(client, "carol", "x" * 128)
    assert long_ok.status_code == 302
    client.post("/compte/deconnexion")
    too_long = register(client, "dave", "x" * 129)
    assert too_long.status_code == 400


def test_username_taken_and_invalid(client: FlaskClient) -> None:
    register(client, "alice")
    client.post("/compte/deconnexion")
    again = register(client, "ALICE")
    assert again.status_code == 400 and "déjà pris" in again.get_data(as_text=True)
    bad = register(client, "a b<script>")
    assert bad.status_code == 400 and "<script>" not in bad.get_data(as_text=True)


def test_login_renews_the_session_and_logout_drops_it(client: FlaskClient) -> None:
    register(client)
    client.post("/compte/deconnexion")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    assert login(client).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("_user_id")
    assert client.post("/compte/deconnexion").status_code == 302
    with client.session_transaction() as session:
        assert dict(session) == {} or set(session) <= {"_flashes"}
    assert client.get("/scores").status_code == 302


def test_logout_is_post_only(client: FlaskClient) -> None:
    register(client)
    assert client.get("/compte/deconnexion").status_code == 405
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)


def test_wrong_password_does_not_say_which(client: FlaskClient) -> None:
    register(client)
    client.post("/compte/deconnexion")
    wrong = login(client, "alice", "not the password")
    ghost = login(client, "nobody", "not the password")
    assert wrong.status_code == ghost.status_code == 400
    assert "Identifiant ou mot de passe incorrect." in wrong.get_data(as_text=True)
    assert "Identifiant ou mot de passe incorrect." in ghost.get_data(as_text=True)


def test_create_admin_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "inst"))
    result = CliRunner().invoke(main, ["create-admin", "root"], input="une phrase de passe\nune phrase de passe\n")
    assert result.exit_code == 0, result.output
    assert "administrateur « root » prêt" in result.output
    short = CliRunner().invoke(main, ["create-admin", "root2"], input="court\ncourt\n")
    assert short.exit_code == 1 and "8 à 128" in short.output
    assert (tmp_path / "inst" / "quizapp.sqlite").exists()
    assert oct((tmp_path / "inst" / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_a_username_taken_while_the_password_was_hashed_is_a_clear_refusal(
    app: Flask, client: FlaskClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two registrations of one name race: the check found it free, then the other request's INSERT
    landed during hashing. Only that duplicate is taken as « already taken »; nothing else changes."""
    from quizapp.services import accounts as service

    real_hash = service.hash_password

    def hash_while_another_registers(password: str) -> str:
        with another_connection(app) as conn:
            conn.execute(insert(User).values(username="alice", password_hash="x", role="learner", created_at=clock()))
        return real_hash(password)

    monkeypatch.setattr(service, "hash_password", hash_while_another_registers)
    response = register(client, "alice")
    assert response.status_code == 400 and "Cet identifiant est déjà pris." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.password_hash).where(User.username == "alice")) == "x"
