"""The decks the running app serves, kept up to date with their YAML files and their uploads.

Decks live in the questions folder (deployed with the app, the same on every server) and in the
database (uploads, every version kept: `Uploads`). The store notices edited, new and removed files
(by modification time and size) and new uploads (by the newest upload's id, one small query) and
reloads only the decks that changed, so every worker of every server serves a new upload within
CONTENT_CHECK_SECONDS. A deck whose new version is invalid stays online in its last valid version;
its problems are kept for the author page and written to the log.

A deck's questions are generated when it loads, so a deck the generator cannot handle is caught
there, like a deck with an error in its YAML, rather than in the middle of a learner's request.
The generator runs on what authors wrote: `deck_boundary` turns *any* exception it raises into a
located problem. That is the one place where catching every exception is the point.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .content import Bank, Card, ContentError, Deck, Problem, Question, generate, load_deck, parse_files
from .content.lint import Report, lint
from .content.loader import deck_files, deck_paths, question_clashes
from .content.story import Point, cut

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


@dataclass(frozen=True)
class Upload:
    """One uploaded version of a deck file: who sent it, when, and its text."""

    id: int
    deck_id: str
    version: int  # 1 for the deck's first upload, then 2, 3...
    filename: str
    text: str
    uploaded_by: str | None
    uploaded_at: dt.datetime


class Uploads(Protocol):
    """Where uploaded decks are kept (the database: `services.authoring.StoredUploads`)."""

    def marker(self) -> Hashable:
        """A value that changes whenever a version is added."""

    def latest(self) -> list[Upload]:
        """The newest version of every uploaded deck."""


StatusKey = Path | str  # a deck folder or file, or "upload:<deck id>"


@dataclass
class DeckStatus:
    """One deck folder (or file, or upload) as the author page shows it."""

    path: Path | None
    name: str
    deck: Deck | None = None  # the version online (the last valid one)
    bank: Bank | None = None  # its questions and cards (seed 0), generated when it loaded: set with `deck`
    problems: list[Problem] = field(default_factory=list)
    upload: Upload | None = None  # for an uploaded deck, the version online (or the one that failed)

    @property
    def uploaded(self) -> bool:
        return self.upload is not None


def upload_key(deck_id: str) -> str:
    return f"upload:{deck_id}"


class DeckStore:
    """Valid decks by id, each folder's and upload's status, and banks generated per seed (cached).

    `generate` is the content core's generator; a test may pass one that fails.
    """

    def __init__(self, folders: list[Path], uploads: Uploads | None = None, generate: Generate = generate) -> None:
        self.folders = [f for f in folders if f is not None]
        self.uploads = uploads
        self.generate = generate
        self.decks: dict[str, Deck] = {}
        self._banks: dict[str, Bank] = {}
        self.status: dict[StatusKey, DeckStatus] = {}
        self._signature: dict[Path, Signature] = {}
        self._marker: Hashable = None
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
        """Reload the decks whose files or uploads changed since the last look; True if anything changed."""
        signature = self._scan()
        marker = self.uploads.marker() if self.uploads is not None else None
        if signature == self._signature and marker == self._marker:
            return False
        for path in set(self._signature) - set(signature):  # deck folder removed
            self.status.pop(path, None)
        for path, stats in signature.items():
            if self._signature.get(path) != stats:
                self._reload(path)
        self._signature = signature
        if self.uploads is not None and marker != self._marker:
            for upload in self.uploads.latest():
                known = self.status.get(upload_key(upload.deck_id))
                if known is None or known.upload is None or known.upload.id != upload.id:
                    self._reload_upload(upload)
            self._marker = marker
        self.decks = {s.deck.id: s.deck for s in self.status.values() if s.deck is not None}
        self._banks = {s.deck.id: s.bank for s in self.status.values() if s.deck is not None and s.bank is not None}
        self.bank.cache_clear()
        self.report.cache_clear()
        self.cards_at.cache_clear()
        self._cards = None
        return True

    def _reload(self, path: Path) -> None:
        root = path.parent.parent
        status = self.status.get(path) or DeckStatus(path, str(path.relative_to(root)))
        self.status[path] = status
        self._load(path, status, lambda: load_deck(path, root=root))

    def _reload_upload(self, upload: Upload) -> None:
        key = upload_key(upload.deck_id)
        status = self.status.get(key) or DeckStatus(None, upload.filename)
        status.name, status.upload = upload.filename, upload
        self.status[key] = status
        self._load(key, status, lambda: parse_files([(upload.filename, upload.text.encode())]))

    def _load(self, key: StatusKey, status: DeckStatus, read: Callable[[], Deck]) -> None:
        """Read a deck, check it against the others and generate its questions; on any problem,
        the version online (if any) stays."""
        try:
            with deck_boundary(status.name, "le deck n'a pas pu être lu"):
                deck = read()
            others = [s.deck for k, s in self.status.items() if k != key and s.deck is not None]
            problems = question_clashes(deck, others)
            taken = next((k for k, s in self.status.items() if k != key and s.deck and s.deck.id == deck.id), None)
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
    def bank(self, deck_id: str, seed: int, point: str = "") -> Bank:
        """The deck's bank drawn with `seed`; if the generator fails with this seed, the one made at
        load time (logged: a learner's quiz never fails on it).

        With a `point` (an episode or a day, see `Point.read`), the bank of the deck as known then:
        nothing in it speaks of what comes later. A story cut the generator fails on gives an empty
        bank (logged): the whole deck would give the rest of the story away.

        Raises:
            ValueError: `point` is neither an episode of the deck nor a date.
        """
        if point:
            at = Point.read(self.decks[deck_id], point)
            try:
                return build_bank(cut(self.decks[deck_id], at), seed, deck_id, self.generate)
            except ContentError:
                log.exception("deck « %s » : génération impossible au point « %s »", deck_id, point)
                return Bank(deck_id, (), ())
        loaded = self._banks[deck_id]
        if seed == 0:
            return loaded
        try:
            return build_bank(self.decks[deck_id], seed, deck_id, self.generate)
        except ContentError:
            log.exception("deck « %s » : génération impossible avec la graine %d ; celle du chargement sert", deck_id, seed)
            return loaded

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one store per app, cleared on every reload
    def report(self, deck_id: str) -> Report | None:
        """The deck's `quizapp lint` report for the author page; None (logged) if it fails."""
        try:
            with deck_boundary(deck_id, f"deck « {deck_id} » : la relecture n'a pas pu se faire"):
                return lint(self.decks[deck_id], self.bank(deck_id, 0))
        except ContentError:
            log.exception("deck « %s » : quizapp lint a échoué", deck_id)
            return None

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one store per app, cleared on every reload
    def cards_at(self, points: tuple[tuple[str, str], ...]) -> dict[str, Card]:
        """Every flashcard, by id, each deck as known at its point in `points` ((deck id, point) pairs,
        sorted, so that learners at the same points share one dict; a deck left out, or an invalid
        point, is the whole deck)."""
        at = dict(points)
        cards: dict[str, Card] = {}
        for deck_id in self.decks:
            point = at.get(deck_id, "")
            try:
                bank = self.bank(deck_id, 0, point)
            except ValueError:  # a point stored before the deck changed: the whole deck
                bank = self.bank(deck_id, 0)
            cards.update((card.id, card) for card in bank.cards)
        return cards

    def cards(self) -> dict[str, Card]:
        """Every flashcard of every deck, by id (computed once per load)."""
        if self._cards is None:
            self._cards = {card.id: card for deck_id in self.decks for card in self.bank(deck_id, 0).cards}
        return self._cards

    def questions(self, deck_id: str) -> dict[str, Question]:
        """The deck's questions by id (seed 0: ids and facts do not depend on the seed)."""
        return {q.id: q for q in self.bank(deck_id, 0).questions}
