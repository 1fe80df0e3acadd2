"""The decks the running app serves, kept up to date with their YAML files and their uploads.

Decks live in the questions folder (deployed with the app, the same on every server) and in the
database (uploads, every version kept: `Uploads`). The store notices edited, new and removed files
(by modification time and size) and new uploads (by the newest upload's id, one small query) and
reloads only the decks that changed. A deck whose new version is invalid stays online in its last
valid version; its problems are kept for the author page and written to the log.

A deck's questions are generated once per version, when it loads, so a deck the generator cannot
handle is caught there, like a deck with an error in its YAML, rather than in the middle of a
learner's request; every quiz draws from that one bank with its own seed (`services.quizzes`).
With a `BankCache` (the app gives one in the instance folder), a bank generated before for the
same source and the same generator code is read back instead: a restart does not generate again.
The generator runs on what authors wrote: `deck_boundary` turns *any* exception it raises into a
located problem. That is the one place where catching every exception is the point.

What the store serves is a `Snapshot`: the decks of one moment, their banks and what is derived
from them, never changed once built. `refresh` builds the next snapshot beside the one online and
swaps it in with one assignment, so a reader sees the old version or the new one, never half of
each; a request pins the snapshot it started with (`pin`). Reloading is not a request's work:
`deckwatch.DeckWatcher` calls `refresh` from a thread of its own in each process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from .bankcache import BankCache, deck_key
from .content import Bank, Card, ContentError, Deck, Problem, Question, generate, load_deck, parse_files
from .content.curate import FRAME_SAMPLE, Clash, clashing
from .content.lint import Report, lint
from .content.loader import deck_files, deck_paths, question_clashes
from .content.story import Point, cut

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]
Generate = Callable[[Deck, int], Bank]
GENERATOR: Generate = generate  # the content core's generator (the default; the one whose banks are cached)
BANK_SEED = 0  # the seed of every deck version's one bank (a quiz then draws with its own)


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
    """One deck folder (or file, or upload) as the author page shows it (a reload works on a copy)."""

    path: Path | None
    name: str
    deck: Deck | None = None  # the version online (the last valid one)
    bank: Bank | None = None  # its questions and cards (BANK_SEED), generated when it loaded: set with `deck`
    problems: list[Problem] = field(default_factory=list)
    upload: Upload | None = None  # for an uploaded deck, the version online (or the one that failed)

    @property
    def uploaded(self) -> bool:
        return self.upload is not None


def upload_key(deck_id: str) -> str:
    return f"upload:{deck_id}"


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Bounded(Generic[K, V]):
    """At most `size` values, the least recently used one dropped first; safe to share between
    threads (two threads asking for the same missing key may both make it: the second one is kept)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: a slow generation does not hold up the other keys
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


CLASH_PAIRS = 200_000  # question pairs judged and kept per bank (a few MiB)
STORY_BANKS = 8  # story-mode banks kept per deck version: memory bounded whatever the points asked
REPORTS = 64
CARD_SETS = 64  # flashcard sets of learners at different story points


