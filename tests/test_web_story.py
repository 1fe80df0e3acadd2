"""Story mode in the browser's forms: a quiz and the flashcards stop at the learner's point."""

from __future__ import annotations

import datetime as dt
import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.content import french
from quizapp.content.story import Point, cutoff
from quizapp.extensions import db
from quizapp.models import AttemptItem, StoryPoint

from .conftest import start_quiz


def shown_days(snapshot: dict[str, object]) -> list[dt.date]:
    """Every day a question shows: in its prompt, choices, answers and explanation."""
    return french.days_named(json.dumps(snapshot, ensure_ascii=False))


def test_a_quiz_after_the_first_episode_says_nothing_of_later_days(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=20, episode="openai-saga/ep1")
    with app.app_context():
        deck = app.extensions["decks"].decks["openai-saga"]
        last = cutoff(deck, Point(episode="ep1"))
        items = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id)).all()
        assert last == dt.date(2023, 11, 17) and len(items) >= 5
        for item in items:
            assert all(day <= last for day in shown_days(item.snapshot)), item.question_id
            assert "Emmett Shear" not in json.dumps(item.snapshot, ensure_ascii=False), item.question_id
    results = logged_in.get(f"/quiz/{attempt_id}/resultat").get_data(as_text=True)
    assert "Mode histoire : jusqu&#39;à « Épisode 1" in results or "Mode histoire : jusqu'à « Épisode 1" in results


def test_a_quiz_up_to_a_date_is_cut_at_that_day(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=20, until="2023-11-19")
    with app.app_context():
        items = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id)).all()
        days = [day for item in items for day in shown_days(item.snapshot)]
        assert dt.date(2023, 11, 17) in days  # the story up to then is asked, dates included
        for item in items:
            assert all(day <= dt.date(2023, 11, 19) for day in shown_days(item.snapshot)), item.question_id


def test_an_episode_of_another_deck_or_two_points_are_refused_and_nothing_starts(app: Flask, logged_in: FlaskClient) -> None:
    base = {"deck": "openai-saga", "count": "5", "mode": "practice", "kinds": ["date", "replaced"]}
    other = logged_in.post("/quiz/", data={**base, "episode": "royaume-uni-2022/ete"})
    both = logged_in.post("/quiz/", data={**base, "episode": "openai-saga/ep1", "until": "2023-11-19"})
    forged = logged_in.post("/quiz/", data={**base, "episode": "openai-saga/ep99"})
    assert other.status_code == 400 and "un autre deck" in other.get_data(as_text=True)
    assert both.status_code == 400 and "pas les deux" in both.get_data(as_text=True)
    assert forged.status_code == 400  # not among the choices
    with app.app_context():
        assert db.session.scalars(select(AttemptItem)).first() is None


def test_flashcards_stop_at_the_learners_point_and_it_can_be_cleared(app: Flask, logged_in: FlaskClient) -> None:
    later = "openai-saga:altman-ceo-return:card"  # Sam Altman's return: episode 7
    assert logged_in.get(f"/reviser/carte/{later}").status_code == 200
    response = logged_in.post("/reviser/histoire/openai-saga", data={"histoire-openai-saga-episode": "ep1"})
    assert response.status_code == 303
    page = logged_in.get("/reviser/").get_data(as_text=True)
    assert "Fiches de « OpenAI, novembre 2023" in page and 'selected value="ep1"' in page
    assert logged_in.get(f"/reviser/carte/{later}").status_code == 404
    with app.app_context():
        cards = [c for c in app.extensions["decks"].cards_at((("openai-saga", "ep1"),)).values() if c.deck == "openai-saga"]
        assert cards and all(
            all(d <= dt.date(2023, 11, 17) for d in french.days_named(c.front + c.back + c.explanation)) for c in cards
        )
    cleared = logged_in.post("/reviser/histoire/openai-saga", data={"histoire-openai-saga-episode": ""})
    assert cleared.status_code == 303 and logged_in.get(f"/reviser/carte/{later}").status_code == 200
    with app.app_context():
        assert db.session.scalars(select(StoryPoint)).first() is None


def test_a_bad_story_point_for_the_flashcards_changes_nothing(app: Flask, logged_in: FlaskClient) -> None:
    assert logged_in.post("/reviser/histoire/openai-saga", data={"histoire-openai-saga-episode": "ep1"}).status_code == 303
    bad = [
        logged_in.post("/reviser/histoire/openai-saga", data={"histoire-openai-saga-episode": "ep99"}),
        logged_in.post("/reviser/histoire/openai-saga", data={"histoire-openai-saga-until": "pas une date"}),
        logged_in.post(
            "/reviser/histoire/openai-saga",
            data={"histoire-openai-saga-episode": "ep2", "histoire-openai-saga-until": "2023-11-18"},
        ),
        logged_in.post("/reviser/histoire/pas-un-deck", data={"histoire-pas-un-deck-episode": ""}),
    ]
    assert [r.status_code for r in bad] == [400, 400, 400, 404]
    with app.app_context():
        assert [(p.deck_id, p.point) for p in db.session.scalars(select(StoryPoint))] == [("openai-saga", "ep1")]
