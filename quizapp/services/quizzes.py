"""Quiz attempts: draw the questions once from a seed, keep them, judge and store each answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, bindparam, case, func, insert, select, update

from .. import sql
from ..content import Question, question_from_dict
from ..content.arrange import arranged
from ..content.curate import FRAME_SAMPLE, Clash, clashing
from ..decks import DeckStore
from ..extensions import db
from ..models import Answer, Attempt, AttemptItem, UTCDateTime
from . import counters, study

MODES = ("practice", "exam")
COUNTS = (5, 10, 20)
MAX_SECONDS = 3600.0
NO_MATCH = "Aucune question ne correspond à ces réglages."


class QuizError(Exception):
    """A quiz request that cannot be granted; the message is for the learner."""


@dataclass(frozen=True)
class Settings:
    """What the learner asked for; stored with the attempt (JSON) so it can be replayed."""

    deck: str
    count: int
    kinds: tuple[str, ...]
    mode: str
    question_ids: tuple[str, ...] = ()
    typed: bool = False
    tags: tuple[str, ...] = ()
    point: str = ""  # story mode: an episode of the deck or a day (« 2023-11-19 »); empty: the whole story

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        names = {f.name for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names}
        return cls(**values)


MAX_TRUE_FALSE_SHARE = 0.25


def draw(
    pool: Sequence[Question], count: int, rng: random.Random, apart: bool = True, clash: Clash | None = None
) -> list[Question]:
    """Pick `count` questions in random order, at most one per fact where the pool allows it, and
    never two of which one gives the other away or re-asks it (`curate.clashing`: the curator keeps
    such a pair when a kind would lose too many questions, and leaves the draw to keep it apart),
    even if the quiz comes out shorter; without `apart` (questions named one by one), all may come.
    `clash` is that test, read once per bank (`Snapshot.clash_test`); without it, the pool is read.

    True/false questions are at most a quarter of the quiz while the pool has other questions to
    take their place; only a pool short of those (a learner's narrow choice of kinds or tags) fills
    the rest with true/false rather than give a shorter quiz.

    The pool is shuffled as it is read (`_random_order`): a quiz of 20 from a bank of 20,000
    questions pays for the questions it looks at, not for the bank.
    """
    order = _random_order(pool, rng)
    looked: list[Question] = []  # in the order drawn, for the second pass
    chosen: list[Question] = []
    taken: set[str] = set()
    seen: set[str] = set()
    if clash is None:
        clash = clashing(pool, FRAME_SAMPLE)
    true_false = 0
    true_false_room: int | None = None  # known when a true/false question first comes (others counted up to `count`)

    for fresh_facts_only in (True, False):  # then, in a small pool, a second question on a fact
        candidates = itertools.chain(looked, order) if not fresh_facts_only else order
        for question in candidates:
            if fresh_facts_only:
                looked.append(question)
            if len(chosen) == count:
                break
            if question.id in taken or (fresh_facts_only and seen.intersection(question.facts)):
                continue
            if apart and any(clash(question, other) for other in chosen):  # never, even to fill a quiz
                continue
            if question.format == "truefalse":
                if true_false_room is None:
                    others = sum(1 for _ in itertools.islice((q for q in pool if q.format != "truefalse"), count))
                    true_false_room = max(int(count * MAX_TRUE_FALSE_SHARE), count - others)
                if true_false >= true_false_room:
                    continue
                true_false += 1
            chosen.append(question)
            taken.add(question.id)
            seen.update(question.facts)
    return chosen


def _random_order(pool: Sequence[Question], rng: random.Random) -> Iterator[Question]:
    """The pool in random order, shuffled as it is read (Fisher-Yates, one swap per question read)."""
    items = list(pool)
    for i in range(len(items)):
        j = rng.randrange(i, len(items))
        items[i], items[j] = items[j], items[i]
        yield items[i]


def typeable(question: Question) -> bool:
    """Whether « taper les noms » turns this question into a name to type (a choice with accepted spellings)."""
    return question.format == "choice" and bool(question.accepted)


def _shown_as(question: Question, typed: bool) -> dict[str, Any]:
    """The question as it will be shown: with `typed`, a name to type rather than to pick."""
    data = question.to_dict()
    if typed and typeable(question):
        data["format"], data["choices"] = "text", []
    return data


def typed_in_vain(typed: bool, snapshots: Iterable[dict[str, Any]]) -> bool:
    """True when the learner asked to type the names (`typed`) but no question of the quiz (its
    snapshots) lent itself to it: the page must say so rather than silently give choices."""
    return typed and not any(snapshot["format"] == "text" for snapshot in snapshots)


@dataclass(frozen=True)
class Started:
    """A quiz just started: its attempt's id and its questions as stored (`AttemptItem.snapshot`)."""

    id: int
    questions: tuple[dict[str, Any], ...]

    @property
    def total(self) -> int:
        return len(self.questions)


def questions_for(store: DeckStore, settings: Settings) -> list[Question]:
    """The questions a quiz with these settings draws from (one version of the decks throughout).

    Raises:
        QuizError: unknown deck or mode, a point that is not of this deck, or no question matches.
    """
    decks = store.current
    if settings.deck not in decks.decks or settings.mode not in MODES:
        raise QuizError("Ce deck n'existe pas.")
    try:
        bank = decks.bank(settings.deck, settings.point)
    except ValueError as exc:
        raise QuizError(str(exc)) from None
    if settings.question_ids:
        wanted = set(settings.question_ids)
        pool = [q for q in bank.questions if q.id in wanted]
    else:
        pool = bank.by_kind(settings.kinds, settings.tags)
    if not pool:
        raise QuizError(NO_MATCH)
    return pool


def start(user_id: int, store: DeckStore, settings: Settings, seed: int, now: dt.datetime) -> Started:
    """Create an attempt: questions drawn with `seed` from the deck's one bank (its version online),
    each with its choices in an order of this seed's own; the same seed on the same deck version
    gives the same quiz (a replay). The attempt and its questions are written with two Core
    INSERTs (the items in one executemany) and one commit: the ORM's unit of work cost more than
    the draw.

    Raises:
        QuizError: unknown deck, a point that is not of this deck, or no question matches the settings.
    """
    pool = questions_for(store, settings)
    rng = random.Random(seed)
    clash = store.current.clash_test(settings.deck, settings.point)
    questions = [arranged(q, rng) for q in draw(pool, settings.count, rng, not settings.question_ids, clash)]
    if not questions:
        raise QuizError(NO_MATCH)
    shown = [_shown_as(q, settings.typed) for q in questions]
    attempt_id = db.session.execute(
        _NEW_ATTEMPT,
        {
            "user_id": user_id,
            "deck": settings.deck,
            "settings": settings.to_dict(),
            "seed": seed,
            "mode": settings.mode,
            "total": len(questions),
            "started_at": now,
        },
    ).scalar_one()
    db.session.execute(
        _NEW_ITEM,
        [
            {"attempt_id": attempt_id, "position": i, "question_id": q.id, "snapshot": data}
            for i, (q, data) in enumerate(zip(questions, shown, strict=True), start=1)
        ],
    )
    db.session.execute(counters.start_statement(db.engine.dialect.name), counters.record_start(user_id, now))
    db.session.commit()
    return Started(attempt_id, tuple(shown))


def get(user_id: int, attempt_id: int) -> Attempt | None:
    """The attempt if it belongs to the user (None otherwise: callers answer 404)."""
    return db.session.scalar(select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user_id))


