"""Every page of the app in Chromium at 1280 and 390 px: axe-core finds nothing (no violation, no
duplicate id left « to review ») and nothing scrolls sideways on a phone.

To add a page, add a `Visit` to `PAGES`: who looks at it (a role, or None for a visitor), and its
path, either written out or computed from the `World` (ids of the quizzes, cards and accounts made
for the test). A page reached by a form (an upload, a POST) gives `then`, the clicks after loading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from quizapp.content import KINDS
from quizapp.roles import Role
from quizapp.services import accounts, quizzes

from ..webhelpers import form_for, snapshot
from .conftest import NARROW, PASSWORD, WIDTHS, axe_problems, scroll_width, sign_in

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

    def account(self, role: str) -> str:
        """The username of the test's account with `role`, created on first use."""
        name = f"u-{role}"
        if name not in self.users:
            with self.app.app_context():
                user = accounts.register(name, PASSWORD, self.app.config["CLOCK"](), role=Role(role))
                self.users[name] = user.id
        return name


def build_world(app: Flask) -> World:
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
        bank = store.bank("openai-saga", seed)
        ids = tuple(next(q.id for q in bank.questions if q.format == f) for f in FORMATS)
        settings = quizzes.Settings("openai-saga", len(ids), tuple(KINDS), "practice", question_ids=ids)
        attempt = quizzes.start(world.users[learner], store, settings, seed, app.config["CLOCK"]())
        for item in attempt.items:
            world.questions[item.snapshot["format"]] = f"/quiz/{attempt.id}/{item.position}"
    study = client.get("/reviser/").get_data(as_text=True)
    world.card = re.search(r'href="/reviser/carte/([^"]+)"', study).group(1)  # type: ignore[union-attr]
    return world


def upload_a_broken_deck(page: Any) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "cassé.yaml", "mimeType": "application/x-yaml", "buffer": b"deck: {id: x}\nfacts: [\n"}]
    )
    page.get_by_role("button", name="Vérifier et déposer").click()
    expect(page.locator("#upload-problems")).to_be_visible()


@dataclass(frozen=True)
class Visit:
    name: str
    role: str | None  # None: a visitor, signed out
    path: str | Callable[[World], str]
    status: int = 200
    then: Callable[[Any], None] | None = None


PAGES: list[Visit] = [
    Visit("accueil", None, "/"),
    Visit("connexion", None, "/compte/connexion"),
    Visit("inscription", None, "/compte/inscription"),
    Visit("404", None, "/pas-de-page", 404),
    Visit("accueil connecté", "learner", "/"),
    Visit("nouveau quiz", "learner", "/quiz/"),
    *(Visit(f"question {f}", "learner", lambda w, f=f: w.questions[f]) for f in FORMATS),
    Visit("correction", "learner", lambda w: w.answered),
    Visit("résultat (erreurs)", "learner", lambda w: f"/quiz/{w.finished}/resultat"),
    Visit("résultat (tout)", "learner", lambda w: f"/quiz/{w.finished}/resultat?voir=tout"),
    Visit("mes scores", "learner", "/scores"),
    Visit("un quiz de mes scores", "learner", lambda w: f"/scores/{w.finished}"),
    Visit("réviser", "learner", "/reviser/"),
    Visit("fiche", "learner", lambda w: f"/reviser/carte/{w.card}"),
    Visit("réglages des fiches", "learner", "/reviser/reglages"),
    Visit("mon compte", "learner", "/compte/"),
    Visit("403", "learner", "/auteur/", 403),
    Visit("404 d'un autre", "author", lambda w: f"/quiz/{w.finished}/resultat", 404),
    Visit("auteur", "author", "/auteur/"),
    Visit("erreurs de dépôt", "author", "/auteur/", then=upload_a_broken_deck),
    Visit("aperçu", "author", "/auteur/apercu/openai-saga"),
    Visit("aperçu, page 3", "author", "/auteur/apercu/openai-saga?page=3"),
    Visit("aperçu filtré", "author", "/auteur/apercu/openai-saga?kind=group&q=a"),
    Visit("aperçu, filtre refusé", "author", "/auteur/apercu/openai-saga?kind=nope", 400),
    Visit("administration", "admin", "/admin"),
    Visit("un apprenant", "admin", lambda w: f"/admin/utilisateurs/{w.users['u-learner']}"),
    Visit("son quiz", "admin", lambda w: f"/admin/utilisateurs/{w.users['u-learner']}/quiz/{w.finished}"),
    Visit("questions", "admin", "/admin/questions"),
]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_accessible_and_fits(page: Any, live_app: Flask, width: int) -> None:
    world = build_world(live_app)
    page.set_viewport_size({"width": width, "height": 800})
    problems: list[str] = []
    signed_in: str | None = None
    for visit in sorted(PAGES, key=lambda v: v.role or ""):  # one sign-in per role
        if visit.role != signed_in:
            page.context.clear_cookies()
            if visit.role:
                sign_in(page, world.account(visit.role))
            signed_in = visit.role
        path = visit.path if isinstance(visit.path, str) else visit.path(world)
        response = page.goto(path)
        assert response is not None and response.status == visit.status, f"{visit.name} ({path}): {response and response.status}"
        if visit.then:
            visit.then(page)
        problems += [f"{visit.name} ({path}) at {width} px: {p}" for p in axe_problems(page)]
        if width == NARROW and scroll_width(page) > NARROW:
            problems.append(f"{visit.name} ({path}) scrolls sideways at {NARROW} px: {scroll_width(page)} px wide")
    assert not problems, "\n".join(problems)
