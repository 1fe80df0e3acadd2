"""Floors: quizapp's own app with two more routes, login required, that answer a byte or two.

`/plancher`: everything a quizapp page pays before doing its own work (session cookie, Flask-Login
and the account query, CSRF hook, security headers, the per-request SQLite connection); nothing else.
`/plancher/<attempt>/<position>`: the same, plus the question page's one query (the slot), but no
form and no template. `bench_web.py` serves this like quizapp, on the same instance folder (same key,
same database), so the benchmark's cookies work on it. Not part of the product.
"""

from flask import abort
from flask_login import current_user, login_required

from quizapp import create_app
from quizapp.services import quizzes

app = create_app()


@app.get("/plancher")
@login_required
def floor() -> str:
    return "x"


@app.get("/plancher/<int:attempt_id>/<int:position>")
@login_required
def slot_only(attempt_id: int, position: int) -> str:
    item = quizzes.slot(current_user.id, attempt_id, position) or abort(404)
    return str(item.position)
