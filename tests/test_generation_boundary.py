"""A deck the generator fails on: kept offline (or its last good version kept online), shown on the
author page, refused on upload, reported by `validate` and `export`; never a 500, never another deck."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from quizapp import cli
from quizapp.content import Bank, Deck, generate
from quizapp.decks import DeckStore, Generate

from .conftest import Clock, client_with_role, login, make_app, reload_decks, start_quiz
from .test_authored_questions import GOOD
from .test_web_author import upload, versions
from .webhelpers import form_for, snapshot


def failing_on(marker: str, seeds: tuple[int, ...] | None = None) -> Generate:
    """The real generator, except that it raises on decks whose title contains `marker`
    (only with `seeds`, when given)."""

    def fake(deck: Deck, seed: int) -> Bank:
        if marker in deck.meta.title and (seeds is None or seed in seeds):
            raise RuntimeError(f"le générateur a trébuché sur « {deck.meta.title} »")
        return generate(deck, seed)

    return fake


@pytest.fixture
def decks(decks: Path) -> Path:
    """The saga's copy (conftest), and a small deck beside it."""
    folder = decks
    (folder / "mini").mkdir()
    (folder / "mini" / "deck.yaml").write_text(GOOD.replace("id: t, title: T,", "id: mini, title: Mini,"), encoding="utf-8")
    return folder


@pytest.fixture
def author_app(tmp_path: Path, clock: Clock, decks: Path) -> Flask:
    return make_app(tmp_path, clock, QUESTIONS_DIR=str(decks))


def with_generator(app: Flask, generate_with: Generate) -> DeckStore:
    """Give the app a store whose generator is `generate_with` (the seam the store offers)."""
    old: DeckStore = app.extensions["decks"]
    store = app.extensions["decks"] = DeckStore(old.folders, old.uploads, generate=generate_with)
    return store


def test_a_deck_the_generator_fails_on_stays_offline_the_others_online(decks: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="quizapp.decks"):
        store = DeckStore([decks], generate=failing_on("Mini"))
    assert list(store.decks) == ["openai-saga"]
    assert store.questions("openai-saga") and store.cards()
    (problem,) = store.status[decks / "mini"].problems
    assert str(problem) == (
        "questions/mini:1:1: deck « mini » : les questions n'ont pas pu être générées : erreur interne "
        "(RuntimeError : le générateur a trébuché sur « Mini »)"
    )
    failure = next(r for r in caplog.records if r.exc_info)
    assert "le générateur a échoué" in failure.getMessage() and "RuntimeError" in caplog.text


def test_a_new_version_the_generator_fails_on_keeps_the_last_good_one_online(decks: Path, author_app: Flask) -> None:
    with_generator(author_app, failing_on("Boum"))
    author = client_with_role(author_app, "autrice", "author")
    learner = client_with_role(author_app, "eleve", "learner")
    deck_file = decks / "mini" / "deck.yaml"
    deck_file.write_text(deck_file.read_text(encoding="utf-8").replace("title: Mini,", "title: Boum,"), encoding="utf-8")
    reload_decks(author_app)
    page = author.get("/auteur/").get_data(as_text=True)
    assert "Erreurs : la version précédente reste en ligne." in page
    assert "questions/mini, ligne 1, colonne 1</span> : deck « mini » : les questions n&#39;ont pas pu être générées" in page
    attempt = start_quiz(learner, count=5, deck="mini")  # the last good version
    assert learner.post(f"/quiz/{attempt}/1", data=form_for(snapshot(author_app, attempt, 1))).status_code == 303
    for path in ("/", "/quiz/", "/reviser/", "/scores", f"/quiz/{attempt}/1"):
        assert learner.get(path).status_code == 200, path
    assert author.get("/auteur/apercu/mini").status_code == 200
    assert "Mini" in author.get("/auteur/apercu/mini").get_data(as_text=True)


