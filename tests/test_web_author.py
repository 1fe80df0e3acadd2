"""The author side: live reload, the author page and preview, uploads, and question identity."""

from __future__ import annotations

import html
import logging
import re
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
    assert written > 10 and quotes >= 2  # each quote is asked once: as « Qui a déclaré » or « Complétez »


def test_author_page_shows_the_lint_of_each_deck(decks: Path, author_app: Flask, author: FlaskClient) -> None:
    """The saga's kept warnings with their reasons; an edit that opens a warning shows it, located."""
    page = author.get("/auteur/").get_data(as_text=True)
    assert "Relecture : 0 avertissement(s)" in page and "accepté : " in page
    entities = decks / "openai-saga" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("    gender: f\n", "", 1), encoding="utf-8")
    reload_decks(author_app)
    page = author.get("/auteur/").get_data(as_text=True)
    assert "Relecture : 1 avertissement(s)" in page and "[gender]" in page and "questions/openai-saga/entities.yaml:" in page


def preview_pages(author: FlaskClient, query: str = "") -> list[str]:
    """Every page of the deck's preview (with `query`'s filter), following the pager's « next » links."""
    pages, path = [], f"/auteur/apercu/openai-saga{query}"
    for _ in range(100):  # far more pages than the deck has: a pager that never ends fails below
        response = author.get(path)
        assert response.status_code == 200
        pages.append(response.get_data(as_text=True))
        found = re.search(r'<a rel="next" href="([^"]+)"', pages[-1])
        if not found:
            return pages
        path = html.unescape(found.group(1))
    raise AssertionError("the preview's pager never ends")


