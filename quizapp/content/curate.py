"""Fewer, better questions: what the styles proposed, without repeats, in a fair mix of forms.

- a fact's `skip:` drops the variants the author does not want;
- two questions that share a claim (the same answer about the same facts), one prompt, or one right
  answer among one set of choices, keep the one that teaches more (its rank); hand-written
  questions are always kept;
- orderings that share most of their events, or two events one after the other, keep the first;
- a day asked as a « moment » keeps one date question with that answer, any other day two;
- of two questions on one fact where one prints the other's answer (« Qui a déclaré : « …sans ses
  membres » ? » beside « …sans _____ »), or in a spelling it accepts (« la reine »), or in a choice
  that is a true event (« ce jour-là », « avant, après », causes), the one given away goes, recall
  first; a recall question that a matching or an ordering re-asks (« Chris Pincher » matched with
  « A quitté son poste… ») goes too; where its kind may not lose it, a recall question giving it
  away goes instead; a pair the kinds' floors hold stays, and the quiz draw keeps it apart
  (`clashing`) (`_without_giveaways`);
- no fact is asked more than `MAX_ASKED_VS_MEAN` times as often as the mean fact, hand-written
  questions included (never dropped); a post's line of holders counts as one fact (`_Asked`);
- true/false is a form a claim may take instead of another question, not one more question on it:
  some claims are asked as a false statement (a wrong date, person or figure), facts that nothing
  else asks get a statement, and generated true statements and false ones alternate, False first,
  whatever the author's own true/false say; no two on one fact or person while others remain; all
  of them stay under `MAX_TRUE_FALSE_SHARE` of the bank.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence

from .french import normalize_answer
from .model import Deck, Succession, Tenure
from .questions import TRUE, Card, Question, typed_form
from .styles import Candidate

MAX_SAME_DATE = 2
MAX_SAME_DATE_WITH_MOMENT = 1
MAX_TRUE_FALSE_SHARE = 0.25
FALSE_STATEMENT_SHARE = 0.08  # of the other questions, asked instead as a statement
# The questions a statement may stand in for: plain recall of who, when, which post, which figure.
RECALL = frozenset({"holder", "role", "successor", "predecessor", "date", "agent", "quote", "figure", "subject"})
MAX_CHRONOLOGY_OVERLAP = 2
MIN_PER_KIND = 2
# No fact is asked more than this many times as often as the mean fact of the deck: a deck of a few
# facts asks each of them more, a deck of many spreads its questions (the cap is never below 2).
MAX_ASKED_VS_MEAN = 2.5
# A question on more facts than this (an ordering, a matching of four) asks how they fit together,
# and counts toward none of them.
MAX_FACTS_ASKED = 2
# A question gives another away when it prints that one's answer beside this share of its words.
GIVEAWAY_CONTEXT = 1 / 3
# Giveaways take at most this share of a kind's questions (« Citations » keeps half of its own when
# each quote is also asked as « Complétez… »): a learner who picks one kind still gets questions.
MAX_KIND_LOSS = 0.5


def curate(deck: Deck, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The questions to keep, in the order they were proposed."""
    facts = {f.id: f for f in deck.facts()}

    def skipped(c: Candidate) -> bool:
        fact = facts.get(c.anchor)
        if fact is None:
            return False
        if c.variant in fact.skip:
            return True
        if not _generated_true_false(c):
            return False
        asked = c.variant.rsplit("-", 1)[0] if "-" in c.variant else None  # « agent-false »: a statement of « agent »
        return "truefalse" in fact.skip or asked in fact.skip

    # A skipped question takes its statements with it (« skip: [date] » drops « le 17 novembre, … »).
    dropped_claims = {(c.anchor, c.claim) for c in candidates if skipped(c) and not _generated_true_false(c)}
    pool = [
        c
        for c in candidates
        if not skipped(c) and not (_generated_true_false(c) and (c.anchor, c.claim) in dropped_claims) and not _says_a_choice(c)
    ]
    others = _without_repeats([c for c in pool if not _generated_true_false(c)])
    others = _without_giveaways(_cap_dates(_spread_orderings(others)))
    often = _Asked(_threads(deck), others)
    others = often.capped(others)
    chosen = _with_true_false(others, [c for c in pool if _generated_true_false(c)], often, _people(deck))
    order = {id(c): i for i, c in enumerate(candidates)}
    return sorted(chosen, key=lambda c: order[id(c)])


