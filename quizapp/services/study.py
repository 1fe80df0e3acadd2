"""Flashcard study with FSRS: the daily queue, ratings, and quiz answers that count as reviews.

Memory is kept per learner and per card with the `fsrs` package (never a scheduler of our own);
every review is stored with the state before and after, so the history can be replayed.
Cards of one fact are siblings: once one of them has been reviewed today, the others wait.
Time is always passed in (`now`, timezone-aware UTC); a learner's day starts at midnight in their own time zone.
In story mode (a point set for a deck), the learner's cards of that deck are those of the deck as
known at that point: later facts have no card yet, and a card never tells what comes after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from fsrs import Card as MemoryCard
from fsrs import Rating, Scheduler
from fsrs.card import CardDict
from sqlalchemy import bindparam, delete, func, insert, select, update

from .. import sql, times
from ..content import Card, questions
from ..content.story import Point
from ..decks import DeckStore
from ..extensions import db
from ..models import CardState, Review, StoryPoint, User
from .accounts import Account

RATINGS = {1: "À revoir", 2: "Difficile", 3: "Correct", 4: "Facile"}


class StudyError(Exception):
    """A rating that cannot be taken; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def scheduler() -> Scheduler:
    cfg = current_app.config
    return Scheduler(desired_retention=cfg["FSRS_RETENTION"], enable_fuzzing=cfg["FSRS_FUZZING"])


def _memory_id(card_id: str) -> int:
    """A stable integer for fsrs's own card id (it is only a label there)."""
    return int.from_bytes(card_id.encode()[-8:].rjust(8, b"\0"), "big") & ((1 << 62) - 1)


@dataclass(frozen=True)
class Queue:
    """What to study now (due cards first, then new ones, at most `QUEUE_PAGE` of each) and the day's figures."""

    due: list[Card]
    new: list[Card]
    due_now: int  # due at `now` and shown first
    due_later: int  # not due yet, due before the learner's day ends
    reviewed_today: int
    new_left: int

    @property
    def next(self) -> tuple[Card, bool] | None:
        """The next card, and whether it is new."""
        if self.due:
            return self.due[0], False
        return (self.new[0], True) if self.new else None

    def __len__(self) -> int:
        return self.due_now + len(self.new)


QUEUE_PAGE = 50


@dataclass(frozen=True)
class Memory:
    """A learner's stored memory of one card (a row of `card_states`)."""

    id: int
    fsrs: CardDict
    due: dt.datetime
    reps: int


_states, _reviews = CardState.__table__, Review.__table__
_STATE = select(_states.c.id, _states.c.fsrs, _states.c.due, _states.c.reps).where(
    _states.c.user_id == bindparam("user"), _states.c.card_id == bindparam("card")
)


def state_of(user_id: int, card_id: str) -> Memory | None:
    row = sql.first(_STATE, {"user": user_id, "card": card_id})
    return Memory(*row) if row else None


@dataclass(frozen=True)
class _Day:
    start: dt.datetime
    reviewed: dict[str, set[str]]  # fact -> cards of it reviewed today
    reviewed_count: int
    new_left: int

    def buried(self, card_id: str, fact: str) -> bool:
        """A sibling of a card reviewed today waits for another day."""
        seen = self.reviewed.get(fact)
        return seen is not None and bool(seen) and card_id not in seen


def _today(user: Account, now: dt.datetime) -> _Day:
    start = times.day_start(now, user.time_zone)  # midnight in the learner's own zone
    reviewed: dict[str, set[str]] = {}
    count = 0
    for card_id, fact, origin in db.session.execute(
        select(Review.card_id, Review.fact, Review.origin).where(Review.user_id == user.id, Review.reviewed_at >= start)
    ):
        reviewed.setdefault(fact, set()).add(card_id)
        count += origin == "study"
    introduced = db.session.scalar(
        select(func.count(CardState.id)).where(CardState.user_id == user.id, CardState.introduced_at >= start)
    )
    return _Day(start, reviewed, count, max(0, user.new_per_day - int(introduced or 0)))


