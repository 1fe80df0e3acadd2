"""Why and what came next, from the links the deck authors (`because`, `led_to`):
« Qu'est-ce qui a provoqué la démission de Greg Brockman ? », « Qu'a entraîné le mini-budget ? ».

Wrong answers are other real events of the story that the dates rule out: for a cause, events
that came after; for a consequence, events that came before (the nearest in time first, often of
the same thread, so that ruling them out takes knowing when they happened).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .. import french
from ..context import Context
from ..distractors import N_DISTRACTORS
from ..model import Event, Succession
from . import Candidate, Output, Style
from .common import RANK


def build(ctx: Context) -> Iterator[Output]:
    for fact in (*ctx.deck.events, *ctx.deck.successions):
        if fact.background:
            continue
        causes = [c for c in ctx.causes.get(fact.id, []) if not ctx.facts_by_id[c].background]
        effects = [c for c in ctx.effects.get(fact.id, []) if not ctx.facts_by_id[c].background]
        if causes:
            found = _ask(ctx, fact, causes, "cause")
            if found is not None:
                yield found
        if effects:
            found = _ask(ctx, fact, effects, "consequence")
            if found is not None:
                yield found


def _when(f: Any) -> dt.date:
    d = f.date
    return (d.earliest or d.latest) if d is not None and d.is_known() and (d.earliest or d.latest) else dt.date.max


def _ask(ctx: Context, fact: Event | Succession, linked: list[str], way: str) -> Candidate | None:
    answer: Any = ctx.facts_by_id[linked[int.from_bytes(fact.id.encode()[:2], "big") % len(linked)]]
    label = ctx.fact_label(fact)
    plural = label.lower().startswith(("les ", "des "))
    prompt = f"Qu'est-ce qui a provoqué {label}" if way == "cause" else f"Qu'{'ont' if plural else 'a'} entraîné {label}"
    direct = set(ctx.causes.get(fact.id, [])) | set(ctx.effects.get(fact.id, []))

    def impossible(f: Any) -> bool:
        """A cause cannot come after the event, nor a consequence before it: such wrong answers are
        wrong by the dates, whatever common sense links the deck leaves unsaid."""
        if f.date is None or fact.date is None:
            return False
        return fact.date.before(f.date) if way == "cause" else f.date.before(fact.date)

    pool = [
        f
        for f in (*ctx.deck.events, *ctx.deck.successions)
        if f.id not in direct
        and f.id != fact.id
        and not f.background
        and impossible(f)
        and not french.mentions(prompt, [ctx.fact_label(f)])
    ]
    pool.sort(key=lambda f: (abs((_when(f) - _when(fact)).days) if _when(f) != dt.date.max else 10**7, f.id))
    wrongs = ctx.rng.sample(pool[: N_DISTRACTORS + 3], min(N_DISTRACTORS, len(pool)))
    if len(wrongs) < N_DISTRACTORS:
        return None
    shown = [answer, *wrongs]
    ctx.rng.shuffle(shown)
    texts = dict(zip((f.id for f in shown), ctx.item_texts(shown), strict=True))
    if len({french.normalize_answer(t) for t in texts.values()}) < len(texts):
        return None
    if french.mentions(prompt, [texts[answer.id], ctx.fact_label(answer)]):
        return None  # the question would say its own answer
    question = ctx.question(
        fact,
        way,
        kind="cause",
        format="choice",
        prompt=french.ask(prompt),
        answer=texts[answer.id],
        choices=tuple(texts[f.id] for f in shown),
        facts=(fact.id, answer.id),
        basis={"check": way, "fact": fact.id, "options": {texts[f.id]: f.id for f in shown}},
    )
    return Candidate(question, RANK[way], (way, fact.id), fact.id, way)


STYLE = Style("causes", build)
