"""« Signaler une erreur »: on corrections and cards, the question kept as shown, only one's own
questions, bounded words and counts; the author page groups open reports by fact and resolves them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ErrorReport
from quizapp.paging import PER_PAGE
from quizapp.services.reports import MAX_MESSAGE, REPORTS_PER_DAY

from .conftest import Clock, client_with_role, make_app, register, start_quiz
from .webhelpers import csrf_token, form_for, snapshot


def reports(app: Flask) -> list[ErrorReport]:
    with app.app_context():
        found = list(db.session.scalars(select(ErrorReport).order_by(ErrorReport.id)))
        db.session.expunge_all()
        return found


def answered(app: Flask, client: FlaskClient, count: int = 5, mode: str = "practice") -> int:
    """A quiz of `count` questions, all answered."""
    attempt_id = start_quiz(client, count=count, mode=mode)
    for position in range(1, count + 1):
        assert (
            client.post(f"/quiz/{attempt_id}/{position}", data=form_for(snapshot(app, attempt_id, position))).status_code == 303
        )
    return attempt_id


def test_report_form_on_every_correction(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    logged_in.post(f"/quiz/{attempt_id}/1", data=form_for(snapshot(app, attempt_id, 1)))
    feedback = logged_in.get(f"/quiz/{attempt_id}/1").get_data(as_text=True)
    assert "Signaler une erreur" in feedback and f'action="/signaler/quiz/{attempt_id}/1"' in feedback
    assert 'maxlength="1000"' in feedback
    for position in range(2, 6):
        logged_in.post(f"/quiz/{attempt_id}/{position}", data=form_for(snapshot(app, attempt_id, position)))
    for page in (f"/quiz/{attempt_id}/resultat", f"/scores/{attempt_id}"):
        html = logged_in.get(page).get_data(as_text=True)
        assert html.count("<summary>Signaler une erreur</summary>") == 5
        ids = re.findall(r'id="(report-[^"]+)"', html)
        assert len(ids) == len(set(ids)) == 5  # one field per correction, each with its own label


def test_reporting_a_question_keeps_it_as_shown(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    attempt_id = answered(app, logged_in)
    shown = snapshot(app, attempt_id, 2)
    back = f"/quiz/{attempt_id}/resultat"
    response = logged_in.post(
        f"/signaler/quiz/{attempt_id}/2", data={"message": "  La date est fausse : c'était le 18. <b>  ", "next": back}
    )
    assert response.status_code == 303 and response.headers["Location"] == back
    [report] = reports(app)
    assert report.origin == "quiz" and report.shown == shown and report.item_id == shown["id"]
    assert report.facts == shown["facts"] and report.deck_id == "openai-saga"
    assert report.message == "La date est fausse : c'était le 18. <b>"  # stripped, kept as typed
    assert report.created_at == clock.now and report.resolved_at is None
    assert "Merci : votre signalement" in logged_in.get(back).get_data(as_text=True)


def test_reporting_a_card(app: Flask, logged_in: FlaskClient) -> None:
    with app.app_context():
        card = next(iter(app.extensions["decks"].cards().values()))
    page = logged_in.get(f"/reviser/carte/{card.id}").get_data(as_text=True)
    assert f'action="/signaler/fiche/{card.id}"' in page
    response = logged_in.post(f"/signaler/fiche/{card.id}", data={"message": "Le verso se trompe de nom."})
    assert response.status_code == 303 and response.headers["Location"] == f"/reviser/carte/{card.id}"
    [report] = reports(app)
    assert report.origin == "card" and report.item_id == card.id and report.facts == [card.fact]
    assert report.shown == {"front": card.front, "back": card.back, "explanation": card.explanation, "source": card.source}


@pytest.mark.parametrize(
    ("message", "said"),
    [("", "Décrivez l'erreur"), ("   \n ", "Décrivez l'erreur"), ("x" * (MAX_MESSAGE + 1), "dépasse 1000 caractères")],
)
def test_empty_or_oversized_words_are_refused(app: Flask, logged_in: FlaskClient, message: str, said: str) -> None:
    attempt_id = answered(app, logged_in)
    response = logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": message})
    assert response.status_code == 400 and str(escape(said)) in response.get_data(as_text=True)
    assert reports(app) == []


def test_words_at_the_bound_are_taken(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = answered(app, logged_in)
    assert logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": "é" * MAX_MESSAGE}).status_code == 303
    assert len(reports(app)[0].message) == MAX_MESSAGE


def test_another_learners_question_or_an_unknown_card_is_404(app: Flask, client: FlaskClient) -> None:
    register(client, "alice")
    attempt_id = answered(app, client)
    client.post("/compte/deconnexion")
    register(client, "mallory")
    words = {"message": "faux"}
    assert client.post(f"/signaler/quiz/{attempt_id}/1", data=words).status_code == 404
    assert client.post(f"/signaler/quiz/{attempt_id}/99", data=words).status_code == 404
    assert client.post("/signaler/fiche/openai-saga:nope", data=words).status_code == 404
    assert client.post("/signaler/fiche/inconnu", data=words).status_code == 404
    assert reports(app) == []


def test_an_unanswered_question_cannot_be_reported(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    assert logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": "faux"}).status_code == 404
    assert reports(app) == []


def test_the_redirect_after_a_report_stays_on_this_site(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = answered(app, logged_in)
    response = logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": "faux", "next": "//evil.example/"})
    assert response.headers["Location"] == f"/quiz/{attempt_id}/1"


def test_reports_are_bounded_per_learner_and_day(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    attempt_id = answered(app, logged_in)
    for n in range(REPORTS_PER_DAY):
        assert logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": f"n° {n}"}).status_code == 303
    refused = logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": "encore"})
    assert refused.status_code == 429 and "réessayez demain" in refused.get_data(as_text=True)
    assert len(reports(app)) == REPORTS_PER_DAY
    clock.advance(hours=24, seconds=1)
    assert logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": "le lendemain"}).status_code == 303


def test_reports_need_the_csrf_token(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = csrf_token(client)
    client.post(
        "/compte/inscription",
        data={"username": "alice", "password": "correct horse battery", "confirm": "correct horse battery", "csrf_token": token},
    )
    with app.app_context():
        card = next(iter(app.extensions["decks"].cards().values()))
    assert client.post(f"/signaler/fiche/{card.id}", data={"message": "faux"}).status_code == 400
    assert reports(app) == []
    token = csrf_token(client, f"/reviser/carte/{card.id}")
    assert client.post(f"/signaler/fiche/{card.id}", data={"message": "faux", "csrf_token": token}).status_code == 303
    assert len(reports(app)) == 1


def test_author_page_groups_open_reports_by_fact_and_resolves_them(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = answered(app, logged_in)
    first, second = snapshot(app, attempt_id, 1), snapshot(app, attempt_id, 2)
    logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": "<script>alert(1)</script>"})
    logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": "Toujours faux"})
    logged_in.post(f"/signaler/quiz/{attempt_id}/2", data={"message": "Une coquille"})
    author = client_with_role(app, "autrice", "author")
    index = author.get("/auteur/").get_data(as_text=True)
    assert "Signalements d'erreurs des apprenants</a> : 3 ouvert(s)" in index
    page = author.get("/auteur/signalements").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and str(escape("<script>alert(1)</script>")) in page
    assert str(escape(first["prompt"])) in page and str(escape(second["prompt"])) in page
    for fact in first["facts"]:
        assert f"fait <code>{escape(fact)}</code> : 2 signalement(s)" in page
    assert page.count("Marquer comme résolu") == len(first["facts"]) * 2 + len(second["facts"])
    [one, *_] = reports(app)
    assert author.post(f"/auteur/signalements/{one.id}/resolu").status_code == 303
    page = author.get("/auteur/signalements").get_data(as_text=True)
    assert "&lt;script&gt;" not in page  # resolved: hidden from the open list
    resolved = author.get("/auteur/signalements?resolus=1").get_data(as_text=True)
    assert "&lt;script&gt;" in resolved and "résolu le" in resolved and "Toujours faux" not in resolved
    assert reports(app)[0].resolved_at is not None  # kept
    assert author.post("/auteur/signalements/999/resolu").status_code == 404


@pytest.mark.parametrize("role", ["learner", "teacher"])
def test_only_authors_and_admins_see_and_resolve_reports(app: Flask, role: str) -> None:
    client = client_with_role(app, f"u-{role}", role)
    for response in (client.get("/auteur/signalements"), client.post("/auteur/signalements/1/resolu")):
        assert response.status_code == 403
        assert "réservée aux auteurs" in response.get_data(as_text=True)
    admin = client_with_role(app, "chef", "admin")
    assert admin.get("/auteur/signalements").status_code == 200


def test_an_admin_reading_someone_elses_quiz_gets_no_report_form(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = answered(app, logged_in)
    admin = client_with_role(app, "chef", "admin")
    page = admin.get(f"/admin/utilisateurs/1/quiz/{attempt_id}").get_data(as_text=True)
    assert "Bonne réponse" in page and "Signaler une erreur" not in page


def test_resolved_reports_come_in_pages(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    with app.app_context():
        for n in range(PER_PAGE + 5):
            db.session.add(
                ErrorReport(
                    user_id=1,
                    origin="card",
                    deck_id="openai-saga",
                    item_id=f"c{n}",
                    facts=[f"fait-{n}"],
                    shown={"front": f"Recto {n}", "back": "Verso"},
                    message=f"mot {n}",
                    created_at=clock.now,
                    resolved_at=clock.now,
                    resolved_by=1,
                )
            )
        db.session.commit()
    author = client_with_role(app, "autrice", "author")
    first = author.get("/auteur/signalements?resolus=1").get_data(as_text=True)
    second = author.get("/auteur/signalements?resolus=1&page=2").get_data(as_text=True)
    assert first.count('class="error-report"') == PER_PAGE and second.count('class="error-report"') == 5
    assert "Page 2 sur 2 (55 en tout)" in second and 'href="/auteur/signalements?resolus=1&amp;page=2"' in first
    assert "Aucun signalement ouvert." in author.get("/auteur/signalements").get_data(as_text=True)


def test_a_report_goes_in_its_authors_data_download_not_in_the_resolvers(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = answered(app, logged_in)
    logged_in.post(f"/signaler/quiz/{attempt_id}/1", data={"message": "Mes mots à moi"})
    author = client_with_role(app, "autrice", "author")
    [report] = reports(app)
    assert author.post(f"/auteur/signalements/{report.id}/resolu").status_code == 303
    mine = logged_in.get("/compte/donnees.json").get_json()
    theirs = author.get("/compte/donnees.json").get_json()
    assert [r["message"] for r in mine["tables"]["error_reports"]] == ["Mes mots à moi"]
    assert "Mes mots à moi" not in str(theirs) and not theirs["tables"].get("error_reports")
