"""Accounts: registration, log-in with per-account and per-address throttling, admin creation."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import func, select

from .. import sql
from ..extensions import db
from ..models import LoginAttempt, User
from ..passwords import MAX_LENGTH, MIN_LENGTH, hash_password, needs_rehash, verify_password

USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{2,39}\Z")


@dataclass(frozen=True)
class Account(UserMixin):
    """The signed-in user as every request sees it (`current_user`), read with one plain query.

    Read again at each request, so a role change or a removed account counts at once.
    """

    id: int
    username: str
    role: str
    new_per_day: int

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def load_account(user_id: str) -> Account | None:
    """Flask-Login's user loader: the account behind the session's id, or None."""
    if not user_id.isdigit():
        return None
    row = sql.connection().execute("SELECT id, username, role, new_per_day FROM users WHERE id = ?", (int(user_id),)).fetchone()
    return Account(*row) if row else None


class AccountError(Exception):
    """A request about an account that cannot be granted; the message is for the user."""


class TooManyAttempts(AccountError):
    def __init__(self, minutes: int) -> None:
        super().__init__(f"Trop de tentatives de connexion : réessayez dans {minutes} minute(s).")


def normalize_username(username: str) -> str:
    return username.strip().lower()


def check_password_rules(password: str) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise AccountError(f"Le mot de passe doit compter de {MIN_LENGTH} à {MAX_LENGTH} caractères.")


def register(username: str, password: str, now: dt.datetime, role: str = "learner") -> User:
    """Create an account; the username is case-insensitive.

    Raises:
        AccountError: invalid or taken username, or a password outside the length rules.
    """
    name = normalize_username(username)
    if not USERNAME.match(name):
        raise AccountError("Identifiant : 3 à 40 caractères parmi a-z, 0-9, « _ », « . » et « - ».")
    check_password_rules(password)
    if db.session.scalar(select(User.id).where(User.username == name)) is not None:
        raise AccountError("Cet identifiant est déjà pris.")
    user = User(username=name, password_hash=hash_password(password), role=role, created_at=now)
    db.session.add(user)
    db.session.commit()
    return user


def set_admin(username: str, password: str, now: dt.datetime) -> User:
    """Create an admin, or make an existing account admin with this new password."""
    name = normalize_username(username)
    user = db.session.scalar(select(User).where(User.username == name))
    if user is None:
        return register(name, password, now, role="admin")
    check_password_rules(password)
    user.role, user.password_hash = "admin", hash_password(password)
    db.session.commit()
    return user


def set_role(username: str, role: str) -> None:
    """Give an existing account a role (learner, author or admin)."""
    user = db.session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise AccountError(f"Aucun compte « {username} ».")
    user.role = role
    db.session.commit()


def _failures(column: object, value: str, since: dt.datetime) -> tuple[int, dt.datetime | None]:
    row = db.session.execute(
        select(func.count(), func.min(LoginAttempt.at)).where(
            column == value, LoginAttempt.at >= since, LoginAttempt.success.is_(False)
        )
    ).one()
    return int(row[0]), row[1]


def authenticate(username: str, password: str, ip: str, now: dt.datetime) -> User:
    """Check a log-in, recording it; too many recent failures for the account or the address refuse it.

    Raises:
        TooManyAttempts: the account or the address is throttled (nothing is checked).
        AccountError: wrong username or password (the message does not say which).
    """
    cfg = current_app.config
    name = normalize_username(username)[:40]
    window: dt.timedelta = cfg["LOGIN_WINDOW"]
    since = now - window
    for column, value, limit in (
        (LoginAttempt.username, name, cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (LoginAttempt.ip, ip, cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ):
        count, oldest = _failures(column, value, since)
        if count >= limit and oldest is not None:
            wait = oldest + window - now
            raise TooManyAttempts(max(1, math.ceil(wait.total_seconds() / 60)))
    user = db.session.scalar(select(User).where(User.username == name))
    ok = verify_password(user.password_hash if user else None, password)
    db.session.add(LoginAttempt(username=name, ip=ip[:64], at=now, success=ok))
    if ok and user is not None and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.commit()
    if not ok or user is None:
        raise AccountError("Identifiant ou mot de passe incorrect.")
    return user
