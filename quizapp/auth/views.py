"""Register, log in, log out (here or everywhere), the account page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..models import User
from ..services import accounts
from ..urls import local_target
from . import devices
from .forms import LoginForm, LogoutForm, RegisterForm

bp = Blueprint("auth", __name__, url_prefix="/compte")


def _address() -> str:
    return request.remote_addr or "?"


def _signed_in(user: User, target: str, message: str | None = None) -> Response:
    """Open a fresh session for `user` (nothing of the anonymous one is kept) and trust this browser."""
    now = current_app.config["CLOCK"]()
    session.clear()
    login_user(accounts.open_session(user, now))
    if message:
        flash(message)
    response = redirect(target)
    devices.remember(response, user.username, now)
    return response


@bp.route("/inscription", methods=["GET", "POST"])
def register() -> str | Response | tuple[str, int]:
    """Create an account, then log in."""
    form = RegisterForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.register(
                form.username.data or "", form.password.data or "", current_app.config["CLOCK"](), _address()
            )
        except accounts.TooManyAttempts as exc:
            form.form_errors.append(str(exc))
            status = 429
        except accounts.AccountError as exc:
            form.username.errors = [*form.username.errors, str(exc)]
        else:
            return _signed_in(user, url_for("main.home"), "Compte créé : bienvenue !")
    return render_template("auth/register.html", form=form), _status(form, status)


def _status(form: LoginForm | RegisterForm, status: int) -> int:
    return 400 if status == 200 and form.errors else status


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """Log in; the session is renewed."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        now = current_app.config["CLOCK"]()
        name = accounts.normalize_username(form.username.data or "")
        try:
            user = accounts.authenticate(name, form.password.data or "", _address(), now, devices.trusted(name, now))
        except accounts.TooManyAttempts as exc:
            form.form_errors.append(str(exc))
            status = 429
        except accounts.AccountError as exc:
            form.form_errors.append(str(exc))
            status = 400
        else:
            return _signed_in(user, local_target(request.args.get("next")) or url_for("main.home"))
    return render_template("auth/login.html", form=form), _status(form, status)


@bp.get("/")
@login_required
def account() -> str:
    """Who is signed in, and the « log out everywhere » button."""
    return render_template("auth/account.html", form=LogoutForm())


@bp.post("/deconnexion")
@login_required
def logout() -> Response:
    """Log out: this session ends on the server, and the cookie is emptied."""
    if LogoutForm().validate_on_submit():
        accounts.close_session(current_user.session_token)
        _forget("Vous êtes déconnecté.")
    return redirect(url_for("main.home"))


@bp.post("/deconnexion-partout")
@login_required
def logout_everywhere() -> Response:
    """End every session of this account, on every device."""
    if LogoutForm().validate_on_submit():
        ended = accounts.close_all_sessions(current_user.id)
        _forget(f"Vous êtes déconnecté partout ({ended} session(s) fermée(s)).")
    return redirect(url_for("main.home"))


def _forget(message: str) -> None:
    logout_user()
    session.clear()
    flash(message)