def _says_a_choice(c: Candidate) -> bool:
    """A generated question whose prompt already states one of its choices gives itself away."""
    q = c.question
    if q.kind == "authored" or q.format not in ("choice", "multi"):
        return False
    prompt = f" {normalize_answer(q.prompt)} "
    return any(len(choice) > 2 and f" {choice} " in prompt for choice in map(normalize_answer, q.choices))


def _generated_true_false(c: Candidate) -> bool:
    return c.question.format == "truefalse" and c.question.kind != "authored"


def _keys(c: Candidate) -> list[Hashable]:
    """What a question may share with no other: its claims, its prompt (orderings share one), for
    « which post », its answer (two people with one post make one question), and for a choice on a
    fact, its right answer among its choices (« Qu'est-ce qui a provoqué le départ de B ? » and « …la
    démission de B ? », one answer among the same four choices, are one question; two quotes of one
    speaker, on two facts, are two)."""
    q = c.question
    keys: list[Hashable] = [("claim", c.claim), *(("claim", a) for a in c.also)]
    if q.format != "order":
        keys.append(("prompt", normalize_answer(q.prompt)))
    if c.variant == "role":
        keys.append(("role", normalize_answer(str(q.answer))))
    if q.format in ("choice", "multi"):
        answers = frozenset(map(normalize_answer, q.answer if isinstance(q.answer, tuple) else (q.answer,)))
        choices = frozenset(map(normalize_answer, q.choices))
        keys += [("choices", f, answers, choices) for f in q.facts]
    return keys


def _without_repeats(pool: list[Candidate]) -> list[Candidate]:
    """The highest-ranked candidates first (the first proposed on a tie), each taken if nothing it
    teaches is taken yet."""
    taken: set[Hashable] = set()
    kept: list[Candidate] = []
    for c in sorted(pool, key=lambda c: -c.rank):  # sorted() is stable: proposal order breaks ties
        keys = _keys(c)
        if c.question.kind == "authored" or not taken.intersection(keys):
            kept.append(c)
            taken.update(keys)
    return kept


def _spread_orderings(kept: list[Candidate]) -> list[Candidate]:
    """Orderings that share more than `MAX_CHRONOLOGY_OVERLAP` events with one kept before go; then,
    of those left, one that puts two events one after the other as a kept one does (« le DevDay,
    puis le licenciement » asked three times makes « lequel a suivi le DevDay ? » trivial), while
    the kind keeps `MIN_PER_KIND` and the share `MAX_KIND_LOSS` leaves it."""

    def ordering(c: Candidate) -> bool:
        return c.question.format == "order" and c.question.kind == "chronology"

    chosen: list[frozenset[str]] = []
    holding: dict[str, list[int]] = defaultdict(list)  # fact id -> the chosen orderings that hold it
    out = []
    for c in kept:
        if ordering(c):
            items = frozenset(c.question.facts)
            # Only an ordering sharing a fact can overlap: those, found by fact, not every one chosen.
            sharing = {i for f in items for i in holding.get(f, ())}
            if any(len(items & chosen[i]) > MAX_CHRONOLOGY_OVERLAP for i in sharing):
                continue
            for f in items:
                holding[f].append(len(chosen))
            chosen.append(items)
        out.append(c)
    spare = len(chosen) - max(MIN_PER_KIND, math.ceil(len(chosen) * (1 - MAX_KIND_LOSS)))
    followed: set[tuple[str, str]] = set()  # two events one after the other in a kept ordering
    spread = []
    for c in out:
        if ordering(c):
            answer = c.question.answer if isinstance(c.question.answer, tuple) else ()
            steps = set(itertools.pairwise(map(normalize_answer, answer)))
            if steps & followed and spare > 0:
                spare -= 1
                continue
            followed |= steps
        spread.append(c)
    return spread


def _cap_dates(kept: list[Candidate]) -> list[Candidate]:
    moments = {c.claim[1] for c in kept if c.variant == "moment"}
    by_answer: dict[str, list[Candidate]] = defaultdict(list)
    for c in kept:
        if c.date is not None:
            by_answer[c.date].append(c)
    dropped: set[int] = set()
    for group in by_answer.values():
        days = {str(c.question.basis.get("spans", {}).get(c.date, [None])[0]) for c in group}
        limit = MAX_SAME_DATE_WITH_MOMENT if days & moments else MAX_SAME_DATE
        ranked = sorted(group, key=lambda c: -c.rank)  # stable: the first proposed wins a tie
        dropped.update(id(c) for c in ranked[limit:])
    return [c for c in kept if id(c) not in dropped]


