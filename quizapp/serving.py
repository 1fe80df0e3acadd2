"""Serving the app with gunicorn, in the `quizapp serve` process: built once, workers forked from it.

`quizapp serve` builds the app (configuration, schema check, decks), then runs gunicorn in the same
process through its `BaseApplication` with the built app preloaded: the master holds the app and
each worker is a fork of it, so the app is built once per server start (an `exec` of gunicorn built
it again in every worker: three builds for two workers).

Nothing that must not cross a fork is open when gunicorn forks: the database engine's pooled
connections are given back before the workers start (SQLite and PostgreSQL connections belong to
one process), and each worker starts its pool afresh. Threads are for the workers to start, lazily.

The worker model and the overload policy are in `docs/deployment.md` (« Charge et surcharge »):
threaded workers (gunicorn's `gthread`) so that one worker's commit waiting for the disk does not
stop its other requests, kept-alive connections, and a bounded queue: a request that waited longer
than `max_wait` (from its arrival on the machine: the kernel's queue and the worker's) is refused at
once with 503 and `Retry-After` (`Admission`), so that past capacity the workers keep serving at
their peak rate instead of a queue that only grows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

BUSY_TEXT = "Le serveur est très chargé : réessayez dans un instant.\n".encode()


_queued = threading.local()  # when the request this thread handles began to wait (`workers.QueueWorker`)


class Admission:
    """WSGI middleware: a request that has waited longer than `max_wait` seconds (since it arrived,
    as `workers.QueueWorker` notes it) is answered at once with 503 and `Retry-After`, without entering the app.

    Past capacity the queue stops growing: the worker spends its time on requests still worth
    serving (a refusal costs a fraction of a page), and a client learns in well under a second that
    it should come back rather than waiting for a page that would come too late. Under a server
    other than `quizapp.workers.QueueWorker` (no time noted), every request is admitted.
    """

    def __init__(self, app: WSGIApp, max_wait: float, retry_after: int = 1) -> None:
        self.app, self.max_wait = app, max_wait
        self.retry_after = str(retry_after)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        queued_at = getattr(_queued, "at", None)
        if queued_at is None or time.monotonic() - queued_at <= self.max_wait:
            return self.app(environ, start_response)
        start_response(
            "503 Service Unavailable",
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(BUSY_TEXT))),
                ("Retry-After", self.retry_after),
                ("Cache-Control", "no-store"),
            ],
        )
        return [BUSY_TEXT]


@dataclass(frozen=True)
class Settings:
    """How gunicorn serves the app (`quizapp serve`'s options; docs/deployment.md explains each)."""

    bind: str
    workers: int = 2
    threads: int = 2  # 4 was slower for answers (threads queue for SQLite's one writer): docs/benchmarks.md
    max_wait: float = 1.0  # seconds since the request arrived; past it, 503 at once (0: no bound)
    backlog: int = 2048  # the kernel's queue of connections not yet accepted
    keepalive: int = 5  # seconds a kept-alive connection waits for its next request
    timeout: int = 30  # a worker silent this long is restarted
    graceful_timeout: int = 10

    def gunicorn_options(self) -> dict[str, Any]:
        return {
            "bind": self.bind,
            "workers": self.workers,
            "worker_class": "quizapp.workers.QueueWorker" if self.threads > 1 else "sync",
            "threads": self.threads,
            "worker_connections": max(1000, 4 * self.threads),
            "backlog": self.backlog,
            "keepalive": self.keepalive,
            "timeout": self.timeout,
            "graceful_timeout": self.graceful_timeout,
            "preload_app": True,
            "control_socket_disable": True,
        }


def release_connections(app: Flask) -> None:
    """Give back every pooled database connection, so that none crosses a fork."""
    if "sqlalchemy" not in app.extensions:  # another app served the same way (the benchmarks' hello-world)
        return
    from .extensions import db  # here: serving another app needs neither SQLAlchemy nor quizapp's models

    with app.app_context():
        db.engine.dispose()


def fresh_pool(app: Flask) -> None:
    """In a new worker: a pool of its own (SQLAlchemy's advice for forked processes), without closing
    what the master might still hold."""
    if "sqlalchemy" not in app.extensions:
        return
    from .extensions import db

    with app.app_context():
        db.engine.dispose(close=False)


def wrapped(app: Flask, settings: Settings) -> WSGIApp:
    """What the workers serve: the app behind its bound on the queue."""
    return Admission(app, settings.max_wait) if settings.max_wait > 0 and settings.threads > 1 else app


def serve(app: Flask, settings: Settings) -> None:
    """Run gunicorn on `app` until it is stopped (SIGTERM, SIGINT); the app is not built again."""
    from .workers import Gunicorn  # gunicorn only when serving: the other commands run without it

    Gunicorn(app, settings).run()  # its pre_fork hook gives the pooled connections back before each fork
