"""Turn a deck's facts into questions and flashcards, in French, with one right answer each.

Each question style (`styles/`, one module each) proposes questions; the curator keeps the best of
what several say about the same thing; each kept question's explanation is made to state its answer
(`explain.completed`); every text then goes through the French typography pass
(`french.polish`) here, at the one output boundary of the core. Every wrong answer is checked
against the fact base before it is used, and drawn by the fairness rules of `distractors.py`.
Randomness comes from the `random.Random` passed in; question ids never depend on it.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from typing import Any

from . import explain, french, gcpause
from .context import Context
from .curate import cards_kept, curate
from .model import Deck
from .questions import Bank, Card, Question
from .styles import Candidate
from .styles.registry import REGISTRY


def generate(deck: Deck, rng: random.Random | int = 0) -> Bank:
    """Generate every question and flashcard of a deck.

    Args:
        deck: a loaded, valid deck.
        rng: the source of randomness (distractor choice, choice order), or a seed for one.

    Returns:
        The bank: questions in style order (facts in deck order within a style), then cards.
    """
    if not isinstance(rng, random.Random):
        rng = random.Random(rng)
    with gcpause.paused():
        ctx = Context(deck, rng)
        candidates: list[Candidate] = []
        cards: list[Card] = []
        for style in REGISTRY:
            for output in style.build(ctx):
                if isinstance(output, Card):
                    cards.append(output)
                else:
                    candidates.append(output)
        kept = curate(deck, candidates)
        keep = ctx.no_elision
        said: dict[str, str] = {}  # a bank repeats its names, dates and sources: each polished once
        return Bank(
            deck.id,
            tuple(polish_question(explain.completed(ctx, c.question), keep, said) for c in kept),
            tuple(polish_card(c, keep, said) for c in cards_kept(deck, cards)),
        )


def _polisher(keep: tuple[str, ...], said: dict[str, str] | None) -> Callable[[str], str]:
    """`french.polish` with `keep`, remembering its results in `said` (one generation's texts) if given."""
    if said is None:
        return lambda text: french.polish(text, keep)

    def p(text: str) -> str:
        done = said.get(text)
        if done is None:
            done = said[text] = french.polish(text, keep)
        return done

    return p


def polish_question(q: Question, keep: tuple[str, ...] = (), said: dict[str, str] | None = None) -> Question:
    """The question with every text through `french.polish` (and the basis keyed by the texts shown)."""
    p = _polisher(keep, said)

    basis: dict[str, Any] = dict(q.basis)
    for key in ("options", "spans"):
        if key in basis:
            basis[key] = {p(k): v for k, v in basis[key].items()}
    answer = tuple(p(a) for a in q.answer) if isinstance(q.answer, tuple) else p(q.answer)
    return dataclasses.replace(
        q,
        prompt=p(q.prompt),
        answer=answer,
        choices=tuple(p(c) for c in q.choices),
        accepted=tuple(p(a) for a in q.accepted),
        items=tuple(p(i) for i in q.items),
        explanation=p(q.explanation),
        source=p(q.source),
        basis=basis,
    )


def polish_card(c: Card, keep: tuple[str, ...] = (), said: dict[str, str] | None = None) -> Card:
    p = _polisher(keep, said)
    return dataclasses.replace(c, front=p(c.front), back=p(c.back), explanation=p(c.explanation), source=p(c.source))