def _words(text: str) -> frozenset[str]:
    """The words of a text, folded, that can tell it apart (three letters or more, no blank)."""
    return frozenset(w for w in normalize_answer(text).split() if len(w.strip("_")) >= 3)


# Kinds whose every choice is a real event of the story (a wrong one happened on another day, at
# another moment, or caused something else): each choice is shown as true, like an ordering's items.
TRUE_CHOICES = frozenset({"moment", "placing", "cause"})
# Words too common to tell a choice from another (« par un message sur le réseau social X »: « X »).
_FUNCTION_WORDS = frozenset(
    """le la les l un une des du de d au aux a et ou ni en par pour sur sous sans avec dans ce cet cette
    ces son sa ses leur leurs qui que qu quoi dont ne pas plus se s il elle ils elles on est sont ont
    ete lors apres avant entre tout tous toute toutes tres mais comme chez vers y n j m t c""".split()
)
# The words that ask: no context of what is asked (« Quel poste… » and « Quel motif… » share nothing).
_ASKING_WORDS = frozenset(
    "quel quelle quels quelles lequel laquelle lesquels comment combien pourquoi quand selon article".split()
)


def _folded(texts: Sequence[str]) -> list[tuple[str, frozenset[str]]]:
    return [(f" {text} ", frozenset(text.split())) for text in map(normalize_answer, texts)]