def build_queue(user: Account, store: DeckStore, now: dt.datetime) -> Queue:
    """The learner's queue at `now` (see the module docstring for the rules)."""
    cards = cards_for(user.id, store)
    day = _today(user, now)
    due_later = db.session.scalar(
        select(func.count(CardState.id)).where(
            CardState.user_id == user.id, CardState.due > now, CardState.due < day.start + dt.timedelta(days=1)
        )
    )
    due_now = 0
    due: list[Card] = []
    facts_taken: set[str] = set()
    for card_id, fact in db.session.execute(
        select(CardState.card_id, CardState.fact)
        .where(CardState.user_id == user.id, CardState.due <= now)
        .order_by(CardState.due)
    ):
        card = cards.get(card_id)
        if card is None or day.buried(card_id, fact):
            continue
        due_now += 1
        facts_taken.add(fact)
        if len(due) < QUEUE_PAGE:
            due.append(card)
    new: list[Card] = []
    if day.new_left:
        known = set(db.session.scalars(select(CardState.card_id).where(CardState.user_id == user.id)))
        for card in cards.values():
            if card.id in known or card.fact in facts_taken or day.buried(card.id, card.fact):
                continue
            new.append(card)
            facts_taken.add(card.fact)
            if len(new) == min(day.new_left, QUEUE_PAGE):
                break
    return Queue(due, new, due_now, int(due_later or 0), day.reviewed_count, day.new_left)


# Reviews are written with Core statements on the request's connection: a quiz answer writes one,
# and it is the busiest write (see quizapp/sql.py). A card's first review counts once thanks to the
# unique (user, card) of its state; a later one moves the state only from the version it was read at.
_NEXT_STATE = (
    update(_states)
    .where(_states.c.id == bindparam("state"), _states.c.reps == bindparam("read_at"))
    .values(reps=_states.c.reps + 1)
)
_LOG_REVIEW = insert(_reviews)


def _apply_review(
    user_id: int, card: Card, state: Memory | None, rating: int, now: dt.datetime, origin: str, introduced_at: dt.datetime | None
) -> bool:
    """Run FSRS on one review, store the card's new memory and log the review; nothing is written and
    False is returned when another request moved the card since `state` was read (two tabs).

    `introduced_at`: for a card seen for the first time, whether it counts against the daily new limit.
    """
    memory = MemoryCard.from_dict(state.fsrs) if state else MemoryCard(card_id=_memory_id(card.id))
    after, _log = scheduler().review_card(memory, Rating(rating), review_datetime=now)
    record = after.to_dict()
    if state is None:
        moved = sql.execute(
            sql.insert_or_skip(_states, sql.dialect().name, "user_id", "card_id"),
            {
                "user_id": user_id,
                "card_id": card.id,
                "fact": card.fact,
                "fsrs": record,
                "due": after.due,
                "reps": 1,
                "introduced_at": introduced_at,
            },
        )
    else:
        moved = sql.execute(_NEXT_STATE, {"fsrs": record, "due": after.due, "state": state.id, "read_at": state.reps})
    if moved != 1:
        return False
    sql.execute(
        _LOG_REVIEW,
        {
            "user_id": user_id,
            "card_id": card.id,
            "fact": card.fact,
            "rating": rating,
            "origin": origin,
            "reviewed_at": now,
            "state_before": state.fsrs if state else None,
            "state_after": record,
        },
    )
    return True


