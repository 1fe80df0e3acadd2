"""Score pages: the learner's own, and the admin's view of everyone's."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user, login_required

from ..access import admin_required
from ..extensions import db
from ..models import Attempt, User
from ..quiz.forms import ActionForm
from ..services import progress, quizzes, scores

bp = Blueprint("scores", __name__)


@bp.get("/scores")
@login_required
def mine() -> str:
    """« Mes scores »: attempts, accuracy by kind, most missed questions, progress charts."""
    summary = scores.summary(current_user.id)
    return render_template(
        "scores/summary.html",
        owner=current_user,
        summary=summary,
        action_form=ActionForm(),
        own=True,
        progress_charts=progress.score_charts(current_user.id, summary.by_kind, current_app.extensions["decks"]),
    )


@bp.get("/scores/<id:attempt_id>")
@login_required
def attempt(attempt_id: int) -> str:
    """One of my attempts, question by question."""
    found = quizzes.get(current_user.id, attempt_id) or abort(404)
    return render_template("scores/attempt.html", attempt=found, answers=quizzes.answers(found.id), owner=current_user)


@bp.get("/admin")
@admin_required
def admin_users() -> str:
    """Every user: attempts, average score, last activity."""
    return render_template("scores/admin_users.html", rows=scores.users())


@bp.get("/admin/utilisateurs/<id:user_id>")
@admin_required
def admin_user(user_id: int) -> str:
    """The same page as « Mes scores », for any user."""
    user = db.session.get(User, user_id) or abort(404)
    summary = scores.summary(user.id)
    progress_charts = progress.score_charts(user.id, summary.by_kind, current_app.extensions["decks"])
    return render_template("scores/summary.html", owner=user, summary=summary, own=False, progress_charts=progress_charts)


@bp.get("/admin/utilisateurs/<id:user_id>/quiz/<id:attempt_id>")
@admin_required
def admin_attempt(user_id: int, attempt_id: int) -> str:
    """Any user's attempt, question by question."""
    found: Attempt = quizzes.get(user_id, attempt_id) or abort(404)
    return render_template("scores/attempt.html", attempt=found, answers=quizzes.answers(found.id), owner=found.user)


@bp.get("/admin/questions")
@admin_required
def admin_questions() -> str:
    """Which questions work: times asked and share of right answers."""
    return render_template("scores/admin_questions.html", rows=scores.questions())
