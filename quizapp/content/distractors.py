"""Wrong answers a learner cannot eliminate without knowing the story.

Every rule here holds for any deck: a wrong answer is of the answer's kind and sub-kind, number and
(when the sentence shows it) gender; it is never named in the question; it is never an entity that
speaks or acts for the answer; dates are of the answer's precision and inside the story; figures
are at the answer's precision, inside a plausible band, with the answer's qualifier; a wrong event
is of the fact's stretch of the story (`same_stretch`), never of another era. When too few
fair ones exist, the functions return None and the style asks another form of question.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from . import french
from .context import Context
from .dates import DateSpec
from .model import Figure

N_DISTRACTORS = 3
PREFERRED_POOL = 6  # wrong answers are drawn first among this many of the closest candidates
_MAX_TRIES = 60  # a large pool is sampled, never walked whole


@dataclass(frozen=True)
class Shown:
    """What the learner reads: an entity named there is never a wrong answer."""

    text: str
    gender_shown: bool = False  # the sentence agrees with the answer (« nommée »): same gender only
    voice: bool = False  # « who said / who did »: those who speak for the answer would be right too
    any_subkind: bool = False  # the odd one out: someone of the same sort from elsewhere in the story


def fair_entities(
    ctx: Context,
    answer: str,
    shown: Shown,
    wrong: Callable[[str], bool],
    prefer: Iterable[str] = (),
    count: int = N_DISTRACTORS,
) -> list[str] | None:
    """`count` wrong answers for the entity `answer`, those in `prefer` first, or None.

    `wrong(x)` is the fact-based proof that `x` is a wrong answer; the rest is fairness.
    """
    a = ctx.entity(answer)
    linked = set(ctx.members.get(answer, ())) if shown.voice else set()
    named = ctx.named_in(shown.text)
    if shown.voice:  # « Qui a pesé pour que Sam Altman revienne ? »: not OpenAI, which speaks for him
        for n in named:
            linked |= ctx.members.get(n, set())
    # « …l'arrivée chez Microsoft de… » with Microsoft's chief the only Microsoft person among the
    # choices gives the answer away: wrong answers then belong to what the question names, as the answer does.
    belongs = [ctx.members[n] for n in named & ctx.non_persons if answer in ctx.members.get(n, ())]
    seen = {french.normalize_answer(ctx.choice_name(answer))}
    gendered = shown.gender_shown or french.shows_gender(shown.text)

    def fair(x: str) -> bool:
        e = ctx.entity(x)
        if x == answer or e.kind != a.kind or e.plural != a.plural or x in linked:
            return False
        if a.subkind is not None and e.subkind != a.subkind and not shown.any_subkind:
            return False
        if gendered and (e.gender or "m") != (a.gender or "m"):
            return False
        if any(x not in group for group in belongs):
            return False
        return not french.mentions(shown.text, ctx.names_of(x)) and wrong(x)

    preferred = _unique(x for x in prefer if x in ctx.entities and x != answer)
    closest = list(itertools.islice(preferred, PREFERRED_POOL))

    def pools() -> Iterator[tuple[Sequence[str], set[str]]]:
        """The closest, then the other preferred, then everyone of the kind; each pool made only
        when the one before fell short (a long episode's whole list read for every question made
        generation quadratic), so the draws are those of reading them all first."""
        yield closest, set()
        further = list(preferred)
        yield further, set()
        taken = {*closest, *further}
        everyone = ctx.by_kind[a.kind]
        # A long story's whole pool is sampled as it is (those preferred are skipped when drawn):
        # copying it for every question would make generation quadratic.
        yield ([x for x in everyone if x not in taken] if len(everyone) <= _MAX_TRIES else everyone), taken

    chosen: list[str] = []
    for pool, skip in pools():
        for x in _sampled(ctx, pool):
            if x in skip:
                continue
            norm = french.normalize_answer(ctx.choice_name(x))
            if norm in seen or not fair(x):
                continue
            seen.add(norm)
            chosen.append(x)
            if len(chosen) == count:
                return chosen
    return None


def _unique(items: Iterable[str]) -> Iterator[str]:
    """`items` without repeats, in the order of their first appearance, read as they are needed."""
    seen: set[str] = set()
    for x in items:
        if x not in seen:
            seen.add(x)
            yield x


def _sampled(ctx: Context, pool: Sequence[str]) -> Iterable[str]:
    if len(pool) <= _MAX_TRIES:
        return ctx.rng.sample(list(pool), len(pool))
    return (ctx.rng.choice(pool) for _ in range(_MAX_TRIES))


# --- dates ----------------------------------------------------------------------------------------
NEAR_DAYS = 60  # days either side of a fact that are of its stretch of the story, however close the answer
STRETCH_FACTOR = 2  # how much further from the fact than the right answer a wrong event may lie


def days_apart(a: DateSpec, b: DateSpec) -> int:
    """Days between two dates' spans: 0 when they may overlap (2018 and 2018-11-17, or an open range);
    1 between two days, months or years that follow each other."""
    if a.latest is not None and b.earliest is not None and a.latest < b.earliest:
        return (b.earliest - a.latest).days
    if b.latest is not None and a.earliest is not None and b.latest < a.earliest:
        return (a.earliest - b.latest).days
    return 0


def same_stretch(fact: DateSpec | None, *right: DateSpec | None) -> Callable[[DateSpec | None], bool]:
    """Whether another event is of the fact's stretch of the story, so that its date alone does not
    rule it out as a wrong answer: no further from the fact than `NEAR_DAYS`, or than `STRETCH_FACTOR`
    times the farthest of the `right` answer's dates when that lies further (a cause years before
    its effect is answered among events of those years). « OpenAI est fondée » (2015) is no wrong
    cause of a resignation of November 2023 caused that same day. An undated event is of no
    stretch, and an undated fact has none: nothing then tells a fair wrong event from a giveaway.

    Args:
        fact: the date of the fact the question is about (or of the day it asks about), if any.
        right: the dates of what the question shows as right or names (undated ones count as 0 days).

    Returns:
        A test of another event's date.
    """
    if fact is None or not fact.is_known():
        return lambda d: False
    far = max((days_apart(fact, d) for d in right if d is not None and d.is_known()), default=0)
    reach = max(NEAR_DAYS, STRETCH_FACTOR * far)
    return lambda d: d is not None and d.is_known() and days_apart(fact, d) <= reach


def date_options(ctx: Context, d: DateSpec, shown: str = "") -> list[DateSpec] | None:
    """Three dates certainly different from `d`, at its precision, inside the story; deck dates first.

    Certainly different given how precise `d` is: a wrong date is never next to a span or a labelled
    date (« pendant le week-end… »: not the Friday before), nor within a day of a day told at
    midnight (« lundi 20 novembre à minuit » is the 21st for some readers: not the 19th nor the 21st).

    A day is answered among the story's days within `NEAR_DAYS` of it, then days next to it (a
    coronation six months after the rest is not offered October dates); a month or a year among the
    story's months or years; a labelled span among the deck's other labelled spans.
    """
    if d.precision == "unknown":
        return None
    spans = ctx.dates_by_precision.get(d.precision, [])
    if d.exact:  # the days within NEAR_DAYS, found by bisection in the deck's days
        starts = ctx.date_starts_by_precision.get(d.precision, [])
        low, high = (_shift(d.exact, -NEAR_DAYS) or dt.date.min), (_shift(d.exact, NEAR_DAYS) or dt.date.max)
        spans = spans[bisect.bisect_left(starts, low) : bisect.bisect_right(starts, high)]
    clear = _clear_of(ctx, d)
    pool: dict[str, DateSpec] = {x.text(): x for x in spans if clear(x)}
    own = set(pool)
    first, last = ctx.story_span
    if d.exact:
        for shift in (1, -1, 2, -2, 3, -3, 4, -4, 7, -7):
            day = _shift(d.exact, shift)
            if day is not None and (_shift(first, -7) or first) <= day <= last:
                pool.setdefault(french.day(day), DateSpec(day, day, "day"))
    elif d.precision == "year" and d.earliest:
        for shift in (1, -1, 2, -2, 3, -3):
            y = d.earliest.year + shift
            if first.year - 3 <= y <= last.year and 1 <= y <= 9999:
                pool.setdefault(str(y), DateSpec(dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))
    elif d.precision == "month" and d.earliest:
        for shift in (1, -1, 2, -2, 3):
            m = d.earliest.month - 1 + shift
            year = d.earliest.year + m // 12
            if not 1 <= year <= 9999:
                continue
            start = dt.date(year, m % 12 + 1, 1)
            after = _shift(start, 32)
            end = after.replace(day=1) - dt.timedelta(days=1) if after else dt.date.max
            if (_shift(first.replace(day=1), -92) or dt.date.min) <= start <= last:
                pool.setdefault(french.month(start), DateSpec(start, end, "month"))
    candidates = [x for text, x in pool.items() if clear(x) and not french.mentions(shown, [text])]
    deck_first = sorted(candidates, key=lambda x: (x.text() not in own, _distance(x, d)))
    chosen = deck_first[: N_DISTRACTORS + 2]
    ctx.rng.shuffle(chosen)
    return chosen[:N_DISTRACTORS] if len(chosen) >= N_DISTRACTORS else None


def _clear_of(ctx: Context, d: DateSpec) -> Callable[[DateSpec], bool]:
    """Whether a date is clearly other than `d`: outside the days `d` may be read as
    (`Context.possible`) and, when `d` is a span or has a label, with a whole day between them."""
    low, high = ctx.possible(d)
    between = 1 if d.precision == "range" or d.label else 0

    def clear(x: DateSpec) -> bool:
        if x.latest is not None and low is not None and (low - x.latest).days > between:
            return True
        return x.earliest is not None and high is not None and (x.earliest - high).days > between

    return clear


def _shift(day: dt.date, days: int) -> dt.date | None:
    """`day` moved by `days`, or None past the calendar's ends (years 1 and 9999)."""
    if (days > 0 and (dt.date.max - day).days < days) or (days < 0 and (day - dt.date.min).days < -days):
        return None
    return day + dt.timedelta(days=days)


