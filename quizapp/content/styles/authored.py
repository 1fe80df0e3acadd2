"""Hand-written questions, as learners get them (choices and items shuffled with the generation's rng)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..model import AuthoredQuestion
from ..questions import FALSE, TRUE, Question
from . import Candidate, Output, Style

RANK = 100  # the author's own questions are always kept


def build(ctx: Context) -> Iterator[Output]:
    for q in ctx.deck.questions:
        yield Candidate(authored(ctx, q), RANK, ("authored", q.id), q.id, q.kind)


def authored(ctx: Context, q: AuthoredQuestion) -> Question:
    common: dict[str, Any] = {
        "id": q.id,
        "deck": ctx.deck.id,
        "kind": "authored",
        "explanation": q.explanation or "",
        "source": ctx.source(q.source) if q.source else "",
        "facts": tuple(q.facts),
        "tags": tuple(q.tags),
        "difficulty": q.difficulty,
    }
    if q.kind == "choice":
        choices = ctx.rng.sample(q.choices, len(q.choices))
        if len(q.answers) == 1:
            return Question(format="choice", prompt=q.prompt, choices=tuple(choices), answer=q.answers[0], **common)
        ordered = tuple(c for c in choices if c in q.answers)
        return Question(format="multi", prompt=q.prompt, choices=tuple(choices), answer=ordered, **common)
    if q.kind == "truefalse":
        return Question(
            format="truefalse", prompt=q.statement, choices=(TRUE, FALSE), answer=TRUE if q.answer else FALSE, **common
        )
    if q.kind == "short":
        return Question(format="text", prompt=q.prompt, answer=q.answer, accepted=(q.answer, *q.accepted), **common)
    if q.kind == "order":
        shown = ctx.rng.sample(q.items, len(q.items))
        if tuple(shown) == tuple(q.items):  # the loader refuses repeated items: one rotation always changes the order
            shown = shown[1:] + shown[:1]
        return Question(format="order", prompt=q.prompt, choices=tuple(shown), answer=tuple(q.items), **common)
    rights = [p.right for p in q.pairs]
    return Question(
        format="match",
        prompt=q.prompt,
        items=tuple(p.left for p in q.pairs),
        choices=tuple(ctx.rng.sample(rights, len(rights))),
        answer=tuple(rights),
        **common,
    )


STYLE = Style("authored", build)
