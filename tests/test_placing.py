"""« Lequel est survenu juste après X ? »: answered by the dates alone, never by the order in which the
deck tells two events of one day or of one week-end; every wrong answer on the side that makes it a
question (after the answer, for « juste après »), or no question; a few per story, the closest-knit
first. Small decks written for it, and the shipped ones."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from quizapp.content import Deck, generate, load_deck
from quizapp.content.styles.placing import EVENTS_PER_QUESTION

from .factcheck import verify
from .test_question_quality import deck
from .test_same_stretch import PEOPLE, event

SEEDS = range(6)
WEEKEND = {"earliest": "2024-03-09", "latest": "2024-03-10", "label": "pendant le week-end des 9 et 10 mars 2024"}


def day(n: int) -> str:
    return f"2024-03-{n:02d}"


def daily(prefix: str, days: range) -> list[dict[str, Any]]:
    """One event a day, each by another of the people."""
    people = [p["id"] for p in PEOPLE]
    return [event(f"{prefix}{n}", day(n), people[k % len(people)], f"{prefix} {n} a lieu") for k, n in enumerate(days)]


def placing(d: Deck, seed: int) -> list[Any]:
    return [q for q in generate(d, seed).questions if q.kind == "placing"]


def chosen(q: Any) -> set[str]:
    """The ids of the events a question shows as choices."""
    return set(q.basis["options"].values())


# Two events of one day and two of one week-end among daily events: the deck's order between them is
# the order of its sentences, which the dates do not confirm.
TIES = [
    event("d5", day(5), "ann", "Anne Martin signe"),
    event("d6", day(6), "bob", "Bob Durand part"),
    event("d6b", day(6), "cyd", "Cyd Morel proteste"),
    event("d7", day(7), "dan", "Daniel Roy enquête"),
    event("d8", day(8), "eve", "Ève Petit vend"),
    event("w1", dict(WEEKEND), "fay", "Fay Blanc négocie"),
    event("w2", dict(WEEKEND), "gus", "Gus Faure publie une photo"),
    event("d11", day(11), "hal", "Hal Leroy revient"),
    event("d12", day(12), "ian", "Ian Lucas accepte"),
    event("d13", day(13), "ann", "Anne Martin applaudit"),
    event("d14", day(14), "bob", "Bob Durand rentre"),
    event("d15", day(15), "cyd", "Cyd Morel conclut"),
]
TWINS = ({"d6", "d6b"}, {"w1", "w2"})


@pytest.mark.parametrize("seed", SEEDS)
def test_the_dates_alone_make_the_answer_right_and_the_wrong_ones_wrong(seed: int) -> None:
    d = deck(entities=PEOPLE, events=TIES)
    asked = placing(d, seed)
    assert asked
    for q in asked:
        verify(d, q)  # tests/factcheck.py: answer and wrong answers on their sides of the dates
        answer = q.basis["options"][q.answer]
        for twins in TWINS:  # a right answer never stands beside its twin of the same day
            assert answer not in twins or not twins - {answer} & chosen(q), (q.prompt, q.choices)


def test_a_question_is_not_asked_when_too_few_events_lie_on_the_far_side() -> None:
    """Six days in a row: « juste après » the fourth would have two events after its answer, and
    would take the earlier ones as wrong answers; it is not asked."""
    d = deck(entities=PEOPLE, events=daily("e", range(1, 7)))
    for seed in SEEDS:
        for q in placing(d, seed):
            verify(d, q)
            way, fact = q.basis["way"], q.basis["fact"]
            assert way != "after" or fact in {"e1", "e2"}, q.prompt
            assert way != "before" or fact in {"e5", "e6"}, q.prompt


def test_a_story_asks_a_few_the_closest_knit_first() -> None:
    """Six monthly events, then six of one week: four questions, all about that week."""
    people = [p["id"] for p in PEOPLE]
    monthly = [event(f"m{n}", f"2023-{n:02d}-01", people[n - 7], f"L'étape {n} a lieu") for n in range(7, 13)]
    week = daily("w", range(1, 7))
    d = deck(entities=PEOPLE, events=[*monthly, *week])
    assert len(monthly + week) // EVENTS_PER_QUESTION == 4
    for seed in SEEDS:
        asked = placing(d, seed)
        assert len(asked) == 4
        for q in asked:
            assert chosen(q) | {q.basis["fact"], *q.basis["named"]} <= {e["id"] for e in week}, q.prompt


def test_just_after_an_event_of_another_era_is_not_asked() -> None:
    """After a falling-out of 2018, six events of one week of 2024: « juste après » the falling-out
    would only ask which of them came first."""
    old = event("old", "2018", "ian", "Ian Lucas se brouille avec Anne Martin")
    d = deck(entities=PEOPLE, events=[old, *daily("w", range(1, 7))])
    for seed in SEEDS:
        for q in placing(d, seed):
            assert "old" not in {q.basis["fact"], *q.basis["named"]} | chosen(q), q.prompt


def shipped() -> list[Deck]:
    root = Path(__file__).parent.parent / "questions"
    return [load_deck(root / "openai-saga"), load_deck(root / "royaume-uni-2022")]


WORDING = re.compile(r"Parmi ces événements, lequel est survenu (juste après .+|juste avant .+|après .+ et avant .+)\u202f\?")


def test_the_shipped_decks_ask_a_few_in_plain_french() -> None:
    ways = set()
    for d in shipped():
        story = [e for e in d.events if e.date is not None and e.date.is_known() and not e.background]
        for seed in (0, 1, 2):
            asked = placing(d, seed)
            assert 2 <= len(asked) <= len(story) // EVENTS_PER_QUESTION, (d.id, len(asked))
            for q in asked:
                verify(d, q)
                assert WORDING.fullmatch(q.prompt) and "entre " not in q.prompt and "de plus près" not in q.prompt, q.prompt
                ways.add(q.basis["way"])
    assert ways == {"after", "before", "between"}
