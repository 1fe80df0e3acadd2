"""Every page of the app in Chromium at 1280 and 390 px: axe-core finds nothing (no violation, no
duplicate id left « to review ») and nothing scrolls sideways on a phone.

To add a page, add a `Visit` to `PAGES`: who looks at it (a role, or None for a visitor), and its
path, either written out or computed from the `World` (ids of the quizzes, cards and accounts made
for the test). A page reached by a form (an upload, a POST) gives `then`, the clicks after loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AttemptItem, QuestionStat
from quizapp.services import classes, quizzes, reports

from .conftest import NARROW, WIDTHS, axe_problems, scroll_width, sign_in
from .world import FORMATS, World, build_world


def upload_a_broken_deck(page: Any) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "cassé.yaml", "mimeType": "application/x-yaml", "buffer": b"deck: {id: x}\nfacts: [\n"}]
    )
    page.get_by_role("button", name="Vérifier et déposer").click()
    expect(page.locator("#upload-problems")).to_be_visible()


def start_without_kinds(page: Any) -> None:
    for box in page.locator("input[name=kinds]").all():
        box.uncheck()
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_text("Choisissez au moins un type de questions.")).to_be_visible()


def _made(w: World, what: str, make: Callable[[], int]) -> int:
    """An id made once per world (a class, a report), in the app's context."""
    if what not in w.made:
        with w.app.app_context():
            w.made[what] = make()
    return w.made[what]


def a_class(w: World) -> int:
    """A class of the teacher's with the learner in it."""

    def make() -> int:
        now = w.app.config["CLOCK"]()
        found = classes.create(w.users[w.account("teacher")], "3e B", now)
        classes.join(w.users[w.account("learner")], found.code, now)
        return found.id

    return _made(w, "class", make)


def a_report(w: World) -> int:
    """The learner's error report on the first question of their finished quiz."""

    def make() -> int:
        item = quizzes.slot(w.users[w.account("learner")], w.finished, 1)
        assert item is not None
        item_id = db.session.scalar(select(AttemptItem.id).where(AttemptItem.attempt_id == w.finished, AttemptItem.position == 1))
        return reports.report_question(item, int(item_id or 0), "La date me semble fausse.", w.app.config["CLOCK"]()).id

    return _made(w, "report", make)


def an_answered_question(w: World) -> str:
    with w.app.app_context():
        return str(db.session.scalar(select(QuestionStat.question_id).order_by(QuestionStat.question_id).limit(1)))


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
    Visit("nouveau quiz refusé", "learner", "/quiz/", then=start_without_kinds),
    *(Visit(f"question {f}", "learner", lambda w, f=f: w.questions[f]) for f in FORMATS),
    Visit("correction", "learner", lambda w: w.answered),
    Visit("résultat (erreurs)", "learner", lambda w: f"/quiz/{w.finished}/resultat"),
    Visit("résultat (tout)", "learner", lambda w: f"/quiz/{w.finished}/resultat?voir=tout"),
    Visit("résultat (noms à taper impossibles)", "learner", lambda w: f"/quiz/{w.untyped}/resultat"),
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
    Visit("changer un rôle", "admin", lambda w: f"/admin/utilisateurs/{w.users['u-learner']}/role"),
    Visit("statistiques", "author", "/statistiques/"),
    Visit("statistiques d'un deck", "author", "/statistiques/openai-saga"),
    Visit("statistiques d'une question", "author", lambda w: f"/statistiques/openai-saga/question/{an_answered_question(w)}"),
    Visit("statistiques par fait", "author", "/statistiques/openai-saga/faits"),
    Visit("signalements", "author", lambda w: f"/auteur/signalements?r={a_report(w)}"),
    Visit("signalements résolus", "author", "/auteur/signalements?resolus=1"),
    Visit("mes classes", "learner", lambda w: f"/classes/?c={a_class(w)}"),
    Visit("classes de l'enseignant", "teacher", "/classes/"),
    Visit("une classe", "teacher", lambda w: f"/classes/{a_class(w)}"),
    Visit("supprimer une classe", "teacher", lambda w: f"/classes/{a_class(w)}/supprimer"),
    Visit("statistiques d'une classe", "teacher", lambda w: f"/classes/{a_class(w)}/statistiques/openai-saga"),
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
