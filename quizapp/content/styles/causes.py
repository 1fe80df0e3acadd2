"""Why and what came next, from the links the deck authors (`because`, `led_to`):
« Qu'est-ce qui a provoqué la démission de Greg Brockman ? », « Qu'a entraîné le mini-budget ? ».

Wrong answers are other real events of the story's stretch around the fact (`distractors.same_stretch`:
none of another era, « OpenAI est fondée » for a resignation of November 2023), the nearest in time
first, and only from the side of the fact where a cause (not after it) or a consequence (not before
it) may lie: one the dates alone rule out would give the answer away (« Sam Altman retrouve la
direction générale » as a cause of Greg Brockman's resignation four days before). When too few are
left, the question is not asked. A wrong answer comes from outside the fact's thread of causes
(`Context.chain`): an event of that thread may be linked to the fact through links the deck leaves
unsaid, a later one come of it, an earlier one have led to it. Another effect of the fact's own cause
is no wrong cause: Sajid Javid resigning minutes before Rishi Sunak, for the same affair, may well be
why Sunak resigned.

A wrong answer is one the deck rules out, not one it merely leaves unlinked; the two sides differ. A
cause question asks about a fact the deck explains: its recorded causes are the story's account of
why it happened, and an event of another thread is not among them. A consequence question has no
such account: what a fact led to spreads through the rest of the story, and the deck's `led_to`
names a few links, never all of them (« Emmett Shear accepte l'intérim », « Satya Nadella annonce
l'arrivée de Sam Altman chez Microsoft » are real consequences of Sam Altman's dismissal the saga
does not link). So a wrong consequence must be an event the deck explains otherwise, by an account
the fact cannot have set off: it has recorded causes (of another thread, as it is outside the
fact's), every first cause of that account (one the deck does not explain in turn) is dated before
the fact, and neither it nor its account names anyone of the fact's thread. « La livre sterling
tombe », explained by the mini-budget, is no wrong consequence of Liz Truss's victory: nothing says
what led to the mini-budget, and her victory made its author's chancellorship possible; « Liz Truss
annonce sa démission » is none of Boris Johnson's announcement, which made her Prime Minister. The
story's other events, unexplained or explained by what came after the fact, make no wrong
consequence, and a fact with too few such events around it is not asked what it led to.

A link is asked once: the cause of B and the consequence of A are one question when A led to B, so a
consequence is first sought among the links no cause question asks. A succession is not asked its
cause when that cause is its own people's doing (« X démissionne » for « Y remplace X »): a
tautology.

Wrong causes are, besides, events of the thread's own people when the story has enough of them (the
queen appointing Liz Truss, for the fall of the pound after her chancellor's budget): an event of
nobody in the thread (the queen's funeral) reads as absurd beside them and leaves two credible
choices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .. import french
from ..context import Context, entities_of, fact_date
from ..distractors import N_DISTRACTORS, same_stretch
from ..model import Event, Succession
from . import Candidate, Output, Style
from .common import RANK, dated, fact_choice, twins


def build(ctx: Context) -> Iterator[Output]:
    timed: list[Event | Succession] = [*ctx.deck.events, *ctx.deck.successions]
    facts = [f for f in timed if not f.background]
    asked: dict[str, Candidate] = {}  # each fact's cause question, made first: their links are taken
    for fact in facts:
        causes = [c for c in ctx.causes.get(fact.id, []) if not ctx.facts_by_id[c].background]
        if causes and (found := _ask(ctx, fact, causes, "cause")) is not None:
            asked[fact.id] = found
    taken = {c.claim for c in asked.values()}
    for fact in facts:
        if fact.id in asked:
            yield asked[fact.id]
        effects = [c for c in ctx.effects.get(fact.id, []) if not ctx.facts_by_id[c].background]
        # A consequence whose link no cause question asks first: when the same link is asked both ways,
        # the curator keeps one and the fact's other effects go unasked. Then any, as the curator may
        # still prefer it to the cause question.
        fresh = [e for e in effects if _link(fact.id, e) not in taken]
        found = _ask(ctx, fact, fresh, "consequence") if fresh else None
        if found is None and effects:
            found = _ask(ctx, fact, effects, "consequence")
        if found is not None:
            yield found


def _link(a: str, b: str) -> tuple[str, ...]:
    """What a question about the link between two facts claims, whichever way it is asked."""
    return ("link", *sorted((a, b)))


def _when(f: Any) -> dt.date:
    d = f.date
    return (d.earliest or d.latest) if d is not None and d.is_known() and (d.earliest or d.latest) else dt.date.max


def _tautology(fact: Any, cause: Any) -> bool:
    """« Qu'est-ce qui a provoqué l'arrivée de Y ? » — « X démissionne » or « Y est élu »."""
    return isinstance(fact, Succession) and bool({fact.outgoing, fact.incoming} & entities_of(cause))


def _ask(ctx: Context, fact: Event | Succession, linked: list[str], way: str) -> Candidate | None:
    if way == "cause":
        linked = [c for c in linked if not _tautology(fact, ctx.facts_by_id[c])]
    else:
        linked = [e for e in linked if not _tautology(ctx.facts_by_id[e], fact)]
    if not linked:
        return None
    answer: Any = ctx.facts_by_id[linked[int.from_bytes(fact.id.encode()[:2], "big") % len(linked)]]
    label = ctx.fact_label(fact)
    plural = label.lower().startswith(("les ", "des "))
    prompt = f"Qu'est-ce qui a provoqué {label}" if way == "cause" else f"Qu'{'ont' if plural else 'a'} entraîné {label}"
    linked_anyhow = ctx.upstream(fact.id) if way == "cause" else ctx.downstream(fact.id)
    thread = ctx.chain(fact.id)

    cast = {x for f in thread for x in entities_of(ctx.facts_by_id[f])}

    def plausible(f: Any) -> bool:
        """Outside the fact's thread, on the side of the fact where a cause (not after it) or a
        consequence (not before it) may lie; never the fact itself told another way (the same day, the
        same people: the queen appointing Liz Truss and Liz Truss taking office). A consequence is
        explained otherwise, by causes of its own, and names none of the thread's people."""
        if f.date is None or fact.date is None or f.id in thread or twins(f, fact) or twins(f, answer):
            return False
        if way == "cause":
            return not fact.date.before(f.date)
        return not f.date.before(fact.date) and explained_otherwise(f)

    def explained_otherwise(f: Any) -> bool:
        """The deck's account of `f` (its causes, however far) starts before the fact, each of its
        first causes dated before it, and names nobody of the fact's thread."""
        account = ctx.upstream(f.id)
        if not account or fact.date is None:
            return False
        for a in (ctx.facts_by_id[x] for x in account | {f.id}):
            if entities_of(a) & cast:
                return False
            if not ctx.causes.get(a.id) and not ((when := fact_date(a)) is not None and when.before(fact.date)):
                return False
        return True

    of_its_time = same_stretch(fact.date, answer.date)
    everything: list[Event | Succession] = [*ctx.deck.events, *ctx.deck.successions]
    pool = [
        f
        for f in everything
        if f.id not in linked_anyhow
        and f.id != fact.id
        and not f.background
        and of_its_time(f.date)
        and plausible(f)
        and not french.mentions(prompt, [ctx.fact_label(f)])
    ]
    # Wrong causes of the thread's own people (the queen appointing Liz Truss, for the fall of the
    # pound after her chancellor's budget) when there are enough of them: then no event of nobody in
    # the thread (the queen's funeral) is offered. The nearest in time first.
    of_its_people = [f for f in pool if entities_of(f) & cast]
    if len(of_its_people) >= N_DISTRACTORS:
        pool = of_its_people
    pool.sort(key=lambda f: (abs((_when(f) - _when(fact)).days), f.id))
    near = [f for i, f in enumerate(pool) if not any(twins(f, g) for g in pool[:i])][: N_DISTRACTORS + 2]
    if len(near) < N_DISTRACTORS:
        return None
    wrongs = ctx.rng.sample(near, N_DISTRACTORS)
    cause, effect = (answer, fact) if way == "cause" else (fact, answer)

    def explain(texts: dict[str, str]) -> str:
        before, after = dated(french.capitalize(ctx.fact_label(cause)), cause), dated(ctx.fact_label(effect), effect)
        link = f"{before} a conduit {french.a(after)}"
        return f"{link}. {effect.explanation}"

    basis = {"check": way, "fact": fact.id}
    question = fact_choice(ctx, fact, way, "cause", prompt, answer, wrongs, (fact.id, answer.id), basis, explain)
    if question is None:
        return None
    return Candidate(question, RANK[way], _link(fact.id, answer.id), fact.id, way)


STYLE = Style("causes", build)
