"""The author page: every deck's status and errors, a preview of every question, and uploads."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice  # type: ignore[attr-defined]  # not in the stubs yet

from ..access import author_required
from ..content import KINDS, ContentError, Problem
from ..decks import DeckStore
from ..paging import of_list, of_select, page_number
from ..quiz.forms import ActionForm, answer_form
from ..services import authoring, reports
from .forms import PreviewFilter, UploadForm
from .preview import CARDS, kinds_in, preview_items

bp = Blueprint("author", __name__, url_prefix="/auteur")


def _page(form: UploadForm, upload_problems: list[Problem] | None = None) -> str:
    store: DeckStore = current_app.extensions["decks"]
    counts = {
        deck_id: Counter(q.kind for q in store.bank(deck_id).questions) | Counter(flashcard=len(store.bank(deck_id).cards))
        for deck_id in store.decks
    }
    return render_template(
        "author/index.html",
        statuses=sorted(store.status.values(), key=lambda s: s.name),
        counts=counts,
        reports={deck_id: store.report(deck_id) for deck_id in store.decks},
        kinds=KINDS,
        form=form,
        upload_problems=upload_problems or [],
        open_reports=reports.open_count(),
    )


@bp.get("/")
@author_required
def index() -> str:
    """Decks, their status and errors, counts by kind, and the upload form."""
    return _page(UploadForm())


@bp.get("/apercu/<deck_id>")
@author_required
def preview(deck_id: str) -> tuple[str, int]:
    """A deck's questions and cards exactly as a learner sees them, with their answers: 50 a page,
    filtered by kind and by words."""
    store: DeckStore = current_app.extensions["decks"]
    if deck_id not in store.decks:
        abort(404)
    bank = store.bank(deck_id)
    labels = {**KINDS, CARDS: "Fiches"}
    form = PreviewFilter(formdata=request.args)
    form.kind.choices = [SelectChoice("", "Tous les types"), *(SelectChoice(k, labels.get(k, k)) for k in kinds_in(bank))]
    valid = form.validate()
    items = preview_items(bank, form.kind.data or "", form.q.data or "") if valid else preview_items(bank)
    page = of_list(items, page_number(request.args.get("page")))
    shown = [(item, None if item["kind"] == CARDS else answer_form(item)) for item in page.items]
    filters = {k: v for k, v in (("kind", form.kind.data), ("q", form.q.data)) if v} if valid else {}
    return render_template(
        "author/preview.html",
        deck=store.decks[deck_id],
        bank=bank,
        page=page,
        shown=shown,
        kinds=labels,
        form=form,
        filters=filters,
    ), 200 if valid else 400


@bp.post("/deposer")
@author_required
def upload() -> str | Response | tuple[str, int]:
    """Check an uploaded deck file; store it only if it is valid."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(form), 400
    data = form.file.data.read()
    try:
        deck = authoring.upload(
            current_app.extensions["decks"], form.file.data.filename or "", data, current_user.id, current_app.config["CLOCK"]()
        )
    except ContentError as exc:
        return _page(form, exc.problems), 400
    flash(f"Deck « {deck.meta.title} » ({deck.id}) vérifié et mis en ligne.")
    return redirect(url_for(".index"), 303)


@bp.get("/signalements")
@author_required
def error_reports() -> str:
    """The learners' error reports, grouped by fact: open ones, or the resolved ones (?resolus=1)."""
    number = page_number(request.args.get("page"))
    if request.args.get("resolus") == "1":
        page = of_select(reports.resolved(), number)
        return render_template("author/reports.html", page=page, groups=reports.group(page.items), resolved=True, kinds=KINDS)
    page = of_list(reports.open_by_fact(), number)
    return render_template("author/reports.html", page=page, groups=page.items, resolved=False, kinds=KINDS)


@bp.post("/signalements/<id:report_id>/resolu")
@author_required
def resolve_report(report_id: int) -> Response:
    """Mark a report resolved: it leaves the open list and stays in the resolved one."""
    ActionForm().validate_on_submit() or abort(400)
    reports.resolve(report_id, current_user.id, current_app.config["CLOCK"]()) or abort(404)
    flash("Signalement marqué comme résolu.")
    return redirect(url_for(".error_reports"), 303)
