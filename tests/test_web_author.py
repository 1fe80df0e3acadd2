"""The author side: live reload, the author page and preview, uploads, and question identity."""

from __future__ import annotations

import logging
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select
from werkzeug.test import TestResponse

from quizapp.extensions import db
from quizapp.models import DeckVersion, User

from .conftest import Clock, client_with_role, make_app, reload_decks, start_quiz
from .test_authored_questions import GOOD
from .webhelpers import form_for, snapshot


@pytest.fixture
def decks(tmp_path: Path, saga_path: Path) -> Path:
    folder = tmp_path / "questions"
    shutil.copytree(saga_path, folder / "openai-saga")
    return folder


@pytest.fixture
def author_app(tmp_path: Path, clock: Clock, decks: Path) -> Flask:
    return make_app(tmp_path, clock, QUESTIONS_DIR=str(decks))


@pytest.fixture
def author(author_app: Flask) -> FlaskClient:
    return client_with_role(author_app, "autrice", "author")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(("role", "status"), [("learner", 403), ("author", 200), ("admin", 200)])
def test_author_pages_by_role(author_app: Flask, role: str, status: int) -> None:
    client = client_with_role(author_app, f"u-{role}", role)
    for path in ("/auteur/", "/auteur/apercu/openai-saga"):
        assert client.get(path).status_code == status
    assert author_app.test_client().get("/auteur/").status_code == 302


def test_author_page_lists_decks_and_counts(author: FlaskClient) -> None:
    page = author.get("/auteur/").get_data(as_text=True)
    assert "En ligne." in page and "questions/openai-saga" in page
    store = author.application.extensions["decks"]
    written = len(store.decks["openai-saga"].questions)
    quotes = sum(q.kind == "quote" for q in store.bank("openai-saga").questions)
    assert f"Questions rédigées : {written}" in page and f"Citations : {quotes}" in page
    assert written > 10 and quotes > 3


def test_author_page_shows_the_lint_of_each_deck(decks: Path, author_app: Flask, author: FlaskClient) -> None:
    """The saga's kept warnings with their reasons; an edit that opens a warning shows it, located."""
    page = author.get("/auteur/").get_data(as_text=True)
    assert "Relecture : 0 avertissement(s)" in page and "accepté : " in page
    entities = decks / "openai-saga" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("    gender: f\n", "", 1), encoding="utf-8")
    reload_decks(author_app)
    page = author.get("/auteur/").get_data(as_text=True)
    assert "Relecture : 1 avertissement(s)" in page and "[gender]" in page and "questions/openai-saga/entities.yaml:" in page


