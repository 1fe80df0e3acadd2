"""Score pages: the learner's own, and the admin's view of everyone's."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..access import admin_required
from ..extensions import db
from ..models import Attempt, User
from ..paging import page_number
from ..quiz.forms import ActionForm
from ..roles import Role
from ..services import accounts, progress, quizzes, scores
from .forms import RoleForm

bp = Blueprint("scores", __name__)


@bp.get("/scores")
@login_required
def mine() -> str:
    """« Mes scores »: attempts, accuracy by kind, most missed questions, progress charts."""
    summary = scores.summary(current_user.id, page_number(request.args.get("page")))
    return render_template(
        "scores/summary.html",
        owner=current_user,
        summary=summary,
        unfinished=scores.unfinished(current_user.id, page_number(request.args.get("en_cours"))),
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
    return render_template("scores/admin_users.html", page=scores.users(page_number(request.args.get("page"))))


@bp.get("/admin/utilisateurs/<id:user_id>")
@admin_required
def admin_user(user_id: int) -> str:
    """The same page as « Mes scores », for any user."""
    user = db.session.get(User, user_id) or abort(404)
    summary = scores.summary(user.id, page_number(request.args.get("page")))
    progress_charts = progress.score_charts(user.id, summary.by_kind, current_app.extensions["decks"])
    return render_template("scores/summary.html", owner=user, summary=summary, own=False, progress_charts=progress_charts)


@bp.route("/admin/utilisateurs/<id:user_id>/role", methods=["GET", "POST"])
@admin_required
def admin_role(user_id: int) -> str | Response | tuple[str, int]:
    """Change an account's role (its sessions end); the last admin stays admin."""
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm(data={"role": user.role.value})
    if form.validate_on_submit():
        try:
            accounts.change_role(user.id, Role(form.role.data))
        except accounts.AccountError as exc:
            form.role.errors = [str(exc)]
        else:
            flash(f"« {user.username} » est maintenant {user.role.label} ; ses sessions sont fermées.")
            return redirect(url_for(".admin_users"), 303)
    return render_template("scores/admin_role.html", user=user, form=form), 400 if form.errors else 200


@bp.get("/admin/utilisateurs/<id:user_id>/quiz/<id:attempt_id>")
@admin_required
def admin_attempt(user_id: int, attempt_id: int) -> str:
    """Any user's attempt, question by question."""
    found: Attempt = quizzes.get(user_id, attempt_id) or abort(404)
    return render_template("scores/attempt.html", attempt=found, answers=quizzes.answers(found.id), owner=found.user)


@bp.get("/admin/questions")
@admin_required
def admin_questions() -> Response:
    """The old address of the question statistics: now per deck, for authors too."""
    return redirect(url_for("stats.decks"))
