"""Score summaries for a learner and for the admin: the per-learner counters (services/counters.py)
and a page of the learner's attempts; never the YAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, select

from ..content import KINDS
from ..extensions import db
from ..models import Attempt, LearnerKindStat, LearnerQuestionStat, LearnerStat, User
from ..paging import Page, of_select
from . import quizzes
from .itemstats import kind_label


class _Rate:
    asked: int
    correct: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.asked) if self.asked else 0


@dataclass(frozen=True)
class KindAccuracy(_Rate):
    kind: str
    label: str
    asked: int
    correct: int


@dataclass(frozen=True)
class Missed:
    question_id: str
    deck: str
    prompt: str
    misses: int
    asked: int


@dataclass(frozen=True)
class Summary:
    attempts: Page[Attempt]
    by_kind: list[KindAccuracy]
    missed: list[Missed]


LQ = LearnerQuestionStat
_MISSES = LQ.asked - LQ.right


def summary(user_id: int, page: int = 1, limit: int = 10) -> Summary:
    """A learner's attempts (newest first, a page of 50); accuracy by kind and the most missed
    questions, from the learner's counters."""
    attempts = of_select(
        select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.started_at.desc(), Attempt.id.desc()), page
    )
    rows = db.session.execute(
        select(LearnerKindStat.kind, LearnerKindStat.asked, LearnerKindStat.right).where(LearnerKindStat.user_id == user_id)
    ).all()
    by_kind = sorted(
        (KindAccuracy(kind, kind_label(kind), asked, right) for kind, asked, right in rows if asked),
        key=lambda k: list(KINDS).index(k.kind) if k.kind in KINDS else len(KINDS),
    )
    missed_rows = db.session.execute(
        select(LQ.question_id, LQ.deck, LQ.prompt, _MISSES, LQ.asked)
        .where(LQ.user_id == user_id, _MISSES > 0)
        .order_by(_MISSES.desc(), LQ.question_id, LQ.deck)
        .limit(limit)
    ).all()
    return Summary(attempts, by_kind, [Missed(*row) for row in missed_rows])


@dataclass(frozen=True)
class Unfinished:
    """A quiz left before its end, and where it resumes."""

    attempt: Attempt
    next_position: int


def unfinished(user_id: int, page: int) -> Page[Unfinished]:
    """A page of the learner's unfinished quizzes, newest first, each with its first unanswered question."""
    found = of_select(
        select(Attempt)
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_(None))
        .order_by(Attempt.started_at.desc(), Attempt.id.desc()),
        page,
    )
    resume = quizzes.next_positions([a.id for a in found.items])
    items = [Unfinished(a, resume[a.id]) for a in found.items if a.id in resume]
    return Page(items, found.number, found.total, found.per_page)


def missed_ids(user_id: int, deck: str, limit: int = 20) -> list[str]:
    """The questions this learner got wrong most often in a deck."""
    return list(
        db.session.scalars(
            select(LQ.question_id)
            .where(LQ.user_id == user_id, LQ.deck == deck, _MISSES > 0)
            .order_by(_MISSES.desc(), LQ.question_id)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class UserRow:
    user: User
    attempts: int
    average: int | None
    last_activity: dt.datetime | None


def users(page: int = 1) -> Page[UserRow]:
    """A page (50, by name) of accounts with their number of attempts, average score (%) and last
    activity, read from the per-learner counters (never from the attempts)."""
    statement = cast(
        "Select[Any]",  # two entities per row: `of_select` pages any statement
        select(User, LearnerStat).outerjoin(LearnerStat, LearnerStat.user_id == User.id).order_by(User.username, User.id),
    )
    found = of_select(statement, page, scalars=False)
    return Page([user_row(user, stat) for user, stat in found.items], found.number, found.total, found.per_page)


def user_row(user: User, stat: LearnerStat | None) -> UserRow:
    """An account's line from its counters (None: it never started a quiz)."""
    attempts = stat.attempts if stat is not None else 0
    average = round(stat.percent_sum / attempts) if stat is not None and attempts else None
    return UserRow(user, attempts, average, stat.last_activity if stat is not None else None)
