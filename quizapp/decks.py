"""The decks the running app serves, loaded once at start, and their question banks."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from .content import Bank, Card, Deck, Problem, Question, generate, load_all

log = logging.getLogger(__name__)


class DeckStore:
    """Valid decks by id, the problems of invalid ones, and banks generated per seed (cached)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.decks: dict[str, Deck] = {}
        self.problems: list[Problem] = []
        self.reload()

    def reload(self) -> None:
        decks, problems = load_all(self.folder)
        for problem in problems:
            log.error("deck invalide : %s", problem)
        self.decks, self.problems = decks, problems
        self.bank.cache_clear()
        self._cards: dict[str, Card] | None = None

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one store per app, kept for the app's lifetime
    def bank(self, deck_id: str, seed: int) -> Bank:
        return generate(self.decks[deck_id], seed)

    def cards(self) -> dict[str, Card]:
        """Every flashcard of every deck, by id (computed once per load)."""
        if self._cards is None:
            self._cards = {card.id: card for deck_id in self.decks for card in self.bank(deck_id, 0).cards}
        return self._cards

    def questions(self, deck_id: str) -> dict[str, Question]:
        """The deck's questions by id (seed 0: ids and facts do not depend on the seed)."""
        return {q.id: q for q in self.bank(deck_id, 0).questions}
