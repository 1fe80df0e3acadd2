"""Classes: teachers create them and set quizzes; learners join with a code, and do the quizzes."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import times
from ..access import teacher_required
from ..content import KINDS
from ..decks import DeckStore
from ..models import SchoolClass
from ..paging import of_list, page_number
from ..quiz.forms import ActionForm
from ..quiz.views import quiz_seed
from ..roles import TEACHERS
from ..services import classes, itemstats, quizzes
from ..stats.views import scatter, sort_asked
from .forms import AssignmentForm, ClassForm, DeleteClassForm, JoinForm

bp = Blueprint("classes", __name__, url_prefix="/classes")


def _store() -> DeckStore:
    return current_app.extensions["decks"]


def _now() -> dt.datetime:
    return current_app.config["CLOCK"]()


def _mine(class_id: int) -> SchoolClass:
    """A class the current user teaches, else 404 (another teacher's class is not theirs to see)."""
    return classes.taught(current_user.id, class_id) or abort(404)


def _page(name: str) -> int:
    return page_number(request.args.get(name))


def _home(join_form: JoinForm | None = None, class_form: ClassForm | None = None) -> str:
    joined = classes.joined_by(current_user.id, _page("page"))
    tasks = classes.assignments_of(c.id for c in joined.items)  # one query for the page's classes
    done = classes.progress([t.id for ts in tasks.values() for t in ts], [current_user.id])
    teaches = current_user.role in TEACHERS
    return render_template(
        "classes/index.html",
        joined=joined,
        tasks=tasks,
        done=done,
        taught=classes.taught_by(current_user.id, _page("enseignees")) if teaches else None,
        teaches=teaches,
        join_form=join_form or JoinForm(formdata=None),
        class_form=class_form or ClassForm(formdata=None),
        action_form=ActionForm(),
        titles=_titles(),
        kinds=KINDS,
        now=_now(),
    )


def _titles() -> dict[str, str]:
    return {deck.id: deck.meta.title for deck in _store().decks.values()}


@bp.get("/")
@login_required
def index() -> str:
    """My classes and their assignments, the join form; for teachers, their classes and the create form."""
    return _home()


@bp.post("/rejoindre")
@login_required
def join() -> WerkzeugResponse | tuple[str, int]:
    """Join a class with its code (wrong codes are counted: docs/security.md)."""
    form = JoinForm()
    if not form.validate_on_submit():
        return _home(join_form=form), 400
    try:
        joined = classes.join(current_user.id, str(form.code.data), _now())
    except classes.ClassError as exc:
        form.code.errors = [str(exc)]
        return _home(join_form=form), exc.status
    flash(f"Vous avez rejoint la classe « {joined.name} ».")
    return redirect(url_for(".index"), 303)


@bp.post("/<id:class_id>/quitter")
@login_required
def leave(class_id: int) -> WerkzeugResponse:
    """Leave a class one is in."""
    ActionForm().validate_on_submit() or abort(400)
    classes.leave(current_user.id, class_id) or abort(404)
    flash("Vous avez quitté la classe.")
    return redirect(url_for(".index"), 303)


@bp.post("/devoirs/<id:assignment_id>/commencer")
@login_required
def start(assignment_id: int) -> WerkzeugResponse:
    """Start the quiz of an assignment of one of my classes."""
    ActionForm().validate_on_submit() or abort(400)
    task = classes.member_assignment(current_user.id, assignment_id) or abort(404)
    try:
        attempt = classes.start(current_user.id, task, _store(), quiz_seed(), _now())
    except quizzes.QuizError as exc:
        abort(400, description=str(exc))
    return redirect(url_for("quiz.question", attempt_id=attempt.id, position=1), 303)


@bp.post("/creer")
@teacher_required
def create() -> WerkzeugResponse | tuple[str, int]:
    """Create a class and show its join code."""
    form = ClassForm()
    if not form.validate_on_submit():
        return _home(class_form=form), 400
    try:
        made = classes.create(current_user.id, str(form.name.data), _now())
    except classes.ClassError as exc:
        form.name.errors = [str(exc)]
        return _home(class_form=form), exc.status
    flash(f"Classe « {made.name} » créée : donnez à vos élèves le code {made.code}.")
    return redirect(url_for(".show", class_id=made.id), 303)


def _class_page(found: SchoolClass, form: AssignmentForm) -> str:
    tasks = classes.assignment_page(found.id, _page("devoirs"))
    return render_template(
        "classes/show.html",
        school_class=found,
        members=classes.member_page(found.id, _page("page")),
        tasks=tasks,
        roster=classes.rosters(found.id, [task.id for task in tasks.items]),
        form=form,
        kinds=KINDS,
        titles=_titles(),
    )


def _assignment_form(**kwargs: object) -> AssignmentForm:
    form = AssignmentForm(**kwargs)
    form.offer(_store().decks.values())
    return form


@bp.get("/<id:class_id>")
@teacher_required
def show(class_id: int) -> str:
    """The teacher's page of a class: code, members and their scores, assignments and who did them."""
    return _class_page(_mine(class_id), _assignment_form(formdata=None))


@bp.post("/<id:class_id>/eleves/<id:user_id>/retirer")
@teacher_required
def remove_member(class_id: int, user_id: int) -> WerkzeugResponse:
    """Take a learner out of one's class (their quizzes stay theirs)."""
    found = _mine(class_id)
    ActionForm().validate_on_submit() or abort(400)
    name = classes.remove_member(found.id, user_id) or abort(404)
    flash(
        f"{name} ne fait plus partie de la classe « {found.name} ». Ses quiz lui restent, "
        "et le code de la classe lui permet de la rejoindre à nouveau."
    )
    return redirect(url_for(".show", class_id=found.id), 303)


@bp.route("/<id:class_id>/supprimer", methods=["GET", "POST"])
@teacher_required
def delete(class_id: int) -> WerkzeugResponse | tuple[str, int]:
    """What deleting one's class takes away and a box to tick (a GET changes nothing); on POST, the
    class goes with its members' membership and its assignments."""
    found = _mine(class_id)
    form = DeleteClassForm()
    if form.validate_on_submit():
        name = found.name
        gone = classes.delete_class(found)
        flash(
            f"Classe « {name} » supprimée (devoirs supprimés : {gone.assignments} ; élèves retirés : {gone.members}). "
            "Les élèves gardent leurs quiz."
        )
        return redirect(url_for(".index"), 303)
    page = render_template("classes/delete.html", school_class=found, size=classes.size(found.id), form=form)
    return page, 400 if request.method == "POST" else 200


@bp.get("/<id:class_id>/statistiques/<deck>")
@teacher_required
def item_stats(class_id: int, deck: str) -> str:
    """The item statistics of a deck over this class's members' quizzes only (50 a page)."""
    found = _mine(class_id)
    store = _store()
    if deck not in store.decks:
        abort(404)
    sort = sort_asked()
    rows = itemstats.sort_rows(itemstats.for_learners(classes.member_ids(found.id), deck), sort)
    page = of_list(rows, page_number(request.args.get("page")))
    return render_template(
        "stats/questions.html",
        deck=deck,
        title=f"{store.decks[deck].meta.title} — classe « {found.name} »",
        page=page,
        sort=sort,
        endpoint="classes.item_stats",
        endpoint_args={"class_id": found.id, "deck": deck},
        class_id=found.id,
        scatter=scatter(page.items, deck),
    )


@bp.post("/<id:class_id>/devoirs")
@teacher_required
def assign(class_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Set the class a quiz (the quiz form's settings) with a due date."""
    found = _mine(class_id)
    form = _assignment_form()
    if form.validate_on_submit():
        assert form.due.data is not None  # required by the form
        if form.due.data > (_now() + classes.MAX_AHEAD).date():  # also keeps every time zone's day within datetime's range
            form.due.errors = [*form.due.errors, classes.TOO_FAR]
            return _class_page(found, form), 400
        zone = times.zone(current_user.time_zone)  # the day as the teacher reads it
        due = dt.datetime.combine(form.due.data, dt.time(23, 59), tzinfo=zone).astimezone(dt.UTC)  # the end of that day
        try:
            classes.assign(found, _store(), form.settings(), due, _now())
        except classes.ClassError as exc:
            form.form_errors.append(str(exc))
        else:
            flash("Devoir donné à la classe.")
            return redirect(url_for(".show", class_id=found.id), 303)
    return _class_page(found, form), 400


@bp.get("/<id:class_id>/scores.csv")
@teacher_required
def export(class_id: int) -> Response:
    """The class's scores as a CSV file (a row per member, a column per assignment)."""
    found = _mine(class_id)
    data = classes.scores_csv(found, _titles(), current_user.time_zone)
    return Response(
        "\ufeff" + data,  # a BOM: spreadsheets then read the file as UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="classe-{found.id}-scores.csv"'},
    )
