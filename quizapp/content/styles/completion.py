"""Complete a quote: « Complétez la citation de Satya Nadella : « …vers une _____ plus stable… » »;
a fragment reads as reported speech: « Complétez la citation de Sam Altman, qui a dit n'avoir qu'un
objectif : « préserver _____… » ».

The words to find are the quote's `blank` (or, without one, its longest common word); with the
author's `decoys` the learner chooses, otherwise types them (case, accents and a leading article do
not count). The speaker is named: the question is about the words, not who said them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import french
from ..context import Context
from ..distractors import N_DISTRACTORS
from ..model import Quote
from . import Candidate, Output, Style
from .common import RANK
from .quotes import explanation, lead

GAP = "_____"
_WORD = re.compile(r"[A-Za-zÀ-ÿœŒæÆ'’-]+")
_COMMON = frozenset(
    "alors avoir avons aussi autre autres avant avec cette ceux dans depuis donc elle elles encore entre être "
    "faire leurs lorsque mais même moins notre nous nôtre pour plus quand quelque sans sont tous tout toute "
    "toutes très vers votre vous jamais toujours".split()
)


def build(ctx: Context) -> Iterator[Output]:
    for q in ctx.deck.quotes:
        if not q.background:
            found = _completion(ctx, q)
            if found is not None:
                yield found


def blank_of(ctx: Context, q: Quote) -> str | None:
    """The words to find: the author's, or the quote's longest word that is neither common nor a name."""
    if q.blank:
        return q.blank
    names = ctx.all_names
    words = [
        w
        for w in _WORD.findall(q.text)
        if len(w) >= 6
        and w[0].islower()
        and not w.endswith("ment")
        and "'" not in w
        and w.lower() not in _COMMON
        and french.normalize_answer(w) not in names
    ]
    return max(words, key=len) if words else None


_DE = re.compile(r"(?<![\w])(?:[dD]['’]|de )$")


def _completion(ctx: Context, q: Quote) -> Candidate | None:
    blank = blank_of(ctx, q)
    if blank is None or q.text.count(blank) != 1:
        return None
    before, after = q.text.split(blank, 1)
    decoys = list(dict.fromkeys(q.decoys))
    de = _DE.search(before)
    if de and any(french.de(d)[:2] != french.de(blank)[:2] for d in decoys):
        # « vols d'_____ » would rule out every choice that starts with a consonant (and « de _____ »
        # every one with a vowel): the « de » goes into the blank, elided or not for each choice.
        before = before[: de.start()]
        blank, decoys = french.de(blank), [french.de(d) for d in decoys]
    gapped = before + GAP + after
    if q.form == "fragment":
        # reported speech, as a relative clause: one « Complétez la citation » for every quote, and no
        # second colon when the lead has its own (« …, qui a dit n'avoir qu'un objectif : « … » »)
        said = f"{french.de(ctx.name(q.speaker))}, qui {ctx.agree(q.speaker, lead(q))}"
        prompt = f"Complétez la citation {said} {french.quote(gapped)}"
    else:
        prompt = f"Complétez la citation {french.de(ctx.name(q.speaker))}{NB}: {french.quote(gapped)}"
    common = {
        "kind": "completion",
        "prompt": prompt,
        "answer": blank,
        "explanation": f"{ctx.says(q.speaker, lead(q))} {french.quote(q.text)}. {explanation(q)}",
        "basis": {"check": "completion", "fact": q.id},
    }
    decoys = [
        d for d in decoys if french.normalize_answer(d) != french.normalize_answer(blank) and not french.mentions(gapped, [d])
    ]
    if len(decoys) >= N_DISTRACTORS:
        choices = [blank, *ctx.rng.sample(decoys, N_DISTRACTORS)]
        ctx.rng.shuffle(choices)
        question = ctx.question(q, "completion", format="choice", choices=tuple(choices), **common)
    else:
        question = ctx.question(q, "completion", format="text", accepted=(blank,), **common)
    return Candidate(question, RANK["completion"], ("completion", q.id), q.id, "completion")


NB = french.NBSP

STYLE = Style("completion", build)
