"""Flashcard study pages: the queue, a card's back with the rating buttons, settings, Anki export."""

from __future__ import annotations

import datetime as dt
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice  # type: ignore[attr-defined]  # not in the stubs yet

from ..content import Deck
from ..content.story import Point, episodes
from ..decks import DeckStore
from ..services import cardversions, progress, study
from .forms import RatingForm, SettingsForm, StoryForm

bp = Blueprint("cards", __name__, url_prefix="/reviser")


def _now() -> dt.datetime:
    return current_app.config["CLOCK"]()


@bp.get("/")
@login_required
def index() -> str:
    """The study summary and the front of the next card."""
    store = current_app.extensions["decks"]
    now = _now()
    queue = study.build_queue(current_user, store, now)
    return render_template(
        "cards/index.html",
        queue=queue,
        retention=study.predicted_retention(current_user.id, now),
        decks=store.decks.values(),
        stories=_story_forms(store),
        study_charts=progress.study_charts(current_user.id, now, current_user.time_zone),
    )


def _story_form(deck: Deck, **kwargs: Any) -> StoryForm:
    """A deck's story-mode form: its episodes to stop after, or a date."""
    form = StoryForm(prefix=f"histoire-{deck.id}", **kwargs)
    form.episode.choices = [SelectChoice("", "Toute l'histoire")] + [
        SelectChoice(source_id, f"Jusqu'à « {title} »") for source_id, title in episodes(deck)
    ]
    return form


def _story_forms(store: DeckStore) -> dict[str, StoryForm]:
    """One story-mode form per deck, showing where the learner stands."""
    points = study.story_points(current_user.id)
    forms = {}
    for deck in store.decks.values():
        form = _story_form(deck, formdata=None)
        at = Point.parse(deck, points.get(deck.id))
        form.episode.data, form.until.data = at.episode or "", at.day
        forms[deck.id] = form
    return forms


@bp.post("/histoire/<deck_id>")
@login_required
def story(deck_id: str) -> Response | tuple[str, int]:
    """Set where the learner stands in a deck's story: the flashcards then stop there."""
    store = current_app.extensions["decks"]
    deck = store.decks.get(deck_id) or abort(404)
    form = _story_form(deck)
    if not form.validate_on_submit():
        problems = "; ".join(message for messages in form.errors.values() for message in messages)
        abort(400, description=problems or "Réglage invalide.")
    try:
        study.set_story_point(current_user.id, store, deck.id, form.point())
    except study.StudyError as exc:
        abort(exc.status, description=str(exc))
    flash(f"Fiches de « {deck.meta.title} » : {Point.parse(deck, form.point()).label(deck)}.")
    return redirect(url_for(".index"), 303)


@bp.route("/carte/<card_id>", methods=["GET", "POST"])
@login_required
def card(card_id: str) -> str | Response:
    """GET: the card with its back and the four ratings. POST: rate it."""
    store = current_app.extensions["decks"]
    form = RatingForm()
    if request.method == "POST":
        form.validate_on_submit() or abort(400)
        try:
            rating, version = int(request.form.get("rating", "")), int(form.version.data or "")
        except ValueError:
            abort(400, description="La note doit être 1, 2, 3 ou 4.")
        try:
            study.rate(current_user, store, card_id, rating, version, _now())
        except study.StudyError as exc:
            abort(exc.status, description=str(exc))
        return redirect(url_for(".index"), 303)
    found = study.cards_for(current_user.id, store).get(card_id) or abort(404)
    state = study.state_of(current_user.id, card_id)
    form.version.data = str(state.reps if state else 0)
    return render_template("cards/card.html", card=found, form=form, ratings=study.RATINGS)


@bp.route("/reglages", methods=["GET", "POST"])
@login_required
def settings() -> str | Response | tuple[str, int]:
    """The daily limit of new cards."""
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        assert form.new_per_day.data is not None  # required by the form
        study.set_new_per_day(current_user.id, form.new_per_day.data)
        flash("Réglage enregistré.")
        return redirect(url_for(".index"), 303)
    return render_template("cards/settings.html", form=form), 400 if form.errors else 200


@bp.get("/anki/<deck_id>.apkg")
@login_required
def anki(deck_id: str) -> Response:
    """Download a deck's flashcards as an Anki package."""
    store = current_app.extensions["decks"]
    if deck_id not in store.decks:
        abort(404)
    bank = store.bank(deck_id)
    changed = cardversions.changed_at([card.id for card in bank.cards])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{deck_id}.apkg"
        from ..content.anki import write_apkg  # here: genanki only when a deck is exported

        write_apkg([bank], {deck_id: store.decks[deck_id].meta.title}, path, _now(), changed)
        data = path.read_bytes()
    return send_file(BytesIO(data), mimetype="application/apkg", as_attachment=True, download_name=f"{deck_id}.apkg")
