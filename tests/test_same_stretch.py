"""Wrong events of the story's stretch: a cause, a neighbour or a day is never answered by an event of
another era (« OpenAI est fondée » in 2015 for a resignation of November 2023), on small decks
written for it; and when only such events exist, the question is not asked."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.content import Bank, generate
from quizapp.content.dates import parse_date
from quizapp.content.distractors import NEAR_DAYS, days_apart, same_stretch

from .test_question_quality import deck, fact, person

SEEDS = range(6)
PEOPLE = [person(p, name) for p, name in (("ann", "Anne Martin"), ("bob", "Bob Durand"), ("cyd", "Cyd Morel"))]
PEOPLE += [person(p, name) for p, name in (("dan", "Daniel Roy"), ("eve", "Ève Petit"), ("fay", "Fay Blanc"))]
PEOPLE += [person(p, name) for p, name in (("gus", "Gus Faure"), ("hal", "Hal Leroy"), ("ian", "Ian Lucas"))]


def event(fid: str, date: Any, agent: str, headline: str, **extra: Any) -> dict[str, Any]:
    return fact(
        fid,
        type="other",
        label=f"l'événement {fid}",
        date=date,
        agent=agent,
        action=f"a fait l'action {fid}",
        headline=headline,
        **extra,
    )


# Anne's sacking leads to Bob's resignation the next day; six events of the same weeks (three before
# it, three after: a wrong cause never comes after its effect, nor a consequence before its cause),
# and three of another era (about twenty years before) that any learner would rule out.
LINK = [
    event("sack", "2024-03-01", "ann", "Anne Martin est renvoyée", led_to=["quit"]),
    event("quit", "2024-03-02", "bob", "Bob Durand démissionne"),
]
NEAR = [
    event("n1", "2024-02-20", "cyd", "Cyd Morel signe un contrat"),
    event("n2", "2024-02-25", "dan", "Daniel Roy lance une enquête"),
    event("n3", "2024-02-27", "eve", "Ève Petit vend ses parts"),
    event("n4", "2024-03-06", "eve", "Ève Petit convoque la presse"),
    event("n5", "2024-03-12", "fay", "Fay Blanc ouvre une usine"),
    event("n6", "2024-03-15", "cyd", "Cyd Morel rompt le contrat"),
]
FAR = [
    event("old1", "2001", "gus", "Gus Faure fonde l'entreprise"),
    event("old2", "2003", "hal", "Hal Leroy quitte le conseil"),
    event("old3", "2005", "ian", "Ian Lucas rachète un concurrent"),
]
FAR_TEXTS = {"Gus Faure fonde l'entreprise", "Hal Leroy quitte le conseil", "Ian Lucas rachète un concurrent"}


def questions(bank: Bank, *kinds: str) -> list[Any]:
    return [q for q in bank.questions if q.kind in kinds]


def test_days_apart_reads_the_dates_precision() -> None:
    assert days_apart(parse_date("2018"), parse_date("2018-11-17")) == 0  # may be the same day
    assert days_apart(parse_date("2017"), parse_date("2018")) == 1  # years that follow each other
    assert days_apart(parse_date("2015"), parse_date("2018-01-01")) == 732  # 2016 has 366 days
    assert days_apart(parse_date({"latest": "2020-01-01"}), parse_date("1990")) == 0  # an open range


def test_the_stretch_widens_with_the_right_answer_and_not_otherwise() -> None:
    resignation = parse_date("2023-11-17")
    of_a_day = same_stretch(resignation, parse_date("2023-11-17"))
    assert of_a_day(parse_date("2023-11-02")) and not of_a_day(parse_date("2015"))
    assert not of_a_day(parse_date("2023-08"))  # the end of August is beyond NEAR_DAYS
    years_before = same_stretch(parse_date("2023"), parse_date("2018"))  # a cause five years before
    assert years_before(parse_date("2015")) and not years_before(parse_date("2008"))
    assert not same_stretch(resignation)(None) and not same_stretch(None)(resignation)  # undated: no stretch
    assert NEAR_DAYS < days_apart(resignation, parse_date("2023-08")) < 2 * NEAR_DAYS


@pytest.mark.parametrize("seed", SEEDS)
def test_a_far_off_event_is_no_wrong_cause_when_near_ones_exist(seed: int) -> None:
    bank = generate(deck(entities=PEOPLE, events=[*FAR, *LINK, *NEAR]), seed)
    (asked,) = questions(bank, "cause")  # the link, asked once (as a cause or a consequence)
    assert len(asked.choices) == 4 and not FAR_TEXTS & set(asked.choices), asked.choices


@pytest.mark.parametrize("seed", SEEDS)
def test_a_cause_with_only_far_off_events_around_is_not_asked(seed: int) -> None:
    bank = generate(deck(entities=PEOPLE, events=[*FAR, *LINK]), seed)  # no crash, no giveaway
    assert questions(bank, "cause") == []
    assert not any(FAR_TEXTS & set(q.choices) for q in questions(bank, "placing", "moment")), bank.questions


@pytest.mark.parametrize("seed", SEEDS)
def test_a_near_background_fact_is_no_wrong_cause(seed: int) -> None:
    backdrop = event("bg", "2024-02-28", "ian", "Ian Lucas prépare un rapport", background=True)
    bank = generate(deck(entities=PEOPLE, events=[*LINK, *NEAR[:3], backdrop]), seed)
    (asked,) = questions(bank, "cause")
    assert "Ian Lucas prépare un rapport" not in asked.choices


@pytest.mark.parametrize("seed", SEEDS)
def test_placing_and_moments_take_no_far_off_event(seed: int) -> None:
    same_day = event("also", "2024-03-01", "cyd", "Cyd Morel applaudit")
    bank = generate(deck(entities=PEOPLE, events=[*FAR, *LINK, *NEAR, same_day]), seed)
    near_ones = [q for q in questions(bank, "placing", "moment") if not FAR_TEXTS & {q.answer, *q.answer}]
    assert near_ones and any(q.kind == "moment" for q in near_ones)
    for q in near_ones:  # about the weeks of March 2024: nothing from twenty years before
        assert not FAR_TEXTS & set(q.choices), (q.prompt, q.choices)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_consequence_asks_a_link_no_cause_question_asks(seed: int) -> None:
    """Bob's resignation asks its own cause; Anne's sacking then asks its other consequence."""
    sack = event("sack", "2024-03-01", "ann", "Anne Martin est renvoyée", led_to=["protest", "quit"])
    protest = fact(
        "protest", type="other", label="la grève", agent="gus", action="a lancé une grève", headline="Gus Faure lance une grève"
    )
    # The three events after the sacking come of a plan a month before it: fair wrong consequences.
    plan = event("plan", "2024-01-15", "ian", "Ian Lucas prépare un plan", background=True, led_to=["n4", "n5", "n6"])
    bank = generate(deck(entities=PEOPLE, events=[sack, LINK[1], protest, *NEAR, plan]), seed)
    assert {frozenset(q.facts) for q in questions(bank, "cause")} == {frozenset({"sack", "quit"}), frozenset({"sack", "protest"})}