def _distance(x: DateSpec, d: DateSpec) -> int:
    if x.earliest and d.earliest:
        return abs((x.earliest - d.earliest).days)
    return 10**6


# --- figures ----------------------------------------------------------------------------------------
_INF = float("inf")
_PREFIX = {"exact": "", "more_than": "plus de ", "less_than": "moins de ", "about": "environ "}
Span = tuple[float, float]


def figure_text(f: Figure, value: float | None = None) -> str:
    """« 13 milliards de dollars », « plus de 500 salariés », « environ 770 salariés »."""
    return _PREFIX[f.qualifier] + french.quantity(f.value if value is None else value, f.unit, f.unit_one)


def figure_span(f: Figure) -> Span:
    """The values a figure allows: exact -> that value; « plus de N » -> (N, inf); « environ N » -> ±25 %."""
    v = float(f.value)
    return {"exact": (v, v), "more_than": (v, _INF), "less_than": (0.0, v), "about": (v * 0.75, v * 1.25)}[f.qualifier]


def precision_step(value: float) -> float:
    """The step a figure is given at: 770 -> 10, 13 milliards -> 1 milliard, 2,5 -> 0,1."""
    if value <= 0:
        return 1.0
    if not float(value).is_integer():  # figures are shown with at most two decimals
        decimals = len(f"{value:.2f}".rstrip("0").split(".")[1])
        return 10.0**-decimals if decimals else 1.0
    n = int(value)
    step = 1
    # The largest power of ten that divides it, but never more than a quarter of it (100 -> 10).
    while n % (step * 10) == 0 and step * 10 <= n / 4 and step < 10**15:  # ends: tenfold up to a bound
        step *= 10
    return float(step)


