"""Generated matching: each person to the post they held on a day, each person to what they did.

Every pairing is proved by the facts: a post is matched only to its certain holder on that day, and
an action only to an agent who is the sole doer of it among those shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import french, timeline
from ..context import Context
from ..model import Event
from . import Candidate, Output, Style
from .common import RANK

MIN_PAIRS = 3
MAX_PAIRS = 4


def build(ctx: Context) -> Iterator[Output]:
    yield from _posts(ctx)
    yield from _deeds(ctx)


def _posts(ctx: Context) -> Iterator[Output]:
    """« Associez chaque personne au poste qu'elle occupait le 18 novembre 2023. »"""
    asked: set[frozenset[tuple[str, str]]] = set()
    for day in ctx.asked_days:
        pairs: dict[str, str] = {}
        held: dict[str, str] = {}  # holder -> the tenure matched
        anchor = None
        for t in ctx.deck.tenures:
            role = ctx.deck.roles[t.role]
            if t.background or not role.single_holder or t.holder in pairs or t.role in pairs.values():
                continue
            # Not on a day one of their posts changes hands: « the post she held » would have two answers.
            if timeline.surely_holds(t, ctx.deck.as_of, day) and timeline.settled(ctx.tenures_by_holder[t.holder], day):
                pairs[t.holder] = t.role
                held[t.holder] = t.id
                anchor = anchor or t
        if len(pairs) < MIN_PAIRS or anchor is None:
            continue
        chosen = sorted(pairs.items())[:MAX_PAIRS]
        key = frozenset(chosen)
        if any(key & other for other in asked):  # one person's post twice teaches nothing new
            continue
        asked.add(key)
        lefts = [ctx.choice_name(p) for p, _ in chosen]
        # The post, not the holder's title: « Directrice des technologies » would name the only woman.
        rights = [french.capitalize(ctx.post(r)) + (" (par intérim)" if _interim(ctx, p, r, day) else "") for p, r in chosen]
        yield _match(
            ctx,
            anchor,
            f"posts-{day.isoformat()}",
            f"Associez chaque personne au poste qu'elle occupait {ctx.on_day(day)}.",
            lefts,
            rights,
            {"check": "posts", "day": day.isoformat(), "pairs": {ctx.choice_name(p): r for p, r in chosen}},
            (anchor.id, *(held[p] for p, _ in chosen if held[p] != anchor.id)),
        )


def _interim(ctx: Context, person: str, role: str, day: dt.date) -> bool:
    return any(
        t.interim and t.role == role and timeline.surely_holds(t, ctx.deck.as_of, day) for t in ctx.tenures_by_holder[person]
    )


def _deeds(ctx: Context) -> Iterator[Output]:
    """« Associez chaque personne à ce qu'elle a fait », in story order, a few people at a time."""
    events = [e for e in ctx.deck.events if e.agent and e.action and not e.background and ctx.entity(e.agent).kind == "person"]
    used: set[str] = set()
    while True:  # ends: each turn uses up at least MIN_PAIRS events, or stops
        chosen: list[Event] = []
        for e in events:
            if e.id in used:
                continue
            doers = ctx.agents[french.normalize_answer(e.action or "")] | set(e.actors)
            others_doers = [ctx.agents[french.normalize_answer(c.action or "")] | set(c.actors) for c in chosen]
            if all(e.agent != c.agent and c.agent not in doers for c in chosen) and not any(e.agent in d for d in others_doers):
                chosen.append(e)
            if len(chosen) == MAX_PAIRS:
                break
        if len(chosen) < MIN_PAIRS:
            return
        used.update(e.id for e in chosen)
        lefts = [ctx.choice_name(e.agent or "") for e in chosen]
        rights = [french.capitalize(french.inflect(e.action or "", None)) for e in chosen]
        if len({french.normalize_answer(r) for r in rights}) == len(rights):
            yield _match(
                ctx,
                chosen[0],
                "deeds",
                "Associez chaque personne à ce qu'elle a fait.",
                lefts,
                rights,
                {"check": "deeds", "pairs": {ctx.choice_name(e.agent or ""): e.id for e in chosen}},
                tuple(e.id for e in chosen),
            )


def _match(
    ctx: Context,
    anchor: object,
    variant: str,
    prompt: str,
    lefts: list[str],
    rights: list[str],
    basis: dict,
    facts: tuple[str, ...],
) -> Candidate:
    question = ctx.question(
        anchor,  # type: ignore[arg-type]
        variant,
        kind="group",
        format="match",
        prompt=prompt,
        items=tuple(lefts),
        choices=tuple(ctx.rng.sample(rights, len(rights))),
        answer=tuple(rights),
        explanation=pairs(lefts, rights),
        facts=facts,
        basis=basis,
    )
    return Candidate(question, RANK["matching"], ("matching", variant), anchor.id, "matching")  # type: ignore[attr-defined]


def pairs(lefts: list[str], rights: list[str]) -> str:
    """Every pair, in the order of the items: « Ilya Sutskever : la direction scientifique d'OpenAI ;
    Mira Murati : la direction des technologies d'OpenAI. » (a right-hand item is a post or a deed,
    never a name: its capital drops inside the sentence)."""
    said = " ; ".join(f"{left} : {right[:1].lower()}{right[1:]}" for left, right in zip(lefts, rights, strict=True))
    return french.sentence(said)


STYLE = Style("matching", build)
