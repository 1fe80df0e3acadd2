"""Who held which post, and which post a person held: « Qui occupait la direction générale d'OpenAI le 18 novembre 2023 ? »."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

from .. import dates, french, timeline
from ..context import Context
from ..distractors import N_DISTRACTORS, Shown
from ..model import Tenure
from . import Candidate, Output, Style
from .common import RANK, fair_swap, true_false, who

AT_THE_TIME = "à l'époque des faits"
# The model does not say whether a role is a post, an office or a title (a CEO, a minister, a queen):
# the question asks for the « fonction », a word right for each of them (« Quel poste » asked a queen
# for « Reine du Royaume-Uni »).
ASK_ONE, ASK_SEVERAL = "Quelle fonction", "Quelles fonctions"


def build(ctx: Context) -> Iterator[Output]:
    posts: dict[tuple[str, str], list[Tenure]] = {}  # (holder, period) -> the tenures held then (posts held together)
    for t in ctx.deck.tenures:
        if not t.background:
            yield from _tenure(ctx, t)
            when = period(ctx, t)
            if when is not None:  # a post whose start or end is unknown has no period a card may state
                posts.setdefault((t.holder, when), []).append(t)
    for (holder, when), held in posts.items():
        card = _posts_card(ctx, holder, when, held)
        if card is not None:
            yield card


def _posts_card(ctx: Context, holder: str, when: str, held: list[Tenure]) -> Output | None:
    """« Quelle fonction Mira Murati occupait-elle… ? » with every post the deck gives her over that period,
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
    asked = ASK_ONE if len(held) == 1 else ASK_SEVERAL  # several answers: the plural question
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
    """No other post of the holder may have been held on `d`: « Quelle fonction… ? » has one answer."""
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
    held_when = period(ctx, t)
    if role.single_holder and held_when is not None:  # one holder at a time: the reverse card has one answer
        interim = " par intérim" if t.interim else ""
        front = french.ask(f"Qui occupait {ctx.post(t.role)}{interim} {held_when}")
        yield ctx.card(t, front, ctx.choice_name(holder), "card-reverse")


def _role_question(ctx: Context, t: Tenure, day: dt.date, when: str, title: str) -> Candidate | None:
    """« Quelle fonction Mira Murati occupait-elle le 18 novembre 2023 ? », posts of the same organisation
    (then of organisations of the same sub-kind), in her gender, of the same form as the answer where
    the deck has such posts (`_same_form_first`); None when the answer would still stand out by its form."""
    holder, gender = t.holder, ctx.gender(t.holder)
    org = ctx.deck.roles[t.role].organisation
    sub = ctx.entity(org).subkind
    same_kind = [r for o, roles in ctx.roles_by_org.items() if o != org and sub and ctx.entity(o).subkind == sub for r in roles]
    seen = {french.normalize_answer(title)}
    eligible: list[str] = []
    for pool in (ctx.rng.sample(ctx.roles_by_org[org], len(ctx.roles_by_org[org])), ctx.rng.sample(same_kind, len(same_kind))):
        for r in pool:
            text = ctx.title(r, gender)
            if r == t.role or french.normalize_answer(text) in seen or not ctx.provably_not_holding(holder, r, day):
                continue
            seen.add(french.normalize_answer(text))
            eligible.append(r)
    wrongs = _same_form_first(title, eligible, lambda r: ctx.title(r, gender))
    if len(wrongs) < N_DISTRACTORS or _stands_out(title, [ctx.title(r, gender) for r in wrongs]):
        return None
    # A choice standing on its own starts with a capital, as events, manners, matchings and card backs do.
    options = [(french.capitalize(title), t.role), *((french.capitalize(ctx.title(r, gender)), r) for r in wrongs)]
    ctx.rng.shuffle(options)
    question = ctx.question(
        t,
        "role",
        kind="role",
        format="choice",
        prompt=french.ask(f"{ASK_ONE} {ctx.name(holder)} occupait-{ctx.pronoun(holder)} {when}"),
        answer=french.capitalize(title),
        choices=tuple(text for text, _ in options),
        basis={"check": "role", "person": holder, "day": day.isoformat(), "options": dict(options), "correct": t.role},
    )
    return Candidate(question, RANK["role"], ("tenure", t.id), t.id, "role")


def _head(title: str) -> str:
    """A title's form, its first word: « directeur » for « directeur général d'OpenAI »."""
    words = french.normalize_answer(title).split()
    return words[0] if words else ""


def _same_form_first(answer: str, roles: list[str], title: Callable[[str], str]) -> list[str]:
    """Up to N_DISTRACTORS of `roles` (kept in their order): first those whose title has the answer's
    form, then one of each other form in turn, so that no form but the answer's fills the choices."""
    same = [r for r in roles if _head(title(r)) == _head(answer)]
    by_form: dict[str, list[str]] = {}
    for r in roles:
        if r not in same:
            by_form.setdefault(_head(title(r)), []).append(r)
    mixed = [r for turn in itertools.zip_longest(*by_form.values()) for r in turn if r is not None]
    return [*same, *mixed][:N_DISTRACTORS]


def _stands_out(answer: str, wrongs: list[str]) -> bool:
    """The answer is the odd one out by its form: every wrong title shares one form, not the answer's
    (« membre du conseil… » among three « directeur … »)."""
    forms = {_head(w) for w in wrongs}
    return len(wrongs) > 1 and len(forms) == 1 and _head(answer) not in forms


def _until(t: Tenure) -> str:
    """« Jusqu'au 17 novembre 2023, », « Jusqu'en 2018, », « Avant novembre 2023, », or nothing."""
    u = t.until
    if u is None or not u.is_known():
        return ""
    if u.label and not u.label.lower().startswith(("avant ", "jusqu")):
        return ""  # « pendant le week-end, X a été… » would not say the post ended then
    return f"{french.capitalize(u.until())}, " if u.label or u.precision in ("day", "month", "year") else ""


def period(ctx: Context, t: Tenure) -> str | None:
    """When a post was held, as a card says it: « jusqu'au 17 novembre 2023 », « à partir du 21 novembre
    2023 », « du 19 au 21 novembre 2023 », « à l'époque des faits » (no bound: held all along; a later
    post of the holder does not end it, the deck would say so).

    None when the deck gives the end as unknown: the post may have ended inside the story, and every
    wording here (« à l'époque des faits », « à partir du … ») would say it was held to the end. An
    unknown start says nothing when the end is known (« jusqu'en 2018 »), and nothing can be said
    when the end is left out (« à l'époque des faits » would say held from the start)."""
    if t.until is not None and not t.until.is_known():
        return None
    since = t.since if t.since and t.since.is_known() else None
    if t.since is not None and since is None and t.until is None:
        return None
    until = t.until
    if since and until:
        return dates.span(since, until)
    if since:
        return since.since()
    if until:
        return until.until()
    return AT_THE_TIME


STYLE = Style("tenures", build)