@dataclass(frozen=True)
class StoredAnswer:
    """What the correction page shows of a stored answer."""

    is_correct: bool
    given: Any
    correct_answer: Any


@dataclass(frozen=True)
class Slot:
    """One question of an attempt as the question page needs it: the question, its attempt, its
    answer's id and, once answered, what the correction shows of the answer."""

    attempt_id: int
    user_id: int
    mode: str
    total: int
    finished: bool
    position: int
    question_id: str
    snapshot: dict[str, Any]
    answer_id: int | None
    answer: StoredAnswer | None = None


# The question page and the answer are the busiest requests: Core statements on the request's
# connection there (see quizapp/sql.py).
_attempts, _items, _answers = Attempt.__table__, AttemptItem.__table__, Answer.__table__
_SLOT = (
    select(
        _attempts.c.id,
        _attempts.c.user_id,
        _attempts.c.mode,
        _attempts.c.total,
        _attempts.c.finished_at.is_not(None),
        _items.c.position,
        _items.c.question_id,
        _items.c.snapshot,
        _answers.c.id,
        _answers.c.is_correct,  # the correction page's: read in the same query (NULL while unanswered)
        _answers.c.given,
        _answers.c.correct_answer,
    )
    .select_from(
        _attempts.join(_items, _items.c.attempt_id == _attempts.c.id).outerjoin(
            _answers, (_answers.c.attempt_id == _attempts.c.id) & (_answers.c.position == _items.c.position)
        )
    )
    .where(
        _attempts.c.id == bindparam("attempt"),
        _attempts.c.user_id == bindparam("user"),
        _items.c.position == bindparam("position"),
    )
)
_COUNT_ANSWER = (
    update(_attempts)
    .where(_attempts.c.id == bindparam("attempt"))
    .values(
        answered=_attempts.c.answered + 1,
        score=_attempts.c.score + bindparam("points", type_=Integer()),
        finished_at=case(
            (
                (_attempts.c.answered + 1 >= _attempts.c.total) & _attempts.c.finished_at.is_(None),
                bindparam("now", type_=UTCDateTime()),
            ),
            else_=_attempts.c.finished_at,
        ),
    )
)