class _Reading:
    """What questions state and what they ask for, each read once (one curation reads them often).

    A question's own words leave out its kind's frame, the words every question of that kind says
    (« Parmi ces événements, lequel a suivi de plus près… »): two questions of one form share those
    and nothing more."""

    def __init__(self, questions: Sequence[Question], per_kind: int | None = None) -> None:
        """With `per_kind`, a kind's frame is read, when first needed, from its first `per_kind`
        questions only (a quiz's draw reads a few questions, not a bank of thousands)."""
        self._questions = questions
        self._per_kind = per_kind
        self._frame: dict[str, frozenset[str]] = {}
        self._stated: dict[int, list[tuple[str, frozenset[str]]]] = {}
        self._paired: dict[int, list[tuple[str, frozenset[str]]]] = {}
        self._asked: dict[int, tuple[tuple[tuple[str, ...], ...], frozenset[str], frozenset[str]]] = {}

    def frame(self, kind: str) -> frozenset[str]:
        """The words every question of `kind` says."""
        found = self._frame.get(kind)
        if found is None:
            of_kind = itertools.islice((q for q in self._questions if q.kind == kind), self._per_kind)
            said = [_words(q.prompt) for q in of_kind]
            found = self._frame[kind] = frozenset.intersection(*said) if len(said) > 1 else frozenset()
        return found

    def stated(self, q: Question, closely: bool = True) -> list[tuple[str, frozenset[str]]]:
        """What `q` shows as true, folded and padded, with its words: its prompt (a true/false's
        statement too: only one of its parts may be wrong), every item of an ordering or a matching
        (only their arrangement is asked), and every choice of a kind whose choices are all real
        events (`TRUE_CHOICES`), unless `closely` is false. Other choices state nothing."""
        found = self._stated.get(id(q))
        if found is None:
            every = q.format in ("order", "match") or q.kind in TRUE_CHOICES
            found = self._stated[id(q)] = _folded([q.prompt, *q.items, *q.choices] if every else [q.prompt])
        return found if closely or q.kind not in TRUE_CHOICES else found[:1]

    def paired(self, q: Question) -> list[tuple[str, frozenset[str]]]:
        """What solving `q` tells: a matching's item beside its answer (« Chris Pincher » « A quitté
        son poste… »), an ordering's two events one after the other; nothing for another form."""
        found = self._paired.get(id(q))
        if found is None:
            answer = q.answer if isinstance(q.answer, tuple) else ()
            if q.format == "match":
                pairs = [f"{item} {a}" for item, a in zip(q.items, answer, strict=False)]
            elif q.format == "order":
                pairs = [f"{a} {b}" for a, b in itertools.pairwise(answer)]
            else:
                pairs = []
            found = self._paired[id(q)] = _folded(pairs)
        return found

    def asked(self, q: Question) -> tuple[tuple[tuple[str, ...], ...], frozenset[str], frozenset[str]]:
        """The answers `q` wants, each with the spellings it accepts (« Elizabeth II », « la reine »),
        as another question would print them (folded, without a leading article; none for a
        true/false, an ordering or a matching: no text answers them); its own words; and for a
        choice of a described answer (« comment »), the words of it that its prompt and its wrong
        choices lack (« X » in « Par un
        message sur le réseau social X »): a text that says them picks the answer out."""
        found = self._asked.get(id(q))
        if found is None:
            wanted: tuple[tuple[str, ...], ...] = ()
            if q.format not in ("truefalse", "order", "match"):
                answers = q.answer if isinstance(q.answer, tuple) else (q.answer,)
                spellings = (*answers, *q.accepted) if len(answers) == 1 else answers
                if len(answers) == 1:
                    wanted = (tuple(dict.fromkeys(a for a in map(typed_form, spellings) if len(a) > 3)),)
                else:
                    wanted = tuple((a,) for a in map(typed_form, answers) if len(a) > 3)
                if not all(wanted) or len(wanted) < len(answers):
                    wanted = ()
            words = _words(q.prompt) - self.frame(q.kind)
            distinct: frozenset[str] = frozenset()
            # Only for an answer that is neither a name (it has spellings) nor an event of the
            # story (another question prints it as one, which says nothing of what caused what).
            if q.format == "choice" and isinstance(q.answer, str) and not q.accepted and q.kind not in TRUE_CHOICES:
                others = set(normalize_answer(" ".join((q.prompt, *(c for c in q.choices if c != q.answer)))).split())
                content = frozenset(w for w in normalize_answer(q.answer).split() if not w.isdigit()) - _FUNCTION_WORDS
                distinct = content - others if len(content) >= 3 else frozenset()  # a description, not « 30 juin »
            found = self._asked[id(q)] = wanted, words, distinct
        return found

    @staticmethod
    def _prints(texts: list[tuple[str, frozenset[str]]], answers: tuple[tuple[str, ...], ...], words: frozenset[str]) -> bool:
        least = max(1, GIVEAWAY_CONTEXT * len(words))
        return all(
            any(f" {a} " in text and len(words & (said - set(a.split()))) >= least for text, said in texts for a in spellings)
            for spellings in answers
        )

    def gives_away(self, shown: Question, asked: Question, closely: bool = True) -> bool:
        """See `gives_away`; without `closely`, only what `shown` prints word for word in its
        prompt, its items or an ordering's choices (the choices of `TRUE_CHOICES` and paraphrases
        left out): what the curator drops a question beyond recall for."""
        answers, words, distinct = self.asked(asked)
        if not answers or not words:
            return False
        stated = self.stated(shown, closely)
        if self._prints(stated, answers, words):
            return True
        if not closely:
            return False
        # A paraphrase: the event asked about, with what only the right choice says (« Greg Brockman
        # annonce sa démission sur X »); two such words need only one word of context (the badge).
        # The context is what the text says beyond the right choice: the choice itself, printed
        # as an event elsewhere (« Kwasi Kwarteng présente le mini-budget »), is no answer to why.
        least = max(1, GIVEAWAY_CONTEXT * len(words))
        # The low context needs more than half of those words (« conseil d'administration » is common).
        beyond = words - _words(str(asked.answer)) - _ASKING_WORDS
        for _text, said in stated:
            found = len(distinct & said)
            if found and len(beyond & said) >= (1 if found >= 2 and 2 * found > len(distinct) else least):
                return True
        return False

    def reasks(self, shown: Question, asked: Question) -> bool:
        """True when solving `shown` (a matching, an ordering) answers `asked`: one of its pairs
        prints `asked`'s answer beside its words (« Chris Pincher » matched with « A quitté son
        poste de whip adjoint » re-asks « Qui a quitté son poste de whip adjoint ? »)."""
        if shown.format not in ("order", "match") or asked.format in ("order", "match"):
            return False
        answers, words, _distinct = self.asked(asked)
        return bool(answers and words) and self._prints(self.paired(shown), answers, words)


