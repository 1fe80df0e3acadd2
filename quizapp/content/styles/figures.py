"""The numbers: « Combien de salariés compte OpenAI ? », every choice at the answer's precision and with its qualifier."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import french
from ..context import Context
from ..distractors import figure_options, figure_span, figure_text
from ..model import Figure
from . import Candidate, Output, Style
from .common import RANK, true_false

RELATED = 6  # figures of the same unit either side in value offered as wrong answers, at most


def build(ctx: Context) -> Iterator[Output]:
    by_id = {f.id: f for f in ctx.deck.figures}
    by_unit: dict[str | None, list[Figure]] = defaultdict(list)
    for f in ctx.deck.figures:
        by_unit[f.unit].append(f)
    place: dict[str, int] = {}
    for same in by_unit.values():
        same.sort(key=lambda o: (float(o.value), o.id))
        place.update((o.id, k) for k, o in enumerate(same))
    for f in ctx.deck.figures:
        if not f.background:
            # The figures of its unit nearest in value (all of them in a deck of a few figures): in a
            # long deck, going through every one of them for every figure would be quadratic.
            same = by_unit[f.unit]
            at = place[f.id]
            related = same[max(0, at - RELATED) : at + RELATED + 1]
            yield from _figure(ctx, f, related, by_id.get(f.part_of) if f.part_of else None)


def ask(f: Figure) -> str:
    if f.question:
        return french.ask(f.question)
    return french.ask(f"{'Quelle' if f.gender == 'f' else 'Quel'} est {f.label}")


def say(f: Figure, value: str) -> str:
    """The figure with its subject (« OpenAI compte 770 salariés »), or its label when the deck gives no
    sentence (« Le nombre de salariés d'OpenAI est de 770 », the unit not said twice)."""
    if f.statement:
        return french.fill(f.statement, value=value)
    if value.startswith("entre "):
        return f"{french.capitalize(f.label)} est {'comprise' if f.gender == 'f' else 'compris'} {value}"
    if f.unit and french.mentions(f.label, [f.unit]) and value.endswith(" " + f.unit):
        value = value[: -len(f.unit) - 1]
    return f"{french.capitalize(f.label)} est de {value}"


def _figure(ctx: Context, f: Figure, related: list[Figure], whole: Figure | None) -> Iterator[Output]:
    shown = figure_text(f)
    options = figure_options(ctx, f, related, whole)
    claim = ("figure", f.id)
    prompt = ask(f)
    # A label that says a number (« le nombre numéro 2 ») must not print the answer or a wrong one.
    fair = [w for w in options or {} if not french.mentions(prompt, [w])]
    if options and len(fair) >= 3 and not french.mentions(prompt, [shown]):
        wrongs = fair[:3]
        choices = [shown, *wrongs]
        ctx.rng.shuffle(choices)
        spans = {k: list(options[k]) for k in wrongs} | {shown: list(figure_span(f))}
        question = ctx.question(
            f,
            "figure",
            kind="figure",
            format="choice",
            prompt=prompt,
            answer=shown,
            choices=tuple(choices),
            basis={"check": "figure", "fact": f.id, "spans": spans},
        )
        yield Candidate(question, RANK["figure"], claim, f.id, "figure")
    false_text = list(options)[-1] if options else None
    yield from true_false(
        ctx,
        f,
        say(f, shown),
        say(f, false_text) if false_text else None,
        {"check": "figure", "fact": f.id, "span": list(figure_span(f))},
        {"check": "figure", "fact": f.id, "span": list(options[false_text]) if options and false_text else None},
        claim,
    )
    yield ctx.card(f, ask(f), french.capitalize(shown))


STYLE = Style("figures", build)