def rate(user: Account, store: DeckStore, card_id: str, rating: int, version: int, now: dt.datetime) -> bool:
    """Rate a card shown at `version` (its number of reviews then); True if this rating counted.

    A second rating of the same showing (two tabs, a double click) changes nothing and returns False.

    Raises:
        StudyError: unknown card (404), a rating outside 1-4, or a card that is not in today's queue (400).
    """
    if rating not in RATINGS:
        raise StudyError("La note doit être 1, 2, 3 ou 4.")
    card = cards_for(user.id, store).get(card_id)
    if card is None:
        raise StudyError("Cette fiche n'existe pas.", 404)
    state = state_of(user.id, card_id)
    if state is not None and state.reps != version:
        return False  # already rated from another tab
    day = _today(user, now)
    if state is None:
        taken = db.session.scalar(
            select(func.count(CardState.id)).where(
                CardState.user_id == user.id, CardState.fact == card.fact, CardState.due <= now
            )
        )
        allowed = day.new_left > 0 and not day.buried(card.id, card.fact) and not taken
    else:
        allowed = state.due <= now and not day.buried(card.id, card.fact)
    if not allowed:
        raise StudyError("Cette fiche n'est pas à réviser maintenant.")

    def review() -> bool:
        if not _apply_review(user.id, card, state, rating, now, "study", introduced_at=now):
            raise sql.Undone(False)  # rated from another tab meanwhile
        return True

    return sql.write(review)


def record_quiz_answer(user_id: int, deck: str, facts: Iterable[str], correct: bool, now: dt.datetime) -> None:
    """Count a quiz answer as a review of its fact's card: right -> Good, wrong -> Again.

    Only for a question on one fact, and only when that card is new or due, so that a quiz taken
    twice in a row does not inflate the memory. Inside the answer's write transaction (`sql.write`).
    """
    facts = list(facts)
    if len(facts) != 1:
        return
    store: DeckStore = current_app.extensions["decks"]
    if deck not in store.decks:
        return
    card = store.cards().get(questions.card_id(deck, facts[0]))
    if card is None:
        return
    state = state_of(user_id, card.id)
    if state is not None and state.due > now:
        return
    _apply_review(user_id, card, state, 3 if correct else 1, now, "quiz", introduced_at=None)  # not from the new limit


def predicted_retention(user_id: int, now: dt.datetime) -> float | None:
    """The mean probability, according to FSRS, that the learner recalls each card studied so far."""
    states = db.session.scalars(select(CardState.fsrs).where(CardState.user_id == user_id)).all()
    if not states:
        return None
    sched = scheduler()
    return sum(sched.get_card_retrievability(MemoryCard.from_dict(s), now) for s in states) / len(states)


def story_points(user_id: int) -> dict[str, str]:
    """Where the learner stands in each deck's story (deck id -> point); decks left out: the whole story."""
    rows = db.session.execute(select(StoryPoint.deck_id, StoryPoint.point).where(StoryPoint.user_id == user_id))
    return {deck_id: point for deck_id, point in rows}


def cards_for(user_id: int, store: DeckStore) -> dict[str, Card]:
    """The learner's flashcards by id: each deck whole, or as known at the learner's point."""
    points = story_points(user_id)
    return store.cards_at(tuple(sorted(points.items()))) if points else store.cards()


def set_story_point(user_id: int, store: DeckStore, deck_id: str, point: str) -> None:
    """Set (or, empty, clear) where the learner stands in a deck's story.

    Raises:
        StudyError: unknown deck (404), or a point that is neither an episode of it nor a date.
    """
    deck = store.decks.get(deck_id)
    if deck is None:
        raise StudyError("Ce deck n'existe pas.", 404)
    try:
        Point.read(deck, point)
    except ValueError as exc:
        raise StudyError(str(exc)) from None
    db.session.execute(delete(StoryPoint).where(StoryPoint.user_id == user_id, StoryPoint.deck_id == deck_id))
    if point:
        db.session.add(StoryPoint(user_id=user_id, deck_id=deck_id, point=point))
    db.session.commit()


def set_new_per_day(user_id: int, limit: int) -> None:
    db.session.execute(update(User).where(User.id == user_id).values(new_per_day=limit))
    db.session.commit()
