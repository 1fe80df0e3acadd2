"""Accounts: registration, throttled log-in, server-side sessions, roles (policy: docs/security.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import bindparam, delete, func, select

from .. import sql, times
from ..extensions import db
from ..models import LoginAttempt, LoginSession, User
from ..passwords import MAX_LENGTH, MIN_LENGTH, hash_password, needs_rehash, verify_password
from ..roles import Role
from . import userdata

USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{2,39}\Z")


@dataclass(frozen=True)
class Account(UserMixin):
    """The signed-in user as every request sees it (`current_user`), read with one plain query.

    Read again at each request, so a role change, a removed account or an ended session counts at once.
    """

    id: int
    username: str
    role: Role
    new_per_day: int
    time_zone: str
    session_token: str = field(default="", repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def get_id(self) -> str:
        """What Flask-Login keeps in the signed cookie: the session's token, never the user's id."""
        return self.session_token


_users, _sessions = User.__table__, LoginSession.__table__
# Every request runs this: one query, through the unique index on the token's digest.
_ACCOUNT = (
    select(_users.c.id, _users.c.username, _users.c.role, _users.c.new_per_day, _users.c.time_zone)
    .join_from(_sessions, _users, _users.c.id == _sessions.c.user_id)
    .where(_sessions.c.token_digest == bindparam("digest"), _sessions.c.created_at > bindparam("since"))
)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session_start_limit(now: dt.datetime) -> dt.datetime:
    """Sessions opened at or before this moment have expired."""
    max_age: dt.timedelta = current_app.config["SESSION_MAX_AGE"]
    return now - max_age


def load_account(token: str) -> Account | None:
    """Flask-Login's user loader: the account of the session whose token the cookie holds, or None
    (no such session: ended, expired, or a cookie from before server-side sessions)."""
    if not 32 <= len(token) <= 64:
        return None
    since = _session_start_limit(current_app.config["CLOCK"]())
    row = sql.first(_ACCOUNT, {"digest": _digest(token), "since": since})
    return Account(*row, session_token=token) if row else None


def open_session(user: User, now: dt.datetime) -> Account:
    """Sign `user` in: a new server-side session (expired ones are cleared); the account for `login_user`."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(LoginSession).where(LoginSession.created_at <= _session_start_limit(now)))
    db.session.add(LoginSession(user_id=user.id, token_digest=_digest(token), created_at=now))
    db.session.commit()
    return Account(user.id, user.username, user.role, user.new_per_day, user.time_zone, token)


def close_session(token: str) -> None:
    """End one session (log out): its cookie, wherever copied, signs nobody in any more."""
    db.session.execute(delete(LoginSession).where(LoginSession.token_digest == _digest(token)))
    db.session.commit()


def close_all_sessions(user_id: int) -> int:
    """End every session of a user (« log out everywhere »); how many there were."""
    ended = _end_sessions(user_id)
    db.session.commit()
    return ended


def _end_sessions(user_id: int) -> int:
    """Delete every session of a user (the caller commits): after a new password or role, too."""
    return int(db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id)).rowcount)  # type: ignore[attr-defined]


class AccountError(Exception):
    """A request about an account that cannot be granted; the message is for the user."""


class TooManyAttempts(AccountError):
    def __init__(self, what: str, wait: dt.timedelta) -> None:
        minutes = max(1, math.ceil(wait.total_seconds() / 60))
        super().__init__(f"{what} : réessayez dans {minutes} minute(s).")


def normalize_username(username: str) -> str:
    return username.strip().lower()


def check_password_rules(password: str) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise AccountError(f"Le mot de passe doit compter de {MIN_LENGTH} à {MAX_LENGTH} caractères.")


def register(username: str, password: str, now: dt.datetime, ip: str | None = None, role: Role = Role.LEARNER) -> User:
    """Create an account; the username is case-insensitive.

    Args:
        ip: the address the request came from; registrations are throttled per address (None: the CLI).

    Raises:
        TooManyAttempts: too many accounts created from this address lately (nothing is checked or hashed).
        AccountError: invalid or taken username, or a password outside the length rules.
    """
    name = normalize_username(username)
    if not USERNAME.match(name):
        raise AccountError("Identifiant : 3 à 40 caractères parmi a-z, 0-9, « _ », « . » et « - ».")
    check_password_rules(password)
    if ip is not None:
        ip = ip[:64]
        wait = _registration_wait(ip, now)
        if wait is not None:
            raise TooManyAttempts("Trop de comptes créés depuis cette adresse", wait)
    if db.session.scalar(select(User.id).where(User.username == name)) is not None:
        raise AccountError("Cet identifiant est déjà pris.")
    row: dict[str, Any] = {"username": name, "role": role, "created_at": now, "created_ip": ip}
    new_id = db.session.scalar(
        sql.insert(_users, db.engine.dialect.name)
        .values(**row, password_hash=hash_password(password))
        .on_conflict_do_nothing(index_elements=[User.username])  # taken meanwhile by another request
        .returning(User.id)
    )
    db.session.commit()
    if new_id is None:
        raise AccountError("Cet identifiant est déjà pris.")
    user = db.session.get(User, new_id)
    assert user is not None
    return user


