"""What the generator produces: questions and flashcards, and how an answer is judged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .french import normalize_answer

Format = Literal["choice", "truefalse", "text", "order"]

KINDS: dict[str, str] = {
    "replaced": "Qui a remplacé qui",
    "date": "Dates",
    "quote": "Citations",
    "role": "Rôles",
    "figure": "Chiffres",
    "chronology": "Chronologie",
    "actor": "Qui a fait quoi",
    "truefalse": "Vrai ou faux",
}
TRUE, FALSE = "Vrai", "Faux"


@dataclass(frozen=True)
class Question:
    """One question as a learner sees it, with everything needed to judge and explain the answer.

    `basis` records the claim behind each choice in terms of the facts (entity, role and fact ids),
    so that tests can check every choice against the fact base without trusting the generator.
    """

    id: str
    deck: str
    kind: str
    format: Format
    prompt: str
    answer: str | tuple[str, ...]
    explanation: str
    source: str
    facts: tuple[str, ...]
    choices: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    basis: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def is_correct(self, response: str | Sequence[str]) -> bool:
        """Judge a learner's response: a choice, typed text (case/accent-insensitive) or an order."""
        if self.format == "order":
            return not isinstance(response, str) and tuple(response) == self.answer
        if not isinstance(response, str):
            return False
        if self.format == "text" or (self.accepted and response not in self.choices):
            wanted = {normalize_answer(a) for a in (*self.accepted, str(self.answer))}
            return normalize_answer(response) in wanted
        return response == self.answer

    def to_dict(self) -> dict[str, Any]:
        """The JSON export form (see docs/export.md)."""
        return {
            "id": self.id,
            "deck": self.deck,
            "kind": self.kind,
            "format": self.format,
            "prompt": self.prompt,
            "choices": list(self.choices),
            "answer": list(self.answer) if isinstance(self.answer, tuple) else self.answer,
            "accepted": list(self.accepted),
            "explanation": self.explanation,
            "source": self.source,
            "facts": list(self.facts),
        }


@dataclass(frozen=True)
class Card:
    """A flashcard: a front to recall from and a back to check against, for one fact."""

    id: str
    deck: str
    fact: str
    front: str
    back: str
    explanation: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "deck": self.deck,
            "kind": "flashcard",
            "format": "card",
            "prompt": self.front,
            "choices": [],
            "answer": self.back,
            "accepted": [],
            "explanation": self.explanation,
            "source": self.source,
            "facts": [self.fact],
        }


@dataclass(frozen=True)
class Bank:
    """Every question and card generated from one deck."""

    deck: str
    questions: tuple[Question, ...]
    cards: tuple[Card, ...]

    def by_kind(self, kinds: Sequence[str]) -> list[Question]:
        return [q for q in self.questions if q.kind in kinds]


def question_from_dict(data: dict[str, Any]) -> Question:
    """Rebuild a question from its `to_dict` form (a stored snapshot), to judge an answer to it."""
    answer = data["answer"]
    return Question(
        id=data["id"],
        deck=data["deck"],
        kind=data["kind"],
        format=data["format"],
        prompt=data["prompt"],
        answer=tuple(answer) if isinstance(answer, list) else answer,
        explanation=data["explanation"],
        source=data["source"],
        facts=tuple(data["facts"]),
        choices=tuple(data["choices"]),
        accepted=tuple(data["accepted"]),
    )
