"""The home page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    """What the saga is, and where to go from here."""
    store = current_app.extensions["decks"]
    return render_template("main/home.html", decks=list(store.decks.values()))
