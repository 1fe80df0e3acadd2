"""One day, asked once: « Que s'est-il passé le vendredi 17 novembre 2023 ? » (several answers).

Where several facts share one day, one question gathers them instead of one date question each
with the same answer; the wrong choices are facts certainly of other days, the nearest first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from .. import french
from ..context import Context
from ..model import Event, Succession
from . import Candidate, Output, Style
from .common import RANK

MAX_RIGHT = 3
N_WRONG = 2


def build(ctx: Context) -> Iterator[Output]:
    by_day: dict[dt.date, list[Event | Succession]] = defaultdict(list)
    for fact, d in ctx.dated:
        if d.exact and not fact.background:
            by_day[d.exact].append(fact)
    for day, facts in sorted(by_day.items()):
        if len(facts) >= 2:
            found = _moment(ctx, day, facts)
            if found is not None:
                yield found


def _moment(ctx: Context, day: dt.date, facts: list[Any]) -> Candidate | None:
    labels = {f.id: french.capitalize(ctx.fact_label(f)) for f, _ in ctx.dated}
    right = ctx.rng.sample(facts, min(MAX_RIGHT, len(facts)))
    if len({french.normalize_answer(labels[f.id]) for f in right}) < len(right):
        return None
    taken = {french.normalize_answer(labels[f.id]) for f in facts}
    others = [(f, d) for f, d in ctx.dated if not f.background and d.earliest and d.latest and not d.earliest <= day <= d.latest]
    others.sort(key=lambda pair: (abs(((pair[1].earliest or day) - day).days), pair[0].id))
    wrong: list[Any] = []
    for f, _ in others[: N_WRONG * 3]:
        norm = french.normalize_answer(labels[f.id])
        if norm not in taken:
            taken.add(norm)
            wrong.append(f)
    wrong = ctx.rng.sample(wrong, min(N_WRONG, len(wrong)))
    if len(wrong) < N_WRONG:
        return None
    shown = [*right, *wrong]
    ctx.rng.shuffle(shown)
    anchor = facts[0]
    answers = tuple(labels[f.id] for f in shown if f in right)
    steps = " ; ".join(french.lower_first(labels[f.id]) for f in facts)
    question = ctx.question(
        anchor,
        "moment",
        kind="moment",
        format="multi",
        prompt=french.ask(f"Que s'est-il passé le {french.day(day, weekday=True)}"),
        answer=answers,
        choices=tuple(labels[f.id] for f in shown),
        explanation=f"Ce jour-là : {steps}.",
        facts=tuple(f.id for f in right),
        basis={"check": "moment", "day": day.isoformat(), "options": {labels[f.id]: f.id for f in shown}},
    )
    return Candidate(question, RANK["moment"], ("moment", day.isoformat()), anchor.id, "moment")


STYLE = Style("moments", build)
