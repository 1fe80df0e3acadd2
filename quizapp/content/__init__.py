"""The content core: YAML deck files -> checked facts -> questions and flashcards.

Nothing here knows that a web application exists (no Flask, no database): a test enforces it.
"""

from .errors import ContentError, Problem
from .generator import generate
from .loader import deck_paths, load_all, load_deck, parse_files
from .model import Deck
from .questions import KINDS, Bank, Card, Question, question_from_dict

__all__ = [
    "KINDS",
    "Bank",
    "Card",
    "ContentError",
    "Deck",
    "Problem",
    "Question",
    "deck_paths",
    "generate",
    "load_all",
    "load_deck",
    "parse_files",
    "question_from_dict",
]
