"""What the author's preview lists: a deck's questions and cards as one list, filtered by kind and text.

Pure: it takes a generated bank and returns plain data, so the view only pages it.
"""

from __future__ import annotations

from typing import Any

from ..content import Bank
from ..content.french import normalize_answer

CARDS = "flashcard"  # the « kind » of the flashcards in the preview's filter


def _text_of(item: dict[str, Any]) -> str:
    """Everything an author may look for in an item: its id, prompt, choices, items, answer, explanation, source."""
    answer = item["answer"]
    parts = [item["id"], item["prompt"], *item["choices"], *item["items"], *item.get("accepted", ())]
    parts += [answer] if isinstance(answer, str) else [str(a) for a in answer]
    parts += [item.get("explanation") or "", item.get("source") or "", *item.get("tags", ())]
    return normalize_answer(" ".join(str(p) for p in parts))


def preview_items(bank: Bank, kind: str = "", text: str = "") -> list[dict[str, Any]]:
    """The bank's questions then its cards (as `to_dict` gives them), keeping those of `kind` (any if
    empty; `CARDS` for the flashcards) whose text holds every word of `text` (case and accents folded).

    Args:
        bank: the deck's generated questions and cards.
        kind: a question kind (`KINDS`), `CARDS`, or "" for all.
        text: words to look for, in any order; "" keeps everything.
    """
    items = [q.to_dict() for q in bank.questions] + [c.to_dict() for c in bank.cards]
    words = normalize_answer(text).split()
    kept = [item for item in items if not kind or item["kind"] == kind]
    if not words:
        return kept
    folded = ((item, _text_of(item)) for item in kept)  # each item's text built once, whatever the words
    return [item for item, found in folded if all(word in found for word in words)]


def kinds_in(bank: Bank) -> list[str]:
    """The kinds the bank has, in the order of first appearance (cards last)."""
    kinds = list(dict.fromkeys(q.kind for q in bank.questions))
    return [*kinds, CARDS] if bank.cards else kinds
