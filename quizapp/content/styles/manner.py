"""How something happened, from an event's `manner`: « Comment le conseil d'administration d'OpenAI
a-t-il démis Sam Altman de ses fonctions ? » — « Lors d'une visioconférence surprise ».

Wrong answers are the author's `manner_decoys`, then the manners of other events of the same type
(a resignation is not announced « sans vote des adhérents »); with fewer than three, nothing is asked.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import french
from ..context import Context
from ..distractors import N_DISTRACTORS
from ..model import Event
from . import Candidate, Output, Style
from .common import RANK


def build(ctx: Context) -> Iterator[Output]:
    told = [e for e in ctx.deck.events if e.manner and e.agent and e.action and not e.background]
    for event in told:
        found = _manner(ctx, event, told)
        if found is not None:
            yield found


def _manner(ctx: Context, e: Event, told: list[Event]) -> Candidate | None:
    assert e.manner is not None and e.agent is not None and e.action is not None
    action = " ".join(e.action.replace(e.manner, " ").split()).rstrip(" ,")  # the question must not say how
    asked = ctx.ask_when(e.agent, action, "Comment")
    if asked is None:
        return None
    answer = french.capitalize(e.manner)
    alike = [o.manner or "" for o in told if o is not e and o.type == e.type and e.type != "other"]
    others = [french.capitalize(m) for m in (*e.manner_decoys, *alike)]
    others = [m for m in dict.fromkeys(others) if french.normalize_answer(m) != french.normalize_answer(answer)]
    if len(others) < N_DISTRACTORS:
        return None
    own = min(len(e.manner_decoys), N_DISTRACTORS)  # the author's decoys first
    choices = [answer, *ctx.rng.sample(others[:own], own), *ctx.rng.sample(others[own:], N_DISTRACTORS - own)]
    ctx.rng.shuffle(choices)
    question = ctx.question(
        e,
        "manner",
        kind="manner",
        format="choice",
        prompt=asked,
        answer=answer,
        choices=tuple(choices),
        basis={"check": "manner", "fact": e.id},
    )
    return Candidate(question, RANK["manner"], ("manner", e.id), e.id, "manner")


STYLE = Style("manner", build)
