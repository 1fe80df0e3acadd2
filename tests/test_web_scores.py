"""« Mes scores » and the admin pages: what they show and whose data they show."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from .conftest import PASSWORD, Clock, login, make_app, register, start_quiz
from .webhelpers import form_for, snapshot


def answer_all(app: Flask, client: FlaskClient, attempt_id: int, count: int, wrong: set[int] = frozenset()) -> None:
    for position in range(1, count + 1):
        data = form_for(snapshot(app, attempt_id, position), right=position not in wrong)
        assert client.post(f"/quiz/{attempt_id}/{position}", data=data).status_code == 303


def test_my_scores(app: Flask, logged_in: FlaskClient) -> None:
    first = start_quiz(logged_in, count=5, kinds=["authored"])
    answer_all(app, logged_in, first, 5, wrong={1, 2})
    second = start_quiz(logged_in, count=5, kinds=["group"])
    answer_all(app, logged_in, second, 5)
    page = logged_in.get("/scores").get_data(as_text=True)
    assert "3 / 5" in page and "60 %" in page and "5 / 5" in page and "100 %" in page
    assert "Questions rédigées</td><td>5</td><td>3</td><td>60 %" in page
    assert "Lesquels, l&#39;intrus, associations</td><td>5</td><td>5</td><td>100 %" in page
    for position in (1, 2):
        assert str(escape(snapshot(app, first, position)["prompt"])) in page
    assert "Refaire un quiz de mes erreurs" in page
    assert f'href="/scores/{first}"' in page


def test_retry_missed_questions(app: Flask, logged_in: FlaskClient) -> None:
    first = start_quiz(logged_in, count=5, kinds=["authored"])
    answer_all(app, logged_in, first, 5, wrong={2, 4})
    missed = {snapshot(app, first, 2)["id"], snapshot(app, first, 4)["id"]}
    response = logged_in.post("/quiz/erreurs/openai-saga")
    assert response.status_code == 303
    retry = int(response.headers["Location"].split("/")[2])
    assert {snapshot(app, retry, p)["id"] for p in (1, 2)} == missed
    assert "Question 1 sur 2" in logged_in.get(f"/quiz/{retry}/1").get_data(as_text=True)


def test_retry_with_no_mistake(logged_in: FlaskClient) -> None:
    response = logged_in.post("/quiz/erreurs/openai-saga")
    assert response.status_code == 303 and response.headers["Location"] == "/scores"


def make_admin(tmp_path: Path, monkeypatch, app: Flask) -> None:
    from quizapp.cli import main

    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_SQLALCHEMY_DATABASE_URI", app.config["SQLALCHEMY_DATABASE_URI"])
    result = CliRunner().invoke(main, ["create-admin", "boss"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output


def test_admin_sees_users_and_questions(tmp_path: Path, clock: Clock, monkeypatch) -> None:
    app = make_app(tmp_path, clock)
    alice = app.test_client()
    register(alice, "alice")
    attempt_id = start_quiz(alice, count=5, kinds=["authored"])
    answer_all(app, alice, attempt_id, 5, wrong={3})
    register(app.test_client(), "bob")
    make_admin(tmp_path, monkeypatch, app)
    admin = app.test_client()
    assert login(admin, "boss").status_code == 302
    users = admin.get("/admin")
    assert users.headers["Cache-Control"] == "no-store"
    page = users.get_data(as_text=True)
    assert "alice</a></td>" in page and "<td>1</td>" in page and "80 %" in page and "26/11/2026 10:00" in page  # Paris
    assert "bob</a></td>" in page
    detail = admin.get("/admin/utilisateurs/1").get_data(as_text=True)
    assert "Scores de alice" in detail and "80 %" in detail and "Refaire un quiz" not in detail
    assert admin.get(f"/admin/utilisateurs/1/quiz/{attempt_id}").status_code == 200
    assert admin.get(f"/admin/utilisateurs/2/quiz/{attempt_id}").status_code == 404
    moved = admin.get("/admin/questions")
    assert moved.status_code == 302 and moved.headers["Location"] == "/statistiques/"
    assert 'href="/statistiques/openai-saga"' in admin.get("/statistiques/").get_data(as_text=True)
    questions = admin.get("/statistiques/openai-saga").get_data(as_text=True)
    missed = snapshot(app, attempt_id, 3)["id"]
    assert questions.index(missed) < questions.index(snapshot(app, attempt_id, 1)["id"])  # hardest first
    assert "<td>Questions rédigées</td>\n        <td>1</td>\n        <td>0 %</td>" in questions


def test_the_admin_page_names_each_role(app: Flask) -> None:
    """One enum of roles: an author is listed as « auteur », not as a learner."""
    from .conftest import client_with_role

    client_with_role(app, "autrice", "author")
    client_with_role(app, "eleve", "learner")
    admin = client_with_role(app, "chef", "admin")
    page = admin.get("/admin").get_data(as_text=True)
    roles = {
        name: page.split(f">{name}</a></td>")[1].split("</td>")[0].strip().removeprefix("<td>")
        for name in ("autrice", "eleve", "chef")
    }
    assert roles == {"autrice": "auteur", "eleve": "apprenant", "chef": "administrateur"}
