"""The data the browser tests look at, made through the app's own services and forms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Flask

from quizapp.content import KINDS
from quizapp.roles import Role
from quizapp.services import accounts, quizzes

from ..webhelpers import form_for, snapshot
from .conftest import PASSWORD

FORMATS = ("choice", "truefalse", "multi", "text", "order", "match")


@dataclass
class World:
    """What the pages of the test are about: accounts by role, a finished quiz with errors, an
    unanswered question of every format, a card to study."""

    app: Flask
    users: dict[str, int] = field(default_factory=dict)  # username -> id
    finished: int = 0  # a practice quiz, answered with two errors
    questions: dict[str, str] = field(default_factory=dict)  # format -> path of an unanswered question
    answered: str = ""  # a practice question's correction
    card: str = ""  # a flashcard's id
    untyped: int = 0  # a quiz that asked for names to type and has none
    made: dict[str, int] = field(default_factory=dict)  # ids made later for some pages (a class, a report)

    def account(self, role: str) -> str:
        """The username of the test's account with `role`, created on first use."""
        name = f"u-{role}"
        if name not in self.users:
            with self.app.app_context():
                user = accounts.register(name, PASSWORD, self.app.config["CLOCK"](), role=Role(role))
                self.users[name] = user.id
        return name


def build_world(app: Flask) -> World:
    """Accounts, a practice quiz answered with errors at 2 and 4, a quiz of one question of each format, a card."""
    world = World(app)
    learner = world.account("learner")
    client = app.test_client()
    assert client.post("/compte/connexion", data={"username": learner, "password": PASSWORD}).status_code == 302
    data = {"deck": "openai-saga", "count": "5", "mode": "practice", "kinds": list(KINDS)}
    response = client.post("/quiz/", data=data)
    world.finished = int(response.headers["Location"].split("/")[2])
    for position in range(1, 6):
        answer = form_for(snapshot(app, world.finished, position), right=position not in (2, 4))
        assert client.post(f"/quiz/{world.finished}/{position}", data=answer).status_code == 303
    world.answered = f"/quiz/{world.finished}/5"
    with app.app_context():
        store, seed = app.extensions["decks"], 7
        bank = store.bank("openai-saga")
        ids = tuple(next(q.id for q in bank.questions if q.format == f) for f in FORMATS)
        settings = quizzes.Settings("openai-saga", len(ids), tuple(KINDS), "practice", question_ids=ids)
        attempt = quizzes.start(world.users[learner], store, settings, seed, app.config["CLOCK"]())
        for position, shown in enumerate(attempt.questions, start=1):
            world.questions[shown["format"]] = f"/quiz/{attempt.id}/{position}"
        untyped = quizzes.Settings("openai-saga", 5, ("chronology",), "exam", typed=True)
        world.untyped = quizzes.start(world.users[learner], store, untyped, seed, app.config["CLOCK"]()).id
    study = client.get("/reviser/").get_data(as_text=True)
    world.card = re.search(r'href="/reviser/carte/([^"]+)"', study).group(1)  # type: ignore[union-attr]
    return world
