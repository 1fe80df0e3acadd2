"""Turn a deck's facts into questions and flashcards, in French, with one right answer each.

Every distractor is checked against the fact base before it is used: a person offered as « who
held the role on that day » never held it that day, a false statement is false in the facts.
Randomness comes from the `random.Random` passed in; question ids never depend on it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from . import french, gcpause, timeline
from .dates import DateSpec
from .french import ask, capitalize, de, quote
from .model import AuthoredQuestion, Deck, Event, Figure, Quote, Relation, Role, Succession, Tenure
from .questions import FALSE, TRUE, Bank, Card, Question

N_DISTRACTORS = 3
CHRONO_SIZE = 4
_MAX_TRIES = 60


def generate(deck: Deck, rng: random.Random | int = 0) -> Bank:
    """Generate every question and flashcard of a deck.

    Args:
        deck: a loaded, valid deck.
        rng: the source of randomness (distractor choice, choice order), or a seed for one.

    Returns:
        The bank: questions in fact order, then cards.
    """
    if not isinstance(rng, random.Random):
        rng = random.Random(rng)
    with gcpause.paused():
        return _Generator(deck, rng).run()


class _Generator:
    def __init__(self, deck: Deck, rng: random.Random) -> None:
        self.deck = deck
        self.rng = rng
        self.questions: list[Question] = []
        self.cards: list[Card] = []
        ents = deck.entities
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        for e in ents.values():
            self.by_kind[e.kind].append(e.id)
        self.all_entities = list(ents)
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
        self.quote_speakers = sorted({q.speaker for q in deck.quotes})
        self.agents: dict[str, set[str]] = defaultdict(set)
        for e in deck.events:
            if e.agent and e.action:
                self.agents[french.normalize_answer(e.action)].add(e.agent)
        self.by_source: dict[str, set[str]] = defaultdict(set)
        for f in deck.facts():
            self.by_source[f.source].update(_entities_of(f))
        self.figures_by_unit: dict[str | None, list[Figure]] = defaultdict(list)
        for f in deck.figures:
            self.figures_by_unit[f.unit].append(f)
        self.dated: list[tuple[Any, DateSpec, str]] = [
            (e, e.date, e.label) for e in deck.events if e.date and e.date.is_known()
        ] + [(s, s.date, self._succession_label(s)) for s in deck.successions if s.date.is_known()]
        self.days = sorted({d.exact for _, d, _ in self.dated if d.exact})
        unique: dict[str, DateSpec] = {}
        for _, d, _ in self.dated:
            unique.setdefault(d.text(), d)
        self.deck_dates = list(unique.values())
        self.deck_date_texts = set(unique)
        self.near_kind: dict[tuple[str, str], list[str]] = {}
        self.entity_days: dict[str, set[dt.date]] = defaultdict(set)
        for f in deck.facts():
            when = f.date if "date" in type(f).model_fields else None
            if isinstance(when, DateSpec) and when.exact:
                for ent in _entities_of(f):
                    self.entity_days[ent].add(when.exact)
        # Days a question may be anchored on: from the first dated day of the story to `as_of`.
        start = self.days[0] if self.days else deck.as_of
        span = (deck.as_of - start).days + 1 if self.days else 0
        self.window = [start + dt.timedelta(days=i) for i in range(max(0, min(span, 366)))]

    # --- wording --------------------------------------------------------------------------
    def name(self, entity_id: str) -> str:
        return self.deck.entities[entity_id].name

    def choice_name(self, entity_id: str) -> str:
        return french.display_name(self.name(entity_id))

    def accepted(self, entity_id: str) -> tuple[str, ...]:
        e = self.deck.entities[entity_id]
        return (e.name, *e.aliases)

    def pronoun(self, entity_id: str) -> str:
        e = self.deck.entities[entity_id]
        base = "elle" if e.gender == "f" else "il"
        return base + ("s" if e.plural else "")

    def verb(self, entity_id: str, action: str) -> str:
        """Put a singular passé composé (« a annoncé ») in agreement with a plural subject."""
        if self.deck.entities[entity_id].plural:
            for singular, plural in (("a ", "ont "), ("est ", "sont ")):
                if action.startswith(singular):
                    return plural + action[len(singular) :]
        return action

    def org_name(self, role: Role) -> str:
        org = self.deck.entities[role.organisation]
        return de(org.name, org.elide)

    def title(self, role_id: str, gender: str = "m", interim: bool = False) -> str:
        role = self.deck.roles[role_id]
        text = role.title.f if gender == "f" else role.title.m
        if interim:
            text += " par intérim"
        if role.with_organisation:
            text += " " + self.org_name(role)
        return text

    def holder_title(self, t: Tenure) -> str:
        return self.title(t.role, self.deck.entities[t.holder].gender, t.interim)

    def source(self, source_id: str) -> str:
        return self.deck.sources[source_id].title

    def _succession_label(self, s: Succession) -> str:
        return f"le remplacement {de(self.name(s.outgoing))} par {self.name(s.incoming)} au poste de {self.title(s.role)}"

    # --- building blocks ------------------------------------------------------------------
    def qid(self, fact_id: str, variant: str) -> str:
        return f"{self.deck.id}:{fact_id}:{variant}"

    def pick(
        self,
        answer_text: str,
        preferred: Sequence[str],
        fallback: Sequence[str],
        wrong: Callable[[str], bool],
        text: Callable[[str], str],
    ) -> list[tuple[str, str]] | None:
        """Choose distinct wrong options, preferred ones first; None if there are not enough."""
        seen = {french.normalize_answer(answer_text)}
        chosen: list[tuple[str, str]] = []
        for pool in (preferred, fallback):
            if len(chosen) == N_DISTRACTORS:
                break
            if len(pool) <= _MAX_TRIES:
                candidates: Iterable[str] = self.rng.sample(list(pool), len(pool))
            else:  # a large pool: draw lazily rather than shuffle it all
                candidates = (self.rng.choice(pool) for _ in range(_MAX_TRIES))
            for key in candidates:
                shown = text(key)
                norm = french.normalize_answer(shown)
                if norm in seen or not wrong(key):
                    continue
                seen.add(norm)
                chosen.append((key, shown))
                if len(chosen) == N_DISTRACTORS:
                    break
        return chosen if len(chosen) == N_DISTRACTORS else None

    def choice_question(
        self,
        fact: Any,
        variant: str,
        kind: str,
        prompt: str,
        answer: tuple[str, Any],
        distractors: list[tuple[str, str]],
        basis: dict[str, Any],
        accepted: tuple[str, ...] = (),
        explanation: str | None = None,
    ) -> None:
        answer_key, answer_text = answer
        options = [(answer_text, answer_key), *((shown, key) for key, shown in distractors)]
        self.rng.shuffle(options)
        self.questions.append(
            Question(
                id=self.qid(fact.id, variant),
                deck=self.deck.id,
                kind=kind,
                format="choice",
                prompt=prompt,
                answer=answer_text,
                choices=tuple(shown for shown, _ in options),
                accepted=accepted,
                explanation=explanation or fact.explanation,
                source=self.source(fact.source),
                facts=(fact.id,),
                basis={**basis, "options": {shown: key for shown, key in options}, "correct": answer_key},
            )
        )

    def true_false(self, fact: Any, true_text: str, false_text: str | None, claim: dict[str, Any], false_claim: Any) -> None:
        pairs = [("true", true_text, True, claim)]
        if false_text is not None:
            pairs.append(("false", false_text, False, false_claim))
        for variant, statement, truth, basis in pairs:
            self.questions.append(
                Question(
                    id=self.qid(fact.id, variant),
                    deck=self.deck.id,
                    kind="truefalse",
                    format="truefalse",
                    prompt=statement,
                    answer=TRUE if truth else FALSE,
                    choices=(TRUE, FALSE),
                    explanation=fact.explanation,
                    source=self.source(fact.source),
                    facts=(fact.id,),
                    basis={**basis, "truth": truth},
                )
            )

    def card(self, fact: Any, front: str, back: str, variant: str = "card") -> None:
        """A flashcard of `fact`; the first is variant « card », siblings get their own variant."""
        self.cards.append(
            Card(
                id=self.qid(fact.id, variant),
                deck=self.deck.id,
                fact=fact.id,
                front=front,
                back=back,
                explanation=fact.explanation,
                source=self.source(fact.source),
            )
        )

    def near(self, source: str, kind: str) -> list[str]:
        """Entities of one kind that the facts of one source mention (sorted, computed once)."""
        key = (source, kind)
        if key not in self.near_kind:
            ents = self.deck.entities
            self.near_kind[key] = sorted(x for x in self.by_source.get(source, ()) if ents[x].kind == kind)
        return self.near_kind[key]

    def people_near(self, fact: Any, *extra: Iterable[str]) -> list[str]:
        """Persons worth offering as distractors: those of the same episode and the given groups."""
        near = self.near(fact.source, "person")
        added = sorted({p for group in extra for p in group if self.deck.entities[p].kind == "person"})
        return [*added, *near] if added else near  # a name in both is skipped by `pick` the second time

    # --- the run ----------------------------------------------------------------------------
    def run(self) -> Bank:
        for t in self.deck.tenures:
            self.tenure(t)
        for s in self.deck.successions:
            self.succession(s)
        for e in self.deck.events:
            self.event(e)
        for q in self.deck.quotes:
            self.quote(q)
        for f in self.deck.figures:
            self.figure(f)
        for r in self.deck.relations:
            self.relation(r)
        for q in self.deck.questions:
            self.authored(q)
        return Bank(self.deck.id, tuple(self.questions), tuple(self.cards))

    # --- tenures ------------------------------------------------------------------------------
    def holds_possibly(self, person: str, role: str, day: dt.date) -> bool:
        return any(t.role == role and timeline.covers(timeline.possible(t), day) for t in self.tenures_by_holder[person])

    def provably_not_holding(self, person: str, role: str, day: dt.date) -> bool:
        """True when the facts exclude `person` from `role` on `day`.

        A single-holder role is excluded only while someone else certainly holds it; a role that
        may have several holders falls back on the closed world of the deck.
        """
        if self.holds_possibly(person, role, day):
            return False
        if not self.deck.roles[role].single_holder:
            return True
        return any(timeline.surely_holds(t, self.deck.as_of, day) for t in self.tenures_by_role[role])

    def question_day(self, t: Tenure) -> dt.date | None:
        """A day inside the story on which the holder certainly held the role, not a hand-over day."""
        span = timeline.certain(t, self.deck.as_of)
        if span is None or not self.window:
            return None
        first = max(0, (span[0] - self.window[0]).days) if span[0] > self.window[0] else 0
        days = [d for d in self.window[first:] if d <= span[1] and timeline.surely_holds(t, self.deck.as_of, d)]
        liked = self.entity_days.get(t.holder, set())
        days.sort(key=lambda d: (d not in liked, d))
        return days[0] if days else None

    def tenure(self, t: Tenure) -> None:
        holder, gender = t.holder, self.deck.entities[t.holder].gender
        role = self.deck.roles[t.role]
        title = self.holder_title(t)
        day = self.question_day(t)
        near = self.people_near(t, (x.holder for x in self.tenures_by_role[t.role]))
        if day is not None:
            when = french.day(day)
            others = [x for x in self.tenures_by_role[t.role] if x is not t]
            if role.single_holder and not any(timeline.covers(timeline.possible(x), day) for x in others):
                wrong = lambda p: p != holder and not self.holds_possibly(p, t.role, day)  # noqa: E731
                distractors = self.pick(self.name(holder), near, self.by_kind["person"], wrong, self.choice_name)
                if distractors:
                    self.choice_question(
                        t,
                        "holder",
                        "role",
                        ask(f"Qui occupait le poste de {self.title(t.role)} le {when}"),
                        (holder, self.choice_name(holder)),
                        distractors,
                        {"check": "holder", "role": t.role, "day": day.isoformat()},
                        accepted=self.accepted(holder),
                    )
            same_org = self.roles_by_org[role.organisation]
            wrong_role = lambda r: r != t.role and self.provably_not_holding(holder, r, day)  # noqa: E731
            distractors = self.pick(title, same_org, list(self.deck.roles), wrong_role, lambda r: self.title(r, gender))
            if distractors:
                self.choice_question(
                    t,
                    "role",
                    "role",
                    ask(f"Lequel de ces postes {self.name(holder)} occupait-{self.pronoun(holder)} le {when}"),
                    (t.role, title),
                    distractors,
                    {"check": "role", "person": holder, "day": day.isoformat()},
                )
            liar = self.pick(
                self.name(holder),
                near,
                self.by_kind["person"],
                lambda p: p != holder and not self.holds_possibly(p, t.role, day),
                self.name,
            )
            swapped = liar[0][0] if liar else None
            self.true_false(
                t,
                f"Le {when}, {self.name(holder)} était {title}.",
                f"Le {when}, {self.name(swapped)} était {self.title(t.role, self.deck.entities[swapped].gender, t.interim)}."
                if swapped
                else None,
                {"check": "holder", "role": t.role, "day": day.isoformat(), "entity": holder},
                {"check": "holder", "role": t.role, "day": day.isoformat(), "entity": swapped},
            )
        else:  # no day to anchor a false statement on: « never held it » is beyond what facts prove
            self.true_false(
                t,
                f"{self.name(holder)} a été {title}.",
                None,
                {"check": "ever_held", "role": t.role, "entity": holder},
                None,
            )
        period = _period(t)
        self.card(t, ask(f"Quel poste {self.name(holder)} a-t-{self.pronoun(holder)} occupé{period}"), capitalize(title))
        if role.single_holder:  # one holder at a time: the reverse card has one answer
            self.card(t, ask(f"Qui a été {title_m(self, t)}{period}"), self.choice_name(holder), "card-reverse")

    # --- successions --------------------------------------------------------------------------
    def replaced(self, s: Succession, direction: str, person: str) -> bool:
        """True if the facts say `person` replaced (direction 'out') or was replaced by ('in') ..."""
        if direction == "out":
            found = self.successions[("out", s.role, s.outgoing)]
            return any(x.incoming == person and x.date.may_overlap(s.date) for x in found)
        found = self.successions[("in", s.role, s.incoming)]
        return any(x.outgoing == person and x.date.may_overlap(s.date) for x in found)

    def succession(self, s: Succession) -> None:
        out, inc, when = s.outgoing, s.incoming, s.date.on()
        post = f"au poste de {self.title(s.role)}"
        near = self.people_near(s, (x.holder for x in self.tenures_by_role[s.role]))
        base = {"role": s.role, "fact": s.id}
        distractors = self.pick(
            self.name(inc),
            near,
            self.by_kind["person"],
            lambda p: p not in (out, inc) and not self.replaced(s, "out", p),
            self.choice_name,
        )
        if distractors:
            self.choice_question(
                s,
                "successor",
                "replaced",
                ask(f"Qui a remplacé {self.name(out)} {post} {when}"),
                (inc, self.choice_name(inc)),
                distractors,
                {**base, "check": "successor", "outgoing": out},
                accepted=self.accepted(inc),
            )
        distractors = self.pick(
            self.name(out),
            near,
            self.by_kind["person"],
            lambda p: p not in (out, inc) and not self.replaced(s, "in", p),
            self.choice_name,
        )
        if distractors:
            self.choice_question(
                s,
                "predecessor",
                "replaced",
                ask(f"Qui {self.name(inc)} a-t-{self.pronoun(inc)} remplacé {post} {when}"),
                (out, self.choice_name(out)),
                distractors,
                {**base, "check": "predecessor", "incoming": inc},
                accepted=self.accepted(out),
            )
        if s.date.precision in ("day", "month", "year"):
            self.date_question(
                s, ask(f"{_when_word(s.date)} {self.name(inc)} a-t-{self.pronoun(inc)} remplacé {self.name(out)} {post}")
            )
        liar = self.pick(
            self.name(inc),
            near,
            self.by_kind["person"],
            lambda p: p not in (out, inc) and not self.replaced(s, "out", p),
            self.name,
        )
        swapped = liar[0][0] if liar else None
        lead = capitalize(when)
        self.true_false(
            s,
            f"{lead}, {self.name(inc)} a remplacé {self.name(out)} {post}.",
            f"{lead}, {self.name(swapped)} a remplacé {self.name(out)} {post}." if swapped else None,
            {**base, "check": "successor", "outgoing": out, "entity": inc},
            {**base, "check": "successor", "outgoing": out, "entity": swapped},
        )
        self.card(s, ask(f"Qui a remplacé {self.name(out)} {post} {when}"), self.choice_name(inc))
        self.card(
            s, ask(f"Qui {self.name(inc)} a-t-{self.pronoun(inc)} remplacé {post} {when}"), self.choice_name(out), "card-reverse"
        )

    # --- dates ------------------------------------------------------------------------------
    def date_options(self, d: DateSpec) -> list[DateSpec]:
        """A few dates certainly different from `d`: some of the deck's own, then nearby ones."""
        sample = self.deck_dates if len(self.deck_dates) <= 16 else self.rng.sample(self.deck_dates, 16)
        same = "range" if d.precision == "range" else d.precision
        pool = [x for x in sample if (x.precision == same or same == "range") and x.distinct_from(d)]
        if d.exact:
            for shift in (1, 2, 3, -1, -2, -3, 7, -7):
                day = d.exact + dt.timedelta(days=shift)
                pool.append(DateSpec(day, day, "day"))
        elif d.precision == "year" and d.earliest:
            for shift in (1, 2, 3, -1, -2, -3):
                y = d.earliest.year + shift
                pool.append(DateSpec(dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))
        elif d.precision == "month" and d.earliest:
            for shift in (1, 2, -1, -2, 3):
                m = d.earliest.month - 1 + shift
                start = dt.date(d.earliest.year + m // 12, m % 12 + 1, 1)
                end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1) - dt.timedelta(days=1)
                pool.append(DateSpec(start, end, "month"))
        return [x for x in pool if x.distinct_from(d)]

    def date_question(self, fact: Any, prompt: str) -> None:
        d: DateSpec = fact.date
        options = {x.text(): x for x in self.date_options(d)}
        keys = list(options)
        distractors = self.pick(d.text(), [k for k in keys if k in self.deck_date_texts], keys, lambda k: True, lambda k: k)
        if distractors:
            spans = {k: [_iso(options[k].earliest), _iso(options[k].latest)] for k, _ in distractors}
            self.choice_question(
                fact,
                "date",
                "date",
                prompt,
                (d.text(), d.text()),
                distractors,
                {"check": "date", "fact": fact.id, "spans": spans | {d.text(): [_iso(d.earliest), _iso(d.latest)]}},
            )

    # --- events -----------------------------------------------------------------------------
    def event(self, e: Event) -> None:
        label = e.label
        if e.date and e.date.precision in ("day", "month", "year"):
            took_place = "ont eu lieu" if label.lower().startswith(("les ", "des ")) else "a eu lieu"
            self.date_question(e, ask(f"{_when_word(e.date)} {took_place} {label}"))
        if e.date and e.date.is_known():
            self.chronology(e)
            wrong_dates = self.date_options(e.date)
            other = self.rng.choice(wrong_dates) if wrong_dates else None
            took_place = "ont eu lieu" if label.lower().startswith(("les ", "des ")) else "a eu lieu"
            self.true_false(
                e,
                f"{capitalize(label)} {took_place} {e.date.on()}.",
                f"{capitalize(label)} {took_place} {other.on()}." if other else None,
                {"check": "date", "fact": e.id, "span": [_iso(e.date.earliest), _iso(e.date.latest)]},
                {"check": "date", "fact": e.id, "span": [_iso(other.earliest), _iso(other.latest)] if other else None},
            )
            self.card(e, ask(f"Quand {took_place} {label}"), capitalize(e.date.text()))
        if e.agent and e.action:
            agent = e.agent
            kind = self.deck.entities[agent].kind
            doers = self.agents[french.normalize_answer(e.action)] | set(e.actors)
            same = self.by_kind[kind] if len(self.by_kind[kind]) > N_DISTRACTORS else self.all_entities
            near = self.near(e.source, kind)
            distractors = self.pick(self.name(agent), near, same, lambda x: x not in doers, self.choice_name)
            if distractors:
                self.choice_question(
                    e,
                    "agent",
                    "actor",
                    ask(f"Qui {e.action}"),
                    (agent, self.choice_name(agent)),
                    distractors,
                    {"check": "agent", "action": e.action},
                    accepted=self.accepted(agent),
                )
            liar = self.pick(self.name(agent), near, same, lambda x: x not in doers, self.name)
            swapped = liar[0][0] if liar else None
            if not (e.date and e.date.is_known()):
                self.true_false(
                    e,
                    f"{self.choice_name(agent)} {self.verb(agent, e.action)}.",
                    f"{self.choice_name(swapped)} {self.verb(swapped, e.action)}." if swapped else None,
                    {"check": "agent", "action": e.action, "entity": agent},
                    {"check": "agent", "action": e.action, "entity": swapped},
                )
                self.card(e, ask(f"Qui {e.action}"), self.choice_name(agent))
        elif not (e.date and e.date.is_known()):
            self.card(e, capitalize(label), e.explanation)

    def chronology(self, anchor: Event) -> None:
        """Order the anchor and a few other events that are certainly at different times."""
        stable = random.Random(self.qid(anchor.id, "chronology"))
        assert anchor.date is not None
        group: list[tuple[Any, DateSpec, str]] = [(anchor, anchor.date, anchor.label)]
        pool = self.dated
        for index in stable.sample(range(len(pool)), min(len(pool), 24)):
            candidate = pool[index]
            if candidate[0] is not anchor and all(candidate[1].distinct_from(g[1]) for g in group):
                group.append(candidate)
                if len(group) == CHRONO_SIZE:
                    break
        if len(group) < 3:
            return
        group.sort(key=lambda g: g[1].earliest or dt.date.min)
        ordered = tuple(capitalize(label) for _, _, label in group)
        shown = list(ordered)
        while tuple(shown) == ordered:
            self.rng.shuffle(shown)
        steps = "; ".join(f"{capitalize(d.text())} : {label}" for _, d, label in group)
        self.questions.append(
            Question(
                id=self.qid(anchor.id, "chronology"),
                deck=self.deck.id,
                kind="chronology",
                format="order",
                prompt="Remettez ces événements dans l'ordre chronologique, du plus ancien au plus récent.",
                answer=ordered,
                choices=tuple(shown),
                explanation=f"Dans l'ordre — {steps}.",
                source=self.source(anchor.source),
                facts=tuple(f.id for f, _, _ in group),
                basis={"check": "order", "facts": [f.id for f, _, _ in group]},
            )
        )

    # --- quotes -------------------------------------------------------------------------------
    def quote(self, q: Quote) -> None:
        speaker, said = q.speaker, quote(q.text)
        speakers = self.speakers[french.normalize_answer(q.text)]
        others = self.quote_speakers
        near = self.people_near(q, others if len(others) <= 12 else self.rng.sample(others, 12))
        distractors = self.pick(self.name(speaker), near, self.all_entities, lambda x: x not in speakers, self.choice_name)
        if distractors:
            self.choice_question(
                q,
                "quote",
                "quote",
                ask(f"Qui a déclaré{french.NBSP}: {said}"),
                (speaker, self.choice_name(speaker)),
                distractors,
                {"check": "speaker", "fact": q.id},
                accepted=self.accepted(speaker),
            )
        liar = self.pick(self.name(speaker), near, self.all_entities, lambda x: x not in speakers, self.name)
        swapped = liar[0][0] if liar else None
        verb = "ont déclaré" if self.deck.entities[speaker].plural else "a déclaré"
        self.true_false(
            q,
            f"{self.choice_name(speaker)} {verb}{french.NBSP}: {said}.",
            f"{self.choice_name(swapped)} {self.verb(swapped, 'a déclaré')}{french.NBSP}: {said}." if swapped else None,
            {"check": "speaker", "fact": q.id, "entity": speaker},
            {"check": "speaker", "fact": q.id, "entity": swapped},
        )
        context = f" ({q.context})" if q.context else ""
        self.card(q, ask(f"Qui a déclaré{french.NBSP}: {said}"), self.choice_name(speaker) + context)

    # --- figures ------------------------------------------------------------------------------
    def figure(self, f: Figure) -> None:
        shown = figure_text(f)
        same_unit = self.figures_by_unit[f.unit]
        options = _figure_options(f, same_unit if len(same_unit) <= 8 else self.rng.sample(same_unit, 8))
        keys = list(options)
        distractors = self.pick(shown, keys[:N_DISTRACTORS], keys, lambda k: True, lambda k: k)
        what = "Quelle est" if f.gender == "f" else "Quel est"
        spans = {k: list(v) for k, v in options.items()} | {shown: list(_figure_span(f))}
        if distractors:
            self.choice_question(
                f,
                "figure",
                "figure",
                ask(f"{what} {f.label}"),
                (shown, shown),
                distractors,
                {"check": "figure", "fact": f.id, "spans": spans},
            )
        false_text = self.rng.choice(keys) if keys else None

        def say(value: str) -> str:
            if value.startswith("entre "):
                return f"{capitalize(f.label)} est {'comprise' if f.gender == 'f' else 'compris'} {value}."
            return f"{capitalize(f.label)} est de {value}."

        self.true_false(
            f,
            say(shown),
            say(false_text) if false_text else None,
            {"check": "figure", "fact": f.id, "span": list(_figure_span(f))},
            {"check": "figure", "fact": f.id, "span": list(options[false_text]) if false_text else None},
        )
        self.card(f, ask(f"{what} {f.label}"), capitalize(shown))

    def authored(self, q: AuthoredQuestion) -> None:
        self.questions.append(_authored(self, q))

    # --- relations ---------------------------------------------------------------------------
    def relation(self, r: Relation) -> None:
        predicate = self.deck.predicates[r.predicate]
        subjects = set(r.subjects)
        subject = self.rng.choice(r.subjects)
        kind = self.deck.entities[subject].kind
        same = self.by_kind[kind] if len(self.by_kind[kind]) > N_DISTRACTORS + len(subjects) else self.all_entities
        near = self.near(r.source, kind)
        wrong = lambda x: x not in subjects and x != r.object  # noqa: E731
        prompt = french.fill(predicate.ask_subject, object=self.name(r.object))
        distractors = self.pick(self.name(subject), near, same, wrong, self.choice_name) if r.exhaustive else None
        if distractors:
            self.choice_question(
                r,
                "subject",
                "actor",
                prompt,
                (subject, self.choice_name(subject)),
                distractors,
                {"check": "relation", "fact": r.id},
                accepted=tuple(a for s in r.subjects for a in self.accepted(s)),
            )
        liar = self.pick(self.name(subject), near, same, wrong, self.name) if r.exhaustive else None
        swapped = liar[0][0] if liar else None

        def say(who: str) -> str:
            text = french.fill(predicate.statement, subject=self.choice_name(who), object=self.name(r.object))
            return (text if predicate.statement.startswith("{subject}") else capitalize(text)) + "."

        base = {"check": "relation", "fact": r.id}
        self.true_false(
            r, say(subject), say(swapped) if swapped else None, {**base, "entity": subject}, {**base, "entity": swapped}
        )
        self.card(r, prompt, french.join_names([self.choice_name(s) for s in r.subjects]))


