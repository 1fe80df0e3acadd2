"""Register, log in, log out (here or everywhere), the account page: password, time zone, my data,
deleting the account."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..models import User
from ..services import accounts
from ..urls import local_target
from . import devices
from .forms import DeleteForm, LoginForm, LogoutForm, PasswordForm, RegisterForm, TimeZoneForm

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
def account() -> tuple[str, int]:
    """Who is signed in; time zone, password, my data, « log out everywhere », deleting the account."""
    return _account_page()


def _account_page(status: int = 200, **forms: Any) -> tuple[str, int]:
    """The account page with its forms (prefixed: one page, several forms, no id twice); `forms`
    replaces some of them by the ones just submitted, with their errors."""
    if "zone_form" not in forms:
        forms["zone_form"] = TimeZoneForm(prefix="tz", time_zone=current_user.time_zone)
    if "password_form" not in forms:
        forms["password_form"] = PasswordForm(prefix="pw")
    if "delete_form" not in forms:
        forms["delete_form"] = DeleteForm(prefix="del")
    now = current_app.config["CLOCK"]()
    return render_template("auth/account.html", form=LogoutForm(), now=now, **forms), status


@bp.post("/fuseau")
@login_required
def time_zone() -> Response | tuple[str, int]:
    """Choose the time zone every time is shown in."""
    form = TimeZoneForm(prefix="tz")
    if form.validate_on_submit():
        try:
            accounts.set_time_zone(current_user.id, form.time_zone.data or "")
        except accounts.AccountError as exc:
            form.time_zone.errors = [*form.time_zone.errors, str(exc)]
        else:
            flash(f"Fuseau horaire enregistré : {form.time_zone.data}.")
            return redirect(url_for(".account"), 303)
    return _account_page(400, zone_form=form)


@bp.post("/mot-de-passe")
@login_required
def change_password() -> Response | tuple[str, int]:
    """A new password; every other session of the account ends, this one stays."""
    form = PasswordForm(prefix="pw")
    status = 400
    if form.validate_on_submit():
        now = current_app.config["CLOCK"]()
        try:
            ended = accounts.change_password(
                current_user.id,
                form.current.data or "",
                form.password.data or "",
                current_user.session_token,
                _address(),
                now,
                devices.trusted(current_user.username, now),
            )
        except accounts.TooManyAttempts as exc:
            form.form_errors.append(str(exc))
            status = 429
        except accounts.AccountError as exc:
            form.current.errors = [*form.current.errors, str(exc)]
        else:
            flash(f"Mot de passe changé. Vos autres sessions ont été fermées ({ended}) ; celle-ci reste ouverte.")
            return redirect(url_for(".account"), 303)
    return _account_page(status, password_form=form)


@bp.post("/suppression")
@login_required
def delete_account() -> Response | tuple[str, int]:
    """Delete the account and all that is theirs, then sign out."""
    form = DeleteForm(prefix="del")
    status = 400
    if form.validate_on_submit():
        now = current_app.config["CLOCK"]()
        try:
            accounts.delete_account(
                current_user.id, form.current.data or "", _address(), now, devices.trusted(current_user.username, now)
            )
        except accounts.TooManyAttempts as exc:
            form.form_errors.append(str(exc))
            status = 429
        except accounts.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            _forget("Votre compte et toutes vos données ont été supprimés.")
            response = redirect(url_for("main.home"), 303)
            devices.forget(response)
            return response
    return _account_page(status, delete_form=form)


@bp.get("/donnees.json")
@login_required
def my_data() -> Response:
    """Download everything stored about me, as a JSON file."""
    data = accounts.export(current_user.id, current_app.config["CLOCK"]())
    response = current_app.response_class(
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="quizapp-{current_user.username}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


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
