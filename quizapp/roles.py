"""What an account may do: learn, also write decks, also administer. One enum, stored by its value."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEARNER = "learner"
    AUTHOR = "author"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role's name on the pages."""
        return LABELS[self]


LABELS = {Role.LEARNER: "apprenant", Role.AUTHOR: "auteur", Role.ADMIN: "administrateur"}
AUTHORS = frozenset({Role.AUTHOR, Role.ADMIN})  # who may open the author pages
