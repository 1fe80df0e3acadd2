"""The decks the running app serves, kept up to date with their YAML files.

Decks live in the shipped questions folder and in the instance's decks folder (uploads). The
store notices edited, new and removed files (by modification time and size) and reloads only the
decks that changed. A deck whose new version is invalid stays online in its last valid version;
its problems are kept for the author page and written to the log.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .content import Bank, Card, ContentError, Deck, Problem, Question, generate, load_deck
from .content.loader import deck_files, deck_paths, question_clashes

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


@dataclass
class DeckStatus:
    """One deck folder (or file) as the author page shows it."""

    path: Path
    name: str
    deck: Deck | None = None  # the version online (the last valid one)
    problems: list[Problem] = field(default_factory=list)
    uploaded: bool = False


class DeckStore:
    """Valid decks by id, each folder's status, and banks generated per seed (cached)."""

    def __init__(self, folders: list[Path], uploads: Path | None = None) -> None:
        self.folders = [f for f in folders if f is not None]
        self.uploads = uploads
        self.decks: dict[str, Deck] = {}
        self.status: dict[Path, DeckStatus] = {}
        self._signature: dict[Path, Signature] = {}
        self._cards: dict[str, Card] | None = None
        self.refresh()

    @property
    def problems(self) -> list[Problem]:
        return [p for status in self.status.values() for p in status.problems]

    def _scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for path in deck_paths(folder):
                stats = []
                for file in deck_files(path):
                    try:
                        st = file.stat()
                    except FileNotFoundError:  # removed while we looked
                        continue
                    stats.append((file.name, st.st_mtime_ns, st.st_size))
                found[path] = tuple(stats)
        return found

    def refresh(self) -> bool:
        """Reload the decks whose files changed since the last look; True if anything changed."""
        signature = self._scan()
        if signature == self._signature:
            return False
        for path in set(self._signature) - set(signature):  # deck folder removed
            self.status.pop(path, None)
        for path, stats in signature.items():
            if self._signature.get(path) != stats:
                self._reload(path)
        self._signature = signature
        self.decks = {s.deck.id: s.deck for s in self.status.values() if s.deck is not None}
        self.bank.cache_clear()
        self._cards = None
        return True

    def _reload(self, path: Path) -> None:
        root = path.parent.parent
        status = self.status.get(path) or DeckStatus(
            path, str(path.relative_to(root)), uploaded=self.uploads is not None and path.is_relative_to(self.uploads)
        )
        self.status[path] = status
        try:
            deck = load_deck(path, root=root)
        except ContentError as exc:
            problems = exc.problems
        else:
            others = [s.deck for p, s in self.status.items() if p != path and s.deck is not None]
            problems = question_clashes(deck, others)
            taken = next((p for p, s in self.status.items() if p != path and s.deck and s.deck.id == deck.id), None)
            if taken is not None:
                problems.append(Problem(status.name, 1, 1, f"le deck « {deck.id} » existe déjà ({self.status[taken].name})"))
            if not problems:
                status.deck, status.problems = deck, []
                log.info("deck « %s » chargé depuis %s", deck.id, status.name)
                return
        status.problems = problems
        for problem in problems:
            log.error("deck invalide (%s) : %s", "version précédente en ligne" if status.deck else "hors ligne", problem)

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
