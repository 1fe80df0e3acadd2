"""Roles in the browser: an admin changes an account's role (its sessions end), never the last
admin's; the admin page names every role; a 403 says what the page requires."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User
from quizapp.roles import Role

from .conftest import PASSWORD, Clock, client_with_role, login, make_app
from .webhelpers import csrf_token


def role_of(app: Flask, username: str) -> Role:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user.role


def user_id(app: Flask, username: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.username == username))
        assert found is not None
        return found


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return client_with_role(app, "chef", "admin")


def test_admin_page_names_every_role_and_links_to_the_role_form(app: Flask, admin: FlaskClient) -> None:
    for role in ("learner", "teacher", "author"):
        client_with_role(app, f"u-{role}", role)
    page = admin.get("/admin").get_data(as_text=True)
    labels = dict(re.findall(r">(u-\w+|chef)</a></td>\s*<td>(\w+)</td>", page))
    assert labels == {"u-learner": "apprenant", "u-teacher": "enseignant", "u-author": "auteur", "chef": "administrateur"}
    for name in labels:
        assert f'href="/admin/utilisateurs/{user_id(app, name)}/role" aria-label="Changer le rôle de {name}"' in page


def test_admin_changes_a_role_and_the_accounts_sessions_end(app: Flask, admin: FlaskClient) -> None:
    alice = client_with_role(app, "alice", "learner")
    assert alice.get("/classes/").status_code == 200
    alice_id = user_id(app, "alice")
    form = admin.get(f"/admin/utilisateurs/{alice_id}/role").get_data(as_text=True)
    assert '<option selected value="learner">apprenant</option>' in form
    response = admin.post(f"/admin/utilisateurs/{alice_id}/role", data={"role": "teacher"})
    assert response.status_code == 303
    assert role_of(app, "alice") is Role.TEACHER
    assert "« alice » est maintenant enseignant" in admin.get("/admin").get_data(as_text=True)
    assert alice.get("/classes/").status_code == 302  # signed out everywhere
    assert login(alice, "alice").status_code == 302
    assert alice.post("/classes/creer", data={"name": "3e B"}).status_code == 303


def test_the_last_admin_cannot_stop_being_admin(app: Flask, admin: FlaskClient) -> None:
    chef = user_id(app, "chef")
    refused = admin.post(f"/admin/utilisateurs/{chef}/role", data={"role": "author"})
    assert refused.status_code == 400 and "dernier compte administrateur" in refused.get_data(as_text=True)
    assert role_of(app, "chef") is Role.ADMIN
    assert admin.get("/admin").status_code == 200  # still signed in
    client_with_role(app, "second", "admin")
    assert admin.post(f"/admin/utilisateurs/{chef}/role", data={"role": "author"}).status_code == 303
    assert role_of(app, "chef") is Role.AUTHOR
    assert admin.get("/admin").status_code == 302  # their own sessions ended too


@pytest.mark.parametrize("role", ["", "superuser", "ADMIN"])
def test_unknown_roles_are_refused(app: Flask, admin: FlaskClient, role: str) -> None:
    alice = client_with_role(app, "alice", "learner")
    assert admin.post(f"/admin/utilisateurs/{user_id(app, 'alice')}/role", data={"role": role}).status_code == 400
    assert role_of(app, "alice") is Role.LEARNER
    assert alice.get("/scores").status_code == 200


def test_unknown_account_is_404(admin: FlaskClient) -> None:
    assert admin.get("/admin/utilisateurs/999/role").status_code == 404
    assert admin.post("/admin/utilisateurs/999/role", data={"role": "admin"}).status_code == 404


@pytest.mark.parametrize("role", ["learner", "teacher", "author"])
def test_only_admins_change_roles(app: Flask, role: str) -> None:
    client = client_with_role(app, f"u-{role}", role)
    response = client.post(f"/admin/utilisateurs/{user_id(app, f'u-{role}')}/role", data={"role": "admin"})
    assert response.status_code == 403 and "réservée aux administrateurs" in response.get_data(as_text=True)
    assert role_of(app, f"u-{role}").value == role


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/auteur/", "réservée aux auteurs"),
        ("/admin", "réservée aux administrateurs"),
        ("/classes/1", "réservée aux enseignants"),
    ],
)
def test_a_403_says_what_the_page_requires(app: Flask, path: str, said: str) -> None:
    page = client_with_role(app, "alice", "learner").get(path)
    assert page.status_code == 403 and said in page.get_data(as_text=True)
    if said != "réservée aux administrateurs":
        assert "réservée aux administrateurs" not in page.get_data(as_text=True)


def test_role_change_needs_the_csrf_token(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)
    from quizapp.services import accounts

    client = app.test_client()
    token = csrf_token(client)
    client.post("/compte/inscription", data={"username": "chef", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    with app.app_context():
        accounts.register("alice", PASSWORD, clock.now)
        accounts.set_role("chef", Role.ADMIN)
    token = csrf_token(client, "/compte/connexion")
    client.post("/compte/connexion", data={"username": "chef", "password": PASSWORD, "csrf_token": token})
    alice = user_id(app, "alice")
    assert client.post(f"/admin/utilisateurs/{alice}/role", data={"role": "admin"}).status_code == 400
    assert role_of(app, "alice") is Role.LEARNER
    token = csrf_token(client, f"/admin/utilisateurs/{alice}/role")
    assert client.post(f"/admin/utilisateurs/{alice}/role", data={"role": "admin", "csrf_token": token}).status_code == 303
    assert role_of(app, "alice") is Role.ADMIN
