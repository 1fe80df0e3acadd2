"""Place an event among others: « Parmi ces événements, lequel est survenu juste après le licenciement
de Sam Altman ? », « …juste avant… », « …après X et avant Y ? ».

The question compares the choices only (« parmi ces événements »): a fact the deck leaves undated,
which might fall in between, cannot make it wrong. Its answer rests on the dates alone, never on the
order in which the deck (or the article) tells two events of one day, of one vague span or of
overlapping spans, nor on which day an event told at midnight fell (`Context.before`): the right answer
comes certainly after the event asked about (« juste après »), and every wrong answer certainly after
the right one, so that none is ruled out by coming before the event (the question would only ask
« which is latest »); « juste avant » the mirror; « après X et avant Y » is answered by an event
certainly between them, against wrong answers certainly before X and certainly after Y, at least one of
each (else it asks « which is latest » or « which is earliest » again). When too few such events exist,
the question is not asked. Wrong answers are of the stretch of the story the question spans
(`distractors.same_stretch`), the nearest first.

A story is asked one placing question for every `EVENTS_PER_QUESTION` of its dated events, those
whose choices lie closest together in time first: choices a few days apart ask for the story's
detail, choices years apart for its outline. Each pair of neighbours is asked once (« what followed
A » and « what preceded B » teach the same thing), each event is asked about once and is the right
answer once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from .. import french
from ..context import Context
from ..distractors import N_DISTRACTORS, days_apart, same_stretch
from ..model import Event
from . import Candidate, Output, Style
from .common import RANK, dated, fact_choice

EVENTS_PER_QUESTION = 3  # a story of twelve dated events is asked four placing questions
WINDOW = 40  # events either side of the answer among which it and the wrong answers are sought


@dataclass(frozen=True)
class _Draft:
    """A placing question before it is worded: what it asks, its answer and its wrong answers."""

    way: str  # « after », « before » or « between »
    event: Event  # the event asked about (the answer of « between »)
    answer: Event
    framing: tuple[Event, ...]  # the events the prompt names
    wrongs: tuple[Event, ...]
    span: int  # days between the earliest and the latest event the question names or shows

    @property
    def pairs(self) -> set[frozenset[str]]:
        """The neighbours whose order the question teaches."""
        if self.way == "between":
            return {frozenset((self.framing[0].id, self.event.id)), frozenset((self.event.id, self.framing[1].id))}
        return {frozenset((self.event.id, self.answer.id))}


def build(ctx: Context) -> Iterator[Output]:
    order = ctx.story_order()
    if len(order) < N_DISTRACTORS + 2:
        return
    drafts = [d for i in range(len(order)) for way in ("after", "before", "between") if (d := _draft(ctx, order, i, way))]
    drafts.sort(key=lambda d: d.span)  # stable: in the story's order where spans are equal
    room = len(order) // EVENTS_PER_QUESTION
    position = {e.id: k for k, e in enumerate(order)}
    asked: set[frozenset[str]] = set()
    anchors: set[str] = set()
    answers: set[str] = set()
    chosen: list[Candidate] = []
    for draft in drafts:
        if len(chosen) >= room:
            break
        if draft.pairs & asked or draft.event.id in anchors or draft.answer.id in answers:
            continue
        found = _placing(ctx, draft, position)
        if found is not None:
            asked |= draft.pairs
            anchors.add(draft.event.id)
            answers.add(draft.answer.id)
            chosen.append(found)
    yield from sorted(chosen, key=lambda c: position[c.anchor])


def _before(ctx: Context, a: Event, b: Event) -> bool:
    """Whether the dates alone put `a` before `b` (never two events of one day or of overlapping spans,
    nor one told at midnight and one of the day before or after)."""
    return a.date is not None and b.date is not None and ctx.before(a.date, b.date)


def _next(ctx: Context, order: list[Event], i: int) -> int | None:
    """The first event certainly after the i-th (none before it in the order can be: they start no later)."""
    return next((j for j in range(i + 1, min(len(order), i + 1 + WINDOW)) if _before(ctx, order[i], order[j])), None)


def _previous(ctx: Context, order: list[Event], i: int) -> int | None:
    """The last event certainly before the i-th."""
    return next((j for j in range(i - 1, max(-1, i - 1 - WINDOW), -1) if _before(ctx, order[j], order[i])), None)


def _draft(ctx: Context, order: list[Event], i: int, way: str) -> _Draft | None:
    event = order[i]
    framing: tuple[Event, ...]
    if way == "between":
        first, last = _previous(ctx, order, i), _next(ctx, order, i)
        if first is None or last is None:
            return None
        k, framing = i, (order[first], order[last])
        low, high = framing
    else:
        found = _next(ctx, order, i) if way == "after" else _previous(ctx, order, i)
        if found is None:
            return None
        k, framing = found, (event,)
        low = high = order[found]
    answer = order[k]
    prompt = _prompt(way, framing)

    def side(e: Event) -> int | None:
        """Where a wrong answer lies: 0 before the question's events, 1 after; None if it cannot be one
        (« juste après » takes none before the answer, « juste avant » none after it)."""
        if way != "before" and _before(ctx, high, e):
            return 1
        if way != "after" and _before(ctx, e, low):
            return 0
        return None

    # Of the stretch of the story the question spans: « OpenAI est fondée » (2015) is no wrong answer
    # to « what followed Greg Brockman's resignation » (November 2023), answered by the next day.
    of_its_time = same_stretch(event.date, *(x.date for x in (framing if way == "between" else (answer,))))
    # The nearest events only (a window around the answer): in a long story, the others would not be
    # chosen, and sorting them all for every question would make generation quadratic.
    others = [
        (abs(j - k), order[j], where)
        for j in range(max(0, k - WINDOW), min(len(order), k + WINDOW + 1))
        if (where := side(order[j])) is not None
        and order[j] is not event
        and of_its_time(order[j].date)
        and not french.mentions(prompt, [order[j].label])
    ]
    others.sort(key=lambda x: (x[0], x[1].id))
    nearest = [e for _, e, _ in others[: N_DISTRACTORS + 2]]
    if len(nearest) < N_DISTRACTORS:
        return None
    # « Juste après » an event of the choices' stretch: after the falling-out of 2018, the DevDay of
    # November 2023 against three events of the next days would only ask which of these came first.
    if way != "between" and not same_stretch(answer.date, *(e.date for e in nearest))(event.date):
        return None
    if way == "between":  # the nearest wrong answer on each side, then any near one
        ends = [next((e for _, e, where in others if where == s), None) for s in (0, 1)]
        picked = [e for e in ends if e is not None]
        if len(picked) < 2:
            return None
        wrongs = picked + ctx.rng.sample([e for e in nearest if e not in picked], N_DISTRACTORS - len(picked))
    else:
        wrongs = ctx.rng.sample(nearest, N_DISTRACTORS)
    named = [x.date for x in (*framing, answer, *wrongs) if x.date is not None]
    span = max(days_apart(a, b) for a, b in itertools.combinations(named, 2))
    return _Draft(way, event, answer, framing, tuple(wrongs), span)


def _prompt(way: str, framing: tuple[Event, ...]) -> str:
    if way == "after":
        return f"Parmi ces événements, lequel est survenu juste après {framing[0].label}"
    if way == "before":
        return f"Parmi ces événements, lequel est survenu juste avant {framing[0].label}"
    return f"Parmi ces événements, lequel est survenu après {framing[0].label} et avant {framing[1].label}"


def _placing(ctx: Context, draft: _Draft, position: dict[str, int]) -> Candidate | None:
    event, answer, way = draft.event, draft.answer, draft.way
    facts = (event.id,) if way == "between" else (event.id, answer.id)
    basis = {"check": "placing", "way": way, "fact": event.id, "named": [e.id for e in draft.framing]}

    def explain(texts: dict[str, str]) -> str:
        """The choices and the events the prompt names, in the story's order, with their dates."""
        shown = sorted({e.id: e for e in (*draft.wrongs, answer, *draft.framing)}.values(), key=lambda e: position[e.id])
        named = {**dict(zip((e.id for e in shown), ctx.item_texts(shown), strict=True)), **texts}
        return "Dans l'ordre : " + " ; ".join(dated(french.lower_first(named[e.id]), e) for e in shown) + "."

    prompt = _prompt(way, draft.framing)
    question = fact_choice(ctx, event, "placing", "placing", prompt, answer, list(draft.wrongs), facts, basis, explain)
    if question is None:
        return None
    return Candidate(question, RANK["placing"], ("placing", event.id), event.id, "placing")


STYLE = Style("placing", build)
