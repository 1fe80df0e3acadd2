"""Uploading a deck file: checked first, kept in the database only when valid (every version, with
who sent it and when), and picked up by every worker of every server (`decks.DeckStore`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import aliased

from ..content import ContentError, Deck, Problem, parse_files
from ..content.loader import question_clashes
from ..decks import DeckStore, Upload, deck_boundary, upload_key
from ..extensions import db
from ..models import DeckVersion, User

SUFFIXES = (".yaml", ".yml")


class StoredUploads:
    """The uploaded decks as the database keeps them: the store's source of uploads (on the engine
    itself, so that the store can look from a request, a command or a test alike)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def marker(self) -> int | None:
        """The newest upload's id: one indexed query, run at most every CONTENT_CHECK_SECONDS."""
        with self.engine.connect() as conn:
            return conn.scalar(select(func.max(DeckVersion.id)))

    def latest(self) -> list[Upload]:
        """The newest version of each uploaded deck, with its number and its author's name."""
        earlier = aliased(DeckVersion)
        number = (
            select(func.count(earlier.id))
            .where(earlier.deck_id == DeckVersion.deck_id, earlier.id <= DeckVersion.id)
            .scalar_subquery()
        )
        newest = select(func.max(DeckVersion.id)).group_by(DeckVersion.deck_id)
        query = (
            select(
                DeckVersion.id,
                DeckVersion.deck_id,
                number,
                DeckVersion.filename,
                DeckVersion.content,
                User.username,
                DeckVersion.uploaded_at,
            )
            .outerjoin(User, User.id == DeckVersion.uploaded_by)
            .where(DeckVersion.id.in_(newest))
            .order_by(DeckVersion.id)
        )
        with self.engine.connect() as conn:
            return [Upload(*row) for row in conn.execute(query)]


def upload(store: DeckStore, filename: str, data: bytes, user_id: int | None, now: dt.datetime) -> Deck:
    """Check an uploaded single-file deck and keep it as the deck's newest version.

    A file for a deck that was uploaded before is its next version; the id of a shipped deck is refused.

    Raises:
        ContentError: every problem found, or the generator's failure on it (nothing is written).
    """
    name = Path(filename or "deck.yaml").name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise ContentError([Problem(name, 1, 1, f"type de fichier non accepté : « {name} » (attendu .yaml ou .yml)")])
    with deck_boundary(name, "le deck n'a pas pu être lu"):
        deck = parse_files([(name, data)])
    problems = []
    for status in store.status.values():
        if status.deck is not None and status.deck.id == deck.id and not status.uploaded:
            problems.append(Problem(name, 1, 1, f"le deck « {deck.id} » est livré avec l'application : choisissez un autre id"))
    own = upload_key(deck.id)
    others = [s.deck for key, s in store.status.items() if s.deck is not None and key != own]
    problems += question_clashes(deck, others)
    if problems:
        raise ContentError(problems)
    store.checked_bank(deck, name)  # a deck the generator fails on would be offline: refuse it now
    db.session.add(
        DeckVersion(deck_id=deck.id, filename=name, content=data.decode("utf-8"), uploaded_by=user_id, uploaded_at=now)
    )
    db.session.commit()
    store.refresh()
    return deck
