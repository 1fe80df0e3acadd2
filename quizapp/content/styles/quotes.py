"""Who said it: « Qui a déclaré : « … » ? », fragments asked as reported speech (« Qui a dit vouloir « … » ? »)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import french
from ..context import Context
from ..distractors import Shown
from ..model import Quote
from . import Output, Style
from .common import fair_swap, true_false, who

LANGUAGES = {
    "en": "l'anglais",
    "de": "l'allemand",
    "es": "l'espagnol",
    "it": "l'italien",
    "pt": "le portugais",
    "zh": "le chinois",
}


def build(ctx: Context) -> Iterator[Output]:
    for q in ctx.deck.quotes:
        if not q.background:
            yield from _quote(ctx, q)


def lead(q: Quote) -> str:
    """The verb that introduces the words: « a déclaré : » for a sentence, the author's lead (or
    « a dit ») for a fragment, which then reads as reported speech."""
    if q.form == "fragment":
        return q.lead or "a dit"
    return (q.lead or "a déclaré") + " :"


def explanation(q: Quote) -> str:
    if not q.translated:
        return q.explanation
    language = LANGUAGES.get(q.language, "la langue d'origine")
    return f"{q.explanation} (Propos traduits de {language}.)" if q.language != "fr" else q.explanation


def _all_speakers(ctx: Context) -> list[str]:
    """Everyone quoted in the deck, sorted (once per generation)."""
    found: list[str] | None = ctx.memo.get("quotes.speakers")
    if found is None:
        found = ctx.memo["quotes.speakers"] = sorted({x.speaker for x in ctx.deck.quotes})
    return found


def _quote(ctx: Context, q: Quote) -> Iterator[Output]:
    speaker, said = q.speaker, french.quote(q.text)
    speakers = ctx.speakers[french.normalize_answer(q.text)] | set(q.actors)  # those the words are about
    prefer = [*ctx.neighbours(speaker), *_all_speakers(ctx), *ctx.near_sorted(q.source)]
    verb = lead(q)
    prompt = french.ask(f"Qui {french.inflect(verb, None)} {said}")
    # Quoted words may agree with their speaker (« je suis ravie »): wrong answers of the same gender.
    shown = Shown(prompt, gender_shown=True, voice=True)
    # Words of one speaker in one setting (the sentences of one letter) are one utterance: asked once.
    claim = ("speaker", speaker, french.normalize_answer(q.context)) if q.context else ("speaker", q.id)
    yield from who(
        ctx,
        q,
        "quote",
        "quote",
        prompt,
        speaker,
        lambda x: x not in speakers,
        shown,
        claim,
        {"check": "speaker", "fact": q.id},
        prefer,
        explanation=explanation(q),
    )
    swapped = fair_swap(ctx, speaker, Shown(said, gender_shown=True, voice=True), lambda x: x not in speakers, prefer)
    yield from true_false(
        ctx,
        q,
        f"{ctx.says(speaker, verb)} {said}",
        f"{ctx.says(swapped, verb)} {said}" if swapped else None,
        {"check": "speaker", "fact": q.id, "entity": speaker},
        {"check": "speaker", "fact": q.id, "entity": swapped},
        claim,
    )
    context = f" ({q.context})" if q.context and not _said_before(q.context, prompt) else ""
    yield ctx.card(q, prompt, ctx.choice_name(speaker) + context, explanation=explanation(q))


def _said_before(context: str, prompt: str) -> bool:
    """The context opens with words the question already says (« dans un communiqué » after « Qui a
    indiqué dans un communiqué … ? »): the back would repeat the front."""
    opening = french.normalize_answer(context).split()[:3]
    return len(opening) == 3 and french.mentions(prompt, [" ".join(opening)])


STYLE = Style("quotes", build)
