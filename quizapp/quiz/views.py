"""Quiz pages: settings, one question per page, feedback, results."""

from __future__ import annotations

import datetime as dt
import random

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from itsdangerous import BadSignature, Signer
from werkzeug.wrappers import Response

from ..content import KINDS
from ..content.story import Point
from ..decks import DeckStore
from ..models import Attempt
from ..services import quizzes, scores
from .forms import ActionForm, SettingsForm, answer_form

bp = Blueprint("quiz", __name__, url_prefix="/quiz")
UNTYPED = (
    "Noms à taper : aucune question de ce quiz ne s'y prête (les types choisis ne demandent pas de nom à taper) ; "
    "les réponses sont à choisir."
)


def _store() -> DeckStore:
    return current_app.extensions["decks"]


def quiz_seed() -> int:
    """A new quiz's seed: the app's fixed RANDOM_SEED (tests), else a fresh random one."""
    fixed = current_app.config["RANDOM_SEED"]
    return int(fixed) if fixed is not None else random.SystemRandom().randrange(2**31)


def _shown_signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt="quiz-shown")


def _mine(attempt_id: int) -> Attempt:
    attempt = quizzes.get(current_user.id, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


@bp.route("/", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """Choose the deck, size, kinds and mode, then start."""
    store = _store()
    form = SettingsForm()
    form.offer(store.decks.values())
    if form.validate_on_submit():
        settings = form.settings()
        try:
            attempt = quizzes.start(current_user.id, store, settings, quiz_seed(), current_app.config["CLOCK"]())
        except quizzes.QuizError as exc:
            form.form_errors.append(str(exc))
        else:
            if quizzes.typed_in_vain(settings.typed, attempt.questions):
                flash(UNTYPED)
            return redirect(url_for(".question", attempt_id=attempt.id, position=1), 303)
    return render_template("quiz/new.html", form=form, kinds=KINDS), 400 if form.errors else 200


@bp.route("/<id:attempt_id>/<id:position>", methods=["GET", "POST"])
@login_required
def question(attempt_id: int, position: int) -> str | Response | tuple[str, int]:
    """Show a question, take its answer; in practice mode, show the correction afterwards."""
    item = quizzes.slot(current_user.id, attempt_id, position) or abort(404)
    if item.answer_id is not None:  # answered already: a second submission changes nothing
        return _after_answer(item)
    if item.finished:
        abort(400, description="Ce quiz est terminé : il ne prend plus de réponse.")
    now, form = current_app.config["CLOCK"](), answer_form(item.snapshot)
    if form.validate_on_submit():
        try:
            quizzes.submit(item, form.response(), _seconds_since(form.shown.data, item, now), now)
        except quizzes.QuizError as exc:
            abort(400, description=str(exc))
        return _after_answer(item)
    form.shown.data = _shown_signer().sign(f"{attempt_id}:{position}:{now.timestamp()}").decode()
    return render_template("quiz/question.html", item=item, form=form), 400 if form.errors else 200


def _after_answer(item: quizzes.Slot) -> str | Response:
    """Where an answered question leads: in an exam, the next unanswered one (or the results);
    in practice, its correction (a POST is redirected there first)."""
    if item.mode == "exam":
        following = quizzes.next_position(item.attempt_id)
        if following is None:
            return redirect(url_for(".results", attempt_id=item.attempt_id), 303)
        return redirect(url_for(".question", attempt_id=item.attempt_id, position=following), 303)
    if request.method == "POST":
        return redirect(url_for(".question", attempt_id=item.attempt_id, position=item.position), 303)
    return render_template("quiz/feedback.html", item=item, answer=item.answer)


def _seconds_since(stamp: str | None, item: quizzes.Slot, now: dt.datetime) -> float | None:
    """Time taken, from the signed « shown at » stamp of the page; a missing or altered stamp gives None."""
    try:
        stamp_attempt, stamp_position, shown_at = _shown_signer().unsign(stamp or "").decode().split(":")
        if (int(stamp_attempt), int(stamp_position)) == (item.attempt_id, item.position):
            return now.timestamp() - float(shown_at)
    except (BadSignature, TypeError, ValueError):
        pass
    return None


@bp.get("/<id:attempt_id>/resultat")
@login_required
def results(attempt_id: int) -> str:
    """The score and, question by question, the corrections."""
    attempt = _mine(attempt_id)
    answers = quizzes.answers(attempt.id)
    point, deck = attempt.settings.get("point", ""), _store().decks.get(attempt.deck)
    misses = attempt.total - attempt.score  # wrong or not answered: the score counts the right answers
    shown = request.args.get("voir")  # « erreurs » or « tout »; by default the errors, if there are any
    return render_template(
        "quiz/results.html",
        attempt=attempt,
        story=Point.parse(deck, point).label(deck) if point and deck else None,
        answers=answers,
        misses=misses,
        errors_only=shown == "erreurs" or (shown != "tout" and misses > 0),
        untyped=UNTYPED
        if quizzes.typed_in_vain(bool(attempt.settings.get("typed")), (i.snapshot for i in attempt.items))
        else None,
        next_position=quizzes.next_position(attempt.id),
        replay_form=ActionForm(),
    )


@bp.post("/<id:attempt_id>/rejouer")
@login_required
def replay(attempt_id: int) -> Response:
    """Start the same quiz again: same seed, same settings, same questions in the same order."""
    attempt = _mine(attempt_id)
    ActionForm().validate_on_submit() or abort(400)
    settings = quizzes.Settings.from_dict(attempt.settings)
    try:
        again = quizzes.start(current_user.id, _store(), settings, attempt.seed, current_app.config["CLOCK"]())
    except quizzes.QuizError as exc:
        abort(400, description=str(exc))
    return redirect(url_for(".question", attempt_id=again.id, position=1), 303)


@bp.post("/erreurs/<deck>")
@login_required
def retry_missed(deck: str) -> Response:
    """A quiz of the questions this learner missed most in a deck."""
    ActionForm().validate_on_submit() or abort(400)
    ids = scores.missed_ids(current_user.id, deck)
    if not ids:
        flash("Aucune erreur à revoir dans ce deck : bravo !")
        return redirect(url_for("scores.mine"), 303)
    settings = quizzes.Settings(deck=deck, count=len(ids), kinds=tuple(KINDS), mode="practice", question_ids=tuple(ids))
    try:
        attempt = quizzes.start(current_user.id, _store(), settings, quiz_seed(), current_app.config["CLOCK"]())
    except quizzes.QuizError as exc:
        abort(400, description=str(exc))
    return redirect(url_for(".question", attempt_id=attempt.id, position=1), 303)
