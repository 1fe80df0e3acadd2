"""Anki packages (.apkg) of a deck's flashcards, with genanki.

Note GUIDs come from the stable card ids, so importing an updated deck into Anki updates the notes
already there instead of adding duplicates, and keeps the learner's Anki history. The model and
deck ids are fixed numbers. Anki updates a note only when the incoming one is newer, so each note
carries the time its content last changed: unchanged notes keep their earlier time (and Anki
leaves them alone), edited ones get the export time. (The zip's own entry dates still vary.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import genanki

from .questions import Bank, Card

MODEL_ID = 1_607_392_319
MODEL = genanki.Model(
    MODEL_ID,
    "quizapp — fiche",
    fields=[{"name": "Recto"}, {"name": "Verso"}, {"name": "Explication"}, {"name": "Source"}],
    templates=[
        {
            "name": "Fiche",
            "qfmt": "{{Recto}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Verso}}<p class="explication">{{Explication}}</p>'
            '<p class="source">{{Source}}</p>',
        }
    ],
    css=".card { font-family: sans-serif; font-size: 20px; text-align: left; } .source { color: #666; font-size: 15px; }",
)


class _DatedNote(genanki.Note):
    """A note stamped with the time its content last changed, not the package time."""

    def __init__(self, changed: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.changed = changed

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.changed, deck_id, id_gen)


def deck_number(deck_id: str) -> int:
    """A stable Anki deck id for our deck id."""
    return int.from_bytes(hashlib.sha256(deck_id.encode()).digest()[:4], "big") | (1 << 30)


def note_fields(card: Card) -> list[str]:
    """The note's fields: Anki fields are HTML, so text is escaped (never markup); quotes stay readable."""
    return [html.escape(x, quote=False) for x in (card.front, card.back, card.explanation, card.source)]


def previous_versions(path: Path) -> dict[str, tuple[list[str], int]]:
    """GUID -> (fields, modification time) of the notes of an earlier package, if `path` is one."""
    try:
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as tmp:
            archive.extract("collection.anki2", tmp)
            with contextlib.closing(sqlite3.connect(Path(tmp) / "collection.anki2")) as con:
                rows = con.execute("SELECT guid, flds, mod FROM notes").fetchall()
    except (OSError, KeyError, zipfile.BadZipFile, sqlite3.DatabaseError):
        return {}
    return {guid: (flds.split("\x1f"), int(mod)) for guid, flds, mod in rows}


def write_apkg(
    banks: Iterable[Bank],
    titles: dict[str, str],
    path: Path,
    now: dt.datetime,
    changed: Mapping[str, dt.datetime] | None = None,
) -> int:
    """Write every card of `banks` to one .apkg; returns the number of notes.

    Args:
        banks: the banks whose cards to export (one Anki deck each, named after `titles`).
        titles: deck id -> the deck's title.
        path: where to write the package. If an earlier package is there, a note whose fields have
            not changed keeps that package's modification time, so Anki leaves it alone.
        now: the export time (timezone-aware): the modification time of new or changed notes.
        changed: card id -> when its content last changed, where the caller keeps track of it.
    """
    before = previous_versions(path)
    stamp = now.timestamp()
    decks = []
    count = 0
    for bank in banks:
        deck = genanki.Deck(deck_number(bank.deck), f"quizapp::{titles.get(bank.deck, bank.deck)}")
        for card in bank.cards:
            guid = genanki.guid_for(card.id)
            fields = note_fields(card)
            if changed is not None and card.id in changed:
                when = changed[card.id].timestamp()
            elif guid in before and before[guid][0] == fields:
                when = before[guid][1]
            else:
                when = stamp
            deck.add_note(_DatedNote(int(when), model=MODEL, fields=fields, guid=guid, tags=[bank.deck]))
            count += 1
        decks.append(deck)
    genanki.Package(decks).write_to_file(str(path), timestamp=stamp)
    return count
