"""The day a question about who held what names: a day of the story, or the deck's `as_of` said as
« à la fin de l'histoire » (the day the source was written, which the story never names); never a
day between the story's last dated day and its `as_of`."""

from __future__ import annotations

import random
from typing import Any

import pytest

from quizapp.content import generate
from quizapp.content.context import Context
from quizapp.content.styles import Candidate, tenures

from .factcheck import verify
from .test_question_quality import PEOPLE, deck, fact, org

SEEDS = range(4)
ROLES = [
    {"id": "ceo", "organisation": "acme", "title": {"m": "directeur", "f": "directrice"}, "single_holder": True},
    {"id": "cfo", "organisation": "acme", "title": {"m": "trésorier", "f": "trésorière"}, "single_holder": True},
    {"id": "coo", "organisation": "acme", "title": {"m": "intendant", "f": "intendante"}, "single_holder": True},
    {"id": "cto", "organisation": "acme", "title": {"m": "ingénieur en chef", "f": "ingénieure en chef"}, "single_holder": True},
]


def story(*extra_events: dict[str, Any]) -> Any:
    """Daniel Morel runs Acme until Anne Martin replaces him on 20 March, the last dated day; the
    deck is written on 31 March."""
    return deck(
        entities=[*PEOPLE, org("acme", "Acme", subkind="company")],
        roles=ROLES,
        tenures=[
            fact("ceo-dan", holder="dan", role="ceo", until="2024-03-20"),
            fact("ceo-ann", holder="ann", role="ceo", since="2024-03-20"),
            fact("cfo-bea", holder="bea", role="cfo", until="2024-03-25"),
        ],
        successions=[fact("hand-over", role="ceo", outgoing="dan", incoming="ann", date="2024-03-20")],
        events=[
            fact("e1", type="other", label="l'étape 1", date="2024-03-05", agent="cle", action="a franchi l'étape 1"),
            *extra_events,
        ],
    )


def about_anne(d: Any, seed: int) -> list[str]:
    """What the tenure style asks of Anne's post, before the curator picks (it may keep the
    succession's question instead)."""
    made = [o for o in tenures.build(Context(d, random.Random(seed))) if isinstance(o, Candidate)]
    return [o.question.prompt for o in made if "ceo-ann" in o.question.facts]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_as_of_no_fact_names_is_the_end_of_the_story(seed: int) -> None:
    """The deck's own `as_of` is the day its source was written (model.DeckMeta): said as that day,
    « date de la source », never as a bare day the story would seem to name."""
    d = story()
    asked = about_anne(d, seed)
    assert asked and all("31 mars 2024, date de la source" in p for p in asked), asked
    bank = generate(d, seed)
    for q in bank.questions:
        verify(d, q)
        if q.basis.get("check") not in ("holder", "role", "holders", "posts"):
            continue  # a date question's wrong days are days no fact names, by design
        text = " ".join([q.prompt, q.explanation, *q.choices]).replace("31 mars 2024, date de la source", "")
        assert "31 mars" not in text and not any(f"{n} mars" in text for n in range(21, 31)), text


@pytest.mark.parametrize("seed", SEEDS)
def test_an_as_of_the_story_dates_is_said_as_a_day(seed: int) -> None:
    last = fact("e2", type="other", label="l'étape 2", date="2024-03-31", agent="fab", action="a franchi l'étape 2")
    asked = about_anne(story(last), seed)  # the days after Anne's arrival are all the story's
    assert asked and all("mars 2024" in p and "fin de l'histoire" not in p for p in asked), asked
