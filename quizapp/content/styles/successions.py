"""Who succeeded whom: « Qui a succédé à Sam Altman à la direction générale d'OpenAI le 17 novembre 2023 ? ».

« succéder à » is said of any post (a monarch succeeds to the throne, a CEO to the post, an interim
holder « par intérim »), where « remplacer … sur le trône » is not French.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import french
from ..context import Context
from ..distractors import Shown
from ..model import Succession
from . import Output, Style
from .common import fair_swap, true_false, who
from .when import date_question, when_word


def build(ctx: Context) -> Iterator[Output]:
    for s in ctx.deck.successions:
        if not s.background:
            yield from _succession(ctx, s)


def tenure_claim(ctx: Context, s: Succession, person: str, bound: str) -> tuple[Any, ...]:
    """The tenure a succession opens (bound « since ») or closes (« until »): what its question teaches."""
    for t in ctx.tenures_by_role[s.role]:
        edge = getattr(t, bound)
        if t.holder == person and edge is not None and edge.may_overlap(s.date):
            return ("tenure", t.id)
    return ("succession", s.id, person)


def succeeded(ctx: Context, outgoing: str, interim: str = "") -> str:
    """« succédé à Sam Altman », « succédé par intérim à Mira Murati », « succédé aux … »."""
    return f"succédé{interim} {french.a(ctx.name(outgoing))}"


def _interim(ctx: Context, s: Succession) -> bool:
    return any(
        t.interim and t.holder == s.incoming and t.since and t.since.may_overlap(s.date) for t in ctx.tenures_by_role[s.role]
    )


def _succession(ctx: Context, s: Succession) -> Iterator[Output]:
    out, inc, when = s.outgoing, s.incoming, s.date.on()
    interim = " par intérim" if _interim(ctx, s) else ""
    post = ctx.post_at(s.role)
    holders = [x.holder for x in ctx.tenures_by_role[s.role]]
    org = ctx.deck.roles[s.role].organisation
    prefer = [*holders, *sorted(ctx.members.get(org, ())), *ctx.near_sorted(s.source)]
    base = {"role": s.role, "fact": s.id}
    prompt = french.ask(f"Qui a {succeeded(ctx, out, interim)} {post} {when}")
    yield from who(
        ctx,
        s,
        "successor",
        "replaced",
        prompt,
        inc,
        lambda p: p not in (out, inc) and not ctx.replaced(s, "out", p),
        Shown(prompt),
        tenure_claim(ctx, s, inc, "since"),
        {**base, "check": "successor", "outgoing": out},
        prefer,
        also=(("succession", s.id),),  # one direction asked: « qui a remplacé » or « qui a-t-il remplacé »
    )
    prompt = french.ask(f"À qui {ctx.name(inc)} a-t-{ctx.pronoun(inc)} succédé{interim} {post} {when}")
    yield from who(
        ctx,
        s,
        "predecessor",
        "replaced",
        prompt,
        out,
        lambda p: p not in (out, inc) and not ctx.replaced(s, "in", p),
        Shown(prompt),
        tenure_claim(ctx, s, out, "until"),
        {**base, "check": "predecessor", "incoming": inc},
        prefer,
        also=(("succession", s.id),),
    )
    if s.date.precision in ("day", "month", "year"):
        prompt = french.ask(f"{when_word(s.date)} {ctx.name(inc)} a-t-{ctx.pronoun(inc)} {succeeded(ctx, out, interim)} {post}")
        found = date_question(ctx, s, prompt)
        if found is not None:
            yield found
    lead = french.capitalize(when)
    post_held = ctx.post_at(s.role, ctx.gender(inc))
    swapped = fair_swap(
        ctx, inc, Shown(f"{ctx.name(out)} {post_held}"), lambda p: p not in (out, inc) and not ctx.replaced(s, "out", p), prefer
    )
    false_text = (
        f"{lead}, {ctx.name(swapped)} a {succeeded(ctx, out, interim)} {ctx.post_at(s.role, ctx.gender(swapped))}"
        if swapped
        else None
    )
    yield from true_false(
        ctx,
        s,
        f"{lead}, {ctx.name(inc)} a {succeeded(ctx, out, interim)} {post_held}",
        false_text,
        {**base, "check": "successor", "outgoing": out, "entity": inc},
        {**base, "check": "successor", "outgoing": out, "entity": swapped},
        tenure_claim(ctx, s, inc, "since"),
    )
    yield ctx.card(s, french.ask(f"Qui a {succeeded(ctx, out, interim)} {post} {when}"), ctx.choice_name(inc))
    yield ctx.card(
        s,
        french.ask(f"À qui {ctx.name(inc)} a-t-{ctx.pronoun(inc)} succédé{interim} {post} {when}"),
        ctx.choice_name(out),
        "card-reverse",
    )


STYLE = Style("successions", build)
