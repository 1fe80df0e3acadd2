"""Access control, CSRF, tampered forms, oversized bodies, headers: refused clearly, nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .conftest import PASSWORD, Clock, make_app, register, start_quiz
from .webhelpers import count_answers, csrf_token, form_for, snapshot

LOGIN_REQUIRED = [
    ("GET", "/quiz/"),
    ("POST", "/quiz/"),
    ("GET", "/quiz/1/1"),
    ("POST", "/quiz/1/1"),
    ("GET", "/quiz/1/resultat"),
    ("POST", "/quiz/1/rejouer"),
    ("POST", "/quiz/erreurs/openai-saga"),
    ("GET", "/scores"),
    ("GET", "/scores/1"),
    ("GET", "/admin"),
    ("GET", "/admin/utilisateurs/1"),
    ("GET", "/admin/questions"),
    ("POST", "/compte/deconnexion"),
]
ADMIN_ONLY = ["/admin", "/admin/utilisateurs/1", "/admin/utilisateurs/1/quiz/1", "/admin/questions"]


@pytest.mark.parametrize(("method", "path"), LOGIN_REQUIRED)
def test_login_required(client: FlaskClient, method: str, path: str) -> None:
    response = client.open(path, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/compte/connexion")


@pytest.mark.parametrize("path", ADMIN_ONLY)
def test_admin_pages_are_403_for_learners(logged_in: FlaskClient, path: str) -> None:
    response = logged_in.get(path)
    assert response.status_code == 403
    assert "réservée aux administrateurs" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/quiz/{id}/1", "/quiz/{id}/resultat", "/scores/{id}"])
def test_another_learners_attempt_is_404(app: Flask, client: FlaskClient, path: str) -> None:
    register(client, "alice")
    attempt_id = start_quiz(client)
    client.post("/compte/deconnexion")
    register(client, "mallory")
    assert client.get(path.format(id=attempt_id)).status_code == 404
    snap = snapshot(app, attempt_id, 1)
    assert client.post(f"/quiz/{attempt_id}/1", data=form_for(snap)).status_code == 404
    assert client.post(f"/quiz/{attempt_id}/rejouer").status_code == 404
    assert count_answers(app) == 0


def test_score_pages_are_not_cached(logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in)
    for path in ("/scores", f"/scores/{attempt_id}", f"/quiz/{attempt_id}/resultat", f"/quiz/{attempt_id}/1"):
        assert logged_in.get(path).headers["Cache-Control"] == "no-store", path


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"choice": "7"}, 400, "un choix valide"),
        ({"choice": "-1"}, 400, None),
        ({"choice": "abc"}, 400, None),
        ({}, 400, "Choisissez une réponse."),
    ],
)
def test_tampered_choice_is_refused(app: Flask, logged_in: FlaskClient, data: dict, status: int, message: str | None) -> None:
    attempt_id = start_quiz(logged_in, kinds=["figure"])  # figures are always asked with choices
    response = logged_in.post(f"/quiz/{attempt_id}/1", data=data)
    assert response.status_code == status
    if message:
        assert message in response.get_data(as_text=True)
    assert count_answers(app) == 0


def test_question_not_in_the_attempt(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    assert logged_in.post(f"/quiz/{attempt_id}/6", data={"choice": "0"}).status_code == 404
    assert logged_in.post(f"/quiz/{attempt_id}/0", data={"choice": "0"}).status_code == 404
    assert logged_in.get("/quiz/999999/1").status_code == 404
    assert count_answers(app) == 0


def test_finished_attempt_takes_no_new_answer(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    for position in range(1, 6):
        logged_in.post(f"/quiz/{attempt_id}/{position}", data=form_for(snapshot(app, attempt_id, position)))
    assert count_answers(app) == 5
    again = logged_in.post(f"/quiz/{attempt_id}/3", data=form_for(snapshot(app, attempt_id, 3), right=False))
    assert again.status_code == 303 and count_answers(app) == 5
    assert "Bonne réponse !" in logged_in.get(f"/quiz/{attempt_id}/3").get_data(as_text=True)


def test_unknown_deck_is_refused(app: Flask, logged_in: FlaskClient) -> None:
    response = logged_in.post("/quiz/", data={"deck": "../etc", "count": "5", "mode": "practice", "kinds": ["quote"]})
    assert response.status_code == 400 and "un choix valide" in response.get_data(as_text=True)
    response = logged_in.post("/quiz/", data={"deck": "openai-saga", "count": "7", "mode": "practice", "kinds": ["quote"]})
    assert response.status_code == 400
    response = logged_in.post("/quiz/", data={"deck": "openai-saga", "count": "5", "mode": "practice", "kinds": ["nope"]})
    assert response.status_code == 400
    assert logged_in.post("/quiz/erreurs/nope").status_code in (302, 303, 400)


def test_oversized_body_is_413(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    response = logged_in.post(f"/quiz/{attempt_id}/1", data={"text": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)
    assert count_answers(app) == 0


@pytest.fixture
def csrf_app(tmp_path: Path, clock: Clock) -> Flask:
    return make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)


def test_csrf_is_enforced_on_every_form(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    data = {"username": "alice", "password": PASSWORD, "confirm": PASSWORD}
    refused = client.post("/compte/inscription", data=data)
    assert refused.status_code == 400 and "jeton de sécurité" in refused.get_data(as_text=True)
    assert client.post("/compte/inscription", data={**data, "csrf_token": "forged"}).status_code == 400
    token = csrf_token(client, "/compte/inscription")
    assert client.post("/compte/inscription", data={**data, "csrf_token": token}).status_code == 302
    token = csrf_token(client, "/quiz/")
    settings = {"deck": "openai-saga", "count": "5", "mode": "practice", "kinds": ["quote"]}
    assert client.post("/quiz/", data=settings).status_code == 400
    started = client.post("/quiz/", data={**settings, "csrf_token": token})
    assert started.status_code == 303
    attempt_id = int(started.headers["Location"].split("/")[2])
    answer = form_for(snapshot(csrf_app, attempt_id, 1))
    assert client.post(f"/quiz/{attempt_id}/1", data=answer).status_code == 400
    assert count_answers(csrf_app) == 0
    assert client.post(f"/quiz/{attempt_id}/rejouer").status_code == 400
    assert client.post("/compte/deconnexion").status_code == 400
    token = csrf_token(client, f"/quiz/{attempt_id}/1")
    assert client.post(f"/quiz/{attempt_id}/1", data={**answer, "csrf_token": token}).status_code == 303
    assert count_answers(csrf_app) == 1
    other = csrf_app.test_client()  # a token from another session is worthless
    register_data = {"username": "bob", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
    assert other.post("/compte/inscription", data=register_data).status_code == 400


def test_errors_never_show_a_traceback(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    client = app.test_client()
    register(client)
    response = client.get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in body and "secret internals" not in body and "Erreur 500" in body


def test_output_is_escaped(app: Flask, client: FlaskClient) -> None:
    """What a visitor typed comes back in the re-shown form as text, not markup."""
    register(client, "alice")
    page = client.get("/").get_data(as_text=True)
    assert "<script" not in page
    client.post("/compte/deconnexion")
    shown = register(client, '"><script>alert(1)</script>').get_data(as_text=True)
    assert "<script>alert(1)" not in shown and "&lt;script&gt;alert(1)" in shown