def _registration_wait(ip: str, now: dt.datetime) -> dt.timedelta | None:
    cfg = current_app.config
    window: dt.timedelta = cfg["REGISTER_WINDOW"]
    count, oldest = db.session.execute(
        select(func.count(), func.min(User.created_at)).where(User.created_ip == ip, User.created_at > now - window)
    ).one()
    if count >= cfg["REGISTER_MAX_PER_ADDRESS"] and oldest is not None:
        return oldest + window - now
    return None


def _set_password(user: User, password: str) -> None:
    """A new password ends every session of the account (the caller commits)."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    _end_sessions(user.id)


def set_admin(username: str, password: str, now: dt.datetime) -> User:
    """Create an admin, or make an existing account admin with this new password (its sessions end)."""
    name = normalize_username(username)
    user = db.session.scalar(select(User).where(User.username == name))
    if user is None:
        return register(name, password, now, role=Role.ADMIN)
    _set_password(user, password)
    user.role = Role.ADMIN
    db.session.commit()
    return user


def set_role(username: str, role: Role) -> None:
    """Give an existing account a role (learner, author or admin); its sessions end."""
    user = db.session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise AccountError(f"Aucun compte « {username} ».")
    user.role = role
    _end_sessions(user.id)
    db.session.commit()


def change_role(user_id: int, role: Role) -> User:
    """Give an account a role from the admin pages; its sessions end (as with `set-role`).

    Raises:
        LookupError: no such account.
        AccountError: the change would leave no admin (the last admin cannot stop being one).
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    if user.role is Role.ADMIN and role is not Role.ADMIN:
        # The admins' rows locked (PostgreSQL): two admins demoting each other at once wait in turn.
        admins = list(db.session.scalars(select(User.id).where(User.role == Role.ADMIN).with_for_update()))
        if len(admins) <= 1:
            raise AccountError("C'est le dernier compte administrateur : donnez d'abord ce rôle à un autre compte.")
    if user.role is not role:
        user.role = role
        _end_sessions(user.id)
    db.session.commit()
    return user


def _failures(since: dt.datetime, *where: Any) -> tuple[int, dt.datetime | None, dt.datetime | None]:
    """Failed log-ins since `since` matching `where`: how many, the first and the last."""
    count, first, last = db.session.execute(
        select(func.count(), func.min(LoginAttempt.at), func.max(LoginAttempt.at)).where(
            LoginAttempt.at > since, LoginAttempt.success.is_(False), *where
        )
    ).one()
    return int(count), first, last


