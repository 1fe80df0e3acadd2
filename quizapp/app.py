"""The application factory: configuration, extensions, blueprints, errors and security headers."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from . import charts, files, schema, sql, times
from .bankcache import BankCache
from .decks import DeckStore, Snapshot
from .deckwatch import DeckWatcher
from .extensions import csrf, db, login_manager
from .paths import shipped
from .roles import AUTHORS
from .services import accounts, authoring, cardversions
from .sessioncookies import RememberedCookies
from .urls import IdConverter

SQLITE_PRAGMAS = (
    ("journal_mode", "WAL"),
    ("busy_timeout", "5000"),
    ("foreign_keys", "ON"),
    ("synchronous", "FULL"),
)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then QUIZAPP_* environment, then `test_config`."""
    app = Flask(
        "quizapp",
        instance_path=os.environ.get("QUIZAPP_INSTANCE") or None,
        template_folder=str(shipped("templates")),
        static_folder=str(Path(__file__).parent / "static"),
    )
    register_config(app, test_config)
    register_proxies(app)
    app.session_interface = RememberedCookies()
    register_extensions(app)
    register_blueprints(app)
    register_errors(app)
    register_headers(app)
    register_template_helpers(app)
    return app


def register_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    files.private_dir(Path(app.instance_path))
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(app.instance_path) / 'quizapp.sqlite'}",
        QUESTIONS_DIR=None,
        MAX_CONTENT_LENGTH=1024 * 1024,
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(days=7),
        SESSION_MAX_AGE=dt.timedelta(days=30),  # a server-side session ends this long after log-in at the latest
        WTF_CSRF_TIME_LIMIT=None,
        BANK_CACHE=True,  # generated banks kept in the instance folder between starts (quizapp/bankcache.py)
        WTF_I18N_ENABLED=False,  # WTForms' built-in French messages, through Form.Meta.locales
        ARGON2_TIME_COST=3,
        ARGON2_MEMORY_KIB=65536,
        ARGON2_PARALLELISM=4,
        # Log-in and registration throttling: the policy is in docs/security.md.
        LOGIN_WINDOW=dt.timedelta(hours=1),
        LOGIN_FREE_FAILURES=5,
        LOGIN_FIRST_DELAY=dt.timedelta(minutes=1),
        LOGIN_MAX_DELAY=dt.timedelta(minutes=15),
        LOGIN_MAX_FAILURES_PER_ADDRESS=20,
        LOGIN_MAX_FAILURES_PER_ACCOUNT=50,
        REGISTER_MAX_PER_ADDRESS=5,
        REGISTER_WINDOW=dt.timedelta(hours=1),
        TRUSTED_DEVICE_LIFETIME=dt.timedelta(days=365),
        CLOCK=utc_now,
        FSRS_RETENTION=0.9,
        FSRS_FUZZING=True,
        CONTENT_CHECK_SECONDS=2.0,  # how often each process's watcher thread looks for changed decks
        CONTENT_WATCH=True,  # False: no watcher thread (tests call app.extensions["deck_watcher"].check())
        RANDOM_SEED=None,
        DATABASE_UPGRADE=False,  # run pending migrations at start (`quizapp serve --upgrade`)
        STATEMENT_TIMEOUT_SECONDS=10,  # PostgreSQL: no statement runs longer
        TRUSTED_PROXIES=0,  # reverse proxies in front of the app, each adding itself to X-Forwarded-For
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("QUIZAPP")
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
        app.config["SECRET_KEY_FILE"] = str(Path(app.instance_path) / "secret_key")  # this server's own
    folder = app.config["QUESTIONS_DIR"]
    app.config["QUESTIONS_DIR"] = Path(folder) if folder else shipped("questions")
    app.config.setdefault("LEGACY_UPLOADS_DIR", str(Path(app.instance_path) / "decks"))  # before uploads were in the database


def register_proxies(app: Flask) -> None:
    """Behind N reverse proxies, the client's address is the one the Nth proxy from us saw
    (X-Forwarded-For, and X-Forwarded-Proto for the scheme); with 0, the headers are ignored:
    anyone can send them."""
    count = int(app.config["TRUSTED_PROXIES"])
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_port=0, x_prefix=0)  # type: ignore[method-assign]


def _instance_secret(instance: Path) -> str:
    """A random key made on first start and kept in the instance folder (mode 0600); when several
    workers start together, the first one's key is everyone's."""
    path = instance / "secret_key"
    files.create_once(path, secrets.token_hex(32).encode())
    return path.read_text().strip()