class Snapshot:
    """The decks online at one moment: each deck's status, its one bank (made at load, BANK_SEED) and
    what is derived from them (story-mode banks, lint reports, flashcard sets), cached here so
    that a reload, which makes a new snapshot, starts them afresh. Never changed once built."""

    def __init__(self, status: dict[StatusKey, DeckStatus], generate: Generate = generate) -> None:
        self.status = status
        self.generate = generate
        self.decks: dict[str, Deck] = {s.deck.id: s.deck for s in status.values() if s.deck is not None}
        self.banks: dict[str, Bank] = {s.deck.id: s.bank for s in status.values() if s.deck is not None and s.bank is not None}
        self._cards: dict[str, Card] = {card.id: card for bank in self.banks.values() for card in bank.cards}
        self._story: Bounded[tuple[str, Point], Bank] = Bounded(STORY_BANKS)
        self._reports: Bounded[str, Report | None] = Bounded(REPORTS)
        self._cards_at: Bounded[tuple[tuple[str, str], ...], dict[str, Card]] = Bounded(CARD_SETS)
        self._questions: dict[str, dict[str, Question]] = {}  # one index per deck online: bounded by the decks
        self._clashes: Bounded[tuple[str, str], Clash] = Bounded(STORY_BANKS + 1)

    @property
    def problems(self) -> list[Problem]:
        return [p for status in self.status.values() for p in status.problems]

    def bank(self, deck_id: str, point: str = "") -> Bank:
        """The deck's bank, the one every quiz draws from.

        With a `point` (an episode or a day, see `Point.read`), the bank of the deck as known then:
        nothing in it speaks of what comes later. It is generated on first use and kept among the
        last STORY_BANKS points asked. A story cut the generator fails on gives an empty bank
        (logged): the whole deck would give the rest of the story away.

        Raises:
            KeyError: no such deck online.
            ValueError: `point` is neither an episode of the deck nor a date.
        """
        loaded = self.banks[deck_id]
        if not point:
            return loaded
        at = Point.read(self.decks[deck_id], point)
        if at.whole:
            return loaded
        return self._story.get((deck_id, at), lambda: self._story_bank(deck_id, at))

    def _story_bank(self, deck_id: str, at: Point) -> Bank:
        try:
            return build_bank(cut(self.decks[deck_id], at), BANK_SEED, deck_id, self.generate)
        except ContentError:
            log.exception("deck « %s » : génération impossible au point « %s »", deck_id, at.text())
            return Bank(deck_id, (), ())

    def clash_test(self, deck_id: str, point: str = "") -> Clash:
        """Whether two questions of that bank may not share a quiz (`curate.clashing`), each question
        read once and each pair judged once for all the quizzes drawn from the bank (a start reads
        only what it draws; the pairs judged are kept up to CLASH_PAIRS, then forgotten)."""
        return self._clashes.get(
            (deck_id, point), lambda: _remembered(clashing(self.bank(deck_id, point).questions, FRAME_SAMPLE))
        )

    def report(self, deck_id: str) -> Report | None:
        """The deck's `quizapp lint` report for the author page; None (logged) if it fails."""
        return self._reports.get(deck_id, lambda: self._report(deck_id))

    def _report(self, deck_id: str) -> Report | None:
        try:
            with deck_boundary(deck_id, f"deck « {deck_id} » : la relecture n'a pas pu se faire"):
                return lint(self.decks[deck_id], self.banks[deck_id])
        except ContentError:
            log.exception("deck « %s » : quizapp lint a échoué", deck_id)
            return None

    def cards_at(self, points: tuple[tuple[str, str], ...]) -> dict[str, Card]:
        """Every flashcard, by id, each deck as known at its point in `points` ((deck id, point) pairs,
        sorted, so that learners at the same points share one dict; a deck left out, or an invalid
        point, is the whole deck)."""
        return self._cards_at.get(points, lambda: self._cards_at_points(dict(points)))

    def _cards_at_points(self, at: dict[str, str]) -> dict[str, Card]:
        cards: dict[str, Card] = {}
        for deck_id in self.decks:
            try:
                bank = self.bank(deck_id, at.get(deck_id, ""))
            except ValueError:  # a point stored before the deck changed: the whole deck
                bank = self.banks[deck_id]
            cards.update((card.id, card) for card in bank.cards)
        return cards

    def cards(self) -> dict[str, Card]:
        """Every flashcard of every deck, by id."""
        return self._cards

    def questions(self, deck_id: str) -> dict[str, Question]:
        """The deck's questions by id (built once per snapshot; callers only read it)."""
        found = self._questions.get(deck_id)
        if found is None:
            found = self._questions[deck_id] = {q.id: q for q in self.banks[deck_id].questions}
        return found


def _remembered(clash: Clash) -> Clash:
    """`clash`, each pair judged once (the test is symmetric); at most CLASH_PAIRS pairs kept."""
    judged: dict[tuple[int, int], bool] = {}

    def remembered(a: Question, b: Question) -> bool:
        key = (id(a), id(b)) if id(a) < id(b) else (id(b), id(a))
        found = judged.get(key)
        if found is None:
            if len(judged) >= CLASH_PAIRS:
                judged.clear()
            found = judged[key] = clash(a, b)
        return found

    return remembered


