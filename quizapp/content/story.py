"""Story mode: the deck as a learner knows it up to an episode or a date, with nothing from later.

`cut` keeps the facts known by that point and nothing else: facts of later episodes, facts dated
after the cut, and the later end of a post still held then (it becomes « still held », as on the
deck's `as_of` day). Questions, wrong answers and cards generated from the cut deck therefore
cannot speak of what comes after; the entities offered are only those the kept facts name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import french
from .context import entities_of, fact_date
from .model import Deck, Tenure


@dataclass(frozen=True)
class Point:
    """Where a learner stands: after an episode (a source id), or on a day. None: the whole story."""

    episode: str | None = None
    day: dt.date | None = None

    @property
    def whole(self) -> bool:
        return self.episode is None and self.day is None

    def text(self) -> str:
        return self.episode or (self.day.isoformat() if self.day else "")

    @classmethod
    def parse(cls, deck: Deck, text: str | None) -> Point:
        """« ep3 » (a source of the deck) or « 2023-11-19 »; anything else is the whole story."""
        try:
            return cls.read(deck, text)
        except ValueError:
            return cls()

    @classmethod
    def read(cls, deck: Deck, text: str | None) -> Point:
        """A point a learner chose: empty for the whole story, an episode (a source of the deck) or a
        day (« 2023-11-19 »).

        Raises:
            ValueError: neither, with a French message to show.
        """
        if not text:
            return cls()
        if text in deck.sources:
            return cls(episode=text)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"« {text[:40]} » n'est ni un épisode de ce deck ni une date (AAAA-MM-JJ).") from None
        return cls(day=day)

    def label(self, deck: Deck) -> str:
        """How the point reads on a page: « jusqu'à « Épisode 3 » », « jusqu'au 19 novembre 2023 »."""
        if self.episode is not None:
            return f"jusqu'à « {deck.sources[self.episode].title} »"
        if self.day is not None:
            return f"jusqu'au {french.day(self.day)}"
        return "toute l'histoire"


def episodes(deck: Deck) -> list[tuple[str, str]]:
    """The episodes a learner can stop after, in the deck's order: (source id, title)."""
    return [(source_id, source.title) for source_id, source in deck.sources.items()]


def episode_times(deck: Deck) -> dict[str, dt.date | None]:
    """For each source, in deck order, the latest day its facts or an earlier source's facts reach:
    the moment the story has reached once that source is told."""
    reached: dt.date | None = None
    times: dict[str, dt.date | None] = {}
    for source in deck.sources:
        for f in deck.facts():
            when = fact_date(f)
            if f.source == source and when is not None and when.latest is not None and when.is_known():
                reached = max(reached, when.latest) if reached else when.latest
        times[source] = reached
    return times


def cutoff(deck: Deck, point: Point) -> dt.date | None:
    """The last day a learner at `point` knows of (None: no date limit)."""
    if point.day is not None:
        return point.day
    if point.episode is not None:
        return episode_times(deck).get(point.episode)
    return None


def cut(deck: Deck, point: Point) -> Deck:
    """The deck as known at `point` (the deck itself for the whole story)."""
    if point.whole:
        return deck
    order = list(deck.sources)
    known_sources = set(order[: order.index(point.episode) + 1]) if point.episode in deck.sources else set(order)
    last = cutoff(deck, point)
    times = episode_times(deck)

    def known(f: Any) -> bool:
        if f.source not in known_sources:
            return False
        when = fact_date(f)
        if last is None:
            return True
        if when is not None and when.is_known():
            return when.latest is not None and when.latest <= last
        told = times.get(f.source)
        return told is None or told <= last

    def clipped(t: Tenure) -> Tenure | None:
        if last is None:
            return t
        since, until = t.since, t.until
        if since is not None and since.is_known() and (since.earliest is None or since.earliest > last):
            return None
        if until is not None and until.is_known() and (until.latest is None or until.latest > last):
            # Ends after the point: still held, as far as the learner knows; and the author's
            # explanation, which may tell how it ended, gives way to a plain one.
            role = deck.roles[t.role]
            holder = deck.entities[t.holder]
            title = role.title.f if holder.gender == "f" else role.title.m
            plain = f"{french.display_name(holder.name)} occupe alors ce poste ({title})."
            return t.model_copy(update={"until": None, "explanation": plain})
        return t

    tenures = [c for t in deck.tenures if t.source in known_sources and (c := clipped(t)) is not None]
    kept_facts: list[Any] = [
        *tenures,
        *(f for f in (*deck.successions, *deck.events, *deck.quotes, *deck.figures, *deck.relations) if known(f)),
    ]
    kept_ids = {f.id for f in kept_facts}
    named = set().union(*(entities_of(f) for f in kept_facts)) if kept_facts else set()
    roles = {t.role for t in tenures} | {s.role for s in deck.successions if s.id in kept_ids}
    named |= {deck.roles[r].organisation for r in roles}
    for entity_id in list(named):  # what a named group belongs to, as its wrong-answer rules need
        named |= set(deck.entities[entity_id].part_of)

    def links(f: Any) -> Any:
        if "because" not in type(f).model_fields:
            return f
        return f.model_copy(
            update={"because": [x for x in f.because if x in kept_ids], "led_to": [x for x in f.led_to if x in kept_ids]}
        )

    questions = [  # a hand-written question of a known part of the story, on known facts only
        q
        for q in deck.questions
        if (q.source is None or q.source in known_sources) and (set(q.facts) <= kept_ids if q.facts else q.source is not None)
    ]
    as_of = min(deck.as_of, last) if last else deck.as_of
    return deck.model_copy(
        update={
            "as_of": as_of,
            "sources": {k: v for k, v in deck.sources.items() if k in known_sources},
            "entities": {k: v for k, v in deck.entities.items() if k in named},
            "roles": {k: v for k, v in deck.roles.items() if k in roles},
            "tenures": tenures,
            "successions": [links(f) for f in deck.successions if f.id in kept_ids],
            "events": [links(f) for f in deck.events if f.id in kept_ids],
            "quotes": [f for f in deck.quotes if f.id in kept_ids],
            "figures": [f for f in deck.figures if f.id in kept_ids and (f.part_of is None or f.part_of in kept_ids)],
            "relations": [r for r in deck.relations if r.id in kept_ids],
            "questions": questions,
        }
    )
