"""What every question style needs to know about a deck: its indexes and how to speak of its things.

The context is built once per generation. It knows the facts (who held what, who said and did what,
which entity belongs to which) and the French of the deck's names, titles and dates; it makes no
question itself.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from . import french, timeline
from .dates import DateSpec
from .model import AnyFact, Deck, Entity, Event, Role, Succession, Tenure
from .questions import Card, Question, question_id

END_OF_STORY = "à la fin de l'histoire"  # a derived as_of no fact is dated (a deck without `as_of`)
SOURCE_DAY = "date de la source"  # the deck's own `as_of`: the day its source was written (model.DeckMeta)
STORY_WINDOW_DAYS = 366  # days a day-anchored question may use, from the first dated day of the story


class Context:
    """A deck's indexes and wording, and the generation's randomness."""

    def __init__(self, deck: Deck, rng: random.Random) -> None:
        self.deck = deck
        self.rng = rng
        self.entities = deck.entities
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        for e in self.entities.values():
            self.by_kind[e.kind].append(e.id)
        self.tenures_by_role: dict[str, list[Tenure]] = defaultdict(list)
        self.tenures_by_holder: dict[str, list[Tenure]] = defaultdict(list)
        for t in deck.tenures:
            self.tenures_by_role[t.role].append(t)
            self.tenures_by_holder[t.holder].append(t)
        self.roles_by_org: dict[str, list[str]] = defaultdict(list)
        for r in deck.roles.values():
            self.roles_by_org[r.organisation].append(r.id)
        self.successions: dict[tuple[str, str, str], list[Succession]] = defaultdict(list)
        for s in deck.successions:
            self.successions[("out", s.role, s.outgoing)].append(s)
            self.successions[("in", s.role, s.incoming)].append(s)
        self.speakers: dict[str, set[str]] = defaultdict(set)
        for q in deck.quotes:
            self.speakers[french.normalize_answer(q.text)].add(q.speaker)
        self.agents: dict[str, set[str]] = defaultdict(set)
        for event in deck.events:
            if event.agent and event.action:
                self.agents[french.normalize_answer(event.action)].add(event.agent)
        self.by_source: dict[str, set[str]] = defaultdict(set)
        for f in deck.facts():
            self.by_source[f.source].update(entities_of(f))
        self.members = self._members()
        self._near_sorted: dict[str, list[str]] = {}
        self.non_persons = {e for e, x in self.entities.items() if x.kind != "person"}  # groups, organisations, places
        timed: list[Event | Succession] = [*deck.events, *deck.successions]
        self.dated: list[tuple[Event | Succession, DateSpec]] = [
            (f, f.date) for f in timed if f.date is not None and f.date.is_known()
        ]
        self.days = sorted({d.exact for _, d in self.dated if d.exact})
        # Days a fact is told at midnight or in the night: read by some as the day before or after.
        self.edge_days = {d.exact for f, d in self.dated if d.exact and french.near_midnight(" ".join(_texts(f)))}
        # The deck's distinct dates of each precision (by their text), in time order: date
        # questions take their wrong answers there without scanning every fact.
        by_text: dict[str, dict[str, DateSpec]] = defaultdict(dict)
        for _, d in self.dated:
            by_text[d.precision].setdefault(d.text(), d)
        self.dates_by_precision = {
            p: sorted(found.values(), key=lambda d: (d.earliest or dt.date.min, d.text())) for p, found in by_text.items()
        }
        self.date_starts_by_precision = {  # their first days, for bisection
            p: [d.earliest or dt.date.min for d in found] for p, found in self.dates_by_precision.items()
        }
        self.all_names = {french.normalize_answer(n) for e in self.entities for n in self.names_of(e)}
        self.memo: dict[str, Any] = {}  # what a style computes once per generation (its own key)
        lows = [d.earliest for _, d in self.dated if d.earliest]
        self.story_span = (min(lows) if lows else deck.as_of, deck.as_of)
        self.entity_days: dict[str, set[dt.date]] = defaultdict(set)
        for f in deck.facts():
            when = fact_date(f)
            if when is not None and when.exact:
                for ent in entities_of(f):
                    self.entity_days[ent].add(when.exact)
        start = self.days[0] if self.days else deck.as_of
        span = (deck.as_of - start).days + 1 if self.days else 0
        self.window = [start + dt.timedelta(days=i) for i in range(max(0, min(span, STORY_WINDOW_DAYS)))]
        # The days a question about who held what may name: the story's, up to its last dated day,
        # and its as_of (« à la fin de l'histoire »); not a day between them, which no fact names (« le
        # 30 mars » for a story told up to the 29th and written on the 31st).
        ends = [d.latest for _, d in self.dated if d.latest and d.precision in ("day", "range")]
        last = max(ends, default=deck.as_of)
        self.asked_days = [d for d in self.window if d <= last or d == deck.as_of]
        self.facts_by_id: dict[str, AnyFact] = {f.id: f for f in deck.facts()}
        self.causes: dict[str, list[str]] = defaultdict(list)  # effect -> its causes (both link fields)
        self.effects: dict[str, list[str]] = defaultdict(list)
        for f in timed:
            for cause in f.because:
                self._link(cause, f.id)
            for effect in f.led_to:
                self._link(f.id, effect)
        self._neighbours: dict[str, Counter[str]] | None = None
        self._name_index: dict[str, set[str]] | None = None
        self._name_words = 0
        self.no_elision = tuple(n for e in self.entities.values() if e.elide is False for n in (e.name, *e.aliases))

    def _link(self, cause: str, effect: str) -> None:
        if effect not in self.effects[cause]:
            self.effects[cause].append(effect)
            self.causes[effect].append(cause)

    def chain(self, fact_id: str) -> set[str]:
        """Every fact linked to this one by causes and consequences, however far (each visited once)."""
        seen: set[str] = set()
        todo = [fact_id]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo += self.causes.get(current, []) + self.effects.get(current, [])
        return seen

    def upstream(self, fact_id: str) -> set[str]:
        """Every fact that led to this one, directly or through others (each visited once)."""
        return self._reach(fact_id, self.causes)

    def downstream(self, fact_id: str) -> set[str]:
        """Every fact this one led to, directly or through others (each visited once)."""
        return self._reach(fact_id, self.effects)

    @staticmethod
    def _reach(fact_id: str, links: dict[str, list[str]]) -> set[str]:
        seen: set[str] = set()
        todo = list(links.get(fact_id, []))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += links.get(current, [])
        return seen

    def story_order(self) -> list[Event]:
        """The dated events in the order of the story: by date, and where dates are equal or vague, in
        the order the deck gives them (file order)."""
        position = {id(e): i for i, e in enumerate(self.deck.events)}
        dated = [e for e in self.deck.events if e.date is not None and e.date.is_known() and not e.background]
        return sorted(dated, key=lambda e: (e.date.earliest or e.date.latest or dt.date.min, position[id(e)]))  # type: ignore[union-attr]

    def possible(self, d: DateSpec) -> tuple[dt.date | None, dt.date | None]:
        """The days a date may be read as: its span, and a day either side of a day told at midnight
        (« lundi 20 novembre à minuit pétante » is the 21st for many readers)."""
        day = d.exact
        if day and day in self.edge_days:
            before = day - dt.timedelta(days=1) if day > dt.date.min else day
            after = day + dt.timedelta(days=1) if day < dt.date.max else day
            return before, after
        return d.earliest, d.latest

    def on_day(self, day: dt.date) -> str:
        """A day a question asks about, as the sentence says it: « le 18 novembre 2023 », and for the
        deck's `as_of` when no fact is dated that day, a day the story never names: « le 22 novembre
        2023, date de la source » when the deck gives it (the model defines `as_of` as the day the
        source was written), else « à la fin de l'histoire » (a post held then is held at the end of
        what it tells, nothing dated after it)."""
        if day != self.deck.as_of or day in self.days:
            return f"le {french.day(day)}"
        given = self.deck.meta.as_of is not None and self.deck.meta.as_of.exact == day
        return f"le {french.day(day)}, {SOURCE_DAY}" if given else END_OF_STORY

    def before(self, a: DateSpec, b: DateSpec) -> bool:
        """Whether `a` certainly comes before `b`, each read as every day it may be (`possible`): an
        event told « lundi 20 novembre à minuit » is before none of the 21st, after none of the 19th,
        as `DateSpec.before` leaves overlapping spans unordered."""
        a_high, b_low = self.possible(a)[1], self.possible(b)[0]
        return a_high is not None and b_low is not None and a_high < b_low

    # --- who belongs with whom ------------------------------------------------------------------
    def _members(self) -> dict[str, set[str]]:
        """For each entity, the entities that speak or act for it: its parts, its role holders, its
        affiliates (recursively through `part_of`), so that none is offered as a wrong « who »."""
        parts: dict[str, set[str]] = defaultdict(set)
        for e in self.entities.values():
            for whole in e.part_of:
                parts[whole].add(e.id)
        for t in self.deck.tenures:
            parts[self.deck.roles[t.role].organisation].add(t.holder)
        for r in self.deck.relations:
            if self.deck.predicates[r.predicate].affiliation:
                parts[r.object].update(r.subjects)
        wholes: dict[str, set[str]] = defaultdict(set)
        for whole, inside in parts.items():
            for part in inside:
                wholes[part].add(whole)
        members: dict[str, set[str]] = {}
        for entity in self.entities:
            # Everything inside the entity, and everything inside what the entity belongs to when it
            # is a group of that whole (the staff of a company includes the company's role holders).
            seen: set[str] = set()
            todo = [entity, *(w for w in wholes.get(entity, ()) if self.entities[entity].kind == "group")]
            while todo:  # ends: each entity is visited once
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                todo.extend(parts.get(current, ()))
            seen.discard(entity)
            members[entity] = seen | wholes.get(entity, set())
        return members

    # --- names --------------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def name(self, entity_id: str) -> str:
        """The name as it stands inside a sentence (« le conseil d'administration d'OpenAI »)."""
        return self.entities[entity_id].name

    def choice_name(self, entity_id: str) -> str:
        """The name as it stands alone or first in a sentence (« Le conseil d'administration d'OpenAI »)."""
        return french.display_name(self.name(entity_id))

    def accepted(self, *entity_ids: str) -> tuple[str, ...]:
        return tuple(n for i in entity_ids for n in (self.entities[i].name, *self.entities[i].aliases))

    def names_of(self, entity_id: str) -> tuple[str, ...]:
        """Every way a text may name the entity: its name, aliases and, for a person, first and last name."""
        e = self.entities[entity_id]
        names = [e.name, *e.aliases]
        if e.kind == "person":
            names += [w for w in e.name.split() if len(w) > 2]
        return tuple(names)

    def gender(self, entity_id: str) -> str:
        return self.entities[entity_id].gender or "m"

    def pronoun(self, entity_id: str) -> str:
        e = self.entities[entity_id]
        return ("elle" if e.gender == "f" else "il") + ("s" if e.plural else "")

    def agree(self, entity_id: str, action: str) -> str:
        """An author's predicate in agreement with its subject (number, and any (e) / [m|f] marks)."""
        e = self.entities[entity_id]
        text = french.inflect(action, e.gender, e.plural)
        return french.plural_verb(text) if e.plural else text

    def says(self, entity_id: str, action: str) -> str:
        """« Sam Altman a annoncé… », « Les salariés d'OpenAI ont menacé… » (no final period)."""
        return f"{self.choice_name(entity_id)} {self.agree(entity_id, action)}"

    def ask_when(self, entity_id: str, action: str, word: str = "Quand") -> str | None:
        """« Quel jour le conseil a-t-il démis… ? », or None when the predicate cannot be inverted."""
        inverted = french.invert(self.agree(entity_id, action), self.pronoun(entity_id))
        return french.ask(f"{word} {self.name(entity_id)} {inverted}") if inverted else None

    # --- roles --------------------------------------------------------------------------------
    def org_name(self, role: Role) -> str:
        org = self.entities[role.organisation]
        return french.de(org.name, org.elide)

    def title(self, role_id: str, gender: str | None = "m", interim: bool = False) -> str:
        """A holder's title, in their gender: « directrice générale par intérim d'OpenAI »."""
        role = self.deck.roles[role_id]
        text = role.title.f if gender == "f" else role.title.m
        if interim:
            text += " par intérim"
        if role.with_organisation:
            text += " " + self.org_name(role)
        return text

    def holder_title(self, t: Tenure) -> str:
        return self.title(t.role, self.gender(t.holder), t.interim)

    def post(self, role_id: str, gender: str | None = None) -> str:
        """The post as a noun phrase with its article, in no one's gender unless `gender` is given:
        « la direction générale d'OpenAI », « le poste de PDG de Microsoft », « le poste de roi ou de reine »."""
        role = self.deck.roles[role_id]
        org = " " + self.org_name(role) if role.with_organisation else ""
        if role.title.neutral and gender is None:
            return role.title.neutral + org
        if gender is not None:
            return f"le poste de {self.title(role_id, gender)}"
        if role.title.m == role.title.f:
            return f"le poste de {role.title.m}{org}"
        return f"le poste de {role.title.m} ou de {role.title.f}{org}"

    def post_at(self, role_id: str, gender: str | None = None) -> str:
        """« à la direction générale d'OpenAI », « au poste de PDG de Microsoft », « sur le trône du
        Royaume-Uni » (the title's `neutral_at`)."""
        role = self.deck.roles[role_id]
        if role.title.neutral_at and role.title.neutral and gender is None:
            org = " " + self.org_name(role) if role.with_organisation else ""
            return role.title.neutral_at + org
        return french.a(self.post(role_id, gender))

    def source(self, source_id: str) -> str:
        return self.deck.sources[source_id].title

    # --- facts over time ----------------------------------------------------------------------
    def holds_possibly(self, person: str, role: str, day: dt.date) -> bool:
        return any(t.role == role and timeline.covers(timeline.possible(t), day) for t in self.tenures_by_holder[person])

    def provably_not_holding(self, person: str, role: str, day: dt.date) -> bool:
        """True when the facts exclude `person` from `role` on `day`.

        A single-holder role is excluded while someone else certainly holds it; a role that may have
        several holders (a board seat) only for someone the deck shows holding it at other times: a
        source that names some members rarely names them all.
        """
        if self.holds_possibly(person, role, day):
            return False
        if not self.deck.roles[role].single_holder:
            return any(t.role == role for t in self.tenures_by_holder[person])
        return any(timeline.surely_holds(t, self.deck.as_of, day) for t in self.tenures_by_role[role])

    def replaced(self, s: Succession, direction: str, person: str) -> bool:
        """True if the facts say `person` replaced (direction 'out') or was replaced by ('in') ..."""
        if direction == "out":
            found = self.successions[("out", s.role, s.outgoing)]
            return any(x.incoming == person and x.date.may_overlap(s.date) for x in found)
        found = self.successions[("in", s.role, s.incoming)]
        return any(x.outgoing == person and x.date.may_overlap(s.date) for x in found)

    def fact_label(self, fact: Event | Succession) -> str:
        """A nominal label for lists and chronologies: « le licenciement de Sam Altman »."""
        if isinstance(fact, Event):
            return fact.label
        if fact.label:
            return fact.label
        noun = _ARRIVAL.get(fact.type or "", "l'arrivée")
        return f"{noun} {french.de(self.name(fact.incoming))} {self.post_at(fact.role)}"

    def neighbours(self, entity_id: str) -> list[str]:
        """Entities closest to one in the story, closest first: those named with it in the most facts,
        then those of the same organisations. Wrong answers drawn there need the story to be told apart."""
        if self._neighbours is None:
            together: dict[str, Counter[str]] = defaultdict(Counter)
            for f in self.deck.facts():
                named = entities_of(f)
                for a in named:
                    together[a].update(named - {a})
            self._neighbours = together
        ranked = [x for x, _ in sorted(self._neighbours[entity_id].items(), key=lambda kv: (-kv[1], kv[0]))]
        colleagues = sorted({m for whole in self.members.get(entity_id, ()) for m in self.members.get(whole, ())} - {entity_id})
        return unique([*ranked, *colleagues])

    def named_in(self, text: str) -> set[str]:
        """The entities a text names (by name, alias, or a person's first or last name), found by
        looking up the text's word sequences in an index of the names (not by trying every name)."""
        if self._name_index is None:
            index: dict[str, set[str]] = defaultdict(set)
            for e in self.entities:
                for n in self.names_of(e):
                    if key := french.normalize_answer(n):
                        index[key].add(e)
            self._name_index = index
            self._name_words = max((len(k.split()) for k in index), default=0)
        words = french.normalize_answer(text).split()
        found: set[str] = set()
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + self._name_words) + 1):
                found |= self._name_index.get(" ".join(words[i:j]), set())
        return found

    def item_texts(self, facts: Sequence[Event | Succession]) -> list[str]:
        """How facts read in a list (a chronology, « que s'est-il passé ? »): their headlines when all
        have one (« Greg Brockman perd la présidence du conseil »), else all their labels."""
        if all(f.headline for f in facts):
            return [french.capitalize(f.headline or "") for f in facts]
        return [french.capitalize(self.fact_label(f)) for f in facts]

    def near(self, source: str) -> set[str]:
        """Entities the facts of one source (episode) mention."""
        return self.by_source.get(source, set())

    def near_sorted(self, source: str) -> list[str]:
        """`near(source)` sorted, once per source (sorting a long episode's entities for each of its
        facts was quadratic)."""
        found = self._near_sorted.get(source)
        if found is None:
            found = self._near_sorted[source] = sorted(self.near(source))
        return found

    # --- output --------------------------------------------------------------------------------
    def qid(self, fact_id: str, variant: str) -> str:
        return question_id(self.deck.id, fact_id, variant)

    def question(self, fact: AnyFact, variant: str, **fields: Any) -> Question:
        """A generated question about `fact` (its id, deck, source and explanation filled in)."""
        fields.setdefault("explanation", fact.explanation)
        fields.setdefault("facts", (fact.id,))
        return Question(id=self.qid(fact.id, variant), deck=self.deck.id, source=self.source(fact.source), **fields)

    def card(self, fact: AnyFact, front: str, back: str, variant: str = "card", explanation: str | None = None) -> Card:
        """A flashcard of `fact`; the first is variant « card », siblings get their own variant."""
        return Card(
            id=self.qid(fact.id, variant),
            deck=self.deck.id,
            fact=fact.id,
            front=front,
            back=back,
            explanation=explanation or fact.explanation,
            source=self.source(fact.source),
        )


# How a succession's type reads in its default label (« l'intérim de X à la direction générale »).
_ARRIVAL = {"interim": "l'intérim", "return": "le retour", "election": "l'élection", "appointment": "la nomination"}


def _texts(fact: Any) -> list[str]:
    """A dated fact's own sentences: where its moment of the day may be told."""
    return [x for x in (getattr(fact, k, None) for k in ("label", "headline", "action", "manner", "explanation")) if x]


def fact_date(fact: Any) -> DateSpec | None:
    """The fact's date when its kind has one (a missing attribute costs pydantic an exception)."""
    return fact.date if "date" in type(fact).model_fields else None


def entities_of(fact: Any) -> set[str]:
    """Every entity a fact names."""
    fields = type(fact).model_fields
    found: set[str] = set()
    for name in ("holder", "outgoing", "incoming", "agent", "speaker", "object", "subject"):
        if name in fields and (value := getattr(fact, name)):
            found.add(value)
    for name in ("actors", "subjects"):
        if name in fields:
            found.update(getattr(fact, name))
    return found


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def unique(items: Iterable[str]) -> list[str]:
    """Items in order, each once."""
    return list(dict.fromkeys(items))
