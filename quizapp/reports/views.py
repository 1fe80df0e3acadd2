"""« Signaler une erreur » on a correction or a flashcard: the POST that keeps the report."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..extensions import db
from ..models import AttemptItem
from ..services import quizzes, reports, study
from ..urls import local_target
from .forms import ReportForm

bp = Blueprint("reports", __name__, url_prefix="/signaler")


def _words(form: ReportForm) -> str:
    """The learner's words, or 400 saying what is wrong with them (nothing is stored)."""
    if not form.validate_on_submit():
        problems = [message for messages in form.errors.values() for message in messages]
        abort(400, description=" ".join(problems) or "Signalement invalide.")
    return str(form.message.data)


def _back(form: ReportForm, default: str) -> Response:
    flash("Merci : votre signalement est transmis aux auteurs.")
    return redirect(local_target(form.next.data) or default, 303)


@bp.post("/quiz/<id:attempt_id>/<id:position>")
@login_required
def question(attempt_id: int, position: int) -> Response:
    """Report a question of one's own attempt, once answered (its correction was shown)."""
    item = quizzes.slot(current_user.id, attempt_id, position)
    if item is None or item.answer_id is None:
        abort(404)
    form = ReportForm()
    words = _words(form)
    item_id = db.session.scalar(
        select(AttemptItem.id).where(AttemptItem.attempt_id == attempt_id, AttemptItem.position == position)
    )
    assert item_id is not None  # the slot was just read
    try:
        reports.report_question(item, item_id, words, current_app.config["CLOCK"]())
    except reports.ReportError as exc:
        abort(exc.status, description=str(exc))
    return _back(form, url_for("quiz.question", attempt_id=attempt_id, position=position))


@bp.post("/fiche/<card_id>")
@login_required
def card(card_id: str) -> Response:
    """Report a flashcard the learner can study (a card of a deck that exists, at their story point)."""
    found = study.cards_for(current_user.id, current_app.extensions["decks"]).get(card_id) or abort(404)
    form = ReportForm()
    words = _words(form)
    try:
        reports.report_card(current_user.id, found, words, current_app.config["CLOCK"]())
    except reports.ReportError as exc:
        abort(exc.status, description=str(exc))
    return _back(form, url_for("cards.card", card_id=card_id))


@bp.app_template_global()
def report_form() -> ReportForm:
    """An empty report form for a correction or a card (templates/reports/_form.html)."""
    return ReportForm(formdata=None)
