"""Flashcards with FSRS: intervals, the daily limit, buried siblings, quiz answers as reviews, bad input."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import CardState, Review

from .conftest import Clock, make_app, register, start_quiz
from .webhelpers import form_for, refuse_inserts, snapshot


@pytest.fixture
def study_app(tmp_path: Path, clock: Clock) -> Flask:
    return make_app(tmp_path, clock, FSRS_FUZZING=False)


@pytest.fixture
def learner(study_app: Flask) -> FlaskClient:
    client = study_app.test_client()
    assert register(client).status_code == 302
    return client


def next_card(client: FlaskClient) -> str | None:
    page = client.get("/reviser/").get_data(as_text=True)
    if 'id="reveal"' not in page:
        return None
    return page.split('id="reveal" href="/reviser/carte/')[1].split('"')[0]


def rate(client: FlaskClient, card_id: str, rating: int) -> int:
    page = client.get(f"/reviser/carte/{card_id}").get_data(as_text=True)
    version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
    return client.post(f"/reviser/carte/{card_id}", data={"rating": str(rating), "version": version}).status_code


def state(app: Flask, card_id: str) -> CardState:
    with app.app_context():
        found = db.session.scalar(select(CardState).where(CardState.card_id == card_id))
        assert found is not None
        db.session.expunge(found)
        return found


def summary(client: FlaskClient) -> dict[str, str]:
    page = client.get("/reviser/").get_data(as_text=True)
    return {
        key: page.split(f'<dd id="{key}">')[1].split("</dd>")[0] for key in ("due-now", "due-later", "reviewed-today", "new-left")
    }


def test_intervals_grow_after_good_and_fall_back_after_again(study_app: Flask, learner: FlaskClient, clock: Clock) -> None:
    card_id = next_card(learner)
    assert card_id is not None
    intervals = []
    for _ in range(3):
        assert rate(learner, card_id, 3) == 303
        due = state(study_app, card_id).due
        intervals.append(due - clock.now)
        clock.now = due
    assert intervals == [dt.timedelta(minutes=10), dt.timedelta(days=2), dt.timedelta(days=11)]
    stability = state(study_app, card_id).fsrs["stability"]
    assert rate(learner, card_id, 1) == 303
    after = state(study_app, card_id)
    assert after.due - clock.now == dt.timedelta(minutes=10)
    assert after.fsrs["stability"] < stability and after.fsrs["state"] == 3  # relearning


def test_each_review_is_stored_and_replays_to_the_same_state(study_app: Flask, learner: FlaskClient, clock: Clock) -> None:
    from fsrs import Card, Rating, Scheduler

    card_id = next_card(learner)
    assert card_id is not None
    for rating in (3, 3, 1, 3):
        assert rate(learner, card_id, rating) == 303
        clock.now = state(study_app, card_id).due
    with study_app.app_context():
        reviews = db.session.scalars(select(Review).where(Review.card_id == card_id).order_by(Review.id)).all()
        assert [r.rating for r in reviews] == [3, 3, 1, 3] and reviews[0].state_before is None
        assert all(a.state_after == b.state_before for a, b in itertools.pairwise(reviews))
        scheduler, card = Scheduler(enable_fuzzing=False), Card(card_id=1)
        for r in reviews:
            card, _ = scheduler.review_card(card, Rating(r.rating), review_datetime=r.reviewed_at)
        final = state(study_app, card_id).fsrs
        assert card.due.isoformat() == final["due"] and card.stability == pytest.approx(final["stability"])


def test_daily_new_card_limit(study_app: Flask, learner: FlaskClient, clock: Clock) -> None:
    assert learner.post("/reviser/reglages", data={"new_per_day": "3"}).status_code == 303
    assert summary(learner)["new-left"] == "3"
    seen = []
    for _ in range(3):
        card_id = next_card(learner)
        assert card_id is not None and card_id not in seen
        seen.append(card_id)
        assert rate(learner, card_id, 4) == 303  # Easy: out of today's queue
    assert summary(learner) == {"due-now": "0", "due-later": "0", "reviewed-today": "3", "new-left": "0"}
    assert next_card(learner) is None
    from quizapp.content import generate, load_deck
    from quizapp.paths import shipped

    other = next(c.id for c in generate(load_deck(shipped("questions") / "openai-saga"), 0).cards if c.id not in seen)
    response = learner.post(f"/reviser/carte/{other}", data={"rating": "3", "version": "0"})
    assert response.status_code == 400 and "pas à réviser maintenant" in response.get_data(as_text=True)
    clock.advance(days=1)
    assert summary(learner)["new-left"] == "3" and next_card(learner) not in (None, *seen)


def test_siblings_are_buried_for_the_day(study_app: Flask, learner: FlaskClient, clock: Clock) -> None:
    with study_app.app_context():
        cards = study_app.extensions["decks"].bank("openai-saga").cards
    fact = "murati-replaces-altman"
    front, back = f"openai-saga:{fact}:card", f"openai-saga:{fact}:card-reverse"
    assert {c.id for c in cards if c.fact == fact} == {front, back}
    learner.post("/reviser/reglages", data={"new_per_day": "500"})
    assert rate(learner, front, 3) == 303
    with study_app.app_context():
        from quizapp.models import User
        from quizapp.services import study

        user = db.session.scalar(select(User))
        queue = study.build_queue(user, study_app.extensions["decks"], clock.now)
        new_ids = [c.id for c in queue.new]
        assert back not in new_ids and len({c.fact for c in queue.new}) == len(queue.new)
        response = learner.post(f"/reviser/carte/{back}", data={"rating": "3", "version": "0"})
        assert response.status_code == 400
        # Next day: the first card is due again and takes the fact's place for the day.
        clock.advance(days=1)
        queue = study.build_queue(user, study_app.extensions["decks"], clock.now)
        assert front in [c.id for c in queue.due] and back not in [c.id for c in queue.new]
    assert rate(learner, front, 4) == 303
    with study_app.app_context():
        assert state(study_app, front).due > clock.now + dt.timedelta(days=1)
        clock.advance(days=1)
        user = db.session.scalar(select(User))
        queue = study.build_queue(user, study_app.extensions["decks"], clock.now)
        assert back in [c.id for c in queue.new]  # the sibling's turn


def test_a_quiz_answer_is_a_review_of_its_fact(study_app: Flask, learner: FlaskClient) -> None:
    attempt_id = start_quiz(learner, count=5, kinds=["quote", "completion"])  # each asks a quote fact
    right, wrong = snapshot(study_app, attempt_id, 1), snapshot(study_app, attempt_id, 2)
    learner.post(f"/quiz/{attempt_id}/1", data=form_for(right, right=True))
    learner.post(f"/quiz/{attempt_id}/2", data=form_for(wrong, right=False))
    with study_app.app_context():
        reviews = {r.card_id: r for r in db.session.scalars(select(Review))}
    assert reviews[f"openai-saga:{right['facts'][0]}:card"].rating == 3
    assert reviews[f"openai-saga:{wrong['facts'][0]}:card"].rating == 1
    assert {r.origin for r in reviews.values()} == {"quiz"}
    # The same question again, right away: the card is not due, so no second review.
    again = start_quiz(learner, count=5, kinds=["quote", "completion"])
    for position in range(1, 6):
        if snapshot(study_app, again, position)["id"] == right["id"]:
            learner.post(f"/quiz/{again}/{position}", data=form_for(right, right=True))
    with study_app.app_context():
        assert len(db.session.scalars(select(Review).where(Review.card_id == f"openai-saga:{right['facts'][0]}:card")).all()) == 1


@pytest.mark.parametrize("rating", ["0", "5", "x", ""])
def test_bad_ratings_change_nothing(study_app: Flask, learner: FlaskClient, rating: str) -> None:
    card_id = next_card(learner)
    assert card_id is not None
    response = learner.post(f"/reviser/carte/{card_id}", data={"rating": rating, "version": "0"})
    assert response.status_code == 400
    with study_app.app_context():
        assert db.session.scalar(select(CardState)) is None and db.session.scalar(select(Review)) is None


def test_unknown_card_is_404(learner: FlaskClient) -> None:
    assert learner.post("/reviser/carte/openai-saga:nope:card", data={"rating": "3", "version": "0"}).status_code == 404
    assert learner.get("/reviser/carte/openai-saga:nope:card").status_code == 404


def test_a_card_not_due_cannot_be_rated(study_app: Flask, learner: FlaskClient) -> None:
    card_id = next_card(learner)
    assert card_id is not None and rate(learner, card_id, 4) == 303
    before = state(study_app, card_id)
    response = learner.post(f"/reviser/carte/{card_id}", data={"rating": "3", "version": str(before.reps)})
    assert response.status_code == 400
    assert state(study_app, card_id).fsrs == before.fsrs


def test_two_tabs_rating_the_same_card_count_once(study_app: Flask, learner: FlaskClient) -> None:
    card_id = next_card(learner)
    assert card_id is not None
    form = {"rating": "3", "version": "0"}
    assert learner.post(f"/reviser/carte/{card_id}", data=form).status_code == 303
    assert learner.post(f"/reviser/carte/{card_id}", data={**form, "rating": "1"}).status_code == 303
    assert state(study_app, card_id).reps == 1
    with study_app.app_context():
        assert [r.rating for r in db.session.scalars(select(Review))] == [3]


def test_one_learner_never_touches_anothers_cards(study_app: Flask, learner: FlaskClient, clock: Clock) -> None:
    card_id = next_card(learner)
    assert card_id is not None and rate(learner, card_id, 3) == 303
    other = study_app.test_client()
    register(other, "bob")
    assert summary(other) == {"due-now": "0", "due-later": "0", "reviewed-today": "0", "new-left": "20"}
    assert summary(learner)["reviewed-today"] == "1"


def test_study_pages_need_login_and_are_not_cached(client: FlaskClient, logged_in: FlaskClient) -> None:
    fresh = client.application.test_client()
    for path in ("/reviser/", "/reviser/reglages", "/reviser/anki/openai-saga.apkg", "/reviser/carte/x"):
        assert fresh.get(path).status_code == 302
    assert logged_in.get("/reviser/").headers["Cache-Control"] == "no-store"


def test_settings_are_validated(learner: FlaskClient) -> None:
    response = learner.post("/reviser/reglages", data={"new_per_day": "-1"})
    assert response.status_code == 400
    assert learner.post("/reviser/reglages", data={"new_per_day": "abc"}).status_code == 400
    assert "20 nouvelles fiches par jour" in learner.get("/reviser/").get_data(as_text=True)


def test_predicted_retention_is_shown(study_app: Flask, learner: FlaskClient, clock: Clock) -> None:
    assert '<dd id="retention">—</dd>' in learner.get("/reviser/").get_data(as_text=True)
    card_id = next_card(learner)
    assert card_id is not None and rate(learner, card_id, 3) == 303
    clock.advance(minutes=5)
    page = learner.get("/reviser/").get_data(as_text=True)
    value = int(page.split('<dd id="retention">')[1].split(" %")[0])
    assert 50 < value <= 100


@pytest.mark.parametrize("table", ["card_states", "reviews"])
def test_a_rating_the_database_refuses_is_an_error_not_a_second_tab(
    study_app: Flask, learner: FlaskClient, caplog: pytest.LogCaptureFixture, table: str
) -> None:
    """Only « another tab rated it first » is taken quietly; any other refusal of the write is an
    error the learner sees and the log records, and nothing of the rating is kept."""
    card_id = next_card(learner)
    assert card_id is not None
    refuse_inserts(study_app, table, f"refused by {table}")
    assert rate(learner, card_id, 3) == 500
    assert f"refused by {table}" in caplog.text
    with study_app.app_context():
        assert db.session.scalar(select(CardState.id)) is None and db.session.scalar(select(Review.id)) is None


def test_the_counts_say_what_is_shown_new_or_due(study_app: Flask, learner: FlaskClient, clock: Clock) -> None:
    """Cards due later today are not counted as « à revoir maintenant » while a new card is shown."""
    first = next_card(learner)
    assert first is not None and rate(learner, first, 3) == 303  # due again in 10 minutes
    page = learner.get("/reviser/").get_data(as_text=True)
    assert summary(learner) == {"due-now": "0", "due-later": "1", "reviewed-today": "1", "new-left": "19"}
    assert "Nouvelle fiche : aucune fiche à revoir maintenant" in page
    clock.advance(minutes=10)
    page = learner.get("/reviser/").get_data(as_text=True)
    assert summary(learner) == {"due-now": "1", "due-later": "0", "reviewed-today": "1", "new-left": "19"}
    assert "Fiche à revoir : 1 sur 1 à revoir maintenant" in page and next_card(learner) == first
