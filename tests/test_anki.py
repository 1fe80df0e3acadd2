"""Anki export, checked with the official `anki` library: counts, fields, and updates in place."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from flask.testing import FlaskClient

from quizapp.cli import main
from quizapp.content.anki import previous_versions


def import_into(collection_path: Path, apkg: Path) -> Any:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(collection_path))
    try:
        out = col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=False))
        )
        notes = {}
        for note_id in col.find_notes("deck:quizapp*"):
            note = col.get_note(note_id)
            notes[note.guid] = list(note.fields)
        return out.log, col.note_count(), col.card_count(), notes
    finally:
        col.close()


def export(folder: Path, target: Path, at: int = 1_700_000_000) -> None:
    result = CliRunner().invoke(
        main,
        ["export", "--format", "apkg", "--questions", str(folder), "-o", str(target)],
        env={"SOURCE_DATE_EPOCH": str(at)},
    )
    assert result.exit_code == 0, result.output


def test_apkg_imports_and_updates_in_place(tmp_path: Path, saga_path: Path) -> None:
    import genanki

    from quizapp.content import generate, load_deck

    decks = tmp_path / "decks"
    shutil.copytree(saga_path, decks / "openai-saga")
    cards = generate(load_deck(decks / "openai-saga"), 0).cards
    package = tmp_path / "saga.apkg"
    export(decks, package)
    log, notes, card_count, fields = import_into(tmp_path / "collection.anki2", package)
    assert len(log.new) == len(cards) == notes == card_count
    sample = next(c for c in cards if c.id == "openai-saga:altman-replaces-shear:card")
    assert fields[genanki.guid_for(sample.id)] == [sample.front, sample.back, sample.explanation, sample.source]
    apostrophe = next(c for c in cards if "'" in c.front)
    assert fields[genanki.guid_for(apostrophe.id)][0] == apostrophe.front

    # The author edits one fact's explanation and exports again over the same file (the earlier
    # package tells which notes changed); the learner imports the new package.
    quotes = decks / "openai-saga" / "quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("Coup de théâtre", "Revirement"), encoding="utf-8")
    export(decks, package, at=1_700_086_400)  # the next day
    log, notes, _, fields = import_into(tmp_path / "collection.anki2", package)
    assert len(log.new) == 0
    assert len(log.updated) == 1 and notes == len(cards)
    assert "Revirement" in fields[genanki.guid_for("openai-saga:sutskever-regrets:card")][2]

    # A fact with two sibling cards: both notes are updated, nothing else.
    roles = decks / "openai-saga" / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("Dès l'éviction", "Aussitôt après l'éviction"), encoding="utf-8")
    export(decks, package, at=1_700_172_800)
    log, notes, _, fields = import_into(tmp_path / "collection.anki2", package)
    assert (len(log.new), len(log.updated), notes) == (0, 2, len(cards))
    assert "Aussitôt après" in fields[genanki.guid_for("openai-saga:murati-interim-ceo:card-reverse")][2]


def test_same_content_same_notes(tmp_path: Path, saga_path: Path) -> None:
    one, two = tmp_path / "1.apkg", tmp_path / "2.apkg"
    export(saga_path.parent, one)
    export(saga_path.parent, two)
    assert previous_versions(one) == previous_versions(two) != {}  # same notes, fields and times
    export(saga_path.parent, two, at=1_800_000_000)  # later, over itself, nothing changed
    assert previous_versions(two) == previous_versions(one)


def test_download_from_the_study_page(logged_in: FlaskClient, tmp_path: Path) -> None:
    response = logged_in.get("/reviser/anki/openai-saga.apkg")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=openai-saga.apkg"
    target = tmp_path / "dl.apkg"
    target.write_bytes(response.data)
    log, notes, _, _ = import_into(tmp_path / "c.anki2", target)
    assert notes == len(log.new) > 40
    assert logged_in.get("/reviser/anki/nope.apkg").status_code == 404


def test_markup_in_a_deck_is_escaped_in_anki(tmp_path: Path) -> None:
    from quizapp.content import Bank, Card
    from quizapp.content.anki import write_apkg

    card = Card("d:f:card", "d", "f", "<script>alert(1)</script> & co", "<b>x</b>", "e", "s")
    target = tmp_path / "x.apkg"
    write_apkg([Bank("d", (), (card,))], {"d": "D"}, target, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    _, _, _, fields = import_into(tmp_path / "c.anki2", target)
    (values,) = fields.values()
    assert values[:2] == ["&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", "&lt;b&gt;x&lt;/b&gt;"]


def test_downloads_update_only_edited_notes(tmp_path: Path, saga_path: Path) -> None:
    """The app remembers when each card changed: a later download updates only the edited note."""
    from .conftest import Clock, make_app, register

    decks = tmp_path / "decks"
    shutil.copytree(saga_path, decks / "openai-saga")
    clock = Clock()

    def download(name: str) -> Path:
        app = make_app(tmp_path, clock, QUESTIONS_DIR=str(decks))  # a restart picks up the edit
        client = app.test_client()
        if register(client).status_code != 302:
            client.post("/compte/connexion", data={"username": "alice", "password": "correct horse battery"})
        target = tmp_path / name
        target.write_bytes(client.get("/reviser/anki/openai-saga.apkg").data)
        return target

    first = download("1.apkg")
    log, notes, _, _ = import_into(tmp_path / "c.anki2", first)
    assert len(log.new) == notes > 40
    clock.advance(days=1)
    quotes = decks / "openai-saga" / "quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("Coup de théâtre", "Revirement"), encoding="utf-8")
    log, again, _, _ = import_into(tmp_path / "c.anki2", download("2.apkg"))
    assert (len(log.new), len(log.updated), again) == (0, 1, notes)