def _session_settings(app: Flask) -> Callable[[Any, Any], None]:
    """What every new connection sets first: SQLite's pragmas (durability, locking, foreign keys);
    on PostgreSQL, commits that wait for the disk (`synchronous_commit`, whatever the server's
    default) and a bound on every statement."""
    timeout_ms = int(float(app.config["STATEMENT_TIMEOUT_SECONDS"]) * 1000)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            for name, value in SQLITE_PRAGMAS:
                cursor.execute(f"PRAGMA {name}={value}")
        else:
            cursor.execute("SET synchronous_commit = on")
            cursor.execute(f"SET statement_timeout = {timeout_ms}")
            dbapi_connection.commit()
        cursor.close()

    return on_connect


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    if os.environ.get("FLASK_RUN_FROM_CLI") == "true":  # Flask's own CLI: Flask-Migrate's `flask db` commands
        from flask_migrate import Migrate  # here: it imports Alembic, which a server start does without

        Migrate(app, db, directory=str(schema.MIGRATIONS), render_as_batch=True)
    with app.app_context():
        event.listen(db.engine, "connect", _session_settings(app))
    app.teardown_appcontext(sql.release)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.session_protection = "strong"
    files.private_database(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        try:
            legacy = Path(app.config["LEGACY_UPLOADS_DIR"])
            app.extensions["schema"] = schema.prepare(db.engine, app.config["DATABASE_UPGRADE"], legacy)
        except schema.SchemaError:
            db.engine.dispose()  # no app: give its connections back before saying why
            raise
        app.extensions["decks"] = DeckStore(
            [app.config["QUESTIONS_DIR"]],
            authoring.StoredUploads(db.engine),
            on_change=_record_card_versions(app),
            cache=BankCache(Path(app.instance_path) / "cache" / "banks") if app.config["BANK_CACHE"] else None,
        )
    register_deck_watcher(app)
    login_manager.user_loader(accounts.load_account)


def _record_card_versions(app: Flask) -> Callable[[Snapshot], None]:
    """After each reload (the watcher's thread, an upload, the start): when each card last changed,
    written in an app context of its own (the watcher's thread has none)."""

    def record(decks: Snapshot) -> None:
        with app.app_context():
            cardversions.sync(list(decks.cards().values()), app.config["CLOCK"]())

    return record


def register_deck_watcher(app: Flask) -> None:
    """Deck changes are picked up by a thread per process (`deckwatch`), never inside a request;
    each request reads one version of the decks from start to end."""
    watcher = app.extensions["deck_watcher"] = DeckWatcher(lambda: app.extensions["decks"], app.config["CONTENT_CHECK_SECONDS"])
    watch = bool(app.config["CONTENT_WATCH"])

    @app.before_request
    def pin_decks() -> None:
        if watch:
            watcher.ensure_running()
        app.extensions["decks"].pin()

    @app.teardown_request
    def unpin_decks(_exc: BaseException | None) -> None:
        app.extensions["decks"].unpin()


def register_blueprints(app: Flask) -> None:
    from .auth.views import bp as auth_bp
    from .author.views import bp as author_bp
    from .cards.views import bp as cards_bp
    from .classes.views import bp as classes_bp
    from .main.views import bp as main_bp
    from .quiz.views import bp as quiz_bp
    from .reports.views import bp as reports_bp
    from .scores.views import bp as scores_bp
    from .stats.views import bp as stats_bp

    app.url_map.converters["id"] = IdConverter  # every id in a path goes through it
    for blueprint in (main_bp, auth_bp, quiz_bp, scores_bp, cards_bp, author_bp, stats_bp, reports_bp, classes_bp):
        app.register_blueprint(blueprint)


ERROR_TEXT = {
    400: "La requête n'a pas pu être traitée.",
    403: "Vous n'avez pas accès à cette page.",  # the view says who has (access.role_required)
    404: "Cette page n'existe pas, ou elle n'est pas à vous.",
    405: "Cette action ne se fait pas ainsi.",
    413: "Le contenu envoyé est trop volumineux.",
    429: "Trop de tentatives : réessayez plus tard.",
    500: "Une erreur interne est survenue ; elle est notée dans le journal du serveur.",
}


def register_errors(app: Flask) -> None:
    def render(code: int, detail: str | None = None) -> tuple[str, int]:
        return render_template("errors/error.html", code=code, text=ERROR_TEXT.get(code, ""), detail=detail), code

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> tuple[str, int]:
        db.session.rollback()
        return render(400, "Le jeton de sécurité du formulaire manque ou ne correspond pas : rechargez la page.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        db.session.rollback()
        if exc.code is None or exc.code < 400:
            return exc
        own = exc.description if exc.description != type(exc).description else None
        return render(exc.code, own)

    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("erreur non prévue sur %s %s", request.method, request.path)
        if request.method in ("GET", "HEAD"):
            return render(500)
        return render(500, "Ce que vous venez d'envoyer n'a pas été enregistré : réessayez dans un moment.")


def register_template_helpers(app: Flask) -> None:
    links: dict[tuple[str, str, str | None], str] = {}
    app.jinja_env.globals["authors"] = AUTHORS  # who sees the author page in the menu
    app.jinja_env.globals["charts"] = charts  # SVG charts: {{ charts.choice_bars(rows, chart_id="...") }}
    app.jinja_env.globals["total_seconds"] = times.total
    app.jinja_env.filters["duration"] = times.duration

    @app.template_filter("local")
    def local_time(moment: dt.datetime, fmt: str = "%d/%m/%Y %H:%M") -> str:
        """The one way a time is shown: an aware UTC instant in the viewer's own time zone."""
        zone = current_user.time_zone if current_user.is_authenticated else None
        return times.local(moment, zone).strftime(fmt)

    @app.template_global()
    def link(endpoint: str, filename: str | None = None) -> str:
        """`url_for` for the fixed links of every page (menu, style sheet), remembered per mount point:
        the menu's seven links took a quarter of a page's rendering."""
        key = (request.script_root, endpoint, filename)
        url = links.get(key)
        if url is None:
            if len(links) > 256:  # a handful of mount points at most; never grow without bound
                links.clear()
            url = links[key] = url_for(endpoint, filename=filename) if filename else url_for(endpoint)
        return url

    @app.template_filter()
    def deck_title(deck_id: str) -> str:
        """A deck's title as learners know it (its id only if the deck is gone)."""
        deck = app.extensions["decks"].decks.get(deck_id)
        return str(deck.meta.title) if deck else deck_id


SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
)
# Pages about one learner (or one class): never cached.
PRIVATE_BLUEPRINTS = frozenset({"scores", "quiz", "cards", "author", "reports", "classes"})


def register_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Any) -> Any:
        headers = response.headers
        for name, value in SECURITY_HEADERS:  # no view sets these itself
            headers.add(name, value)
        if request.blueprint in PRIVATE_BLUEPRINTS:
            headers["Cache-Control"] = "no-store"
        return response