# --- hand-written questions --------------------------------------------------------------------
def _authored(gen: _Generator, q: AuthoredQuestion) -> Question:
    """A hand-written question as a learner gets it (choices and items shuffled with the rng)."""
    common: dict[str, Any] = {
        "id": q.id,
        "deck": gen.deck.id,
        "kind": "authored",
        "explanation": q.explanation or "",
        "source": gen.source(q.source) if q.source else "",
        "facts": tuple(q.facts),
        "tags": tuple(q.tags),
        "difficulty": q.difficulty,
    }
    if q.kind == "choice":
        choices = gen.rng.sample(q.choices, len(q.choices))
        if len(q.answers) == 1:
            return Question(format="choice", prompt=q.prompt, choices=tuple(choices), answer=q.answers[0], **common)
        ordered = tuple(c for c in choices if c in q.answers)
        return Question(format="multi", prompt=q.prompt, choices=tuple(choices), answer=ordered, **common)
    if q.kind == "truefalse":
        return Question(
            format="truefalse", prompt=q.statement, choices=(TRUE, FALSE), answer=TRUE if q.answer else FALSE, **common
        )
    if q.kind == "short":
        return Question(format="text", prompt=q.prompt, answer=q.answer, accepted=(q.answer, *q.accepted), **common)
    if q.kind == "order":
        shown = list(q.items)
        while tuple(shown) == tuple(q.items):
            gen.rng.shuffle(shown)
        return Question(format="order", prompt=q.prompt, choices=tuple(shown), answer=tuple(q.items), **common)
    rights = [p.right for p in q.pairs]
    return Question(
        format="match",
        prompt=q.prompt,
        items=tuple(p.left for p in q.pairs),
        choices=tuple(gen.rng.sample(rights, len(rights))),
        answer=tuple(rights),
        **common,
    )