class DeckStore:
    """The decks online (a `Snapshot`, swapped whole on every reload) and how to reload them.

    `generate` is the content core's generator; a test may pass one that fails. `on_change` is
    called with each new snapshot once it is online (the app records the cards' versions there);
    an exception it raises is logged, not raised: the new decks are online already.
    """

    def __init__(
        self,
        folders: list[Path],
        uploads: Uploads | None = None,
        generate: Generate = generate,
        on_change: Callable[[Snapshot], None] | None = None,
        cache: BankCache | None = None,
    ) -> None:
        self.folders = [f for f in folders if f is not None]
        self.uploads = uploads
        self.generate = generate
        self.cache = cache if generate is GENERATOR else None  # a test's own generator is not the one cached
        self.on_change = on_change
        self.refreshes = 0  # how many times `refresh` looked (a test counts them)
        self._snapshot = Snapshot({}, generate)
        self._pinned = threading.local()
        self._reloading = threading.Lock()  # one reload at a time (the watcher, an upload)
        self._signature: dict[Path, Signature] = {}
        self._marker: Hashable = None
        self.refresh()

    # --- what readers see ------------------------------------------------------------------------

    @property
    def current(self) -> Snapshot:
        """The snapshot this thread's request pinned, or else the one online."""
        pinned: Snapshot | None = getattr(self._pinned, "snapshot", None)
        return pinned if pinned is not None else self._snapshot

    def pin(self) -> None:
        """Serve this thread the snapshot online now until `unpin` (a request: one version throughout)."""
        self._pinned.snapshot = self._snapshot

    def unpin(self) -> None:
        self._pinned.snapshot = None

    @property
    def decks(self) -> dict[str, Deck]:
        return self.current.decks

    @property
    def status(self) -> dict[StatusKey, DeckStatus]:
        return self.current.status

    @property
    def problems(self) -> list[Problem]:
        return self.current.problems

    def bank(self, deck_id: str, point: str = "") -> Bank:
        """See `Snapshot.bank`."""
        return self.current.bank(deck_id, point)

    def report(self, deck_id: str) -> Report | None:
        return self.current.report(deck_id)

    def cards_at(self, points: tuple[tuple[str, str], ...]) -> dict[str, Card]:
        return self.current.cards_at(points)

    def cards(self) -> dict[str, Card]:
        return self.current.cards()

    def questions(self, deck_id: str) -> dict[str, Question]:
        return self.current.questions(deck_id)

    # --- reloading -------------------------------------------------------------------------------

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
        """Reload the decks whose files or uploads changed since the last look and put the new
        snapshot online; True if anything changed. Not for a learner's request (see the module
        docstring): the watcher's thread, the author's own upload, a command or a test."""
        with self._reloading:
            self.refreshes += 1
            signature = self._scan()
            marker = self.uploads.marker() if self.uploads is not None else None
            if signature == self._signature and marker == self._marker:
                return False
            status = dict(self._snapshot.status)  # the next version, built beside the one online
            for path in set(self._signature) - set(signature):  # deck folder removed
                status.pop(path, None)
            for path, stats in signature.items():
                if self._signature.get(path) != stats:
                    self._reload(status, path)
            if self.uploads is not None and marker != self._marker:
                for upload in self.uploads.latest():
                    known = status.get(upload_key(upload.deck_id))
                    if known is None or known.upload is None or known.upload.id != upload.id:
                        self._reload_upload(status, upload)
            snapshot = Snapshot(status, self.generate)
            self._snapshot = snapshot  # the swap: one assignment
            self._signature, self._marker = signature, marker
            if self.on_change is not None:
                try:
                    self.on_change(snapshot)
                except Exception:  # a hook's failure must not undo a reload already online: logged
                    log.exception("decks : l'action après le rechargement a échoué")
            return True

    def _reload(self, status: dict[StatusKey, DeckStatus], path: Path) -> None:
        root = path.parent.parent
        known = status.get(path)
        entry = dataclasses.replace(known) if known else DeckStatus(path, str(path.relative_to(root)))
        status[path] = entry
        self._load(status, path, entry, lambda: load_deck(path, root=root))

    def _reload_upload(self, status: dict[StatusKey, DeckStatus], upload: Upload) -> None:
        key = upload_key(upload.deck_id)
        known = status.get(key)
        entry = dataclasses.replace(known) if known else DeckStatus(None, upload.filename)
        entry.name, entry.upload = upload.filename, upload
        status[key] = entry
        self._load(status, key, entry, lambda: parse_files([(upload.filename, upload.text.encode())]))

    def _load(
        self,
        status: dict[StatusKey, DeckStatus],
        key: StatusKey,
        entry: DeckStatus,
        read: Callable[[], Deck],
    ) -> None:
        """Read a deck, check it against the others and generate its questions (or read them from
        the cache); on any problem, the version online (if any) stays."""
        try:
            with deck_boundary(entry.name, "le deck n'a pas pu être lu"):
                deck = read()
            others = [s.deck for k, s in status.items() if k != key and s.deck is not None]
            problems = question_clashes(deck, others)
            taken = next((k for k, s in status.items() if k != key and s.deck and s.deck.id == deck.id), None)
            if taken is not None:
                problems.append(Problem(entry.name, 1, 1, f"le deck « {deck.id} » existe déjà ({status[taken].name})"))
            if not problems:
                bank = self._cached_bank(deck, entry.name)
                entry.deck, entry.bank, entry.problems = deck, bank, []
                log.info("deck « %s » chargé depuis %s", deck.id, entry.name)
                return
        except ContentError as exc:
            problems = exc.problems
        entry.problems = problems
        for problem in problems:
            log.error("deck invalide (%s) : %s", "version précédente en ligne" if entry.deck else "hors ligne", problem)

    def _cached_bank(self, deck: Deck, where: str) -> Bank:
        """The deck's bank from the cache, or generated (and then cached)."""
        if self.cache is None:
            return self.checked_bank(deck, where)
        return self.cache.get(deck_key(deck, BANK_SEED), lambda: self.checked_bank(deck, where))

    def checked_bank(self, deck: Deck, where: str) -> Bank:
        """The deck's bank (BANK_SEED) from this store's generator; a failure is logged with its traceback.

        Raises:
            ContentError: the generator failed on this deck.
        """
        try:
            return build_bank(deck, BANK_SEED, where, self.generate)
        except ContentError:
            log.exception("deck « %s » (%s) : le générateur a échoué", deck.id, where)
            raise
