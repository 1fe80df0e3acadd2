"""What happened, who did it, and when: « Qui a démis Sam Altman de ses fonctions… ? », « Quand… ? »."""

from __future__ import annotations

from collections.abc import Iterator

from .. import french
from ..context import Context, iso
from ..distractors import Shown, date_options
from ..model import Event
from . import Output, Style
from .common import fair_swap, true_false, who
from .when import date_question


def build(ctx: Context) -> Iterator[Output]:
    for e in ctx.deck.events:
        if not e.background:
            yield from _event(ctx, e)


def took_place(label: str) -> str:
    return "ont eu lieu" if label.lower().startswith(("les ", "des ")) else "a eu lieu"


def _event(ctx: Context, e: Event) -> Iterator[Output]:
    label = e.label
    dated = e.date is not None and e.date.is_known()
    if e.date is not None and e.date.precision in ("day", "month", "year"):
        prompt = (ctx.ask_when(e.agent, e.action) if e.agent and e.action else None) or french.ask(
            f"Quand {took_place(label)} {label}"
        )
        found = date_question(ctx, e, prompt)
        if found is not None:
            yield found
    if e.agent and e.action:
        agent, action = e.agent, e.action
        doers = ctx.agents[french.normalize_answer(action)] | set(e.actors)
        prompt = french.ask(f"Qui {french.inflect(action, None)}")
        shown = Shown(prompt, voice=True)
        prefer = sorted(ctx.near(e.source))
        yield from who(
            ctx,
            e,
            "agent",
            "actor",
            prompt,
            agent,
            lambda x: x not in doers,
            shown,
            ("agent", e.id),
            {"check": "agent", "action": action},
            prefer,
        )
        swapped = fair_swap(ctx, agent, Shown(action, voice=True), lambda x: x not in doers, prefer)
        yield true_false(
            ctx,
            e,
            ctx.says(agent, action),
            ctx.says(swapped, action) if swapped else None,
            {"check": "agent", "action": action, "entity": agent},
            {"check": "agent", "action": action, "entity": swapped},
            ("agent", e.id),
        )
        if not dated:  # one card per fact: the date when there is one, else the agent
            yield ctx.card(e, prompt, ctx.choice_name(agent))
    if dated:
        assert e.date is not None
        wrong = date_options(ctx, e.date, label)
        other = wrong[0] if wrong else None
        verb = took_place(label)
        yield true_false(
            ctx,
            e,
            f"{french.capitalize(label)} {verb} {e.date.on()}",
            f"{french.capitalize(label)} {verb} {other.on()}" if other else None,
            {"check": "date", "fact": e.id, "span": [iso(e.date.earliest), iso(e.date.latest)]},
            {"check": "date", "fact": e.id, "span": [iso(other.earliest), iso(other.latest)] if other else None},
            ("date", e.id),
        )
        yield ctx.card(e, french.ask(f"Quand {verb} {label}"), french.capitalize(e.date.text()))
    elif not (e.agent and e.action):
        yield ctx.card(e, french.capitalize(label), e.explanation)


STYLE = Style("events", build)
