"""French wording helpers: elision and contraction, dates, quotation marks, answer matching."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
NBSP = "\u00a0"  # inside « » and before « : »
NNBSP = "\u202f"  # before « ? » « ! » « ; »
_VOWELS = "aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ"


def starts_with_vowel(word: str) -> bool:
    """True when a following « de » or « le » elides (« d'OpenAI »); a mute h is not guessed."""
    return bool(word) and word[0] in _VOWELS


def de(name: str, elide: bool | None = None) -> str:
    """« de » + name with French elision and contraction: d'OpenAI, de Microsoft, du gouvernement."""
    lowered = name[:4].lower()
    if lowered.startswith("le "):
        return "du " + name[3:]
    if lowered.startswith("les "):
        return "des " + name[4:]
    if lowered.startswith("la ") or lowered.startswith("l'") or lowered.startswith("l’"):
        return "de " + name
    if elide if elide is not None else starts_with_vowel(name):
        return "d'" + name
    return "de " + name


def capitalize(text: str) -> str:
    """Upper-case the first letter only (« les salariés » -> « Les salariés »)."""
    return text[:1].upper() + text[1:] if text else text


def display_name(name: str) -> str:
    """A name shown on its own: « Les salariés d'OpenAI » but « xAI » (brands keep their case)."""
    if name.lower().startswith(("le ", "la ", "les ", "l'", "l’")):
        return capitalize(name)
    return name


def fill(template: str, **names: str) -> str:
    """Fill {subject}/{object} in an author's sentence, eliding « de {object} » -> « d'OpenAI »."""
    for key, value in names.items():
        template = template.replace(f"de {{{key}}}", de(value).replace("{", "{{").replace("}", "}}"))
    return template.format(**names)


def quote(text: str) -> str:
    """Wrap text in French quotation marks with non-breaking spaces."""
    return f"«{NBSP}{text}{NBSP}»"


def ask(text: str) -> str:
    """End a question with a narrow non-breaking space before « ? », as French typography wants."""
    return text.rstrip() + f"{NNBSP}?"


def day(d: dt.date) -> str:
    """« 17 novembre 2023 », « 1er décembre 2023 »."""
    number = "1er" if d.day == 1 else str(d.day)
    return f"{number} {MONTHS[d.month - 1]} {d.year}"


def month(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


@functools.lru_cache(maxsize=1 << 16)  # the same names are compared over and over
def normalize_answer(text: str) -> str:
    """Fold case, accents, punctuation and spacing so typed answers compare as a reader would."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", stripped.casefold()).split())


def join_names(names: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " et " + names[-1]


def number(value: float) -> str:
    """French number: thin-space thousands, comma decimals, and milliards/millions for round amounts."""
    for size, word in ((1_000_000_000, "milliard"), (1_000_000, "million")):
        if abs(value) >= size and (value * 10) % size == 0:
            scaled = value / size
            plural = "s" if abs(scaled) >= 2 else ""
            return f"{_plain(scaled)} {word}{plural}"
    return _plain(value)


def _plain(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", NNBSP)
    whole, frac = f"{value:.2f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", NNBSP) + "," + frac


def quantity(value: float, unit: str | None, unit_one: str | None = None) -> str:
    """« 13 milliards de dollars », « 770 salariés », « 1 jour »."""
    text = number(value)
    if not unit:
        return text
    if abs(value) < 2 and unit_one:
        unit = unit_one
    if text.endswith(("milliard", "milliards", "million", "millions")):
        return f"{text} {de(unit)}"
    return f"{text} {unit}"
