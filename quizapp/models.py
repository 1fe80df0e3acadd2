"""Database tables. Timestamps are timezone-aware UTC, always supplied by the caller's clock."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask_login import UserMixin
from sqlalchemy import BigInteger, DateTime, Enum, ForeignKey, Index, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .roles import Role
from .times import DEFAULT_ZONE
from .times import MAX_LENGTH as ZONE_LENGTH


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC (SQLite's text, PostgreSQL's `timestamp`) and hands back aware UTC datetimes;
    refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC time")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None else None


class JSONText(TypeDecorator[Any]):
    """JSON kept as readable UTF-8 text, keys sorted."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


# What a user's deletion does to the rows about them (quizapp/services/userdata.py walks every foreign
# key that leads to users.id, so a table added later is covered without being listed anywhere):
# - by default a row referring to the user, directly or through a row that goes, goes with them;
# - a foreign key column with `info={ON_USER_DELETE: KEEP_ROW}` (or `ondelete="SET NULL"`) keeps its
#   row and forgets the user (NULL): rows that others need, such as an uploaded deck.
# The same walk builds « download my data », without the columns marked `info={SECRET: True}`.
ON_USER_DELETE, KEEP_ROW = "on_user_delete", "keep row"
SECRET = "secret"
USERNAME = "username"  # `info={USERNAME: True}`: a column holding the user's name rather than their id


# Ids (and positions) go up to 2^63-1, the bound of every id in a URL (quizapp/urls.py): BIGINT on
# PostgreSQL; on SQLite, INTEGER is already 64-bit and keeps its rowid primary key.
Id = BigInteger().with_variant(Integer(), "sqlite")


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"
    __table_args__ = (Index("ix_users_created_ip", "created_ip", "created_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), info={SECRET: True})
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=10, values_callable=lambda roles: [r.value for r in roles], validate_strings=True),
        default=Role.LEARNER,
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    new_per_day: Mapped[int] = mapped_column(default=20, server_default="20")
    created_ip: Mapped[str | None] = mapped_column(String(64), nullable=True)  # to slow down mass registration
    time_zone: Mapped[str] = mapped_column(String(ZONE_LENGTH), default=DEFAULT_ZONE, server_default=DEFAULT_ZONE)

    attempts: Mapped[list[Attempt]] = relationship(back_populates="user")

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


class Attempt(db.Model):  # type: ignore[name-defined]
    """One quiz: what was asked (drawn once from the seed and kept), and how it went."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"), index=True)
    deck: Mapped[str] = mapped_column(String(80))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONText())
    seed: Mapped[int]
    mode: Mapped[str] = mapped_column(String(10))
    total: Mapped[int]
    score: Mapped[int] = mapped_column(default=0)
    answered: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship(back_populates="attempts")
    items: Mapped[list[AttemptItem]] = relationship(order_by="AttemptItem.position", back_populates="attempt")

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


class AttemptItem(db.Model):  # type: ignore[name-defined]
    """A question of an attempt, frozen as it was drawn: later YAML edits never change it."""

    __tablename__ = "attempt_items"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(Id, ForeignKey("attempts.id"))
    position: Mapped[int] = mapped_column(Id)
    question_id: Mapped[str] = mapped_column(String(255))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONText())

    attempt: Mapped[Attempt] = relationship(back_populates="items")


class Answer(db.Model):  # type: ignore[name-defined]
    """A learner's answer, with the question as shown; at most one per attempt and position."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        Index("ix_answers_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(Id, ForeignKey("attempts.id"), index=True)
    position: Mapped[int] = mapped_column(Id)
    question_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[str]] = mapped_column(JSONText())
    correct_answer: Mapped[Any] = mapped_column(JSONText())
    given: Mapped[Any] = mapped_column(JSONText())
    is_correct: Mapped[bool]
    seconds: Mapped[float | None] = mapped_column(nullable=True)
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class LoginSession(db.Model):  # type: ignore[name-defined]
    """A signed-in browser. Its cookie holds a random token; the row holds the token's SHA-256 digest.

    Deleting the row ends that session wherever its cookie was copied to (logout, « log out
    everywhere », a password or role change).
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True, info={SECRET: True})
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class LoginAttempt(db.Model):  # type: ignore[name-defined]
    """Log-in tries, kept to slow down password guessing (see docs/security.md)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_user_at", "username", "at"), Index("ix_login_ip_at", "ip", "at"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), info={USERNAME: True})
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    success: Mapped[bool]
    device: Mapped[str | None] = mapped_column(String(64), nullable=True)  # a browser that signed in to this account before


class CardState(db.Model):  # type: ignore[name-defined]
    """A learner's memory of one flashcard: the FSRS card, serialised, and when it is next due."""

    __tablename__ = "card_states"
    __table_args__ = (UniqueConstraint("user_id", "card_id"), Index("ix_card_states_due", "user_id", "due"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))
    card_id: Mapped[str] = mapped_column(String(255))
    fact: Mapped[str] = mapped_column(String(255))
    fsrs: Mapped[dict[str, Any]] = mapped_column(JSONText())
    due: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reps: Mapped[int] = mapped_column(default=0)
    introduced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Review(db.Model):  # type: ignore[name-defined]
    """One review, kept whole so the history can be replayed or rescheduled later."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_user_at", "user_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))
    card_id: Mapped[str] = mapped_column(String(255))
    fact: Mapped[str] = mapped_column(String(255))
    rating: Mapped[int]
    origin: Mapped[str] = mapped_column(String(10))  # "study" or "quiz"
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    state_before: Mapped[dict[str, Any] | None] = mapped_column(JSONText(), nullable=True)
    state_after: Mapped[dict[str, Any]] = mapped_column(JSONText())


class CardVersion(db.Model):  # type: ignore[name-defined]
    """When each flashcard's content last changed, so Anki exports update only edited notes."""

    __tablename__ = "card_versions"

    card_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class DeckVersion(db.Model):  # type: ignore[name-defined]
    """An uploaded deck file, kept whole: every version stays; the newest of each deck is online.

    In the database rather than on one server's disk, so that every server serves the same version.
    """

    __tablename__ = "deck_versions"
    __table_args__ = (Index("ix_deck_versions_deck", "deck_id", "id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    deck_id: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)  # the file's text (UTF-8, as uploaded)
    # None: imported, or uploaded by an account deleted since (the deck stays: others use it).
    uploaded_by: Mapped[int | None] = mapped_column(Id, ForeignKey("users.id"), nullable=True, info={ON_USER_DELETE: KEEP_ROW})
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class StoryPoint(db.Model):  # type: ignore[name-defined]
    """Where a learner stands in a deck's story for flashcards (story mode): an episode or a day.

    A quiz carries its own point in its settings; the flashcards follow this one until changed.
    """

    __tablename__ = "story_points"
    __table_args__ = (UniqueConstraint("user_id", "deck_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))
    deck_id: Mapped[str] = mapped_column(String(80))
    point: Mapped[str] = mapped_column(String(80))  # an episode (source id) or « AAAA-MM-JJ »
