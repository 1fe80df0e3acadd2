"""Relations the deck states with its own sentences: « Qui figure parmi les soutiens de Kyutai ? »."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from .. import french
from ..context import Context
from ..distractors import Shown
from ..model import Relation
from . import Output, Style
from .common import fair_swap, true_false, who

MAX_LISTED = 5  # the most names a card's back may list and a learner still recall


def build(ctx: Context) -> Iterator[Output]:
    for r in ctx.deck.relations:
        if not r.background:
            yield from _relation(ctx, r)


def statement(ctx: Context, r: Relation, who_: str) -> str:
    """The predicate's sentence about one subject, in agreement with it."""
    predicate = ctx.deck.predicates[r.predicate]
    e = ctx.entity(who_)
    text = french.inflect(predicate.statement, e.gender, e.plural)
    filled = french.fill(text, subject=ctx.choice_name(who_), object=ctx.name(r.object))
    return french.capitalize(filled)


def ask_every(ctx: Context, r: Relation, cue: str) -> str:
    """The question whose answer is every subject, in the plural: the predicate's `ask_all` (« Selon
    l'article, de quelles entreprises viennent les fondateurs de Mistral AI ? »); a deck that gives
    none gets its singular question with `cue` saying several answers are wanted (« Qui figure parmi
    les soutiens de Kyutai (trois réponses) ? »)."""
    predicate = ctx.deck.predicates[r.predicate]
    if predicate.ask_all:
        return french.ask(french.fill(french.inflect(predicate.ask_all, None), object=ctx.name(r.object)))
    singular = french.fill(french.inflect(predicate.ask_subject, None), object=ctx.name(r.object))
    return french.ask(f"{singular.rstrip(' ?' + french.NBSP + french.NNBSP)} ({cue})")


def _relation(ctx: Context, r: Relation) -> Iterator[Output]:
    predicate = ctx.deck.predicates[r.predicate]
    subjects = set(r.subjects)
    # The subject asked about is fixed by the fact, not drawn: which questions a bank holds never
    # depends on the seed (only their wrong answers and order do).
    subject = r.subjects[int.from_bytes(hashlib.blake2b(r.id.encode(), digest_size=2).digest()) % len(r.subjects)]
    prompt = french.ask(french.fill(french.inflect(predicate.ask_subject, None), object=ctx.name(r.object)))
    claim = ("relation", r.id)
    base = {"check": "relation", "fact": r.id}

    def wrong(x: str) -> bool:
        return x not in subjects and x != r.object

    prefer: list[str] = []  # any entity of the answer's sort: an insider or an outsider, by chance
    if r.exhaustive:  # the deck names every subject: anyone else is provably not one
        yield from who(
            ctx,
            r,
            "subject",
            "actor",
            prompt,
            subject,
            wrong,
            Shown(prompt),
            claim,
            base,
            prefer,
            accepted=ctx.accepted(*r.subjects),
        )
    swapped = fair_swap(ctx, subject, Shown(ctx.name(r.object)), wrong, prefer) if r.exhaustive else None
    yield from true_false(
        ctx,
        r,
        statement(ctx, r, subject),
        statement(ctx, r, swapped) if swapped else None,
        {**base, "entity": subject},
        {**base, "entity": swapped},
        claim,
    )
    n = len(r.subjects)  # several subjects: a plural question for the list on the back
    if n > MAX_LISTED:  # ten names on one back: nobody learns that card
        return
    front = prompt if n == 1 else ask_every(ctx, r, f"{french.cardinal(n)} réponses")
    yield ctx.card(r, front, french.join_names([ctx.choice_name(s) for s in r.subjects]))


STYLE = Style("relations", build)
