"""Who held which post, and which post a person held: « Qui occupait la direction générale d'OpenAI le 18 novembre 2023 ? »."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import dates, french, timeline
from ..context import Context
from ..distractors import N_DISTRACTORS, Shown
from ..model import Tenure
from . import Candidate, Output, Style
from .common import RANK, fair_swap, true_false, who

AT_THE_TIME = "à l'époque des faits"


def build(ctx: Context) -> Iterator[Output]:
    posts: dict[tuple[str, str], list[Tenure]] = {}  # (holder, period) -> the tenures held then (posts held together)
    for t in ctx.deck.tenures:
        if not t.background:
            yield from _tenure(ctx, t)
            posts.setdefault((t.holder, period(ctx, t)), []).append(t)
    for (holder, when), held in posts.items():
        card = _posts_card(ctx, holder, when, held)
        if card is not None:
            yield card


def _posts_card(ctx: Context, holder: str, when: str, held: list[Tenure]) -> Output | None:
    """« Quel poste Mira Murati occupait-elle… ? » with every post the deck gives her over that period,
    or None when another of her posts covers only part of it (the card would have no one answer)."""
    days = span(ctx, held[0])
    also = []
    for x in ctx.tenures_by_holder[holder]:
        if any(x is h for h in held) or not timeline.overlap(timeline.possible(x), days):
            continue
        sure = timeline.certain(x, ctx.deck.as_of)
        if sure is None or not (sure[0] <= days[0] and days[1] <= sure[1]):
            return None  # held for part of the period only, or perhaps: the reverse card still asks it
        also.append(x)
    held = [*held, *also]
    titles = [french.capitalize(ctx.holder_title(held[0])), *(ctx.holder_title(t) for t in held[1:])]
    asked = "Quel poste" if len(held) == 1 else "Quels postes"  # several answers: the plural question
    front = french.ask(f"{asked} {ctx.name(holder)} occupait-{ctx.pronoun(holder)} {when}")
    return ctx.card(held[0], front, french.join_names(titles))


def span(ctx: Context, t: Tenure) -> timeline.Span:
    """The days a card's period speaks of: the tenure's possible days, « à l'époque des faits » for a
    bound the deck leaves out or does not know (the story, up to its `as_of`)."""
    low, high = timeline.possible(t)
    return (ctx.story_span[0] if low == dt.date.min else low, ctx.deck.as_of if high == dt.date.max else high)


def question_day(ctx: Context, t: Tenure) -> dt.date | None:
    """A day inside the story on which the holder certainly held the post, not a hand-over day of any
    of their posts; a day on which it is their only post first, then a day the facts speak of them."""
    span_ = timeline.certain(t, ctx.deck.as_of)
    if span_ is None:
        return None
    if not ctx.window:  # a story without dated events: only a post held all along can be asked
        return ctx.deck.as_of if throughout(ctx, t) and ctx.deck.as_of != dt.date.min else None
    theirs = ctx.tenures_by_holder[t.holder]
    days = [
        d
        for d in ctx.asked_days
        if span_[0] <= d <= span_[1] and timeline.surely_holds(t, ctx.deck.as_of, d) and timeline.settled(theirs, d)
    ]
    liked = ctx.entity_days.get(t.holder, set())
    days.sort(key=lambda d: (not only_post(ctx, t, d), d not in liked, d))
    return days[0] if days else None


def only_post(ctx: Context, t: Tenure, d: dt.date) -> bool:
    """No other post of the holder may have been held on `d`: « Quel poste… ? » has one answer."""
    return not any(x is not t and timeline.covers(timeline.possible(x), d) for x in ctx.tenures_by_holder[t.holder])


def throughout(ctx: Context, t: Tenure) -> bool:
    """Held over the whole story: a date in the question would only be noise."""
    return t.since is None and t.until is None


def _tenure(ctx: Context, t: Tenure) -> Iterator[Output]:
    holder = t.holder
    role = ctx.deck.roles[t.role]
    title = ctx.holder_title(t)
    claim = ("tenure", t.id)
    day = question_day(ctx, t)
    others = [x.holder for x in ctx.tenures_by_role[t.role]]
    prefer = [*others, *sorted(ctx.members.get(role.organisation, ())), *ctx.near_sorted(t.source)]
    if day is not None:
        when = AT_THE_TIME if throughout(ctx, t) else ctx.on_day(day)
        rivals = [x for x in ctx.tenures_by_role[t.role] if x is not t]
        if role.single_holder and not any(timeline.covers(timeline.possible(x), day) for x in rivals):
            prompt = french.ask(f"Qui occupait {ctx.post(t.role)} {when}")
            yield from who(
                ctx,
                t,
                "holder",
                "role",
                prompt,
                holder,
                lambda p: not ctx.holds_possibly(p, t.role, day),
                Shown(prompt),
                claim,
                {"check": "holder", "role": t.role, "day": day.isoformat()},
                prefer,
            )
        if only_post(ctx, t, day):
            # « à l'époque des faits » only when no other post of theirs falls in the story either
            alone = throughout(ctx, t) and not any(
                x is not t and timeline.overlap(timeline.possible(x), ctx.story_span) for x in ctx.tenures_by_holder[holder]
            )
            role_question = _role_question(ctx, t, day, when if alone else ctx.on_day(day), title)
            if role_question is not None:
                yield role_question
        swapped = fair_swap(ctx, holder, Shown(title), lambda p: ctx.provably_not_holding(p, t.role, day), prefer)
        lead = french.capitalize(when)
        false_text = f"{lead}, {ctx.name(swapped)} était {ctx.title(t.role, ctx.gender(swapped), t.interim)}" if swapped else None
        base = {"check": "holder", "role": t.role, "day": day.isoformat()}
        yield from true_false(
            ctx,
            t,
            f"{lead}, {ctx.name(holder)} était {title}",
            false_text,
            {**base, "entity": holder},
            {**base, "entity": swapped},
            claim,
        )
    else:  # no day to anchor a false statement on: « never held it » is beyond what facts prove
        yield from true_false(
            ctx,
            t,
            f"{_until(t)}{ctx.name(holder)} a été {title}",
            None,
            {"check": "ever_held", "role": t.role, "entity": holder},
            None,
            claim,
        )
    if role.single_holder:  # one holder at a time: the reverse card has one answer
        interim = " par intérim" if t.interim else ""
        front = french.ask(f"Qui occupait {ctx.post(t.role)}{interim} {period(ctx, t)}")
        yield ctx.card(t, front, ctx.choice_name(holder), "card-reverse")


def _role_question(ctx: Context, t: Tenure, day: dt.date, when: str, title: str) -> Candidate | None:
    """« Quel poste Mira Murati occupait-elle le 18 novembre 2023 ? », posts of the same organisation
    (then of organisations of the same sub-kind), in her gender."""
    holder, gender = t.holder, ctx.gender(t.holder)
    org = ctx.deck.roles[t.role].organisation
    sub = ctx.entity(org).subkind
    same_kind = [r for o, roles in ctx.roles_by_org.items() if o != org and sub and ctx.entity(o).subkind == sub for r in roles]
    seen = {french.normalize_answer(title)}
    wrongs: list[str] = []
    for pool in (ctx.rng.sample(ctx.roles_by_org[org], len(ctx.roles_by_org[org])), ctx.rng.sample(same_kind, len(same_kind))):
        for r in pool:
            text = ctx.title(r, gender)
            if r == t.role or french.normalize_answer(text) in seen or not ctx.provably_not_holding(holder, r, day):
                continue
            seen.add(french.normalize_answer(text))
            wrongs.append(r)
            if len(wrongs) == N_DISTRACTORS:
                break
        if len(wrongs) == N_DISTRACTORS:
            break
    if len(wrongs) < N_DISTRACTORS:
        return None
    options = [(title, t.role), *((ctx.title(r, gender), r) for r in wrongs)]
    ctx.rng.shuffle(options)
    question = ctx.question(
        t,
        "role",
        kind="role",
        format="choice",
        prompt=french.ask(f"Quel poste {ctx.name(holder)} occupait-{ctx.pronoun(holder)} {when}"),
        answer=title,
        choices=tuple(text for text, _ in options),
        basis={"check": "role", "person": holder, "day": day.isoformat(), "options": dict(options), "correct": t.role},
    )
    return Candidate(question, RANK["role"], ("tenure", t.id), t.id, "role")


def _until(t: Tenure) -> str:
    """« Jusqu'au 17 novembre 2023, », « Jusqu'en 2018, », « Avant novembre 2023, », or nothing."""
    u = t.until
    if u is None or not u.is_known():
        return ""
    if u.label and not u.label.lower().startswith(("avant ", "jusqu")):
        return ""  # « pendant le week-end, X a été… » would not say the post ended then
    return f"{french.capitalize(u.until())}, " if u.label or u.precision in ("day", "month", "year") else ""


def period(ctx: Context, t: Tenure) -> str:
    """When a post was held, as a card says it: « jusqu'au 17 novembre 2023 », « à partir du 21 novembre
    2023 », « du 19 au 21 novembre 2023 », « à l'époque des faits » (no bound: held all along; a later
    post of the holder does not end it, the deck would say so)."""
    since = t.since if t.since and t.since.is_known() else None
    until = t.until if t.until and t.until.is_known() else None
    if since and until:
        return dates.span(since, until)
    if since:
        return since.since()
    if until:
        return until.until()
    return AT_THE_TIME


STYLE = Style("tenures", build)
