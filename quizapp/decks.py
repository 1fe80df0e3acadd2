"""The decks the running app serves, kept up to date with their YAML files.

Decks live in the shipped questions folder and in the instance's decks folder (uploads). The
store notices edited, new and removed files (by modification time and size) and reloads only the
decks that changed. A deck whose new version is invalid stays online in its last valid version;
its problems are kept for the author page and written to the log.

A deck's questions are generated when it loads, so a deck the generator cannot handle is caught
there, like a deck with an error in its YAML, rather than in the middle of a learner's request.
The generator runs on what authors wrote: `deck_boundary` turns *any* exception it raises into a
located problem. That is the one place where catching every exception is the point.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .content import Bank, Card, ContentError, Deck, Problem, Question, generate, load_deck
from .content.loader import deck_files, deck_paths, question_clashes

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]
Generate = Callable[[Deck, int], Bank]


@contextlib.contextmanager
def deck_boundary(where: str, stage: str) -> Iterator[None]:
    """Run one deck's loading or generation; an unexpected exception becomes a ContentError located
    at `where` (line 1: the failing fact is not known), chained to the original for the log.

    Raises:
        ContentError: the deck's own problems, or the one that stands for the unexpected exception.
    """
    try:
        yield
    except ContentError:
        raise
    except Exception as exc:  # the generation boundary (see the module docstring)
        detail = " ".join(str(exc).split())
        detail = f"{type(exc).__name__} : {detail[:200]}{'…' if len(detail) > 200 else ''}" if detail else type(exc).__name__
        raise ContentError([Problem(where, 1, 1, f"{stage} : erreur interne ({detail})")]) from exc


def build_bank(deck: Deck, seed: int, where: str, generate: Generate = generate) -> Bank:
    """A deck's questions and cards, or a located ContentError if the generator fails on it."""
    with deck_boundary(where, f"deck « {deck.id} » : les questions n'ont pas pu être générées"):
        return generate(deck, seed)


@dataclass
class DeckStatus:
    """One deck folder (or file) as the author page shows it."""

    path: Path
    name: str
    deck: Deck | None = None  # the version online (the last valid one)
    bank: Bank | None = None  # its questions and cards (seed 0), generated when it loaded: set with `deck`
    problems: list[Problem] = field(default_factory=list)
    uploaded: bool = False


class DeckStore:
    """Valid decks by id, each folder's status, and banks generated per seed (cached).

    `generate` is the content core's generator; a test may pass one that fails.
    """

    def __init__(self, folders: list[Path], uploads: Path | None = None, generate: Generate = generate) -> None:
        self.folders = [f for f in folders if f is not None]
        self.uploads = uploads
        self.generate = generate
        self.decks: dict[str, Deck] = {}
        self._banks: dict[str, Bank] = {}
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
        self._banks = {s.deck.id: s.bank for s in self.status.values() if s.deck is not None and s.bank is not None}
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
            with deck_boundary(status.name, "le deck n'a pas pu être lu"):
                deck = load_deck(path, root=root)
            others = [s.deck for p, s in self.status.items() if p != path and s.deck is not None]
            problems = question_clashes(deck, others)
            taken = next((p for p, s in self.status.items() if p != path and s.deck and s.deck.id == deck.id), None)
            if taken is not None:
                problems.append(Problem(status.name, 1, 1, f"le deck « {deck.id} » existe déjà ({self.status[taken].name})"))
            if not problems:
                bank = self.checked_bank(deck, status.name)
                status.deck, status.bank, status.problems = deck, bank, []
                log.info("deck « %s » chargé depuis %s", deck.id, status.name)
                return
        except ContentError as exc:
            problems = exc.problems
        status.problems = problems
        for problem in problems:
            log.error("deck invalide (%s) : %s", "version précédente en ligne" if status.deck else "hors ligne", problem)

    def checked_bank(self, deck: Deck, where: str) -> Bank:
        """The deck's bank (seed 0) from this store's generator; a failure is logged with its traceback.

        Raises:
            ContentError: the generator failed on this deck.
        """
        try:
            return build_bank(deck, 0, where, self.generate)
        except ContentError:
            log.exception("deck « %s » (%s) : le générateur a échoué", deck.id, where)
            raise

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one store per app, kept for the app's lifetime
    def bank(self, deck_id: str, seed: int) -> Bank:
        """The deck's bank drawn with `seed`; if the generator fails with this seed, the one made at
        load time (logged: a learner's quiz never fails on it)."""
        loaded = self._banks[deck_id]
        if seed == 0:
            return loaded
        try:
            return build_bank(self.decks[deck_id], seed, deck_id, self.generate)
        except ContentError:
            log.exception("deck « %s » : génération impossible avec la graine %d ; celle du chargement sert", deck_id, seed)
            return loaded

    def cards(self) -> dict[str, Card]:
        """Every flashcard of every deck, by id (computed once per load)."""
        if self._cards is None:
            self._cards = {card.id: card for deck_id in self.decks for card in self.bank(deck_id, 0).cards}
        return self._cards

    def questions(self, deck_id: str) -> dict[str, Question]:
        """The deck's questions by id (seed 0: ids and facts do not depend on the seed)."""
        return {q.id: q for q in self.bank(deck_id, 0).questions}
