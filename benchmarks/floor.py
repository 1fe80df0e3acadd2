"""Floors: quizapp's own app with two more routes, login required, that answer a byte or two.

`/plancher`: everything a quizapp page pays before doing its own work (session cookie, Flask-Login
and the account query, CSRF hook, security headers, the request's database connection); nothing else.
`/plancher/<attempt>/<position>`: the same, plus the question page's one query (the slot), but no
form and no template. POST `/plancher`: a CSRF-checked POST that commits one small row the way an
answer is committed (`sql.write`, with the fsync of `synchronous=FULL` on SQLite) and answers 303, as
an answer does, without the form, the judging, the counters and the review. `bench_web.py` serves
this like quizapp, on the same instance folder (same key, same database), so the benchmark's
cookies work on it. Not part of the product.
"""

from flask import abort, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import Column, Integer, MetaData, Table, insert
from werkzeug.wrappers import Response

from quizapp import create_app, sql
from quizapp.extensions import db
from quizapp.services import quizzes

app = create_app()
bench_floor = Table("bench_floor", MetaData(), Column("id", Integer, primary_key=True), Column("user_id", Integer))
with app.app_context():
    bench_floor.create(db.engine, checkfirst=True)
ADD_ROW = insert(bench_floor)


@app.get("/plancher")
@login_required
def floor() -> str:
    return "x"


@app.get("/plancher/<int:attempt_id>/<int:position>")
@login_required
def slot_only(attempt_id: int, position: int) -> str:
    item = quizzes.slot(current_user.id, attempt_id, position) or abort(404)
    return str(item.position)


@app.post("/plancher")
@login_required
def write_floor() -> Response:
    user_id = current_user.id
    sql.write(lambda: sql.execute(ADD_ROW, {"user_id": user_id}))
    return redirect(url_for("floor"), 303)
