"""Load deck folders: parse every file, check it against the model and across files, report all.

Every problem is reported as `file:line:col: message` in one pass; a deck with any problem is
refused as a whole (the caller keeps whatever it had before).
"""

from __future__ import annotations

import difflib
import itertools
import re
import string
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import gcpause, timeline
from .errors import ContentError, Problem
from .model import (
    FACT_SECTIONS,
    NAMED_SECTIONS,
    QUESTION_KINDS,
    AuthoredQuestion,
    Deck,
    DeckFile,
    DeckMeta,
    Predicate,
    Relation,
)
from .questions import VARIANTS
from .yamlsafe import MAX_BYTES, Located, PathKey, read_file

YAML_SUFFIXES = (".yaml", ".yml")

_TYPE_NAMES = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "float_type": "un nombre",
    "bool_type": "true ou false",
    "list_type": "une liste",
    "model_type": "une section de champs (clé: valeur)",
    "dict_type": "une section de champs (clé: valeur)",
    "model_attributes_type": "une section de champs (clé: valeur)",
}


def _describe(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"« {str(value).lower()} »"
    if isinstance(value, dict):
        return "une section de champs"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, int | float):
        return f"le nombre {value}"
    return f"« {value} »"


def _unwrap(annotation: Any) -> Any:
    """The model class behind list[X], X | None and Annotated[X, ...], or None."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = inner[0] if inner else None
        else:
            return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _model_at(loc: PathKey, start: type[BaseModel] = DeckFile) -> type[BaseModel] | None:
    model: type[BaseModel] | None = start
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _unwrap(field.annotation) if field else None
    return model


def _clean(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Drop the union-member labels pydantic puts in `loc`, keeping only real keys and indexes."""
    clean: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
            clean.append(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            clean.append(part)
    return tuple(clean)


_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+\Z")
_SPACED_NUMBER = re.compile(r"[-+]?\d{1,3}([ \u00a0\u202f]\d{3})+(\.\d+)?\Z")


def _number_hint(value: Any) -> str:
    """What to change in a number written the French way (« 57,4 », « 12 000 »)."""
    if isinstance(value, str) and _DECIMAL_COMMA.match(value.strip()):
        return f" : les décimales s'écrivent avec un point ({value.strip().replace(',', '.')})"
    if isinstance(value, str) and _SPACED_NUMBER.match(value.strip()):
        return f" : écrivez le nombre sans espace ({''.join(value.split())})"
    return ""


def _message(error: Any, name: str) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "amount" or (kind in ("int_type", "float_type") and isinstance(error.get("input"), str)):
        value = error.get("input")
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown = f"{value:.3g}" if isinstance(value, float) or abs(value) < 10**15 else f"{len(str(abs(value)))} chiffres"
            return f"« {name} » : nombre hors limites ({shown}) : de 0 à 10^15"
        return f"« {name} » doit être un nombre, trouvé {_describe(value)}{_number_hint(value)}"
    if kind == "missing":
        return f"champ obligatoire « {name} » manquant"
    if kind == "extra_forbidden":
        return f"champ inconnu « {name} »"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("' or '", ", ").replace("', '", ", ").strip("'")
        return f"valeur {_describe(error['input'])} non reconnue pour « {name} » (attendu : {expected})"
    if kind in _TYPE_NAMES:
        return f"« {name} » doit être {_TYPE_NAMES[kind]}, trouvé {_describe(error['input'])}"
    if kind == "string_pattern_mismatch":
        return f"identifiant {_describe(error['input'])} invalide : minuscules, chiffres et tirets seulement"
    if kind == "string_too_short":
        return f"« {name} » ne peut pas être vide"
    if kind == "too_short":
        return f"« {name} » doit contenir au moins un élément"
    if kind == "string_too_long":
        return f"« {name} » est trop long (au plus {ctx.get('max_length')} caractères)"
    if kind == "date":
        return str(error["msg"])
    if kind == "union_tag_invalid":
        return f"type de question « {ctx.get('tag')} » inconnu (attendu : {ctx.get('expected_tags')})"
    if kind == "union_tag_not_found":
        return f"champ « {ctx.get('discriminator', 'kind').strip(chr(39))} » manquant : quel type de question ?"
    if kind in ("less_than_equal", "greater_than_equal"):
        return f"« {name} » doit être entre 1 et 5, trouvé {_describe(error['input'])}"
    return f"« {name} » : {error['msg']}"


def _suggest(name: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    close = difflib.get_close_matches(str(name), allowed, n=1)
    return f" : vouliez-vous dire « {close[0]} » ?" if close else f" (possibles : {', '.join(allowed)})"


def _problems(doc: Located, prefix: PathKey, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Translate pydantic's errors into located French messages, one per place."""
    found: dict[PathKey, Problem] = {}
    for error in exc.errors():
        raw_loc = (*prefix, *error["loc"])
        loc = _clean(doc.data, raw_loc)
        if error["type"] == "missing":
            name = str(error["loc"][-1])
            key = (*loc, "\0missing", name)
        else:
            name = str(loc[-1]) if loc else ""
            if isinstance(loc[-1] if loc else None, int):
                name = str(loc[-2]) if len(loc) > 1 else name
            key = loc
        message = _message(error, name)
        if error["type"] == "extra_forbidden" and " " in name.strip():
            message += (
                " : ceci ressemble à la suite d'un texte coupé par une virgule ; dans une section entre { }, "
                "une virgule sépare deux champs : mettez le texte entre guillemets"
            )
        elif error["type"] == "extra_forbidden":
            tag = error["loc"][0] if error["loc"] and error["loc"][0] in QUESTION_KINDS else None
            start: type[BaseModel] = QUESTION_KINDS[tag] if tag else model
            inner = _model_at(tuple(p for p in loc[len(prefix) : -1] if not isinstance(p, int)), start)
            message += _suggest(name, inner.model_fields if inner else ())
        if key in found and error["type"] in _TYPE_NAMES:
            continue  # a union: the first alternative's wording is enough
        found.setdefault(key, doc.problem(loc, message, key=error["type"] == "extra_forbidden"))
    return list(found.values())


@dataclass
class _Item:
    doc: Located
    loc: PathKey
    value: Any

    def problem(self, field: str | None, message: str) -> Problem:
        return self.doc.problem((*self.loc, field) if field else self.loc, message)


class _Checker:
    """Cross-file checks: ids, references, dates, single holders, successions."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.items: dict[str, list[_Item]] = {section: [] for section in NAMED_SECTIONS}
        self.metas: list[_Item] = []
        self.ids: dict[str, _Item] = {}
        self.broken: set[str] = set()  # ids of items that failed their own checks
        self.unreadable: list[str] = []  # files that could not be parsed: an unknown id may stand there
        self.dangling: set[int] = set()  # items with an unknown reference: no consequent checks on them

    def add_file(self, doc: Located, parsed: DeckFile) -> None:
        if parsed.deck is not None:
            self.metas.append(_Item(doc, ("deck",), parsed.deck))
        for section in NAMED_SECTIONS:
            for index, value in getattr(parsed, section):
                item = _Item(doc, (section, index), value)
                self.items[section].append(item)
                first = self.ids.get(value.id)
                if first is not None:
                    line = first.doc.where((*first.loc, "id"))[0]
                    self.problems.append(
                        item.problem("id", f"identifiant « {value.id} » en double (déjà utilisé : {first.doc.path}:{line})")
                    )
                else:
                    self.ids[value.id] = item

    def ref(self, item: _Item, field: str, ref: str | None, section: str, kinds: Iterable[str] = ()) -> None:
        if ref is None or ref in self.broken:
            return
        target = self.ids.get(ref)
        if target is None or target.loc[0] != section:
            close = difflib.get_close_matches(ref, [i.value.id for i in self.items[section]], n=1)
            hint = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
            self.dangling.add(id(item.value))
            if self.unreadable and not close:
                hint = f" (ou définie dans un fichier illisible : {', '.join(self.unreadable)})"
            what = {
                "entities": "entité inconnue",
                "sources": "source inconnue",
                "roles": "rôle inconnu",
                "predicates": "prédicat inconnu",
            }[section]
            self.problems.append(item.problem(field, f"{what} « {ref} »{hint}"))
            return
        kinds = tuple(kinds)
        if kinds and target.value.kind not in kinds:
            self.problems.append(
                item.problem(field, f"« {ref} » est de type {target.value.kind}, attendu : {' ou '.join(kinds)}")
            )

    def check(self) -> DeckMeta | None:
        if not self.metas:
            return None
        first = self.metas[0]
        for extra in self.metas[1:]:
            line = first.doc.where(("deck",), key=True)[0]
            self.problems.append(
                extra.doc.problem(("deck",), f"en-tête « deck » en double (déjà dans {first.doc.path}:{line})", key=True)
            )
        for item in self.items["entities"]:
            for index, whole in enumerate(item.value.part_of):
                self.ref(_Item(item.doc, (*item.loc, "part_of"), None), index, whole, "entities")  # type: ignore[arg-type]
                if whole == item.value.id:
                    self.problems.append(item.problem("part_of", "une entité ne peut pas faire partie d'elle-même"))
        for item in self.items["roles"]:
            self.ref(item, "organisation", item.value.organisation, "entities", ("organisation",))
        for item in self.items["predicates"]:
            self._check_templates(item)
        for section in FACT_SECTIONS:
            for item in self.items[section]:
                self.ref(item, "source", item.value.source, "sources")
                for index, variant in enumerate(item.value.skip):
                    if variant not in VARIANTS:
                        message = f"variante inconnue « {variant} » dans « skip »" + _suggest(variant, VARIANTS)
                        self.problems.append(item.doc.problem((*item.loc, "skip", index), message))
        self._check_labels()
        self._check_names()
        for item in self.items["tenures"]:
            t = item.value
            self.ref(item, "holder", t.holder, "entities", ("person",))
            self.ref(item, "role", t.role, "roles")
            if t.since and t.until and t.since.earliest and t.until.latest and t.until.latest < t.since.earliest:
                self.problems.append(
                    item.problem("until", f"la fonction se termine ({t.until.text()}) avant de commencer ({t.since.text()})")
                )
        for item in self.items["successions"]:
            s = item.value
            self.ref(item, "role", s.role, "roles")
            self.ref(item, "outgoing", s.outgoing, "entities", ("person",))
            self.ref(item, "incoming", s.incoming, "entities", ("person",))
            if s.outgoing == s.incoming:
                self.problems.append(item.problem("incoming", "une personne ne peut pas se remplacer elle-même"))
        for item in self.items["events"]:
            e = item.value
            self.ref(item, "agent", e.agent, "entities")
            for index, actor in enumerate(e.actors):
                self.ref(_Item(item.doc, (*item.loc, "actors"), None), index, actor, "entities")  # type: ignore[arg-type]
            if (e.agent is None) != (e.action is None):
                field = "action" if e.agent else "agent"
                self.problems.append(item.problem(None, f"« agent » et « action » vont ensemble : « {field} » manque"))
        for item in self.items["quotes"]:
            self.ref(item, "speaker", item.value.speaker, "entities")
        figure_ids = {item.value.id for item in self.items["figures"]}
        for item in self.items["figures"]:
            f = item.value
            if f.value < 0 or (f.qualifier != "exact" and f.value <= 0):
                self.problems.append(item.problem("value", f"valeur {f.value} invalide : un chiffre doit être positif"))
            self.ref(item, "subject", f.subject, "entities")
            if f.part_of is not None and f.part_of not in figure_ids and f.part_of not in self.broken:
                hint = _suggest(f.part_of, sorted(figure_ids)) if figure_ids else ""
                self.problems.append(item.problem("part_of", f"chiffre inconnu « {f.part_of} »{hint}"))
            if f.band is not None:
                if f.band.high < f.band.low:
                    self.problems.append(item.problem("band", f"plage inversée : {f.band.high} est plus petit que {f.band.low}"))
                elif not f.band.low <= f.value <= f.band.high:
                    self.problems.append(
                        item.problem("band", f"la valeur {f.value} est hors de sa plage plausible [{f.band.low} ; {f.band.high}]")
                    )
            if f.statement is not None and "{value}" not in f.statement:
                self.problems.append(item.problem("statement", "la phrase doit contenir « {value} » (l'endroit du chiffre)"))
        pairs: dict[tuple[str, str], _Item] = {}
        for item in self.items["relations"]:
            r: Relation = item.value
            first = pairs.setdefault((r.predicate, r.object), item)
            if first is not item:
                self.problems.append(
                    item.problem(
                        "object",
                        f"« {r.predicate} » vers « {r.object} » est déjà dans la relation « {first.value.id} » : "
                        "regroupez les sujets dans une seule relation",
                    )
                )
            if r.object in r.subjects:
                self.problems.append(item.problem("object", f"« {r.object} » est à la fois sujet et objet de la relation"))
            if len(set(r.subjects)) != len(r.subjects):
                self.problems.append(item.problem("subjects", "un sujet figure deux fois dans « subjects »"))
            self.ref(item, "predicate", r.predicate, "predicates")
            self.ref(item, "object", r.object, "entities")
            for index, subject in enumerate(r.subjects):
                self.ref(_Item(item.doc, (*item.loc, "subjects"), None), index, subject, "entities")  # type: ignore[arg-type]
        for item in self.items["questions"]:
            self._check_question(item)
        return self.metas[0].value

    def _check_names(self) -> None:
        """Two entities with one name could not be told apart in a question or among its choices."""
        seen: dict[str, _Item] = {}
        for item in self.items["entities"]:
            key = " ".join(item.value.name.casefold().split())
            first = seen.setdefault(key, item)
            if first is not item:
                line = first.doc.where((*first.loc, "name"))[0]
                self.problems.append(
                    item.problem(
                        "name",
                        f"nom « {item.value.name} » déjà porté par « {first.value.id} » ({first.doc.path}:{line}) : "
                        "deux entités doivent se distinguer par leur nom",
                    )
                )

    def _check_labels(self) -> None:
        """Two events (or labelled successions) with one label could not be told apart in an ordering."""
        seen: dict[str, _Item] = {}
        for section in ("events", "successions"):
            for item in self.items[section]:
                label = item.value.label
                if label is None:
                    continue
                key = " ".join(label.casefold().split())
                first = seen.setdefault(key, item)
                if first is not item:
                    line = first.doc.where((*first.loc, "label"))[0]
                    self.problems.append(
                        item.problem(
                            "label",
                            f"libellé « {label} » déjà pris par « {first.value.id} » ({first.doc.path}:{line}) : "
                            "deux faits doivent se distinguer par leur libellé",
                        )
                    )

    def _check_question(self, item: _Item) -> None:
        q = item.value
        self.ref(item, "source", q.source, "sources")
        for index, fact in enumerate(q.facts):
            target = self.ids.get(fact)
            if fact not in self.broken and (target is None or target.loc[0] not in FACT_SECTIONS):
                self.problems.append(item.doc.problem((*item.loc, "facts", index), f"fait inconnu « {fact} »"))

        def distinct(field: str, values: list[str], what: str) -> None:
            seen: set[str] = set()
            for index, value in enumerate(values):
                if value in seen:
                    self.problems.append(item.doc.problem((*item.loc, field, index), f"{what} « {value} » en double"))
                seen.add(value)

        if q.kind == "choice":
            distinct("choices", q.choices, "proposition")
            distinct("answers", q.answers, "réponse")
            for index, answer in enumerate(q.answers):
                if answer not in q.choices:
                    close = difflib.get_close_matches(answer, q.choices, n=1)
                    hint = f" : vouliez-vous dire « {close[0]} » ?" if close else " (recopiez-la exactement)"
                    message = f"la réponse « {answer} » n'est pas dans « choices »{hint}"
                    self.problems.append(item.doc.problem((*item.loc, "answers", index), message))
        elif q.kind == "order":
            distinct("items", q.items, "élément")
        elif q.kind == "match":
            distinct("pairs", [p.left for p in q.pairs], "élément de gauche")
            distinct("pairs", [p.right for p in q.pairs], "élément de droite")

    def _check_templates(self, item: _Item) -> None:
        p: Predicate = item.value
        for field, needed in (("statement", {"subject", "object"}), ("ask_subject", {"object"})):
            text = getattr(p, field)
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
            except ValueError as exc:
                self.problems.append(item.problem(field, f"modèle de phrase invalide : {exc}"))
                continue
            unknown = names - {"subject", "object"}
            if unknown:
                self.problems.append(
                    item.problem(field, f"emplacement inconnu « {{{sorted(unknown)[0]}}} » (attendu {{subject}} ou {{object}})")
                )
            for name in sorted(needed - names):
                self.problems.append(item.problem(field, f"le modèle doit contenir « {{{name}}} »"))

    def check_timeline(self, deck: Deck) -> None:
        """Single-holder overlaps and successions that disagree with the tenures."""
        by_role: dict[str, list[_Item]] = {}
        for item in self.items["tenures"]:
            by_role.setdefault(item.value.role, []).append(item)
        for role_id, items in by_role.items():
            role = deck.roles.get(role_id)
            if role is None or not role.single_holder:
                continue
            certain = [(item, timeline.certain(item.value, deck.as_of)) for item in items]
            spans = [(item, span) for item, span in certain if span is not None]
            spans.sort(key=lambda pair: pair[1])
            for (a, span_a), (b, span_b) in itertools.pairwise(spans):
                if timeline.overlap(span_a, span_b):
                    line = a.doc.where((*a.loc, "id"))[0]
                    self.problems.append(
                        b.problem(
                            "since",
                            f"le rôle « {role_id} » n'a qu'un titulaire à la fois, mais « {b.value.holder} » "
                            f"l'occupe en même temps que « {a.value.holder} » ({a.value.id}, ligne {line})",
                        )
                    )
        for item in self.items["successions"]:
            s = item.value
            if id(s) in self.dangling or any(id(i.value) in self.dangling for i in by_role.get(s.role, [])):
                continue  # a reference is already reported: what follows from it would only repeat it
            for field, person, bound in (("outgoing", s.outgoing, "until"), ("incoming", s.incoming, "since")):
                tenures = [i.value for i in by_role.get(s.role, []) if i.value.holder == person]
                if not tenures:
                    self.problems.append(item.problem(field, f"« {person} » n'a aucune période « {s.role} » dans tenures"))
                    continue
                ok = any(self._meets(getattr(t, bound), s.date) for t in tenures)
                if not ok:
                    word = "aucune fin" if bound == "until" else "aucun début"
                    self.problems.append(
                        item.problem(
                            "date",
                            f"la date ({s.date.text()}) ne correspond à {word} de période de « {person} » dans « {s.role} »",
                        )
                    )

    @staticmethod
    def _meets(bound: Any, date: Any) -> bool:
        return bound is not None and bound.may_overlap(date)


_QUESTION: TypeAdapter[AuthoredQuestion] = TypeAdapter(AuthoredQuestion)


def _validate(doc: Located, checker: _Checker) -> tuple[DeckFile, list[Problem]]:
    """Check a file item by item, so one bad item does not hide the problems of the others."""
    problems: list[Problem] = []
    sections: dict[str, Any] = {}
    for section, value in doc.data.items():
        field = DeckFile.model_fields.get(section)
        if field is None:
            problems.append(
                doc.problem((section,), f"section inconnue « {section} »" + _suggest(section, DeckFile.model_fields), key=True)
            )
            continue
        model = _unwrap(field.annotation)
        validate = _QUESTION.validate_python if section == "questions" else None
        assert model is not None
        if section == "deck":
            try:
                sections[section] = model.model_validate(value)
            except ValidationError as exc:
                problems += _problems(doc, (section,), exc, model)
            continue
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(
                doc.problem(
                    (section,), f"« {section} » doit être une liste (éléments précédés de « - »), trouvé {_describe(value)}"
                )
            )
            continue
        items = []
        for index, raw in enumerate(value):
            try:
                items.append((index, validate(raw) if validate else model.model_validate(raw)))
            except ValidationError as exc:
                problems += _problems(doc, (section, index), exc, model)
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    checker.broken.add(raw["id"])
        sections[section] = items
    return DeckFile.model_construct(**sections), problems


def deck_files(path: Path) -> list[Path]:
    """The YAML files of a deck folder, in name order (or the file itself)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)


def parse_files(files: list[tuple[str, Located | bytes]], *, max_bytes: int = MAX_BYTES, unreadable: Iterable[str] = ()) -> Deck:
    """Build a deck from already-read files (named for messages); see `load_deck`.

    A file that cannot be parsed does not stop the checks of the others, across files included;
    `unreadable` names files already found unreadable, so that an unknown id can say where it may be.
    """
    from .yamlsafe import parse_bytes

    checker = _Checker()
    checker.unreadable = list(unreadable)
    problems: list[Problem] = []
    for name, content in files:
        try:
            doc = content if isinstance(content, Located) else parse_bytes(content, name, max_bytes=max_bytes)
        except ContentError as exc:
            problems.extend(exc.problems)
            checker.unreadable.append(name)
            continue
        parsed, file_problems = _validate(doc, checker)
        problems += file_problems
        checker.add_file(doc, parsed)
    meta = checker.check()
    if meta is None and not problems and not checker.problems:
        first = files[0][0] if files else "(aucun fichier)"
        problems.append(Problem(first, 1, 1, "aucun en-tête « deck: » (id, title, description) dans ce deck"))
    deck = _assemble(meta, checker) if meta is not None else None
    if deck is not None:  # the timeline of what could be read is checked even when something else is wrong
        checker.check_timeline(deck)
    problems.extend(checker.problems)
    if problems or deck is None:
        raise ContentError(problems)
    return deck


def _assemble(meta: DeckMeta, checker: _Checker) -> Deck:
    def values(section: str) -> list[Any]:
        return [item.value for item in checker.items[section]]

    def by_id(section: str) -> dict[str, Any]:
        return {v.id: v for v in values(section)}

    as_of = meta.as_of.exact if meta.as_of and meta.as_of.exact else None
    if as_of is None:
        days = [d.exact for f in checker.items["tenures"] for d in (f.value.since, f.value.until) if d and d.exact]
        for section in ("successions", "events", "quotes", "figures", "relations"):
            days += [f.value.date.exact for f in checker.items[section] if f.value.date and f.value.date.exact]
        as_of = max(days) if days else timeline.dt.date.min  # no day in the deck: no day-anchored question
    return Deck(
        meta=meta,
        as_of=as_of,
        sources=by_id("sources"),
        entities=by_id("entities"),
        roles=by_id("roles"),
        predicates=by_id("predicates"),
        tenures=values("tenures"),
        successions=values("successions"),
        events=values("events"),
        quotes=values("quotes"),
        figures=values("figures"),
        relations=values("relations"),
        questions=values("questions"),
        places={
            item.value.id: "{}:{}:{}".format(item.doc.path, *item.doc.where((*item.loc, "id")))
            for item in checker.items["questions"]
        },
    )


def load_deck(path: Path, *, root: Path | None = None, max_bytes: int = MAX_BYTES) -> Deck:
    """Load one deck: a folder of YAML files, or a single YAML file with a `deck:` header.

    Args:
        path: the deck folder or file.
        root: file names in messages are relative to this folder (default: as given).
        max_bytes: per-file size limit.

    Returns:
        The checked deck.

    Raises:
        ContentError: every problem found in every file of the deck.
    """
    with gcpause.paused():
        return _load_deck(path, root, max_bytes)


def _load_deck(path: Path, root: Path | None, max_bytes: int) -> Deck:
    files = deck_files(path)
    if not files:
        raise ContentError([Problem(str(path), 1, 1, "aucun fichier .yaml dans ce dossier")])
    named: list[tuple[str, Located | bytes]] = []
    problems: list[Problem] = []
    unreadable: list[str] = []
    for file in files:
        name = str(file.relative_to(root)) if root and file.is_relative_to(root) else str(file)
        try:
            named.append((name, read_file(file, name, max_bytes=max_bytes)))
        except ContentError as exc:
            problems.extend(exc.problems)
            unreadable.append(name)
    try:
        deck = parse_files(named, max_bytes=max_bytes, unreadable=unreadable) if named else None
    except ContentError as exc:
        problems.extend(exc.problems)
        deck = None
    if problems or deck is None:
        raise ContentError(problems)
    return deck


def deck_paths(folder: Path) -> list[Path]:
    """The decks under `folder`: the folder itself if it holds YAML files, else each sub-folder that does."""
    if folder.is_file() or deck_files(folder):
        return [folder]
    return sorted(p for p in folder.iterdir() if p.is_dir() and deck_files(p))


def load_all(folder: Path, *, max_bytes: int = MAX_BYTES) -> tuple[dict[str, Deck], list[Problem]]:
    """Load every deck under `folder`; valid decks by id, and the problems of the others."""
    decks: dict[str, Deck] = {}
    problems: list[Problem] = []
    root = folder if folder.is_dir() else folder.parent
    paths = deck_paths(folder)
    if not paths:
        problems.append(Problem(str(folder), 1, 1, "aucun deck ici : ni fichier .yaml, ni sous-dossier qui en contienne"))
    for path in paths:
        try:
            deck = load_deck(path, root=root.parent, max_bytes=max_bytes)
        except ContentError as exc:
            problems += exc.problems
            continue
        if deck.id in decks:
            problems.append(Problem(str(path), 1, 1, f"deck « {deck.id} » défini deux fois"))
            continue
        clashes = question_clashes(deck, decks.values())
        if clashes:
            problems += clashes
            continue
        decks[deck.id] = deck
    return decks, problems


def question_clashes(deck: Deck, others: Iterable[Deck]) -> list[Problem]:
    """A hand-written question id may stand in one deck only: answers are filed under it."""
    taken = {q: (other.id, other.places.get(q, "?")) for other in others if other.id != deck.id for q in other.places}
    problems = []
    for qid, place in deck.places.items():
        if qid in taken:
            path, line, col = place.rsplit(":", 2)
            other_deck, other_place = taken[qid]
            message = f"question « {qid} » déjà définie dans le deck « {other_deck} » ({other_place})"
            problems.append(Problem(path, int(line), int(col), message))
    return problems
