"""Who may open a page: a decorator shared by the blueprints."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from .roles import ADMINS, AUTHORS, REQUIRED_TEXT, TEACHERS, Role


def role_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Log-in required (else the login page), then one of `roles` (else 403, saying who may)."""
    allowed = frozenset(roles)
    refusal = REQUIRED_TEXT.get(allowed, "Votre rôle ne donne pas accès à cette page.")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in allowed:
                abort(403, description=refusal)
            return view(*args, **kwargs)

        return wrapped

    return decorate


admin_required = role_required(*ADMINS)
author_required = role_required(*AUTHORS)
teacher_required = role_required(*TEACHERS)