_NEW_ATTEMPT = insert(_attempts).returning(_attempts.c.id)
_NEW_ITEM = insert(_items)


def slot(user_id: int, attempt_id: int, position: int) -> Slot | None:
    """The user's question at `position` of an attempt, in one query (None: not theirs, or no such question)."""
    row = sql.first(_SLOT, {"attempt": attempt_id, "user": user_id, "position": position})
    if row is None:
        return None
    attempt, user, mode, total, finished, at, question_id, snapshot, answer_id, is_correct, given, correct = row
    answer = StoredAnswer(bool(is_correct), given, correct) if answer_id is not None else None
    return Slot(attempt, user, mode, total, bool(finished), at, question_id, snapshot, answer_id, answer)


def answers(attempt_id: int) -> dict[int, Answer]:
    rows = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id))
    return {a.position: a for a in rows}


def next_position(attempt_id: int) -> int | None:
    """The first question not yet answered, or None when all are."""
    return next_positions([attempt_id]).get(attempt_id)


def next_positions(attempt_ids: Sequence[int]) -> dict[int, int]:
    """The first unanswered question of each attempt (attempts answered in full are left out)."""
    rows = db.session.execute(
        select(AttemptItem.attempt_id, func.min(AttemptItem.position))
        .outerjoin(Answer, (Answer.attempt_id == AttemptItem.attempt_id) & (Answer.position == AttemptItem.position))
        .where(AttemptItem.attempt_id.in_(attempt_ids), Answer.id.is_(None))
        .group_by(AttemptItem.attempt_id)
    )
    return {attempt: position for attempt, position in rows}


def submit(item: Slot, response: str | Sequence[str], seconds: float | None, now: dt.datetime) -> bool:
    """Judge and store an answer, committed at once; a second submission of it changes nothing.

    The write is one short transaction (an INSERT, then the attempt's counters moved in SQL), so
    two answers to one attempt from two tabs never lose an update and the write lock is held briefly;
    on SQLite it shares its commit with the answers written at the same moment (`sql.write`). The
    reads before it hold no snapshot.
    Only the duplicate (attempt, position) counts as « already answered »; any other failure of the
    INSERT propagates, so the learner sees an error and the log records it.

    Returns:
        True if this call stored the answer, False if it was already there.

    Raises:
        QuizError: the attempt is already finished.
    """
    if item.finished:
        raise QuizError("Ce quiz est terminé : il ne prend plus de réponse.")
    question = question_from_dict(item.snapshot)
    correct = question.is_correct(response)
    given = response if isinstance(response, str) else list(response)
    seconds = None if seconds is None else max(0.0, min(seconds, MAX_SECONDS))

    def store() -> bool:
        stored = sql.execute(
            sql.insert_or_skip(_answers, sql.dialect().name, "attempt_id", "position"),
            {
                "attempt_id": item.attempt_id,
                "position": item.position,
                "question_id": item.question_id,
                "kind": question.kind,
                "prompt": question.prompt,
                "choices": list(question.choices),
                "correct_answer": item.snapshot["answer"],
                "given": given,
                "is_correct": correct,
                "seconds": seconds,
                "answered_at": now,
            },
        )
        if not stored:  # already answered (a second tab, a double click): nothing changes
            raise sql.Undone(False)
        sql.execute(_COUNT_ANSWER, {"points": 1 if correct else 0, "now": now, "attempt": item.attempt_id})
        counters.record_answer(
            counters.Counted(
                item.attempt_id,
                item.user_id,
                item.question_id,
                question.kind,
                question.prompt,
                question.format,
                question.choices,
                given,
                item.snapshot["answer"],
                correct,
                seconds,
            ),
            now,
        )
        study.record_quiz_answer(item.user_id, question.deck, question.facts, correct, now)
        return True

    return sql.write(store)
