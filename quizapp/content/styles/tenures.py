"""Who held which post, and which post a person held: « Qui occupait la direction générale d'OpenAI le 18 novembre 2023 ? »."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import french, timeline
from ..context import Context
from ..dates import DateSpec
from ..distractors import N_DISTRACTORS, Shown
from ..model import Tenure
from . import Candidate, Output, Style
from .common import RANK, fair_swap, true_false, who

AT_THE_TIME = "à l'époque des faits"


def build(ctx: Context) -> Iterator[Output]:
    posts: dict[str, list[Tenure]] = {}  # a card's front -> the tenures it asks (posts held together)
    for t in ctx.deck.tenures:
        if not t.background:
            yield from _tenure(ctx, t)
            front = french.ask(f"Quel poste {ctx.name(t.holder)} occupait-{ctx.pronoun(t.holder)} {period(ctx, t)}")
            posts.setdefault(front, []).append(t)
    for front, held in posts.items():  # two posts held at once make one card with both
        titles = [french.capitalize(ctx.holder_title(held[0])), *(ctx.holder_title(t) for t in held[1:])]
        yield ctx.card(held[0], front, french.join_names(titles))


def question_day(ctx: Context, t: Tenure) -> dt.date | None:
    """A day inside the story on which the holder certainly held the post, not a hand-over day;
    a day the facts speak of the holder first."""
    span = timeline.certain(t, ctx.deck.as_of)
    if span is None:
        return None
    if not ctx.window:  # a story without dated events: only a post held all along can be asked
        return ctx.deck.as_of if throughout(ctx, t) and ctx.deck.as_of != dt.date.min else None
    days = [d for d in ctx.window if span[0] <= d <= span[1] and timeline.surely_holds(t, ctx.deck.as_of, d)]
    liked = ctx.entity_days.get(t.holder, set())
    days.sort(key=lambda d: (d not in liked, d))
    return days[0] if days else None


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
        when = AT_THE_TIME if throughout(ctx, t) else f"le {french.day(day)}"
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
        role_question = _role_question(ctx, t, day, when, title)
        if role_question is not None:
            yield role_question
        swapped = fair_swap(ctx, holder, Shown(title), lambda p: ctx.provably_not_holding(p, t.role, day), prefer)
        lead = french.capitalize(when) if when != AT_THE_TIME else "À l'époque des faits"
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
    if u.label:
        return f"{french.capitalize(u.label)}, " if u.label.lower().startswith(("avant ", "jusqu")) else ""
    if u.precision == "day":
        return f"Jusqu'au {u.text()}, "
    if u.precision in ("month", "year"):
        return f"Jusqu'en {u.text()}, "
    return ""


def period(ctx: Context, t: Tenure) -> str:
    """When a post was held, as a card says it: « jusqu'au 17 novembre 2023 », « à partir du 21 novembre
    2023 », « du 19 au 21 novembre 2023 », « avant le 17 novembre 2023 » (a post held before another of
    the story), « à l'époque des faits »."""
    since = t.since if t.since and t.since.is_known() else None
    until = t.until if t.until and t.until.is_known() else None
    if since and until:
        if since.label:  # « à l'issue du week-end…, jusqu'au 21 novembre 2023 »
            return f"{since.label}, {_to(until)}"
        return f"{_from(since)} {_to(until)}"
    if since:
        return since.label or f"à partir {french.de(_bare(since))}"
    if until:
        return _to(until)
    later = [x.since.exact for x in ctx.tenures_by_holder[t.holder] if x is not t and x.since and x.since.exact]
    return f"avant le {french.day(min(later))}" if later else AT_THE_TIME


def _bare(d: DateSpec) -> str:
    """« 21 novembre 2023 » with « le » for a day (« à partir du… »), « 2018 »."""
    return f"le {d.text()}" if d.precision == "day" else d.text()


def _from(d: DateSpec) -> str:
    if d.label:  # « à l'issue du week-end » -> « de l'issue du week-end (jusqu'au…) »
        return "de " + d.label[2:] if d.label.startswith("à ") else d.label
    return french.de(_bare(d))


def _to(d: DateSpec) -> str:
    if d.label:
        return "jusqu'" + d.label if d.label.startswith(("à ", "au ")) else d.label
    if d.precision == "day":
        return f"jusqu'au {d.text()}"
    return f"jusqu'en {d.text()}"


STYLE = Style("tenures", build)
