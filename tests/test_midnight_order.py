"""An event told at midnight (« lundi 20 mars à minuit ») may be read as the 19th, the 20th or the
21st (`Context.possible`): placing and chronology questions never order it against an event of the
day before or after, as they leave overlapping spans unordered."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.content import generate

from .factcheck import verify
from .test_question_quality import deck
from .test_same_stretch import PEOPLE, event

SEEDS = range(6)
DAYS = ["2024-03-10", "2024-03-12", "2024-03-15", "2024-03-17", "2024-03-19", "2024-03-21", "2024-03-23", "2024-03-25"]
AGENTS = ["ann", "bob", "cyd", "dan", "eve", "fay", "gus", "hal"]
VERBS = ["signe", "part", "revient", "parle", "vote", "écrit", "répond", "conclut"]
NEXT_DAYS = {"e4", "e5"}  # the 19th and the 21st


def story() -> Any:
    events = [
        event(f"e{i}", day, who, f"{who.title()} {verb}")
        for i, (day, who, verb) in enumerate(zip(DAYS, AGENTS, VERBS, strict=True))
    ]
    midnight = event("mid", "2024-03-20", "ian", "Ian Lucas annonce la nouvelle à minuit")
    midnight["action"] = "a annoncé la nouvelle à minuit pile"
    return deck(entities=PEOPLE, events=[*events, midnight])


@pytest.mark.parametrize("seed", SEEDS)
def test_an_event_told_at_midnight_is_not_ordered_against_the_next_days(seed: int) -> None:
    d = story()
    asked = [q for q in generate(d, seed).questions if q.kind in ("placing", "chronology")]
    assert asked
    for q in asked:
        verify(d, q)
        if q.kind == "chronology":  # every pair is ordered
            assert not ("mid" in q.facts and NEXT_DAYS & set(q.facts)), q.items
            continue
        # placing: the answer against the events named and each wrong answer against both (wrong
        # answers need no order among themselves)
        options = q.basis["options"]
        placed = {options[q.answer], *q.basis["named"]}
        wrongs = {v for k, v in options.items() if k != q.answer}
        if "mid" in placed:
            assert not NEXT_DAYS & (placed | wrongs), (q.prompt, q.choices, q.answer)
        if "mid" in wrongs:
            assert not NEXT_DAYS & placed, (q.prompt, q.choices, q.answer)
