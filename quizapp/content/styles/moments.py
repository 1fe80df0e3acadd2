"""One day, asked once: « Que s'est-il passé le vendredi 17 novembre 2023 ? » (several answers).

Where several facts share one day, one question gathers them instead of one date question each
with the same answer; the wrong choices are facts certainly of other days, the nearest first, and
of the day's stretch of the story (`distractors.same_stretch`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from .. import french
from ..context import Context, entities_of
from ..dates import DateSpec
from ..distractors import same_stretch
from ..model import Event, Succession
from . import Candidate, Output, Style
from .common import RANK

NEAR_WINDOW = 60  # facts either side of the day, in time, among which wrong answers are taken
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
    right = ctx.rng.sample(facts, min(MAX_RIGHT, len(facts)))
    if "moments" not in ctx.memo:  # the dated facts in time order, once per generation
        timed = sorted(
            ((f, d) for f, d in ctx.dated if d.earliest and d.latest), key=lambda pair: pair[1].earliest or dt.date.min
        )
        ctx.memo["moments"] = ([d.earliest for _, d in timed], timed)
    starts, timed = ctx.memo["moments"]
    at = bisect.bisect_left(starts, day)
    window = timed[max(0, at - NEAR_WINDOW) : at + NEAR_WINDOW]  # the nearest in time: the only ones chosen
    of_its_time = same_stretch(DateSpec(day, day, "day"))  # no event of another year on a sparse day
    # Wrong facts are certainly of another day: not a fact told at midnight the day before or after.
    others = [(f, d) for f, d in window if not f.background and not _may_be(ctx, d, day) and of_its_time(d)]
    others.sort(key=lambda pair: (abs(((pair[1].earliest or day) - day).days), pair[0].id))
    # Two wrong facts of one day about one person (« Shear accepte l'intérim », « Shear remplace
    # Murati ») stand or fall together: one of them only.
    distinct: list[Any] = []
    for f, d in others:
        if len(distinct) == N_WRONG * 3:
            break  # the nearest only: the rest would not be chosen
        if not any(d.text() == g.date.text() and entities_of(f) & entities_of(g) for g in distinct):
            distinct.append(f)
    nearest = distinct
    wrong = ctx.rng.sample(nearest, min(N_WRONG, len(nearest)))
    if len(wrong) < N_WRONG:
        return None
    shown = [*right, *wrong]
    ctx.rng.shuffle(shown)
    texts = dict(zip((f.id for f in shown), ctx.item_texts(shown), strict=True))
    if len({french.normalize_answer(t) for t in texts.values()}) < len(shown):
        return None  # two facts that read alike cannot be told apart
    anchor = facts[0]
    steps = " ; ".join(ctx.fact_label(f) for f in facts)
    question = ctx.question(
        anchor,
        "moment",
        kind="moment",
        format="multi",
        prompt=french.ask(f"Que s'est-il passé le {french.day(day, weekday=True)}"),
        answer=tuple(texts[f.id] for f in shown if f in right),
        choices=tuple(texts[f.id] for f in shown),
        explanation=f"Ce jour-là : {steps}.",
        facts=tuple(f.id for f in right),
        basis={"check": "moment", "day": day.isoformat(), "options": {texts[f.id]: f.id for f in shown}},
    )
    return Candidate(question, RANK["moment"], ("moment", day.isoformat()), anchor.id, "moment")


def _may_be(ctx: Context, d: Any, day: dt.date) -> bool:
    low, high = ctx.possible(d)
    return (low or dt.date.min) <= day <= (high or dt.date.max)


STYLE = Style("moments", build)
