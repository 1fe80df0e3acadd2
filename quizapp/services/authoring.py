"""Uploading a deck file: checked first, written only when valid, picked up by the running app."""

from __future__ import annotations

from pathlib import Path

from .. import files
from ..content import ContentError, Deck, Problem, parse_files
from ..content.loader import question_clashes
from ..decks import DeckStore, deck_boundary

SUFFIXES = (".yaml", ".yml")


def upload(store: DeckStore, filename: str, data: bytes) -> Deck:
    """Check an uploaded single-file deck and store it in the instance's decks folder.

    A file for a deck that was uploaded before replaces it; the id of a shipped deck is refused.

    Raises:
        ContentError: every problem found, or the generator's failure on it (nothing is written).
    """
    name = Path(filename or "deck.yaml").name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise ContentError([Problem(name, 1, 1, f"type de fichier non accepté : « {name} » (attendu .yaml ou .yml)")])
    with deck_boundary(name, "le deck n'a pas pu être lu"):
        deck = parse_files([(name, data)])
    assert store.uploads is not None
    target_dir = store.uploads / deck.id
    problems = []
    for status in store.status.values():
        if status.deck is not None and status.deck.id == deck.id and not status.uploaded:
            problems.append(Problem(name, 1, 1, f"le deck « {deck.id} » est livré avec l'application : choisissez un autre id"))
    others = [s.deck for s in store.status.values() if s.deck is not None and s.path != target_dir]
    problems += question_clashes(deck, others)
    if problems:
        raise ContentError(problems)
    store.checked_bank(deck, name)  # a deck the generator fails on would be offline: refuse it now
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{deck.id}.yaml"
    files.replace_atomically(target, data)  # the previous version stays whole until the new one is in place
    for old in target_dir.glob("*.y*ml"):
        if old != target:  # a file under another name, from an older version of the app
            old.unlink()
    store.refresh()
    return deck
