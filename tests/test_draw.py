"""Drawing a quiz: one question per fact where possible, and true/false at most a quarter of a mixed quiz."""

from __future__ import annotations

import random

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.content import Question
from quizapp.services.quizzes import draw

from .conftest import start_quiz
from .webhelpers import snapshot


def question(n: int, fmt: str) -> Question:
    return Question(
        id=f"d:f{n}:{fmt}",
        deck="d",
        kind="truefalse" if fmt == "truefalse" else "actor",
        format=fmt,  # type: ignore[arg-type]
        prompt=f"Question {n}",
        answer="Vrai",
        explanation="",
        source="",
        facts=(f"f{n}",),
        choices=("Vrai", "Faux"),
    )


@pytest.mark.parametrize("count", [5, 10, 20])
def test_true_false_is_at_most_a_quarter_of_a_mixed_quiz(count: int) -> None:
    pool = [question(n, "truefalse") for n in range(30)] + [question(100 + n, "choice") for n in range(30)]
    for seed in range(50):
        chosen = draw(pool, count, random.Random(seed))
        assert len(chosen) == count
        assert sum(q.format == "truefalse" for q in chosen) <= count // 4
        assert len({q.facts[0] for q in chosen}) == count


def test_true_false_still_appears_in_a_mixed_quiz() -> None:
    pool = [question(n, "truefalse") for n in range(30)] + [question(100 + n, "choice") for n in range(30)]
    drawn = [q.format for seed in range(50) for q in draw(pool, 10, random.Random(seed))]
    assert "truefalse" in drawn


def test_a_pool_short_of_other_questions_takes_them_all_before_true_false() -> None:
    pool = [question(n, "truefalse") for n in range(30)] + [question(100 + n, "choice") for n in range(3)]
    for seed in range(20):
        chosen = draw(pool, 10, random.Random(seed))
        assert len(chosen) == 10 and sum(q.format == "choice" for q in chosen) == 3


def test_a_quiz_of_true_false_only_is_the_learners_choice() -> None:
    pool = [question(n, "truefalse") for n in range(30)]
    assert len(draw(pool, 10, random.Random(1))) == 10


def test_an_exam_of_every_kind_draws_few_true_false(app: Flask, logged_in: FlaskClient) -> None:
    for _ in range(5):
        attempt = start_quiz(logged_in, count=10, mode="exam")
        formats = [snapshot(app, attempt, p)["format"] for p in range(1, 11)]
        assert formats.count("truefalse") <= 2
