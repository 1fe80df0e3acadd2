"""What happened, who did it, and when: « Qui a démis Sam Altman de ses fonctions… ? », « Quand… ? »."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import french
from ..context import Context, iso
from ..dates import DateSpec
from ..distractors import Shown, date_options
from ..model import Event
from . import Output, Style
from .common import fair_swap, true_false, who
from .when import date_question, leaks, when_word


def build(ctx: Context) -> Iterator[Output]:
    for e in ctx.deck.events:
        if not e.background:
            yield from _event(ctx, e)


SHORT_CLAUSE = 6  # words: a short statement takes its date at the end


def took_place(label: str) -> str:
    return "ont eu lieu" if label.lower().startswith(("les ", "des ")) else "a eu lieu"


def same_kind(ctx: Context, e: Event) -> set[str]:
    """Who did an event of the same type: « Qui a annoncé sa démission ? » must not offer another
    person who resigned in the story, whatever words their own event uses."""
    if e.type in (None, "other"):
        return set()
    by_type: dict[str, set[str]] | None = ctx.memo.get("events.agents_by_type")
    if by_type is None:  # once per generation: scanning every event for every event was quadratic
        by_type = ctx.memo["events.agents_by_type"] = defaultdict(set)
        for x in ctx.deck.events:
            if x.type is not None and x.agent:
                by_type[x.type].add(x.agent)
    return by_type.get(e.type, set())


def date_prompt(ctx: Context, e: Event) -> str | None:
    """« Quel jour le conseil a-t-il démis… ? », from the action; when that cannot be asked or says the
    date already (« …a affiché une attitude décontractée pendant le week-end ? »), from the headline
    (« Quand Sam Altman publie-t-il la photo… ? »), then the label (« Quand a eu lieu… ? »); None
    when each of them gives the date away."""
    assert e.date is not None
    asked: list[str | None] = []
    if e.agent and e.action:
        word = when_word(e.date)
        asked.append(ctx.ask_when(e.agent, e.action, word))
        inverted = french.invert_headline(e.headline, ctx.name(e.agent), ctx.pronoun(e.agent)) if e.headline else None
        asked.append(french.ask(f"{word} {ctx.name(e.agent)} {inverted}") if inverted else None)
    asked.append(french.ask(f"Quand {took_place(e.label)} {e.label}"))
    answer = e.date.text()
    return next((p for p in asked if p is not None and not leaks(answer, p)), None)


def _event(ctx: Context, e: Event) -> Iterator[Output]:
    label = e.label
    verbal = e.agent is not None and e.action is not None
    dated = e.date is not None and e.date.is_known()
    asked_when = date_prompt(ctx, e) if dated else None  # None: no question asks it without giving it away
    if asked_when is not None and e.date is not None and e.date.precision in ("day", "month", "year"):
        found = date_question(ctx, e, asked_when)
        if found is not None:
            yield found
    if e.agent and e.action:
        agent, action = e.agent, e.action
        doers = ctx.agents[french.normalize_answer(action)] | set(e.actors) | same_kind(ctx, e)
        prompt = french.ask(f"Qui {french.inflect(action, None)}")
        prefer = [*ctx.neighbours(agent), *ctx.near_sorted(e.source)]
        yield from who(
            ctx,
            e,
            "agent",
            "actor",
            prompt,
            agent,
            lambda x: x not in doers,
            Shown(prompt, voice=True),
            ("agent", e.id),
            {"check": "agent", "action": action, "type": e.type},
            prefer,
        )
        swapped = fair_swap(ctx, agent, Shown(action, voice=True), lambda x: x not in doers, prefer)
        yield from true_false(
            ctx,
            e,
            ctx.says(agent, action),
            ctx.says(swapped, action) if swapped else None,
            {"check": "agent", "action": action, "type": e.type, "entity": agent},
            {"check": "agent", "action": action, "type": e.type, "entity": swapped},
            ("agent", e.id),
            prefix="agent-" if dated else "",  # a dated event's « true »/« false » are about its date
        )
        if asked_when is None:  # one card per fact: the date when it can be asked, else the agent
            yield ctx.card(e, prompt, ctx.choice_name(agent))
    if dated:
        assert e.date is not None
        wrong = date_options(ctx, e.date, label)
        other = wrong[0] if wrong else None

        def statement(when: DateSpec) -> str:
            if verbal:
                assert e.agent is not None and e.action is not None
                clause = f"{ctx.name(e.agent)} {ctx.agree(e.agent, e.action)}"
                if len(clause.split()) <= SHORT_CLAUSE:  # « OpenAI a été fondée en 2015 »
                    return f"{french.capitalize(clause)} {when.on()}"
                return f"{french.capitalize(when.on())}, {clause}"  # « Le 17 novembre 2023, le conseil… »
            if e.headline:  # « Le 21 novembre 2023, un accord est trouvé… »
                return f"{french.capitalize(when.on())}, {french.lower_first(e.headline)}"
            return f"{french.capitalize(label)} {took_place(label)} {when.on()}"

        yield from true_false(
            ctx,
            e,
            statement(e.date),
            statement(other) if other else None,
            {"check": "date", "fact": e.id, "span": [iso(e.date.earliest), iso(e.date.latest)]},
            {"check": "date", "fact": e.id, "span": [iso(other.earliest), iso(other.latest)] if other else None},
            ("date", e.id),
        )
        if asked_when is not None:
            yield ctx.card(e, asked_when, french.capitalize(e.date.text()))
    if asked_when is None and not verbal:
        yield ctx.card(e, french.capitalize(label), e.explanation)


STYLE = Style("events", build)
