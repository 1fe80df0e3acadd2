"""Place an event among others: « Parmi ces événements, lequel a suivi de plus près le licenciement
de Sam Altman ? », « …a précédé de plus près… », « …s'est produit entre X et Y ? ».

The order is the story's (`Context.story_order`): by date, and where dates are equal or vague, the
order the deck gives. The question compares the choices only (« parmi ces événements »): a fact the
deck leaves undated, which might fall in between, cannot make it wrong. Wrong answers are other
events of the story at dates certainly apart, of the stretch of the story the question spans
(`distractors.same_stretch`), the nearest first. Each pair of neighbours is asked
once: « what followed A » and « what preceded B » teach the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import french
from ..context import Context
from ..distractors import N_DISTRACTORS, same_stretch
from ..model import Event
from . import Candidate, Output, Style
from .common import RANK, dated, fact_choice


def build(ctx: Context) -> Iterator[Output]:
    order = ctx.story_order()
    if len(order) < N_DISTRACTORS + 2:
        return
    asked: set[int] = set()  # the pairs of neighbours (i, i + 1) a question already rests on
    for i, event in enumerate(order):
        # Each event is asked one way at most, by its place: what came between its neighbours (every
        # third one), else what followed it, else what came before it.
        ways = ["between", "after", "before"] if i % 3 == 2 else ["after", "before"]
        for way in ways:
            pairs = {"after": {i}, "before": {i - 1}, "between": {i - 1, i}}[way]
            if any(p < 0 or p >= len(order) - 1 for p in pairs) or pairs & asked:
                continue
            found = _placing(ctx, order, i, way, event)
            if found is not None:
                asked |= pairs
                yield found
                break


def _placing(ctx: Context, order: list[Event], i: int, way: str, event: Event) -> Candidate | None:
    if way == "after":
        answer, prompt = order[i + 1], f"Parmi ces événements, lequel a suivi de plus près {event.label}"
    elif way == "before":
        answer, prompt = order[i - 1], f"Parmi ces événements, lequel a précédé de plus près {event.label}"
    else:
        answer, prompt = event, f"Parmi ces événements, lequel s'est produit entre {order[i - 1].label} et {order[i + 1].label}"
    target = i + 1 if way == "after" else i - 1 if way == "before" else i
    excluded = {event.id, answer.id} if way != "between" else {order[i - 1].id, event.id, order[i + 1].id}
    # A wrong answer happened at a date certainly apart from those the question is about: two
    # events of one day (or of one vague span) could both be said to come « just after ».
    around = [order[j] for j in (i - 1, i, i + 1) if 0 <= j < len(order)] + [answer]
    # The nearest events only (a window around the answer): in a long story, the others would not be
    # chosen, and sorting them all for every question would make generation quadratic.
    window = range(max(0, target - WINDOW), min(len(order), target + WINDOW + 1))
    # Of the stretch of the story the question spans: « OpenAI est fondée » (2015) is no wrong answer
    # to « what followed Greg Brockman's resignation » (November 2023), answered by the next day.
    framing = (order[i - 1], order[i + 1]) if way == "between" else (answer,)
    of_its_time = same_stretch(event.date, *(x.date for x in framing))
    others = sorted(
        (
            (j, order[j])
            for j in window
            if order[j].id not in excluded
            and of_its_time(order[j].date)
            and not french.mentions(prompt, [order[j].label])
            and all(order[j].date is not None and x.date is not None and order[j].date.distinct_from(x.date) for x in around)  # type: ignore[union-attr]
        ),
        # Wrong answers from the side the question looks to first (after the event for « a suivi »):
        # with all of them before it, « a suivi de plus près » would only ask which one is later.
        key=lambda je: (_wrong_side(way, je[0], i), abs(je[0] - target), je[1].id),
    )
    nearest = [e for _, e in others[: N_DISTRACTORS + 2]]
    wrongs = ctx.rng.sample(nearest, min(N_DISTRACTORS, len(nearest)))
    if len(wrongs) < N_DISTRACTORS:
        return None
    facts = (event.id,) if way == "between" else (event.id, answer.id)
    basis = {"check": "placing", "way": way, "fact": event.id}

    if "placing" not in ctx.memo:  # each event's place in the story, once per generation
        ctx.memo["placing"] = {e.id: k for k, e in enumerate(order)}
    at: dict[str, int] = ctx.memo["placing"]

    def explain(texts: dict[str, str]) -> str:
        """The choices and the event asked about, in the story's order, with their dates."""
        asked_about = [order[i - 1], order[i + 1]] if way == "between" else [event]
        shown = sorted({e.id: e for e in (*wrongs, answer, *asked_about)}.values(), key=lambda e: at[e.id])
        named = {**dict(zip((e.id for e in shown), ctx.item_texts(shown), strict=True)), **texts}
        return "Dans l'ordre : " + " ; ".join(dated(french.lower_first(named[e.id]), e) for e in shown) + "."

    question = fact_choice(ctx, event, "placing", "placing", prompt, answer, wrongs, facts, basis, explain)
    if question is None:
        return None
    return Candidate(question, RANK["placing"], ("placing", event.id), event.id, "placing")


WINDOW = 40  # events either side of the answer among which wrong answers are taken


def _wrong_side(way: str, index: int, i: int) -> bool:
    return index < i if way == "after" else index > i if way == "before" else False


STYLE = Style("placing", build)