def test_a_quiz_start_never_runs_the_generator(author_app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """Every quiz draws from the bank made when the deck loaded, whatever its seed: a generator that
    would fail on the quiz's seed is never asked."""
    asked: list[int] = []

    def counting(deck: Deck, seed: int) -> Bank:
        asked.append(seed)
        return failing_on("Mini", seeds=(77,))(deck, seed)

    with_generator(author_app, counting)
    assert asked and set(asked) == {0}  # at load
    asked.clear()
    author_app.config["RANDOM_SEED"] = 77
    learner = client_with_role(author_app, "eleve", "learner")
    with caplog.at_level(logging.ERROR, logger="quizapp.decks"):
        attempt = start_quiz(learner, count=5, deck="mini")
    assert learner.get(f"/quiz/{attempt}/1").status_code == 200
    assert asked == [] and "génération impossible" not in caplog.text


def test_an_upload_the_generator_fails_on_is_refused_and_nothing_is_written(tmp_path: Path, author_app: Flask) -> None:
    with_generator(author_app, failing_on("Boum"))
    author = client_with_role(author_app, "autrice", "author")
    deck = GOOD.replace("id: t, title: T,", "id: boum, title: Boum,").replace("id: q-", "id: boum-")
    response = upload(author, "boum.yaml", deck.encode())
    assert response.status_code == 400
    assert (
        "boum.yaml, ligne 1, colonne 1</span> : deck « boum » : les questions n&#39;ont pas pu être générées"
        in response.get_data(as_text=True)
    )
    assert versions(author_app) == []
    assert "boum" not in author_app.extensions["decks"].decks


@pytest.mark.parametrize("command", [["validate"], ["export", "--format", "json"], ["export", "--format", "apkg"]])
def test_validate_and_export_report_a_generator_failure_without_a_traceback(
    decks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setattr(cli, "generate", failing_on("Mini"))
    monkeypatch.chdir(tmp_path)
    args = [*command, str(decks)] if command == ["validate"] else [*command, "--questions", str(decks), "-o", "out"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 1
    assert "questions/mini:1:1: deck « mini » : les questions n'ont pas pu être générées : erreur interne (RuntimeError" in (
        result.output
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if command == ["validate"]:
        assert "openai-saga : " in result.output  # the other deck is still checked
    else:
        assert not (tmp_path / "out").exists()


# --- the issue's own case, end to end -----------------------------------------------------------

HUGE_FIGURE = """deck: {id: big, title: Big, description: D}
sources: [{id: s1, title: Épisode 1}]
entities: [{id: ann, kind: person, name: Ann, description: x}]
figures:
  - id: f1
    label: le nombre de trucs
    value: 1.0e308
    unit: trucs
    unit_one: truc
    source: s1
    explanation: x
"""


def no_server_error(client: FlaskClient, paths: list[str]) -> None:
    for path in paths:
        assert client.get(path).status_code < 500, path


def test_a_figure_of_1e308_never_takes_the_site_down(tmp_path: Path, decks: Path, clock: Clock) -> None:
    """Uploaded (refused or accepted, never a 500), then dropped straight into the questions folder and
    served by a fresh worker: every page, every answer and `quizapp validate` keep working."""
    app = make_app(tmp_path, clock, QUESTIONS_DIR=str(decks))
    author = client_with_role(app, "autrice", "author")
    learner = client_with_role(app, "eleve", "learner")
    assert upload(author, "big.yaml", HUGE_FIGURE.encode()).status_code in (303, 400)
    pages = ["/", "/quiz/", "/reviser/", "/scores", "/auteur/", "/auteur/apercu/big"]
    no_server_error(author, pages)
    attempt = start_quiz(learner, count=5)
    assert learner.post(f"/quiz/{attempt}/1", data=form_for(snapshot(app, attempt, 1))).status_code == 303

    (decks / "big").mkdir()
    (decks / "big" / "deck.yaml").write_text(HUGE_FIGURE, encoding="utf-8")
    reload_decks(app)
    no_server_error(author, pages)  # picked up by the running app
    worker = make_app(tmp_path, clock, QUESTIONS_DIR=str(decks))  # a worker starting with it in place
    first = worker.test_client()
    login(first, "eleve")
    no_server_error(first, ["/", "/quiz/", "/reviser/", "/scores"])
    attempt = start_quiz(first, count=5)
    assert first.post(f"/quiz/{attempt}/1", data=form_for(snapshot(worker, attempt, 1))).status_code == 303

    result = CliRunner().invoke(cli.main, ["validate", str(decks / "big")])
    assert result.exit_code == 1 and "Traceback" not in result.output and "big" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
