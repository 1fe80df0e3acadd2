"""The framework floor: quizapp's own app with one more route, login required, that answers one byte.

Everything a quizapp page pays before doing its own work is there (session cookie, Flask-Login and
the account query, CSRF hook, security headers, the per-request SQLite connection); nothing else.
`bench_web.py` serves it like quizapp, on the same instance folder (same key, same database), so the
benchmark's cookies work on it. Not part of the product.
"""

from flask_login import login_required

from quizapp import create_app

app = create_app()


@app.get("/plancher")
@login_required
def floor() -> str:
    return "x"