SMALL_COUNT = 20  # counts up to this are never answered by their neighbours (4 days vs 5 days)
PERCENT_UNITS = ("%", "pour cent", "pourcent", "pourcents")


def _band(f: Figure, whole: Figure | None) -> Span:
    """Where wrong answers may lie: the author's band, else a third to three times the value; never
    more than the whole a part belongs to, nor more than 100 %."""
    v = float(f.value)
    low, high = (float(f.band.low), float(f.band.high)) if f.band else (v / 3, v * 3)
    if whole is not None:
        high = min(high, float(whole.value))
    if (f.unit or "").strip().lower() in PERCENT_UNITS:
        high = min(high, 100.0)
    return low, high


def figure_options(ctx: Context, f: Figure, related: Sequence[Figure], whole: Figure | None) -> dict[str, Span] | None:
    """Three wrong answers with the values each one claims; none can contain the true value.

    Exact and « environ » figures are answered with values drawn at random inside the band (not at
    fixed ratios of the answer: 90, 112 and 135 beside 45 give it away), rounded as the answer is,
    apart from it and from each other, never a plain double, half or triple of it, never a series of
    its multiples nor evenly spaced, and the answer's place among them drawn; each keeps the answer's
    qualifier. « Plus de » / « moins de » figures are answered with brackets that split the band.
    """
    v = float(f.value)
    low, high = _band(f, whole)
    quantity = lambda x: french.quantity(x, f.unit, f.unit_one)  # noqa: E731
    out: dict[str, Span] = {}
    if f.qualifier in ("more_than", "less_than"):
        cuts = sorted({_round(x, precision_step(v)) for x in (low, (low + v) / 2, v, (v + high) / 2, high) if x > 0})
        if f.qualifier == "more_than":  # « plus de N »: brackets that split 0..N
            bounds = [0.0, *[x for x in cuts if x < v][-2:], v]
        else:  # « moins de N »: brackets from N upwards
            bounds = [v, *[x for x in cuts if x > v][:2], _INF]
        brackets = list(itertools.pairwise(bounds))
        for a, b in brackets:
            if a == 0:
                text = f"moins de {quantity(b)}"
            elif b == _INF:
                text = f"plus de {quantity(a)}"
            else:
                text = f"entre {french.number(a)} et {quantity(b)}"
            out[text] = (a, b)
        return out if len(out) >= 3 else None
    step = grain(v)
    true_low, true_high = figure_span(f)
    gap = ABOUT_GAP if f.qualifier == "about" else MIN_GAP  # « environ 115 » and « environ 120 » say one thing

    def usable(x: float) -> bool:
        if step < 1 and float(x).is_integer():  # « 57,4 % » is answered among figures with a decimal too
            return False
        if v <= SMALL_COUNT and abs(x - v) <= 1:  # 4 or 5 days? counted with or without the first day
            return False
        if v > SMALL_COUNT and _simple_ratio(x, v):  # 90 and 135 beside 45 show which one the others were made from
            return False
        return low <= x <= high and x > 0 and not (true_low <= x <= true_high) and not _close(x, v, f.qualifier)

    others = [_round(float(o.value), step) for o in related if o is not f and o.qualifier == f.qualifier]
    below = _drawn(ctx, v, step, max(low, v * MIN_FACTOR), v * (1 - gap), [o for o in others if o < v])
    above = _drawn(ctx, v, step, v * (1 + gap), min(high, v * MAX_FACTOR), [o for o in others if o > v])
    below = [x for x in dict.fromkeys(below) if usable(x)]
    above = [x for x in dict.fromkeys(above) if usable(x)]
    # The answer's place among the choices is drawn, so that it is not always the largest or the smallest.
    for n_below in ctx.rng.sample(range(N_DISTRACTORS + 1), N_DISTRACTORS + 1):
        picked = _spread(below, n_below, v, step, gap) + _spread(above, N_DISTRACTORS - n_below, v, step, gap)
        if len(picked) < N_DISTRACTORS or _on_a_grid(v, picked):
            continue
        out = {figure_text(f, x): (x * 0.75, x * 1.25) if f.qualifier == "about" else (x, x) for x in picked}
        out.pop(figure_text(f), None)  # shown alike once rounded: not a different answer
        if len(out) == N_DISTRACTORS:
            return out
    return None


