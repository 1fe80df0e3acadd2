"""Remember when each flashcard's text last changed (checked when the decks are loaded)."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from .. import sql
from ..content import Card
from ..extensions import db
from ..models import CardVersion


def digest(card: Card) -> str:
    return hashlib.sha256("\x1f".join((card.front, card.back, card.explanation, card.source)).encode()).hexdigest()


def sync(cards: list[Card], now: dt.datetime) -> None:
    """Record `now` for every card that is new or whose text changed; leave the others alone.

    An upsert, so two workers starting together cannot trip over each other.
    """
    if not cards:
        return
    statement = sql.insert(CardVersion.__table__, db.engine.dialect.name).values(
        [{"card_id": c.id, "digest": digest(c), "changed_at": now} for c in cards]
    )
    statement = statement.on_conflict_do_update(
        index_elements=[CardVersion.card_id],
        set_={"digest": statement.excluded.digest, "changed_at": statement.excluded.changed_at},
        where=CardVersion.digest != statement.excluded.digest,
    )
    db.session.execute(statement)
    db.session.commit()


def changed_at(card_ids: list[str]) -> dict[str, dt.datetime]:
    rows = db.session.execute(select(CardVersion.card_id, CardVersion.changed_at).where(CardVersion.card_id.in_(card_ids)))
    return {card_id: when for card_id, when in rows}
