"""Put events in order: « Remettez ces événements dans l'ordre chronologique… ».

Each dated event anchors one ordering of itself and the facts nearest in time that are certainly at
other times (`Context.before`: a fact told at midnight may be of the day before or after), so that
ordering them takes knowing the story rather than the century. Items are told
apart by their labels: facts with one label are never in one question.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from typing import Any

from .. import french
from ..context import Context
from ..dates import DateSpec
from ..model import Event
from . import Candidate, Output, Style
from .common import RANK

CHRONO_SIZE = 4
MIN_SIZE = 3
PROMPT = "Remettez ces événements dans l'ordre chronologique, du plus ancien au plus récent."


def build(ctx: Context) -> Iterator[Output]:
    for fact, d in ctx.dated:
        if isinstance(fact, Event) and not fact.background:
            found = _chronology(ctx, fact, d)
            if found is not None:
                yield found


NEAR_WINDOW = 60  # facts either side of the anchor, in time, among which the others are taken


def _by_middle(ctx: Context) -> tuple[list[dt.date], list[tuple[Any, DateSpec]]]:
    """The dated facts by the middle of their date, with those middles (computed once per context)."""
    if "chronology" not in ctx.memo:
        pairs = sorted(ctx.dated, key=lambda pair: (_middle(pair[1]), pair[0].id))
        ctx.memo["chronology"] = ([_middle(d) for _, d in pairs], pairs)
    found: tuple[list[dt.date], list[tuple[Any, DateSpec]]] = ctx.memo["chronology"]
    return found


def _middle(d: DateSpec) -> dt.date:
    low, high = d.earliest or d.latest, d.latest or d.earliest
    assert low is not None and high is not None
    return low + (high - low) / 2


def _chronology(ctx: Context, anchor: Event, when: DateSpec) -> Candidate | None:
    group: list[tuple[Any, DateSpec]] = [(anchor, when)]
    labels = {french.normalize_answer(ctx.fact_label(anchor))}
    centre = _middle(when)
    # The facts nearest in time, from a window of the time-ordered facts around the anchor (sorting
    # every fact of a long story for every anchor would make generation quadratic).
    middles, ordered_facts = _by_middle(ctx)
    at = bisect.bisect_left(middles, centre)
    window = ordered_facts[max(0, at - NEAR_WINDOW) : at + NEAR_WINDOW]
    nearest = sorted(
        (pair for pair in window if pair[0] is not anchor and not pair[0].background),
        key=lambda pair: (abs((_middle(pair[1]) - centre).days), pair[0].id),
    )
    for fact, d in nearest:
        label = french.normalize_answer(ctx.fact_label(fact))
        if label in labels or not all(ctx.before(d, g) or ctx.before(g, d) for _, g in group):
            continue
        group.append((fact, d))
        labels.add(label)
        if len(group) == CHRONO_SIZE:
            break
    if len(group) < MIN_SIZE:
        return None
    group.sort(key=lambda pair: pair[1].earliest or dt.date.min)
    ordered = tuple(ctx.item_texts([f for f, _ in group]))
    if len({french.normalize_answer(t) for t in ordered}) < len(ordered):
        return None  # two facts that read alike could not be told apart
    shown = ctx.rng.sample(ordered, len(ordered))
    if tuple(shown) == ordered:  # the texts are distinct, so one rotation always changes the order
        shown = shown[1:] + shown[:1]
    steps = ", puis ".join(f"{ctx.fact_label(f)} ({d.text()})" for f, d in group)
    question = ctx.question(
        anchor,
        "chronology",
        kind="chronology",
        format="order",
        prompt=PROMPT,
        answer=ordered,
        choices=tuple(shown),
        explanation=f"Dans l'ordre : {steps}.",
        facts=tuple(f.id for f, _ in group),
        basis={"check": "order", "facts": [f.id for f, _ in group]},
    )
    return Candidate(question, RANK["chronology"], ("chronology", frozenset(f.id for f, _ in group)), anchor.id, "chronology")


STYLE = Style("chronology", build)
