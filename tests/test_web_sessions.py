"""Server-side sessions: a copied cookie dies with logout, « log out everywhere », a new password or
role, and age; the check costs no query of its own; the state is in the database, shared by servers."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import LoginSession
from quizapp.services import accounts

from .conftest import PASSWORD, Clock, login, make_app, register, start_quiz
from .webhelpers import csrf_token


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of `client`'s session cookie (a stolen or replayed cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def signed_in(client: FlaskClient) -> bool:
    response = client.get("/scores")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def sessions(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(LoginSession.id))) or 0)


def test_a_cookie_copied_before_logout_is_refused_after_it(app: Flask, logged_in: FlaskClient) -> None:
    thief = copy_of(app, logged_in)
    assert signed_in(thief)
    assert logged_in.post("/compte/deconnexion").status_code == 302
    assert not signed_in(thief) and not signed_in(logged_in)
    assert thief.get("/scores").headers["Location"].startswith("/compte/connexion")
    assert sessions(app) == 0


def test_log_out_everywhere_ends_every_session_of_the_account_only(app: Flask, client: FlaskClient) -> None:
    register(client, "alice")
    laptop, phone = client, app.test_client()
    assert login(phone, "alice").status_code == 302
    bob = app.test_client()
    register(bob, "bob")
    assert laptop.get("/compte/deconnexion-partout").status_code == 405  # no state change on GET
    assert signed_in(phone)
    done = laptop.post("/compte/deconnexion-partout", follow_redirects=True)
    assert "Vous êtes déconnecté partout (2 session(s) fermée(s))." in done.get_data(as_text=True)
    assert not signed_in(laptop) and not signed_in(phone) and signed_in(bob)


def test_the_account_page_offers_to_log_out_everywhere(logged_in: FlaskClient) -> None:
    page = logged_in.get("/compte/").get_data(as_text=True)
    assert 'action="/compte/deconnexion-partout"' in page and "Se déconnecter partout" in page
    assert 'name="csrf_token"' in page
    assert 'href="/compte/"' in logged_in.get("/").get_data(as_text=True)


def test_log_out_everywhere_needs_the_csrf_token(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = csrf_token(client)
    data = {"username": "alice", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
    assert client.post("/compte/inscription", data=data).status_code == 302
    assert client.post("/compte/deconnexion-partout").status_code == 400
    assert signed_in(client) and sessions(app) == 1


@pytest.mark.parametrize("change", ["role", "password"])
def test_a_new_role_or_password_ends_every_session(app: Flask, logged_in: FlaskClient, clock: Clock, change: str) -> None:
    other = app.test_client()
    login(other, "alice")
    with app.app_context():
        if change == "role":
            accounts.set_role("alice", "author")
        else:
            accounts.set_admin("alice", "a brand new password", clock())
    assert not signed_in(logged_in) and not signed_in(other)
    assert login(other, "alice", PASSWORD if change == "role" else "a brand new password").status_code == 302
    assert signed_in(other)


def test_a_session_ends_at_its_maximum_age(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    clock.advance(days=29)
    assert signed_in(logged_in)
    clock.advance(days=1)
    assert not signed_in(logged_in)
    login(logged_in)  # the expired row is cleared at the next log-in
    assert sessions(app) == 1


def test_sessions_live_in_the_database_shared_by_every_server(tmp_path: Path, clock: Clock) -> None:
    first, second = make_app(tmp_path, clock), make_app(tmp_path, clock)  # two servers, one database
    client = first.test_client()
    register(client)
    replay = copy_of(second, client)
    assert signed_in(replay)
    client.post("/compte/deconnexion")
    assert not signed_in(replay)


def test_a_cookie_from_before_server_sessions_signs_nobody_in(app: Flask, logged_in: FlaskClient) -> None:
    with logged_in.session_transaction() as session:
        session["_user_id"] = "1"  # what the cookie held when it carried the user's id
    assert not signed_in(logged_in)


@pytest.mark.sqlite_only("reads SQLite's own statement trace (the statements are the same Core ones on PostgreSQL)")
def test_the_question_page_checks_the_session_in_the_query_that_reads_the_account(
    app: Flask, logged_in: FlaskClient, statements: list[str]
) -> None:
    attempt_id = start_quiz(logged_in)
    statements.clear()
    assert logged_in.get(f"/quiz/{attempt_id}/1").status_code == 200
    queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 2, queries  # the account (with its session), then the question
    assert "login_sessions" in queries[0] and "users" in queries[0]
    assert not any("login_sessions" in q or "FROM users" in q for q in queries[1:])
