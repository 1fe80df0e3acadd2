"""Several answers at once: « lesquels… ? » and the odd one out.

- from a relation that names all its subjects (`exhaustive`): « Qui figure parmi les soutiens de
  Kyutai ? » with every subject to tick, and, with three subjects or more, the odd one out (« Lequel
  de ces noms ne figure pas parmi les soutiens de Kyutai ? ») ;
- from a post several people hold: who held it on a day the story speaks of (those the facts leave
  uncertain are never among the choices).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from .. import french, timeline
from ..context import Context, entities_of
from ..distractors import Shown, fair_entities
from ..model import Relation
from . import Candidate, Output, Style
from .common import RANK
from .relations import ask_every

MAX_RIGHT = 4
N_WRONG = 2


def build(ctx: Context) -> Iterator[Output]:
    for r in ctx.deck.relations:
        if r.background or not r.exhaustive or len(r.subjects) < 2:
            continue
        found = _which(ctx, r)
        if found is not None:
            yield found
        if len(r.subjects) >= 3:
            odd = _odd_one_out(ctx, r)
            if odd is not None:
                yield odd
    yield from _boards(ctx)


def _wrongs(
    ctx: Context, answers: Sequence[str], shown: Shown, wrong: Callable[[str], bool], count: int, prefer: Iterable[str] = ()
) -> list[str] | None:
    """Wrong entities fair for the answers (of their sort; the first answer's sub-kind unless `shown` says any)."""
    return fair_entities(ctx, answers[0], shown, lambda x: wrong(x) and x not in answers, prefer, count=count)


def _which(ctx: Context, r: Relation) -> Candidate | None:
    prompt = ask_every(ctx, r, "plusieurs réponses")
    right = sorted(r.subjects)[:MAX_RIGHT]
    kinds = {ctx.entity(s).kind for s in r.subjects}
    if len(kinds) != 1:
        return None
    wrongs = _wrongs(ctx, right, Shown(prompt), lambda x: x not in r.subjects and x != r.object, N_WRONG)
    if wrongs is None:
        return None
    found = _multi(ctx, r, "group", prompt, right, wrongs, {"check": "relation-all", "fact": r.id})
    # Asking for every subject at once teaches more than asking for one: it takes the place of
    # « Qui figure parmi… ? » with one answer (the same claim, a higher rank).
    return Candidate(found.question, RANK["group"], ("relation", r.id), r.id, "group")


def _odd_one_out(ctx: Context, r: Relation) -> Candidate | None:
    predicate = ctx.deck.predicates[r.predicate]
    if not predicate.statement.startswith("{subject} "):
        return None  # « Lequel de ces noms ne … » needs a statement that starts with its subject
    # « Lequel de ces noms ne figure pas parmi les soutiens de Kyutai ? », from the predicate's statement
    said = french.inflect(predicate.statement, None).removeprefix("{subject} ")
    prompt = french.ask(f"Lequel de ces noms {french.negate(french.fill(said, object=ctx.name(r.object)))}")
    # The three that belong are shown as wrong answers: none the prompt names (« Bo » among the
    # choices of « Lequel de ces noms ne soutient pas Bo Martin ? » would read as a trick).
    unnamed = [x for x in sorted(r.subjects) if not french.mentions(prompt, ctx.names_of(x))]
    if len(unnamed) < 3:
        return None
    right = ctx.rng.sample(unnamed, 3)
    # The intrus is of the subjects' own sort when the story has one, else of a sort the story has
    # several of (a chief executive among investors), the least prominent first, then the same part
    # of the story: the only politician, or the hero of the story, among investors would stand out.
    sorts = {ctx.entity(x).subkind for x in r.subjects}
    if "groups" not in ctx.memo:  # how common each sort is, how often each entity is named: once
        ctx.memo["groups"] = (
            Counter(e.subkind for e in ctx.entities.values()),
            Counter(x for f in ctx.deck.facts() for x in entities_of(f)),  # the leading figures stand out too
        )
    count, named = ctx.memo["groups"]
    near = set(ctx.near(r.source))
    kinds = {ctx.entity(x).kind for x in r.subjects}
    others = [x for x in ctx.entities if x not in r.subjects and ctx.entity(x).kind in kinds]
    prefer = sorted(
        others, key=lambda x: (ctx.entity(x).subkind not in sorts, count[ctx.entity(x).subkind] < 2, named[x], x not in near, x)
    )
    odd = _wrongs(ctx, right, Shown(prompt, any_subkind=True), lambda x: x not in r.subjects and x != r.object, 1, prefer)
    if odd is None:
        return None
    names = [ctx.choice_name(x) for x in (*right, odd[0])]
    ctx.rng.shuffle(names)
    question = ctx.question(
        r,
        "odd",
        kind="group",
        format="choice",
        prompt=prompt,
        answer=ctx.choice_name(odd[0]),
        choices=tuple(names),
        basis={"check": "odd", "fact": r.id, "options": {ctx.choice_name(x): x for x in (*right, odd[0])}},
    )
    # The same knowledge as « which of them… »: one of the two is asked, never both.
    return Candidate(question, RANK["odd"], ("relation", r.id), r.id, "odd")


def _multi(ctx: Context, fact: object, variant: str, prompt: str, right: list[str], wrongs: list[str], basis: dict) -> Candidate:
    shown = [*right, *wrongs]
    ctx.rng.shuffle(shown)
    names = {x: ctx.choice_name(x) for x in shown}
    question = ctx.question(
        fact,  # type: ignore[arg-type]
        variant,
        kind="group",
        format="multi",
        prompt=prompt,
        answer=tuple(names[x] for x in shown if x in right),
        choices=tuple(names[x] for x in shown),
        basis={**basis, "options": {names[x]: x for x in shown}},
    )
    return Candidate(question, RANK[variant], (variant, fact.id), fact.id, variant)  # type: ignore[attr-defined]


def _boards(ctx: Context) -> Iterator[Output]:
    """« Quelles personnes occupaient un siège au conseil d'administration d'OpenAI le 22 novembre 2023 ? »."""
    for role_id, role in ctx.deck.roles.items():
        if role.single_holder:
            continue
        tenures = [t for t in ctx.tenures_by_role[role_id] if not t.background]
        best: tuple[int, dt.date, list[str]] | None = None
        for day in ctx.asked_days:
            sure = sorted({t.holder for t in tenures if timeline.surely_holds(t, ctx.deck.as_of, day)})
            if len(sure) >= 2 and (best is None or len(sure) > best[0]):
                best = (len(sure), day, sure)
        if best is None:
            continue
        _, day, sure = best
        unsure = {t.holder for t in tenures if ctx.holds_possibly(t.holder, role_id, day)} - set(sure)
        post = ctx.post(role_id)
        right = sure[:MAX_RIGHT]
        # Several answers: the plural question (« Quelles personnes occupaient… »), or, for holders
        # that are not all people, the singular one saying several are wanted.
        if all(ctx.entity(x).kind == "person" for x in right):
            prompt = french.ask(f"Quelles personnes occupaient {post} {ctx.on_day(day)}")
        else:
            prompt = french.ask(f"Qui occupait {post} {ctx.on_day(day)} (plusieurs réponses)")
        anchor = next(t for t in tenures if t.holder == right[0])

        def not_holding(
            x: str, role_id: str = role_id, day: dt.date = day, excluded: frozenset[str] = frozenset(unsure | set(sure))
        ) -> bool:
            return x not in excluded and ctx.provably_not_holding(x, role_id, day)

        wrongs = _wrongs(ctx, right, Shown(prompt), not_holding, N_WRONG)
        if wrongs is None:
            continue
        yield _multi(ctx, anchor, "group", prompt, right, wrongs, {"check": "holders", "role": role_id, "day": day.isoformat()})


STYLE = Style("groups", build)
