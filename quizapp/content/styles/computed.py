"""Numbers the deck does not state but implies, computed from its dates and figures:

- durations between two linked events (« Combien de jours séparent le licenciement de Sam Altman de
  l'accord sur son retour ? (à un jour près) »), typed and accepted within the stated tolerance,
  in days, or in years when one date is only a year or the span is longer than two years;
- how long a post was held, when the deck gives both ends;
- which of two figures of one unit is larger, when their values cannot overlap;
- the share a part is of its whole (`part_of`), typed in percent within five points.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from .. import french
from ..context import Context
from ..dates import DateSpec
from ..distractors import figure_span
from ..model import Event, Figure, Succession
from . import Candidate, Output, Style
from .common import RANK

SHARE_TOLERANCE = 5.0  # percentage points
MAX_DURATIONS = 4  # duration questions per deck at most
MIN_GAP = 2  # a duration of 0 or 1 day says nothing a date question does not


def build(ctx: Context) -> Iterator[Output]:
    yield from _durations(ctx)
    yield from _lengths(ctx)
    yield from _comparisons(ctx)
    yield from _shares(ctx)


def _point(f: Event | Succession) -> dt.date | int | None:
    """A fact's date: the day when it has one, the year when it is only known to the year."""
    d = f.date
    if d is None or f.background:
        return None
    if d.exact:
        return d.exact
    if d.precision == "year" and d.earliest:
        return d.earliest.year
    return None


def _gap(a: dt.date | int, b: dt.date | int) -> tuple[str, int]:
    """The time from `a` to `b`: in days between two days less than two years apart, else in whole years."""
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        if (b - a).days < 730:
            return "day", (b - a).days
        return "year", b.year - a.year - ((b.month, b.day) < (a.month, a.day))
    year = lambda x: x.year if isinstance(x, dt.date) else x  # noqa: E731
    return "year", year(b) - year(a)


def _asked(unit_of: str) -> tuple[str, str, str]:
    """(unit, one, « Combien de … ») for a duration in days or years."""
    return ("jours", "jour", "jours") if unit_of == "day" else ("ans", "an", "années")


def _durations(ctx: Context) -> Iterator[Output]:
    """The time between a dated fact and a later one it led to (through causes and consequences).
    Only the longest spans are asked, each fact starting one and ending one, each value once: a story
    of a few days would otherwise yield a dozen « combien de jours » whose answers are all 2 or 3."""
    timed = [(f, p) for f in (*ctx.deck.events, *ctx.deck.successions) if (p := _point(f)) is not None]
    pairs: list[tuple[int, str, Event | Succession, Event | Succession]] = []
    for a, pa in timed:
        chain = ctx.chain(a.id)
        for b, pb in timed:
            if b.id in chain and (gap := _gap(pa, pb))[1] >= MIN_GAP:
                pairs.append((gap[1], gap[0], a, b))
    pairs.sort(key=lambda p: (-p[0] * (365 if p[1] == "year" else 1), p[2].id, p[3].id))
    starts: set[str] = set()
    ends: set[str] = set()
    values: set[tuple[str, int]] = set()
    for gap, unit_of, a, b in pairs:
        if len(values) == MAX_DURATIONS:
            break
        if a.id in starts or b.id in ends or (unit_of, gap) in values:
            continue
        starts.add(a.id)
        ends.add(b.id)
        values.add((unit_of, gap))
        unit, one, many = _asked(unit_of)
        prompt = f"Combien de {many} séparent {ctx.fact_label(a)} {french.de(ctx.fact_label(b))} (à un {one} près)"
        shown = french.quantity(gap, unit, one)
        yield _typed(ctx, a, f"duration-{b.id}", french.ask(prompt), gap, 1.0, shown, (a.id, b.id), "duration")


def _lengths(ctx: Context) -> Iterator[Output]:
    """How long a post was held, when both ends are days (or years) the deck gives: « Pendant combien
    de jours Liz Truss a-t-elle occupé… ». Posts that begin or end inside the story come first; a
    length the deck already states as a figure of the holder is not asked twice."""
    stated = [f for f in ctx.deck.figures if not f.background]
    spans = []
    for t in ctx.deck.tenures:
        if t.background or t.since is None or t.until is None:
            continue
        since, until = (_exact_or_year(d) for d in (t.since, t.until))
        if since is None or until is None:
            continue
        unit_of, gap = _gap(since, until)
        if gap >= MIN_GAP:
            inside = any(isinstance(x, dt.date) and x in ctx.window for x in (since, until))
            spans.append((not inside, t, unit_of, gap))
    spans.sort(key=lambda s: s[0])
    for _, t, unit_of, gap in spans[:MAX_DURATIONS]:
        unit, one, many = _asked(unit_of)
        if any(f.subject == t.holder and f.value == gap and f.unit in (unit, one) for f in stated):
            continue  # the deck states it as a figure, which is asked already
        held = f"assuré l'intérim {french.de(ctx.post(t.role))}" if t.interim else f"occupé {ctx.post(t.role)}"
        name, pronoun = ctx.name(t.holder), ctx.pronoun(t.holder)
        prompt = f"Pendant combien de {many} {name} a-t-{pronoun} {held} (à un {one} près)"
        shown = french.quantity(gap, unit, one)
        yield _typed(ctx, t, "length", french.ask(prompt), gap, 1.0, shown, (t.id,), "length")


def _exact_or_year(d: DateSpec) -> dt.date | int | None:
    if d.exact:
        return d.exact
    if d.precision == "year" and d.earliest:
        return d.earliest.year
    return None


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
        shown = f"{around}{share} %"
        prompt = french.ask(prompt)
        yield _typed(ctx, part, f"share-{whole.id}", prompt, share, SHARE_TOLERANCE, shown, (part.id, whole.id), "share")


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
    ctx: Context,
    fact: Any,
    variant: str,
    prompt: str,
    value: float,
    tolerance: float,
    shown: str,
    facts: tuple[str, ...],
    check: str,
) -> Candidate:
    question = ctx.question(
        fact,
        variant,
        kind="computed",
        format="text",
        prompt=prompt,
        answer=shown,
        accepted=(shown,),
        number=float(value),
        tolerance=tolerance,
        facts=facts,
        basis={"check": check, "facts": list(facts), "value": value, "tolerance": tolerance},
    )
    return Candidate(question, RANK["computed"], (check, *facts), fact.id, check)


STYLE = Style("computed", build)