def _login_wait(name: str, ip: str, device: str | None, now: dt.datetime) -> dt.timedelta | None:
    """How long this log-in must wait, or None (the policy is in docs/security.md).

    1. Per account and source (the trusted browser, else the address): a few free failures, then a
       delay that doubles with each further failure, counted from the last one.
    2. Unknown browsers only: a cap of failures per address (all accounts) and per account (all
       addresses). A browser that signed in to the account before is never held back by them, so a
       stranger's guesses cannot lock the owner out.
    """
    cfg = current_app.config
    window: dt.timedelta = cfg["LOGIN_WINDOW"]
    since = now - window
    source = LoginAttempt.device == device if device else (LoginAttempt.ip == ip) & LoginAttempt.device.is_(None)
    count, _, last = _failures(since, LoginAttempt.username == name, source)
    extra = count - cfg["LOGIN_FREE_FAILURES"]
    if extra >= 0 and last is not None:
        delay = min(cfg["LOGIN_FIRST_DELAY"] * 2 ** min(extra, 30), cfg["LOGIN_MAX_DELAY"])
        if last + delay > now:
            return last + delay - now
    if device:
        return None
    for where, limit in (
        (LoginAttempt.ip == ip, cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
        (LoginAttempt.username == name, cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
    ):
        count, first, _ = _failures(since, where, LoginAttempt.device.is_(None))
        if count >= limit and first is not None:
            return first + window - now
    return None


def authenticate(username: str, password: str, ip: str, now: dt.datetime, device: str | None = None) -> User:
    """Check a log-in, recording it; a throttled one is refused before any password work.

    Args:
        device: the id of this browser if its signed cookie says it signed in to this account before.

    Raises:
        TooManyAttempts: this log-in must wait (nothing is checked or recorded).
        AccountError: wrong username or password (the message does not say which).
    """
    name = normalize_username(username)[:40]
    user = db.session.scalar(select(User).where(User.username == name))
    ok = _check_password(name, user, password, ip, now, device, "Trop de tentatives de connexion")
    if ok and user is not None and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.commit()
    if not ok or user is None:
        raise AccountError("Identifiant ou mot de passe incorrect.")
    return user


def _check_password(
    name: str, user: User | None, password: str, ip: str, now: dt.datetime, device: str | None, what: str
) -> bool:
    """A password check that counts as a log-in try (throttled and recorded; the caller commits).

    Raises:
        TooManyAttempts: this try must wait (nothing is checked or recorded).
    """
    ip = ip[:64]
    wait = _login_wait(name, ip, device, now)
    if wait is not None:
        raise TooManyAttempts(what, wait)
    ok = verify_password(user.password_hash if user else None, password)
    db.session.add(LoginAttempt(username=name, ip=ip, at=now, success=ok, device=device))
    return ok


def _confirm_identity(user: User, password: str, ip: str, now: dt.datetime, device: str | None) -> None:
    """The signed-in user's current password, checked as a log-in is (a stolen session cannot guess
    it faster than the log-in page allows); a wrong one is recorded and committed.

    Raises:
        TooManyAttempts: too many wrong passwords lately.
        AccountError: wrong password.
    """
    if not _check_password(user.username, user, password, ip, now, device, "Trop de mots de passe erronés"):
        db.session.commit()
        raise AccountError("Mot de passe actuel incorrect.")


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise AccountError("Ce compte n'existe plus.")
    return user


def change_password(
    user_id: int, current: str, new: str, keep_token: str, ip: str, now: dt.datetime, device: str | None = None
) -> int:
    """Change a signed-in user's password; every other session of the account ends, the one whose
    token is `keep_token` (this browser's) stays. Returns how many sessions ended.

    Raises:
        TooManyAttempts: too many wrong current passwords lately (nothing is checked).
        AccountError: wrong current password, or a new one outside the length rules (nothing changes).
    """
    user = _user(user_id)
    check_password_rules(new)
    _confirm_identity(user, current, ip, now, device)
    user.password_hash = hash_password(new)
    ended = int(
        db.session.execute(  # type: ignore[attr-defined]
            delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.token_digest != _digest(keep_token))
        ).rowcount
    )
    db.session.commit()
    return ended


def set_time_zone(user_id: int, name: str) -> None:
    """Choose the zone every time is shown in, for this user.

    Raises:
        AccountError: a name that is not one of this system's IANA zones.
    """
    if not times.is_known(name):
        raise AccountError("Fuseau horaire inconnu : choisissez-en un dans la liste.")
    _user(user_id).time_zone = name
    db.session.commit()


def delete_account(user_id: int, password: str, ip: str, now: dt.datetime, device: str | None = None) -> dict[str, int]:
    """Delete an account and every row that is theirs (userdata.py), in one transaction; rows others
    need stay and forget them. Returns how many rows each table lost.

    The last admin cannot go: the check runs after the deletion, inside its transaction, with the
    admins' rows locked first (PostgreSQL), so two admins deleting themselves at once leave one.

    Raises:
        TooManyAttempts: too many wrong passwords lately (nothing is checked).
        AccountError: wrong password, or the last admin (nothing changes).
    """
    user = _user(user_id)
    _confirm_identity(user, password, ip, now, device)
    was_admin = user.role is Role.ADMIN
    if was_admin:
        db.session.execute(select(User.id).where(User.role == Role.ADMIN).with_for_update())
    rows = _plan(user).delete()
    if was_admin and not db.session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN)):
        db.session.rollback()
        raise AccountError(
            "Vous êtes le dernier administrateur : nommez d'abord un autre administrateur, puis supprimez ce compte."
        )
    db.session.commit()
    return rows


def export(user_id: int, now: dt.datetime) -> dict[str, Any]:
    """Everything stored about a user, as JSON-ready data (no password hash, no session token).

    Raises:
        AccountError: no such account.
    """
    user = _user(user_id)
    tables = _plan(user).export()
    (account,) = tables.pop(User.__tablename__)
    return {"format": "quizapp-donnees-1", "exported_at": now.isoformat(), "account": account, "tables": tables}


def _plan(user: User) -> userdata.Plan:
    return userdata.plan(db.metadata, _users, user.id, user.username)
