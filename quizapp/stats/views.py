"""Item statistics for teachers (admins and authors): per deck, per question, per fact and episode."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, render_template, request

from .. import charts
from ..access import author_required
from ..decks import DeckStore
from ..paging import of_list, page_number
from ..services import counters, itemstats
from ..services.itemstats import ItemRow

bp = Blueprint("stats", __name__, url_prefix="/statistiques")
# What a deck id (content.model.Id) or a question id (`deck:fact:variant`, or an authored Id) can
# be: anything else is no id of ours (404), and never reaches the database (PostgreSQL refuses a NUL).
DECK_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
QUESTION_ID = re.compile(r"[a-z0-9][a-z0-9:-]{0,254}")


def _deck(deck: str) -> DeckStore:
    store: DeckStore = current_app.extensions["decks"]
    if not DECK_ID.fullmatch(deck) or not itemstats.known_deck(store, deck):
        abort(404)
    return store


def sort_asked() -> str:
    """The sort in `?tri=` (itemstats.SORTS), facility by default."""
    sort = request.args.get("tri", "")
    return sort if sort in itemstats.SORTS else "facilite"


@bp.get("/")
@author_required
def decks() -> str:
    """The decks, with how much each was answered."""
    return render_template("stats/decks.html", decks=itemstats.decks(current_app.extensions["decks"]), limits=itemstats)


@bp.get("/<deck>")
@author_required
def questions(deck: str) -> str:
    """A deck's questions, 50 a page, sorted by facility, discrimination or answers."""
    store = _deck(deck)
    sort = sort_asked()
    found = itemstats.page(deck, page_number(request.args.get("page")), sort)
    title = store.decks[deck].meta.title if deck in store.decks else deck
    return render_template(
        "stats/questions.html",
        deck=deck,
        title=title,
        page=found,
        sort=sort,
        endpoint="stats.questions",
        endpoint_args={"deck": deck},
        scatter=scatter(found.items, deck),
    )


def scatter(rows: list[ItemRow], deck: str) -> charts.Chart:
    """The facility/discrimination scatter of the questions listed (those with both indices)."""
    points = [
        (r.question_id, r.facility, r.discrimination) for r in rows if r.facility is not None and r.discrimination is not None
    ]
    return charts.facility_discrimination(points, chart_id=f"items-{deck}")


@bp.get("/<deck>/question/<question_id>")
@author_required
def question(deck: str, question_id: str) -> str:
    """One question: each choice's pick rate, the time taken, the flags."""
    _deck(deck)
    if not QUESTION_ID.fullmatch(question_id):
        abort(404)
    row = itemstats.item(deck, question_id) or abort(404)
    bars = charts.choice_bars([(c.choice, c.picked, c.is_answer) for c in row.choices], chart_id="choices")
    return render_template("stats/question.html", deck=deck, row=row, buckets=_bucket_labels(), bars=bars)


@bp.get("/<deck>/faits")
@author_required
def facts(deck: str) -> str:
    """The deck's questions taken together per episode and per fact (hardest first)."""
    store = _deck(deck)
    episodes, fact_rows = itemstats.rollups(store, deck)
    found = of_list(fact_rows, page_number(request.args.get("page")))
    return render_template("stats/facts.html", deck=deck, episodes=episodes, page=found)


def _bucket_labels() -> list[str]:
    labels = []
    for bucket in range(len(counters.BUCKETS) + 1):
        low, high = counters.bucket_bounds(bucket)
        labels.append(f"{low:g} à {high:g} s" if high is not None else f"{low:g} s et plus")
    return labels
