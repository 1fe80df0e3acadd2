"""Checks across the files of a deck: ids, references, labels and names, dates, single holders, successions."""

from __future__ import annotations

import difflib
import itertools
import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import timeline
from .errors import Problem
from .messages import suggest
from .model import FACT_SECTIONS, NAMED_SECTIONS, Deck, DeckFile, DeckMeta, Predicate, Relation
from .questions import VARIANTS
from .yamlsafe import Located, PathKey


@dataclass
class Item:
    doc: Located
    loc: PathKey
    value: Any

    def problem(self, field: str | None, message: str) -> Problem:
        return self.doc.problem((*self.loc, field) if field else self.loc, message)


class Checker:
    """Cross-file checks: ids, references, dates, single holders, successions."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.items: dict[str, list[Item]] = {section: [] for section in NAMED_SECTIONS}
        self.metas: list[Item] = []
        self.ids: dict[str, Item] = {}
        self.broken: set[str] = set()  # ids of items that failed their own checks
        self.unreadable: list[str] = []  # files that could not be parsed: an unknown id may stand there
        self.dangling: set[int] = set()  # items with an unknown reference: no consequent checks on them

    def add_file(self, doc: Located, parsed: DeckFile) -> None:
        if parsed.deck is not None:
            self.metas.append(Item(doc, ("deck",), parsed.deck))
        for section in NAMED_SECTIONS:
            for index, value in getattr(parsed, section):
                item = Item(doc, (section, index), value)
                self.items[section].append(item)
                first = self.ids.get(value.id)
                if first is not None:
                    line = first.doc.where((*first.loc, "id"))[0]
                    self.problems.append(
                        item.problem("id", f"identifiant « {value.id} » en double (déjà utilisé : {first.doc.path}:{line})")
                    )
                else:
                    self.ids[value.id] = item

    def ref(self, item: Item, field: str, ref: str | None, section: str, kinds: Iterable[str] = ()) -> None:
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
                self.ref(Item(item.doc, (*item.loc, "part_of"), None), index, whole, "entities")  # type: ignore[arg-type]
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
                        message = f"variante inconnue « {variant} » dans « skip »" + suggest(variant, VARIANTS)
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
                self.ref(Item(item.doc, (*item.loc, "actors"), None), index, actor, "entities")  # type: ignore[arg-type]
            if (e.agent is None) != (e.action is None):
                field = "action" if e.agent else "agent"
                self.problems.append(item.problem(None, f"« agent » et « action » vont ensemble : « {field} » manque"))
            if e.manner_decoys and e.manner is None:
                self.problems.append(item.problem("manner_decoys", "des leurres de manière vont avec « manner »"))
            self._check_decoys(item, "manner_decoys", e.manner_decoys, e.manner)
        self._check_links()
        for item in self.items["quotes"]:
            q = item.value
            if q.blank is not None and q.blank not in q.text:
                self.problems.append(item.problem("blank", f"« {q.blank} » ne figure pas dans le texte : recopiez-le exactement"))
            self._check_decoys(item, "decoys", q.decoys, q.blank)
            if q.decoys and q.blank is None:
                self.problems.append(
                    item.problem("decoys", "des leurres (« decoys ») vont avec les mots à compléter (« blank »)")
                )
            self.ref(item, "speaker", item.value.speaker, "entities")
            for index, actor in enumerate(item.value.actors):
                self.ref(Item(item.doc, (*item.loc, "actors"), None), index, actor, "entities")  # type: ignore[arg-type]
        figure_ids = {item.value.id for item in self.items["figures"]}
        for item in self.items["figures"]:
            f = item.value
            if f.value < 0 or (f.qualifier != "exact" and f.value <= 0):
                self.problems.append(item.problem("value", f"valeur {f.value} invalide : un chiffre doit être positif"))
            self.ref(item, "subject", f.subject, "entities")
            if f.part_of is not None and f.part_of not in figure_ids and f.part_of not in self.broken:
                hint = suggest(f.part_of, sorted(figure_ids)) if figure_ids else ""
                self.problems.append(item.problem("part_of", f"chiffre inconnu « {f.part_of} »{hint}"))
            whole = next((i.value for i in self.items["figures"] if i.value.id == f.part_of), None)
            if whole is not None and f.value > whole.value:
                self.problems.append(
                    item.problem(
                        "part_of", f"une partie ({f.value}) ne peut pas dépasser son tout ({whole.value}, « {whole.id} »)"
                    )
                )
            if f.band is not None:
                if f.band.high < f.band.low:
                    self.problems.append(item.problem("band", f"plage inversée : {f.band.high} est plus petit que {f.band.low}"))
                elif not f.band.low <= f.value <= f.band.high:
                    self.problems.append(
                        item.problem("band", f"la valeur {f.value} est hors de sa plage plausible [{f.band.low} ; {f.band.high}]")
                    )
            if f.statement is not None and "{value}" not in f.statement:
                self.problems.append(item.problem("statement", "la phrase doit contenir « {value} » (l'endroit du chiffre)"))
        pairs: dict[tuple[str, str], Item] = {}
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
                self.ref(Item(item.doc, (*item.loc, "subjects"), None), index, subject, "entities")  # type: ignore[arg-type]
        for item in self.items["questions"]:
            self._check_question(item)
        return self.metas[0].value

    def _check_decoys(self, item: Item, field: str, decoys: list[str], answer: str | None) -> None:
        """A wrong choice the author wrote must not be the right one (case and spaces aside)."""
        for index, decoy in enumerate(decoys):
            if answer is not None and _folded(decoy) == _folded(answer):
                self.problems.append(item.doc.problem((*item.loc, field, index), "un leurre ne peut pas être la bonne réponse"))

    def _check_distinct(self, items: list[Item], field: str, what: str, why: str) -> None:
        """Items whose `field` reads alike (case and spaces aside) could not be told apart: each one after
        the first is a problem, pointing at the first."""
        seen: dict[str, Item] = {}
        for item in items:
            value = getattr(item.value, field)
            if value is None:
                continue
            first = seen.setdefault(_folded(value), item)
            if first is not item:
                line = first.doc.where((*first.loc, field))[0]
                taken = f"déjà pris par « {first.value.id} » ({first.doc.path}:{line})"
                self.problems.append(item.problem(field, f"{what} « {value} » {taken} : {why}"))

    def _check_names(self) -> None:
        """Two entities with one name could not be told apart in a question or among its choices."""
        self._check_distinct(self.items["entities"], "name", "nom", "deux entités doivent se distinguer par leur nom")

    def _check_links(self) -> None:
        """`because` and `led_to` name other events or successions, and a cause never comes after its effect."""
        timed = {i.value.id: i for section in ("events", "successions") for i in self.items[section]}
        for item in timed.values():
            f = item.value
            for field, linked in (("because", f.because), ("led_to", f.led_to)):
                for index, other_id in enumerate(linked):
                    where = (*item.loc, field, index)
                    other = timed.get(other_id)
                    if other_id == f.id:
                        self.problems.append(item.doc.problem(where, "un fait ne peut pas être sa propre cause"))
                    elif other is None:
                        if other_id not in self.broken:
                            hint = suggest(other_id, sorted(timed)) if timed else ""
                            self.problems.append(item.doc.problem(where, f"événement inconnu « {other_id} »{hint}"))
                    else:
                        cause, effect = (other.value, f) if field == "because" else (f, other.value)
                        if cause.date is not None and effect.date is not None and effect.date.before(cause.date):
                            self.problems.append(
                                item.doc.problem(
                                    where,
                                    f"« {cause.id} » ({cause.date.text()}) ne peut pas causer « {effect.id} », "
                                    f"qui a eu lieu avant ({effect.date.text()})",
                                )
                            )

    def _check_labels(self) -> None:
        """Two events (or labelled successions) with one label could not be told apart in an ordering;
        figures are told apart among themselves."""
        why = "deux faits doivent se distinguer par leur libellé"
        self._check_distinct([*self.items["events"], *self.items["successions"]], "label", "libellé", why)
        self._check_distinct(self.items["figures"], "label", "libellé", why)

    def _check_question(self, item: Item) -> None:
        q = item.value
        self.ref(item, "source", q.source, "sources")
        for index, fact in enumerate(q.facts):
            target = self.ids.get(fact)
            if fact not in self.broken and (target is None or target.loc[0] not in FACT_SECTIONS):
                hint = f" (ou défini dans un fichier illisible : {', '.join(self.unreadable)})" if self.unreadable else ""
                self.problems.append(item.doc.problem((*item.loc, "facts", index), f"fait inconnu « {fact} »{hint}"))

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

    def _check_templates(self, item: Item) -> None:
        p: Predicate = item.value
        for field, needed in (("statement", {"subject", "object"}), ("ask_subject", {"object"}), ("ask_all", {"object"})):
            text = getattr(p, field)
            if text is None:
                continue
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
        by_role: dict[str, list[Item]] = {}
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


def _folded(text: str) -> str:
    """Text as two of an author's words are compared: case and runs of spaces aside."""
    return " ".join(text.casefold().split())
