"""Taking a quiz: drawing, answering, scoring, idempotent submission, exam mode, replay."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from quizapp.content import KINDS
from quizapp.extensions import db
from quizapp.models import Answer, Attempt

from .conftest import Clock, start_quiz
from .webhelpers import count_answers, form_for, refuse_inserts, snapshot


def test_home_page_describes_the_saga(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "OpenAI, novembre 2023" in page and "Créer un compte" in page


def test_menu_links_follow_the_mount_point(client: FlaskClient) -> None:
    """The menu's links are remembered, but per mount point: one process may serve under two prefixes."""
    at_root = client.get("/").get_data(as_text=True)
    mounted = client.get("/", base_url="http://localhost/apprendre/").get_data(as_text=True)
    assert 'href="/compte/connexion"' in at_root and 'href="/static/style.css' in at_root
    assert 'href="/apprendre/compte/connexion"' in mounted and 'href="/apprendre/static/style.css' in mounted
    assert 'href="/compte/connexion"' in client.get("/").get_data(as_text=True)


def test_practice_quiz_flow_and_score(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    for position in range(1, 6):
        page = logged_in.get(f"/quiz/{attempt_id}/{position}").get_data(as_text=True)
        assert f"Question {position} sur 5" in page and f'<progress max="5" value="{position}"' in page
        snap = snapshot(app, attempt_id, position)
        clock.advance(seconds=7)
        response = logged_in.post(f"/quiz/{attempt_id}/{position}", data=form_for(snap, right=position != 2))
        assert response.status_code == 303
        feedback = logged_in.get(f"/quiz/{attempt_id}/{position}").get_data(as_text=True)
        assert ("Mauvaise réponse." if position == 2 else "Bonne réponse !") in feedback
        assert snap["source"] in feedback
    results = logged_in.get(f"/quiz/{attempt_id}/resultat").get_data(as_text=True)
    assert "Résultat : 4 / 5 (80 %)" in results
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt is not None and attempt.score == 4 and attempt.finished_at is not None
        answers = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)).all()
        assert [a.is_correct for a in sorted(answers, key=lambda a: a.position)] == [True, False, True, True, True]
        assert all(a.seconds is None for a in answers)  # no page was rendered with a stamp between GET and POST


