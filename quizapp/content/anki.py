"""Anki packages (.apkg) of a deck's flashcards, with genanki.

Note GUIDs come from the stable card ids, so importing an updated deck into Anki updates the notes
already there instead of adding duplicates, and keeps the learner's Anki history. The model and
deck ids are fixed numbers, and the package is written with a fixed timestamp: the same content
gives the same file.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from pathlib import Path

import genanki

from .questions import Bank

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


def deck_number(deck_id: str) -> int:
    """A stable Anki deck id for our deck id."""
    return int.from_bytes(hashlib.sha256(deck_id.encode()).digest()[:4], "big") | (1 << 30)


def write_apkg(banks: Iterable[Bank], titles: dict[str, str], path: Path) -> int:
    """Write every card of `banks` to one .apkg; returns the number of notes.

    Args:
        banks: the banks whose cards to export (one Anki deck each, named after `titles`).
        titles: deck id -> the deck's title.
        path: where to write the package.
    """
    decks = []
    count = 0
    for bank in banks:
        deck = genanki.Deck(deck_number(bank.deck), f"quizapp::{titles.get(bank.deck, bank.deck)}")
        for card in bank.cards:
            fields = [html.escape(x) for x in (card.front, card.back, card.explanation, card.source)]
            deck.add_note(genanki.Note(model=MODEL, fields=fields, guid=genanki.guid_for(card.id), tags=[bank.deck]))
            count += 1
        decks.append(deck)
    genanki.Package(decks).write_to_file(str(path), timestamp=0)
    return count
