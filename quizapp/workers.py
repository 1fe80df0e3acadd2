"""gunicorn's side of `quizapp serve` (see `quizapp/serving.py`): the worker class that notes when a
request joins the queue, and the gunicorn application serving the app already built."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from .serving import Settings, WSGIApp, _queued, fresh_pool, release_connections, wrapped


class QueueWorker(ThreadWorker):
    """gunicorn's threaded worker, noting when each request joins the queue of its thread pool
    (a new connection, or a kept-alive one with a new request), for `Admission` to read."""

    def enqueue_req(self, conn: Any) -> None:
        conn.quizapp_queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        _queued.at = getattr(conn, "quizapp_queued_at", None)
        return super().handle(conn)


class Gunicorn(BaseApplication):
    """gunicorn serving an app already built in this process (preloaded: the workers fork from it)."""

    def __init__(self, app: Flask, settings: Settings) -> None:
        self.built, self.settings = app, settings
        super().__init__()

    def load_config(self) -> None:
        options: Mapping[str, Any] = self.settings.gunicorn_options()
        for name, value in options.items():
            self.cfg.set(name, value)
        built = self.built
        self.cfg.set("pre_fork", lambda _server, _worker: release_connections(built))
        self.cfg.set("post_fork", lambda _server, _worker: fresh_pool(built))

    def load(self) -> WSGIApp:
        return wrapped(self.built, self.settings)
