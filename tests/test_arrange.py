"""A quiz's own order of each question's choices (`content.arrange`): reproducible from the seed,
different from one seed to the next, and never changing which answer is right."""

from __future__ import annotations

import random

import pytest

from quizapp.content import Bank, Deck, Question, generate
from quizapp.content.arrange import arranged


@pytest.fixture(scope="module")
def bank(saga: Deck) -> Bank:
    return generate(saga, 0)


def wrong_response(question: Question) -> str | tuple[str, ...]:
    """A response that is not the answer: another choice, or the answer's items out of place."""
    if isinstance(question.answer, tuple):
        if question.format == "multi":
            return (
                question.answer[:-1]
                if len(question.answer) > 1
                else tuple(c for c in question.choices if c != question.answer[0])[:1]
            )
        return question.answer[1:] + question.answer[:1]
    return next(c for c in question.choices if c != question.answer) if question.choices else "personne du tout"


def test_every_format_keeps_its_right_answer_in_any_order(bank: Bank) -> None:
    formats = set()
    for seed in range(20):
        rng = random.Random(seed)
        for question in bank.questions:
            shown = arranged(question, rng)
            formats.add(shown.format)
            assert sorted(shown.choices) == sorted(question.choices)  # the same choices, reordered
            assert {k: v for k, v in vars(shown).items() if k not in ("choices", "answer")} == {
                k: v for k, v in vars(question).items() if k not in ("choices", "answer")
            }
            assert shown.is_correct(shown.answer) and question.is_correct(shown.answer), question.id
            assert not shown.is_correct(wrong_response(question)), question.id
            if question.format in ("order", "match"):
                assert shown.answer == question.answer and shown.choices != question.answer, question.id
            if question.format == "multi":  # the right ones in the order shown
                assert list(shown.answer) == [c for c in shown.choices if c in question.answer]
            if question.format in ("truefalse", "text"):
                assert shown == question
    assert formats == {"choice", "multi", "truefalse", "text", "order", "match"}


def test_the_order_comes_from_the_seed(bank: Bank) -> None:
    """One seed, one order (replay); other seeds, other orders, for every question with choices to order."""
    for question in bank.questions:
        if question.format in ("truefalse", "text"):
            continue
        orders = {arranged(question, random.Random(seed)).choices for seed in range(12)}
        assert len(orders) > 1, question.id
        assert arranged(question, random.Random(5)) == arranged(question, random.Random(5))


def test_a_question_shown_is_judged_as_its_snapshot_is(bank: Bank) -> None:
    """What a quiz stores (`to_dict`) and judges later (`question_from_dict`) is the order shown."""
    from quizapp.content import question_from_dict

    rng = random.Random(3)
    for question in bank.questions:
        shown = arranged(question, rng)
        again = question_from_dict(shown.to_dict())
        assert again.choices == shown.choices and again.is_correct(shown.answer)