# --- helpers -----------------------------------------------------------------------------------
def title_m(gen: _Generator, t: Tenure) -> str:
    """The role's title as asked about (masculine generic), with « par intérim » when it applies."""
    return gen.title(t.role, "m", t.interim)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _when_word(d: DateSpec) -> str:
    return {"day": "À quelle date", "month": "En quel mois", "year": "En quelle année"}[d.precision]


def _period(t: Tenure) -> str:
    parts = []
    if t.since and t.since.is_known():
        parts.append(f"début{french.NBSP}: {t.since.text()}")
    if t.until and t.until.is_known():
        parts.append(f"fin{french.NBSP}: {t.until.text()}")
    return f" ({' ; '.join(parts)})" if parts else ""


def _entities_of(fact: Any) -> set[str]:
    # Only the fields the fact's model has: a missing attribute costs pydantic an exception.
    fields = type(fact).model_fields
    found: set[str] = set()
    for name in ("holder", "outgoing", "incoming", "agent", "speaker", "object"):
        if name in fields and (value := getattr(fact, name)):
            found.add(value)
    for name in ("actors", "subjects"):
        if name in fields:
            found.update(getattr(fact, name))
    return found


_PREFIX = {"exact": "", "more_than": "plus de ", "less_than": "moins de ", "about": "environ "}
_INF = float("inf")