def gives_away(shown: Question, asked: Question, bank: Sequence[Question] = ()) -> bool:
    """True when `shown` prints what `asked` asks for: each of its answers (or a spelling it accepts,
    « la reine » for « Elizabeth II ») stands in one thing `shown` states as true, beside at least
    `GIVEAWAY_CONTEXT` of `asked`'s own words (the answer's and, read in `bank`, its kind's frame left
    out); or `shown` states the event asked about with words only the right choice has (« Greg
    Brockman annonce sa démission sur X » beside « Comment Greg Brockman a-t-il annoncé sa
    démission ? », answer « Par un message sur le réseau social X »). « Qui a déclaré : « OpenAI
    n'est rien sans ses membres » ? » gives away « Complétez : « OpenAI n'est rien sans _____ » », and
    back; a matching's bare name « Greg Brockman », an ordering's « Kwasi Kwarteng présente le
    mini-budget » beside « Qu'est-ce qui a provoqué le limogeage de Kwasi Kwarteng ? », or « Lequel a
    suivi de plus près la victoire de Liz Truss ? » beside « Lequel a suivi de plus près <X> ? »
    (answer: « la victoire de Liz Truss ») give nothing away. The curator asks it only of questions
    on a shared fact."""
    return _Reading(bank).gives_away(shown, asked)


Clash = Callable[[Question, Question], bool]
FRAME_SAMPLE = 40  # the questions of a kind a quiz's draw reads for its frame (what all its prompts say)


def clashing(bank: Sequence[Question] = (), per_kind: int | None = None) -> Clash:
    """A test of whether two questions may not share a quiz: either gives the other away
    (`gives_away`) or solving one answers the other (a matching re-asking « Qui a… ? », an ordering
    putting « juste après le DevDay » next to the DevDay). Each question is read once, whatever the
    number of tests. Two questions clash when they do read in `bank` (the frames of its kinds, from
    the first `per_kind` questions of each when given) or read alone (no frame)."""
    readings = (_Reading(bank, per_kind), _Reading(()))

    def clash(a: Question, b: Question) -> bool:
        return any(r.gives_away(x, y) or r.reasks(x, y) for r in readings for x, y in ((a, b), (b, a)))

    return clash


def _worth(c: Candidate) -> tuple[bool, bool, int]:
    """Which of two questions on one thing stays (the greater): a hand-written one, then one beyond
    recall (how, why, what came next, the words of a quote) over recall (who, when, which post),
    then the higher rank."""
    return c.question.kind == "authored", c.variant not in RECALL, c.rank


