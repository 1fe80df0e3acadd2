"""Register, log in, log out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..services import accounts
from ..urls import local_target
from .forms import LoginForm, LogoutForm, RegisterForm

bp = Blueprint("auth", __name__, url_prefix="/compte")


@bp.route("/inscription", methods=["GET", "POST"])
def register() -> str | Response:
    """Create an account, then log in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(form.username.data, form.password.data, current_app.config["CLOCK"]())
        except accounts.AccountError as exc:
            form.username.errors.append(str(exc))
        else:
            session.clear()
            login_user(user)
            flash("Compte créé : bienvenue !")
            return redirect(url_for("main.home"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """Log in; the session is renewed."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        ip = request.remote_addr or "?"
        try:
            user = accounts.authenticate(form.username.data, form.password.data, ip, current_app.config["CLOCK"]())
        except accounts.TooManyAttempts as exc:
            form.form_errors.append(str(exc))
            status = 429
        except accounts.AccountError as exc:
            form.form_errors.append(str(exc))
            status = 400
        else:
            target = local_target(request.args.get("next")) or url_for("main.home")
            session.clear()
            login_user(user)
            return redirect(target)
    return render_template("auth/login.html", form=form), status if form.errors or status != 200 else 200


@bp.post("/deconnexion")
@login_required
def logout() -> Response:
    """Log out and drop the whole session."""
    if LogoutForm().validate_on_submit():
        logout_user()
        session.clear()
        flash("Vous êtes déconnecté.")
    return redirect(url_for("main.home"))