def test_preview_shows_every_question_as_learners_see_it(author_app: Flask, author: FlaskClient) -> None:
    page = author.get("/auteur/apercu/openai-saga").get_data(as_text=True)
    with author_app.app_context():
        bank = author_app.extensions["decks"].bank("openai-saga")
    assert page.count('<li class="card" id="q-') == len(bank.questions)
    for q in bank.questions[:: max(1, len(bank.questions) // 25)]:
        assert str(escape(q.prompt)) in page
    match = next(q for q in bank.questions if q.format == "match")
    assert f"{escape(match.items[0])} → {escape(match.answer[0])}" in page
    assert 'type="checkbox"' in page and "disabled" in page


def test_an_edit_is_live_after_the_next_look_and_no_request_reloads(decks: Path, author_app: Flask, author: FlaskClient) -> None:
    """Requests serve the version online, without looking at the files; the watcher's next look
    (made here by hand) puts the edit online."""
    store = author_app.extensions["decks"]
    looks = store.refreshes
    edit(decks / "openai-saga" / "quotes.yaml", "Coup de théâtre", "Retournement complet")
    learner = client_with_role(author_app, "eleve", "learner")
    attempt = start_quiz(learner, count=5)
    assert learner.get(f"/quiz/{attempt}/1").status_code == 200
    page = author.get("/auteur/apercu/openai-saga").get_data(as_text=True)
    assert "Coup de théâtre" in page and "Retournement complet" not in page  # the old version, still
    assert store.refreshes == looks  # no request looked
    assert reload_decks(author_app)
    page = author.get("/auteur/apercu/openai-saga").get_data(as_text=True)
    assert "Retournement complet" in page and "Coup de théâtre" not in page


def test_a_broken_edit_keeps_the_last_good_version_online(
    decks: Path, author_app: Flask, author: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    edit(decks / "openai-saga" / "quotes.yaml", "Coup de théâtre", "Retournement complet")
    reload_decks(author_app)
    with caplog.at_level(logging.ERROR, logger="quizapp.decks"):
        edit(decks / "openai-saga" / "roles.yaml", "    holder: sam-altman\n", "    holder: [sam-altman\n")
        reload_decks(author_app)
        page = author.get("/auteur/").get_data(as_text=True)
    assert "Erreurs : la version précédente reste en ligne." in page
    assert "questions/openai-saga/roles.yaml:" in page and "erreur de syntaxe YAML" in page
    assert any("roles.yaml" in r.getMessage() and "version précédente en ligne" in r.getMessage() for r in caplog.records)
    learner = client_with_role(author_app, "eleve", "learner")
    attempt_id = start_quiz(learner, count=5)  # the site still works, on the last valid version
    assert learner.get(f"/quiz/{attempt_id}/1").status_code == 200
    assert "Retournement complet" in author.get("/auteur/apercu/openai-saga").get_data(as_text=True)
    edit(decks / "openai-saga" / "roles.yaml", "    holder: [sam-altman\n", "    holder: sam-altman\n")
    reload_decks(author_app)
    assert "En ligne." in author.get("/auteur/").get_data(as_text=True)


def test_a_new_deck_folder_appears_and_a_removed_one_goes(decks: Path, author_app: Flask, author: FlaskClient) -> None:
    (decks / "mini").mkdir()
    (decks / "mini" / "deck.yaml").write_text(GOOD.replace("id: t,", "id: mini,"), encoding="utf-8")
    reload_decks(author_app)
    assert "questions/mini" in author.get("/auteur/").get_data(as_text=True)
    assert author.get("/auteur/apercu/mini").status_code == 200
    shutil.rmtree(decks / "mini")
    reload_decks(author_app)
    assert author.get("/auteur/apercu/mini").status_code == 404


def upload(client: FlaskClient, name: str, data: bytes) -> TestResponse:
    return client.post("/auteur/deposer", data={"file": (BytesIO(data), name)}, content_type="multipart/form-data")


def versions(app: Flask) -> list[tuple[str, str, str, str | None]]:
    """Every stored upload: deck, file name, text, author."""
    with app.app_context():
        rows = db.session.execute(
            select(DeckVersion.deck_id, DeckVersion.filename, DeckVersion.content, User.username)
            .outerjoin(User, User.id == DeckVersion.uploaded_by)
            .order_by(DeckVersion.id)
        )
        return [tuple(row) for row in rows]


def test_upload_a_valid_deck(author_app: Flask, author: FlaskClient, clock: Clock) -> None:
    first = GOOD.replace("id: t,", "id: mini,")
    response = upload(author, "mini.yaml", first.encode())
    assert response.status_code == 303
    assert versions(author_app) == [("mini", "mini.yaml", first, "autrice")]
    page = author.get("/auteur/").get_data(as_text=True)
    assert "Deck « T » (mini) vérifié et mis en ligne." in page
    assert "déposé, version 1 par autrice le 26/11/2026 à 09:00 (UTC)" in page
    assert "mini" in author.get("/quiz/").get_data(as_text=True)
    # A new version of the same uploaded deck goes online; the first is kept.
    clock.advance(hours=1)
    second = first.replace("Une seule", "Rien qu'une")
    assert upload(author, "mini-v2.yaml", second.encode()).status_code == 303
    assert "Rien qu&#39;une bonne" in author.get("/auteur/apercu/mini").get_data(as_text=True)
    assert versions(author_app) == [("mini", "mini.yaml", first, "autrice"), ("mini", "mini-v2.yaml", second, "autrice")]
    assert "déposé, version 2 par autrice le 26/11/2026 à 10:00 (UTC)" in author.get("/auteur/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "mini.yaml",
            GOOD.replace("id: t,", "id: mini,").replace("answers: [B]", "answers: [Z]").encode(),
            "mini.yaml:10:15: la réponse « Z » n&#39;est pas dans « choices »",
        ),
        (
            "mini.yaml",
            b"deck: {id: mini, title: T, description: D}\nsources:\n\t- {}\n",
            "mini.yaml:3:1: caractère de tabulation",
        ),
        ("image.png", b"\x89PNG\r\n", "type de fichier non accepté : « image.png »"),
        ("bin.yaml", b"deck: \xff\xfe\n", "bin.yaml:1:7: octet 0xff invalide"),
        ("saga.yaml", GOOD.replace("id: t,", "id: openai-saga,").encode(), "est livré avec l&#39;application"),
        (
            "clash.yaml",
            GOOD.replace("id: t,", "id: other,").replace("id: q-one", "id: saga-board-motive").encode(),
            "question « saga-board-motive » déjà définie dans le deck « openai-saga »",
        ),
    ],
)
def test_a_bad_upload_writes_nothing(author_app: Flask, author: FlaskClient, name: str, data: bytes, message: str) -> None:
    response = upload(author, name, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert versions(author_app) == []


def test_an_oversized_upload_is_refused(author_app: Flask, author: FlaskClient) -> None:
    # The multipart body is written by hand: werkzeug's test client would spool it to a temp file.
    boundary = "quizapp-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.yaml"\r\n'
            "Content-Type: application/x-yaml\r\n\r\n"
        ).encode()
        + GOOD.encode()
        + b"#" * (1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = author.post("/auteur/deposer", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413 and "trop volumineux" in response.get_data(as_text=True)
    assert versions(author_app) == []


def test_upload_needs_a_file_and_the_author_role(author_app: Flask, author: FlaskClient) -> None:
    assert author.post("/auteur/deposer", data={}).status_code == 400
    learner = client_with_role(author_app, "eleve", "learner")
    assert upload(learner, "mini.yaml", GOOD.encode()).status_code == 403


def test_a_reworded_question_keeps_its_id_and_history(decks: Path, author_app: Flask) -> None:
    learner = client_with_role(author_app, "eleve", "learner")
    first = start_quiz(learner, count=5, kinds=["authored"], tags=["shear"])
    ids = {snapshot(author_app, first, p)["id"]: p for p in range(1, 3)}
    assert set(ids) == {"saga-shear-demand", "saga-shear-investigation"}
    position = ids["saga-shear-demand"]
    old = snapshot(author_app, first, position)
    learner.post(f"/quiz/{first}/{position}", data=form_for(old, right=False))
    edit(decks / "openai-saga" / "questions.yaml", "Qu'exigeait Emmett Shear du conseil", "Que réclamait Emmett Shear au conseil")
    reload_decks(author_app)
    second = start_quiz(learner, count=5, kinds=["authored"], tags=["shear"])
    position = next(p for p in range(1, 3) if snapshot(author_app, second, p)["id"] == "saga-shear-demand")
    new = snapshot(author_app, second, position)
    assert new["prompt"].startswith("Que réclamait") and new["id"] == old["id"]
    learner.post(f"/quiz/{second}/{position}", data=form_for(new, right=True))
    admin = client_with_role(author_app, "chef", "admin")
    table = admin.get("/admin/questions").get_data(as_text=True)
    row = table.split("<code>saga-shear-demand</code>")[1].split("</tr>")[0]
    assert "<td>2</td><td>50 %</td>" in row
    assert str(escape(old["prompt"])) in learner.get(f"/scores/{first}").get_data(as_text=True)


def test_a_removed_question_keeps_past_answers_readable(decks: Path, author_app: Flask) -> None:
    learner = client_with_role(author_app, "eleve", "learner")
    attempt = start_quiz(learner, count=5, kinds=["authored"], tags=["musk"])
    old = snapshot(author_app, attempt, 1)
    assert old["id"] == "saga-musk-letter"
    learner.post(f"/quiz/{attempt}/1", data=form_for(old))
    text = (decks / "openai-saga" / "questions.yaml").read_text(encoding="utf-8")
    (decks / "openai-saga" / "questions.yaml").write_text(text.split("  - id: saga-musk-letter")[0], encoding="utf-8")
    reload_decks(author_app)
    with author_app.app_context():
        assert "saga-musk-letter" not in author_app.extensions["decks"].questions("openai-saga")
    page = learner.get(f"/scores/{attempt}").get_data(as_text=True)
    assert str(escape(old["prompt"])) in page and "Bonne réponse !" in page


def test_a_quiz_keeps_the_version_of_each_question_it_asked(author_app: Flask, author: FlaskClient) -> None:
    """A new upload changes a question's wording and its right answer while a quiz on it is under
    way: the quiz goes on with the version it asked, judged and shown as asked."""
    first = GOOD.replace("id: t,", "id: mini,")
    assert upload(author, "mini.yaml", first.encode()).status_code == 303
    learner = client_with_role(author_app, "eleve", "learner")
    attempt = start_quiz(learner, count=10, deck="mini", kinds=["authored"], tags=["alpha"])
    asked = snapshot(author_app, attempt, 1)
    assert asked["id"] == "q-one" and asked["answer"] == "B"
    second = first.replace("Une seule bonne ?", "La seule juste ?").replace("answers: [B]", "answers: [C]")
    assert upload(author, "mini.yaml", second.encode()).status_code == 303
    assert "La seule juste" in author.get("/auteur/apercu/mini").get_data(as_text=True)
    assert learner.post(f"/quiz/{attempt}/1", data=form_for(asked, right=True)).status_code == 303
    page = learner.get(f"/scores/{attempt}").get_data(as_text=True)
    assert str(escape(asked["prompt"])) in page and "La seule juste" not in page and "Bonne réponse !" in page
