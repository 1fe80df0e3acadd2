"""French wording: elision and contraction, agreement, dates, numbers, and the final typography pass.

Everything the generator writes goes through `polish` once, at the output boundary of the core
(`generator.generate`): non-breaking spaces, one closing punctuation, elision. The helpers before it
(`de`, `a`, `fill`, `inflect`, `invert`) build phrases that are right by construction where a rule
needs to know what a word is (an article, a name, a subject).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable

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
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
NBSP = "\u00a0"  # inside « » and before « : »
NNBSP = "\u202f"  # before « ? » « ! » « ; », and between thousands
_VOWELS = "aeiouàâäéèêëîïôöùûüœæ"
# Words that begin with a vowel but take no elision (« de onze », « le ouistiti »).
_NO_ELISION = ("onze", "onzième", "oui", "ouate", "ouistiti", "uhlan", "ululement")


def starts_with_vowel(word: str) -> bool:
    """True when a preceding « de », « le », « que » elides (« d'OpenAI », « d'Yves »).

    A vowel sound: a vowel letter, or a « y » before a consonant. An « h » is not guessed (mute or
    aspirated): an entity says so with `elide`.
    """
    lowered = word.lower()
    if not lowered or lowered.startswith(_NO_ELISION):
        return False
    if lowered[0] == "y":
        return len(lowered) > 1 and lowered[1] not in _VOWELS
    return lowered[0] in _VOWELS


def _article(name: str) -> tuple[str, str]:
    """Split a leading definite article off a name: (« le », « conseil »), (« l' », « équipe »)."""
    lowered = name.lower()
    for article in ("les ", "le ", "la ", "l'", "l’"):
        if lowered.startswith(article):
            return article.strip().replace("’", "'"), name[len(article) :]
    return "", name


def de(name: str, elide: bool | None = None) -> str:
    """« de » + name with French elision and contraction: d'OpenAI, de Microsoft, du gouvernement."""
    article, rest = _article(name)
    if article == "le":
        return "du " + rest
    if article == "les":
        return "des " + rest
    if article:
        return "de " + name
    if elide if elide is not None else starts_with_vowel(name):
        return "d'" + name
    return "de " + name


def a(name: str) -> str:
    """« à » + name with contraction: au conseil, aux salariés, à la ministre, à l'équipe, à OpenAI."""
    article, rest = _article(name)
    if article == "le":
        return "au " + rest
    if article == "les":
        return "aux " + rest
    return "à " + name


def capitalize(text: str) -> str:
    """Upper-case the first letter only (« les salariés » -> « Les salariés »); a brand written with
    a capital inside its first word keeps its case (« xAI », « iPhone »)."""
    if not text or (len(text) > 1 and text[0].islower() and text[1].isupper()):
        return text
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case a leading article (« Le conseil » -> « le conseil »), leaving names alone."""
    article, _ = _article(text)
    return text[:1].lower() + text[1:] if article else text


def display_name(name: str) -> str:
    """A name shown on its own: « Les salariés d'OpenAI » but « xAI » (brands keep their case)."""
    return capitalize(name) if _article(name)[0] else name


_SLOT = re.compile(r"\b([Dd]e|[Àà]) \{(\w+)\}")


def fill(template: str, **names: str) -> str:
    """Fill {name} slots of an author's sentence; « de {x} » and « à {x} » elide and contract."""

    def joined(match: re.Match[str]) -> str:
        word, key = match[1], match[2]
        if key not in names:
            return match[0]
        phrase = de(names[key]) if word.lower() == "de" else a(names[key])
        phrase = phrase.replace("{", "{{").replace("}", "}}")
        return capitalize(phrase) if word[0].isupper() else phrase

    return _SLOT.sub(joined, template).format(**names)


_MARK = re.compile(r"\[([^\[\]|]*(?:\|[^\[\]|]*){1,3})\]|\((e|s|es|x)\)")


def inflect(template: str, gender: str | None, plural: bool = False) -> str:
    """Agree an author's sentence with its subject.

    `(e)`, `(s)`, `(es)`, `(x)` are added or dropped (« présenté(e) »); `[m|f]` picks by gender and
    `[m|f|m pl|f pl]` by gender and number (« [le père|la mère] »).
    """
    feminine = gender == "f"

    def pick(match: re.Match[str]) -> str:
        if match[2]:
            suffix = match[2]
            if suffix == "e":
                return "e" if feminine else ""
            if suffix == "es":
                return ("e" if feminine else "") + ("s" if plural else "")
            return suffix if plural else ""
        forms = match[1].split("|")
        if len(forms) == 2:
            return forms[1] if feminine else forms[0]
        forms += forms[-1:] * (4 - len(forms))
        return forms[(2 if plural else 0) + (1 if feminine else 0)]

    return _MARK.sub(pick, template)


_PRONOUN = re.compile(r"(?<![\w-])(il|elle|ils|elles|lui-même|elle-même|eux-mêmes|elles-mêmes)(?![\w-])", re.I)


def shows_gender(text: str) -> bool:
    """True when a sentence carries a bare gendered pronoun (« a annoncé qu'il partait »): said of
    someone else, it would not agree, and in « Qui… ? » it tells the answer's gender."""
    return _PRONOUN.search(text) is not None


_AUX = re.compile(r"(?P<refl>(?:s'|se |s’)?)(?P<aux>a|ont|est|sont|avait|avaient|était|étaient)\b(?P<rest>.*)\Z", re.S)


def invert(action: str, pronoun: str) -> str | None:
    """The interrogative form of a past-tense predicate: « a annoncé X » -> « a-t-il annoncé X ».

    Returns None when the predicate does not start with an auxiliary (the caller words it otherwise).
    """
    m = _AUX.match(action)
    if m is None:
        return None
    return f"{m['refl']}{m['aux']}{_link(m['aux'])}{pronoun}{m['rest']}"


def _link(verb: str) -> str:
    """« a-t-il », « publie-t-elle », « convainc-t-il » but « perd-il », « est-elle », « ont-ils »."""
    return "-t-" if verb[-1] in "aec" else "-"


# A headline's verb: after the subject, object pronouns (« se », « le », « l' »…) then one word in
# lower case, which is not a word that cannot be a verb (« Elon Musk et Sam Altman… »).
_HEADLINE_VERB = re.compile(
    r"(?P<clitics>(?:(?:se|le|la|les|lui|leur|y|en) |[sl]['’])*)(?P<verb>[a-zàâäéèêëîïôöùûüœç]+)(?P<rest>(?: .*)?)\Z", re.S
)
_NOT_VERBS = frozenset("et ou ni de du des un une ne puis avec à au aux qui que dont aussi alors".split())


def invert_headline(headline: str, subject: str, pronoun: str) -> str | None:
    """The interrogative form of a headline that opens with its subject's name: « Sam Altman publie la
    photo… » -> « publie-t-il la photo… », « Penny Mordaunt se retire » -> « se retire-t-elle ».

    Returns None when the headline does not open with `subject` followed by a verb.
    """
    if not headline.lower().startswith(subject.lower() + " "):
        return None
    m = _HEADLINE_VERB.match(headline[len(subject) + 1 :])
    if m is None or m["verb"] in _NOT_VERBS:
        return None
    return f"{m['clitics']}{m['verb']}{_link(m['verb'])}{pronoun}{m['rest']}"


_NEGATED = re.compile(r"(?P<refl>(?:s'|se |s’)?)(?P<verb>[^\s]+)(?P<rest>.*)\Z", re.S)


def negate(predicate: str) -> str:
    """« figure parmi les soutiens » -> « ne figure pas parmi les soutiens »; « a décliné » -> « ne a
    pas décliné » (the final pass elides it to « n'a pas »); « s'est retiré » -> « ne s'est pas retiré »."""
    m = _NEGATED.match(predicate.strip())
    if m is None:
        return predicate
    return f"ne {m['refl']}{m['verb']} pas{m['rest']}"


def plural_verb(action: str) -> str:
    """Put a singular compound tense (« a annoncé », « est parti ») in the plural."""
    for singular, plural in (("a ", "ont "), ("est ", "sont "), ("avait ", "avaient "), ("était ", "étaient ")):
        if action.startswith(singular):
            return plural + action[len(singular) :]
    return action


_POSSESSIVES = {"le": "son", "la": "sa", "les": "ses", "l'": "son", "l’": "son"}


def possessive(label: str, name: str) -> str:
    """« le retour de Sam Altman à la direction » -> « son retour à la direction », for a phrase said
    right after one naming Sam Altman; any other label is returned as it is."""
    m = re.match(rf"^(le|la|les|l['’]) ?([\w-]+) (?:de |d['’]){re.escape(name)}(?![\w-])", label)
    if m is None:
        return label
    return f"{_POSSESSIVES[m[1]]} {m[2]}{label[m.end() :]}"


def quote(text: str) -> str:
    """Wrap text in French quotation marks with non-breaking spaces."""
    return f"«{NBSP}{text.strip()}{NBSP}»"


def ask(text: str) -> str:
    """End a question with a narrow non-breaking space before « ? », as French typography wants."""
    return text.rstrip(" .?\u00a0\u202f") + f"{NNBSP}?"


def sentence(text: str) -> str:
    """A capitalised sentence with one final period (none added after ? ! … or a closing quote's own)."""
    text = capitalize(text.strip())
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def day(d: dt.date, weekday: bool = False) -> str:
    """« 17 novembre 2023 », « 1er décembre 2023 », « vendredi 17 novembre 2023 »."""
    number = "1er" if d.day == 1 else str(d.day)
    text = f"{number} {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text


_NEAR_MIDNIGHT = re.compile(r"\b(?:minuit|nuit|(?:23|0|00) ?h(?:eures?)?\b)", re.I)


def near_midnight(text: str) -> bool:
    """True when a text puts its moment at a day's edge (« à minuit pile », « dans la nuit de dimanche
    à lundi », « vers 23 h »): the day it is dated may be read as the day before or after."""
    return bool(_NEAR_MIDNIGHT.search(text))


_DAY_TEXT = re.compile(r"\b(1er|\d{1,2}) (" + "|".join(MONTHS) + r") (\d{1,4})\b")


def days_named(text: str) -> list[dt.date]:
    """Every full date a text spells out (« 21 novembre 2023 », « 1er décembre 2023 »)."""
    found = []
    for day_text, month_name, year in _DAY_TEXT.findall(text):
        try:
            found.append(dt.date(int(year), MONTHS.index(month_name) + 1, 1 if day_text == "1er" else int(day_text)))
        except ValueError:  # « 31 février 2023 » is not a date anyone meant
            continue
    return found


def month(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


@functools.lru_cache(maxsize=1 << 16)  # the same names are compared over and over
def normalize_answer(text: str) -> str:
    """Fold case, accents, punctuation and spacing so typed answers compare as a reader would."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", stripped.casefold()).split())


def mentions(text: str, names: Iterable[str]) -> bool:
    """True when one of `names` stands in `text` as whole words (case, accents and punctuation folded)."""
    haystack = f" {normalize_answer(text)} "
    return any(f" {n} " in haystack for n in (normalize_answer(name) for name in names) if n)


_CARDINALS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def cardinal(n: int) -> str:
    """« deux », « dix », « 12 »: a small count in words, a larger one in figures."""
    return _CARDINALS[n] if 0 <= n < len(_CARDINALS) else number(n)


def join_names(names: list[str], last: str = "et") -> str:
    """« A », « A et B », « A, B et C »."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {last} " + names[-1]


def number(value: float) -> str:
    """French number: narrow-space thousands, comma decimals, and milliards/millions for round amounts."""
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


# --- the final pass ------------------------------------------------------------------------------
_URL = re.compile(r"https?://\S+")
_QUOTED = re.compile(r"«[^«»]*»")
_ELIDING = {
    "de": "d'",
    "que": "qu'",
    "le": "l'",
    "la": "l'",
    "ne": "n'",
    "se": "s'",
    "je": "j'",
    "me": "m'",
    "te": "t'",
    "jusque": "jusqu'",
    "lorsque": "lorsqu'",
    "puisque": "puisqu'",
}
_ELISION = re.compile(r"\b(" + "|".join(_ELIDING) + r"|si) (?=(\w+))", re.I)


def polish(text: str, keep_whole: Iterable[str] = ()) -> str:
    """French typography and elision, applied once to every text the core hands out.

    - spaces: one ordinary space between words; a narrow no-break space before ? ! ; and a no-break
      space before : and inside « »;
    - one closing punctuation: « …entreprise. ». » -> « …entreprise. » » and « … fin. » ? -> « … fin » ?;
    - elision outside quotations: « de environ » -> « d'environ », « si il » -> « s'il »; names in
      `keep_whole` (an entity that refuses elision) are left as they are.

    URLs are left untouched.
    """
    parts = _URL.split(text)
    urls = _URL.findall(text)
    keep = tuple(normalize_answer(k) for k in keep_whole)
    out = [_polish_part(part, keep) for part in parts]
    merged = out[0]
    for url, part in zip(urls, out[1:], strict=True):
        merged += url + part
    return merged.strip()


# The typography pass, in order: (pattern, replacement), compiled once (it runs on every text).
_TYPOGRAPHY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[ \t\r\n]+"), " "),
    # Guillemets: no-break spaces inside, an ordinary space outside before « when glued to a word.
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
    (re.compile(r"(?<=[\w,.;:!?])«"), " «"),
    # One closing punctuation around a closing guillemet.
    (re.compile(r"([.!?…])\u00a0»[ \u00a0\u202f]*\."), "\\1" + NBSP + "»"),
    (re.compile(r"(?<!\.)\.\u00a0»(?=[ \u00a0\u202f]*[?!])"), NBSP + "»"),
    (re.compile(r"(?<![.…])\.\.(?!\.)"), "."),
    (re.compile(r"([?!])[ \u00a0\u202f]*\.(?!\.)"), r"\1"),
    (re.compile(r"[ \u00a0\u202f]+([.,])"), r"\1"),
    # No-break spaces before the high punctuation (not inside « ?! » runs, times or numbers).
    (re.compile(r"(?<=[^\s\u00a0\u202f?!;])[ \u00a0\u202f]*([?!;])"), NNBSP + r"\1"),
    (re.compile(r"(?<=[^\s\u00a0\u202f\d])[ \u00a0\u202f]*:(?!\d)"), NBSP + ":"),
    (re.compile(r"(?<=\d)[ \u00a0\u202f]+:"), NBSP + ":"),
    (re.compile(r"(?<=\d)[ \u00a0\u202f]*%"), NNBSP + "%"),
    (re.compile(r"([;?!])(?=[«A-Za-zÀ-ÿ])"), r"\1 "),
    (re.compile(r"(?<!\d):(?=[«A-Za-zÀ-ÿ])"), ": "),
)


def _polish_part(text: str, keep: tuple[str, ...]) -> str:
    t = text
    for pattern, replacement in _TYPOGRAPHY:
        t = pattern.sub(replacement, t)
    return _elide(t, keep)


def _elide(text: str, keep: tuple[str, ...]) -> str:
    quoted = [m.span() for m in _QUOTED.finditer(text)]

    def inside(pos: int) -> bool:
        return any(a <= pos < b for a, b in quoted)

    def replace(match: re.Match[str]) -> str:
        word, following = match[1], match[2]
        if inside(match.start()):
            return match[0]
        if word.lower() == "si":
            return (word[0] + "'") if following.lower() in ("il", "ils") else match[0]
        if not starts_with_vowel(following) or following.lower()[0] == "h":
            return match[0]
        rest = normalize_answer(text[match.end() : match.end() + 80])
        if any(rest.startswith(k) for k in keep):
            return match[0]
        short = _ELIDING[word.lower()]
        return (short[0].upper() + short[1:]) if word[0].isupper() else short

    return _ELISION.sub(replace, text)
