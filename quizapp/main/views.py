"""The home page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from werkzeug.wrappers import Response

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    """What the saga is, and where to go from here."""
    store = current_app.extensions["decks"]
    return render_template("main/home.html", decks=list(store.decks.values()))


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers that ask for the icon at its old place get the site's SVG icon."""
    return redirect(url_for("static", filename="favicon.svg"), 301)
