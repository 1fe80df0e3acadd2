"""A question as one quiz shows it: its choices in an order of the quiz's own.

The bank is generated once per deck version and shared by every quiz; each quiz draws from it with
its own seed and, with the same `random.Random`, puts each question's choices in an order of its own,
so that two learners do not see the same letters and one seed always gives the same quiz (replay).
The answer moves with the choices: what is judged right never depends on the order shown.
"""

from __future__ import annotations

import dataclasses
import random

from .questions import Question


def arranged(question: Question, rng: random.Random) -> Question:
    """The question with its choices shuffled by `rng`, the answer kept right.

    - « choice »: the choices shuffled; the answer is one of them, by its text.
    - « multi »: the choices shuffled; the right ones listed in the order shown.
    - « order » and « match »: the items to place (or the right-hand items to pair) shuffled; the
      answer (the right order, the right item for each left-hand one) does not change. The shuffled
      order is never the answer itself when the items differ: a rotation always changes it.
    - « truefalse » (Vrai, Faux) and « text »: as they are.

    Args:
        question: a question of a bank (not changed).
        rng: the quiz's source of randomness; one `shuffle` per question with two choices or more.

    Returns:
        A new question; the same one when there is nothing to order.
    """
    if question.format in ("truefalse", "text") or len(question.choices) < 2:
        return question
    choices = list(question.choices)
    rng.shuffle(choices)
    if question.format in ("order", "match") and tuple(choices) == question.answer:
        choices = choices[1:] + choices[:1]
    if question.format == "multi" and isinstance(question.answer, tuple):
        right = set(question.answer)
        return dataclasses.replace(question, choices=tuple(choices), answer=tuple(c for c in choices if c in right))
    return dataclasses.replace(question, choices=tuple(choices))