def _without_giveaways(kept: list[Candidate]) -> list[Candidate]:
    """No two questions on one fact where one prints the other's answer (`gives_away`): the question
    given away goes (« Qui a affiché une attitude décontractée ? » beside « Comment Sam Altman a-t-il
    affiché une attitude décontractée ? »: what goes beyond recall prints the recall answers); of
    two that give each other away (« Qui a déclaré : « … » ? » and « Complétez : « … _____ … » »,
    « Qui a remplacé X le 17 ? » and « Quel jour Y a-t-il remplacé X ? »), recall (who, when, which
    post) before what goes beyond it, then the one of the kind with more questions (the bank keeps
    its mix), the lower rank, the last proposed. One goes at a time, until no pair is left.

    A recall question is also given away by the choices of a kind of true events and by a
    paraphrase (`gives_away`), and re-asked by a matching or an ordering that pairs its answer with
    its words (`_Reading.reasks`); a question beyond recall only by what is printed word for word
    (the beyond-recall kinds are not what a giveaway costs). When the question given away may not
    go, a recall question that gives it away goes in its place (« Quel jour Chris Pincher a-t-il
    quitté… » when « Qui a quitté… » is held by its kind's floor).

    Some never go: hand-written questions; a kind's last `MIN_PER_KIND` questions, and the share
    `MAX_KIND_LOSS` leaves it; the last question on a fact that would be left asked only as a
    true/false (the author's « Le plan d'Emmett Shear… » does not cost « Qui a présenté un plan… »).
    A pair they hold stays: the quiz draw keeps them apart (one question per fact in a quiz while it
    has others)."""
    reading = _Reading([c.question for c in kept])
    on_fact: dict[str, list[Candidate]] = defaultdict(list)
    for c in kept:
        for f in c.question.facts:
            on_fact[f].append(c)
    given_by: dict[int, set[int]] = defaultdict(set)  # question -> the questions that give it away
    for on in on_fact.values():
        for a in on:
            for b in on:
                if a is b or id(a) in given_by[id(b)]:
                    continue
                recall = b.variant in RECALL
                if reading.gives_away(a.question, b.question, recall) or (recall and reading.reasks(a.question, b.question)):
                    given_by[id(b)].add(id(a))
    given_by = {i: givers for i, givers in given_by.items() if givers}  # only what is given away
    by_id = {id(c): c for c in kept}
    position = {id(c): i for i, c in enumerate(kept)}
    kinds = Counter(c.question.kind for c in kept)
    floor = {kind: max(MIN_PER_KIND, math.ceil(n * (1 - MAX_KIND_LOSS))) for kind, n in kinds.items()}
    asking = Counter(f for c in kept if c.question.format != "truefalse" for f in c.question.facts)

    def may_go(c: Candidate) -> bool:
        if c.question.kind == "authored" or kinds[c.question.kind] <= floor[c.question.kind]:
            return False
        return c.question.format == "truefalse" or all(asking[f] > 1 for f in c.question.facts)

    for _ in range(len(kept)):  # one question goes per turn, at most every one
        free = {i: may_go(by_id[i]) for i in given_by}  # the questions still given away: may each go?
        going = [by_id[i] for i, ok in free.items() if ok]
        # A question given away that may not go takes a recall question that gives it away instead.
        held = [i for i, ok in free.items() if not ok]
        giving = [by_id[g] for i in held for g in given_by[i] if g in by_id and by_id[g].variant in RECALL and may_go(by_id[g])]
        if not going and not giving:
            break
        out = min(
            [*((False, c) for c in going), *((True, c) for c in giving)],
            key=lambda gc: (gc[0], _worth(gc[1])[1], -kinds[gc[1].question.kind], gc[1].rank, -position[id(gc[1])]),
        )[1]
        del by_id[id(out)]
        given_by.pop(id(out), None)
        for i in [i for i, givers in given_by.items() if id(out) in givers]:
            given_by[i].discard(id(out))
            if not given_by[i]:
                del given_by[i]  # nothing gives it away any more: out of the next turns' reckoning
        kinds[out.question.kind] -= 1
        if out.question.format != "truefalse":
            asking.subtract(out.question.facts)
    return [c for c in kept if id(c) in by_id]


def _threads(deck: Deck) -> dict[str, str]:
    """The fact, as a learner counts them, that each fact of the deck tells: a post held by one person
    at a time is one story, its holders and its handovers (« who led OpenAI, when »); any other fact
    is its own."""
    single = {r.id for r in deck.roles.values() if r.single_holder}
    return {f.id: f"role:{f.role}" if isinstance(f, Tenure | Succession) and f.role in single else f.id for f in deck.facts()}


class _Asked:
    """How often the bank asks each fact (`_threads`), and no fact more than `MAX_ASKED_VS_MEAN` times
    the mean. A generated question is on its anchor's fact (« what caused X », « what followed X »
    are on X); a hand-written one on the facts it names; neither counts when it spans more than
    `MAX_FACTS_ASKED` facts (an ordering, a matching: how facts fit together)."""

    def __init__(self, threads: dict[str, str], kept: list[Candidate]) -> None:
        self.threads = threads
        self.count = Counter(t for c in kept for t in self.about(c))
        mean = sum(self.count.values()) / len(self.count) if self.count else 1
        self.cap = max(2, math.ceil(MAX_ASKED_VS_MEAN * mean))

    def about(self, c: Candidate) -> frozenset[str]:
        spanned = frozenset(self.threads.get(f, f) for f in c.question.facts)
        if len(spanned) > MAX_FACTS_ASKED:
            return frozenset()
        return spanned if c.question.kind == "authored" else frozenset((self.threads.get(c.anchor, c.anchor),))

    def capped(self, kept: list[Candidate]) -> list[Candidate]:
        """`kept` with no fact over the cap: generated questions go, from the kind the fact is asked
        most in, recall (who, when, which post) before what goes beyond it, the lowest rank, the
        last proposed; hand-written ones stay, and so does the last `MIN_PER_KIND` of a kind."""
        position = {id(c): i for i, c in enumerate(kept)}
        kinds = Counter(c.question.kind for c in kept)
        dropped: set[int] = set()
        for fact in sorted((t for t, n in self.count.items() if n > self.cap), key=lambda t: (-self.count[t], t)):
            on = [c for c in kept if fact in self.about(c)]
            for _ in range(len(on)):  # one question dropped per turn, at most every one
                if self.count[fact] <= self.cap:
                    break
                here = Counter(c.question.kind for c in on if id(c) not in dropped)
                droppable = [
                    c
                    for c in on
                    if id(c) not in dropped and c.question.kind != "authored" and kinds[c.question.kind] > MIN_PER_KIND
                ]
                if not droppable:
                    break
                out = min(droppable, key=lambda c: (-here[c.question.kind], _worth(c), -position[id(c)]))
                dropped.add(id(out))
                kinds[out.question.kind] -= 1
                self.count.subtract(self.about(out))
        return [c for c in kept if id(c) not in dropped]

    def room(self, c: Candidate) -> bool:
        """Whether one more question on `c`'s fact stays under the cap."""
        return all(self.count[f] < self.cap for f in self.about(c))

    def add(self, c: Candidate) -> None:
        self.count.update(self.about(c))