MIN_GAP = 0.08  # a wrong figure is at least 8 % away from the answer and from the other choices
ABOUT_GAP = 0.15  # « environ » figures, which each claim a span, further still
MIN_FACTOR, MAX_FACTOR = 0.3, 3.0  # and within a third to three times the answer (inside the band)
_DRAWS = 12  # values drawn on each side of the answer: a bounded number of tries
_SIMPLE = (1 / 4, 1 / 3, 1 / 2, 3 / 2, 2.0, 5 / 2, 3.0, 4.0)  # the ratios a learner reads back


def grain(value: float) -> float:
    """The step a figure's wrong answers are rounded to: its precision (`precision_step`) or, for a
    number that is rounder than that (45 ends in 5, 2 000 in 200), the largest of 2 or 5 times it
    that divides the number and leaves it at least eight steps: then no choice is rounder than the
    others, and the band still holds enough of them."""
    step = precision_step(value)
    if step < 1 or value <= 0:
        return step
    n = int(value)
    for k in (5, 2):
        if n % int(step * k) == 0 and step * k <= n / 8:
            return step * k
    return step


def _drawn(ctx: Context, v: float, step: float, low: float, high: float, first: Sequence[float]) -> list[float]:
    """The deck's own figures in [low, high], then values drawn there at random (not at fixed ratios
    of the answer, which the learner would read back), each rounded to `step`; the first drawn one
    rounded as the answer is when the answer is rounder (100 among 60, 140… would stand out)."""
    found = [x for x in first if low <= x <= high]
    if high <= low:
        return found
    round_step = _roundness(v)
    width = (high - low) / _DRAWS
    # One value in each of _DRAWS equal slices of the range, the slices taken in random order: the
    # values cover the range (a narrow band still gives three far enough apart) without a pattern.
    for i, part in enumerate(ctx.rng.sample(range(_DRAWS), _DRAWS)):
        x = ctx.rng.uniform(low + part * width, low + (part + 1) * width)
        found.append(_round(x, round_step if i == 0 and round_step > step else step))
    return found


