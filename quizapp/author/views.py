"""The author page: every deck's status and errors, a preview of every question, and uploads."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..access import author_required
from ..content import KINDS, ContentError
from ..decks import DeckStore
from ..quiz.forms import answer_form
from ..services import authoring
from .forms import UploadForm

bp = Blueprint("author", __name__, url_prefix="/auteur")


def _page(form: UploadForm, upload_problems: list[str] | None = None) -> str:
    store: DeckStore = current_app.extensions["decks"]
    counts = {
        deck_id: Counter(q.kind for q in store.bank(deck_id).questions) | Counter(flashcard=len(store.bank(deck_id).cards))
        for deck_id in store.decks
    }
    return render_template(
        "author/index.html",
        statuses=sorted(store.status.values(), key=lambda s: s.name),
        counts=counts,
        reports={deck_id: store.report(deck_id) for deck_id in store.decks},
        kinds=KINDS,
        form=form,
        upload_problems=upload_problems or [],
    )


@bp.get("/")
@author_required
def index() -> str:
    """Decks, their status and errors, counts by kind, and the upload form."""
    return _page(UploadForm())


@bp.get("/apercu/<deck_id>")
@author_required
def preview(deck_id: str) -> str:
    """Every question of a deck exactly as a learner sees it, with its answer."""
    store: DeckStore = current_app.extensions["decks"]
    if deck_id not in store.decks:
        abort(404)
    bank = store.bank(deck_id)
    shown = [(q.to_dict(), answer_form(q.to_dict())) for q in bank.questions]
    return render_template("author/preview.html", deck=store.decks[deck_id], shown=shown, kinds=KINDS, cards=bank.cards)


@bp.post("/deposer")
@author_required
def upload() -> str | Response | tuple[str, int]:
    """Check an uploaded deck file; store it only if it is valid."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(form), 400
    data = form.file.data.read()
    try:
        deck = authoring.upload(
            current_app.extensions["decks"], form.file.data.filename or "", data, current_user.id, current_app.config["CLOCK"]()
        )
    except ContentError as exc:
        return _page(form, [str(p) for p in exc.problems]), 400
    flash(f"Deck « {deck.meta.title} » ({deck.id}) vérifié et mis en ligne.")
    return redirect(url_for(".index"), 303)
