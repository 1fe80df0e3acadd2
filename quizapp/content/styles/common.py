"""The shapes most styles share: « who » with fair wrong answers (or typed), and one true/false."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import french
from ..context import Context
from ..distractors import Shown, fair_entities
from ..model import AnyFact
from ..questions import FALSE, TRUE
from . import Candidate

# How much a variant teaches, for the curator: of two questions with one claim, the higher stays.
RANK = {
    "successor": 90,
    "agent": 85,
    "quote": 85,
    "figure": 85,
    "moment": 82,
    "subject": 80,
    "holder": 75,
    "predecessor": 72,
    "role": 70,
    "date": 65,
    "chronology": 50,
    "truefalse": 20,
}
TYPED_PENALTY = 5  # a typed answer (no fair wrong answers to offer) ranks just below its multiple choice


def stable_bit(text: str) -> int:
    """0 or 1 from a text, the same on every run (which of true/false a fact gets)."""
    return hashlib.blake2b(text.encode(), digest_size=1).digest()[0] & 1


def who(
    ctx: Context,
    fact: AnyFact,
    variant: str,
    kind: str,
    prompt: str,
    answer: str,
    wrong: Callable[[str], bool],
    shown: Shown,
    claim: tuple[Any, ...],
    basis: dict[str, Any],
    prefer: Iterable[str] = (),
    accepted: tuple[str, ...] | None = None,
    explanation: str | None = None,
) -> Iterator[Candidate]:
    """A « who » question: multiple choice with fair wrong answers, or the name to type when the
    deck has too few fair ones (never an absurd filler); none when the prompt names the answer."""
    if french.mentions(prompt, [ctx.name(answer)]):
        return
    accepted = ctx.accepted(answer) if accepted is None else accepted
    wrongs = fair_entities(ctx, answer, shown, wrong, prefer)
    rank = RANK[variant]
    extra: dict[str, Any] = {"explanation": explanation} if explanation else {}
    if wrongs is None:
        question = ctx.question(
            fact,
            variant,
            kind=kind,
            format="text",
            prompt=prompt,
            answer=ctx.choice_name(answer),
            accepted=accepted,
            basis={**basis, "correct": answer},
            **extra,
        )
        yield Candidate(question, rank - TYPED_PENALTY, claim, fact.id, variant)
        return
    options = [(ctx.choice_name(x), x) for x in (answer, *wrongs)]
    ctx.rng.shuffle(options)
    question = ctx.question(
        fact,
        variant,
        kind=kind,
        format="choice",
        prompt=prompt,
        answer=ctx.choice_name(answer),
        choices=tuple(text for text, _ in options),
        accepted=accepted,
        basis={**basis, "options": dict(options), "correct": answer},
        **extra,
    )
    yield Candidate(question, rank, claim, fact.id, variant)


def true_false(
    ctx: Context,
    fact: AnyFact,
    true_text: str,
    false_text: str | None,
    basis: dict[str, Any],
    false_basis: dict[str, Any] | None,
    claim: tuple[Any, ...],
) -> Candidate:
    """One true/false statement per fact: the false one when the fact has a provably false variant
    and the fact's id says so (half the facts), else the true one."""
    truth = not (false_text is not None and stable_bit(fact.id))
    statement = true_text if truth else false_text
    assert statement is not None
    variant = "true" if truth else "false"
    question = ctx.question(
        fact,
        variant,
        kind="truefalse",
        format="truefalse",
        prompt=french.sentence(statement),
        answer=TRUE if truth else FALSE,
        choices=(TRUE, FALSE),
        basis={**(basis if truth else false_basis or {}), "truth": truth},
    )
    return Candidate(question, RANK["truefalse"], claim, fact.id, variant)


def fair_swap(ctx: Context, answer: str, shown: Shown, wrong: Callable[[str], bool], prefer: Iterable[str] = ()) -> str | None:
    """One fair wrong entity for a false statement (the same rules as a wrong answer)."""
    found = fair_entities(ctx, answer, shown, wrong, prefer, count=1)
    return found[0] if found else None
