"""Flashcard study pages: the queue, a card's back with the rating buttons, settings, Anki export."""

from __future__ import annotations

import datetime as dt
import tempfile
from io import BytesIO
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..content.anki import write_apkg
from ..services import cardversions, study
from .forms import RatingForm, SettingsForm

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
    )


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
    found = store.cards().get(card_id) or abort(404)
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
    bank = store.bank(deck_id, 0)
    changed = cardversions.changed_at([card.id for card in bank.cards])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{deck_id}.apkg"
        write_apkg([bank], {deck_id: store.decks[deck_id].meta.title}, path, _now(), changed)
        data = path.read_bytes()
    return send_file(BytesIO(data), mimetype="application/apkg", as_attachment=True, download_name=f"{deck_id}.apkg")