def _people(deck: Deck) -> dict[str, frozenset[str]]:
    """The people each fact is about, as its statement names them: a post's holder, the newcomer of a
    handover, an event's agent, a quote's speaker, a relation's subjects."""
    about: dict[str, frozenset[str]] = {}
    for f in deck.facts():
        names = [getattr(f, field, None) for field in ("holder", "incoming", "agent", "speaker")]
        about[f.id] = frozenset(n for n in (*names, *getattr(f, "subjects", ())) if isinstance(n, str))
    return about


def _with_true_false(
    kept: list[Candidate], statements: list[Candidate], often: _Asked, people: dict[str, frozenset[str]]
) -> list[Candidate]:
    """Mix true/false in, true and false alternately so that neither answer can be guessed: first in
    place of some questions (one in `FALSE_STATEMENT_SHARE`), never beside a question it gives away,
    then for claims nothing else asks while their fact has room (`often`), all under
    `MAX_TRUE_FALSE_SHARE` of the bank.

    The generated statements balance among themselves (the author's « Faux » do not make every
    generated one « Vrai »): a false one first, then never one answer more than once ahead of the
    other. And none is on a fact or a person (`people`: who it names, rightly or wrongly) another
    statement is already on, while statements on others remain."""
    by_key: dict[Hashable, Candidate] = {}
    for c in kept:
        for key in _keys(c):
            by_key.setdefault(key, c)
    pairs: dict[Hashable, dict[bool, Candidate]] = defaultdict(dict)
    for st in statements:
        pairs[st.claim][bool(st.question.basis.get("truth"))] = st
    in_place: list[tuple[Candidate, dict[bool, Candidate]]] = []
    alone: list[dict[bool, Candidate]] = []
    asked = {f for c in kept for f in (c.anchor, *c.question.facts)}
    position = {id(c): i for i, c in enumerate(kept)}
    for _claim, pair in sorted(pairs.items(), key=lambda item: _stable(repr(item[0]))):
        standing = sorted((by_key[k] for k in _keys(next(iter(pair.values()))) if k in by_key), key=lambda c: position[id(c)])
        standing = list({id(c): c for c in standing}.values())
        if not standing:
            if next(iter(pair.values())).anchor not in asked:  # only a fact nothing else asks
                alone.append(pair)
        elif len(standing) == 1 and standing[0].variant in RECALL:
            in_place.append((standing[0], pair))
    # Only where the fact keeps another question (a fact asked only by a true/false is weakly taught),
    # and not beside one that prints the same words (« Complétez la citation »: the answer twice);
    # statements about who are worth more than a date moved by a day; then the weakest questions first.
    anchors = Counter(c.anchor for c in kept)
    on_fact: dict[str, list[Candidate]] = defaultdict(list)
    for c in kept:
        on_fact[c.anchor].append(c)
    # (or another question names the fact: « Associez chaque personne au poste… » beside « Qui occupait… »)
    naming = Counter(f for c in kept if c.question.format != "truefalse" for f in set(c.question.facts))
    in_place = [
        (c, pair)
        for c, pair in in_place
        if max(anchors[c.anchor], naming[c.anchor] + (c.anchor not in c.question.facts)) >= 2
        and not _repeats(pair, c, on_fact[c.anchor])
    ]
    by_fact: dict[str, list[Candidate]] = defaultdict(list)
    for c in kept:
        for f in c.question.facts:
            by_fact[f].append(c)

    reading = _Reading([c.question for c in (*kept, *statements)])

    def discreet(statement: Candidate, replaced: Candidate) -> bool:
        near = {id(o): o for f in statement.question.facts for o in by_fact[f] if o is not replaced}.values()
        return not any(reading.gives_away(statement.question, o.question) for o in near)

    in_place = [(c, {t: st for t, st in pair.items() if discreet(st, c)}) for c, pair in in_place]
    in_place.sort(key=lambda item: (item[0].variant == "date", item[0].rank))
    chosen = list(kept)
    count = {True: 0, False: 0}
    count[True] = sum(1 for c in kept if _generated_true_false(c) and c.question.answer == TRUE)
    count[False] = sum(1 for c in kept if _generated_true_false(c) and c.question.answer != TRUE)
    on: set[str] = set()  # the facts and people the statements chosen so far are on

    def about(statement: Candidate) -> set[str]:
        named = statement.question.basis.get("entity")
        facts = (statement.anchor, *statement.question.facts)
        return {*facts, *(p for f in facts for p in people.get(f, ())), *((named,) if isinstance(named, str) else ())}

    prompts = {normalize_answer(c.question.prompt) for c in kept}

    def pick(pair: dict[bool, Candidate], fresh: bool = True) -> Candidate | None:
        # The answer less often given so far, False on a tie (it was True: a bank all « Vrai »).
        for truth in (False, True) if count[True] >= count[False] else (True, False):
            if truth in pair and count[truth] <= count[not truth]:
                if normalize_answer(pair[truth].question.prompt) in prompts:
                    continue  # one statement, once
                if fresh and on & about(pair[truth]):
                    continue  # a fact or a person already stated
                prompts.add(normalize_answer(pair[truth].question.prompt))
                on.update(about(pair[truth]))
                return pair[truth]
        return None

    room = int(len(kept) * FALSE_STATEMENT_SHARE)
    per_kind = Counter(c.question.kind for c in kept)
    for replaced, pair in in_place:
        if room == 0:
            break
        if per_kind[replaced.question.kind] <= MIN_PER_KIND:  # a kind a learner can choose keeps questions
            continue
        statement = pick(pair)
        if statement is not None:
            chosen[position[id(replaced)]] = statement
            count[bool(statement.question.basis.get("truth"))] += 1
            per_kind[replaced.question.kind] -= 1
            room -= 1
    statements_now = sum(1 for c in chosen if c.question.format == "truefalse")
    added: set[int] = set()
    for fresh in (True, False):  # statements on facts and people not stated yet, then any
        for pair in alone:
            if statements_now + 1 > MAX_TRUE_FALSE_SHARE * (len(chosen) + 1):
                break
            if any(id(st) in added for st in pair.values()):
                continue
            statement = pick({t: st for t, st in pair.items() if often.room(st)}, fresh)
            if statement is not None:
                chosen.append(statement)
                added.add(id(statement))
                often.add(statement)
                count[bool(statement.question.basis.get("truth"))] += 1
                statements_now += 1
    return chosen


def _repeats(pair: dict[bool, Candidate], replaced: Candidate, on_fact: list[Candidate]) -> bool:
    """True when another question on the fact already prints most of the statement's words (in its
    prompt or its answer)."""
    said = set(normalize_answer(next(iter(pair.values())).question.prompt).split())
    for c in on_fact:
        if c is not replaced:
            answers = c.question.answer if isinstance(c.question.answer, tuple) else (c.question.answer,)
            shown = set(normalize_answer(" ".join((c.question.prompt, *answers))).split())
            if len(said & shown) >= 0.6 * len(said):
                return True
    return False


def _stable(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def cards_kept(deck: Deck, cards: Sequence[Card]) -> list[Card]:
    """Cards, less those a fact's `skip:` names (`card`, `card-reverse`)."""
    facts = {f.id: f for f in deck.facts()}
    return [c for c in cards if not (c.fact in facts and c.id.rsplit(":", 1)[1] in facts[c.fact].skip)]
