"""Numbers the deck does not state but implies, computed from its dates and figures:

- durations between two linked events (« Combien de jours séparent le licenciement de Sam Altman de
  l'accord sur son retour ? (à un jour près) »), typed and accepted within the stated tolerance;
- which of two figures of one unit is larger, when their values cannot overlap;
- the share a part is of its whole (`part_of`), typed in percent within five points.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

from .. import french
from ..context import Context
from ..distractors import figure_span
from ..model import Event, Figure, Succession
from . import Candidate, Output, Style
from .common import RANK

SHARE_TOLERANCE = 5.0  # percentage points
MIN_GAP = 2  # a duration of 0 or 1 day says nothing a date question does not


def build(ctx: Context) -> Iterator[Output]:
    yield from _durations(ctx)
    yield from _comparisons(ctx)
    yield from _shares(ctx)


def _point(f: Event | Succession) -> tuple[str, int] | None:
    """A fact's date as (unit, ordinal): days for a day, years for a year; None when vaguer."""
    d = f.date
    if d is None or f.background:
        return None
    if d.exact:
        return "day", d.exact.toordinal()
    if d.precision == "year" and d.earliest:
        return "year", d.earliest.year
    return None


def _durations(ctx: Context) -> Iterator[Output]:
    """From each dated fact, the time to the nearest later fact it is linked to by causes and
    consequences; each fact starts one duration at most, ends two, and one value is asked twice at most."""
    timed: list[Event | Succession] = [f for f in (*ctx.deck.events, *ctx.deck.successions) if _point(f)]
    timed.sort(key=lambda f: _point(f) or ("", 0))
    ends: Counter[str] = Counter()
    values: Counter[tuple[str, int]] = Counter()
    for a in timed:
        pa = _point(a)
        assert pa is not None
        chain = ctx.chain(a.id)
        later = [
            (gap, b)
            for b in timed
            if b.id in chain and (pb := _point(b)) is not None and pb[0] == pa[0] and (gap := pb[1] - pa[1]) >= MIN_GAP
        ]
        later = [(gap, b) for gap, b in later if ends[b.id] < 2 and values[(pa[0], gap)] < 2]
        if not later:
            continue
        gap, b = min(later, key=lambda item: (item[0], item[1].id))
        ends[b.id] += 1
        values[(pa[0], gap)] += 1
        unit, one, many = ("jours", "jour", "jours") if pa[0] == "day" else ("ans", "an", "années")
        prompt = f"Combien de {many} séparent {ctx.fact_label(a)} {french.de(ctx.fact_label(b))} (à un {one} près)"
        yield _typed(ctx, a, "duration", french.ask(prompt), gap, 1.0, french.quantity(gap, unit, one), (a.id, b.id))


def _comparisons(ctx: Context) -> Iterator[Output]:
    figures = [f for f in ctx.deck.figures if not f.background]
    for a, b in itertools.combinations(figures, 2):
        if a.unit != b.unit or a.part_of == b.id or b.part_of == a.id:
            continue
        if french.normalize_answer(a.label) == french.normalize_answer(b.label):
            continue  # two figures that read alike cannot be told apart
        span_a, span_b = figure_span(a), figure_span(b)
        if span_a[1] < span_b[0]:
            smaller, larger = a, b
        elif span_b[1] < span_a[0]:
            smaller, larger = b, a
        else:
            continue  # « plus de 500 » and « environ 600 » cannot be ordered
        choices = [french.capitalize(larger.label), french.capitalize(smaller.label)]
        ctx.rng.shuffle(choices)
        question = ctx.question(
            a,
            f"comparison-{b.id}",
            kind="computed",
            format="choice",
            prompt=french.ask("Lequel de ces deux chiffres de l'histoire est le plus élevé"),
            answer=french.capitalize(larger.label),
            choices=tuple(choices),
            explanation=f"{french.capitalize(larger.label)} : {_text(larger)} ; {smaller.label} : {_text(smaller)}.",
            facts=(a.id, b.id),
            basis={"check": "larger", "options": {french.capitalize(f.label): f.id for f in (larger, smaller)}},
        )
        yield Candidate(question, RANK["computed"], ("comparison", a.id, b.id), a.id, "comparison")


def _shares(ctx: Context) -> Iterator[Output]:
    wholes = {f.id: f for f in ctx.deck.figures}
    for part in ctx.deck.figures:
        whole = wholes.get(part.part_of or "")
        if part.background or whole is None or not whole.value or part.qualifier == "less_than":
            continue
        share = round(100 * float(part.value) / float(whole.value))
        if not 0 < share <= 100:
            continue
        around = "plus de " if part.qualifier == "more_than" else ("environ " if part.qualifier == "about" else "")
        prompt = (
            f"Quelle part {french.de(whole.label)} représente {part.label}, d'après les chiffres de l'histoire "
            f"(en pourcentage, à {int(SHARE_TOLERANCE)} points près)"
        )
        yield _typed(ctx, part, "share", french.ask(prompt), share, SHARE_TOLERANCE, f"{around}{share} %", (part.id, whole.id))


def _text(f: Figure) -> str:
    return (
        "plus de "
        if f.qualifier == "more_than"
        else "moins de "
        if f.qualifier == "less_than"
        else "environ "
        if f.qualifier == "about"
        else ""
    ) + french.quantity(f.value, f.unit, f.unit_one)


def _typed(
    ctx: Context, fact: Any, variant: str, prompt: str, value: float, tolerance: float, shown: str, facts: tuple[str, ...]
) -> Candidate:
    question = ctx.question(
        fact,
        f"{variant}-{facts[1]}",
        kind="computed",
        format="text",
        prompt=prompt,
        answer=shown,
        accepted=(shown,),
        number=float(value),
        tolerance=tolerance,
        facts=facts,
        basis={"check": variant, "facts": list(facts), "value": value, "tolerance": tolerance},
    )
    return Candidate(question, RANK["computed"], (variant, *facts), fact.id, variant)


STYLE = Style("computed", build)