def figure_text(f: Figure) -> str:
    """« 13 milliards de dollars », « plus de 500 salariés »."""
    return _PREFIX[f.qualifier] + french.quantity(f.value, f.unit, f.unit_one)


def _figure_span(f: Figure) -> tuple[float, float]:
    """The values a figure allows: exact -> that value; « plus de N » -> (N, inf); « environ N » -> ±25 %."""
    v = float(f.value)
    return {
        "exact": (v, v),
        "more_than": (v, _INF),
        "less_than": (0.0, v),
        "about": (v * 0.75, v * 1.25),
    }[f.qualifier]


def _nice(x: float) -> float:
    """Round to one or two significant digits so that brackets read naturally."""
    if x <= 0:
        return 0
    magnitude = 10 ** (len(str(int(x))) - 1) if x >= 1 else 1
    step = magnitude / 2 if x / magnitude < 3 else magnitude
    return max(step, round(x / step) * step)


def _figure_options(f: Figure, same_unit: list[Figure]) -> dict[str, tuple[float, float]]:
    """Wrong answers with the span of values each one claims; none can contain the true value."""
    q = lambda v: french.quantity(v, f.unit, f.unit_one)  # noqa: E731
    v = float(f.value)
    out: dict[str, tuple[float, float]] = {}
    if f.qualifier == "more_than":
        a, b = _nice(v / 5), _nice(v * 3 / 5)
        out[f"moins de {q(a)}"] = (0, a)
        out[f"entre {french.number(a)} et {q(b)}"] = (a, b)
        out[f"entre {french.number(b)} et {q(v)}"] = (b, v)
    elif f.qualifier == "less_than":
        a, b = _nice(v * 2), _nice(v * 4)
        out[f"entre {french.number(v)} et {q(a)}"] = (v, a)
        out[f"entre {french.number(a)} et {q(b)}"] = (a, b)
        out[f"plus de {q(b)}"] = (b, _INF)
    else:
        low, high = _figure_span(f)
        for other in same_unit:
            if other.qualifier == "exact" and (other.value < low or other.value > high):
                out[q(other.value)] = (float(other.value), float(other.value))
        factors = (2, 0.5, 3, 1.5, 10, 0.1) if f.qualifier == "exact" else (2, 0.5, 3, 4, 10, 0.1)
        for factor in factors:
            w = _nice(v * factor) if v * factor >= 1 else v * factor
            if (w < low or w > high) and w > 0:
                out.setdefault(q(w), (w, w))
    return {k: span for k, span in out.items() if k != figure_text(f)}
