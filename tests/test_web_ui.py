"""The rough edges of the learner's pages: results first then corrections, the tag filter, typed
names that cannot be typed, deck titles, the favicon."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from .conftest import Clock, make_app, register, start_quiz
from .test_authored_questions import GOOD
from .webhelpers import form_for, snapshot


def answer_all(app: Flask, client: FlaskClient, attempt_id: int, total: int, wrong: set[int]) -> None:
    for position in range(1, total + 1):
        data = form_for(snapshot(app, attempt_id, position), right=position not in wrong)
        assert client.post(f"/quiz/{attempt_id}/{position}", data=data).status_code == 303


def corrections(page: str) -> list[int]:
    """The question numbers of the corrections shown, in order."""
    return [int(n) for n in re.findall(r'<li value="(\d+)">', page)]


def test_results_show_the_summary_and_buttons_first_then_the_errors(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    answer_all(app, logged_in, attempt_id, 5, wrong={2, 4})
    page = logged_in.get(f"/quiz/{attempt_id}/resultat").get_data(as_text=True)
    assert "Résultat : 3 / 5 (60 %)" in page and "2 erreurs" in page
    assert page.index("Nouveau quiz") < page.index("Rejouer ce quiz") < page.index('id="corrections"') < page.index("answers")
    assert corrections(page) == [2, 4]  # errors only by default, numbered as in the quiz
    assert page.count("Mauvaise réponse.") == 2 and "Bonne réponse !" not in page
    assert re.search(r'voir=erreurs#corrections" aria-current="true" class="current">Erreurs seulement \(2\)', page)
    everything = logged_in.get(f"/quiz/{attempt_id}/resultat?voir=tout").get_data(as_text=True)
    assert corrections(everything) == [1, 2, 3, 4, 5] and everything.count("Bonne réponse !") == 3
    assert re.search(r'voir=tout#corrections" aria-current="true" class="current">Tout \(5\)', everything)
    assert corrections(logged_in.get(f"/quiz/{attempt_id}/resultat?voir=erreurs").get_data(as_text=True)) == [2, 4]
    # Anything else in the query is the default view, not an error.
    assert corrections(logged_in.get(f"/quiz/{attempt_id}/resultat?voir=%3Cb%3E").get_data(as_text=True)) == [2, 4]


def test_results_without_errors_show_every_correction(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    answer_all(app, logged_in, attempt_id, 5, wrong=set())
    page = logged_in.get(f"/quiz/{attempt_id}/resultat").get_data(as_text=True)
    assert corrections(page) == [1, 2, 3, 4, 5] and "aucune erreur" in page
    errors_only = logged_in.get(f"/quiz/{attempt_id}/resultat?voir=erreurs").get_data(as_text=True)
    assert corrections(errors_only) == [] and "Aucune erreur : bravo !" in errors_only


def test_an_unfinished_quiz_lists_the_questions_still_to_answer_among_the_errors(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5, mode="exam")
    data = form_for(snapshot(app, attempt_id, 1), right=True)
    assert logged_in.post(f"/quiz/{attempt_id}/1", data=data).status_code == 303
    page = logged_in.get(f"/quiz/{attempt_id}/resultat").get_data(as_text=True)
    assert corrections(page) == [2, 3, 4, 5] and page.count("Pas encore répondu.") == 4 and "Continuer" in page


def test_the_tag_filter_is_shown_and_works(app: Flask, logged_in: FlaskClient) -> None:
    page = logged_in.get("/quiz/").get_data(as_text=True)
    assert "Étiquettes (questions rédigées ; aucune = toutes)" in page
    assert 'name="tags" type="checkbox" value="conseil"' in page
    with app.app_context():
        saga, uk = (str(escape(app.extensions["decks"].decks[d].meta.title)) for d in ("openai-saga", "royaume-uni-2022"))
    assert re.search(rf'value="conseil"> <label for="tags-\d+">conseil \({re.escape(saga)}\)</label>', page)
    assert re.search(rf'value="truss"> <label for="tags-\d+">truss \({re.escape(uk)}\)</label>', page)
    attempt_id = start_quiz(logged_in, count=20, kinds=["authored"], tags=["conseil"])
    with app.app_context():
        tagged = {q.id for q in app.extensions["decks"].decks["openai-saga"].questions if "conseil" in q.tags}
    shown = [snapshot(app, attempt_id, 1)["id"]]
    assert shown[0] in tagged


def test_the_tag_filter_is_hidden_when_no_deck_has_tags(tmp_path: Path, clock: Clock) -> None:
    (tmp_path / "questions" / "t").mkdir(parents=True)
    (tmp_path / "questions" / "t" / "deck.yaml").write_text(re.sub(r"(?m)^ +tags: .*\n", "", GOOD), encoding="utf-8")
    app = make_app(tmp_path, clock, QUESTIONS_DIR=str(tmp_path / "questions"))
    client = app.test_client()
    assert register(client).status_code == 302
    page = client.get("/quiz/").get_data(as_text=True)
    assert "Étiquettes" not in page and 'name="tags"' not in page


def test_typed_names_that_no_question_allows_are_announced(app: Flask, logged_in: FlaskClient) -> None:
    response = logged_in.post(
        "/quiz/", data={"deck": "openai-saga", "count": "5", "mode": "exam", "kinds": ["chronology"], "typed": "y"}
    )
    assert response.status_code == 303
    attempt_id = int(response.headers["Location"].split("/")[2])
    first = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Noms à taper : aucune question de ce quiz ne s&#39;y prête" in first
    total = int(re.search(r"Question 1 sur (\d+)", first).group(1))  # type: ignore[union-attr]
    answer_all(app, logged_in, attempt_id, total, wrong=set())
    assert 'id="untyped"' in logged_in.get(f"/quiz/{attempt_id}/resultat").get_data(as_text=True)


def test_typed_names_that_some_question_allows_say_nothing(app: Flask, logged_in: FlaskClient) -> None:
    response = logged_in.post(
        "/quiz/", data={"deck": "openai-saga", "count": "20", "mode": "exam", "kinds": ["role"], "typed": "y"}
    )
    attempt_id = int(response.headers["Location"].split("/")[2])
    first = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Noms à taper" not in first
    total = int(re.search(r"Question 1 sur (\d+)", first).group(1))  # type: ignore[union-attr]
    assert any(snapshot(app, attempt_id, p)["format"] == "text" for p in range(1, total + 1))
    assert 'id="typed-hint"' in logged_in.get("/quiz/").get_data(as_text=True)


def test_learners_see_deck_titles_not_ids(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    answer_all(app, logged_in, attempt_id, 5, wrong={1})
    for path in ("/scores", f"/scores/{attempt_id}", f"/quiz/{attempt_id}/resultat"):
        page = logged_in.get(path).get_data(as_text=True)
        assert "OpenAI, novembre 2023" in page, path
        visible = re.sub(r"<[^>]+>", " ", page)  # the id may stay in URLs and attributes, not in the text
        assert "openai-saga" not in visible, path


def test_the_favicon_is_served(client: FlaskClient) -> None:
    assert 'rel="icon" href="/static/favicon.svg' in client.get("/").get_data(as_text=True)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"].endswith("/static/favicon.svg")
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data