def test_preview_shows_every_question_as_learners_see_it(author_app: Flask, author: FlaskClient) -> None:
    with author_app.app_context():
        bank = author_app.extensions["decks"].bank("openai-saga")
    pages = preview_pages(author)
    assert [p.count('<li class="card" id="q-') for p in pages[:-1]] == [50] * (len(pages) - 1)
    ids = [i for p in pages for i in re.findall(r'<li class="card" id="q-\d+">\s*<p class="muted"><code>([^<]+)</code>', p)]
    assert ids == [str(escape(q.id)) for q in bank.questions] + [str(escape(c.id)) for c in bank.cards]
    page = "".join(pages)
    for q in bank.questions[:: max(1, len(bank.questions) // 25)]:
        assert str(escape(q.prompt)) in page
    match = next(q for q in bank.questions if q.format == "match")
    assert f"{escape(match.items[0])} → {escape(match.answer[0])}" in page
    assert 'type="checkbox"' in page and "disabled" in page


def test_preview_ids_are_unique_on_every_page(author: FlaskClient) -> None:
    for page in preview_pages(author):
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
        for target in re.findall(r'<label for="([^"]+)"', page):
            assert ids.count(target) == 1, target


def test_preview_filters_by_kind_and_words_and_pages_keep_them(author_app: Flask, author: FlaskClient) -> None:
    with author_app.app_context():
        bank = author_app.extensions["decks"].bank("openai-saga")
    truefalse = [q.id for q in bank.questions if q.kind == "truefalse"]
    pages = preview_pages(author, "?kind=truefalse")
    shown = [i for p in pages for i in re.findall(r'<li class="card" id="q-\d+">\s*<p class="muted"><code>([^<]+)</code>', p)]
    assert shown == [str(escape(i)) for i in truefalse] and f"{len(truefalse)} éléments pour ce filtre" in pages[0]
    cards = "".join(preview_pages(author, "?kind=flashcard"))
    assert cards.count('<li class="card"') == len(bank.cards) and 'type="radio"' not in cards
    # Words in any order, case and accents folded; every page link keeps the filter.
    page = author.get("/auteur/apercu/openai-saga?q=SHEAR+emmett").get_data(as_text=True)
    matching = [q for q in bank.questions if "shear" in q.prompt.lower() and "emmett" in q.prompt.lower()]
    assert matching and all(str(escape(q.prompt)) in page for q in matching)
    assert all("Shear" in block or "shear" in block for block in page.split('<li class="card"')[1:])
    everything = preview_pages(author, "?q=a")
    assert len(everything) > 1 and all("q=a" in link for link in re.findall(r'rel="next" href="([^"]+)"', "".join(everything)))
    nothing = author.get("/auteur/apercu/openai-saga?q=zzzyyyxxx").get_data(as_text=True)
    assert "Aucune question ni fiche ne correspond à ce filtre." in nothing and "0 élément pour ce filtre" in nothing


@pytest.mark.parametrize("query", ["?kind=nope", "?q=" + "x" * 201, "?kind=truefalse&q=" + "y" * 500])
def test_preview_refuses_a_tampered_filter_with_a_message(author: FlaskClient, query: str) -> None:
    response = author.get(f"/auteur/apercu/openai-saga{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error" role="alert"' in page and page.count('<li class="card"') == 50  # the whole list, unfiltered


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "99999", "1" * 30])
def test_preview_page_numbers_out_of_range_still_show_a_page(author: FlaskClient, raw: str) -> None:
    response = author.get(f"/auteur/apercu/openai-saga?page={raw}")
    assert response.status_code == 200 and '<li class="card" id="q-' in response.get_data(as_text=True)


def test_an_edit_is_live_after_the_next_look_and_no_request_reloads(decks: Path, author_app: Flask, author: FlaskClient) -> None:
    """Requests serve the version online, without looking at the files; the watcher's next look
    (made here by hand) puts the edit online."""
    store = author_app.extensions["decks"]
    looks = store.refreshes
    edit(decks / "openai-saga" / "quotes.yaml", "Coup de théâtre", "Retournement complet")
    learner = client_with_role(author_app, "eleve", "learner")
    attempt = start_quiz(learner, count=5)
    assert learner.get(f"/quiz/{attempt}/1").status_code == 200
    page = "".join(preview_pages(author))
    assert "Coup de théâtre" in page and "Retournement complet" not in page  # the old version, still
    assert store.refreshes == looks  # no request looked
    assert reload_decks(author_app)
    page = "".join(preview_pages(author))
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
    assert "questions/openai-saga/roles.yaml, ligne " in page and "erreur de syntaxe YAML" in page
    assert any("roles.yaml" in r.getMessage() and "version précédente en ligne" in r.getMessage() for r in caplog.records)
    learner = client_with_role(author_app, "eleve", "learner")
    attempt_id = start_quiz(learner, count=5)  # the site still works, on the last valid version
    assert learner.get(f"/quiz/{attempt_id}/1").status_code == 200
    assert "Retournement complet" in author.get("/auteur/apercu/openai-saga?q=retournement").get_data(as_text=True)
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
    assert "déposé, version 1 par autrice le 26/11/2026 à 10:00" in page  # 09:00 UTC, shown in Paris
    assert "mini" in author.get("/quiz/").get_data(as_text=True)
    # A new version of the same uploaded deck goes online; the first is kept.
    clock.advance(hours=1)
    second = first.replace("Une seule", "Rien qu'une")
    assert upload(author, "mini-v2.yaml", second.encode()).status_code == 303
    assert "Rien qu&#39;une bonne" in author.get("/auteur/apercu/mini").get_data(as_text=True)
    assert versions(author_app) == [("mini", "mini.yaml", first, "autrice"), ("mini", "mini-v2.yaml", second, "autrice")]
    assert "déposé, version 2 par autrice le 26/11/2026 à 11:00" in author.get("/auteur/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "mini.yaml",
            GOOD.replace("id: t,", "id: mini,").replace("answers: [B]", "answers: [Z]").encode(),
            "mini.yaml, ligne 10, colonne 15</span> : la réponse « Z » n&#39;est pas dans « choices »",
        ),
        (
            "mini.yaml",
            b"deck: {id: mini, title: T, description: D}\nsources:\n\t- {}\n",
            "mini.yaml, ligne 3, colonne 1</span> : caractère de tabulation",
        ),
        ("image.png", b"\x89PNG\r\n", "type de fichier non accepté : « image.png »"),
        ("bin.yaml", b"deck: \xff\xfe\n", "bin.yaml, ligne 1, colonne 7</span> : octet 0xff invalide"),
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
    page = response.get_data(as_text=True)
    assert message in page and '<div class="alert" role="alert" id="upload-problems">' in page
    assert "Le fichier n'a pas été déposé : 1 erreur à corriger." in page
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
    table = admin.get("/statistiques/openai-saga").get_data(as_text=True)
    row = table.split("<code>saga-shear-demand</code>")[1].split("</tr>")[0]
    assert "<td>2</td>\n        <td>50 %</td>" in row
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