def _roundness(value: float) -> float:
    """The largest power of ten that divides an integer figure (100 -> 100, 770 -> 10), else 0."""
    if value <= 0 or not float(value).is_integer():
        return 0.0
    n, power = int(value), 1
    while n % (power * 10) == 0 and power < 10**15:  # ends: tenfold up to a bound
        power *= 10
    return float(power)


def _spread(pool: Sequence[float], count: int, v: float, step: float, gap: float) -> list[float]:
    """`count` values of the pool, in its order, each apart from the answer and from the others by
    a step and by `gap` of the larger of the two (35 and 37 milliards would read as one answer)."""
    chosen: list[float] = []
    for x in pool:
        if len(chosen) == count:
            break
        if all(abs(x - y) >= max(step, gap * max(x, y)) for y in (v, *chosen)):
            chosen.append(x)
    return chosen if len(chosen) == count else []


def _simple_ratio(x: float, v: float) -> bool:
    """True when `x` is a plain multiple or fraction of `v` (half, double, three halves…)."""
    return any(math.isclose(x, v * k, rel_tol=1e-6) for k in _SIMPLE)


def _on_a_grid(answer: float, wrongs: Sequence[float]) -> bool:
    """Choices evenly spaced (45, 90, 135…) or all multiples of the answer: the series gives its base."""
    ordered = sorted([answer, *wrongs])
    gaps = {round(b - a, 6) for a, b in itertools.pairwise(ordered)}
    multiples = answer > 0 and all(float(round(x / answer, 6)).is_integer() for x in wrongs)
    return len(gaps) == 1 or multiples


def _round(x: float, step: float) -> float:
    rounded = round(x / step) * step
    return float(round(rounded, 6)) if step < 1 else float(int(rounded))


def _close(x: float, v: float, qualifier: str) -> bool:
    """« environ 800 » next to « environ 770 » claims overlapping values: keep them well apart."""
    if qualifier != "about":
        return False
    return not (x * 1.25 < v * 0.75 or v * 1.25 < x * 0.75)


def magnitude(value: float) -> int:
    return int(math.log10(value)) if value > 0 else 0
