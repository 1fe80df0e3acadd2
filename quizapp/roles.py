"""What an account may do: learn, also teach classes, also write decks, also administer.
One enum, stored by its value; each role may do everything the roles before it may."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEARNER = "learner"
    TEACHER = "teacher"
    AUTHOR = "author"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role's name on the pages."""
        return LABELS[self]


LABELS = {Role.LEARNER: "apprenant", Role.TEACHER: "enseignant", Role.AUTHOR: "auteur", Role.ADMIN: "administrateur"}
TEACHERS = frozenset({Role.TEACHER, Role.AUTHOR, Role.ADMIN})  # who may create classes
AUTHORS = frozenset({Role.AUTHOR, Role.ADMIN})  # who may open the author pages (and resolve error reports)
ADMINS = frozenset({Role.ADMIN})

# What a page refused with 403 says it requires (quizapp/access.py).
REQUIRED_TEXT = {
    ADMINS: "Cette page est réservée aux administrateurs.",
    AUTHORS: "Cette page est réservée aux auteurs (et aux administrateurs).",
    TEACHERS: "Cette page est réservée aux enseignants (et aux auteurs et administrateurs).",
}
