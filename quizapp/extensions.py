"""Flask extensions, created unbound and bound to the app in `create_app`."""

from __future__ import annotations

from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from .csrftokens import CachedCSRFProtect


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
csrf = CachedCSRFProtect()
login_manager = LoginManager()
