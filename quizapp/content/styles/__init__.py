"""Question styles: one module each, behind one registry.

A style reads the facts through the `Context` and proposes `Candidate` questions (and cards); the
curator (`curate.py`) then keeps the best of what several styles say about the same thing. A new
style is a new module in this package with a `STYLE` object, listed in `REGISTRY` (registry.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..context import Context
from ..questions import Card, Question


@dataclass(frozen=True)
class Candidate:
    """A proposed question, with what the curator needs to compare it with the others.

    `claim` names what the question teaches (an answer about a topic), `also` any other thing it
    teaches: of two candidates that share one, the curator keeps the higher `rank`, and a true/false
    may stand in for a question with its claim. `date` is the answer of a date question. `anchor` is
    the fact whose `skip:` governs the question.
    """

    question: Question
    rank: int
    claim: tuple[Any, ...]
    anchor: str
    variant: str
    date: str | None = None
    also: tuple[tuple[Any, ...], ...] = ()


Output = Candidate | Card


@dataclass(frozen=True)
class Style:
    """One way of asking: `build` runs once per deck and yields candidates and cards."""

    name: str
    build: Callable[[Context], Iterable[Output]]
