"""Wrong causes and consequences the dates do not rule out, from outside the fact's thread: never a
« cause » after its effect (a giveaway), never another effect of the same cause (Sajid Javid resigning
minutes before Rishi Sunak may be why Sunak resigned); with too few such events, no question."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.content import generate

from .factcheck import verify
from .test_question_quality import deck
from .test_same_stretch import LINK, PEOPLE, event, questions

SEEDS = range(6)
BEFORE = [
    event("b1", "2024-02-20", "cyd", "Cyd Morel signe un contrat"),
    event("b2", "2024-02-25", "dan", "Daniel Roy lance une enquête"),
]
AFTER = [
    event("a1", "2024-03-06", "eve", "Ève Petit convoque la presse"),
    event("a2", "2024-03-12", "fay", "Fay Blanc ouvre une usine"),
    event("a3", "2024-03-15", "cyd", "Cyd Morel rompt le contrat"),
]
# What the deck says led to them, a month before any sacking: a background fact (never asked), so
# that they are events the deck explains otherwise, fair wrong consequences of what came after it.
PLAN = event("plan", "2024-01-15", "ian", "Ian Lucas prépare un plan", background=True, led_to=["a1", "a2", "a3"])


@pytest.mark.parametrize("seed", SEEDS)
def test_a_cause_with_two_fair_wrong_causes_is_not_filled_with_later_events(seed: int) -> None:
    """Bob quits on 2 March: two events before, three after. « What caused it » is not asked (its
    third wrong cause would come after the resignation); « what came of Anne's sacking » is."""
    d = deck(entities=PEOPLE, events=[*BEFORE, *LINK, *AFTER, PLAN])
    (asked,) = questions(generate(d, seed), "cause")
    assert asked.basis["check"] == "consequence" and not {"b1", "b2"} & set(asked.basis["options"].values())
    verify(d, asked)  # tests/factcheck.py: no wrong answer on the side the dates rule out


@pytest.mark.parametrize("seed", SEEDS)
def test_another_effect_of_the_same_cause_is_no_wrong_cause(seed: int) -> None:
    affair = event("affair", "2024-03-01", "ann", "L'affaire Anne Martin éclate", led_to=["quit1", "quit2"])
    quits = [
        event("quit1", "2024-03-05", "bob", "Bob Durand démissionne"),
        event("quit2", "2024-03-05", "hal", "Hal Leroy démissionne"),
    ]
    others = [event("o1", "2024-02-27", "ian", "Ian Lucas rachète un concurrent"), *BEFORE]
    d = deck(entities=PEOPLE, events=[affair, *quits, *others, *AFTER, PLAN])
    asked = [q for q in questions(generate(d, seed), "cause") if q.basis["check"] == "cause"]
    assert asked
    for q in asked:
        verify(d, q)
        assert not {"quit1", "quit2"} <= set(q.basis["options"].values()) | {q.basis["fact"]}, q.choices


def consequences(d: Any, seed: int) -> list[Any]:
    return [q for q in questions(generate(d, seed), "cause") if q.basis["check"] == "consequence"]


@pytest.mark.parametrize("seed", SEEDS)
def test_later_events_the_deck_leaves_unexplained_make_no_wrong_consequence(seed: int) -> None:
    """Anne's sacking may have led to anything after it that the deck does not explain (Sam Altman's
    dismissal and « Emmett Shear accepte l'intérim »): with only such events after it, what it led to
    is not asked."""
    assert consequences(deck(entities=PEOPLE, events=[*BEFORE, *LINK, *AFTER]), seed) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_an_account_that_starts_after_the_fact_does_not_explain_otherwise(seed: int) -> None:
    """The later events come of a plan made after the sacking: the sacking may have led to the plan."""
    late = {**PLAN, "date": "2024-03-04"}
    assert consequences(deck(entities=PEOPLE, events=[*BEFORE, *LINK, *AFTER, late]), seed) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_an_account_naming_the_threads_people_does_not_explain_otherwise(seed: int) -> None:
    """A plan of Bob's (who resigned after the sacking) or events of Anne's own: not ruled out."""
    bobs = {**PLAN, "agent": "bob", "headline": "Bob Durand prépare un plan"}
    assert consequences(deck(entities=PEOPLE, events=[*BEFORE, *LINK, *AFTER, bobs]), seed) == []
    annes = [{**a, "agent": "ann"} for a in AFTER]
    assert consequences(deck(entities=PEOPLE, events=[*BEFORE, *LINK, *annes, PLAN]), seed) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_a_consequence_takes_only_events_explained_otherwise(seed: int) -> None:
    """Three explained events after the sacking and two unexplained ones nearer to it: the question
    is asked, with the explained ones only."""
    stray = [event("s1", "2024-03-03", "dan", "Daniel Roy démissionne"), event("s2", "2024-03-04", "eve", "Ève Petit part")]
    (asked,) = consequences(deck(entities=PEOPLE, events=[*BEFORE, *LINK, *AFTER, PLAN, *stray]), seed)
    assert {v for k, v in asked.basis["options"].items() if k != asked.answer} == {"a1", "a2", "a3"}


@pytest.mark.parametrize("seed", SEEDS)
def test_wrong_causes_are_of_the_threads_people_when_there_are_enough(seed: int) -> None:
    """Bob quits after Anne's sacking; Anne and Bob did three other things before, and Ian (nobody in
    that thread: the queen's funeral for the fall of the pound) did something nearer in time: Ian's
    event is never a wrong cause."""
    own = [
        event("o1", "2024-02-10", "ann", "Anne Martin signe un contrat"),
        event("o2", "2024-02-14", "bob", "Bob Durand part en voyage"),
        event("o3", "2024-02-18", "ann", "Anne Martin recrute une assistante"),
    ]
    stranger = event("far", "2024-02-29", "ian", "Ian Lucas inaugure un musée")
    d = deck(entities=PEOPLE, events=[*LINK, *own, stranger, *AFTER, PLAN])
    asked = [q for q in questions(generate(d, seed), "cause") if q.basis["check"] == "cause"]
    assert asked
    for q in asked:
        verify(d, q)
        assert "far" not in q.basis["options"].values() and "Ian Lucas inaugure un musée" not in q.choices, q.choices