def test_time_taken_comes_from_the_signed_stamp(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    page = logged_in.get(f"/quiz/{attempt_id}/1").get_data(as_text=True)
    stamp = page.split('name="shown" value="')[1].split('"')[0]
    clock.advance(seconds=12.5)
    data = {**form_for(snapshot(app, attempt_id, 1)), "shown": stamp}
    assert logged_in.post(f"/quiz/{attempt_id}/1", data=data).status_code == 303
    # A forged stamp is ignored (the answer still counts, without a time).
    data = {**form_for(snapshot(app, attempt_id, 2)), "shown": stamp[:-2] + "xx"}
    assert logged_in.post(f"/quiz/{attempt_id}/2", data=data).status_code == 303
    with app.app_context():
        times = {a.position: a.seconds for a in db.session.scalars(select(Answer))}
    assert times == {1: 12.5, 2: None}


def test_the_same_answer_twice_counts_once(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    snap = snapshot(app, attempt_id, 1)
    first = logged_in.post(f"/quiz/{attempt_id}/1", data=form_for(snap, right=True))
    second = logged_in.post(f"/quiz/{attempt_id}/1", data=form_for(snap, right=False))  # back button, other choice
    assert first.status_code == second.status_code == 303
    assert count_answers(app) == 1
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt is not None and (attempt.score, attempt.answered) == (1, 1)


def test_reload_shows_the_same_question(logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=10)
    first = logged_in.get(f"/quiz/{attempt_id}/3").get_data(as_text=True)
    again = logged_in.get(f"/quiz/{attempt_id}/3").get_data(as_text=True)
    prompt = first.split('<h1 class="prompt">')[1].split("</h1>")[0]
    assert prompt and prompt in again


def test_replay_gives_the_same_questions_in_the_same_order(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=10)
    replay = logged_in.post(f"/quiz/{attempt_id}/rejouer")
    assert replay.status_code == 303
    again = int(replay.headers["Location"].split("/")[2])
    for position in range(1, 11):
        assert snapshot(app, again, position) == snapshot(app, attempt_id, position)


def test_seeds_differ_between_attempts(app: Flask, tmp_path: Path, clock: Clock) -> None:
    from .conftest import make_app, register

    free = make_app(tmp_path / "free", clock, RANDOM_SEED=None)
    client = free.test_client()
    register(client)
    one, two = start_quiz(client, count=20), start_quiz(client, count=20)
    assert [snapshot(free, one, p)["id"] for p in range(1, 21)] != [snapshot(free, two, p)["id"] for p in range(1, 21)]


def test_exam_mode_shows_the_correction_at_the_end(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5, mode="exam")
    for position in range(1, 6):
        response = logged_in.post(f"/quiz/{attempt_id}/{position}", data=form_for(snapshot(app, attempt_id, position)))
        assert response.status_code == 303
        page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
        if position < 5:
            assert "Bonne réponse" not in page and f"Question {position + 1} sur 5" in page
    assert response.headers["Location"].endswith(f"/quiz/{attempt_id}/resultat")
    results = logged_in.get(f"/quiz/{attempt_id}/resultat").get_data(as_text=True)
    assert "Résultat : 5 / 5 (100 %)" in results and results.count("Bonne réponse !") == 5
    # Going back to an answered question in an exam moves on instead of showing the correction.
    assert logged_in.get(f"/quiz/{attempt_id}/2").status_code == 303


def test_settings_choose_kinds_and_count(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5, kinds=["quote", "completion"])
    kinds = {snapshot(app, attempt_id, p)["kind"] for p in range(1, 6)}
    assert kinds <= {"quote", "completion"}
    response = logged_in.post("/quiz/", data={"deck": "openai-saga", "count": "10", "mode": "practice", "kinds": []})
    assert response.status_code == 400 and "Choisissez au moins un type" in response.get_data(as_text=True)


def test_typed_answers_accept_variants(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5, kinds=["replaced", "quote"], typed="y")
    snap = snapshot(app, attempt_id, 1)
    assert snap["format"] == "text" and snap["choices"] == []
    page = logged_in.get(f"/quiz/{attempt_id}/1").get_data(as_text=True)
    assert 'name="text"' in page and 'type="radio"' not in page
    typed = snap["accepted"][-1].upper()  # an alias, shouted
    assert logged_in.post(f"/quiz/{attempt_id}/1", data={"text": typed}).status_code == 303
    assert "Bonne réponse !" in logged_in.get(f"/quiz/{attempt_id}/1").get_data(as_text=True)


def test_chronology_without_javascript(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5, kinds=["chronology"])
    snap = snapshot(app, attempt_id, 1)
    assert snap["format"] == "order"
    page = logged_in.get(f"/quiz/{attempt_id}/1").get_data(as_text=True)
    assert page.count("<select") == len(snap["choices"]) and "<script" not in page
    same_rank = {f"rank_{i}": "1" for i in range(len(snap["choices"]))}
    response = logged_in.post(f"/quiz/{attempt_id}/1", data=same_rank)
    assert response.status_code == 400 and "une place différente" in response.get_data(as_text=True)
    assert count_answers(app) == 0
    assert logged_in.post(f"/quiz/{attempt_id}/1", data=form_for(snap)).status_code == 303
    assert "Bonne réponse !" in logged_in.get(f"/quiz/{attempt_id}/1").get_data(as_text=True)


def test_every_kind_can_be_drawn(app: Flask, logged_in: FlaskClient) -> None:
    for kind in KINDS:
        attempt_id = start_quiz(logged_in, count=5, kinds=[kind])
        assert snapshot(app, attempt_id, 1)["kind"] == kind


def test_editing_yaml_later_keeps_past_answers_readable(tmp_path: Path, clock: Clock, saga_path: Path) -> None:
    import shutil

    from .conftest import make_app, register

    decks = tmp_path / "decks"
    shutil.copytree(saga_path, decks / "openai-saga")
    first = make_app(tmp_path, clock, QUESTIONS_DIR=str(decks))
    client = first.test_client()
    register(client)
    attempt_id = start_quiz(client, count=5, kinds=["quote"])
    snap = snapshot(first, attempt_id, 1)
    client.post(f"/quiz/{attempt_id}/1", data=form_for(snap))
    # The author removes every quote from the deck; the app restarts on the new content.
    (decks / "openai-saga" / "quotes.yaml").unlink()
    (decks / "openai-saga" / "questions.yaml").unlink()  # hand-written questions cite quotes too
    second = make_app(tmp_path, clock, QUESTIONS_DIR=str(decks))
    with second.app_context():
        assert snap["id"] not in second.extensions["decks"].questions("openai-saga")
    client = second.test_client()
    client.post("/compte/connexion", data={"username": "alice", "password": "correct horse battery"})
    page = client.get(f"/scores/{attempt_id}").get_data(as_text=True)
    assert escape(snap["prompt"]) in page and escape(snap["explanation"]) in page
    assert "Bonne réponse !" in page and "Résultat" not in page


def test_two_tabs_submitting_at_once_count_once(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    """Both tabs loaded the question before either answered: the database keeps one answer."""
    from quizapp.services import quizzes

    attempt_id = start_quiz(logged_in, count=5)
    with app.app_context():
        user_id = db.session.scalar(select(Attempt.user_id).where(Attempt.id == attempt_id))
        first_tab = quizzes.slot(user_id, attempt_id, 1)
        second_tab = quizzes.slot(user_id, attempt_id, 1)
        assert first_tab and second_tab and first_tab.answer_id is None and second_tab.answer_id is None
        snap = first_tab.snapshot
        assert quizzes.submit(first_tab, snap["answer"], None, clock()) is True
        assert quizzes.submit(second_tab, "autre chose", None, clock()) is False
    assert count_answers(app) == 1
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt is not None and (attempt.answered, attempt.score) == (1, 1)


def test_an_answer_the_database_refuses_is_an_error_seen_and_logged_not_a_duplicate(
    app: Flask, logged_in: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The INSERT fails for another reason than « already answered » (here a constraint the
    statement does not satisfy, as a new column without a default would be): nothing is stored, the
    learner is told so, the log has it."""
    attempt_id = start_quiz(logged_in, count=5)
    refuse_inserts(app, "answers", "NOT NULL constraint failed: answers.extra")
    with caplog.at_level(logging.ERROR):
        response = logged_in.post(f"/quiz/{attempt_id}/1", data=form_for(snapshot(app, attempt_id, 1)))
    assert response.status_code == 500
    assert "n&#39;a pas été enregistré" in response.get_data(as_text=True)
    assert "erreur non prévue sur POST" in caplog.text and "answers.extra" in caplog.text
    assert count_answers(app) == 0
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.answered, attempt.score, attempt.finished_at) == (0, 0, None)
    assert "Question 1 sur 5" in logged_in.get(f"/quiz/{attempt_id}/1").get_data(as_text=True)  # still unanswered
